"""From what went wrong to what a person reads, and the exit code a script checks.

Exit codes: 0 loaded and nothing at or above ``--fail-on``; 1 such a finding exists (see
:func:`exit_for_findings`); 2 the input could not be loaded, the command was misused, or
the machine refused (a full disk, no permission); 70 an internal error (a bug: run again
with ``--debug`` and report it); 130 interrupted; 141 the reader of the output went away.
Never a traceback, unless ``--debug`` asks for one.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any, Callable

import click

from ..analysis import Analysis, severity_rank
from ..analysis.triage import FindingFilter, Triage
from ..errors import BaselineError, ChainmapError, LoadError, shown_problems, system_refusal
from ..i18n import _, ngettext
from ..i18n.localise import format_number
from .terminal import printable

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "Stopped",
           "exit_for_filtered_findings", "exit_for_findings", "interrupted_exit_code", "reported", "stop_on_signals"]

EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 70, 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE: 128 + 13


class Stopped(KeyboardInterrupt):
    """SIGTERM (``kill``, a CI job cancelled) or SIGHUP (the terminal closed), raised where the
    program is, as SIGINT raises KeyboardInterrupt: every ``finally`` and every clean-up of a
    half-written output runs, then the run exits with 128 + the signal's number (143, 129),
    as a shell reports a program the signal stopped."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.exit_code = 128 + signal_number


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP stop the run as Ctrl-C does (see :class:`Stopped`)."""
    import signal

    def stop(number: int, _frame: Any) -> None:
        raise Stopped(number)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None):
            signal.signal(number, stop)


def interrupted_exit_code(error: BaseException) -> int:
    """130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return getattr(error, "exit_code", EXIT_INTERRUPTED)


def exit_for_findings(ctx: click.Context, analysis: Analysis, fail_on: str) -> None:
    """Exit 1 when a finding at or above ``fail_on`` exists (FORMAT.md §4: check, weak, chains, render)."""
    worst = analysis.worst_severity()
    if worst is not None and severity_rank(worst) <= severity_rank(fail_on):
        ctx.exit(EXIT_FINDINGS)


def exit_for_filtered_findings(ctx: click.Context, analysis: Analysis, triage: Triage, fail_on: str) -> None:
    """Exit 1 when a finding the filters keep (``--top`` aside) is at or above ``fail_on``: a
    department's CI job fails on its own findings. With no filter, :func:`exit_for_findings`."""
    chosen = triage.filter
    if chosen.is_empty:
        return exit_for_findings(ctx, analysis, fail_on)
    kept = FindingFilter(chosen.severities, chosen.rules, chosen.departments, chosen.teams)
    departments_of = {team_id: team.department or "" for team_id, team in analysis.org.teams.items()}
    if any(severity_rank(f.severity) <= severity_rank(fail_on) for f in analysis.findings if kept.keeps(f, departments_of)):
        ctx.exit(EXIT_FINDINGS)
    return None


SKIPPED_KEY = "chainmap.skipped"  # set by cli.options.loaded when --skip-invalid left files out


def reported(ctx: click.Context, run: Callable[[], Any]) -> Any:
    """``run()``, with each of chainmap's errors told in plain words and mapped to its exit code.

    A command that went on past team files it left out (``--skip-invalid``) ends with 2,
    whatever it found: its input could not all be loaded, and a script must not take the
    drawing for the whole organisation's.
    """
    try:
        result = run()
    except click.exceptions.NoSuchOption as error:
        raise _choice_hint(error) from None
    except click.exceptions.Exit as done:
        if done.exit_code in (0, EXIT_FINDINGS) and ctx.meta.get(SKIPPED_KEY):
            ctx.exit(EXIT_INPUT)
        raise
    except (click.ClickException, click.Abort):
        raise
    except LoadError as error:
        _tell_problems(error)
        ctx.exit(EXIT_INPUT)
    except ChainmapError as error:
        click.echo(printable(_("error: {message}").format(message=error)), err=True)
        ctx.exit(EXIT_INPUT)
    except KeyboardInterrupt as error:
        click.echo(_("interrupted"), err=True)
        ctx.exit(interrupted_exit_code(error))
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
    if ctx.meta.get(SKIPPED_KEY):
        ctx.exit(EXIT_INPUT)
    return result


def _tell_problems(error: LoadError) -> None:
    """Every problem as ``path:line: message`` (at most 20 per file), then how many to fix."""
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


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will be flushed
        pass


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
