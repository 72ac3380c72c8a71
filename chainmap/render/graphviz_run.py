"""Running Graphviz: DOT text → SVG, PNG or PDF bytes.

The ``graphviz`` Python package is used for what it does best, knowing the engine: it
finds the ``dot`` executable (``graphviz.version()`` raises ``ExecutableNotFound`` when it
is missing) and lists the formats it can produce. The layout itself runs through
``subprocess`` because ``graphviz.pipe`` has no time limit, and a runaway layout must be
stopped, not waited for. ``pydot`` is kept for reading small DOT back (tests), where its
slow pure-Python parser does not matter.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

from ..errors import GraphvizFailed, GraphvizMissing
from ..files.safe_write import no_extension
from ..i18n import _

__all__ = ["FORMATS", "run_graphviz", "format_for", "require_graphviz", "install_hint"]

FORMATS = ("svg", "png", "pdf", "dot")
DEFAULT_TIMEOUT = 120.0


def install_hint() -> str:
    """The one-line message shown when Graphviz's `dot` is missing."""
    return _("Graphviz is not installed: chainmap needs its `dot` program to draw. Install it with "
             "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) "
             "or from https://graphviz.org/download/ (Windows), then try again.")


def format_for(path: Path) -> str:
    """The output format named by a file's extension (``.svg``, ``.png``, ``.pdf``, ``.dot``)."""
    suffix = path.suffix.lower().lstrip(".")
    suffix = "dot" if suffix == "gv" else suffix
    if not suffix:
        raise GraphvizFailed(no_extension(path, (".svg", ".png", ".pdf", ".dot")))
    if suffix not in FORMATS:
        raise GraphvizFailed(_("chainmap cannot write `.{suffix}` files: name the output .svg, .png, .pdf or .dot").format(suffix=suffix))
    return suffix


def require_graphviz() -> None:
    """Raise :class:`GraphvizMissing` with install instructions when ``dot`` is missing."""
    import graphviz  # its import is longer than a small organisation's whole check: only when drawing
    try:
        graphviz.version()
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(install_hint()) from None
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        raise GraphvizMissing(install_hint() + f" ({error})") from None


def run_graphviz(dot_text: str, fmt: str, engine: str = "dot", timeout: Optional[float] = DEFAULT_TIMEOUT,
                 extra: Sequence[str] = (), notes: Optional[List[str]] = None) -> bytes:
    """Lay out and draw ``dot_text`` with Graphviz; raise a clear error if it fails or runs too long.

    With the ``dot`` engine, a layout that fails or runs out of its share of ``timeout`` is
    retried the ways DESIGN.md measured on Graphviz 2.43: department boxes dropped when dot
    reports "trouble in init_rank"; then dot with its phase limits and straight lines; then
    ``sfdp``. What was given up is added to ``notes`` (for the command line to say).
    """
    if fmt == "dot":
        return dot_text.encode("utf-8")
    require_graphviz()
    if engine != "dot":
        return _run_once(dot_text, fmt, engine, timeout, extra)
    last_error: Optional[GraphvizFailed] = None
    for attempt_engine, options, share, note in FALLBACKS:
        try:
            return _run_without_clusters_if_needed(dot_text, fmt, attempt_engine, timeout and timeout * share,
                                                   (*extra, *options), notes)
        except GraphvizFailed as error:
            last_error = error
            if notes is not None:
                notes.append(note())
    if isinstance(last_error, _TooSlow) and timeout:
        raise GraphvizFailed(_too_slow(timeout))
    raise last_error or GraphvizFailed(_("Graphviz could not draw this diagram"))


def _run_without_clusters_if_needed(dot_text: str, fmt: str, engine: str, timeout: Optional[float],
                                    extra: Sequence[str], notes: Optional[List[str]]) -> bytes:
    """Run once; if dot's cluster code gives up ("trouble in init_rank"), run again without boxes."""
    try:
        return _run_once(dot_text, fmt, engine, timeout, extra)
    except _ClusterTrouble:
        if notes is not None:
            notes.append(_("Graphviz could not draw the department boxes of so large a diagram: departments are shown by colour only"))
        return _run_once(without_clusters(dot_text), fmt, engine, timeout, extra)


def without_clusters(dot_text: str) -> str:
    """The same DOT with clusters turned into plain groups (no box, no layout constraint).

    >>> without_clusters("subgraph cluster_d0 { a; }")
    'subgraph group_d0 { a; }'
    """
    return _CLUSTER.sub(r"subgraph group_\1", dot_text)


def _run_once(dot_text: str, fmt: str, engine: str, timeout: Optional[float], extra: Sequence[str]) -> bytes:
    """One Graphviz run, stopped after ``timeout`` seconds."""
    command = [engine, f"-T{fmt}", *(["-Gdpi=110"] if fmt == "png" else []), *extra]
    try:
        completed = subprocess.run(command, input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise _TooSlow(_too_slow(timeout or 0)) from None
    except FileNotFoundError:
        raise GraphvizMissing(install_hint()) from None
    if completed.returncode != 0 or not completed.stdout:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("trouble in init_rank" in line for line in detail) and _CLUSTER.search(dot_text):
            raise _ClusterTrouble("trouble in init_rank")
        raise GraphvizFailed(_("Graphviz could not draw this diagram ({detail})").format(detail=detail[-1] if detail else completed.returncode))
    return completed.stdout


def _too_slow(seconds: float) -> str:
    """What to do when no layout finished in time: the smaller drawings that will."""
    return _("Graphviz took more than {seconds:g} s to lay out this diagram: draw a smaller view (one department with --department NAME, a team's surroundings with --focus TEAM --depth 2)").format(seconds=seconds)


class _TooSlow(GraphvizFailed):
    """One attempt ran out of its time."""


class _ClusterTrouble(GraphvizFailed):
    """dot's cluster code failed on a large graph."""


_CLUSTER = re.compile(r"subgraph\s+cluster_?(\w*)")

# The attempts, in order: engine, options, share of the time budget, what a failure gives up.
FALLBACKS: Tuple[Tuple[str, Tuple[str, ...], float, Callable[[], str]], ...] = (
    ("dot", (), 0.45,
     lambda: _("Graphviz's usual layout was too slow or failed: drawn again with simpler settings (straight lines)")),
    ("dot", ("-Gnslimit=2", "-Gnslimit1=2", "-Gmclimit=0.2", "-Gsplines=false"), 0.35,
     lambda: _("the simpler layout was too slow or failed as well: drawn with sfdp (a force-directed layout; value no longer flows left to right)")),
    ("sfdp", ("-Goverlap=prism", "-Gsplines=false"), 0.2,
     lambda: _("the force-directed layout failed as well")),
)
