"""The resource bounds of loading, and the command-line options that raise them.

A declaration folder is written by many hands and sometimes filled by a script gone wrong:
a 2 GB export saved as ``teams.yaml``, a million files copied into the folder. The loader
stops at these bounds with a message that names the option to raise them, instead of
exhausting the machine. The bounds (see the README's "Limits" section):

- file size: 10 MB per declaration file or spreadsheet (``--max-file-size``);
- number of team files: 100,000 (``--max-files``);
- names and other texts: 500 characters; ids: 200 characters (fixed: no real name is longer);
- YAML anchors and aliases (``&``/``*``): none (a declaration never needs one; an alias
  bomb would expand to billions of values);
- nesting: 32 levels of lists and blocks (a declaration uses at most 4).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

import click

from ..i18n import _
from ..load.files import Limits

__all__ = ["limits_options", "current_limits", "parse_size"]

_META_KEY = "chainmap.limits"
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3}
_SIZE = re.compile(r"^\s*(\d+)\s*([a-z]*)\s*$")


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


def limits_options(function: Callable) -> Callable:
    """``--max-file-size`` and ``--max-files``, for every command that loads an organisation."""
    function = click.option("--max-files", type=click.IntRange(min=1), callback=_remember, expose_value=False,
                            metavar="N", help="Refuse an organisation of more than N team files (default 100000).")(function)
    return click.option("--max-file-size", callback=_remember, expose_value=False, metavar="SIZE",
                        help="Refuse a declaration file larger than SIZE, such as 50MB (default 10MB).")(function)


def current_limits(ctx: Optional[click.Context] = None) -> Limits:
    """The bounds of the command being run: the defaults, raised by its options."""
    context = ctx or click.get_current_context(silent=True)
    return context.meta.get(_META_KEY, Limits()) if context is not None else Limits()
