"""Which arrows a crowded department overview draws: the main route of each department.

Between departments there are as many arrows as pairs of departments that work together:
a 50-department group had 218, and its overview was a 7-metre band of crossing lines. So,
above a few per department, each department keeps its main arrow (:func:`skeleton`), its
box counting the links left out (:class:`LeftOut`); and every arrow kept places its client
after its supplier, except one that would close a circle (:func:`placing_arrows`). The
arrows are counts, ``(supplier department, client department or end client) → (links, weak)``:
nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Dict, List, Mapping, Set, Tuple

__all__ = ["ARROWS_BEFORE_PRUNING", "ARROWS_KEPT_PER_DEPARTMENT", "ARROWS_PER_DEPARTMENT_BEFORE_PRUNING", "Arrows",
           "LeftOut", "placing_arrows", "skeleton"]

Arrows = Dict[Tuple[str, str], Tuple[int, int]]

# Above this many arrows between departments (and more than two per department), each
# department keeps its main one: a 50-department group had 218, and its overview was a
# 7-metre band of crossing lines; 11 departments with 55 arrows were a tangle too.
ARROWS_BEFORE_PRUNING = 16
ARROWS_PER_DEPARTMENT_BEFORE_PRUNING = 2
ARROWS_KEPT_PER_DEPARTMENT = 1


@dataclass(frozen=True)
class LeftOut:
    """What a crowded overview does not draw of one department's outgoing links."""

    links: int = 0  # to other departments
    departments: int = 0
    to_end_clients: int = 0



def skeleton(arrows: Arrows, end_clients: Collection[str], departments: int) -> Tuple[Arrows, Dict[str, LeftOut]]:
    """The arrows to draw, and per department what is left out of the drawing.

    Up to :data:`ARROWS_BEFORE_PRUNING` arrows, or two per department, all are drawn. Above,
    each department keeps its :data:`ARROWS_KEPT_PER_DEPARTMENT` largest arrow to another
    department (by links; ties by name), and its arrows to the end clients when they carry
    at least as many links as that one (a frontline department): the main route of each
    department's work stays, the rest is counted in its box. Drawing every department's few
    links to the end clients gave a fan of long lines across the whole sheet.
    """
    if len(arrows) <= max(ARROWS_BEFORE_PRUNING, ARROWS_PER_DEPARTMENT_BEFORE_PRUNING * departments):
        return dict(arrows), {}
    by_source: Dict[str, List[Tuple[str, str]]] = {}
    for pair in sorted(arrows):
        by_source.setdefault(pair[0], []).append(pair)
    drawn: Arrows = {}
    left_out: Dict[str, LeftOut] = {}
    for source, pairs in by_source.items():
        internal = sorted((p for p in pairs if p[1] not in end_clients), key=lambda p: -arrows[p][0])
        to_clients = [p for p in pairs if p[1] in end_clients]
        kept = internal[:ARROWS_KEPT_PER_DEPARTMENT]
        client_links = sum(arrows[p][0] for p in to_clients)
        if to_clients and client_links >= max((arrows[p][0] for p in kept), default=0):
            kept += to_clients
        drawn.update((p, arrows[p]) for p in pairs if p in kept)
        dropped = [p for p in internal if p not in kept]
        missed = LeftOut(sum(arrows[p][0] for p in dropped), len(dropped),
                          0 if to_clients and to_clients[0] in kept else client_links)
        if missed != LeftOut():
            left_out[source] = missed
    return drawn, left_out


def placing_arrows(drawn: Arrows, end_clients: Collection[str]) -> Set[Tuple[str, str]]:
    """The arrows that place their client after their supplier: all but those closing a circle.

    Departments often serve each other both ways; left to itself, ``dot`` turns some arrows
    round, and the drawing no longer reads from supplier to client. Taken from the largest to
    the smallest (ties by name), an arrow places its departments unless its client already
    leads, by arrows taken before, to its supplier. An overview draws at most 16 arrows or
    two per department (one when crowded): a search per arrow is cheap.
    """
    placing: Set[Tuple[str, str]] = set()
    leads_to: Dict[str, List[str]] = {}
    for pair in sorted(drawn, key=lambda p: (-drawn[p][0], p)):
        source, target = pair
        if target not in end_clients and leads(leads_to, target, source):
            continue
        placing.add(pair)
        leads_to.setdefault(source, []).append(target)
    return placing


def leads(leads_to: Mapping[str, List[str]], start: str, goal: str) -> bool:
    """True when ``goal`` can be reached from ``start`` along ``leads_to``."""
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for following in leads_to.get(node, ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return False

