"""Text made safe for a terminal: no name or message can send it a command.

A terminal obeys the control characters it prints: ``ESC [ 2 J`` clears the screen, other
sequences recolour, move the cursor, or set the window title. The loader refuses them in
names, but messages may quote what the user wrote (a key, a wrong value), so everything
chainmap prints about the input goes through :func:`printable` first.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with each control character (except newline and tab) shown as ``<U+XXXX>``.

    Bidirectional overrides are shown too: they can make a line read backwards.

    >>> printable("a\\x1b[31mb\\nc")
    'a<U+001B>[31mb\\nc'
    """
    return _CONTROL.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)
