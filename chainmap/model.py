"""The domain: an organisation, its end clients, its teams, their workers and links.

Everything here is a frozen dataclass built once by the loader and never changed, so the
analysis and every renderer can share it safely. Collections are tuples or dicts in a
fixed, documented order: that order is what makes chainmap's output deterministic.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Tuple, Type, TypeVar

__all__ = [
    "Source", "Settings", "EndClient", "Member", "Declaration", "Team", "Link",
    "UnknownReference", "Worker", "Workers", "SkippedTeam", "SurveyRecord", "Org", "SETTINGS_KEYS",
]

Model = TypeVar("Model")


def pickled_as_fields(cls: Type[Model]) -> Type[Model]:
    """Pickle instances of ``cls`` as a call to ``cls`` with their fields, in order.

    Why: a large organisation's team files are read by several processes, which send
    their teams back pickled (:mod:`chainmap.parallel`). A frozen slotted dataclass
    pickles its state field by field through Python code; as one tuple, fetched in C,
    it pickles and unpickles in about half the time (benchmarks/RESULTS.md).
    """
    fetch: Callable[[Any], Any] = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]
    single = len(fields(cls)) == 1  # type: ignore[arg-type]

    def __reduce__(self: Any) -> Tuple[Type[Model], Tuple[Any, ...]]:
        values = fetch(self)
        return cls, (values,) if single else values

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where something was declared: a file and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds of the finding rules (FORMAT.md §1, ``settings``)."""

    min_satisfaction: float = 7
    max_chain_length: int = 5
    spof_min_teams: int = 2
    stale_after_days: int = 365
    min_enps: int = 0


# The keys of ``settings`` (FORMAT.md §1), in the order the loader reads and the writers write them.
SETTINGS_KEYS = tuple(setting.name for setting in fields(Settings))


@dataclass(frozen=True, slots=True)
class EndClient:
    """An external client: every chain should end at one of them."""

    id: str
    name: str
    nps: Optional[int] = None
    source: Optional[Source] = None


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Member:
    """A worker as listed in one team's ``members``."""

    id: str
    name: str
    role: Optional[str] = None


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Declaration:
    """One entry of a team's ``clients`` or ``suppliers`` list."""

    id: str
    what: Optional[str] = None
    satisfaction: Optional[float] = None
    source: Optional[Source] = None


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Team:
    """A team and what it declares about its clients and suppliers."""

    id: str
    name: str
    department: Optional[str] = None
    members: Tuple[Member, ...] = ()
    enps: Optional[int] = None
    reviewed: Optional[dt.date] = None
    clients: Tuple[Declaration, ...] = ()
    suppliers: Tuple[Declaration, ...] = ()
    source: Optional[Source] = None


@dataclass(frozen=True, slots=True)
class Link:
    """A supplier → client link (value flows towards the end client).

    ``declared_by`` is ``"both"``, ``"supplier"`` or ``"client"``. A link to an end client is
    declared by the supplier only and still counts as confirmed (FORMAT.md §1, Links).
    """

    supplier: str
    client: str
    declared_by: str
    to_end_client: bool = False
    what_supplier: Optional[str] = None
    what_client: Optional[str] = None
    satisfaction: Optional[float] = None

    @property
    def confirmed(self) -> bool:
        """True when both sides declare the link, or when it ends at an end client."""
        return self.declared_by == "both" or self.to_end_client

    @property
    def status(self) -> str:
        """``"confirmed"`` or ``"one-sided"``."""
        return "confirmed" if self.confirmed else "one-sided"

    @property
    def what(self) -> Tuple[str, ...]:
        """What flows along the link, as said by either side (both when they differ)."""
        supplier, client = self.what_supplier, self.what_client
        if supplier and client:
            return (supplier,) if supplier == client else (supplier, client)
        return (supplier,) if supplier else (client,) if client else ()


@dataclass(frozen=True, slots=True)
class UnknownReference:
    """A ``clients``/``suppliers`` entry naming an id that exists nowhere.

    ``supplier``/``client`` orient it like a link: the missing id is one of the two.
    """

    supplier: str
    client: str
    missing: str
    declared_in: str
    source: Optional[Source] = None


@dataclass(frozen=True, slots=True)
class Worker:
    """A person, with every team they belong to (sorted by team id)."""

    id: str
    name: str
    teams: Tuple[str, ...]


class Workers(Mapping[str, Worker]):
    """Every worker by id, in FORMAT.md's order: a read-only mapping id → :class:`Worker`.

    Each :class:`Worker` is made when it is asked for, from the names and teams the loader
    gathered. Why: ``chainmap weak`` counts the workers but reads none of them, and making a
    million Worker objects was a large part of loading such an organisation
    (benchmarks/RESULTS.md). Two lookups give equal workers, not the same object.
    """

    __slots__ = ("_names", "_teams")

    def __init__(self, names: Dict[str, str], teams: Dict[str, Tuple[str, ...]]):
        self._names = names
        self._teams = teams

    def __getitem__(self, worker_id: str) -> Worker:
        return Worker(worker_id, self._names[worker_id], self._teams[worker_id])

    @property
    def teams_by_worker(self) -> Mapping[str, Tuple[str, ...]]:
        """Each worker's teams (sorted by id), without making a :class:`Worker` of each."""
        return MappingProxyType(self._teams)

    def teams_of(self, worker_id: str, member_of: Optional[str] = None) -> Optional[Tuple[str, ...]]:
        """A worker's teams (``None``: not a worker). ``member_of``: a team the worker is known
        to belong to, a hint for an index not made yet (:mod:`chainmap.load.deferred_workers`)."""
        return self._teams.get(worker_id)

    def part_timers(self) -> Iterator[Tuple[str, Tuple[str, ...]]]:
        """Each worker of several teams, with their teams, in the workers' order."""
        return ((worker_id, teams) for worker_id, teams in self._teams.items() if len(teams) > 1)

    def __contains__(self, worker_id: object) -> bool:
        return worker_id in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Workers):
            return self._names == other._names and self._teams == other._teams
        if isinstance(other, Mapping):  # a dict of workers, say
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a dict

    def __repr__(self) -> str:
        return f"Workers({dict(self)!r})" if len(self) <= 10 else f"<Workers: {len(self)} workers>"


@dataclass(frozen=True, slots=True)
class SkippedTeam:
    """A team file that could not be loaded, left out by ``--skip-invalid`` (``load(skip_invalid=True)``).

    ``id`` is the team's id as far as it could be read (``id_known``), else one made from
    the file's name; ``members`` the ids of the members that could be read, if any;
    ``problems`` the :class:`chainmap.errors.Problem` objects that kept it out, listed
    to the user as without the option.
    """

    id: str
    path: str
    problems: Tuple[Any, ...]
    members: Tuple[str, ...] = ()
    id_known: bool = True


@dataclass(frozen=True, slots=True)
class SurveyRecord:
    """Where satisfaction and eNPS figures came from, once a survey overlay was applied.

    Kept on the :class:`Org` so that every output can say "satisfaction from the survey
    of DATE" instead of passing survey figures off as declarations.
    """

    date: dt.date
    path: str
    links: int = 0
    teams: int = 0
    overridden: int = 0


@dataclass(frozen=True, slots=True)
class Org:
    """A whole organisation, as loaded and checked.

    ``teams`` is keyed and ordered by team id; ``links`` are sorted by (supplier, client);
    ``workers`` are in the order of FORMAT.md's JSON: teams by id, members in file order.
    ``shared_members`` lists, for each team, its members who belong to other teams too
    (made by the loader with ``workers``): counting the people of several teams then
    reads the teams and these few part-timers, never the million workers.
    """

    name: str
    end_clients: Dict[str, EndClient]
    teams: Dict[str, Team]
    links: Tuple[Link, ...]
    unknown_references: Tuple[UnknownReference, ...] = ()
    settings: Settings = field(default_factory=Settings)
    workers: Mapping[str, Worker] = field(default_factory=dict)
    source: str = ""
    survey: Optional[SurveyRecord] = None
    shared_members: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    skipped: Tuple[SkippedTeam, ...] = ()

    def display_name(self, node_id: str) -> str:
        """The name a person reads for a team or end client id (the id if unknown)."""
        team = self.teams.get(node_id)
        if team is not None:
            return team.name
        client = self.end_clients.get(node_id)
        return client.name if client is not None else node_id

    def members_of(self, team_id: str) -> Tuple[Member, ...]:
        """The members of a team, or nothing for an end client or an unknown id."""
        team = self.teams.get(team_id)
        return team.members if team else ()

    def workers_of(self, team_ids: Iterable[str]) -> int:
        """How many distinct workers these teams have: one in several of them counts once.

        Sums the teams' sizes, then takes back the repeats of the few people who belong to
        several teams (:attr:`shared_members`, listed by the loader), so the cost follows
        the teams, not the million workers in them.
        """
        total, seen, repeats = 0, set(), 0
        for team_id in team_ids:
            total += len(self.members_of(team_id))
            for worker_id in self.shared_members.get(team_id, ()):
                if worker_id in seen:
                    repeats += 1
                seen.add(worker_id)
        return total - repeats
