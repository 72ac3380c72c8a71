"""Drawings of large organisations: the automatic overview, one department, a limited depth,
and the fallbacks when Graphviz fails or runs too long."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import stat
from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.errors import GraphvizFailed, UsageError
from chainmap.i18n import set_language
from chainmap.render import large, style
from chainmap.render.graphviz_run import run_graphviz, without_clusters
from chainmap.render.overview import left_out_words, overview_dot
from chainmap.render.pages import STUBS_BEFORE_GROUPING, PageOfTeams, page_dot
from chainmap.render.skeleton import (
    ARROWS_BEFORE_PRUNING,
    ARROWS_KEPT_PER_DEPARTMENT,
    LeftOut,
    placing_arrows,
    skeleton,
)

from .legend_facts import legend_of, parse_dot, unexplained_lines
from .orgs import team, write_org

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def analysis(group_analysis: chainmap.Analysis) -> chainmap.Analysis:
    return group_analysis


def test_the_notice_groups_thousands_as_the_language_does(analysis) -> None:
    many = dict(analysis.org.teams, **{f"extra-{i}": next(iter(analysis.org.teams.values())) for i in range(2000)})
    crowded = chainmap.Analysis(**{**vars(analysis), "org": dataclasses.replace(analysis.org, teams=many)})
    assert large.choose(crowded).notice.startswith("2,060 teams and")
    set_language("fr")  # conftest's english_messages sets English back after the test
    assert large.choose(crowded).notice.startswith("2\u202f060 équipes")  # a narrow no-break space


def test_above_the_threshold_the_overview_is_drawn_with_a_notice(analysis, small_threshold) -> None:
    drawing = large.choose_drawing(analysis)
    assert drawing.dot.startswith("digraph chainmap_overview")
    assert drawing.notice and "60 teams" in drawing.notice and "--department" in drawing.notice


def test_below_the_threshold_every_team_is_drawn(analysis) -> None:
    drawing = large.choose_drawing(analysis)
    assert drawing.dot.startswith("digraph chainmap {") and drawing.notice is None


def test_no_overview_draws_every_team_even_above_the_threshold(analysis, small_threshold) -> None:
    assert large.choose_drawing(analysis, overview=False).dot.startswith("digraph chainmap {")


def test_overview_can_be_asked_for_a_small_organisation(analysis) -> None:
    drawing = large.choose_drawing(analysis, overview=True)
    assert drawing.dot.startswith("digraph chainmap_overview") and drawing.notice is None


def test_department_draws_its_teams_only(analysis) -> None:
    name = large.department_names(analysis)[0]
    dot = large.choose_drawing(analysis, department=name.upper()).dot
    assert all(team.name in dot for team in analysis.org.teams.values() if team.department == name)
    assert len(dot) < len(large.choose_drawing(analysis, overview=False).dot) / 2


def test_a_department_or_the_overview_is_titled_like_the_full_diagram(analysis) -> None:
    """The organisation's name, what the drawing shows and its counts, so that a printed
    department is never an anonymous page."""
    name = large.department_names(analysis)[0]
    teams = [t for t in analysis.org.teams.values() if t.department == name]
    for dot, heading, counted in (
            (large.choose_drawing(analysis, department=name).dot,
             f"{name}: its teams, and the teams of other departments they work with", f"{len(teams)} teams · "),
            (large.choose_drawing(analysis, overview=True).dot,
             f"Its {len(large.department_names(analysis))} departments and the links between them",
             f"{len(analysis.org.teams)} teams · ")):
        title = re.search(r"graph \[labelloc=t, labeljust=l, label=<(.*)>\];", dot).group(1)
        assert analysis.org.name in title and heading in title and counted in title
        assert "as of " in title


def test_unknown_department_suggests_the_nearest(analysis) -> None:
    with pytest.raises(UsageError, match="did you mean `Finance`"):
        large.choose_drawing(analysis, department="Finanse")


def test_a_department_is_found_without_case_or_accents() -> None:
    """As for teams: "medico technique" names the hospital's Médico-technique."""
    hospital = chainmap.analyse(chainmap.load(chainmap.example_path()))
    dot = large.choose_drawing(hospital, department="medico technique").dot
    assert "Médico-technique: its teams" in dot


def test_depth_keeps_the_neighbours_and_the_chain(analysis) -> None:
    team = max(analysis.carried, key=lambda t: len(analysis.carried[t]))
    view = large.depth_view(analysis, team, 1)
    neighbours = set(analysis.graph.predecessors(team)) | set(analysis.graph.successors(team))
    assert view.nodes == frozenset({team} | neighbours | set(analysis.team_chain(team) or []))


def test_depth_follows_each_direction_on_its_own_through_a_cycle(tmp_path: Path) -> None:
    # b is 2 links upstream of a (b → c → a) and 1 link downstream (a → b): downstream, it
    # must still lead on to d, 2 links from a
    root = write_org(tmp_path / "org", [team("a", clients=["b", "customers"]), team("b", clients=["c", "d"]),
                                        team("c", clients=["a"]), team("d")])
    view = large.depth_view(chainmap.analyse(chainmap.load(root)), "a", 2)
    assert {"a", "b", "c", "d"} <= view.nodes


def test_depth_needs_focus(analysis) -> None:
    with pytest.raises(UsageError, match="--focus"):
        large.choose_drawing(analysis, depth=2)


def test_two_views_at_once_are_refused(analysis) -> None:
    with pytest.raises(UsageError, match="choose one"):
        large.choose_drawing(analysis, department="Finance", overview=True)


def test_large_focus_is_limited_to_the_default_depth_with_a_notice(analysis, monkeypatch) -> None:
    monkeypatch.setattr(large, "OVERVIEW_ABOVE_TEAMS", 2)
    team = max(analysis.carried, key=lambda t: len(analysis.carried[t]))
    drawing = large.choose_drawing(analysis, focus=team)
    assert drawing.notice and "--depth" in drawing.notice


def test_render_command_says_why_it_drew_the_overview(runner, group: Path, tmp_path: Path, small_threshold) -> None:
    result = runner.invoke(cli, ["render", str(group), "-o", str(tmp_path / "groupe.dot"), "--fail-on", "info"])
    assert result.exit_code == 1, result.output  # drawn; and the group has findings, as generated ones do
    assert "department overview" in result.stderr
    assert (tmp_path / "groupe.dot").read_text(encoding="utf-8").startswith("digraph chainmap_overview")


def fake_graphviz(folder: Path, script: str) -> None:
    """A `dot` and an `sfdp` that behave as ``script`` says (a shell snippet reading stdin)."""
    folder.mkdir(exist_ok=True)
    for name in ("dot", "sfdp"):
        path = folder / name
        path.write_text("#!/bin/sh\n"
                        'if [ "$1" = "-V" ]; then echo "dot - graphviz version 2.43.0 (0)" >&2; exit 0; fi\n'
                        f"ENGINE={name}\n" + script, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_cluster_trouble_is_retried_without_department_boxes(tmp_path: Path, monkeypatch) -> None:
    fake_graphviz(tmp_path / "bin", 'if grep -q "subgraph cluster_"; then echo "Error: trouble in init_rank" >&2; exit 1; fi\necho "<svg/>"\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    notes: list = []
    drawn = run_graphviz("digraph { subgraph cluster_d0 { a; } }", "svg", notes=notes)
    assert drawn.strip() == b"<svg/>"
    assert notes and "department boxes" in notes[0]


def test_a_layout_too_slow_is_retried_with_simpler_settings(tmp_path: Path, monkeypatch) -> None:
    fake_graphviz(tmp_path / "bin", 'case "$*" in *nslimit*) cat >/dev/null; echo "<svg limited/>";; *) sleep 5;; esac\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    notes: list = []
    assert run_graphviz("digraph { a; }", "svg", timeout=1.5, notes=notes).strip() == b"<svg limited/>"
    assert len(notes) == 1 and "simpler settings" in notes[0]


def test_a_layout_too_slow_every_way_names_the_smaller_views(tmp_path: Path, monkeypatch) -> None:
    """`render --no-overview` of 10,000 teams: every attempt runs out of time, and the
    message says which smaller drawings will finish."""
    fake_graphviz(tmp_path / "bin", "exec sleep 5\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    with pytest.raises(GraphvizFailed, match="more than 1 s") as refused:
        run_graphviz("digraph { a; }", "svg", timeout=1.0)
    assert "--department NAME" in str(refused.value) and "--focus TEAM --depth 2" in str(refused.value)


def test_sfdp_is_the_last_resort(tmp_path: Path, monkeypatch) -> None:
    fake_graphviz(tmp_path / "bin", 'cat >/dev/null; if [ "$ENGINE" = sfdp ]; then echo "<svg sfdp/>"; else exit 3; fi\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    notes: list = []
    assert run_graphviz("digraph { a; }", "svg", notes=notes).strip() == b"<svg sfdp/>"
    assert len(notes) == 2


def test_without_clusters_keeps_every_node() -> None:
    assert without_clusters("digraph { subgraph cluster_d1 { t0; t1; } }") == "digraph { subgraph group_d1 { t0; t1; } }"


def _crowded_arrows() -> dict:
    """12 departments that all serve each other; the even ones send most of their links to the clients."""
    departments = [f"D{i:02d}" for i in range(12)]
    arrows = {(a, b): (1 + (i * 7 + j) % 9, 0) for i, a in enumerate(departments)
              for j, b in enumerate(departments) if a != b}
    arrows.update({(a, "clients"): (20 if i % 2 == 0 else 2, 1) for i, a in enumerate(departments)})
    return arrows


def test_a_department_box_groups_thousands_as_the_language_does() -> None:
    from chainmap.render.overview import DepartmentFacts, department_node
    facts = DepartmentFacts(teams=1200, workers=10382, inside_links=2500, warnings=1001)
    assert "1,200 teams · 10,382 workers" in department_node("Ventes", facts, 0, {})["label"]
    set_language("fr")
    assert "1\u202f200 équipes · 10\u202f382 collaborateurs" in department_node("Ventes", facts, 0, {})["label"]


def test_a_crowded_overview_keeps_each_departments_main_arrow_and_counts_the_rest() -> None:
    arrows = _crowded_arrows()
    assert len(arrows) > ARROWS_BEFORE_PRUNING
    drawn, left_out = skeleton(arrows, {"clients"}, 12)
    for source in sorted({a for a, _b in arrows}):
        internal = sorted((n for (a, b), (n, _w) in arrows.items() if a == source and b != "clients"), reverse=True)
        kept = sorted((n for (a, b), (n, _w) in drawn.items() if a == source and b != "clients"), reverse=True)
        assert kept == internal[:ARROWS_KEPT_PER_DEPARTMENT]
        dropped = internal[ARROWS_KEPT_PER_DEPARTMENT:]
        frontline = arrows[(source, "clients")][0] >= kept[0]
        assert ((source, "clients") in drawn) == frontline
        assert left_out[source] == LeftOut(sum(dropped), len(dropped), 0 if frontline else arrows[(source, "clients")][0])
    few = dict(list(arrows.items())[:ARROWS_BEFORE_PRUNING])
    assert skeleton(few, {"clients"}, 2) == (few, {})
    two_each = dict(list(arrows.items())[:24])  # more than ARROWS_BEFORE_PRUNING, but two per department
    assert skeleton(two_each, {"clients"}, 12) == (two_each, {})
    assert skeleton(two_each, {"clients"}, 11)[1]


def test_an_arrow_that_would_close_a_circle_is_drawn_but_places_nobody() -> None:
    drawn = {("A", "B"): (9, 0), ("B", "C"): (5, 0), ("C", "A"): (2, 0), ("B", "A"): (1, 0), ("C", "clients"): (4, 0)}
    assert placing_arrows(drawn, {"clients"}) == {("A", "B"), ("B", "C"), ("C", "clients")}


def test_a_crowded_overview_draws_the_end_clients_once(crowded) -> None:
    """Each frontline department had its own box of end clients: readers counted the same
    clients many times. They are drawn once, every department's arrow to them counted."""
    dot = overview_dot(crowded).text
    assert not re.search(r"^  d\d+c ", dot, re.MULTILINE), "no end-client box per department"
    shared = re.findall(r"^  (e\d+) \[", dot, re.MULTILINE)
    assert sorted(shared) == sorted(f"e{i}" for i in range(len(crowded.org.end_clients)))
    assert re.search(r"^  d\d+ -> e\d+ ", dot, re.MULTILINE) and "rank=sink" in dot


def test_overview_arrows_are_shaded_by_their_share_of_weak_links(analyse_teams) -> None:
    """'35 links, 16 weak' was grey (orange from half only): the colour follows the share."""
    from chainmap.render.overview import _department_edge
    colours = [_department_edge(10, weak)["color"] for weak in (0, 1, 3, 5, 8, 10)]
    assert colours[0] == style.LINE and len(set(colours)) == 6, "every share its own shade"
    assert colours[-1] == style.ERROR and colours[3] == style.WARNING
    assert "16 weak (46 %)" in _department_edge(35, 16)["label"]


def test_the_worst_department_stands_out(analyse_teams) -> None:
    org = analyse_teams([team("a", clients=["b"], department="Achats"), team("b", clients=["customers"], department="Boutique"),
                         team("c", clients=["d"], suppliers=["x"], department="Caisse"),
                         team("d", clients=["customers"], suppliers=["c"], department="Caisse"),
                         team("x", clients=["c"], department="Caisse")])
    boxes = {str(node.get("tooltip")).strip('"'): node for node in parse_dot(overview_dot(org).text).get_nodes()
             if re.fullmatch(r"d\d+", node.get_name())}
    fill = {name: str(node.get("fillcolor")).strip('"') for name, node in boxes.items()}
    assert fill["Caisse"] == style.weak_share_fill(0.0) != fill["Achats"]
    assert "100 % of its links weak" in html.unescape(str(boxes["Achats"].get("label")))


def test_a_department_box_counts_what_its_arrows_leave_out() -> None:
    assert left_out_words(LeftOut(29, 3, 12)) == ["+ 29 links to 3 departments not drawn",
                                                   "+ 12 links to the end clients not drawn"]
    assert left_out_words(LeftOut(0, 0, 1)) == ["+ 1 link to the end clients not drawn"]
    assert left_out_words(LeftOut(1, 1, 0)) == ["+ 1 link to 1 department not drawn"]  # each noun its own number
    assert left_out_words(LeftOut(3, 1, 0)) == ["+ 3 links to 1 department not drawn"]
    assert left_out_words(LeftOut()) == []


def test_a_crowded_overview_of_a_generated_group_is_drawn_by_graphviz(crowded) -> None:
    svg = run_graphviz(overview_dot(crowded, framed=True).text, "svg").decode("utf-8")
    assert svg.count('class="node"') > len(large.department_names(crowded))


def test_a_page_with_many_outside_teams_gives_one_stub_per_department(crowded) -> None:
    name = max(large.department_names(crowded), key=lambda d: sum(t.department == d for t in crowded.org.teams.values()))
    teams = tuple(t for t, team in crowded.org.teams.items() if team.department == name)
    dot = page_dot(crowded, PageOfTeams(name, teams, name), {t: "7" for t in crowded.org.teams}).text
    labels = re.findall(r"^  s\d+ \[.*label=<(.*)>, margin=", dot, re.MULTILINE)
    outside = {crowded.org.teams[t].department for link in crowded.org.links
               for t in (link.supplier, link.client) if t in crowded.org.teams and (link.supplier in teams) != (link.client in teams)
               and (link.supplier, link.client) in crowded.graph.edges} - {name}
    assert len(labels) == len(outside) > STUBS_BEFORE_GROUPING // 4
    assert all(" teams" in label or " team" in label for label in labels) and all("page 7" in label for label in labels)


def test_a_page_with_few_outside_teams_names_each_of_them(analysis) -> None:
    name = large.department_names(analysis)[0]
    teams = tuple(t for t, team in analysis.org.teams.items() if team.department == name)[:2]
    dot = page_dot(analysis, PageOfTeams(name, teams, name)).text
    stubs = re.findall(r"^  s\d+ \[.*label=<(.*)>, margin=.*tooltip=\"([^\"]*)\"", dot, re.MULTILINE)
    by_name = {team.name: team for team in analysis.org.teams.values()}
    assert 0 < len(stubs) <= STUBS_BEFORE_GROUPING
    assert all(tooltip in by_name and by_name[tooltip].department in label for label, tooltip in stubs)


def test_a_department_above_the_threshold_is_drawn_whole_with_a_notice(analysis, monkeypatch) -> None:
    monkeypatch.setattr(large, "OVERVIEW_ABOVE_TEAMS", 12)
    biggest = max(large.department_names(analysis), key=lambda d: sum(t.department == d for t in analysis.org.teams.values()))
    size = sum(t.department == biggest for t in analysis.org.teams.values())
    assert size > large.OVERVIEW_ABOVE_TEAMS
    selection = large.choose(analysis, department=biggest)
    assert selection.department is not None and len(selection.department.teams) == size
    assert selection.notice and f"{biggest} has {size} teams" in selection.notice and "--focus TEAM --depth 2" in selection.notice
    smallest = min(large.department_names(analysis), key=lambda d: sum(t.department == d for t in analysis.org.teams.values()))
    assert large.choose(analysis, department=smallest).notice is None


def test_every_arrow_of_an_overview_is_explained_by_its_legend(crowded, analysis, analyse_teams) -> None:
    """An arrow whose links are all weak is dashed orange: the legend had no such row."""
    one_sided = analyse_teams([team("a", clients=["b"], department="Achats"),
                               team("b", clients=["customers"], department="Boutique")])
    shades = {style.weak_share_colour(k / 1000) for k in range(1001)}  # the legend's "the redder, the more weak"
    for org in (crowded, analysis, one_sided):
        diagram = overview_dot(org, framed=True)
        unexplained = unexplained_lines(diagram.text, style.LINE)
        assert {look for look in unexplained if look[0] not in shades} == set()
        assert not unexplained or "weak-links" in diagram.legend_keys
    assert {"all-weak-links", "department"} <= overview_dot(one_sided).legend_keys
    assert "weak-links" not in overview_dot(one_sided).legend_keys, "only the arrows drawn"


def _department_boxes(dot: str) -> dict:
    """Department → the text of its box in an overview (read back with pydot)."""
    nodes = [node for node in parse_dot(dot).get_nodes() if re.fullmatch(r"d\d+", node.get_name())]
    return {html.unescape(str(node.get("tooltip")).strip('"')): html.unescape(re.sub(r"<[^>]*>", " ", str(node.get("label"))))
            for node in nodes}


def _counted(text: str, words: str) -> int:
    found = re.search(rf"(\d+) {words}", text)
    return int(found.group(1)) if found else 0


def test_the_overviews_counts_add_up_to_those_of_weak() -> None:
    """The misspelt supplier "radiolgie → Urgences" was counted nowhere (3 errors for 4), and
    a worker in two teams of a department twice (66 workers for an organisation of 64)."""
    example = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    boxes = _department_boxes(overview_dot(example).text)
    assert sum(_counted(text, "errors?") for text in boxes.values()) == example.count("error") == 4
    assert sum(_counted(text, "warnings?") for text in boxes.values()) == example.count("warning")
    assert _counted(boxes["Soins"], "errors?") == 1, "radiolgie → Urgences is Urgences' mistake"
    for name, text in boxes.items():
        people = {m.id for t in example.org.teams.values() if t.department == name for m in t.members}
        assert _counted(text, "workers?") == len(people), name
    assert _counted(boxes["Administration & RH"], "workers?") == 19, "Nadia Haddad, in two of its teams, once"


def test_the_overview_legend_claims_no_size_and_explains_the_end_client_boxes(crowded, analysis) -> None:
    """Its legend said department boxes were sized by workers, yet 5 and 20 workers gave
    2.67 and 2.73 in; and a crowded overview's end clients, drawn beside each frontline
    department, were counted as many times by readers, with no word in the legend."""
    for org in (crowded, analysis):
        dot = overview_dot(org, framed=True).text
        department_row = [words for words in legend_of(dot) if words.startswith("department")]
        assert department_row and "size" not in department_row[0]
        widths = {str(node.get("width")) for node in parse_dot(dot).get_nodes() if re.fullmatch(r"d\d+", node.get_name())}
        assert len(widths) == 1, widths
    crowded_rows = legend_of(overview_dot(crowded, framed=True).text)
    assert "end client (outside the organisation)" in crowded_rows, "the end clients are drawn once"
    assert any("the redder" in words for words in crowded_rows)
