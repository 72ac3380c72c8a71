"""``chainmap export``: ORG and its findings for the tools people already use.

The formats are the registry of :mod:`chainmap.formats`: its entries give ``--to`` its
choices and its help, and the extensions it recognises. A new format is added there, not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import click

from ..errors import ChainmapError
from ..files.safe_write import check_output_path, write_text
from ..formats import FORMATS, check_format, format_of, to_help, write
from ..i18n import _
from .options import (
    analysis_of,
    as_of_option,
    confirmed_option,
    csv_options,
    csv_style_of,
    force_option,
    language_option,
    limits_options,
    org_argument,
)

__all__ = ["export_command"]


@click.command(name="export")
@limits_options
@org_argument
@click.option("--to", "fmt", type=click.Choice(list(FORMATS)), default=None, help=to_help())
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The file to write; `-` prints to the screen.")
@click.option("--table", type=click.Choice(["links", "findings"]), default="links", show_default=True,
              help="With --to csv: one row per link, or one row per finding.")
@click.option("--bom", is_flag=True, help="With --to csv: start the file with a UTF-8 BOM (Excel on Windows needs it for accents).")
@csv_options
@force_option(help="Replace FILE if it exists (and allow writing inside the organisation's folder).")
@as_of_option
@confirmed_option
@language_option
def export_command(org: Path, fmt: Optional[str], output: Path, table: str, bom: bool, csv: Dict[str, Any],
                   force: bool, as_of, confirmed_only: bool) -> None:
    """Export ORG with its findings for other tools: JSON, GraphML, GEXF, Mermaid or CSV.

    A Mermaid file ending in .md is wrapped in a ```mermaid block, ready for a wiki page.
    In French, a CSV is for French Excel (';', decimal comma, BOM, French headers and
    words) unless --sep or --no-excel says otherwise.

    \b
    Example:
      chainmap export hopital/ -o hopital.graphml
      chainmap export hopital/ --to csv --table findings --bom -o findings.csv
      chainmap export hopital/ -o README-map.md
    """
    to_screen = str(output) == "-"
    if fmt is None:
        fmt = "json" if to_screen else format_of(output)
    elif not to_screen:
        check_format(output, fmt)
    _refuse_csv_options(fmt, bom or csv["sep"] is not None or not csv["excel"],
                        click.get_current_context().get_parameter_source("table"))
    if not to_screen:
        check_output_path(output, org, force)
        if output.exists() and not force:
            raise ChainmapError(_("{path} already exists: add --force to replace it, or choose another name").format(path=output))
    analysis = analysis_of(org, as_of, confirmed_only)
    text = write(analysis, fmt, table=table, bom=bom, markdown=not to_screen and output.suffix.lower() == ".md",
                 style=csv_style_of(csv, bom) if fmt == "csv" else None)
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
        raise ChainmapError(_("--bom, --sep and --no-excel apply to --to csv only: leave them out for {fmt}").format(fmt=fmt))
    if table_source == click.core.ParameterSource.COMMANDLINE:
        raise ChainmapError(_("--table applies to --to csv only: the {fmt} export holds every link and every finding").format(fmt=fmt))

