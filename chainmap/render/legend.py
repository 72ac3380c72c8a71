"""The legend of a diagram: one row per style the diagram actually uses.

Built as a Graphviz HTML-like table from :mod:`chainmap.render.style`, so the legend can
never disagree with the drawing. Line styles are drawn as real lines (the bottom border of
a table cell): typed line characters (``━━━▶``) render with gaps, and a solid link then
looked like the dashed style of a one-sided one.
"""

from __future__ import annotations

from typing import AbstractSet, Callable, List, NamedTuple, Optional, Set, Tuple

from ..i18n import _
from . import style
from .escape import html_text

__all__ = ["LineSample", "legend_keys", "legend_label", "legend_rows", "line_sample"]


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
    arrow: bool = True
    score_colour: Optional[str] = None  # a poorly rated link's score is written beside it


def line_sample(key: str) -> Optional[LineSample]:
    """The line that stands for the style ``key`` in a legend (``None``: ``key`` is a box)."""
    if key in style.OVERVIEW_ARROWS:
        edge = dict(style.OVERVIEW_ARROWS[key], penwidth="2")
    elif key in style.LINK_STYLES or key in style.EDGE_STYLES:
        edge = style.link_attributes(key)
    else:
        return None
    pattern = next((p for p in ("dashed", "dotted") if p in edge.get("style", "")), "solid")
    score = edge.get("fontcolor") if "low-satisfaction" in style.LINK_STYLES.get(key, ()) else None
    return LineSample(edge.get("color", style.LINE), float(edge.get("penwidth", "1")), pattern,
                      edge.get("arrowhead") != "none", score)


def _line(key: str) -> str:
    """A real line (ending in an arrowhead, but for "works in"), and the score of a poorly rated one.

    The line is the bottom border of the upper of two rows, so that it meets the middle of
    the arrowhead; the arrowhead's cell is fixed and aligned left, so that when the column
    is wider than the sample, the line grows instead of a gap opening before the arrowhead.
    """
    sample = line_sample(key)
    assert sample is not None, key
    dash = "" if sample.pattern == "solid" else f' STYLE="{sample.pattern}"'
    line = (f'<TD WIDTH="24" HEIGHT="8" SIDES="B" BORDER="{max(1, round(sample.width))}"'
            f' COLOR="{sample.colour}"{dash}></TD>')
    head = (f'<TD ROWSPAN="2" WIDTH="10" HEIGHT="16" FIXEDSIZE="TRUE" ALIGN="LEFT">'
            f'<FONT POINT-SIZE="11" COLOR="{sample.colour}">{"▶" if sample.arrow else " "}</FONT></TD>')
    # the score stands where the diagram writes it: at the start of the line, by the supplier
    score = f'<TD ROWSPAN="2"><FONT COLOR="{sample.score_colour}"><B>4/10 </B></FONT></TD>' if sample.score_colour else ""
    return (f'<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{score}{line}{head}</TR>'
            '<TR><TD HEIGHT="8"></TD></TR></TABLE></TD>')


def _department_box() -> str:
    return (f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="{style.DEPARTMENT_FILLS[0]}" COLOR="{style.DEPARTMENT_BORDER}" '
            'BORDER="1"> </TD>')


def _weak_share_boxes() -> str:
    """Three small boxes: no weak link, half, all (the overview's departments are shaded between)."""
    cells = "".join(f'<TD WIDTH="11" HEIGHT="16" BGCOLOR="{style.weak_share_fill(share)}" COLOR="{style.DEPARTMENT_BORDER}"'
                    f' BORDER="1"> </TD>' for share in (0.0, 0.5, 1.0))
    return f'<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0"><TR>{cells}</TR></TABLE></TD>'


def _end_client_label(pointing: str = "▸") -> str:
    """The label a department far from the end clients points at instead of them (the
    overview's), pointing the way value flows: right, or down (``pointing="▾"``)."""
    colour = style.NODE_STYLES["end_client"]["fillcolor"]
    return f'<TD BORDER="1" COLOR="{colour}"><FONT COLOR="{colour}"><B>{html_text(_("end clients") + " " + pointing)}</B></FONT></TD>'


def _stub_box() -> str:
    return f'<TD WIDTH="34" HEIGHT="16" BGCOLOR="#ffffff" COLOR="{style.MUTED}" BORDER="1" STYLE="dashed"> </TD>'


def legend_rows() -> List[Tuple[str, Callable[[], str], Callable[[], str]]]:
    """(style key, sample cell, words) for every style, in the order they are explained."""
    return [
        ("end_client", lambda: _box("end_client"), lambda: _("end client (outside the organisation)")),
        ("end-client-box", lambda: _box("end-client-box"),
         lambda: _("the end clients of the department pointing here (its links to each), repeated beside each department")),
        ("department", _weak_share_boxes,
         lambda: _("department: the redder, the larger the share of its links that are weak (red border: errors)")),
        ("department-links", lambda: _line("department-links"), lambda: _("links between two departments (how many), none weak")),
        ("weak-links", lambda: _line("weak-links"),
         lambda: _("some of them weak (one-sided or poorly rated): the redder, the larger their share")),
        ("all-weak-links", lambda: _line("all-weak-links"), lambda: _("all of them weak")),
        ("end-client-label", _end_client_label,
         lambda: _("a department's links to the end clients, when it stands too far from them for an arrow")),
        ("end-client-label-down", lambda: _end_client_label("▾"),
         lambda: _("a department's links to the end clients, when it stands too far from them for an arrow")),
        ("team", lambda: _box("team"), lambda: _("team (boxes group a department)")),
        ("team-alone", lambda: _box("team"), lambda: _("team")),
        ("department-run", _department_box,
         lambda: _("neighbouring teams of one department, with its name (the tint is the department's)")),
        ("confirmed", lambda: _line("confirmed"), lambda: _("link confirmed by both teams (value flows →)")),
        ("one-sided", lambda: _line("one-sided"), lambda: _("link declared by one side only")),
        ("low-satisfaction", lambda: _line("low-satisfaction"), lambda: _("client's satisfaction below the threshold (score /10)")),
        ("one-sided-low-satisfaction", lambda: _line("one-sided-low-satisfaction"),
         lambda: _("link declared by one side only, and its client's satisfaction below the threshold")),
        ("unknown-reference", lambda: _line("unknown-reference"), lambda: _("link to an id that exists nowhere")),
        ("ghost", lambda: _box("ghost"), lambda: _("unknown id (typo or team gone?)")),
        ("skipped", lambda: _box("skipped"), lambda: _("team whose file could not be loaded (left out by --skip-invalid)")),
        ("broken-chain", lambda: _box("broken-chain"), lambda: _("broken chain: reaches no end client")),
        ("isolated", lambda: _box("isolated"), lambda: _("isolated: no link at all")),
        ("single-point-of-failure", lambda: _box("single-point-of-failure"), lambda: _("single point of failure")),
        ("attention-asymmetry", lambda: _box("attention-asymmetry"), lambda: _("frontline team poorly served or unhappy")),
        ("focus", lambda: _box("focus"), lambda: _("the team or worker this view is about")),
        ("chain", lambda: _line("chain"), lambda: _("the shortest chain to the end client")),
        ("chain-one-sided", lambda: _line("chain-one-sided"),
         lambda: _("the shortest chain, through a link declared by one side only")),
        ("chain-low-satisfaction", lambda: _line("chain-low-satisfaction"),
         lambda: _("the shortest chain, through a link rated below the threshold")),
        ("chain-one-sided-low-satisfaction", lambda: _line("chain-one-sided-low-satisfaction"),
         lambda: _("the shortest chain, through a link declared by one side only and rated below the threshold")),
        ("worker", lambda: _box("worker"), lambda: _("worker")),
        ("works-in", lambda: _line("works-in"), lambda: _("works in this team")),
        ("stub", _stub_box, lambda: _("team or teams drawn elsewhere (their department, and page if any)")),
    ]


def legend_keys(used: AbstractSet[str]) -> Set[str]:
    """The legend rows for the styles a drawing ``used``: a team is explained as grouped in
    department boxes only where boxes were drawn (a poster's page of one department draws
    none, and its legend said "boxes group a department" under teams in no box)."""
    shown = set(used)
    if "team" in shown and "department-box" not in shown:
        shown = (shown - {"team"}) | {"team-alone"}
    return shown


def legend_label(used: Set[str]) -> str:
    """The HTML-like label of the legend, listing only the styles in ``used``."""
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_text(_("Legend"))}</B></TD></TR>']
    shown = legend_keys(used)
    for key, sample, words in legend_rows():
        if key in shown:
            rows.append(f'<TR>{sample()}<TD ALIGN="LEFT">{html_text(words())}</TD></TR>')
    return (f'<TABLE BORDER="1" COLOR="{style.DEPARTMENT_BORDER}" CELLBORDER="0" CELLSPACING="4" '
            f'CELLPADDING="2" BGCOLOR="#ffffff" STYLE="rounded">' + "".join(rows) + "</TABLE>")
