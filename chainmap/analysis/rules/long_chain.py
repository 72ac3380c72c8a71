"""The rule ``long-chain`` (info, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The shortest chain has more than `max_chain_length` links: the client is far from this team."""
    limit = ctx.org.settings.max_chain_length
    steps, members, ids = ctx.chains.steps, ctx.members, ctx.links.ids
    for node in ctx.team_numbers:
        length = steps[node]  # -1: no chain
        if length > limit and length > 0:
            yield team_finding(ctx, "long-chain", ids[node], members[node], length=length, limit=limit)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    return (_("the shortest chain from {team} to an end client has {length} links (more than {limit})").format(length=f.facts["length"], limit=f.facts["limit"], **n),
            _("show {team} the whole chain to the client in a workshop, and look for a shorter route").format(**n))


def badge(finding: Finding) -> str:
    return _("chain of {n} links").format(n=finding.facts.get("length"))


RULE = Rule("long-chain", "info", "team", check, N_("Long chain"), words, badge)
