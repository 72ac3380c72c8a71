"""Loading an organisation: FORMAT.md §1, one test per rule and per kind of bad input.

Every problem names the file, the line and how to fix it; all problems of all files are
reported in one run; nothing the user wrote is ever changed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import List, Optional

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.errors import LoadError, Problem
from chainmap.load import Limits
from chainmap.load.files import read_within
from chainmap.load.yaml_nodes import parse_yaml

from .orgs import ORG_YAML, snapshot, write_files

FRONTLINE = "id: front\nclients: [customers]\n"


def problems_of(path: Path, limits: Optional[Limits] = None) -> List[Problem]:
    """The problems that stop ``path`` from loading (the test fails if it loads)."""
    with pytest.raises(LoadError) as caught:
        chainmap.load(path, limits) if limits else chainmap.load(path)
    return caught.value.problems


def only_problem(path: Path, limits: Optional[Limits] = None) -> Problem:
    found = problems_of(path, limits)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def org_with(tmp_path: Path, **teams: str) -> Path:
    """An org folder with the minimal org.yaml and one file per keyword (`a="id: a"` → a.yaml)."""
    return write_files(tmp_path / "org", {"org.yaml": ORG_YAML, **{f"{k}.yaml": v for k, v in teams.items()}})


def assert_problem(problem: Problem, path: Path, line: Optional[int], *words: str) -> None:
    assert problem.path == str(path)
    assert problem.line == line, str(problem)
    for word in words:
        assert word in problem.message, f"{word!r} not in {problem.message!r}"


# Unknown keys, with "did you mean" --------------------------------------------------------

def test_unknown_team_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nsupliers: []\nclients: [customers]\n")
    assert_problem(only_problem(root), root / "a.yaml", 2, "unknown key `supliers`", "did you mean `suppliers`")


def test_unknown_member_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nmembers:\n  - name: Ann\n    rol: nurse\nclients: [customers]\n")
    assert_problem(only_problem(root), root / "a.yaml", 4, "unknown key `rol`", "did you mean `role`")


def test_unknown_supplier_entry_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = org_with(tmp_path, front=FRONTLINE + "suppliers:\n  - id: back\n    satisfation: 4\n",
                    back="id: back\nclients: [front]\n")
    assert_problem(only_problem(root), root / "front.yaml", 5, "unknown key `satisfation`", "did you mean `satisfaction`")


def test_unknown_settings_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "settings:\n  min_satisfction: 5\n"})
    assert_problem(only_problem(root), root / "org.yaml", 5, "min_satisfction", "did you mean `min_satisfaction`")


def test_unknown_org_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "end_client: []\n"})
    assert_problem(only_problem(root), root / "org.yaml", 4, "unknown key `end_client`", "did you mean `end_clients`")


def test_unknown_key_far_from_any_lists_the_keys(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nzzz: 1\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "unknown key `zzz`", "suppliers")


def test_french_key_is_understood_as_a_hint(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nfournisseurs: []\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "did you mean `suppliers`")


# Ids ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, suggestion", [
    ("Pharmacie", "pharmacie"),
    ("soins infirmiers", "soins-infirmiers"),
    ("téléphonie", "telephonie"),
])
def test_invalid_id_is_refused_with_a_suggestion(tmp_path: Path, written: str, suggestion: str) -> None:
    root = org_with(tmp_path, a=f"name: A\nid: {written}\n")
    assert_problem(only_problem(root), root / "a.yaml", 2, f"`{written}` is not a valid id",
                   "lower-case", f"`{suggestion}`")


def test_an_invalid_id_does_not_hide_the_other_problems_of_its_file(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: Nouvelle Équipe\nenps: 150\nreviewed: 03/12/2026\nclients: [Customers]\n")
    assert [(p.line, p.message.split(" ")[0]) for p in problems_of(root)] == [
        (1, "`Nouvelle"), (2, "`enps`"), (3, "`reviewed`"), (4, "`Customers`")]


@pytest.mark.parametrize("length", [201, 500])
def test_an_id_too_long_is_refused_as_too_long_not_as_badly_written(tmp_path: Path, length: int) -> None:
    root = org_with(tmp_path, a=f"id: {'a' * length}\nclients: [customers]\n")
    assert_problem(only_problem(root), root / "a.yaml", 1, f"this id is {length} characters long, more than 200: shorten it")


def test_invalid_id_in_a_clients_entry_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients:\n  - Customers\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "not a valid id", "`customers`")


def test_ids_and_names_typed_as_numbers_or_yes_no_are_read_as_written(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {
        "org.yaml": "org: 2024\nend_clients: [{id: 2024, name: yes}]\n",
        "a.yaml": "id: 42\nname: 2024\nmembers: [yes, 007, {name: no, id: 12}]\nclients: ['2024']\n",
    })
    org = chainmap.load(root)
    assert org.name == "2024"
    assert org.end_clients["2024"].name == "yes"
    assert org.teams["42"].name == "2024"
    assert [(w.id, w.name) for w in org.workers.values()] == [("yes", "yes"), ("007", "007"), ("12", "no")]


# Values ------------------------------------------------------------------------------------

def test_satisfaction_in_clients_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients:\n  - id: customers\n    satisfaction: 3\n")
    assert_problem(only_problem(root), root / "a.yaml", 4, "`satisfaction` is not allowed in `clients`",
                   "a client rates its supplier")


@pytest.mark.parametrize("value, words", [
    ("11", ("`satisfaction` is 11", "between 0 and 10")),
    ("-1", ("`satisfaction` is -1", "between 0 and 10")),
    ("good", ("should be a number from 0 to 10", "`good`")),
    ("yes", ("should be a number from 0 to 10", "yes/no")),
    (".nan", ("should be a number from 0 to 10",)),
])
def test_satisfaction_must_be_a_number_from_0_to_10(tmp_path: Path, value: str, words) -> None:
    root = org_with(tmp_path, front=FRONTLINE + f"suppliers:\n  - id: back\n    satisfaction: {value}\n",
                    back="id: back\nclients: [front]\n")
    assert_problem(only_problem(root), root / "front.yaml", 5, *words)


def test_satisfaction_may_be_a_decimal(tmp_path: Path) -> None:
    root = org_with(tmp_path, front=FRONTLINE + "suppliers:\n  - id: back\n    satisfaction: 6.5\n",
                    back="id: back\nclients: [front]\n")
    assert chainmap.load(root).links[0].satisfaction == 6.5


@pytest.mark.parametrize("value, read", [('"8"', 8), ("'6.5'", 6.5), ("7,5", 7.5), ('"7,5"', 7.5)])
def test_a_number_in_quotes_or_with_a_decimal_comma_is_read_as_the_number(tmp_path: Path, value: str, read) -> None:
    # refused before as "should be a number from 0 to 10, not `8`", which looked right
    root = org_with(tmp_path, front=FRONTLINE + f"suppliers:\n  - id: back\n    satisfaction: {value}\n",
                    back="id: back\nclients: [front]\nenps: '+12'\nreviewed: \"2026-01-01\"\n")
    org = chainmap.load(root)
    assert org.links[0].satisfaction == read
    assert (org.teams["back"].enps, org.teams["back"].reviewed) == (12, dt.date(2026, 1, 1))


def test_a_decimal_comma_between_braces_is_pointed_at(tmp_path: Path) -> None:
    # YAML reads {satisfaction: 7,5} as satisfaction 7 and a key `5`: it said "unknown key `5`"
    root = org_with(tmp_path, front=FRONTLINE + "suppliers: [{id: back, satisfaction: 7,5}]\n",
                    back="id: back\nclients: [front]\n")
    assert_problem(only_problem(root), root / "front.yaml", 3, "`satisfaction: 7,5` is read as `satisfaction: 7` followed by a key `5`",
                   "write 7.5, with a point")


def test_a_number_in_quotes_is_still_checked_as_a_number(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nenps: '150'\nreviewed: '2026-02-30'\n")
    first, second = problems_of(root)
    assert_problem(first, root / "a.yaml", 3, "`enps` is 150", "between -100 and 100")
    assert_problem(second, root / "a.yaml", 4, "`reviewed` should be a date written YYYY-MM-DD", "2026-02-30")


@pytest.mark.parametrize("value, words", [
    ("150", ("`enps` is 150", "between -100 and 100")),
    ("-101", ("`enps` is -101", "between -100 and 100")),
    ("12.5", ("`enps` should be a whole number", "`12.5`")),
    ("high", ("`enps` should be a whole number", "`high`")),
])
def test_enps_must_be_a_whole_number_from_minus_100_to_100(tmp_path: Path, value: str, words) -> None:
    root = org_with(tmp_path, a=f"id: a\nclients: [customers]\nenps: {value}\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, *words)


@pytest.mark.parametrize("value, words", [
    ("101", ("`nps` is 101", "between -100 and 100")),
    ("3.5", ("`nps` should be a whole number", "`3.5`")),
])
def test_nps_must_be_a_whole_number_from_minus_100_to_100(tmp_path: Path, value: str, words) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": f"org: T\nend_clients:\n  - id: c\n    nps: {value}\n"})
    assert_problem(only_problem(root), root / "org.yaml", 4, *words)


@pytest.mark.parametrize("value, shown", [
    ("2026-13-45", "2026-13-45"), ("last spring", "last spring"), ("01/09/2026", "01/09/2026"),
    # a date in another order gets its exact correction
    ("15/03/2024", "`15/03/2024`: write 2024-03-15"),
    ("2024/3/15", "`2024/3/15`: write 2024-03-15"),
    ("04.03.2024", "`04.03.2024`: write 2024-03-04 if the day comes first, 2024-04-03 if the month does"),
])
def test_reviewed_must_be_an_iso_date(tmp_path: Path, value: str, shown: str) -> None:
    root = org_with(tmp_path, a=f"id: a\nclients: [customers]\nreviewed: {value}\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "`reviewed` should be a date written YYYY-MM-DD", shown)


def test_a_date_no_order_can_read_gets_no_correction(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nreviewed: 15/15/2024\n")
    assert only_problem(root).message.endswith("not `15/15/2024`")


@pytest.mark.parametrize("text, line, words", [
    ("name: A\nclients: [customers]\n", 1, ("`id` is required",)),
    ("id: a\nclients: customers\n", 2, ("`clients` should be a list", "`- `")),
    ("id: a\nmembers: Ann\nclients: [customers]\n", 2, ("`members` should be a list",)),
    ("id: a\nmembers:\n  - id: x\nclients: [customers]\n", 3, ("`name` is required",)),
])
def test_required_values_and_lists_are_checked(tmp_path: Path, text: str, line: int, words) -> None:
    root = org_with(tmp_path, a=text)
    assert_problem(only_problem(root), root / "a.yaml", line, *words)


def test_settings_values_are_checked(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "settings:\n  max_chain_length: 0\n  spof_min_teams: two\n"})
    first, second = problems_of(root)
    assert_problem(first, root / "org.yaml", 5, "`max_chain_length` is 0", "between 1 and 1,000,000")
    assert_problem(second, root / "org.yaml", 6, "`spof_min_teams` should be a whole number")


def test_org_yml_is_accepted_but_not_beside_org_yaml(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yml": ORG_YAML, "a.yaml": "id: a\nclients: [customers]\n"})
    assert list(chainmap.load(root).teams) == ["a"]
    write_files(root, {"org.yaml": ORG_YAML})
    assert "keep only one" in only_problem(root).message


def test_members_with_an_empty_value_is_an_empty_team(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nmembers:\nclients: [customers]\n")
    assert chainmap.load(root).teams["a"].members == ()


# Links -------------------------------------------------------------------------------------

def test_end_client_in_suppliers_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [b]\nsuppliers: [customers]\n", b="id: b\nclients: [customers]\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "`customers` is an end client", "never in `suppliers`")


@pytest.mark.parametrize("key, line", [("clients", 2), ("suppliers", 3)])
def test_team_listing_itself_is_refused(tmp_path: Path, key: str, line: int) -> None:
    lists = {"clients": "[customers]", "suppliers": "[]"}
    lists[key] = "[a]" if key == "suppliers" else "[a, customers]"
    root = org_with(tmp_path, a=f"id: a\nclients: {lists['clients']}\nsuppliers: {lists['suppliers']}\n")
    assert_problem(only_problem(root), root / "a.yaml", line, f"the team lists itself in its own `{key}`")


def test_same_id_twice_in_one_list_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients:\n  - customers\n  - id: customers\n    what: Bread\n")
    assert_problem(only_problem(root), root / "a.yaml", 4, "`customers` is listed twice in `clients`", "also on line 3")


# Ids across files --------------------------------------------------------------------------

def test_same_team_id_in_two_files_names_both_places(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\n")
    write_files(root, {"sub/again.yaml": "name: A again\nid: a\n"})
    problem = only_problem(root)
    assert_problem(problem, root / "sub" / "again.yaml", 1, "the id `a` is already used by a team")
    assert f"{root / 'a.yaml'}:1" in problem.message


def test_team_with_the_id_of_an_end_client_names_both_places(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: customers\n")
    problem = only_problem(root)
    assert_problem(problem, root / "a.yaml", 1, "the id `customers` is already used by an end client")
    assert f"{root / 'org.yaml'}:3" in problem.message


def test_problems_across_files_are_listed_with_those_of_single_files(tmp_path: Path) -> None:
    # one run lists them all: a mistake inside a file does not hide a duplicate id or an end
    # client listed as a supplier, which would only show up after it was fixed
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nsuppliers: [customers]\nenps: lots\n",
                    b="id: a\n")
    found = [(Path(p.path).name, p.line) for p in problems_of(root)]
    assert found == [("a.yaml", 3), ("a.yaml", 4), ("b.yaml", 1)], found


def test_duplicate_team_ids_are_listed_even_when_org_yaml_cannot_be_read(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": "org: [unclosed\n", "a.yaml": "id: a\n", "b.yaml": "id: a\n"})
    assert [Path(p.path).name for p in problems_of(root)] == ["b.yaml", "org.yaml"]


def test_the_same_member_twice_in_a_team_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nmembers:\n  - Ann\n  - Bob\n  - Ann\n")
    assert_problem(only_problem(root), root / "a.yaml", 6, "`Ann` is listed twice", "also on line 4", "give each an `id`")


def test_one_id_given_to_two_people_is_refused(tmp_path: Path) -> None:
    # names that share no word: a mistyped employee number, which would merge Bob into Alice
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nmembers: [{name: Alice Martin, id: e1}]\n",
                    b="id: b\nclients: [a]\nmembers: [{name: Bob Dupont, id: e1}]\n")
    assert_problem(only_problem(root), root / "b.yaml", 1, "`e1` is Bob Dupont in this team, but Alice Martin in a",
                   "one id for two people?")


def test_one_id_for_two_people_is_listed_with_the_mistakes_inside_files(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nmembers: [{name: Alice Martin, id: e1}]\nenps: lots\n",
                    b="id: b\nclients: [a]\nmembers: [{name: Bob Dupont, id: e1}]\n")
    found = [(Path(p.path).name, p.line) for p in problems_of(root)]
    assert found == [("a.yaml", 4), ("b.yaml", 1)], found


def test_a_worker_in_two_teams_is_one_worker(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nmembers: [{name: Ann Bo, id: ann}]\n",
                    b="id: b\nclients: [a]\nmembers: [{name: ann  BO, id: ann}, Bob]\n")
    org = chainmap.load(root)
    assert list(org.workers) == ["ann", "Bob"]
    assert org.workers["ann"].teams == ("a", "b")
    assert org.shared_members == {"a": ("ann",), "b": ("ann",)}  # Bob is in one team: not listed


# org.yaml ----------------------------------------------------------------------------------

def test_missing_org_name_is_refused(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": "end_clients: [customers]\n"})
    assert_problem(only_problem(root), root / "org.yaml", 1, "`org` is required")


@pytest.mark.parametrize("text, line", [("org: T\n", 1), ("org: T\nend_clients: []\n", 2), ("org: T\nend_clients:\n", 2)])
def test_missing_or_empty_end_clients_is_refused(tmp_path: Path, text: str, line: int) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": text})
    assert_problem(only_problem(root), root / "org.yaml", line, "`end_clients` is required", "at least one")


def test_the_organisation_name_written_as_name_is_one_problem_that_says_what_to_write(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": "end_clients: [customers]\nname: Boulangerie Dupont\n"})
    assert_problem(only_problem(root), root / "org.yaml", 2, "written `org:`, not `name:`", "write `org: Boulangerie Dupont`")


def test_org_yaml_holding_a_team_is_explained(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": "id: a\nclients: [customers]\n"})
    assert_problem(only_problem(root), root / "org.yaml", 1, "looks like a team declaration")


# Files and folders -------------------------------------------------------------------------

def test_problems_of_several_files_are_reported_together_and_sorted(tmp_path: Path) -> None:
    root = org_with(tmp_path, b="id: B\n", a="id: a\nclients: [customers]\nfoo: 1\nenps: 500\n")
    found = problems_of(root)
    assert [(Path(p.path).name, p.line) for p in found] == [("a.yaml", 3), ("a.yaml", 4), ("b.yaml", 1)]


def test_cli_lists_every_problem_as_path_line_message_and_exits_2(runner, tmp_path: Path) -> None:
    root = org_with(tmp_path, b="id: B\n", a="id: a\nclients: [customers]\nfoo: 1\n")
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 2
    assert f"{root / 'a.yaml'}:3: unknown key `foo`" in result.stderr
    assert f"{root / 'b.yaml'}:1: `B` is not a valid id" in result.stderr
    assert "2 problems to fix" in result.stderr
    assert "Traceback" not in result.output


def test_empty_folder_is_explained(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {})
    assert_problem(only_problem(root), root, None, "this folder is empty", "org.yaml")


def test_folder_without_org_yaml_is_explained(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"a.yaml": "id: a\n"})
    assert_problem(only_problem(root), root, None, "there is no org.yaml in this folder")


@pytest.mark.parametrize("name", ["organisation.yaml", "Org.yaml", "org.yaml.yml"])
def test_the_organisation_file_under_another_name_is_named_and_not_read_as_a_team(tmp_path: Path, name: str) -> None:
    root = write_files(tmp_path / "org", {name: ORG_YAML, "a.yaml": "id: a\nclients: [customers]\n"})
    assert_problem(only_problem(root), root / name, None, f"{name} looks like it", "rename it org.yaml")


def test_a_team_file_below_the_organisation_is_never_taken_for_its_org_yaml(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"teams/old-org.yaml": ORG_YAML, "a.yaml": "id: a\n"})
    found = problems_of(root)
    assert any(p.path == str(root) and "there is no org.yaml" in p.message for p in found), [str(p) for p in found]


def test_the_teams_folder_given_instead_of_the_organisation_names_the_organisation(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    teams = write_files(root / "teams", {"a.yaml": "id: a\nclients: [customers]\n"})
    problem = only_problem(teams)
    assert "this looks like its teams folder; give the organisation's folder" in problem.message
    assert problem.message.endswith(os.path.relpath(root))


def test_folder_without_yaml_is_explained(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"notes.txt": "hello"})
    assert_problem(only_problem(root), root, None, "holds no YAML file")


def test_missing_path_is_explained(tmp_path: Path) -> None:
    assert_problem(only_problem(tmp_path / "nowhere"), tmp_path / "nowhere", None, "no such file or folder")


def test_missing_path_names_a_folder_of_near_name(tmp_path: Path) -> None:
    (tmp_path / "org1").mkdir()
    (tmp_path / ".org12").mkdir()  # hidden: never offered
    assert_problem(only_problem(tmp_path / "org11"), tmp_path / "org11", None,
                   f"no such file or folder: did you mean {tmp_path / 'org1'}?")


def test_missing_path_with_no_near_name_only_says_check_it(tmp_path: Path) -> None:
    (tmp_path / "hopital").mkdir()
    assert "did you mean" not in only_problem(tmp_path / "zzz").message


def test_team_file_holding_a_list_is_explained(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="- id: a\n- id: b\n")
    assert_problem(only_problem(root), root / "a.yaml", 1, "this file holds a list", "under `teams:` in org.yaml")


def test_empty_team_file_is_explained(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="# nothing yet\n")
    assert_problem(only_problem(root), root / "a.yaml", None, "this file is empty", "`id:`")


def test_team_file_that_is_an_org_yaml_is_explained(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="org: Another\nend_clients: [x]\n")
    assert_problem(only_problem(root), root / "a.yaml", 1, "looks like an org.yaml")


def test_yml_files_and_sub_folders_are_found_and_hidden_folders_ignored(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"x/y/a.yml": "id: a\nclients: [customers]\n", ".git/b.yaml": "id: B\n",
                       "x/.drafts/c.yaml": "id: C\n", ".hidden.yaml": "id: D\n", "notes.txt": "id: E\n"})
    assert list(chainmap.load(root).teams) == ["a"]


def test_folders_whose_names_start_with_underscores_are_read(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"__common/a.yaml": "id: a\nclients: [customers]\n", "__MACOSX/._a.yaml": "junk"})
    assert list(chainmap.load(root).teams) == ["a"]


def test_a_linked_sub_folder_is_read_through(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    shared = write_files(tmp_path / "shared-department", {"a.yaml": "id: a\nclients: [customers]\n"})
    (root / "teams").mkdir()
    (root / "teams" / "department").symlink_to(shared)
    assert list(chainmap.load(root).teams) == ["a"]


def test_a_folder_link_loop_or_a_second_link_to_a_folder_is_not_read_again(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"teams/a.yaml": "id: a\nclients: [customers]\n"})
    (root / "teams" / "loop").symlink_to(root)  # back to the top: would read everything again, forever
    (root / "again").symlink_to(root / "teams")
    assert list(chainmap.load(root).teams) == ["a"]


def test_an_org_yaml_given_instead_of_its_folder_loads_the_folder(tmp_path: Path) -> None:
    # read alone, it would be an organisation without its teams: "0 teams, no weak link found"
    root = org_with(tmp_path, a="id: a\nclients: [customers]\n")
    assert list(chainmap.load(root / "org.yaml").teams) == ["a"]


def test_a_single_file_organisation_named_org_yaml_keeps_its_inline_teams(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"})
    assert list(chainmap.load(root / "org.yaml").teams) == ["a"]


def test_an_org_yaml_with_its_teams_inline_is_read_alone_whatever_its_folder_holds(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n",
                                          "docker-compose.yml": "version: '3'\nservices: {}\n"})
    assert list(chainmap.load(root / "org.yaml").teams) == ["a"]


@pytest.mark.parametrize("written", ["1,000", "'1.000'", "30,5"])
def test_a_whole_number_written_with_a_separator_is_refused_not_guessed(tmp_path: Path, written: str) -> None:
    # "1,000" is a thousand in English and one in French: read as 1, every team was stale
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + f"settings:\n  stale_after_days: {written}\n",
                                          "a.yaml": "id: a\nclients: [customers]\n"})
    assert_problem(only_problem(root), root / "org.yaml", 5, "`stale_after_days` should be a whole number")


def test_a_link_to_a_folder_above_the_organisation_is_not_followed(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"teams/a.yaml": "id: a\nclients: [customers]\n"})
    write_files(tmp_path, {"elsewhere/notes.yaml": "not: a team\n"})
    (root / "teams" / "up").symlink_to(tmp_path)  # would read the whole parent tree
    assert list(chainmap.load(root).teams) == ["a"]


def test_single_file_mode(tmp_path: Path) -> None:
    path = write_files(tmp_path, {"one.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"}) / "one.yaml"
    org = chainmap.load(path)
    assert list(org.teams) == ["a"] and org.links[0].client == "customers"


def test_mixed_mode_merges_inline_teams_and_team_files(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {
        "org.yaml": ORG_YAML + "teams:\n  - id: b\n    clients: [customers]\n",
        "teams/a.yaml": "id: a\nclients: [b]\n",
    })
    org = chainmap.load(root)
    assert list(org.teams) == ["a", "b"]
    assert [(link.supplier, link.client) for link in org.links] == [("a", "b"), ("b", "customers")]


def test_inline_team_clashing_with_a_team_file_is_refused(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {
        "org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n",
        "teams/a.yaml": "id: a\n",
    })
    problem = only_problem(root)
    assert "the id `a` is already used by a team" in problem.message
    assert str(root / "org.yaml") in str(problem)


# Encodings ---------------------------------------------------------------------------------

def test_latin1_file_is_explained_with_its_line(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"a.yaml": "id: a\nclients: [customers]\nname: Équipe\n".encode("latin-1")})
    assert_problem(only_problem(root), root / "a.yaml", 3, "not UTF-8", "Latin-1", "save it again as UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file_is_explained(tmp_path: Path, encoding: str) -> None:
    root = org_with(tmp_path)
    write_files(root, {"a.yaml": "id: a\nclients: [customers]\n".encode(encoding)})
    assert_problem(only_problem(root), root / "a.yaml", None, "UTF-16", "save it again as UTF-8")


OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24)
SAVE_AS_XLSX = "chainmap reads .xlsx workbooks: in Excel or LibreOffice, Save as → Excel Workbook (.xlsx)"


@pytest.mark.parametrize("name, data, says", [
    ("org.xls", OLD_EXCEL, SAVE_AS_XLSX),
    ("org.yaml.bak", OLD_EXCEL, SAVE_AS_XLSX),
    ("org.ods", b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet", SAVE_AS_XLSX),
    ("teams.csv", b"id,name\na,A\n", "an organisation in CSV is a folder of CSV files (teams.csv, links.csv, …): give the folder"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is not a declaration but a PDF document"),
    ("org.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is not a declaration but an image"),
    ("org.bin", bytes(range(1, 256)) * 4, "this is not a declaration but binary data, not text"),
])
def test_a_file_of_another_kind_given_as_org_says_what_to_give(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    # they were read as YAML: "not UTF-8 text … saved as Latin-1", "org.yaml should be a block of key: value lines"
    path = tmp_path / name
    path.write_bytes(data)
    assert_problem(only_problem(path), path, None, says)


def test_a_team_file_that_is_a_pdf_is_not_read_as_yaml(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"a.yaml": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"})
    assert_problem(only_problem(root), root / "a.yaml", None, "this is not a declaration but a PDF document")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {"a.yaml": "\ufeffid: a\nname: Équipe\nclients: [customers]\n".encode("utf-8")})
    assert chainmap.load(root).teams["a"].name == "Équipe"


# YAML --------------------------------------------------------------------------------------

def test_yaml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers\nname: x\n")
    assert_problem(only_problem(root), root / "a.yaml", 2, "the list that opens with [ on this line is not closed: close it with ]")


@pytest.mark.parametrize("text, line, says", [
    ("id: a\nname: Soins: urgences\n", 2, "if it is inside a text, put the text in quotes"),
    ("id: a\nname\nclients: [customers]\n", 3, "a key has no colon after it"),
    ("id: a\nclients:\n  - customers\n - b\n", 4, "not indented like the keys above it"),
    ("id: a\nclients:\n  - customers\n  b: 1\n", 4, "a list mixes items"),
    ("id: a\nname: \"Soins\nclients: [customers]\n", 2, "a quote (\" or ') opened on this line is never closed"),
    ("id: a\nname: \"a\\qb\"\n", 2, "a backslash"),
    ("id: a\nname: @home\n", 2, "cannot start with @"),
    ("id: a\nname: *star\n", 2, "read as a YAML alias"),
    ("id: a\nclients: {customers\nname: x\n", 2, "the block {…} that opens on this line"),
])
def test_yaml_syntax_errors_are_said_in_plain_words(tmp_path: Path, text: str, line: int, says: str) -> None:
    root = org_with(tmp_path, a=text)
    problem = only_problem(root)
    assert_problem(problem, root / "a.yaml", line, says)
    assert "not well formed" not in problem.message and "scalar" not in problem.message  # none of PyYAML's words


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nmembers:\n\t- Ann\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "tab", "spaces")


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nname: First\nclients: [customers]\nname: Second\n")
    assert_problem(only_problem(root), root / "a.yaml", 4, "`name` is written twice", "first on line 2")


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    levels = "".join(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    root = org_with(tmp_path, a="id: a\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + levels)
    started = time.perf_counter()
    problem = only_problem(root)
    assert time.perf_counter() - started < 2
    assert "anchors and aliases" in problem.message


@pytest.mark.parametrize("text, line", [
    ("id: a\nname: &n Ann\nmembers: [*n]\n", 2),            # a plain value used again
    ("id: a\nclients:\n  - &c {id: customers}\n  - *c\n", 3),  # a block used again
])  # the line of the value named (&), which the alias (*) repeats
def test_an_alias_is_refused_wherever_it_stands(tmp_path: Path, text: str, line: int) -> None:
    root = org_with(tmp_path, a=text)
    assert_problem(only_problem(root), root / "a.yaml", line, "anchors and aliases")


def test_a_file_without_star_is_read_whole_by_the_quick_walk() -> None:
    """No `*`, no alias: the walk keeps no record of the nodes seen, and reads the same values."""
    text = "id: a\nname: R&D \"lab\"\nmembers: [Ann, {name: Bob, role: lead}]\nenps: 12\n"
    node = parse_yaml(text)
    assert node is not None and node.value["name"].value == 'R&D "lab"'
    assert [m.value if isinstance(m.value, str) else m.value["name"].value for m in node.value["members"].value] == ["Ann", "Bob"]
    assert node.value["enps"].value == 12 and node.value["members"].value[1].line == 3
    assert parse_yaml(text + "# a * in a comment\n") == node


def test_merge_key_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients:\n  - <<: {id: customers}\n")
    assert "merge keys" in only_problem(root).message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nname: " + "[" * 200 + "]" * 200 + "\n")
    assert_problem(only_problem(root), root / "a.yaml", 2, "nested more than")


def test_python_tag_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nname: !!python/object:os.system echo\n")
    assert_problem(only_problem(root), root / "a.yaml", 2, "YAML tags", "!!python/object:os.system")


def test_control_character_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nname: Bad\x07name\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "control character (U+0007)")


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nname: " + "x" * 200 + "\n")
    assert_problem(only_problem(root, Limits(max_file_bytes=100)), root / "a.yaml", None, "more than the 100")


@pytest.mark.parametrize("said, length, read", [(10, 10, 10), (4, 10, 10), (4, 500, 101), (0, 50, 50), (300, 500, 101)])
def test_a_file_is_read_to_its_end_or_one_byte_past_the_bound(tmp_path: Path, said: int, length: int, read: int) -> None:
    """What a file said its size was spares memory, never bytes: one that grew after it was
    looked at is read on to its end, or to one byte past the bound, which refuses it."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * length)
    with open(path, "rb") as stream:
        assert len(read_within(stream, said, 100)) == read


def test_several_yaml_documents_in_a_file_are_refused(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\n---\nid: b\n")
    assert_problem(only_problem(root), root / "a.yaml", 3, "several YAML documents", "its own file")


# Nothing the user wrote is ever lost --------------------------------------------------------

def test_a_failing_load_changes_no_file(runner, tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nsupliers: []\n", b="id: B\n")
    write_files(root, {"c.yaml": "id: c\nname: Équipe\n".encode("latin-1")})
    before = snapshot(root)
    for command in (["check"], ["weak", "--format", "json"], ["chains"]):
        assert runner.invoke(cli, [*command, str(root)]).exit_code == 2
    assert snapshot(root) == before


@pytest.mark.parametrize("given", [".", "./", "teams/.."])
def test_an_organisation_named_from_inside_its_folder_reads_org_yaml_once(
        bakery: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    """`chainmap weak .` in the organisation's folder: org.yaml is the organisation, never a team."""
    monkeypatch.chdir(bakery)
    here, there = chainmap.load(given), chainmap.load(bakery)  # their files named from here, or in full
    assert list(here.teams) == list(there.teams) and here.links == there.links and here.workers == there.workers


# FORMAT.md v1.1, one test each: through chainmap.load on files, so that every reader is held to them

@pytest.mark.parametrize("declaration, line", [
    ('id: "a "\nclients: [customers]\n', 1),                  # a team's own id
    ('id: a\nclients: ["customers "]\n', 2),                  # an entry's short form
    ('id: a\nclients:\n  - id: " customers"\n', 3),          # an entry's long form
])
def test_v1_1_an_id_with_spaces_around_it_is_refused_not_trimmed(tmp_path: Path, declaration: str, line: int) -> None:
    root = org_with(tmp_path, a=declaration)
    assert_problem(only_problem(root), root / "a.yaml", line, "has spaces around it", "an id is never trimmed")


def test_v1_1_an_id_with_spaces_around_it_is_refused_in_a_workbook_too(tmp_path: Path) -> None:
    chainmap.save(chainmap.load(org_with(tmp_path, a="id: a\nclients: [customers]\n")), tmp_path / "org.xlsx")
    import openpyxl
    workbook = openpyxl.load_workbook(tmp_path / "org.xlsx")
    sheet = workbook["teams"]
    column = next(cell.column for cell in sheet[1] if cell.value == "id")
    sheet.cell(row=2, column=column, value="a ")
    workbook.save(tmp_path / "org.xlsx")
    messages = [str(problem) for problem in problems_of(tmp_path / "org.xlsx")]
    assert any(message.endswith("org.xlsx:teams:2: `a ` has spaces around it, but an id is never trimmed: write `a`, without them")
               for message in messages), messages


def test_v1_1_spaces_around_names_and_worker_ids_are_not_part_of_them(tmp_path: Path) -> None:
    root = org_with(tmp_path, a='id: a\nname: " Accueil "\ndepartment: "Soins "\nclients: [customers]\n'
                               'members: ["Ana ", {name: " Bo", id: " e2 "}]\n',
                    b='id: b\nclients: [a]\nmembers: [Ana, {name: Bo, id: e2}]\n')
    org = chainmap.load(root)
    assert (org.teams["a"].name, org.teams["a"].department) == ("Accueil", "Soins")
    assert list(org.workers) == ["Ana", "e2"]  # one worker each, in both teams
    assert org.workers["e2"].name == "Bo" and org.workers["e2"].teams == ("a", "b")


def test_v1_1_one_id_for_two_people_is_refused_even_when_the_names_share_a_word(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\nmembers: [{name: Alice Martin, id: e1}]\n",
                    b="id: b\nclients: [a]\nmembers: [{name: Alice Durand, id: e1}]\n")
    assert_problem(only_problem(root), root / "b.yaml", 1, "`e1` is Alice Durand in this team, but Alice Martin in a",
                   "one id for two people?")


@pytest.mark.parametrize("setting, good, bad", [
    ("min_satisfaction", ["0", "10", "6.5"], ["-1", "10.5"]),
    ("max_chain_length", ["1", "40"], ["0"]),
    ("spof_min_teams", ["1", "3"], ["0"]),
    ("stale_after_days", ["0", "730"], ["-1"]),
    ("min_enps", ["-100", "100"], ["-101", "101"]),
])
def test_v1_1_settings_outside_their_ranges_are_refused(tmp_path: Path, setting: str, good: List[str], bad: List[str]) -> None:
    for index, value in enumerate(good + bad):
        root = write_files(tmp_path / f"org{index}", {"org.yaml": ORG_YAML + f"settings:\n  {setting}: {value}\n",
                                                       "a.yaml": "id: a\nclients: [customers]\n"})
        if value in good:
            assert float(getattr(chainmap.load(root).settings, setting)) == float(value)
        else:
            assert_problem(only_problem(root), root / "org.yaml", 5, f"`{setting}` is {value}", "must be")


def test_v1_1_which_files_count(tmp_path: Path) -> None:
    root = org_with(tmp_path)
    write_files(root, {
        "teams/a.YAML": "id: a\nclients: [customers]\n",       # the extension, whatever its case
        "teams/b.Yml": "id: b\nclients: [a]\n",
        ".drafts/c.yaml": "id: c\nclients: [a]\n",             # a hidden folder: skipped
        "teams/.d.yaml": "id: d\nclients: [a]\n",              # a hidden file: skipped
        "teams/e.yaml.txt": "id: e\nclients: [a]\n",           # not a YAML file
    })
    assert list(chainmap.load(root).teams) == ["a", "b"]
    # ORG naming an org.yaml whose folder holds team files: the folder is the organisation
    assert list(chainmap.load(root / "org.yaml").teams) == ["a", "b"]


def test_v1_1_an_org_yaml_with_inline_teams_is_its_folder_when_a_team_file_lies_below(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n",
                                          "depts/b.yaml": "id: b\nclients: [a]\n",
                                          "docker-compose.yml": "version: '3'\n"})
    with pytest.raises(LoadError):  # read as a folder, the stray docker-compose.yml is no team
        chainmap.load(root / "org.yaml")
    (root / "docker-compose.yml").unlink()
    assert list(chainmap.load(root / "org.yaml").teams) == ["a", "b"]  # not read alone, without b


def test_v1_1_only_the_roots_org_yaml_is_the_organisations(tmp_path: Path) -> None:
    root = org_with(tmp_path, a="id: a\nclients: [customers]\n")
    write_files(root, {"archive/org.yaml": ORG_YAML})  # below the root, it is a team file (and not one)
    assert_problem(only_problem(root), root / "archive" / "org.yaml", 1, "looks like an org.yaml")
