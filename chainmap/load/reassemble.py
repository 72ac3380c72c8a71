"""Putting an organisation together again after a few of its teams changed.

A program that keeps an organisation in memory (``chainmap serve``) re-reads the one file
a save changed; :func:`reassemble` then makes the organisation :func:`assemble` would make
from all the teams, touching only the links of the teams that changed and of the teams
that name them. It returns ``None`` whenever a change could raise a problem across files
(an id declared twice, an end client listed as a supplier, one worker id for two
people), so that the caller assembles everything and gets those problems in the usual
words. Its result is compared with :func:`assemble`'s in the tests.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Dict, List, Mapping, Optional, Set, Tuple

from ..model import Link, Org, Team, UnknownReference, Workers
from .assemble import merged_link, shared_members_of, workers_of
from .worker_index import workers_after

__all__ = ["reassemble"]


def reassemble(previous: Org, before: Mapping[str, Team], after: Mapping[str, Team]) -> Optional[Org]:
    """``previous`` with the teams ``before`` (by id) replaced by the teams ``after``.

    A team in ``before`` but not in ``after`` is removed; one only in ``after`` is added.
    """
    if not _safe(previous, before, after):
        return None
    teams = dict(previous.teams)
    for team_id in before:
        if team_id not in after:
            teams.pop(team_id, None)
    teams.update(after)  # a team kept keeps its place (teams are in id order)
    if any(team_id not in previous.teams for team_id in after):
        teams = dict(sorted(teams.items()))
    changed = set(before) | set(after)
    links, unknown = _relinked(previous, teams, changed)
    org = replace(previous, teams=teams, links=links, unknown_references=unknown)
    members_changed = {t for t in changed if _members(before.get(t)) != _members(after.get(t))}
    if members_changed:
        index = _workers(previous, before, teams, members_changed)
        if index is None:
            return None
        org = replace(org, workers=index[0], shared_members=index[1])
    return org


def _workers(previous: Org, before: Mapping[str, Team], teams: Dict[str, Team],
             changed: Set[str]) -> Optional[Tuple[Workers, Dict[str, Tuple[str, ...]]]]:
    """The workers' index after the members of the teams ``changed`` changed: made from the
    previous one (:mod:`chainmap.load.worker_index`), or whole when that one is not an index."""
    if isinstance(previous.workers, Workers):
        return workers_after(previous.workers, previous.shared_members, before, teams, changed)
    workers, problems = workers_of(teams)
    return None if problems else (workers, shared_members_of(workers))


def _members(team: Optional[Team]) -> Tuple[Tuple[str, str], ...]:
    return tuple((m.id, m.name) for m in team.members) if team else ()


def _safe(previous: Org, before: Mapping[str, Team], after: Mapping[str, Team]) -> bool:
    """Whether no problem across files can come of the change (else: assemble everything)."""
    for team_id, team in after.items():
        if team_id in previous.end_clients or (team_id in previous.teams and team_id not in before):
            return False  # an id declared twice
        if any(entry.id in previous.end_clients for entry in team.suppliers):
            return False  # an end client listed as a supplier
    return True  # one id for two people: the workers' index says so


def _relinked(previous: Org, teams: Dict[str, Team], changed: Set[str]) -> Tuple[Tuple[Link, ...], Tuple[UnknownReference, ...]]:
    """The links and unknown references, those that touch a changed team made again."""
    partners = {team_id for link in previous.links if link.supplier in changed or link.client in changed
                for team_id in (link.supplier, link.client)}
    partners |= {ref.declared_in for ref in previous.unknown_references if ref.missing in changed}
    partners |= changed
    kept = [link for link in previous.links if link.supplier not in changed and link.client not in changed]
    kept_unknown = [ref for ref in previous.unknown_references
                    if ref.declared_in not in partners]
    made, made_unknown = _links_of(teams, previous, sorted(t for t in partners if t in teams), changed)
    key = _link_key
    links = tuple(heapq.merge(kept, sorted(made, key=key), key=key))
    unknown = tuple(sorted([*kept_unknown, *made_unknown], key=lambda u: (u.supplier, u.client)))
    return links, unknown


def _link_key(link: Link) -> Tuple[str, str]:
    return link.supplier, link.client


def _links_of(teams: Dict[str, Team], previous: Org, declaring: List[str],
              changed: Set[str]) -> Tuple[List[Link], List[UnknownReference]]:
    """The links between a changed team and any other, as both sides declare them, and the
    unknown references the declaring teams write (all of them: they are re-listed whole)."""
    by_supplier: Dict[Tuple[str, str], object] = {}
    by_client: Dict[Tuple[str, str], object] = {}
    unknown: List[UnknownReference] = []
    end_clients = previous.end_clients
    for team_id in declaring:
        team = teams[team_id]
        for entry in team.clients:
            if entry.id in teams or entry.id in end_clients:
                if team_id in changed or entry.id in changed:
                    by_supplier[(team_id, entry.id)] = entry
            else:
                unknown.append(UnknownReference(team_id, entry.id, entry.id, team_id, entry.source))
        for entry in team.suppliers:
            if entry.id in teams:
                if team_id in changed or entry.id in changed:
                    by_client[(entry.id, team_id)] = entry
            else:
                unknown.append(UnknownReference(entry.id, team_id, entry.id, team_id, entry.source))
    links = [merged_link(pair, by_supplier.get(pair), by_client.get(pair), pair[1] in end_clients)  # type: ignore[arg-type]
             for pair in by_supplier.keys() | by_client.keys()]
    return links, unknown
