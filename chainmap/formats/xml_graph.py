"""GraphML (yEd, Cytoscape, igraph, networkx) and GEXF 1.2 (Gephi), with typed attributes.

Both are written as text, in a fixed order, so the same organisation gives the same
bytes. Attributes are declared with their types (``int``, ``double``, ``boolean``,
``string``) so that Gephi can size nodes by members or colour links by satisfaction
without conversion; an unknown value is simply absent. Node labels are the teams'
names; ids stay chainmap's ids, so a file can be joined back to the declarations.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List
from xml.sax.saxutils import escape, quoteattr

from ..analysis import Analysis
from ..render.style import ERROR, LINE, WARNING
from .attributes import LINK_TYPES, NODE_TYPES, link_records, node_records

__all__ = ["graphml_text", "gexf_text"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GRAPHML_TYPES = {"string": "string", "int": "int", "double": "double", "boolean": "boolean"}
_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}


def _text(value: Any) -> str:
    """A value as XML text: booleans as true/false, characters XML forbids removed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _attr(value: Any) -> str:
    return quoteattr(_text(value))


def graphml_text(analysis: Analysis) -> str:
    """The analysed organisation as GraphML: keys ``n_<name>`` for nodes, ``e_<name>`` for edges."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    lines.append('  <key id="g_name" for="graph" attr.name="name" attr.type="string"/>')
    lines += [f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{_GRAPHML_TYPES[kind]}"/>'
              for name, kind in NODE_TYPES.items()]
    lines += [f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{_GRAPHML_TYPES[kind]}"/>'
              for name, kind in LINK_TYPES.items()]
    lines.append('  <graph id="G" edgedefault="directed">')
    lines.append(f'    <data key="g_name">{escape(_text(analysis.org.name))}</data>')
    for node in node_records(analysis):
        lines.append(f"    <node id={_attr(node.id)}>")
        lines += _graphml_data("n", node.attributes)
        lines.append("    </node>")
    for number, link in enumerate(link_records(analysis)):
        lines.append(f'    <edge id="e{number}" source={_attr(link.supplier)} target={_attr(link.client)}>')
        lines += _graphml_data("e", link.attributes)
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _graphml_data(prefix: str, attributes: Dict[str, Any]) -> List[str]:
    return [f'      <data key="{prefix}_{name}">{escape(_text(value))}</data>'
            for name, value in attributes.items() if value is not None]


def gexf_text(analysis: Analysis) -> str:
    """The analysed organisation as GEXF 1.2 (Gephi's format), links coloured as in diagrams."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">',
             f"  <meta><creator>chainmap</creator><description>{escape(_text(analysis.org.name))}</description></meta>",
             '  <graph defaultedgetype="directed" mode="static">']
    lines += _gexf_attributes("node", NODE_TYPES) + _gexf_attributes("edge", LINK_TYPES)
    lines.append("    <nodes>")
    for node in node_records(analysis):
        lines.append(f"      <node id={_attr(node.id)} label={_attr(node.attributes['name'])}>")
        lines += _gexf_values(NODE_TYPES, node.attributes)
        lines.append("      </node>")
    lines += ["    </nodes>", "    <edges>"]
    for number, link in enumerate(link_records(analysis)):
        colour = _rgb(_link_colour(link.attributes))
        lines.append(f'      <edge id="{number}" source={_attr(link.supplier)} target={_attr(link.client)}>')
        lines += _gexf_values(LINK_TYPES, link.attributes)
        lines.append(f'        <viz:color r="{colour[0]}" g="{colour[1]}" b="{colour[2]}"/>')
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(lines) + "\n"


def _gexf_attributes(kind: str, types: Dict[str, str]) -> List[str]:
    lines = [f'    <attributes class="{kind}">']
    lines += [f'      <attribute id="{kind[0]}_{name}" title="{name}" type="{_GEXF_TYPES[value]}"/>'
              for name, value in types.items() if not (kind == "node" and name == "name")]
    return lines + ["    </attributes>"]


def _gexf_values(types: Dict[str, str], attributes: Dict[str, Any]) -> List[str]:
    prefix = "n" if types is NODE_TYPES else "e"
    values = [f'          <attvalue for="{prefix}_{name}" value={_attr(attributes[name])}/>'
              for name in types if attributes.get(name) is not None and not (prefix == "n" and name == "name")]
    return ["        <attvalues>", *values, "        </attvalues>"] if values else []


def _link_colour(attributes: Dict[str, Any]) -> str:
    if attributes.get("severity") == "error":
        return ERROR
    if attributes.get("weak"):
        return WARNING
    return LINE


def _rgb(colour: str) -> tuple:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
