"""Known findings (`--write-baseline`, `--baseline`) and `weak --format markdown`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from chainmap.cli import cli

from .orgs import team, write_org

AS_OF = ["--as-of", "2026-11-23"]


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """Two findings: `one-sided` achats → pharmacie, `no-members` on achats."""
    return write_org(tmp_path / "org", [
        team("achats", clients=["pharmacie"], members=[]),
        team("pharmacie", clients=["customers"]),
    ])


def write_known(runner, org: Path, path: Path) -> dict:
    result = runner.invoke(cli, ["weak", str(org), "--write-baseline", str(path), *AS_OF])
    assert result.exit_code == 0, result.output  # warnings and information only
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_write_baseline_records_each_finding_with_an_empty_reason(org: Path, tmp_path: Path, runner) -> None:
    known = write_known(runner, org, tmp_path / "known.yaml")
    assert [{k: v for k, v in e.items() if k != "about"} for e in known["known"]] == [
        {"rule": "one-sided", "supplier": "achats", "client": "pharmacie", "reason": ""},
        {"rule": "no-members", "team": "achats", "reason": ""},
    ]


def test_rewriting_a_baseline_keeps_the_reasons_already_written(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    write_known(runner, org, path)
    path.write_text(path.read_text(encoding="utf-8").replace("reason: ''", "reason: recrutement en mars", 1), encoding="utf-8")
    known = write_known(runner, org, path)
    assert [e["reason"] for e in known["known"]] == ["recrutement en mars", ""]


def test_with_a_baseline_only_new_findings_are_reported(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    write_known(runner, org, path)
    changed = write_org(tmp_path / "changed", [
        team("achats", clients=["pharmacie"], members=[]),
        team("pharmacie", clients=["customers"]),
        team("cuisine", clients=["pharmacie"]),
    ])
    result = runner.invoke(cli, ["weak", str(changed), "--baseline", str(path), "--format", "json", *AS_OF])
    assert [(f["rule"], f.get("supplier") or f.get("team"), f.get("client")) for f in json.loads(result.stdout)] == [
        ("one-sided", "cuisine", "pharmacie"), ("single-point-of-failure", "pharmacie", None)]
    assert "2 known findings not shown" in result.stderr


def test_stale_baseline_entries_make_check_fail_and_are_named(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    write_known(runner, org, path)
    fixed = write_org(tmp_path / "fixed", [
        team("achats", clients=["pharmacie"], members=[]),
        team("pharmacie", clients=["customers"], suppliers=["achats"]),
    ])
    result = runner.invoke(cli, ["check", str(fixed), "--baseline", str(path), *AS_OF])
    assert result.exit_code == 1
    assert f"{path}:8: no longer occurs: One-sided link — achats → pharmacie; remove this entry" in result.stdout
    assert runner.invoke(cli, ["check", str(org), "--baseline", str(path), *AS_OF]).exit_code == 0


def test_check_with_a_baseline_fails_on_a_new_error_only(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    write_known(runner, org, path)
    broken = write_org(tmp_path / "broken", [
        team("achats", clients=["pharmacie", "pharmacy"], members=[]),
        team("pharmacie", clients=["customers"]),
    ])
    result = runner.invoke(cli, ["check", str(broken), "--baseline", str(path), *AS_OF])
    assert result.exit_code == 1
    assert "Findings: 1 error, 0 warnings, 0 for information." in result.stdout


def test_a_malformed_baseline_entry_is_reported_with_its_line(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    path.write_text("known:\n  - rule: one-sided\n    team: achats\n  - rule: spelling\n    team: achats\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--baseline", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4: `rule` must be one of:" in result.stderr


def test_a_workbook_given_as_baseline_is_named_not_a_baseline(org: Path, tmp_path: Path, runner) -> None:
    workbook = tmp_path / "org.xlsx"
    assert runner.invoke(cli, ["convert", str(org), str(workbook)]).exit_code == 0
    result = runner.invoke(cli, ["check", str(org), "--baseline", str(workbook)])
    assert result.exit_code == 2
    assert f"{workbook}: this is not a baseline file" in result.stderr
    assert "could not read the baseline: 1 problem" in result.stderr


def test_write_baseline_does_not_write_over_a_workbook(org: Path, tmp_path: Path, runner) -> None:
    workbook = tmp_path / "org.xlsx"
    assert runner.invoke(cli, ["convert", str(org), str(workbook)]).exit_code == 0
    before = workbook.read_bytes()
    result = runner.invoke(cli, ["weak", str(org), "--write-baseline", str(workbook)])
    assert result.exit_code == 2
    assert "will not write over it" in result.stderr
    assert workbook.read_bytes() == before


def test_write_baseline_does_not_write_over_a_yaml_file_that_is_no_baseline(org: Path, tmp_path: Path, runner) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("my: notes\n", encoding="utf-8")
    result = runner.invoke(cli, ["weak", str(org), "--write-baseline", str(notes)])
    assert result.exit_code == 2
    assert "is not a baseline chainmap can update: chainmap will not write over it; choose another file name" in result.stderr
    assert f"--write-baseline {notes}" not in result.stderr  # the advice never names the file it refuses
    assert notes.read_text(encoding="utf-8") == "my: notes\n"


def test_known_written_as_a_mapping_is_refused_not_read_as_empty(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    path.write_text("known:\n  rule: one-sided\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--baseline", str(path)])
    assert result.exit_code == 2 and f"{path}:2: `known` should be a list of entries" in result.stderr


def test_a_baseline_saved_as_latin1_says_how_to_save_it_again(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    path.write_bytes("known:\n  - rule: one-sided\n    reason: d\xe9j\xe0 vu\n".encode("latin-1"))
    result = runner.invoke(cli, ["check", str(org), "--baseline", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3: this file is not UTF-8 text" in result.stderr


def test_write_baseline_refuses_the_organisation_folder(org: Path, runner) -> None:
    result = runner.invoke(cli, ["weak", str(org), "--write-baseline", str(org / "known.yaml")])
    assert result.exit_code == 2
    assert "would be read as a declaration" in result.stderr


def test_markdown_summary_is_a_table_with_one_row_per_finding(org: Path, runner) -> None:
    result = runner.invoke(cli, ["weak", str(org), "--format", "markdown", *AS_OF])
    lines = result.stdout.splitlines()
    assert lines[0] == "## Test organisation — weak links as of 23 November 2026"
    assert lines[2] == "**0 errors, 1 warning, 1 for information**"
    assert lines[4:6] == ["| | Finding | About | What is wrong | What to do | Workers |", "|---|---|---|---|---|---:|"]
    assert lines[6].startswith("| ⚠️ warning | One-sided link | achats → pharmacie | achats says it serves pharmacie")
    assert len(lines) == 8 and all(cells(line) == 6 for line in lines[6:])


def test_markdown_escapes_names_that_would_break_the_table(tmp_path: Path, runner) -> None:
    org = write_org(tmp_path / "org", [team("rd", name="R&D | <Labo>", members=[], clients=["customers"])])
    result = runner.invoke(cli, ["weak", str(org), "--format", "markdown", *AS_OF])
    row = result.stdout.splitlines()[-1]
    assert "R&amp;D \\| &lt;Labo&gt;" in row and cells(row) == 6


def cells(row: str) -> int:
    """How many cells a Markdown table row has (escaped pipes do not count)."""
    return len(re.split(r"(?<!\\)\|", row)) - 2


def test_writing_a_baseline_keeps_the_exit_code_of_weak_and_the_next_runs_pass(tmp_path: Path, runner) -> None:
    """FORMAT.md: weak exits 1 on an error finding; the baseline accepts it for the runs after."""
    broken = write_org(tmp_path / "org", [team("achats", clients=["ghost"])])
    path = tmp_path / "known.yaml"
    written = runner.invoke(cli, ["weak", str(broken), "--write-baseline", str(path), *AS_OF])
    assert written.exit_code == 1 and path.exists()
    assert runner.invoke(cli, ["weak", str(broken), "--baseline", str(path), *AS_OF]).exit_code == 0


def refused_baseline(runner, org: Path, path: Path, text: str) -> str:
    """What `check --baseline` says of a baseline written ``text`` (it must refuse it)."""
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--baseline", str(path), *AS_OF])
    assert result.exit_code == 2, result.output
    return result.stderr


def test_a_mistyped_key_in_a_baseline_entry_is_reported_with_a_did_you_mean(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    said = refused_baseline(runner, org, path, "known:\n  - rule: no-members\n    team: achats\n    raison: recrutement en mars\n")
    assert f"{path}:4: unknown key `raison` in an entry of `known`: did you mean `reason`?" in said


def test_a_baseline_entry_written_twice_is_reported_naming_both_lines(org: Path, tmp_path: Path, runner) -> None:
    path = tmp_path / "known.yaml"
    said = refused_baseline(runner, org, path, "known:\n  - rule: no-members\n    team: achats\n  - rule: no-members\n    team: achats\n")
    assert f"{path}:4: `no-members: achats` is listed twice in `known` (also on line 2): keep one entry" in said
