"""What keeps one respondent's answer from being recognised, beyond ``--min-responses``.

The threshold hides the figures of links and teams with too few answers; three more leaks
got through it, each closed here:

- **Copies.** The same export given twice (a second download under another name) counted
  each person twice: three people passed ``--min-responses 5`` and their mean was
  published. A file whose rows are exactly those of a file already read is refused; a row
  repeated exactly in another file (a re-export that holds the first one's rows) is counted
  once, and the summary says how many were. Within one file, identical rows are different
  people who answered alike (a form without a timestamp), and count each.
- **Free text where a name was expected.** A respondent who typed a sentence in the team
  cell had it copied into ``unknown_names`` and into the notes. Without ``--comments``, a
  text that is no team is shown only when it looks like a name (short, a few words, no
  sentence); any other is counted, never quoted. The same holds for a score or a date
  cell that cannot be read.
- **The date.** The overlay's day, taken from the answers, was a single respondent's when
  only one answer was dated. It is taken from the answers only when at least
  ``--min-responses`` of them are dated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import UsageError
from ..i18n import _, ngettext
from .tables import Table

__all__ = ["Copies", "MOST_NAME_CHARACTERS", "MOST_NAME_WORDS", "dated_enough", "looks_like_a_date", "looks_like_a_name",
           "shown_text"]

MOST_NAME_CHARACTERS = 60  # a team's name as people write it; a longer text is a sentence
MOST_NAME_WORDS = 6
_SENTENCE_MARKS = (".", "!", "?", "\n", ":", ";")
_DATE_LIKE = re.compile(r"[\w /.:,+-]+")


def looks_like_a_name(text: str) -> bool:
    """Whether a text that is no team could still be quoted: short, a few words, no sentence.

    >>> looks_like_a_name("Logistique Nord"), looks_like_a_name("je ne supporte plus mon chef, vraiment")
    (True, False)
    """
    text = text.strip()
    return (len(text) <= MOST_NAME_CHARACTERS and len(text.split()) <= MOST_NAME_WORDS
            and not any(mark in text.rstrip(".") for mark in _SENTENCE_MARKS))


def looks_like_a_date(text: str) -> bool:
    """Whether a date cell chainmap could not read may still be quoted: short, with a digit,
    nothing but letters, digits, spaces and date or time marks (``Nov 20th 09:10``).

    >>> looks_like_a_date("Nov 20th 09:10:00"), looks_like_a_date("demandez à Paul, il sait")
    (True, False)
    """
    return len(text) <= 40 and any(c.isdigit() for c in text) and _DATE_LIKE.fullmatch(text) is not None


def shown_text(value: Any, with_comments: bool, date: bool = False) -> str:
    """A cell's text as a note may quote it: in quotes when it looks like a name (a date for
    ``date``), or with ``--comments``; else only how long it is."""
    text = str(value if value is not None else "").strip()
    if with_comments or (looks_like_a_date(text) if date else looks_like_a_name(text)):
        return f'"{text}"'
    return ngettext("a text of {n} character, not shown without --comments",
                    "a text of {n} characters, not shown without --comments", len(text)).format(n=len(text))


@dataclass
class Copies:
    """The rows read so far, by file, to count each respondent's row once across files."""

    seen: Dict[Tuple[Tuple[str, str], ...], str] = field(default_factory=dict)  # row → the file it was first read in
    repeated: Dict[Tuple[str, str], int] = field(default_factory=dict)  # (file, earlier file) → rows counted once
    rows_of: Dict[str, List[Tuple[Tuple[str, str], ...]]] = field(default_factory=dict)  # file → its answer rows

    def first_time(self, table: Table, cells: Tuple[Any, ...]) -> bool:
        """Whether this answer row is read for the first time (False: the same row was read
        in another file). Only rows that are answers are given: blank forms are alike."""
        key = _identity(table.headers, cells)
        self.rows_of.setdefault(table.path, []).append(key)
        earlier = self.seen.setdefault(key, table.path)
        if earlier == table.path:
            return True
        pair = (table.path, earlier)
        self.repeated[pair] = self.repeated.get(pair, 0) + 1
        return False

    def refuse_copied_tables(self) -> None:
        """Refuse a file whose answer rows are exactly those of another one given."""
        first_of: Dict[Tuple[Tuple[Tuple[str, str], ...], ...], str] = {}
        for path, rows in self.rows_of.items():
            earlier = first_of.setdefault(tuple(sorted(rows)), path)
            if earlier != path:
                raise UsageError(_("{path} holds exactly the answers of {other} (the same export given twice?): "
                                   "give each export once, or each respondent would count twice").format(
                                       path=path, other=earlier))

    def notes(self) -> List[str]:
        """What was counted once, file by file."""
        return [ngettext("{path}: {n} answer repeats a row of {other} exactly (the same respondent exported twice?): counted once",
                         "{path}: {n} answers repeat rows of {other} exactly (the same respondents exported twice?): counted once",
                         count).format(path=path, n=count, other=other)
                for (path, other), count in sorted(self.repeated.items())]


def _identity(headers: Sequence[str], cells: Tuple[Any, ...]) -> Tuple[Tuple[str, str], ...]:
    """A row as the pairs (column, text) of its filled cells, in column-name order: the same
    respondent's row, whatever the order of the columns in another export."""
    pairs = [(str(headers[place]) if place < len(headers) else "", str(cell).strip())
             for place, cell in enumerate(cells) if cell is not None and str(cell).strip()]
    return tuple(sorted(pairs))


def dated_enough(dates: List[Any], min_responses: int) -> Optional[Any]:
    """The day of the latest answer, when at least ``min_responses`` answers are dated; else ``None``."""
    return max(dates) if len(dates) >= min_responses else None
