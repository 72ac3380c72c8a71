"""`chainmap report`: the interactive HTML report, one self-contained file.

The options mirror the core commands' (``--as-of``, ``--confirmed-only``, ``--lang``); they
are declared here rather than imported from :mod:`chainmap.cli`, which imports this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import click

from ..analysis import analyse
from ..i18n import LANGUAGES, _, set_language
from ..load import load
from ..safe_write import check_output_path

__all__ = ["report_command"]


def _set_language(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    if value is not None:
        set_language(value)
    return value


@click.command(name="report")
@click.argument("org", type=click.Path(path_type=Path), metavar="ORG")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE.html",
              help="The report to write (one .html file that works offline).")
@click.option("--force", is_flag=True, help="Allow writing inside the organisation's folder.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Count the age of declarations from this day (YYYY-MM-DD) instead of today.")
@click.option("--confirmed-only", is_flag=True, help="Chains use confirmed links only (one-sided links carry no work).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), callback=_set_language, is_eager=True, expose_value=False,
              help="Language of the report (default: from the locale, LANG).")
def report_command(org: Path, output: Path, force: bool, as_of: Optional[dt.datetime], confirmed_only: bool) -> None:
    """Write an interactive HTML report of ORG for a management committee.

    One file, with the key figures, the diagram, a search box (where does this team's or
    worker's work go?) and the weak links as a table to sort and filter, each with what to
    do. It loads nothing from the network: send it as an e-mail attachment.

    \b
    Example:
      chainmap report hopital/ -o rapport.html --lang fr
    """
    from . import write_report
    if output.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(_("the report is an HTML file: name it with .html, e.g. {example}").format(
            example=output.with_suffix(".html")))
    check_output_path(output, org, force)
    analysis = analyse(load(org), as_of.date() if as_of else None, confirmed_only)
    problem = write_report(analysis, output)
    if problem:
        click.echo(_("warning: the report has no diagram: {reason}").format(reason=problem), err=True)
    click.echo(_("wrote {path}").format(path=output))
