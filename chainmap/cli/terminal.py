"""Output that survives a console which cannot show every character.

chainmap's text uses a few symbols beyond Latin-1: arrows in chains (→), marks of severity
(✗ ⚠ ✓), the minus sign of a diff (−). A Windows console, or output redirected to a file
there, often encodes in cp1252, where they do not exist; Python would then stop the command
half-way with ``UnicodeEncodeError``. Instead each such symbol is written as its plain
ASCII look-alike, and any other character the encoding lacks as ``?``: a line that reads
slightly plainer, never a lost report.

>>> "a → b ✗".encode("cp1252", errors=ERRORS)
b'a -> b x'
"""

from __future__ import annotations

import codecs
import sys
from typing import Tuple

__all__ = ["ERRORS", "tolerate_unencodable_output"]

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
