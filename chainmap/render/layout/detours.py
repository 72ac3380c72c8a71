"""Links that reach their client round the back of its column, when that crosses fewer links.

The ordering leaves every link entering its client's side that faces the flow, so all the
links into one column cross in the one gap before it: on a large organisation most of the
crossings are there (the teams serving the frontline against the frontline), within a few
per cent of what any order of those two columns allows. A link may instead cross the
client's column at a free height level with where it comes from (between two boxes), turn
in the gap after the column, hugging its edge, and enter its client's far side at a corner:
it then crosses, in the gap before, only the links its new end height puts it across and,
in the gap after, the stubs of the links leaving the column between the two heights, and
the turns it interleaves with. Where there are few of those (the gap after the frontline
holds only the links to the end clients), a link that crossed dozens crosses a handful.

Each link is weighed on its own, greedily (most crossed first, two passes), by the counts
of :mod:`.routes`' drawing: two curves across one gap cross exactly when their ends are in
opposite orders, a turn crosses the stubs that start strictly between its two heights and
the turns of its gap whose heights interleave with its own. A link turns only when that
crosses strictly fewer: the drawing never crosses more than the ordering's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from .coords import Geometry
from .layers import LayeredGraph

__all__ = ["Detour", "plan_detours", "TURN_BASE", "TURN_STEP"]

TURN_BASE = 4.0  # the innermost turn, from its column's edge
TURN_STEP = 3.0  # between two turns of one gap
SLOT_MARGIN = 3.0  # a link crossing a column keeps this far from the boxes and waypoints beside it
PASSES = 2


@dataclass
class Detour:
    """An arc turning round its head's column: it crosses the column at ``height`` and enters
    the head's far side at its top (``top``) or bottom corner; ``turn`` numbers the turns of
    its gap from the column's edge outwards (set once all are chosen)."""

    arc: int
    height: float
    top: bool
    slot: Tuple[float, float] = (0.0, 0.0)
    left: float = 0.0
    turn: int = 0


def _pieces(graph: LayeredGraph, geometry: Geometry, ports: Dict[Tuple[int, int], float]
            ) -> Dict[int, List[Tuple[float, float, int]]]:
    """Per gap (numbered by the layer on its left): each link's curve across it, as its
    heights at the gap's left and right, and its arc."""
    pieces: Dict[int, List[Tuple[float, float, int]]] = {}
    for arc, path in enumerate(graph.paths):
        if not path:
            continue
        heights = [ports[(arc, 0)]] + [geometry.y[item] for item in path[1:-1]] + [ports[(arc, 1)]]
        for step in range(len(path) - 1):
            a, b = graph.layer[path[step]], graph.layer[path[step + 1]]
            if a < b:
                pieces.setdefault(a, []).append((heights[step], heights[step + 1], arc))
            else:
                pieces.setdefault(b, []).append((heights[step + 1], heights[step], arc))
    return pieces


def _slots(graph: LayeredGraph, geometry: Geometry, layer: int) -> List[Tuple[float, float]]:
    """The free stretches of a column, between its items (boxes and waypoints), top to bottom."""
    items = sorted(graph.layers[layer], key=lambda item: geometry.y[item])
    extents = [(geometry.y[i] - graph.across[i] / 2, geometry.y[i] + graph.across[i] / 2) for i in items]
    slots = []
    for (_top, bottom), (top, _bottom) in zip(extents, extents[1:]):
        if top - bottom > 2 * SLOT_MARGIN:
            slots.append((bottom + SLOT_MARGIN, top - SLOT_MARGIN))
    if extents:
        slots.insert(0, (extents[0][0] - 12.0, extents[0][0] - SLOT_MARGIN))
        slots.append((extents[-1][1] + SLOT_MARGIN, extents[-1][1] + 12.0))
    return slots


def plan_detours(graph: LayeredGraph, geometry: Geometry, ports: Dict[Tuple[int, int], float],
                 arrows: Sequence[bool]) -> Dict[int, Detour]:
    """The arcs that turn round their head's column, and how (see the module's docstring)."""
    last = len(graph.layers) - 1
    pieces = _pieces(graph, geometry, ports)
    starts = {gap: sorted(left for left, _right, _arc in found) for gap, found in pieces.items()}
    turns: Dict[int, List[Tuple[float, float]]] = {}  # per gap: the turns' (low, high)
    ends: Dict[int, List[float]] = {}  # per gap: the turns' heights, sorted
    slots: Dict[int, List[Tuple[float, float]]] = {}
    chosen: Dict[int, Detour] = {}

    def cost(gap: int, left: float, right: float, arc: int) -> int:
        return sum(1 for a, b, other in pieces[gap] if other != arc and (a - left) * (b - right) < 0)

    candidates = []
    for arc, path in enumerate(graph.paths):
        if not path or not arrows[arc] or not graph.is_box(path[-1]):
            continue
        head, before = path[-1], path[-2]
        layer = graph.layer[head]
        if graph.layer[before] != layer - 1 or layer >= last or graph.rank_of_layer[layer] == 0:
            continue
        left = ports[(arc, 0)] if len(path) == 2 else geometry.y[before]
        crossed = cost(layer - 1, left, ports[(arc, 1)], arc)
        if crossed:
            candidates.append((-crossed, arc, left))
    candidates.sort()
    for _pass in range(PASSES):
        for _crossed, arc, left in candidates:
            head = graph.paths[arc][-1]
            layer = graph.layer[head]
            gap = layer - 1
            mine = next(index for index, piece in enumerate(pieces[gap]) if piece[2] == arc)
            now = pieces[gap][mine][1]
            below = sorted(b for a, b, other in pieces[gap] if other != arc and a < left)
            above = sorted(b for a, b, other in pieces[gap] if other != arc and a > left)

            def across(height: float) -> int:
                return len(below) - bisect_right(below, height) + bisect_left(above, height)

            current = across(now)
            previous = chosen.get(arc)
            if previous is not None:
                current += _turn_cost(previous.height, previous.top, graph, geometry, head, starts.get(layer, []),
                                      turns.get(layer, []), ends.get(layer, []), exclude=(previous.height, previous.top))
            if layer not in slots:
                slots[layer] = _slots(graph, geometry, layer)
            options = []
            for low, high in slots[layer]:
                height = min(max(left, low), high)
                top = height < geometry.y[head]
                options.append((across(height), height, top, (low, high)))
            options.sort()
            best = None
            for base, height, top, slot in options:
                if base >= current or (best is not None and base >= best[0]):
                    break
                total = base + _turn_cost(height, top, graph, geometry, head, starts.get(layer, []),
                                          turns.get(layer, []), ends.get(layer, []),
                                          exclude=(previous.height, previous.top) if previous else None)
                if total < current and (best is None or total < best[0]):
                    best = (total, height, top, slot)
            if best is None:
                continue
            if previous is not None:
                _remove_turn(previous, graph, geometry, head, turns[layer], ends[layer])
            _, height, top, slot = best
            pieces[gap][mine] = (pieces[gap][mine][0], height, arc)
            chosen[arc] = Detour(arc, height, top, slot, left)
            low, high = _interval(height, top, graph, geometry, head)
            turns.setdefault(layer, []).append((low, high))
            insort(ends.setdefault(layer, []), low)
            insort(ends[layer], high)
    _number_turns(chosen, graph, geometry)
    return chosen


def _interval(height: float, top: bool, graph: LayeredGraph, geometry: Geometry, head: int) -> Tuple[float, float]:
    corner = geometry.y[head] - graph.across[head] / 2 if top else geometry.y[head] + graph.across[head] / 2
    return (height, corner) if height < corner else (corner, height)


def _turn_cost(height: float, top: bool, graph: LayeredGraph, geometry: Geometry, head: int,
               starts: List[float], turns: List[Tuple[float, float]], ends: List[float], exclude=None) -> int:
    """Crossings of a turn in the gap after ``head``'s column: the stubs starting strictly
    between its heights, and the other turns of that gap it interleaves with."""
    low, high = _interval(height, top, graph, geometry, head)
    crossed = bisect_left(starts, high) - bisect_right(starts, low)
    skip = _interval(exclude[0], exclude[1], graph, geometry, head) if exclude else None
    for other_low, other_high in turns:
        if skip is not None and (other_low, other_high) == skip:
            skip = None
            continue
        if (low < other_low < high) != (low < other_high < high):
            crossed += 1
    return crossed


def _remove_turn(detour: Detour, graph: LayeredGraph, geometry: Geometry, head: int,
                 turns: List[Tuple[float, float]], ends: List[float]) -> None:
    low, high = _interval(detour.height, detour.top, graph, geometry, head)
    turns.remove((low, high))
    ends.remove(low)
    ends.remove(high)


def _number_turns(chosen: Dict[int, Detour], graph: LayeredGraph, geometry: Geometry) -> None:
    """Turns of one gap numbered from the column's edge outwards, shortest first: a turn that
    lies within another's heights stands inside it and does not cross it."""
    by_gap: Dict[int, List[Tuple[float, int]]] = {}
    for arc, detour in chosen.items():
        head = graph.paths[arc][-1]
        low, high = _interval(detour.height, detour.top, graph, geometry, head)
        by_gap.setdefault(graph.layer[head], []).append((high - low, arc))
    for found in by_gap.values():
        for turn, (_length, arc) in enumerate(sorted(found)):
            chosen[arc].turn = turn


def spread(chosen: Dict[int, Detour], graph: LayeredGraph) -> None:
    """Links crossing one free stretch of a column are set apart, in the order of where they
    come from (so that they do not cross each other there), and kept within the stretch: no
    two run along one line."""
    by_slot: Dict[Tuple[int, Tuple[float, float]], List[Detour]] = {}
    for detour in chosen.values():
        by_slot.setdefault((graph.layer[graph.paths[detour.arc][-1]], detour.slot), []).append(detour)
    for (_layer, (low, high)), found in sorted(by_slot.items()):
        if len(found) < 2:
            continue
        found.sort(key=lambda detour: (detour.left, detour.arc))
        step = min(2.0, (high - low) / (len(found) - 1))
        heights = sorted(detour.height for detour in found)
        for index in range(1, len(heights)):
            heights[index] = max(heights[index], heights[index - 1] + step)
        heights[-1] = min(heights[-1], high)
        for index in range(len(heights) - 2, -1, -1):
            heights[index] = min(heights[index], heights[index + 1] - step)
        for detour, height in zip(found, heights):
            detour.height = max(height, low)


def widen(chosen: Dict[int, Detour], graph: LayeredGraph, geometry: Geometry, arrow: float) -> Dict[int, float]:
    """Room for the turns: each gap with turns pushed wider by what they need beyond the
    arrow's length the curves keep from the column anyway; the layers after it move right.
    Returns how far the curves of each gap start beyond their usual place."""
    count: Dict[int, int] = {}
    for detour in chosen.values():
        layer = graph.layer[graph.paths[detour.arc][-1]]
        count[layer] = count.get(layer, 0) + 1
    extra = {layer: max(0.0, TURN_BASE + turns * TURN_STEP - arrow) for layer, turns in count.items()}
    moved = 0.0
    for index, layer in enumerate(graph.layers):
        if moved:
            geometry.layer_left[index] += moved
            geometry.layer_right[index] += moved
            for item in layer:
                geometry.x[item] += moved
        moved += extra.get(index, 0.0)
    return extra
