"""What a diagram says, read back from its DOT with pydot: the legend's rows, each explanation
with the line sample drawn beside it, and the lines that no row explains."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

import pydot

__all__ = ["LegendRow", "legend_of", "line_look", "parse_dot", "unexplained_lines", "all_edges"]


@dataclass(frozen=True)
class LegendRow:
    """One row: the sample cell's text (typed characters, if any) and its drawn line, if any."""

    typed: str
    line: Optional[Dict[str, str]]  # the attributes of the cell whose border is the line


def legend_of(dot: str) -> Dict[str, LegendRow]:
    """Explanation → its row, for the node named ``legend`` in ``dot``."""
    graph = parse_dot(dot)
    label = str(graph.get_node("legend")[0].get("label"))
    table = ElementTree.fromstring(label[1:-1])  # <…> around the HTML-like label
    rows = {}
    for row in table.findall("TR")[1:]:  # the first row is the title
        sample, words = row.findall("TD")
        line = sample.find(".//TD[@SIDES='B']")
        rows["".join(words.itertext()).strip()] = LegendRow("".join(sample.itertext()).strip(),
                                                            dict(line.attrib) if line is not None else None)
    return rows


def line_look(attributes: Dict[str, str], default_colour: str) -> Tuple[str, str]:
    """(colour, pattern) of a line: a DOT edge's attributes, or a legend sample's cell."""
    colour = (attributes.get("color") or attributes.get("COLOR") or default_colour).strip('"')
    pattern = (attributes.get("style") or attributes.get("STYLE") or "solid").strip('"')
    return colour, pattern


def unexplained_lines(dot: str, default_colour: str) -> Set[Tuple[str, str]]:
    """The (colour, pattern) of every edge drawn that no line sample of the legend shows
    (an invisible edge, which only holds columns in order, is not drawn)."""
    graph = parse_dot(dot)
    drawn = {line_look(edge.get_attributes(), default_colour) for edge in all_edges(graph)} - {(default_colour, "invis")}
    explained = {line_look(row.line, default_colour) for row in legend_of(dot).values() if row.line is not None}
    return drawn - explained


def all_edges(graph: pydot.Graph) -> List[pydot.Edge]:
    """Edge statements, in clusters too."""
    found = list(graph.get_edges())
    for sub in graph.get_subgraphs():
        found += all_edges(sub)
    return found


def parse_dot(dot: str) -> pydot.Dot:
    """pydot's reading of the DOT (its pyparsing grammar warns of deprecations: not ours)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pydot.graph_from_dot_data(dot)[0]
