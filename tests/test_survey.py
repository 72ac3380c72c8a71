"""Survey import (`chainmap survey`), the questionnaire (`survey-form`) and `--survey FILE`."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import List

import openpyxl
import pytest
import yaml
from click.testing import Result

import chainmap
from chainmap.cli import cli
from chainmap.survey import apply_survey, compute_overlay, read_overlay, read_table
from chainmap.survey.tables import decode

from .orgs import team, write_org

SEMICOLON_HEADER = "Horodateur;Votre équipe;Équipe évaluée;Note (0-10);Commentaire"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """achats → pharmacie → urgences → customers; pharmacie declares achats 8/10."""
    return write_org(tmp_path / "org", [
        team("achats", name="Achats", clients=["pharmacie"]),
        team("pharmacie", name="Pharmacie centrale", clients=["urgences"],
             suppliers=[{"id": "achats", "satisfaction": 8}]),
        team("urgences", name="Urgences", clients=["customers"], suppliers=["pharmacie"]),
    ])


def write_cp1252(path: Path, lines: List[str]) -> Path:
    """A French Excel "CSV (point-virgule)" export: cp1252, semicolons, CRLF."""
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return path


def answers(team_name: str, supplier: str, scores: List[int], day: str = "20/11/2026") -> List[str]:
    return [f"{day} 09:1{i % 10}:00;{team_name};{supplier};{s};" for i, s in enumerate(scores)]


def overlay_of(org: Path, export: Path, **options) -> chainmap.survey.Overlay:
    return compute_overlay(chainmap.load(org), [read_table(export)], {}, **options).overlay


def test_a_french_cp1252_semicolon_export_gives_mean_nps_and_count(org: Path, tmp_path: Path) -> None:
    # scores 10, 9, 8, 6, 3: promoters 2/5, detractors 2/5 -> NPS 0; mean 36/5 = 7.2
    export = write_cp1252(tmp_path / "réponses.csv", [SEMICOLON_HEADER, *answers("Pharmacie centrale", "Achats", [10, 9, 8, 6, 3])])
    overlay = overlay_of(org, export)
    assert [(s.supplier, s.client, s.responses, s.mean, s.nps) for s in overlay.links] == [("achats", "pharmacie", 5, 7.2, 0)]
    assert overlay.date == dt.date(2026, 11, 20)


def test_the_mean_of_decimal_scores_is_exact(org: Path, tmp_path: Path) -> None:
    # FORMAT.md v1.1: 2.3, 6.1 and 6.6 average exactly 5 (in floats, 4.999…); 6.25 rounds to 6.3 as a person rounds
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("Pharmacie centrale", "Achats", ["2,3", "6,1", "6,6"]),
                                              *answers("Urgences", "Pharmacie centrale", ["6", "6,5"])])
    overlay = overlay_of(org, export, min_responses=2)
    assert [(s.supplier, s.mean) for s in overlay.links] == [("achats", 5.0), ("pharmacie", 6.3)]


def test_an_xlsx_export_with_microsoft_forms_headers_is_read(org: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Heure de début", "Heure de fin", "Votre équipe", "Quel fournisseur évaluez-vous ?",
                  "Sur une échelle de 0 à 10, votre satisfaction", "Pourquoi ?"])
    for number, score in enumerate([10, 10, 9, 9, 2, 7], 1):
        sheet.append([number, dt.datetime(2026, 10, 2, 9), dt.datetime(2026, 10, 3, 9, number), "urgences",
                      "Pharmacie centrale", score, "ok"])
    workbook.save(tmp_path / "export.xlsx")
    overlay = overlay_of(org, tmp_path / "export.xlsx")
    # 6 answers: 4 promoters, 1 detractor -> round(100 * 3 / 6) = 50; mean 47/6 = 7.83
    assert [(s.supplier, s.client, s.responses, s.mean, s.nps) for s in overlay.links] == [("pharmacie", "urgences", 6, 7.8, 50)]
    assert overlay.date == dt.date(2026, 10, 3)


def test_a_team_typed_once_in_a_merged_cell_counts_for_each_answer_it_covers(org: Path, tmp_path: Path) -> None:
    # the four answers of Urgences under one merged "Votre équipe" cell: three read as blanks before
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Votre équipe", "Équipe évaluée", "Note (0-10)"])
    for row, score in enumerate([9, 9, 9, 3, 6], 2):
        sheet.append(["urgences" if row == 2 else None, "Pharmacie centrale", score])
    sheet.merge_cells("A2:A6")
    workbook.save(tmp_path / "export.xlsx")
    assert [(s.client, s.responses, s.mean) for s in overlay_of(org, tmp_path / "export.xlsx").links] == [("urgences", 5, 7.2)]


@pytest.mark.parametrize("count, scored", [(4, False), (5, True)])
def test_below_min_responses_a_link_gets_no_score(org: Path, tmp_path: Path, count: int, scored: bool) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("pharmacie", "achats", [2] * count)])
    (score,) = overlay_of(org, export).links
    assert score.responses == count
    assert (score.mean is not None, score.nps is not None) == (scored, scored)


def test_min_responses_option_moves_the_threshold(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("pharmacie", "achats", [2, 3])])
    (score,) = overlay_of(org, export, min_responses=2).links
    assert (score.mean, score.nps) == (2.5, -100)


def test_unknown_teams_are_reported_not_dropped(org: Path, tmp_path: Path, runner) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("Pharmacie centrle", "achats", [9]),
                                               *answers("pharmacie", "Cantine", [4, 5]), *answers("urgences", "pharmacie", [8])])
    result = runner.invoke(cli, ["survey", str(org), str(export), "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 0, result.output  # one answer is usable: the overlay is written, unknown names in it
    assert 'r.csv:2: unknown respondent\'s team "Pharmacie centrle" (did you mean `pharmacie`?): answer left out' in result.stderr
    assert 'r.csv:3: unknown rated supplier team "Cantine" (no team has this id or name)' in result.stderr
    assert "3 answers name a team the map does not have" in result.stdout
    written = yaml.safe_load((tmp_path / "s.yaml").read_text(encoding="utf-8"))
    assert written["unknown_names"] == [{"name": "Cantine", "role": "supplier", "answers": 2},
                                        {"name": "Pharmacie centrle", "role": "team", "answers": 1, "did_you_mean": "pharmacie"}]


def test_answers_about_a_link_the_map_lacks_are_listed_as_not_in_map(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("urgences", "achats", [3, 4])])
    overlay = overlay_of(org, export)
    assert overlay.links == ()
    assert [(s.supplier, s.client, s.responses) for s in overlay.not_in_map] == [("achats", "urgences", 2)]


def test_an_invalid_score_is_noted_with_its_row(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, "x;pharmacie;achats;pas d'avis;", "x;pharmacie;achats;;"])
    result = compute_overlay(chainmap.load(org), [read_table(export)], {})
    assert result.notes == [f"{export}:2: \"pas d'avis\" is not a score from 0 to 10: answer left out"]
    assert result.answers == 0


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                           ("utf-16-le", b""), ("cp1252", b""), ("latin-1", b"")])
def test_common_encodings_are_decoded(encoding: str, bom: bytes) -> None:
    text = "Votre équipe\tNote\r\nPharmacie à usage intérieur\t9\r\n"
    assert decode(bom + text.encode(encoding))[0] == text


def test_a_tab_separated_utf16_export_is_read(org: Path, tmp_path: Path) -> None:
    lines = ["Team\tSupplier\tScore\tComment", *[f"pharmacie\tachats\t{s}\t\"good, fast\"" for s in (9, 9, 9, 9, 10)]]
    (tmp_path / "r.csv").write_bytes(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))
    (score,) = overlay_of(org, tmp_path / "r.csv").links
    assert (score.responses, score.mean, score.nps) == (5, 9.2, 100)


def test_column_options_name_columns_the_guess_would_miss(org: Path, tmp_path: Path, runner) -> None:
    lines = ["Q1,Q2,Q3", *[f"pharmacie,achats,{s}" for s in (1, 2, 3, 4, 5)]]
    (tmp_path / "r.csv").write_text("\n".join(lines), encoding="utf-8")
    output = tmp_path / "s.yaml"
    result = runner.invoke(cli, ["survey", str(org), str(tmp_path / "r.csv"), "-o", str(output), "--team-column", "q1",
                                 "--supplier-column", "Q2", "--score-column", "3"])
    assert result.exit_code == 0, result.output
    assert read_overlay(output).links[0].mean == 3.0


def test_an_unknown_column_name_is_a_usage_error_listing_the_columns(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "r.csv").write_text("Q1,Q2\npharmacie,9\n", encoding="utf-8")
    result = runner.invoke(cli, ["survey", str(org), str(tmp_path / "r.csv"), "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2
    assert 'no column for the respondent\'s team was recognised among "Q1", "Q2": name it with --team-column' in result.stderr


def test_an_enps_survey_gives_each_team_its_enps(org: Path, tmp_path: Path) -> None:
    lines = ["Équipe;Note eNPS", *[f"urgences;{s}" for s in (10, 9, 7, 0, 5)], "achats;9"]
    export = write_cp1252(tmp_path / "enps.csv", lines)
    overlay = overlay_of(org, export)
    assert [(t.team, t.responses, t.enps) for t in overlay.teams] == [("achats", 1, None), ("urgences", 5, 0)]


def test_the_overlay_file_is_deterministic(org: Path, tmp_path: Path, runner) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("pharmacie", "achats", [7, 8, 9, 10, 6])])
    outputs = []
    for name in ("a.yaml", "b.yaml"):
        assert runner.invoke(cli, ["survey", str(org), str(export), "-o", str(tmp_path / name)]).exit_code == 0
        outputs.append((tmp_path / name).read_bytes().replace(name.encode(), b"X"))
    assert outputs[0] == outputs[1]


def test_survey_scores_take_precedence_and_check_says_so(org: Path, tmp_path: Path, runner) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("pharmacie", "achats", [2, 3, 4, 5, 6])])
    overlay_path = tmp_path / "s.yaml"
    runner.invoke(cli, ["survey", str(org), str(export), "-o", str(overlay_path)])
    surveyed = apply_survey(chainmap.load(org), read_overlay(overlay_path))
    assert [link.satisfaction for link in surveyed.links if link.client == "pharmacie"] == [4.0]
    rules = {}
    for extra in ([], ["--survey", str(overlay_path)]):
        result = runner.invoke(cli, ["weak", str(org), "--format", "json", *extra])
        rules[bool(extra)] = [f["rule"] for f in yaml.safe_load(result.stdout) if f["rule"] == "low-satisfaction"]
    assert rules == {False: [], True: ["low-satisfaction"]}
    result = runner.invoke(cli, ["check", str(org), "--survey", str(overlay_path)])
    assert ("From the survey of 20 November 2026: satisfaction of 1 link (survey figures take precedence "
            "over the declarations: 1 declared score replaced).") in result.stdout


def test_a_file_that_is_not_an_overlay_is_refused_clearly(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "x.yaml").write_text("links: []\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--survey", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "is not a survey overlay (it does not start with `chainmap_survey: 1`)" in result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_filled_questionnaire_comes_back_through_survey(org: Path, tmp_path: Path, runner, suffix: str) -> None:
    form = tmp_path / f"form{suffix}"
    result = runner.invoke(cli, ["survey-form", str(org), "-o", str(form)])
    assert result.exit_code == 0 and "(5 questions)" in result.stdout  # 2 links to teams + 3 free rows
    table = read_table(form)
    filled = tmp_path / "filled.csv"
    rows = [list(table.headers)] + [[str(c or "") for c in cells] for _, cells in table.rows if cells[1]] * 5
    for row in rows[1:]:
        row[3] = "8"
    filled.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8")
    overlay = overlay_of(org, filled)
    assert [(s.supplier, s.client, s.responses, s.mean) for s in overlay.links] == [
        ("achats", "pharmacie", 5, 8.0), ("pharmacie", "urgences", 5, 8.0)]
    assert overlay.unknown == ()


# --- defects found by the bug hunt: each rule and each error has its test

HEADER = "Your team,Supplier team,Score (0-10)"


def survey(runner, org: Path, *arguments) -> Result:
    """Run `chainmap survey ORG …` (paths given as Path are turned into text)."""
    return runner.invoke(cli, ["survey", str(org), *[str(a) for a in arguments]])


def write_answers(path: Path, rows: List[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def assert_plain_refusal(result, where: str, says: str) -> None:
    """Exit 2, the message at ``where``, and nothing of Python's own vocabulary."""
    assert result.exit_code == 2, result.output
    assert where in result.stderr and says in result.stderr, result.stderr
    for python_words in ("internal error", "Traceback", "Error:", "codec", "invalid literal", "BadZipFile", "KeyError"):
        assert python_words not in result.output, result.output


def test_a_cell_longer_than_the_csv_limit_is_refused_with_its_line(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7", "pharmacie,achats,7,long" + "x" * 200_000],
                           header=HEADER + ",Comment")
    result = survey(runner, org, export, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f"{export}:3: this row does not end", "longer than 131072 characters")
    assert not (tmp_path / "s.yaml").exists()


@pytest.mark.parametrize("after", [5, 0], ids=["rows after it", "on the last line"])
def test_an_unclosed_quote_is_refused_with_the_line_it_opens_on(org: Path, tmp_path: Path, runner, after: int) -> None:
    # without the check, every line after the stray quote silently became one cell
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7", 'pharmacie,"achats,7', *["pharmacie,achats,8"] * after])
    result = survey(runner, org, export, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f"{export}:3: this row does not end", 'a quote (") opened here is never closed')


def test_a_quoted_comment_over_several_lines_is_still_read(org: Path, tmp_path: Path) -> None:
    export = write_answers(tmp_path / "r.csv", ['pharmacie,achats,7,"first line', 'second line"'], header=HEADER + ",Comment")
    assert overlay_of(org, export, min_responses=1).links[0].responses == 1


@pytest.mark.parametrize("link", [False, True], ids=["same path", "hard link"])
def test_the_overlay_is_never_written_over_an_answers_file(org: Path, tmp_path: Path, runner, link: bool) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    before = export.read_bytes()
    output = tmp_path / "r.csv"
    if link:
        output = tmp_path / "same.csv"
        output.hardlink_to(export)
    result = survey(runner, org, export, "-o", output)
    assert_plain_refusal(result, f"{output} is one of the survey's answer files", "choose another output path")
    assert export.read_bytes() == before


def test_output_dash_prints_the_overlay_as_export_does(org: Path, tmp_path: Path, runner, monkeypatch) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    monkeypatch.chdir(tmp_path)
    result = survey(runner, org, export, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Survey overlay for chainmap")
    assert yaml.safe_load(result.stdout)["links"][0]["mean"] == 7.0
    assert "5 answers read" in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.fixture
def twins(tmp_path: Path) -> Path:
    """qa1 "Qualité" and qa2 "Qualite" (one name once accents are set aside); itp is named
    "it-paris", the id of another team. achats supplies all four."""
    return write_org(tmp_path / "twins", [
        team("achats", name="Achats", clients=["qa1", "qa2", "it-paris", "itp"]),
        team("qa1", name="Qualité", clients=["customers"], suppliers=["achats"]),
        team("qa2", name="Qualite", clients=["customers"], suppliers=["achats"]),
        team("it-paris", name="Informatique Paris", clients=["customers"], suppliers=["achats"]),
        team("itp", name="it-paris", clients=["customers"], suppliers=["achats"]),
    ])


@pytest.mark.parametrize("written, teams", [("Qualite", '"Qualité (qa1)", "Qualite (qa2)"'),
                                            ("IT Paris", '"Informatique Paris (it-paris)", "it-paris (itp)"')])
def test_a_name_that_fits_two_teams_is_reported_as_ambiguous_not_guessed(twins: Path, tmp_path: Path, runner,
                                                                        written: str, teams: str) -> None:
    export = write_answers(tmp_path / "r.csv", [f"{written},Achats,8"] * 5)
    result = survey(runner, twins, export, "-o", tmp_path / "s.yaml")
    assert f'r.csv:2: the respondent\'s team "{written}" fits more than one team; write the one meant with its id in brackets: {teams}' in result.stderr
    assert "5 answers name a team whose name two teams share" in result.stderr
    assert result.exit_code == 2 and not (tmp_path / "s.yaml").exists()  # no answer left to write


def test_the_questionnaire_writes_shared_names_with_their_id_and_reads_them_back(twins: Path, tmp_path: Path, runner) -> None:
    form = tmp_path / "form.csv"
    assert runner.invoke(cli, ["survey-form", str(twins), "-o", str(form)]).exit_code == 0
    table = read_table(form)
    rated = [cells[0] for _, cells in table.rows if cells[1]]
    assert rated == ["Informatique Paris", "it-paris (itp)", "Qualité (qa1)", "Qualite (qa2)"]
    filled = write_answers(tmp_path / "filled.csv", [f'"{name}",Achats,8' for name in rated] * 5)
    overlay = overlay_of(twins, filled)
    assert [(s.client, s.responses) for s in overlay.links] == [("it-paris", 5), ("itp", 5), ("qa1", 5), ("qa2", 5)]


@pytest.mark.parametrize("link", [False, True], ids=["same path", "hard link"])
def test_an_answers_file_given_twice_is_refused(org: Path, tmp_path: Path, runner, link: bool) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,2"] * 3)
    again = export
    if link:
        again = tmp_path / "copy.csv"
        again.hardlink_to(export)
    result = survey(runner, org, export, again, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, str(again), "its answers would be counted twice, which defeats the anonymity threshold")
    assert not (tmp_path / "s.yaml").exists()


@pytest.mark.parametrize("written", ["4/5", "1E+01", "0x5", "1 000", "5-6", "10/5", "100", "7."])
def test_a_score_that_is_not_a_plain_number_is_refused_not_read_from_its_first_digits(written: str) -> None:
    with pytest.raises(ValueError):
        chainmap.survey.parse_score(written)


@pytest.mark.parametrize("written, score", [("7", 7), ("7.5", 7.5), ("7,5", 7.5), (" 8/10 ", 8), ("10 sur 10", 10),
                                            ("9 - Très satisfait", 9), (6.5, 6.5)])
def test_a_score_written_as_people_write_it_is_read(written, score: float) -> None:
    assert chainmap.survey.parse_score(written) == score


def test_a_score_that_is_not_a_plain_number_is_left_out_with_its_row(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, "20/11/2026 09:00;pharmacie;achats;4/5;", "20/11/2026 09:01;pharmacie;achats;7,5;"])
    result = compute_overlay(chainmap.load(org), [read_table(export)], {})
    assert result.notes[0] == f'{export}:2: "4/5" is not a score from 0 to 10: answer left out'
    assert result.notes[1:] == ["only 2 answers are dated, fewer than --min-responses: the survey is dated today (the day of so few "
                                "answers could tell who answered); give its day with --date YYYY-MM-DD"]
    assert result.answers == 1


@pytest.mark.parametrize("column, cell", [(2, "C2"), (0, "A2")], ids=["score", "team"])
def test_a_formula_whose_value_was_never_computed_is_refused_with_its_cell(org: Path, tmp_path: Path, runner,
                                                                          column: int, cell: str) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    for _ in range(5):
        row = ["pharmacie", "achats", 7]
        row[column] = "=3+4" if column == 2 else '="pharm"&"acie"'
        workbook.active.append(row)
    workbook.save(tmp_path / "export.xlsx")
    result = survey(runner, org, tmp_path / "export.xlsx", "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f"export.xlsx:Sheet:2: the cell {cell} holds a formula",
                         "whose value was never computed (the file was written by a program): open it in Excel or LibreOffice, save it")


def test_a_computed_formula_is_read_as_its_value(org: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["pharmacie", "achats", "=3+4"])
    workbook.save(tmp_path / "export.xlsx")  # then give the cell its value, as a spreadsheet saving it would
    with zipfile.ZipFile(tmp_path / "export.xlsx") as source, zipfile.ZipFile(tmp_path / "saved.xlsx", "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            target.writestr(entry, data.replace(b"<f>3+4</f><v></v>", b"<f>3+4</f><v>7</v>").replace(b"<f>3+4</f><v />", b"<f>3+4</f><v>7</v>"))
    assert overlay_of(org, tmp_path / "saved.xlsx", min_responses=1).links[0].mean == 7.0


def test_french_headers_for_the_rated_team_are_recognised(org: Path, tmp_path: Path) -> None:
    export = write_answers(tmp_path / "r.csv", ["Pharmacie centrale,Achats,2"], header="Votre équipe,Équipe notée,Note")
    overlay = overlay_of(org, export)
    assert [(s.supplier, s.client, s.responses) for s in overlay.links] == [("achats", "pharmacie", 1)]
    assert overlay.teams == ()


def test_a_column_of_team_names_not_understood_is_not_taken_for_an_enps_survey(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["Pharmacie centrale,Achats,2"], header="Votre équipe,Cible,Note")
    result = survey(runner, org, export, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f'{export}: the column "Cible" holds team names, but it was not understood as the rated supplier team',
                         'or add --supplier-column "Cible"; if this is an eNPS survey, add --kind enps')
    assert survey(runner, org, export, "-o", tmp_path / "s.yaml", "--kind", "enps").exit_code == 0


OVERLAY = """\
chainmap_survey: 1
date: '2026-11-20'
min_responses: 5
links:
- supplier: achats
  client: pharmacie
  responses: 5
  mean: {mean}
  nps: 20
teams:
- team: urgences
  responses: {responses}
  enps: {enps}
"""


def test_overlay_figures_out_of_range_are_refused_with_their_line(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "s.yaml").write_text(OVERLAY.format(mean=99, responses=5, enps=5000), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--survey", str(tmp_path / "s.yaml")])
    assert_plain_refusal(result, "s.yaml:8: `mean` is 99, but it must be between 0 and 10",
                         "s.yaml:13: `enps` is 5000, but it must be between -100 and 100")


def test_an_overlay_with_a_word_for_a_number_is_refused_in_plain_words(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "s.yaml").write_text(OVERLAY.format(mean=7, responses="x", enps=10), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org), "--survey", str(tmp_path / "s.yaml")])
    assert_plain_refusal(result, "s.yaml:12:", "`responses` should be a whole number, not `x`")


def test_an_overlay_that_is_not_utf8_is_refused_in_plain_words(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "s.yaml").write_bytes(OVERLAY.format(mean=7, responses=5, enps=10).encode() + b"# \xe9\n")
    result = runner.invoke(cli, ["check", str(org), "--survey", str(tmp_path / "s.yaml")])
    assert_plain_refusal(result, "s.yaml is not a survey overlay (it is not UTF-8 text)", "give --survey the file that `chainmap survey")


def test_a_damaged_workbook_is_refused_in_plain_words(org: Path, tmp_path: Path, runner) -> None:
    (tmp_path / "r.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = survey(runner, org, tmp_path / "r.xlsx", "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, "r.xlsx: this file cannot be read as an Excel workbook (it is damaged",
                         "open it in Excel or LibreOffice and save it again as .xlsx")


def test_force_lets_survey_form_write_where_the_message_says(org: Path, runner) -> None:
    inside = org / "form.csv"
    result = runner.invoke(cli, ["survey-form", str(org), "-o", str(inside)])
    assert_plain_refusal(result, "is inside the organisation's folder", "or add --force")
    assert runner.invoke(cli, ["survey-form", str(org), "-o", str(inside), "--force"]).exit_code == 0


def test_survey_form_does_not_replace_an_existing_file_without_force(org: Path, tmp_path: Path, runner) -> None:
    form = tmp_path / "form.csv"
    form.write_text("a filled questionnaire\n", encoding="utf-8")
    result = runner.invoke(cli, ["survey-form", str(org), "-o", str(form)])
    assert_plain_refusal(result, f"{form} already exists", "add --force to replace it")
    assert form.read_text(encoding="utf-8") == "a filled questionnaire\n"
    assert runner.invoke(cli, ["survey-form", str(org), "-o", str(form), "--force"]).exit_code == 0


def test_survey_rewrites_its_own_overlay_but_no_other_file_without_force(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    output = tmp_path / "s.yaml"
    assert survey(runner, org, export, "-o", output).exit_code == 0
    assert survey(runner, org, export, "-o", output).exit_code == 0  # the usual rerun
    notes = tmp_path / "notes.yaml"
    notes.write_text("my notes\n", encoding="utf-8")
    assert_plain_refusal(survey(runner, org, export, "-o", notes), f"{notes} already exists and is not a survey overlay",
                         "add --force to replace it")
    assert survey(runner, org, export, "-o", notes, "--force").exit_code == 0


def test_the_overlay_explains_itself_in_french_and_is_rewritten_in_any_language(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    output = tmp_path / "s.yaml"
    assert runner.invoke(cli, ["--lang", "fr", "survey", str(org), str(export), "-o", str(output)]).exit_code == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Résultats d'enquête pour chainmap") and "Survey overlay" not in text
    assert yaml.safe_load(text)["links"][0]["mean"] == 7.0  # the keys stay those of the format
    assert runner.invoke(cli, ["--lang", "en", "survey", str(org), str(export), "-o", str(output)]).exit_code == 0  # no --force
    assert output.read_text(encoding="utf-8").startswith("# Survey overlay for chainmap")


def test_a_yaml_file_that_only_mentions_the_overlay_key_is_no_overlay(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    notes = tmp_path / "notes.yaml"
    notes.write_text("# my notes\ntodo: read chainmap_survey: 1\n", encoding="utf-8")
    assert_plain_refusal(survey(runner, org, export, "-o", notes), f"{notes} already exists and is not a survey overlay",
                         "add --force to replace it")
    assert notes.read_text(encoding="utf-8") == "# my notes\ntodo: read chainmap_survey: 1\n"


def test_one_column_named_for_two_roles_is_refused(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    result = survey(runner, org, export, "-o", tmp_path / "s.yaml", "--team-column", "2", "--supplier-column", "2")
    assert_plain_refusal(result, f'{export}: --team-column and --supplier-column both name the column "Supplier team"',
                         "each needs its own column")


def test_an_excel_sep_line_names_the_separator(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", ["sep=;", "Votre équipe;Équipe évaluée;Note", "pharmacie;achats;7,5", "pharmacie;achatz;7"])
    result = compute_overlay(chainmap.load(org), [read_table(export)], {}, min_responses=1)
    assert [(s.supplier, s.mean) for s in result.overlay.links] == [("achats", 7.5)]
    assert result.notes[0].startswith(f"{export}:4: unknown rated supplier team")  # lines counted as in the file


def test_a_file_with_only_a_header_row_is_said_to_hold_no_answer(org: Path, tmp_path: Path, runner) -> None:
    empty = write_answers(tmp_path / "empty.csv", [])
    result = survey(runner, org, empty, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f"{empty}: there is no answer in this file, only its header row", "export the answers again")
    assert not (tmp_path / "s.yaml").exists()
    full = write_answers(tmp_path / "r.csv", ["pharmacie,achats,7"] * 5)
    result = survey(runner, org, empty, full, "-o", tmp_path / "s.yaml")
    assert result.exit_code == 0 and f"{empty}: there is no answer in this file" in result.stderr


def test_names_written_in_the_answers_cannot_send_control_characters_to_the_terminal(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["\u202eecamrahp\x07,achats,7"])
    result = survey(runner, org, export, "-o", tmp_path / "s.yaml")
    assert "<U+202E>ecamrahp<U+0007>" in result.stderr and "\u202e" not in result.output and "\x07" not in result.output


def overlay_file(path: Path, links: str, teams: str = "") -> Path:
    """A hand-edited overlay: the header lines 1–4, then ``links`` from line 5."""
    text = f"chainmap_survey: 1\ndate: '2026-11-20'\nmin_responses: 5\nlinks:\n{links}teams:\n{teams}"
    path.write_text(text, encoding="utf-8")
    return path


LINK = "- supplier: {supplier}\n  client: {client}\n  responses: 5\n  mean: 7\n  nps: 20\n"


@pytest.mark.parametrize("links, where, says", [
    (LINK.format(supplier="achat", client="pharmacie"), "s.yaml:5: `supplier: achat`: the organisation has no such team",
     "(did you mean `achats`?): correct the id, or remove this entry"),
    (LINK.format(supplier="pharmacie", client="achats"), "s.yaml:5: `pharmacie → achats` is no link of the organisation, but `achats → pharmacie` is",
     "swap the values of `supplier` and `client`"),
    (LINK.format(supplier="achats", client="urgences"), "s.yaml:5: `achats → urgences` is no link of the organisation, so its score cannot be applied",
     "declare the link in the teams' files, or move this entry under `not_in_map`"),
    (LINK.format(supplier="achats", client="pharmacie") * 2, "s.yaml:10: `achats → pharmacie` is listed twice in `links` (also on line 5)",
     "keep one entry"),
], ids=["unknown-team", "reversed", "not-in-map", "twice"])
def test_an_overlay_link_that_cannot_be_applied_is_refused_with_its_line(org: Path, tmp_path: Path, runner,
                                                                        links: str, where: str, says: str) -> None:
    overlay = overlay_file(tmp_path / "s.yaml", links)
    result = runner.invoke(cli, ["check", str(org), "--survey", str(overlay)])
    assert_plain_refusal(result, where, says)


def test_an_overlay_team_the_organisation_does_not_have_is_refused_with_its_line(org: Path, tmp_path: Path, runner) -> None:
    overlay = overlay_file(tmp_path / "s.yaml", "", "- team: urgence\n  responses: 5\n  enps: 10\n")
    result = runner.invoke(cli, ["weak", str(org), "--survey", str(overlay)])
    assert_plain_refusal(result, "s.yaml:6: `team: urgence`: the organisation has no such team", "(did you mean `urgences`?)")


def test_an_overlay_team_listed_twice_is_refused_naming_both_lines(org: Path, tmp_path: Path, runner) -> None:
    overlay = overlay_file(tmp_path / "s.yaml", "", "- team: urgences\n  responses: 5\n  enps: 10\n" * 2)
    result = runner.invoke(cli, ["check", str(org), "--survey", str(overlay)])
    assert_plain_refusal(result, "s.yaml:9: `urgences` is listed twice in `teams` (also on line 6)", "keep one entry")


def test_the_blank_questionnaire_read_as_answers_is_refused_and_nothing_written(org: Path, tmp_path: Path, runner) -> None:
    form = tmp_path / "form.csv"
    assert runner.invoke(cli, ["survey-form", str(org), "-o", str(form)]).exit_code == 0
    result = survey(runner, org, form, "-o", tmp_path / "s.yaml")
    assert_plain_refusal(result, f"{form}: no answer to read, every score is blank", "(nothing was written)")
    assert not (tmp_path / "s.yaml").exists()


def test_answers_all_left_out_are_refused_and_nothing_written(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,12", "zz,achats,7"])
    result = survey(runner, org, export, "-o", "-")
    assert_plain_refusal(result, f"no answer of {export} could be used", "correct the rows listed above")
    assert "r.csv:2: \"12\" is not a score from 0 to 10" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("day, expected", [("2026/11/20", dt.date(2026, 11, 20)), ("20.11.2026", dt.date(2026, 11, 20)),
                                           ("2026.11.20", dt.date(2026, 11, 20))])
def test_answer_dates_year_first_with_slashes_or_day_first_with_dots_are_read(org: Path, tmp_path: Path, day: str, expected: dt.date) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("Pharmacie centrale", "Achats", [8] * 5, day=day)])
    assert overlay_of(org, export).date == expected


def test_answer_dates_chainmap_cannot_read_are_said_not_silently_replaced_by_today(org: Path, tmp_path: Path) -> None:
    export = write_cp1252(tmp_path / "r.csv", [SEMICOLON_HEADER, *answers("Pharmacie centrale", "Achats", [8] * 5, day="Nov 20th")])
    result = compute_overlay(chainmap.load(org), [read_table(export)], {})
    assert result.overlay.date == dt.date.today()
    assert any("Nov 20th" in note and "--date" in note for note in result.notes)
