"""Survey privacy beyond the threshold (issue 34, class 5): copies, free text, the date.

The last test plays the curious reader: three colleagues rated a supplier, one of them
gave a 2 and a comment, another typed a sentence where her team was expected. It tries to
recover any of that from everything chainmap writes (the overlay, the survey's own
messages, and check, weak, render, report, cards and poster with the overlay, export).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.survey import compute_overlay, read_table
from chainmap.survey.privacy import looks_like_a_name

from .orgs import team, write_org
from .test_survey import assert_plain_refusal, survey, write_answers

SECRET_COMMENT = "Zorglub-ne-repond-jamais"
SECRET_SENTENCE = "je n'en peux plus de travailler avec Zorglub, il ne répond jamais aux demandes"
DATED_HEADER = "Horodateur,Your team,Supplier team,Score (0-10),Comment"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """achats → pharmacie → urgences → customers; pharmacie declares achats 8/10."""
    return write_org(tmp_path / "org", [
        team("achats", name="Achats", clients=["pharmacie"]),
        team("pharmacie", name="Pharmacie centrale", clients=["urgences"], suppliers=[{"id": "achats", "satisfaction": 8}]),
        team("urgences", name="Urgences", clients=["customers"], suppliers=["pharmacie"]),
    ])


def dated(rows: List[str], day: str = "2026-11-20") -> List[str]:
    return [f"{day} 09:{minute:02d},{row}" for minute, row in enumerate(rows)]


def test_the_same_export_under_two_names_is_refused(org: Path, tmp_path: Path, runner) -> None:
    first = write_answers(tmp_path / "reponses.csv", ["pharmacie,achats,2", "pharmacie,achats,9", "pharmacie,achats,10"])
    second = tmp_path / "reponses (1).csv"
    second.write_bytes(first.read_bytes())
    result = survey(runner, org, first, second, "-o", tmp_path / "s.yaml", "--min-responses", "5")
    assert_plain_refusal(result, str(second), "holds exactly the answers of")
    assert not (tmp_path / "s.yaml").exists()


def test_rows_repeated_in_another_export_count_once_and_it_is_said(org: Path, tmp_path: Path) -> None:
    rows = dated(["pharmacie,achats,2,", "pharmacie,achats,9,", "pharmacie,achats,10,"])
    first = write_answers(tmp_path / "lundi.csv", rows, DATED_HEADER)
    later = write_answers(tmp_path / "mardi.csv", rows + dated(["pharmacie,achats,7,", "pharmacie,achats,8,"], "2026-11-21"),
                          DATED_HEADER)
    result = compute_overlay(chainmap.load(org), [read_table(first), read_table(later)], {})
    assert [(s.responses, s.mean) for s in result.overlay.links] == [(5, 7.2)]  # 3 + 2, not 8
    assert any("mardi.csv: 3 answers repeat rows of" in note and "counted once" in note for note in result.notes)


def test_identical_rows_within_one_export_are_different_people(org: Path, tmp_path: Path) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,8"] * 5)
    assert [s.responses for s in compute_overlay(chainmap.load(org), [read_table(export)], {}).overlay.links] == [5]


@pytest.mark.parametrize("text, name", [("Logistique Nord", True), ("Qualité (qa1)", True), (SECRET_SENTENCE, False),
                                        ("voir avec RH. merci", False), ("a" * 61, False)])
def test_a_text_is_quoted_only_when_it_looks_like_a_name(text: str, name: bool) -> None:
    assert looks_like_a_name(text) is name


def test_free_text_where_a_team_was_expected_is_counted_not_copied(org: Path, tmp_path: Path, runner) -> None:
    export = write_answers(tmp_path / "r.csv", ["pharmacie,achats,8"] * 5 + [f'"{SECRET_SENTENCE}",achats,3', "Logistique,achats,4"])
    output = tmp_path / "s.yaml"
    result = survey(runner, org, export, "-o", output)
    assert result.exit_code == 0, result.output
    written = output.read_text(encoding="utf-8")
    assert "Zorglub" not in written + result.output
    assert "unknown_texts: 1" in written and "name: Logistique" in written  # a name is still listed
    assert f"a text of {len(SECRET_SENTENCE)} characters, not shown without --comments" in result.stderr
    with_comments = survey(runner, org, export, "-o", tmp_path / "c.yaml", "--comments")
    assert "Zorglub" in with_comments.stderr  # asked for: the person running the survey sees it


def test_the_date_comes_from_the_answers_only_when_enough_are_dated(org: Path, tmp_path: Path) -> None:
    few = write_answers(tmp_path / "few.csv", dated(["pharmacie,achats,8,"], "2026-10-02")
                        + [",pharmacie,achats,8,"] * 4, DATED_HEADER)
    result = compute_overlay(chainmap.load(org), [read_table(few)], {})
    assert result.overlay.date == dt.date.today()
    assert any("only 1 answer is dated" in note for note in result.notes)
    enough = write_answers(tmp_path / "enough.csv", dated(["pharmacie,achats,8,"] * 5, "2026-10-02"), DATED_HEADER)
    assert compute_overlay(chainmap.load(org), [read_table(enough)], {}).overlay.date == dt.date(2026, 10, 2)


def everything_written(runner, org: Path, overlay: Path, out: Path) -> str:
    """The text of every output chainmap makes with the overlay: terminal and files."""
    texts = [overlay.read_text(encoding="utf-8")]
    commands = [["check"], ["weak"], ["weak", "--format", "json"], ["weak", "--format", "csv"],
                ["render", "-o", str(out / "map.svg")], ["render", "-o", str(out / "map.dot")],
                ["report", "-o", str(out / "report.html")], ["cards", "-o", str(out / "cards.svg")],
                ["poster", "-o", str(out / "poster.svg")]]
    for command in commands:
        result = runner.invoke(cli, [command[0], str(org), "--survey", str(overlay), *command[1:]])
        assert result.exit_code in (0, 1), (command, result.output)
        texts.append(result.output)
    for export in ("graph.json", "links.csv", "graph.graphml"):
        result = runner.invoke(cli, ["export", str(org), "-o", str(out / export)])
        texts.append(result.output)
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in sorted(out.iterdir()) if path.is_file()]
    return "\n".join(texts)


def test_no_respondent_s_score_words_or_day_can_be_recovered_from_any_output(org: Path, tmp_path: Path, runner) -> None:
    rows = ["2026-10-02 08:00,pharmacie,achats,2," + SECRET_COMMENT, "2026-10-03 08:00,pharmacie,achats,9,",
            "2026-10-04 08:00,pharmacie,achats,10,", f'2026-10-05 08:00,"{SECRET_SENTENCE}",achats,1,']
    first = write_answers(tmp_path / "reponses.csv", rows, DATED_HEADER)
    copy = write_answers(tmp_path / "reponses-bis.csv", rows[:3], DATED_HEADER)  # the same people, exported again
    overlay = tmp_path / "survey.yaml"
    result = survey(runner, org, first, copy, "-o", overlay, "--min-responses", "5")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    out.mkdir()
    written = result.output + everything_written(runner, org, overlay, out)
    for secret in ("Zorglub", "repond", "travailler", "2026-10-0", "02/10/2026", "2 octobre", "October 2"):
        assert secret not in written, secret
    data = overlay.read_text(encoding="utf-8")
    assert "mean" not in data and "nps" not in data and "responses: 3" in data
    assert f"date: '{dt.date.today().isoformat()}'" in data
