"""The rule ``broken-chain`` (error, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The team has links, but none of them leads to an end client: its work reaches no client."""
    steps, linked, members, ids = ctx.chains.steps, ctx.linked, ctx.members, ctx.links.ids
    for node in ctx.team_numbers:
        if steps[node] < 0 and linked[node]:
            yield team_finding(ctx, "broken-chain", ids[node], members[node])


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    return (_("{team} has links, but none of them leads to an end client: its work reaches no client").format(**n),
            _("ask {team} whom its work finally serves, and add that client to its `clients` (or the missing link further down the chain)").format(**n))


def badge(finding: Finding) -> str:
    return _("✗ reaches no end client")


RULE = Rule("broken-chain", "error", "team", check, N_("Broken chain"), words, badge)
