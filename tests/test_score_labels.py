"""Where a poor score is written: along its own line, clear of boxes, other lines and scores.

Left to Graphviz, the score sat up and to the right of the line's start and was often
covered by another link leaving the same side of the box; chainmap now places it
(:mod:`chainmap.render.layout.labels`) and writes where in the DOT (``tail_lp``).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from typing import List, Tuple

import pytest

import chainmap
from chainmap.render import draw, to_dot
from chainmap.render.layout import Route
from chainmap.render.layout.labels import Rect, polyline, score_places
from chainmap.render.layout.text import text_width

from .layout_checks import SVG, _curve, _points
from .test_layout import AS_OF, BOUNDS, org_path

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
SIZE = (28.0, 15.0)  # a score "5/10", about


def straight(x0: float, y0: float, x1: float, y1: float) -> Route:
    """A straight route as one cubic piece."""
    return Route(((x0, y0), (x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3), (x0 + 2 * (x1 - x0) / 3, y0 + 2 * (y1 - y0) / 3), (x1, y1)))


def rect_at(centre: Tuple[float, float], size: Tuple[float, float] = SIZE) -> Rect:
    return (centre[0] - size[0] / 2, centre[1] - size[1] / 2, centre[0] + size[0] / 2, centre[1] + size[1] / 2)


def touches(rect: Rect, route: Route) -> bool:
    return any(rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3] for x, y in polyline(route))


def test_a_score_goes_on_its_own_line_when_beside_it_another_line_is_near() -> None:
    own, other = straight(0, 0, 200, 0), straight(0, 20, 200, 20)  # 20 pt above, all along
    under = straight(0, -20, 200, -20)
    place = score_places([own, other, under], [SIZE, None, None], [])[0]
    assert place is not None and abs(place[1]) < 0.5, "on its line: beside it, it would sit 3 pt from another"


def test_a_score_goes_beside_its_line_near_the_supplier() -> None:
    [place] = score_places([straight(0, 0, 200, 0)], [SIZE], [])
    assert place is not None
    x0, y0, x1, y1 = rect_at(place)
    assert y0 > 0 and y0 < 4, "just above its own line"
    assert x0 < 20, "near the supplier's end"


def test_a_score_keeps_clear_of_another_line_leaving_beside_it() -> None:
    own, other = straight(0, 0, 200, 0), straight(0, 8, 60, 8)  # a line 8 pt above, for 60 pt
    place = score_places([own, other], [SIZE, None], [])[0]
    assert place is not None and not touches(rect_at(place), other)
    assert not touches(rect_at(place), own)


def test_a_score_keeps_off_boxes_and_names() -> None:
    box = (-5.0, 2.0, 80.0, 40.0)  # over every spot above the line, near the supplier
    place = score_places([straight(0, 0, 200, 0)], [SIZE], [box])[0]
    assert place is not None
    x0, y0, x1, y1 = rect_at(place)
    assert not (x0 < box[2] and box[0] < x1 and y0 < box[3] and box[1] < y1)


def test_two_scores_leaving_one_box_do_not_overlap() -> None:
    routes = [straight(0, 0, 200, 0), straight(0, 0, 200, -60)]
    first, second = score_places(routes, [SIZE, SIZE], [])
    assert first and second
    a, b = rect_at(first), rect_at(second)
    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_a_link_without_a_score_or_a_route_gets_no_place() -> None:
    assert score_places([straight(0, 0, 100, 0), None], [None, SIZE], []) == [None, None]


def score_boxes(svg: bytes) -> List[Tuple[str, Rect]]:
    """Each score of a drawing (its link's title, the box of its text), read from the SVG."""
    scores = []
    for group in ET.fromstring(svg).iter(SVG + "g"):
        if group.get("class") != "edge":
            continue
        for text in group.iter(SVG + "text"):
            if re.fullmatch(r"\d+(\.\d+)?/10", (text.text or "").strip()):
                x, y, size = float(text.get("x", 0)), float(text.get("y", 0)), float(text.get("font-size", 11))
                width = text_width(text.text or "", size, bold=True)
                left = x - width / 2 if text.get("text-anchor") == "middle" else x
                scores.append((group.findtext(SVG + "title") or "", (left, y - size * 0.8, left + width, y + size * 0.2)))
    return scores


def centre(rect: Rect) -> Tuple[float, float]:
    return (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2


@needs_dot
def test_graphviz_writes_each_score_where_chainmap_placed_it() -> None:
    """The white ground of each score, in the SVG, is centred where the DOT placed it
    (``tail_lp``; Graphviz 2.43 honours it with ``layout=nop2``, not ``labelangle``)."""
    analysis = chainmap.analyse(chainmap.load(org_path("clinique")), as_of=AS_OF)
    dot, svg = to_dot(analysis), ET.fromstring(draw(analysis, "svg"))
    groups = {group.findtext(SVG + "title"): group for group in svg.iter(SVG + "g")}
    node_x, node_y = (float(v) for v in re.search(r'\bt1 \[.*?pos="([^"]+)"', dot).group(1).split(","))  # type: ignore[union-attr]
    drawn_x, drawn_y = centre(bounds(_points(groups["t1"])))
    placed = re.findall(r'(t\d+) -> (t\d+) \[.*?tail_lp="([^"]+)"', dot)
    assert placed
    for tail, head, at in placed:
        ground = next(shape for shape in groups[f"{tail}->{head}"].iter(SVG + "polygon") if shape.get("fill") == "#ffffff")
        x, y = centre(bounds(_points_of(ground)))
        want_x, want_y = (float(v) for v in at.split(","))
        assert abs((x - drawn_x) - (want_x - node_x)) < 1 and abs((y - drawn_y) + (want_y - node_y)) < 1


def bounds(points: List[Tuple[float, float]]) -> Rect:
    return min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points)


def _points_of(shape: ET.Element) -> List[Tuple[float, float]]:
    values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points", ""))]
    return list(zip(values[0::2], values[1::2]))


@needs_dot
@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_no_score_is_written_over_a_box(name: str) -> None:
    svg = draw(chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF), "svg")
    boxes = []
    for group in ET.fromstring(svg).iter(SVG + "g"):
        if group.get("class") == "node":
            boxes.append(bounds(_points(group)))
    for title, (x0, y0, x1, y1) in score_boxes(svg):
        assert not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes), title


@needs_dot
def test_few_scores_touch_another_link() -> None:
    """Of the 15 scores of the example and the hand-made organisations, 10 were touched by
    another link when Graphviz placed them; 2 are now, both in the software company, where
    lines run beside the score's own closer together than a score is high (the test fails
    without chainmap's placing)."""
    touched = total = 0
    for name in sorted(BOUNDS):
        svg = draw(chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF), "svg")
        curves = [(group.findtext(SVG + "title"), _curve(path.get("d", "")))
                  for group in ET.fromstring(svg).iter(SVG + "g") if group.get("class") == "edge"
                  for path in [next(group.iter(SVG + "path"))]]
        for title, (x0, y0, x1, y1) in score_boxes(svg):
            total += 1
            touched += any(x0 <= x <= x1 and y0 <= y <= y1 for other, curve in curves if other != title for x, y in curve)
    assert total == 15 and touched <= 2
