"""Where a link's score goes: along its own line, near the supplier, clear of every other line.

A poor rating is written where its link leaves the supplier. Left to Graphviz (``layout=nop2``
places a tail label itself, up and to the right of the line's start, whatever
``labelangle`` says), a score often sat on another link leaving the same side of the box,
and a link drawn after it in the SVG covered its figures. Here spots are tried at points
along the score's own line, nearest the supplier first: above it, below it, and on it (the
score's white ground then cuts its own line, which runs on at both ends). The spot taken
touches fewest boxes, names, other lines and scores already placed; among those, one beside
the line with nothing else near, else one on the line (a score just beside another line
reads as that line's; one on its own line cannot), else the least crowded (:func:`_rank`).
The DOT then says where (``tail_lp``), and Graphviz writes it there.

Lines and obstacles are kept in a grid of cells, so that a spot is compared with what lies
near it only: linear in the lines' segments plus the spots tried.
"""

from __future__ import annotations

import math
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .model import Point, Route

__all__ = ["Rect", "score_places"]

Rect = Tuple[float, float, float, float]  # x0, y0, x1, y1
Segment = Tuple[Point, Point]

SAMPLES = 8  # points per Bézier piece when a curve is followed as a polyline
CELL = 36.0  # the grid's cell, in points
FIRST_STEP = 10.0  # the first spot tried, along the line from the supplier's side
STEP = 9.0  # between spots along the line
GAP = 1.5  # between a score and its own line
REACH = 0.6  # how far along its line a score may go (a share of its length)
CLEARANCE = 3.0  # room kept between a score and another line, a box or a name
WELL_CLEAR = 8.0  # a score beside its line with another this near reads as the other's
BOX_WEIGHT = 100  # a score over a box or a name is worse than one over many lines


class _Grid:
    """Segments and rectangles by the cells they touch."""

    def __init__(self) -> None:
        self.segments: Dict[Tuple[int, int], List[Tuple[int, Segment]]] = {}
        self.rects: Dict[Tuple[int, int], List[Rect]] = {}

    def add_segment(self, owner: int, segment: Segment) -> None:
        (x0, y0), (x1, y1) = segment
        for cell in _cells((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))):
            self.segments.setdefault(cell, []).append((owner, segment))

    def add_rect(self, rect: Rect) -> None:
        for cell in _cells(rect):
            self.rects.setdefault(cell, []).append(rect)

    def cost(self, rect: Rect, owner: int, on_line: bool) -> Tuple[int, int, int]:
        """What ``rect`` touches (boxes and names weigh most, then other lines; its own line
        only where it runs into a score beside it, curving back), then what comes within
        :data:`CLEARANCE` of it, then within :data:`WELL_CLEAR`."""
        wide, close = _grown(rect, WELL_CLEAR), _grown(rect, CLEARANCE)
        cells = list(_cells(wide))
        rects = {r for cell in cells for r in self.rects.get(cell, ())}
        segments = {(o, s) for cell in cells for o, s in self.segments.get(cell, ()) if o != owner or not on_line}
        around = [(o, s) for o, s in segments if _crosses(s, wide)]
        near = [(o, s) for o, s in around if _crosses(s, close)]
        touched = BOX_WEIGHT * sum(1 for r in rects if _overlap(r, rect)) + len({o for o, s in near if _crosses(s, rect)})
        return (touched, sum(1 for r in rects if _overlap(r, close)) + len({o for o, s in near if o != owner}),
                sum(1 for r in rects if _overlap(r, wide)) + len({o for o, s in around if o != owner}))


def _grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def _cells(rect: Rect) -> Iterable[Tuple[int, int]]:
    x0, y0, x1, y1 = rect
    for i in range(math.floor(x0 / CELL), math.floor(x1 / CELL) + 1):
        for j in range(math.floor(y0 / CELL), math.floor(y1 / CELL) + 1):
            yield i, j


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(segment: Segment, rect: Rect) -> bool:
    """Whether ``segment`` enters ``rect`` (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = segment
    if max(x0, x1) < rect[0] or min(x0, x1) > rect[2] or max(y0, y1) < rect[1] or min(y0, y1) > rect[3]:
        return False
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - rect[0]), (dx, rect[2] - x0), (-dy, y0 - rect[1]), (dy, rect[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def polyline(route: Route) -> List[Point]:
    """The route's curve as points along it (each cubic piece cut in :data:`SAMPLES`)."""
    points = route.points
    line = [points[0]]
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start:start + 4]
        for k in range(1, SAMPLES + 1):
            t = k / SAMPLES
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
            line.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return line


def _spots(line: Sequence[Point], size: Tuple[float, float]) -> List[Tuple[Rect, bool]]:
    """The rectangles a score of ``size`` may take along ``line``, nearest the supplier first:
    at each point above (or left of) the line, below it, then on it (``True``: the score's
    white ground then cuts its own line, which runs on at both its ends)."""
    lengths = [0.0]
    for a, b in zip(line, line[1:]):
        lengths.append(lengths[-1] + math.dist(a, b))
    total = lengths[-1]
    if total == 0:
        return []
    width, height = size
    spots = []
    along = min(FIRST_STEP, total / 2)
    piece = 0
    while along <= max(REACH * total, min(FIRST_STEP, total / 2)):
        while piece < len(line) - 2 and lengths[piece + 1] < along:
            piece += 1
        a, b = line[piece], line[piece + 1]
        step = math.dist(a, b) or 1.0
        share = (along - lengths[piece]) / step
        x, y = a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share
        tx, ty = (b[0] - a[0]) / step, (b[1] - a[1]) / step
        nx, ny = -ty, tx
        if ny < 0 or (ny == 0 and nx > 0):
            nx, ny = -nx, -ny  # above the line first (y grows upwards), then left of it
        away = (abs(nx) * width + abs(ny) * height) / 2 + GAP
        for side in (1, -1, 0):
            cx, cy = x + side * nx * away, y + side * ny * away
            spots.append(((cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2), side == 0))
        along += STEP
    return spots


def score_places(routes: Sequence[Optional[Route]], sizes: Sequence[Optional[Tuple[float, float]]],
                 obstacles: Sequence[Rect]) -> List[Optional[Point]]:
    """The centre of each route's score (``sizes[i]`` is its width and height, ``None`` for no
    score), kept clear of the ``obstacles`` (boxes, names), the other routes and each other.

    Scores are placed in the routes' order; a route that is ``None`` gets none.
    """
    grid = _Grid()
    lines = [polyline(route) if route else [] for route in routes]
    for owner, line in enumerate(lines):
        for segment in zip(line, line[1:]):
            grid.add_segment(owner, segment)
    for rect in obstacles:
        grid.add_rect(rect)
    places: List[Optional[Point]] = []
    for owner, (line, size) in enumerate(zip(lines, sizes)):
        spots = _spots(line, size) if size and line else []
        if not spots:
            places.append(None)
            continue
        best = _best(grid, spots, owner)
        x0, y0, x1, y1 = best
        grid.add_rect(best)
        places.append(((x0 + x1) / 2, (y0 + y1) / 2))
    return places


def _best(grid: _Grid, spots: Sequence[Tuple[Rect, bool]], owner: int) -> Rect:
    """The best of ``spots`` (see :func:`_rank`): the first that touches nothing and has
    nothing else within :data:`WELL_CLEAR` ends the search, as none can beat it."""
    best: Optional[Tuple[Tuple[int, int, int, int], Rect]] = None
    for index, spot in enumerate(spots):
        rank = _rank(grid, spot, owner, index)
        if best is None or rank < best[0]:
            best = (rank, spot[0])
            if rank[:2] == (0, 0):
                break
    assert best is not None
    return best[1]


def _rank(grid: _Grid, spot: Tuple[Rect, bool], owner: int, index: int) -> Tuple[int, int, int, int]:
    """Which spot is best: touching least; then, in this order, beside its line with nothing
    else within :data:`WELL_CLEAR`, on its line with nothing else within :data:`CLEARANCE`
    (a score just beside another line reads as that line's; one on its own line cannot),
    beside it with nothing within :data:`CLEARANCE`; then nearest the supplier."""
    rect, on_line = spot
    touched, near, around = grid.cost(rect, owner, on_line)
    if not on_line and not around:
        tier = 0
    elif not near:
        tier = 1 if on_line else 2
    else:
        tier = 3
    return touched, tier, near, index
