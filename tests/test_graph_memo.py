"""The chains and dominator tree kept between runs (issue 31): taken back only for the very
link index they were computed from, and then exactly what computing them gives.

A memo here is a dict (what a run keeps, and what it is asked for); the command line's,
:class:`chainmap.load.cache.GraphCache`, is tested at the end, signed and on disk.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import chainmap
from chainmap.analysis import Analysis, analyse, graph_memo
from chainmap.examples.generate import generate, write_organisation
from chainmap.load import Limits
from chainmap.load.packs import GraphCache

from .orgs import team, write_org


class DictMemo:
    """A memo in memory that counts what it is asked for and what it keeps."""

    def __init__(self) -> None:
        self.kept: Dict[bytes, list] = {}
        self.recalled: List[bool] = []

    def recall(self, key: bytes) -> Optional[list]:
        self.recalled.append(key in self.kept)
        return self.kept.get(key)

    def keep(self, key: bytes, value: list) -> None:
        self.kept[key] = value


@pytest.fixture(scope="module")
def org() -> chainmap.Org:
    return chainmap.load(chainmap.example_path())


def same(a: Analysis, b: Analysis) -> None:
    """Two analyses alike in everything the chains and the tree decide."""
    assert a.findings == b.findings and [f.facts for f in a.findings] == [f.facts for f in b.findings]
    assert (a.chains.steps, a.chains.next_node, a.chains.reach) == (b.chains.steps, b.chains.next_node, b.chains.reach)
    assert dict(a.carried) == dict(b.carried) and dict(a.chains.end_clients) == dict(b.chains.end_clients)


@pytest.fixture
def computed(monkeypatch) -> List[str]:
    """What the analyses of the test computed, rather than took back."""
    seen: List[str] = []
    for name in ("shortest_chains", "dominator_tree"):
        original = getattr(graph_memo, name)
        monkeypatch.setattr(graph_memo, name, lambda links, original=original, name=name: seen.append(name) or original(links))
    return seen


def test_a_second_analysis_of_the_same_links_takes_back_what_the_first_computed(org: chainmap.Org, computed: List[str]) -> None:
    memo = DictMemo()
    first, second = analyse(org, memo=memo), analyse(org, memo=memo)
    assert memo.recalled == [False, True] and len(memo.kept) == 1
    assert computed == ["shortest_chains", "dominator_tree"]  # the first only
    same(first, analyse(org))
    same(second, analyse(org))


def test_values_that_change_no_link_keep_the_chains(org: chainmap.Org, computed: List[str]) -> None:
    memo = DictMemo()
    analyse(org, memo=memo)
    renamed = {team_id: dataclasses.replace(found, name=found.name + " bis") for team_id, found in org.teams.items()}
    changed = dataclasses.replace(org, teams=renamed)
    again = analyse(changed, memo=memo)
    assert memo.recalled == [False, True] and len(computed) == 2
    same(again, analyse(changed))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_another_organisation_never_gets_the_kept_chains(tmp_path: Path, seed: int) -> None:
    memo = DictMemo()
    for size in (30, 31):  # one more team: another index
        root = tmp_path / f"org{size}"
        write_organisation(generate(size, 120, seed), root)
        org = chainmap.load(root)
        same(analyse(org, memo=memo), analyse(org))
    assert memo.recalled == [False, False] and len(memo.kept) == 2


def test_a_link_changed_computes_the_chains_afresh(tmp_path: Path) -> None:
    memo = DictMemo()
    teams = [team("a", clients=["b"]), team("b", clients=["customers"]), team("c", clients=["b"])]
    before = chainmap.load(write_org(tmp_path / "before", teams))
    after = chainmap.load(write_org(tmp_path / "after", [*teams[:2], team("c", clients=["a"])]))
    analyse(before, memo=memo)
    again = analyse(after, memo=memo)
    assert memo.recalled == [False, False]
    same(again, analyse(after))
    assert again.team_chain("c") == ["c", "a", "b", "customers"]


def test_confirmed_links_only_is_another_index(org: chainmap.Org) -> None:
    memo = DictMemo()
    analyse(org, memo=memo)
    confirmed = analyse(org, confirmed_only=True, memo=memo)
    assert memo.recalled == [False, False]
    same(confirmed, analyse(org, confirmed_only=True))


def test_other_code_computes_the_chains_afresh(org: chainmap.Org, monkeypatch) -> None:
    memo = DictMemo()
    analyse(org, memo=memo)
    monkeypatch.setattr(graph_memo, "_CODE_DIGEST", b"another version of the chains' code")
    analyse(org, memo=memo)
    assert memo.recalled == [False, False]


@pytest.mark.parametrize("kept", [None, [], [b"", b"", [], b"", b"", b""], ["text"] * 6, [b"\x00\x00\x00\x00"] * 6])
def test_a_kept_value_that_is_not_whole_is_computed_afresh(org: chainmap.Org, kept: Optional[list], computed: List[str]) -> None:
    memo = DictMemo()
    memo.kept[graph_memo.index_digest(chainmap.analysis.indexed.index_links(org))] = kept  # type: ignore[assignment]
    analysed = analyse(org, memo=memo)
    assert computed == ["shortest_chains", "dominator_tree"]
    same(analysed, analyse(org))


def test_the_command_line_keeps_them_signed_in_the_cache_and_not_with_no_cache(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.setenv("CHAINMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "org"
    write_organisation(generate(40, 150, 4), root)
    no_cache = invoke("weak", root, "--no-cache", "--format", "json").stdout
    memo = GraphCache(root, Limits())
    assert not memo.path.exists()
    assert invoke("weak", root, "--format", "json").stdout == no_cache
    assert memo.path.exists()
    assert invoke("weak", root, "--format", "json").stdout == no_cache
    key = graph_memo.index_digest(chainmap.analysis.indexed.index_links(chainmap.load(root)))
    assert memo.recall(key) is not None and memo.recall(b"another index") is None
    data = bytearray(memo.path.read_bytes())
    data[-1] ^= 1  # damaged: its signature fails, it is not used and is written anew
    memo.path.write_bytes(bytes(data))
    assert memo.recall(key) is None
    assert invoke("weak", root, "--format", "json").stdout == no_cache and memo.recall(key) is not None
