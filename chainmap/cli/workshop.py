"""The `chainmap poster` and `chainmap cards` commands: thin shells over the workshop library."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence

import click

from ..files.fingerprint import check_drawing_output
from ..i18n import _
from ..render import require_graphviz
from ..render.large import choose
from ..workshop.deck import CARD_PAPERS, card_pages, make_cards, write_card_pdf
from ..workshop.fitting import MAX_SHEETS
from ..workshop.page_files import PageFiles, page_format, write_pages
from ..workshop.pdf_canvas import pdf_fonts_available
from ..workshop.poster import poster_of
from .options import (
    MOST_TITLE_CHARACTERS,
    analysis_of,
    bounded_text,
    drawing_options,
    filter_options,
    finding_filter,
    limits_options,
    org_argument,
    quiet,
    view_options,
)
from .progress import progress_bar, waiting_notice

__all__ = ["poster_command", "cards_command"]

POSTER_PAPERS = ("A0", "A1", "A2", "A3", "A4")
PAGES_FOR_A_BAR = 4  # about two seconds of converting: fewer pages pass without one


def _output_option(what: str) -> Callable[[Callable], Callable]:
    return click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
                        help=what)


def _force_replaces_pages(command: click.Command) -> click.Command:
    """Say in ``--force``'s help what it also allows here: replacing page files chainmap did not write.

    The option itself comes from :func:`~chainmap.cli.options.drawing_options`, shared with
    ``render`` and ``report``; only its help is this command's own.
    """
    for param in command.params:
        if param.name == "force":
            param.help = "Replace FILE, or files named like its pages (FILE-2, FILE-3…), that chainmap did not write, and allow writing inside the organisation's folder."
    return command


def _tell(done: PageFiles) -> None:
    """List the files written and the earlier pages removed; name on stderr the look-alikes left alone."""
    for path in done.written:
        click.echo(_("wrote {path}").format(path=path))
    for path in done.removed:
        click.echo(_("removed {path}: a page of an earlier run, no longer part of this one").format(path=path))
    for path in done.left:
        click.echo(_("left {path} as it is: it is named like a page of an earlier run, but chainmap did not write it "
                     "(or it was changed since)").format(path=path), err=True)


@_force_replaces_pages
@click.command(name="poster")
@limits_options
@org_argument
@_output_option("The poster to write: .pdf (one or several pages), .svg or .png (one file per page).")
@click.option("--paper", type=click.Choice(POSTER_PAPERS, case_sensitive=False), default="A1", show_default=True,
              help="Paper size; the PDF page is exactly this size.")
@click.option("--landscape/--portrait", "landscape", default=None,
              help="Orientation (default: the one in which the drawing prints largest).")
@click.option("--title", metavar="TEXT", callback=bounded_text(MOST_TITLE_CHARACTERS), help="Title of the poster (default: the organisation's name).")
@click.option("--sheets", type=click.IntRange(1, MAX_SHEETS), metavar="N",
              help="Print the drawing on N sheets of the paper, to trim and join (1: one sheet); refused when its text "
                   "would print under 6 pt (default: the fewest sheets that keep it legible).")
@view_options
@filter_options("severity", "rule", "team")
@drawing_options
def poster_command(org: Path, output: Path, paper: str, landscape: Optional[bool], title: Optional[str],
                   sheets: Optional[int], view: Dict[str, Any], filters: Dict[str, Any], force: bool, as_of,
                   confirmed_only: bool,
                   survey: Optional[Path]) -> None:
    """Print ORG's chains as a poster, with title, key figures and legend.

    The drawing fills the sheet, its team names as large as the paper allows, and no
    text prints smaller than 6 pt at 100 %. When one sheet cannot hold it so, chainmap
    says so and spreads it over the fewest sheets that can (a mosaic to trim and join,
    the same scale on every sheet); --sheets N asks for N. Above 300 teams, or beyond
    16 sheets, it prints the department overview (--department NAME prints one department).

    \b
    Example:
      chainmap poster hopital/ -o poster.pdf --paper A1
      chainmap poster hopital/ -o urgences.pdf --paper A3 --focus urgences
      chainmap poster groupe/ -o finance.pdf --department Finance
      chainmap poster hopital/ -o erreurs.pdf --severity error

    --severity, --rule and --team choose what the "weak links by rule" panel counts
    (the panel says so); --department already chooses the department printed.
    """
    check_drawing_output(output, org, force)
    page_format(output)
    require_graphviz()
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    selection = choose(analysis, **view)
    with waiting_notice(_("Graphviz is laying out the diagram…"), enabled=not quiet()):
        poster = poster_of(analysis, selection, paper.upper(), landscape, title, finding_filter(analysis, filters), sheets)
    if poster.note:
        click.echo(poster.note, err=True)
    _tell(_pages_written(poster.pages, output, force))


@_force_replaces_pages
@click.command(name="cards")
@limits_options
@org_argument
@_output_option("The cards to write: .pdf (one card or one A4 sheet per page), .svg or .png (one file per page).")
@click.option("--per", type=click.Choice(["worker", "team"]), default="worker", show_default=True,
              help="One card per worker (their own chain), or one per team.")
@click.option("--paper", type=click.Choice(CARD_PAPERS, case_sensitive=False), default="A6", show_default=True,
              help="A6 or A5: one card per page; A4: four A6 cards per page, with cut marks.")
@click.option("--team", "team_id", metavar="ID", callback=bounded_text(), help="Only the cards of this team (its members, or the team itself).")
@click.option("--worker", metavar="ID_OR_NAME", callback=bounded_text(), help="Only this worker's card.")
@drawing_options
def cards_command(org: Path, output: Path, per: str, paper: str, team_id: Optional[str], worker: Optional[str],
                  force: bool, as_of, confirmed_only: bool, survey: Optional[Path]) -> None:
    """Print one card per worker of ORG: their chain to the end client, and through whom.

    Each card names the worker and their teams, whom the team serves and what it
    delivers, who serves it (with the satisfaction given), the chain to the end client,
    and the weak links around the team. A worker with no chain gets a card saying why.

    \b
    Example:
      chainmap cards hopital/ -o cartes.pdf --paper A4
      chainmap cards hopital/ -o urgences.pdf --team urgences
    """
    check_drawing_output(output, org, force)
    fmt = page_format(output)
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    cards = make_cards(analysis, per, team_id, worker)
    if fmt == "pdf" and pdf_fonts_available():  # drawn straight into the PDF
        with progress_bar(_("Laying out the cards"), enabled=not quiet()) as progress:
            _tell(write_card_pdf(cards, paper, output, progress, title=analysis.org.name))
        return
    with progress_bar(_("Laying out the cards"), enabled=not quiet()) as progress:
        pages = card_pages(cards, paper, progress)
    _tell(_pages_written(pages, output, force))


def _pages_written(pages: Sequence[str], output: Path, force: bool) -> PageFiles:
    """:func:`write_pages`, with a bar as the pages are converted: half a second each, so
    a bar from a few pages on (a deck of 5,000 workers' cards is 1,250 A4 pages)."""
    with progress_bar(_("Writing the pages"), enabled=not quiet(), min_steps=PAGES_FOR_A_BAR) as progress:
        return write_pages(pages, output, force, progress)
