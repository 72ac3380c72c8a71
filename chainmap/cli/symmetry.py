"""`chainmap symmetry ORG`: the symmetry of attention, measured (a thin shell over :mod:`chainmap.symmetry`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Optional

import click

from ..analysis import Analysis, analyse
from .history import min_responses_option
from .options import (
    as_of_option,
    confirmed_option,
    language_option,
    limits_options,
    loaded,
    org_argument,
    survey_option,
)

__all__ = ["symmetry_command", "analysis_with_survey"]


def analysis_with_survey(org: Path, as_of: Optional[dt.datetime], confirmed_only: bool, survey: Optional[Path],
                         min_responses: Optional[int]) -> Analysis:
    """Load and analyse ORG, the survey laid over it with its anonymity threshold (or a stricter one)."""
    from ..survey.overlay import read_overlay
    from ..symmetry import with_survey
    model = loaded(org)
    if survey is not None:
        model = with_survey(model, read_overlay(survey, model), min_responses)
    return analyse(model, as_of.date() if as_of else None, confirmed_only)


@click.command(name="symmetry")
@org_argument
@limits_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@click.option("--history", "with_history", is_flag=True,
              help="Also measure it over time, from one version to the next (git history of ORG, and --db's snapshots).")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE.sqlite",
              help="Snapshots recorded by `chainmap record`, for --history.")
@min_responses_option
@as_of_option
@confirmed_option
@survey_option
@language_option
def symmetry_command(org: Path, fmt: str, with_history: bool, db: Optional[Path], min_responses: Optional[int],
                     as_of: Optional[dt.datetime], confirmed_only: bool, survey: Optional[Path]) -> None:
    """Measure the symmetry of attention: do clients and frontline teams get the same care?

    For each end client: its NPS, the eNPS of the frontline teams serving it, the service
    quality those teams receive, and the weakest link on the chains to it. For each team:
    the quality it receives and delivers. Across teams: a rank correlation between the
    quality received and eNPS, with how many teams it rests on.

    \b
    Example:
      chainmap symmetry hopital/
      chainmap symmetry hopital/ --survey satisfaction.yaml --format json
      chainmap symmetry hopital/ --history
    """
    from ..symmetry import lagged_correlations, symmetry_data, symmetry_of, symmetry_text
    analysis = analysis_with_survey(org, as_of, confirmed_only, survey, min_responses)
    symmetry = symmetry_of(analysis)
    lagged = None
    if with_history or db is not None:
        from ..history import HistorySettings, history_of
        history = history_of(org, db=db, settings=HistorySettings(confirmed_only, min_responses))
        lagged = lagged_correlations(history.points)
    if fmt == "json":
        click.echo(json.dumps(symmetry_data(analysis, symmetry, lagged), ensure_ascii=False, indent=2))
    else:
        click.echo(symmetry_text(analysis, symmetry, lagged), nl=False)
