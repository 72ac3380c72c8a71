"""Which teams each team carries: those whose every chain passes through it.

Team D carries team T when every chain of T (every path from T to an end client) passes
through D: if D fails, T's work reaches no client. These are the dominators of the reversed
graph, rooted at a virtual node that feeds every end client; the teams D carries are its
descendants in the dominator tree. One near-linear computation (the iterative algorithm of
Cooper, Harvey and Kennedy, as networkx's ``immediate_dominators`` uses), run on
:mod:`~chainmap.analysis.indexed`'s arrays; no team is deleted and re-searched. How many
teams each team carries (its subtree's size) takes one more pass over an array; the lists
of those teams are spelled out only when asked for (:class:`Carried`).

>>> from chainmap.examples import example_path
>>> from chainmap.load import load
>>> from chainmap.analysis.indexed import index_links
>>> carried = carried_teams(index_links(load(example_path())))
>>> carried["paie"]
['gestion-des-temps']
>>> carried.count("paie")
1
"""

from __future__ import annotations

from array import array
from typing import Dict, Iterator, List, Mapping, Tuple

from .indexed import LinkIndex, grouped

__all__ = ["Carried", "DominatorTree", "carried_teams", "dominator_tree", "immediate_dominators"]

_NONE = -1


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

    def carriers(self) -> List[int]:
        """The numbers of the teams that carry another, increasing."""
        return self._carriers

    def count(self, team_id: str) -> int:
        """How many teams ``team_id`` carries (0 for any other id)."""
        node = self._position.get(team_id)
        return self.tree.carried_count(node) if node is not None else 0

    def carrying_at_least(self, minimum: int) -> Dict[int, List[int]]:
        """The teams that carry ``minimum`` teams or more (by number, increasing), each with the
        numbers of the teams it carries, increasing.

        Each node climbs its dominators and is added to those that qualify: nodes are taken
        in number order, so every list comes out sorted, with no sort. The cost is the size
        of the lists made (each carried team once per carrier listed), not the tree's.
        """
        tree, post, rank, idom = self.tree, self.tree.post, self.tree.rank, self.tree.idom
        size, root = tree.size, len(post) - 1
        qualifying = bytearray(root + 1)
        lists: Dict[int, List[int]] = {}
        for node in self._carriers:
            if size[rank[node]] - 1 >= minimum:
                qualifying[rank[node]] = 1
                lists[node] = []
        if not lists:
            return lists
        for node in range(len(self.links)):
            above = idom[rank[node]] if rank[node] >= 0 else root
            while above != root:
                if qualifying[above]:
                    lists[post[above]].append(node)
                above = idom[above]
        return lists

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
    post, rank, predecessors = _postorder(links)
    return DominatorTree(post, rank, _dominators_by_rank(*predecessors))


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


def _dominators_by_rank(start: array, flat: array) -> array:
    """Cooper, Harvey and Kennedy's iteration on postorder ranks (the root ranks last).

    ``flat[start[r]:start[r + 1]]`` are the ranks of the predecessors of rank ``r``.
    """
    root = len(start) - 2
    idom = array("i", [_NONE]) * (root + 1)
    idom[root] = root
    changed = True
    while changed:
        changed = False
        for node in range(root - 1, -1, -1):  # reverse postorder
            new = _NONE
            for other in flat[start[node]:start[node + 1]]:
                if idom[other] != _NONE:
                    if new == _NONE:
                        new = other
                    else:  # climb to the nearest common dominator, from the lower rank
                        while other != new:
                            while other < new:
                                other = idom[other]
                            while new < other:
                                new = idom[new]
            if idom[node] != new:
                idom[node] = new
                changed = True
    return idom


def _postorder(links: LinkIndex) -> Tuple[array, array, Tuple[array, array]]:
    """The nodes reachable from the virtual root in depth-first postorder (the root last),
    each node's rank in it (-1: not reached), and each rank's predecessors by rank.

    Why ranks: the iteration then walks its arrays in order and compares ranks without
    looking them up. On the nodes' own numbers (id order) its passes jumped around memory,
    and grew faster than the organisation (benchmarks/RESULTS.md). A client that reaches no
    end client is never reached here and offers no dominator, as it should not.
    """
    size = len(links)
    root = size
    start, flat = links.supplier_start, links.supplier_list
    rank = array("i", [_NONE]) * (size + 1)
    post = array("i")
    seen = bytearray(size + 1)
    seen[root] = 1
    stack: List[Tuple[int, Iterator[int]]] = [(root, iter(links.end_clients))]
    while stack:
        node, following = stack[-1]
        for child in following:
            if not seen[child]:
                seen[child] = 1
                stack.append((child, iter(flat[start[child]:start[child + 1]])))
                break
        else:
            stack.pop()
            rank[node] = len(post)
            post.append(node)
    return post, rank, _predecessor_ranks(links, post, rank)


def _predecessor_ranks(links: LinkIndex, post: array, rank: array) -> Tuple[array, array]:
    """Rows of predecessors by rank: of a node, its clients that were reached, and the
    virtual root for an end client. The root's own row is empty."""
    root_rank = len(post) - 1
    start, flat = links.client_start, links.client_list
    is_end = links.is_end_client
    row_start, ranks = array("i", [0]), array("i")
    for position in range(root_rank):
        node = post[position]
        for client in flat[start[node]:start[node + 1]]:
            other = rank[client]
            if other >= 0:
                ranks.append(other)
        if is_end[node]:
            ranks.append(root_rank)
        row_start.append(len(ranks))
    row_start.append(len(ranks))
    return row_start, ranks


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
