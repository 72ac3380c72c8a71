"""chainmap's own layout: links that follow the work to the client, few crossings, none
through a box, every link drawn, the same drawing every time.

The organisations are the example and the hand-made ones of ``tests/layout_orgs`` (13 to 24
teams: a clinic, a regional bank, a plant, a software company, a town hall). Their figures
are read from Graphviz's SVG by :mod:`tests.layout_checks` (the judge's measures, written
again), and by ``../shared/tools/svg_layout_metrics.py`` itself when it is there.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import chainmap
from chainmap.render import draw, focus_view, node_ids, to_dot, worker_view
from chainmap.render.layout import Arc, Box, place
from chainmap.render.layout.coords import _isotonic
from chainmap.render.layout.exact import exact_order
from chainmap.render.layout.layers import LayeredGraph, layered_graph
from chainmap.render.layout.order import count_crossings, order_layers
from chainmap.render.layout.ranking import column_ranks, feedback_arcs
from chainmap.render.layout.routes import detour_savings
from chainmap.render.layout.text import box_size, label_size, text_width

from .layout_checks import figures
from .orgs import team, write_org

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
ORGS = Path(__file__).parent / "layout_orgs"
SHARED_TOOL = Path(__file__).resolve().parents[2] / "shared" / "tools" / "svg_layout_metrics.py"
AS_OF = dt.date(2026, 12, 1)

# The most crossings each drawing may have. Graphviz's dot with department boxes drew 72
# (example), 21 (clinic), 147 (bank), 29 (plant), 53 (software company), 14 (town hall), 7
# (transport company) and 124 (agency); without the boxes, 21, 21, 68, 11, 12, 10, 7 and 71.
# The issue asks for at most a third of the first: met for the example, the bank, the plant,
# the software company and the town hall; the clinic (8), the transport company (5, a
# chain with few links to cross) and the hub-heavy agency (69) come short of it. Links that
# turn round a column (layout/detours.py) took the example 17 -> 13, the bank 44 -> 39 and
# the agency 75 -> 69.
BOUNDS = {"example": 13, "clinique": 8, "banque": 39, "usine": 9, "nimbus": 6, "mairie": 3, "transports": 5, "agence": 69}


def org_path(name: str) -> Path:
    return chainmap.example_path() if name == "example" else ORGS / f"{name}.yaml"


_SVG: Dict[str, bytes] = {}


def drawn(name: str) -> bytes:
    """The SVG of the whole organisation, drawn once per test run."""
    if name not in _SVG:
        _SVG[name] = draw(chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF), "svg")
    return _SVG[name]


def declared_links(name: str) -> int:
    analysis = chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF)
    org = analysis.org
    return sum(1 for link in org.links if (link.supplier, link.client) in analysis.graph.edges) + len(org.unknown_references)


@needs_dot
@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_few_crossings_none_through_a_box_every_link_drawn(name: str) -> None:
    found = figures(drawn(name))
    assert found.through == 0, "no link passes through a box that is not its end"
    assert found.links == declared_links(name), "every declared link is drawn"
    assert found.crossings <= BOUNDS[name], found


@needs_dot
@pytest.mark.skipif(not SHARED_TOOL.is_file(), reason="no ../shared/tools beside this clone")
def test_the_judges_tool_reads_the_same_figures(tmp_path: Path) -> None:
    """The shared metrics script finds its boxes and links by geometry, not by title: it
    must agree with the in-repo checker on the example."""
    (tmp_path / "example.svg").write_bytes(drawn("example"))
    output = subprocess.run([sys.executable, str(SHARED_TOOL), str(tmp_path / "example.svg"), "--json"],
                            check=True, capture_output=True, text=True).stdout
    theirs = json.loads(output)
    ours = figures(drawn("example"))
    assert (theirs["through"], theirs["links"]) == (0, ours.links)
    assert theirs["crossings"] <= BOUNDS["example"]


@pytest.mark.parametrize("name", ["example", "banque", "nimbus"])
def test_links_run_towards_the_end_clients_except_those_closing_a_cycle(name: str) -> None:
    """A link drawn leftwards closes a cycle: its client serves, through others, its supplier."""
    import networkx as nx
    analysis = chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF)
    at = _positions(to_dot(analysis))
    ids = node_ids(analysis)
    links = [(link.supplier, link.client) for link in analysis.org.links if (link.supplier, link.client) in analysis.graph.edges]
    backward = [(s, c) for s, c in links if at[ids[s]][0] >= at[ids[c]][0]]
    assert len(backward) <= 3
    for supplier, client in backward:
        assert nx.has_path(analysis.graph, client, supplier), (supplier, client)


def _positions(dot: str) -> Dict[str, Tuple[float, float]]:
    return {m.group(1): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r'^\s+(\w+) \[[^\n]*?pos="(-?[\d.]+),(-?[\d.]+)"', dot, re.M)}


def test_end_clients_stand_right_the_frontline_next_and_teams_without_chain_in_the_zone() -> None:
    analysis = chainmap.analyse(chainmap.load(org_path("example")), as_of=AS_OF)
    dot = to_dot(analysis)
    at = _positions(dot)
    ids = node_ids(analysis)
    clients = [at[ids[c]][0] for c in analysis.org.end_clients]
    teams = {t: at[ids[t]] for t in analysis.org.teams}
    assert min(clients) > max(x for x, _y in teams.values()), "the end clients are rightmost"
    frontline = [t for t in analysis.org.teams
                 if all(link.client in analysis.org.end_clients for link in analysis.org.links if link.supplier == t)
                 and any(link.supplier == t for link in analysis.org.links)]
    column = {round(x) for t, (x, _y) in teams.items() if t in frontline}
    assert len(column) == 1 and column.pop() == round(max(x for x, _y in teams.values())), \
        "teams serving only end clients stand in one column, next to them"
    zone = re.search(r'subgraph cluster_zone \{\n\s+label=[^;]*; bb="([^"]+)"', dot)
    assert zone, "the example has teams with no chain: the zone is drawn"
    x0, y0, x1, y1 = (float(v) for v in zone.group(1).split(","))
    for team_id in analysis.org.teams:
        x, y = teams[team_id]
        inside = x0 <= x <= x1 and y0 <= y <= y1
        assert inside == (not analysis.chains.has_chain(team_id)), team_id


@needs_dot
def test_arrowheads_on_one_box_land_apart() -> None:
    """Several links into one box used to end on one point of it. (Tips on one side of a box
    share its x; a link that turns round the column lands on the other side.)"""
    dot = to_dot(chainmap.analyse(chainmap.load(org_path("example")), as_of=AS_OF))
    tips: Dict[Tuple[str, float], List[float]] = {}
    for head, tip_x, tip_y in re.findall(r' -> (\w+) \[[^\n]*?pos="e,(-?[\d.]+),(-?[\d.]+) ', dot):
        tips.setdefault((head, round(float(tip_x))), []).append(float(tip_y))
    crowded = {head: sorted(ys) for head, ys in tips.items() if len(ys) > 1}
    assert crowded, "the example has boxes with several incoming links"
    for head, ys in crowded.items():
        assert all(b - a >= 3 for a, b in zip(ys, ys[1:])), (head, ys)


@needs_dot
@pytest.mark.parametrize("name", ["example", "nimbus"])
def test_graphviz_draws_every_box_at_the_size_it_was_placed_with(name: str) -> None:
    """Boxes are sized before Graphviz sees them (DejaVu Sans's widths): a box drawn larger
    than placed could cover a link passing beside it."""
    dot = to_dot(chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF))
    out = subprocess.run(["dot", "-Tdot"], input=dot.encode(), capture_output=True, check=True).stdout.decode()
    planned = {}
    for m in re.finditer(r'^\s+(\w+) \[([^\n]*?(?<![a-z])height="([\d.]+)"[^\n]*?(?<![a-z])width="([\d.]+)"[^\n]*)', dot, re.M):
        outer = re.search(r'peripheries="(\d)"', m.group(2))
        extra = (int(outer.group(1)) - 1) * 8 / 72 if outer else 0.0  # Graphviz adds outer lines around
        planned[m.group(1)] = (float(m.group(3)) + extra, float(m.group(4)) + extra)
    assert len(planned) > 10
    for node, (height, width) in planned.items():
        block = re.search(rf"^\s+{node}\s+\[(.*?)\];", out, re.M | re.S)
        assert block, node
        drawn_height = float(re.search(r"(?<![a-z])height=([\d.]+)", block.group(1)).group(1))
        drawn_width = float(re.search(r"(?<![a-z])width=([\d.]+)", block.group(1)).group(1))
        assert abs(drawn_height - height) < 0.01 and abs(drawn_width - width) < 0.01, node


def test_focus_and_worker_views_are_placed_too() -> None:
    analysis = chainmap.analyse(chainmap.load(org_path("example")), as_of=AS_OF)
    for view in (focus_view(analysis, "cadres-de-sante"), worker_view(analysis, "Camille Moreau")):
        dot = to_dot(analysis, view)
        assert "layout=nop2" in dot
        nodes = set(re.findall(r"^\s+(\w+) \[", dot, re.M)) - {"graph", "node", "edge"}
        assert len(nodes) > 3 and set(_positions(dot)) == nodes, "every box has its place"


# Determinism ------------------------------------------------------------------------------

def test_the_same_declarations_give_byte_identical_dot_in_another_process() -> None:
    script = ("import sys, chainmap, datetime as dt; from chainmap.render import to_dot; "
              "sys.stdout.write(to_dot(chainmap.analyse(chainmap.load(sys.argv[1]), as_of=dt.date(2026, 12, 1))))")
    runs = [subprocess.run([sys.executable, "-c", script, str(org_path("banque"))], check=True, capture_output=True,
                           text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "7")]
    assert runs[0] == runs[1] == to_dot(chainmap.analyse(chainmap.load(org_path("banque")), as_of=AS_OF))


@needs_dot
def test_the_same_dot_gives_byte_identical_svg() -> None:
    analysis = chainmap.analyse(chainmap.load(org_path("usine")), as_of=AS_OF)
    assert draw(analysis, "svg") == draw(analysis, "svg")


# The parts -----------------------------------------------------------------------------

def test_text_is_measured_in_dejavu_sans() -> None:
    assert text_width("M", 12, bold=True) > text_width("M", 12) > text_width("i", 12) > 0
    assert text_width("MM", 12) == pytest.approx(2 * text_width("M", 12))
    assert text_width("漢", 12) == pytest.approx(12 * 1.015), "a character DejaVu lacks counts one em"
    one, two = label_size("<<B>Paie</B>>", 12), label_size("<<B>Paie</B><BR/>x>", 12)
    assert two[1] > one[1] and two[0] == one[0]
    table = label_size('<<TABLE CELLSPACING="4" CELLPADDING="2" BORDER="1"><TR><TD WIDTH="34" HEIGHT="16"></TD>'
                       '<TD>words</TD></TR></TABLE>>', 12)
    assert table[0] >= 34 + text_width("words", 12) and table[1] >= 16
    assert box_size("<<B>A</B>>", 12, (0.14, 0.07)) == (54.0, 36.0), "never under Graphviz's default size"


def test_isotonic_fit_keeps_the_order_and_the_mean() -> None:
    assert _isotonic([1.0, 3.0, 2.0, 4.0], [1.0] * 4) == [1.0, 2.5, 2.5, 4.0]
    assert _isotonic([5.0, 1.0], [3.0, 1.0]) == [4.0, 4.0]


def test_crossings_are_counted_from_the_orders() -> None:
    """Two suppliers in one column that both serve the same two clients cross once, whatever the order."""
    boxes = [Box(name, 60, 36, rank=rank) for name, rank in (("a", 2), ("b", 2), ("c", 1), ("d", 1), ("x", 0))]
    arcs = [Arc(s, c) for s, c in (("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "x"), ("d", "x"))]
    graph = layered_graph(boxes, arcs)
    assert count_crossings(graph) == 1


def test_the_integer_program_leaves_the_order_it_found() -> None:
    """The exact ordering's count is the count of the order it leaves (it once sorted each
    column by a key that read the column while it was being sorted, and changed nothing)."""
    pytest.importorskip("highspy")
    boxes = [Box(name, 60, 36, rank=1) for name in "abc"] + [Box(name, 60, 36, rank=0) for name in "xyz"]
    arcs = [Arc(s, c) for s, c in (("a", "z"), ("b", "y"), ("c", "x"))]
    graph = layered_graph(boxes, arcs)
    assert count_crossings(graph) == 3, "a, b, c over x, y, z: every pair crosses"
    assert exact_order(graph, 3) == 0 == count_crossings(graph)


def _many_boxes(suppliers: int, frontline: int) -> Tuple[List[Box], List[Arc]]:
    """An end client, a frontline, and suppliers each serving two frontline teams (seeded)."""
    generator = random.Random(7)
    boxes = [Box("x", 60, 36, rank=0)] + [Box(f"f{i}", 60, 36, rank=1) for i in range(frontline)]
    boxes += [Box(f"s{i}", 60, 36, rank=2) for i in range(suppliers)]
    arcs = [Arc(f"f{i}", "x") for i in range(frontline)]
    arcs += [Arc(f"s{i}", f"f{j}") for i in range(suppliers) for j in generator.sample(range(frontline), 2)]
    return boxes, arcs


def test_a_judge_chooses_among_the_starts_finished_orders() -> None:
    """With a ``judge``, every start's finished order is scored and the lowest kept (here the
    judge prefers whichever it saw last), with its crossings; twice as many starts are tried."""
    order = importlib.import_module("chainmap.render.layout.order")
    boxes, arcs = _many_boxes(120, 20)
    graph = layered_graph(boxes, arcs)
    budget = order._starts(graph)
    assert 1 < budget and order.JUDGED_STARTS * budget < order.MAX_STARTS, "a graph whose starts the budget limits"
    seen: List[List[List[int]]] = []

    def prefers_the_last(judged: LayeredGraph) -> int:
        seen.append([list(layer) for layer in judged.layers])
        return -len(seen)

    crossings = order_layers(graph, judge=prefers_the_last)
    assert len(seen) == order.JUDGED_STARTS * budget
    assert graph.layers == seen[-1]
    assert crossings == count_crossings(graph)


@pytest.mark.parametrize("detours", [True, False])
def test_a_large_drawings_starts_are_compared_as_drawn(detours: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the column search's size, the starting orders are compared by their crossings once
    links turn round columns (when they will), not by those before the turns."""
    search = importlib.import_module("chainmap.render.layout.search")
    boxes, arcs = _many_boxes(search.MAX_BOXES, 20)
    judges = []
    real_order = search.order_layers

    def spying_order(graph: LayeredGraph, *args, judge=None, **kwargs) -> int:
        judges.append(judge)
        return real_order(graph, *args, judge=judge, **kwargs)

    monkeypatch.setattr(search, "order_layers", spying_order)
    graph, _crossings = search._search_layout(boxes, arcs, search.EXTRA_COLUMNS, detours)
    assert len(judges) == 1
    if detours:
        arrows = [arc.arrow for arc in arcs]
        assert judges[0](graph) == count_crossings(graph) - detour_savings(graph, arrows)
    else:
        assert judges[0] is None


@needs_dot
@pytest.mark.parametrize("name", ["clinique", "usine", "banque"])
def test_the_drawing_crosses_as_often_as_the_ordering_counted(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every curve across a gap spans the same stretch, so curves whose ends stand in the same
    order never cross: the drawing has the crossings the ordering counted. (A curve that began
    at a box's side and another at its column's edge once crossed: a link and the one back
    between Pharmacie and Médecine, in the clinic.) Links that turn round a column keep the
    count exact (the bank has turns; a turn once read as a touch where a
    straight stretch had a point exactly on it, and the tool counted one crossing fewer)."""
    placed = importlib.import_module("chainmap.render.placed")
    counted: List[int] = []
    real_place = placed.place

    def counting_place(*args, **kwargs):
        placement = real_place(*args, **kwargs)
        counted.append(placement.crossings)
        return placement

    monkeypatch.setattr(placed, "place", counting_place)
    svg = draw(chainmap.analyse(chainmap.load(org_path(name)), as_of=AS_OF), "svg")
    assert figures(svg).crossings == counted[-1]


def test_a_supplier_moved_back_a_column_crosses_nothing() -> None:
    """The search of columns moves one of the two suppliers back: its links pass round the other's."""
    boxes = [Box(name, 60, 36, rank=rank) for name, rank in (("a", 2), ("b", 2), ("c", 1), ("d", 1), ("x", 0))]
    arcs = [Arc(s, c) for s, c in (("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "x"), ("d", "x"))]
    placement = place(boxes, arcs)
    assert placement.crossings == 0
    assert placement.centres["a"][0] != placement.centres["b"][0]


def test_in_a_cycle_the_link_from_nearer_the_client_runs_back() -> None:
    # 0 -> 1 -> end (2); 1 -> 3 -> 0: 0 and 1 serve each other through 3
    arcs = [(0, 1), (1, 2), (1, 3), (3, 0)]
    distance = [2, 1, 0, 3]
    assert feedback_arcs(4, arcs, distance) == {2}, "1 (one link from the client) serving 3 (three) runs back"
    rank = column_ranks(4, arcs, distance, [None, None, 0, None])
    assert rank[2] == 0 and rank[1] < rank[0] < rank[3]


def test_a_team_serving_the_frontline_and_a_client_stands_behind_the_frontline() -> None:
    boxes = [Box("front", 80, 36, rank=1), Box("lab", 80, 36, rank=1), Box("end", 80, 36, rank=0)]
    arcs = [Arc("front", "end"), Arc("lab", "front"), Arc("lab", "end")]
    placement = place(boxes, arcs)
    assert placement.centres["lab"][0] < placement.centres["front"][0] < placement.centres["end"][0]


def test_a_team_with_no_chain_stands_in_the_zone_below(tmp_path: Path) -> None:
    org = write_org(tmp_path / "org", [team("front", clients=["customers"]), team("back", clients=["front", "lost"]),
                                        team("lost")])
    analysis = chainmap.analyse(chainmap.load(org), as_of=AS_OF)
    at = _positions(to_dot(analysis))
    ids = node_ids(analysis)
    assert at[ids["lost"]][1] < min(at[ids["front"]][1], at[ids["back"]][1]), "below (Graphviz's y grows upwards)"
    assert at[ids["lost"]][0] > at[ids["back"]][0], "right of its supplier"


def test_a_posters_turns_take_their_room_from_the_gaps_down_to_a_floor() -> None:
    """A compact drawing (a poster's) keeps its turns when the gaps between its columns can
    give their room, each narrowed alike and none under the floor; otherwise nothing turns
    (a wider drawing would print its names smaller)."""
    from chainmap.render.layout import MIN_COMPACT_GAP, _within
    from chainmap.render.layout.coords import Geometry
    from chainmap.render.layout.detours import Detour
    from chainmap.render.layout.routes import Turns

    geometry = Geometry(layer_left=[0.0, 154.0, 308.0], layer_right=[100.0, 254.0, 408.0])  # two gaps of 54
    spare = 2 * (54.0 - MIN_COMPACT_GAP)
    turning = {(0, 1): Detour(0, 1, 10.0, True)}
    assert _within(Turns(turning, 3, {}, spare), geometry, 0.0).chosen == turning
    assert _within(Turns(turning, 3, {}, spare + 1.0), geometry, 0.0).chosen == {}
    assert _within(Turns(turning, 3, {}, spare + 1.0), geometry, 1.0).chosen == turning, "the spread's room first"
