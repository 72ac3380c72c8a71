"""`chainmap report`: the interactive HTML report, one self-contained file.

Its options are the core commands' (:mod:`chainmap.cli.options`): ``--as-of``,
``--confirmed-only``, ``--survey``, ``--lang``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List, Optional

import click

from ..files.fingerprint import check_drawing_output
from ..files.safe_write import folder_instead_of_file
from ..i18n import _
from ..render.large import choose
from .options import (
    analysis_of,
    drawing_options,
    filter_options,
    finding_filter,
    limits_options,
    org_argument,
    quiet,
    view_options,
)
from .progress import waiting_notice

__all__ = ["report_command"]


@click.command(name="report")
@limits_options
@org_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE.html",
              help="The report to write (one .html file that works offline).")
@click.option("--history", "with_history", is_flag=True,
              help="Add the \"Over time\" panel: trend charts and a date slider over the diagram, from ORG's git history (and --db's snapshots).")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE.sqlite",
              help="Snapshots recorded by `chainmap record`, for the \"Over time\" panel (implies --history).")
@view_options
@filter_options("severity", "rule", "team", "top")
@drawing_options
def report_command(org: Path, output: Path, with_history: bool, db: Optional[Path], view: Dict[str, Any],
                   filters: Dict[str, Any], force: bool, as_of: Optional[dt.datetime], confirmed_only: bool,
                   survey: Optional[Path]) -> None:
    """Write an interactive HTML report of ORG for a management committee.

    One file, with the key figures, the diagram, a search box (where does this team's or
    worker's work go?) and the weak links as a table to sort and filter, each with what to
    do. It loads nothing from the network: send it as an e-mail attachment.

    Above 300 teams the diagram is the department overview (search and the table
    still cover every team and worker); --department, --focus and --worker choose
    another diagram, as for `chainmap render`.

    --severity, --rule, --team, --top (and --department) choose the weak links the
    table shows first, as for `chainmap weak`; the reader can still show them all.

    \b
    Example:
      chainmap report hopital/ -o rapport.html --lang fr
      chainmap report groupe/ -o finance.html --department Finance
      chainmap report groupe/ -o top.html --top 20
    """
    from ..report import write_report
    if output.suffix.lower() not in (".html", ".htm"):
        if not output.name or output.is_dir():
            raise click.UsageError(folder_instead_of_file(output, ".html"))
        raise click.UsageError(_("the report is an HTML file: name it with .html, e.g. {example}").format(
            example=output.with_suffix(".html")))
    check_drawing_output(output, org, force)
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    selection = choose(analysis, **view)
    if selection.notice:
        click.echo(selection.notice, err=True)
    departments = [view["department"]] if view.get("department") else []
    triage = finding_filter(analysis, filters, departments).apply(analysis)
    with waiting_notice(_("Graphviz is laying out the diagram…"), enabled=not quiet()):
        panels = _symmetry_panels(analysis) + _history_panels(org, with_history, db)
        problem = write_report(analysis, output, selection=selection, panels=panels, triage=triage)
    if problem:
        click.echo(_("warning: the report has no diagram: {reason}").format(reason=problem), err=True)
    click.echo(_("wrote {path}").format(path=output))


def _symmetry_panels(analysis: Any) -> List[Any]:
    """The "symmetry of attention" section, when the organisation has its figures."""
    from ..symmetry.report_panel import symmetry_section
    section = symmetry_section(analysis)
    return [section] if section is not None else []


def _history_panels(org: Path, with_history: bool, db: Optional[Path]) -> List[Any]:
    """The "Over time" panel when asked for (reading history costs a load per version: never unasked)."""
    if not with_history and db is None:
        return []
    from ..history import history_of
    from ..history.panel import history_panel
    return [history_panel(history_of(org, db=db))]
