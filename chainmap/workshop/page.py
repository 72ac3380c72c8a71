"""One poster page: title block, key figures, the drawing scaled to fill the sheet, legend.

The page is laid out top to bottom: the title block (what the poster is about), a row of
key figures, the drawing, and a footer with the legend and the weak links by rule. Type
sizes grow with the paper (an A1 poster is read from further away than an A4 sheet), and
never fall below :data:`MIN_TEXT_PT`, so a poster printed at 100 % stays legible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..i18n import _
from ..localise import format_number, format_percent
from ..render import style
from ..render.legend import legend_rows
from ..words import rule_title
from .figures import KeyFigures
from .paper import POINTS_PER_MM, Sheet
from .svg import Canvas, GraphvizSvg, clip_lines, text_width, wrap_to_width

__all__ = ["PosterPage", "compose_page", "drawing_box", "MIN_TEXT_PT", "type_unit"]

MIN_TEXT_PT = 6.0


@dataclass(frozen=True)
class PosterPage:
    """What one page says: its title block, figures, legend keys and drawing."""

    title: str
    subtitle: str
    meta: str
    figures: KeyFigures
    legend_keys: frozenset
    drawing: GraphvizSvg


def type_unit(sheet: Sheet) -> float:
    """The size multiplier of the page's own text: 1 on A4, about 2.8 on A1."""
    return min(sheet.width, sheet.height) / 595.0


def _margin(sheet: Sheet) -> float:
    return (8 + 4 * type_unit(sheet)) * POINTS_PER_MM


def drawing_box(sheet: Sheet, page: PosterPage) -> Tuple[float, float, float, float]:
    """(x, y, width, height) of the room left for the drawing on this sheet."""
    unit, margin = type_unit(sheet), _margin(sheet)
    top = margin + _header_height(unit) + _figures_height(unit) + 10 * unit
    bottom = sheet.height - margin - _footer_height(sheet, page) - 8 * unit
    return margin, top, sheet.width - 2 * margin, max(bottom - top, 1.0)


def compose_page(sheet: Sheet, page: PosterPage) -> Canvas:
    """Draw the page; the drawing is scaled to fill the room left by the text."""
    canvas = Canvas(sheet)
    unit, margin = type_unit(sheet), _margin(sheet)
    _header(canvas, sheet, page, unit, margin)
    _figure_tiles(canvas, sheet, page.figures, unit, margin, margin + _header_height(unit))
    x, y, width, height = drawing_box(sheet, page)
    scale = page.drawing.scale_to_fit(width, height)
    canvas.embed(page.drawing, x + (width - page.drawing.width * scale) / 2,
                 y + (height - page.drawing.height * scale) / 2, scale)
    _footer(canvas, sheet, page, unit, margin)
    return canvas


# Title block and figures -------------------------------------------------------------------


def _header_height(unit: float) -> float:
    return 52 * unit


def _header(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float) -> None:
    width = sheet.width - 2 * margin
    title = clip_lines(wrap_to_width(page.title, 24 * unit, width, bold=True), 1, 24 * unit, width, bold=True)
    canvas.text(margin, margin + 22 * unit, title[0], 24 * unit, bold=True)
    subtitle = clip_lines(wrap_to_width(page.subtitle, 12 * unit, width), 1, 12 * unit, width)
    canvas.text(margin, margin + 38 * unit, subtitle[0], 12 * unit, colour=style.MUTED)
    canvas.text(margin, margin + 50 * unit, page.meta, 8 * unit, colour=style.MUTED)


def _figures_height(unit: float) -> float:
    return 44 * unit


def _figure_list(figures: KeyFigures) -> List[Tuple[str, str, str]]:
    """(value, label, colour) of each tile."""
    share = figures.confirmed_share
    weak_colour = style.WARNING if figures.weak_links else style.INK
    return [
        (format_number(figures.teams), _("teams"), style.INK),
        (format_number(figures.workers), _("workers"), style.INK),
        (format_number(figures.links), _("links"), style.INK),
        ("–" if share is None else format_percent(share), _("of links confirmed by both sides"), style.INK),
        (format_number(figures.broken_chains), _("broken chains"), style.ERROR if figures.broken_chains else style.INK),
        (format_number(figures.weak_links), _("weak links found"), weak_colour),
    ]


def _figure_tiles(canvas: Canvas, sheet: Sheet, figures: KeyFigures, unit: float, margin: float, top: float) -> None:
    tiles = _figure_list(figures)
    gap = 6 * unit
    width = (sheet.width - 2 * margin - gap * (len(tiles) - 1)) / len(tiles)
    for index, (value, label, colour) in enumerate(tiles):
        x = margin + index * (width + gap)
        canvas.rect(x, top, width, 38 * unit, fill="#f4f6f8", stroke=style.DEPARTMENT_BORDER, stroke_width=0.6 * unit,
                    radius=4 * unit)
        # a long count (1,000,000) is set smaller rather than run out of its tile
        room = width - 14 * unit
        value_size = min(16 * unit, 16 * unit * room / max(text_width(value, 16 * unit, bold=True), 1e-9))
        canvas.text(x + 7 * unit, top + 19 * unit, value, value_size, colour=colour, bold=True)
        size = 7 * unit
        lines = clip_lines(wrap_to_width(label, size, width - 14 * unit), 2, size, width - 14 * unit)
        canvas.lines(x + 7 * unit, top + 28 * unit, lines, size, colour=style.MUTED)


# Footer: legend and weak links by rule ---------------------------------------------------


def _legend_items(keys: frozenset) -> List[Tuple[str, str]]:
    return [(key, words()) for key, _sample, words in legend_rows() if key in keys]


def _legend_columns(sheet: Sheet, unit: float, margin: float, items: List[Tuple[str, str]]) -> Tuple[int, int]:
    """(columns, rows) of the legend in the footer's left part: as many columns as the
    longest explanation allows, so that no explanation is cut (French ones are longer)."""
    width = (sheet.width - 2 * margin) * 0.64
    count = len(items)
    longest = max((text_width(words, 7.5 * unit) for _key, words in items), default=0.0)
    needed = max(200 * unit, longest + 44 * unit)
    columns = max(1, min(count, int(width // needed)))
    return columns, math.ceil(count / columns) if count else 0


def _footer_height(sheet: Sheet, page: PosterPage) -> float:
    unit, margin = type_unit(sheet), _margin(sheet)
    _columns, rows = _legend_columns(sheet, unit, margin, _legend_items(page.legend_keys))
    rules = len(page.figures.by_rule) or 1
    return (max(rows, rules) + 1) * 13 * unit + 16 * unit


def _footer(canvas: Canvas, sheet: Sheet, page: PosterPage, unit: float, margin: float) -> None:
    height = _footer_height(sheet, page)
    top = sheet.height - margin - height
    canvas.line([(margin, top), (sheet.width - margin, top)], colour=style.DEPARTMENT_BORDER, width=0.8 * unit)
    items = _legend_items(page.legend_keys)
    columns, rows = _legend_columns(sheet, unit, margin, items)
    left_width = (sheet.width - 2 * margin) * 0.64
    canvas.text(margin, top + 16 * unit, _("Legend"), 9 * unit, bold=True)
    column_width = left_width / max(columns, 1)
    for index, (key, words) in enumerate(items):
        x = margin + (index // max(rows, 1)) * column_width
        y = top + 16 * unit + (index % max(rows, 1) + 1) * 13 * unit
        _legend_sample(canvas, key, x, y - 3 * unit, unit)
        text = clip_lines(wrap_to_width(words, 7.5 * unit, column_width - 40 * unit), 1, 7.5 * unit, column_width - 40 * unit)
        canvas.text(x + 34 * unit, y, text[0], 7.5 * unit)
    _rules_table(canvas, page.figures, margin + left_width + 12 * unit, top + 16 * unit,
                 sheet.width - 2 * margin - left_width - 12 * unit, unit)


def _legend_sample(canvas: Canvas, key: str, x: float, y: float, unit: float) -> None:
    """A small drawing of the style ``key``, centred on the line at height ``y``."""
    if key in style.EDGE_STYLES or key in ("department-links", "weak-links"):
        edge = dict(style.EDGE_STYLES.get(key, {}))
        colour = edge.get("color", style.LINE)
        if key == "low-satisfaction":
            colour = style.satisfaction_colour(5)
        if key == "weak-links":
            colour = style.WARNING
        width = float(edge.get("penwidth", "1.3")) * unit * 0.8
        canvas.line([(x, y), (x + 28 * unit, y)], colour=colour, width=width,
                    dashed="dashed" in edge.get("style", ""), arrow=True)
        return
    node = _box_style(key)
    canvas.rect(x, y - 5 * unit, 28 * unit, 10 * unit, fill=node["fill"], stroke=node["stroke"],
                stroke_width=node["width"] * unit * 0.7, radius=2.5 * unit, dashed=node["dashed"])


def _box_style(key: str) -> dict:
    if key == "department":
        return {"fill": style.DEPARTMENT_FILLS[0], "stroke": style.DEPARTMENT_BORDER, "width": 1.4, "dashed": False}
    if key == "stub":
        return {"fill": "#ffffff", "stroke": style.MUTED, "width": 1.2, "dashed": True}
    attributes = dict(style.NODE_STYLES["team"])
    attributes.update(style.NODE_STYLES.get(key, {}))
    return {"fill": attributes.get("fillcolor", "#ffffff"), "stroke": attributes.get("color", style.LINE),
            "width": float(attributes.get("penwidth", "1.2")), "dashed": "dashed" in attributes.get("style", "")}


def _rules_table(canvas: Canvas, figures: KeyFigures, x: float, y: float, width: float, unit: float) -> None:
    canvas.text(x, y, _("Weak links by rule"), 9 * unit, bold=True)
    rows: Sequence[Tuple[str, str, int]] = figures.by_rule
    if not rows:
        canvas.text(x, y + 13 * unit, _("none found"), 7.5 * unit, colour=style.MUTED)
        return
    for index, (rule, severity, count) in enumerate(rows):
        line_y = y + (index + 1) * 13 * unit
        canvas.circle(x + 3 * unit, line_y - 2.6 * unit, 2.6 * unit, style.BADGE_COLOURS[severity])
        number = format_number(count)
        canvas.text(x + width, line_y, number, 7.5 * unit, bold=True, anchor="end")
        room = width - 12 * unit - text_width(number, 7.5 * unit, True) - 6 * unit
        words = clip_lines(wrap_to_width(rule_title(rule), 7.5 * unit, room), 1, 7.5 * unit, room)
        canvas.text(x + 10 * unit, line_y, words[0], 7.5 * unit)


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
