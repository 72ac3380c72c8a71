"""Where each item goes once the orders are fixed: bands for the lanes, then smooth positions.

Across the flow, each lane is a band as high as its tallest column needs; the bands are
stacked in lane order, and the end clients' column, outside the bands, spans them all. In
its band, every item is pulled towards the mean position of its neighbours (so that links
run as straight as they can), kept in its order and apart from the next item: for one
column, that is a least-squares fit under order constraints, solved exactly by the
pool-adjacent-violators algorithm in linear time. Columns are fitted in turn, left to right
and back, a fixed number of times.

Along the flow, each layer is as wide as its widest box; the gap between two layers grows
with the steepest link crossing it, so that a link climbing far does not stand upright.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

from .layers import LayeredGraph

__all__ = ["Geometry", "place_items"]

NODE_SEP = 18.0  # between two boxes of a column, in points
WAYPOINT_SEP = 5.0  # around a link's waypoint
BAND_PAD = 12.0  # between a band's edge and its boxes
BAND_GAP = 10.0  # between two bands
RANK_GAP = 60.0  # between the columns of two distances
SUB_GAP = 40.0  # between the sub-columns of one distance
STEEPNESS = 0.22  # a gap is at least this share of the largest climb across it…
MAX_GAP = 200.0  # …up to this
RELAXATIONS = 40


@dataclass
class Geometry:
    """Centres (x along the flow, y across it, downwards), layer extents and lane bands."""

    x: List[float] = field(default_factory=list)
    y: List[float] = field(default_factory=list)
    layer_left: List[float] = field(default_factory=list)
    layer_right: List[float] = field(default_factory=list)
    bands: List[Tuple[float, float]] = field(default_factory=list)  # per lane rank: top, bottom
    top: float = 0.0
    bottom: float = 0.0


def place_items(graph: LayeredGraph, lane_rank: Sequence[int], top: float, left: float) -> Geometry:
    """Positions of every item, the bands starting at ``top`` and the first layer at ``left``."""
    geometry = Geometry(x=[0.0] * len(graph.layer), y=[0.0] * len(graph.layer))
    segments = _segments(graph, lane_rank)
    _bands(graph, geometry, segments, lane_rank, top)
    bounds = _bounds(graph, geometry, segments, lane_rank)
    _initial(graph, geometry, segments, bounds)
    for relaxation in range(RELAXATIONS):
        layers = range(len(graph.layers)) if relaxation % 2 == 0 else range(len(graph.layers) - 1, -1, -1)
        for index in layers:
            for segment, (low, high) in zip(segments[index], bounds[index]):
                _fit(graph, geometry, segment, low, high)
    _along(graph, geometry, left)
    return geometry


def _segments(graph: LayeredGraph, lane_rank: Sequence[int]) -> List[List[List[int]]]:
    """Each layer cut into runs of items of one lane (its end clients: one run)."""
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


def _gap(graph: LayeredGraph, a: int, b: int) -> float:
    if a < graph.real and b < graph.real:
        return NODE_SEP
    return WAYPOINT_SEP


def _stack(graph: LayeredGraph, run: Sequence[int]) -> float:
    """The height a run of items needs, from the first's top edge to the last's bottom edge."""
    return sum(graph.across[i] for i in run) + sum(_gap(graph, a, b) for a, b in zip(run, run[1:]))


def _bands(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
           lane_rank: Sequence[int], top: float) -> None:
    """Each lane's band, as high as its tallest run, stacked in lane order from ``top``."""
    need = [0.0] * len(lane_rank)
    free = 0.0
    for runs in segments:
        for run in runs:
            lane = graph.lane[run[0]]
            if lane < 0:
                free = max(free, _stack(graph, run))
            else:
                need[lane_rank[lane]] = max(need[lane_rank[lane]], _stack(graph, run) + 2 * BAND_PAD)
    position = top
    for height in need:
        geometry.bands.append((position, position + height))
        position += height + BAND_GAP
    geometry.top = top
    geometry.bottom = max(position - BAND_GAP, top + free)


def _bounds(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
            lane_rank: Sequence[int]) -> List[List[Tuple[float, float]]]:
    """The range each run's items must stay in: their band less its padding, or the whole height."""
    result = []
    for runs in segments:
        ranges = []
        for run in runs:
            lane = graph.lane[run[0]]
            if lane < 0:
                ranges.append((geometry.top, geometry.bottom))
            else:
                band_top, band_bottom = geometry.bands[lane_rank[lane]]
                ranges.append((band_top + BAND_PAD, band_bottom - BAND_PAD))
        result.append(ranges)
    return result


def _initial(graph: LayeredGraph, geometry: Geometry, segments: List[List[List[int]]],
             bounds: List[List[Tuple[float, float]]]) -> None:
    """Every run packed in the middle of its range."""
    for runs, ranges in zip(segments, bounds):
        for run, (low, high) in zip(runs, ranges):
            position = low + (high - low - _stack(graph, run)) / 2
            for a, b in zip([None, *run], run):
                position += (graph.across[b] / 2 + _gap(graph, a, b)) if a is not None else graph.across[b] / 2
                geometry.y[b] = position
                position += graph.across[b] / 2


def _fit(graph: LayeredGraph, geometry: Geometry, run: Sequence[int], low: float, high: float) -> None:
    """Move a run's items as near as they can to their neighbours' mean, in order, apart, in range."""
    offsets = [0.0]
    for a, b in zip(run, run[1:]):
        offsets.append(offsets[-1] + graph.across[a] / 2 + _gap(graph, a, b) + graph.across[b] / 2)
    targets, weights = [], []
    for item, offset in zip(run, offsets):
        around = graph.up[item] + graph.down[item]
        wanted = sum(geometry.y[n] for n in around) / len(around) if around else geometry.y[item]
        targets.append(wanted - offset)
        weights.append(float(len(around)) if around else 0.25)
    fitted = _isotonic(targets, weights)
    lowest = low + graph.across[run[0]] / 2
    highest = high - graph.across[run[-1]] / 2 - offsets[-1]
    for item, offset, value in zip(run, offsets, fitted):
        geometry.y[item] = min(max(value, lowest), max(highest, lowest)) + offset


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


def _along(graph: LayeredGraph, geometry: Geometry, left: float) -> None:
    """Layer positions along the flow: each as wide as its widest box, gaps by the steepest climb."""
    position = left
    for index, layer in enumerate(graph.layers):
        if index:
            base = RANK_GAP if graph.rank_of_layer[index] != graph.rank_of_layer[index - 1] else SUB_GAP
            climb = max((abs(geometry.y[a] - geometry.y[b]) for a in graph.layers[index - 1] for b in graph.down[a]),
                        default=0.0)
            position += min(max(base, STEEPNESS * climb), MAX_GAP)
        width = max((graph.along[i] for i in layer), default=0.0)
        geometry.layer_left.append(position)
        geometry.layer_right.append(position + width)
        end_clients = all(graph.lane[i] < 0 for i in layer if i < graph.real) and graph.rank_of_layer[index] == 0
        for item in layer:
            # end clients are aligned on the left of their column: their arrows end where it starts
            geometry.x[item] = position + (graph.along[item] / 2 if end_clients else width / 2)
        position += width
