"""chainmap's own layout: columns by distance to the end clients, lanes by department.

Graphviz's ``dot`` chooses its ranks to shorten links, not to show how far each team stands
from the client, and its department boxes (clusters) force long detours: on the example
they tripled the crossings. This layout follows the service blueprint that
customer-experience teams know: the end clients in the rightmost column, then the
frontline, then each step further back (:mod:`.layers`), one horizontal band per department
(:mod:`.coords`), teams with no chain in a marked zone at the bottom, boxes ordered to cross
as few links as possible (:mod:`.order`) and links routed between the boxes (:mod:`.routes`).
Graphviz still draws everything (``neato -n2``, given these positions), so the SVG, PNG and
PDF are Graphviz's, shaped as before.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from .coords import Geometry, place_items
from .layers import ZONE, LayeredGraph, layered_graph
from .model import Arc, Band, Box, Header, Placement, Point, Route
from .order import order_layers
from .routes import route_arcs

__all__ = ["Arc", "Band", "Box", "Header", "Placement", "Route", "place", "ZONE", "LEGEND"]

LEGEND = "legend"  # the id of the legend's box: it stands at the top of the end clients' column
LABEL_PAD = 10.0  # around a lane's name, in the margin left of the first column
HEADER_GAP = 6.0  # between the column headings and the first band
MARGIN = 4.0


def place(boxes: Sequence[Box], arcs: Sequence[Arc], lane_labels: Dict[str, Tuple[float, float]],
          header_height: float = 0.0) -> Placement:
    """Where to draw ``boxes`` and ``arcs``.

    ``lane_labels`` gives the size of each lane's name (departments, ``""`` for teams
    without one, :data:`ZONE` for the zone of teams with no chain): they are written in a
    margin left of the first column, where no link goes. ``header_height`` is the room
    kept above the bands for the column headings. A box with the id :data:`LEGEND` is
    placed at the top of the end clients' column.
    """
    graph = layered_graph(boxes, arcs)
    crossings, lane_rank = order_layers(graph)
    _legend_first(graph, boxes)
    drawn = [name for name in graph.lane_names if name in lane_labels]
    margin = max((lane_labels[name][0] for name in drawn), default=0.0)
    left = MARGIN + (margin + 2 * LABEL_PAD if drawn else 0.0)
    top = MARGIN + (header_height + HEADER_GAP if header_height else 0.0)
    geometry = place_items(graph, lane_rank, top, left)
    routes = route_arcs(graph, geometry, [arc.arrow for arc in arcs])
    flip = geometry.bottom + MARGIN
    placement = Placement(crossings=crossings)
    for index, box in enumerate(boxes):
        placement.centres[box.id] = (geometry.x[index], flip - geometry.y[index])
    placement.routes = [_flipped(route, flip) if route else None for route in routes]
    placement.bands = _bands(graph, geometry, lane_rank, lane_labels, flip)
    placement.headers = _headers(graph, geometry, top - HEADER_GAP, header_height, flip)
    placement.visibility = _visibility(graph, geometry, flip)
    return placement


def _legend_first(graph: LayeredGraph, boxes: Sequence[Box]) -> None:
    for index, box in enumerate(boxes):
        if box.id == LEGEND:
            layer = graph.layers[graph.layer[index]]
            layer.remove(index)
            layer.insert(0, index)


def _flipped(route: Route, flip: float) -> Route:
    points = tuple((x, flip - y) for x, y in route.points)
    tip: Optional[Point] = (route.tip[0], flip - route.tip[1]) if route.tip else None
    return Route(points, tip)


def _bands(graph: LayeredGraph, geometry: Geometry, lane_rank: Sequence[int],
           lane_labels: Dict[str, Tuple[float, float]], flip: float) -> List[Band]:
    """The bands to draw, top to bottom, each with its name's place in the left margin."""
    teams = [i for i, rank in enumerate(graph.rank_of_layer) if rank > 0]
    if not teams:
        return []
    right = geometry.layer_right[teams[-1]] + LABEL_PAD
    by_rank = sorted(range(len(lane_rank)), key=lane_rank.__getitem__)
    bands = []
    for lane in by_rank:
        name = graph.lane_names[lane]
        if name not in lane_labels:
            continue
        top, bottom = geometry.bands[lane_rank[lane]]
        width, height = lane_labels[name]
        label = (MARGIN + LABEL_PAD + width / 2, flip - (top + LABEL_PAD + height / 2))
        bands.append(Band(name, (MARGIN, flip - bottom, right, flip - top), label, name == ZONE))
    return bands


def _rank_extents(graph: LayeredGraph, geometry: Geometry) -> Dict[int, Tuple[float, float]]:
    extents: Dict[int, Tuple[float, float]] = {}
    for index, rank in enumerate(graph.rank_of_layer):
        left, right = geometry.layer_left[index], geometry.layer_right[index]
        if rank in extents:
            left, right = min(left, extents[rank][0]), max(right, extents[rank][1])
        extents[rank] = (left, right)
    return extents


def _headers(graph: LayeredGraph, geometry: Geometry, bottom: float, height: float, flip: float) -> List[Header]:
    """A heading over each distance's columns (the end clients' included)."""
    if not height:
        return []
    return [Header(rank, (left, flip - bottom, right, flip - bottom + height))
            for rank, (left, right) in sorted(_rank_extents(graph, geometry).items(), reverse=True)]


def _visibility(graph: LayeredGraph, geometry: Geometry, flip: float) -> Optional[Tuple[float, float, float]]:
    """The line between the frontline's column and those behind it (the service blueprint's
    line of visibility): x, and its two ends."""
    extents = _rank_extents(graph, geometry)
    if 1 not in extents or 2 not in extents:
        return None
    x = (extents[2][1] + extents[1][0]) / 2
    return x, flip - geometry.bottom, flip - geometry.top
