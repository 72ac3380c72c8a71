"""Graphviz's SVG made safe and ready to inline in the HTML report.

Graphviz escapes labels, but the report must not depend on that: the SVG is parsed and
rebuilt from an allow-list of elements and attributes, so no declaration content can
bring a ``<script>``, an event handler (``onload=``…) or a link (``href="javascript:"``)
into the page, whatever Graphviz writes. Serialising through ElementTree escapes every
text and attribute again.

On the way, each node's and link's tooltip (Graphviz's ``xlink:title``) becomes its
``<title>``, which browsers show on hover, and each link's group gets ``data-s`` and
``data-c`` (the synthetic ids of its supplier and client) for the report's script; the
legend's group gets the id ``cm-legend``, so the script can keep it readable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

__all__ = ["inline_svg", "SVG_NS", "XLINK_NS"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XLINK_TITLE = f"{{{XLINK_NS}}}title"

ALLOWED_ELEMENTS = frozenset({"svg", "g", "a", "title", "path", "polygon", "polyline", "ellipse", "text"})
ALLOWED_ATTRIBUTES = frozenset({
    "id", "class", "viewBox", "width", "height", "transform", "fill", "fill-opacity", "stroke",
    "stroke-width", "stroke-dasharray", "stroke-opacity", "d", "points", "cx", "cy", "rx", "ry", "x", "y",
    "text-anchor", "font-family", "font-size", "font-weight", "font-style", "text-decoration",
    "baseline-shift", "data-s", "data-c",
})


def inline_svg(svg: bytes) -> str:
    """The SVG drawn by Graphviz, sanitised, without XML prolog, DOCTYPE or comments.

    >>> inline_svg(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()">'
    ...            b'<script>alert(1)</script><text x="1">a &lt;b&gt;</text></svg>')
    '<svg xmlns="http://www.w3.org/2000/svg"><text x="1">a &lt;b&gt;</text></svg>'
    """
    parser = ET.XMLParser()
    root = ET.fromstring(svg, parser=parser)
    _clean(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return text.replace(f' xmlns:xlink="{XLINK_NS}"', "")


def _local(tag: str) -> Optional[str]:
    """The SVG element name of a tag, or ``None`` for anything outside the SVG namespace."""
    if not isinstance(tag, str):
        return None
    if tag.startswith(f"{{{SVG_NS}}}"):
        return tag[len(SVG_NS) + 2:]
    return None


def _clean(element: ET.Element) -> None:
    """Keep allowed elements and attributes only; move tooltips into titles; tag links."""
    _tooltip_to_title(element)
    _drop_layout_whitespace(element)
    for name in list(element.attrib):
        if name not in ALLOWED_ATTRIBUTES:
            del element.attrib[name]
    for child in list(element):
        if _local(child.tag) in ALLOWED_ELEMENTS:
            _clean(child)
        else:
            element.remove(child)


def _drop_layout_whitespace(element: ET.Element) -> None:
    """Graphviz's line breaks between elements only cost bytes (a third of a large page)."""
    if element.tail is not None and not element.tail.strip():
        element.tail = None
    if _local(element.tag) != "text" and element.text is not None and not element.text.strip():
        element.text = None


def _tooltip_to_title(group: ET.Element) -> None:
    """In a node or link group, replace the synthetic ``<title>`` by the human tooltip."""
    kind = group.get("class")
    if _local(group.tag) != "g" or kind not in ("node", "edge", "cluster", "graph"):
        return
    title = group.find(f"{{{SVG_NS}}}title")
    if title is None:
        return
    if kind == "edge" and title.text and "->" in title.text:
        supplier, client = title.text.split("->", 1)
        group.set("data-s", supplier)
        group.set("data-c", client)
    if kind == "node" and title.text == "legend":
        group.set("id", "cm-legend")
    anchor = group.find(f".//{{{SVG_NS}}}a")
    tooltip = anchor.get(_XLINK_TITLE) if anchor is not None else None
    if tooltip:
        title.text = tooltip
    else:
        group.remove(title)
