"""The interactive HTML report: one self-contained file for a management committee.

>>> import chainmap
>>> from chainmap.report import build_report
>>> page = build_report(chainmap.analyse(chainmap.load(chainmap.example_path())))
>>> page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Tuple

from ..analysis import Analysis
from ..errors import GraphvizFailed, GraphvizMissing
from ..render import draw
from ..safe_write import write_text
from .html import content_security_policy, report_html, script_hash
from .svg import inline_svg

__all__ = ["build_report", "write_report", "diagram_svg", "content_security_policy", "script_hash", "inline_svg"]


def diagram_svg(analysis: Analysis, strict: bool = False) -> Tuple[Optional[str], Optional[str]]:
    """(sanitised SVG of the whole organisation, None) or (None, why it could not be drawn).

    A missing or failing Graphviz does not cost the reader the rest of the report (figures,
    search, weak links), so by default it is reported rather than raised; ``strict`` raises.
    """
    try:
        return inline_svg(draw(analysis, "svg")), None
    except (GraphvizMissing, GraphvizFailed) as error:
        if strict:
            raise
        return None, str(error)


def build_report(analysis: Analysis, strict: bool = False) -> str:
    """The report page as text (see :func:`diagram_svg` for ``strict``)."""
    svg, problem = diagram_svg(analysis, strict)
    return report_html(analysis, svg, problem)


def write_report(analysis: Analysis, output: Path, strict: bool = False) -> Optional[str]:
    """Write the report to ``output`` atomically; return why the diagram is missing, if it is."""
    svg, problem = diagram_svg(analysis, strict)
    write_text(Path(output), report_html(analysis, svg, problem))
    return problem
