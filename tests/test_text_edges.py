"""Text normalised and neutralised once, at the edges (issue 34, class 7).

NFC: *é* typed as one character or as *e* and a combining accent is the same text for
chainmap, wherever it was read — a team file (the fast reader and PyYAML's), an escape in
quotes, a CSV table, a workbook's cell, a survey export, an option. CSV: a cell that a
spreadsheet would run as a formula, at its start or after anything it may take for a
separator (comma, semicolon, tab, line break), is neutralised in every CSV chainmap
writes for people, whatever the separator chosen.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import List

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.files.spreadsheet import csv_text, spreadsheet_safe
from chainmap.survey.tables import read_table

from .orgs import write_files
from .test_spreadsheet import write_workbook

COMPOSED, DECOMPOSED = "Anaïs Roy", unicodedata.normalize("NFD", "Anaïs Roy")
TEAM_COMPOSED, TEAM_DECOMPOSED = "Qualité", unicodedata.normalize("NFD", "Qualité")
FORMULA = ("=", "+", "-", "@")


def two_ways_folder(root: Path) -> Path:
    """Two team files, the same person and the same team name typed two ways (raw characters)."""
    return write_files(root, {
        "org.yaml": "org: Deux graphies\nend_clients:\n  - id: patients\n",
        "teams/qualite.yaml": f"id: qualite\nname: {TEAM_COMPOSED}\nmembers: [{COMPOSED}]\nclients: [patients]\n",
        "teams/qualite-2.yaml": f"id: qualite-2\nname: {TEAM_DECOMPOSED}\nmembers: [{DECOMPOSED}]\nclients: [qualite]\n",
    })


@pytest.mark.parametrize("fast", ["1", "0"], ids=["fast reader", "PyYAML"])
def test_the_same_person_typed_two_ways_is_one_worker(tmp_path: Path, monkeypatch, fast: str) -> None:
    monkeypatch.setenv("CHAINMAP_FAST_READERS", fast)
    org = chainmap.load(two_ways_folder(tmp_path / "org"), cache=False)
    assert list(org.workers) == [COMPOSED] and org.workers[COMPOSED].teams == ("qualite", "qualite-2")
    assert {team.name for team in org.teams.values()} == {TEAM_COMPOSED}


def test_an_escaped_combining_accent_is_composed_too(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": (
        'org: x\nend_clients: [{id: patients}]\nteams:\n'
        '  - {id: a, members: ["Anai\\u0308s Roy"], clients: [patients]}\n'
        '  - {id: b, members: ["Ana\\u00efs Roy"], clients: [a]}\n')})
    assert list(chainmap.load(root).workers) == [COMPOSED]


def test_a_csv_folder_and_a_workbook_give_composed_names(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "csv", {
        "settings.csv": "key,value\norg,x\n", "end_clients.csv": "id\npatients\n",
        "teams.csv": f"id,name\nqualite,{TEAM_DECOMPOSED}\nautre,Autre\n",
        "members.csv": f"team,name\nqualite,{DECOMPOSED}\nautre,{COMPOSED}\n",
        "links.csv": "supplier,client\nqualite,patients\nautre,patients\n"})
    workbook = write_workbook(tmp_path / "org.xlsx", {
        "Settings": [["key", "value"], ["org", "x"]], "End_clients": [["id"], ["patients"]],
        "Teams": [["id", "name"], ["qualite", TEAM_DECOMPOSED], ["autre", "Autre"]],
        "Members": [["team", "name"], ["qualite", DECOMPOSED], ["autre", COMPOSED]],
        "Links": [["supplier", "client"], ["qualite", "patients"], ["autre", "patients"]]})
    for source in (folder, workbook):
        org = chainmap.load(source)
        assert org.teams["qualite"].name == TEAM_COMPOSED, source
        assert list(org.workers) == [COMPOSED], source


def test_a_survey_export_is_read_in_nfc(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(f"Équipe;Note\n{TEAM_DECOMPOSED};8\n", encoding="utf-8")
    table = read_table(answers)
    assert table.rows[0][1][0] == TEAM_COMPOSED


def test_a_name_given_as_an_option_is_composed(runner, tmp_path: Path) -> None:
    root = two_ways_folder(tmp_path / "org")
    result = runner.invoke(cli, ["chains", str(root), "--worker", DECOMPOSED, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["workers"]) == [COMPOSED]


@pytest.mark.parametrize("text, safe", [
    ("x;=1+1", "x;'=1+1"), ("a,@SUM(1)", "a,'@SUM(1)"), ("a\t+cmd", "a\t'+cmd"), ("one\n-two", "one\n'-two"),
    ("=1", "'=1"), ("Qualité; R&D", "Qualité; R&D"), ("a - b", "a - b"), ("Soins, -", "Soins, -"),
])
def test_the_one_guard_neutralises_a_formula_after_any_separator(text: str, safe: str) -> None:
    assert spreadsheet_safe(text) == safe


def cells_in_any_reading(text: str) -> List[str]:
    """Every cell a spreadsheet could see, whatever separator it splits the lines on."""
    cells = []
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter):
            for cell in row:
                cells += cell.splitlines() or [cell]
    return cells


@pytest.mark.parametrize("separator", [",", ";", "tab"])
def test_no_csv_cell_starts_a_formula_whatever_the_separator_it_is_opened_with(runner, tmp_path: Path, separator: str) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": (
        "org: x\nend_clients: [{id: patients}]\nteams:\n"
        "  - {id: a, name: 'x;=1+1', department: 'd,@SUM(1)', members: [m], clients: [patients],\n"
        "     suppliers: [{id: b, satisfaction: 2}]}\n"
        "  - {id: b, name: 'y;+cmd', members: [n], clients: [a]}\n")})
    weak = runner.invoke(cli, ["weak", str(root), "--format", "csv", "--sep", separator])
    assert weak.exit_code in (0, 1), weak.output
    outputs = [weak.stdout]
    for table in ("links", "findings"):
        out = tmp_path / f"{table}-{separator}.csv"
        result = runner.invoke(cli, ["export", str(root), "--to", "csv", "--table", table, "--sep", separator, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8-sig"))
    for text in outputs:
        assert "x;'=1+1" in text or "y;'+cmd" in text
        for cell in cells_in_any_reading(text):
            assert not cell.startswith(FORMULA) or cell.lstrip("-").replace(",", "").replace(".", "").isdigit(), cell


def test_csv_text_keeps_plain_cells_as_they_were() -> None:
    assert csv_text(["a", "b"], [["Qualité; R&D", 6.5], ["Soins, Accueil", None]]) == \
        'a,b\r\nQualité; R&D,6.5\r\n"Soins, Accueil",\r\n'
