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
computed by rapidfuzz (C++); when many words are looked up among many ids (the unknown ids of
a large organisation), an index of the ids' pieces keeps each word to the few ids near it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

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
        self._index: Optional[_PieceIndex] = None
        self._scans = self._misses = self._expected = 0

    def expect(self, words: int) -> None:
        """Say that about ``words`` words will be asked: when they are more than
        :data:`SCANS_BEFORE_INDEX`, the index is built for the first, not after the scans that
        would have shown it worth building (a rule that knows its unknown ids says so)."""
        self._expected = max(self._expected, words)

    def __call__(self, word: str) -> Optional[str]:
        """The choice ``word`` is a likely typo of, or ``None``."""
        typed = comparable(word)
        if not typed or len(word) > 4 * MAX_ID_LENGTH:
            return None
        query, most = (typed, 2) if self.exact else (word.lower(), 2 if self.ids and ID_PATTERN.match(word.lower()) else 4)
        ranked: List[Tuple[int, bool, float, str]] = []
        for position in self._within(query, most):
            choice = self.choices[position]
            spelled = self.spelled[position] if self.exact else comparable(choice)
            distance = _distance_if_typo(typed, spelled)
            if distance is not None and choice != word:
                ranked.append((distance, spelled[:1] != typed[:1], -Indel.normalized_similarity(typed, spelled), choice))
        return min(ranked)[3] if ranked else None

    def _within(self, query: str, most: int) -> List[int]:
        """The positions of the spelled choices at most ``most`` edits (OSA) from ``query``.

        Why an index: an organisation with five times the teams has about five times the
        unknown ids, so comparing each with every id grew as the square of its size. Once
        :data:`SCANS_BEFORE_INDEX` words have been compared with every one of at least
        :data:`INDEXED_FROM` choices, a :class:`_PieceIndex` is built (once), and each next
        word is compared only with the few choices it finds near it: the same answer, sooner
        (unless the index keeps finding too many: then the scan alone goes on).
        Names, compared within four edits, are left to the scan (cut in ten, their pieces
        would be a letter or two: they would find almost every name)."""
        if most == 2 and len(self.spelled) >= INDEXED_FROM and self._misses < SCANS_BEFORE_INDEX:
            if self._index is None and max(self._scans, self._expected - 1) >= SCANS_BEFORE_INDEX:
                self._index = _PieceIndex(self.spelled, most)
            candidates = self._index.candidates(query) if self._index is not None else None
            if candidates is not None:
                near = process.extract(query, [self.spelled[position] for position in candidates], scorer=OSA.distance,
                                       score_cutoff=most, limit=None)
                return [candidates[index] for _found, _distance, index in near]
            self._scans += 1
            self._misses += self._index is not None  # choices whose pieces say little: then scan only
        return [position for _found, _distance, position in
                process.extract(query, self.spelled, scorer=OSA.distance, score_cutoff=most, limit=None)]


class _PieceIndex:
    """Which choices can be within ``most`` edits of a word, found by exact pieces (pigeonhole).

    Each choice is cut into ``2 * most + 1 + SPARE_PIECES`` pieces. An edit (a character
    changed, dropped or added) touches at most one piece, a swap of two neighbours at most two,
    so a choice within ``most`` edits of a word keeps ``1 + SPARE_PIECES`` pieces at least
    untouched in the word, each at its place moved by the letters added minus those dropped
    before it (:meth:`shifts`: how far depends on how much longer the word is). So, for
    every length a near choice can have, the word is looked up by its slices at the places
    of every piece but the one the most choices share
    (`transport-` says less than `-30299`), and only the choices found by ``SPARE_PIECES`` of
    them are candidates. Choices too short to cut always are; when the pieces say little (more
    candidates than a quarter of the choices), :meth:`candidates` says so and the caller
    compares them all.
    """

    def __init__(self, spelled: Sequence[str], most: int):
        self.most, self.parts = most, 2 * most + 1 + SPARE_PIECES
        self._bounds: Dict[int, Tuple[Tuple[int, int], ...]] = {}
        self.enough = max(64, len(spelled) // 4)
        by_length: Dict[int, List[int]] = {}
        for position, text in enumerate(spelled):
            by_length.setdefault(len(text), []).append(position)
        self.short = sorted(position for length, positions in by_length.items() if length < self.parts
                            for position in positions)
        self.spelled, self.by_length = spelled, by_length
        # pieces[length][part]: that piece of every choice of that length, sorted, and the choices
        # in that order; made for a length when a word first needs it (most words need few lengths)
        self.pieces: Dict[int, List[Tuple[List[str], List[int]]]] = {}

    @staticmethod
    def _sorted_by_piece(texts: List[str], positions: List[int], start: int,
                         end: int) -> Tuple[List[str], List[int]]:
        """The pieces from ``start`` to ``end`` of ``texts`` (the choices at ``positions``),
        sorted, with the choices in the same order (cut and sorted by C code; a dict of lists
        was not)."""
        pieces = list(map(itemgetter(slice(start, end)), texts))
        order = sorted(range(len(pieces)), key=pieces.__getitem__)
        return [pieces[index] for index in order], [positions[index] for index in order]

    def bounds(self, length: int) -> Tuple[Tuple[int, int], ...]:
        """Where the pieces of a choice of ``length`` characters start and end."""
        if length not in self._bounds:
            cuts = [length * part // self.parts for part in range(self.parts + 1)]
            self._bounds[length] = tuple(zip(cuts, cuts[1:]))
        return self._bounds[length]

    def candidates(self, word: str) -> Optional[List[int]]:
        """The choices that hold :data:`SPARE_PIECES` untouched pieces of ``word`` where they can
        be (sorted, each once), or ``None`` when they are too many for the index to be worth it.

        The choices of the commonest piece are not counted (they would be most of the work), so
        of the ``1 + SPARE_PIECES`` pieces a near choice keeps, ``SPARE_PIECES`` at least are
        among those counted: a choice found by fewer cannot be near. Asking for two, not one,
        is what keeps the candidates few as the ids grow: with one, every id that shared any
        piece of its number with the word was compared (benchmarks/RESULTS.md)."""
        found = set(self.short)
        for length in range(max(self.parts, len(word) - self.most), len(word) + self.most + 1):
            by_part = [self._found_at(word, length, part) for part in range(self.parts)]
            sizes = [sum(map(len, lists)) for lists in by_part]
            commonest = max(range(self.parts), key=lambda part: (sizes[part], part))
            # a choice is in at most one list of a part (it has one piece there, and the lists
            # are those of distinct pieces), so counting the lists' items counts its pieces
            hits = Counter(chain.from_iterable(chain.from_iterable(
                lists for part, lists in enumerate(by_part) if part != commonest)))
            found.update(position for position, count in hits.items() if count >= SPARE_PIECES)
            if len(found) > self.enough:
                return None
        return sorted(found)

    def _found_at(self, word: str, length: int, part: int) -> List[List[int]]:
        """The choices of ``length`` characters whose piece ``part`` is in ``word`` where it can be."""
        if length not in self.pieces:
            if length not in self.by_length:
                return []
            positions = self.by_length[length]
            texts = [self.spelled[position] for position in positions]
            self.pieces[length] = [self._sorted_by_piece(texts, positions, start, end) for start, end in self.bounds(length)]
        pieces, choices = self.pieces[length][part]
        start, end = self.bounds(length)[part]
        low, high = self.shifts(len(word) - length)
        looked_up = {word[start + shift:end + shift] for shift in range(max(low, -start), min(high, len(word) - end) + 1)}
        found = []
        for piece in looked_up:
            first = bisect_left(pieces, piece)
            if first < len(pieces) and pieces[first] == piece:
                found.append(choices[first:bisect_right(pieces, piece, first)])
        return found

    def shifts(self, longer_by: int) -> Tuple[int, int]:
        """How far a piece of a choice can have moved in a word ``longer_by`` characters longer
        (negative: shorter) within ``most`` edits: by the characters added minus those dropped
        before it. Only added ones make a word longer, only dropped ones shorter, so a piece
        moves between 0 and ``longer_by``, and further only by a pair of one added and one
        dropped, which the edits left over may pay for."""
        spare_pairs = (self.most - abs(longer_by)) // 2
        return min(0, longer_by) - spare_pairs, max(0, longer_by) + spare_pairs


# Pieces cut beyond the fewest the pigeonhole needs: a near choice keeps one more than this
# untouched, so that the commonest piece can be left out and two found pieces asked for.
SPARE_PIECES = 2

# From this many choices, and after this many words compared with every one, the next words
# are compared only with the choices an index finds near them (an index costs a few scans).
INDEXED_FROM = 2_000
SCANS_BEFORE_INDEX = 4

# Up to this many choices, each is spelled as comparable() spells it (20 ms for 20,000 ids).
SPELLED_UP_TO = 20_000


@lru_cache(maxsize=4)
def nearest_among(choices: Tuple[str, ...]) -> NearestId:
    """A :class:`NearestId` for these ids, kept while they are the ids in use: a program that
    analyses the same organisation again after a change of values (``chainmap serve`` after
    a save) does not spell its ids again."""
    return NearestId(choices)
