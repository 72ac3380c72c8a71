"""The commands that connect chainmap to other tools: `init`, `convert` and `export`.

They live here rather than in :mod:`chainmap.cli` so that the core commands stay short;
the `chainmap` group imports this module when one of them is run or listed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import click

from ..analysis import analyse
from ..errors import ChainmapError
from ..files.safe_write import (
    check_output_path,
    refuse_inside_organisation,
    refuse_to_mix,
    refuse_to_replace,
    undone_if_stopped,
    write_bytes,
    write_text,
)
from ..formats.exports import EXPORT_FORMATS, check_export_format, export_text, guess_export_format
from ..i18n import _, ngettext
from ..save import FORMS, check_form, guess_form, model_differences, org_files, write_org
from ..save.starter import starter_files, starter_org
from .limits import limits_options
from .options import DAY, language_option, loaded, quiet
from .progress import waiting_notice

__all__ = ["init_command", "convert_command", "export_command"]


@click.command(name="init")
@click.argument("directory", type=click.Path(path_type=Path), metavar="DIR")
@click.option("--xlsx", is_flag=True, help="Write the template workbook DIR/org.xlsx instead of YAML files.")
@click.option("--force", is_flag=True, help="Write even if DIR already holds other files (never over a file of yours, nor beside another organisation's declarations).")
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
@click.argument("source", type=click.Path(path_type=Path), metavar="IN")
@click.argument("target", type=click.Path(path_type=Path), metavar="OUT")
@click.option("--to", "form", type=click.Choice(FORMS), default=None,
              help="The form of OUT (default: .xlsx → workbook, .yaml → single file, otherwise a YAML folder).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
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


@click.command(name="export")
@limits_options
@click.argument("org", type=click.Path(path_type=Path), metavar="ORG")
@click.option("--to", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="json (node-link), graphml (yEd), gexf (Gephi), mermaid (Markdown), csv (Excel). Default: from FILE's extension.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The file to write; `-` prints to the screen.")
@click.option("--table", type=click.Choice(["links", "findings"]), default="links", show_default=True,
              help="With --to csv: one row per link, or one row per finding.")
@click.option("--bom", is_flag=True, help="With --to csv: start the file with a UTF-8 BOM (Excel on Windows needs it for accents).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists (and allow writing inside the organisation's folder).")
@click.option("--as-of", "as_of", type=DAY, metavar="DATE",
              help="Count the age of declarations from this day (YYYY-MM-DD) instead of today.")
@click.option("--confirmed-only", is_flag=True, help="Chains use confirmed links only.")
@language_option
def export_command(org: Path, fmt: Optional[str], output: Path, table: str, bom: bool, force: bool, as_of,
                   confirmed_only: bool) -> None:
    """Export ORG with its findings for other tools: JSON, GraphML, GEXF, Mermaid or CSV.

    A Mermaid file ending in .md is wrapped in a ```mermaid block, ready for a wiki page.

    \b
    Example:
      chainmap export hopital/ -o hopital.graphml
      chainmap export hopital/ --to csv --table findings --bom -o findings.csv
      chainmap export hopital/ -o README-map.md
    """
    to_screen = str(output) == "-"
    if fmt is None:
        fmt = "json" if to_screen else guess_export_format(output)
    elif not to_screen:
        check_export_format(output, fmt)
    _refuse_csv_options(fmt, bom, click.get_current_context().get_parameter_source("table"))
    if not to_screen:
        check_output_path(output, org, force)
        if output.exists() and not force:
            raise ChainmapError(_("{path} already exists: add --force to replace it, or choose another name").format(path=output))
    analysis = analyse(loaded(org), as_of.date() if as_of else None, confirmed_only)
    text = export_text(analysis, fmt, table=table, bom=bom, markdown=not to_screen and output.suffix.lower() == ".md")
    if to_screen:
        click.echo(text, nl=False)
        return
    write_text(output, text)
    click.echo(_("wrote {path}").format(path=output))


def _refuse_csv_options(fmt: str, bom: bool, table_source: Optional[click.core.ParameterSource]) -> None:
    """--bom and --table shape a CSV file only: with another format they would be ignored unseen."""
    if fmt == "csv":
        return
    if bom:
        raise ChainmapError(_("--bom applies to --to csv only (a BOM tells Excel the CSV file is UTF-8): leave it out for {fmt}").format(fmt=fmt))
    if table_source == click.core.ParameterSource.COMMANDLINE:
        raise ChainmapError(_("--table applies to --to csv only: the {fmt} export holds every link and every finding").format(fmt=fmt))

