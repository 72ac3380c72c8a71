"""Text given as an option (a title, a name to look for, a note): bounded, printable, in NFC.

Why a bound: an option is a name or a title, never a file's worth of text (a
100,000-character ``--title`` took a minute to lay out). Why NFC: the declarations' texts are
compared in NFC (:func:`chainmap.names.nfc`), so a name typed with a combining accent on
macOS still finds its worker.
"""

from __future__ import annotations

from typing import Any, Callable

import click

from ..i18n import _
from ..i18n.localise import format_number
from ..load.fields import MAX_NAME_LENGTH
from ..names import nfc
from .terminal import printable

__all__ = ["MOST_TITLE_CHARACTERS", "bounded_text"]

MOST_TITLE_CHARACTERS = 200  # a poster's title fills one line of the sheet well before that


def bounded_text(limit: int = MAX_NAME_LENGTH) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A callback that refuses an option's text (or each of its texts) longer than ``limit``
    characters, or holding a control character: a name, a title or a note, never a file's
    worth of text (a 100,000-character --title took a minute to lay out). The text is given
    in NFC, as the declarations' are compared."""
    def check(_ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        for text in (value if isinstance(value, (tuple, list)) else [value]):
            if text is None:
                continue
            if len(text) > limit:
                raise click.BadParameter(_("it is {length} characters long, more than {limit}: shorten it").format(
                    length=format_number(len(text)), limit=format_number(limit)), param=param)
            if not text.isprintable():
                shown = printable(text)
                raise click.BadParameter(_("\"{text}\" holds an invisible control character: retype it without").format(
                    text=shown if len(shown) <= 60 else shown[:60] + "…"), param=param)
        if isinstance(value, (tuple, list)):  # in NFC, as every text chainmap reads (names.nfc)
            return type(value)(nfc(text) if text is not None else None for text in value)
        return nfc(value) if value is not None else None
    return check
