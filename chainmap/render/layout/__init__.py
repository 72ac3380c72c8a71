"""chainmap's own layout: columns by distance to the end clients, links crossing as little as can be.

Graphviz's ``dot`` chooses its ranks to shorten links, not to show how far each team stands
from the client, and its department boxes (clusters) force long detours: on the example
they tripled the crossings. This layout follows the service blueprint that
customer-experience teams know: the end clients in the rightmost column, the frontline next
to them, the teams behind it further left (:mod:`.ranking`, :mod:`.layers`); teams with no
chain in a marked zone at the bottom; boxes ordered to cross as few links as possible
(:mod:`.order`); neighbouring boxes of one department on a tinted background with its name
(:mod:`.coords`); links routed between the boxes (:mod:`.routes`). Graphviz still draws
everything (``neato -n2``, given these positions), so the SVG, PNG and PDF are Graphviz's,
shaped as before.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from .coords import (
    RANK_GAP,
    RUN_LABEL_SIZE,
    RUN_PAD,
    ZONE_LABEL,
    Geometry,
    narrowest_gap,
    place_items,
    room_along,
    stretch_across,
    stretch_along,
)
from .detours import stretch_heights
from .layers import ZONE, LayeredGraph
from .model import Arc, Band, Box, Header, Placement, Point, Route
from .routes import Turns, plan_turns, route_arcs
from .search import EXTRA_COLUMNS, POSTER_EXTRA_COLUMNS, layout_graph

__all__ = ["Arc", "Band", "Box", "Header", "Placement", "Route", "place", "LEGEND", "RUN_LABEL_SIZE"]

LEGEND = "legend"  # the id of the legend's box: it stands under the drawing
LEGEND_GAP = 14.0
HEADER_GAP = 6.0  # between the column headings and the drawing
MARGIN = 4.0
MIN_COMPACT_GAP = RANK_GAP * 5 / 6  # a poster's gaps between columns narrowed for the turns: no narrower


def place(boxes: Sequence[Box], arcs: Sequence[Arc], header_height: float = 0.0,
          aspect: Optional[float] = None, compact: bool = False) -> Placement:
    """Where to draw ``boxes`` and ``arcs``.

    ``header_height`` is the room kept above the drawing for the column headings. A box
    with the id :data:`LEGEND` stands under the drawing, at its right (under the end
    clients), where no link goes: in the end clients' column it pushed them to one end and
    their links crossed the others to reach them.
    ``aspect`` (height / width) spreads the drawing to those proportions (a poster's sheet);
    ``compact`` keeps it narrow (see :func:`.search.layout_graph`), its links turning round
    columns within the width it has without them (a poster's drawings: see :func:`_within`).
    """
    legend = next((box for box in boxes if box.id == LEGEND), None)
    laid = [box for box in boxes if box.id != LEGEND]
    arrows = [arc.arrow for arc in arcs]
    graph, crossings = layout_graph(laid, arcs, POSTER_EXTRA_COLUMNS if compact else EXTRA_COLUMNS, not compact)
    top = MARGIN + (header_height + HEADER_GAP if header_height else 0.0)
    geometry = place_items(graph, top, MARGIN + RUN_PAD)
    turns = plan_turns(graph, geometry, arrows)
    if aspect:
        stretch_heights(turns.chosen, geometry.top, stretch_across(geometry, aspect))
    room = room_along(geometry, aspect)
    if compact:
        turns = _within(turns, geometry, room)
        room -= turns.width
    stretch_along(graph, geometry, room)
    routes, saved = route_arcs(graph, geometry, arrows, turns)
    crossings -= saved
    legend_at = _legend_below(geometry, legend) if legend else None
    flip = geometry.bottom + MARGIN
    placement = Placement(crossings=crossings)
    for index, box in enumerate(laid):
        placement.centres[box.id] = (geometry.x[index], flip - geometry.y[index])
    if legend and legend_at:
        placement.centres[legend.id] = (legend_at[0], flip - legend_at[1])
    placement.routes = [_flipped(route, flip) if route else None for route in routes]
    placement.bands = _runs(graph, geometry, flip) + _zone(graph, geometry, flip)
    placement.headers = _headers(graph, geometry, top - HEADER_GAP, header_height, flip)
    placement.visibility = _visibility(graph, geometry, flip)
    return placement


def _within(turns: Turns, geometry: Geometry, room: float) -> Turns:
    """A compact drawing's turns (a poster's), if they fit in the width it has without them.

    Its width sets the poster's scale and number of sheets: turns that widened it would print
    the names smaller (or, spread to its sheet, leave blank bands). So their room is taken
    from the gaps between the columns: first from the ``room`` its spread to the sheet's
    proportions gives them, then from every gap alike, each kept at least
    :data:`MIN_COMPACT_GAP` wide; when that is not enough, nothing turns."""
    columns = len(geometry.layer_left)
    if not turns.chosen or turns.width <= room:
        return turns
    narrower = (turns.width - room) / max(columns - 1, 1)
    if narrowest_gap(geometry) - narrower < MIN_COMPACT_GAP:
        return Turns()
    return turns


def _legend_below(geometry: Geometry, legend: Box) -> Point:
    """The legend's centre: under everything, its right edge on the drawing's (it grows the
    drawing's height, not its width)."""
    right = max(geometry.layer_right, default=MARGIN + legend.width)
    x = max(right - legend.width / 2, MARGIN + legend.width / 2)
    y = geometry.bottom + LEGEND_GAP + legend.height / 2
    geometry.bottom = y + legend.height / 2
    return x, y


def _flipped(route: Route, flip: float) -> Route:
    points = tuple((x, flip - y) for x, y in route.points)
    tip: Optional[Point] = (route.tip[0], flip - route.tip[1]) if route.tip else None
    return Route(points, tip)


def _runs(graph: LayeredGraph, geometry: Geometry, flip: float) -> List[Band]:
    """Each run of one department's boxes: its tinted rectangle, and its name on top."""
    bands = []
    for run in geometry.runs:
        half = (geometry.layer_right[run.layer] - geometry.layer_left[run.layer]) / 2 + RUN_PAD
        centre = (geometry.layer_left[run.layer] + geometry.layer_right[run.layer]) / 2
        top = geometry.y[run.first] - graph.across[run.first] / 2 - RUN_PAD - run.label_height
        bottom = geometry.y[run.last] + graph.across[run.last] / 2 + RUN_PAD
        label = (centre, flip - (top + run.label_height / 2 + 2))
        bands.append(Band(graph.groups[run.group], (centre - half, flip - bottom, centre + half, flip - top), label,
                          lines=tuple(run.lines)))
    return bands


def _zone(graph: LayeredGraph, geometry: Geometry, flip: float) -> List[Band]:
    """The zone of teams with no chain, under the main area, across the team columns."""
    if ZONE not in geometry.bands:
        return []
    teams = [i for i, rank in enumerate(graph.rank_of_layer) if rank > 0]
    top, bottom = geometry.bands[ZONE]
    right = geometry.layer_right[teams[-1]] + 2 * RUN_PAD
    left = MARGIN
    return [Band("", (left, flip - bottom, right, flip - top), (left, flip - (top + ZONE_LABEL / 2)), zone=True)]


def _rank_extents(graph: LayeredGraph, geometry: Geometry) -> Dict[int, Tuple[float, float]]:
    """The left and right of the end clients' column (0, without the legend), the frontline's
    (1) and the columns behind it (2)."""
    extents: Dict[int, Tuple[float, float]] = {}
    for index, rank in enumerate(graph.rank_of_layer):
        kind = min(rank, 2)
        left, right = geometry.layer_left[index], geometry.layer_right[index]
        if rank == 0:
            right = left + max((graph.along[i] for i in graph.layers[index] if i != graph.legend), default=0.0)
        if kind in extents:
            left, right = min(left, extents[kind][0]), max(right, extents[kind][1])
        extents[kind] = (left, right)
    return extents


def _headers(graph: LayeredGraph, geometry: Geometry, bottom: float, height: float, flip: float) -> List[Header]:
    """Headings over the end clients, the frontline, and the columns behind it."""
    if not height:
        return []
    kinds = {0: "end", 1: "frontline", 2: "behind"}
    return [Header(kinds[kind], (left, flip - bottom, right, flip - bottom + height))
            for kind, (left, right) in sorted(_rank_extents(graph, geometry).items(), reverse=True)]


def _visibility(graph: LayeredGraph, geometry: Geometry, flip: float) -> Optional[Tuple[float, float, float]]:
    """The line between the frontline's column and those behind it (the service blueprint's
    line of visibility): x, and its two ends."""
    extents = _rank_extents(graph, geometry)
    if 1 not in extents or 2 not in extents:
        return None
    x = (extents[2][1] + extents[1][0]) / 2
    bottom = max(band_bottom for _top, band_bottom in geometry.bands.values())
    return x, flip - bottom, flip - geometry.top
