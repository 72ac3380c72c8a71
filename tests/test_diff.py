"""`chainmap diff OLD NEW`: two versions of a small organisation, the changes worked out by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.diff import diff
from chainmap.diff.dot import ADDED, REMOVED_LINK, diff_dot

from .orgs import team, write_org

AS_OF = ["--as-of", "2026-11-23"]


def version_1(root: Path) -> Path:
    """achats → pharmacie (4/10) → urgences → customers; cuisine → labo → urgences, both one-sided."""
    return write_org(root, [
        team("achats", clients=["pharmacie"]),
        team("pharmacie", clients=["urgences"], suppliers=[{"id": "achats", "satisfaction": 4}]),
        team("urgences", clients=["customers"], suppliers=["pharmacie"]),
        team("cuisine", clients=["labo"]),
        team("labo", clients=["urgences"]),
    ])


def version_2(root: Path) -> Path:
    """After the workshop: achats rated 8, urgences confirms labo, cuisine serves the customers
    directly, a new team `accueil`, and a typo (`urgence`) in pharmacie's clients."""
    return write_org(root, [
        team("achats", clients=["pharmacie"]),
        team("pharmacie", clients=["urgences", "urgence"], suppliers=[{"id": "achats", "satisfaction": 8}]),
        team("urgences", clients=["customers"], suppliers=["pharmacie", "labo"]),
        team("cuisine", clients=["customers"]),
        team("labo", clients=["urgences"]),
        team("accueil", clients=["customers"]),
    ])


@pytest.fixture
def versions(tmp_path: Path):
    return version_1(tmp_path / "v1"), version_2(tmp_path / "v2")


def analysed(path: Path) -> chainmap.Analysis:
    import datetime as dt
    return chainmap.analyse(chainmap.load(path), as_of=dt.date(2026, 11, 23))


def test_the_json_diff_lists_every_change_worked_out_by_hand(versions, runner) -> None:
    result = runner.invoke(cli, ["diff", *map(str, versions), "--format", "json", *AS_OF])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["teams"] == {"added": ["accueil"], "removed": []}
    pairs = {kind: [(link["supplier"], link["client"]) for link in links] for kind, links in data["links"].items()}
    assert pairs == {"added": [("accueil", "customers"), ("cuisine", "customers")], "removed": [("cuisine", "labo")],
                     "newly_confirmed": [("labo", "urgences")], "no_longer_confirmed": []}
    subjects = {kind: [(f["rule"], f.get("team") or f["supplier"], f.get("client")) for f in found]
                for kind, found in data["findings"].items()}
    assert subjects == {
        "fixed": [("one-sided", "cuisine", "labo"), ("one-sided", "labo", "urgences"), ("low-satisfaction", "achats", "pharmacie")],
        "new": [("unknown-reference", "pharmacie", "urgence")],
    }
    assert data["chains"] == [{"team": "cuisine", "change": "shorter", "old": ["cuisine", "labo", "urgences", "customers"],
                               "new": ["cuisine", "customers"]}]
    assert data["workers"] == {"added": ["accueil worker"], "removed": [],
                               "changed": [{"worker": "cuisine worker", "old": ["cuisine", "labo", "urgences", "customers"],
                                            "new": ["cuisine", "customers"]}]}


def test_the_text_diff_speaks_of_teams_by_name(tmp_path: Path, runner) -> None:
    old = write_org(tmp_path / "a", [team("cuisine", name="Cuisine centrale", clients=["customers"])])
    new = write_org(tmp_path / "b", [team("cuisine", name="Cuisine centrale", clients=["customers"]),
                                     team("accueil", name="Accueil", clients=["cuisine"])])
    result = runner.invoke(cli, ["diff", str(old), str(new), *AS_OF])
    assert result.stdout.splitlines()[2:6] == ["Teams: 1 added, 0 removed", "  + Accueil", "",
                                               "Links: 1 added, 0 removed, 0 newly confirmed, 0 no longer confirmed"]
    assert "  + Accueil → Cuisine centrale" in result.stdout
    assert "  ✗ new (warning): One-sided link: Accueil → Cuisine centrale — " in result.stdout
    french = runner.invoke(cli, ["--lang", "fr", "diff", str(old), str(new), *AS_OF])
    assert "(avertissement)" in french.stdout and "(warning)" not in french.stdout


def test_fail_on_new_exits_1_when_a_new_error_appears(versions, runner) -> None:
    assert runner.invoke(cli, ["diff", *map(str, versions), *AS_OF]).exit_code == 0
    assert runner.invoke(cli, ["diff", *map(str, versions), "--fail-on-new", *AS_OF]).exit_code == 1
    assert runner.invoke(cli, ["diff", *map(str, reversed(versions)), "--fail-on-new", *AS_OF]).exit_code == 0


def test_identical_versions_say_nothing_changed(versions, runner) -> None:
    result = runner.invoke(cli, ["diff", str(versions[0]), str(versions[0]), "--fail-on-new"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "Nothing changed in teams, links, findings, chains or figures."


def test_the_diagram_colours_added_removed_and_fixed_links(versions) -> None:
    dot = diff_dot(diff(analysed(versions[0]), analysed(versions[1])), "v1", "v2")
    # ids: teams in id order accueil t0, achats t1, cuisine t2, labo t3, pharmacie t4, urgences t5; customers e0
    edges = dict(re.findall(r"^  (t\d+ -> [te]\d+) \[(.*)\];$", dot, re.M))
    assert f'color="{ADDED}"' in edges["t2 -> e0"] and f'color="{ADDED}"' in edges["t0 -> e0"]
    assert f'color="{ADDED}"' in edges["t3 -> t5"]  # newly confirmed
    assert f'color="{REMOVED_LINK}"' in edges["t2 -> t3"] and 'style="dashed"' in edges["t2 -> t3"] and "✗" in edges["t2 -> t3"]
    assert 'decorate="true"' in edges["t2 -> t3"], "its marks joined to it"
    assert "✓" in edges["t2 -> t3"] and "✓" in edges["t1 -> t4"]  # fixed one-sided, fixed low satisfaction
    assert "! Unknown team" in dot.split("  t4 [", 1)[1].split("\n", 1)[0]  # the typo, on the team that wrote it
    assert dot == diff_dot(diff(analysed(versions[0]), analysed(versions[1])), "v1", "v2")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_diff_draws_an_svg(versions, tmp_path: Path, runner) -> None:
    output = tmp_path / "diff.svg"
    result = runner.invoke(cli, ["diff", *map(str, versions), "-o", str(output), *AS_OF])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").count("<g id=\"edge") == 7  # 6 links of v2 + the removed one


def test_an_output_inside_new_is_refused_with_the_option_that_allows_it(versions, runner) -> None:
    inside = versions[1] / "diff.dot"
    refused = runner.invoke(cli, ["diff", *map(str, versions), "-o", str(inside), *AS_OF])
    assert refused.exit_code == 2 and "add --force" in refused.stderr and not inside.exists()
    if shutil.which("dot") is not None:
        forced = runner.invoke(cli, ["diff", *map(str, versions), "-o", str(inside), "--force", *AS_OF])
        assert forced.exit_code == 0, forced.output
        assert inside.read_text(encoding="utf-8").startswith("digraph")


def test_an_output_without_extension_says_which_ones_are_accepted(versions, tmp_path: Path, runner) -> None:
    result = runner.invoke(cli, ["diff", *map(str, versions), "-o", str(tmp_path / "changes"), *AS_OF])
    assert result.exit_code == 2 and "the file name has no extension" in result.stderr
    assert ".svg, .png, .pdf or .dot" in result.stderr and result.stdout == ""


def test_in_the_diagram_dashed_means_removed_only(tmp_path: Path) -> None:
    """A one-sided link that did not change is drawn solid: dashed would read as removed."""
    one_sided = [team("a", clients=["b"]), team("b", clients=["customers"])]
    old = write_org(tmp_path / "old", [*one_sided, team("c", clients=["b"])])
    new = write_org(tmp_path / "new", [*one_sided, team("c")])
    dot = diff_dot(diff(analysed(old), analysed(new)), "old", "new")
    edges = dict(re.findall(r"^  (t\d+ -> [te]\d+) \[(.*)\];$", dot, re.M))  # a t0, b t1, c t2
    assert {edge for edge, attributes in edges.items() if 'style="dashed"' in attributes} == {"t2 -> t1"}
    assert 'style="solid"' in edges["t0 -> t1"]


def test_the_diagram_shows_departments_as_render_does(tmp_path: Path) -> None:
    """Teams in their department's tinted box, in the colour it has on every drawing."""
    from chainmap.render import style
    example = analysed(chainmap.example_path())
    dot = diff_dot(diff(example, example), "v1", "v2")
    departments = sorted({t.department for t in example.org.teams.values() if t.department})
    fills = style.department_fills(departments)
    for name in departments:
        assert re.search(rf'label=<<B>{re.escape(name.replace("&", "&amp;"))}</B>>;.*fillcolor="{fills[name]}"', dot), name
