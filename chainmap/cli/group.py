"""The `chainmap` command: a thin click shell over the library.

Each command parses its options, calls the library, prints, and maps the outcome to an
exit code: 0 loaded and nothing at or above ``--fail-on``; 1 such a finding exists; 2 the
input could not be loaded or the command was misused; 70 an internal error (a bug: run
again with ``--debug`` and report it); 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import traceback
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import click

from ..analysis import Analysis, severity_rank
from ..errors import BaselineError, ChainmapError, LoadError, shown_problems, system_refusal
from ..examples import EXAMPLE_AS_OF, example_path
from ..files.fingerprint import check_drawing_output
from ..files.safe_write import check_output_path
from ..formats import chains_json, chains_text, check_text, findings_csv, findings_json, weak_text
from ..i18n import _, ngettext, set_language
from ..i18n.localise import format_number
from ..render import find_worker, require_graphviz
from ..render.graphviz_run import format_for
from ..render.large import choose_drawing, draw_to_file
from ..render.views import find_team, require_member
from ..version import __version__
from .limits import limits_options
from .options import (
    analysis_of,
    as_of_option,
    baseline_option,
    confirmed_option,
    drawing_options,
    fail_on_option,
    force_option,
    language_option,
    org_argument,
    quiet,
    survey_option,
    view_options,
)
from .printable import printable
from .progress import waiting_notice
from .terminal import tolerate_unencodable_output

__all__ = ["cli", "main"]

EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 70, 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE: 128 + 13


class ChainmapGroup(click.Group):
    """Turns chainmap's errors into plain messages and exit codes: never a traceback.

    It also translates every command's help when it is shown (help texts are written in
    English in the code, and looked up in the catalogue of the language in use), and
    imports the module of a command in :attr:`lazy_commands` only when that command is run
    or listed: a run of ``chainmap weak`` does not pay for the poster's, the report's or the
    survey's modules.
    """

    lazy_commands: Dict[str, Tuple[str, str]] = {}  # name: (module, attribute)

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: List[str]) -> Any:
        """As click's; a name that is no command first imports them all, so that click's "Did
        you mean" offers every command (it looks among those imported: `reprot` got no
        `report`)."""
        if args and not args[0].startswith("-") and args[0] not in self.list_commands(ctx):
            self.all_commands()
        return super().resolve_command(ctx, args)

    def all_commands(self) -> Dict[str, click.Command]:
        """Every command by name, the lazy ones imported (for help, documentation and tests)."""
        with click.Context(self) as ctx:
            return {name: command for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None}

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run, then give ``LANGUAGE`` back its value: choosing the language writes it (click's
        own words follow it), and a script driving the CLI twice in one process got the
        first run's ``--lang`` in the second instead of the user's locale."""
        before = os.environ.get("LANGUAGE")
        try:
            return super().main(*args, **kwargs)
        finally:
            if before is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = before

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        """Choose the language before anything is printed (``--help`` is handled first)."""
        set_language(requested_language(args))
        return super().parse_args(ctx, args)

    def add_command(self, cmd: click.Command, name: Optional[str] = None) -> None:
        translate_help(cmd)
        super().add_command(cmd, name)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self, ctx):
            super().format_options(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with ExitStack() as stack:
            for command in self.all_commands().values():
                stack.enter_context(translated(command))
            super().format_commands(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoSuchOption as error:
            raise _choice_hint(error) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except LoadError as error:
            for line in shown_problems(error.problems):
                click.echo(printable(line), err=True)
            count = len(error.problems)
            if isinstance(error, BaselineError):
                summary = ngettext("chainmap could not read the baseline: {n} problem to fix (listed above).",
                                   "chainmap could not read the baseline: {n} problems to fix (listed above).", count)
            else:
                summary = ngettext("chainmap could not load the organisation: {n} problem to fix (listed above).",
                                   "chainmap could not load the organisation: {n} problems to fix (listed above).", count)
            click.echo(summary.format(n=format_number(count)), err=True)
            ctx.exit(EXIT_INPUT)
        except ChainmapError as error:
            click.echo(printable(_("error: {message}").format(message=error)), err=True)
            ctx.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo(_("interrupted"), err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (`| head`, `| true`): nothing is wrong
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as error:  # the machine refused (disk full, no permission, a name too long): not a bug
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(printable(_("error: {message}").format(message=system_refusal(error))), err=True)
            ctx.exit(EXIT_INPUT)
        except Exception as error:  # a bug: say so in one line, unless --debug asks for more
            if ctx.params.get("debug"):
                traceback.print_exc()
            else:
                click.echo(printable(_("internal error: {error} — please report it with the output of --debug").format(error=f"{type(error).__name__}: {error}")), err=True)
            ctx.exit(EXIT_INTERNAL)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will be flushed
        pass


def requested_language(args: List[str]) -> Optional[str]:
    """The value of ``--lang`` anywhere on the command line (``None``: from the locale)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return None


@contextmanager
def translated(command: click.Command, ctx: Optional[click.Context] = None) -> Iterator[None]:
    """Show ``command``'s help and its options' help in the language in use, then restore them."""
    items: List[Any] = [command, *command.params]
    if ctx is not None:  # click builds the --help option once and keeps it: translate it too
        items.append(command.get_help_option(ctx))
    saved = [(item, item.help) for item in items if getattr(item, "help", None)]
    for item, text in saved:
        item.help = _(text)
    try:
        yield
    finally:
        for item, text in saved:
            item.help = text


def translate_help(command: click.Command) -> None:
    """Make a command format its help through :func:`translated`."""
    for method in ("format_help_text", "format_options"):
        original = getattr(command, method)

        def wrapper(ctx: click.Context, formatter: click.HelpFormatter, _original: Callable = original) -> None:
            with translated(command, ctx):
                _original(ctx, formatter)
        setattr(command, method, wrapper)


def exit_for_findings(ctx: click.Context, analysis: Analysis, fail_on: str) -> None:
    """Exit 1 when a finding at or above ``fail_on`` exists (FORMAT.md §4: check, weak, chains, render)."""
    worst = analysis.worst_severity()
    if worst is not None and severity_rank(worst) <= severity_rank(fail_on):
        ctx.exit(EXIT_FINDINGS)


@click.group(cls=ChainmapGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="chainmap")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.option("-q", "--quiet", is_flag=True, help="Show no progress bar (none is shown when stderr is not a terminal).")
@language_option
def cli(debug: bool, quiet: bool) -> None:
    """Map an organisation's internal supplier–client chains and find the weak links.

    ORG is a folder holding org.yaml and one YAML file per team, or a single YAML file.
    Start with `chainmap demo`, then `chainmap check ORG`.
    """


@cli.command()
@org_argument
@limits_options
@as_of_option
@fail_on_option
@confirmed_option
@survey_option
@baseline_option
@language_option
@click.pass_context
def check(ctx: click.Context, org: Path, as_of, fail_on: str, confirmed_only: bool, survey: Optional[Path],
          baseline: Optional[Path]) -> None:
    """Load ORG, check every rule, and summarise what was found.

    Exit code 0: loaded and no finding at or above --fail-on; 1: such a finding exists
    (with --baseline, also when a known finding no longer occurs); 2: ORG could not be
    loaded (every problem is listed as path:line: message).

    \b
    Example:
      chainmap check hopital/ --fail-on warning
      chainmap check hopital/ --baseline known.yaml
    """
    from ..diff.baseline import known_findings
    analysis, notes, stale = known_findings(analysis_of(org, as_of, confirmed_only, survey), baseline)
    click.echo(check_text(analysis, str(org)) + "".join(f"{note}\n" for note in notes), nl=False)
    exit_for_findings(ctx, analysis, fail_on)
    if stale:
        ctx.exit(EXIT_FINDINGS)


@cli.command()
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
@language_option
@click.pass_context
def weak(ctx: click.Context, org: Path, fmt: str, as_of, fail_on: str, confirmed_only: bool, survey: Optional[Path],
         baseline: Optional[Path], write_baseline: Optional[Path]) -> None:
    """List the weak links of ORG, grouped by severity, each with what to do.

    Exit codes as for `check`.

    \b
    Example:
      chainmap weak hopital/
      chainmap weak hopital/ --format json > findings.json
      chainmap weak hopital/ --write-baseline known.yaml
      chainmap weak hopital/ --baseline known.yaml --format markdown
    """
    from ..diff.baseline import known_findings
    from ..diff.baseline import write_baseline as write_known
    from ..formats.markdown import weak_markdown
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    if write_baseline is not None:
        check_output_path(write_baseline, org)
        write_known(analysis, write_baseline)
        click.echo(_("wrote {path}").format(path=write_baseline), err=True)
    analysis, notes, _stale = known_findings(analysis, baseline)
    if fmt == "markdown":
        click.echo(weak_markdown(analysis, notes), nl=False)
    else:
        click.echo({"text": weak_text, "json": findings_json, "csv": findings_csv}[fmt](analysis), nl=False)
        for note in notes:  # on stderr for json and csv, so that the data stays clean
            click.echo(note, err=fmt != "text")
    exit_for_findings(ctx, analysis, fail_on)


@cli.command()
@org_argument
@limits_options
@click.option("--worker", metavar="ID_OR_NAME", help="Only this worker (by id, or by name).")
@click.option("--team", "team_id", metavar="ID_OR_NAME", help="Only this team and its members (by id, or by name).")
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
    output = chains_json(analysis, teams, workers) if fmt == "json" else chains_text(analysis, teams, workers)
    click.echo(output, nl=False)
    exit_for_findings(ctx, analysis, fail_on)


@cli.command(name="render")
@org_argument
@limits_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The diagram to write: .svg, .png, .pdf, or .dot (Graphviz's text source, to edit or to draw with other tools).")
@view_options
@fail_on_option
@drawing_options
@click.pass_context
def render_command(ctx: click.Context, org: Path, output: Path, view: Dict[str, Any], fail_on: str, force: bool, as_of,
                   confirmed_only: bool, survey: Optional[Path]) -> None:
    """Draw ORG's chains with the weak links highlighted.

    The extension of FILE chooses the format. Graphviz must be installed.

    \b
    Example:
      chainmap render hopital/ -o hopital.svg
      chainmap render hopital/ -o pharmacie.png --focus pharmacie
      chainmap render groupe/ -o finance.svg --department Finance

    Above 300 teams a drawing of every team is unreadable: chainmap draws the
    department overview instead and says so (--no-overview draws everything).
    """
    check_drawing_output(output, org, force)
    format_for(output)
    analysis = analysis_of(org, as_of, confirmed_only, survey)
    drawing = choose_drawing(analysis, **view)
    if drawing.notice:
        click.echo(drawing.notice, err=True)
    notes: List[str] = []
    with waiting_notice(_("Graphviz is laying out the diagram…"), enabled=not quiet()):
        draw_to_file(drawing, output, notes)
    for note in notes:
        click.echo(note, err=True)
    click.echo(_("wrote {path}").format(path=output))
    exit_for_findings(ctx, analysis, fail_on)


@cli.command()
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("diagrams"),
              show_default=True, help="Folder for the diagrams (created if needed).")
@as_of_option
@force_option
@language_option
def demo(output_dir: Path, as_of, force: bool) -> None:
    """Draw the embedded example organisation, Hôpital Saint-Luc, into a folder.

    Writes the whole organisation's diagram (SVG, PNG, DOT), one team's view and one
    worker's chain, and prints its weak links. Ages are counted from 23 November 2026,
    the day of the README's diagrams, so that they come out identical (--as-of: another day).

    \b
    Example:
      chainmap demo -o diagrams/
    """
    from ..examples.demo import check_demo_folder, write_demo
    check_demo_folder(output_dir, force)
    require_graphviz()
    analysis = analysis_of(example_path(), as_of or dt.datetime.combine(EXAMPLE_AS_OF, dt.time()))
    for path in write_demo(analysis, output_dir, force):
        click.echo(_("wrote {path}").format(path=path))
    click.echo("")
    click.echo(weak_text(analysis), nl=False)


def _choice_hint(error: click.exceptions.NoSuchOption) -> click.exceptions.NoSuchOption:
    """``--json`` is no option, but ``json`` is a choice of ``--format``: say so.

    click's own hint compares the word with the option names only, and offered ``--as-of``
    to someone asking for JSON.
    """
    word = error.option_name.lstrip("-").lower()
    command = error.ctx.command if error.ctx is not None else None
    for param in command.params if command is not None else []:
        if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
            choices = {str(choice).lower(): str(choice) for choice in param.type.choices}
            if word in choices:
                hint = f"{max(param.opts, key=len)} {choices[word]}"
                message = _("No such option {name}: did you mean {hint}?").format(name=error.option_name, hint=hint)
                return click.exceptions.NoSuchOption(error.option_name, message=message, ctx=error.ctx)
    return error


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point of the `chainmap` console script and of `python -m chainmap`."""
    tolerate_unencodable_output()
    try:
        cli.main(args=argv, prog_name="chainmap")
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)


# Commands of further capabilities live in their own modules, imported when one of them is
# run or listed (see ChainmapGroup), so that the core commands above stay short and start
# quickly: these modules and what they import were 0.15 s of every run.
cli.lazy_commands = {
    "generate": ("chainmap.cli.generate", "generate_command"),
    "report": ("chainmap.cli.report", "report_command"),
    "poster": ("chainmap.cli.workshop", "poster_command"),
    "cards": ("chainmap.cli.workshop", "cards_command"),
    "survey": ("chainmap.cli.survey", "survey_command"),
    "survey-form": ("chainmap.cli.survey", "survey_form_command"),
    "init": ("chainmap.cli.convert", "init_command"),
    "convert": ("chainmap.cli.convert", "convert_command"),
    "export": ("chainmap.cli.convert", "export_command"),
    "diff": ("chainmap.cli.diff", "diff_command"),
}
