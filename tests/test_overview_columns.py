"""The department overview of a large organisation: each department in a column counted from
the end clients, arrows to them drawn in full only from the column next to them, the others
counted on a label at the end of a short arrow (a hundred long arrows to three boxes were a
tangle nobody could follow)."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import pytest

import chainmap
from chainmap.examples.generate import generate, write_organisation
from chainmap.render.columns import (
    END_CLIENT_REACH,
    columns,
    far_from_end_clients,
    long_ways_back,
    rank_lines,
)
from chainmap.render.graphviz_run import run_graphviz
from chainmap.render.overview import overview_dot

from .layout_checks import figures
from .legend_facts import legend_of
from .orgs import team

AS_OF = dt.date(2026, 11, 23)
SVG = "{http://www.w3.org/2000/svg}"


def test_a_department_stands_one_column_before_the_furthest_client_it_leads_to() -> None:
    placing = {("support", "middle"), ("middle", "front"), ("support", "front"), ("front", "clients"),
               ("middle", "clients"), ("alone", "clients")}
    assert columns(placing, {"clients"}) == {"front": 1, "alone": 1, "middle": 2, "support": 3}
    assert columns(set(), {"clients"}) == {}


def test_only_departments_next_to_the_end_clients_draw_arrows_to_them() -> None:
    drawn = {("front", "clients"): (5, 1), ("middle", "clients"): (3, 0), ("middle", "partners"): (4, 2),
             ("middle", "front"): (9, 0)}
    kept, said = far_from_end_clients(drawn, {"front": 1, "middle": 2}, {"clients", "partners"})
    assert END_CLIENT_REACH == 1
    assert kept == {("front", "clients"): (5, 1), ("middle", "front"): (9, 0)}
    assert said == {"middle": (7, 2)}, "its links to every end client, counted once"


def test_an_arrow_closing_a_circle_is_drawn_only_when_it_goes_back_one_column() -> None:
    """Back across the sheet it made most crossings of an overview; its box counts it instead."""
    drawn = {("far", "mid"): (9, 0), ("mid", "front"): (8, 0), ("front", "mid"): (2, 1), ("front", "far"): (4, 4)}
    placing = {("far", "mid"), ("mid", "front")}
    kept, left = long_ways_back(drawn, placing, {"far": 3, "mid": 2, "front": 1})
    assert kept == {("far", "mid"): (9, 0), ("mid", "front"): (8, 0), ("front", "mid"): (2, 1)}
    assert left == {"front": (4, 1)}


def test_a_box_counts_the_long_way_back_it_does_not_draw(analyse_teams) -> None:
    org = analyse_teams([team("a", clients=["b"], suppliers=["c"], department="Achats"),
                         team("b", clients=["c"], department="Boutique"),
                         team("c", clients=["customers", "a"], department="Caisse")])
    dot = overview_dot(org).text
    assert not re.search(r"^  d2 -> d0 ", dot, re.MULTILINE), "Caisse → Achats would run back two columns"
    caisse = re.search(r"^  d2 \[.*label=<(.*)>, ", dot, re.MULTILINE)
    assert caisse and "+ 1 link to 1 department not drawn" in caisse.group(1)
    assert re.search(r"^  d2 -> e0 ", dot, re.MULTILINE) and re.search(r"^  d0 -> d1 ", dot, re.MULTILINE)


def test_columns_are_held_in_order_by_invisible_nodes() -> None:
    lines = rank_lines({"a": 2, "b": 1}, {"a": "d0", "b": "d1"}, {"d0e": 1})
    assert "  { rank=same; col2 d0; }" in lines and "  { rank=same; col1 d1 d0e; }" in lines
    assert "  col2 -> col1 [style=invis];" in lines
    assert all("invis" in line for line in lines if line.startswith("  col"))


def _small(analyse_teams):
    """Achats serves Boutique and the customers directly; Boutique serves the customers."""
    return analyse_teams([team("a", clients=["b", "customers"], department="Achats"),
                          team("b", clients=["customers"], suppliers=["a"], department="Boutique")])


def test_a_department_far_from_the_end_clients_has_no_long_arrow_but_its_links_are_counted(analyse_teams) -> None:
    dot = overview_dot(_small(analyse_teams), framed=True)
    ids = dict(re.findall(r'^  (d\d+) \[.*tooltip="([^"]*)"', dot.text, re.MULTILINE))
    achats, boutique = (next(i for i, name in ids.items() if name == wanted) for wanted in ("Achats", "Boutique"))
    assert re.search(rf"^  {boutique} -> e0 ", dot.text, re.MULTILINE), "next to the end clients: drawn in full"
    assert not re.search(rf"^  {achats} -> e\d+ ", dot.text, re.MULTILINE), "further back: no long arrow"
    label = re.search(rf"^  {achats}e \[.*label=<(.*)>, ", dot.text, re.MULTILINE)
    assert label and "end clients" in label.group(1) and "1 link" in html.unescape(label.group(1))
    assert re.search(rf"^  {achats} -> {achats}e ", dot.text, re.MULTILINE), "a short arrow points at it"
    assert f"{{ rank=same; col1 {boutique} {achats}e; }}" in dot.text, "the label stands next to its department"
    assert any(words.startswith("a department's links to the end clients") for words in legend_of(dot.text))
    assert "end-client-label" in dot.legend_keys


def test_in_an_overview_flowing_downwards_the_label_points_down(analyse_teams) -> None:
    dot = overview_dot(_small(analyse_teams), framed=True, rankdir="TB")
    assert re.search(r'^  d\d+e \[.*shape="invhouse"', dot.text, re.MULTILINE), "a label pointing down, as value flows"
    assert "end-client-label-down" in dot.legend_keys and "end-client-label" not in dot.legend_keys
    assert "end clients ▾" in dot.text


def test_the_posters_legend_draws_the_signpost_pointing_the_way_value_flows() -> None:
    from chainmap.workshop.page import _legend_sample
    from chainmap.workshop.paper import sheet
    from chainmap.workshop.svg import Canvas

    pointing = {}
    for key in ("end-client-label", "end-client-label-down"):
        canvas = Canvas(sheet("A4"))
        _legend_sample(canvas, key, 10.0, 50.0, 1.0)
        polygon = re.search(r'<polygon points="([^"]+)"', canvas.svg())
        assert polygon, "an arrowhead is drawn"
        (tip_x, tip_y), *base = [tuple(map(float, point.split(","))) for point in polygon.group(1).split()]
        pointing[key] = (round(tip_x - sum(x for x, _y in base) / 2, 2), round(tip_y - sum(y for _x, y in base) / 2, 2))
    assert pointing["end-client-label"][0] > 0 and pointing["end-client-label"][1] == 0, "right"
    assert pointing["end-client-label-down"][1] > 0 and pointing["end-client-label-down"][0] == 0, "down (y grows downwards)"


def test_a_small_overview_with_every_department_next_to_the_end_clients_has_no_label(analyse_teams) -> None:
    org = analyse_teams([team("a", clients=["customers"], department="Achats"),
                         team("b", clients=["customers"], department="Boutique")])
    dot = overview_dot(org, framed=True)
    assert "end-client-label" not in dot.legend_keys and not re.search(r"^  d\d+e ", dot.text, re.MULTILINE)
    assert len(re.findall(r"^  d\d+ -> e0 ", dot.text, re.MULTILINE)) == 2


def _boxes(svg: bytes) -> dict:
    """SVG id of each box → its left edge."""
    left = {}
    for group in ET.fromstring(svg).iter(SVG + "g"):
        if group.get("class") == "node" and group.get("id"):
            xs = [float(x) for shape in group.iter(SVG + "polygon") for x in shape.get("points", "").replace(",", " ").split()[0::2]]
            xs += [float(t.get("x")) for t in group.iter(SVG + "text")]
            left[group.get("id")] = min(xs)
    return left


@pytest.fixture(scope="module")
def generated_300(tmp_path_factory: pytest.TempPathFactory) -> chainmap.Analysis:
    """The 300-team group of docs/large-organisations.md (9 departments)."""
    root = tmp_path_factory.mktemp("g300") / "groupe"
    write_organisation(generate(300, 2400, 1), root)
    return chainmap.analyse(chainmap.load(root), as_of=AS_OF)


def test_the_300_team_overview_reads_one_way_without_crossings(generated_300) -> None:
    """It had 12 crossings, from three departments' long arrows to the end clients."""
    svg = run_graphviz(overview_dot(generated_300, framed=True).text, "svg")
    found = figures(svg)
    assert (found.crossings, found.through) == (0, 0), found
    assert found.backward <= 1, "only the arrow that closes a circle (Production → Service client)"


def test_arrows_to_the_end_clients_start_in_the_last_column(crowded) -> None:
    """Every arrow into an end-client box comes from the rightmost column of departments."""
    diagram = overview_dot(crowded, framed=True).text
    svg = run_graphviz(diagram, "svg")
    left = _boxes(svg)
    departments = {node: x for node, x in left.items() if re.fullmatch(r"d\d+", node)}
    sources = set(re.findall(r"^  (d\d+) -> e\d+ ", diagram, re.MULTILINE))
    assert sources, "some department is next to the end clients"
    last = max(departments.values())
    assert all(departments[node] > last - 250 for node in sources), "no arrow to the end clients crosses a column"
    found = figures(svg)
    assert found.through == 0 and found.crossings <= 3, found
