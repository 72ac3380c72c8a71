"""Survey import (`chainmap survey`), the questionnaire (`survey-form`) and `--survey FILE`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List

import openpyxl
import pytest
import yaml
from orgs import team, write_org

import chainmap
from chainmap.cli import cli
from chainmap.survey import apply_survey, compute_overlay, read_overlay, read_table
from chainmap.survey.tables import decode

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
                                               *answers("pharmacie", "Cantine", [4, 5])])
    result = runner.invoke(cli, ["survey", str(org), str(export), "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 0, result.output
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
    assert ("From the survey of 20 November 2026: satisfaction of 1 link, eNPS of 0 teams (survey figures take precedence "
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
