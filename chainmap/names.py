"""Names and ids as people type them: "did you mean …?", comparing names, making ids.

Every part of chainmap that takes a name or an id from a person (the loader's unknown
keys and ids, ``--focus``/``--team``/``--worker``/``--department``, the survey's team
columns, the rules' hints) matches it here, so that one typo gets the same answer everywhere.

:func:`comparable` gives a name as a person means it (no case, accents or punctuation);
:func:`did_you_mean` gives the choice a typed word is a likely typo of, or nothing;
:class:`NearestId` does the same among a fixed list of thousands of ids or names.

**What counts as a likely typo.** A suggestion is only worth making when it is what the
person meant: "did you mean `dsi-agence`?" for `directeurs-agence` (the branches' IT team
for their managers, sharing only a suffix) would send the link to the wrong team. So a
choice is suggested only when, compared as :func:`comparable` spells both:

- it is at most two edits away (a character changed, dropped, added, or two neighbours
  swapped: the optimal string alignment distance), one for a choice of four letters or less;
- and each word of the choice (split at spaces, ``-``, ``_``, ``.``), set against the part
  of the typed word aligned with it, is the same or a slip on it: none in a word of one
  letter; one in a word of two or three, but no letter added or dropped in front; two in a
  longer one, but no two letters dropped from a word of five or less. `rh-lyon` for
  `si-lyon`, `dsi-agence` for `daf-agence` or `si-agence`, `usine-a` for `usine-b`,
  `region-ouest` for `region-est` share words and differ by a whole one: they are left unsaid.

Among several, the nearest wins, then one with the same first letter (people rarely mistype
the first), then the most similar, then the first in alphabetical order. The rates on
typos and on look-alike ids are measured in ``tests/test_names.py``. The distances are
computed by rapidfuzz (C++), which compares a word with 50,000 ids in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, List, Optional, Sequence, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, Levenshtein

__all__ = ["ID_PATTERN", "MAX_ID_LENGTH", "NearestId", "SYNONYMS", "closest_match", "comparable",
           "did_you_mean", "is_likely_typo", "nearest_among", "nfc", "suggest_id"]

def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as every text chainmap reads is compared.

    Why at the edges: *é* can be written as one character (NFC, most keyboards) or as *e*
    plus a combining accent (NFD, macOS file names, some copy-pastes); both look the same,
    and compared as written they made one person two workers and one team name two. Every
    text is put in NFC once, where it is read (a declaration file's text, a table's, a
    workbook's cell, a survey answer), so that everything after compares like with like.

    >>> nfc("Qualite\u0301") == "Qualit\u00e9", nfc("plain")
    (True, 'plain')
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


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


def closest_match(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice ``word`` is a likely typo of (see the module's doc), or ``None``.

    >>> closest_match("urgense", ["urgences", "pharmacie", "urgence"])
    'urgence'
    >>> closest_match("directeurs-agence", ["dsi-agence", "rh-agence"]) is None
    True
    """
    return NearestId(choices)(word)


def is_likely_typo(typed: str, choice: str) -> bool:
    """Whether ``typed`` is close enough to ``choice`` to be a typo of it (the module's rule).

    >>> is_likely_typo("pharmcie", "pharmacie"), is_likely_typo("si-lyon", "rh-lyon")
    (True, False)
    """
    return _distance_if_typo(comparable(typed), comparable(choice)) is not None


def _distance_if_typo(typed: str, choice: str) -> Optional[int]:
    """The edits from ``typed`` to ``choice`` (both spelled by :func:`comparable`) when it is
    a likely typo of it, else ``None``."""
    if not typed or not choice:
        return None
    most = 1 if len(choice) <= 4 else 2
    distance = OSA.distance(typed, choice, score_cutoff=most)
    if distance > most:
        return None
    if " " in choice:
        for word, written in _aligned_words(typed, choice):
            if written != word and not _word_typo(written, word):
                return None  # a whole word changed: another team that shares the rest
    return distance


def _aligned_words(typed: str, choice: str) -> List[Tuple[str, str]]:
    """Each word of ``choice`` with the part of ``typed`` aligned with it (by the fewest edits).

    >>> _aligned_words("drh lyno", "rh lyon"), _aligned_words("dsiagence", "dsi agence")
    ([('rh', 'drh'), ('lyon', 'lyno')], [('dsi', 'dsi'), ('agence', 'agence')])
    """
    words = choice.split(" ")
    owner: List[Optional[int]] = []  # the word each character of ``choice`` belongs to (None: a space)
    for index, word in enumerate(words):
        owner += [index] * len(word) + [None]
    written = [""] * len(words)
    for opcode in Levenshtein.opcodes(typed, choice):
        tag, typed_start, typed_end, choice_start = opcode.tag, opcode.src_start, opcode.src_end, opcode.dest_start
        if tag in ("equal", "replace"):
            for offset in range(typed_end - typed_start):
                word_index = owner[choice_start + offset]
                if word_index is not None:
                    written[word_index] += typed[typed_start + offset]
        elif tag == "delete":  # typed letters with no counterpart: they belong to the word they stand in
            word_index = owner[choice_start] if choice_start < len(choice) else None
            if word_index is None:
                word_index = owner[choice_start - 1] if choice_start > 0 else 0
            written[word_index or 0] += typed[typed_start:typed_end]
    return [(word, text.strip()) for word, text in zip(words, written)]


def _word_typo(typed: str, word: str) -> bool:
    """Whether ``typed`` is a slip on the one word ``word``: none in a word of one letter
    (`usine-a`, `usine-b`); one in a word of two or three, but no letter added or dropped in
    front (`si` and `dsi`, `rh` and `drh` are other teams); two in a longer one, but at most
    one letter dropped from a word of five or less (`est` is no slip on `ouest`)."""
    if len(word) <= 1:
        return False
    if len(word) <= 3:  # a letter added or dropped in front makes another team: `si`, `dsi`
        same_start = len(typed) == len(word) or typed[:1] == word[:1]
        return same_start and OSA.distance(typed, word, score_cutoff=1) <= 1
    if len(word) <= 5 and len(typed) < len(word) - 1:
        return False  # two letters dropped from a short word leave another word
    return OSA.distance(typed, word, score_cutoff=2) <= 2


def suggest_id(text: str) -> str:
    """An id that follows the id rule, made from ``text``.

    >>> suggest_id("Soins Infirmiers (nuit)")
    'soins-infirmiers-nuit'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")
    return slug or "team-1"


class NearestId:
    """A reusable :func:`closest_match` over one fixed list of ids or names.

    Up to :data:`SPELLED_UP_TO` choices, each is spelled once as :func:`comparable` spells it,
    and rapidfuzz (C++) finds those within two edits of the typed word, exactly the rule's
    candidates. Above, spelling them all would cost more than the search (a million workers'
    names): the search runs on their lower case, within two edits for ids (whose only
    punctuation is their separators) and four for names (accents and punctuation, which
    :func:`comparable` sets aside, add a few), and the rule is checked on the few found.

    >>> NearestId(["pharmacie", "urgences"])("pharmcie")
    'pharmacie'
    """

    def __init__(self, choices: Iterable[str]):
        self.choices: Sequence[str] = list(choices)
        self.exact = len(self.choices) <= SPELLED_UP_TO
        self.spelled = [comparable(c) if self.exact else c.lower() for c in self.choices]
        self.ids = not self.exact and all(ID_PATTERN.match(choice) for choice in self.spelled)

    def __call__(self, word: str) -> Optional[str]:
        """The choice ``word`` is a likely typo of, or ``None``."""
        typed = comparable(word)
        if not typed or len(word) > 4 * MAX_ID_LENGTH:
            return None
        query, most = (typed, 2) if self.exact else (word.lower(), 2 if self.ids and ID_PATTERN.match(word.lower()) else 4)
        ranked: List[Tuple[int, bool, float, str]] = []
        for _found, _rough, position in process.extract(query, self.spelled, scorer=OSA.distance, score_cutoff=most,
                                                         limit=None):
            choice = self.choices[position]
            spelled = self.spelled[position] if self.exact else comparable(choice)
            distance = _distance_if_typo(typed, spelled)
            if distance is not None and choice != word:
                ranked.append((distance, spelled[:1] != typed[:1], -Indel.normalized_similarity(typed, spelled), choice))
        return min(ranked)[3] if ranked else None


# Up to this many choices, each is spelled as comparable() spells it (20 ms for 20,000 ids).
SPELLED_UP_TO = 20_000


@lru_cache(maxsize=4)
def nearest_among(choices: Tuple[str, ...]) -> NearestId:
    """A :class:`NearestId` for these ids, kept while they are the ids in use: a program that
    analyses the same organisation again after a change of values (``chainmap serve`` after
    a save) does not spell its ids again."""
    return NearestId(choices)
