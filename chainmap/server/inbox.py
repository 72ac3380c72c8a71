"""A team's inbox: the links others declare with it that it does not, and its own findings.

"Brancardage says it serves you: confirm, or decline with a reason." Confirming writes the
team's own file (the other team's entry, added to its ``suppliers`` or ``clients``).
Declining writes no file: the reason is recorded, journaled, and shown to the declaring
team, whose link stays one-sided until one of the two files changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from starlette.requests import Request
from starlette.responses import Response

from ..i18n import _
from ..model import Link
from .draft import LinkDraft
from .editing import save_draft
from .pages import team_findings
from .render import page
from .replies import browsing, forbidden
from .security import csrf_ok, principal
from .state import Snapshot
from .store import Decline

__all__ = ["inbox_page", "confirm_link", "decline_link", "addressed_to", "MAX_REASON"]

MAX_REASON = 1000


@dataclass(frozen=True)
class Request_:
    """One link another team declares with this one: ``role`` is what this team would be."""

    link: Link
    other: str
    role: str  # "client": the other says it serves us; "supplier": the other says we serve it
    declined: Optional[Decline] = None


def addressed_to(snapshot: Snapshot, team_id: str, declines: List[Decline]) -> List[Request_]:
    """The one-sided links declared by another team with ``team_id``, newest decline attached."""
    if snapshot.org is None:
        return []
    declined: Dict[tuple, Decline] = {(d.supplier, d.client): d for d in declines if d.by_team == team_id}
    found = []
    for link in snapshot.org.links:
        if link.declared_by == "supplier" and link.client == team_id and not link.to_end_client:
            found.append(Request_(link, link.supplier, "client", declined.get((link.supplier, link.client))))
        elif link.declared_by == "client" and link.supplier == team_id:
            found.append(Request_(link, link.client, "supplier", declined.get((link.supplier, link.client))))
    return found


def declined_by_others(snapshot: Snapshot, team_id: str, declines: List[Decline]) -> List[Decline]:
    """Declines of links this team declares that are still one-sided."""
    if snapshot.org is None:
        return []
    live = {(link.supplier, link.client) for link in snapshot.org.links if not link.confirmed}
    latest: Dict[tuple, Decline] = {}
    for decline in declines:
        if decline.by_team != team_id and (decline.supplier, decline.client) in live:
            latest[(decline.supplier, decline.client)] = decline
    return list(latest.values())


async def inbox_page(request: Request) -> Response:
    who, refused = browsing(request)
    if refused:
        return refused
    team_id = request.path_params["team"]
    after = request.query_params.get("after", "")
    if after.isdigit():  # just confirmed: show the state that includes it
        await request.app.state.live.wait_written(int(after), timeout=5.0)
    snapshot: Snapshot = request.app.state.org.snapshot
    if snapshot.org is None or team_id not in snapshot.org.teams:
        return page(request, "not_found.html", status_code=404)
    declines = request.app.state.store.declines(team_id)
    return page(request, "inbox.html", team_id=team_id, requests=addressed_to(snapshot, team_id, declines),
                declined=declined_by_others(snapshot, team_id, declines), findings=team_findings(snapshot, team_id),
                may_answer=who.may_edit(team_id) and snapshot.editable(team_id), notice=request.query_params.get("done"))


async def _checked(request: Request) -> tuple:
    """(team, form, refusal): a write to this team's inbox, refused unless its link or the admin's."""
    team_id = request.path_params["team"]
    who = principal(request)
    if not who.may_edit(team_id):
        return team_id, {}, forbidden(request)
    form = dict(await request.form(max_fields=20, max_files=0))
    if not csrf_ok(request, who, form):
        return team_id, form, forbidden(request)
    return team_id, {k: str(v) for k, v in form.items()}, None


def _pending(snapshot: Snapshot, team_id: str, other: str, role: str) -> Optional[Link]:
    for item in addressed_to(snapshot, team_id, []):
        if item.other == other and item.role == role:
            return item.link
    return None


async def confirm_link(request: Request) -> Response:
    team_id, form, refused = await _checked(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    link = _pending(snapshot, team_id, form.get("other", ""), form.get("role", ""))
    file = snapshot.team_file(team_id)
    if link is None or file is None or not snapshot.editable(team_id):
        return _back(request, team_id, "gone")
    from .editing import on_disk
    _data, current = on_disk(request.app.state.org.root / file.relative)
    what = form.get("what", "")[:500] or (link.what_supplier or link.what_client or "")
    if form.get("role") == "client":  # the other serves us: it becomes one of our suppliers
        row = LinkDraft(link.supplier, what, form.get("satisfaction", "")[:10])
        draft = current.with_rows("suppliers", (*current.suppliers, row))
    else:
        draft = current.with_rows("clients", (*current.clients, LinkDraft(link.client, what)))
    detail = f"confirmed {link.supplier} -> {link.client}"
    outcome = await save_draft(request, principal(request), team_id, draft, None, "confirmed", detail)
    if outcome.kind == "invalid":
        return page(request, "team.html", status_code=422, team_id=team_id, faulty={}, draft=draft, base="",
                    problems=outcome.check.problems if outcome.check else {}, file=file.relative)
    return _back(request, team_id, "confirmed", outcome.written)


async def decline_link(request: Request) -> Response:
    team_id, form, refused = await _checked(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    link = _pending(snapshot, team_id, form.get("other", ""), form.get("role", ""))
    reason = " ".join(form.get("reason", "").split())[:MAX_REASON]
    if link is None:
        return _back(request, team_id, "gone")
    if not reason:
        return _back(request, team_id, "reason")
    store = request.app.state.store
    store.decline(link.supplier, link.client, team_id, reason)
    store.journal(principal(request).actor, "declined", None, team_id,
                  f"declined {link.supplier} -> {link.client}: {reason}")
    return _back(request, team_id, "declined")


def _back(request: Request, team_id: str, done: str, written: int = 0) -> Response:
    from starlette.responses import RedirectResponse
    suffix = f"&after={written}" if written else ""
    return RedirectResponse(f"/teams/{team_id}/inbox?done={done}{suffix}", status_code=303)


def inbox_words() -> Dict[str, str]:
    return {
        "confirmed": _("Confirmed: the link is now in your team's file."),
        "declined": _("Declined: the other team will see your reason."),
        "gone": _("That link is no longer waiting for an answer (it was confirmed or removed meanwhile)."),
        "reason": _("Please say why you decline: the other team will read it."),
    }
