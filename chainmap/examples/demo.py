"""`chainmap demo`: the diagrams of the embedded example, as shown in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from ..analysis import Analysis
from ..errors import ChainmapError
from ..files.fingerprint import check_replaceable, write_drawing
from ..files.safe_write import enclosing_organisation
from ..i18n import _
from ..render import View, focus_view, render, to_dot, worker_view

__all__ = ["write_demo", "check_demo_folder", "demo_focus_team", "demo_worker"]


def demo_focus_team(analysis: Analysis) -> str:
    """The team the demo focuses on: the one that carries the most other teams."""
    return max(sorted(analysis.carried), key=analysis.carried.count)


def demo_worker(analysis: Analysis) -> str:
    """The worker the demo follows: the first one in several teams (else the first one)."""
    several = [w.id for w in analysis.org.workers.values() if len(w.teams) > 1]
    return several[0] if several else next(iter(analysis.org.workers))


def check_demo_folder(folder: Path, force: bool = False) -> None:
    """Refuse (without ``force``) a folder that is, or is inside, an organisation's folder.

    Every other command keeps its drawings out of the organisation it reads; ``demo``
    reads the embedded example, so it looks for an organisation around ``folder`` itself.
    Its files are diagrams (``.dot``, ``.svg``, ``.png``), never declarations, so
    ``--force`` cannot make it replace one.
    """
    organisation = enclosing_organisation(folder)
    if organisation is None or force:
        return
    if organisation == Path(folder).resolve():
        raise ChainmapError(_("{path} is an organisation's folder: write the demo's diagrams elsewhere, or add --force").format(path=folder))
    raise ChainmapError(_("{path} is inside the organisation's folder {org}: write it elsewhere, or add --force").format(
        path=folder, org=organisation))


def demo_views(analysis: Analysis) -> Dict[str, Optional[View]]:
    """The demo's drawings, by file name without extension: the whole, one team's view, one worker's."""
    focus = demo_focus_team(analysis)
    return {"hopital": None, f"hopital-focus-{focus}": focus_view(analysis, focus),
            "hopital-worker": worker_view(analysis, demo_worker(analysis))}


def write_demo(analysis: Analysis, folder: Path, force: bool = False) -> List[Path]:
    """Write the example's diagrams into ``folder`` (created if needed); return their paths.

    ``force`` allows a folder that is, or is inside, an organisation's (:func:`check_demo_folder`),
    and replacing files of those names that chainmap did not write (:mod:`chainmap.files.fingerprint`).
    Nothing is written unless every file may be.
    """
    check_demo_folder(folder, force)
    views = demo_views(analysis)
    paths = [folder / "hopital.dot"] + [folder / f"{stem}.{suffix}" for stem in views for suffix in ("svg", "png")]
    for path in paths:
        check_replaceable(path, force)
    folder.mkdir(parents=True, exist_ok=True)
    write_drawing(paths[0], to_dot(analysis).encode("utf-8"))
    for path in paths[1:]:
        render(analysis, path, views[path.stem])
    return paths
