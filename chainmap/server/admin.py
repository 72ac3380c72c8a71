"""The facilitator's pages: the live dashboard, the links, the journal and the survey's figures."""

from __future__ import annotations

from typing import List, Optional

from starlette.requests import Request
from starlette.responses import Response

from .answers import current_overlay
from .invitations import invitation_url
from .render import page
from .replies import forbidden
from .security import Principal, csrf_ok, principal
from .state import Snapshot
from .store import Link, Store

__all__ = ["dashboard", "links_page", "new_link", "revoke_link", "journal_page", "survey_results"]


def _admin(request: Request) -> Optional[Principal]:
    who = principal(request)
    return who if who.is_admin else None


async def dashboard(request: Request) -> Response:
    if _admin(request) is None:
        return forbidden(request)
    return page(request, "admin.html", last_cost=request.app.state.live.last_cost)


async def links_page(request: Request) -> Response:
    if _admin(request) is None:
        return forbidden(request)
    store = request.app.state.store
    return page(request, "links.html", links=_team_links(store),
                fresh=None)


async def new_link(request: Request) -> Response:
    """Issue a team's edit or survey link anew (the earlier one stops working); shown once."""
    who = _admin(request)
    form = {k: str(v) for k, v in (await request.form(max_fields=10, max_files=0)).items()}
    if who is None or not csrf_ok(request, who, form):
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    team, kind = form.get("team", ""), form.get("kind", "team")
    if snapshot.org is None or team not in snapshot.org.teams or kind not in ("team", "survey"):
        return page(request, "not_found.html", status_code=404)
    store = request.app.state.store
    link, token = store.issue(kind, team)
    store.journal(who.actor, "issued a link", None, team, f"{kind} link #{link.id}")
    url = invitation_url(request.app.state.config.url(request.app.state.port), token)
    return page(request, "links.html", links=_team_links(store), fresh=(team, kind, url))


async def revoke_link(request: Request) -> Response:
    who = _admin(request)
    form = {k: str(v) for k, v in (await request.form(max_fields=10, max_files=0)).items()}
    if who is None or not csrf_ok(request, who, form):
        return forbidden(request)
    store = request.app.state.store
    link_id = int(form["link"]) if form.get("link", "").isdigit() else 0
    store.revoke(link_id)
    store.journal(who.actor, "revoked a link", None, None, f"link #{link_id}")
    return page(request, "links.html", links=_team_links(store), fresh=None)


async def journal_page(request: Request) -> Response:
    if _admin(request) is None:
        return forbidden(request)
    team = request.query_params.get("team") or None
    return page(request, "journal.html", entries=request.app.state.store.entries(200, team), team=team)


async def survey_results(request: Request) -> Response:
    """Per link: the number of answers, and the mean and NPS once there are enough of them."""
    if _admin(request) is None:
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    config = request.app.state.config
    overlay = current_overlay(snapshot.org, request.app.state.store, config.min_responses) if snapshot.org else None
    return page(request, "survey_results.html", overlay=overlay, min_responses=config.min_responses,
                overlay_path=str(config.overlay_path), written=request.query_params.get("written"))


def _team_links(store: Store) -> List[Link]:
    """The teams' links (the admin's own is not listed: it changes at every start)."""
    return [link for link in store.links() if link.kind != "admin"]
