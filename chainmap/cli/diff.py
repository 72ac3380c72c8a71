"""`chainmap diff OLD NEW`: what changed between two versions of an organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from .. import analyse
from ..diff import diff, diff_data, diff_text
from ..diff.dot import diff_dot
from ..files.fingerprint import check_replaceable, write_drawing
from ..files.safe_write import check_output_path
from ..formats.data import dumps
from ..i18n import _
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
@organisation_argument("new", "NEW")
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
def diff_command(ctx: click.Context, old: Path, new: Path, fmt: str, output: Optional[Path], fail_on_new: bool,
                 as_of, confirmed_only: bool, force: bool) -> None:
    """Show what changed from OLD to NEW: links, weak links, chains and workers.

    OLD and NEW are any two organisations chainmap reads (folders, YAML files,
    workbooks): for example the declarations before and after a workshop, or two
    commits of a repository of declarations.

    \b
    Example:
      chainmap diff avant/ apres/ -o changements.svg
      chainmap diff main-branch/ hopital/ --fail-on-new
    """
    if output is not None:  # before loading: a misplaced or misnamed output costs nothing
        check_output_path(output, old, force)
        check_output_path(output, new, force)
        check_replaceable(output, force)
        format_for(output)
    day = as_of.date() if as_of else None
    before = analyse(loaded(old), day, confirmed_only)
    after = analyse(loaded(new), before.as_of, confirmed_only)
    changes = diff(before, after)
    if output is not None:
        write_drawing(output, run_graphviz(diff_dot(changes, str(old), str(new)), format_for(output)))
    click.echo(dumps(diff_data(changes)) if fmt == "json" else diff_text(changes, str(old), str(new)), nl=False)
    if output is not None:
        click.echo(_("wrote {path}").format(path=output), err=True)
    if fail_on_new and changes.new_of_severity("error"):
        ctx.exit(EXIT_NEW_ERRORS)
