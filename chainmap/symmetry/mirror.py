"""The symmetry of attention, measured on one day's organisation.

The service-profit chain (Heskett et al., 1994) runs from internal service quality to
employee satisfaction to client satisfaction; the *symétrie des attentions* says the
relationship with clients mirrors the relationship with employees. chainmap holds the
three figures this needs, and puts them side by side, without claiming more than they show:

- per end client, a **mirror**: its NPS; the member-weighted eNPS of the frontline teams
  serving it (the teams with a link to it); the internal service quality those teams
  receive (the mean of the scores they give their suppliers); and the weakest link whose
  work flows on to it (the lowest score on a link from which the client can be reached);
- per team, the quality it **receives** (the mean of the scores it gives its suppliers),
  the quality it **delivers** (the mean of the scores its clients give it), and the gap
  (delivered minus received);
- across teams, Spearman's rank correlation between the quality a team receives and its
  eNPS, with the number of teams behind it (:mod:`chainmap.symmetry.spearman`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..analysis import Analysis
from .scores import link_scores, rounded_mean
from .spearman import Correlation, spearman

__all__ = ["MirrorRow", "TeamMirror", "Symmetry", "symmetry_of", "mirror_rows", "team_mirrors"]

WeakLink = Tuple[str, str, float]


@dataclass(frozen=True)
class MirrorRow:
    """One end client's mirror (see the module docstring); ``None`` where no figure exists."""

    end_client: str
    nps: Optional[int]
    frontline: Tuple[str, ...]
    frontline_members: int
    enps: Optional[float]
    enps_teams: int
    quality: Optional[float]
    quality_scores: int
    weakest: Optional[WeakLink]


@dataclass(frozen=True)
class TeamMirror:
    """A team's service quality received and delivered, and its eNPS."""

    team: str
    received: Optional[float]
    received_scores: int
    delivered: Optional[float]
    delivered_scores: int
    enps: Optional[int]
    frontline: bool

    @property
    def gap(self) -> Optional[float]:
        """Delivered minus received: above 0, the team serves better than it is served."""
        if self.received is None or self.delivered is None:
            return None
        return round(self.delivered - self.received, 2)


@dataclass(frozen=True)
class Symmetry:
    """The whole measure for one organisation on one day."""

    mirrors: Tuple[MirrorRow, ...]
    teams: Tuple[TeamMirror, ...]
    quality_vs_enps: Correlation

    @property
    def has_figures(self) -> bool:
        """True when there is something to show: a score, an eNPS or an NPS somewhere."""
        return any(r.nps is not None or r.enps is not None or r.quality is not None for r in self.mirrors) or \
            any(t.received is not None or t.enps is not None for t in self.teams)


def symmetry_of(analysis: Analysis) -> Symmetry:
    """The mirrors, the teams' figures and the correlation across teams."""
    teams = team_mirrors(analysis)
    pairs = [(t.received, t.enps) for t in teams if t.received is not None and t.enps is not None]
    correlation = spearman([p[0] for p in pairs], [float(p[1]) for p in pairs])
    return Symmetry(tuple(mirror_rows(analysis)), tuple(teams), correlation)


def team_mirrors(analysis: Analysis) -> List[TeamMirror]:
    """Every team's quality received and delivered, in id order."""
    org = analysis.org
    received: Dict[str, List[float]] = {}
    delivered: Dict[str, List[float]] = {}
    for (supplier, client), score in link_scores(org).items():
        received.setdefault(client, []).append(score)
        delivered.setdefault(supplier, []).append(score)
    frontline = {link.supplier for link in org.links if link.to_end_client}
    return [TeamMirror(team_id, rounded_mean(received.get(team_id, [])), len(received.get(team_id, [])),
                       rounded_mean(delivered.get(team_id, [])), len(delivered.get(team_id, [])),
                       team.enps, team_id in frontline)
            for team_id, team in org.teams.items()]


def mirror_rows(analysis: Analysis) -> List[MirrorRow]:
    """One mirror per end client, in id order."""
    org = analysis.org
    scores = link_scores(org)
    given: Dict[str, List[float]] = {}
    for (_supplier, rater), score in scores.items():
        given.setdefault(rater, []).append(score)
    rows = []
    for client_id, client in org.end_clients.items():
        frontline = tuple(sorted({link.supplier for link in org.links if link.client == client_id}))
        enps, enps_teams = _weighted_enps(analysis, frontline)
        quality = [score for team in frontline for score in given.get(team, [])]
        rows.append(MirrorRow(client_id, client.nps, frontline, org.workers_of(frontline), enps, enps_teams,
                              rounded_mean(quality), len(quality), _weakest_link(analysis, client_id, scores)))
    return rows


def _weighted_enps(analysis: Analysis, teams: Tuple[str, ...]) -> Tuple[Optional[float], int]:
    """The eNPS of these teams, each weighted by its number of members, and how many had one.

    Weighting by members gives each worker one voice: a team of 40 at −30 outweighs a team
    of 3 at +60, as it would in a survey of all of them.
    """
    total, weight, counted = 0.0, 0, 0
    for team_id in teams:
        team = analysis.org.teams[team_id]
        if team.enps is None:
            continue
        counted += 1
        total += team.enps * len(team.members)
        weight += len(team.members)
    return (round(total / weight, 1) if weight else None), counted


def _weakest_link(analysis: Analysis, client_id: str, scores: Dict[Tuple[str, str], float]) -> Optional[WeakLink]:
    """The lowest-rated link whose work flows on to the end client (ties: the first by ids)."""
    reach = analysis.chains.end_clients
    confirmed = {(link.supplier, link.client) for link in analysis.org.links if link.confirmed}
    candidates = [(score, supplier, client) for (supplier, client), score in scores.items()
                  if client_id in reach.get(client, ()) and (not analysis.confirmed_only or (supplier, client) in confirmed)]
    if not candidates:
        return None
    score, supplier, client = min(candidates)
    return (supplier, client, score)
