"""A long chain on a card: its first steps, a box counting the teams left out, its last two.

A card has room for a few boxes; a chain of 300 or 10,000 teams drawn whole ran off the card
and, for a card of each team, spelled every chain in full (quadratic in the chain's length).
"""

from __future__ import annotations

from pathlib import Path

import chainmap
from chainmap.workshop.cards import CHAIN_HEAD, GAP
from chainmap.workshop.deck import make_cards

from .orgs import team, write_org


def _chain_org(tmp_path: Path, length: int, shared: bool = False) -> Path:
    ids = [f"t{i:03d}" for i in range(length)]
    teams = [team(ids[i], clients=[ids[i + 1] if i + 1 < length else "customers"]) for i in range(length)]
    if shared:  # one person in the first team and the third: the third's chain runs inside the first's
        teams[0]["members"] = ["Ann", "t000 worker"]
        teams[2]["members"] = ["Ann", "t002 worker"]
    return write_org(tmp_path / "org", teams)


def _card_of(tmp_path: Path, length: int, team_id: str = "t000", **org_options):
    analysis = chainmap.analyse(chainmap.load(_chain_org(tmp_path, length, **org_options)))
    return next(card for card in make_cards(analysis, per="team") if card.name == team_id)


def test_a_long_chain_shows_its_first_steps_the_teams_left_out_and_its_last_two(tmp_path: Path) -> None:
    card = _card_of(tmp_path, 300)
    (chain,) = card.chains
    names = [name for name, _kind in chain.steps]
    assert names == ["t000", "t001", "t002", "t003", "… 295 more teams …", "t299", "customers"]
    assert [kind for _name, kind in chain.steps][CHAIN_HEAD] == GAP
    assert [status for status, _label, _low in chain.links].count(GAP) == 2  # into the box and out of it
    assert len(chain.links) == len(chain.steps) - 1


def test_a_chain_that_fits_the_card_is_drawn_whole(tmp_path: Path) -> None:
    (chain,) = _card_of(tmp_path, CHAIN_HEAD + 1).chains  # its ids: the teams and the end client
    assert [name for name, _kind in chain.steps] == [f"t{i:03d}" for i in range(CHAIN_HEAD + 1)] + ["customers"]
    assert GAP not in [kind for _name, kind in chain.steps]


def test_one_step_more_and_two_teams_are_counted_not_one(tmp_path: Path) -> None:
    (chain,) = _card_of(tmp_path, CHAIN_HEAD + 2).chains
    assert [name for name, _kind in chain.steps][CHAIN_HEAD] == "… 1 more team …"


def test_a_worker_in_two_teams_of_one_chain_gets_one_picture(tmp_path: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(_chain_org(tmp_path, 40, shared=True)))
    (card,) = [card for card in make_cards(analysis) if card.name == "Ann"]
    (chain,) = card.chains
    assert [kind for _name, kind in chain.steps][:3] == ["own", "team", "own"]


def test_every_team_of_a_long_chain_gets_a_card_without_spelling_the_chains(tmp_path: Path, monkeypatch) -> None:
    analysis = chainmap.analyse(chainmap.load(_chain_org(tmp_path, 400)))
    spelled = []
    chain_of = type(analysis.chains).chain_of
    monkeypatch.setattr(type(analysis.chains), "chain_of", lambda chains, node: spelled.append(chain_of(chains, node)) or spelled[-1])
    cards = make_cards(analysis, per="team")
    assert len(cards) == 400 and max(len(card.chains[0].steps) for card in cards) == CHAIN_HEAD + 3
    assert sum(map(len, spelled)) <= 400 * (CHAIN_HEAD + 2)  # spelled whole: 80,600 ids


def test_a_team_s_findings_are_those_that_touch_it_in_order() -> None:
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
    for team_id in [*analysis.org.teams, "nobody"]:
        assert analysis.findings_for(team_id) == [f for f in analysis.findings if f.touches(team_id)]
