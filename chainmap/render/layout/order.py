"""The order of the boxes down each column, chosen to cross as few links as possible.

The classic layer-by-layer method (Sugiyama; Gansner et al. for Graphviz's dot): sweep the
columns left to right and back, sorting each column by the mean position of each box's
neighbours in the column just fixed (barycentre), then swap neighbours while that removes
crossings (transposition); keep the best order seen. Each column is sorted by lane first,
so that a department's teams stay together in one band across the page, and the order of
the lanes is itself chosen: first from where an unconstrained ordering puts each
department's teams, then by swapping neighbouring lanes while that removes crossings.

Every pass is linear in items and links but for sorting (n log n) and counting crossings
(E log V, Barth, Jünger and Mutzel's accumulator tree); passes are bounded in number.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from .layers import ZONE, LayeredGraph

__all__ = ["order_layers", "count_crossings"]

SWEEPS = 24  # at most, per ordering; it stops sooner when several sweeps bring nothing
PATIENCE = 4
TRANSPOSE_PASSES = 6
LANE_SWAP_PASSES = 2
LANE_SWAP_WORK = 4_000_000  # (items + links) × trials: lanes are swapped within this budget


def count_crossings(graph: LayeredGraph, layers: Optional[Sequence[Sequence[int]]] = None) -> int:
    """Crossings between consecutive layers, counted from the orders alone."""
    layers = graph.layers if layers is None else layers
    position = _positions(graph, layers)
    return sum(_bilayer(layers[i], graph.down, position, len(layers[i + 1])) for i in range(len(layers) - 1))


def _positions(graph: LayeredGraph, layers: Sequence[Sequence[int]]) -> List[int]:
    position = [0] * len(graph.layer)
    for layer in layers:
        for index, item in enumerate(layer):
            position[item] = index
    return position


def _bilayer(upper: Sequence[int], down: Sequence[Sequence[int]], position: Sequence[int], size: int) -> int:
    """Crossings between a layer and the next: inversions among its links' lower ends."""
    ends = [position[target] for item in upper for target in sorted(down[item], key=position.__getitem__)]
    if len(ends) < 2:
        return 0
    tree = [0] * (size + 1)  # a Fenwick tree counting the lower ends seen so far
    crossings = 0
    for seen, end in enumerate(ends):
        index, at_most = end + 1, 0
        while index > 0:
            at_most += tree[index]
            index -= index & -index
        crossings += seen - at_most
        index = end + 1
        while index <= size:
            tree[index] += 1
            index += index & -index
    return crossings


def order_layers(graph: LayeredGraph) -> Tuple[int, List[int]]:
    """Order every layer of ``graph`` in place; returns the crossings left and each lane's rank
    (its position from the top)."""
    lanes = len(graph.lane_names)
    _initial_order(graph)
    if lanes <= 1:
        return _minimise(graph, [0] * lanes), [0] * lanes
    _minimise(graph, None)
    lane_rank = _lane_order_from(graph)
    best = _minimise(graph, lane_rank)
    best_layers = [list(layer) for layer in graph.layers]
    best, lane_rank, best_layers = _swap_lanes(graph, lane_rank, best, best_layers)
    graph.layers = best_layers
    return best, lane_rank


def _initial_order(graph: LayeredGraph) -> None:
    """Each layer by lane, then in a depth-first order from the end clients backwards."""
    seen = [False] * len(graph.layer)
    rank = [0] * len(graph.layer)
    counter = 0
    for start in (item for layer in reversed(graph.layers) for item in layer):
        if seen[start]:
            continue
        stack = [start]
        seen[start] = True
        while stack:
            item = stack.pop()
            rank[item] = counter
            counter += 1
            for other in reversed(graph.up[item] + graph.down[item]):
                if not seen[other]:
                    seen[other] = True
                    stack.append(other)
    for layer in graph.layers:
        layer.sort(key=lambda item: (graph.lane[item], rank[item]))


def _lane_order_from(graph: LayeredGraph) -> List[int]:
    """Each lane's rank, by the mean relative height of its boxes in the current order; the
    zone of teams with no chain (always the last lane) stays at the bottom."""
    total = [0.0] * len(graph.lane_names)
    count = [0] * len(graph.lane_names)
    for layer in graph.layers:
        for index, item in enumerate(layer):
            lane = graph.lane[item]
            if lane >= 0 and item < graph.real:
                total[lane] += (index + 0.5) / len(layer)
                count[lane] += 1
    means = [total[k] / count[k] if count[k] else 0.5 for k in range(len(total))]
    last = len(means) - 1 if graph.lane_names[-1] == ZONE else None
    order = sorted((k for k in range(len(means)) if k != last), key=lambda k: (means[k], k))
    if last is not None:
        order.append(last)
    lane_rank = [0] * len(means)
    for position, lane in enumerate(order):
        lane_rank[lane] = position
    return lane_rank


def _swap_lanes(graph: LayeredGraph, lane_rank: List[int], best: int,
                best_layers: List[List[int]]) -> Tuple[int, List[int], List[List[int]]]:
    """Swap neighbouring lanes while that removes crossings, within :data:`LANE_SWAP_WORK`."""
    movable = len(lane_rank) - (1 if graph.lane_names[-1] == ZONE else 0)
    work = (len(graph.layer) + sum(len(d) for d in graph.down)) * SWEEPS
    trials = 0
    for _ in range(LANE_SWAP_PASSES):
        improved = False
        for position in range(movable - 1):
            if best == 0 or (trials + 1) * work > LANE_SWAP_WORK:
                return best, lane_rank, best_layers
            trials += 1
            trial = [p if p not in (position, position + 1) else (position + 1 if p == position else position)
                     for p in lane_rank]
            graph.layers = [list(layer) for layer in best_layers]
            crossings = _minimise(graph, trial)
            if crossings < best:
                best, lane_rank, best_layers, improved = crossings, trial, [list(x) for x in graph.layers], True
        if not improved:
            break
    return best, lane_rank, best_layers


def _minimise(graph: LayeredGraph, lane_rank: Optional[Sequence[int]]) -> int:
    """Barycentre sweeps and transpositions from the current order; leaves the best order found."""
    key = [0] * len(graph.layer) if lane_rank is None else [lane_rank[k] if k >= 0 else -1 for k in graph.lane]
    for layer in graph.layers:
        layer.sort(key=lambda item, order=_positions(graph, graph.layers): (key[item], order[item]))
    best = count_crossings(graph)
    best_layers = [list(layer) for layer in graph.layers]
    idle = 0
    for sweep in range(SWEEPS):
        if best == 0 or idle >= PATIENCE:
            break
        downwards = sweep % 2 == 0
        _sweep(graph, key, downwards)
        _transpose(graph, key)
        crossings = count_crossings(graph)
        if crossings < best:
            best, best_layers, idle = crossings, [list(layer) for layer in graph.layers], 0
        else:
            idle += 1
    graph.layers = best_layers
    for sweep in range(SWEEPS):
        if best == 0:
            break
        _sift(graph, key, sweep % 2 == 0)
        crossings = count_crossings(graph)
        if crossings >= best:
            break
        best, best_layers = crossings, [list(layer) for layer in graph.layers]
    graph.layers = best_layers
    return best


def _sweep(graph: LayeredGraph, key: Sequence[int], downwards: bool) -> None:
    """Sort each layer by its items' barycentres in the layer before it (in sweep order)."""
    count = len(graph.layers)
    indices = range(1, count) if downwards else range(count - 2, -1, -1)
    neighbours = graph.up if downwards else graph.down
    position = _positions(graph, graph.layers)
    for i in indices:
        fixed = graph.layers[i - 1] if downwards else graph.layers[i + 1]
        layer = graph.layers[i]
        scale_fixed, scale_here = 1.0 / max(len(fixed), 1), 1.0 / max(len(layer), 1)
        centre = {}
        for item in layer:
            around = neighbours[item]
            if around:
                centre[item] = sum(position[n] + 0.5 for n in around) * scale_fixed / len(around)
            else:
                centre[item] = (position[item] + 0.5) * scale_here
        layer.sort(key=lambda item: (key[item], centre[item], position[item]))
        for index, item in enumerate(layer):
            position[item] = index


def _transpose(graph: LayeredGraph, key: Sequence[int]) -> None:
    """Swap neighbours in a layer (same lane) while that removes crossings with both layers beside it."""
    position = _positions(graph, graph.layers)
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for layer in graph.layers:
            for index in range(len(layer) - 1):
                a, b = layer[index], layer[index + 1]
                if key[a] != key[b]:
                    continue
                if _pair_crossings(b, a, graph, position) < _pair_crossings(a, b, graph, position):
                    layer[index], layer[index + 1] = b, a
                    position[a], position[b] = index + 1, index
                    improved = True
        if not improved:
            break


def _pair_crossings(first: int, second: int, graph: LayeredGraph, position: Sequence[int]) -> int:
    """Crossings between the links of ``first`` and ``second`` when ``first`` stands above."""
    crossings = 0
    for neighbours in (graph.up, graph.down):
        ends = sorted(position[n] for n in neighbours[second])
        if not ends:
            continue
        for n in neighbours[first]:
            p = position[n]
            crossings += sum(1 for e in ends if e < p)
    return crossings


def _sift_layer(graph: LayeredGraph, layer: List[int], key: Sequence[int], position: List[int]) -> bool:
    """Move each item of ``layer`` to the place in its lane's run that crosses fewest links.

    For the items of one layer, the crossings between two of them depend only on the layers
    beside it; they are counted once (``pair``), then each item is tried at every place of
    its run, the change in crossings adding up as it passes its neighbours (sifting).
    """
    ends = [sorted(position[n] for n in graph.up[item]) + [-1] + sorted(position[n] for n in graph.down[item])
            for item in layer]
    improved = False
    for item in list(layer):
        start = layer.index(item)
        low = start
        while low > 0 and key[layer[low - 1]] == key[item]:
            low -= 1
        high = start
        while high < len(layer) - 1 and key[layer[high + 1]] == key[item]:
            high += 1
        if low == high:
            continue
        mine = ends[start]
        best_place, best_change, change = start, 0, 0
        for place in range(start - 1, low - 1, -1):  # passing items above it
            other = ends[place]
            change += _crossed(mine, other) - _crossed(other, mine)
            if change < best_change:
                best_place, best_change = place, change
        change = 0
        for place in range(start + 1, high + 1):  # passing items below it
            other = ends[place]
            change += _crossed(other, mine) - _crossed(mine, other)
            if change < best_change:
                best_place, best_change = place, change
        if best_place != start:
            layer.insert(best_place, layer.pop(start))
            ends.insert(best_place, ends.pop(start))
            improved = True
    for index, item in enumerate(layer):
        position[item] = index
    return improved


def _crossed(first: Sequence[int], second: Sequence[int]) -> int:
    """Crossings between two items' links when ``first`` stands above ``second``: on each side
    (the lists hold the sorted positions of the neighbours before, -1, then after), pairs
    whose ends are in the opposite order."""
    split_first, split_second = first.index(-1), second.index(-1)
    return (_inversions(first[:split_first], second[:split_second])
            + _inversions(first[split_first + 1:], second[split_second + 1:]))


def _inversions(first: Sequence[int], second: Sequence[int]) -> int:
    """Pairs (a in first, b in second) with a > b, both sorted: a merge count."""
    count = j = 0
    for a in first:
        while j < len(second) and second[j] < a:
            j += 1
        count += j
    return count


def _sift(graph: LayeredGraph, key: Sequence[int], downwards: bool) -> None:
    position = _positions(graph, graph.layers)
    order = range(len(graph.layers)) if downwards else range(len(graph.layers) - 1, -1, -1)
    for index in order:
        _sift_layer(graph, graph.layers[index], key, position)
