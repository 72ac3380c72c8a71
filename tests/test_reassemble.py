"""Reassembling after a few teams changed gives the organisation a full assembly gives."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

import chainmap
from chainmap.load.assemble import assemble
from chainmap.load.reassemble import reassemble
from chainmap.model import Declaration, Member, Org, Team

AS_OF = dt.date(2026, 11, 23)


def full(org: Org, teams) -> Org:
    made, problems = assemble(org.name, list(org.end_clients.values()), list(teams), org.settings, org.source,
                              side_by_side=False)
    assert not problems
    return made


def same(first: Org, second: Org) -> None:
    assert first.teams == second.teams and list(first.teams) == list(second.teams)
    assert first.links == second.links
    assert first.unknown_references == second.unknown_references
    assert list(first.workers.items()) == list(second.workers.items())
    assert first.shared_members == second.shared_members


def mutated(team: Team, ids, randomness: random.Random) -> Team:
    """A team with a random edit: a score, a link added or removed, a member, its eNPS."""
    choice = randomness.randrange(6)
    if choice == 0:
        return replace(team, enps=randomness.randint(-100, 100))
    if choice == 1 and team.suppliers:
        first = team.suppliers[0]
        return replace(team, suppliers=(replace(first, satisfaction=randomness.choice([2, 8, None])), *team.suppliers[1:]))
    if choice == 2:
        target = randomness.choice(ids + ["no-such-team"])
        if target != team.id and target not in {d.id for d in team.clients}:
            return replace(team, clients=(*team.clients, Declaration(target)))
    if choice == 3 and team.clients:
        return replace(team, clients=team.clients[1:])
    if choice == 4:
        return replace(team, members=(*team.members, Member(f"new-{team.id}", f"New {team.id}")))
    if choice == 5 and team.suppliers:
        return replace(team, suppliers=team.suppliers[:-1])
    return replace(team, department="Elsewhere")


@pytest.mark.parametrize("seed", range(20))
def test_reassembling_changed_teams_equals_assembling_them_all(seed):
    org = chainmap.load(chainmap.example_path())
    org = full(org, org.teams.values())
    randomness = random.Random(seed)
    ids = sorted(org.teams)
    changed = randomness.sample(ids, randomness.randint(1, 3))
    before = {t: org.teams[t] for t in changed}
    after = {t: mutated(org.teams[t], ids, randomness) for t in changed}
    if seed % 5 == 0:  # a team removed
        del after[changed[0]]
    if seed % 7 == 0:  # a team added, which others already named (or not)
        after["radiolgie"] = Team("radiolgie", "Radiologie bis", clients=(Declaration("urgences"),),
                                  members=(Member("rb", "R B"),))
    teams = {**{t: v for t, v in org.teams.items() if t not in before}, **after}
    quick = reassemble(org, before, after)
    assert quick is not None
    same(quick, full(org, teams.values()))


def test_a_change_that_could_raise_a_problem_across_files_is_left_to_a_full_assembly():
    org = chainmap.load(chainmap.example_path())
    pharmacie = org.teams["pharmacie"]
    assert reassemble(org, {}, {"urgences": replace(pharmacie, id="urgences")}) is None  # an id twice
    assert reassemble(org, {"pharmacie": pharmacie},
                      {"pharmacie": replace(pharmacie, suppliers=(Declaration("patients"),))}) is None
    worker = next(iter(org.teams["urgences"].members))
    assert reassemble(org, {"pharmacie": pharmacie},
                      {"pharmacie": replace(pharmacie, members=(Member(worker.id, "Zorro Totally Else"),))}) is None


@pytest.mark.parametrize("seed", range(12))
def test_reanalysing_after_a_change_gives_what_analysing_gives(seed):
    """Values changed: the chains are reused; links changed: everything is found again.
    Either way, the same chains, workers' chains and findings as a fresh analysis."""
    from chainmap.analysis import analyse, reanalyse
    org = chainmap.load(chainmap.example_path())
    previous = analyse(org, AS_OF)
    randomness = random.Random(seed)
    ids = sorted(org.teams)
    changed = {t: mutated(org.teams[t], ids, randomness) for t in randomness.sample(ids, 2)}
    new = reassemble(org, {t: org.teams[t] for t in changed}, changed)
    assert new is not None
    fresh, again = analyse(new, AS_OF), reanalyse(previous, new, AS_OF)
    assert again.findings == fresh.findings
    assert [f.facts for f in again.findings] == [f.facts for f in fresh.findings]
    assert {t: again.team_chain(t) for t in new.teams} == {t: fresh.team_chain(t) for t in new.teams}
    assert dict(again.workers.items()) == dict(fresh.workers.items()) and again.carried == fresh.carried
