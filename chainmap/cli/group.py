"""The ``chainmap`` group: finds each command in the registry, speaks the reader's language,
and turns every error into a plain message and an exit code.

Each of its jobs lives in a module of its own: the commands in :mod:`chainmap.cli.registry`
(imported only when run or listed), the help's language in :mod:`chainmap.cli.help`, the
errors and exit codes in :mod:`chainmap.cli.errors`. This class only connects them to click.
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from typing import Any, Dict, List, Optional

import click

from ..i18n import _, set_language
from ..i18n.localise import format_number
from ..version import __version__
from .errors import interrupted_exit_code, reported, stop_on_signals
from .help import requested_language, translate_help, translated
from .options import language_option, quiet_option
from .registry import COMMANDS, imported
from .terminal import printable, tolerate_unencodable_output

__all__ = ["ChainmapGroup", "cli", "main", "MOST_ARGUMENT_CHARACTERS"]

MOST_ARGUMENT_CHARACTERS = 4096  # PATH_MAX on Linux


class ChainmapGroup(click.Group):
    """click's group, with chainmap's commands imported when needed, help in the reader's
    language, and errors reported (never a traceback)."""

    lazy_commands: Dict[str, str] = COMMANDS  # name: "module:attribute", see chainmap.cli.registry

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(imported(cmd_name), cmd_name)
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
        """Choose the language before anything is printed (``--help`` is handled first), and
        refuse an argument longer than any path (:data:`MOST_ARGUMENT_CHARACTERS`): every
        option, whatever it takes, is then bounded before chainmap works on it or echoes it."""
        set_language(requested_language(args))
        for argument in args:
            if len(argument) > MOST_ARGUMENT_CHARACTERS:
                raise click.UsageError(_("an argument of {length} characters ({start}…) is longer than any chainmap takes "
                                         "({limit}, the longest path a system allows): shorten it").format(
                                             length=format_number(len(argument)), start=printable(argument[:20]),
                                             limit=format_number(MOST_ARGUMENT_CHARACTERS)), ctx=ctx)
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
        return reported(ctx, lambda: super(ChainmapGroup, self).invoke(ctx))


@click.group(cls=ChainmapGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="chainmap")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@quiet_option
@language_option
def cli(debug: bool, quiet: bool) -> None:
    """Map an organisation's internal supplier–client chains and find the weak links.

    ORG is a folder holding org.yaml and one YAML file per team, or a single YAML file.
    Start with `chainmap demo`, then `chainmap check ORG`.
    """


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point of the `chainmap` console script and of `python -m chainmap`."""
    tolerate_unencodable_output()
    stop_on_signals()
    try:
        cli.main(args=argv, prog_name="chainmap")
    except KeyboardInterrupt as error:
        sys.exit(interrupted_exit_code(error))
