"""`chainmap whatif ORG --merge A B …`: what a reorganisation would change, before it is made."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import List, Optional, Tuple

import click

from ..i18n import _
from .options import (
    as_of_option,
    bounded_text,
    confirmed_option,
    force_option,
    language_option,
    limits_options,
    org_argument,
    survey_option,
)
from .symmetry import analysis_with_survey

__all__ = ["whatif_command"]


@click.command(name="whatif")
@org_argument
@limits_options
@click.option("--remove", multiple=True, metavar="TEAM", help="Imagine TEAM gone, with every entry naming it.")
@click.option("--merge", nargs=2, multiple=True, metavar="A B", help="Imagine teams A and B as one (A's id and name, unless --into).")
@click.option("--into", multiple=True, metavar="NAME", callback=bounded_text(), help="The name of the team the matching --merge makes (the first --into for the first --merge…).")
@click.option("--outsource", multiple=True, metavar="TEAM", help="Imagine TEAM an external provider, declared among the end clients.")
@click.option("--add-link", nargs=2, multiple=True, metavar="SUPPLIER CLIENT", help="Imagine a link both sides declare.")
@click.option("--drop-link", nargs=2, multiple=True, metavar="SUPPLIER CLIENT", help="Imagine a link gone, from both sides.")
@click.option("--changes", "changes_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE.yaml",
              help="Changes written in a small YAML file, applied in the order written (before the options).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Also draw the changes as `chainmap diff` does: .svg, .png, .pdf or .dot.")
@as_of_option
@confirmed_option
@survey_option
@force_option
@language_option
def whatif_command(org: Path, remove: Tuple[str, ...], merge: Tuple[Tuple[str, str], ...], into: Tuple[str, ...],
                   outsource: Tuple[str, ...], add_link: Tuple[Tuple[str, str], ...], drop_link: Tuple[Tuple[str, str], ...],
                   changes_file: Optional[Path], fmt: str, output: Optional[Path], as_of: Optional[dt.datetime],
                   confirmed_only: bool, survey: Optional[Path], force: bool) -> None:
    """Show what changing ORG's teams would change: chains lost, lengthened or rerouted,
    new single points of failure and broken chains, workers affected by team.

    Nothing is written to ORG: the changes are imagined in memory. Options apply in this
    order: --merge, --remove, --outsource, --drop-link, --add-link (after --changes).

    \b
    Example:
      chainmap whatif hopital/ --merge paie rh --into "RH et paie"
      chainmap whatif hopital/ --outsource cuisine -o sans-cuisine.svg
      chainmap whatif hopital/ --changes scenario.yaml --format json

    \b
    A --changes file:
      changes:
        - merge: [paie, rh]
          into: RH et paie
        - outsource: cuisine
        - add-link: [brancardage, chirurgie]
    """
    from ..whatif import what_if
    from ..whatif.text import scenario_title, whatif_data, whatif_text
    changes = _changes(changes_file, remove, merge, into, outsource, add_link, drop_link)
    if output is not None:
        _check_drawing(output, org, force)
    scenario = what_if(analysis_with_survey(org, as_of, confirmed_only, survey, None), changes)
    if output is not None:
        from ..diff.dot import diff_dot
        from ..files.fingerprint import write_drawing
        from ..render import format_for, run_graphviz
        dot = diff_dot(scenario.diff, _("today"), scenario_title(scenario))
        write_drawing(output, run_graphviz(dot, format_for(output)))
    click.echo(json.dumps(whatif_data(scenario), ensure_ascii=False, indent=2) if fmt == "json" else whatif_text(scenario),
               nl=fmt == "json")
    if output is not None:
        click.echo(_("wrote {path}").format(path=output), err=True)


def _check_drawing(output: Path, org: Path, force: bool) -> None:
    from ..files.fingerprint import check_drawing_output
    from ..render import format_for
    check_drawing_output(output, org, force)
    format_for(output)


def _changes(changes_file: Optional[Path], remove: Tuple[str, ...], merge: Tuple[Tuple[str, str], ...], into: Tuple[str, ...],
             outsource: Tuple[str, ...], add_link: Tuple[Tuple[str, str], ...], drop_link: Tuple[Tuple[str, str], ...]) -> List:
    from ..whatif import AddLink, DropLink, Merge, Outsource, Remove, read_changes
    if len(into) > len(merge):
        raise click.UsageError(_("--into names the team a --merge makes: give one --merge A B before each --into"))
    changes: List = read_changes(changes_file) if changes_file is not None else []
    changes += [Merge(a, b, into[i] if i < len(into) else None) for i, (a, b) in enumerate(merge)]
    changes += [Remove(team) for team in remove] + [Outsource(team) for team in outsource]
    changes += [DropLink(s, c) for s, c in drop_link] + [AddLink(s, c) for s, c in add_link]
    if not changes:
        raise click.UsageError(_("say what to imagine: --remove, --merge, --outsource, --add-link, --drop-link or --changes FILE"))
    return changes
