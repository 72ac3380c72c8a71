"""An organisation declared in a spreadsheet: an .xlsx workbook or a folder of CSV files.

The content is FORMAT.md's, laid out as five tables (sheets, or files ``<name>.csv``):

- ``settings``: rows ``key | value``; the row ``org`` names the organisation (required),
  the other keys are FORMAT.md's settings;
- ``end_clients``: ``id | name | nps``;
- ``teams``: ``id | name | department | enps | reviewed``;
- ``members``: ``team | name | id | role``, one row per membership;
- ``links``: ``supplier | client | declared_by | what | satisfaction``, one row per link or
  per side: ``declared_by`` is ``supplier`` (the supplier lists the client), ``client``
  (the client lists the supplier, and may rate it), or ``both``; an empty cell means
  ``both`` (a link to an end client is always declared by the supplier).

Each cell is checked by the same :class:`~chainmap.load.fields.FieldReader` as YAML
values, so the rules and messages are the same; a problem points at ``file:sheet:row``
and its message names the column. Columns whose header starts with ``#`` are notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ..errors import LoadError, Problem
from ..i18n import _
from ..model import Declaration, EndClient, Member, Org, Settings, Source, Team
from .assemble import assemble
from .declarations import read_settings
from .fields import ID_PATTERN, MAX_ID_LENGTH, MAX_NAME_LENGTH, FieldReader, written_value
from .files import Limits
from .tables import Table, is_csv_folder, read_csv_folder
from .workbook_reader import read_workbook_tables
from .yaml_nodes import Node

__all__ = ["is_spreadsheet", "load_spreadsheet", "COLUMNS", "DECLARED_BY"]

COLUMNS: Dict[str, Dict[str, str]] = {
    "settings": {"key": "text", "value": "any"},
    "end_clients": {"id": "id", "name": "text", "nps": "int"},
    "teams": {"id": "id", "name": "text", "department": "text", "enps": "int", "reviewed": "date"},
    "members": {"team": "id", "name": "text", "id": "text", "role": "text"},
    "links": {"supplier": "id", "client": "id", "declared_by": "text", "what": "text", "satisfaction": "number"},
}
REQUIRED = {"settings": ("key", "value"), "end_clients": ("id",), "teams": ("id",),
            "members": ("team", "name"), "links": ("supplier", "client")}
DECLARED_BY = {"supplier": "supplier", "client": "client", "both": "both",
               "fournisseur": "supplier", "les deux": "both", "deux": "both"}


def is_spreadsheet(path: Path) -> bool:
    """True for an .xlsx file, or a folder of CSV tables (see :func:`is_csv_folder`)."""
    if path.is_dir():
        return is_csv_folder(path)
    return path.suffix.lower() in (".xlsx", ".xlsm")


def load_spreadsheet(path: Path, limits: Optional[Limits] = None) -> Org:
    """Load and check an organisation declared in a workbook or a CSV folder.

    Raises :class:`~chainmap.errors.LoadError` listing every problem, as :func:`chainmap.load`.
    """
    limits = limits or Limits()
    tables, problems = read_csv_folder(path, limits) if path.is_dir() else read_workbook_tables(path, limits)
    if problems:
        raise LoadError(problems)
    builder = _Builder(path, tables)
    org = builder.build()
    if builder.problems or org is None:
        raise LoadError(builder.problems or [Problem(str(path), None, _("the organisation could not be read"))])
    return org


_TEXT_KINDS = frozenset(("id", "text"))


def cell_node(value: Any, row: int, kind: str) -> Node:
    """A cell as the :class:`Node` the field readers check, typed as its column expects.

    A CSV cell is text: ``7,5`` in a number column is the number 7.5 (French decimal comma),
    ``2026-09-01`` in a date column a date. A workbook number in a text column (an id typed
    ``2024``) is read as the text shown.
    """
    if type(value) is str and kind in _TEXT_KINDS:  # most cells: read as written (written_value keeps a text as it is)
        if kind == "id":  # an id is never trimmed (FORMAT.md v1.1): FieldReader.identifier says so
            return Node(value, row, text=value)
        stripped = value.strip()
        return Node(stripped, row, text=stripped)
    if isinstance(value, float) and value.is_integer() and kind in ("id", "text", "int", "any"):
        value = int(value)
    written = value.strip() if isinstance(value, str) else None
    if isinstance(value, str) and kind != "id":  # an id is never trimmed (FORMAT.md v1.1): the reader says so
        value = written_value(value.strip(), kind)
    if isinstance(value, dt.datetime) and kind == "date":
        value = value.date()
    if written is None:
        written = value.isoformat() if isinstance(value, dt.date) else str(value)
    return Node(value, row, text=written)


class _Builder:
    """Turns the tables into declarations, checking each cell, then assembles the Org."""

    def __init__(self, path: Path, tables: Dict[str, Table]):
        self.path = path
        self.tables = tables
        self.readers: Dict[str, FieldReader] = {}
        self.problems: List[Problem] = []

    def build(self) -> Optional[Org]:
        for name in ("settings", "end_clients", "teams"):
            if name not in self.tables:
                self.problems.append(self._missing_table(name))
        if self.problems:
            return None
        for name, table in self.tables.items():
            self.readers[name] = FieldReader(table.where)
            self._check_columns(name, table)
        if self.problems:
            return None
        org_name, settings = self._settings()
        end_clients = self._end_clients()
        teams = self._teams()
        members = self._members(teams)
        clients, suppliers = self._links(teams, {c.id for c in end_clients})
        self._collect()
        if self.problems or org_name is None:
            return None
        declared = [Team(**{**fields, "members": tuple(members.get(team_id, ())),
                            "clients": tuple(clients.get(team_id, ())),
                            "suppliers": tuple(suppliers.get(team_id, ()))})
                    for team_id, fields in teams]
        org, more = assemble(org_name, end_clients, declared, settings, str(self.path))
        self.problems += more
        return org

    def _collect(self) -> None:
        for reader in self.readers.values():
            self.problems += reader.problems
            reader.problems = []

    def _missing_table(self, name: str) -> Problem:
        if self.path.is_dir():
            message = _("the file `{name}.csv` is missing from this folder: it is required (see `chainmap init --xlsx` for the layout)")
        else:
            message = _("the sheet `{name}` is missing from this workbook: it is required (see `chainmap init --xlsx` for the layout)")
        if name == "settings":
            message += _("; it holds at least the row `org` | the organisation's name")
        return Problem(str(self.path), None, message.format(name=name))

    def _check_columns(self, name: str, table: Table) -> None:
        reader = self.readers[name]
        allowed = list(COLUMNS[name])
        for column in table.columns:
            if column and not column.startswith("#") and column not in allowed:
                reader.unknown_key(1, column, _("the columns of `{sheet}`").format(sheet=name), allowed)
        for column in REQUIRED[name]:
            if table.rows and column not in table.columns:
                reader.problem(1, _("the column `{column}` is missing: add it to the first row").format(column=column))
        self._collect()

    def _cells(self, name: str) -> List[Tuple[int, Dict[str, Node]]]:
        """The rows of a table as typed nodes (an absent optional table has no rows)."""
        table = self.tables.get(name)
        if table is None:
            return []
        kinds = COLUMNS[name]
        return [(row, {k: cell_node(v, row, kinds[k]) for k, v in values.items() if k in kinds})
                for row, values in table.rows]

    def _settings(self) -> Tuple[Optional[str], Settings]:
        reader = self.readers["settings"]
        values: Dict[str, Node] = {}
        key_lines: Dict[str, int] = {}
        for row, cells in self._cells("settings"):
            key = reader.text(cells.get("key"), "key", required=True, line=row)
            if key is None:
                continue
            key = key.lower()
            if key in values:
                reader.problem(row, _("`{key}` is written twice in the `key` column (first on row {first}): keep only one").format(key=key, first=key_lines[key]))
                continue
            values[key], key_lines[key] = cells.get("value", Node(None, row)), row
        name_node = values.pop("org", None)
        key_lines.pop("org", None)
        name = reader.text(name_node, "org", required=True, line=1)
        if name_node is None:
            reader.problem(None, _("the row `org` | the organisation's name is missing: add it (column `key`: org, column `value`: the name)"))
        settings = read_settings(Node(values, 1, key_lines=key_lines), reader) if values else Settings()
        return name, settings

    def _end_clients(self) -> List[EndClient]:
        reader = self.readers["end_clients"]
        clients = []
        for row, cells in self._cells("end_clients"):
            identifier = reader.identifier(cells.get("id"), "id", line=row)
            name = reader.text(cells.get("name"), "name")
            nps = reader.integer(cells.get("nps"), "nps", -100, 100)
            if identifier is not None:
                clients.append(EndClient(identifier, name or identifier, nps, Source(reader.path, row)))
        if not clients and not reader.problems:
            reader.problem(None, _("no end client is listed: add at least one row (for example `patients` in the column `id`)"))
        return clients

    def _teams(self) -> List[Tuple[str, Dict[str, Any]]]:
        reader = self.readers["teams"]
        teams = []
        for row, cells in self._cells("teams"):
            identifier = reader.identifier(cells.get("id"), "id", line=row)
            if identifier is None:
                continue
            teams.append((identifier, {
                "id": identifier,
                "name": reader.text(cells.get("name"), "name") or identifier,
                "department": reader.text(cells.get("department"), "department"),
                "enps": reader.integer(cells.get("enps"), "enps", -100, 100),
                "reviewed": reader.date(cells.get("reviewed"), "reviewed"),
                "source": Source(reader.path, row),
            }))
        return teams

    def _members(self, teams: List[Tuple[str, Dict[str, Any]]]) -> Dict[str, List[Member]]:
        reader = self.readers.get("members")
        table = self.tables.get("members")
        known = {team_id for team_id, _fields in teams}
        members: Dict[str, List[Member]] = {}
        seen: Dict[Tuple[str, str], int] = {}
        for row, values in table.rows if table is not None else []:
            assert reader is not None
            plain = _plain_member(values)  # most rows: plainly right, read without nodes
            team: Optional[str]
            name: Optional[str]
            identifier: Optional[str]
            if plain is not None:
                team, name, identifier, role = plain
            else:
                cells = {k: cell_node(v, row, MEMBER_KINDS[k]) for k, v in values.items() if k in MEMBER_KINDS}
                team = reader.identifier(cells.get("team"), "team", line=row)
                name = reader.text(cells.get("name"), "name", required=True, line=row)
                identifier = reader.text(cells.get("id"), "id") or name
                role = _UNREAD
            if team is None or name is None or identifier is None:
                continue
            if team not in known:
                reader.problem(row, _("`{team}` (column `team`) is not in the teams sheet: add the team there, or correct the id").format(team=team))
            elif (team, identifier) in seen:
                reader.problem(row, _("`{worker}` is listed twice as a member of `{team}` (also on row {first}); if these are two people, give each an `id`").format(worker=identifier, team=team, first=seen[(team, identifier)]))
            else:
                seen[(team, identifier)] = row
                if role is _UNREAD:
                    role = reader.text(cells.get("role"), "role")
                members.setdefault(team, []).append(Member(identifier, name, role))
        return members

    def _links(self, teams: List[Tuple[str, Dict[str, Any]]], end_clients: set) -> Tuple[Dict[str, List[Declaration]], Dict[str, List[Declaration]]]:
        """Each row becomes the supplier's `clients` entry, the client's `suppliers` entry, or both."""
        reader = self.readers.get("links")
        known = {team_id for team_id, _fields in teams}
        lists: Tuple[Dict[str, List[Declaration]], Dict[str, List[Declaration]]] = ({}, {})
        seen: Dict[Tuple[str, str, str], int] = {}
        for row, cells in self._cells("links"):
            assert reader is not None
            link = _LinkRow(reader, row, cells, known, end_clients)
            for side, team, entry in link.declarations():
                key = (side, team, entry.id)
                if key in seen:
                    message = _("the link `{supplier}` → `{client}` is already declared by the {side} on row {first}: keep one row")
                    reader.problem(row, message.format(supplier=link.supplier, client=link.client, side=_side_name(side), first=seen[key]))
                    continue
                seen[key] = row
                lists[0 if side == "supplier" else 1].setdefault(team, []).append(entry)
        return lists


MEMBER_KINDS = COLUMNS["members"]
_UNREAD: Any = object()  # a member's role, read only once the member is known to be kept


def _plain_member(values: Dict[str, Any]) -> Optional[Tuple[str, str, str, Optional[str]]]:
    """A row of `members` as the field readers read it when every cell is plainly right
    (texts, an id of the id's characters); ``None``: read it with them, and their messages."""
    team, name, identifier, role = (values.get(key) for key in ("team", "name", "id", "role"))
    written_team = team
    team, name = _plain_text(team), _plain_text(name)
    if team is None or name is None or team != written_team or len(team) > MAX_ID_LENGTH or not ID_PATTERN.match(team):
        return None  # an id with spaces around it too: never trimmed, the field readers refuse it
    identifier = _plain_text(identifier) if identifier is not None else name
    role = _plain_text(role) if role is not None else None
    if identifier is None or (role is None and values.get("role") is not None):
        return None
    return team, name, identifier, role


def _plain_text(cell: Any) -> Optional[str]:
    """``FieldReader.text`` of a text cell that it takes without a problem; else ``None``."""
    if type(cell) is not str:
        return None
    text = cell.strip()
    return text if text and len(text) <= MAX_NAME_LENGTH and text.isprintable() else None


def _side_name(side: str) -> str:
    return _("supplier") if side == "supplier" else _("client")


class _LinkRow:
    """One row of the links table, checked: which sides declare it, with what."""

    def __init__(self, reader: FieldReader, row: int, cells: Dict[str, Node], teams: set, end_clients: set):
        self.reader, self.row, self.teams, self.end_clients = reader, row, teams, end_clients
        self.supplier = reader.identifier(cells.get("supplier"), "supplier", line=row)
        self.client = reader.identifier(cells.get("client"), "client", line=row)
        self.what = reader.text(cells.get("what"), "what")
        self.satisfaction = reader.number(cells.get("satisfaction"), "satisfaction", 0, 10)
        self.declared_by = self._declared_by(cells.get("declared_by"))

    def _declared_by(self, node: Optional[Node]) -> Optional[str]:
        written = self.reader.text(node, "declared_by")
        if written is None:
            return "supplier" if self.client in self.end_clients else "both"
        value = DECLARED_BY.get(written.lower())
        if value is None:
            self.reader.problem(self.row, _("`{value}` in the column `declared_by` should be `supplier`, `client` or `both` (or empty, meaning both)").format(value=written))
        return value

    def declarations(self) -> List[Tuple[str, str, Declaration]]:
        """``(side, team, entry)`` for each side that declares the link; problems recorded."""
        if self.supplier is None or self.client is None or self.declared_by is None or not self._valid():
            return []
        source = Source(self.reader.path, self.row)
        found = []
        if self.declared_by in ("supplier", "both") and self.supplier in self.teams:
            found.append(("supplier", self.supplier, Declaration(self.client, self.what, None, source)))
        if self.declared_by in ("client", "both") and self.client in self.teams:
            found.append(("client", self.client, Declaration(self.supplier, self.what, self.satisfaction, source)))
        if not found:
            self._no_declaring_team()
        return found

    def _valid(self) -> bool:
        problem = self.reader.problem
        if self.supplier == self.client:
            problem(self.row, _("`{id}` is both supplier and client: work within a team is not a link — remove this row").format(id=self.supplier))
        elif self.supplier in self.end_clients:
            problem(self.row, _("`{id}` (column `supplier`) is an end client: an end client can only be in the column `client`").format(id=self.supplier))
        elif self.client in self.end_clients and self.declared_by == "client":
            problem(self.row, _("`{id}` is an end client, and end clients do not declare links: write `supplier` in `declared_by`, or leave it empty").format(id=self.client))
        elif self.satisfaction is not None and (self.declared_by == "supplier" or self.client in self.end_clients):
            problem(self.row, _("`satisfaction` is the client's rating of its supplier, so it needs `client` or `both` in `declared_by` (and a team as client): a supplier never rates itself"))
        else:
            return True
        return False

    def _no_declaring_team(self) -> None:
        column = "supplier" if self.declared_by == "supplier" else "client"
        if self.declared_by == "both":
            message = _("neither `{supplier}` nor `{client}` is in the teams sheet: add them there, or correct the ids")
        else:
            message = _("`{id}` (column `{column}`) declares this link but is not in the teams sheet: add the team there, or correct the id")
        self.reader.problem(self.row, message.format(supplier=self.supplier, client=self.client,
                                                     id=getattr(self, column), column=column))
