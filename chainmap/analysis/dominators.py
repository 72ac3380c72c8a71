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
    post = _postorder(links, root)
    rank = [_NONE] * (root + 1)
    for position, node in enumerate(post):
        rank[node] = position
    idom = [_NONE] * (root + 1)
    idom[root] = root
    starts = set(links.end_clients)
    changed = True
    while changed:
        changed = False
        for node in reversed(post[:-1]):
            new = root if node in starts else _NONE
            for other in links.clients[node]:
                if idom[other] != _NONE:
                    new = other if new == _NONE else _intersect(idom, rank, other, new)
            if new != _NONE and idom[node] != new:
                idom[node] = new
                changed = True
    return idom


def _postorder(links: LinkIndex, root: int) -> List[int]:
    """Depth-first postorder of the nodes reachable from the virtual root (which comes last)."""
    post: List[int] = []
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
            post.append(node)
    return post


def _intersect(idom: List[int], rank: List[int], first: int, second: int) -> int:
    while first != second:
        while rank[first] < rank[second]:
            first = idom[first]
        while rank[second] < rank[first]:
            second = idom[second]
    return first


def _descendants(children: Dict[int, List[int]], start: int) -> List[int]:
    found, stack = [], list(children.get(start, ()))
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children.get(node, ()))
    return found
