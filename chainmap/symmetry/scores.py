"""The scores the symmetry of attention and the trends are built from, and whom they protect.

Satisfaction on an internal link is *internal service quality* as Hallowell, Schlesinger and
Zornitsky (1996) defined it: how well one team is served by another, rated by the team
served. chainmap has one such score per link (the client team's declared rating, or a
survey's mean for that link) and one eNPS per team.

Survey figures come from people, so the survey's anonymity threshold must hold for every
figure made from them. :func:`with_survey` lays a survey overlay over the declarations
after stripping every figure drawn from fewer answers than the threshold (the overlay's
own, or a stricter one asked for): what is not in the model cannot leak into a mean, a
correlation or a chart built from it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..model import Org
from ..survey.compute import net_promoter_score
from ..survey.overlay import Overlay, apply_survey

__all__ = ["with_survey", "threshold_of", "ScoreSummary", "summarise", "link_scores", "rounded_mean"]

ScoreSummary = Dict[str, Optional[float]]


def threshold_of(overlay: Overlay, min_responses: Optional[int] = None) -> int:
    """The anonymity threshold in force: the overlay's, or a stricter one asked for (never laxer)."""
    return max(overlay.min_responses, min_responses or 0)


def with_survey(org: Org, overlay: Optional[Overlay], min_responses: Optional[int] = None) -> Org:
    """``org`` with the survey's figures laid over it, none drawn from too few answers.

    An overlay written by ``chainmap survey`` already withholds them; one edited by hand
    may not (a mean written beside ``responses: 2``): such a figure is dropped here, and the
    declared value stays, as :func:`~chainmap.survey.overlay.apply_survey` does for a
    withheld one.
    """
    if overlay is None:
        return org
    threshold = threshold_of(overlay, min_responses)
    links = tuple(s if s.responses >= threshold else replace(s, mean=None, nps=None) for s in overlay.links)
    teams = tuple(s if s.responses >= threshold else replace(s, enps=None, mean=None) for s in overlay.teams)
    return apply_survey(org, replace(overlay, links=links, teams=teams))


def link_scores(org: Org) -> Dict[Tuple[str, str], float]:
    """Every rated link's score, by (supplier, client), in the organisation's link order."""
    return {(link.supplier, link.client): link.satisfaction for link in org.links if link.satisfaction is not None}


def rounded_mean(values: Sequence[float], digits: int = 2) -> Optional[float]:
    """The mean to ``digits`` decimals, ``None`` for no value.

    >>> rounded_mean([6, 7, 9]), rounded_mean([])
    (7.33, None)
    """
    return round(sum(values) / len(values), digits) if values else None


def summarise(scores: Iterable[float]) -> ScoreSummary:
    """Mean, internal NPS and count of 0–10 scores.

    The internal NPS is the Net Promoter Score computed on internal ratings: the share of
    scores of 9 or 10 minus the share of 0 to 6, in points from −100 to 100 (a 6.5, a
    survey's mean, counts as neither). ``mean`` and ``inps`` are ``None`` without scores.

    >>> summarise([10, 9, 8, 7, 3])
    {'mean': 7.4, 'inps': 20, 'scores': 5}
    """
    values: List[float] = list(scores)
    return {"mean": rounded_mean(values), "inps": net_promoter_score(values) if values else None,
            "scores": len(values)}
