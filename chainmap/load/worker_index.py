"""The workers' index after a few teams changed, made from the previous one.

Why: a member added in a server's form made :func:`~chainmap.load.assemble.workers_of`
visit every member of the organisation again (100,000 on L, a million on XL). Here only
the workers of the changed teams are looked at; the others keep their name, their teams
and their place. The index stays in FORMAT.md's order — teams by id, then members in
file order, each worker where they first appear — so a worker's place is the pair (their
first team, their rank in it), and a worker whose place changed is put back where that
pair says, by bisection. What the full pass would find wrong (one worker id given to two
people) makes it answer ``None``, and the caller assembles everything, which says so.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import filterfalse
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Set, Tuple

from ..model import Team, Workers
from .assemble import copied_id, two_people

__all__ = ["workers_after"]

Index = Tuple[Workers, Dict[str, Tuple[str, ...]]]
# A tail of more workers than this is put back in order by making both dicts anew.
REBUILD_FROM = 4096


def workers_after(previous: Workers, shared: Mapping[str, Tuple[str, ...]], before: Mapping[str, Team],
                  teams: Mapping[str, Team], changed: Set[str]) -> Optional[Index]:
    """The workers and shared members of ``teams``, from ``previous`` and ``shared``, those of
    the organisation in which the teams ``changed`` (by id: changed, added or removed) were
    ``before`` (absent from it: added). ``None``: a worker id is now given to two people."""
    if isinstance(previous, _Unordered):
        previous.put_in_order()  # its own moved workers, placed by its own teams
    old, new = _Ranks(before), _Ranks(teams)
    affected = {worker for team_id in changed for worker in (*old.members(team_id), *new.members(team_id))}
    names, teams_of = dict(previous._names), dict(previous._teams)  # dict copies (a proxy's: 10 times slower)
    moved = _update(affected, changed, old, new, names, teams_of)
    if moved is None:
        return None
    touched = changed | {team_id for worker in affected for team_id in teams_of.get(worker, ())}
    touched |= {team_id for worker in affected for team_id in previous.teams_by_worker.get(worker, ())}
    workers = _Unordered(names, teams_of, moved, new.place_of(teams_of)) if moved else Workers(names, teams_of)
    return workers, _shared_after(shared, touched, teams, teams_of, new)


class _Unordered(Workers):
    """A workers' index whose moved workers are put back in FORMAT.md's order when it is first
    iterated (or pickled).

    Why: the order matters only to what lists the workers (the JSON, the cards); looking one
    up, counting them, or the shared members do not depend on it. ``chainmap weak`` after a
    member changed in a large organisation never lists them, and putting a million workers
    back in order was most of such a run's time.
    """

    __slots__ = ("_moved", "_place")

    def __init__(self, names: Dict[str, str], teams: Dict[str, Tuple[str, ...]], moved: Set[str],
                 place: Callable[[str], Tuple[str, int]]) -> None:
        super().__init__(names, teams)
        self._moved = moved
        self._place = place

    def put_in_order(self) -> None:
        """Put the moved workers where they belong (once)."""
        if self._moved:
            self._names, self._teams = _reordered(self._names, self._teams, self._moved, self._place)
            self._moved = set()

    def __iter__(self) -> Iterator[str]:
        self.put_in_order()
        return super().__iter__()

    def __reduce__(self) -> Tuple[type, Tuple[Dict[str, str], Dict[str, Tuple[str, ...]]]]:
        self.put_in_order()
        return Workers, (self._names, self._teams)


def _reordered(names: Dict[str, str], teams_of: Dict[str, Tuple[str, ...]], moved: Set[str],
               place: Callable[[str], Tuple[str, int]]) -> Tuple[Dict[str, str], Dict[str, Tuple[str, ...]]]:
    """Both dicts with the ``moved`` workers where ``place`` says (in the same order).

    A dict cannot insert in its middle. The order is worked out as a list (each moved worker
    put in by bisection), then, from the first place a moved worker takes, the tail is taken
    out and put back at the end. A short tail is moved worker by worker; a long one (a member
    changed in a team early in id order moves nearly every worker after it) makes both dicts
    anew from the list, in a few calls run in C: moving a million workers one by one was
    most of a warm run's time after such an edit.
    """
    order = list(filterfalse(moved.__contains__, names))
    start = len(order)
    for worker in sorted(moved, key=place):
        at = bisect_left(order, place(worker), key=place)
        order.insert(at, worker)
        start = min(start, at)
    if len(order) - start > REBUILD_FROM:
        return dict(zip(order, map(names.__getitem__, order))), dict(zip(order, map(teams_of.__getitem__, order)))
    for worker in order[start:]:
        names[worker] = names.pop(worker)
        teams_of[worker] = teams_of.pop(worker)
    return names, teams_of


def _update(affected: Set[str], changed: Set[str], old: _Ranks, new: _Ranks, names: Dict[str, str],
            teams_of: Dict[str, Tuple[str, ...]]) -> Optional[Set[str]]:
    """Set each affected worker's name and teams (a worker no longer in any team removed);
    the workers whose place changed (``None``: one id for two people)."""
    moved: Set[str] = set()
    for worker in affected:
        before = teams_of.get(worker)
        now = tuple(sorted({t for t in before or () if t not in changed} | {t for t in changed if new.has(t, worker)}))
        if not now:
            del names[worker], teams_of[worker]
            continue
        name = new.name(now[0], worker)
        if any(new.name(t, worker) != name and two_people(name, new.name(t, worker)) for t in now[1:]):
            return None
        if before is None or before[0] != now[0] or (now[0] in changed and old.rank(now[0], worker) != new.rank(now[0], worker)):
            moved.add(worker)
        names[worker], teams_of[worker] = name, now
    return moved


class _Ranks:
    """Each team's members by id: their rank and name in it (made for a team when first asked)."""

    def __init__(self, teams: Mapping[str, Team]):
        self.teams = teams
        self._ranks: Dict[str, Dict[str, Tuple[int, str]]] = {}

    def _of(self, team_id: str) -> Dict[str, Tuple[int, str]]:
        ranks = self._ranks.get(team_id)
        if ranks is None:
            team = self.teams.get(team_id)
            members = team.members if team is not None else ()
            ranks = self._ranks[team_id] = {}
            for rank, member in enumerate(members):
                ranks.setdefault(member.id, (rank, member.name))
        return ranks

    def members(self, team_id: str) -> List[str]:
        return list(self._of(team_id))

    def has(self, team_id: str, worker: str) -> bool:
        return worker in self._of(team_id)

    def name(self, team_id: str, worker: str) -> str:
        return self._of(team_id)[worker][1]

    def rank(self, team_id: str, worker: str) -> int:
        found = self._of(team_id).get(worker)
        return found[0] if found is not None else -1

    def place_of(self, teams_of: Mapping[str, Tuple[str, ...]]) -> Callable[[str], Tuple[str, int]]:
        """A worker's place in the index: their first team, and their rank in it."""
        def place(worker: str) -> Tuple[str, int]:
            first = teams_of[worker][0]
            return first, self._of(first)[worker][0]
        return place


def _shared_after(shared: Mapping[str, Tuple[str, ...]], touched: Set[str], teams: Mapping[str, Team],
                  teams_of: Mapping[str, Tuple[str, ...]], ranks: _Ranks) -> Dict[str, Tuple[str, ...]]:
    """:func:`~chainmap.load.assemble.shared_members_of`, made again for the touched teams only."""
    result = {team_id: members for team_id, members in shared.items() if team_id not in touched}
    place = ranks.place_of(teams_of)
    for team_id in touched:
        if team_id in teams:
            several = sorted((m.id for m in teams[team_id].members if len(teams_of[m.id]) > 1), key=place)
            if several:
                result[team_id] = tuple(map(copied_id, several))
    return dict(sorted(result.items()))
