"""The figures of one point in time, computed from the analysed model (never from text).

For each point of an organisation's history chainmap keeps what moves: the findings by rule
and severity, the share of links both sides confirm, satisfaction per link, team and
department (mean and internal NPS), eNPS per team, NPS per end client, the length of the
chains, the workers with no chain to a client, and who belongs to which team (to count who
joined and who left between two points). The result is plain JSON-able data, so that it can
be cached (:mod:`chainmap.history.store`) and written as CSV or JSON as it is.

>>> import chainmap
>>> figures = point_figures(chainmap.analyse(chainmap.load(chainmap.example_path())))
>>> figures["teams"], figures["findings"]["by_severity"]["error"]
(22, 4)
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ..analysis import RULE_ORDER, SEVERITIES, Analysis
from ..model import Org
from ..symmetry.mirror import mirror_rows
from ..symmetry.scores import link_scores, rounded_mean, summarise

__all__ = ["point_figures", "FIGURES_VERSION", "link_key", "members_of_teams"]

# Raised whenever what a point holds, or how it is computed, changes: cached points of an
# older version are then computed again.
FIGURES_VERSION = 2

Figures = Dict[str, Any]


def link_key(supplier: str, client: str) -> str:
    """How a link is named in the trend table: ``supplier->client`` (ids cannot hold ``>``)."""
    return f"{supplier}->{client}"


def point_figures(analysis: Analysis) -> Figures:
    """Every figure of one point (see the module docstring and docs/history.md)."""
    org = analysis.org
    confirmed = sum(1 for link in org.links if link.confirmed)
    return {
        "teams": len(org.teams),
        "workers": len(org.workers),
        "end_clients": len(org.end_clients),
        "links": len(org.links),
        "links_confirmed": confirmed,
        "links_confirmed_share": round(confirmed / len(org.links), 4) if org.links else None,
        "findings": _findings(analysis),
        "satisfaction": _satisfaction(org),
        "enps": {team_id: team.enps for team_id, team in org.teams.items() if team.enps is not None},
        "nps": {client_id: client.nps for client_id, client in org.end_clients.items() if client.nps is not None},
        "end_client_names": {client_id: client.name for client_id, client in org.end_clients.items()},
        "frontline_enps": _frontline_enps(org),
        "mirror": _mirror(analysis),
        "chains": _chains(analysis),
        "workers_without_chain": sum(1 for worker in org.workers if not analysis.worker_has_chain(worker)),
        "settings": {"min_satisfaction": org.settings.min_satisfaction, "min_enps": org.settings.min_enps},
        "shape": _shape(analysis),
    }


def _shape(analysis: Analysis) -> Dict[str, Any]:
    """What the report's slider redraws at each point: the teams (name, department), end
    clients, links (confirmed or not) and the teams with no chain."""
    org = analysis.org
    return {"teams": {t.id: [t.name, t.department or ""] for t in org.teams.values()},
            "end_clients": {c.id: c.name for c in org.end_clients.values()},
            "links": [[link.supplier, link.client, int(link.confirmed)] for link in org.links],
            "no_chain": [t for t in org.teams if not analysis.chains.has_chain(t)]}


def members_of_teams(org: Org) -> Dict[str, List[str]]:
    """Each team's member ids (sorted): what joined and left are counted from."""
    return {team_id: sorted(member.id for member in team.members) for team_id, team in org.teams.items()}


def _findings(analysis: Analysis) -> Dict[str, Any]:
    by_rule = Counter(f.rule for f in analysis.findings)
    by_severity = Counter(f.severity for f in analysis.findings)
    return {"total": len(analysis.findings),
            "by_severity": {severity: by_severity[severity] for severity in SEVERITIES},
            "by_rule": {rule: by_rule[rule] for rule in RULE_ORDER}}


def _satisfaction(org: Org) -> Dict[str, Any]:
    """Per link, per team and per department, each way: how satisfied its clients are with it
    (``clients``), and how well it is served by its suppliers (``served``)."""
    scores = link_scores(org)
    department = {team_id: team.department for team_id, team in org.teams.items()}
    return {
        **summarise(scores.values()),
        "links": {link_key(*pair): score for pair, score in scores.items()},
        "teams": _both_ways(scores, lambda team_id: team_id, org.teams),
        "departments": _both_ways(scores, department.get, sorted({d for d in department.values() if d})),
    }


def _both_ways(scores: Mapping[Tuple[str, str], float], group_of: Any, groups: Iterable[str]) -> Dict[str, Any]:
    """For each group (a team, a department): the summary of the scores its clients give it, and
    of those it gives its suppliers. A link inside a department counts both ways for it."""
    given_to: Dict[str, List[float]] = {}
    given_by: Dict[str, List[float]] = {}
    for (supplier, client), score in scores.items():
        for group, bucket in ((group_of(supplier), given_to), (group_of(client), given_by)):
            if group is not None:
                bucket.setdefault(group, []).append(score)
    return {group: {"clients": summarise(given_to.get(group, [])), "served": summarise(given_by.get(group, []))}
            for group in groups if group in given_to or group in given_by}


def _frontline_enps(org: Org) -> Optional[float]:
    """The eNPS of every frontline team (a team with a link to an end client), each weighted
    by its members: the organisation's frontline as one."""
    frontline = sorted({link.supplier for link in org.links if link.to_end_client})
    rated = [org.teams[t] for t in frontline if org.teams[t].enps is not None and org.teams[t].members]
    weight = sum(len(team.members) for team in rated)
    return round(sum((team.enps or 0) * len(team.members) for team in rated) / weight, 1) if weight else None


def _mirror(analysis: Analysis) -> Dict[str, Any]:
    """Each end client's mirror (:mod:`chainmap.symmetry.mirror`), as data."""
    return {row.end_client: {"nps": row.nps, "frontline_enps": row.enps, "frontline_teams": len(row.frontline),
                             "quality": row.quality, "quality_scores": row.quality_scores,
                             "weakest_link": link_key(*row.weakest[:2]) if row.weakest else None,
                             "weakest_score": row.weakest[2] if row.weakest else None}
            for row in mirror_rows(analysis)}


def _chains(analysis: Analysis) -> Dict[str, Any]:
    lengths = [length for team_id in analysis.org.teams
               if (length := analysis.chains.length(team_id)) is not None]
    counted = Counter(lengths)
    return {"teams_with_chain": len(lengths),
            "mean_length": rounded_mean(lengths),
            "max_length": max(lengths) if lengths else None,
            "lengths": {str(length): counted[length] for length in sorted(counted)}}


def joined_and_left(before: Optional[Mapping[str, List[str]]], after: Mapping[str, List[str]]) -> Dict[str, Any]:
    """Who joined and who left the organisation and each team, from one point to the next.

    A worker moving from one team to another joined the new team and left the old one, but
    neither joined nor left the organisation. ``before`` is ``None`` at the first point:
    nothing can be said, and every count is ``None``.
    """
    if before is None:
        return {"joined": None, "left": None, "teams": {team: {"members": len(ids), "joined": None, "left": None}
                                                        for team, ids in after.items()}}
    everyone_before = {worker for ids in before.values() for worker in ids}
    everyone_after = {worker for ids in after.values() for worker in ids}
    teams: Dict[str, Any] = {}
    for team in sorted(before.keys() | after.keys()):
        old, new = set(before.get(team, ())), set(after.get(team, ()))
        teams[team] = {"members": len(new), "joined": len(new - old), "left": len(old - new)}
    return {"joined": len(everyone_after - everyone_before), "left": len(everyone_before - everyone_after),
            "teams": teams}
