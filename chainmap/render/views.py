"""What a diagram shows: the whole organisation, one team's neighbourhood, or one worker's chain.

A :class:`View` is a selection of nodes plus what to highlight; :mod:`chainmap.render.dot`
draws any view the same way, so the styles of the weak links never depend on the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Tuple

import networkx as nx

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from ..load.fields import did_you_mean

__all__ = ["View", "full_view", "focus_view", "worker_view", "find_worker", "require_team"]


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


def require_team(analysis: Analysis, team_id: str) -> None:
    """Raise a :class:`UsageError` with a hint when ``team_id`` is not a team."""
    if team_id not in analysis.org.teams:
        hint = did_you_mean(team_id, list(analysis.org.teams))
        message = _("there is no team with the id `{id}`").format(id=team_id)
        raise UsageError(message + (_(": did you mean `{hint}`?").format(hint=hint) if hint else ""))


def focus_view(analysis: Analysis, team_id: str) -> View:
    """A team, everything that feeds it, and its chains down to the end clients."""
    require_team(analysis, team_id)
    graph = analysis.graph
    nodes = {team_id} | nx.ancestors(graph, team_id) | nx.descendants(graph, team_id)
    return View(frozenset(nodes),
                _("{team}: the teams that feed it and its chains to the end clients").format(team=analysis.org.teams[team_id].name),
                highlight=frozenset({team_id}), chain_edges=_edges(analysis.team_chain(team_id)), kind="focus")


def find_worker(analysis: Analysis, id_or_name: str) -> str:
    """The id of the worker with this id, or else with this name (a clear error otherwise)."""
    workers = analysis.org.workers
    if id_or_name in workers:
        return id_or_name
    named = [w.id for w in workers.values() if w.name == id_or_name]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise UsageError(_("several workers are named `{name}`: give one of their ids: {ids}").format(name=id_or_name, ids=", ".join(named)))
    hint = did_you_mean(id_or_name, list(workers) + [w.name for w in workers.values()])
    message = _("there is no worker with the id or name `{name}`").format(name=id_or_name)
    raise UsageError(message + (_(": did you mean `{hint}`?").format(hint=hint) if hint else ""))


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
