"""An assembled organisation as plain values, column by column, and back: what the cache keeps.

Why: a warm run of a large organisation used to unpack each file's team from the cache,
then assemble them all again (the workers' index, the links, the copies side by side),
though nothing had changed. The cache now keeps the organisation as last assembled, and
a run puts back the very objects assembly made — with one change to a file, it then
reassembles only what that file touches (:mod:`chainmap.load.reassemble`).

How: each kind of object is kept as columns (all the teams' ids, then all their names…),
so that unpacking is a few ``map`` calls that build every object in one pass each, rather
than a Python loop per team; a team's members are kept packed apart and unpacked only when
read (:mod:`chainmap.load.packed_members`: a warm run of ``chainmap weak`` reads none).
Ids are kept once (each link names its teams by the same string objects as assembly
gives them). The workers' index is kept as the positions of the members who are not a
worker's first appearance (part-timers' later teams), from which the index is rebuilt in
order by ``itertools.compress``, when first read.

Only the parts that the team files make are kept here; the name, the end clients and the
settings come from ``org.yaml``, read on every run (:class:`Assembly` is valid only with
the ``org.yaml`` it was made with).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from ..model import (
    Declaration,
    EndClient,
    Link,
    Member,
    Org,
    Settings,
    Source,
    Team,
    UnknownReference,
    Workers,
)
from .columns import made
from .deferred_workers import DeferredWorkers
from .packed_members import member_blobs, member_columns_of_blobs, member_finder, members_of_blobs

__all__ = ["Assembly", "pack_assembly", "unpack_assembly", "org_of", "teams_as_columns", "teams_from_columns"]

DECLARED_BY = ("both", "supplier", "client")


@dataclass(frozen=True)
class Assembly:
    """The team-made parts of an assembled organisation, and the file each team came from."""

    teams: Dict[str, Team]
    links: Tuple[Link, ...]
    unknown_references: Tuple[UnknownReference, ...]
    workers: Workers
    shared_members: Dict[str, Tuple[str, ...]]
    team_files: Dict[str, str]  # the file (inside the organisation) each team of a team file came from


def org_of(assembly: Assembly, name: str, end_clients: Dict[str, EndClient], settings: Settings, source: str) -> Org:
    """The organisation of ``assembly`` with ``org.yaml``'s declarations."""
    return Org(name=name, end_clients=end_clients, teams=assembly.teams, links=assembly.links,
               unknown_references=assembly.unknown_references, settings=settings, workers=assembly.workers,
               source=source, shared_members=assembly.shared_members)


def pack_assembly(org: Org, team_files: Mapping[str, str], paths: Mapping[str, str]) -> Optional[list]:
    """``org`` as plain values; ``team_files`` gives each team's file, ``paths`` each file's
    path as written in the model's sources. ``None`` when something would not come back
    the same (a source elsewhere than its team's file)."""
    files = sorted(set(paths))
    index = {paths[relative]: number for number, relative in enumerate(files)}
    teams = list(org.teams.values())
    try:
        packed_teams = _pack_teams(teams, index, members=member_blobs)
        unknown = _pack_unknown(org.unknown_references, index)
    except (KeyError, AttributeError):
        return None
    if not isinstance(org.workers, Workers):
        return None
    return [files, packed_teams, _pack_links(org.links), unknown, _pack_workers(teams, org.workers),
            [[team_id, list(members)] for team_id, members in org.shared_members.items()],
            [team_files.get(team.id, "") for team in teams]]


def unpack_assembly(packed: list, paths: Mapping[str, str]) -> Assembly:
    """The :class:`Assembly` of :func:`pack_assembly`; ``paths`` gives each file's path as
    this run writes it (a file no longer there keeps the path it had). Raises
    ``ValueError``, ``TypeError``, ``KeyError`` or ``IndexError`` on values it did not write."""
    files, packed_teams, links, unknown, workers, shared, team_files = packed
    written = [paths.get(relative, relative) for relative in files]
    teams = dict(zip(packed_teams[0], _unpacked_teams(packed_teams, written, members=members_of_blobs)))
    ids = {team_id: team_id for team_id in teams}
    return Assembly(
        teams=teams,
        links=_unpack_links(links, ids),
        unknown_references=_unpack_unknown(unknown, written),
        workers=_lazy_workers(workers, packed_teams, ids),
        shared_members={team_id: tuple(members) for team_id, members in shared},
        team_files={team_id: relative for team_id, relative in zip(teams, team_files) if relative},
    )


# -- teams ---------------------------------------------------------------------------


def teams_as_columns(teams: List[Team]) -> Optional[list]:
    """``teams`` (of any files, ids repeated or not) as columns: how a helper process that read
    team files sends them back (:mod:`chainmap.load.team_files`); ``None`` when one would not
    come back the same (a team without a source, a declaration sourced elsewhere)."""
    paths = sorted({team.source.path for team in teams if team.source is not None})
    try:
        return [paths, _pack_teams(teams, {path: number for number, path in enumerate(paths)})]
    except (KeyError, AttributeError):
        return None


def teams_from_columns(packed: list) -> List[Team]:
    """The teams of :func:`teams_as_columns`, in their order."""
    paths, columns = packed
    return _unpacked_teams(columns, paths)


def _member_columns(teams: List[Team]) -> list:
    members = [member for team in teams for member in team.members]
    return [[member.id for member in members], [member.name for member in members], [member.role for member in members]]


def _pack_teams(teams: List[Team], index: Dict[str, int], members: Callable[[List[Team]], list] = _member_columns) -> list:
    """``teams`` as columns, their members as ``members`` gives them (default: three columns
    of all the members' ids, names and roles)."""
    clients = [entry for team in teams for entry in team.clients]
    suppliers = [entry for team in teams for entry in team.suppliers]
    for team in teams:
        path = team.source.path  # type: ignore[union-attr]  # AttributeError: no source, not kept
        if any(entry.source.path != path for entry in (*team.clients, *team.suppliers)):  # type: ignore[union-attr]
            raise KeyError(path)
    return [
        [team.id for team in teams], [team.name for team in teams], [team.department for team in teams],
        [team.enps for team in teams],
        [team.reviewed.toordinal() if team.reviewed is not None else None for team in teams],
        [index[team.source.path] for team in teams], [team.source.line for team in teams],  # type: ignore[union-attr]
        [len(team.members) for team in teams], members(teams),
        [len(team.clients) for team in teams], _pack_declarations(clients),
        [len(team.suppliers) for team in teams], _pack_declarations(suppliers),
    ]


def _pack_declarations(entries: List[Declaration]) -> list:
    return [[entry.id for entry in entries], [entry.what for entry in entries],
            [entry.satisfaction for entry in entries], [entry.source.line for entry in entries]]  # type: ignore[union-attr]


def _members_of_columns(columns: list, counts: List[int]) -> List[Tuple[Member, ...]]:
    return _slices(tuple(made(Member, *columns)), counts)


def _unpacked_teams(packed: list, paths: List[str],
                    members: Callable[[list, List[int]], Sequence[Sequence[Member]]] = _members_of_columns) -> List[Team]:
    """The teams of :func:`_pack_teams`; ``members`` makes each team's members from what
    :func:`_pack_teams` was given to keep them (default: the three columns)."""
    (ids, names, departments, enps, reviewed, files, lines, member_counts, packed_members,
     client_counts, clients, supplier_counts, suppliers) = packed
    team_paths = [paths[number] for number in files]
    client_entries = _unpack_declarations(clients, team_paths, client_counts)
    supplier_entries = _unpack_declarations(suppliers, team_paths, supplier_counts)
    dates = [dt.date.fromordinal(day) if day is not None else None for day in reviewed]
    teams = made(Team, ids, names, departments, members(packed_members, member_counts), enps,
                 dates, _slices(client_entries, client_counts), _slices(supplier_entries, supplier_counts),
                 made(Source, team_paths, lines))
    return teams


def _unpack_declarations(packed: list, team_paths: List[str], counts: List[int]) -> Tuple[Declaration, ...]:
    ids, what, satisfaction, lines = packed
    paths = list(chain.from_iterable(map(repeat, team_paths, counts)))
    return tuple(made(Declaration, ids, what, satisfaction, made(Source, paths, lines)))


def _slices(items: Tuple[Any, ...], counts: List[int]) -> List[Tuple[Any, ...]]:
    """``items`` cut into consecutive tuples of ``counts[i]`` items each."""
    ends = list(accumulate(counts))
    return [items[end - count:end] for end, count in zip(ends, counts)]


# -- links and unknown references ----------------------------------------------------


def _pack_links(links: Sequence[Link]) -> list:
    return [[link.supplier for link in links], [link.client for link in links],
            [DECLARED_BY.index(link.declared_by) for link in links], [link.to_end_client for link in links],
            [link.what_supplier for link in links], [link.what_client for link in links],
            [link.satisfaction for link in links]]


def _unpack_links(packed: list, ids: Dict[str, str]) -> Tuple[Link, ...]:
    suppliers, clients, declared_by, to_end_client, what_supplier, what_client, satisfaction = packed
    # each id as the one string the teams hold, as assembly gives them (end clients are kept as read)
    return tuple(made(Link, list(map(ids.__getitem__, suppliers)), [ids.get(client, client) for client in clients],
                      list(map(DECLARED_BY.__getitem__, declared_by)), to_end_client, what_supplier, what_client,
                      satisfaction))


def _pack_unknown(references: Sequence[UnknownReference], index: Dict[str, int]) -> list:
    return [[ref.supplier for ref in references], [ref.client for ref in references],
            [ref.missing for ref in references], [ref.declared_in for ref in references],
            [index[ref.source.path] for ref in references], [ref.source.line for ref in references]]  # type: ignore[union-attr]


def _unpack_unknown(packed: list, paths: List[str]) -> Tuple[UnknownReference, ...]:
    suppliers, clients, missing, declared_in, files, lines = packed
    sources = made(Source, [paths[number] for number in files], lines)
    return tuple(made(UnknownReference, suppliers, clients, missing, declared_in, sources))


# -- the workers' index -----------------------------------------------------------------


def _pack_workers(teams: List[Team], workers: Workers) -> list:
    """Where each worker does not appear first (by position among all members, teams in
    id order), and the teams of workers in several teams."""
    if isinstance(workers, DeferredWorkers):  # known without the index
        return [list(workers.repeats), [[worker_id, list(teams_of)] for worker_id, teams_of in workers.several.items()]]
    by_worker = workers.teams_by_worker
    repeats = []
    position = 0
    for team in teams:
        for member in team.members:
            if by_worker[member.id][0] != team.id:
                repeats.append(position)
            position += 1
    several = [[worker_id, list(teams_of)] for worker_id, teams_of in by_worker.items() if len(teams_of) > 1]
    return [repeats, several]


def _lazy_workers(packed: list, packed_teams: list, ids: Dict[str, str]) -> Workers:
    """:func:`_unpack_workers`, made when first needed (its length and part-timers known from the pack)."""
    repeats, several = packed
    if not isinstance(repeats, list) or not all(isinstance(position, int) for position in repeats):
        raise TypeError("not a pack's list of repeats")
    part_timers = {worker_id: tuple(map(ids.__getitem__, teams)) for worker_id, teams in several}
    return DeferredWorkers(sum(packed_teams[7]) - len(repeats), lambda: _unpack_workers(packed, packed_teams, ids),
                           repeats, part_timers, _finder(packed_teams, ids))


def _finder(packed_teams: list, ids: Dict[str, str]) -> Callable[[str], Optional[Tuple[str, ...]]]:
    """The team of a worker in one team only, found among the packed members (``None``: in none)."""
    team_ids = packed_teams[0]
    find = member_finder(packed_teams[8])

    def teams(worker_id: str) -> Optional[Tuple[str, ...]]:
        number = find(worker_id)
        return None if number is None else (ids[team_ids[number]],)
    return teams


def _unpack_workers(packed: list, packed_teams: list, ids: Dict[str, str]) -> Workers:
    """The index of :func:`~chainmap.load.assemble.workers_of`, one ``(team,)`` tuple shared
    by a team's own workers (the members' ids and names unpacked again: the teams' own are
    unpacked only when read, team by team)."""
    repeats, several = packed
    team_ids, member_counts = packed_teams[0], packed_teams[7]
    member_ids, member_names = member_columns_of_blobs(packed_teams[8])
    first = bytearray(b"\x01") * len(member_ids)
    for position in repeats:
        first[position] = 0
    worker_ids = list(compress(member_ids, first))
    names = dict(zip(worker_ids, compress(member_names, first)))
    alone = chain.from_iterable(map(repeat, [(ids[team_id],) for team_id in team_ids], member_counts))
    teams_of: Dict[str, Tuple[str, ...]] = dict(zip(worker_ids, compress(alone, first)))
    teams_of.update((worker_id, tuple(map(ids.__getitem__, teams))) for worker_id, teams in several)
    return Workers(names, teams_of)
