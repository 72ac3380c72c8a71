"""`chainmap init`: a starter organisation, every key explained, that passes `check`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import chainmap
from chainmap.cli import cli
from chainmap.load.declarations import (
    END_CLIENT_KEYS,
    ORG_KEYS,
    SUPPLIER_KEYS,
    TEAM_KEYS,
)
from chainmap.model import SETTINGS_KEYS


def test_init_writes_a_starter_that_passes_check(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path / "org")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "org" / "org.yaml").is_file() and (tmp_path / "org" / "teams" / "reception.yaml").is_file()
    check = runner.invoke(cli, ["check", str(tmp_path / "org"), "--fail-on", "info"])
    assert check.exit_code == 0, check.output
    assert "no weak link" in check.output


def test_the_starter_shows_and_explains_every_key(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path / "org")])
    org_text = (tmp_path / "org" / "org.yaml").read_text(encoding="utf-8")
    team_text = (tmp_path / "org" / "teams" / "reception.yaml").read_text(encoding="utf-8")
    for key in [k for k in ORG_KEYS if k != "teams"] + list(END_CLIENT_KEYS) + list(SETTINGS_KEYS):
        assert f"{key}:" in org_text, key
    for key in list(TEAM_KEYS) + list(SUPPLIER_KEYS) + ["role"]:
        assert f"{key}:" in team_text, key
    explained = [line for line in team_text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert sum("#" in line for line in explained) >= len(TEAM_KEYS)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_xlsx_writes_a_template_workbook_that_passes_check(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "o"), "--xlsx"]).exit_code == 0
    workbook = tmp_path / "o" / "org.xlsx"
    assert runner.invoke(cli, ["check", str(workbook), "--fail-on", "info"]).exit_code == 0
    org = chainmap.load(workbook)
    assert list(org.teams) == ["reception"] and org.links[0].client == "customers"


def test_init_with_another_language_still_gives_a_valid_starter(tmp_path: Path) -> None:
    """Translated names go through the YAML quoting, so a translation cannot break the starter."""
    result = CliRunner().invoke(cli, ["--lang", "fr", "init", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert chainmap.load(tmp_path / "o").teams["reception"].members


def test_init_force_writes_beside_other_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("our notes\n")
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / "README.md").read_text() == "our notes\n" and chainmap.load(tmp_path).teams


def test_init_force_again_rewrites_its_own_untouched_starter(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--force"]).exit_code == 0


def test_init_force_never_replaces_a_file_of_the_user(tmp_path: Path) -> None:
    # the starter's names are those of a real organisation's files: its org.yaml is somebody's work
    (tmp_path / "org.yaml").write_text("org: Hôpital\nend_clients: [patients]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 2 and "org.yaml already exists and is not the file chainmap would write" in result.stderr
    assert (tmp_path / "org.yaml").read_text(encoding="utf-8") == "org: Hôpital\nend_clients: [patients]\n"
    assert not (tmp_path / "teams").exists()


def test_init_force_refuses_to_mix_the_starter_with_another_organisation(tmp_path: Path) -> None:
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "paie.yaml").write_text("id: paie\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 2 and "the two organisations would mix" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["paie.yaml", "teams"]


def test_init_force_writes_beside_hidden_yaml_files_the_loader_never_reads(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert list(chainmap.load(tmp_path).teams) == ["reception"]
