"""Command-line options and set-up shared by every command, in one place.

The core commands (chainmap/cli.py) and those of further capabilities (posters, report,
surveys, exports…) import their options from here, so an option means the same thing,
with the same help, everywhere. Nothing here imports the commands: no import cycle.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Callable, Dict, Optional

import click

from ..analysis import SEVERITIES, Analysis, analyse
from ..i18n import LANGUAGES, _, set_language
from ..load import load
from ..load.fields import date_correction
from ..load.spreadsheet import is_spreadsheet
from ..model import Org
from ..render.large import check_view_options
from .limits import current_limits
from .progress import progress_bar, waiting_notice

__all__ = ["DAY", "Day", "analysis_of", "loaded", "as_of_option", "drawing_options", "force_option", "baseline_option", "confirmed_option", "fail_on_option",
           "language_option", "org_argument", "quiet", "survey_option", "view_options", "VIEW_NAMES"]


def _set_language(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    if value is not None or ctx.parent is None:
        set_language(value)
    return value


def language_option(function: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), callback=_set_language, is_eager=True,
                        expose_value=False, help="Language of messages and diagrams (default: from the locale, LANG).")(function)


def org_argument(function: Callable) -> Callable:
    return click.argument("org", type=click.Path(path_type=Path), metavar="ORG", callback=as_organisation)(function)


def as_organisation(_context: click.Context, _parameter: click.Parameter, value: Path) -> Path:
    """ORG as the loader reads it (``hopital/org.yaml`` is the folder ``hopital/``), so that
    the outputs chainmap refuses to write inside it are judged against the same folder."""
    from ..load.files import organisation_root
    return organisation_root(value)


class Day(click.DateTime):
    """A day written YYYY-MM-DD, as in the declarations; a wrong one is told in the loader's words.

    click's own message ("does not match the format '%Y-%m-%d'") speaks strftime, not French
    or English. The value stays a :class:`datetime.datetime`, as click.DateTime gives it.
    """

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d")
        except ValueError:
            message = _("it should be a date written YYYY-MM-DD (for example 2026-09-01), not `{value}`").format(value=value)
            self.fail(message + date_correction(str(value)), param, ctx)


DAY = Day()


def as_of_option(function: Callable) -> Callable:
    return click.option("--as-of", "as_of", type=DAY, metavar="DATE",
                        help="Count the age of declarations from this day (YYYY-MM-DD) instead of today.")(function)


def confirmed_option(function: Callable) -> Callable:
    return click.option("--confirmed-only", is_flag=True,
                        help="Chains follow only the links both teams declare (a link declared by one side only is not followed).")(function)


def fail_on_option(function: Callable) -> Callable:
    return click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True,
                        help="Exit with code 1 when a finding of this severity or worse exists.")(function)


def survey_option(function: Callable) -> Callable:
    return click.option("--survey", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE",
                        help="Satisfaction and eNPS from a survey overlay (`chainmap survey`): they take precedence over the declarations.")(function)


def baseline_option(function: Callable) -> Callable:
    return click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE",
                        help="Known findings (`weak --write-baseline`): report only new ones, and name entries that no longer occur.")(function)


def quiet() -> bool:
    """True when the user asked for no progress bar (``chainmap --quiet …``)."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("quiet"))


def analysis_of(org: Path, as_of: Optional[dt.datetime] = None, confirmed_only: bool = False,
                survey: Optional[Path] = None) -> Analysis:
    """Load and analyse, as every command does (with a survey's figures laid over the declarations, if given)."""
    model = loaded(org)
    if survey is not None:
        from ..survey import apply_survey, read_overlay
        model = apply_survey(model, read_overlay(survey, model))
    return analyse(model, as_of.date() if as_of else None, confirmed_only)


def loaded(org: Path) -> Org:
    """:func:`chainmap.load` with what a person at a terminal needs to see while it works.

    A folder of team files shows a bar as its files are read. A workbook of thousands of
    teams is one file that openpyxl reads row by row, with no count to show (10,000 teams:
    20 s): it shows the seconds elapsed instead. Never both: the seconds are counted by a
    thread, and a program with a second thread does not read its files on every core.
    """
    path = Path(org)
    if is_spreadsheet(path):  # an org.yaml never is one: no need to read it, as load() will
        text = _("Reading the workbook…") if path.suffix.lower() in (".xlsx", ".xlsm") else _("Reading the CSV files…")
        with waiting_notice(text, enabled=not quiet()):
            return load(org, limits=current_limits())
    with progress_bar(_("Reading team files"), enabled=not quiet()) as progress:
        return load(org, limits=current_limits(), progress=progress)


def force_option(function: Callable) -> Callable:
    return click.option("--force", is_flag=True,
                        help="Replace a file chainmap did not write (or that was changed since), and allow writing inside the organisation's folder.")(function)


def drawing_options(function: Callable) -> Callable:
    """``--force``, ``--as-of``, ``--confirmed-only``, ``--survey`` and ``--lang``: the options
    every command that draws the organisation into a file shares (render, poster, cards, report)."""
    for option in (language_option, survey_option, confirmed_option, as_of_option, force_option):
        function = option(function)
    return function


_VIEW_OPTIONS = (
    click.option("--focus", metavar="TEAM", help="Only this team, what feeds it, and its chains to the end clients."),
    click.option("--worker", metavar="ID_OR_NAME", help="Only this worker's chain to the end client."),
    click.option("--depth", type=int, metavar="N", help="With --focus: only the teams within N links of it (and its chain)."),
    click.option("--department", metavar="NAME", help="Only this department, its links with the others shown as labelled stubs."),
    click.option("--overview/--no-overview", default=None,
                 help="Departments as boxes, links between them counted (default: chosen above 300 teams)."),
)
VIEW_NAMES = ("focus", "worker", "depth", "department", "overview")


def view_options(function: Callable) -> Callable:
    """``--focus``, ``--worker``, ``--depth``, ``--department`` and ``--overview``: which part of the
    organisation ``render``, ``poster`` and ``report`` draw, the same way in all three.

    The command receives them as one ``view`` dict, the keyword arguments of
    :func:`chainmap.render.large.choose`, checked for conflicts before anything is loaded.
    """
    @functools.wraps(function)
    def with_view(*args: Any, **kwargs: Any) -> Any:
        view: Dict[str, Any] = {name: kwargs.pop(name) for name in VIEW_NAMES}
        check_view_options(**view)
        return function(*args, view=view, **kwargs)

    for option in reversed(_VIEW_OPTIONS):
        with_view = option(with_view)
    return with_view
