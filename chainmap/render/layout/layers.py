"""Columns: each box stands at its distance to the end clients, links crossing columns in steps.

A team's column is its chain's length (the end clients rightmost, the frontline next to
them, support further back). A link never runs forward more than one column, since a
supplier is at most one link further than its client; it may run within a column (two
teams at the same distance) or backwards (a team nearer the client serving one further
away: a cycle, or a team that also serves a long chain). Links within a column are given
sub-columns, so that every link joins two different columns: the supplier's sub-column
stands left of its client's. A link that spans several columns gets one waypoint per
column it passes (a "virtual" item), so that the ordering and the routing see one step at
a time, as in Sugiyama's method.

Boxes without a distance are placed by their links: an unknown id or a worker one column
left of the teams it serves, a team with no chain one column right of its suppliers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .model import Arc, Box
from .ranking import column_ranks

import os
RANKING = os.environ.get('CM_RANKING', 'compact')

__all__ = ["LayeredGraph", "layered_graph"]


@dataclass
class LayeredGraph:
    """Boxes and waypoints ("items"), the layer of each, and the layers' orders.

    Items ``0 … real-1`` are the boxes in input order; the rest are waypoints of long arcs.
    ``up``/``down`` hold each item's neighbours in the layer before and after it.
    """

    real: int
    layer: List[int] = field(default_factory=list)
    lane: List[int] = field(default_factory=list)  # lane index; -1: free (end clients)
    across: List[float] = field(default_factory=list)  # size across the flow
    along: List[float] = field(default_factory=list)  # size along the flow (0 for a waypoint)
    paths: List[List[int]] = field(default_factory=list)  # per arc: its items, tail to head
    layers: List[List[int]] = field(default_factory=list)
    up: List[List[int]] = field(default_factory=list)
    down: List[List[int]] = field(default_factory=list)
    rank_of_layer: List[int] = field(default_factory=list)
    lane_names: List[str] = field(default_factory=list)  # lane index -> department ("" none, ZONE)

    def add_item(self, layer: int, lane: int, across: float, along: float) -> int:
        self.layer.append(layer)
        self.lane.append(lane)
        self.across.append(across)
        self.along.append(along)
        self.up.append([])
        self.down.append([])
        return len(self.layer) - 1


WAYPOINT_ACROSS = 6.0  # the room a link passing through a column takes, in points


def box_ranks(boxes: Sequence[Box], arcs: Sequence[Tuple[int, int]]) -> List[int]:
    """Every box's column rank: its own, or one derived from the boxes it is linked to."""
    rank: List[Optional[int]] = [box.rank for box in boxes]
    clients: List[List[int]] = [[] for _ in boxes]
    suppliers: List[List[int]] = [[] for _ in boxes]
    for tail, head in arcs:
        clients[tail].append(head)
        suppliers[head].append(tail)
    deepest = max((r for r in rank if r is not None), default=1)
    while True:
        _derive(rank, clients, suppliers)
        unplaced = [i for i, r in enumerate(rank) if r is None and (clients[i] or suppliers[i])]
        if not unplaced:
            break
        rank[unplaced[0]] = max(deepest, 1)  # a group linked only among itself starts on the left
    _spread_lone_boxes(rank, [box.zone for box in boxes], max(deepest, 1))
    return [r if r is not None else 1 for r in rank]


def _derive(rank: List[Optional[int]], clients: List[List[int]], suppliers: List[List[int]]) -> None:
    """Give each unplaced box linked to placed ones a rank, wave after wave.

    A box that serves placed boxes goes one column left of the furthest of them (all its
    links run forward); one that is only served goes one column right of its nearest
    supplier, never into the end clients' column.
    """
    wave = [i for i, r in enumerate(rank) if r is not None]
    while wave:
        touched = sorted({n for i in wave for n in clients[i] + suppliers[i] if rank[n] is None})
        placed: Dict[int, int] = {}
        for i in touched:
            served = [rank[c] for c in clients[i] if rank[c] is not None]
            if served:
                placed[i] = max(r for r in served if r is not None) + 1
                continue
            fed = [rank[s] for s in suppliers[i] if rank[s] is not None]
            placed[i] = max(1, min(r for r in fed if r is not None) - 1)
        for i, r in placed.items():
            rank[i] = r
        wave = list(placed)


def _spread_lone_boxes(rank: List[Optional[int]], zone: Sequence[bool], deepest: int) -> None:
    """Boxes with no link at all share out the columns, fewest first, from the left."""
    count: Dict[int, int] = {r: 0 for r in range(1, deepest + 1)}
    for i, r in enumerate(rank):
        if r is not None and zone[i] and r in count:
            count[r] += 1
    for i, r in enumerate(rank):
        if r is None:
            chosen = min(count, key=lambda c: (count[c], -c))
            rank[i] = chosen
            count[chosen] += 1


def sub_levels(rank: Sequence[int], arcs: Sequence[Tuple[int, int]]) -> List[int]:
    """Within a column, each box's sub-column: one right of its suppliers in the same column.

    Links within a column form a graph that may have cycles: a depth-first search in box
    order ignores the links that close one (they will run backwards), and the longest path
    from the first boxes gives each its sub-column.
    """
    flat: List[List[int]] = [[] for _ in rank]
    for tail, head in arcs:
        if tail != head and rank[tail] == rank[head]:
            flat[tail].append(head)
    order = _topological(flat)
    level = [0] * len(rank)
    position = {box: index for index, box in enumerate(order)}
    for box in order:
        for head in flat[box]:
            if position[head] > position[box]:
                level[head] = max(level[head], level[box] + 1)
    return level


def _topological(graph: List[List[int]]) -> List[int]:
    """A depth-first finishing order, reversed (arcs closing a cycle point backwards in it)."""
    state = [0] * len(graph)  # 0 new, 1 open, 2 done
    finished: List[int] = []
    for start in range(len(graph)):
        if state[start] or not graph[start]:
            continue
        stack = [(start, 0)]
        state[start] = 1
        while stack:
            node, index = stack[-1]
            if index < len(graph[node]):
                stack[-1] = (node, index + 1)
                following = graph[node][index]
                if state[following] == 0:
                    state[following] = 1
                    stack.append((following, 0))
            else:
                stack.pop()
                state[node] = 2
                finished.append(node)
    seen = set(finished)
    return [n for n in range(len(graph)) if n not in seen] + finished[::-1]


def layered_graph(boxes: Sequence[Box], arcs: Sequence[Arc], across_is_height: bool = True) -> LayeredGraph:
    """The boxes in layers, left to right, with a waypoint wherever an arc skips a layer.

    Lanes are numbered in order of first appearance (the zone of teams with no chain last);
    end clients belong to none (-1).
    """
    index = {box.id: i for i, box in enumerate(boxes)}
    pairs = [(index[arc.tail], index[arc.head]) for arc in arcs]
    if RANKING == "distance":
        rank = box_ranks(boxes, pairs)
    else:
        linked = [False] * len(boxes)
        for tail, head in pairs:
            linked[tail] = linked[head] = True
        rank = column_ranks(len(boxes), pairs, [box.rank for box in boxes], [box.rank == 0 for box in boxes])
        lone: List[Optional[int]] = [r if linked[i] or box.rank == 0 else None for i, (r, box) in enumerate(zip(rank, boxes))]
        _spread_lone_boxes(lone, [box.zone for box in boxes], max(rank, default=1))
        rank = [r if r is not None else 1 for r in lone]
    level = sub_levels(rank, pairs)
    layer_of, rank_of_layer = _layer_numbers(rank, level)
    graph = LayeredGraph(real=len(boxes), rank_of_layer=rank_of_layer, layers=[[] for _ in rank_of_layer])
    for i, box in enumerate(boxes):
        across, along = (box.height, box.width) if across_is_height else (box.width, box.height)
        graph.add_item(layer_of[i], _lane_number(graph, None if box.rank == 0 else _lane_key(box)), across, along)
    for tail, head in pairs:
        graph.paths.append(_path(graph, tail, head) if tail != head else [])
    if ZONE in graph.lane_names:  # the zone stays at the bottom whatever the order of the others
        zone = graph.lane_names.index(ZONE)
        graph.lane_names.append(graph.lane_names.pop(zone))
        graph.lane = [lane if lane < zone else (len(graph.lane_names) - 1 if lane == zone else lane - 1)
                      for lane in graph.lane]
    for item, layer in enumerate(graph.layer):
        graph.layers[layer].append(item)
    return graph


def _lane_number(graph: LayeredGraph, key: Optional[str]) -> int:
    if key is None:
        return -1
    if key not in graph.lane_names:
        graph.lane_names.append(key)
    return graph.lane_names.index(key)


def _lane_key(box: Box) -> Optional[str]:
    if os.environ.get("CM_LANES") == "0":
        return ""
    return ZONE if box.zone else (box.lane or "")


ZONE = "\x00zone"  # the lane of the teams with no chain (no department can be named so)


def _layer_numbers(rank: Sequence[int], level: Sequence[int]) -> Tuple[List[int], List[int]]:
    """Layer index of each box (0 leftmost: the furthest rank, its first sub-column) and each layer's rank."""
    levels: Dict[int, int] = {}
    for r, s in zip(rank, level):
        levels[r] = max(levels.get(r, 0), s + 1)
    first: Dict[int, int] = {}
    rank_of_layer: List[int] = []
    for r in sorted(levels, reverse=True):
        first[r] = len(rank_of_layer)
        rank_of_layer += [r] * levels[r]
    return [first[r] + s for r, s in zip(rank, level)], rank_of_layer


def _path(graph: LayeredGraph, tail: int, head: int) -> List[int]:
    """The items of one arc: its tail, a waypoint in each layer between, its head."""
    start, end = graph.layer[tail], graph.layer[head]
    step = 1 if end > start else -1
    items = [tail]
    layers = list(range(start + step, end, step))
    for k, layer in enumerate(layers):
        lane = graph.lane[tail] if 2 * (k + 1) <= len(layers) + 1 else graph.lane[head]
        if lane < 0:
            lane = graph.lane[tail] if graph.lane[tail] >= 0 else graph.lane[head]
        items.append(graph.add_item(layer, lane, WAYPOINT_ACROSS, 0.0))
    items.append(head)
    for a, b in zip(items, items[1:]):
        if graph.layer[b] > graph.layer[a]:
            graph.down[a].append(b)
            graph.up[b].append(a)
        else:
            graph.up[a].append(b)
            graph.down[b].append(a)
    return items
