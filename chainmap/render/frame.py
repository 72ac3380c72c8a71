"""What every drawing of chainmap shares around its nodes: the graph's defaults, the frame
(title, counts, legend) and :class:`DotDiagram`, DOT text with the style keys it used.

The full diagram (:mod:`chainmap.render.dot`), a department's page
(:mod:`chainmap.render.pages`) and the department overview (:mod:`chainmap.render.overview`)
are framed the same way, so that they read as one set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Set

from ..analysis import Analysis
from . import style
from .escape import html_text, quoted
from .legend import legend_label

__all__ = ["DotDiagram", "graph_defaults", "with_frame"]


@dataclass(frozen=True)
class DotDiagram:
    """DOT text and the style keys it used (the rows its legend needs)."""

    text: str
    legend_keys: FrozenSet[str]

    def __str__(self) -> str:
        return self.text


def graph_defaults(rankdir: str = "LR") -> List[str]:
    """The graph's defaults. Flowing downwards, the rows are closer (ranksep 0.45 in, not
    0.75): a page of the example's Soins is five rows, and the space between them kept it
    from fitting one A4 page at 6 pt; an arrow of 32 pt still reads as an arrow."""
    font = quoted(style.FONT)
    ranksep = "0.45" if rankdir == "TB" else "0.75"
    return [
        f"  graph [rankdir={rankdir}, newrank=true, nodesep=0.3, ranksep={ranksep}, pad=0.2, fontname={font}, bgcolor=\"#ffffff\"];",
        f"  node [shape=box, fontname={font}, fontsize=12, fontcolor={quoted(style.INK)}, margin=\"0.14,0.07\"];",
        f"  edge [fontname={font}, fontsize={style.LINK_FONT_SIZE}, arrowsize=0.8, color={quoted(style.LINE)}];",
    ]



def with_frame(lines: List[str], analysis: Analysis, heading: str, facts: str, used: Set[str],
               legend: bool = True) -> List[str]:
    """The drawing with the organisation's name, what it shows, its counts and (unless the
    drawing placed it already) its legend."""
    label = (f'<FONT POINT-SIZE="22"><B>{html_text(analysis.org.name)}</B></FONT><BR/>'
             f'<FONT POINT-SIZE="13" COLOR="{style.MUTED}">{html_text(heading)}</FONT><BR/>'
             f'<FONT POINT-SIZE="11" COLOR="{style.MUTED}">{html_text(facts)}</FONT>')
    legend_line = [f"  legend [shape=plain, label=<{legend_label(used)}>];"] if legend else []
    return lines[:1] + [f"  graph [labelloc=t, labeljust=l, label=<{label}>];"] + lines[1:-1] + legend_line + lines[-1:]

