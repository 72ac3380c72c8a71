"""Checking an organisation and its weak links: ``check``, ``weak`` and ``chains``.

Each command loads ORG (with the shared options of :mod:`chainmap.cli.options`), calls
the library, prints what it returns, and exits 1 when a finding at or above ``--fail-on``
exists (FORMAT.md §4).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import click

from ..analysis.words import filter_header
from ..files.safe_write import check_output_path
from ..formats import chains_text, check_text, findings_csv, findings_json, weak_text_pieces
from ..formats.chains_stream import write_chains_json
from ..i18n import _
from .errors import EXIT_FINDINGS, exit_for_filtered_findings, exit_for_findings
from .options import (
    analysis_of,
    as_of_option,
    baseline_option,
    bounded_text,
    confirmed_option,
    csv_options,
    csv_style_of,
    fail_on_option,
    filter_options,
    finding_filter,
    language_option,
    limits_options,
    org_argument,
    survey_option,
)
from .terminal import Palette, colour_wanted

__all__ = ["chains", "check", "weak"]


@click.command(name="check")
@org_argument
@limits_options
@as_of_option
@fail_on_option
@confirmed_option
@survey_option
@baseline_option
@filter_options()
@language_option
@click.pass_context
def check(ctx: click.Context, org: Path, as_of, fail_on: str, confirmed_only: bool, survey: Optional[Path],
          baseline: Optional[Path], filters: Dict[str, Any]) -> None:
    """Load ORG, check every rule, and summarise what was found.

    Under the counts, the findings of each severity that affect the most workers. The
    filters (--severity, --rule, --department, --team, --top) choose which ones, as for
    `chainmap weak`, and the exit code then looks at those only.

    Exit code 0: loaded and no finding at or above --fail-on; 1: such a finding exists
    (with --baseline, also when a known finding no longer occurs); 2: ORG could not be
    loaded (every problem is listed as path:line: message).

    \b
    Example:
      chainmap check hopital/ --fail-on warning
      chainmap check hopital/ --baseline known.yaml
      chainmap check hopital/ --department Soins
    """
    from ..diff.baseline import known_findings
    analysis, notes, stale = known_findings(analysis_of(org, as_of, confirmed_only, survey), baseline)
    triage = finding_filter(analysis, filters).apply(analysis)
    text = check_text(analysis, str(org), triage, Palette(colour_wanted(sys.stdout)))
    click.echo(text + "".join(f"{note}\n" for note in notes), nl=False, color=True)
    exit_for_filtered_findings(ctx, analysis, triage, fail_on)
    if stale:
        ctx.exit(EXIT_FINDINGS)


@click.command(name="weak")
@org_argument
@limits_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown"]), default="text", show_default=True,
              help="text for people, json or csv for scripts and spreadsheets, markdown for a wiki or a CI summary.")
@as_of_option
@fail_on_option
@confirmed_option
@survey_option
@baseline_option
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Record today's findings in FILE as known findings, each with a reason to fill in (reasons already in FILE are kept).")
@filter_options()
@csv_options
@language_option
@click.pass_context
def weak(ctx: click.Context, org: Path, fmt: str, as_of, fail_on: str, confirmed_only: bool, survey: Optional[Path],
         baseline: Optional[Path], write_baseline: Optional[Path], filters: Dict[str, Any], csv: Dict[str, Any]) -> None:
    """List the weak links of ORG, grouped by severity, each with what to do.

    Within each severity, the findings that affect the most workers come first (the JSON
    keeps FORMAT.md's order). --severity, --rule, --department and --team keep only the
    findings asked for, --top N the N that affect the most workers; they combine, and the
    first line says what was kept (on stderr for json and csv). On a terminal, errors are
    red, warnings orange and information grey (NO_COLOR: never; FORCE_COLOR: even in a pipe).
    In French, --format csv is for French Excel (';', decimal comma, BOM, French headers
    and words) unless --sep or --no-excel says otherwise.

    Exit codes as for `check`, on the findings the filters keep.

    \b
    Example:
      chainmap weak hopital/ --top 10
      chainmap weak hopital/ --department Soins --severity error,warning
      chainmap weak hopital/ --format json > findings.json
      chainmap weak hopital/ --write-baseline known.yaml
      chainmap weak hopital/ --baseline known.yaml --format markdown
    """
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    notes: List[str] = []
    if write_baseline is not None or baseline is not None:  # imported only then: every run pays for an import
        from ..diff.baseline import known_findings
        from ..diff.baseline import write_baseline as write_known
        if write_baseline is not None:
            check_output_path(write_baseline, org)
            write_known(analysis, write_baseline)
            click.echo(_("wrote {path}").format(path=write_baseline), err=True)
        analysis, notes, _stale = known_findings(analysis, baseline)
    triage = finding_filter(analysis, filters).apply(analysis)
    if fmt == "markdown":
        from ..formats.markdown import weak_markdown
        click.echo(weak_markdown(analysis, notes, triage), nl=False)
    elif fmt == "text":
        for piece in weak_text_pieces(analysis, triage, Palette(colour_wanted(sys.stdout))):
            click.echo(piece, nl=False, color=True)
    else:
        if not triage.filter.is_empty:  # the data stays clean: what was kept is said on stderr
            click.echo(_("Shown: {what}.").format(what=filter_header(triage, analysis.org)), err=True)
        click.echo(findings_json(analysis, triage.findings) if fmt == "json"
                   else findings_csv(analysis, triage.findings, style=csv_style_of(csv, line_end="\n")), nl=False)
    for note in notes:  # on stderr for json and csv, so that the data stays clean
        if fmt != "markdown":
            click.echo(note, err=fmt != "text")
    exit_for_filtered_findings(ctx, analysis, triage, fail_on)


@click.command(name="chains")
@org_argument
@limits_options
@click.option("--worker", metavar="ID_OR_NAME", callback=bounded_text(), help="Only this worker (by id, or by name).")
@click.option("--team", "team_id", metavar="ID_OR_NAME", callback=bounded_text(), help="Only this team and its members (by id, or by name).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts (FORMAT.md's chains output).")
@fail_on_option
@confirmed_option
@language_option
@click.pass_context
def chains(ctx: click.Context, org: Path, worker: Optional[str], team_id: Optional[str], fmt: str, fail_on: str,
           confirmed_only: bool) -> None:
    """Show for which end client each team and worker works, and through whom.

    Each chain is the shortest path of links to an end client (ties broken by the
    alphabetical order of the ids along the way).

    \b
    Example:
      chainmap chains hopital/ --worker "Camille Moreau"
      chainmap chains hopital/ --format json
    """
    from ..render import find_worker  # the drawing code, imported by the command that needs it
    from ..render.views import find_team, require_member

    analysis = analysis_of(org, confirmed_only=confirmed_only)
    teams: List[str] = list(analysis.org.teams)
    workers: List[str] = list(analysis.org.workers)
    if worker is not None:
        worker_id = find_worker(analysis, worker)
        workers, teams = [worker_id], list(analysis.org.workers[worker_id].teams)
    if team_id is not None:
        team_id = find_team(analysis, team_id)
        if worker is not None:
            require_member(analysis, workers[0], team_id)
        teams = [team_id]
        members = {m.id for m in analysis.org.teams[team_id].members}
        workers = [w for w in workers if w in members]
    if fmt == "json":  # in pieces: a million workers' chains are 200 MB of text
        write_chains_json(analysis, lambda piece: click.echo(piece, nl=False), teams, workers)
    else:
        click.echo(chains_text(analysis, teams, workers), nl=False)
    exit_for_findings(ctx, analysis, fail_on)
