"""The legend of a diagram: one row per style the diagram actually uses.

Built as a Graphviz HTML-like table from :mod:`chainmap.render.style`, so the legend can
never disagree with the drawing. Line styles are shown with box-drawing characters.
"""

from __future__ import annotations

from typing import Callable, List, Set, Tuple

from ..i18n import _
from . import style
from .escape import html_text

__all__ = ["legend_label", "legend_rows"]


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


def _line(kind: str) -> str:
    dashed = "dashed" in style.EDGE_STYLES[kind].get("style", "")
    return _arrow(style.EDGE_STYLES[kind].get("color", style.LINE), "╌╌╌▶" if dashed else "━━━▶")


def _department_box() -> str:
    return (f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="{style.DEPARTMENT_FILLS[0]}" COLOR="{style.DEPARTMENT_BORDER}" '
            'BORDER="1"> </TD>')


def _stub_box() -> str:
    return f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="#ffffff" COLOR="{style.MUTED}" BORDER="1" STYLE="dashed"> </TD>'


def _arrow(colour: str, glyph: str = "━━━▶") -> str:
    return f'<TD><FONT COLOR="{colour}">{glyph}</FONT></TD>'


def _low_satisfaction() -> str:
    return f'<TD><FONT COLOR="{style.POOR_RATING}"><B>━━▶ 4/10</B></FONT></TD>'


def legend_rows() -> List[Tuple[str, Callable[[], str], Callable[[], str]]]:
    """(style key, sample cell, words) for every style, in the order they are explained."""
    return [
        ("end_client", lambda: _box("end_client"), lambda: _("end client (outside the organisation)")),
        ("department", _department_box, lambda: _("department (its size follows its number of workers)")),
        ("department-links", lambda: _arrow(style.LINE), lambda: _("links between two departments (how many)")),
        ("weak-links", lambda: _arrow(style.WARNING), lambda: _("half of them or more weak: one-sided or poorly rated")),
        ("team", lambda: _box("team"), lambda: _("team (boxes group a department)")),
        ("confirmed", lambda: _line("confirmed"), lambda: _("link confirmed by both teams (value flows →)")),
        ("one-sided", lambda: _line("one-sided"), lambda: _("link declared by one side only")),
        ("low-satisfaction", _low_satisfaction, lambda: _("client's satisfaction below the threshold (score /10)")),
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
