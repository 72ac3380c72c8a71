"""`chainmap diff OLD NEW`: what changed between two versions of an organisation."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from typing import Optional, Tuple

import click

from .. import analyse
from ..diff import diff, diff_data, diff_text
from ..diff.dot import diff_dot
from ..errors import UsageError
from ..files.fingerprint import check_replaceable, write_drawing
from ..files.safe_write import check_output_path
from ..formats.data import dumps
from ..history.past import day_since, organisation_before
from ..i18n import _
from ..model import Org
from ..render import format_for, run_graphviz
from .options import (
    as_of_option,
    confirmed_option,
    force_option,
    language_option,
    limits_options,
    loaded,
    organisation_argument,
)

__all__ = ["diff_command"]

EXIT_NEW_ERRORS = 1


@click.command(name="diff")
@limits_options
@organisation_argument("old", "OLD")
@organisation_argument("new", "NEW", required=False)
@click.option("--since", "since", metavar="DATE", callback=lambda _c, _p, value: _since(value),
              help="Compare ORG with itself as it stood before this day (YYYY-MM-DD, or 1month, 2weeks, 30days), "
                   "read from its git repository or from --db's snapshots.")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.sqlite",
              help="With --since: the snapshots `chainmap record` keeps, besides (or instead of) git.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Also draw the changes: .svg, .png, .pdf or .dot (added in green, removed in grey dashed).")
@click.option("--fail-on-new", is_flag=True, help="Exit with code 1 when NEW has error findings that OLD did not have (for CI).")
@as_of_option
@confirmed_option
@force_option
@language_option
@click.pass_context
def diff_command(ctx: click.Context, old: Path, new: Optional[Path], since: Optional[dt.date], db: Optional[Path],
                 fmt: str, output: Optional[Path], fail_on_new: bool, as_of, confirmed_only: bool, force: bool) -> None:
    """Show what changed from OLD to NEW: links, weak links, chains and workers.

    OLD and NEW are any two organisations chainmap reads (folders, YAML files,
    workbooks): for example the declarations before and after a workshop, or two
    commits of a repository of declarations. With --since, give one organisation:
    it is compared with itself as it stood before that day, read from the git
    repository that holds it (or from the snapshots of --db).

    \b
    Example:
      chainmap diff avant/ apres/ -o changements.svg
      chainmap diff hopital/ --since 1month
      chainmap diff main-branch/ hopital/ --fail-on-new
    """
    _check_sources(new, since, db)
    if output is not None:  # before loading: a misplaced or misnamed output costs nothing
        for organisation in (old, new or old):
            check_output_path(output, organisation, force)
        check_replaceable(output, force)
        format_for(output)
    day = as_of.date() if as_of else None
    with ExitStack() as stack:
        (before_org, old_name), (after_org, new_name) = _both(stack, old, new, since, db)
        before = analyse(before_org, day, confirmed_only)
        after = analyse(after_org, before.as_of, confirmed_only)
    changes = diff(before, after)
    if output is not None:
        write_drawing(output, run_graphviz(diff_dot(changes, old_name, new_name), format_for(output)))
    click.echo(dumps(diff_data(changes)) if fmt == "json" else diff_text(changes, old_name, new_name), nl=False)
    if output is not None:
        click.echo(_("wrote {path}").format(path=output), err=True)
    if fail_on_new and changes.new_of_severity("error"):
        ctx.exit(EXIT_NEW_ERRORS)


def _since(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return day_since(value, dt.date.today())
    except ValueError:
        raise click.BadParameter(_("give a day written YYYY-MM-DD (for example 2026-11-01) or a span back from today "
                                   "(1month, 2weeks, 30days), not `{value}`").format(value=value)) from None


def _check_sources(new: Optional[Path], since: Optional[dt.date], db: Optional[Path]) -> None:
    """Two organisations, or one with --since: never both, never neither."""
    if db is not None and since is None:
        raise UsageError(_("--db gives the snapshots --since reads: add --since DATE, or leave out --db"))
    if since is None and new is None:
        raise UsageError(_("give the two organisations to compare (chainmap diff OLD NEW), "
                           "or one and a day to compare it with its past (chainmap diff ORG --since 1month)"))
    if since is not None and new is not None:
        raise UsageError(_("--since compares one organisation with its past: give ORG alone "
                           "(chainmap diff ORG --since DATE), or two organisations without --since"))


def _both(stack: ExitStack, old: Path, new: Optional[Path], since: Optional[dt.date],
          db: Optional[Path]) -> Tuple[Tuple[Org, str], Tuple[Org, str]]:
    """The organisations compared and the names they are shown under."""
    if since is None:
        assert new is not None
        return (loaded(old), str(old)), (loaded(new), str(new))
    now = loaded(old)  # first: a missing or broken organisation is told as every command tells it
    past, point = stack.enter_context(organisation_before(old, since, db))
    past_name = _("{org} on {day} ({ref})").format(org=old, day=point.day.isoformat(), ref=point.short_ref)
    return (past, past_name), (now, str(old))
