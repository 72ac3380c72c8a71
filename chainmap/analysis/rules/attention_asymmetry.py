"""The rule ``attention-asymmetry`` (warning, about a team; FORMAT.md §3): its check, its words, its registry entry.

A frontline team (one that serves an end client) fires the rule for either of two reasons,
and they call for different people to act: *poorly served*, the mean satisfaction it gives
its internal suppliers is below ``min_satisfaction`` (its suppliers should act); *unhappy
team*, its own eNPS is below ``min_enps`` (the team itself needs attention, not its
suppliers, who may serve it very well). The finding says which one fired (``condition``:
``poorly-served``, ``unhappy-team`` or ``both``) in its facts, its message, its badge and its
advice, so that nobody blames a supplier rated 9/10 for a team's low eNPS.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Dict, Iterator, List, Optional, Tuple

from ...i18n import N_, _
from ...model import Org
from ...scores import exact_mean, is_below, rounded, shown_below
from ..findings import Finding
from .base import Context, Rule, names_of, number, team_finding

__all__ = ["RULE", "CONDITIONS"]

CONDITIONS = ("poorly-served", "unhappy-team", "both")


def check(ctx: Context) -> Iterator[Finding]:
    """A frontline team, facing an end client, is itself poorly served (satisfaction) or unhappy (eNPS)."""
    settings = ctx.org.settings
    suppliers, clients, is_end = ctx.links.link_supplier, ctx.links.link_client, ctx.links.is_end_client
    frontline = bytearray(len(ctx.links))
    for supplier, client in zip(suppliers, clients):
        if is_end[client]:
            frontline[supplier] = 1
    scores: Dict[int, List[float]] = {}
    for client, link in zip(clients, ctx.org.links):
        if frontline[client] and link.satisfaction is not None:  # the scores a frontline team gives
            scores.setdefault(client, []).append(link.satisfaction)
    ids = ctx.links.ids
    for node in (node for node in range(len(frontline)) if frontline[node]):  # id order
        team_id = ids[node]
        rated = scores.get(node, [])
        mean = exact_mean(rated)  # exact: 2.3, 6.1 and 6.6 average 5, not 4.99…
        enps = ctx.org.teams[team_id].enps
        poorly_served = mean is not None and is_below(mean, settings.min_satisfaction)
        unhappy = enps is not None and enps < settings.min_enps
        if poorly_served or unhappy:
            condition = "both" if poorly_served and unhappy else "poorly-served" if poorly_served else "unhappy-team"
            yield team_finding(ctx, "attention-asymmetry", team_id, condition=condition,
                               mean_satisfaction=_shown(mean, settings.min_satisfaction),
                               rated_suppliers=len(rated),
                               enps=enps, min_satisfaction=settings.min_satisfaction, min_enps=settings.min_enps)


def _shown(mean: Optional[Fraction], threshold: float) -> Optional[float]:
    """The mean to two decimals, as findings show it, never rounded up to the threshold it is below."""
    if mean is None:
        return None
    return shown_below(mean, threshold) if is_below(mean, threshold) else rounded(mean, 2)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    condition = f.facts["condition"]
    if condition == "poorly-served":
        return _poorly_served(f, org), _serve_it_better(f, org)
    if condition == "unhappy-team":
        return _unhappy(f, org), _look_after_the_team(f, org)
    both = _("{team} serves end clients directly but is poorly served (it rates its internal suppliers {mean}/10 on "
             "average, below {threshold}) and unhappy (its eNPS, how likely its members are to recommend it as a place "
             "to work, is {enps}, below {floor})")
    return (both.format(mean=number(f.facts["mean_satisfaction"]), threshold=number(f.facts["min_satisfaction"]),
                        enps=f.facts["enps"], floor=f.facts["min_enps"], **names_of(f, org)),
            _("review with its internal suppliers what {team} needs first, and ask its own members what makes their "
              "work hard").format(**names_of(f, org)))


def _served_reason(f: Finding) -> str:
    return _("it rates its internal suppliers {mean}/10 on average, below {threshold}").format(
        mean=number(f.facts["mean_satisfaction"]), threshold=number(f.facts["min_satisfaction"]))


def _unhappy_reason(f: Finding) -> str:
    return _("its own members are unhappy: its eNPS (how likely they are to recommend it as a place to work) "
             "is {enps}, below {threshold}").format(enps=f.facts["enps"], threshold=f.facts["min_enps"])


def _poorly_served(f: Finding, org: Org) -> str:
    return _("{team} serves end clients directly but is itself poorly served: {reason}").format(
        reason=_served_reason(f), **names_of(f, org))


def _unhappy(f: Finding, org: Org) -> str:
    text = _("{team} serves end clients directly, and {reason}").format(reason=_unhappy_reason(f), **names_of(f, org))
    if f.facts.get("mean_satisfaction") is not None:  # not below the threshold, or the condition would be "both"
        text += _(" (its internal suppliers are not in question: it rates them {mean}/10 on average)").format(
            mean=number(f.facts["mean_satisfaction"]))
    return text


def _serve_it_better(f: Finding, org: Org) -> str:
    return _("give the internal suppliers of {team} the attention its clients get: review with them what {team} needs first").format(
        **names_of(f, org))


def _look_after_the_team(f: Finding, org: Org) -> str:
    return _("look after {team} itself: ask its members what makes their work hard (workload, tools, recognition) "
             "and agree with them on what will change").format(**names_of(f, org))


def badge(finding: Finding) -> str:
    return {"poorly-served": _("frontline, poorly served"), "unhappy-team": _("frontline, unhappy team"),
            "both": _("frontline, poorly served, unhappy")}[finding.facts["condition"]]


RULE = Rule("attention-asymmetry", "warning", "team", check, N_("Frontline team poorly served or unhappy"), words, badge)
