"""Command-line options of the workshop commands, the same as the core commands'.

They mirror the shared options of :mod:`chainmap.cli` (``--lang``, ``--as-of``,
``--confirmed-only``, ORG) with the same names, help and behaviour. They live here rather
than being imported from ``chainmap.cli`` because ``cli.py`` imports this package's
commands at its end: importing ``cli.py`` from here would make ``chainmap.workshop.commands``
unimportable on its own (pytest's doctest collection imports it first).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

import click

from ..analysis import Analysis, analyse
from ..i18n import LANGUAGES, set_language
from ..load import load

__all__ = ["language_option", "org_argument", "as_of_option", "confirmed_option", "analysis_of"]


def _set_language(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    if value is not None or ctx.parent is None:
        set_language(value)
    return value


def language_option(function: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), callback=_set_language, is_eager=True,
                        expose_value=False, help="Language of messages and diagrams (default: from the locale, LANG).")(function)


def org_argument(function: Callable) -> Callable:
    return click.argument("org", type=click.Path(path_type=Path), metavar="ORG")(function)


def as_of_option(function: Callable) -> Callable:
    return click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
                        help="Count the age of declarations from this day (YYYY-MM-DD) instead of today.")(function)


def confirmed_option(function: Callable) -> Callable:
    return click.option("--confirmed-only", is_flag=True,
                        help="Chains use confirmed links only (one-sided links carry no work).")(function)


def analysis_of(org: Path, as_of: Optional[dt.datetime] = None, confirmed_only: bool = False) -> Analysis:
    """Load and analyse, as every command does."""
    return analyse(load(org), as_of.date() if as_of else None, confirmed_only)
