"""What a diagram's legend says: its rows read back from the DOT (as pydot reads it), each
explanation with the line sample drawn beside it."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Dict, Optional

import pydot

__all__ = ["LegendRow", "legend_of"]


@dataclass(frozen=True)
class LegendRow:
    """One row: the sample cell's text (typed characters, if any) and its drawn line, if any."""

    typed: str
    line: Optional[Dict[str, str]]  # the attributes of the cell whose border is the line


def legend_of(dot: str) -> Dict[str, LegendRow]:
    """Explanation → its row, for the node named ``legend`` in ``dot``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = pydot.graph_from_dot_data(dot)[0]
    label = str(graph.get_node("legend")[0].get("label"))
    table = ElementTree.fromstring(label[1:-1])  # <…> around the HTML-like label
    rows = {}
    for row in table.findall("TR")[1:]:  # the first row is the title
        sample, words = row.findall("TD")
        line = sample.find(".//TD[@SIDES='B']")
        rows["".join(words.itertext()).strip()] = LegendRow("".join(sample.itertext()).strip(),
                                                            dict(line.attrib) if line is not None else None)
    return rows
