"""Declarations: ``init`` (a starter organisation) and ``convert`` (the same organisation in another form).

Both write declarations, through :mod:`chainmap.save`, never over a file of the user's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from ..errors import ChainmapError
from ..i18n import _, ngettext
from ..save import FORMS, check_form, guess_form, model_differences, refuse_overlap, write_org
from ..save.starter import write_starter
from .options import (
    force_option,
    language_option,
    limits_options,
    loaded,
    organisation_argument,
    quiet,
)
from .progress import waiting_notice

__all__ = ["init_command", "convert_command"]


@click.command(name="init")
@click.argument("directory", type=click.Path(path_type=Path), metavar="DIR")
@click.option("--xlsx", is_flag=True, help="Write the template workbook DIR/org.xlsx instead of YAML files.")
@force_option(help="Write even if DIR already holds other files (never over a file of yours, nor beside another organisation's declarations).")
@language_option
def init_command(directory: Path, xlsx: bool, force: bool) -> None:
    """Write a starter organisation into DIR, every key explained, ready to edit.

    DIR gets org.yaml (the organisation, its end clients, its settings) and
    teams/reception.yaml (one team, with a comment on every key). With --xlsx,
    DIR gets org.xlsx instead: the same starter as a workbook, with a README sheet.

    \b
    Example:
      chainmap init my-org/ && chainmap check my-org/
      chainmap init my-org/ --xlsx && chainmap check my-org/org.xlsx
    """
    for path in write_starter(directory, xlsx, force):
        click.echo(_("wrote {path}").format(path=path))
    checked = directory / "org.xlsx" if xlsx else directory
    click.echo(_("next: edit the files, then run `chainmap check {path}`").format(path=checked))


@click.command(name="convert")
@limits_options
@organisation_argument("source", "IN")
@click.argument("target", type=click.Path(path_type=Path), metavar="OUT")
@click.option("--to", "form", type=click.Choice(FORMS), default=None,
              help="The form of OUT (default: .xlsx → workbook, .yaml → single file, otherwise a YAML folder).")
@force_option(help="Replace OUT if it exists.")
@language_option
def convert_command(source: Path, target: Path, form: Optional[str], force: bool) -> None:
    """Convert an organisation between a YAML folder, a single YAML file, a workbook and CSV files.

    Nothing is lost: OUT is read back and compared with IN before chainmap reports success.

    \b
    Example:
      chainmap convert hopital/ hopital.xlsx
      chainmap convert hopital.xlsx hopital-yaml/
      chainmap convert hopital/ hopital-csv/ --to csv-folder
    """
    if str(target) == "-":  # `export -o -` prints, but a conversion must be read back to be trusted
        raise ChainmapError(_("convert cannot print to the screen (`-`): it reads what it wrote back to check that nothing was lost; give a file name (.yaml, .xlsx) or a folder name, or use `chainmap export ORG -o -` to print the organisation"))
    if form is None:
        form = guess_form(target)
    else:
        check_form(target, form)
    refuse_overlap(source, target)
    org = loaded(source)
    if org.skipped:  # the teams left out would be missing from OUT, which claims to be IN
        raise ChainmapError(_("convert writes every team of IN, and some team files could not be loaded (listed above): "
                              "correct them first; --skip-invalid cannot leave teams out of a conversion"))
    with waiting_notice(_("Writing {path}…").format(path=target), enabled=not quiet()):
        write_org(org, target, form, force)
    back = loaded(target)
    differences = model_differences(org, back)
    if differences:
        raise ChainmapError(_("the converted organisation does not read back the same ({detail}): please report this").format(detail=differences[0]))
    teams, links = len(org.teams), len(org.links)
    summary = ngettext("{teams} team", "{teams} teams", teams).format(teams=teams) + ", " + \
        ngettext("{links} link", "{links} links", links).format(links=links)
    click.echo(_("wrote {path} ({summary}); it reads back identical to {source}").format(path=target, summary=summary, source=source))
