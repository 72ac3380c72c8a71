"""``--skip-invalid`` (issue 30): one broken team file no longer blocks the whole organisation.

Without the option nothing changes: every problem listed, nothing drawn, exit 2. With it,
every file that can be loaded is, the problems of the others are listed exactly as without
it, their teams appear as marked unknown boxes in drawings and as ``skipped-team`` errors
in ``weak``, and the exit code is 2, never 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chainmap
from chainmap.cli.registry import COMMANDS
from chainmap.errors import LoadError

from .orgs import ORG_YAML, write_files

GOOD = {
    "org.yaml": ORG_YAML,
    "teams/front.yaml": "id: front\nname: Front desk\nmembers: [Ann, Bob, Cy]\nclients: [customers]\nsuppliers: [radiologie, lab]\n",
    "teams/lab.yaml": "id: lab\nmembers: [Dee]\nclients: [front]\n",
}
BROKEN = {
    "teams/radiologie.yaml": "id: radiologie\nmembers: [Eve, Fay]\nclients: [front]\nsuppliers: [{id: lab, satisfaction: 12}]\n",
    "teams/Imagerie Nord.yaml": "id: imagerie\n  members: [X\n",  # not YAML at all: its id read from its text
}


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return write_files(tmp_path / "org", {**GOOD, **BROKEN})


def problem_lines(stderr: str) -> list:
    return [line for line in stderr.splitlines() if line.startswith("/")]


def test_without_the_option_nothing_changes(org: Path, invoke, tmp_path: Path) -> None:
    result = invoke("render", org, "-o", tmp_path / "map.svg")
    assert result.exit_code == 2 and not (tmp_path / "map.svg").exists()
    assert len(problem_lines(result.stderr)) == 2 and "could not load the organisation: 2 problems" in result.stderr


def test_with_it_the_rest_is_drawn_the_problems_listed_as_without_and_the_exit_code_is_2(org: Path, invoke,
                                                                                           tmp_path: Path) -> None:
    without = invoke("render", org, "-o", tmp_path / "a.svg")
    result = invoke("render", org, "-o", tmp_path / "map.dot", "--skip-invalid")
    assert result.exit_code == 2
    assert problem_lines(result.stderr) == problem_lines(without.stderr)
    assert "left out 2 team files" in result.stderr
    dot = (tmp_path / "map.dot").read_text(encoding="utf-8")
    assert dot.count("file not loaded") == 2 and "radiologie" in dot and "imagerie" in dot
    assert "Front desk" in dot


def test_weak_reports_each_file_left_out_as_an_error_of_its_own_kind(org: Path, invoke) -> None:
    result = invoke("weak", org, "--format", "json", "--skip-invalid")
    assert result.exit_code == 2
    findings = json.loads(result.stdout)
    skipped = [f for f in findings if f["rule"] == "skipped-team"]
    assert [(f["team"], f["severity"], f["workers_affected"]) for f in skipped] == [
        ("imagerie", "error", 0), ("radiologie", "error", 5)]  # radiologie: its 2 members, and front's 3 who name it
    assert not [f for f in findings if f["rule"] == "unknown-reference"]  # radiologie is not "an id that exists nowhere"
    assert findings[0]["rule"] == "skipped-team" and "radiologie.yaml" in skipped[1]["message"]


def test_the_exit_code_is_never_0_when_files_were_left_out(org: Path, invoke) -> None:
    assert invoke("weak", org, "--skip-invalid", "--severity", "info").exit_code == 2
    assert invoke("chains", org, "--skip-invalid").exit_code == 2
    (org / "teams" / "radiologie.yaml").unlink()
    (org / "teams" / "Imagerie Nord.yaml").unlink()
    assert invoke("chains", org, "--skip-invalid").exit_code == 1  # nothing left out: as without the option


def test_a_file_with_no_readable_id_is_named_after_its_file(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {**GOOD, "teams/Pharmacie centrale.yaml": "name: [unclosed\n"})
    org = chainmap.load(root, skip_invalid=True)
    [skipped] = org.skipped
    assert (skipped.id, skipped.id_known) == ("pharmacie-centrale", False)


def test_a_problem_in_org_yaml_still_stops_everything(tmp_path: Path, invoke) -> None:
    root = write_files(tmp_path / "org", {**GOOD, "org.yaml": ORG_YAML + "settings: {min_enps: 300}\n"})
    with pytest.raises(LoadError):
        chainmap.load(root, skip_invalid=True)
    result = invoke("render", root, "-o", tmp_path / "x.svg", "--skip-invalid")
    assert result.exit_code == 2 and not (tmp_path / "x.svg").exists()


def test_a_team_file_that_clashes_with_another_is_left_out_and_the_first_kept(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {**GOOD, "teams/zz-copy.yaml": "id: lab\nmembers: [Zed]\nclients: [front]\n"})
    org = chainmap.load(root, skip_invalid=True)
    assert org.teams["lab"].members[0].name == "Dee"
    assert [(s.id, Path(s.path).name) for s in org.skipped] == [("lab", "zz-copy.yaml")]
    assert "already used by a team" in org.skipped[0].problems[0].message


def test_convert_and_record_refuse_to_leave_teams_out(org: Path, invoke, tmp_path: Path) -> None:
    result = invoke("convert", org, tmp_path / "out.xlsx", "--skip-invalid")
    assert result.exit_code == 2 and "cannot leave teams out of a conversion" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
    recorded = invoke("record", org, "--db", tmp_path / "h.sqlite", "--skip-invalid")
    assert recorded.exit_code == 2 and "cannot leave teams out of a snapshot" in recorded.stderr


# demo, init and generate load no ORG of yours; history reads past versions (git or its database),
# each as it was, and says itself which one could not be read.
LOADING = sorted(name for name in COMMANDS if name not in ("demo", "init", "generate", "history"))


@pytest.mark.parametrize("command", LOADING)
def test_every_command_that_loads_an_organisation_has_the_option(command: str, invoke) -> None:
    assert "--skip-invalid" in invoke(command, "--help").stdout


def test_the_report_lists_the_skipped_team(org: Path, invoke, tmp_path: Path) -> None:
    result = invoke("report", org, "-o", tmp_path / "r.html", "--skip-invalid")
    assert result.exit_code == 2
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Team file skipped" in page and "radiologie.yaml" in page
