"""Declarations: ``init`` (a starter organisation) and ``convert`` (the same organisation in another form).

Both write declarations, through :mod:`chainmap.save`, never over a file of the user's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import click

from ..errors import ChainmapError
from ..files.safe_write import (
    refuse_inside_organisation,
    refuse_to_mix,
    refuse_to_replace,
    undone_if_stopped,
    write_bytes,
)
from ..i18n import _, ngettext
from ..save import FORMS, check_form, guess_form, model_differences, org_files, write_org
from ..save.starter import starter_files, starter_org
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
    if directory.exists() and not directory.is_dir():
        raise ChainmapError(_("{path} is a file: give the name of a new folder").format(path=directory))
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise ChainmapError(_("the folder {path} is not empty: choose a new folder, or add --force to write the starter files into it").format(path=directory))
    today = dt.date.today()
    if xlsx:
        files = {"org.xlsx": org_files(starter_org(today), "xlsx")[""]}
    else:
        files = {name: text.encode("utf-8") for name, text in starter_files(today).items()}
    refuse_to_replace(directory, files)
    if not xlsx:
        refuse_inside_organisation(directory)
        refuse_to_mix(directory, set(files))
    with undone_if_stopped(directory):
        for name, content in files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, content)
    for name in files:
        click.echo(_("wrote {path}").format(path=directory / name))
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
    _refuse_overlap(source, target)
    org = loaded(source)
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


def _refuse_overlap(source: Path, target: Path) -> None:
    """Never write over the input, nor inside an input folder (the output would be read as input)."""
    source_path, target_path = source.resolve(), target.resolve()
    if source_path == target_path:
        raise ChainmapError(_("{path} is the input: chainmap never writes over its input; choose another output").format(path=target))
    if source_path.is_dir() and source_path in target_path.parents:
        raise ChainmapError(_("{path} is inside the input folder {source}: write the conversion elsewhere").format(path=target, source=source))
    if target_path in source_path.parents:
        raise ChainmapError(_("the input {source} is inside {path}: write the conversion into another folder").format(path=target, source=source))
