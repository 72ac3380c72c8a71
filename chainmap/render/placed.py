"""DOT with every position written in: chainmap's layout, drawn by Graphviz as it is.

The DOT writer describes each box and link (:class:`Node`, :class:`Edge`: their Graphviz
attributes, department and distance to the end clients); this module sizes the boxes,
asks :mod:`chainmap.render.layout` where they go, and writes the DOT with ``pos`` on every
node and link, the runs of each department and the zone of teams with no chain as
clusters with a fixed ``bb``, headings over the columns and the line of visibility.
``layout=nop2`` tells any Graphviz program (``dot -Tsvg`` included) to draw it as placed:
the same file gives the same picture everywhere, and the SVG keeps Graphviz's shape (one
``<g class="node">`` per box, one ``<g class="edge">`` per link; bands and headings are
``<g class="cluster">``, which no metric takes for a box).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from ..i18n import _
from . import style
from .escape import html_text
from .layout import RUN_LABEL_SIZE, Arc, Band, Box, Header, Placement, Point, Route, place
from .layout.labels import Rect, score_places
from .layout.text import LINE_HEIGHT, box_size, label_size, text_width

__all__ = ["Node", "Edge", "placed_body"]

ZONE_FONT_SIZE = 12
HEADER_FONT_SIZE = 12
ZONE_FILL = "#fbf3f2"


@dataclass(frozen=True)
class Node:
    """A box as the DOT writer describes it: its Graphviz attributes and where it belongs.

    ``rank``: its distance to the end clients (0 for an end client, ``None`` when it has
    none); ``zone``: a team with no chain.
    """

    id: str
    attributes: Dict[str, str]
    department: Optional[str] = None
    rank: Optional[int] = None
    zone: bool = False


@dataclass(frozen=True)
class Edge:
    """A link: supplier's id, client's id, Graphviz attributes."""

    tail: str
    head: str
    attributes: Dict[str, str]


Format = Callable[[Dict[str, str]], str]


def placed_body(nodes: Sequence[Node], edges: Sequence[Edge], fmt: Format, fills: Mapping[str, str],
                aspect: Optional[float] = None, font_size: float = 12,
                margin: Tuple[float, float] = (0.14, 0.07), compact: bool = False) -> List[str]:
    """The DOT lines of ``nodes`` and ``edges``, placed; ``fmt`` writes an attribute list.

    ``fills`` gives each department its tint (the organisation's, so that a department has
    one colour in every view); ``aspect`` (height / width) spreads the drawing to those
    proportions; ``font_size`` and ``margin`` are the graph's node defaults, which size the
    boxes.
    """
    boxes = [_box(node, font_size, margin) for node in nodes]
    placement = place(boxes, [_arc(edge) for edge in edges], HEADER_FONT_SIZE * 1.2 + 6, aspect, compact)
    sizes = {box.id: (box.width, box.height) for box in boxes}
    node_lines = {node.id: _node_line(node, placement, sizes[node.id], fmt) for node in nodes}
    lines = ["  graph [layout=nop2, splines=true];"]
    lines += _zone_lines(placement.bands)
    lines += _run_lines(placement, nodes, node_lines, fills)
    lines += [f"  {node_lines[node.id]}" for node in nodes if node.id in node_lines]
    lines += _header_lines(placement.headers)
    lines += _visibility_lines(placement)
    scores = _score_places(edges, placement, sizes)
    lines += [_edge_line(edge, route, score, fmt) for edge, route, score in zip(edges, placement.routes, scores)]
    return lines


def _score_places(edges: Sequence[Edge], placement: Placement,
                  sizes: Mapping[str, Tuple[float, float]]) -> List[Optional[Point]]:
    """Where each link's score (its ``taillabel``) goes, clear of the boxes, the departments'
    names and the other links (see :mod:`chainmap.render.layout.labels`)."""
    labels = [edge.attributes.get("taillabel") for edge in edges]
    if not any(labels):
        return [None] * len(edges)
    label_sizes = [label_size(label, float(edge.attributes.get("fontsize", style.LINK_FONT_SIZE))) if label else None
                   for edge, label in zip(edges, labels)]
    boxes: List[Rect] = [(x - sizes[id_][0] / 2, y - sizes[id_][1] / 2, x + sizes[id_][0] / 2, y + sizes[id_][1] / 2)
                         for id_, (x, y) in placement.centres.items() if id_ in sizes]
    return score_places(placement.routes, label_sizes, boxes + _name_rects(placement.bands))


def _name_rects(bands: Sequence[Band]) -> List[Rect]:
    """Where the departments' names and the zone's name are written."""
    rects = []
    for band in bands:
        if band.zone:
            width, height = text_width(_("No chain to an end client"), ZONE_FONT_SIZE, True), float(ZONE_FONT_SIZE)
            left = band.box[0] + 8
        else:
            width = max((text_width(line, RUN_LABEL_SIZE) for line in band.lines), default=0.0)
            height, left = RUN_LABEL_SIZE * LINE_HEIGHT * len(band.lines), band.label_at[0] - width / 2
        y = band.label_at[1]
        rects.append((left, y - height / 2, left + width, y + height / 2))
    return rects


def _arc(edge: Edge) -> Arc:
    return Arc(edge.tail, edge.head, edge.attributes.get("arrowhead") != "none")


def _box(node: Node, font_size: float, margin: Tuple[float, float]) -> Box:
    """The box's size as Graphviz will draw it (see :mod:`chainmap.render.layout.text`)."""
    attributes = node.attributes
    size = float(attributes.get("fontsize", font_size))
    if attributes.get("margin"):
        parts = [float(part) for part in attributes["margin"].split(",")]
        margin = (parts[0], parts[-1])
    width, height = box_size(attributes.get("label", node.id), size, margin, int(attributes.get("peripheries", "1")),
                             plain=attributes.get("shape") == "plain")
    return Box(node.id, width, height, node.department or None, node.rank, node.zone)


def _node_line(node: Node, placement: Placement, size: Tuple[float, float], fmt: Format) -> str:
    """A node with its place and the size it was placed with (Graphviz then draws that size)."""
    x, y = placement.centres[node.id]
    attributes = dict(node.attributes, pos=f"{x:.2f},{y:.2f}")
    if node.attributes.get("shape") != "plain":
        extra = 8.0 * (int(node.attributes.get("peripheries", "1")) - 1)  # Graphviz adds the outer lines
        attributes.update(width=f"{(size[0] - extra) / 72:.4f}", height=f"{(size[1] - extra) / 72:.4f}")
    return f"{node.id} [{fmt(attributes)}];"


def _bb(box: Tuple[float, float, float, float]) -> str:
    return ",".join(f"{value:.2f}" for value in box)


def _zone_lines(bands: Sequence[Band]) -> List[str]:
    """The zone of teams with no chain: a dashed red band named at its top left (drawn first,
    under the runs of departments inside it)."""
    lines = []
    for band in (band for band in bands if band.zone):
        words = _("No chain to an end client")
        x = band.box[0] + 8 + text_width(words, ZONE_FONT_SIZE, True) / 2
        lines += ["  subgraph cluster_zone {",
                  f"    label=<<B>{html_text(words)}</B>>; bb=\"{_bb(band.box)}\"; lp=\"{x:.2f},{band.label_at[1]:.2f}\";",
                  f"    fontsize={ZONE_FONT_SIZE}; style=\"dashed,filled\"; fillcolor=\"{ZONE_FILL}\"; color=\"{style.ERROR}\";"
                  f" fontcolor=\"{style.ERROR}\";",
                  "  }"]
    return lines


def _run_lines(placement: Placement, nodes: Sequence[Node], node_lines: Dict[str, str],
               fills: Mapping[str, str]) -> List[str]:
    """One cluster per run of a department's boxes in a column, holding them (their lines
    are taken from ``node_lines``), tinted in the department's colour of every drawing."""
    lines: List[str] = []
    for index, band in enumerate(band for band in placement.bands if not band.zone):
        x0, y0, x1, y1 = band.box
        members = [node.id for node in nodes if node.department == band.name and node.id in node_lines
                   and x0 <= placement.centres[node.id][0] <= x1 and y0 <= placement.centres[node.id][1] <= y1]
        label = "<" + "<BR/>".join(html_text(line) for line in band.lines) + ">"
        lines += [f"  subgraph cluster_d{index} {{",
                  f"    label={label}; bb=\"{_bb(band.box)}\"; lp=\"{band.label_at[0]:.2f},{band.label_at[1]:.2f}\";",
                  f"    fontsize={RUN_LABEL_SIZE:g}; style=\"rounded,filled\"; fillcolor=\"{fills.get(band.name, style.NO_DEPARTMENT_FILL)}\";"
                  f" color=\"{style.DEPARTMENT_BORDER}\"; fontcolor=\"{style.MUTED}\";",
                  *[f"    {node_lines.pop(member)}" for member in members],
                  "  }"]
    return lines


def _header_words(kind: str) -> str:
    if kind == "end":
        return _("End clients")
    if kind == "frontline":
        return _("Frontline")
    return _("Behind the frontline")


def _header_lines(headers: Sequence[Header]) -> List[str]:
    """Headings over the columns: clusters with a label and no border (no box to measure)."""
    lines = []
    for header in headers:
        x0, y0, x1, y1 = header.box
        lines.append(f"  subgraph cluster_h{header.kind} {{ label=<<B>{html_text(_header_words(header.kind))}</B>>;"
                     f" bb=\"{_bb(header.box)}\"; lp=\"{(x0 + x1) / 2:.2f},{(y0 + y1) / 2:.2f}\"; fontsize={HEADER_FONT_SIZE};"
                     f" fontcolor=\"{style.MUTED}\"; color=\"transparent\"; }}")
    return lines


def _visibility_lines(placement: Placement) -> List[str]:
    """The service blueprint's line of visibility: a dashed line before the frontline."""
    if placement.visibility is None:
        return []
    x, y0, y1 = placement.visibility
    return [f"  subgraph cluster_visibility {{ label=\"\"; bb=\"{x:.2f},{y0:.2f},{x:.2f},{y1:.2f}\"; style=\"dashed\";"
            f" color=\"{style.MUTED}\"; }}"]


def _edge_line(edge: Edge, route: Optional[Route], score: Optional[Point], fmt: Format) -> str:
    """A link with its curve (``e,x,y`` first: where its arrowhead's tip touches the client)
    and where its score is written (``tail_lp``: Graphviz writes the label there)."""
    attributes = dict(edge.attributes)
    if score is not None:
        attributes["tail_lp"] = f"{score[0]:.2f},{score[1]:.2f}"
    if route is not None:
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in route.points)
        attributes["pos"] = (f"e,{route.tip[0]:.2f},{route.tip[1]:.2f} " if route.tip else "") + points
    return f"  {edge.tail} -> {edge.head} [{fmt(attributes)}];"
