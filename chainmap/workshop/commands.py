"""The `chainmap poster` and `chainmap cards` commands: thin shells over the workshop library."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from ..cli import analysis_of, as_of_option, confirmed_option, language_option, org_argument
from ..i18n import _
from ..render import focus_view, require_graphviz, worker_view
from ..render.views import View
from ..safe_write import check_output_path
from .poster import make_poster, write_pages

__all__ = ["poster_command"]

POSTER_PAPERS = ("A0", "A1", "A2", "A3", "A4")
CARD_PAPERS = ("A6", "A5", "A4")


def _output_option(what: str):  # type: ignore[no-untyped-def]
    return click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
                        help=what)


@click.command(name="poster")
@org_argument
@_output_option("The poster to write: .pdf (one or several pages), .svg or .png (one file per page).")
@click.option("--paper", type=click.Choice(POSTER_PAPERS, case_sensitive=False), default="A1", show_default=True,
              help="Paper size; the PDF page is exactly this size.")
@click.option("--landscape/--portrait", "landscape", default=None,
              help="Orientation (default: the one in which the drawing prints largest).")
@click.option("--title", metavar="TEXT", help="Title of the poster (default: the organisation's name).")
@click.option("--focus", metavar="TEAM", help="Only this team, what feeds it, and its chains to the end clients.")
@click.option("--worker", metavar="ID_OR_NAME", help="Only this worker's chain to the end client.")
@click.option("--force", is_flag=True, help="Allow writing inside the organisation's folder.")
@as_of_option
@confirmed_option
@language_option
def poster_command(org: Path, output: Path, paper: str, landscape: Optional[bool], title: Optional[str],
                   focus: Optional[str], worker: Optional[str], force: bool, as_of, confirmed_only: bool) -> None:
    """Print ORG's chains as a poster, with title, key figures and legend.

    No text on the poster prints smaller than 6 pt at 100 %. When the organisation is
    too large for that on the chosen paper, chainmap says so and writes a department
    overview followed by one page per department instead.

    \b
    Example:
      chainmap poster hopital/ -o poster.pdf --paper A1
      chainmap poster hopital/ -o urgences.pdf --paper A3 --focus urgences
    """
    if focus and worker:
        raise click.UsageError(_("--focus and --worker cannot be used together: choose one view"))
    check_output_path(output, org, force)
    require_graphviz()
    analysis = analysis_of(org, as_of, confirmed_only)
    view: Optional[View] = None
    if focus:
        view = focus_view(analysis, focus)
    elif worker:
        view = worker_view(analysis, worker)
    poster = make_poster(analysis, paper.upper(), landscape, title, view)
    if poster.note:
        click.echo(poster.note, err=True)
    for path in write_pages(poster.pages, output):
        click.echo(_("wrote {path}").format(path=path))
