"""The rule ``no-members`` (info, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The team lists nobody: its chain exists on paper only, or its file is incomplete."""
    members, ids = ctx.members, ctx.links.ids
    for node in ctx.team_numbers:
        if not members[node]:
            yield team_finding(ctx, "no-members", ids[node], 0)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    return (_("{team} lists no member").format(**n),
            _("add the workers of {team} to `members`, or remove the team if it no longer exists").format(**n))


RULE = Rule("no-members", "info", "team", check, N_("No members"), words)
