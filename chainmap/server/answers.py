"""Satisfaction in the browser: a team's anonymous survey link, and its figures.

Members of a team open their team's survey link and rate each supplier of their team (and,
if they wish, their team as a place to work: the eNPS question). Each browser is one
respondent: answering again replaces its earlier answers. Answers are stored without who,
when exactly or from where; figures come from :func:`chainmap.survey.compute_overlay`,
the very code of ``chainmap survey``, so a link shows a mean and an NPS only from
``--min-responses`` answers, and the overlay written is the one ``chainmap survey`` writes.
No page, export or error shows an individual answer.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..files.safe_write import write_text
from ..i18n import _
from ..model import Org
from ..survey import Overlay, compute_overlay, overlay_yaml, parse_score
from ..survey.tables import Table
from .render import page
from .replies import forbidden
from .security import COOKIE, csrf_ok, principal
from .state import Snapshot
from .store import Store, hashed

__all__ = ["survey_page", "survey_answer", "current_overlay", "write_overlay", "suppliers_rated_by"]

ENPS = "__enps__"


def suppliers_rated_by(snapshot: Snapshot, team_id: str) -> List[Tuple[str, str]]:
    """(id, name) of the teams that serve ``team_id``, as the map knows them."""
    org = snapshot.org
    if org is None:
        return []
    return [(link.supplier, org.display_name(link.supplier)) for link in org.links if link.client == team_id]


def _answers_for(kind: str) -> bool:
    """A team's survey link, and its lead's link (a lead is a member too), answer its survey."""
    return kind in ("survey", "team")


async def survey_page(request: Request) -> Response:
    who = principal(request)
    if not _answers_for(who.kind) or who.team is None:
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    store: Store = request.app.state.store
    answered = store.answered(_respondent(request), who.team)
    return page(request, "survey.html", team=who.team, suppliers=suppliers_rated_by(snapshot, who.team),
                answered=answered, problems={}, thanks=request.query_params.get("thanks") == "1")


def _respondent(request: Request) -> str:
    """A browser, as the answers know it: a hash of its session (never the session itself)."""
    return hashed("respondent:" + request.cookies.get(COOKIE, ""))


async def survey_answer(request: Request) -> Response:
    who = principal(request)
    if not _answers_for(who.kind) or who.team is None:
        return forbidden(request)
    form = {k: str(v) for k, v in (await request.form(max_fields=2000, max_files=0)).items()}
    if not csrf_ok(request, who, form):
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    suppliers = dict(suppliers_rated_by(snapshot, who.team))
    scores: Dict[Optional[str], float] = {}
    problems: Dict[str, str] = {}
    for key in [*suppliers, ENPS]:
        typed = form.get(f"score-{key}", "").strip()
        try:
            score = parse_score(typed)
        except ValueError:
            problems[key] = _("a score is a number from 0 to 10, such as 7 or 7.5")
            continue
        if score is not None:
            scores[None if key == ENPS else key] = score
    if problems or not scores:
        return page(request, "survey.html", status_code=422, team=who.team, suppliers=list(suppliers.items()),
                    answered=False, problems=problems or {"": _("give at least one score")}, thanks=False)
    request.app.state.store.answer(_respondent(request), who.team, scores, request.app.state.config.today())
    return RedirectResponse("/survey?thanks=1", status_code=303)


def current_overlay(org: Org, store: Store, min_responses: int) -> Optional[Overlay]:
    """The overlay of every answer so far (``None``: no answer yet)."""
    rated: List[Tuple[int, Tuple[str, str, float, str]]] = []
    enps: List[Tuple[int, Tuple[str, float, str]]] = []
    for team, supplier, score, day in store.all_answers():
        if supplier is None:
            enps.append((len(enps) + 2, (team, score, day)))
        else:
            rated.append((len(rated) + 2, (team, supplier, score, day)))
    if not rated and not enps:
        return None
    tables = []
    if rated:
        tables.append(Table("browser", ("team", "supplier", "score", "date"), tuple(rated)))
    if enps:
        tables.append(Table("browser-enps", ("team", "score", "date"), tuple(enps)))
    columns: Dict[str, Optional[str]] = {"team": "team", "supplier": None, "score": "score", "comment": None}
    result = compute_overlay(org, [t for t in tables if "supplier" in t.headers], {**columns, "supplier": "supplier"},
                             min_responses) if rated else None
    enps_result = compute_overlay(org, [t for t in tables if "supplier" not in t.headers], columns, min_responses,
                                  kind="enps") if enps else None
    return _together(result.overlay if result else None, enps_result.overlay if enps_result else None)


def _together(links: Optional[Overlay], teams: Optional[Overlay]) -> Optional[Overlay]:
    from dataclasses import replace
    if links is None or teams is None:
        return links or teams
    return replace(links, date=max(links.date, teams.date), sources=("browser",), teams=teams.teams,
                   unknown=links.unknown + teams.unknown, unknown_texts=links.unknown_texts + teams.unknown_texts)


async def write_overlay(request: Request) -> Response:
    """Admin: write the survey's overlay where ``--survey-output`` says (as ``chainmap survey`` would)."""
    who = principal(request)
    form = {k: str(v) for k, v in (await request.form(max_fields=10, max_files=0)).items()}
    if not who.is_admin or not csrf_ok(request, who, form):
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    config = request.app.state.config
    overlay = current_overlay(snapshot.org, request.app.state.store, config.min_responses) if snapshot.org else None
    if overlay is None:
        return RedirectResponse("/admin/survey?written=none", status_code=303)
    path = config.overlay_path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = overlay_yaml(overlay, path.name)
    write_text(path, text)
    request.app.state.store.journal(who.actor, "wrote the survey overlay", str(path), None, None, None, text)
    return RedirectResponse("/admin/survey?written=1", status_code=303)
