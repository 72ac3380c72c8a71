"""Every command's help in the reader's language.

Help texts are written in English in the code, and looked up in the catalogue of the
language in use when they are shown (the French ones are in chainmap/locale/fr). The
language is chosen from ``--lang`` anywhere on the command line before anything is
printed, ``--help`` included, which click handles before it parses the options.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Optional

import click

from ..i18n import _

__all__ = ["requested_language", "translate_help", "translated"]


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
