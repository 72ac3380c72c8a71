"""`chainmap demo`: the diagrams of the embedded example, as shown in the README."""

from __future__ import annotations

from pathlib import Path
from typing import List

from .analysis import Analysis
from .errors import ChainmapError
from .i18n import _
from .render import focus_view, render, to_dot, worker_view
from .safe_write import enclosing_organisation, write_text

__all__ = ["write_demo", "check_demo_folder", "demo_focus_team", "demo_worker"]


def demo_focus_team(analysis: Analysis) -> str:
    """The team the demo focuses on: the one that carries the most other teams."""
    return max(sorted(analysis.carried), key=lambda t: len(analysis.carried[t]))


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


def write_demo(analysis: Analysis, folder: Path, force: bool = False) -> List[Path]:
    """Write the example's diagrams into ``folder`` (created if needed); return their paths.

    ``force`` allows a folder that is, or is inside, an organisation's (:func:`check_demo_folder`).
    """
    check_demo_folder(folder, force)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    dot_path = folder / "hopital.dot"
    write_text(dot_path, to_dot(analysis))
    written.append(dot_path)
    for suffix in ("svg", "png"):
        written.append(render(analysis, folder / f"hopital.{suffix}"))
    focus = demo_focus_team(analysis)
    worker = demo_worker(analysis)
    for suffix in ("svg", "png"):
        written.append(render(analysis, folder / f"hopital-focus-{focus}.{suffix}", focus_view(analysis, focus)))
        written.append(render(analysis, folder / f"hopital-worker.{suffix}", worker_view(analysis, worker)))
    return written
