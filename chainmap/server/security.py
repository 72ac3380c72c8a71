"""Who may do what, and the headers every page carries.

Conventions people already know: a tokenised admin URL for a local server (as Jupyter
prints one), and invitation links for teams. Opening a link starts a session: a random id
in a cookie (``HttpOnly``, ``SameSite=Strict``, ``Secure`` behind HTTPS) whose SHA-256 only
is stored, tied to the link, so revoking the link ends it. Every write carries the session's
CSRF token (a form field, or htmx's header) and must come from our own origin. A team link
may write to its own team only; any other write gets the same 403, whether the other team
exists or not. Pages allow no script but ours, from our own origin (a strict CSP).
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, MutableMapping, Optional

from starlette.requests import Request
from starlette.responses import Response

from ..i18n import _
from .store import Session, Store

__all__ = ["Principal", "principal", "csrf_ok", "COOKIE", "CSP", "SecurityHeaders", "session_cookie", "NOBODY"]

COOKIE = "chainmap_session"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'")
log = logging.getLogger("chainmap.server")


@dataclass(frozen=True)
class Principal:
    """Whoever is asking: ``kind`` is ``admin``, ``team``, ``survey`` or ``nobody``."""

    kind: str
    team: Optional[str] = None
    link: int = 0
    csrf: str = ""

    @property
    def browses(self) -> bool:
        """Admins and team links see the whole map; a survey link sees its survey only."""
        return self.kind in ("admin", "team")

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"

    def may_edit(self, team_id: str) -> bool:
        """Edit a team's declaration, confirm or decline the links addressed to it."""
        return self.kind == "admin" or (self.kind == "team" and self.team == team_id)

    @property
    def actor(self) -> str:
        """Who made a change, as the journal records it (which link; never its token)."""
        if self.kind == "admin":
            return f"admin (link #{self.link})"
        return f"{self.kind} link #{self.link} ({self.team})"


NOBODY = Principal("nobody")


def principal(request: Request) -> Principal:
    """The principal of a request, from its session cookie (looked up once per request)."""
    cached = request.scope.get("chainmap.principal")
    if cached is not None:
        return cached
    store: Store = request.app.state.store
    session_id = request.cookies.get(COOKIE, "")
    session: Optional[Session] = store.session(session_id) if 20 <= len(session_id) <= 100 else None
    found = Principal(session.kind, session.team, session.link, session.csrf) if session else NOBODY
    request.scope["chainmap.principal"] = found
    return found


def csrf_ok(request: Request, who: Principal, form: Optional[Dict[str, Any]] = None) -> bool:
    """The write carries the session's token, and comes from our own origin (when the browser says)."""
    sent = request.headers.get("x-csrf-token") or (str((form or {}).get("csrf", "")))
    if not who.csrf or not hmac.compare_digest(sent.encode(), who.csrf.encode()):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        ours = {request.headers.get("host", "")}
        base = request.app.state.config.base_url  # behind a proxy that rewrites Host
        if base:
            ours.add(base.split("://", 1)[-1].split("/", 1)[0])
        return origin.split("://", 1)[-1] in ours
    return True


def session_cookie(response: Response, session_id: str, secure: bool, lasting: bool) -> None:
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="strict", secure=secure, path="/",
                        max_age=30 * 24 * 3600 if lasting else None)


Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class SecurityHeaders:
    """Add the security headers to every response, and log each request without its query
    (an invitation's token travels in the query of the first request: it never reaches a log)."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                csp = scope.get("chainmap.csp", CSP)
                headers += [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"SAMEORIGIN"),
                            (b"cross-origin-opener-policy", b"same-origin"), (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
        log.info("%s %s %s %.0f ms", scope.get("method"), scope.get("path"), status, (time.monotonic() - started) * 1000)


def refused_words() -> Dict[str, str]:
    """What a refused request reads: the same words whatever was refused."""
    return {
        "title": _("Not allowed"),
        "text": _("This link does not allow that. Each team's link lets it edit its own team, answer its own survey "
                  "and confirm the links addressed to it. Ask the facilitator if you need more."),
    }
