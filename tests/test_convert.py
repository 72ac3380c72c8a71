"""Conversions between YAML folder, single YAML file, workbook and CSV folder are lossless."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import List

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import cli
from chainmap.load.assemble import assemble
from chainmap.model import Declaration, EndClient, Member, Org, Settings, Team
from chainmap.save import FORMS, model_differences, org_files, same_model, write_org
from chainmap.save.yaml_text import yaml_scalar

TRICKY_TEXTS = ["yes", "No", "2024", "null", "~", "a: b", "Soins #2", "- tiret", "=SUM(A1)", "+33 1 23", "@home",
                "\"quoted\"", "l'équipe", "in  between", "[list]", "{map}", "x & y", "100%", "tab\there", "true",
                "1e3", "0x1F", "Ünïcödé ✓", "*star", "!bang", "|pipe", ">fold", "back\\slash", "2026-09-01", "7,5"]
TRICKY_IDS = ["yes", "2024", "null", "true", "1e3", "0x1f", "a.b", "a_b", "end", "graph", "t-1", "x"]


def random_org(seed: int) -> Org:
    """A small organisation with names YAML and spreadsheets could misread, and every kind of link."""
    rng = random.Random(seed)
    ids = rng.sample(TRICKY_IDS, rng.randint(3, len(TRICKY_IDS)))
    clients = [EndClient("patients", rng.choice(TRICKY_TEXTS), rng.choice([None, -5, 40])),
               EndClient("ville", "Ville", None)]
    teams = []
    for team_id in ids:
        others = [i for i in ids if i != team_id]
        client_ids = rng.sample(others + ["patients", "ghost"], rng.randint(0, min(4, len(others))))
        supplier_ids = rng.sample(others + ["phantom"], rng.randint(0, min(4, len(others))))
        members = tuple(Member(f"w{rng.randint(1, 30)}-{team_id}", rng.choice(TRICKY_TEXTS) + f" {n}",
                               rng.choice([None, "lead", "2024"])) for n in range(rng.randint(0, 3)))
        teams.append(Team(
            id=team_id, name=rng.choice(TRICKY_TEXTS).strip() or team_id, department=rng.choice([None, "Soins", "yes", "A: B"]),
            members=tuple({m.id: m for m in members}.values()), enps=rng.choice([None, -100, 0, 35]),
            reviewed=rng.choice([None, dt.date(2025, 1, 31)]),
            clients=tuple(Declaration(c, rng.choice([None, "Repas", "yes", "=1+1"])) for c in client_ids),
            suppliers=tuple(Declaration(s, rng.choice([None, "Repas", "2024"]), rng.choice([None, 0, 6.5, 10]))
                            for s in supplier_ids),
        ))
    settings = Settings(min_satisfaction=rng.choice([7, 6.5]), max_chain_length=rng.randint(1, 9))
    org, problems = assemble(rng.choice(TRICKY_TEXTS).strip(), clients, teams, settings, "")
    assert org is not None, problems
    return org


@pytest.mark.parametrize("form", FORMS)
def test_example_round_trips_through_every_form(tmp_path: Path, form: str) -> None:
    org = chainmap.load(chainmap.example_path())
    target = tmp_path / ("out.xlsx" if form == "xlsx" else "out.yaml" if form == "yaml-file" else "out")
    write_org(org, target, form)
    assert model_differences(org, chainmap.load(target)) == []


@pytest.mark.parametrize("seed", range(12))
def test_generated_organisations_round_trip_through_every_form(tmp_path: Path, seed: int) -> None:
    org = random_org(seed)
    for form in FORMS:
        target = tmp_path / f"{form}.xlsx" if form == "xlsx" else tmp_path / f"{form}.yaml" if form == "yaml-file" else tmp_path / form
        write_org(org, target, form)
        assert model_differences(org, chainmap.load(target)) == [], form


def _team(team_id: str, clients: List[str] = (), suppliers: List[str] = ()) -> Team:
    return Team(team_id, team_id, clients=tuple(Declaration(c) for c in clients),
                suppliers=tuple(Declaration(s) for s in suppliers))


def test_declared_order_survives_when_merged_rows_would_form_a_cycle(tmp_path: Path) -> None:
    """a lists b then c; c's suppliers a then d; d's clients c then b; b's suppliers d then a: a cycle."""
    teams = [_team("a", clients=["b", "c"]), _team("b", suppliers=["d", "a"]),
             _team("c", suppliers=["a", "d"]), _team("d", clients=["c", "b"])]
    org, _problems = assemble("Cycle", [EndClient("x", "x")], teams, Settings(), "")
    assert org is not None
    write_org(org, tmp_path / "cycle.xlsx")
    back = chainmap.load(tmp_path / "cycle.xlsx")
    assert [d.id for d in back.teams["b"].suppliers] == ["d", "a"]
    assert same_model(org, back)


def test_confirmed_links_with_the_same_words_are_one_row(tmp_path: Path) -> None:
    org = chainmap.load(chainmap.example_path())
    rows = org_files(org, "csv-folder")["links.csv"].decode("utf-8").splitlines()
    assert "achats,pharmacie,both,Marchés et commandes de médicaments,8" in rows


def test_workbook_bytes_are_reproducible() -> None:
    org = chainmap.load(chainmap.example_path())
    assert org_files(org, "xlsx")[""] == org_files(org, "xlsx")[""]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_yaml_scalar_reads_back_as_the_same_text(text: str) -> None:
    import yaml
    assert yaml.safe_load(f"key: {yaml_scalar(text)}")["key"] == text


def test_convert_command_reports_an_identical_read_back(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "h.xlsx")])
    assert result.exit_code == 0, result.output
    assert "reads back identical" in result.output
    assert (tmp_path / "h.xlsx").read_bytes()[:2] == b"PK"


def test_convert_refuses_an_existing_output_without_force(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text("keep me", encoding="utf-8")
    arguments = ["convert", str(chainmap.example_path()), str(tmp_path / "h.yaml")]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2 and "--force" in result.output
    assert (tmp_path / "h.yaml").read_text(encoding="utf-8") == "keep me"
    assert CliRunner().invoke(cli, arguments + ["--force"]).exit_code == 0


def test_convert_never_writes_over_its_input(tmp_path: Path) -> None:
    source = tmp_path / "org.yaml"
    write_org(chainmap.load(chainmap.example_path()), source)
    before = source.read_bytes()
    result = CliRunner().invoke(cli, ["convert", str(source), str(source), "--force"])
    assert result.exit_code == 2 and "never writes over its input" in result.output
    assert source.read_bytes() == before


def test_convert_refuses_to_write_inside_the_input_folder(tmp_path: Path) -> None:
    write_org(chainmap.load(chainmap.example_path()), tmp_path / "org")
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "org"), str(tmp_path / "org" / "copy.xlsx")])
    assert result.exit_code == 2 and "inside the input folder" in result.output


def test_forced_folder_output_refuses_a_stray_team_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old-team.yaml").write_text("id: old\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "out"), "--force"])
    assert result.exit_code == 2 and "old-team.yaml" in result.output


def test_forced_folder_output_refuses_a_stray_team_file_in_a_linked_sub_folder(tmp_path: Path) -> None:
    # the loader reads linked sub-folders: a stray team there would mix with the converted ones
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "old-team.yaml").write_text("id: old\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "linked").symlink_to(tmp_path / "shared")
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "out"), "--force"])
    assert result.exit_code == 2 and "old-team.yaml" in result.output


def test_forced_folder_output_ignores_hidden_yaml_files_the_loader_never_reads(tmp_path: Path) -> None:
    (tmp_path / "out" / ".github").mkdir(parents=True)
    (tmp_path / "out" / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "out"), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / ".github" / "ci.yml").read_text(encoding="utf-8") == "on: push\n"


def test_convert_to_csv_folder_needs_a_folder_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "links.csv")])
    assert result.exit_code == 2 and "--to csv-folder" in result.output


@pytest.mark.parametrize("name, form, says", [
    ("out", "xlsx", "name it out.xlsx"),
    ("org.xlsx", "yaml-file", "name it org.yaml"),
    ("org.xlsx", "csv-folder", "writes a folder, but this name ends in .xlsx"),
    ("org.yaml", "yaml-folder", "writes a folder, but this name ends in .yaml"),
])
def test_convert_refuses_a_name_that_contradicts_to(tmp_path: Path, name: str, form: str, says: str) -> None:
    target = tmp_path / name
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(target), "--to", form])
    assert result.exit_code == 2
    assert says in result.output
    assert not target.exists()  # refused before anything is written


def test_whole_scores_stay_whole_through_a_csv_folder(tmp_path: Path) -> None:
    """`satisfaction: 8` written to CSV and read back is 8 again, not 8.0 (7,5 stays a decimal)."""
    runner = CliRunner()
    assert runner.invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "csv"), "--to", "csv-folder"]).exit_code == 0
    back = chainmap.load(tmp_path / "csv")
    scores = [link.satisfaction for link in back.links if link.satisfaction is not None]
    assert scores and all(type(score) is int for score in scores)
    assert runner.invoke(cli, ["convert", str(tmp_path / "csv"), str(tmp_path / "back.yaml")]).exit_code == 0
    assert ".0\n" not in (tmp_path / "back.yaml").read_text(encoding="utf-8")


def test_convert_refuses_dash_instead_of_making_a_folder_named_dash(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), "-"])
    assert result.exit_code == 2 and "convert cannot print to the screen (`-`)" in result.output
    assert "chainmap export ORG -o -" in result.output and not (tmp_path / "-").exists()


def test_convert_refuses_an_extension_it_does_not_write_with_those_it_does(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "x.txt")])
    assert result.exit_code == 2, result.output
    assert "x.txt: chainmap does not write .txt files: name the output .yaml or .yml (one YAML file), .xlsx or .xlsm" in result.output
    assert "add --to yaml-folder" in result.output and not (tmp_path / "x.txt").exists()


def test_a_folder_name_ending_in_digits_is_still_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "hopital-2026.11")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hopital-2026.11" / "org.yaml").is_file()


def _flat_copy_of_the_example(folder: Path) -> Path:
    """The example with every team file straight in teams/, as `chainmap init` lays them out."""
    (folder / "teams").mkdir(parents=True)
    (folder / "org.yaml").write_bytes((chainmap.example_path() / "org.yaml").read_bytes())
    for team_file in sorted((chainmap.example_path() / "teams").rglob("*.yaml")):
        (folder / "teams" / team_file.name).write_bytes(team_file.read_bytes())
    return folder


def test_a_workbook_converted_back_with_force_updates_each_team_file_where_it_is(tmp_path: Path) -> None:
    folder = _flat_copy_of_the_example(tmp_path / "org")
    workbook = tmp_path / "org.xlsx"
    assert CliRunner().invoke(cli, ["convert", str(folder), str(workbook)]).exit_code == 0
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))
    result = CliRunner().invoke(cli, ["convert", str(workbook), str(folder), "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")) == before  # no copy beside
    assert "id: urgences" in (folder / "teams" / "urgences.yaml").read_text(encoding="utf-8")
    assert same_model(chainmap.load(folder), chainmap.load(chainmap.example_path()))


def test_a_stray_team_file_is_named_without_first_advising_force(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old-team.yaml").write_text("id: old\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(chainmap.example_path()), str(tmp_path / "out")])
    assert result.exit_code == 2 and "old-team.yaml" in result.output and "--force" not in result.output


def test_the_french_summary_of_a_folder_does_not_call_it_a_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--lang", "fr", "convert", str(chainmap.example_path()), str(tmp_path / "dossier")])
    assert result.exit_code == 0, result.output
    assert "fichier" not in result.output and "la même organisation" in result.output
