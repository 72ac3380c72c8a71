"""The rule ``isolated`` (warning, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The team declares no link and nobody declares one with it: nobody knows whom it serves."""
    linked, members, ids = ctx.linked, ctx.members, ctx.links.ids
    for node in ctx.team_numbers:
        if not linked[node]:
            yield team_finding(ctx, "isolated", ids[node], members[node])


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    return (_("{team} declares no client and no supplier, and no team names it").format(**n),
            _("ask {team} to list whom it serves (`clients`) and who serves it (`suppliers`)").format(**n))


def badge(finding: Finding) -> str:
    return _("no link declared")


RULE = Rule("isolated", "warning", "team", check, N_("Isolated team"), words, badge)
