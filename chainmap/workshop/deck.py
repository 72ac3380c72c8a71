"""A deck of workshop cards: which cards, in which order, on which paper.

Cards follow the organisation's order (teams by id, members in file order), so the same
declarations always give the same deck. ``A6`` and ``A5`` put one card per page;
``A4`` puts four A6 cards per page, with cut marks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Optional

from ..analysis import Analysis
from ..errors import UsageError
from ..files.fingerprint import write_drawing
from ..i18n import _
from ..i18n.localise import format_date
from ..render.views import find_team, find_worker, require_member
from .card_draw import cut_marks, draw_card, place_on_sheet_of_four, sheet_of_four
from .cards import Card, team_card, worker_card
from .page_files import PageFiles
from .paper import sheet

__all__ = ["make_cards", "card_pages", "card_pdf", "write_card_pdf", "CARD_PAPERS"]

CARD_PAPERS = ("A6", "A5", "A4")


def make_cards(analysis: Analysis, per: str = "worker", team: Optional[str] = None,
               worker: Optional[str] = None) -> List[Card]:
    """The cards of every worker (or team), or only of one team's members, or of one worker."""
    org = analysis.org
    date_text = format_date(analysis.as_of)
    if team is not None:
        team = find_team(analysis, team)
    if per == "team":
        if worker is not None:
            raise UsageError(_("--worker selects a worker's card: use it with --per worker"))
        teams = [team] if team is not None else list(org.teams)
        return [team_card(analysis, t, date_text) for t in teams]
    workers = list(org.workers)
    if worker is not None:
        workers = [find_worker(analysis, worker)]
    if team is not None:
        if worker is not None:
            require_member(analysis, workers[0], team)
        members = {m.id for m in org.teams[team].members}
        workers = [w for w in workers if w in members]
    if not workers:
        raise UsageError(_("no worker to make a card for: the selection is empty (check --team and --worker, or list members in the team files)"))
    return [worker_card(analysis, w, date_text) for w in workers]


def card_pages(cards: List[Card], paper: str = "A6",
               progress: Optional[Callable[[int, int], None]] = None) -> List[str]:
    """The SVG pages of the deck: one card per page, or four per A4 page.

    ``progress(done, total)`` follows the cards laid out.
    """
    key = _paper(paper)
    drawn = []
    for done, card in enumerate(cards, 1):
        drawn.append(draw_card(card, sheet("A6" if key == "A4" else key)))
        if progress is not None:
            progress(done, len(cards))
    if key != "A4":
        return [drawing.svg() for drawing in drawn]  # type: ignore[union-attr]
    return [sheet_of_four(drawn[i:i + 4]).svg() for i in range(0, len(drawn), 4)]  # type: ignore[arg-type]


def card_pdf(cards: List[Card], paper: str = "A6", progress: Optional[Callable[[int, int], None]] = None,
             title: str = "") -> bytes:
    """The deck as one PDF, each card drawn straight onto its page (no SVG, no conversion).

    The pages are those of :func:`card_pages` converted by CairoSVG, drawn another way
    (:mod:`chainmap.workshop.pdf_canvas`). ``progress(done, total)`` follows the cards drawn.
    """
    from .pdf_canvas import PdfDocument

    key = _paper(paper)
    document = PdfDocument(title)
    card_sheet = sheet("A6" if key == "A4" else key)
    per_page = 4 if key == "A4" else 1
    for first in range(0, len(cards), per_page):
        page = document.page(sheet(key))
        for index, card in enumerate(cards[first:first + per_page]):
            draw_card(card, card_sheet, page.at(*place_on_sheet_of_four(page.page, index), card_sheet) if per_page > 1 else page)
            if progress is not None:
                progress(first + index + 1, len(cards))
        if per_page > 1:
            cut_marks(page)  # over the cards, as on the SVG sheet
    return document.finish()


def write_card_pdf(cards: List[Card], paper: str, output: Path, progress: Optional[Callable[[int, int], None]] = None,
                   title: str = "") -> PageFiles:
    """:func:`card_pdf` written to ``output`` (with chainmap's fingerprint, as every drawing)."""
    write_drawing(output, card_pdf(cards, paper, progress, title))
    return PageFiles(written=[output])


def _paper(paper: str) -> str:
    key = paper.upper()
    if key not in CARD_PAPERS:
        raise UsageError(_("cards are printed on {choices}: `{paper}` is not one of them").format(choices=", ".join(CARD_PAPERS), paper=paper))
    return key
