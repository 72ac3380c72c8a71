"""Where the sheets of a mosaic meet: no text cut in two by the edge of a sheet.

A mosaic is one page cut into sheets that overlap by :data:`~.fitting.OVERLAP_MM`. A team's
name lying across a cut is printed in two halves, to be read only once the sheets are
trimmed and joined; one lying whole inside a sheet (the overlap included) can be read on
that sheet alone, before joining, and survives a join a few millimetres off. So, among
the drawings a poster could print at its scale (as laid out, or spread to fill the room),
and the places in its room it can stand (when it leaves some room free), the poster takes
the one that cuts fewest texts, then the one that fills its room best.
"""

from __future__ import annotations

import html
import re
from typing import List, Sequence, Tuple

from .paper import POINTS_PER_MM, Sheet
from .svg import GraphvizSvg, text_width

__all__ = ["Extent", "text_extents", "texts_cut", "ALIGNMENTS"]

Extent = Tuple[float, float, float, float]  # left, top, right, bottom, in the drawing's points

_ORIGIN = re.compile(r'<g id="graph0"[^>]*translate\((-?[\d.]+) (-?[\d.]+)\)')
_TEXT = re.compile(r'<text text-anchor="(start|middle|end)" x="(-?[\d.]+)" y="(-?[\d.]+)"([^>]*)>([^<]*)</text>')
_SIZE = re.compile(r'font-size="([\d.]+)"')
ALIGNMENTS = tuple(step / 10 for step in range(11))  # where the drawing stands in its room's free width (or height)


def text_extents(drawing: GraphvizSvg) -> List[Extent]:
    """The box of every text of a Graphviz drawing, measured with the font's metrics."""
    origin = _ORIGIN.search(drawing.body)
    dx, dy = (float(origin.group(1)), float(origin.group(2))) if origin else (0.0, 0.0)
    extents = []
    for anchor, x, y, attributes, text in _TEXT.findall(drawing.body):
        size_match = _SIZE.search(attributes)
        size = float(size_match.group(1)) if size_match else 14.0
        width = text_width(html.unescape(text), size, 'font-weight="bold"' in attributes)
        left = float(x) + dx - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        baseline = float(y) + dy
        extents.append((left, baseline - 0.8 * size, left + width, baseline + 0.2 * size))
    return extents


def _whole_in_one(start: float, end: float, length: float, step: float, count: int) -> bool:
    """True when [start, end] lies inside one of ``count`` windows of ``length``, one every ``step``."""
    return any(index * step - 1e-6 <= start and end <= index * step + length + 1e-6 for index in range(count))


def texts_cut(extents: Sequence[Extent], scale: float, left: float, top: float, paper: Sheet,
              grid: Tuple[int, int], overlap_mm: float) -> int:
    """How many texts no single sheet holds whole, the drawing's top left at (``left``, ``top``) of the page."""
    columns, rows = grid
    step_x, step_y = paper.width - overlap_mm * POINTS_PER_MM, paper.height - overlap_mm * POINTS_PER_MM
    return sum(1 for x0, y0, x1, y1 in extents
               if not (_whole_in_one(left + x0 * scale, left + x1 * scale, paper.width, step_x, columns)
                       and _whole_in_one(top + y0 * scale, top + y1 * scale, paper.height, step_y, rows)))
