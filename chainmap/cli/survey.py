"""`chainmap survey` and `chainmap survey-form`: from the map to a questionnaire, from answers to an overlay."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import click

from ..errors import ChainmapError
from ..files.safe_write import check_output_path, write_text
from ..i18n import _, ngettext
from ..survey.answers import is_overlay_file, refuse_repeated_answers, same_file
from ..survey.compute import DEFAULT_MIN_RESPONSES, SurveyResult, compute_overlay
from ..survey.form import per_team_paths, write_form, write_forms_per_team
from ..survey.overlay import overlay_yaml
from ..survey.summary import summary
from ..survey.tables import read_table
from .options import (
    DAY,
    csv_options,
    csv_style_of,
    force_option,
    language_option,
    limits_options,
    loaded,
    org_argument,
)
from .terminal import printable

__all__ = ["survey_command", "survey_form_command"]


@click.command(name="survey")
@limits_options
@org_argument
@click.argument("answers", type=click.Path(path_type=Path), nargs=-1, required=True, metavar="ANSWERS...")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="FILE",
              help="The overlay to write (YAML), for --survey FILE of check, weak and render; `-` prints it to the screen.")
@click.option("--team-column", metavar="HEADER", help="Column of the respondent's team (header, or number from 1).")
@click.option("--supplier-column", metavar="HEADER", help="Column of the rated supplier team.")
@click.option("--score-column", metavar="HEADER", help="Column of the score from 0 to 10.")
@click.option("--comment-column", metavar="HEADER", help="Column of the optional comment.")
@click.option("--min-responses", type=click.IntRange(min=1), default=DEFAULT_MIN_RESPONSES, show_default=True,
              help="Below this many answers, a link or team gets no score (respondents' anonymity).")
@click.option("--kind", type=click.Choice(["auto", "satisfaction", "enps"]), default="auto", show_default=True,
              help="satisfaction: team, supplier, score; enps: team, score; auto: by the columns found.")
@click.option("--date", "survey_date", type=DAY, metavar="DATE",
              help="Day of the survey (default: the latest answer's timestamp, or today).")
@click.option("--comments", is_flag=True, help="Copy the comments of links above the threshold into the overlay (sorted), and quote free texts written where a team's name was expected.")
@force_option(help="Replace FILE even if it is not an overlay written by chainmap survey (and allow writing inside the organisation's folder).")
@language_option
def survey_command(org: Path, answers: Tuple[Path, ...], output: Path, team_column: Optional[str],
                   supplier_column: Optional[str], score_column: Optional[str], comment_column: Optional[str],
                   min_responses: int, kind: str, survey_date, comments: bool, force: bool) -> None:
    """Turn the raw answers of a satisfaction or eNPS survey into scores for ORG's links and teams.

    ANSWERS are exports of a form tool (CSV in any common encoding and separator, or
    .xlsx), one row per answer, or the filled questionnaires of `survey-form` (a folder
    stands for the .xlsx and .csv files in it: the forms of --per-team, all at once).
    For each link: the mean score, the internal NPS (share of 9-10 minus share of 0-6)
    and the number of answers. Answers naming teams the map does not know are listed,
    never silently dropped.

    \b
    Example:
      chainmap survey hopital/ reponses.csv -o satisfaction.yaml
      chainmap check hopital/ --survey satisfaction.yaml
    """
    to_screen = str(output) == "-"
    answers = answer_files(answers)
    refuse_repeated_answers(answers)
    if not to_screen:
        _check_overlay_output(output, org, answers, force)
    model = loaded(org)
    columns = {"team": team_column, "supplier": supplier_column, "score": score_column, "comment": comment_column}
    result = compute_overlay(model, [read_table(path) for path in answers], columns, min_responses, kind,
                             survey_date.date() if survey_date else None, comments)
    notes = result.notes + _refuse_empty(result.empty, len(answers))
    _refuse_no_usable_answer(result, notes, answers)
    text = overlay_yaml(result.overlay, "satisfaction.yaml" if to_screen else output.name)
    if not to_screen:
        write_text(output, text)
    for note in notes:
        click.echo(printable(note), err=True)
    click.echo(printable(summary(result)), nl=False, err=to_screen)
    if to_screen:
        click.echo(text, nl=False)
    else:
        click.echo(_("wrote {path}").format(path=output))




def _check_overlay_output(output: Path, org: Path, answers: Tuple[Path, ...], force: bool) -> None:
    """Never write the overlay over the organisation or the raw answers (even with --force), nor,
    without --force, over a file that is not an earlier overlay (rewriting one is the usual rerun)."""
    check_output_path(output, org, force)
    for path in answers:
        if same_file(output, path):
            raise ChainmapError(_("{path} is one of the survey's answer files: chainmap never writes over its input; "
                                  "choose another output path, such as satisfaction.yaml").format(path=output))
    if output.exists() and not force and not is_overlay_file(output):
        raise ChainmapError(_("{path} already exists and is not a survey overlay: add --force to replace it, "
                              "or choose another name").format(path=output))








def _refuse_empty(empty: List[str], files: int) -> List[str]:
    """The notes for answer files holding only a header row; an error when no file holds an answer."""
    messages = [_("{path}: there is no answer in this file, only its header row: export the answers again once "
                  "people have answered").format(path=path) for path in empty]
    if messages and len(messages) == files:
        for message in messages[:-1]:
            click.echo(printable(message), err=True)
        raise ChainmapError(messages[-1])
    return messages


def _refuse_no_usable_answer(result: SurveyResult, notes: List[str], answers: Tuple[Path, ...]) -> None:
    """Refuse to write an overlay without a single answer in it: laid over the map it would
    change nothing, while its name says the survey was taken into account."""
    if result.answers:
        return
    for note in notes:
        click.echo(printable(note), err=True)
    click.echo(printable(summary(result)), nl=False, err=True)
    files = ", ".join(str(path) for path in answers)
    if result.notes:
        raise ChainmapError(_("no answer of {files} could be used: each row was left out (see above) or has no score; "
                              "correct the rows listed above, then run chainmap survey again (nothing was written)").format(files=files))
    raise ChainmapError(_("{files}: no answer to read, every score is blank (a questionnaire not filled in yet?): "
                          "run chainmap survey on the answers once people have given their scores (nothing was written)").format(files=files))






@click.command(name="survey-form")
@limits_options
@org_argument
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="The questionnaire to write: .csv or .xlsx.")
@click.option("--per-team", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Instead of -o: one small workbook per team in DIR (DIR/<team id>.xlsx), each with only that team's questions.")
@click.option("--kind", type=click.Choice(["satisfaction", "enps"]), default="satisfaction", show_default=True,
              help="satisfaction: each team rates its suppliers; enps: each team's members rate their team.")
@csv_options
@force_option(help="Replace FILE if it exists (and allow writing inside the organisation's folder).")
@language_option
def survey_form_command(org: Path, output: Optional[Path], per_team: Optional[Path], kind: str, csv: Dict[str, Any],
                        force: bool) -> None:
    """Write the questionnaire of ORG's survey: each team rates only the suppliers the map gives it.

    One row per declared supplier of each team, plus one free row for "a supplier we
    forgot". Collect the filled rows (one per answer) and read them with `chainmap survey`.
    With --per-team DIR, one workbook per team, ready to e-mail to it; read the filled
    ones back all at once: `chainmap survey ORG DIR/*.xlsx` (or the folder: DIR).

    \b
    Example:
      chainmap survey-form hopital/ -o questionnaire.xlsx
      chainmap survey-form hopital/ --per-team questionnaires/
      chainmap survey hopital/ questionnaires/*.xlsx -o satisfaction.yaml
    """
    if (output is None) == (per_team is None):
        raise click.UsageError(_("give either -o FILE (one questionnaire) or --per-team DIR (one per team)"))
    if per_team is not None:
        return _forms_per_team(org, per_team, kind, csv, force)
    assert output is not None  # one of the two, checked above
    check_output_path(output, org, force)
    if output.exists() and not force:  # perhaps a questionnaire already handed out, or filled in
        raise ChainmapError(_("{path} already exists: add --force to replace it, or choose another name").format(path=output))
    questions = write_form(loaded(org), output, kind, csv_style_of(csv, bom=True))
    click.echo(ngettext("wrote {path} ({n} question)", "wrote {path} ({n} questions)", questions).format(path=output, n=questions))
    return None


def _forms_per_team(org: Path, folder: Path, kind: str, csv: Dict[str, Any], force: bool) -> None:
    """One workbook per team in ``folder``; none written over a file already there without --force
    (a form already handed out, or filled in)."""
    check_output_path(folder, org, force)
    model = loaded(org)
    paths = per_team_paths(model, folder)
    there = [path for path in paths.values() if path.exists()]
    if there and not force:
        raise ChainmapError(ngettext("{path} already exists: add --force to replace it, or choose another folder",
                                     "{path} and {n} more files already exist: add --force to replace them, or choose another folder",
                                     len(there)).format(path=there[0], n=len(there) - 1))
    counts = write_forms_per_team(model, folder, kind, style=csv_style_of(csv, bom=True))
    total = sum(counts.values())
    click.echo(ngettext("wrote {n} questionnaire in {folder} ({questions} questions in all)",
                       "wrote {n} questionnaires in {folder} ({questions} questions in all), one per team",
                       len(counts)).format(n=len(counts), folder=folder, questions=total))


def answer_files(given: Tuple[Path, ...]) -> Tuple[Path, ...]:
    """ANSWERS with each folder replaced by its .xlsx and .csv files, in name order: the forms
    of ``survey-form --per-team`` given as their folder (a Windows shell expands no ``*.xlsx``)."""
    files: List[Path] = []
    for path in given:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".csv", ".tsv")
                            and not p.name.startswith((".", "~$")))
            if not inside:
                raise ChainmapError(_("{path}: this folder holds no .xlsx or .csv file of answers").format(path=path))
            files += inside
        else:
            files.append(path)
    return tuple(files)
