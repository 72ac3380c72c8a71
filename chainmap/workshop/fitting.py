"""How a poster fills its paper: one scale for the drawing, the page's own text sized to it.

A poster is for reading the teams: their names should print as large as the paper allows,
and nothing else on the sheet should outshout them. So the drawing is scaled to fill the
room the title block, key figures and legend leave, and those are sized to the drawing:

- their type unit starts at the sheet's (larger paper, read from further away), then
  shrinks until the legend's text prints at most three quarters the team names' size, and the
  title block, figures, panels and legend take at most :data:`CHROME_SHARE` of the sheet's
  height, never below :data:`UNIT_FLOOR` (their smallest text at 6 pt);
- no legend or figure text prints larger than the team names (:attr:`PosterPage.cap`).

When one sheet would print text under 6 pt, the poster is a **mosaic**: the same page
composed on a grid of sheets (each overlapping the next by :data:`OVERLAP_MM` so that they
can be trimmed and joined), the drawing at one scale across all of them, team names the
same size on every sheet. :func:`choose_grid` takes the fewest sheets that keep every text
at 6 pt or more, in the orientation that prints the names largest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

from .page import MIN_TEXT_PT, PosterPage, drawing_box, type_unit
from .paper import Sheet

__all__ = ["MAX_SHEETS", "Fit", "fitted", "choose_grid", "grid_sheet", "fits_at", "NAME_PT", "OVERLAP_MM", "GRIDS"]

NAME_PT = 12.0  # the size of a team's name in the drawing (the DOT's node font size)
CHROME_SHARE = 0.25  # of the sheet's height: the title block, figures, panels, legend and margins…
CHROME_MOST = 1 / 3  # …or up to this when the drawing, limited by the room's width, does not print smaller for it
UNIT_FLOOR = MIN_TEXT_PT / 6.5  # the page's smallest own text is 6.5 units
LEGEND_TEXT = 7.5  # units: the legend's text…
LEGEND_TO_NAMES = 0.75  # …prints at most this share of the names' size (figures and headings are capped at it)
OVERLAP_MM = 10.0
# Grids of sheets (columns, rows), fewest sheets first: a mosaic of more is no poster but a wallpaper
GRIDS: Tuple[Tuple[int, int], ...] = ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3), (2, 2), (3, 2), (2, 3), (4, 2), (2, 4),
                                      (3, 3), (4, 3), (3, 4), (4, 4))
MAX_SHEETS = 16


@dataclass(frozen=True)
class Fit:
    """A page fitted to its paper: the sheet it is composed on (a grid's, for a mosaic), the
    sheet it prints on, the grid, the page with its type sized, the drawing's scale."""

    whole: Sheet
    paper: Sheet
    grid: Tuple[int, int]
    page: PosterPage
    scale: float

    @property
    def names_pt(self) -> float:
        return NAME_PT * self.scale

    @property
    def smallest_pt(self) -> float:
        return self.page.drawing.smallest_font * self.scale

    @property
    def sheets(self) -> int:
        return self.grid[0] * self.grid[1]

    @property
    def legible(self) -> bool:
        return self.smallest_pt >= MIN_TEXT_PT - 1e-9


def grid_sheet(paper: Sheet, columns: int, rows: int) -> Sheet:
    """The sheet a mosaic of ``columns`` × ``rows`` sheets of ``paper`` makes, overlaps deducted."""
    return Sheet(paper.name, columns * paper.width_mm - (columns - 1) * OVERLAP_MM,
                 rows * paper.height_mm - (rows - 1) * OVERLAP_MM)


def _scale(whole: Sheet, page: PosterPage) -> float:
    _x, _y, width, height = drawing_box(whole, page)
    return page.drawing.scale_to_fit(width, height)


def fitted(paper: Sheet, page: PosterPage, grid: Tuple[int, int] = (1, 1)) -> Fit:
    """``page`` on a ``grid`` of ``paper`` sheets, its own text sized to the drawing's scale;
    without its panels when they would leave the drawing less than its share of the sheet."""
    fit = _fitted(paper, page, grid)
    if page.panels and _chrome_share(fit) > CHROME_SHARE + 0.01:
        bare = _fitted(paper, replace(page, panels=()), grid)
        return bare if bare.scale > fit.scale else fit
    return fit


def _chrome_share(fit: Fit) -> float:
    _x, _y, _width, room = drawing_box(fit.whole, fit.page)
    return (fit.whole.height - room) / fit.whole.height


def _fitted(paper: Sheet, page: PosterPage, grid: Tuple[int, int]) -> Fit:
    whole = grid_sheet(paper, *grid)
    unit = type_unit(paper)
    sized = replace(page, unit=unit, cap=None)
    for _ in range(5):
        scale = _scale(whole, sized)
        _x, _y, _width, room = drawing_box(whole, sized)
        share = (whole.height - room) / whole.height
        wanted = min(type_unit(paper), NAME_PT * scale * LEGEND_TO_NAMES / LEGEND_TEXT)
        if share > CHROME_SHARE:
            wanted = min(wanted, unit * CHROME_SHARE / share)
        wanted = max(wanted, UNIT_FLOOR)
        if abs(wanted - unit) < 1e-3:
            break
        unit = wanted
        sized = replace(page, unit=unit, cap=None)
    sized = _grown(whole, paper, sized)
    scale = _scale(whole, sized)
    return Fit(whole, paper, grid, replace(sized, cap=NAME_PT * scale), scale)


def _grown(whole: Sheet, paper: Sheet, page: PosterPage) -> PosterPage:
    """``page`` with its own type as large as it can be without printing the names smaller.

    A drawing wider than its room in proportion is limited by the room's width: the height
    :data:`CHROME_SHARE` keeps for it is partly blank, and the title block, figures and
    legend may grow into it, up to :data:`CHROME_MOST` of the sheet (the example's key
    figures printed at 6.5 pt beside 15 pt team names on an A1 sheet). The unit is found by
    bisection: the scale never grows with the unit.
    """
    unit = page.unit or type_unit(paper)
    scale = _scale(whole, page)
    ceiling = min(type_unit(paper), NAME_PT * scale * LEGEND_TO_NAMES / LEGEND_TEXT)
    if ceiling <= unit * 1.01:
        return page

    def keeps_names(trial: float) -> bool:
        grown = replace(page, unit=trial, cap=None)
        _x, _y, _width, room = drawing_box(whole, grown)
        return _scale(whole, grown) >= scale * 0.999 and (whole.height - room) / whole.height <= CHROME_MOST

    if keeps_names(ceiling):
        return replace(page, unit=ceiling, cap=None)
    low, high = unit, ceiling
    for _ in range(12):
        middle = (low + high) / 2
        low, high = (middle, high) if keeps_names(middle) else (low, middle)
    return replace(page, unit=low, cap=None)


def fits_at(paper: Sheet, page: PosterPage, sheets: int) -> Optional[Fit]:
    """The best fit on ``sheets`` sheets (or the next number a grid makes, 6 for 5), in the
    grid that prints the names largest; ``None`` beyond the largest grid."""
    counts = [c * r for c, r in GRIDS if c * r >= sheets]
    if not counts:
        return None
    fits = [fitted(paper, page, grid) for grid in GRIDS if grid[0] * grid[1] == min(counts)]
    return max(fits, key=lambda fit: fit.scale, default=None)


def choose_grid(papers: Sequence[Sheet], page: PosterPage, sheets: Optional[int] = None) -> Fit:
    """The fewest sheets (or exactly ``sheets``) on which every text prints at 6 pt or more, in
    the orientation and grid that print the names largest; when none does, the fit that
    comes nearest (the caller refuses it or draws something smaller)."""
    counts: List[int] = sorted({c * r for c, r in GRIDS}) if sheets is None else [sheets]
    best: Optional[Fit] = None
    for count in counts:
        found = [fit for fit in (fits_at(paper, page, count) for paper in papers) if fit is not None]
        if not found:
            continue
        fit = max(found, key=lambda f: f.scale)
        if fit.legible:
            return fit
        best = fit if best is None or fit.scale > best.scale else best
    assert best is not None, "a grid of one sheet is always tried"
    return best

