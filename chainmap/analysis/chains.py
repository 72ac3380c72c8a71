"""Every team's shortest chain to an end client, and every worker's, in one pass.

FORMAT.md §2: the chain of a team is its shortest path of links to an end client (fewest
links), ties broken by the lexicographically smallest sequence of ids, compared id by id.

How: one breadth-first search backwards from all end clients gives every team's distance
(number of links) to the nearest end client in O(V + E). Among the shortest paths from a
team, the smallest sequence starts with the smallest possible next id, and then continues
with that next team's own chain; so each team's next hop is the smallest successor one
step closer, and chains share their tails. Which end clients a team can reach at all is
computed on the condensation (cycles collapsed) in reverse topological order, with one
bitset per component: also linear, never a search per team.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

import networkx as nx

from ..model import Org

__all__ = ["Chains", "WorkerChains", "shortest_chains", "reachable_end_clients", "worker_chains"]


@dataclass(frozen=True)
class Chains:
    """Chains of every team: ``next_hop`` pointers, distances and reachable end clients."""

    distance: Dict[str, int]
    next_hop: Dict[str, str]
    end_clients: Dict[str, Tuple[str, ...]]

    def chain(self, team_id: str) -> Optional[List[str]]:
        """The ids from ``team_id`` to its end client, or ``None`` when there is no chain."""
        if team_id not in self.next_hop:
            return None
        path = [team_id]
        while path[-1] in self.next_hop:
            path.append(self.next_hop[path[-1]])
        return path

    def length(self, team_id: str) -> Optional[int]:
        """How many links the team's shortest chain has (``None``: no chain)."""
        return self.distance.get(team_id) if team_id in self.next_hop else None


def shortest_chains(graph: nx.DiGraph, org: Org) -> Chains:
    """Compute the chain of every team of ``graph`` (see the module docstring).

    >>> from chainmap.examples import example_path
    >>> from chainmap.load import load
    >>> from chainmap.graph import build_graph
    >>> org = load(example_path())
    >>> shortest_chains(build_graph(org), org).chain("urgences")[-1]
    'patients'
    """
    distance = _distances_to_end_clients(graph, org)
    next_hop = {}
    for node, steps in distance.items():
        if steps > 0:
            next_hop[node] = min(s for s in graph.successors(node) if distance.get(s) == steps - 1)
    return Chains(distance, next_hop, reachable_end_clients(graph, org))


def _distances_to_end_clients(graph: nx.DiGraph, org: Org) -> Dict[str, int]:
    distance = {client: 0 for client in org.end_clients if client in graph}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        for supplier in graph.predecessors(node):
            if supplier not in distance:
                distance[supplier] = distance[node] + 1
                queue.append(supplier)
    return distance


def reachable_end_clients(graph: nx.DiGraph, org: Org) -> Dict[str, Tuple[str, ...]]:
    """For every team, the sorted ids of the end clients it can reach by any chain."""
    order = sorted(org.end_clients)
    bit = {client: 1 << i for i, client in enumerate(order)}
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    reach: Dict[int, int] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        bits = 0
        for node in condensed.nodes[component]["members"]:
            bits |= bit.get(node, 0)
        for successor in condensed.successors(component):
            bits |= reach[successor]
        reach[component] = bits
    return {
        team: tuple(c for c in order if reach[members[team]] & bit[c])
        for team in org.teams if team in members
    }


class WorkerChains(Mapping[str, Optional[List[str]]]):
    """Every worker's chain, worked out when asked for: a read-only mapping worker id → chain.

    ``chainmap weak`` on a million workers never needs their chains, and a script that
    reads a few pays for those only. A worker's chain is the shortest among their teams',
    ties broken id by id (FORMAT.md §2); the lists are shared with the teams' chains:
    treat them as read-only.
    """

    def __init__(self, org: Org, chains: Chains):
        self._workers = org.workers
        self._chains = chains
        self._team_chains: Dict[str, Optional[List[str]]] = {}

    def _team_chain(self, team_id: str) -> Optional[List[str]]:
        if team_id not in self._team_chains:
            self._team_chains[team_id] = self._chains.chain(team_id)
        return self._team_chains[team_id]

    def __getitem__(self, worker_id: str) -> Optional[List[str]]:
        teams = self._workers[worker_id].teams
        if len(teams) == 1:
            return self._team_chain(teams[0])
        candidates = [c for c in (self._team_chain(t) for t in teams) if c is not None]
        return min(candidates, key=lambda c: (len(c), c)) if candidates else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._workers)

    def __len__(self) -> int:
        return len(self._workers)


def worker_chains(org: Org, chains: Chains) -> WorkerChains:
    """Each worker's chain (see :class:`WorkerChains`), in the order of ``org.workers``."""
    return WorkerChains(org, chains)
