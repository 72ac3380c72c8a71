"""What reaches the terminal: never a command hidden in a name, never a crash on a symbol.

**Control characters.** A terminal obeys the control characters it prints: ``ESC [ 2 J``
clears the screen, other sequences recolour, move the cursor, or set the window title. The
loader refuses them in names, but messages may quote what the user wrote (a key, a wrong
value), so everything chainmap prints about the input goes through :func:`printable` first.

**Symbols an encoding lacks.** chainmap's text uses a few symbols beyond Latin-1: arrows in
chains (→), marks of severity (✗ ⚠ ✓), the minus sign of a diff (−). A Windows console, or
output redirected to a file there, often encodes in cp1252, where they do not exist; Python
would then stop the command half-way with ``UnicodeEncodeError``. Instead each such symbol
is written as its plain ASCII look-alike, and any other character the encoding lacks as
``?``: a line that reads slightly plainer, never a lost report.

>>> "a → b ✗".encode("cp1252", errors=ERRORS)
b'a -> b x'
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from typing import IO, Any, Tuple

__all__ = ["ERRORS", "Palette", "colour_wanted", "printable", "tolerate_unencodable_output"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with each control character (except newline and tab) shown as ``<U+XXXX>``.

    Bidirectional overrides are shown too: they can make a line read backwards.

    >>> printable("a\\x1b[31mb\\nc")
    'a<U+001B>[31mb\\nc'
    """
    return _CONTROL.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


ERRORS = "chainmap-plain"

_PLAIN = {
    "→": "->", "←": "<-", "▶": ">", "✗": "x", "❌": "x", "✓": "v", "⚠": "!", "ℹ": "i",
    "−": "-", "━": "=", "╌": "-", "▢": "[ ]", "…": "...", "—": "-", "–": "-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "\u202f": " ", "\ufe0f": "",
}


def _plain(error: UnicodeError) -> Tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    lacking = error.object[error.start:error.end]
    return "".join(_PLAIN.get(character, "?") for character in lacking), error.end


codecs.register_error(ERRORS, _plain)


def tolerate_unencodable_output() -> None:
    """Make stdout and stderr write plain look-alikes for characters their encoding lacks.

    Only streams in a non-UTF encoding change: a UTF-8 console shows every symbol as is.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors=ERRORS)
        except (ValueError, OSError):  # a closed or detached stream: nothing to do
            continue


# Colour -----------------------------------------------------------------------------------
# Red errors, orange warnings, grey information: on a terminal only. Escape codes written to
# a file or a pipe would land in a spreadsheet, a ticket or a CI log as garbage.

_SEVERITY_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[38;5;208m", "info": "\x1b[90m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def colour_wanted(stream: IO[Any]) -> bool:
    """Whether to colour what is written to ``stream``, as the conventions say.

    ``NO_COLOR`` set (and not empty: no-color.org) never colours, even with ``FORCE_COLOR``;
    ``FORCE_COLOR`` set to anything but ``0`` or ``false`` colours even a pipe (``| less -R``);
    otherwise only a terminal is coloured, and never a ``TERM=dumb`` one.
    """
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() not in ("0", "false", "no"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no fileno, or closed
        return False


class Palette:
    """How the text of findings is coloured: red, orange and grey by severity, or not at all.

    >>> Palette(False).severity("error", "✗ Unknown team"), Palette(True).severity("error", "x")
    ('✗ Unknown team', '\\x1b[31mx\\x1b[0m')
    """

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def severity(self, severity: str, text: str) -> str:
        return f"{_SEVERITY_COLOURS[severity]}{text}{_RESET}" if self.enabled else text

    def heading(self, severity: str, text: str) -> str:
        return f"{_BOLD}{_SEVERITY_COLOURS[severity]}{text}{_RESET}" if self.enabled else text
