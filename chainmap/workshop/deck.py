"""A deck of workshop cards: which cards, in which order, on which paper.

Cards follow the organisation's order (teams by id, members in file order), so the same
declarations always give the same deck. ``A6`` and ``A5`` put one card per page;
``A4`` puts four A6 cards per page, with cut marks.
"""

from __future__ import annotations

from typing import Callable, List, Optional

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from ..i18n.localise import format_date
from ..render.views import find_team, find_worker, require_member
from .card_draw import draw_card, sheet_of_four
from .cards import Card, team_card, worker_card
from .paper import sheet

__all__ = ["make_cards", "card_pages", "CARD_PAPERS"]

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

    ``progress(done, total)`` follows the cards laid out (5,000 cards: half a minute).
    """
    key = paper.upper()
    if key not in CARD_PAPERS:
        raise UsageError(_("cards are printed on {choices}: `{paper}` is not one of them").format(choices=", ".join(CARD_PAPERS), paper=paper))
    drawn = []
    for done, card in enumerate(cards, 1):
        drawn.append(draw_card(card, sheet("A6" if key == "A4" else key)))
        if progress is not None:
            progress(done, len(cards))
    if key != "A4":
        return [drawing.svg() for drawing in drawn]
    return [sheet_of_four(drawn[i:i + 4]).svg() for i in range(0, len(drawn), 4)]
