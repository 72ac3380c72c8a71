"""`chainmap survey` and `chainmap survey-form`: from the map to a questionnaire, from answers to an overlay."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

import click

from ..errors import ChainmapError
from ..files.safe_write import check_output_path, write_text
from ..i18n import _, ngettext
from ..survey.answers import is_overlay_file, refuse_repeated_answers, same_file
from ..survey.compute import DEFAULT_MIN_RESPONSES, SurveyResult, compute_overlay
from ..survey.form import write_form
from ..survey.overlay import overlay_yaml
from ..survey.summary import summary
from ..survey.tables import read_table
from .options import DAY, force_option, language_option, limits_options, loaded, org_argument
from .terminal import printable

__all__ = ["survey_command", "survey_form_command"]


@click.command(name="survey")
@limits_options
@org_argument
@click.argument("answers", type=click.Path(path_type=Path, dir_okay=False), nargs=-1, required=True, metavar="ANSWERS...")
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
@click.option("--comments", is_flag=True, help="Copy the comments of links above the threshold into the overlay (sorted).")
@force_option(help="Replace FILE even if it is not an overlay written by chainmap survey (and allow writing inside the organisation's folder).")
@language_option
def survey_command(org: Path, answers: Tuple[Path, ...], output: Path, team_column: Optional[str],
                   supplier_column: Optional[str], score_column: Optional[str], comment_column: Optional[str],
                   min_responses: int, kind: str, survey_date, comments: bool, force: bool) -> None:
    """Turn the raw answers of a satisfaction or eNPS survey into scores for ORG's links and teams.

    ANSWERS are exports of a form tool (CSV in any common encoding and separator, or
    .xlsx), one row per answer. For each link: the mean score, the internal NPS (share
    of 9-10 minus share of 0-6) and the number of answers. Answers naming teams the map
    does not know are listed, never silently dropped.

    \b
    Example:
      chainmap survey hopital/ reponses.csv -o satisfaction.yaml
      chainmap check hopital/ --survey satisfaction.yaml
    """
    to_screen = str(output) == "-"
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
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="FILE",
              help="The questionnaire to write: .csv or .xlsx.")
@click.option("--kind", type=click.Choice(["satisfaction", "enps"]), default="satisfaction", show_default=True,
              help="satisfaction: each team rates its suppliers; enps: each team's members rate their team.")
@force_option(help="Replace FILE if it exists (and allow writing inside the organisation's folder).")
@language_option
def survey_form_command(org: Path, output: Path, kind: str, force: bool) -> None:
    """Write the questionnaire of ORG's survey: each team rates only the suppliers the map gives it.

    One row per declared supplier of each team, plus one free row for "a supplier we
    forgot". Collect the filled rows (one per answer) and read them with `chainmap survey`.

    \b
    Example:
      chainmap survey-form hopital/ -o questionnaire.xlsx
    """
    check_output_path(output, org, force)
    if output.exists() and not force:  # perhaps a questionnaire already handed out, or filled in
        raise ChainmapError(_("{path} already exists: add --force to replace it, or choose another name").format(path=output))
    questions = write_form(loaded(org), output, kind)
    click.echo(ngettext("wrote {path} ({n} question)", "wrote {path} ({n} questions)", questions).format(path=output, n=questions))
