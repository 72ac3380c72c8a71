"""The keys of FORMAT.md §1: ``org.yaml``, team declarations and their entries.

Each ``read_*`` function turns a :class:`Node` into a model object, checking the rules
that concern one declaration alone (keys, types, ranges, ids, no self link, no duplicate
in a list, satisfaction only on suppliers). Rules that need the whole organisation
(duplicate ids across files, unknown ids, end clients as suppliers) live in
:mod:`chainmap.load.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..i18n import _
from ..model import SETTINGS_KEYS, Declaration, EndClient, Member, Settings, Source, Team
from .fields import FieldReader, describe
from .yaml_nodes import Node

__all__ = ["OrgDeclaration", "read_org", "read_settings", "read_team", "ORG_KEYS", "TEAM_KEYS"]

ORG_KEYS = ("org", "end_clients", "settings", "teams")
TEAM_KEYS = ("id", "name", "department", "members", "enps", "reviewed", "clients", "suppliers")
END_CLIENT_KEYS = ("id", "name", "nps")
MEMBER_KEYS = ("name", "id", "role")
CLIENT_KEYS = ("id", "what")
SUPPLIER_KEYS = ("id", "what", "satisfaction")


@dataclass
class OrgDeclaration:
    """What ``org.yaml`` (or a single-file organisation) declares."""

    name: Optional[str]
    end_clients: List[EndClient] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    teams: List[Team] = field(default_factory=list)


def read_org(node: Optional[Node], reader: FieldReader) -> Optional[OrgDeclaration]:
    """Read ``org.yaml``: the organisation's name, end clients, settings and inline teams."""
    if node is None:
        reader.problem(None, _("this file is empty: org.yaml needs at least `org:` (the organisation's name) and `end_clients:`"))
        return None
    if isinstance(node.value, list):
        reader.problem(node.line, _("org.yaml holds a list, but it should be a block of keys: `org:`, `end_clients:`, and optionally `settings:` and `teams:`"))
        return None
    if isinstance(node.value, dict) and "id" in node.value and "org" not in node.value:
        reader.problem(node.line, _("this looks like a team declaration, but it is where org.yaml should be: org.yaml names the organisation (`org:`) and its end clients"))
        return None
    keys = reader.mapping(_name_written_as_org(node, reader), _("org.yaml"), ORG_KEYS)
    if keys is None:
        return None
    declaration = OrgDeclaration(name=reader.text(keys.get("org"), "org", required=True, line=node.line))
    declaration.end_clients = _read_end_clients(keys.get("end_clients"), reader, node.line)
    if "settings" in keys:
        declaration.settings = read_settings(keys["settings"], reader)
    for item in reader.sequence(keys.get("teams"), "teams"):
        team = read_team(item, reader)
        if team is not None:
            declaration.teams.append(team)
    return declaration


def _name_written_as_org(node: Node, reader: FieldReader) -> Node:
    """``node``, where the organisation's name written as a team's (``name:``, no ``org:``) is
    read as ``org:`` after one problem that says so: "unknown key `name`" followed by "`org` is
    required" would be two errors for one slip, neither saying what to write."""
    if not (isinstance(node.value, dict) and "name" in node.value and "org" not in node.value):
        return node
    written = node.value["name"]
    if not (isinstance(written.value, str) and written.value.strip()):
        return node  # no name to quote: "`org` is required" says what is missing
    message = _("in org.yaml the organisation's name is written `org:`, not `name:`: write `org: {name}`")
    reader.problem(node.key_line("name"), message.format(name=written.value.strip()))
    values = {("org" if key == "name" else key): value for key, value in node.value.items()}
    key_lines = {("org" if key == "name" else key): at for key, at in (node.key_lines or {}).items()}
    return Node(values, node.line, node.text, key_lines)


def _read_end_clients(node: Optional[Node], reader: FieldReader, line: int) -> List[EndClient]:
    items = reader.sequence(node, "end_clients")
    if not items:
        where = node.line if node is not None else line
        reader.problem(where, _("`end_clients` is required and must list at least one external client, e.g. `- id: patients`"))
    clients = []
    for item in items:
        if isinstance(item.value, (str, int)) and not isinstance(item.value, bool):
            identifier, name, nps = reader.identifier(item, "id"), None, None
        else:
            keys = reader.mapping(item, _("an end client"), END_CLIENT_KEYS)
            if keys is None:
                continue
            identifier = reader.identifier(keys.get("id"), "id", line=item.line)
            name = reader.text(keys.get("name"), "name")
            nps = reader.integer(keys.get("nps"), "nps", -100, 100)
        if identifier is not None:
            clients.append(EndClient(identifier, name or identifier, nps, Source(reader.path, item.line)))
    return clients


# FORMAT.md gives these settings a floor only; chainmap gives them a ceiling too, far above any
# use (no chain is longer than the organisation has teams; 10,000 years is the calendar's
# span), so that every number written back (JSON, a workbook's exact digits) is exact.
MOST_TEAMS = 1_000_000
MOST_DAYS = 3_650_000


def read_settings(node: Node, reader: FieldReader) -> Settings:
    """The ``settings`` of an organisation, each one checked; a missing one takes its default.

    Shared by both readers: ``settings:`` in org.yaml, and the `settings` sheet of a
    workbook (whose rows the spreadsheet reader turns into the same kind of node).
    """
    if node.value is None:
        return Settings()
    keys = reader.mapping(node, _("settings"), SETTINGS_KEYS)
    if keys is None:
        return Settings()
    defaults = Settings()
    values: Dict[str, Any] = {
        "min_satisfaction": reader.number(keys.get("min_satisfaction"), "min_satisfaction", 0, 10),
        "max_chain_length": reader.integer(keys.get("max_chain_length"), "max_chain_length", 1, MOST_TEAMS),
        "spof_min_teams": reader.integer(keys.get("spof_min_teams"), "spof_min_teams", 1, MOST_TEAMS),
        "stale_after_days": reader.integer(keys.get("stale_after_days"), "stale_after_days", 0, MOST_DAYS),
        "min_enps": reader.integer(keys.get("min_enps"), "min_enps", -100, 100),
    }
    return Settings(**{k: (v if v is not None else getattr(defaults, k)) for k, v in values.items()})


def read_team(node: Optional[Node], reader: FieldReader) -> Optional[Team]:
    """Read one team declaration (a team file, or an item of ``teams:`` in org.yaml)."""
    if node is None:
        reader.problem(None, _("this file is empty: a team file needs at least `id:` (and usually `name:`, `members:`, `clients:`, `suppliers:`)"))
        return None
    if isinstance(node.value, list):
        reader.problem(node.line, _("this file holds a list, but a team file declares one team as a block of keys (`id:`, `name:`, …); to declare several teams in one file, list them under `teams:` in org.yaml"))
        return None
    if isinstance(node.value, dict) and "org" in node.value and "id" not in node.value:
        reader.problem(node.line, _("this file looks like an org.yaml (it has `org:`), but team files hold one team: keep one org.yaml, at the top of the organisation's folder"))
        return None
    keys = reader.mapping(node, _("a team declaration"), TEAM_KEYS)
    if keys is None:
        return None
    identifier = reader.identifier(keys.get("id"), "id", line=node.line)
    # Without a valid id there is no team, but the rest is read all the same, so that every
    # problem of the file is listed at once rather than revealed one fix at a time.
    own_id = identifier or ""
    name = reader.text(keys.get("name"), "name")
    department = reader.text(keys.get("department"), "department")
    members = _read_members(keys.get("members"), reader)
    enps = reader.integer(keys.get("enps"), "enps", -100, 100)
    reviewed = reader.date(keys.get("reviewed"), "reviewed")
    clients = _read_links(keys.get("clients"), reader, own_id, "clients")
    suppliers = _read_links(keys.get("suppliers"), reader, own_id, "suppliers")
    if identifier is None:
        return None
    return Team(id=identifier, name=name or identifier, department=department, members=members,
                enps=enps, reviewed=reviewed, clients=clients, suppliers=suppliers,
                source=Source(reader.path, node.line))


def _read_members(node: Optional[Node], reader: FieldReader) -> Tuple[Member, ...]:
    members: List[Member] = []
    seen: Dict[str, int] = {}
    for item in reader.sequence(node, "members"):
        member = _read_member(item, reader)
        if member is None:
            continue
        if member.id in seen:
            reader.problem(item.line, _("`{worker}` is listed twice in this team's members (also on line {line}); if these are two people, give each an `id`").format(worker=member.id, line=seen[member.id]))
            continue
        seen[member.id] = item.line
        members.append(member)
    return tuple(members)


def _read_member(item: Node, reader: FieldReader) -> Optional[Member]:
    if not isinstance(item.value, dict):
        name = reader.text(item, "members")
        return Member(name, name) if name else None
    keys = reader.mapping(item, _("a member"), MEMBER_KEYS)
    if keys is None:
        return None
    name = reader.text(keys.get("name"), "name", required=True, line=item.line)
    identifier = reader.text(keys.get("id"), "id") or name
    role = reader.text(keys.get("role"), "role")
    return Member(identifier, name, role) if name and identifier else None


def _read_links(node: Optional[Node], reader: FieldReader, team_id: str, key: str) -> Tuple[Declaration, ...]:
    declarations: List[Declaration] = []
    seen: Dict[str, int] = {}
    for item in reader.sequence(node, key):
        declaration = _read_link(item, reader, key)
        if declaration is None:
            continue
        if declaration.id == team_id:
            reader.problem(item.line, _("the team lists itself in its own `{key}`: remove this line (work within a team is not a link)").format(key=key))
        elif declaration.id in seen:
            reader.problem(item.line, _("`{id}` is listed twice in `{key}` (also on line {line}): keep one entry").format(id=declaration.id, key=key, line=seen[declaration.id]))
        else:
            seen[declaration.id] = item.line
            declarations.append(declaration)
    return tuple(declarations)


def _read_link(item: Node, reader: FieldReader, key: str) -> Optional[Declaration]:
    source = Source(reader.path, item.line)
    if not isinstance(item.value, dict):
        if isinstance(item.value, list):
            reader.problem(item.line, _("an entry of `{key}` should be an id or a block with `id:`, not {found}").format(key=key, found=describe(item)))
            return None
        identifier = reader.identifier(item, key)
        return Declaration(identifier, source=source) if identifier else None
    allowed = SUPPLIER_KEYS if key == "suppliers" else CLIENT_KEYS
    if key == "clients" and "satisfaction" in item.value:
        reader.problem(item.key_line("satisfaction"), _("`satisfaction` is not allowed in `clients`: a client rates its supplier, never the reverse — ask this client to rate you in its own `suppliers` list"))
        allowed = SUPPLIER_KEYS
    keys = reader.mapping(item, _("an entry of `{key}`").format(key=key), allowed)
    if keys is None:
        return None
    identifier = reader.identifier(keys.get("id"), "id", line=item.line)
    what = reader.text(keys.get("what"), "what")
    satisfaction = reader.number(keys.get("satisfaction"), "satisfaction", 0, 10) if key == "suppliers" else None
    return Declaration(identifier, what, satisfaction, source) if identifier else None
