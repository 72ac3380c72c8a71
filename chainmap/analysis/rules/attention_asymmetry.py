"""The rule ``attention-asymmetry`` (warning, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

import math
from typing import Dict, Iterator, List, Optional, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, number, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
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


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    reasons = []
    if f.facts.get("mean_satisfaction") is not None:
        reasons.append(_("rates its internal suppliers {mean}/10 on average (below {threshold})").format(mean=number(f.facts["mean_satisfaction"]), threshold=number(f.facts["min_satisfaction"])))
    if f.facts.get("enps") is not None:
        reasons.append(_("has an eNPS (how likely its own members are to recommend it as a place to work) of {enps} (below {threshold})").format(enps=f.facts["enps"], threshold=f.facts["min_enps"]))
    return (_("{team} serves end clients directly but is itself poorly served: it {reasons}").format(reasons=_(" and ").join(reasons), **n),
            _("give the internal suppliers of {team} the attention its clients get: review with them what {team} needs first").format(**n))


def badge(finding: Finding) -> str:
    return _("frontline, poorly served")


RULE = Rule("attention-asymmetry", "warning", "team", check, N_("Frontline team poorly served"), words, badge)
