"""Which teams each team carries: those whose every chain passes through it.

Team D carries team T when every chain of T (every path from T to an end client) passes
through D: if D fails, T's work reaches no client. These are the dominators of the reversed
graph, rooted at a virtual node that feeds every end client; the teams D carries are its
descendants in the dominator tree. One near-linear computation (the iterative algorithm of
Cooper, Harvey and Kennedy, as networkx's ``immediate_dominators`` uses), run on
:mod:`~chainmap.analysis.indexed`'s numbered lists; no team is deleted and re-searched.

>>> from chainmap.examples import example_path
>>> from chainmap.load import load
>>> from chainmap.analysis.indexed import index_links
>>> carried = carried_teams(index_links(load(example_path())))
>>> carried["paie"]
['gestion-des-temps']
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Tuple

from .indexed import LinkIndex

__all__ = ["carried_teams", "immediate_dominators"]

_NONE = -1


def carried_teams(links: LinkIndex) -> Dict[str, List[str]]:
    """For each team that carries at least one other team, those teams' ids, sorted."""
    idom = immediate_dominators(links)
    root = len(links)
    children: Dict[int, List[int]] = {}
    for node, dominator in enumerate(idom[:root]):
        if dominator not in (_NONE, root):
            children.setdefault(dominator, []).append(node)
    ends = set(links.end_clients)
    return {links.ids[node]: [links.ids[d] for d in sorted(_descendants(children, node))]
            for node in sorted(children) if node not in ends}


def immediate_dominators(links: LinkIndex) -> List[int]:
    """The immediate dominator of every node on the way back from the end clients.

    Returns a list indexed by node number, plus one last entry for the virtual root (number
    ``len(links)``, its own dominator); ``-1`` for a node that reaches no end client. The
    reversed graph's successors are ``links.suppliers``, its predecessors ``links.clients``.
    """
    root = len(links)
    post, predecessors = _postorder(links, root)
    ranked = _dominators_by_rank(predecessors)
    idom = [_NONE] * (root + 1)
    for position, node in enumerate(post):
        idom[node] = post[ranked[position]]
    return idom


def _dominators_by_rank(predecessors: List[List[int]]) -> List[int]:
    """Cooper, Harvey and Kennedy's iteration on postorder ranks (the root ranks last)."""
    root = len(predecessors) - 1
    idom = [_NONE] * (root + 1)
    idom[root] = root
    changed = True
    while changed:
        changed = False
        for node in range(root - 1, -1, -1):  # reverse postorder
            new = _NONE
            for other in predecessors[node]:
                if idom[other] != _NONE:
                    new = other if new == _NONE else _intersect(idom, other, new)
            if idom[node] != new:
                idom[node] = new
                changed = True
    return idom


def _postorder(links: LinkIndex, root: int) -> Tuple[List[int], List[List[int]]]:
    """The nodes reachable from the virtual root in depth-first postorder (the root last), and
    each one's predecessors by postorder rank, listed by rank.

    Why ranks: the iteration then walks its lists in order and compares ranks without
    looking them up. On the nodes' own numbers (id order) its passes jumped around memory,
    and grew faster than the organisation (benchmarks/RESULTS.md). Each node hands its rank
    to its successors when it is finished, so the renaming costs one step per link; a client
    that reaches no end client is never finished and offers no dominator, as it should not.
    """
    post: List[int] = []
    by_node: List[List[int]] = [[] for _node in range(root + 1)]
    seen = [False] * (root + 1)
    seen[root] = True
    stack: List[Tuple[int, Iterator[int]]] = [(root, iter(links.end_clients))]
    while stack:
        node, following = stack[-1]
        for child in following:
            if not seen[child]:
                seen[child] = True
                stack.append((child, iter(links.suppliers[child])))
                break
        else:
            stack.pop()
            rank = len(post)
            post.append(node)
            for successor in (links.suppliers[node] if node < root else links.end_clients):
                by_node[successor].append(rank)
    return post, [by_node[node] for node in post]


def _intersect(idom: List[int], first: int, second: int) -> int:
    """The nearest common dominator of two ranked nodes: climb from the lower rank."""
    while first != second:
        while first < second:
            first = idom[first]
        while second < first:
            second = idom[second]
    return first


def _descendants(children: Dict[int, List[int]], start: int) -> List[int]:
    found, stack = [], list(children.get(start, ()))
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children.get(node, ()))
    return found
