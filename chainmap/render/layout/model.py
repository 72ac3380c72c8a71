"""What the layout takes and gives: boxes and arcs in, positions and routes out.

The layout knows nothing of teams or findings: the DOT writer describes each box (its size,
its lane, its distance to the end clients) and each arc, and gets back where to draw them.
Coordinates are Graphviz's: points, y growing upwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

__all__ = ["Box", "Arc", "Band", "Header", "Route", "Placement", "Point"]

Point = Tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A box to place.

    ``rank`` is its distance to the end clients in links (0 for an end client); ``None`` when
    it has none: a team with no chain (``zone=True``: drawn in the zone of teams with no
    chain), an unknown id or a worker (placed by the boxes it is linked to). Neighbours of
    one ``department`` in a column share a tinted background.
    """

    id: str
    width: float
    height: float
    department: Optional[str] = None
    rank: Optional[int] = None
    zone: bool = False


@dataclass(frozen=True)
class Arc:
    """A link to route, from ``tail`` (supplier) to ``head`` (client); ``arrow`` when it ends in one."""

    tail: str
    head: str
    arrow: bool = True


@dataclass(frozen=True)
class Route:
    """A link's curve: cubic Bézier points (3n + 1 of them) and, with an arrowhead, its tip."""

    points: Tuple[Point, ...]
    tip: Optional[Point] = None


@dataclass(frozen=True)
class Band:
    """A tinted rectangle with a name: a run of one department's boxes in a column, or the
    zone of teams with no chain (``zone``). ``lines`` are the name's lines (runs only)."""

    name: str
    box: Tuple[float, float, float, float]  # x0, y0, x1, y1
    label_at: Point
    zone: bool = False
    lines: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    """The words above columns: ``"end"`` (the end clients), ``"frontline"`` or ``"behind"``."""

    kind: str
    box: Tuple[float, float, float, float]


@dataclass
class Placement:
    """Where everything goes: box centres, one route per arc (``None``: left to Graphviz), bands."""

    centres: Dict[str, Point] = field(default_factory=dict)
    routes: List[Optional[Route]] = field(default_factory=list)
    bands: List[Band] = field(default_factory=list)  # the runs of departments, then the zone
    headers: List[Header] = field(default_factory=list)
    visibility: Optional[Tuple[float, float, float]] = None  # x, y0, y1 of the line of visibility
    crossings: int = 0
