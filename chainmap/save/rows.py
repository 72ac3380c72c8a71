"""An organisation as the five tables of the spreadsheet layout (model → rows).

The inverse of :mod:`chainmap.load.spreadsheet`: reading these rows back gives the same
model. Workbooks, CSV folders, and any later feature that needs the organisation as
rows (survey forms, diffs) start from :func:`org_tables`.

The only subtle part is the links table. A confirmed link whose two sides say the same
thing is written as one ``both`` row, which is what a person expects to read. But each
team's ``clients`` and ``suppliers`` keep their declared order, and the rows must give
every list back in its order; merged rows tie lists together, and those ties can form a
cycle. The rows are therefore ordered topologically (by supplier, then client, where
free), and a merged row that sits on a cycle is written as its two sides instead.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Set, Tuple

from ..load.spreadsheet import COLUMNS
from ..model import SETTINGS_KEYS, Declaration, Org

__all__ = ["Tables", "org_tables", "link_rows", "TABLE_ORDER"]

TABLE_ORDER = ("settings", "end_clients", "teams", "members", "links")
Row = List[Any]
Tables = Dict[str, Tuple[List[str], List[Row]]]


def org_tables(org: Org) -> Tables:
    """The five tables of ``org``: ``{name: (columns, rows)}``, in :data:`TABLE_ORDER`.

    Empty optional cells are ``None``; numbers, dates and text keep their type.
    """
    settings: List[Row] = [["org", org.name]]
    settings += [[key, getattr(org.settings, key)] for key in SETTINGS_KEYS]
    end_clients = [[c.id, c.name, c.nps] for c in org.end_clients.values()]
    teams = [[t.id, t.name, t.department, t.enps, t.reviewed] for t in org.teams.values()]
    members = [[t.id, m.name, m.id if m.id != m.name else None, m.role]
               for t in org.teams.values() for m in t.members]
    rows = {"settings": settings, "end_clients": end_clients, "teams": teams,
            "members": members, "links": link_rows(org)}
    return {name: (list(COLUMNS[name]), rows[name]) for name in TABLE_ORDER}


@dataclass(frozen=True, order=True)
class _Unit:
    """One row of the links table: a link's side (``supplier``/``client``) or ``both``."""

    supplier: str
    client: str
    side: str


def link_rows(org: Org) -> List[Row]:
    """The links table: ``supplier, client, declared_by, what, satisfaction`` rows."""
    entries, places = _side_entries(org)
    split: Set[Tuple[str, str]] = set()
    while True:
        order, stuck = _ordered_units(entries, places, split)
        if not stuck:
            break
        split.add(min((u.supplier, u.client) for u in stuck if u.side == "both"))
    return [_row(unit, entries) for unit in order]


_Entries = Dict[Tuple[str, str], Dict[str, Declaration]]


def _side_entries(org: Org) -> Tuple[_Entries, Dict[Tuple[str, str, str], int]]:
    """For each (supplier, client): each side's declaration of it, and its place in its list."""
    entries: _Entries = {}
    places: Dict[Tuple[str, str, str], int] = {}
    for team in org.teams.values():
        for place, entry in enumerate(team.clients):
            entries.setdefault((team.id, entry.id), {})["supplier"] = entry
            places[(team.id, entry.id, "supplier")] = place
        for place, entry in enumerate(team.suppliers):
            entries.setdefault((entry.id, team.id), {})["client"] = entry
            places[(entry.id, team.id, "client")] = place
    return entries, places


def _units_of(pair: Tuple[str, str], sides: Dict[str, Declaration], split: Set[Tuple[str, str]]) -> List[_Unit]:
    mergeable = len(sides) == 2 and sides["supplier"].what == sides["client"].what and pair not in split
    if mergeable:
        return [_Unit(pair[0], pair[1], "both")]
    return [_Unit(pair[0], pair[1], side) for side in sorted(sides)]


def _ordered_units(entries: _Entries, places: Dict[Tuple[str, str, str], int],
                   split: Set[Tuple[str, str]]) -> Tuple[List[_Unit], List[_Unit]]:
    """Kahn's algorithm over the order constraints of every team's lists.

    Returns the ordered units and, when a cycle blocks the order, the units left over.
    """
    unit_of: Dict[Tuple[str, str, str], _Unit] = {}
    for pair, sides in entries.items():
        for unit in _units_of(pair, sides, split):
            for side in (("supplier", "client") if unit.side == "both" else (unit.side,)):
                unit_of[(pair[0], pair[1], side)] = unit
    following: Dict[_Unit, List[_Unit]] = {u: [] for u in unit_of.values()}
    waiting: Dict[_Unit, int] = {u: 0 for u in unit_of.values()}
    for sequence in _declared_sequences(places, unit_of):
        for before, after in zip(sequence, sequence[1:]):
            following[before].append(after)
            waiting[after] += 1
    ready = [u for u, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: List[_Unit] = []
    while ready:
        unit = heapq.heappop(ready)
        order.append(unit)
        for after in following[unit]:
            waiting[after] -= 1
            if waiting[after] == 0:
                heapq.heappush(ready, after)
    stuck = sorted(u for u, count in waiting.items() if count > 0)
    return order, stuck


def _declared_sequences(places: Dict[Tuple[str, str, str], int],
                        unit_of: Dict[Tuple[str, str, str], _Unit]) -> List[List[_Unit]]:
    """Each team's ``clients`` and ``suppliers`` lists, as sequences of units, in declared order."""
    by_list: Dict[Tuple[str, str], List[Tuple[int, _Unit]]] = {}
    for (supplier, client, side), unit in unit_of.items():
        owner = supplier if side == "supplier" else client
        by_list.setdefault((owner, side), []).append((places[(supplier, client, side)], unit))
    return [[unit for _position, unit in sorted(items, key=lambda item: item[0])] for items in by_list.values()]


def _row(unit: _Unit, entries: _Entries) -> Row:
    sides = entries[(unit.supplier, unit.client)]
    entry: Optional[Declaration] = sides.get("client") if unit.side in ("client", "both") else sides["supplier"]
    assert entry is not None
    satisfaction = entry.satisfaction if unit.side != "supplier" else None
    return [unit.supplier, unit.client, unit.side, entry.what, satisfaction]
