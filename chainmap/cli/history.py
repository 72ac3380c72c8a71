"""`chainmap history ORG` and `chainmap record ORG --db FILE`: thin shells over :mod:`chainmap.history`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional, Tuple

import click

from ..errors import ChainmapError
from ..files.safe_write import check_output_path
from ..i18n import _
from .options import (
    DAY,
    as_of_option,
    bounded_text,
    confirmed_option,
    force_option,
    language_option,
    limits_options,
    loaded,
    org_argument,
    quiet,
    survey_option,
)
from .progress import progress_bar

__all__ = ["history_command", "record_command", "min_responses_option"]


def min_responses_option(function: Callable) -> Callable:
    return click.option("--min-responses", type=click.IntRange(min=1), metavar="N",
                        help="Leave out survey figures drawn from fewer than N answers (never fewer than the survey's own threshold).")(function)


@click.command(name="history")
@org_argument
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.sqlite",
              help="Add the snapshots `chainmap record` stored in this database (the figures are cached there too).")
@click.option("--since", type=DAY, metavar="DATE", help="Only points from this day on (YYYY-MM-DD).")
@click.option("--until", type=DAY, metavar="DATE", help="Only points up to this day (YYYY-MM-DD).")
@click.option("--every", type=click.Choice(["day", "week", "month", "quarter", "year"]),
              help="Keep only the last point of each period: the state at its end.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True,
              help="text for people; csv (one row per point, figure and subject) or json for spreadsheets and scripts.")
@click.option("--chart", "charts", multiple=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Also draw the trends: .png, .svg or .pdf (may be given several times).")
@click.option("--no-git", is_flag=True, help="Do not read the git history, only the snapshots of --db.")
@click.option("--no-cache", is_flag=True, help="Compute every point again, and store nothing.")
@min_responses_option
@click.option("--as-of", "as_of", type=DAY, metavar="DATE",
              help="Count the age of every version's declarations from this day (default: each version's own day).")
@confirmed_option
@force_option
@language_option
def history_command(org: Path, db: Optional[Path], since: Optional[dt.datetime], until: Optional[dt.datetime],
                    every: Optional[str], fmt: str, charts: Tuple[Path, ...], no_git: bool, no_cache: bool,
                    min_responses: Optional[int], as_of: Optional[dt.datetime], confirmed_only: bool, force: bool) -> None:
    """Show how ORG changed over time: weak links, confirmed links, satisfaction, eNPS, NPS, people.

    One point per git commit that changed ORG (read with the `git` command, nothing
    checked out), and per snapshot `chainmap record` added to --db. Figures of points
    already computed are cached: a second run is fast.

    \b
    Example:
      chainmap history hopital/ --every month
      chainmap history hopital/ --format csv > trends.csv
      chainmap history groupe.xlsx --db historique.sqlite --chart tendances.pdf --lang fr
    """
    from ..history import HistorySettings, history_of, trend_csv, trend_json, trend_text
    for chart in charts:
        _check_chart_path(chart, org, force)
    if db is not None:
        check_output_path(db, org, force)
    settings = HistorySettings(confirmed_only=confirmed_only, min_responses=min_responses, as_of=as_of and as_of.date())
    with progress_bar(_("Reading the history"), enabled=not quiet()) as progress:
        history = history_of(org, db=db, use_git=not no_git, use_cache=not no_cache, since=since and since.date(),
                             until=until and until.date(), every=every, settings=settings, progress=progress)
    output = {"text": trend_text, "csv": trend_csv, "json": trend_json}[fmt](history)
    click.echo(output, nl=False)
    if charts:
        from ..history.charts import write_charts
        for path in write_charts(history, charts):
            click.echo(_("wrote {path}").format(path=path), err=True)


def _check_chart_path(chart: Path, org: Path, force: bool) -> None:
    from ..files.fingerprint import check_drawing_output
    if chart.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise click.UsageError(_("{path}: charts are written as .png, .svg or .pdf").format(path=chart))
    check_drawing_output(chart, org, force)


@click.command(name="record")
@org_argument
@limits_options
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="FILE.sqlite",
              help="The history database (created if needed): one SQLite file.")
@click.option("--note", metavar="TEXT", callback=bounded_text(), help="A word about this snapshot (\"after the spring workshop\").")
@as_of_option
@survey_option
@force_option
@language_option
def record_command(org: Path, db: Path, note: Optional[str], as_of: Optional[dt.datetime], survey: Optional[Path],
                   force: bool) -> None:
    """Add a dated snapshot of ORG to a history database, for `chainmap history`.

    For organisations kept in workbooks or outside git, say once a month from cron.
    The snapshot keeps the whole model (and the survey overlay given with --survey),
    so every figure can be computed again later. --as-of dates it (default: today).

    \b
    Example:
      chainmap record groupe.xlsx --db historique.sqlite
      chainmap record hopital/ --db history.sqlite --survey satisfaction.yaml --note "after the workshop"
    """
    from ..history import record_snapshot
    check_output_path(db, org, force)
    model = loaded(org)
    if model.skipped:  # a snapshot without them would read, later, as teams that were gone
        raise ChainmapError(_("record keeps the whole organisation, and some team files could not be loaded (listed "
                              "above): correct them first; --skip-invalid cannot leave teams out of a snapshot"))
    recorded = record_snapshot(model, db, as_of.date() if as_of else None, survey, note)
    if recorded.added:
        click.echo(_("recorded snapshot {id} of {org} as of {day} in {db}").format(
            id=recorded.id, org=recorded.org_name, day=recorded.day.isoformat(), db=db))
    else:
        click.echo(_("{db} already holds this snapshot of {org} as of {day} (snapshot {id}): nothing added").format(
            id=recorded.id, org=recorded.org_name, day=recorded.day.isoformat(), db=db))
