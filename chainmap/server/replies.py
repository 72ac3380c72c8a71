"""The answers many pages share: the one refusal, the check that a link may browse, the search of names."""

from __future__ import annotations

from typing import List, Optional, Tuple

from starlette.requests import Request
from starlette.responses import Response

from ..names import comparable
from .render import page
from .security import Principal, principal, refused_words
from .state import Snapshot

__all__ = ["forbidden", "browsing", "matches"]


def forbidden(request: Request) -> Response:
    """The one answer to anything a link may not do: it says nothing about what exists."""
    return page(request, "refused.html", status_code=403, words=refused_words())


def browsing(request: Request) -> Tuple[Principal, Optional[Response]]:
    who = principal(request)
    if not who.browses:
        return who, (page(request, "welcome.html", status_code=401) if who.kind == "nobody" else forbidden(request))
    return who, None


def matches(snapshot: Snapshot, typed: str, limit: int = 12) -> List[Tuple[str, str, str]]:
    """(kind, id, name) of the teams, end clients and workers whose name or id contains the text."""
    org = snapshot.org
    wanted = comparable(typed)
    if org is None or not wanted:
        return []
    found: List[Tuple[str, str, str]] = []
    for kind, items in (("team", ((t.id, t.name) for t in org.teams.values())),
                        ("end", ((c.id, c.name) for c in org.end_clients.values())),
                        ("worker", ((w, org.workers[w].name) for w in org.workers))):
        for identifier, name in items:
            if wanted in comparable(name) or wanted in identifier:
                found.append((kind, identifier, name))
                if len(found) >= limit:
                    return found
    return found
