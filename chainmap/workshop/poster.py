"""Posters: the organisation's chains on one sheet, or an overview and one page per department.

A poster must be readable when printed at 100 %: no text under 6 pt. The drawing is laid
out once by Graphviz; the scale that makes it fill the sheet is then known exactly, and so
is the size its smallest text would print at. When that is under 6 pt, a single sheet
would be unreadable, so chainmap says so (:attr:`Poster.note`) and makes a multi-page
poster instead: a department overview, then one page per department (a department too
large for one page is split into parts), links leaving a page drawn as labelled stubs.

Above :data:`~chainmap.render.large.OVERVIEW_ABOVE_TEAMS` teams, :func:`poster_of` prints the
department overview on one sheet (as ``chainmap render`` draws it): hundreds of pages of
teams are not a workshop poster, and ``--department NAME`` prints one department instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from ..analysis import Analysis
from ..analysis.figures import key_figures
from ..analysis.triage import FindingFilter
from ..analysis.words import filter_parts, number
from ..errors import GraphvizFailed, UsageError
from ..i18n import _, ngettext
from ..i18n.localise import format_date
from ..render import run_graphviz
from ..render.large import Selection
from ..render.overview import overview_dot
from ..render.pages import PageOfTeams, bare_dot, page_dot
from ..render.views import View, full_view
from ..version import __version__
from .cuts import ALIGNMENTS, Extent, text_extents, texts_cut
from .fitting import NAME_PT, OVERLAP_MM, Fit, choose_grid
from .page import (
    MIN_TEXT_PT,
    PosterPage,
    compose_page,
    drawing_box,
    drawing_origin,
    fits,
    printed_smallest_font,
    type_unit,
)
from .page_files import PAGE_FORMATS, page_paths, write_pages
from .paper import POINTS_PER_MM, Sheet, sheet
from .svg import GraphvizSvg

__all__ = ["Poster", "make_poster", "poster_of", "write_pages", "page_paths", "layout", "POSTER_FORMATS"]

POSTER_FORMATS = PAGE_FORMATS  # written by page_files.write_pages, kept here for callers
WHOLE_DRAWING_TIMEOUT = 30.0
PAGE_TIMEOUT = 60.0
RANKDIRS = ("LR", "TB")  # value flowing rightwards, or downwards: a poster prints the larger
POSTER_TEAMS_MAX = 1000
MAX_STRETCH = 2.5  # how far a single-sheet drawing may be spread to the proportions of its room


@dataclass(frozen=True)
class Poster:
    """The pages of a poster (SVG documents), their sheet, and what to tell the user."""

    sheet: Sheet
    pages: Tuple[str, ...]
    note: Optional[str] = None


def layout(dot_text: str, timeout: float = PAGE_TIMEOUT, extra: Sequence[str] = ()) -> GraphvizSvg:
    """Lay out DOT with `dot` (``extra``: its options); if it fails or runs too long, with
    `sfdp` (DESIGN.md's fallback)."""
    try:
        return GraphvizSvg.parse(run_graphviz(dot_text, "svg", timeout=timeout, extra=extra).decode("utf-8"))
    except GraphvizFailed:
        svg = run_graphviz(dot_text, "svg", engine="sfdp", timeout=timeout, extra=("-Goverlap=prism", "-Gsplines=true"))
        return GraphvizSvg.parse(svg.decode("utf-8"))


def _meta(analysis: Analysis, page: Optional[Tuple[int, int]] = None, title: Optional[str] = None) -> str:
    """The small line under the title: organisation (unless it is the title), date, page."""
    parts = [] if title == analysis.org.name else [analysis.org.name]
    parts.append(_("as of {date}").format(date=format_date(analysis.as_of)))
    if page:
        parts.append(_("page {page} of {pages}").format(page=page[0], pages=page[1]))
    parts.append(_("drawn by chainmap {version}").format(version=__version__))
    return " · ".join(parts)


def _sheets(paper: str, landscape: Optional[bool]) -> List[Sheet]:
    return [sheet(paper, landscape)] if landscape is not None else [sheet(paper, False), sheet(paper, True)]


def make_poster(analysis: Analysis, paper: str = "A1", landscape: Optional[bool] = None,
                title: Optional[str] = None, view: Optional[View] = None, rules: Optional[FindingFilter] = None,
                sheets: Optional[int] = None) -> Poster:
    """The poster of ``view`` (default: everything) on ``paper``.

    ``landscape=None`` chooses the orientation in which the drawing prints largest;
    ``rules``: the findings counted in the "weak links by rule" panel (default: all);
    ``sheets`` asks for that many sheets (default: the fewest on which every text prints at
    6 pt or more, see :mod:`.fitting`). Refused (:class:`UsageError`) when the sheets asked
    for would print text under 6 pt; the department overview instead when no mosaic of
    :data:`~.fitting.GRIDS` keeps the whole organisation legible.
    """
    view = view or full_view(analysis)
    teams = [t for t in analysis.org.teams if t in view.nodes]
    too_large = _("too large to draw on one sheet: chainmap draws the department overview instead")
    whole = view.subtitle == full_view(analysis).subtitle
    if len(teams) > POSTER_TEAMS_MAX and sheets is None and whole:  # its layout alone would take minutes
        return _overview_poster(analysis, paper, landscape, title, rules, too_large)
    diagram = bare_dot(analysis, view)
    drawing = layout(diagram.text, WHOLE_DRAWING_TIMEOUT)
    page = PosterPage(title or analysis.org.name, view.subtitle, _meta(analysis, title=title or analysis.org.name),
                      key_figures(analysis, teams, rules), diagram.legend_keys, drawing, _panels(analysis, view),
                      rules_note=_rules_note(analysis, rules))
    fit = choose_grid(_sheets(paper, landscape), page, sheets)
    if not fit.legible:
        if sheets is None and whole:
            instead = _("on {sheets} {paper} sheets, the smallest text would print at {size} pt (under {minimum} pt): chainmap draws the department overview instead (--sheets N asks for more sheets)").format(
                sheets=fit.sheets, paper=fit.paper.name, size=number(round(fit.smallest_pt, 1)), minimum=number(MIN_TEXT_PT))
            return _overview_poster(analysis, paper, landscape, title, rules, instead)
        raise UsageError(_refusal(fit, sheets))
    fit = _filling(fit, partial(_spread, analysis, view))
    note = None if fit.sheets == 1 else ngettext(
        "too large for one {paper} sheet with text at {minimum} pt or more: a mosaic of {n} sheet to trim and join",
        "too large for one {paper} sheet with text at {minimum} pt or more: a mosaic of {n} sheets to trim and join",
        fit.sheets).format(paper=fit.paper.name, minimum=number(MIN_TEXT_PT), n=fit.sheets)
    return Poster(fit.paper, _mosaic(fit), note if sheets is None else None)


def _rules_note(analysis: Analysis, rules: Optional[FindingFilter]) -> str:
    """What the panel's filter kept, under its heading ("errors only, team Urgences")."""
    if rules is None or rules.is_empty:
        return ""
    return ", ".join(filter_parts(rules, analysis.org))


def _refusal(fit: Fit, sheets: Optional[int]) -> str:
    """Why the sheets asked for cannot hold the drawing legibly, and what to ask for instead."""
    words = _("on {sheets} {paper} sheets, the smallest text would print at {size} pt, under the {minimum} pt that stay legible").format(
        sheets=fit.sheets, paper=fit.paper.name, size=number(round(fit.smallest_pt, 1)), minimum=number(MIN_TEXT_PT))
    if sheets is not None:
        words += _(": ask for more sheets (--sheets N), a larger --paper, or draw less (--department NAME, --focus TEAM)")
    else:
        words += _(": choose a larger --paper, or draw less (--focus TEAM --depth 2)")
    return words


def _mosaic(fit: Fit) -> Tuple[str, ...]:
    """The pages: the whole page on one sheet, or cut into the sheets of its grid."""
    canvas = compose_page(fit.whole, fit.page)
    if fit.sheets == 1:
        return (canvas.svg(),)
    columns, rows = fit.grid
    step_x = fit.paper.width - OVERLAP_MM * POINTS_PER_MM
    step_y = fit.paper.height - OVERLAP_MM * POINTS_PER_MM
    size = max(MIN_TEXT_PT, min(8 * type_unit(fit.paper), fit.names_pt))
    return tuple(canvas.window(fit.paper, column * step_x, row * step_y,
                               _("sheet {n} of {total}: row {row}, column {column}").format(
                                   n=row * columns + column + 1, total=fit.sheets, row=row + 1, column=column + 1), size)
                 for row in range(rows) for column in range(columns))


def _panels(analysis: Analysis, view: View) -> Tuple[object, ...]:
    """The bands a poster of the whole organisation adds above its legend (when it has their figures)."""
    if view.subtitle != full_view(analysis).subtitle:
        return ()  # a team's or a worker's view: the organisation's mirror is not about it
    from .symmetry_panel import symmetry_panel
    panel = symmetry_panel(analysis)
    return (panel,) if panel is not None else ()


def _spread(analysis: Analysis, view: View, aspect: float) -> str:
    """The poster's diagram drawn again in the proportions ``aspect`` (height / width)."""
    return bare_dot(analysis, view, aspect).text


def _filling(fit: Fit, spread: Callable[[float], str]) -> Fit:
    """The fit, its drawing laid out again in the proportions of the room it has, and placed
    in it so that no sheet of a mosaic cuts a text in two (:mod:`.cuts`).

    A drawing flatter than its room (the example hospital on portrait A1) leaves bands of
    blank paper above and below it; one taller than its room (the example on a mosaic of
    three A4 sheets side by side) leaves the last sheet half blank. ``spread`` draws it
    again spread to the room's proportions (chainmap's layout, see
    :func:`~chainmap.render.pages.bare_dot`): its boxes keep their size, so the names print
    as large; by at most :data:`MAX_STRETCH` (two boxes alone would end up at the top and
    the bottom of the sheet).
    """
    candidates = [fit] + _spread_fits(fit, spread)
    if fit.sheets == 1:
        return max(candidates, key=lambda candidate: _filled(candidate))
    placed = [(replace(candidate, page=replace(candidate.page, align=align)), extents)
              for candidate, extents in ((c, text_extents(c.page.drawing)) for c in candidates)
              for align in _alignments(candidate)]
    best, _extents = min(placed, key=lambda item: (_cut(*item), -round(_filled(item[0]), 2),
                                                   abs(item[0].page.align[0] - 0.5) + abs(item[0].page.align[1] - 0.5)))
    return best


def _spread_fits(fit: Fit, spread: Callable[[float], str]) -> List[Fit]:
    """The fit's drawing spread to its room's proportions, at the same scale: none, one or two
    tries (the headings and margins do not stretch: the first can come out a little too tall
    or too wide, and a second aims past it)."""
    _x, _y, width, height = drawing_box(fit.whole, fit.page)
    drawing = fit.page.drawing
    natural = drawing.height / max(drawing.width, 1.0)
    wanted = min(max(height / width, natural / MAX_STRETCH), natural * MAX_STRETCH)
    if abs(wanted - natural) <= 0.02 * natural:
        return []
    fits, aim = [], wanted
    for _attempt in range(2):
        try:
            stretched = layout(spread(aim), WHOLE_DRAWING_TIMEOUT)
        except GraphvizFailed:
            break
        scale = stretched.scale_to_fit(width, height)
        if scale >= fit.scale * 0.999:
            fits.append(replace(fit, page=replace(fit.page, drawing=stretched, cap=NAME_PT * scale), scale=scale))
        drawn = stretched.height / max(stretched.width, 1.0)
        if abs(drawn - wanted) <= 0.01 * wanted:
            break
        aim = 0.99 * aim * wanted / drawn
    return fits


def _filled(fit: Fit) -> float:
    """The share of its room a fit's drawing fills."""
    _x, _y, width, height = drawing_box(fit.whole, fit.page)
    drawing = fit.page.drawing
    return drawing.width * drawing.height * fit.scale * fit.scale / max(width * height, 1.0)


def _alignments(fit: Fit) -> List[Tuple[float, float]]:
    """Where the drawing may stand in its room: centred, or anywhere along the room it leaves free."""
    _x, _y, width, height = drawing_box(fit.whole, fit.page)
    free_x = width - fit.page.drawing.width * fit.scale > 1.0
    free_y = height - fit.page.drawing.height * fit.scale > 1.0
    return [(x, y) for x in (ALIGNMENTS if free_x else (0.5,)) for y in (ALIGNMENTS if free_y else (0.5,))]


def _cut(fit: Fit, extents: Sequence[Extent]) -> int:
    """How many of the drawing's texts (their ``extents``) the mosaic's cuts leave whole on no sheet."""
    left, top = drawing_origin(fit.whole, fit.page)
    return texts_cut(extents, fit.scale, left, top, fit.paper, fit.grid, OVERLAP_MM)


def poster_of(analysis: Analysis, selection: Selection, paper: str = "A1", landscape: Optional[bool] = None,
              title: Optional[str] = None, rules: Optional[FindingFilter] = None,
              sheets: Optional[int] = None) -> Poster:
    """The poster of what :func:`chainmap.render.large.choose` selected for the command's options;
    ``rules``: the findings its "weak links by rule" panel counts (``--severity``, ``--rule``, ``--team``);
    ``sheets``: how many sheets the drawing of teams is spread over (see :func:`make_poster`)."""
    if selection.overview:
        poster = _overview_poster(analysis, paper, landscape, title, rules)
    elif selection.department is not None:
        poster = _one_department_poster(analysis, selection.department, paper, landscape, title, rules)
    else:
        poster = make_poster(analysis, paper, landscape, title, selection.view, rules, sheets)
    notes = [note for note in (selection.notice, poster.note) if note]
    return replace(poster, note="\n".join(notes) or None)


def _overview_poster(analysis: Analysis, paper: str, landscape: Optional[bool], title: Optional[str],
                     rules: Optional[FindingFilter] = None, note: Optional[str] = None) -> Poster:
    """The department overview on one sheet, in the orientation and direction that print it
    largest; refused when even that prints text under 6 pt."""
    teams = list(analysis.org.teams)
    pages = [(chosen, _overview_page(analysis, chosen, title or analysis.org.name, {}, teams, rules=rules))
             for chosen in _sheets(paper, landscape)]
    chosen, page = max(pages, key=lambda item: printed_smallest_font(*item))
    if not fits(chosen, page):
        raise UsageError(_("on {paper}, even the department overview would print text at {size} pt (under {minimum} pt): choose a larger --paper, or print one department with --department NAME").format(
            paper=chosen.name, size=number(round(printed_smallest_font(chosen, page), 1)), minimum=number(MIN_TEXT_PT)))
    return Poster(chosen, (compose_page(chosen, page).svg(),), note)


def _one_department_poster(analysis: Analysis, department: PageOfTeams, paper: str, landscape: Optional[bool],
                           title: Optional[str], rules: Optional[FindingFilter] = None) -> Poster:
    """One department, its links with the others as stubs: one sheet, or as few as keep the text legible."""
    chosen = sheet(paper, True if landscape is None else landscape)
    parts = _parts_that_fit(analysis, chosen, department)
    page_of = {team: str(number) for number, part in enumerate(parts, start=1) for team in part.teams} if len(parts) > 1 else {}
    subtitle = _("Its teams and their links with the rest of the organisation (dashed boxes: teams of other departments)")
    pages = [_team_page(analysis, chosen, part, page_of, title or part.title, subtitle,
                        _meta(analysis, (number, len(parts)) if len(parts) > 1 else None), rules)
             for number, part in enumerate(parts, start=1)]
    return Poster(chosen, tuple(compose_page(chosen, p).svg() for p in pages))


def _team_page(analysis: Analysis, chosen: Sheet, part: PageOfTeams, page_of: Mapping[str, str],
               title: str, subtitle: str, meta: str, rules: Optional[FindingFilter] = None) -> PosterPage:
    """A page of teams, value flowing rightwards or downwards: whichever prints its text larger.

    A page whose teams mostly serve the end clients is a tall column from left to right, and
    a short wide row from top to bottom: on a landscape sheet the second prints larger.
    """
    figures = key_figures(analysis, part.teams, rules)
    return _printing_largest(chosen, [
        PosterPage(title, subtitle, meta, figures, diagram.legend_keys, layout(diagram.text), rules_note=_rules_note(analysis, rules))
        for diagram in (page_dot(analysis, part, page_of, rankdir=rankdir) for rankdir in RANKDIRS)])


def _printing_largest(chosen: Sheet, candidates: Sequence[PosterPage]) -> PosterPage:
    """The candidate page whose smallest text prints largest on ``chosen``."""
    return max(candidates, key=lambda page: printed_smallest_font(chosen, page))


def _small_text_note(chosen: Sheet, page: PosterPage) -> Optional[str]:
    """What to tell the user when even the best sheet prints some text under 6 pt."""
    if fits(chosen, page):
        return None
    return _("on {paper}, the smallest text prints at {size} pt (under {minimum} pt): choose a larger --paper").format(
        paper=chosen.name, size=number(round(printed_smallest_font(chosen, page), 1)), minimum=number(MIN_TEXT_PT))


# Multi-page posters ------------------------------------------------------------------------


def _overview_page(analysis: Analysis, chosen: Sheet, title: str, first_page: Dict[str, str],
                   teams: Sequence[str], page: Optional[Tuple[int, int]] = None,
                   rules: Optional[FindingFilter] = None) -> PosterPage:
    """The overview, value flowing rightwards or downwards: whichever prints its text larger.

    ``first_page`` names each department's page in a multi-page poster (``page`` is then
    this page's number and the total); an overview printed alone has neither.
    """
    subtitle = (_("Departments and the links between them; each department has its own page after this one")
                if first_page else _("Departments and the main links between them"))
    meta, figures = _meta(analysis, page, title), key_figures(analysis, teams, rules)
    return _printing_largest(chosen, [
        PosterPage(title, subtitle, meta, figures, overview.legend_keys, layout(overview.text), rules_note=_rules_note(analysis, rules))
        for overview in (overview_dot(analysis, first_page, rankdir=rankdir) for rankdir in RANKDIRS)])


def _parts_that_fit(analysis: Analysis, chosen: Sheet, group: PageOfTeams) -> List[PageOfTeams]:
    """The department on one page, or split into as few parts as keep every text legible."""
    chunks = _split(analysis, chosen, list(group.teams))
    if len(chunks) == 1:
        return [group]
    return [PageOfTeams(f"{group.title} ({index}/{len(chunks)})", tuple(chunk), group.department)
            for index, chunk in enumerate(chunks, start=1)]


def _split(analysis: Analysis, chosen: Sheet, teams: List[str]) -> List[List[str]]:
    # Stubs name a page; a two-digit placeholder measures them about as wide as the real one.
    placeholder = {team: "00" for team in analysis.org.teams}
    trial = _team_page(analysis, chosen, PageOfTeams("", tuple(teams)), placeholder, "", "", "")
    if len(teams) == 1 or fits(chosen, trial):
        return [teams]
    # Teams close to the end clients stay together: order by chain length, then by id.
    ordered = sorted(teams, key=lambda t: (analysis.chains.distance.get(t, 10 ** 6), t))
    half = len(ordered) // 2
    return _split(analysis, chosen, sorted(ordered[:half])) + _split(analysis, chosen, sorted(ordered[half:]))
