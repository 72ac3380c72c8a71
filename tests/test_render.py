"""Diagrams: DOT that Graphviz accepts, SVG that parses, names drawn exactly as written,
byte-identical output run after run, golden files, and a plain message without Graphviz.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Dict, List, Set

import pydot
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.cli import cli
from chainmap.files.safe_write import write_text
from chainmap.render import draw, focus_view, node_ids, style, to_dot, worker_view
from chainmap.render.escape import wrap

from .legend_facts import all_edges, legend_of, line_look, parse_dot, unexplained_lines
from .orgs import ORG_YAML, team, write_files, write_org

AS_OF = dt.date(2026, 11, 23)
GOLDEN = Path(__file__).parent / "golden"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")

HOSTILE = {
    "node": 'Say "hi" \\ back\\slash',
    "edge": "<script>alert(1)</script>",
    "graph": "R&D {team} ] [x]; -> y",
    "a.b": "Line one\nLine two",
    "emoji": "Équipe 🚑 urgences",
    "rtl": "فريق الدعم עברית",
    "subgraph": "\\N \\G \\l",
}


def hostile_org(tmp_path: Path) -> Path:
    ids = list(HOSTILE)
    teams = [team(t, name=HOSTILE[t], department='Soins <b>"x"</b> & co',
                  clients=[ids[i + 1] if i + 1 < len(ids) else "customers"],
                  members=[{"name": f"{HOSTILE[t]} worker", "id": f"w-{t}"}]) for i, t in enumerate(ids)]
    teams[0]["suppliers"] = [{"id": "edge", "satisfaction": 2}]
    return write_org(tmp_path / "hostile", teams, name='Org "quoted" & <b>bold</b>')


def analysis_of(path: Path) -> chainmap.Analysis:
    return chainmap.analyse(chainmap.load(path), as_of=AS_OF)


def svg_texts(svg: bytes) -> Set[str]:
    """Every text drawn in the SVG (after XML parsing, so entities are decoded)."""
    root = ElementTree.fromstring(svg)
    return {"".join(element.itertext()).strip() for element in root.iter("{http://www.w3.org/2000/svg}text")}


def svg_tooltips(svg: bytes) -> Set[str]:
    root = ElementTree.fromstring(svg)
    return {value for element in root.iter() for key, value in element.attrib.items() if key.endswith("title")}


# Graphviz accepts the DOT; the SVG parses and shows every name ----------------------------

@needs_dot
def test_example_svg_parses_and_shows_every_team_name() -> None:
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    texts = svg_texts(draw(analysis, "svg"))
    for item in [*analysis.org.teams.values(), *analysis.org.end_clients.values()]:
        for line in wrap(item.name, 20 if item.id in analysis.org.end_clients else 24):
            assert line in texts, f"{item.name!r}: {line!r} not drawn"


@needs_dot
@pytest.mark.parametrize("view", ["full", "focus", "worker"])
def test_hostile_names_are_drawn_intact(tmp_path: Path, view: str) -> None:
    analysis = analysis_of(hostile_org(tmp_path))
    chosen = {"full": None, "focus": focus_view(analysis, "graph"),
              "worker": worker_view(analysis, "w-node")}[view]
    svg = draw(analysis, "svg", chosen)
    texts = svg_texts(svg)
    for team_id in (chosen.nodes if chosen else HOSTILE):
        if team_id in HOSTILE:
            for line in HOSTILE[team_id].split("\n"):
                assert line in texts, f"{line!r} not drawn"
    assert "<script>" not in svg.decode("utf-8"), "markup in a name must be escaped, never emitted"
    assert 'Org "quoted" & <b>bold</b>' in texts
    if view == "full":
        assert 'Soins <b>"x"</b> & co' in texts
        assert any(t.startswith('Say "hi" \\ back\\slash (') for t in svg_tooltips(svg))
    if view == "worker":
        assert 'Say "hi" \\ back\\slash worker' in texts


def test_hostile_names_never_appear_outside_quotes_or_labels(tmp_path: Path) -> None:
    analysis = analysis_of(hostile_org(tmp_path))
    dot = to_dot(analysis)
    names = {n.get_name() for n in all_nodes(parse_dot(dot))}
    assert names == set(node_ids(analysis).values()) | {"legend"}


# Structure, read back with pydot on a small organisation ---------------------------------

def all_nodes(graph: pydot.Dot) -> List[pydot.Node]:
    """Node statements, in clusters too (a node named again in a rank group appears twice)."""
    found = [n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    for sub in graph.get_subgraphs():
        found += all_nodes(sub)
    return found


def attribute(item, key: str) -> str:
    return str(item.get(key) or "").strip('"')


def small_analysis(tmp_path: Path) -> chainmap.Analysis:
    return analysis_of(write_org(tmp_path / "small", [
        team("front", clients=["customers"], suppliers=[{"id": "back", "satisfaction": 3}], department="Shop"),
        team("back", clients=["front"], department="Shop"),
        team("offered", clients=["front"]),
        team("lost", clients=["ghost"]),
    ]))


def test_dot_structure_of_a_small_organisation(tmp_path: Path) -> None:
    analysis = small_analysis(tmp_path)
    graph = parse_dot(to_dot(analysis))
    ids = node_ids(analysis)
    assert sorted({n.get_name() for n in all_nodes(graph)}) == sorted([*ids.values(), "g0", "legend"])
    edges = {(e.get_source(), e.get_destination()): e for e in all_edges(graph)}
    assert set(edges) == {(ids["front"], ids["customers"]), (ids["back"], ids["front"]),
                          (ids["offered"], ids["front"]), (ids["lost"], "g0")}
    assert "dashed" in attribute(edges[(ids["offered"], ids["front"])], "style"), "one-sided is dashed"
    assert "dashed" not in attribute(edges[(ids["back"], ids["front"])], "style"), "confirmed is solid"
    assert "3/10" in attribute(edges[(ids["back"], ids["front"])], "taillabel"), "a poor rating is written on its link"
    runs = {s.get_name(): (attribute(s, "label"), sorted(n.get_name() for n in all_nodes(s)))
            for s in graph.get_subgraphs() if s.get_name().startswith("cluster_d")}
    assert sorted(runs.values()) == [("<Shop>", [ids["back"]]), ("<Shop>", [ids["front"]])], \
        "a run of Shop's teams in each of its two columns, named; teams without a department in none"
    assert "cluster_zone" in {s.get_name() for s in graph.get_subgraphs()}, "lost has no chain: the zone is drawn"


def test_a_poorly_rated_link_has_its_own_colour_and_its_score_tied_to_it(tmp_path: Path) -> None:
    """low-satisfaction is a warning: not the red of errors, nor the orange of one-sided links."""
    analysis = small_analysis(tmp_path)
    ids = node_ids(analysis)
    edges = {(e.get_source(), e.get_destination()): e for e in all_edges(parse_dot(to_dot(analysis)))}
    rated = edges[(ids["back"], ids["front"])]
    assert attribute(rated, "color") == style.POOR_RATING
    assert style.POOR_RATING not in (style.ERROR, style.WARNING, style.LINE)
    assert "3/10" in attribute(rated, "taillabel"), "the score is written at the start of its link"


def test_focus_view_draws_only_the_neighbourhood(tmp_path: Path) -> None:
    analysis = small_analysis(tmp_path)
    graph = parse_dot(to_dot(analysis, focus_view(analysis, "back")))
    ids = node_ids(analysis)
    assert sorted({n.get_name() for n in all_nodes(graph)}) == sorted(
        [ids["back"], ids["front"], ids["customers"], "legend"])


@needs_dot
def test_dot_is_accepted_by_graphviz(tmp_path: Path) -> None:
    for analysis in (small_analysis(tmp_path), analysis_of(hostile_org(tmp_path))):
        svg = draw(analysis, "svg")
        ElementTree.fromstring(svg)


# Determinism -----------------------------------------------------------------------------

def outputs(path: Path) -> Dict[str, str]:
    from chainmap.formats import chains_json, findings_json
    analysis = analysis_of(path)
    return {"dot": to_dot(analysis), "weak": findings_json(analysis), "chains": chains_json(analysis)}


def test_output_is_identical_over_runs_with_different_hash_seeds(bakery: Path) -> None:
    """Two processes hash strings differently: an order taken from a set or dict would show."""
    script = ("import json, sys; from tests.test_render import outputs; "
              "from pathlib import Path; print(json.dumps(outputs(Path(sys.argv[1]))))")
    runs = [subprocess.run([sys.executable, "-c", script, str(bakery)], check=True, cwd=Path(__file__).parents[1],
                           capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and json.loads(runs[0]) == json.loads(json.dumps(outputs(bakery)))


def test_output_does_not_depend_on_file_names_or_order(tmp_path: Path, bakery: Path) -> None:
    """The same declarations, renamed, moved into other folders and written in another order."""
    files = sorted((bakery / "teams").glob("*.yaml"))
    moved = {"org.yaml": (bakery / "org.yaml").read_text(encoding="utf-8")}
    for index, path in enumerate(reversed(files)):
        moved[f"{'zz' if index % 2 else 'aa'}/{index:02d}-{path.stem[::-1]}.yml"] = path.read_text(encoding="utf-8")
    copy = write_files(tmp_path / "renamed", moved)
    assert outputs(copy) == outputs(bakery)


def test_single_file_and_folder_give_the_same_output(tmp_path: Path, bakery: Path) -> None:
    org = yaml.safe_load((bakery / "org.yaml").read_text(encoding="utf-8"))
    org["teams"] = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((bakery / "teams").glob("*.yaml"))]
    single = write_files(tmp_path, {"bakery.yaml": yaml.safe_dump(org, allow_unicode=True)}) / "bakery.yaml"
    assert outputs(single) == outputs(bakery)


# Golden files of the bakery conformance organisation ------------------------------------

def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; CHAINMAP_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("CHAINMAP_UPDATE_GOLDEN") == "1":
        write_text(path, actual)
        return
    assert path.exists(), f"{path} is missing: run the tests once with CHAINMAP_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed: if the change is intended, rerun with CHAINMAP_UPDATE_GOLDEN=1 and review the diff"


@pytest.mark.parametrize("kind, name", [("dot", "bakery.dot"), ("weak", "bakery.weak.json"), ("chains", "bakery.chains.json")])
def test_bakery_matches_its_golden_file(bakery: Path, kind: str, name: str) -> None:
    assert_golden(name, outputs(bakery)[kind])


def test_golden_json_is_valid_json() -> None:
    for path in GOLDEN.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


# Without Graphviz -------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["render", "-o", "{out}/diagram.svg"], ["demo", "-o", "{out}/demo"]])
def test_graphviz_missing_gives_the_install_line_and_exit_2(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            command: List[str]) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"})
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    args = [part.format(out=tmp_path) for part in command]
    if command[0] == "render":
        args.insert(1, str(root))
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Graphviz is not installed" in lines[0] and "apt-get install graphviz" in lines[0]
    assert not (tmp_path / "diagram.svg").exists()


def test_an_output_without_extension_says_which_ones_are_accepted(runner, tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"})
    result = runner.invoke(cli, ["render", str(root), "-o", str(tmp_path / "plan")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "the file name has no extension" in result.stderr and ".svg, .png, .pdf or .dot" in result.stderr
    assert "`.?`" not in result.stderr and str(tmp_path / "plan.svg") in result.stderr


# The legend ------------------------------------------------------------------------------

def test_the_legends_line_samples_are_drawn_lines_solid_where_the_links_are(tmp_path: Path) -> None:
    """Typed line characters (━━━▶) render with gaps: a solid link's sample looked dashed."""
    legend = legend_of(to_dot(small_analysis(tmp_path)))
    solid = ["link confirmed by both teams (value flows →)", "client's satisfaction below the threshold (score /10)"]
    for words in [*solid, "link declared by one side only", "link to an id that exists nowhere"]:
        row = legend[words]
        assert row.line is not None, f"{words!r}: no line drawn"
        assert not set(row.typed) & set("━╌─"), f"{words!r}: typed line characters {row.typed!r}"
    assert all("STYLE" not in legend[words].line for words in solid)
    assert legend["link declared by one side only"].line["STYLE"] == "dashed"


def test_an_unknown_id_and_a_one_sided_link_are_drawn_differently(tmp_path: Path) -> None:
    """Both were thin dashed lines told apart by a shade of red: now dotted and heavier."""
    analysis = small_analysis(tmp_path)
    ids = node_ids(analysis)
    dot = to_dot(analysis)
    edges = {(e.get_source(), e.get_destination()): e for e in all_edges(parse_dot(dot))}
    one_sided, unknown = edges[(ids["offered"], ids["front"])], edges[(ids["lost"], "g0")]
    assert attribute(one_sided, "style") == "dashed" and attribute(unknown, "style") == "dotted"
    assert float(attribute(unknown, "penwidth")) >= float(attribute(one_sided, "penwidth")) + 0.8
    legend = legend_of(dot)
    assert legend["link to an id that exists nowhere"].line["STYLE"] == "dotted"


def test_every_line_drawn_is_explained_by_the_legend(tmp_path: Path) -> None:
    """A one-sided link poorly rated is dashed purple: neither the dashed orange nor the
    solid purple row explained it; nor did any row the chain's one-sided links, or "works in"."""
    analysis = analysis_of(write_org(tmp_path / "org", [
        team("front", clients=["customers"], suppliers=[{"id": "back", "satisfaction": 3}, {"id": "aside", "satisfaction": 2}]),
        team("back", clients=["front"], suppliers=["aside"], members=[{"name": "Ann", "id": "w1"}]),
        team("aside", members=[{"name": "Ann", "id": "w1"}]),
        team("lost", clients=["ghost"]),
    ]))
    views = [None, focus_view(analysis, "aside"), worker_view(analysis, "Ann")]
    for view in views:
        assert unexplained_lines(to_dot(analysis, view), style.LINE) == set()
    legend = legend_of(to_dot(analysis))
    row = legend["link declared by one side only, and its client's satisfaction below the threshold"]
    assert line_look(row.line, style.LINE) == (style.POOR_RATING, "dashed")
    assert "link confirmed by both teams (value flows →)" not in legend_of(to_dot(analysis, views[2])), \
        "only the styles drawn: every link of this worker's chain is on the chain"


RUN_WORDS = "neighbouring teams of one department, with its name (the tint is the department's)"


def test_departments_are_explained_only_where_they_are_drawn() -> None:
    """A department's page (`--department`, a poster's page) draws no department: the page is
    the department, and its legend said "team (boxes group a department)" all the same."""
    from chainmap.render.large import choose, selection_dot
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    full = legend_of(to_dot(analysis))
    assert "team" in full and RUN_WORDS in full
    page = legend_of(selection_dot(analysis, choose(analysis, department="Soins")))
    assert "team" in page and RUN_WORDS not in page and "team (boxes group a department)" not in page


# Department colours ----------------------------------------------------------------------

def department_colours(dot: str) -> Dict[str, str]:
    """Department name → the fill of its box, in a team diagram or in the overview."""
    graph = parse_dot(dot)
    boxes = [(attribute(s, "label"), attribute(s, "fillcolor")) for s in graph.get_subgraphs()
             if s.get_name().startswith("cluster_d")]
    boxes += [(attribute(n, "tooltip"), attribute(n, "fillcolor")) for n in all_nodes(graph) if n.get_name().startswith("d")]
    words = [re.sub(r"<BR/>", " ", label[1:-1] if label.startswith("<") else label) for label, _fill in boxes]
    return {html.unescape(re.sub(r"<[^>]*>", "", text)): fill for text, (_label, fill) in zip(words, boxes)}


def test_a_department_keeps_its_colour_from_one_view_to_the_next() -> None:
    """Colours were handed out in order of appearance: Soins was teal on the full diagram
    and beige when a view showed fewer departments."""
    from chainmap.render.large import choose, selection_dot
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    full = department_colours(to_dot(analysis))
    assert len(set(full.values())) == len(full) == 5, "five departments, five colours"
    # (the overview shades its departments by their share of weak links instead)
    selections = [choose(analysis, focus="urgences", depth=1), choose(analysis, focus="cadres de sante", depth=2)]
    for selection in selections:
        colours = department_colours(selection_dot(analysis, selection))
        assert colours and all(full[name] == fill for name, fill in colours.items()), colours
    assert len(department_colours(selection_dot(analysis, selections[0]))) < len(full), "the test shows fewer"


def test_a_partial_view_says_its_counts_are_the_whole_organisations() -> None:
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
    assert "whole organisation: 22 teams" in to_dot(analysis, focus_view(analysis, "urgences"))
    assert "whole organisation" not in to_dot(analysis) and "22 teams" in to_dot(analysis)


def _path_points(d: str) -> List[tuple]:
    """The points of an SVG path (Graphviz draws edges as cubic Béziers: every point is
    on the curve or one of its control points; sampled densely enough for a distance)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    points = list(zip(numbers[0::2], numbers[1::2]))
    sampled = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        for step in range(1, 21):
            t = step / 20
            sampled.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * e
                                 for a, b, c, e in zip(p0, p1, p2, p3)))
    return sampled


@needs_dot
def test_each_score_is_drawn_against_its_own_line() -> None:
    """A poor rating sits where its line is, not out in the open joined to it by a leader line.

    Placed as an ordinary edge label, Graphviz put the example's scores up to 100 pt from
    their links (the label is a node of its own, in a rank of its own), with a thin line
    back to the link: a reader could not tell which line a score belonged to. The middle of
    every score is now within 20 pt of its line, and no leader line is drawn.
    """
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    root = ElementTree.fromstring(draw(analysis, "svg"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    scores = 0
    for edge in root.iterfind(".//s:g[@class='edge']", ns):
        texts = [t for t in edge.iterfind(".//s:text", ns) if (t.text or "").endswith("/10")]
        if not texts:
            continue
        assert not edge.findall(".//s:polyline", ns), "no leader line joins a score to its link"
        curve = _path_points(edge.find(".//s:path", ns).get("d"))
        for text in texts:
            x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
            if text.get("text-anchor") == "start":  # chainmap's placing: the HTML label's text starts at x
                x += 0.31 * size * len(text.text or "")
            y -= 0.35 * size  # from the baseline to the figures' middle
            nearest = min(((x - px) ** 2 + (y - py) ** 2) ** 0.5 for px, py in curve)
            assert nearest <= 20, f"{text.text}'s middle is {nearest:.0f} pt from its line"
            scores += 1
    assert scores == 3, "the example has three poorly rated links"


def _score_boxes(svg: bytes) -> List[tuple]:
    """(left, top, right, bottom) of every score drawn, from its anchor, size and length."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    boxes = []
    for text in ElementTree.fromstring(svg).iterfind(".//s:g[@class='edge']//s:text", ns):
        if (text.text or "").endswith("/10"):
            x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
            half = 0.62 * size * len(text.text) / 2  # DejaVu Sans Bold digits: about 0.7 em, "/" 0.4
            if text.get("text-anchor") == "start":  # chainmap's placing: the HTML label's text starts at x
                x += half
            boxes.append((x - half, y - 0.75 * size, x + half, y))
    return boxes


@needs_dot
def test_the_scores_of_a_team_rated_poorly_by_several_clients_do_not_overprint(tmp_path: Path) -> None:
    """Pharmacie rated 4, 3 and 3 by three clients: three lines leave it side by side, and
    their scores, set at one distance from it, were printed over one another ("3/10/10")."""
    org = tmp_path / "hopital"
    shutil.copytree(chainmap.example_path(), org)
    for ward in ("chirurgie", "medecine-interne", "urgences"):
        path = org / "teams" / "soins" / f"{ward}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for supplier in data["suppliers"]:
            if supplier["id"] == "pharmacie":
                supplier["satisfaction"] = 3 if ward != "chirurgie" else 4
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    boxes = _score_boxes(draw(analysis_of(org), "svg"))
    assert len(boxes) == 6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"scores overprint: {a} {b}"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1, max_size=30),
                min_size=1, max_size=8),
       st.integers(min_value=4, max_value=30))
def test_wrap_of_words_and_single_spaces_is_textwraps(words: List[str], width: int) -> None:
    """wrap's own filling of a name (words, single spaces) gives what textwrap gives."""
    text = " ".join(words)
    assume(_ONE_LINE_NAME.fullmatch(text))
    expected = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    assert wrap(text, width) == expected


_ONE_LINE_NAME = re.compile(r"\S+(?: \S+)*")
