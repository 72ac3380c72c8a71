"""Columns that follow the distance to the end clients, with links as short as can be.

Every link runs towards the end clients (one column or more to the right), except the
links that close a cycle: those run back. Which links close a cycle is decided by the
teams' distances to the end clients: in a cycle, a link from a team nearer the client to
one further away is the one drawn backwards (the team nearer the client keeps its place);
among teams at the same distance, a depth-first search in box order decides. A team is
thus never drawn nearer the end clients than its distance, and the frontline (teams that
serve only end clients) stands next to them.

Within those constraints, each box is moved to the column that makes its links shortest
(the layering problem of Gansner et al., solved here by moving one box at a time to the
best column its neighbours allow, a bounded number of times): a team that serves the
frontline and one end client stands with the support teams, its link to the end client
running long, rather than standing with the frontline and making every link into it long.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

__all__ = ["feedback_arcs", "column_ranks", "Constraints", "constraints"]

COMPACTION_PASSES = 30


def _components(count: int, arcs: Sequence[Tuple[int, int]]) -> List[int]:
    """The strongly connected component of each box (Tarjan's algorithm, without recursion)."""
    following: List[List[int]] = [[] for _ in range(count)]
    for tail, head in arcs:
        following[tail].append(head)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    component = [-1] * count
    stack: List[int] = []
    counter = components = 0
    for root in range(count):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, position = work[-1]
            if position < len(following[node]):
                work[-1] = (node, position + 1)
                nxt = following[node][position]
                if index[nxt] < 0:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = components
                    if member == node:
                        break
                components += 1
    return component


def feedback_arcs(count: int, arcs: Sequence[Tuple[int, int]], distance: Sequence[Optional[int]]) -> Set[int]:
    """The arcs (by index) drawn backwards: within each cycle, those from nearer the end
    clients to further away, then those a depth-first search finds closing a cycle."""
    component = _components(count, arcs)
    far = 10 ** 9
    feedback: Set[int] = set()
    remaining: List[List[Tuple[int, int]]] = [[] for _ in range(count)]  # (head, arc index)
    for number, (tail, head) in enumerate(arcs):
        if tail == head or component[tail] != component[head]:
            continue
        near, further = distance[tail], distance[head]
        if (near if near is not None else far) < (further if further is not None else far):
            feedback.add(number)
        else:
            remaining[tail].append((head, number))
    feedback |= _back_arcs(remaining)
    return feedback


def _back_arcs(graph: List[List[Tuple[int, int]]]) -> Set[int]:
    """Arcs a depth-first search (boxes in order) finds pointing back to an open box."""
    state = [0] * len(graph)
    back: Set[int] = set()
    for root in range(len(graph)):
        if state[root] or not graph[root]:
            continue
        state[root] = 1
        work = [(root, 0)]
        while work:
            node, position = work[-1]
            if position < len(graph[node]):
                work[-1] = (node, position + 1)
                head, number = graph[node][position]
                if state[head] == 1:
                    back.add(number)
                elif state[head] == 0:
                    state[head] = 1
                    work.append((head, 0))
            else:
                work.pop()
                state[node] = 2
    return back


@dataclass(frozen=True)
class Constraints:
    """What any column assignment must respect: ``rightwards[box]`` must stand at least one
    column nearer the end clients than ``box`` (``leftwards`` is the inverse); ``pinned``
    boxes do not move."""

    rightwards: List[List[int]]
    leftwards: List[List[int]]
    pinned: Sequence[Optional[int]]

    def allows(self, rank: Sequence[int]) -> bool:
        return all(rank[left] > rank[right] for left, rights in enumerate(self.rightwards) for right in rights)

    def span(self, rank: Sequence[int]) -> int:
        """The links' total length in columns: what :func:`_compact` shortens."""
        return sum(rank[left] - rank[right] for left, rights in enumerate(self.rightwards) for right in rights)


def constraints(count: int, arcs: Sequence[Tuple[int, int]], distance: Sequence[Optional[int]],
                pinned: Sequence[Optional[int]]) -> Constraints:
    """The constraints of ``arcs``, each closing a cycle turned round (see :func:`feedback_arcs`)."""
    feedback = feedback_arcs(count, arcs, distance)
    # (left, right): the left box stands at least one column further from the end clients
    order = [(head, tail) if number in feedback else (tail, head)
             for number, (tail, head) in enumerate(arcs) if tail != head]
    rightwards: List[List[int]] = [[] for _ in range(count)]
    leftwards: List[List[int]] = [[] for _ in range(count)]
    for left, right in order:
        rightwards[left].append(right)
        leftwards[right].append(left)
    return Constraints(rightwards, leftwards, pinned)


def column_ranks(count: int, arcs: Sequence[Tuple[int, int]], distance: Sequence[Optional[int]],
                 pinned: Sequence[Optional[int]]) -> List[int]:
    """Each box's column rank, 0 for the end clients, 1 and up for the teams, right to left.

    ``pinned`` holds the rank of the boxes that do not move: the end clients (0) and the
    frontline teams that serve end clients only (1).
    """
    rules = constraints(count, arcs, distance, pinned)
    rank = _longest_paths(count, rules.rightwards, rules.leftwards, pinned)
    _compact(rank, rules.rightwards, rules.leftwards, pinned)
    return rank


def _longest_paths(count: int, rightwards: List[List[int]], leftwards: List[List[int]],
                   pinned: Sequence[Optional[int]]) -> List[int]:
    """Every box as near the end clients as the constraints allow (Kahn's order from the right)."""
    waiting = [len(rightwards[i]) for i in range(count)]
    rank: List[int] = [1 if fixed is None else fixed for fixed in pinned]
    ready = [i for i in range(count) if waiting[i] == 0]
    while ready:
        box = ready.pop()
        for left in leftwards[box]:
            rank[left] = max(rank[left], rank[box] + 1)
            waiting[left] -= 1
            if waiting[left] == 0:
                ready.append(left)
    return rank


def _compact(rank: List[int], rightwards: List[List[int]], leftwards: List[List[int]],
             pinned: Sequence[Optional[int]]) -> None:
    """Move each box, in turn, to the column its neighbours allow that makes its links shortest.

    A box with more links to its right than to its left goes as far right as it may; with
    more to its left, as far left; otherwise it stays. Repeated until nothing moves.
    """
    for _ in range(COMPACTION_PASSES):
        moved = False
        for box in range(len(rank)):
            if pinned[box] is not None:
                continue
            lowest = max((rank[r] + 1 for r in rightwards[box]), default=1)
            highest = min((rank[left] - 1 for left in leftwards[box]), default=None)
            balance = len(rightwards[box]) - len(leftwards[box])
            if balance > 0 or highest is None:
                wanted = lowest
            elif balance < 0:
                wanted = highest
            else:
                wanted = min(max(rank[box], lowest), highest)
            if wanted != rank[box]:
                rank[box] = wanted
                moved = True
        if not moved:
            break
