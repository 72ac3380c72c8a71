"""Links that reach their client round the back of its column, or leave their supplier round
the back of its own, when that crosses fewer links.

The ordering leaves every link entering its client's side that faces the flow, so all the
links into one column cross in the one gap before it: on a large organisation most of the
crossings are there (the teams serving the frontline against the frontline), within a few
per cent of what any order of those two columns allows. A link may instead cross the
client's column at a free height level with where it comes from (between two boxes), turn
in the gap after the column, hugging its edge, and enter its client's far side at a corner:
it then crosses, in the gap before, only the links its new end height puts it across and,
in the gap after, the stubs of the links leaving the column between the two heights, and
the turns it interleaves with. Where there are few of those (the gap after the frontline
holds only the links to the end clients), a link that crossed dozens crosses a handful. The
same at the tail: a link leaves its supplier's near side at a corner, turns in the gap before
the supplier's column and crosses it at a free height.

Each end is weighed on its own, greedily (the heads first, each kind from the most crossed
link down, two passes), by the counts of :mod:`.routes`' drawing: two curves across one gap
cross exactly when their ends are in opposite orders, a turn crosses the stubs that start
(or end) strictly between its two heights and the turns of its side of the gap whose
heights interleave with its own. An end turns only when that crosses strictly fewer: the
drawing never crosses more than the ordering counted, and the count stays exact (a test
compares it with the drawing's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .coords import Geometry
from .layers import LayeredGraph

__all__ = ["Detour", "plan_detours", "room", "spread", "stretch_heights", "widen", "TURN_BASE", "TURN_STEP"]

TURN_BASE = 10.0  # the innermost turn, from its column's edge: outside its departments' tints (6 pt)
TURN_STEP = 3.0  # between two turns of one gap
SLOT_MARGIN = 3.0  # a link crossing a column keeps this far from the boxes and waypoints beside it
PASSES = 2


@dataclass
class Detour:
    """One end of an arc turning round its box's column: at the head (``end`` 1) the link
    crosses the head's column at ``height``, turns in the gap after it and enters the head's
    far side; at the tail (``end`` 0) it leaves the tail's near side, turns in the gap before
    the tail's column and crosses it at ``height``. It meets the box at its top corner
    (``top``) or its bottom one; ``turn`` numbers the turns of its gap from the column's edge
    outwards (set once all are chosen)."""

    arc: int
    end: int
    height: float
    top: bool
    slot: Tuple[float, float] = (0.0, 0.0)
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
                 arrows: Sequence[bool]) -> Tuple[Dict[Tuple[int, int], Detour], int]:
    """The ends of arcs that turn round their box's column, keyed by (arc, end), and how (see
    the module's docstring), with the crossings they save. Each gap is numbered by the layer on its left; a turn at a head
    hugs the left side of the gap after the head's column, a turn at a tail the right side of
    the gap before the tail's column. Every free stretch of the column is weighed at once
    (numpy: the 300-team drawings weigh about a thousand ends, each against 700 curves)."""
    import numpy  # highspy's own dependency; imported here to keep chainmap's start-up light

    found = _pieces(graph, geometry, ports)
    ends = {gap: [numpy.array([piece[0] for piece in pieces], dtype=float),
                  numpy.array([piece[1] for piece in pieces], dtype=float)] for gap, pieces in found.items()}
    row = {(piece[2], gap): number for gap, pieces in found.items() for number, piece in enumerate(pieces)}
    empty = numpy.zeros(0)
    turns: Dict[Tuple[int, int], List[Tuple[float, float]]] = {}  # (gap, 0 left side / 1 right side): intervals
    slots = {}
    for layer in range(len(graph.layers)):
        stretches = _slots(graph, geometry, layer)
        slots[layer] = (numpy.array([low for low, _high in stretches], dtype=float),
                        numpy.array([high for _low, high in stretches], dtype=float), stretches)
    chosen: Dict[Tuple[int, int], Detour] = {}
    saved = 0

    def box_of(arc: int, end: int) -> int:
        return graph.paths[arc][-1] if end else graph.paths[arc][0]

    def where(arc: int, end: int) -> Tuple[int, int, int]:
        """The gap whose curve the turn changes, the gap it turns in, and the moving side
        (0: the curve's left end, 1: its right end)."""
        layer = graph.layer[box_of(arc, end)]
        return (layer - 1, layer, 1) if end else (layer, layer - 1, 0)

    def intervals(key: Tuple[int, int], skip: Optional[Tuple[float, float]]) -> Tuple[Any, Any]:
        listed = [interval for interval in turns.get(key, []) if interval != skip]
        if not listed:
            return empty, empty
        return (numpy.array([low for low, _high in listed]), numpy.array([high for _low, high in listed]))

    def corner(box: int, top: bool) -> float:
        return geometry.y[box] - graph.across[box] / 2 if top else geometry.y[box] + graph.across[box] / 2

    candidates = []
    for arc, path in enumerate(graph.paths):
        if not path or graph.layer[path[1]] <= graph.layer[path[0]]:
            continue
        for end in (0, 1):
            if end and (not arrows[arc] or not graph.is_box(path[-1])):
                continue
            main = where(arc, end)[0]
            left, right = ends[main]
            mine = row[(arc, main)]
            crossed = int(numpy.count_nonzero((left - left[mine]) * (right - right[mine]) < 0))
            if crossed:
                candidates.append((-crossed, arc, end))
    # the heads first (a turn into the client weighs against the whole gap before it), each
    # kind from the most crossed link down
    candidates.sort(key=lambda candidate: (-candidate[2], candidate))
    for _pass in range(PASSES):
        changed = False
        for _crossed, arc, end in candidates:
            box = box_of(arc, end)
            main, turn_gap, moving = where(arc, end)
            side = 1 - moving  # where this turn hugs its gap
            mine = row[(arc, main)]
            fixed_side, moving_side = ends[main][1 - moving], ends[main][moving]
            fixed, now = fixed_side[mine], moving_side[mine]
            low_mask, high_mask = fixed_side < fixed, fixed_side > fixed
            low_mask[mine] = high_mask[mine] = False
            lows, highs = numpy.sort(moving_side[low_mask]), numpy.sort(moving_side[high_mask])
            stubs = numpy.sort(ends[turn_gap][1 - moving]) if turn_gap in ends else empty
            previous = chosen.get((arc, end))
            skip = _interval(corner(box, previous.top), previous.height) if previous else None
            hug_low, hug_high = intervals((main, moving), None)  # turns beside the end that moves
            turn_low, turn_high = intervals((turn_gap, side), skip)

            crossing = (lows, highs, hug_low, hug_high)
            turned = (stubs, turn_low, turn_high)
            current = int(_across(numpy, crossing, numpy.array([now]))[0])
            if skip is not None:
                current += int(_turning(numpy, turned, numpy.array([skip[0]]), numpy.array([skip[1]]))[0])
            slot_low, slot_high, stretches = slots[graph.layer[box]]
            if not stretches:
                continue
            # level with the link's other end if the stretch allows, else at its nearer end,
            # the links held there kept in the order of their other ends (by a hair, until
            # :func:`spread` sets them apart in that order)
            clamped = numpy.minimum(numpy.maximum(fixed, slot_low), slot_high)
            heights = clamped + (fixed - clamped) * 1e-6 + arc * 1e-9
            corners = numpy.where(heights < geometry.y[box], corner(box, True), corner(box, False))
            total = (_across(numpy, crossing, heights)
                     + _turning(numpy, turned, numpy.minimum(corners, heights), numpy.maximum(corners, heights)))
            best = int(numpy.argmin(total))
            if total[best] >= current:
                continue
            changed = True
            saved += current - int(total[best])
            if skip is not None:
                turns[(turn_gap, side)].remove(skip)
            height = float(heights[best])
            moving_side[mine] = height
            detour = Detour(arc, end, height, bool(heights[best] < geometry.y[box]), stretches[best])
            chosen[(arc, end)] = detour
            turns.setdefault((turn_gap, side), []).append(_interval(corner(box, detour.top), height))
        if not changed:
            break
    _number_turns(chosen, graph, geometry)
    return chosen, saved


def _across(numpy: Any, crossing: Tuple[Any, Any, Any, Any], heights: Any) -> Any:
    """Crossings in the gap whose curve changes, for each of ``heights`` of its moving end:
    the curves whose fixed ends lie below (``lows``: their moving ends, sorted) and above
    (``highs``) the link's and whose moving ends lie on the other side, and the turns beside
    the moving end that span the height."""
    lows, highs, hug_low, hug_high = crossing
    return (len(lows) - numpy.searchsorted(lows, heights, "right") + numpy.searchsorted(highs, heights, "left")
            + ((hug_low[:, None] < heights) & (heights < hug_high[:, None])).sum(axis=0))


def _turning(numpy: Any, turned: Tuple[Any, Any, Any], low: Any, high: Any) -> Any:
    """Crossings of turns from ``low`` to ``high``: the stubs strictly between (sorted), and
    the turns of the same side of the gap that interleave."""
    stubs, turn_low, turn_high = turned
    inside = ((low < turn_low[:, None]) & (turn_low[:, None] < high)) != \
        ((low < turn_high[:, None]) & (turn_high[:, None] < high))
    return numpy.searchsorted(stubs, high, "left") - numpy.searchsorted(stubs, low, "right") + inside.sum(axis=0)


def _interval(corner: float, height: float) -> Tuple[float, float]:
    return (min(corner, height), max(corner, height))


def _number_turns(chosen: Dict[Tuple[int, int], Detour], graph: LayeredGraph, geometry: Geometry) -> None:
    """Turns of one gap and side numbered from the column's edge outwards, shortest first: a
    turn that lies within another's heights stands inside it and does not cross it."""
    by_gap: Dict[Tuple[int, int], List[Tuple[float, int]]] = {}
    for (arc, end), detour in chosen.items():
        box = graph.paths[arc][-1] if end else graph.paths[arc][0]
        c = geometry.y[box] - graph.across[box] / 2 if detour.top else geometry.y[box] + graph.across[box] / 2
        by_gap.setdefault((graph.layer[box], end), []).append((abs(c - detour.height), arc))
    for (_layer, end), found in by_gap.items():
        for turn, (_length, arc) in enumerate(sorted(found)):
            chosen[(arc, end)].turn = turn


def spread(chosen: Dict[Tuple[int, int], Detour], graph: LayeredGraph) -> None:
    """Links crossing one free stretch of a column are set apart, in the order their heights
    were weighed in (see :func:`plan_detours`), and kept within the stretch: no two run
    along one line."""
    by_slot: Dict[Tuple[int, Tuple[float, float]], List[Detour]] = {}
    for (arc, end), detour in chosen.items():
        box = graph.paths[arc][-1] if end else graph.paths[arc][0]
        by_slot.setdefault((graph.layer[box], detour.slot), []).append(detour)
    for (_layer, (low, high)), found in sorted(by_slot.items()):
        if len(found) < 2:
            continue
        found.sort(key=lambda detour: (detour.height, detour.arc, detour.end))
        step = min(2.0, (high - low) / (len(found) - 1))
        heights = [min(max(detour.height, low), high) for detour in found]
        for index in range(1, len(heights)):
            heights[index] = max(heights[index], heights[index - 1] + step)
        heights[-1] = min(heights[-1], high)
        for index in range(len(heights) - 2, -1, -1):
            heights[index] = min(heights[index], heights[index + 1] - step)
        for detour, height in zip(found, heights):
            detour.height = max(height, low)


def room(chosen: Dict[Tuple[int, int], Detour], graph: LayeredGraph, arrow: float) -> Dict[Tuple[int, int], float]:
    """What the turns need beside each column, per (layer, side: 1 right, -1 left), beyond the
    arrow's length the curves keep from a column anyway: known before the turns are drawn, so
    that a drawing spread to a sheet can keep that room out of the spread (see
    :func:`~chainmap.render.layout.place`)."""
    count: Dict[Tuple[int, int], int] = {}
    for arc, end in chosen:
        box = graph.paths[arc][-1] if end else graph.paths[arc][0]
        key = (graph.layer[box], 1 if end else -1)
        count[key] = count.get(key, 0) + 1
    return {key: max(0.0, TURN_BASE + turns * TURN_STEP - arrow) for key, turns in count.items()}


def stretch_heights(chosen: Dict[Tuple[int, int], Detour], top: float, scale: float) -> None:
    """The turns' heights once the drawing is spread down its columns by ``scale`` from ``top``
    (:func:`~chainmap.render.layout.coords.stretch_across`). The boxes keep their size, so a
    height between two boxes stays between them, and the turns cross what they were counted
    to: planned before the spread, a poster's turns are the same whatever its sheet."""
    for detour in chosen.values():
        detour.height = top + (detour.height - top) * scale
        detour.slot = (top + (detour.slot[0] - top) * scale, top + (detour.slot[1] - top) * scale)


def widen(extra: Dict[Tuple[int, int], float], graph: LayeredGraph, geometry: Geometry) -> None:
    """Room for the turns (``extra``, from :func:`room`): each column's sides with turns pushed
    apart by it, the layers after move right; the curves of that side start that much beyond
    their usual place."""
    moved = 0.0
    for index, layer in enumerate(graph.layers):
        moved += extra.get((index, -1), 0.0)
        if moved:
            geometry.layer_left[index] += moved
            geometry.layer_right[index] += moved
            for item in layer:
                geometry.x[item] += moved
        moved += extra.get((index, 1), 0.0)
