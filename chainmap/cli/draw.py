"""Drawing an organisation: ``render`` (one diagram of ORG) and ``demo`` (the embedded example's).

Which drawing a large organisation gets (the department overview above 300 teams, one
department, one team's surroundings) is the library's choice (:mod:`chainmap.render.large`),
shared with ``poster`` and ``report``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List, Optional

import click

from ..examples import EXAMPLE_AS_OF, example_path
from ..files.fingerprint import check_drawing_output
from ..formats import weak_text
from ..i18n import _
from ..render import require_graphviz
from ..render.graphviz_run import format_for
from ..render.large import choose_drawing, draw_to_file
from .errors import exit_for_findings
from .options import (
    analysis_of,
    as_of_option,
    drawing_options,
    fail_on_option,
    force_option,
    language_option,
    limits_options,
    org_argument,
    quiet,
    view_options,
)
from .progress import waiting_notice

__all__ = ["demo", "render_command"]


@click.command(name="render")
@org_argument
@limits_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The diagram to write: .svg, .png, .pdf, or .dot (Graphviz's text source, to edit or to draw with other tools).")
@view_options
@fail_on_option
@drawing_options
@click.pass_context
def render_command(ctx: click.Context, org: Path, output: Path, view: Dict[str, Any], fail_on: str, force: bool, as_of,
                   confirmed_only: bool, survey: Optional[Path]) -> None:
    """Draw ORG's chains with the weak links highlighted.

    The extension of FILE chooses the format. Graphviz must be installed.

    \b
    Example:
      chainmap render hopital/ -o hopital.svg
      chainmap render hopital/ -o pharmacie.png --focus pharmacie
      chainmap render groupe/ -o finance.svg --department Finance

    Above 300 teams a drawing of every team is unreadable: chainmap draws the
    department overview instead and says so (--no-overview draws everything).
    """
    check_drawing_output(output, org, force)
    format_for(output)
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    drawing = choose_drawing(analysis, **view)
    if drawing.notice:
        click.echo(drawing.notice, err=True)
    notes: List[str] = []
    with waiting_notice(_("Graphviz is laying out the diagram…"), enabled=not quiet()):
        draw_to_file(drawing, output, notes)
    for note in notes:
        click.echo(note, err=True)
    click.echo(_("wrote {path}").format(path=output))
    exit_for_findings(ctx, analysis, fail_on)


@click.command(name="demo")
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("diagrams"),
              show_default=True, help="Folder for the diagrams (created if needed).")
@as_of_option
@force_option
@language_option
def demo(output_dir: Path, as_of, force: bool) -> None:
    """Draw the embedded example organisation, Hôpital Saint-Luc, into a folder.

    Writes the whole organisation's diagram (SVG, PNG, DOT), one team's view and one
    worker's chain, and prints its weak links. Ages are counted from 23 November 2026,
    the day of the README's diagrams, so that they come out identical (--as-of: another day).

    \b
    Example:
      chainmap demo -o diagrams/
    """
    from ..examples.demo import check_demo_folder, write_demo
    check_demo_folder(output_dir, force)
    require_graphviz()
    analysis = analysis_of(example_path(), as_of or dt.datetime.combine(EXAMPLE_AS_OF, dt.time()))
    for path in write_demo(analysis, output_dir, force):
        click.echo(_("wrote {path}").format(path=path))
    click.echo("")
    click.echo(weak_text(analysis), nl=False)
