"""The order of the boxes down each column, chosen to cross as few links as possible.

The layer-by-layer method of Sugiyama, as Graphviz's dot uses it: sweep the columns left to
right and back, sorting each column by the mean position of each box's neighbours in the
column just fixed (barycentre) and swapping neighbours while that removes crossings
(transposition); then sift: try each box at every place of its column and keep the best.
The result depends on where the search starts, so it starts from several orders (depth
first from the end clients, from the left, then shuffled with fixed seeds) and keeps the
best: as many starts as a fixed amount of work allows, so that small organisations get a
thorough search and large ones a quick one, and the same declarations the same drawing.

Each column keeps the main area above the zone of teams with no chain. Last, boxes of one
department are brought together where that costs no crossing, so that departments read as
runs of tinted boxes.

Every pass is linear in items and links but for sorting (n log n), counting crossings
(E log V, Barth, Jünger and Mutzel's accumulator tree) and sifting (quadratic in a
column's size, bounded by the work budget).
"""

from __future__ import annotations

import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .layers import NO_GROUP, LayeredGraph

__all__ = ["order_layers", "count_crossings", "start_cost", "places"]

SWEEPS = 24  # barycentre sweeps per start, at most: each start stops when several bring nothing
PATIENCE = 4
TRANSPOSE_PASSES = 6
SIFT_PASSES = 8
SIFT_WINDOW = 40  # places tried each side of an item: the sweeps have set the broad order
WORK = 80_000  # starts × cost of one (see :func:`_starts`): 48 starts up to ~40 teams, ~18 at 100, 5 at 300
MIN_STARTS, MAX_STARTS = 1, 48
GROUPING = 10  # a crossing outweighs any gain in grouping departments
JUDGED_STARTS = 2  # times the starts when they are compared as drawn: their drawn crossings spread wider


def count_crossings(graph: LayeredGraph) -> int:
    """Crossings between consecutive layers, counted from the orders alone."""
    position = _positions(graph)
    return sum(_bilayer(graph.layers[i], graph.down, position, len(graph.layers[i + 1]))
               for i in range(len(graph.layers) - 1))


def places(graph: LayeredGraph) -> List[float]:
    """Each item's place down its column, from 0 (top) to 1 (bottom)."""
    place = [0.0] * len(graph.layer)
    for layer in graph.layers:
        for index, item in enumerate(layer):
            place[item] = (index + 0.5) / len(layer)
    return place


def _positions(graph: LayeredGraph) -> List[int]:
    position = [0] * len(graph.layer)
    for layer in graph.layers:
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


def order_layers(graph: LayeredGraph, starts: Optional[int] = None, hint: Optional[Sequence[float]] = None,
                 judge: Optional[Callable[[LayeredGraph], int]] = None) -> int:
    """Order every layer of ``graph`` in place; returns the number of crossings left.

    ``starts`` bounds the number of starting orders (default: as many as the work budget
    allows); ``hint``, a place down its column for each item, is the first of them (the order
    of a drawing much like this one: the search of columns tries many such). ``judge``, when
    given, scores each start's finished order as it will be drawn (the crossings left once
    links turn round columns, :mod:`.detours`): the order that crosses fewest before the turns
    is not the one that crosses fewest after them, and on a large organisation the turns save
    a third of its crossings, more on some orders than on others. Judged so, the starts'
    results spread wider, and :data:`JUDGED_STARTS` times as many are tried.
    """
    finished: List[Tuple[int, List[List[int]]]] = []
    budget = _starts(graph)
    if judge is not None and budget > MIN_STARTS:
        budget = min(MAX_STARTS, JUDGED_STARTS * budget)
    for start in range(min(budget, starts or MAX_STARTS)):
        hinted = hint is not None and start == 0
        if hinted:
            for layer in graph.layers:
                layer.sort(key=lambda item: (graph.lane[item], hint[item]))  # type: ignore[index]
        else:
            _start(graph, start - (hint is not None))
        crossings = _minimise(graph, 0 if hinted else SWEEPS)  # a hint is already a good order: sifting is enough
        finished.append((crossings, [list(layer) for layer in graph.layers]))
        if crossings == 0:
            break
    if judge is None or len(finished) < 2:
        graph.layers = min(finished, key=lambda done: done[0])[1]
        _sift_all(graph, grouping=True)
        return count_crossings(graph)
    return _judged(graph, [layers for _crossings, layers in finished], judge)


def _judged(graph: LayeredGraph, orders: List[List[List[int]]], judge: Callable[[LayeredGraph], int]) -> int:
    """Of ``orders``, each finished (departments brought together), the one ``judge`` scores
    lowest, then the one crossing fewest (the first of equals: the starts' fixed order)."""
    best: Optional[Tuple[int, int, List[List[int]]]] = None
    for layers in orders:
        graph.layers = layers
        _sift_all(graph, grouping=True)
        crossings = count_crossings(graph)
        score = (judge(graph), crossings)
        if best is None or score < best[:2]:
            best = (*score, [list(layer) for layer in graph.layers])
    assert best is not None
    graph.layers = best[2]
    return best[1]


def start_cost(graph: LayeredGraph) -> int:
    """What one start costs, about: its sifting (every item tried at the places of its
    window) plus its sweeps (items and links)."""
    links = sum(len(d) for d in graph.down)
    cost = sum(len(layer) * min(len(layer), 2 * SIFT_WINDOW + 1) for layer in graph.layers)
    return cost + 4 * (len(graph.layer) + links)


def _starts(graph: LayeredGraph) -> int:
    """How many starts the work budget allows."""
    cost = start_cost(graph)
    if cost > 4 * WORK:  # a thousand teams and more: one start is already seconds
        return MIN_STARTS
    return max(MIN_STARTS, min(MAX_STARTS, 2 + WORK // max(cost, 1)))


def _start(graph: LayeredGraph, start: int) -> None:
    """A starting order: depth first from the end clients (0), from the left (1), shuffled (2…)."""
    if start >= 2:
        shuffler = random.Random(start)
        for layer in graph.layers:
            shuffler.shuffle(layer)
    else:
        _depth_first(graph, from_right=start == 0)
    for layer in graph.layers:
        layer.sort(key=graph.lane.__getitem__)  # stable: the main area above the zone


def _depth_first(graph: LayeredGraph, from_right: bool) -> None:
    seen = [False] * len(graph.layer)
    rank = [0] * len(graph.layer)
    counter = 0
    layers = reversed(graph.layers) if from_right else graph.layers
    for first in (item for layer in layers for item in sorted(layer)):
        if seen[first]:
            continue
        stack, seen[first] = [first], True
        while stack:
            item = stack.pop()
            rank[item], counter = counter, counter + 1
            for other in reversed(graph.up[item] + graph.down[item]):
                if not seen[other]:
                    seen[other] = True
                    stack.append(other)
    for layer in graph.layers:
        layer.sort(key=rank.__getitem__)


def _minimise(graph: LayeredGraph, sweeps: int = SWEEPS) -> int:
    """Barycentre sweeps with transpositions, then sifting; leaves the best order found."""
    best = count_crossings(graph)
    best_layers = [list(layer) for layer in graph.layers]
    idle = 0
    for sweep in range(sweeps):
        if best == 0 or idle >= PATIENCE:
            break
        _sweep(graph, downwards=sweep % 2 == 0, median=sweep % 4 >= 2)
        _transpose(graph)
        crossings = count_crossings(graph)
        if crossings < best:
            best, best_layers, idle = crossings, [list(layer) for layer in graph.layers], 0
        else:
            idle += 1
    graph.layers = best_layers
    for _ in range(SIFT_PASSES):
        if best == 0 or not _sift_all(graph, grouping=False):
            break
        best = count_crossings(graph)
    return best


def _sweep(graph: LayeredGraph, downwards: bool, median: bool) -> None:
    """Sort each layer by where its items' neighbours stand in the layer before it (in sweep
    order): their mean (barycentre), or their ``median``. Alternating the two, two sweeps
    each, found fewer crossings on larger organisations than either alone (RESULTS.md)."""
    count = len(graph.layers)
    indices = range(1, count) if downwards else range(count - 2, -1, -1)
    neighbours = graph.up if downwards else graph.down
    position = _positions(graph)
    for i in indices:
        fixed = graph.layers[i - 1] if downwards else graph.layers[i + 1]
        layer = graph.layers[i]
        scale_fixed, scale_here = 1.0 / max(len(fixed), 1), 1.0 / max(len(layer), 1)
        centre = {}
        for item in layer:
            around = neighbours[item]
            if around:
                centre[item] = _centre([position[n] + 0.5 for n in around], median) * scale_fixed
            else:
                centre[item] = (position[item] + 0.5) * scale_here
        layer.sort(key=lambda item: (graph.lane[item], centre[item], position[item]))
        for index, item in enumerate(layer):
            position[item] = index


def _centre(places: List[float], median: bool) -> float:
    if not median:
        return sum(places) / len(places)
    places.sort()
    middle = len(places) // 2
    return places[middle] if len(places) % 2 else (places[middle - 1] + places[middle]) / 2


def _transpose(graph: LayeredGraph) -> None:
    """Swap neighbours in a layer (same lane) while that removes crossings with both layers beside it."""
    position = _positions(graph)
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for layer in graph.layers:
            ends = [(sorted(position[n] for n in graph.up[item]), sorted(position[n] for n in graph.down[item]))
                    for item in layer]
            for index in range(len(layer) - 1):
                a, b = layer[index], layer[index + 1]
                if graph.lane[a] != graph.lane[b]:
                    continue
                if _difference(ends[index + 1], ends[index]) < 0:
                    layer[index], layer[index + 1] = b, a
                    ends[index], ends[index + 1] = ends[index + 1], ends[index]
                    position[a], position[b] = index + 1, index
                    improved = True
        if not improved:
            break


def _sift_all(graph: LayeredGraph, grouping: bool) -> bool:
    """One sifting pass over every layer, left to right; True when anything moved."""
    position = _positions(graph)
    moved = False
    for layer in graph.layers:
        moved = _sift_layer(graph, layer, position, grouping) or moved
    return moved


def _sift_layer(graph: LayeredGraph, layer: List[int], position: List[int], grouping: bool) -> bool:
    """Move each item of ``layer`` to the place in its lane that crosses fewest links (and,
    with ``grouping``, that keeps departments together without crossing more), within
    :data:`SIFT_WINDOW` places of where it stands.

    Crossings between two items depend only on the layers beside them: moving an item past
    its neighbours one by one, the change adds up (sifting).
    """
    ends = {item: (sorted(position[n] for n in graph.up[item]), sorted(position[n] for n in graph.down[item]))
            for item in layer}
    where = {item: index for index, item in enumerate(layer)}
    known: Dict[Tuple[int, int], int] = {}
    moved = False
    for item in list(layer):
        start = where[item]
        low, high = _window(graph, layer, start)
        if low == high:
            continue
        change = _changes(layer, ends, item, start, low, high, known)
        if grouping and graph.group[item] != NO_GROUP:
            _add_grouping(graph, layer, item, start, low, high, change)
        best = min(range(len(change)), key=lambda k: (change[k], abs(low + k - start)))
        if change[best] < 0:
            layer.insert(low + best, layer.pop(start))
            for index in range(min(start, low + best), max(start, low + best) + 1):
                where[layer[index]] = index
            moved = True
    for index, item in enumerate(layer):
        position[item] = index
    return moved


def _window(graph: LayeredGraph, layer: Sequence[int], start: int) -> Tuple[int, int]:
    """The places an item may take: its lane's, within :data:`SIFT_WINDOW` of ``start``."""
    lane = graph.lane[layer[start]]
    low, high = start, start
    while low > max(0, start - SIFT_WINDOW) and graph.lane[layer[low - 1]] == lane:
        low -= 1
    while high < min(len(layer) - 1, start + SIFT_WINDOW) and graph.lane[layer[high + 1]] == lane:
        high += 1
    return low, high


def _changes(layer: Sequence[int], ends: Dict[int, tuple], item: int, start: int, low: int, high: int,
             known: Dict[Tuple[int, int], int]) -> List[int]:
    """Crossings gained (× :data:`GROUPING`) with ``item`` moved to each place ``low`` … ``high``.

    ``known`` keeps each pair's :func:`_difference` for the layer's pass: the layers beside it
    do not move meanwhile, and every pair of a window is met twice, once from each side."""
    change = [0] * (high - low + 1)
    running = 0
    for place in range(start - 1, low - 1, -1):
        running += _pair_difference(ends, known, item, layer[place])
        change[place - low] = running * GROUPING
    running = 0
    for place in range(start + 1, high + 1):
        running -= _pair_difference(ends, known, item, layer[place])
        change[place - low] = running * GROUPING
    return change


def _pair_difference(ends: Dict[int, tuple], known: Dict[Tuple[int, int], int], first: int, second: int) -> int:
    """:func:`_difference` of two items of a layer, worked out once per pass."""
    if first > second:
        return -_pair_difference(ends, known, second, first)
    difference = known.get((first, second))
    if difference is None:
        difference = known[(first, second)] = _difference(ends[first], ends[second])
    return difference


def _difference(first: tuple, second: tuple) -> int:
    """Crossings between two items' links with ``first`` above ``second``, less those with
    ``second`` above ``first``: what swapping them gains, in one merge per side."""
    return _side_difference(first[0], second[0]) + _side_difference(first[1], second[1])


def _side_difference(first: Sequence[int], second: Sequence[int]) -> int:
    """Over the pairs (a in first, b in second), both sorted: pairs with a > b, less pairs with
    a < b (those cross when ``first`` stands above ``second``, these when below); at once when
    the two ranges do not overlap (the usual case in a well-ordered column)."""
    if not first or not second:
        return 0
    if first[-1] < second[0]:
        return -len(first) * len(second)
    if first[0] > second[-1]:
        return len(first) * len(second)
    difference = smaller = 0
    for a in first:
        while smaller < len(second) and second[smaller] < a:
            smaller += 1
        not_larger = smaller
        while not_larger < len(second) and second[not_larger] == a:
            not_larger += 1
        difference += smaller - (len(second) - not_larger)
    return difference


def _add_grouping(graph: LayeredGraph, layer: Sequence[int], item: int, start: int, low: int, high: int,
                  change: List[int]) -> None:
    """Add to ``change`` how many more department boundaries the column has with ``item``
    placed at each place (waypoints do not separate two boxes of one department)."""
    rest = [other for other in layer[low:high + 1] if other != item]
    before = next((layer[i] for i in range(low - 1, -1, -1) if graph.is_box(layer[i])), -1)
    after = next((layer[i] for i in range(high + 1, len(layer)) if graph.is_box(layer[i])), -1)
    previous: List[int] = []  # the last box before each gap of ``rest``
    for other in rest:
        previous.append(before)
        before = other if graph.is_box(other) else before
    previous.append(before)
    following = [-1] * (len(rest) + 1)  # the first box after each gap
    for gap in range(len(rest), -1, -1):
        following[gap] = after
        after = rest[gap - 1] if gap > 0 and graph.is_box(rest[gap - 1]) else after

    def cost(gap: int) -> int:
        a, b = previous[gap], following[gap]
        return _boundary(graph, a, item) + _boundary(graph, item, b) - _boundary(graph, a, b)

    here = cost(start - low)
    for k in range(high - low + 1):
        change[k] += cost(k) - here


def _boundary(graph: LayeredGraph, a: int, b: int) -> int:
    """1 when two neighbouring boxes belong to different departments."""
    if a < 0 or b < 0 or graph.lane[a] != graph.lane[b]:
        return 0
    ga, gb = graph.group[a], graph.group[b]
    return int(ga != NO_GROUP and gb != NO_GROUP and ga != gb)
