"""The legend of a diagram: one row per style the diagram actually uses.

Built as a Graphviz HTML-like table from :mod:`chainmap.render.style`, so the legend can
never disagree with the drawing. Line styles are drawn as real lines (the bottom border of
a table cell): typed line characters (``━━━▶``) render with gaps, and a solid link then
looked like the dashed style of a one-sided one.
"""

from __future__ import annotations

from typing import Callable, List, NamedTuple, Optional, Set, Tuple

from ..i18n import _
from . import style
from .escape import html_text

__all__ = ["LineSample", "legend_label", "legend_rows", "line_sample"]


def _box(kind: str) -> str:
    attributes = style.NODE_STYLES[kind]
    fill = attributes.get("fillcolor", "#ffffff")
    colour = attributes.get("color", style.LINE)
    border = "3" if kind == "single-point-of-failure" else ("2" if kind in ("broken-chain", "end_client") else "1")
    dashed = ' STYLE="dashed"' if "dashed" in attributes.get("style", "") else ""
    if kind == "single-point-of-failure":
        fill = "#ffffff"
    elif kind in ("attention-asymmetry", "focus"):
        colour = style.LINE
    return f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="{fill}" COLOR="{colour}" BORDER="{border}"{dashed}> </TD>'


class LineSample(NamedTuple):
    """How a line style is drawn in a legend: the diagram's and the poster's draw the same."""

    colour: str
    width: float
    pattern: str = "solid"  # or "dashed", "dotted"


# The overview's arrows between departments (their width grows with the links they stand for).
_OVERVIEW_LINES = {"department-links": LineSample(style.LINE, 2.0), "weak-links": LineSample(style.WARNING, 2.0)}


def line_sample(key: str) -> Optional[LineSample]:
    """The line that stands for the style ``key`` in a legend (``None``: ``key`` is a box)."""
    if key in _OVERVIEW_LINES:
        return _OVERVIEW_LINES[key]
    if key not in style.EDGE_STYLES:
        return None
    edge = style.EDGE_STYLES[key]
    pattern = next((p for p in ("dashed", "dotted") if p in edge.get("style", "")), "solid")
    return LineSample(edge.get("color", style.LINE), float(edge.get("penwidth", "1")), pattern)


def _line(key: str, after: str = "") -> str:
    """A real line ending in an arrowhead, then ``after`` (a score) in the line's colour.

    The line is the bottom border of the upper of two rows, so that it meets the middle of
    the arrowhead; the arrowhead's cell is fixed and aligned left, so that when the column
    is wider than the sample, the line grows instead of a gap opening before the arrowhead.
    """
    sample = line_sample(key)
    assert sample is not None, key
    dash = "" if sample.pattern == "solid" else f' STYLE="{sample.pattern}"'
    line = (f'<TD WIDTH="24" HEIGHT="8" SIDES="B" BORDER="{max(1, round(sample.width))}"'
            f' COLOR="{sample.colour}"{dash}></TD>')
    head = f'<TD ROWSPAN="2" WIDTH="10" HEIGHT="16" FIXEDSIZE="TRUE" ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{sample.colour}">▶</FONT></TD>'
    text = f'<TD ROWSPAN="2"><FONT COLOR="{sample.colour}"><B> {after}</B></FONT></TD>' if after else ""
    return (f'<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{line}{head}{text}</TR>'
            '<TR><TD HEIGHT="8"></TD></TR></TABLE></TD>')


def _department_box() -> str:
    return (f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="{style.DEPARTMENT_FILLS[0]}" COLOR="{style.DEPARTMENT_BORDER}" '
            'BORDER="1"> </TD>')


def _stub_box() -> str:
    return f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="#ffffff" COLOR="{style.MUTED}" BORDER="1" STYLE="dashed"> </TD>'


def legend_rows() -> List[Tuple[str, Callable[[], str], Callable[[], str]]]:
    """(style key, sample cell, words) for every style, in the order they are explained."""
    return [
        ("end_client", lambda: _box("end_client"), lambda: _("end client (outside the organisation)")),
        ("department", _department_box, lambda: _("department (its size follows its number of workers)")),
        ("department-links", lambda: _line("department-links"), lambda: _("links between two departments (how many)")),
        ("weak-links", lambda: _line("weak-links"), lambda: _("half of them or more weak: one-sided or poorly rated")),
        ("team", lambda: _box("team"), lambda: _("team (boxes group a department)")),
        ("confirmed", lambda: _line("confirmed"), lambda: _("link confirmed by both teams (value flows →)")),
        ("one-sided", lambda: _line("one-sided"), lambda: _("link declared by one side only")),
        ("low-satisfaction", lambda: _line("low-satisfaction", "4/10"), lambda: _("client's satisfaction below the threshold (score /10)")),
        ("unknown-reference", lambda: _line("unknown-reference"), lambda: _("link to an id that exists nowhere")),
        ("ghost", lambda: _box("ghost"), lambda: _("unknown id (typo or team gone?)")),
        ("broken-chain", lambda: _box("broken-chain"), lambda: _("broken chain: reaches no end client")),
        ("isolated", lambda: _box("isolated"), lambda: _("isolated: no link at all")),
        ("single-point-of-failure", lambda: _box("single-point-of-failure"), lambda: _("single point of failure")),
        ("attention-asymmetry", lambda: _box("attention-asymmetry"), lambda: _("frontline team poorly served")),
        ("focus", lambda: _box("focus"), lambda: _("the team or worker this view is about")),
        ("chain", lambda: _line("chain"), lambda: _("the shortest chain to the end client")),
        ("worker", lambda: _box("worker"), lambda: _("worker")),
        ("stub", _stub_box, lambda: _("team or teams drawn elsewhere (their department, and page if any)")),
    ]


def legend_label(used: Set[str]) -> str:
    """The HTML-like label of the legend, listing only the styles in ``used``."""
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_text(_("Legend"))}</B></TD></TR>']
    for key, sample, words in legend_rows():
        if key in used:
            rows.append(f'<TR>{sample()}<TD ALIGN="LEFT">{html_text(words())}</TD></TR>')
    return (f'<TABLE BORDER="1" COLOR="{style.DEPARTMENT_BORDER}" CELLBORDER="0" CELLSPACING="4" '
            f'CELLPADDING="2" BGCOLOR="#ffffff" STYLE="rounded">' + "".join(rows) + "</TABLE>")
