"""Columns chosen by the crossings they cause, not only by the links' length.

:mod:`.ranking` puts each team in the column that keeps its links shortest. On small dense
organisations that is not enough: when three suppliers each serve the same three care
units, every order of two columns crosses their links (nine times), whereas a supplier
moved one column further back, its links passing the others' ends, crosses far fewer.
So, within a work budget (organisations of up to about 100 teams: the search orders the
whole drawing again for each try, and at 300 teams the budget would allow a handful), boxes are moved to other columns, one at a time and then a few at
once, each try ordered quickly (:func:`.order.order_layers` with a few starts) and kept
when it crosses fewer links, or as few with shorter links. The moves follow a fixed
sequence (a seeded generator): the same declarations give the same drawing.

A box moves within the columns its links allow (a supplier stays left of its client; the
end clients and the frontline keep theirs), pushing the boxes in its way along when they
may move too, and never beyond :data:`EXTRA_COLUMNS` more columns than the shortest
layering has, so that the drawing does not grow wide for one crossing less.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .exact import exact_order, small_enough
from .layers import LayeredGraph, Ranking, layered_graph, ranking
from .model import Arc, Box
from .order import count_crossings, order_layers, places, start_cost
from .ranking import Constraints
from .routes import detour_savings

__all__ = ["layout_graph", "EXTRA_COLUMNS", "POSTER_EXTRA_COLUMNS"]

QUICK_STARTS = 1  # each column assignment tried is ordered from the best one's order, sifted
WORK = 600_000  # tries × cost of one: a few seconds of Python on 25 teams
MIN_TRIES = 40  # fewer than this would not get past the first few boxes: not worth it
MAX_TRIES = 600
MAX_BOXES = 120  # above, the budget allows too few tries to gain much (150 teams: 462 -> 451 for 5 s more)
EXTRA_COLUMNS = 3
POSTER_EXTRA_COLUMNS = 1
SEED = 29
FINALISTS = 12  # the best quick tries ordered exactly when their integer program is small enough…
FINALIST_VARIABLES = 450  # (a few tenths of a second)…
THOROUGH = 4  # …and the best few of them thoroughly otherwise
SIDEWAYS = True

Score = Tuple[int, int]  # crossings, then the links' length in columns


def layout_graph(boxes: Sequence[Box], arcs: Sequence[Arc], extra_columns: int = EXTRA_COLUMNS,
                 detours: bool = True) -> Tuple[LayeredGraph, int]:
    """The layered graph of ``boxes`` and ``arcs``, ordered, with its crossings; the search
    adds at most ``extra_columns`` columns (a poster, whose names print larger on a narrower
    drawing, allows fewer). ``detours``: whether links will turn round columns
    (:mod:`.detours`), so that the search weighs its finalists as they will be drawn."""
    ranks, layers, crossings = _cached(tuple(boxes), tuple(arcs), extra_columns, detours)
    graph = layered_graph(boxes, arcs, ranks)
    graph.layers = [list(layer) for layer in layers]
    return graph, crossings


@lru_cache(maxsize=8)
def _cached(boxes: Tuple[Box, ...], arcs: Tuple[Arc, ...], extra_columns: int,
            detours: bool) -> Tuple[List[int], List[List[int]], int]:
    """The columns, orders and crossings of a drawing (a poster lays out the same drawing
    twice: in its own proportions, then in those of its sheet)."""
    graph, crossings = _search_layout(boxes, arcs, extra_columns, detours)
    ranks = [graph.rank_of_layer[graph.layer[box]] for box in range(graph.real)]
    return ranks, [list(layer) for layer in graph.layers], crossings


def _search_layout(boxes: Sequence[Box], arcs: Sequence[Arc], extra_columns: int,
                   detours: bool = True) -> Tuple[LayeredGraph, int]:
    """The first column assignment, or a better one the search found: the few best of the
    search's quick tries are ordered again thoroughly and then made the best order there is
    (:mod:`.exact`: a quick order can miss by a few crossings), and the best of those kept."""
    first = ranking(boxes, arcs)
    graph = layered_graph(boxes, arcs, first.ranks)
    tries = _tries(graph)
    arrows = [arc.arrow for arc in arcs]
    if len(boxes) > MAX_BOXES:
        return graph, order_layers(graph, judge=_as_drawn(arrows) if detours else None)
    best, best_crossings = graph, order_layers(graph)
    turning, turning_crossings = best, best_crossings
    turning_drawn = best_crossings - detour_savings(best, arrows) if detours else best_crossings
    if tries >= MIN_TRIES and first.movable:
        for rank, (ranks, hint) in enumerate(_search(boxes, arcs, first, tries, extra_columns)):
            other = layered_graph(boxes, arcs, ranks)
            if ranks == first.ranks or not (rank < THOROUGH or small_enough(other, FINALIST_VARIABLES)):
                continue
            crossings = _finalist_order(other, _waypoint_places(other, hint))
            if crossings < best_crossings:
                best, best_crossings = other, crossings
            if not detours:
                continue
            # the links that turn round a column (:mod:`.detours`) save more on some orders
            # than on others: the finalist that will be drawn with the fewest is kept aside
            drawn = crossings - detour_savings(other, arrows)
            if drawn < turning_drawn:
                turning, turning_crossings, turning_drawn = other, crossings, drawn
    best_crossings = exact_order(best, best_crossings)
    if detours and turning is not best and turning_drawn < best_crossings - detour_savings(best, arrows):
        return turning, turning_crossings
    return best, best_crossings


def _as_drawn(arrows: List[bool]) -> Callable[[LayeredGraph], int]:
    """Crossings of an order once links turn round columns: how a large drawing's few
    starting orders are compared (no search of columns there to weigh them)."""
    def crossings(graph: LayeredGraph) -> int:
        return count_crossings(graph) - detour_savings(graph, arrows)
    return crossings


def _finalist_order(graph: LayeredGraph, hint: List[float]) -> int:
    """A finalist's order: the best there is when its integer program is small (from the quick
    order: proved optimal, a thorough search first would add nothing), else a thorough search."""
    if small_enough(graph, FINALIST_VARIABLES):
        return exact_order(graph, order_layers(graph, QUICK_STARTS, hint), FINALIST_VARIABLES)
    return order_layers(graph, hint=hint)


def _tries(graph: LayeredGraph) -> int:
    return min(MAX_TRIES, WORK // max(QUICK_STARTS * start_cost(graph), 1))


@dataclass
class _Search:
    """The best column assignment so far, its score and its order, the tries left, and the
    best few seen (column assignment → score and order)."""

    boxes: Sequence[Box]
    arcs: Sequence[Arc]
    rules: Constraints
    best: List[int]
    score: Score
    hint: List[float]
    tries: int
    seen: Dict[Tuple[int, ...], Tuple[Score, List[float]]] = field(default_factory=dict)

    def done(self) -> bool:
        return self.tries <= 0 or self.score[0] == 0

    def attempt(self, ranks: Optional[List[int]], sideways: bool = False) -> bool:
        """Try ``ranks`` (``None``: an impossible move); True when it is the new best, or
        (``sideways``) crosses as few links."""
        if ranks is None or ranks == self.best:
            return False
        self.tries -= 1
        score, order = _score(self.boxes, self.arcs, ranks, self.rules, self.hint)
        self.seen[tuple(ranks)] = (score, order)
        if score[0] > self.score[0] or (score >= self.score and not sideways):
            return False
        self.best, self.score, self.hint = ranks, score, order
        return True

    def finalists(self) -> List[Tuple[List[int], List[float]]]:
        """The :data:`FINALISTS` best assignments seen, each with its order, the best first."""
        self.seen[tuple(self.best)] = (self.score, self.hint)
        ranked = sorted(self.seen.items(), key=lambda item: (item[1][0], item[0]))[:FINALISTS]
        return [(_without_empty_columns(list(ranks)), order) for ranks, (_score, order) in ranked]


def _search(boxes: Sequence[Box], arcs: Sequence[Arc], first: Ranking, tries: int,
            extra_columns: int) -> List[Tuple[List[int], List[float]]]:
    """The best column assignments found in ``tries`` tries: every box at every column it may
    take, again while that finds better, then random moves of one to three boxes by a column."""
    limit = max(first.ranks) + extra_columns
    score, hint = _score(boxes, arcs, first.ranks, first.rules, None)
    search = _Search(boxes, arcs, first.rules, list(first.ranks), score, hint, tries - 1)
    improved = True
    while improved and not search.done():
        improved = False
        for box in first.movable:
            for column in range(1, limit + 1):
                if search.done():
                    break
                improved = search.attempt(_moved(search.best, search.rules, box, column, limit)) or improved
    generator = random.Random(SEED)
    while not search.done():
        ranks = _random_move(search.best, first.movable, search.rules, limit, generator)
        if not search.attempt(ranks, SIDEWAYS) and (ranks is None or ranks == search.best):
            search.tries -= 1  # an impossible move costs a try too, so that the loop ends
    return search.finalists()


def _score(boxes: Sequence[Box], arcs: Sequence[Arc], ranks: List[int], rules: Constraints,
           hint: Optional[List[float]]) -> Tuple[Score, List[float]]:
    """The crossings and length of ``ranks``, ordered from ``hint`` (each box's place in the
    best drawing so far) first; and each box's place in this one."""
    graph = layered_graph(boxes, arcs, ranks)
    crossings = order_layers(graph, QUICK_STARTS, _waypoint_places(graph, hint) if hint else None)
    return (crossings, rules.span(ranks)), places(graph)[:graph.real]


def _waypoint_places(graph: LayeredGraph, boxes: List[float]) -> List[float]:
    """Places for every item: the boxes' from another drawing, each waypoint's between its
    link's two ends."""
    place = list(boxes) + [0.0] * (len(graph.layer) - graph.real)
    for path in graph.paths:
        if len(path) > 2:
            start, end = place[path[0]], place[path[-1]]
            for k, item in enumerate(path[1:-1], 1):
                place[item] = start + (end - start) * k / (len(path) - 1)
    return place


def _moved(ranks: Sequence[int], rules: Constraints, box: int, column: int, limit: int) -> Optional[List[int]]:
    """``ranks`` with ``box`` in ``column``, the boxes in its way pushed along; ``None`` when
    a pinned box or the limit is in the way."""
    result = list(ranks)
    work = [(box, column)]
    while work:
        item, wanted = work.pop()
        if result[item] == wanted:
            continue
        if rules.pinned[item] is not None or not 1 <= wanted <= limit:
            return None
        result[item] = wanted
        work += [(left, wanted + 1) for left in rules.leftwards[item] if result[left] <= wanted]
        work += [(right, wanted - 1) for right in rules.rightwards[item] if result[right] >= wanted]
    return result


def _random_move(ranks: Sequence[int], movable: Sequence[int], rules: Constraints, limit: int,
                 generator: random.Random) -> Optional[List[int]]:
    result: Optional[List[int]] = list(ranks)
    for _ in range(generator.choice((1, 1, 2, 3))):
        box = generator.choice(movable)
        assert result is not None
        result = _moved(result, rules, box, result[box] + generator.choice((-1, 1)), limit)
        if result is None:
            return None
    return result


def _without_empty_columns(ranks: List[int]) -> List[int]:
    """The same order of columns with no empty one among the teams' (rank 2 and up)."""
    used = sorted({rank for rank in ranks if rank >= 2})
    renumber = {rank: 2 + index for index, rank in enumerate(used)}
    return [renumber.get(rank, rank) for rank in ranks]
