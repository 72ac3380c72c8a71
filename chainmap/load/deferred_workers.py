"""A workers' index taken back from the cache, made when first read: its length and part-timers known before.

Why: ``chainmap weak`` counts the workers and the people of each team (from the teams'
members and the few part-timers, :attr:`~chainmap.model.Org.shared_members`), but looks
none of them up. Making the index of a million workers (two dicts of a million keys) was
about a tenth of a warm run. The cache keeps what a run needs at once (the count, the
workers of several teams, where the repeated members are) and the index is made when
something reads it. (A cold run's assembly makes it at once: it has to visit every member
anyway to find an id given to two people, and one pass that fills both dicts was found
faster than passes in C that only count; benchmarks/RESULTS.md.)
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..model import Workers

__all__ = ["DeferredWorkers"]


class DeferredWorkers(Workers):
    """The workers' index, made by ``make`` when first read beyond its length and part-timers.

    ``repeats``: the places (among all members, teams in id order, members in file order)
    of the members who are not a worker's first appearance; ``several``: each worker of
    several teams, in the workers' order, with their teams. What the cache keeps of the
    index (:mod:`chainmap.load.org_pack`). Its two dicts are Workers' own slots, filled on
    first use.
    """

    __slots__ = ("_count", "_make", "repeats", "several", "_find")

    def __init__(self, count: int, make: Callable[[], Workers], repeats: List[int],
                 several: Dict[str, Tuple[str, ...]],
                 find: Callable[[str], Optional[Tuple[str, ...]]]) -> None:  # Workers.__init__ when first read
        self._count = count
        self._make = make
        self.repeats = repeats
        self.several = several
        self._find = find

    def __getattr__(self, name: str) -> Any:
        if name not in ("_names", "_teams"):
            raise AttributeError(name)
        made = self._make()
        self._names, self._teams = made._names, made._teams
        return getattr(self, name)

    def __len__(self) -> int:
        return self._count

    def part_timers(self) -> Iterator[Tuple[str, Tuple[str, ...]]]:
        return iter(self.several.items())

    def teams_of(self, worker_id: str, member_of: Optional[str] = None) -> Optional[Tuple[str, ...]]:
        """A worker's teams, without making the index: a part-timer's are known; anyone else
        is in ``member_of`` alone when given, else found by ``find`` (a search of every
        team's members, kept for the few workers who join a team)."""
        try:
            made: Dict[str, Tuple[str, ...]] = object.__getattribute__(self, "_teams")
        except AttributeError:
            pass
        else:
            return made.get(worker_id)
        teams = self.several.get(worker_id)
        if teams is not None:
            return teams
        return (member_of,) if member_of is not None else self._find(worker_id)

    def __reduce__(self) -> Tuple[type, Tuple[Dict[str, str], Dict[str, Tuple[str, ...]]]]:
        return Workers, (self._names, self._teams)
