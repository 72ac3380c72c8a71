"""The workers' index after a few teams changed, made from the previous one.

Why: a member added in a server's form made :func:`~chainmap.load.assemble.workers_of`
visit every member of the organisation again (100,000 on L, a million on XL). Here only
the workers of the changed teams, and the members of the teams they belong to, are looked
up; the others keep their name, their teams and their place. The index stays in FORMAT.md's
order — teams by id, then members in file order, each worker where they first appear — so
a worker's place is the pair (their first team, their rank in it), and a worker whose place
changed is put back where that pair says, by bisection. What the full pass would find wrong
(one worker id given to two people) makes it answer ``None``, and the caller assembles
everything, which says so.

The new index is made when first read (:class:`_Edited`): ``chainmap weak`` after a member
changed in a large organisation counts the workers and reads the shared members, but looks
no worker up, and making the previous index from the cache (two dicts of a million keys),
copying it and putting a million workers back in order was most of such a run's time.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import filterfalse
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Tuple

from ..model import Team, Workers
from .assemble import copied_id, two_people

__all__ = ["workers_after"]

Index = Tuple[Workers, Dict[str, Tuple[str, ...]]]
Change = Optional[Tuple[str, Tuple[str, ...]]]  # a worker's name and teams now; None: no longer in any team
# A tail of more workers than this is put back in order by making both dicts anew.
REBUILD_FROM = 4096


def workers_after(previous: Workers, shared: Mapping[str, Tuple[str, ...]], before: Mapping[str, Team],
                  teams: Mapping[str, Team], changed: Set[str]) -> Optional[Index]:
    """The workers and shared members of ``teams``, from ``previous`` and ``shared``, those of
    the organisation in which the teams ``changed`` (by id: changed, added or removed) were
    ``before`` (absent from it: added). ``None``: a worker id is now given to two people."""
    if isinstance(previous, _Edited):
        previous = previous.made()
    old, new = _Ranks(before), _Ranks(teams)
    affected = {worker for team_id in changed for worker in (*old.members(team_id), *new.members(team_id))}
    earlier = {worker: previous.teams_of(worker, next((t for t in sorted(changed) if old.has(t, worker)), None))
               for worker in affected}
    found = _changes(earlier, changed, old, new)
    if found is None:
        return None
    changes, moved = found
    lookup = _Lookup(previous, changes)
    touched = changed | {team_id for worker in affected for team_id in (*lookup.teams(worker), *(earlier[worker] or ()))}
    count = len(previous) + sum((change is not None) - (earlier[worker] is not None) for worker, change in changes.items())
    workers = _Edited(previous, changes, moved, new.place_of(lookup), count)
    return workers, _shared_after(shared, touched, teams, lookup, new)


class _Lookup:
    """Each worker's teams in the new index: as changed, else as in the previous one."""

    def __init__(self, previous: Workers, changes: Mapping[str, Change]) -> None:
        self.previous = previous
        self.changes = changes

    def teams(self, worker: str, member_of: Optional[str] = None) -> Tuple[str, ...]:
        """``worker``'s teams (none: not a worker). ``member_of``: a team they are in and was
        not changed, which spares an index not made yet a search through every member."""
        if worker in self.changes:
            change = self.changes[worker]
            return change[1] if change is not None else ()
        return self.previous.teams_of(worker, member_of) or ()


class _Edited(Workers):
    """The previous index with the changes of a few teams, made (and put back in FORMAT.md's
    order) when first read beyond its length and a few workers' teams."""

    __slots__ = ("_base", "_changes", "_moved", "_place", "_count")

    def __init__(self, base: Workers, changes: Dict[str, Change], moved: Set[str],
                 place: Callable[[str], Tuple[str, int]], count: int) -> None:  # Workers.__init__ when made
        self._base = base
        self._changes = changes
        self._moved = moved
        self._place = place
        self._count = count

    def made(self) -> Workers:
        """The index as a plain one, in order."""
        return Workers(self._names, self._teams)

    def __getattr__(self, name: str) -> Any:
        if name not in ("_names", "_teams"):
            raise AttributeError(name)
        names, teams_of = dict(self._base._names), dict(self._base._teams)  # dict copies (a proxy's: 10 times slower)
        for worker, change in self._changes.items():
            if change is None:
                del names[worker], teams_of[worker]
            else:
                names[worker], teams_of[worker] = change
        if self._moved:
            names, teams_of = _reordered(names, teams_of, self._moved, self._place)
        self._names, self._teams = names, teams_of
        return getattr(self, name)

    def __len__(self) -> int:
        return self._count

    def teams_of(self, worker_id: str, member_of: Optional[str] = None) -> Optional[Tuple[str, ...]]:
        if worker_id in self._changes:
            change = self._changes[worker_id]
            return change[1] if change is not None else None
        return self._base.teams_of(worker_id, member_of)

    def __reduce__(self) -> Tuple[type, Tuple[Dict[str, str], Dict[str, Tuple[str, ...]]]]:
        return Workers, (self._names, self._teams)


def _reordered(names: Dict[str, str], teams_of: Dict[str, Tuple[str, ...]], moved: Set[str],
               place: Callable[[str], Tuple[str, int]]) -> Tuple[Dict[str, str], Dict[str, Tuple[str, ...]]]:
    """Both dicts with the ``moved`` workers where ``place`` says (in the same order).

    A dict cannot insert in its middle. The order is worked out as a list (each moved worker
    put in by bisection), then, from the first place a moved worker takes, the tail is taken
    out and put back at the end. A short tail is moved worker by worker; a long one (a member
    changed in a team early in id order moves nearly every worker after it) makes both dicts
    anew from the list, in a few calls run in C.
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


def _changes(earlier: Mapping[str, Optional[Tuple[str, ...]]], changed: Set[str], old: _Ranks,
             new: _Ranks) -> Optional[Tuple[Dict[str, Change], Set[str]]]:
    """Each affected worker's name and teams now (``earlier``: their teams before), and the
    workers whose place changed (``None``: one id for two people)."""
    changes: Dict[str, Change] = {}
    moved: Set[str] = set()
    for worker, before in earlier.items():
        now = tuple(sorted({t for t in before or () if t not in changed} | {t for t in changed if new.has(t, worker)}))
        if not now:
            if before is not None:
                changes[worker] = None
            continue
        name = new.name(now[0], worker)
        if any(new.name(t, worker) != name and two_people(name, new.name(t, worker)) for t in now[1:]):
            return None
        if before is None or before[0] != now[0] or (now[0] in changed and old.rank(now[0], worker) != new.rank(now[0], worker)):
            moved.add(worker)
        changes[worker] = (name, now)
    return changes, moved


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

    def place_of(self, lookup: _Lookup) -> Callable[[str], Tuple[str, int]]:
        """A worker's place in the index: their first team, and their rank in it."""
        def place(worker: str) -> Tuple[str, int]:
            first = lookup.teams(worker)[0]
            return first, self._of(first)[worker][0]
        return place


def _shared_after(shared: Mapping[str, Tuple[str, ...]], touched: Set[str], teams: Mapping[str, Team],
                  lookup: _Lookup, ranks: _Ranks) -> Dict[str, Tuple[str, ...]]:
    """:func:`~chainmap.load.assemble.shared_members_of`, made again for the touched teams only."""
    result = {team_id: members for team_id, members in shared.items() if team_id not in touched}
    place = ranks.place_of(lookup)
    for team_id in touched:
        if team_id in teams:
            several = sorted((m.id for m in teams[team_id].members if len(lookup.teams(m.id, team_id)) > 1), key=place)
            if several:
                result[team_id] = tuple(map(copied_id, several))
    return dict(sorted(result.items()))
