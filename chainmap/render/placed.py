"""DOT with every position written in: chainmap's layout, drawn by Graphviz as it is.

The DOT writer describes each box and link (:class:`Node`, :class:`Edge`: their Graphviz
attributes, department and distance to the end clients); this module sizes the boxes,
asks :mod:`chainmap.render.layout` where they go, and writes the DOT with ``pos`` on every
node and link, the departments as bands (Graphviz clusters with a fixed ``bb``), headings
over the columns and the line of visibility. ``layout=nop2`` tells any Graphviz program
(``dot -Tsvg`` included) to draw it as placed: the same file gives the same picture
everywhere, and the SVG keeps Graphviz's shape (one ``<g class="node">`` per box, one
``<g class="edge">`` per link).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..i18n import _, ngettext
from . import style
from .escape import html_text, quoted, wrap
from .layout import LEGEND, ZONE, Arc, Band, Box, Header, Placement, Route, place
from .layout.text import box_size, label_size

__all__ = ["Node", "Edge", "placed_body", "LANE_FONT_SIZE"]

LANE_FONT_SIZE = 14
HEADER_FONT_SIZE = 12
ZONE_FILL = "#fbf3f2"


@dataclass(frozen=True)
class Node:
    """A box as the DOT writer describes it: its Graphviz attributes and where it belongs."""

    id: str
    attributes: Dict[str, str]
    lane: Optional[str] = None
    rank: Optional[int] = None
    zone: bool = False


@dataclass(frozen=True)
class Edge:
    """A link: supplier's id, client's id, Graphviz attributes."""

    tail: str
    head: str
    attributes: Dict[str, str]


Format = Callable[[Dict[str, str]], str]


def placed_body(nodes: Sequence[Node], edges: Sequence[Edge], fmt: Format, font_size: float = 12,
                margin: Tuple[float, float] = (0.14, 0.07)) -> List[str]:
    """The DOT lines of ``nodes`` and ``edges``, placed; ``fmt`` writes an attribute list.

    ``font_size`` and ``margin`` are the graph's node defaults, which size the boxes.
    """
    boxes = [_box(node, font_size, margin) for node in nodes]
    lanes = _lane_words(nodes)
    placement = place(boxes, [_arc(edge) for edge in edges], {lane: label_size(words, LANE_FONT_SIZE)
                                                                for lane, words in lanes.items()},
                      header_height=HEADER_FONT_SIZE * 1.2 + 6)
    sizes = {box.id: (box.width, box.height) for box in boxes}
    node_lines = {node.id: _node_line(node, placement, sizes[node.id], fmt) for node in nodes}
    lines = ["  graph [layout=nop2, splines=true];"]
    lines += _band_lines(placement.bands, lanes, nodes, node_lines)
    lines += [node_lines[node.id] for node in nodes if node.id in node_lines]
    lines += _header_lines(placement.headers)
    lines += _visibility_lines(placement)
    lines += [_edge_line(edge, route, fmt) for edge, route in zip(edges, placement.routes)]
    return lines


def _arc(edge: Edge) -> Arc:
    return Arc(edge.tail, edge.head, edge.attributes.get("arrowhead") != "none")


def _box(node: Node, font_size: float, margin: Tuple[float, float]) -> Box:
    attributes = node.attributes
    size = float(attributes.get("fontsize", font_size))
    node_margin = attributes.get("margin")
    if node_margin:
        parts = [float(part) for part in node_margin.split(",")]
        margin = (parts[0], parts[-1])
    width, height = box_size(attributes.get("label", node.id), size, margin, int(attributes.get("peripheries", "1")),
                             plain=attributes.get("shape") == "plain")
    return Box(node.id, width, height, node.lane, node.rank, node.zone)


def _lane_words(nodes: Sequence[Node]) -> Dict[str, str]:
    """The name written in each band: departments drawn as bands when any team has one."""
    lanes = {node.lane or "" for node in nodes if node.rank != 0 and not node.zone and node.id != LEGEND}
    words: Dict[str, str] = {}
    if any(lanes):
        for lane in lanes:
            text = lane or _("Teams without a department")
            words[lane] = "<" + "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(text, 18)) + ">"
    if any(node.zone for node in nodes):
        lines = [f"<B>{html_text(line)}</B>" for line in wrap(_("No chain to an end client"), 18)]
        words[ZONE] = "<" + "<BR/>".join(lines) + ">"
    return words


def _node_line(node: Node, placement: Placement, size: Tuple[float, float], fmt: Format) -> str:
    x, y = placement.centres[node.id]
    attributes = dict(node.attributes, pos=f"{x:.2f},{y:.2f}")
    if node.attributes.get("shape") != "plain":
        attributes.update(width=f"{size[0] / 72:.4f}", height=f"{size[1] / 72:.4f}")
    return f"{node.id} [{fmt(attributes)}];"


def _band_lines(bands: Sequence[Band], words: Dict[str, str], nodes: Sequence[Node],
                node_lines: Dict[str, str]) -> List[str]:
    """One cluster per band, holding its boxes (their lines are then not written again)."""
    fills = style.department_fills(band.name for band in bands if band.name != ZONE)
    lines: List[str] = []
    for index, band in enumerate(bands):
        members = [node.id for node in nodes if node.id in node_lines and node.rank != 0 and node.id != LEGEND
                   and (ZONE if node.zone else node.lane or "") == band.name]
        x0, y0, x1, y1 = band.box
        if band.zone:
            look = f'style="dashed,filled", fillcolor="{ZONE_FILL}", color="{style.ERROR}", fontcolor="{style.ERROR}"'
        else:
            fill = fills.get(band.name, style.NO_DEPARTMENT_FILL)
            look = (f'style="filled", fillcolor="{fill}", color="{style.DEPARTMENT_BORDER}",'
                    f' fontcolor="{style.MUTED}"')
        lines.append(f"  subgraph cluster_d{index} {{")
        lines.append(f'    graph [label={words[band.name]}, bb="{x0:.2f},{y0:.2f},{x1:.2f},{y1:.2f}",'
                     f' lp="{band.label_at[0]:.2f},{band.label_at[1]:.2f}", fontsize={LANE_FONT_SIZE}, {look}];')
        lines += [f"    {node_lines.pop(member)}" for member in members]
        lines.append("  }")
    return lines


def _header_words(rank: int) -> str:
    if rank == 0:
        return _("End clients")
    if rank == 1:
        return _("Frontline: serve the end clients")
    return ngettext("{n} link from the end clients", "{n} links from the end clients", rank).format(n=rank)


def _header_lines(headers: Sequence[Header]) -> List[str]:
    """Headings over the columns: clusters with a label and no border (no box to measure)."""
    lines = []
    for header in headers:
        x0, y0, x1, y1 = header.box
        label = f'<<B>{html_text(_header_words(header.rank))}</B>>'
        lines.append(f'  subgraph cluster_h{header.rank} {{ graph [label={label}, bb="{x0:.2f},{y0:.2f},{x1:.2f},{y1:.2f}",'
                     f' lp="{(x0 + x1) / 2:.2f},{(y0 + y1) / 2:.2f}", fontsize={HEADER_FONT_SIZE},'
                     f' fontcolor="{style.MUTED}", color="transparent", style=""]; }}')
    return lines


def _visibility_lines(placement: Placement) -> List[str]:
    if placement.visibility is None:
        return []
    x, y0, y1 = placement.visibility
    return [f'  subgraph cluster_visibility {{ graph [label="", bb="{x:.2f},{y0:.2f},{x:.2f},{y1:.2f}",'
            f' style="dashed", color="{style.MUTED}", penwidth=1]; }}']


def _edge_line(edge: Edge, route: Optional[Route], fmt: Format) -> str:
    attributes = dict(edge.attributes)
    if route is not None:
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in route.points)
        attributes["pos"] = (f"e,{route.tip[0]:.2f},{route.tip[1]:.2f} " if route.tip else "") + points
    return f"{edge.tail} -> {edge.head} [{fmt(attributes)}];"
