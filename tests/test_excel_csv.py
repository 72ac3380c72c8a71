"""CSV files for spreadsheet users (issue 30): in French, what a French Excel opens by a double
click; otherwise, and with --no-excel, the CSV scripts expect. And one questionnaire per team.

Which CSVs: those written for people to open, `weak --format csv`, `export --to csv` (links
and findings) and `survey-form`'s CSV. The declarations written as CSV files (`convert`,
`init`) are chainmap's own input and keep the format's keys.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

import chainmap

from .orgs import team, write_org


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org", [
        team("front", name="Accueil", clients=["customers"], suppliers=[{"id": "labo", "satisfaction": 6.5, "what": "+cmd|' /C calc'!A0"}],
             members=["Ann", "Bob"]),
        team("labo", name="=HYPERLINK(\"http://x\")", clients=["front"], members=["Cy"]),
    ])


def rows(text: str, delimiter: str):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


def test_weak_csv_in_french_is_french_excels(org: Path, invoke) -> None:
    out = invoke("weak", org, "--format", "csv", "--lang", "fr").stdout_bytes.decode("utf-8")
    assert out.startswith("\ufeff") and "\r\n" in out
    table = rows(out, ";")
    assert table[0][:3] == ["règle", "gravité", "équipe"] and table[0][-3:] == ["personnes concernées", "constat", "action à mener"]
    assert ["Équipe de première ligne mal servie ou en difficulté", "avertissement"] in [row[:2] for row in table]
    assert all(len(row) == len(table[0]) for row in table)


def test_weak_csv_with_no_excel_is_the_scripts_csv_even_in_french(org: Path, invoke) -> None:
    out = invoke("weak", org, "--format", "csv", "--lang", "fr", "--no-excel").stdout
    assert not out.startswith("\ufeff") and out.startswith("rule,severity,team,")
    assert ["attention-asymmetry", "warning"] in [row[:2] for row in rows(out, ",")]


def test_weak_csv_in_english_is_unchanged(org: Path, invoke) -> None:
    out = invoke("weak", org, "--format", "csv", "--lang", "en").stdout
    assert out.startswith("rule,severity,team,supplier,client,declared_by,workers_affected,message,action\n")


def test_a_french_locale_asks_for_french_excel_too(org: Path, invoke) -> None:
    out = invoke("weak", org, "--format", "csv", env={"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None,
                                                     "LANG": "fr_FR.UTF-8"}).stdout
    assert out.startswith("\ufeffrègle;gravité;")


def test_sep_chooses_the_separator_and_keeps_the_rest(org: Path, invoke) -> None:
    out = invoke("weak", org, "--format", "csv", "--lang", "fr", "--sep", ",").stdout
    assert out.startswith("\ufeffrègle,gravité,")
    tabbed = invoke("weak", org, "--format", "csv", "--lang", "en", "--sep", "tab").stdout
    assert tabbed.startswith("rule\tseverity\t")


def test_the_links_csv_has_a_decimal_comma_and_french_words(org: Path, invoke, tmp_path: Path) -> None:
    out = tmp_path / "liens.csv"
    assert invoke("export", org, "-o", out, "--lang", "fr").exit_code == 0
    table = rows(out.read_text(encoding="utf-8-sig"), ";")
    assert table[0][:4] == ["fournisseur", "nom du fournisseur", "client", "nom du client"]
    rated = next(row for row in table if row[0] == "labo" and row[2] == "front")
    assert rated[7] == "6,5" and rated[4] == "lien confirmé" and rated[8] == "oui"
    english = tmp_path / "links.csv"
    invoke("export", org, "-o", english, "--lang", "en")
    assert "6.5" in english.read_text(encoding="utf-8") and not english.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("options", [["--lang", "fr"], ["--lang", "fr", "--sep", ","], ["--lang", "en"],
                                     ["--lang", "en", "--sep", "tab"], ["--lang", "fr", "--no-excel"]])
def test_cells_starting_like_a_formula_are_neutralised_whatever_the_separator(org: Path, invoke, tmp_path: Path,
                                                                              options) -> None:
    out = tmp_path / "links.csv"
    invoke("export", org, "-o", out, "--force", *options)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text
    for cell in (c for line in csv.reader(io.StringIO(text), delimiter={",": ",", ";": ";"}.get(text[9], ",")) for c in line):
        assert not cell.startswith(("=", "+", "@")), cell


def test_the_questionnaires_csv_follows_the_same_options(org: Path, invoke, tmp_path: Path) -> None:
    invoke("survey-form", org, "-o", tmp_path / "q.csv", "--lang", "fr")
    assert (tmp_path / "q.csv").read_text(encoding="utf-8").startswith("\ufeffVotre équipe;")
    invoke("survey-form", org, "-o", tmp_path / "q2.csv", "--lang", "fr", "--sep", ",")
    assert (tmp_path / "q2.csv").read_text(encoding="utf-8").startswith("\ufeffVotre équipe,")


# One questionnaire per team ------------------------------------------------------------------

def test_survey_form_per_team_writes_one_small_workbook_per_team(org: Path, invoke, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    result = invoke("survey-form", org, "--per-team", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["front.xlsx", "labo.xlsx"]
    front = [row for row in openpyxl.load_workbook(folder / "front.xlsx").active.iter_rows(values_only=True)]
    assert [row[:2] for row in front[1:]] == [("Accueil", "=HYPERLINK(\"http://x\")"), ("Accueil", None)] \
        or [row[0] for row in front[1:]] == ["Accueil"] * (len(front) - 1)
    assert {row[0] for row in front[1:]} == {"Accueil"}  # only that team's questions
    labo = [row for row in openpyxl.load_workbook(folder / "labo.xlsx").active.iter_rows(values_only=True)]
    assert len(labo) == 2  # labo has no supplier: the row for "a supplier we forgot" only


def test_the_filled_forms_are_read_back_all_at_once(tmp_path: Path, invoke) -> None:
    root = write_org(tmp_path / "org", [team("front", clients=["customers"], suppliers=["a", "b"]),
                                        team("a", clients=["front"]), team("b", clients=["front"], suppliers=["a"])])
    folder = tmp_path / "forms"
    invoke("survey-form", root, "--per-team", folder)
    for copy in range(3):  # three respondents per team, each filling their copy
        for path in sorted(folder.glob("*.xlsx")):
            if path.stem.count("-") == 0:
                workbook = openpyxl.load_workbook(path)
                for row in workbook.active.iter_rows(min_row=2):
                    if row[1].value:
                        row[3].value = 4 + copy
                workbook.save(folder / f"{path.stem}-{copy}.xlsx")
    for path in folder.glob("*.xlsx"):
        if "-" not in path.stem:
            path.unlink()
    result = invoke("survey", root, *sorted(folder.glob("*.xlsx")), "-o", tmp_path / "s.yaml", "--min-responses", "3")
    assert result.exit_code == 0, result.output
    overlay = chainmap.survey.read_overlay(tmp_path / "s.yaml")
    assert sorted((s.supplier, s.client, s.responses, s.mean) for s in overlay.links) == [
        ("a", "b", 3, 5.0), ("a", "front", 3, 5.0), ("b", "front", 3, 5.0)]
    by_folder = invoke("survey", root, folder, "-o", tmp_path / "t.yaml", "--min-responses", "3")
    assert by_folder.exit_code == 0 and "9 answers read" in by_folder.output


def test_per_team_never_writes_over_a_form_without_force(org: Path, invoke, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    invoke("survey-form", org, "--per-team", folder)
    again = invoke("survey-form", org, "--per-team", folder)
    assert again.exit_code == 2 and "already exist" in again.stderr
    assert invoke("survey-form", org, "--per-team", folder, "--force").exit_code == 0
    assert invoke("survey-form", org).exit_code == 2  # neither -o nor --per-team
