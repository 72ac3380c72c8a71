"""“Did you mean …?” among thousands of ids, in milliseconds.

:func:`~chainmap.load.fields.did_you_mean` gives difflib's closest choice among all of
them, about 0.08 s per word against 10,000 ids (difflib's own search: 0.4 s): an
organisation of 50,000 teams with a hundred mistyped ids would still wait half a minute
for its hints. :class:`NearestId` keeps the exact
difflib answer for small lists. For large ones it first looks for the ids one slip away
from the word (a letter missing, added, changed, or two letters swapped: most typos), by
spelling every such variant and looking it up, which costs the same among 2,000 ids or
50,000; difflib then chooses among them. Only for a word with no such neighbour does it
shortlist the ids that share the most rare three-letter pieces with it (an index built on
first need), and let difflib choose among that shortlist. A mistyped id shares almost all
its pieces with the intended one, so the hint is the same in practice; only the search is
shorter. A piece shared by more than 5 % of the ids (at most :data:`COMMON_PIECE_MOST`)
is ignored, so that each word costs a bounded search however many ids there are.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Optional

from .fields import MAX_ID_LENGTH, did_you_mean

__all__ = ["NearestId", "SHORTLIST_ABOVE"]

# Up to this many choices, difflib sees them all (exactly did_you_mean's answer).
SHORTLIST_ABOVE = 2000
SHORTLIST_SIZE = 40
# A piece found in more ids than this share (or this many) says little about which one was meant.
COMMON_PIECE_SHARE = 0.05
COMMON_PIECE_MOST = 2500  # the share at 50,000 ids: beyond, each word still costs a bounded search


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
        self.letters = sorted(set("".join(self.choices)))
        self._index: Optional[Dict[str, List[int]]] = None

    def __call__(self, word: str) -> Optional[str]:
        """The id closest to ``word``, if one is close enough to be a likely typo."""
        if len(self.choices) <= SHORTLIST_ABOVE:
            return did_you_mean(word, self.choices)
        neighbours = self._one_slip_away(word)
        return did_you_mean(word, neighbours or self._shortlist(word))

    def _one_slip_away(self, word: str) -> List[str]:
        """The known ids one deletion, insertion, substitution or swap away from ``word``
        (or from its lower-case form), and that form itself if it is known.

        About 2 × (length + 1) × letters variants: ids are at most ``MAX_ID_LENGTH`` long,
        so a few thousand short strings; a longer word (never a valid id) is not spelled out.
        """
        if len(word) > MAX_ID_LENGTH:
            return []
        found = set()
        for form in {word, word.lower()}:
            splits = [(form[:i], form[i:]) for i in range(len(form) + 1)]
            variants = {a + b[1:] for a, b in splits if b}
            variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            variants |= {a + c + b[1:] for a, b in splits if b for c in self.letters}
            variants |= {a + c + b for a, b in splits for c in self.letters}
            found |= (variants | {form}) & self.known
        found.discard(word)
        return sorted(found)

    @property
    def index(self) -> Dict[str, List[int]]:
        """Three-letter piece → positions of the ids that contain it; built on first need."""
        if self._index is None:
            self._index = {}
            for position, choice in enumerate(self.choices):
                for piece in set(_pieces(choice)):
                    self._index.setdefault(piece, []).append(position)
        return self._index

    def _shortlist(self, word: str) -> List[str]:
        """The ids sharing the most rare pieces with ``word`` (and its lower-case form, if known)."""
        common = min(COMMON_PIECE_MOST, max(50, int(len(self.choices) * COMMON_PIECE_SHARE)))
        counts: Counter = Counter()
        for piece in set(_pieces(word.lower())):
            postings = self.index.get(piece, ())
            if len(postings) <= common:
                counts.update(postings)
        shortlist = [self.choices[position] for position, _count in counts.most_common(SHORTLIST_SIZE)]
        if word.lower() in self.known:
            shortlist.append(word.lower())
        return shortlist
