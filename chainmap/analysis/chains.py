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
search per team. All of it runs on :mod:`~chainmap.analysis.indexed`'s arrays; ids appear
only when someone asks for a chain (:class:`Chains` reads like the dictionaries of ids it
replaced).
"""

from __future__ import annotations

from array import array
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Tuple

from ..model import Org
from .indexed import LinkIndex

__all__ = ["Chains", "WorkerChains", "same_chains", "shortest_chains", "reachable_end_clients", "worker_chains"]

_NONE = -1


class Chains:
    """Chains of every team: distances, next hops and reachable end clients, by node number.

    ``steps[v]`` is the number of links from node ``v`` to its nearest end client (-1: none),
    ``next_node[v]`` the next node of its chain (-1: none, or ``v`` is an end client). The
    mappings :attr:`distance`, :attr:`next_hop` and :attr:`end_clients` give the same facts
    by id, as read-only views: nothing is spelled out for teams nobody asks about.
    """

    def __init__(self, index: LinkIndex, steps: array, next_node: array, reach: List[int]):
        self.index = index
        self.steps = steps
        self.next_node = next_node
        self.reach = reach
        self._spelled: Dict[int, Tuple[str, ...]] = {}
        self._last: Optional[array] = None

    @property
    def distance(self) -> Mapping[str, int]:
        """Links from each team or end client that reaches an end client to the nearest one."""
        return _Distances(self)

    @property
    def next_hop(self) -> Mapping[str, str]:
        """The next id of each team's chain, for the teams that have one."""
        return _NextHops(self)

    @property
    def end_clients(self) -> Mapping[str, Tuple[str, ...]]:
        """For every team, the sorted ids of the end clients it can reach by any chain."""
        return _EndClients(self)

    def chain(self, team_id: str) -> Optional[List[str]]:
        """The ids from ``team_id`` to its end client, or ``None`` when there is no chain."""
        node = self.index.number.get(team_id)
        if node is None or self.steps[node] <= 0:
            return None
        return self.chain_of(node)

    def chain_of(self, node: int) -> List[str]:
        """The ids of the chain of the team numbered ``node`` (which has one)."""
        ids, next_node = self.index.ids, self.next_node
        path = [ids[node]]
        node = next_node[node]
        while node != _NONE:
            path.append(ids[node])
            node = next_node[node]
        return path

    def told_short(self, team_id: str, head: int) -> Optional[Tuple[List[str], int, List[str]]]:
        """A team's chain as a card draws it, at most ``head + 2`` ids whatever its length:
        its first ``head`` ids, how many are left out, and its last two (the team that serves
        the end client, and the end client). A chain that fits is whole, nothing left out.
        ``None``: no chain. Walks ``head`` steps, never the chain: a card of each of the
        teams of a 10,000-team chain would otherwise spell 50 million ids."""
        node = self.index.number.get(team_id)
        if node is None or self.steps[node] <= 0:
            return None
        if self.steps[node] + 1 <= head + 2:
            return self.chain_of(node), 0, []
        ids, next_node = self.index.ids, self.next_node
        first = []
        for _step in range(head):
            first.append(ids[node])
            node = next_node[node]
        last = self._last_teams()[node]
        return first, self.steps[node] - 1, [ids[last], ids[next_node[last]]]

    def _last_teams(self) -> array:
        """For each node with a chain, the last team of it (the one serving the end client),
        found for all at once, nearest nodes first."""
        if self._last is None:
            steps, next_node = self.steps, self.next_node
            last = array("i", [_NONE]) * len(steps)
            for node in sorted((v for v in range(len(steps)) if steps[v] > 0), key=steps.__getitem__):
                last[node] = node if steps[node] == 1 else last[next_node[node]]
            self._last = last
        return self._last

    def has_chain(self, team_id: str) -> bool:
        """True when the team reaches an end client (without building the chain)."""
        node = self.index.number.get(team_id)
        return node is not None and self.steps[node] > 0

    def length(self, team_id: str) -> Optional[int]:
        """How many links the team's shortest chain has (``None``: no chain)."""
        node = self.index.number.get(team_id)
        return self.steps[node] if node is not None and self.steps[node] > 0 else None

    def reached_of(self, node: int) -> Tuple[str, ...]:
        """The sorted ids of the end clients that node ``node`` reaches.

        One tuple per combination of end clients, shared by every team that reaches it.
        """
        bits = self.reach[node]
        spelled = self._spelled.get(bits)
        if spelled is None:
            clients = self.index.end_clients
            spelled = tuple(self.index.ids[c] for i, c in enumerate(clients) if bits >> i & 1)
            self._spelled[bits] = spelled
        return spelled


class _ByNumber(Mapping):
    """A read-only view by id over some of the nodes of a :class:`Chains` (see its subclasses)."""

    def __init__(self, chains: Chains):
        self._chains = chains

    def _has(self, node: int) -> bool:
        raise NotImplementedError

    def _value(self, node: int) -> object:
        raise NotImplementedError

    def __getitem__(self, node_id: str):
        node = self._chains.index.number.get(node_id)
        if node is None or not self._has(node):
            raise KeyError(node_id)
        return self._value(node)

    def __contains__(self, node_id: object) -> bool:
        node = self._chains.index.number.get(node_id) if isinstance(node_id, str) else None
        return node is not None and self._has(node)

    def __iter__(self) -> Iterator[str]:
        ids = self._chains.index.ids
        return (ids[node] for node in range(len(ids)) if self._has(node))

    def __len__(self) -> int:
        return sum(1 for node in range(len(self._chains.index.ids)) if self._has(node))


class _Distances(_ByNumber):
    def _has(self, node: int) -> bool:
        return self._chains.steps[node] >= 0

    def _value(self, node: int) -> int:
        return self._chains.steps[node]


class _NextHops(_ByNumber):
    def _has(self, node: int) -> bool:
        return self._chains.steps[node] > 0

    def _value(self, node: int) -> str:
        return self._chains.index.ids[self._chains.next_node[node]]


class _EndClients(_ByNumber):
    def _has(self, node: int) -> bool:
        return not self._chains.index.is_end_client[node]

    def _value(self, node: int) -> Tuple[str, ...]:
        return self._chains.reached_of(node)


def shortest_chains(links: LinkIndex) -> Chains:
    """Compute the chain of every team (see the module docstring).

    >>> from chainmap.examples import example_path
    >>> from chainmap.load import load
    >>> from chainmap.analysis.indexed import index_links
    >>> shortest_chains(index_links(load(example_path()))).chain("urgences")[-1]
    'patients'
    """
    steps, reached = _distances_to_end_clients(links)
    return Chains(links, steps, _next_nodes(links, steps, reached), _reach_bits(links, steps))


def _distances_to_end_clients(links: LinkIndex) -> Tuple[array, array]:
    """Links from each node to the nearest end client (-1: none reachable), and the nodes
    reached, in the order found: one backward breadth-first search from every end client."""
    start, flat = links.supplier_start, links.supplier_list
    steps = array("i", [_NONE]) * len(links)
    queue = array("i", links.end_clients)
    for client in queue:
        steps[client] = 0
    for node in queue:  # the queue grows while it is read: each node is appended once
        following = steps[node] + 1
        for supplier in flat[start[node]:start[node + 1]]:
            if steps[supplier] < 0:
                steps[supplier] = following
                queue.append(supplier)
    return steps, queue


def _next_nodes(links: LinkIndex, steps: array, reached: array) -> array:
    """Each team's next hop: its first client one step closer to an end client.

    Clients are listed in number order, which is id order, so the first one found is the
    smallest id: FORMAT.md's tie-break.
    """
    start, flat = links.client_start, links.client_list
    next_node = array("i", [_NONE]) * len(links)
    for node in reached:
        closer = steps[node] - 1
        if closer >= 0:
            for client in flat[start[node]:start[node + 1]]:
                if steps[client] == closer:
                    next_node[node] = client
                    break
    return next_node


def reachable_end_clients(links: LinkIndex) -> Dict[str, Tuple[str, ...]]:
    """For every team, the sorted ids of the end clients it can reach by any chain."""
    return dict(shortest_chains(links).end_clients)


def _reach_bits(links: LinkIndex, steps: array) -> List[int]:
    """Per node, a bitset of the end clients it reaches (bit i: the i-th end client, in id order).

    Tarjan's strongly connected components, iteratively: a component is complete only after
    every component it leads to, so its bits are its own end clients' bits or-ed with those
    of the nodes its members serve outside it. Only nodes with a chain are searched (the
    others reach nothing). Each node and link is visited once.
    """
    size = len(links)
    start, flat = links.client_start, links.client_list
    reach = [0] * size
    for i, client in enumerate(links.end_clients):
        reach[client] = 1 << i
    order, low = array("i", [_NONE]) * size, array("i", [0]) * size
    on_stack = bytearray(size)
    stack: List[int] = []
    counter = 0
    for root in range(size):
        if order[root] >= 0 or steps[root] < 0:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, iter(flat[start[root]:start[root + 1]]))]
        while work:
            node, following = work[-1]
            for child in following:
                if order[child] < 0:
                    if steps[child] < 0:
                        continue  # reaches nothing: adds nothing
                    order[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = 1
                    work.append((child, iter(flat[start[child]:start[child + 1]])))
                    break
                if on_stack[child] and order[child] < low[node]:
                    low[node] = order[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == order[node]:
                    _close_component(node, stack, on_stack, reach, links)
    return reach


def _close_component(head: int, stack: List[int], on_stack: bytearray, reach: List[int],
                     links: LinkIndex) -> None:
    """Pop the component whose first-visited node is ``head`` and give all its members one reach."""
    start, flat = links.client_start, links.client_list
    member = stack.pop()
    on_stack[member] = 0
    if member == head:  # the usual case: a component of one node
        bits = reach[member]
        for client in flat[start[member]:start[member + 1]]:
            bits |= reach[client]
        reach[member] = bits
        return
    members = [member]
    while member != head:
        member = stack.pop()
        on_stack[member] = 0
        members.append(member)
    bits = 0
    for member in members:
        bits |= reach[member]
        for client in flat[start[member]:start[member + 1]]:
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

    def start(self, worker_id: str) -> Optional[str]:
        """The team the worker's chain starts from (``None``: none of theirs has one).

        Chains of distinct teams differ at their first id, so the shortest chain, ties broken
        id by id, is that of the team with the shortest one, ties broken by team id: no
        chain is built to choose.
        """
        teams = self._workers[worker_id].teams
        if len(teams) == 1:
            return teams[0] if self._chains.has_chain(teams[0]) else None
        reaching = [team_id for team_id in teams if self._chains.has_chain(team_id)]
        return min(reaching, key=lambda team_id: (self._chains.length(team_id), team_id)) if reaching else None

    def __getitem__(self, worker_id: str) -> Optional[List[str]]:
        start = self.start(worker_id)
        return self._team_chain(start) if start is not None else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._workers)

    def __len__(self) -> int:
        return len(self._workers)


def same_chains(old: Chains, new: Chains) -> Callable[[str], bool]:
    """A test of whether a team's chain is the same in two analyses, without building it.

    Two chains are the same when their next ids are the same and so are the chains from
    there: each team's answer is remembered, so testing every team costs one step per team
    (comparing the lists was quadratic on a chain of 10,000 teams).
    """
    old_next, new_next = old.next_hop, new.next_hop
    known: Dict[str, bool] = {}

    def same(team_id: str) -> bool:
        path, node = [], team_id
        while node not in known:
            following = old_next.get(node)
            if following != new_next.get(node):
                known[node] = False
            elif following is None:  # both end here: an end client, or no chain in either
                known[node] = old.has_chain(node) == new.has_chain(node)
            else:
                path.append(node)
                node = following
        for step in path:
            known[step] = known[node]
        return known[team_id]
    return same


def worker_chains(org: Org, chains: Chains) -> WorkerChains:
    """Each worker's chain (see :class:`WorkerChains`), in the order of ``org.workers``."""
    return WorkerChains(org, chains)
