"""What a diagram shows: the whole organisation, one team's neighbourhood, or one worker's chain.

A :class:`View` is a selection of nodes plus what to highlight; :mod:`chainmap.render.dot`
draws any view the same way, so the styles of the weak links never depend on the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

import networkx as nx

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from ..load.fields import comparable, did_you_mean

__all__ = ["View", "full_view", "focus_view", "worker_view", "find_worker", "find_team", "not_a_member"]


@dataclass(frozen=True)
class View:
    """The nodes to draw, the ones to highlight, the chain to draw bold, and a subtitle."""

    nodes: FrozenSet[str]
    subtitle: str
    highlight: FrozenSet[str] = frozenset()
    chain_edges: FrozenSet[Tuple[str, str]] = frozenset()
    worker: Optional[str] = None
    kind: str = "full"


def full_view(analysis: Analysis) -> View:
    """Every team and end client."""
    org = analysis.org
    return View(frozenset(org.teams) | frozenset(org.end_clients),
                _("Internal supplier–client chains, from every team to the end clients"))


def find_team(analysis: Analysis, id_or_name: str) -> str:
    """The id of the team with this id or name (a clear error otherwise).

    A manager types what they see on the diagram: "Cadres de santé", or "cadres de sante"
    without the accent, names the team ``cadres-de-sante`` as long as no other team matches.
    """
    teams = analysis.org.teams
    found = _matches(id_or_name, {team.id: team.name for team in teams.values()})
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(_("several teams match `{name}`: give one of their ids: {ids}").format(
            name=id_or_name, ids=_listed(found, analysis.org.display_name)))
    hint = did_you_mean(id_or_name, list(teams) + [team.name for team in teams.values()])
    message = _("there is no team with the id or name `{name}`").format(name=id_or_name)
    raise UsageError(message + (_(": did you mean `{hint}`?").format(hint=hint) if hint else ""))


def focus_view(analysis: Analysis, team_id: str) -> View:
    """A team, everything that feeds it, and its chains down to the end clients."""
    team_id = find_team(analysis, team_id)
    graph = analysis.graph
    nodes = {team_id} | nx.ancestors(graph, team_id) | nx.descendants(graph, team_id)
    return View(frozenset(nodes),
                _("{team}: the teams that feed it and its chains to the end clients").format(team=analysis.org.teams[team_id].name),
                highlight=frozenset({team_id}), chain_edges=_edges(analysis.team_chain(team_id)), kind="focus")


def find_worker(analysis: Analysis, id_or_name: str) -> str:
    """The id of the worker with this id or name (a clear error otherwise), matched like :func:`find_team`."""
    workers = analysis.org.workers
    found = _matches(id_or_name, {worker.id: worker.name for worker in workers.values()})
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(_("several workers match `{name}`: give one of their ids: {ids}").format(
            name=id_or_name, ids=_listed(found, lambda worker: workers[worker].name)))
    hint = did_you_mean(id_or_name, list(workers) + [w.name for w in workers.values()])
    message = _("there is no worker with the id or name `{name}`").format(name=id_or_name)
    raise UsageError(message + (_(": did you mean `{hint}`?").format(hint=hint) if hint else ""))


def not_a_member(analysis: Analysis, worker_id: str, team_id: str) -> str:
    """Why a worker and a team chosen together select nobody: the worker is not in that team."""
    org = analysis.org
    teams = ", ".join(org.display_name(team) for team in org.workers[worker_id].teams)
    return _("{worker} is not a member of {team} (their teams: {teams}): drop --team, or choose one of their teams").format(
        worker=org.workers[worker_id].name, team=org.display_name(team_id), teams=teams or _("none"))


def _matches(typed: str, names: Dict[str, str]) -> List[str]:
    """The ids that ``typed`` names: its exact id, else its exact name, else the same words,
    else a name that holds those words ("camille moreau" for "Dr Camille Moreau").

    Each step is tried only when the stricter one found nothing, so an exact id or name is
    never made ambiguous by a look-alike.
    """
    if typed in names:
        return [typed]
    exact = [key for key, name in names.items() if name == typed]
    wanted = comparable(typed)
    if exact or not wanted:
        return exact
    words = {key: (comparable(key), comparable(name)) for key, name in names.items()}
    same = [key for key, texts in words.items() if wanted in texts]
    return same or [key for key, texts in words.items() if any(f" {wanted} " in f" {text} " for text in texts)]


def _listed(ids: List[str], name_of: Callable[[str], str], shown: int = 8) -> str:
    """A few ids, each with its name, for a message that asks the reader to choose one."""
    text = ", ".join(f"{key} ({name_of(key)})" for key in ids[:shown])
    return text + (", …" if len(ids) > shown else "")


def worker_view(analysis: Analysis, id_or_name: str) -> View:
    """A worker, their teams, and their chain to the end client."""
    worker = analysis.org.workers[find_worker(analysis, id_or_name)]
    chain = analysis.worker_chain(worker.id) or []
    nodes = set(worker.teams) | set(chain)
    subtitle = _("For which client does {name} work, and through whom?").format(name=worker.name)
    return View(frozenset(nodes), subtitle, highlight=frozenset(worker.teams),
                chain_edges=_edges(chain), worker=worker.id, kind="worker")


def _edges(chain: Optional[List[str]]) -> FrozenSet[Tuple[str, str]]:
    return frozenset(zip(chain, chain[1:])) if chain else frozenset()
