"""Names and ids as people type them: "did you mean …?", comparing names, making ids.

Every part of chainmap that takes a name or an id from a person (the loader's unknown
keys and ids, ``--focus``/``--team``/``--worker``, the survey's team columns, the rules'
hints) matches it here, so that one typo gets the same answer everywhere.

:func:`comparable` gives a name as a person means it (no case, accents or punctuation);
:func:`did_you_mean` gives difflib's closest choice; :class:`NearestId` does the same
among thousands of ids in milliseconds.

:func:`did_you_mean` compares the word with every choice: among tens of thousands of ids, an
organisation with a hundred mistyped ids would wait a long time for its hints
(benchmarks/RESULTS.md). :class:`NearestId` keeps the exact difflib answer for small lists.
For large ones it first looks for the ids one slip away from the word (a letter missing,
added, changed, or two letters swapped: most typos), by spelling every such variant and
looking it up, which costs the same among 2,000 ids or 50,000; difflib then chooses among
them. Only for a word with no such neighbour does it shortlist the ids that share the most
rare three-letter pieces with it (an index built on first need), and let difflib choose
among that shortlist. A mistyped id shares almost all its pieces with the intended one, so
the hint is the same in practice; only the search is shorter. A piece shared by more than
5 % of the ids (at most :data:`COMMON_PIECE_MOST`) is ignored, so that each word costs a
bounded search however many ids there are.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

__all__ = ["ID_PATTERN", "MAX_ID_LENGTH", "NearestId", "nearest_among", "SHORTLIST_ABOVE", "SYNONYMS", "closest_match", "comparable",
           "did_you_mean", "suggest_id"]

# What an id is (FORMAT.md §1): lower case letters, digits, `.`, `_` and `-`, at most 200 characters.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_ID_LENGTH = 200

# Words people often write for a key, and the key they mean.
SYNONYMS = {
    "customers": "clients", "client": "clients", "serves": "clients",
    "providers": "suppliers", "vendors": "suppliers", "supplier": "suppliers",
    "workers": "members", "people": "members", "staff": "members", "employees": "members",
    "dept": "department", "service": "department", "title": "name", "label": "name",
    "score": "satisfaction", "rating": "satisfaction", "nom": "name", "membres": "members",
    "fournisseurs": "suppliers", "departement": "department", "organisation": "org",
    "organization": "org", "end-clients": "end_clients", "endclients": "end_clients",
    "clients_finaux": "end_clients",
}


# Every ASCII character that is not a letter or a digit, `_` included (re's \w keeps it, then comparable drops it)
_ASCII_PUNCTUATION_TO_SPACE = {code: " " for code in range(128) if not chr(code).isalnum()}


def comparable(text: str) -> str:
    """``text`` as a person means it, to match what they typed: no case, accents or punctuation.

    >>> comparable("  Cadres de Santé ") == comparable("cadres-de-sante")
    True
    """
    if text.isascii():  # most ids and many names: the same answer, sooner
        return " ".join(text.lower().translate(_ASCII_PUNCTUATION_TO_SPACE).split())
    letters = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).replace("_", " ").split())


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice closest to ``word``, if one is close enough to be a likely typo.

    >>> did_you_mean("suppliers", ["clients", "supliers"])
    'supliers'
    >>> did_you_mean("zzz", ["clients"]) is None
    True
    """
    choices = list(choices)
    lowered = word.lower()
    if lowered in choices and lowered != word:
        return lowered
    if SYNONYMS.get(lowered) in choices:
        return SYNONYMS[lowered]
    return closest_match(word, choices)


def closest_match(word: str, choices: Iterable[str], cutoff: float = 0.6) -> Optional[str]:
    """``difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)``'s answer, found sooner.

    difflib computes the costly similarity ratio of every choice that passes two cheap upper
    bounds. Here the choices are tried from the highest bound down, and the search stops
    when no bound left can reach the best ratio found: the same answer (the highest ratio,
    ties to the greatest choice), several times sooner (see benchmarks/RESULTS.md).

    >>> closest_match("urgense", ["urgences", "pharmacie", "urgence"])
    'urgence'
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded = []
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff:  # lengths only: the cheapest bound first
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, choice))
    bounded.sort(reverse=True)
    best: Optional[Tuple[float, str]] = None
    for bound, choice in bounded:
        if best is not None and bound < best[0]:
            break  # no ratio left can reach, or tie, the best one
        matcher.set_seq1(choice)
        scored = (matcher.ratio(), choice)
        if scored[0] >= cutoff and (best is None or scored > best):
            best = scored
    return best[1] if best else None


def suggest_id(text: str) -> str:
    """An id that follows the id rule, made from ``text``.

    >>> suggest_id("Soins Infirmiers (nuit)")
    'soins-infirmiers-nuit'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")
    return slug or "team-1"


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


@lru_cache(maxsize=4)
def nearest_among(choices: Tuple[str, ...]) -> NearestId:
    """A :class:`NearestId` for these ids, kept while they are the ids in use: a program that
    analyses the same organisation again after a change of values (``chainmap serve`` after
    a save) does not index its ids again."""
    return NearestId(choices)
