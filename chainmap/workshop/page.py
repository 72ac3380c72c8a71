"""One poster page: title block, key figures, the drawing scaled to fill the sheet, legend.

The page is laid out top to bottom: the title block (what the poster is about), a row of
key figures, the drawing, and a footer with the legend and the weak links by rule. Type
sizes grow with the paper (an A1 poster is read from further away than an A4 sheet), and
never fall below :data:`MIN_TEXT_PT`, so a poster printed at 100 % stays legible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

from ..analysis.figures import KeyFigures, figure_rows
from ..analysis.words import rule_title
from ..i18n import _
from ..i18n.localise import format_number
from ..render import style
from ..render.legend import legend_keys, legend_rows, line_sample
from .paper import POINTS_PER_MM, Sheet
from .svg import Canvas, GraphvizSvg, clip_lines, text_width, wrap_to_width

__all__ = ["PosterPage", "compose_page", "drawing_box", "drawing_origin", "MIN_TEXT_PT", "type_unit", "page_unit"]

MIN_TEXT_PT = 6.0
RULES_GAP = 14.0  # units between two columns of the weak links by rule


@dataclass(frozen=True)
class PosterPage:
    """What one page says: its title block, figures, legend keys and drawing."""

    title: str
    subtitle: str
    meta: str
    figures: KeyFigures
    legend_keys: frozenset
    drawing: GraphvizSvg
    panels: Tuple[Any, ...] = ()  # bands above the footer, such as the symmetry of attention's
    rules_note: str = ""  # what a filter kept of the "weak links by rule" panel ("errors only, team Urgences")
    unit: Optional[float] = None  # the size multiplier of the page's own text (default: the sheet's)
    cap: Optional[float] = None  # no legend or figure text larger than this: the size team names print at
    align: Tuple[float, float] = (0.5, 0.5)  # where the drawing stands in its room's free width and height (centred)

    def panels_height(self, unit: float) -> float:
        return sum(panel.height(unit) + 8 * unit for panel in self.panels)


def type_unit(sheet: Sheet) -> float:
    """The size multiplier of the page's own text: 1 on A4, about 2.8 on A1."""
    return min(sheet.width, sheet.height) / 595.0


def page_unit(sheet: Sheet, page: PosterPage) -> float:
    """The page's own type unit: chosen with the drawing's scale (:mod:`.fitting`), or the sheet's."""
    return page.unit if page.unit is not None else type_unit(sheet)


def _capped(page: PosterPage, size: float) -> float:
    """``size``, but no larger than the team names print (and never under :data:`MIN_TEXT_PT`)."""
    return size if page.cap is None else max(MIN_TEXT_PT, min(size, page.cap))


def _margin(sheet: Sheet) -> float:
    return (6 + 2 * type_unit(sheet)) * POINTS_PER_MM  # printers need about 5 mm; the rest is for the eye


def drawing_box(sheet: Sheet, page: PosterPage) -> Tuple[float, float, float, float]:
    """(x, y, width, height) of the room left for the drawing on this sheet."""
    unit, margin = page_unit(sheet, page), _margin(sheet)
    top = margin + _header_height(unit) + _figures_height(sheet, page) + 10 * unit
    bottom = sheet.height - margin - _footer_height(sheet, page) - 8 * unit - page.panels_height(unit)
    return margin, top, sheet.width - 2 * margin, max(bottom - top, 1.0)


def drawing_origin(sheet: Sheet, page: PosterPage) -> Tuple[float, float]:
    """Where the drawing's top left corner stands on the sheet, scaled to fill its room."""
    x, y, width, height = drawing_box(sheet, page)
    scale = page.drawing.scale_to_fit(width, height)
    return (x + (width - page.drawing.width * scale) * page.align[0],
            y + (height - page.drawing.height * scale) * page.align[1])


def compose_page(sheet: Sheet, page: PosterPage) -> Canvas:
    """Draw the page; the drawing is scaled to fill the room left by the text."""
    canvas = Canvas(sheet)
    unit, margin = page_unit(sheet, page), _margin(sheet)
    _header(canvas, sheet, page, unit, margin)
    _figure_tiles(canvas, sheet, page, unit, margin, margin + _header_height(unit))
    x, y, width, height = drawing_box(sheet, page)
    scale = page.drawing.scale_to_fit(width, height)
    left, top = drawing_origin(sheet, page)
    canvas.embed(page.drawing, left, top, scale)
    _footer(canvas, sheet, page, unit, margin)
    _panels(canvas, sheet, page, unit, margin)
    return canvas


def _panels(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float) -> None:
    """Each panel in its band, from the bottom of the drawing's room to the footer."""
    y = sheet.height - margin - _footer_height(sheet, page) - page.panels_height(unit)
    for panel in page.panels:
        panel.draw(canvas, margin, y, sheet.width - 2 * margin, unit)
        y += panel.height(unit) + 8 * unit


# Title block and figures -------------------------------------------------------------------


def _header_height(unit: float) -> float:
    return 56 * unit


def _header(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float) -> None:
    width = sheet.width - 2 * margin
    title = clip_lines(wrap_to_width(page.title, 24 * unit, width, bold=True), 1, 24 * unit, width, bold=True)
    canvas.text(margin, margin + 22 * unit, title[0], 24 * unit, bold=True)
    subtitle = clip_lines(wrap_to_width(page.subtitle, 12 * unit, width), 1, 12 * unit, width)
    canvas.text(margin, margin + 38 * unit, subtitle[0], 12 * unit, colour=style.MUTED)
    canvas.text(margin, margin + 50 * unit, page.meta, 8 * unit, colour=style.MUTED)


TILE_LABEL_LINES = 3
TILE_DETAIL_LINES = 3
_TONE_COLOURS = {"alert": style.ERROR, "warning": style.WARNING, "good": style.INK, "": style.INK}


@dataclass(frozen=True)
class _Tile:
    """A key figure laid out in its tile: the value, the label's lines, the details' lines."""

    value: str
    colour: str
    label: List[str]
    details: List[str]


def _tile_width(sheet: Sheet, unit: float, count: int) -> float:
    """The width of each of ``count`` tiles side by side across the sheet."""
    return (sheet.width - 2 * _margin(sheet) - 6 * unit * (count - 1)) / count


def _tiles(sheet: Sheet, page: PosterPage) -> List[_Tile]:
    """The key figures (the report's, in the same words) wrapped to the width of their tiles."""
    rows = figure_rows(page.figures)
    unit = page_unit(sheet, page)
    room = _tile_width(sheet, unit, len(rows)) - 14 * unit
    label, detail = _capped(page, 7 * unit), _capped(page, 6.5 * unit)
    return [_Tile(row.value, _TONE_COLOURS[row.tone],
                  clip_lines(wrap_to_width(row.label, label, room, True), TILE_LABEL_LINES, label, room, True),
                  _detail_lines([text for text, _severity in row.details], detail, room))
            for row in rows]


def _detail_lines(items: List[str], size: float, width: float) -> List[str]:
    """The details in :data:`TILE_DETAIL_LINES` lines at most: whole items, then "… and N more"."""
    for shown in range(len(items), 0, -1):
        more = [_("… and {n} more").format(n=len(items) - shown)] if shown < len(items) else []
        lines = _pack(items[:shown], more, size, width)
        if len(lines) <= TILE_DETAIL_LINES:
            return lines
    return clip_lines(wrap_to_width(items[0], size, width), TILE_DETAIL_LINES, size, width) if items else []


def _pack(items: List[str], more: List[str], size: float, width: float) -> List[str]:
    """Items separated by commas, a line breaking between items rather than inside one
    ("2 broken chains," / "1 isolated team"), unless an item is longer than a line."""
    lines: List[str] = []
    texts = [item + ("," if index < len(items) - 1 else "") for index, item in enumerate(items)] + more
    for text in texts:
        if lines and text_width(f"{lines[-1]} {text}", size) <= width:
            lines[-1] = f"{lines[-1]} {text}"
        elif text_width(text, size) <= width:
            lines.append(text)
        else:
            lines += wrap_to_width(f"{lines.pop()} {text}" if lines else text, size, width)
    return lines


def _tile_height(unit: float, tiles: List[_Tile]) -> float:
    """The height of every tile: that of the one with the most lines."""
    return max((28 + 8.75 * (len(t.label) - 1) + (2 + 8.1 * len(t.details) if t.details else 0) + 7) * unit
               for t in tiles)


def _figures_height(sheet: Sheet, page: PosterPage) -> float:
    unit = page_unit(sheet, page)
    return _tile_height(unit, _tiles(sheet, page)) + 6 * unit


def _figure_tiles(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float, top: float) -> None:
    tiles = _tiles(sheet, page)
    width, height = _tile_width(sheet, unit, len(tiles)), _tile_height(unit, tiles)
    for index, tile in enumerate(tiles):
        x = margin + index * (width + 6 * unit)
        canvas.rect(x, top, width, height, fill="#f4f6f8", stroke=style.DEPARTMENT_BORDER, stroke_width=0.6 * unit,
                    radius=4 * unit)
        # a long count (1,000,000) is set smaller rather than run out of its tile
        room = width - 14 * unit
        largest = _capped(page, 16 * unit)
        value_size = max(min(largest, largest * room / max(text_width(tile.value, largest, bold=True), 1e-9)), MIN_TEXT_PT)
        canvas.text(x + 7 * unit, top + 19 * unit, tile.value, value_size, colour=tile.colour, bold=True)
        after = canvas.lines(x + 7 * unit, top + 28 * unit, tile.label, _capped(page, 7 * unit), bold=True)
        canvas.lines(x + 7 * unit, after - 8.75 * unit + 2 * unit + 8.1 * unit, tile.details, _capped(page, 6.5 * unit),
                     8.1 / 6.5, colour=style.MUTED)


# Footer: legend and weak links by rule ---------------------------------------------------


def _legend_items(keys: frozenset) -> List[Tuple[str, str]]:
    shown = legend_keys(keys)
    return [(key, words()) for key, _sample, words in legend_rows() if key in shown]


@dataclass(frozen=True)
class _FooterGrid:
    """How the footer shares its width: the legend in columns on the left, the weak links by
    rule in columns on the right, both as few rows high as the width allows."""

    legend_columns: int
    legend_rows: int
    legend_width: float
    rule_columns: int
    rule_rows: int

    @property
    def rows(self) -> int:
        return max(self.legend_rows, self.rule_rows, 1)


def _footer_grid(sheet: Sheet, page: PosterPage, unit: float, margin: float) -> _FooterGrid:
    """The columns of the legend and of the rules table that make the footer least high.

    Its height is taken from the type of the whole title block, figures and legend (they
    share :data:`~.fitting.CHROME_SHARE` of the sheet): with the rules in one column beside
    a legend of three rows, the example's eleven rules made the footer eleven rows high and
    its key figures printed at 6.5 pt on an A1 sheet. Every explanation keeps one whole line
    (French ones are longer).
    """
    items = _legend_items(page.legend_keys)
    rules = len(page.figures.by_rule) or 1  # "none found" takes a row
    width = sheet.width - 2 * margin - 12 * unit
    legend_need = max(200 * unit, max((text_width(words, 7.5 * unit) for _key, words in items), default=0.0) + 44 * unit)
    rule_need = max([text_width(rule_title(rule), 7.5 * unit) + 40 * unit for rule, _s, _c in page.figures.by_rule]
                    + [text_width(_("Weak links by rule"), 9 * unit, True) + 20 * unit])
    best: Optional[Tuple[Tuple[int, int], int, int]] = None
    for legend_columns in range(1, max(len(items), 1) + 1):
        rest = width - legend_columns * legend_need
        if rest < rule_need and legend_columns > 1:
            break
        rule_columns = max(1, min(rules, int((rest + RULES_GAP * unit) // (rule_need + RULES_GAP * unit))))
        rows = max(math.ceil(len(items) / legend_columns), math.ceil(rules / rule_columns))
        key = (rows, legend_columns + rule_columns)  # fewest rows, then the widest columns
        if best is None or key < best[0]:
            best = (key, legend_columns, rule_columns)
    assert best is not None
    _key, legend_columns, rule_columns = best
    wanted = legend_columns * legend_need, rule_columns * rule_need + (rule_columns - 1) * RULES_GAP * unit
    return _FooterGrid(legend_columns, math.ceil(len(items) / legend_columns), width * wanted[0] / sum(wanted),
                       rule_columns, math.ceil(rules / rule_columns))


def _footer_height(sheet: Sheet, page: PosterPage) -> float:
    unit = page_unit(sheet, page)
    return (_footer_grid(sheet, page, unit, _margin(sheet)).rows + 1) * 13 * unit + 16 * unit


def _footer(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float) -> None:
    height = _footer_height(sheet, page)
    top = sheet.height - margin - height
    canvas.line([(margin, top), (sheet.width - margin, top)], colour=style.DEPARTMENT_BORDER, width=0.8 * unit)
    items = _legend_items(page.legend_keys)
    grid = _footer_grid(sheet, page, unit, margin)
    canvas.text(margin, top + 16 * unit, _("Legend"), _capped(page, 9 * unit), bold=True)
    column_width = grid.legend_width / grid.legend_columns
    for index, (key, words) in enumerate(items):
        x = margin + (index // max(grid.legend_rows, 1)) * column_width
        y = top + 16 * unit + (index % max(grid.legend_rows, 1) + 1) * 13 * unit
        _legend_sample(canvas, key, x, y - 3 * unit, unit)
        size = _capped(page, 7.5 * unit)
        text = clip_lines(wrap_to_width(words, size, column_width - 40 * unit), 1, size, column_width - 40 * unit)
        canvas.text(x + 34 * unit, y, text[0], size)
    # its heading (9 units) no larger than the team names, its text (7.5) no smaller than the floor
    table_unit = unit if page.cap is None else max(min(unit, page.cap / 9), MIN_TEXT_PT / 7.5)
    left = margin + grid.legend_width + 12 * unit
    _rules_table(canvas, page.figures, left, top + 16 * unit, sheet.width - margin - left, table_unit,
                 page.rules_note, grid.rule_columns)


def _legend_sample(canvas: Canvas, key: str, x: float, y: float, unit: float) -> None:
    """A small drawing of the style ``key``, centred on the line at height ``y``."""
    line = line_sample(key)
    if line is not None:
        canvas.line([(x, y), (x + 28 * unit, y)], colour=line.colour, width=line.width * unit * 0.8,
                    pattern=line.pattern, arrow=line.arrow)
        return
    if key == "end-client-label":  # the overview's signpost to the end clients: a white label pointing right
        colour = style.NODE_STYLES["end_client"]["fillcolor"]
        canvas.rect(x, y - 5 * unit, 21 * unit, 10 * unit, fill="#ffffff", stroke=colour, stroke_width=0.9 * unit,
                    radius=1.5 * unit)
        canvas.arrowhead((x + 21 * unit, y), (x + 28 * unit, y), colour, 7 * unit)
        return
    if key == "end-client-label-down":  # the same signpost in an overview flowing downwards: pointing down
        colour = style.NODE_STYLES["end_client"]["fillcolor"]
        canvas.rect(x, y - 5 * unit, 28 * unit, 6 * unit, fill="#ffffff", stroke=colour, stroke_width=0.9 * unit,
                    radius=1.5 * unit)
        canvas.arrowhead((x + 14 * unit, y + 1 * unit), (x + 14 * unit, y + 5 * unit), colour, 4 * unit)
        return
    node = _box_style(key)
    canvas.rect(x, y - 5 * unit, 28 * unit, 10 * unit, fill=node["fill"], stroke=node["stroke"],
                stroke_width=node["width"] * unit * 0.7, radius=2.5 * unit, dashed=node["dashed"])


def _box_style(key: str) -> dict:
    if key == "department":
        return {"fill": style.weak_share_fill(0.5), "stroke": style.DEPARTMENT_BORDER, "width": 1.4, "dashed": False}
    if key == "stub":
        return {"fill": "#ffffff", "stroke": style.MUTED, "width": 1.2, "dashed": True}
    attributes = dict(style.NODE_STYLES["team"])
    attributes.update(style.NODE_STYLES.get(key, {}))
    return {"fill": attributes.get("fillcolor", "#ffffff"), "stroke": attributes.get("color", style.LINE),
            "width": float(attributes.get("penwidth", "1.2")), "dashed": "dashed" in attributes.get("style", "")}


def _rules_table(canvas: Canvas, figures: KeyFigures, x: float, y: float, width: float, unit: float,
                 note: str = "", columns: int = 1) -> None:
    heading = _("Weak links by rule")
    canvas.text(x, y, heading, 9 * unit, bold=True)
    if note:  # what the command's filters kept, beside the heading, as small as the rows allow
        room = width - text_width(heading, 9 * unit, True) - 4 * unit
        size = max(6.5 * unit, MIN_TEXT_PT)
        shown = clip_lines(wrap_to_width(f"({note})", size, room), 1, size, room)
        canvas.text(x + width, y, shown[0], size, colour=style.MUTED, anchor="end")
    rows: Sequence[Tuple[str, str, int]] = figures.by_rule
    if not rows:
        canvas.text(x, y + 13 * unit, _("none found"), 7.5 * unit, colour=style.MUTED)
        return
    per_column = math.ceil(len(rows) / columns)
    column_width = (width - (columns - 1) * RULES_GAP * unit) / columns
    for index, (rule, severity, count) in enumerate(rows):
        left = x + (index // per_column) * (column_width + RULES_GAP * unit)
        line_y = y + (index % per_column + 1) * 13 * unit
        canvas.circle(left + 3 * unit, line_y - 2.6 * unit, 2.6 * unit, style.BADGE_COLOURS[severity])
        number = format_number(count)
        canvas.text(left + column_width, line_y, number, 7.5 * unit, bold=True, anchor="end")
        room = column_width - 12 * unit - text_width(number, 7.5 * unit, True) - 6 * unit
        words = clip_lines(wrap_to_width(rule_title(rule), 7.5 * unit, room), 1, 7.5 * unit, room)
        canvas.text(left + 10 * unit, line_y, words[0], 7.5 * unit)


def smallest_scale_allowed(drawing: GraphvizSvg) -> float:
    """The smallest scale at which the drawing's smallest text is still :data:`MIN_TEXT_PT`."""
    return MIN_TEXT_PT / drawing.smallest_font


def printed_smallest_font(sheet: Sheet, page: PosterPage) -> float:
    """The size its smallest text prints at when the drawing fills its room on ``sheet``."""
    _x, _y, width, height = drawing_box(sheet, page)
    return page.drawing.smallest_font * page.drawing.scale_to_fit(width, height)


def fits(sheet: Sheet, page: PosterPage, minimum: Optional[float] = None) -> bool:
    """True when the drawing, scaled to fill its room, keeps every text at 6 pt or more."""
    _x, _y, width, height = drawing_box(sheet, page)
    return page.drawing.scale_to_fit(width, height) >= (minimum or smallest_scale_allowed(page.drawing)) - 1e-9
