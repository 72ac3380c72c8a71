"""Where each item goes once the orders are fixed: smooth positions down each column.

Across the flow, the main area and, below it, the zone of teams with no chain are bands as
high as their tallest column needs; the end clients' column spans both. Neighbouring boxes
of one department form a run, drawn on a tinted background with the department's name on
top, so runs are kept further apart than boxes within a run. Every item is pulled towards
the mean position of its neighbours (so that links run as straight as they can), kept in
its order and apart from the next item: for one column, that is a least-squares fit under
order constraints, solved exactly by the pool-adjacent-violators algorithm in linear time.
Columns are fitted in turn, left to right and back, a fixed number of times.

Along the flow, each layer is as wide as its widest box; the gap between two layers grows
with the steepest link crossing it, so that a link climbing far does not stand upright.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .layers import FREE, MAIN, NO_GROUP, ZONE, LayeredGraph
from .text import text_width

__all__ = ["Geometry", "Run", "place_items", "stretch_across", "stretch_along", "room_along", "narrowest_gap",
           "RUN_PAD", "RUN_LABEL_SIZE"]

NODE_SEP = 18.0  # between two boxes of a run, in points
RUN_SPACE = 10.0  # between two runs' backgrounds
WAYPOINT_SEP = 5.0  # around a link's waypoint
RUN_PAD = 6.0  # a run's background beyond its boxes
RUN_LABEL_SIZE = 10.0  # the department's name over a run: no smaller than a box's smallest text
ZONE_LABEL = 20.0  # room for the zone's name at its top
BAND_GAP = 16.0  # between the main area and the zone
RANK_GAP = 54.0  # between two columns: Graphviz's ranksep of 0.75 in
STEEPNESS = 0.22  # a gap is at least this share of the largest climb across it…
MAX_GAP = 180.0  # …up to this
RELAXATIONS = 40


@dataclass
class Run:
    """Neighbouring boxes of one department in a column: its layer, items and name's lines."""

    layer: int
    group: int
    first: int
    last: int
    lines: List[str]
    label_height: float


@dataclass
class Geometry:
    """Centres (x along the flow, y across it, downwards), layer extents, runs and bands."""

    x: List[float] = field(default_factory=list)
    y: List[float] = field(default_factory=list)
    layer_left: List[float] = field(default_factory=list)
    layer_right: List[float] = field(default_factory=list)
    runs: List[Run] = field(default_factory=list)
    block: Dict[int, int] = field(default_factory=dict)  # item -> its run: a run moves as one block
    bands: Dict[int, Tuple[float, float]] = field(default_factory=dict)  # lane: top, bottom
    top: float = 0.0
    bottom: float = 0.0


def place_items(graph: LayeredGraph, top: float, left: float) -> Geometry:
    """Positions of every item, the bands starting at ``top`` and the first layer at ``left``."""
    geometry = Geometry(x=[0.0] * len(graph.layer), y=[0.0] * len(graph.layer))
    widths = [max((graph.along[i] for i in layer), default=0.0) for layer in graph.layers]
    segments = _segments(graph)
    gaps = _gaps(graph, geometry, segments, widths)
    _bands(graph, geometry, segments, gaps, top)
    bounds = _bounds(graph, geometry, segments, gaps)
    _initial(graph, geometry, segments, gaps, bounds)
    for relaxation in range(RELAXATIONS):
        layers = range(len(graph.layers)) if relaxation % 2 == 0 else range(len(graph.layers) - 1, -1, -1)
        for index in layers:
            for segment, (low, high) in zip(segments[index], bounds[index]):
                _fit(graph, geometry, segment, gaps, low, high)
    _along(graph, geometry, widths, left)
    return geometry


def _segments(graph: LayeredGraph) -> List[List[List[int]]]:
    """Each layer cut into its lanes' runs of items (main area, zone; end clients)."""
    result = []
    for layer in graph.layers:
        runs: List[List[int]] = []
        for item in layer:
            if runs and graph.lane[runs[-1][-1]] == graph.lane[item]:
                runs[-1].append(item)
            else:
                runs.append([item])
        result.append(runs)
    return result


def _gaps(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
          widths: Sequence[float]) -> Dict[int, Tuple[float, float]]:
    """Room above and below each item beyond the plain separation: a run's padding and
    name above its first box, its padding below its last (the runs are recorded)."""
    room: Dict[int, Tuple[float, float]] = {}
    for index, runs in enumerate(segments):
        for segment in runs:
            boxes = [item for item in segment if graph.is_box(item)]
            start = 0
            while start < len(boxes):
                end = start
                group = graph.group[boxes[start]]
                while group != NO_GROUP and end + 1 < len(boxes) and graph.group[boxes[end + 1]] == group:
                    end += 1
                if group != NO_GROUP and graph.lane[boxes[start]] != FREE:
                    lines = _label_lines(graph.groups[group], widths[index] + 2 * RUN_PAD - 4)
                    height = len(lines) * RUN_LABEL_SIZE * 1.15 + 3
                    geometry.runs.append(Run(index, group, boxes[start], boxes[end], lines, height))
                    above, below = room.get(boxes[start], (0.0, 0.0))
                    room[boxes[start]] = (RUN_PAD + height, below)
                    above, below = room.get(boxes[end], (0.0, 0.0))
                    room[boxes[end]] = (above, RUN_PAD)
                    first, last = segment.index(boxes[start]), segment.index(boxes[end])
                    geometry.block.update((item, len(geometry.runs)) for item in segment[first:last + 1])
                start = end + 1
    return room


def _label_lines(name: str, width: float) -> List[str]:
    """A department's name in lines that fit ``width`` (a word longer than that stands alone)."""
    lines: List[str] = []
    for word in name.split():
        if lines and text_width(lines[-1] + " " + word, RUN_LABEL_SIZE, True) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [name]


def _separation(graph: LayeredGraph, gaps: Dict[int, Tuple[float, float]], a: int, b: int) -> float:
    """From ``a``'s edge to ``b``'s edge, ``b`` following ``a`` in a column."""
    extra = gaps.get(a, (0.0, 0.0))[1] + gaps.get(b, (0.0, 0.0))[0]
    if not (graph.is_box(a) and graph.is_box(b)):
        return WAYPOINT_SEP + extra
    return (RUN_SPACE if extra else NODE_SEP) + extra


def _stack(graph: LayeredGraph, gaps: Dict[int, Tuple[float, float]], run: Sequence[int]) -> float:
    """The height a segment needs, from its first room's top to its last room's bottom."""
    inner = sum(graph.across[i] for i in run) + sum(_separation(graph, gaps, a, b) for a, b in zip(run, run[1:]))
    return inner + gaps.get(run[0], (0.0, 0.0))[0] + gaps.get(run[-1], (0.0, 0.0))[1]


def _bands(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
           gaps: Dict[int, Tuple[float, float]], top: float) -> None:
    """The main area's band, as high as its tallest column, then the zone's below it."""
    need = {MAIN: 0.0, ZONE: 0.0, FREE: 0.0}
    for runs in segments:
        for segment in runs:
            lane = graph.lane[segment[0]]
            need[lane] = max(need[lane], _stack(graph, gaps, segment))
    geometry.top = top
    geometry.bands[MAIN] = (top, top + need[MAIN])
    bottom = top + need[MAIN]
    if need[ZONE]:
        zone_top = bottom + BAND_GAP
        bottom = zone_top + ZONE_LABEL + need[ZONE] + RUN_PAD
        geometry.bands[ZONE] = (zone_top, bottom)
    geometry.bottom = max(bottom, top + need[FREE])


def _bounds(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
            gaps: Dict[int, Tuple[float, float]]) -> List[List[Tuple[float, float]]]:
    """The range each segment's items must stay in (room for runs' names included)."""
    result = []
    for runs in segments:
        ranges = []
        for segment in runs:
            lane = graph.lane[segment[0]]
            if lane == FREE:
                low, high = geometry.top, geometry.bottom
            elif lane == ZONE:
                low, high = geometry.bands[ZONE][0] + ZONE_LABEL, geometry.bands[ZONE][1] - RUN_PAD
            else:
                low, high = geometry.bands[MAIN]
            ranges.append((low + gaps.get(segment[0], (0.0, 0.0))[0], high - gaps.get(segment[-1], (0.0, 0.0))[1]))
        result.append(ranges)
    return result


def _initial(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
             gaps: Dict[int, Tuple[float, float]], bounds: List[List[Tuple[float, float]]]) -> None:
    """Every segment packed in the middle of its range."""
    for runs, ranges in zip(segments, bounds):
        for segment, (low, high) in zip(runs, ranges):
            inner = _stack(graph, gaps, segment) - gaps.get(segment[0], (0.0, 0.0))[0] - gaps.get(segment[-1], (0.0, 0.0))[1]
            position = low + max(0.0, high - low - inner) / 2 + graph.across[segment[0]] / 2
            geometry.y[segment[0]] = position
            for a, b in zip(segment, segment[1:]):
                position += graph.across[a] / 2 + _separation(graph, gaps, a, b) + graph.across[b] / 2
                geometry.y[b] = position


def _fit(graph: LayeredGraph, geometry: Geometry, segment: Sequence[int], gaps: Dict[int, Tuple[float, float]],
         low: float, high: float) -> None:
    """Move a segment's items as near as they can to their neighbours' mean, in order, apart,
    in range; a run of one department's boxes moves as one block, its boxes kept together."""
    offsets = [0.0]
    for a, b in zip(segment, segment[1:]):
        offsets.append(offsets[-1] + graph.across[a] / 2 + _separation(graph, gaps, a, b) + graph.across[b] / 2)
    blocks: List[List[int]] = []  # indices into segment
    for index, item in enumerate(segment):
        run = geometry.block.get(item)
        if blocks and run is not None and geometry.block.get(segment[blocks[-1][-1]]) == run:
            blocks[-1].append(index)
        else:
            blocks.append([index])
    targets, weights = [], []
    for block in blocks:
        total = weight = 0.0
        for index in block:
            around = graph.up[segment[index]] + graph.down[segment[index]]
            wanted = sum(geometry.y[n] for n in around) / len(around) if around else geometry.y[segment[index]]
            mass = float(len(around)) if around else 0.25
            total, weight = total + (wanted - offsets[index]) * mass, weight + mass
        targets.append(total / weight)
        weights.append(weight)
    fitted = _isotonic(targets, weights)
    lowest = low + graph.across[segment[0]] / 2
    highest = high - graph.across[segment[-1]] / 2 - offsets[-1]
    for block, value in zip(blocks, fitted):
        for index in block:
            geometry.y[segment[index]] = min(max(value, lowest), max(highest, lowest)) + offsets[index]


def _isotonic(values: Sequence[float], weights: Sequence[float]) -> List[float]:
    """The non-decreasing sequence nearest to ``values`` in weighted least squares (PAV)."""
    blocks: List[List[float]] = []  # [mean, weight, count]
    for value, weight in zip(values, weights):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight_b, count = blocks.pop()
            previous = blocks[-1]
            total = previous[1] + weight_b
            previous[0] = (previous[0] * previous[1] + mean * weight_b) / total
            previous[1] = total
            previous[2] += count
    result: List[float] = []
    for mean, _weight, count in blocks:
        result += [mean] * int(count)
    return result


def _along(graph: LayeredGraph, geometry: Geometry, widths: Sequence[float], left: float) -> None:
    """Layer positions along the flow: each as wide as its widest box, gaps by the steepest climb."""
    position = left
    for index, layer in enumerate(graph.layers):
        if index:
            climb = max((abs(geometry.y[a] - geometry.y[b]) for a in graph.layers[index - 1] for b in graph.down[a]),
                        default=0.0)
            position += min(max(RANK_GAP, STEEPNESS * climb), MAX_GAP)
        geometry.layer_left.append(position)
        geometry.layer_right.append(position + widths[index])
        end_clients = graph.rank_of_layer[index] == 0
        for item in layer:
            # end clients are aligned on the left of their column: their arrows end where it starts
            geometry.x[item] = position + (graph.along[item] / 2 if end_clients else widths[index] / 2)
        position += widths[index]


def stretch_across(geometry: Geometry, aspect: float) -> float:
    """Spread the drawing down the columns until it is no flatter than ``aspect`` (height /
    width, as Graphviz's ``ratio``), from its top; returns by how much (1: not at all). Boxes
    keep their size, so a poster fills its sheet with the text at the same size."""
    width, height = geometry.layer_right[-1] - geometry.layer_left[0], geometry.bottom - geometry.top
    if width <= 0 or height <= 0 or aspect * width <= height:
        return 1.0
    scale = aspect * width / height
    geometry.y = [geometry.top + (y - geometry.top) * scale for y in geometry.y]
    geometry.bands = {lane: (geometry.top + (top - geometry.top) * scale, geometry.top + (bottom - geometry.top) * scale)
                      for lane, (top, bottom) in geometry.bands.items()}
    geometry.bottom = geometry.top + height * scale
    return scale


def room_along(geometry: Geometry, aspect: Optional[float]) -> float:
    """How much wider the drawing may grow and keep ``aspect`` (height / width; none: its own
    width): the room :func:`stretch_along` gives the gaps between the columns."""
    width, height = geometry.layer_right[-1] - geometry.layer_left[0], geometry.bottom - geometry.top
    return max(0.0, height / aspect - width) if aspect and width > 0 and height > 0 else 0.0


def stretch_along(graph: LayeredGraph, geometry: Geometry, room: float) -> None:
    """Widen every gap between the columns by its share of ``room``, or narrow it when
    ``room`` is negative (the width the links turning round columns add afterwards, taken
    out of the gaps: see :func:`~chainmap.render.layout.place`)."""
    if len(graph.layers) < 2 or not room:
        return
    extra = room / (len(graph.layers) - 1)
    geometry.layer_left = [x + index * extra for index, x in enumerate(geometry.layer_left)]
    geometry.layer_right = [x + index * extra for index, x in enumerate(geometry.layer_right)]
    geometry.x = [x + graph.layer[item] * extra for item, x in enumerate(geometry.x)]


def narrowest_gap(geometry: Geometry) -> float:
    """The narrowest gap between two columns (none: infinite)."""
    return min((b - a for a, b in zip(geometry.layer_right, geometry.layer_left[1:])), default=float("inf"))
