"""Immediate dominators by Lengauer and Tarjan's algorithm, on flat arrays.

Why not Cooper, Harvey and Kennedy's iteration (networkx's, and chainmap's until it met a
hostile shape): each of its passes climbs the tree from every predecessor of every node
to their common dominator. A long chain whose teams each also serve the end client
directly makes every climb as long as the chain: 10,000 teams took 29 s. Lengauer and
Tarjan's semi-dominators, found backwards through a depth-first order with a forest whose
paths are compressed, take O(links · log nodes) on any shape.

The graph is given by a depth-first search already made (the caller's): nodes are its
preorder numbers, the root is 0, ``parent[v]`` is the number of the node the search came
from, and ``flat[start[v]:start[v + 1]]`` are the numbers of ``v``'s predecessors (nodes
the search reached only). Everything is a number: no recursion, no dictionary, so a chain
of 100,000 teams is as easy as a bush.

>>> from array import array
>>> # searched 0 → 1 → 2, then 0 → 3 → 2: the predecessors of 1, 2 and 3 are [0], [1, 3], [0]
>>> lengauer_tarjan(array("i", [0, 0, 1, 0]), array("i", [0, 0, 1, 3, 4]), array("i", [0, 1, 3, 0]))
array('i', [0, 0, 0, 0])
"""

from __future__ import annotations

from array import array
from typing import List

__all__ = ["lengauer_tarjan"]

_NONE = -1


def lengauer_tarjan(parent: array, start: array, flat: array) -> array:
    """The immediate dominator of every node (by preorder number; the root's is itself, 0)."""
    count = len(parent)
    semi, label = array("i", range(count)), array("i", range(count))
    ancestor = array("i", [_NONE]) * count
    idom = array("i", [0]) * count
    bucket_head, bucket_next = array("i", [_NONE]) * count, array("i", [_NONE]) * count
    for node in range(count - 1, 0, -1):
        for other in flat[start[node]:start[node + 1]]:
            found = _evaluate(other, ancestor, label, semi)
            if semi[found] < semi[node]:
                semi[node] = semi[found]
        bucket_next[node], bucket_head[semi[node]] = bucket_head[semi[node]], node
        above = parent[node]
        ancestor[node] = above
        waiting = bucket_head[above]
        while waiting != _NONE:  # their semi-dominator is `above`: settle them, or defer to the last pass
            found = _evaluate(waiting, ancestor, label, semi)
            idom[waiting] = found if semi[found] < semi[waiting] else above
            waiting = bucket_next[waiting]
        bucket_head[above] = _NONE
    for node in range(1, count):
        if idom[node] != semi[node]:
            idom[node] = idom[idom[node]]
    return idom


def _evaluate(node: int, ancestor: array, label: array, semi: array) -> int:
    """The node of smallest semi-dominator on the forest path above ``node`` (its tree's
    root left out), the path compressed on the way, without recursion."""
    if ancestor[node] == _NONE:
        return node
    path: List[int] = []
    climbing = node
    while ancestor[ancestor[climbing]] != _NONE:
        path.append(climbing)
        climbing = ancestor[climbing]
    for step in reversed(path):  # from the top down, as the recursive version returns
        above = ancestor[step]
        if semi[label[above]] < semi[label[step]]:
            label[step] = label[above]
        ancestor[step] = ancestor[above]
    return label[node]
