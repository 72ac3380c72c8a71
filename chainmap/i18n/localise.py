"""Dates, numbers and shares as a reader of the language in use writes them.

Every date or number printed on a poster or a card goes through these helpers, so that
the French catalogue gives "23 novembre 2026" and "1 234" where English gives
"23 November 2026" and "1,234".
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from . import _, language

__all__ = ["format_date", "format_number", "format_percent"]

NARROW_SPACE = "\u202f"


def _month(month: int) -> str:
    return (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
            _("August"), _("September"), _("October"), _("November"), _("December"))[month - 1]


def format_date(day: dt.date) -> str:
    """A day in words: ``23 November 2026`` (``23 novembre 2026`` in French).

    >>> format_date(dt.date(2026, 11, 23))
    '23 November 2026'
    """
    return _written_date(language(), day)


@lru_cache(maxsize=4096)
def _written_date(in_language: str, day: dt.date) -> str:
    """Many teams share a review date: each is written once per language (the language is
    part of the key only, the catalogue in use reads it)."""
    return _("{day} {month} {year}").format(day=day.day, month=_month(day.month), year=day.year)


def format_number(value: float) -> str:
    """A count with thousands grouped: ``1,234`` (``1 234`` in French).

    >>> format_number(1234)
    '1,234'
    """
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if language() == "fr":
        text = text.replace(",", NARROW_SPACE).replace(".", ",")
    return text


def format_percent(share: float) -> str:
    """A share between 0 and 1 as a whole percentage: ``87%`` (``87 %`` in French).

    >>> format_percent(0.866)
    '87%'
    """
    value = round(share * 100)
    return f"{value}{NARROW_SPACE}%" if language() == "fr" else f"{value}%"
