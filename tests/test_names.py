""""Did you mean", measured: typos find the id meant, look-alike ids stay silent.

A suggestion is only useful when it is what the person meant; a plausible wrong one
("did you mean `dsi-agence`?" for `directeurs-agence`) sends a link to the wrong team. So
both rates are measured on a generated set built from realistic ids: typos made by
changing, dropping, adding or swapping one or two characters must find the id they were
made from; ids that share only a department word, a prefix or a suffix with a known one
must get no suggestion. The rates are printed (``pytest -s``) and held to a floor.
"""

from __future__ import annotations

import random
from typing import List, Optional, Tuple

import pytest
from rapidfuzz.distance import OSA

from chainmap import names
from chainmap.names import NearestId, did_you_mean, is_likely_typo

FUNCTIONS = ["accueil", "achats", "archives", "bloc", "brancardage", "cadres-de-sante", "communication", "compta",
             "comptabilite", "controle-gestion", "direction", "directeurs", "dsi", "daf", "drh", "formation",
             "hygiene", "imagerie", "juridique", "laboratoire", "logistique", "maintenance", "paie", "pharmacie",
             "qualite", "recrutement", "rh", "restauration", "securite", "service-client", "si", "soins",
             "standard", "sterilisation", "support", "tresorerie", "urgences", "ventes", "marketing", "credit"]
PLACES = ["agence", "siege", "lyon", "lille", "nantes", "paris-nord", "paris-sud", "bordeaux", "nord", "sud",
          "adultes", "pediatrie", "nuit", "jour", "usine-a", "usine-b", "entrepot", "region-est", "region-ouest"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def organisation_ids(rng: random.Random, count: int = 300) -> List[str]:
    """Ids as organisations write them: a function, often followed by a place (`rh-lyon`)."""
    ids = set(FUNCTIONS[::2])
    while len(ids) < count:
        ids.add(f"{rng.choice(FUNCTIONS)}-{rng.choice(PLACES)}")
    return sorted(ids)


def typo(word: str, rng: random.Random, edits: int) -> str:
    """``word`` with ``edits`` random slips: a letter changed, dropped, added, or two swapped."""
    for _ in range(edits):
        kind, at = rng.choice(["change", "drop", "add", "swap"]), rng.randrange(len(word))
        if kind == "change":
            word = word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1:]
        elif kind == "drop" and len(word) > 2:
            word = word[:at] + word[at + 1:]
        elif kind == "add":
            word = word[:at] + rng.choice(LETTERS) + word[at:]
        elif at + 1 < len(word) and word[at] != word[at + 1]:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word


def typos(ids: List[str], rng: random.Random, count: int) -> List[Tuple[str, str]]:
    """(typed, meant) pairs, one or two slips each; a slip that lands on another id is no typo."""
    known, found = set(ids), []
    while len(found) < count:
        meant = rng.choice(ids)
        typed = typo(meant, rng, rng.choice([1, 2]))
        if typed not in known:
            found.append((typed, meant))
    return found


def decoys(ids: List[str], rng: random.Random, count: int) -> List[str]:
    """Ids that exist nowhere and share only a word with known ones: a known id with its
    function or its place replaced by another real one (`directeurs-agence` beside `dsi-agence`)."""
    known, found = set(ids), []
    while len(found) < count:
        function, _, place = rng.choice([i for i in ids if "-" in i]).partition("-")
        made = f"{rng.choice(FUNCTIONS)}-{place}" if rng.random() < 0.5 else f"{function}-{rng.choice(PLACES)}"
        if made not in known and made not in found:
            found.append(made)
    return found


def rates(seed: int) -> Tuple[float, float, List[Tuple[str, str, Optional[str]]], List[Tuple[str, str]]]:
    rng = random.Random(seed)
    ids = organisation_ids(rng)
    nearest = NearestId(ids)
    typed = typos(ids, rng, 400)
    missed = [(word, meant, nearest(word)) for word, meant in typed if nearest(word) != meant]
    fakes = decoys(ids, rng, 300)
    told = [(word, hint) for word in fakes if (hint := nearest(word)) is not None]
    return 1 - len(missed) / len(typed), 1 - len(told) / len(fakes), missed, told


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_typos_find_the_id_meant_and_look_alikes_stay_silent(seed: int) -> None:
    found, silent, missed, told = rates(seed)
    print(f"\nseed {seed}: typos found {found:.1%} (400, one or two slips), look-alikes silent {silent:.1%} (300)")
    print("  missed:", missed[:8])
    print("  told:", told[:8])
    assert found >= 0.93, missed[:20]
    assert silent >= 0.98, told[:20]


def test_every_single_slip_finds_the_id_meant() -> None:
    rng = random.Random(7)
    ids = organisation_ids(rng)
    nearest = NearestId(ids)
    for typed, meant in [(t, m) for t, m in typos(ids, rng, 300) if is_likely_typo(t, m)]:
        if len(meant) > 4:
            assert nearest(typed) in (meant, *[i for i in ids if is_likely_typo(typed, i)]), (typed, meant)


@pytest.mark.parametrize("typed, choices, hint", [
    ("directeurs-agence", ["dsi-agence", "rh-agence"], None),   # the case: a suffix shared, nothing else
    ("daf-agence", ["dsi-agence"], None),                       # a whole word changed
    ("si-lyon", ["rh-lyon"], None),
    ("urgences-pediatrie", ["urgences-adultes"], None),         # a prefix shared
    ("soins-nuit", ["soins-jour"], None),                       # a department word shared
    ("dsi-agnece", ["dsi-agence", "rh-agence"], "dsi-agence"),  # two letters swapped
    ("pharmcie", ["pharmacie"], "pharmacie"),                   # one dropped
    ("urgencess", ["urgences"], "urgences"),                    # one added
    ("radiolgie", ["radiologie", "biologie"], "radiologie"),
    ("supliers", ["clients", "suppliers"], "suppliers"),        # keys too
    ("Cadres de sante", ["Cadres de santé"], "Cadres de santé"),  # names: case and accents are no typo
])
def test_did_you_mean_on_the_cases_people_meet(typed: str, choices: List[str], hint: Optional[str]) -> None:
    assert did_you_mean(typed, choices) == hint


def test_a_team_option_gets_the_same_did_you_mean(tmp_path, invoke) -> None:
    from .orgs import team, write_org
    org = write_org(tmp_path / "org", [team("dsi-agence", clients=["customers"]), team("rh-agence", clients=["customers"])])
    assert "did you mean" not in invoke("chains", str(org), "--team", "directeurs-agence").stderr
    assert "did you mean `dsi-agence`" in invoke("chains", str(org), "--team", "dsi-agnece").stderr


@pytest.mark.parametrize("seed", [1, 2])
def test_an_index_of_many_ids_gives_the_same_answers_as_comparing_every_one(seed: int, monkeypatch) -> None:
    """Many unknown ids among many ids are compared only with those an index finds near them
    (the loader's "did you mean" on a large organisation): the same answers as the full scan."""
    rng = random.Random(seed)
    ids = sorted({f"{i}-{rng.randrange(10 ** rng.choice([1, 2, 4]))}" for i in organisation_ids(rng, 700) * 4}
                 | {"".join(rng.choice("ab") for _ in range(rng.randrange(1, 8))) for _ in range(60)})
    words = [typo(rng.choice(ids), rng, rng.choice([1, 2, 3])) for _ in range(150)] + decoys(ids, rng, 50)
    words += [word.upper() for word in words[:20]] + ["", "ab", "x" * 900]
    monkeypatch.setattr(names, "INDEXED_FROM", 100)
    indexed = NearestId(ids)
    answers = [indexed(word) for word in words]
    assert indexed._index is not None and sum(answer is not None for answer in answers) > 100
    monkeypatch.setattr(names, "INDEXED_FROM", 10 ** 9)
    scanned = NearestId(ids)
    assert answers == [scanned(word) for word in words]
    assert scanned._index is None


@pytest.mark.parametrize("seed", [1, 2])
def test_the_index_finds_every_id_within_two_edits(seed: int) -> None:
    """The pieces an index looks up let through every id within two edits of a word (the
    pigeonhole of ``_PieceIndex``), whatever the slips: it may find more, never fewer."""
    rng = random.Random(seed)
    ids = sorted({f"{i}-{rng.randrange(10 ** 5):05d}" for i in organisation_ids(rng, 700) * 6})
    spelled = [names.comparable(i) for i in ids]
    index = names._PieceIndex(spelled, 2)
    index.enough = len(ids)  # never give up: every word's candidates are compared with the scan's
    words = [names.comparable(typo(rng.choice(ids), rng, 2)) for _ in range(400)]
    for word in words:
        near = {position for position, text in enumerate(spelled) if OSA.distance(word, text) <= 2}
        assert near <= set(index.candidates(word) or ()), word
    assert sum(len(index.candidates(word) or ()) for word in words) < len(words) * len(ids) // 50


def test_told_how_many_words_will_come_the_index_is_built_for_the_first(monkeypatch) -> None:
    """A rule that knows its fifty unknown ids says so: no four full scans before the index,
    and the answers are the scan's."""
    rng = random.Random(3)
    ids = sorted({f"{i}-{rng.randrange(10 ** 5):05d}" for i in organisation_ids(rng, 700) * 4})
    words = [typo(rng.choice(ids), rng, 2) for _ in range(50)]
    monkeypatch.setattr(names, "INDEXED_FROM", 100)
    told = NearestId(ids)
    told.expect(len(words))
    first = told(words[0])
    assert told._index is not None and told._scans == 0
    untold = NearestId(ids)
    assert [first] + [told(word) for word in words[1:]] == [untold(word) for word in words]
    assert untold._scans == names.SCANS_BEFORE_INDEX


@pytest.mark.parametrize("longer_by, moves", [(0, (-1, 1)), (1, (0, 1)), (-1, (-1, 0)), (2, (0, 2)), (-2, (-2, 0))])
def test_a_piece_moves_only_as_far_as_the_letters_added_or_dropped_allow(longer_by: int, moves: Tuple[int, int]) -> None:
    """Within two edits, a word two letters longer has had two added (its pieces moved right by
    0 to 2); one of the same length, none or one added and one dropped (moved by -1 to 1)."""
    assert names._PieceIndex(["team-00001"], 2).shifts(longer_by) == moves
