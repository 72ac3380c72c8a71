"""The interactive HTML report: one self-contained file for a management committee.

>>> import chainmap
>>> from chainmap.report import build_report
>>> page = build_report(chainmap.analyse(chainmap.load(chainmap.example_path())))
>>> page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Tuple

from ..analysis import Analysis
from ..analysis.triage import Triage
from ..errors import GraphvizFailed, GraphvizMissing
from ..files.fingerprint import write_drawing
from ..render.graphviz_run import run_graphviz
from ..render.large import LAYOUT_BUDGET, Selection, choose, selection_dot
from .html import Panel, content_security_policy, report_html, script_hash
from .svg import inline_svg

__all__ = ["Panel", "build_report", "write_report", "diagram_svg", "content_security_policy", "script_hash", "inline_svg"]


def diagram_svg(analysis: Analysis, strict: bool = False,
                selection: Optional[Selection] = None) -> Tuple[Optional[str], Optional[str]]:
    """(sanitised SVG of the selection, None) or (None, why it could not be drawn).

    The selection is what ``chainmap render`` would draw (by default: every team, or the
    department overview above 300 teams). A missing or failing Graphviz does not cost the
    reader the rest of the report (figures, search, weak links), so by default it is
    reported rather than raised; ``strict`` raises.
    """
    selection = selection or choose(analysis)
    try:
        svg = run_graphviz(selection_dot(analysis, selection), "svg", timeout=LAYOUT_BUDGET)
        return inline_svg(svg), None
    except (GraphvizMissing, GraphvizFailed) as error:
        if strict:
            raise
        return None, str(error)


def build_report(analysis: Analysis, strict: bool = False, selection: Optional[Selection] = None,
                 panels: Sequence[Panel] = (), triage: Optional[Triage] = None) -> str:
    """The report page as text (see :func:`diagram_svg` for ``strict`` and ``selection``;
    ``panels``: further sections, such as :func:`chainmap.history.panel.history_panel`;
    ``triage``: the weak links the table shows first, the others a click away)."""
    return _page(analysis, strict, selection, panels, triage)[0]


def write_report(analysis: Analysis, output: Path, strict: bool = False, selection: Optional[Selection] = None,
                 panels: Sequence[Panel] = (), triage: Optional[Triage] = None) -> Optional[str]:
    """Write the report to ``output`` atomically; return why the diagram is missing, if it is."""
    page, problem = _page(analysis, strict, selection, panels, triage)
    write_drawing(Path(output), page.encode("utf-8"))
    return problem


def _page(analysis: Analysis, strict: bool, selection: Optional[Selection],
          panels: Sequence[Panel] = (), triage: Optional[Triage] = None) -> Tuple[str, Optional[str]]:
    """The page, and why its diagram is missing (``None``: it is there)."""
    selection = selection or choose(analysis)
    svg, problem = diagram_svg(analysis, strict, selection)
    return report_html(analysis, svg, problem, overview=selection.overview, panels=panels, triage=triage), problem
