"""“Did you mean …?” among thousands of ids, in milliseconds.

:func:`~chainmap.load.fields.did_you_mean` compares a word with every choice through
difflib, about 0.4 s per word against 10,000 ids: an organisation of 50,000 teams with a
hundred mistyped ids would wait minutes for its hints. :class:`NearestId` keeps the exact
difflib answer for small lists and, for large ones, first shortlists the ids that share the
most rare three-letter pieces with the word (an index built once), then lets difflib choose
among that shortlist. A mistyped id shares almost all its pieces with the intended one, so
the hint is the same in practice; only the search is shorter.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Optional

from .fields import did_you_mean

__all__ = ["NearestId", "SHORTLIST_ABOVE"]

# Up to this many choices, difflib sees them all (exactly did_you_mean's answer).
SHORTLIST_ABOVE = 2000
SHORTLIST_SIZE = 40
# A piece found in more ids than this says little about which one was meant.
COMMON_PIECE_SHARE = 0.05


def _pieces(word: str) -> List[str]:
    padded = f"^{word}$"
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


class NearestId:
    """A reusable ``did_you_mean`` over one fixed list of ids.

    >>> NearestId(["pharmacie", "urgences"])("pharmcie")
    'pharmacie'
    """

    def __init__(self, choices: Iterable[str]):
        self.choices = list(choices)
        self.known = set(self.choices)
        self.index: Dict[str, List[int]] = {}
        if len(self.choices) > SHORTLIST_ABOVE:
            for position, choice in enumerate(self.choices):
                for piece in set(_pieces(choice)):
                    self.index.setdefault(piece, []).append(position)

    def __call__(self, word: str) -> Optional[str]:
        """The id closest to ``word``, if one is close enough to be a likely typo."""
        if not self.index:
            return did_you_mean(word, self.choices)
        return did_you_mean(word, self._shortlist(word))

    def _shortlist(self, word: str) -> List[str]:
        """The ids sharing the most rare pieces with ``word`` (and its lower-case form, if known)."""
        common = max(50, int(len(self.choices) * COMMON_PIECE_SHARE))
        counts: Counter = Counter()
        for piece in set(_pieces(word.lower())):
            postings = self.index.get(piece, ())
            if len(postings) <= common:
                counts.update(postings)
        shortlist = [self.choices[position] for position, _count in counts.most_common(SHORTLIST_SIZE)]
        if word.lower() in self.known:
            shortlist.append(word.lower())
        return shortlist
