"""The fewest crossings the columns allow, proved: an integer program for small drawings.

Sugiyama's heuristics (:mod:`.order`) come within a crossing or two of the best order on
small organisations, not always to it. For a drawing of a few hundred pairs of boxes the
best order can be found outright: one binary variable per pair of items of a column (which
stands above the other), transitivity constraints so that they form an order, and one
variable per pair of links between two columns that is 1 when they cross (their ends in
opposite orders) — the linear ordering formulation of Jünger and Mutzel. HiGHS, an open
source MIP solver, solves it (``highspy``); it starts from the heuristic's order, so it can
only improve on it, and stops after a fixed number of branch-and-bound nodes, not a time,
so that the same declarations give the same drawing on any machine.

Without ``highspy`` installed, or above :data:`MAX_VARIABLES`, the heuristic's order stays.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .layers import LayeredGraph

__all__ = ["exact_order", "small_enough", "MAX_VARIABLES"]

MAX_VARIABLES = 800  # pairs of items plus pairs of links: about a second at most
MAX_NODES = 500  # branch-and-bound nodes: a fixed amount of work, not of time
Terms = Tuple[float, Dict[int, float]]  # a constant and coefficients: "u stands above v" as a linear form


class _Model:
    """The integer program's variables and rows, as HiGHS takes them."""

    def __init__(self) -> None:
        self.lower: List[float] = []
        self.upper: List[float] = []
        self.cost: List[float] = []
        self.rows: List[Tuple[float, float, Dict[int, float]]] = []
        self.above: Dict[Tuple[int, int], int] = {}

    def variable(self, cost: float = 0.0, lower: float = 0.0, upper: float = 1.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        return len(self.cost) - 1

    def above_terms(self, u: int, v: int) -> Terms:
        """``u`` above ``v`` as a linear form of the pair's variable."""
        if (u, v) in self.above:
            return 0.0, {self.above[(u, v)]: 1.0}
        return 1.0, {self.above[(v, u)]: -1.0}

    def row(self, lower: float, upper: float, parts: Sequence[Tuple[float, Terms]]) -> None:
        """``lower <= sum(sign * form) <= upper``."""
        constant = 0.0
        coefficients: Dict[int, float] = {}
        for sign, (value, terms) in parts:
            constant += sign * value
            for index, weight in terms.items():
                coefficients[index] = coefficients.get(index, 0.0) + sign * weight
        self.rows.append((lower - constant, upper - constant, coefficients))


def small_enough(graph: LayeredGraph, max_variables: int) -> bool:
    """Whether ``graph``'s integer program has at most ``max_variables`` variables (counted,
    not built)."""
    count = sum(len(layer) * (len(layer) - 1) // 2 for layer in graph.layers)
    for index in range(len(graph.layers) - 1):
        links = [(u, w) for u in graph.layers[index] for w in graph.down[u]]
        count += sum(1 for (a, b), (c, d) in itertools.combinations(links, 2) if a != c and b != d)
        if count > max_variables:
            return False
    return count <= max_variables


def _model(graph: LayeredGraph, max_variables: int = MAX_VARIABLES) -> Optional[_Model]:
    model = _Model()
    for layer in graph.layers:
        for u, v in itertools.combinations(layer, 2):
            fixed = graph.lane[u] != graph.lane[v]  # the main area above the zone, always
            value = 1.0 if graph.lane[u] < graph.lane[v] else 0.0
            model.above[(u, v)] = model.variable(lower=value if fixed else 0.0, upper=value if fixed else 1.0)
        if len(model.cost) > max_variables:
            return None
    for index in range(len(graph.layers) - 1):
        links = [(u, w) for u in graph.layers[index] for w in graph.down[u]]
        for (a, b), (c, d) in itertools.combinations(links, 2):
            if a != c and b != d:
                crossing = (0.0, {model.variable(cost=1.0): 1.0})
                first, second = model.above_terms(a, c), model.above_terms(b, d)
                model.row(0.0, float("inf"), [(1, crossing), (-1, first), (1, second)])
                model.row(0.0, float("inf"), [(1, crossing), (1, first), (-1, second)])
        if len(model.cost) > max_variables:
            return None
    for layer in graph.layers:
        for a, b, c in itertools.combinations(layer, 3):
            model.row(0.0, 1.0, [(1, model.above_terms(a, b)), (1, model.above_terms(b, c)), (-1, model.above_terms(a, c))])
    return model


def exact_order(graph: LayeredGraph, crossings: int, max_variables: int = MAX_VARIABLES) -> int:
    """Reorder ``graph``'s layers to the fewest crossings HiGHS finds within its node budget,
    starting from their current order (with ``crossings``); returns the crossings left.
    Left as it is when its program would have more than ``max_variables`` variables."""
    if crossings == 0:
        return 0
    try:
        import highspy
    except ImportError:
        return crossings
    model = _model(graph, max_variables)
    if model is None:
        return crossings
    solver = _solver(highspy, model)
    solver.setSolution(_start(graph, model))
    solver.run()
    if solver.getModelStatus() not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kSolutionLimit,
                                       highspy.HighsModelStatus.kIterationLimit) or solver.getInfo().primal_solution_status != 2:
        return crossings
    found = round(solver.getInfo().objective_function_value)
    if found >= crossings:
        return crossings
    values = solver.getSolution().col_value
    for layer in graph.layers:
        members = list(layer)  # a list being sorted reads as empty: the key must not look at it
        layer.sort(key=lambda item: -sum(round(values[model.above[(item, other)]]) if (item, other) in model.above
                                         else 1 - round(values[model.above[(other, item)]])
                                         for other in members if other != item))
    return found


def _quiet_highs(highspy: Any) -> Any:
    """A solver, made with the C library's standard output closed: HiGHS writes its banner
    there when the first one is made, before any option can turn its output off."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _solver(highspy: Any, model: _Model) -> Any:
    """A solver of ``model``: one thread, a fixed seed and node budget (the same answer on any
    machine); a cut pool of one, which finds the same optima a third faster on these programs
    (most of their time is spent at the root, on cuts)."""
    import numpy
    solver = _quiet_highs(highspy)
    for option, value in (("output_flag", False), ("threads", 1), ("mip_max_nodes", MAX_NODES),
                          ("random_seed", 0), ("mip_rel_gap", 0.0), ("mip_pool_soft_limit", 1)):
        solver.setOptionValue(option, value)
    count = len(model.cost)
    indices = numpy.arange(count, dtype=numpy.int32)
    solver.addVars(count, numpy.array(model.lower), numpy.array(model.upper))
    solver.changeColsCost(count, indices, numpy.array(model.cost))
    solver.changeColsIntegrality(count, indices, numpy.array([highspy.HighsVarType.kInteger] * count))
    for lower, upper, coefficients in model.rows:
        solver.addRow(lower, upper if upper != float("inf") else highspy.kHighsInf, len(coefficients),
                      numpy.array(list(coefficients), dtype=numpy.int32), numpy.array(list(coefficients.values())))
    return solver


def _start(graph: LayeredGraph, model: _Model) -> Any:
    """The current order as a solution to start from (crossing variables at their values)."""
    import highspy
    place = {item: index for layer in graph.layers for index, item in enumerate(layer)}
    values = [0.0] * len(model.cost)
    for (u, v), index in model.above.items():
        values[index] = 1.0 if place[u] < place[v] else 0.0
    for lower, _upper, coefficients in model.rows:  # the crossing rows: crossing >= ±(first - second)
        crossing = next((i for i, w in coefficients.items() if model.cost[i] == 1.0 and w == 1.0), None)
        if crossing is not None:
            rest = sum(w * values[i] for i, w in coefficients.items() if i != crossing)
            values[crossing] = max(values[crossing], lower - rest)
    solution = highspy.HighsSolution()
    solution.col_value = values
    return solution
