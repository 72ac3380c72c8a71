"""Diagrams: views of the organisation → DOT → Graphviz → SVG, PNG, PDF.

:mod:`~chainmap.render.views` chooses what to draw (everything, one team's surroundings,
one worker's chain); :mod:`~chainmap.render.dot` writes its DOT (:class:`~chainmap.render.dot.DotWriter`,
in the visual language of :mod:`~chainmap.render.style`, explained by
:mod:`~chainmap.render.legend`); :mod:`~chainmap.render.graphviz_run` lays it out. Large
organisations get the department overview (:mod:`~chainmap.render.overview`) and one
drawing per department (:mod:`~chainmap.render.pages`), chosen by :mod:`~chainmap.render.large`.
A new kind of drawing of teams subclasses ``DotWriter``, as pages do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..analysis import Analysis
from .dot import node_ids, to_dot
from .graphviz_run import FORMATS, format_for, require_graphviz, run_graphviz
from .views import View, find_worker, focus_view, full_view, worker_view

__all__ = ["FORMATS", "View", "draw", "find_worker", "focus_view", "format_for", "full_view",
           "node_ids", "render", "require_graphviz", "run_graphviz", "to_dot", "worker_view"]


def draw(analysis: Analysis, fmt: str, view: Optional[View] = None) -> bytes:
    """The diagram of ``view`` (default: everything) as bytes of the format ``fmt``."""
    return run_graphviz(to_dot(analysis, view), fmt)


def render(analysis: Analysis, output: Path, view: Optional[View] = None) -> Path:
    """Draw ``view`` into ``output``; the extension chooses the format. Returns the path."""
    from ..files.fingerprint import write_drawing
    write_drawing(output, draw(analysis, format_for(output), view))
    return output
