"""Layers: the columns of :mod:`.ranking`, with a waypoint wherever a link skips one.

As in Sugiyama's method, a link spanning several columns gets one waypoint (a "virtual"
item) in each column it passes, so that the ordering and the routing see one step at a
time. Items carry their lane (the main area, or the zone of teams with no chain at the
bottom; end clients in none) and their group (the department, drawn as tinted runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from .model import Arc, Box
from .ranking import Constraints, column_ranks, constraints

__all__ = ["LayeredGraph", "layered_graph", "Ranking", "ranking", "MAIN", "ZONE", "FREE", "NO_GROUP"]

FREE, MAIN, ZONE = -1, 0, 1  # lanes: the end clients' column, the main area, the zone at the bottom
NO_GROUP = -1
WAYPOINT_ACROSS = 6.0  # the room a link passing through a column takes, in points


@dataclass
class LayeredGraph:
    """Boxes and waypoints ("items"), the layer of each, and the layers' orders.

    Items ``0 … real-1`` are the boxes in input order; the rest are waypoints of long arcs.
    ``up``/``down`` hold each item's neighbours in the layer before and after it.
    """

    real: int
    layer: List[int] = field(default_factory=list)
    lane: List[int] = field(default_factory=list)
    group: List[int] = field(default_factory=list)  # index in ``groups``; NO_GROUP for waypoints
    groups: List[str] = field(default_factory=list)  # department names, in order of appearance
    across: List[float] = field(default_factory=list)  # size across the flow
    along: List[float] = field(default_factory=list)  # size along the flow (0 for a waypoint)
    paths: List[List[int]] = field(default_factory=list)  # per arc: its items, tail to head
    layers: List[List[int]] = field(default_factory=list)
    up: List[List[int]] = field(default_factory=list)
    down: List[List[int]] = field(default_factory=list)
    rank_of_layer: List[int] = field(default_factory=list)
    legend: int = -1  # the legend's item, if any: it stands in the end clients' column

    def add_item(self, layer: int, lane: int, group: int, across: float, along: float) -> int:
        self.layer.append(layer)
        self.lane.append(lane)
        self.group.append(group)
        self.across.append(across)
        self.along.append(along)
        self.up.append([])
        self.down.append([])
        return len(self.layer) - 1

    def is_box(self, item: int) -> bool:
        return item < self.real


@dataclass(frozen=True)
class Ranking:
    """The boxes' columns as first chosen (shortest links), and what another choice must respect:
    ``movable`` boxes may take any column the ``rules`` allow."""

    ranks: List[int]
    rules: Constraints
    movable: List[int]


def ranking(boxes: Sequence[Box], arcs: Sequence[Arc]) -> Ranking:
    """Column ranks from :func:`.ranking.column_ranks`; boxes with no link share out the columns."""
    index = {box.id: i for i, box in enumerate(boxes)}
    pairs = [(index[arc.tail], index[arc.head]) for arc in arcs]
    linked = [False] * len(boxes)
    for tail, head in pairs:
        linked[tail] = linked[head] = True
    clients: List[List[int]] = [[] for _ in boxes]
    for tail, head in pairs:
        clients[tail].append(head)
    frontline = [box.rank == 1 and bool(clients[i]) and all(boxes[c].rank == 0 for c in clients[i])
                 for i, box in enumerate(boxes)]
    distance = [box.rank for box in boxes]
    pinned = [0 if box.rank == 0 else (1 if frontline[i] else None) for i, box in enumerate(boxes)]
    rank = column_ranks(len(boxes), pairs, distance, pinned)
    lone: List[Optional[int]] = [r if linked[i] or boxes[i].rank == 0 else None for i, r in enumerate(rank)]
    _spread_lone_boxes(lone, max(rank, default=1))
    movable = [i for i in range(len(boxes)) if linked[i] and pinned[i] is None]
    return Ranking([r if r is not None else 1 for r in lone], constraints(len(boxes), pairs, distance, pinned), movable)


def layered_graph(boxes: Sequence[Box], arcs: Sequence[Arc], ranks: Optional[Sequence[int]] = None) -> LayeredGraph:
    """The boxes in layers, left to right (0: the furthest from the end clients), in the
    columns ``ranks`` gives (by default, :func:`ranking`'s)."""
    index = {box.id: i for i, box in enumerate(boxes)}
    pairs = [(index[arc.tail], index[arc.head]) for arc in arcs]
    rank = list(ranks) if ranks is not None else ranking(boxes, arcs).ranks
    deepest = max(rank, default=0)
    graph = LayeredGraph(real=len(boxes), rank_of_layer=list(range(deepest, -1, -1)),
                         layers=[[] for _ in range(deepest + 1)])
    groups: Dict[str, int] = {}
    for i, box in enumerate(boxes):
        lane = FREE if box.rank == 0 else (ZONE if box.zone else MAIN)
        group = groups.setdefault(box.department, len(groups)) if box.department else NO_GROUP
        graph.add_item(deepest - rank[i], lane, group, box.height, box.width)
    graph.groups = list(groups)
    for tail, head in pairs:
        graph.paths.append(_path(graph, tail, head) if tail != head else [])
    for item, layer in enumerate(graph.layer):
        graph.layers[layer].append(item)
    return graph


def _spread_lone_boxes(rank: List[Optional[int]], deepest: int) -> None:
    """Boxes with no link at all share out the team columns, fewest first, from the left."""
    count: Dict[int, int] = {r: 0 for r in range(1, max(deepest, 1) + 1)}
    for i, r in enumerate(rank):
        if r is None:
            chosen = min(count, key=lambda c: (count[c], -c))
            rank[i] = chosen
            count[chosen] += 1


def _path(graph: LayeredGraph, tail: int, head: int) -> List[int]:
    """The items of one arc: its tail, a waypoint in each layer between, its head.

    A waypoint belongs to the lane of the nearer end (the zone's links enter it late).
    """
    start, end = graph.layer[tail], graph.layer[head]
    step = 1 if end > start else -1
    items = [tail]
    between = list(range(start + step, end, step))
    for k, layer in enumerate(between):
        nearer = tail if 2 * (k + 1) <= len(between) + 1 else head
        lane = graph.lane[nearer] if graph.lane[nearer] != FREE else MAIN
        items.append(graph.add_item(layer, lane, NO_GROUP, WAYPOINT_ACROSS, 0.0))
    items.append(head)
    for a, b in zip(items, items[1:]):
        if graph.layer[b] > graph.layer[a]:
            graph.down[a].append(b)
            graph.up[b].append(a)
        else:
            graph.up[a].append(b)
            graph.down[b].append(a)
    return items
