"""Which teams each team carries: those whose every chain passes through it.

Team D carries team T when every chain of T (every path from T to an end client) passes
through D: if D fails, T's work reaches no client. These are the dominators of the reversed
graph, rooted at a virtual node that feeds every end client; the teams D carries are its
descendants in the dominator tree.

Near-linear on any shape, on :mod:`~chainmap.analysis.indexed`'s arrays; no team is deleted
and re-searched:

- the tree is found by Lengauer and Tarjan's algorithm (:mod:`.lengauer_tarjan`), on the
  numbers of one depth-first search;
- how many teams each team carries is its subtree's size, one pass over an array; the
  lists of those teams are spelled out only when asked for (:class:`Carried`): on a chain
  of 10,000 teams they hold 50 million ids in all. What a finding names is the first
  :data:`FIRST_CARRIED` of them (:meth:`Carried.first`), found for every team in one pass;
- how many distinct people each team carries is found for every team at once
  (:func:`subtree_workers`), not by listing its carried teams' members.

>>> from chainmap.examples import example_path
>>> from chainmap.load import load
>>> from chainmap.analysis.indexed import index_links
>>> carried = carried_teams(index_links(load(example_path())))
>>> carried["paie"]
['gestion-des-temps']
>>> carried.count("paie")
1
>>> carried.first_ids(carried.links.number["paie"])
['gestion-des-temps']
"""

from __future__ import annotations

from array import array
from itertools import compress
from typing import Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Set, Tuple

from .indexed import LinkIndex, grouped
from .lengauer_tarjan import lengauer_tarjan

__all__ = ["Carried", "DominatorTree", "FIRST_CARRIED", "carried_teams", "dominator_tree", "immediate_dominators",
           "subtree_workers"]

_NONE = -1
FIRST_CARRIED = 20  # the carried teams a finding names (the first in id order); the others are counted


class DominatorTree:
    """The dominator tree on postorder ranks: ``post[r]`` is the node of rank ``r`` (the
    virtual root ranks last), ``idom[r]`` the rank of its immediate dominator, ``size[r]``
    how many nodes its subtree holds (itself included), ``rank[v]`` the rank of node ``v``
    (-1: it reaches no end client)."""

    def __init__(self, post: array, rank: array, idom: array):
        self.post, self.rank, self.idom = post, rank, idom
        self.size = _subtree_sizes(idom)
        self._preorder: Tuple[array, array] = (array("i"), array("i"))

    def carried_count(self, node: int) -> int:
        """How many nodes ``node`` carries (its descendants in the tree)."""
        rank = self.rank[node]
        return self.size[rank] - 1 if rank >= 0 else 0

    def carried_nodes(self, node: int) -> List[int]:
        """The numbers of the nodes ``node`` carries, increasing."""
        rank = self.rank[node]
        if rank < 0 or self.size[rank] == 1:
            return []
        order, position = self.preorder()
        first = position[rank]
        post = self.post
        return sorted(post[r] for r in order[first + 1:first + self.size[rank]])

    def preorder(self) -> Tuple[array, array]:
        """The ranks in a depth-first preorder of the tree, and each rank's position in it:
        a subtree is then one run, its root first. Made on first need, once."""
        if not len(self._preorder[0]):
            self._preorder = _preorder(self.idom)
        return self._preorder


class Carried(Mapping[str, List[str]]):
    """For each team that carries at least one other team, those teams' ids, sorted: a
    read-only mapping, by team id in id order, whose lists are made when read.

    :meth:`count` says how many without making the list. An end client is never listed
    as carrying anyone (it is where chains end, not a team that can fail).
    """

    def __init__(self, links: LinkIndex, tree: DominatorTree):
        self.links, self.tree = links, tree
        post, size, is_end = tree.post, tree.size, links.is_end_client
        self._carriers: List[int] = sorted(post[r] for r in range(len(post) - 1)
                                           if size[r] > 1 and not is_end[post[r]])
        self._position = {links.ids[node]: node for node in self._carriers}
        self._first: Optional[List[List[int]]] = None

    def carriers(self) -> List[int]:
        """The numbers of the teams that carry another, increasing."""
        return self._carriers

    def count(self, team_id: str) -> int:
        """How many teams ``team_id`` carries (0 for any other id)."""
        node = self._position.get(team_id)
        return self.tree.carried_count(node) if node is not None else 0

    def first(self, node: int) -> List[int]:
        """The numbers of the first :data:`FIRST_CARRIED` teams ``node`` carries, increasing:
        what a finding names. Found for every team in one pass, on first need."""
        if self._first is None:
            self._first = _first_carried(self.tree)
        rank = self.tree.rank[node]
        return self._first[rank] if rank >= 0 else []

    def first_ids(self, node: int) -> List[str]:
        """:meth:`first`, as ids."""
        ids = self.links.ids
        return [ids[other] for other in self.first(node)]

    def dominator(self, node: int) -> int:
        """The number of the first node every chain of ``node`` passes through (a team or an
        end client), -1 when there is none (its chains part at once, or it has none): its
        parent in the tree, from which every carried list can be rebuilt."""
        tree = self.tree
        rank = tree.rank[node]
        if rank < 0:
            return _NONE
        above = tree.idom[rank]
        return tree.post[above] if above != len(tree.post) - 1 else _NONE

    def __getitem__(self, team_id: str) -> List[str]:
        node = self._position[team_id]
        ids = self.links.ids
        return [ids[other] for other in self.tree.carried_nodes(node)]

    def __contains__(self, team_id: object) -> bool:
        return team_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._carriers)

    def __repr__(self) -> str:
        return f"Carried({dict(self)!r})" if len(self) <= 10 else f"<Carried: {len(self)} teams>"


def carried_teams(links: LinkIndex) -> Carried:
    """For each team that carries at least one other team, those teams' ids (see :class:`Carried`)."""
    return Carried(links, dominator_tree(links))


def dominator_tree(links: LinkIndex) -> DominatorTree:
    """The dominator tree of the reversed graph, rooted at the virtual node (see the module docstring)."""
    search = _search(links)
    by_preorder = lengauer_tarjan(search.parent, *_predecessors(links, search))
    post, rank, order = search.post, search.rank, search.order
    idom = array("i", [_NONE]) * len(post)
    for position, node in enumerate(order):
        idom[rank[node]] = rank[order[by_preorder[position]]]
    return DominatorTree(post, rank, idom)


def immediate_dominators(links: LinkIndex) -> List[int]:
    """The immediate dominator of every node on the way back from the end clients.

    Returns a list indexed by node number, plus one last entry for the virtual root (number
    ``len(links)``, its own dominator); ``-1`` for a node that reaches no end client. The
    reversed graph's successors are the suppliers, its predecessors the clients.
    """
    tree = dominator_tree(links)
    idom = [_NONE] * (len(links) + 1)
    for position, node in enumerate(tree.post):
        idom[node] = tree.post[tree.idom[position]]
    return idom


class _Search(NamedTuple):
    """One depth-first search of the reversed graph from the virtual root (number
    ``len(links)``): ``order`` holds the nodes in preorder (the root first), ``parent`` each
    one's parent by preorder number, ``number`` each node's preorder number (-1: not
    reached); ``post`` holds them in postorder (the root last), ``rank`` each node's place
    in it."""

    order: array
    parent: array
    number: array
    post: array
    rank: array


def _search(links: LinkIndex) -> _Search:
    """The depth-first search (see :class:`_Search`), without recursion.

    Why postorder ranks besides: a dominator ranks after every node it dominates (it is
    their ancestor in the search), so subtree sizes and every pass up the tree walk the
    arrays in order. A client that reaches no end client is never reached here and offers
    no dominator, as it should not.
    """
    size = len(links)
    root = size
    start, flat = links.supplier_start, links.supplier_list
    number, rank = array("i", [_NONE]) * (size + 1), array("i", [_NONE]) * (size + 1)
    order, parent, post = array("i", [root]), array("i", [0]), array("i")
    number[root] = 0
    stack: List[Tuple[int, Iterator[int]]] = [(root, iter(links.end_clients))]
    while stack:
        node, following = stack[-1]
        for child in following:
            if number[child] == _NONE:
                number[child] = len(order)
                order.append(child)
                parent.append(number[node])
                stack.append((child, iter(flat[start[child]:start[child + 1]])))
                break
        else:
            stack.pop()
            rank[node] = len(post)
            post.append(node)
    return _Search(order, parent, number, post, rank)


def _predecessors(links: LinkIndex, search: _Search) -> Tuple[array, array]:
    """Rows of predecessors by preorder number: of a node, its clients that were reached,
    and the virtual root (0) for an end client. The root's own row is empty."""
    start, flat = links.client_start, links.client_list
    is_end, number = links.is_end_client, search.number
    row_start, numbers = array("i", [0, 0]), array("i")
    for node in search.order[1:]:
        for client in flat[start[node]:start[node + 1]]:
            other = number[client]
            if other >= 0:
                numbers.append(other)
        if is_end[node]:
            numbers.append(0)
        row_start.append(len(numbers))
    return row_start, numbers


def _subtree_sizes(idom: array) -> array:
    """How many nodes each rank's subtree holds: a dominator ranks after every node it
    dominates (it is their ancestor in the search), so one pass in rank order adds each
    subtree into its parent's after it is complete."""
    root = len(idom) - 1
    size = array("i", [1]) * (root + 1)
    for position in range(root):
        parent = idom[position]
        if parent != _NONE:
            size[parent] += size[position]
    return size


def _preorder(idom: array) -> Tuple[array, array]:
    """The ranks in a depth-first preorder of the dominator tree, and each rank's position."""
    root = len(idom) - 1
    start, flat = grouped(root + 1, idom[:root], array("i", range(root)))
    order, position = array("i"), array("i", [_NONE]) * (root + 1)
    stack = [root]
    while stack:
        node = stack.pop()
        position[node] = len(order)
        order.append(node)
        stack.extend(flat[start[node]:start[node + 1]])
    return order, position


def _first_carried(tree: DominatorTree) -> List[List[int]]:
    """For each rank, the smallest :data:`FIRST_CARRIED` node numbers (id order) among the
    nodes it carries: each subtree's are made from its children's, in rank order (a node's
    whole subtree ranks before it)."""
    post, idom = tree.post, tree.idom
    root = len(post) - 1
    first: List[List[int]] = [[] for _rank in range(root + 1)]
    for rank in range(root):
        above, node, mine = idom[rank], post[rank], first[rank]
        theirs = first[above]
        if len(theirs) == FIRST_CARRIED and node > theirs[-1] and (not mine or mine[0] > theirs[-1]):
            continue  # nothing of this subtree comes before the first ones already found
        merged = theirs + [node] + mine
        merged.sort()
        first[above] = merged[:FIRST_CARRIED]
    return first


def subtree_workers(tree: DominatorTree, members: array, shared: Dict[int, Tuple[str, ...]],
                    wanted: Iterable[int]) -> array:
    """For each ``wanted`` rank, how many distinct workers the teams of its subtree hold (0
    for the other ranks).

    ``members[v]`` is how many members node ``v`` has, ``shared[v]`` those of them who
    belong to other teams too. Every membership counts once, except that a worker in several
    teams of a subtree must count once: the sets of such workers are merged from the leaves
    up, the smaller into the larger, so each id moves O(log n) times (listing each team's
    carried teams' members was quadratic on a long chain). Only the subtrees of the wanted
    ranks are gone through: the single points of failure carry about half the teams, and
    the sets of the part-time workers elsewhere were most of the cost.
    """
    post, idom, rank_of = tree.post, tree.idom, tree.rank
    root = len(post) - 1
    inside = _within_subtrees(idom, wanted)
    count = len(members)
    memberships = [members[node] if node < count else 0 for node in post]
    repeated = [0] * (root + 1)
    sets: List[Optional[Set[str]]] = [None] * (root + 1)  # most teams share no worker: no set at all
    for node, workers in shared.items():
        rank = rank_of[node]
        if rank >= 0 and workers and inside[rank]:
            sets[rank], repeated[rank] = set(workers), len(workers)
    distinct = array("i", [0]) * (root + 1)
    for rank in compress(range(root), inside):
        own = sets[rank]
        distinct[rank] = memberships[rank] - repeated[rank] + (len(own) if own else 0)
        above = idom[rank]
        if not inside[above]:
            continue  # the top of a wanted subtree: what is above it is not counted
        memberships[above] += memberships[rank]
        repeated[above] += repeated[rank]
        if own:
            other = sets[above]
            if other is None:
                sets[above] = own
            elif len(other) < len(own):
                own |= other
                sets[above] = own
            else:
                other |= own
            sets[rank] = None
    return distinct


def _within_subtrees(idom: array, wanted: Iterable[int]) -> bytearray:
    """1 for each rank in the subtree of a wanted rank (itself included). A dominator ranks
    after the nodes it dominates, so one pass from the root down marks them all."""
    root = len(idom) - 1
    inside = bytearray(root + 1)
    for rank in wanted:
        inside[rank] = 1
    for rank in range(root - 1, -1, -1):
        above = idom[rank]
        if above != root and inside[above]:
            inside[rank] = 1
    return inside
