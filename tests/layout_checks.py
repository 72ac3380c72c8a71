"""The layout's figures, read from Graphviz's SVG alone: crossings, links through a box, links
drawn against the flow, links drawn.

The same measures as ``../shared/tools/svg_layout_metrics.py`` (the one the drawings are
judged by), written again here so that the tests run without ``../shared``: each box is a
``<g class="node">``, each link a ``<g class="edge">`` whose title names its two ends; a
curve is its cubic Béziers sampled; two links cross when their sampled curves do, away from
a box they share (12 px, as the judge's tool); a link goes through a box when a point of it
lies inside a box that is neither of its ends.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

__all__ = ["Figures", "figures"]

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
SHARED_BOX_MARGIN = 12.0
SAMPLES = 12

Point = Tuple[float, float]
Rect = Tuple[float, float, float, float]


@dataclass(frozen=True)
class Figures:
    crossings: int
    through: int
    backward: int
    links: int
    boxes: int


def _points(group: ET.Element) -> List[Point]:
    found: List[Point] = []
    for shape in group.iter():
        if shape.tag in (SVG + "polygon", SVG + "path"):
            values = [float(v) for v in NUMBER.findall(shape.get("points") or shape.get("d") or "")]
            found += list(zip(values[0::2], values[1::2]))
        elif shape.tag == SVG + "ellipse":
            cx, cy, rx, ry = (float(shape.get(k, 0)) for k in ("cx", "cy", "rx", "ry"))
            found += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    return found


def _curve(d: str) -> List[Point]:
    values = [float(v) for v in NUMBER.findall(d)]
    points = list(zip(values[0::2], values[1::2]))
    curve = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        for k in range(1, SAMPLES + 1):
            t = k / SAMPLES
            curve.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * e
                               for a, b, c, e in zip(p0, p1, p2, p3)))  # type: ignore[misc]
    return curve


def _inside(point: Point, rect: Rect, pad: float) -> bool:
    return rect[0] - pad <= point[0] <= rect[2] + pad and rect[1] - pad <= point[1] <= rect[3] + pad


def _cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _crossed(first: Sequence[Point], second: Sequence[Point], near: Sequence[Rect]) -> bool:
    for a, b in zip(first, first[1:]):
        if any(_inside(a, rect, SHARED_BOX_MARGIN) for rect in near):
            continue
        if any(_cross(a, b, c, d) for c, d in zip(second, second[1:])):
            return True
    return False


def figures(svg: bytes) -> Figures:
    """The figures of one Graphviz SVG drawing."""
    root = ET.fromstring(svg)
    boxes: Dict[str, Rect] = {}
    links: List[Tuple[str, str, List[Point]]] = []
    for group in root.iter(SVG + "g"):
        kind, title = group.get("class"), group.findtext(SVG + "title") or ""
        if kind == "node":
            points = _points(group)
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                boxes[title] = (min(xs), min(ys), max(xs), max(ys))
        elif kind == "edge":
            path = next(group.iter(SVG + "path"), None)
            tail, head = title.split("->")
            if path is not None:
                links.append((tail, head, _curve(path.get("d", ""))))
    crossings = 0
    for i, (tail, head, curve) in enumerate(links):
        for other_tail, other_head, other in links[i + 1:]:
            near = [boxes[n] for n in {tail, head} & {other_tail, other_head} if n in boxes]
            crossings += _crossed(curve, other, near)
    through = sum(1 for tail, head, curve in links
                  if any(_inside(p, rect, -2) for name, rect in boxes.items() if name not in (tail, head) for p in curve[1:-1]))
    centre = {name: (rect[0] + rect[2]) / 2 for name, rect in boxes.items()}
    backward = sum(1 for tail, head, _curve_ in links if centre[head] < centre[tail] - 5)
    return Figures(crossings, through, backward, len(links), len(boxes))
