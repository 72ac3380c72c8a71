"""The options every command shares, in one place: ORG, ``--as-of``, ``--confirmed-only``,
``--survey``, ``--baseline``, ``--fail-on``, ``--lang``, ``--force``, ``--quiet``, the load
limits and the view options; and :func:`loaded` / :func:`analysis_of`, which load and
analyse ORG as every command does, with a progress bar for the person waiting.

Every command takes its options from here, so an option means the same thing, with the
same help, everywhere; no command declares its own ``--as-of``. Nothing here imports the
commands: no import cycle.

The resource bounds of loading (``--max-file-size``, ``--max-files``): a declaration folder
is written by many hands and sometimes filled by a script gone wrong (a 2 GB export saved
as ``teams.yaml``, a million files copied into the folder). The loader stops at its bounds
(:class:`~chainmap.load.Limits`) with a message that names the option to raise them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

import click

from .. import analyse
from ..analysis import RULE_ORDER, SEVERITIES, Analysis
from ..analysis.triage import FindingFilter
from ..i18n import LANGUAGES, _, ngettext, set_language
from ..load import GraphCache, load
from ..load.fields import date_correction
from ..load.files import Limits
from ..load.readers import is_spreadsheet
from ..model import Org
from .progress import progress_bar, waiting_notice
from .text_options import MOST_TITLE_CHARACTERS, bounded_text

__all__ = ["DAY", "Day", "MOST_TITLE_CHARACTERS", "VIEW_NAMES", "analysis_of", "as_of_option", "baseline_option", "bounded_text",
           "cache_wanted", "confirmed_option", "csv_options", "csv_style_of", "current_limits", "drawing_options",
           "fail_on_option", "filter_options", "finding_filter", "force_option", "language_option", "limits_options", "loaded",
           "org_argument", "organisation_argument", "parse_size", "quiet", "quiet_option", "survey_option", "view_options"]


def _set_language(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    if value is not None or ctx.parent is None:
        set_language(value)
    return value


def language_option(function: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), callback=_set_language, is_eager=True,
                        expose_value=False, help="Language of messages and diagrams (default: from the locale, LANG).")(function)


def organisation_argument(name: str = "org", metavar: str = "ORG", required: bool = True) -> Callable[[Callable], Callable]:
    """An argument naming an organisation (ORG; diff's OLD and NEW, convert's IN), read as the loader reads it."""
    return click.argument(name, type=click.Path(path_type=Path), metavar=metavar if required else f"[{metavar}]",
                          required=required, callback=as_organisation)


def org_argument(function: Callable) -> Callable:
    """ORG, the organisation a command reads: a folder, a single YAML file, a workbook or a CSV folder."""
    return organisation_argument()(function)


def as_organisation(_context: click.Context, _parameter: click.Parameter, value: Optional[Path]) -> Optional[Path]:
    """ORG as the loader reads it (``hopital/org.yaml`` is the folder ``hopital/``), so that
    the outputs chainmap refuses to write inside it are judged against the same folder."""
    from ..load.files import organisation_root
    return None if value is None else organisation_root(value)


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


def quiet_option(function: Callable) -> Callable:
    return click.option("-q", "--quiet", is_flag=True,
                        help="Show no progress bar (none is shown when stderr is not a terminal).")(function)


def quiet() -> bool:
    """True when the user asked for no progress bar (``chainmap --quiet …``, or ``generate -q``)."""
    context = click.get_current_context(silent=True)
    return bool(context and (context.find_root().params.get("quiet") or context.params.get("quiet")))


def analysis_of(org: Path, as_of: Optional[dt.datetime] = None, confirmed_only: bool = False,
                survey: Optional[Path] = None) -> Analysis:
    """:func:`chainmap.analyse` of :func:`loaded` ORG, with the options as the command line gives them."""
    memo = GraphCache.of(org, current_limits()) if cache_wanted() else None  # the chains of the same links, kept
    return analyse(loaded(org), as_of.date() if as_of else None, confirmed_only, survey=survey, memo=memo)


def loaded(org: Path) -> Org:
    """:func:`chainmap.load` with what a person at a terminal needs to see while it works.

    A folder of team files shows a bar as its files are read. A workbook of thousands of
    teams is one file that openpyxl reads row by row, with no count to show (it takes
    seconds): it shows the seconds elapsed instead. Never both: the seconds are counted by a
    thread, and a program with a second thread does not read its files on every core.
    """
    path = Path(org)
    if is_spreadsheet(path):  # an org.yaml never is one: no need to read it, as load() will
        text = _("Reading the workbook…") if path.suffix.lower() in (".xlsx", ".xlsm") else _("Reading the CSV files…")
        with waiting_notice(text, enabled=not quiet()):
            return load(org, limits=current_limits())
    context = click.get_current_context(silent=True)
    skip = bool(context and context.meta.get(SKIP_KEY))
    with progress_bar(_("Reading team files"), enabled=not quiet()) as progress:
        result = load(org, limits=current_limits(), progress=progress, cache=cache_wanted(), skip_invalid=skip)
    if result.skipped:
        _tell_skipped(result)
        if context is not None:
            context.meta[SKIPPED_KEY] = True
    return result


def _tell_skipped(org: Org) -> None:
    """The problems of the files left out, exactly as without --skip-invalid, then what was done."""
    from ..errors import shown_problems
    from .terminal import printable
    problems = sorted({problem for skipped in org.skipped for problem in skipped.problems},
                      key=lambda p: (p.path, p.line or 0, p.message))
    for line in shown_problems(problems):
        click.echo(printable(line), err=True)
    count = len(org.skipped)
    click.echo(ngettext("chainmap left out {n} team file that could not be loaded (problems listed above) and went on "
                        "with the others: its team is shown as an unknown box, and the exit code is 2.",
                        "chainmap left out {n} team files that could not be loaded (problems listed above) and went on "
                        "with the others: their teams are shown as unknown boxes, and the exit code is 2.",
                        count).format(n=count), err=True)


FORCE_HELP = "Replace a file chainmap did not write (or that was changed since), and allow writing inside the organisation's folder."


def force_option(function: Optional[Callable] = None, *, help: str = FORCE_HELP) -> Any:
    """``--force``: ``@force_option``, or ``@force_option(help=…)`` where it also allows more (its help says what)."""
    option = click.option("--force", is_flag=True, help=help)
    return option(function) if function is not None else option


def drawing_options(function: Callable) -> Callable:
    """``--force``, ``--as-of``, ``--confirmed-only``, ``--survey`` and ``--lang``: the options
    every command that draws the organisation into a file shares (render, poster, cards, report)."""
    for option in (language_option, survey_option, confirmed_option, as_of_option, force_option):
        function = option(function)
    return function


_VIEW_OPTIONS = (
    click.option("--focus", metavar="TEAM", callback=bounded_text(), help="Only this team, what feeds it, and its chains to the end clients."),
    click.option("--worker", metavar="ID_OR_NAME", callback=bounded_text(), help="Only this worker's chain to the end client."),
    click.option("--depth", type=int, metavar="N", help="With --focus: only the teams within N links of it (and its chain)."),
    click.option("--department", metavar="NAME", callback=bounded_text(), help="Only this department, its links with the others shown as labelled stubs."),
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
        from ..render.large import (
            check_view_options,  # the drawing code, only for the commands that draw
        )

        view: Dict[str, Any] = {name: kwargs.pop(name) for name in VIEW_NAMES}
        check_view_options(**view)
        return function(*args, view=view, **kwargs)

    for option in reversed(_VIEW_OPTIONS):
        with_view = option(with_view)
    return with_view


# The bounds of loading ------------------------------------------------------------------

_META_KEY = "chainmap.limits"
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3}
_SIZE = re.compile(r"^\s*(\d{1,15})\s*([a-z]*)\s*$")  # 15 digits: far above any disk, never a huge int


def parse_size(text: str) -> int:
    """A size in bytes from ``20MB``, ``500k``, ``1G`` or a plain number of bytes.

    >>> parse_size("20MB"), parse_size("500k"), parse_size("1024")
    (20971520, 512000, 1024)
    """
    found = _SIZE.match(text.lower())
    if not found or found.group(2) not in _UNITS or int(found.group(1)) < 1:
        raise click.BadParameter(_("`{value}` is not a size: write for example 20MB, 500KB or 1GB").format(value=text))
    return int(found.group(1)) * _UNITS[found.group(2)]


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep the bound given on the command line where :func:`current_limits` finds it."""
    if value is None:
        return value
    limits = ctx.meta.get(_META_KEY, Limits())
    if param.name == "max_file_size":
        limits = Limits(max_file_bytes=parse_size(str(value)), max_files=limits.max_files)
    else:
        limits = Limits(max_file_bytes=limits.max_file_bytes, max_files=int(value))
    ctx.meta[_META_KEY] = limits
    return value


_NO_CACHE_KEY = "chainmap.no_cache"


def _remember_no_cache(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value:
        ctx.meta[_NO_CACHE_KEY] = True
    return value


SKIP_KEY = "chainmap.skip_invalid"
SKIPPED_KEY = "chainmap.skipped"  # set when files were left out: the command then exits 2, never 0


def _remember_skip(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value:
        ctx.meta[SKIP_KEY] = True
    return value


def limits_options(function: Callable) -> Callable:
    """``--max-file-size``, ``--max-files``, ``--no-cache`` and ``--skip-invalid``, for every command
    that loads an organisation."""
    function = click.option("--no-cache", is_flag=True, callback=_remember_no_cache, expose_value=False,
                            help="Read every file afresh: neither use nor update the cache of files read before.")(function)
    function = click.option("--skip-invalid", is_flag=True, callback=_remember_skip, expose_value=False,
                            help="Leave out the team files that cannot be loaded (their problems are listed as "
                                 "without it) and go on with the others, drawn as unknown boxes; the exit code is then 2.")(function)
    function = click.option("--max-files", type=click.IntRange(min=1), callback=_remember, expose_value=False,
                            metavar="N", help="Refuse an organisation of more than N team files (default 100000).")(function)
    return click.option("--max-file-size", callback=_remember, expose_value=False, metavar="SIZE",
                        help="Refuse a declaration file larger than SIZE, such as 50MB (default 10MB).")(function)


def cache_wanted(ctx: Optional[click.Context] = None) -> bool:
    """Whether the command being run may use the cache of declarations (no ``--no-cache``)."""
    context = ctx or click.get_current_context(silent=True)
    return not (context is not None and context.meta.get(_NO_CACHE_KEY, False))


def current_limits(ctx: Optional[click.Context] = None) -> Limits:
    """The bounds of the command being run: the defaults, raised by its options."""
    context = ctx or click.get_current_context(silent=True)
    return context.meta.get(_META_KEY, Limits()) if context is not None else Limits()


# Triage: which findings to show ------------------------------------------------------------

FILTER_NAMES = ("severity", "rule", "department", "team", "top")


def _choices(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``--severity error,warning`` or ``--severity error --severity warning``: each checked
    against the choices, a slip answered with the same "did you mean" as everywhere."""
    from ..names import did_you_mean
    allowed = SEVERITIES if param.name == "severity" else RULE_ORDER
    found = []
    for written in value or ():
        for word in (part.strip() for part in written.split(",")):
            if word and word not in allowed:
                hint = did_you_mean(word, allowed)
                tail = _(": did you mean `{hint}`?").format(hint=hint) if hint else _(" (choose among: {choices})").format(
                    choices=", ".join(allowed))
                raise click.BadParameter(_("`{value}` is not one of the choices").format(value=word) + tail, ctx, param)
            if word and word not in found:
                found.append(word)
    return tuple(sorted(found, key=allowed.index))  # said in the order of the format: errors before warnings


_FILTER_OPTIONS = {
    "severity": click.option("--severity", multiple=True, callback=_choices, metavar="SEVERITY",
                             help="Only findings of this severity: error, warning or info (repeat it, or separate with commas, for several)."),
    "rule": click.option("--rule", multiple=True, callback=_choices, metavar="RULE",
                         help="Only findings of this rule, such as one-sided or low-satisfaction (repeat it for several)."),
    "department": click.option("--department", "filter_departments", multiple=True, metavar="NAME", callback=bounded_text(),
                               help="Only findings about a team of this department (repeat it for several)."),
    "team": click.option("--team", "filter_teams", multiple=True, metavar="ID_OR_NAME", callback=bounded_text(),
                         help="Only findings about this team or one of its links (repeat it for several)."),
    "top": click.option("--top", type=click.IntRange(min=1), metavar="N",
                        help="Only the N findings that affect the most workers."),
}


def filter_options(*names: str) -> Callable[[Callable], Callable]:
    """The triage options (``--severity``, ``--rule``, ``--department``, ``--team``, ``--top``), or
    those of ``names``: ``weak`` and ``check`` take them all, ``report`` and ``poster`` those
    that make sense beside their view options. The command receives them as one
    ``filters`` dict; :func:`finding_filter` makes the :class:`FindingFilter` of it."""
    chosen = names or FILTER_NAMES
    keys = {"severity": "severity", "rule": "rule", "department": "filter_departments", "team": "filter_teams", "top": "top"}

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def with_filters(*args: Any, **kwargs: Any) -> Any:
            filters = {name: kwargs.pop(keys[name]) for name in chosen}
            return function(*args, filters=filters, **kwargs)

        for name in reversed(chosen):
            with_filters = _FILTER_OPTIONS[name](with_filters)
        return with_filters
    return decorate


def finding_filter(analysis: Analysis, filters: Dict[str, Any], departments: Sequence[str] = ()) -> FindingFilter:
    """The :class:`FindingFilter` of the options given: departments and teams found from what
    was typed as ``--department`` and ``--team``/``--focus`` find them (a slip gets a "did you mean")."""
    typed_departments, typed_teams = [*departments, *filters.get("department", ())], filters.get("team", ())
    found: Dict[str, Tuple[str, ...]] = {"departments": (), "teams": ()}
    if typed_departments:  # the drawing code imported only when a name is to be found
        from ..render.large import find_department
        found["departments"] = tuple(dict.fromkeys(find_department(analysis, name) for name in typed_departments))
    if typed_teams:
        from ..render.views import find_team
        found["teams"] = tuple(dict.fromkeys(find_team(analysis, team) for team in typed_teams))
    return FindingFilter(severities=tuple(filters.get("severity", ())), rules=tuple(filters.get("rule", ())),
                         top=filters.get("top"), **found)


# CSV for Excel ---------------------------------------------------------------------------------


def csv_options(function: Callable) -> Callable:
    """``--sep`` and ``--no-excel``, for every command that writes a CSV file for people (``weak
    --format csv``, ``export --to csv``, ``survey-form``): in French, such a file is French
    Excel's (``;``, decimal comma, BOM, French headers and words) unless they say otherwise.
    The command receives them as one ``csv`` dict; :func:`csv_style_of` makes the style."""
    @functools.wraps(function)
    def with_csv(*args: Any, **kwargs: Any) -> Any:
        return function(*args, csv={"sep": kwargs.pop("sep"), "excel": not kwargs.pop("no_excel")}, **kwargs)

    with_csv = click.option("--no-excel", is_flag=True,
                            help="A CSV for scripts even in French: commas, decimal points, English headers and codes, no BOM.")(with_csv)
    return click.option("--sep", type=click.Choice([";", ",", "tab"]), default=None, metavar="SEP",
                        help="The CSV separator: ';', ',' or tab (default: ';' for French Excel, ',' otherwise).")(with_csv)


def csv_style_of(options: Dict[str, Any], bom: bool = False, line_end: str = "\r\n") -> Any:
    """The :class:`~chainmap.files.spreadsheet.CsvStyle` of ``--sep``/``--no-excel`` in the language in use."""
    from ..files.spreadsheet import csv_style
    from ..i18n import language
    return csv_style(language() == "fr", options.get("sep"), options.get("excel", True), bom, line_end)
