"""Running Graphviz: DOT text → SVG, PNG or PDF bytes.

The ``graphviz`` Python package is used for what it does best, knowing the engine: it
finds the ``dot`` executable (``graphviz.version()`` raises ``ExecutableNotFound`` when it
is missing) and lists the formats it can produce. The layout itself runs through
``subprocess`` because ``graphviz.pipe`` has no time limit, and a runaway layout must be
stopped, not waited for. ``pydot`` is kept for reading small DOT back (tests), where its
slow pure-Python parser does not matter.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional, Sequence

import graphviz

from ..errors import GraphvizFailed, GraphvizMissing
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
    if suffix not in FORMATS:
        raise GraphvizFailed(_("chainmap cannot write `.{suffix}` files: name the output .svg, .png, .pdf or .dot").format(suffix=suffix or "?"))
    return suffix


def require_graphviz() -> None:
    """Raise :class:`GraphvizMissing` with install instructions when ``dot`` is missing."""
    try:
        graphviz.version()
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(install_hint()) from None
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        raise GraphvizMissing(install_hint() + f" ({error})") from None


def run_graphviz(dot_text: str, fmt: str, engine: str = "dot", timeout: Optional[float] = DEFAULT_TIMEOUT,
                 extra: Sequence[str] = ()) -> bytes:
    """Lay out and draw ``dot_text`` with Graphviz; raise a clear error if it fails or runs too long."""
    if fmt == "dot":
        return dot_text.encode("utf-8")
    require_graphviz()
    command = [engine, f"-T{fmt}", *(["-Gdpi=110"] if fmt == "png" else []), *extra]
    try:
        completed = subprocess.run(command, input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(_("Graphviz took more than {seconds:g} s to lay out this diagram: draw a smaller view with --focus TEAM").format(seconds=timeout)) from None
    except FileNotFoundError:
        raise GraphvizMissing(install_hint()) from None
    if completed.returncode != 0 or not completed.stdout:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(_("Graphviz could not draw this diagram ({detail})").format(detail=detail[-1] if detail else completed.returncode))
    return completed.stdout
