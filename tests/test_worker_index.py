"""The workers' index made again after some teams' members changed equals the one made whole; its part-timers; the teams' copies the assembly makes."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import fields, replace
from typing import Dict, List, Tuple

import msgpack
import pytest

from chainmap.load import assemble as assemble_module
from chainmap.load import worker_index
from chainmap.load.assemble import assemble, shared_members_of, two_people, workers_of
from chainmap.load.org_pack import pack_assembly, unpack_assembly
from chainmap.load.worker_index import workers_after
from chainmap.model import Declaration, EndClient, Member, Settings, Source, Team, Workers


def teams_of_people(randomness: random.Random, count: int = 30) -> Dict[str, Team]:
    """Teams whose members are drawn from a small pool: many people in several teams."""
    pool = [f"w{number:03d}" for number in range(120)]
    teams = {}
    for number in range(count):
        chosen = randomness.sample(pool, randomness.randint(0, 12))
        teams[f"t{number:02d}"] = Team(f"t{number:02d}", f"Team {number}",
                                        members=tuple(Member(worker, f"Person {worker}") for worker in chosen))
    return teams


def edited(team: Team, randomness: random.Random, number: int) -> Team:
    """A member added (new or from another team), removed, or the members' order changed."""
    members = list(team.members)
    choice = randomness.randrange(4)
    if choice == 0:
        members.insert(randomness.randint(0, len(members)), Member(f"new{number}", f"Newcomer {number}"))
    elif choice == 1:
        worker = f"w{randomness.randrange(120):03d}"
        if worker not in {m.id for m in members}:
            members.insert(randomness.randint(0, len(members)), Member(worker, f"Person {worker}"))
    elif choice == 2 and members:
        members.pop(randomness.randrange(len(members)))
    else:
        randomness.shuffle(members)
    return replace(team, members=tuple(members))


@pytest.mark.parametrize("rebuild_from", [worker_index.REBUILD_FROM, 0], ids=["moved-one-by-one", "dicts-made-anew"])
@pytest.mark.parametrize("seed", range(40))
def test_the_index_made_again_equals_the_index_made_whole(seed: int, rebuild_from: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Either way of putting the moved workers back in order (a short tail moved worker by
    worker, a long one with both dicts made anew) gives the whole index's order."""
    monkeypatch.setattr(worker_index, "REBUILD_FROM", rebuild_from)
    randomness = random.Random(seed)
    teams = teams_of_people(randomness)
    workers, problems = workers_of(teams)
    assert not problems
    changed = set(randomness.sample(sorted(teams), randomness.randint(1, 6)))
    after = dict(teams)
    for number, team_id in enumerate(sorted(changed)):
        after[team_id] = edited(teams[team_id], randomness, number)
    if seed % 4 == 0:  # a team removed, one added
        removed = sorted(changed)[0]
        del after[removed]
        after["t99"] = Team("t99", "Added", members=(Member("w000", "Person w000"), Member("late", "Late Comer")))
        changed |= {"t99"}
    made = workers_after(workers, shared_members_of(workers), {t: teams[t] for t in changed if t in teams},
                         dict(sorted(after.items())), changed)
    whole, problems = workers_of(dict(sorted(after.items())))
    assert made is not None and not problems
    assert list(made[0].items()) == list(whole.items())
    assert made[1] == shared_members_of(whole)


def test_many_workers_moved_at_once_are_put_back_in_order() -> None:
    """Every member of a team changes place (its members reversed)."""
    teams = {f"t{n}": Team(f"t{n}", f"T{n}", members=tuple(Member(f"w{n}-{m:02d}", f"P {n} {m}") for m in range(40)))
             for n in range(3)}
    workers, _problems = workers_of(teams)
    after = {**teams, "t1": replace(teams["t1"], members=tuple(reversed(teams["t1"].members)))}
    made = workers_after(workers, shared_members_of(workers), {"t1": teams["t1"]}, after, {"t1"})
    assert made is not None and list(made[0].items()) == list(workers_of(after)[0].items())


def test_an_index_not_yet_in_order_answers_lookups_and_is_listed_and_pickled_in_order() -> None:
    """After members moved, the index is put back in order only when listed: a lookup, its
    length and a comparison need no order, and a pickled copy comes back in order."""
    import pickle

    teams = {f"t{n}": Team(f"t{n}", f"T{n}", members=tuple(Member(f"w{n}-{m:02d}", f"P {n} {m}") for m in range(5)))
             for n in range(3)}
    workers, _problems = workers_of(teams)
    moved_first = (Member("w2-00", "P 2 0"), *teams["t0"].members)  # a worker of t2 joins t0, first
    after = {**teams, "t0": replace(teams["t0"], members=moved_first)}
    made = workers_after(workers, shared_members_of(workers), {"t0": teams["t0"]}, after, {"t0"})
    whole, _problems = workers_of(after)
    assert made is not None
    index = made[0]
    assert len(index) == len(whole) and index["w2-00"] == whole["w2-00"] and index == whole
    assert list(pickle.loads(pickle.dumps(index)).items()) == list(whole.items())
    assert list(index) == list(whole)


def workers_member_by_member(teams: Dict[str, Team]) -> Tuple[Dict[str, str], Dict[str, Tuple[str, ...]], List[str]]:
    """FORMAT.md's index read literally: teams by id, members in order, each worker where
    first met; and the ids given to two people, as met."""
    names: Dict[str, str] = {}
    teams_of: Dict[str, Tuple[str, ...]] = {}
    two: List[str] = []
    for team_id in sorted(teams):
        for member in teams[team_id].members:
            if member.id not in names:
                names[member.id], teams_of[member.id] = member.name, (team_id,)
                continue
            if two_people(names[member.id], member.name):
                two.append(member.id)
            teams_of[member.id] += (team_id,)
    return names, teams_of, two


@pytest.mark.parametrize("seed", range(20))
def test_the_index_is_the_members_read_one_by_one(seed: int) -> None:
    """`workers_of` gives the workers, their part-timers and the ids given to two people
    as FORMAT.md's order reads them, member by member."""
    randomness = random.Random(seed)
    teams = teams_of_people(randomness)
    if seed % 2:  # a second name for some ids: the same person written otherwise, or someone else
        for team_id in randomness.sample(sorted(teams), 3):
            team = teams[team_id]
            renamed = tuple(replace(m, name=randomness.choice([m.name.upper(), "Someone Else"])) for m in team.members)
            teams[team_id] = replace(team, members=renamed)
    names, teams_of, two = workers_member_by_member(teams)
    workers, problems = workers_of(teams)
    assert len(workers) == len(names)
    assert list(workers.part_timers()) == [(w, t) for w, t in teams_of.items() if len(t) > 1]
    assert [problem.message.split("`")[1] for problem in problems] == two
    assert list(workers) == list(names) and {w: workers[w].name for w in workers} == names
    assert dict(workers.teams_by_worker) == teams_of


def from_the_cache(teams: Dict[str, Team]) -> Tuple[Workers, Dict[str, Tuple[str, ...]], Dict[str, Team]]:
    """The workers, shared members and teams of ``teams`` as a warm run takes them back from
    the cache: the index not made, each team's members packed."""
    sourced = {team_id: replace(team, source=Source(f"{team_id}.yaml", 1)) for team_id, team in teams.items()}
    org, problems = assemble("Org", [EndClient("people", "People")], list(sourced.values()), Settings(), "org", False)
    assert org is not None and not problems
    paths = {f"{team_id}.yaml": f"{team_id}.yaml" for team_id in sourced}
    packed = pack_assembly(org, {team_id: f"{team_id}.yaml" for team_id in sourced}, paths)
    assert packed is not None
    taken = unpack_assembly(msgpack.unpackb(msgpack.packb(packed, use_bin_type=True), raw=False), paths)
    return taken.workers, taken.shared_members, taken.teams


@pytest.mark.parametrize("seed", range(40))
def test_the_index_made_again_from_the_cache_s_equals_the_index_made_whole(seed: int) -> None:
    """The same edits as above, on an index the cache has not made yet: the workers of the
    changed teams are looked up in it (a newcomer searched among the packed members), the
    count and shared members are right at once, and the index made when read is the whole one's."""
    randomness = random.Random(seed)
    teams = teams_of_people(randomness)
    workers, shared, cached = from_the_cache(teams)
    changed = set(randomness.sample(sorted(teams), randomness.randint(1, 6)))
    after = dict(cached)
    for number, team_id in enumerate(sorted(changed)):
        after[team_id] = edited(teams[team_id], randomness, number)
    made = workers_after(workers, shared, {t: cached[t] for t in changed}, after, changed)
    whole, problems = workers_of(after)
    assert made is not None and not problems
    with pytest.raises(AttributeError):
        object.__getattribute__(workers, "_teams")  # the cache's index was never made
    assert len(made[0]) == len(whole) and made[1] == shared_members_of(whole)
    assert list(made[0].items()) == list(whole.items())


def test_part_timers_are_the_workers_of_several_teams_in_the_workers_order() -> None:
    workers, _problems = workers_of(teams_of_people(random.Random(3)))
    assert list(workers.part_timers()) == [(w, worker.teams) for w, worker in workers.items() if len(worker.teams) > 1]
    assert 0 < len(list(workers.part_timers())) < len(workers)


def test_teams_copied_side_by_side_keep_every_field() -> None:
    """The copy names each field of a team: one added to Team must be added there too."""
    assert [f.name for f in fields(Team)] == ["id", "name", "department", "members", "enps", "reviewed", "clients",
                                              "suppliers", "source"]
    team = Team("t", "Team", "Dept", (Member("w", "W"),), 7, dt.date(2026, 12, 1),
                (Declaration("c"),), (Declaration("s"),), Source("teams/t.yaml", 1))
    copy = assemble_module._side_by_side({"t": team})["t"]
    assert copy == team and copy.members is not team.members
