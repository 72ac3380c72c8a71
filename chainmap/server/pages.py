"""Browsing: the home page, the live map, the weak links, one page per team, worker and department.

The map is the HTML report itself (:mod:`chainmap.report`: search, diagram with its
highlight, the weak links to sort and filter), served in a frame with the report's own
strict CSP and rebuilt for each new state of the organisation; pages poll a tiny
endpoint that answers "nothing new" (204) until the state changes, so they update
without a reload.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..analysis import Analysis, Finding
from ..render.large import choose
from ..report import build_report, content_security_policy, diagram_svg
from ..report.html import asset
from .render import fragment, page
from .replies import browsing, matches
from .security import principal, session_cookie
from .state import Snapshot

__all__ = ["home", "map_page", "map_frame", "weak_page", "team_page", "worker_page", "department_page",
           "search", "live_map", "live_weak", "team_findings", "sign_in"]


async def home(request: Request) -> Response:
    token = request.query_params.get("token")
    if token is not None:
        return sign_in(request, token)
    who = principal(request)
    if who.kind == "admin":
        return RedirectResponse("/admin", status_code=303)
    if who.kind == "team":
        return RedirectResponse(f"/teams/{who.team}", status_code=303)
    if who.kind == "survey":
        return RedirectResponse("/survey", status_code=303)
    return page(request, "welcome.html", status_code=401)


def sign_in(request: Request, token: str) -> Response:
    """Open a link: a session cookie, then on to the page the link is for.

    The next page is reached by a meta refresh from our own page rather than a redirect: a
    cookie set while arriving from another site (an e-mail) is ``SameSite=Strict``, and a
    redirect would still count as coming from that site.
    """
    store = request.app.state.store
    link = store.link_for(token) if 10 <= len(token) <= 100 else None
    if link is None:
        return page(request, "bad_link.html", status_code=403)
    session_id, _session = store.open_session(link)
    target = {"admin": "/admin", "team": f"/teams/{link.team}", "survey": "/survey"}[link.kind]
    response = page(request, "signed_in.html", target=target, kind=link.kind)
    secure = request.url.scheme == "https" or (request.app.state.config.base_url or "").startswith("https://")
    session_cookie(response, session_id, secure, lasting=link.kind != "admin")
    return response


async def map_page(request: Request) -> Response:
    _who, refused = browsing(request)
    return refused or page(request, "map.html")


class VersionCache:
    """Pages that cost (the report, a team's diagram), kept for the state they were made
    from: a new state makes them anew, a busy page is not drawn twice."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: Dict[Tuple[int, str], Optional[str]] = {}

    def get(self, version: int, key: str, make: Callable[[], Optional[str]]) -> Optional[str]:
        if (version, key) not in self._items:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[(version, key)] = make()
        return self._items[(version, key)]


_CACHE = VersionCache()


async def map_frame(request: Request) -> Response:
    """The report of the current state, in the frame of the map page, with the report's CSP."""
    _who, refused = browsing(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    if snapshot.analysis is None:
        return page(request, "no_org.html")
    analysis = snapshot.analysis
    text = await anyio.to_thread.run_sync(_CACHE.get, snapshot.version, "", lambda: build_report(analysis))
    request.scope["chainmap.csp"] = content_security_policy(asset("report.js")).replace(
        "form-action 'none'", "form-action 'none'; frame-ancestors 'self'")
    return HTMLResponse(text or "")


async def live_map(request: Request) -> Response:
    """The map's frame anew once the state changed (see :func:`_live`)."""
    return await _live(request, "map_frame.html")


async def _live(request: Request, template: str) -> Response:
    """204 while the state is the one the page shows (htmx then leaves it as it is); the
    part of the page anew once the state changed."""
    _who, refused = browsing(request)
    if refused:
        return refused
    if not await _newer(request):
        return Response(status_code=204)
    return fragment(request, template)


async def _newer(request: Request) -> bool:
    """Whether the state is newer than the page's (``v``), waiting a little for it (long poll)."""
    try:
        shown = int(request.query_params.get("v", "0"))
    except ValueError:
        shown = 0
    return await request.app.state.live.wait_newer(shown, timeout=0.5 if shown else 0)


async def weak_page(request: Request) -> Response:
    _who, refused = browsing(request)
    return refused or page(request, "weak.html")


async def live_weak(request: Request) -> Response:
    """The list of weak links anew once the state changed (see :func:`_live`)."""
    return await _live(request, "weak_list.html")


def team_findings(snapshot: Snapshot, team_id: str) -> List[Finding]:
    return list(snapshot.findings_of(team_id))


def _focus_svg(analysis: Analysis, team_id: str) -> Optional[str]:
    svg, _problem = diagram_svg(analysis, selection=choose(analysis, focus=team_id, depth=1))
    return svg


async def team_diagram(request: Request) -> Response:
    _who, refused = browsing(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    team_id = request.path_params["team"]
    if snapshot.analysis is None or team_id not in snapshot.analysis.org.teams:
        return HTMLResponse("", status_code=404)
    analysis = snapshot.analysis
    svg = await anyio.to_thread.run_sync(_CACHE.get, snapshot.version, "team:" + team_id,
                                         lambda: _focus_svg(analysis, team_id))
    return HTMLResponse(f'<figure class="diagram">{svg}</figure>' if svg else "")


async def team_page(request: Request) -> Response:
    who, refused = browsing(request)
    if refused:
        return refused
    from .editing import team_form_context
    team_id = request.path_params["team"]
    snapshot: Snapshot = request.app.state.org.snapshot
    file = snapshot.team_file(team_id)
    faulty = {path: problems for path, problems in snapshot.faulty.items()
              if (found := snapshot.files.get(path)) is not None and found.team is not None and found.team.id == team_id}
    if (snapshot.org is None or team_id not in snapshot.org.teams) and not faulty:
        return page(request, "not_found.html", status_code=404)
    context = team_form_context(request, snapshot, team_id) if who.may_edit(team_id) and file else {}
    return page(request, "team.html", team_id=team_id, faulty=faulty, **context)


async def worker_page(request: Request) -> Response:
    _who, refused = browsing(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    worker_id = request.path_params["worker"]
    if snapshot.org is None or worker_id not in snapshot.org.workers:
        return page(request, "not_found.html", status_code=404)
    return page(request, "worker.html", worker=snapshot.org.workers[worker_id])


async def department_page(request: Request) -> Response:
    _who, refused = browsing(request)
    if refused:
        return refused
    snapshot: Snapshot = request.app.state.org.snapshot
    name = request.path_params["name"]
    teams = [t for t in snapshot.org.teams.values() if (t.department or "") == name] if snapshot.org else []
    if not teams:
        return page(request, "not_found.html", status_code=404)
    return page(request, "department.html", department=name, teams=teams)


async def search(request: Request) -> Response:
    _who, refused = browsing(request)
    if refused:
        return refused
    typed = request.query_params.get("q", "")[:200]
    return fragment(request, "search_results.html", results=matches(request.app.state.org.snapshot, typed), typed=typed)


async def no_icon(request: Request) -> Response:
    """Browsers ask for an icon: there is none, and saying so keeps their consoles clean."""
    return Response(status_code=204)


async def team_findings_fragment(request: Request) -> Response:
    """The team's weak links, once the state includes the save ``after`` (so a page that
    follows a save shows its effect, without making the save itself wait)."""
    _who, refused = browsing(request)
    if refused:
        return refused
    after = request.query_params.get("after", "0")
    if after.isdigit() and int(after):
        await request.app.state.live.wait_written(int(after), timeout=10.0)
    return fragment(request, "_team_findings.html", team_id=request.path_params["team"])
