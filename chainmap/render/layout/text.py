"""How large Graphviz will draw a box: its label measured in DejaVu Sans, before any drawing.

The layout places boxes itself, so it must know their sizes first. Asking Graphviz would tie
the DOT to the machine's fonts and make every ``.dot`` need Graphviz; instead each label is
measured here from DejaVu Sans's advance widths (:mod:`.dejavu`) with the rules Graphviz
follows for HTML-like labels: a line is as wide as its spans, a text line is about 1.1 × its
point size high, a table adds its border, spacing and padding. The estimate errs on the large
side (no kerning, a few per cent for hinting), so that Graphviz, given the size as the box's
``width`` and ``height``, draws exactly that box: a box larger than planned could cover a
link passing beside it. ``tests/test_layout.py`` compares the estimates with Graphviz's own.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Iterable, List, Optional, Tuple

from .dejavu import BOLD, REGULAR

__all__ = ["text_width", "label_size", "box_size", "MIN_BOX", "LINE_HEIGHT"]

UNITS_PER_EM = 2048
HINTING = 1.015  # hinted advances at small sizes run up to 4 % wider than the font's own
LINE_HEIGHT = 1.1  # of the point size (see lines_size)
MIN_BOX = (54.0, 36.0)  # Graphviz's default width and height of a node, in points
Span = Tuple[str, float, bool]  # text, point size, bold


@lru_cache(maxsize=8192)
def _advance(character: str, bold: bool) -> int:
    """A character's advance in font units: one em for any character DejaVu Sans lacks."""
    code = ord(character)
    table = BOLD if bold else REGULAR
    for first, widths in table.items():
        if first <= code < first + len(widths):
            return widths[code - first] or UNITS_PER_EM
    return UNITS_PER_EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` at ``size`` points, as Graphviz sets it, or a little more."""
    units = sum(_advance(character, bold) for character in text)
    return units * size / UNITS_PER_EM * HINTING


def _lines_of(element: ET.Element, size: float, bold: bool, lines: List[List[Span]]) -> None:
    """Append ``element``'s text to ``lines`` as spans, following ``<B>``, ``<FONT>`` and ``<BR/>``."""
    if element.text:
        lines[-1].append((element.text, size, bold))
    for child in element:
        tag = child.tag.upper()
        if tag == "BR":
            lines.append([])
        else:
            child_size = float(child.get("POINT-SIZE", size)) if tag == "FONT" else size
            _lines_of(child, child_size, bold or tag == "B", lines)
        if child.tail:
            lines[-1].append((child.tail, size, bold))


def lines_size(lines: Iterable[List[Span]], size: float) -> Tuple[float, float]:
    """Width and height of text lines; an empty line is as high as the surrounding text.

    Measured on Graphviz 2.43 with pango: a line is 1.1 × its largest point size, but only
    1.0 × in a label that has bold text; 2 points are added for rounding and other versions.
    """
    lines = list(lines)
    spacing = 1.0 if any(bold for spans in lines for _text, _size, bold in spans) else LINE_HEIGHT
    width = height = 0.0
    for spans in lines:
        width = max(width, sum(text_width(text, span_size, bold) for text, span_size, bold in spans))
        height += spacing * max((span_size for _text, span_size, _bold in spans), default=size)
    return width + 2.0, height + 2.0


def label_size(label: str, size: float) -> Tuple[float, float]:
    """Width and height of an HTML-like label (``<…>`` as written in DOT) or of plain text."""
    if not (label.startswith("<") and label.endswith(">")):
        return lines_size([[(line, size, False)] for line in label.split("\\n")], size)
    root = ET.fromstring(f"<L>{label[1:-1]}</L>")
    table = next((child for child in root if child.tag.upper() == "TABLE"), None)
    if table is not None:
        return _table_size(table, size, False)
    lines: List[List[Span]] = [[]]
    _lines_of(root, size, False, lines)
    return lines_size(lines, size)


def _number(element: ET.Element, name: str, default: float) -> float:
    value = element.get(name)
    return float(value) if value is not None else default


def _cell_size(cell: ET.Element, size: float, bold: bool, padding: float, border: float) -> Tuple[float, float]:
    inner = next((child for child in cell if child.tag.upper() == "TABLE"), None)
    if inner is not None:
        width, height = _table_size(inner, size, bold)
    else:
        lines: List[List[Span]] = [[]]
        _lines_of(cell, size, bold, lines)
        width, height = lines_size(lines, size) if any(lines) else (0.0, 0.0)
    padding = _number(cell, "CELLPADDING", padding)
    border = _number(cell, "BORDER", border)
    width, height = width + 2 * (padding + border), height + 2 * (padding + border)
    return max(width, _number(cell, "WIDTH", 0)), max(height, _number(cell, "HEIGHT", 0))


def _table_size(table: ET.Element, size: float, bold: bool) -> Tuple[float, float]:
    """A table's size: its columns as wide as their widest cell, rows as high as their highest.

    A cell spanning several columns or rows adds what the ones it spans lack, spread evenly.
    """
    border = _number(table, "BORDER", 1)
    spacing = _number(table, "CELLSPACING", 2)
    padding = _number(table, "CELLPADDING", 2)
    cell_border = _number(table, "CELLBORDER", border)
    cells = _grid(table)
    columns = max((column + span for _row, column, span, _rows, _cell in cells), default=0)
    rows = max((row + rows for row, _column, _span, rows, _cell in cells), default=0)
    widths, heights = [0.0] * columns, [0.0] * rows
    for row, column, span, row_span, cell in sorted(cells, key=lambda item: item[2] + item[3]):
        width, height = _cell_size(cell, size, bold, padding, cell_border)
        _spread(widths, column, span, width, spacing)
        _spread(heights, row, row_span, height, spacing)
    width = sum(widths) + spacing * (columns + 1) + 2 * border
    height = sum(heights) + spacing * (rows + 1) + 2 * border
    return width, height


def _spread(sizes: List[float], first: int, span: int, wanted: float, spacing: float) -> None:
    have = sum(sizes[first:first + span]) + spacing * (span - 1)
    if wanted > have:
        for index in range(first, first + span):
            sizes[index] += (wanted - have) / span


def _grid(table: ET.Element) -> List[Tuple[int, int, int, int, ET.Element]]:
    """(row, column, columns spanned, rows spanned, cell) of every cell, as HTML places them."""
    taken: set = set()
    cells = []
    for row, tr in enumerate(child for child in table if child.tag.upper() == "TR"):
        column = 0
        for td in (child for child in tr if child.tag.upper() == "TD"):
            while (row, column) in taken:
                column += 1
            span, row_span = int(td.get("COLSPAN", 1)), int(td.get("ROWSPAN", 1))
            taken.update((row + r, column + c) for r in range(row_span) for c in range(span))
            cells.append((row, column, span, row_span, td))
            column += span
    return cells


def box_size(label: str, size: float, margin: Optional[Tuple[float, float]], peripheries: int = 1,
             plain: bool = False) -> Tuple[float, float]:
    """The width and height, in points, of a box around ``label`` (``margin`` in inches, as in DOT).

    ``plain`` boxes (``shape=plain``) are exactly their label; others are at least Graphviz's
    default node size, and each extra periphery adds 4 points on every side.
    """
    width, height = label_size(label, size)
    if plain:
        return float(math.ceil(width)), float(math.ceil(height))
    margin_x, margin_y = margin or (0.11, 0.055)
    width, height = width + 2 * 72 * margin_x, height + 2 * 72 * margin_y
    width, height = max(width, MIN_BOX[0]), max(height, MIN_BOX[1])
    extra = 8.0 * (peripheries - 1)
    return float(math.ceil(width + extra)), float(math.ceil(height + extra))
