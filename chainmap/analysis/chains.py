"""Every team's shortest chain to an end client, and every worker's, in one pass.

FORMAT.md §2: the chain of a team is its shortest path of links to an end client (fewest
links), ties broken by the lexicographically smallest sequence of ids, compared id by id.

How: one breadth-first search backwards from all end clients gives every team's distance
(number of links) to the nearest end client in O(V + E). Among the shortest paths from a
team, the smallest sequence starts with the smallest possible next id, and then continues
with that next team's own chain; so each team's next hop is the smallest successor one
step closer, and chains share their tails. Which end clients a team can reach at all is
computed once per strongly connected component (a cycle of teams reaches what any of them
reaches), the components taken sinks first, with one bitset each: also linear, never a
search per team. Both run on :mod:`~chainmap.analysis.indexed`'s numbered lists.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

from ..model import Org
from .indexed import LinkIndex

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

    def has_chain(self, team_id: str) -> bool:
        """True when the team reaches an end client (without building the chain)."""
        return team_id in self.next_hop

    def length(self, team_id: str) -> Optional[int]:
        """How many links the team's shortest chain has (``None``: no chain)."""
        return self.distance.get(team_id) if team_id in self.next_hop else None


def shortest_chains(links: LinkIndex) -> Chains:
    """Compute the chain of every team (see the module docstring).

    >>> from chainmap.examples import example_path
    >>> from chainmap.load import load
    >>> from chainmap.analysis.indexed import index_links
    >>> shortest_chains(index_links(load(example_path()))).chain("urgences")[-1]
    'patients'
    """
    ids, clients, distance = links.ids, links.clients, _distances_to_end_clients(links)
    next_hop = {}
    for node, steps in enumerate(distance):
        if steps > 0:
            # clients are sorted, numbered in id order: the first one a step closer is the smallest id
            for client in clients[node]:  # a loop, not next(generator): about twice as fast (RESULTS.md)
                if distance[client] == steps - 1:
                    next_hop[ids[node]] = ids[client]
                    break
    reached = {ids[node]: steps for node, steps in enumerate(distance) if steps >= 0}
    return Chains(reached, next_hop, reachable_end_clients(links))


def _distances_to_end_clients(links: LinkIndex) -> List[int]:
    """Links from each node to the nearest end client (-1: none reachable): one backward BFS."""
    distance = [-1] * len(links)
    for client in links.end_clients:
        distance[client] = 0
    queue = deque(links.end_clients)
    while queue:
        node = queue.popleft()
        steps = distance[node] + 1
        for supplier in links.suppliers[node]:
            if distance[supplier] < 0:
                distance[supplier] = steps
                queue.append(supplier)
    return distance


def reachable_end_clients(links: LinkIndex) -> Dict[str, Tuple[str, ...]]:
    """For every team, the sorted ids of the end clients it can reach by any chain."""
    reach = _reach_bits(links)
    clients = [links.ids[c] for c in links.end_clients]
    spelled: Dict[int, Tuple[str, ...]] = {}  # one tuple per combination, shared by the teams
    for bits in set(reach):
        spelled[bits] = tuple(c for i, c in enumerate(clients) if bits >> i & 1)
    end = set(links.end_clients)
    return {links.ids[node]: spelled[bits] for node, bits in enumerate(reach) if node not in end}


def _reach_bits(links: LinkIndex) -> List[int]:
    """Per node, a bitset of the end clients it reaches (bit i: the i-th end client, in id order).

    Tarjan's strongly connected components, iteratively: a component is complete only after
    every component it leads to, so its bits are its own end clients' bits or-ed with those
    of the nodes its members serve outside it. Each node and link is visited once.
    """
    size = len(links)
    reach = [0] * size
    for i, client in enumerate(links.end_clients):
        reach[client] = 1 << i
    order, low = [-1] * size, [0] * size
    on_stack = [False] * size
    stack: List[int] = []
    counter = 0
    for root in range(size):
        if order[root] >= 0:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, iter(links.clients[root]))]
        while work:
            node, following = work[-1]
            for child in following:
                if order[child] < 0:
                    order[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, iter(links.clients[child])))
                    break
                if on_stack[child] and order[child] < low[node]:
                    low[node] = order[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == order[node]:
                    _close_component(node, stack, on_stack, reach, links.clients)
    return reach


def _close_component(head: int, stack: List[int], on_stack: List[bool], reach: List[int],
                     clients: List[List[int]]) -> None:
    """Pop the component whose first-visited node is ``head`` and give all its members one reach."""
    members = []
    while True:
        member = stack.pop()
        on_stack[member] = False
        members.append(member)
        if member == head:
            break
    bits = 0
    for member in members:
        bits |= reach[member]
        for client in clients[member]:
            bits |= reach[client]  # outside the component: final; inside: its own bits, or 0 for now
    for member in members:
        reach[member] = bits


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
