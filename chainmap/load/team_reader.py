"""A team file read straight into its :class:`~chainmap.model.Team`, when it is plainly right.

Why: after the fast YAML reader (:mod:`chainmap.load.fast_yaml`), the cost of a cold run
was building a tree of nodes for every value and walking it again, field by field, in
:func:`~chainmap.load.declarations.read_team`: Python calls on every line of every file.
A team file has one shape (FORMAT.md §1), so this reader goes through its lines once
and builds the team as it goes.

It only ever answers for a file that today's path reads *without a single problem*, and
then with the very same team; anything else — a key it does not expect, a value that is
not plainly right, a layout outside the usual one (see :mod:`chainmap.load.fast_yaml` for
the YAML it knows) — makes it answer ``UNSURE``, and the file takes today's path, which
finds and words every problem. Each check below is the one of
:class:`~chainmap.load.fields.FieldReader` for a value that passes it; the differential
tests (tests/test_team_reader.py) hold the two paths to the same teams.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import chain
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ..model import Declaration, Member, Source, Team
from .columns import made
from .declarations import CLIENT_KEYS, MEMBER_KEYS, SUPPLIER_KEYS, TEAM_KEYS
from .fast_yaml import (
    GIVE_UP,
    LINES,
    MARKER,
    NO_PLAIN_START,
    TYPED_START,
    UNSURE,
    GiveUp,
    flow_sequence,
    scalar_written,
)
from .fields import ID_PATTERN, MAX_ID_LENGTH, MAX_NAME_LENGTH

__all__ = ["read_team_text"]

LIST_KEYS = ("members", "clients", "suppliers")
# One entry of a list: its line, and its value (a scalar) or its keys (a block of them).
Entry = Tuple[int, Any, Optional[Dict[str, Any]]]


def read_team_text(text: str, path: str) -> Any:
    """The team that ``text`` declares, or ``UNSURE`` (then read it with today's path).

    >>> read_team_text("id: paie\\nmembers: [Ann]\\nclients: [rh]\\n", "paie.yaml").clients[0]
    Declaration(id='rh', what=None, satisfaction=None, source=Source(path='paie.yaml', line=3))
    >>> read_team_text("id: paie\\nclient: [rh]\\n", "paie.yaml")
    UNSURE
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if GIVE_UP.search(text) or MARKER.search(text):
        return UNSURE
    team = _with_usual_members(text, path)
    return team if team is not None else _line_by_line(text, path)


def _line_by_line(text: str, path: str) -> Any:
    """The team read one line at a time, or ``UNSURE``."""
    try:
        first_line, values, lists = _read_lines(enumerate(LINES.findall(text), 1))
        return _team(first_line, values, lists, path)
    except GiveUp:
        return UNSURE


def _with_usual_members(text: str, path: str) -> Optional[Team]:
    """The team, its members read as one block (:func:`_usual_members`) and its other lines one
    at a time; ``None`` at any doubt (then :func:`_line_by_line` reads the whole file)."""
    try:
        found = _usual_members(text)
        if found is None:
            return None
        members, start, end = found
        # the lines up to `members:`, then those after the block, numbered as in the file
        after = text.count("\n", 0, end) + 1
        numbered = chain(enumerate(LINES.findall(text, 0, start - 1), 1), enumerate(LINES.findall(text, end), after))
        first_line, values, lists = _read_lines(numbered)
        if values.get("members") != []:
            raise GiveUp
        return _team(first_line, values, lists, path, members)
    except GiveUp:
        return None


def _read_lines(lines: Iterable[Tuple[int, Tuple[str, str, str, str]]]) -> Tuple[int, Dict[str, Any], Dict[str, List[Entry]]]:
    """The top-level scalars and the three lists, as written, from the numbered lines; GiveUp
    on any other layout."""
    values: Dict[str, Any] = {}
    lists: Dict[str, List[Entry]] = {}
    first_line = 0
    entries: Optional[List[Entry]] = None  # the list being read
    dash_column = -1  # the column of its dashes, once the first one is met
    item: Optional[Dict[str, Any]] = None  # the block of keys of the entry being read
    item_column = -1
    for number, (indent, dash, key, rest) in lines:
        if not dash and not key:
            if rest and rest[0] != "#":
                raise GiveUp
            continue  # a blank line or a comment
        column = len(indent)
        if column == 0 and not dash:  # a key of the team
            if key in values or key not in TEAM_KEYS:
                raise GiveUp
            first_line = first_line or number
            entries, item = None, None
            if rest and rest[0] != "#":
                values[key] = _list_written_inline(rest, number) if key in LIST_KEYS else _value(rest)
            elif key in LIST_KEYS:
                values[key] = entries = lists[key] = []
                dash_column = -1
            else:
                values[key] = None
        elif dash:
            if entries is None or (dash_column >= 0 and column != dash_column):
                raise GiveUp
            dash_column = column
            if key:
                item, item_column = {}, column + len(dash)
                entries.append((number, None, item))
                if not rest or rest[0] == "#":
                    raise GiveUp  # an empty value in an entry: today's path says whether it is allowed
                item[key] = _value(rest)
            elif rest:
                item = None
                entries.append((number, _value(rest), None))
            else:
                raise GiveUp  # `-` alone: its value is below it
        elif item is not None and column == item_column and key not in item and rest and rest[0] != "#":
            item[key] = _value(rest)
        else:
            raise GiveUp
    return first_line, values, lists


def _value(rest: str) -> Any:
    """A one-line scalar's value: a text in double quotes and a plain word that no YAML rule
    reads otherwise (most values) without a further call; else :func:`scalar_written`."""
    first = rest[0]
    if first == '"':
        if rest[-1] == '"' and rest.count('"') == 2 and "\\" not in rest:
            return rest[1:-1]
    elif first not in _SPECIAL_START and rest[-1] not in " :" and " #" not in rest and ": " not in rest:
        return rest
    return scalar_written(rest)[0]


_SPECIAL_START = NO_PLAIN_START | TYPED_START | frozenset("-?:")


def _list_written_inline(rest: str, line: int) -> List[Entry]:
    """``[]`` or ``[a, b]`` after a list's key."""
    if rest[0] != "[":
        raise GiveUp
    items = flow_sequence(rest, line).value
    assert isinstance(items, list)
    return [(line, node.value, None) for node in items]


def _team(line: int, values: Dict[str, Any], lists: Dict[str, List[Entry]], path: str,
          members: Optional[Tuple[Member, ...]] = None) -> Team:
    identifier = _identifier(values.get("id"))
    if members is None:
        members = _members(values.get("members"))
    clients = _links(values.get("clients"), identifier, CLIENT_KEYS, path)
    suppliers = _links(values.get("suppliers"), identifier, SUPPLIER_KEYS, path)
    enps = values.get("enps")
    if enps is not None and (type(enps) is not int or not -100 <= enps <= 100):
        raise GiveUp
    reviewed = values.get("reviewed")
    if reviewed is not None and type(reviewed) is not dt.date:
        raise GiveUp
    return Team(id=identifier, name=_text(values.get("name")) or identifier, department=_text(values.get("department")),
                members=members, enps=enps, reviewed=reviewed, clients=clients, suppliers=suppliers,
                source=Source(path, line))


def _text(value: Any) -> Optional[str]:
    """FieldReader.text for a value it takes without a problem: a printable text, stripped."""
    if value is None:
        return None
    if type(value) is not str or len(value) > MAX_NAME_LENGTH:
        raise GiveUp
    stripped = value.strip()
    if not stripped:
        return None
    if not stripped.isprintable():
        raise GiveUp
    return stripped


def _usual(value: Any) -> bool:
    """Whether :func:`_text` gives ``value`` back as it is (a short printable text, trimmed)."""
    return type(value) is str and 0 < len(value) <= MAX_NAME_LENGTH and value.isprintable() and value == value.strip()


def _required_text(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise GiveUp
    return text


def _identifier(value: Any) -> str:
    text = _required_text(value)
    if text != value or len(text) > MAX_ID_LENGTH or not ID_PATTERN.match(text):
        raise GiveUp  # an id with spaces around it (`"a "`) is refused, never trimmed (FORMAT.md v1.1)
    return text


def _members(entries: Any) -> Tuple[Member, ...]:
    if entries is None:
        return ()
    members = []
    seen = set()
    for _line, value, keys in entries:
        if keys is None:
            name = _required_text(value)
            member = Member(name, name)
        else:
            if not MEMBER_KEYS_SET.issuperset(keys):
                raise GiveUp
            name = _required_text(keys.get("name"))
            identifier, role = keys.get("id"), keys.get("role")
            member = Member((identifier if _usual(identifier) else _text(identifier)) or name, name,
                            role if role is None or _usual(role) else _text(role))
        if member.id in seen:
            raise GiveUp
        seen.add(member.id)
        members.append(member)
    return tuple(members)


MEMBER_KEYS_SET = frozenset(MEMBER_KEYS)

# Members as `chainmap generate`, the workbook converter and most people write them, one
# block after ``members:`` at the start of a line, each entry in the same column:
#       - name: "Alice Petit"
#         id: p0953987
#         role: responsable
# Why: members are nine lines in ten of a large organisation's files, and the line loop
# (:func:`_read_lines`, then :func:`_members`) costs a few Python calls per line; these
# expressions find and read the whole block at C speed. A name is in double quotes, without
# an escape or a space at either end; an id or a role is a plain word that :func:`_value`
# gives back as written (no character that YAML reads otherwise, no space, no colon).
_WORD = "[^" + re.escape("".join(sorted(_SPECIAL_START))) + r"\s#:][^\s#:]*"
_ENTRY = (r'- name: "([^"\\\s](?:[^"\\\n]*[^"\\\s])?)"\n'
          r"(?:{indent}  id: (" + _WORD + r")\n)?(?:{indent}  role: (" + _WORD + r")\n)?")
# the block: its indent (group 1), its entries (group 2), then a key of the team or the end
_MEMBER_BLOCK = re.compile(r"^members:\n(?=( *)- )((?:\1" + _ENTRY.replace("{indent}", r"\1") + r")+)(?=[A-Za-z_]|\Z)", re.MULTILINE)
_ENTRIES: Dict[str, re.Pattern[str]] = {}  # an entry, for each indent met


def _usual_members(text: str) -> Optional[Tuple[Tuple[Member, ...], int, int]]:
    """The members of ``text`` if they are written as one usual block, and where that block
    starts and ends; ``None`` otherwise. GiveUp on a value the line loop would not take as
    it is (too long, not printable) or an id given twice: the line loop gives up on them too."""
    block = _MEMBER_BLOCK.search(text)
    if block is None:
        return None
    indent = block.group(1)
    entries = _ENTRIES.get(indent)
    if entries is None:
        entries = _ENTRIES[indent] = re.compile(re.escape(indent) + _ENTRY.replace("{indent}", re.escape(indent)))
    start, end = block.span(2)
    rows = entries.findall(text, start, end)
    if not "".join(text[start:end].split("\n")).isprintable() or max(map(len, chain.from_iterable(rows))) > MAX_NAME_LENGTH:
        raise GiveUp
    ids = [identifier or name for name, identifier, _role in rows]
    if len(set(ids)) != len(ids):
        raise GiveUp
    # made field by field for all of them at once (chainmap.load.columns), not one call each
    return tuple(made(Member, ids, [row[0] for row in rows], [row[2] or None for row in rows])), start, end


LINK_KEYS = {CLIENT_KEYS: frozenset(CLIENT_KEYS), SUPPLIER_KEYS: frozenset(SUPPLIER_KEYS)}


def _links(entries: Any, team: str, allowed: Tuple[str, ...], path: str) -> Tuple[Declaration, ...]:
    if entries is None:
        return ()
    declarations = []
    seen = {team}  # the team itself is no link: today's path says so
    for line, value, keys in entries:
        if keys is None:
            declaration = Declaration(_identifier(value), source=Source(path, line))
        else:
            if not LINK_KEYS[allowed].issuperset(keys):
                raise GiveUp
            satisfaction = keys.get("satisfaction")
            if satisfaction is not None and (type(satisfaction) not in (int, float) or not 0 <= satisfaction <= 10):
                raise GiveUp  # NaN fails the range too
            declaration = Declaration(_identifier(keys.get("id")), _text(keys.get("what")), satisfaction, Source(path, line))
        if declaration.id in seen:
            raise GiveUp
        seen.add(declaration.id)
        declarations.append(declaration)
    return tuple(declarations)
