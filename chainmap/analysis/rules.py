"""The ten rules of FORMAT.md §3, one function each, in one registry.

Each rule receives the :class:`Context` (the organisation, the chains, the teams each
team carries) and yields :class:`~chainmap.analysis.findings.Finding` objects. Adding a rule
means writing one function and adding one line to :data:`RULES`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Set

from ..model import Org
from ..names import NearestId
from .chains import Chains
from .findings import Finding

__all__ = ["Context", "Rule", "RULES"]


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at; built once per analysis."""

    org: Org
    chains: Chains
    carried: Dict[str, List[str]]
    as_of: dt.date
    linked_teams: Set[str]

    def has_link(self, team_id: str) -> bool:
        """True when the team declares a link, or another team declares one with it.

        Every declared link counts here, one-sided ones too (even with --confirmed-only):
        a team is isolated only when nobody mentions it at all.
        """
        return team_id in self.linked_teams


def team_finding(ctx: Context, rule: str, team: str, affected: Optional[int] = None, **facts) -> Finding:
    # A team's members are distinct (the loader refuses a worker listed twice in one team),
    # so counting them needs no set: only several teams' members (SPOF) need Org.workers_of.
    count = len(ctx.org.members_of(team)) if affected is None else affected
    return Finding(rule, SEVERITY[rule], team=team, workers_affected=count, facts=facts)


def link_finding(ctx: Context, rule: str, supplier: str, client: str, declared_by: Optional[str] = None, **facts) -> Finding:
    return Finding(rule, SEVERITY[rule], supplier=supplier, client=client, declared_by=declared_by,
                   workers_affected=len(ctx.org.members_of(supplier)), facts=facts)


def unknown_reference(ctx: Context) -> Iterator[Finding]:
    """A `clients`/`suppliers` entry names an id that exists nowhere: a typo, or a team that is gone.

    The hint for a missing client may be a team or an end client; for a missing supplier,
    only a team: an end client is never a supplier (FORMAT.md §1).
    """
    nearest = {"client": NearestId(list(ctx.org.teams) + list(ctx.org.end_clients))}
    for ref in ctx.org.unknown_references:
        where = str(ref.source) if ref.source else None
        side = "supplier" if ref.missing == ref.supplier else "client"
        if side not in nearest:
            nearest[side] = NearestId(ctx.org.teams)
        yield link_finding(ctx, "unknown-reference", ref.supplier, ref.client,
                           missing=ref.missing, declared_in=ref.declared_in, where=where,
                           suggestion=nearest[side](ref.missing))


def broken_chain(ctx: Context) -> Iterator[Finding]:
    """The team has links, but none of them leads to an end client: its work reaches no client."""
    for team_id in ctx.org.teams:
        if not ctx.chains.has_chain(team_id) and ctx.has_link(team_id):
            yield team_finding(ctx, "broken-chain", team_id)


def isolated(ctx: Context) -> Iterator[Finding]:
    """The team declares no link and nobody declares one with it: nobody knows whom it serves."""
    for team_id in ctx.org.teams:
        if not ctx.has_link(team_id):
            yield team_finding(ctx, "isolated", team_id)


def one_sided(ctx: Context) -> Iterator[Finding]:
    """Only one side declares the link: the two teams do not see their relation the same way."""
    for link in ctx.org.links:
        if not link.confirmed:
            yield link_finding(ctx, "one-sided", link.supplier, link.client, link.declared_by)


def low_satisfaction(ctx: Context) -> Iterator[Finding]:
    """The client rates the link below `min_satisfaction`: it is poorly served."""
    threshold = ctx.org.settings.min_satisfaction
    for link in ctx.org.links:
        if link.satisfaction is not None and link.satisfaction < threshold:
            yield link_finding(ctx, "low-satisfaction", link.supplier, link.client,
                               satisfaction=link.satisfaction, threshold=threshold)


def single_point_of_failure(ctx: Context) -> Iterator[Finding]:
    """Every chain of `spof_min_teams`+ other teams passes through this team: if it fails, they are cut off."""
    for team_id, carried in ctx.carried.items():
        if len(carried) >= ctx.org.settings.spof_min_teams:
            yield team_finding(ctx, "single-point-of-failure", team_id,
                               ctx.org.workers_of([team_id, *carried]), carried=carried)


def attention_asymmetry(ctx: Context) -> Iterator[Finding]:
    """A frontline team, facing an end client, is itself poorly served (satisfaction) or unhappy (eNPS)."""
    settings = ctx.org.settings
    frontline = {link.supplier for link in ctx.org.links if link.to_end_client}
    scores: Dict[str, List[float]] = {}
    for link in ctx.org.links:
        if link.satisfaction is not None and link.client in frontline:  # the scores a frontline team gives
            scores.setdefault(link.client, []).append(link.satisfaction)
    for team_id in sorted(frontline):
        rated = scores.get(team_id, [])
        mean = sum(rated) / len(rated) if rated else None
        enps = ctx.org.teams[team_id].enps
        poorly_served = mean is not None and mean < settings.min_satisfaction
        unhappy = enps is not None and enps < settings.min_enps
        if poorly_served or unhappy:
            yield team_finding(ctx, "attention-asymmetry", team_id,
                               mean_satisfaction=_shown_below(mean, settings.min_satisfaction) if poorly_served else None,
                               enps=enps if unhappy else None,
                               min_satisfaction=settings.min_satisfaction, min_enps=settings.min_enps)


def _shown_below(mean: Optional[float], threshold: float) -> Optional[float]:
    """The mean to two decimals, as findings show it, but never rounded up to the threshold it is below.

    >>> _shown_below(6.4567, 7), _shown_below(6.996, 7)
    (6.46, 6.99)
    """
    if mean is None:
        return None
    shown = round(mean, 2)
    return shown if shown < threshold else math.floor(mean * 100) / 100


def long_chain(ctx: Context) -> Iterator[Finding]:
    """The shortest chain has more than `max_chain_length` links: the client is far from this team."""
    limit = ctx.org.settings.max_chain_length
    for team_id in ctx.org.teams:
        length = ctx.chains.length(team_id)
        if length is not None and length > limit:
            yield team_finding(ctx, "long-chain", team_id, length=length, limit=limit)


def stale(ctx: Context) -> Iterator[Finding]:
    """The team has not reviewed its declaration for more than `stale_after_days` days."""
    limit = ctx.org.settings.stale_after_days
    try:
        last_fresh_day = ctx.as_of - dt.timedelta(days=limit)
    except OverflowError:  # a limit longer than the calendar: no review is that old
        return
    for team_id, team in ctx.org.teams.items():
        if team.reviewed is not None and team.reviewed < last_fresh_day:
            yield team_finding(ctx, "stale", team_id, reviewed=team.reviewed.isoformat(),
                               days=(ctx.as_of - team.reviewed).days, limit=limit)


def no_members(ctx: Context) -> Iterator[Finding]:
    """The team lists nobody: its chain exists on paper only, or its file is incomplete."""
    for team_id, team in ctx.org.teams.items():
        if not team.members:
            yield team_finding(ctx, "no-members", team_id)


class Rule(NamedTuple):
    """A rule as FORMAT.md §3's table lists it: its name, its severity, what it is about."""

    name: str
    severity: str
    subject: str  # "team" or "link": which of Finding's fields name what it is about
    check: Callable[[Context], Iterable[Finding]]


RULES = (
    Rule("unknown-reference", "error", "link", unknown_reference),
    Rule("broken-chain", "error", "team", broken_chain),
    Rule("isolated", "warning", "team", isolated),
    Rule("one-sided", "warning", "link", one_sided),
    Rule("low-satisfaction", "warning", "link", low_satisfaction),
    Rule("single-point-of-failure", "warning", "team", single_point_of_failure),
    Rule("attention-asymmetry", "warning", "team", attention_asymmetry),
    Rule("long-chain", "info", "team", long_chain),
    Rule("stale", "info", "team", stale),
    Rule("no-members", "info", "team", no_members),
)

# The severity of each rule, read by the helpers that make findings: written once, above.
SEVERITY = {rule.name: rule.severity for rule in RULES}
