"""A fast reader for the plain YAML that declarations are written in, PyYAML as the judge.

Why: parsing was nine tenths of a cold run on a large organisation, and most of PyYAML's
time goes to its general machinery (events, nodes, a call back into Python for every
value), not to the few shapes a declaration uses. This reader knows only those shapes:

- block mappings (``key: value``, a key a plain word) and block sequences (``- item``,
  indented under their key or not);
- single-line scalars: plain, ``"double-quoted"`` without a backslash, ``'single-quoted'``;
- comments, blank lines, a BOM (decoding drops it) and Windows line ends.

Anything else — flow ``[…]``/``{…}``, block scalars ``|``/``>``, a value on several lines,
an anchor, alias or tag, an escape, a tab, a control character, a document marker, a
repeated key, a line it cannot place — makes it answer :data:`UNSURE`, and the file is
parsed by :func:`~chainmap.load.yaml_nodes.parse_yaml`, exactly as before. So every
problem, and every message, still comes from today's path: this reader never reports
one. Plain scalars are typed by PyYAML's own resolver and constructors (YAML 1.1: ``8``,
``7.5``, ``yes``, ``~``, ``2026-09-01``…), so a value reads the same either way; the
differential tests (tests/test_fast_yaml.py) hold it to the same :class:`Node` trees.
"""

from __future__ import annotations

import os
import re
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

from .yaml_nodes import Loader, Node, parse_yaml, scalar_value

__all__ = ["UNSURE", "GiveUp", "fast_parse", "parse_declaration", "fast_path_enabled", "plain_value", "scalar_written"]


class _Unsure:
    """The answer of a reader that cannot read a text with certainty."""

    def __repr__(self) -> str:
        return "UNSURE"


UNSURE: Any = _Unsure()
ENVIRONMENT_SWITCH = "CHAINMAP_FAST_READERS"  # "0": every file through PyYAML and openpyxl (to compare, or rule them out)


def fast_path_enabled() -> bool:
    """Whether the fast readers are tried first (``CHAINMAP_FAST_READERS=0`` turns them off:
    YAML through PyYAML alone, workbooks through openpyxl alone)."""
    return os.environ.get(ENVIRONMENT_SWITCH, "1") != "0"


def parse_declaration(text: str) -> Optional[Node]:
    """:func:`~chainmap.load.yaml_nodes.parse_yaml`'s answer, by the fast reader when it is sure.

    Raises :class:`~chainmap.load.yaml_nodes.YamlProblem` as ``parse_yaml`` does (only
    ``parse_yaml`` ever raises it).

    >>> parse_declaration("id: a\\nenps: 12").value["enps"].value
    12
    """
    if fast_path_enabled():
        node = fast_parse(text)
        if node is not UNSURE:
            return node
    return parse_yaml(text)


# Characters after which this reader gives up on the whole text: a tab (YAML's own rules on
# them are subtle), control characters and line separators (parse_yaml names them), a BOM
# inside the text, a backslash (an escape in double quotes), flow brackets, anchors,
# aliases, tags and block-scalar indicators are handled line by line below.
GIVE_UP = re.compile("[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff]")
# [indent][- ...][key: ]rest — the only line shapes a declaration needs
LINES = re.compile(r"^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)
MARKER = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)  # documents and directives
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
NO_PLAIN_START = frozenset("[]{}#&*!|>'\"%@`,")
_INDICATOR_THEN_SPACE = frozenset("-?:")
TYPED_START = frozenset(first for first in Loader._implicit)  # a plain word starting otherwise is text
_STR_TAG = "tag:yaml.org,2002:str"
_TYPED_KINDS = frozenset(("null", "bool", "int", "float", "timestamp"))
MOST_DEPTH = 12  # deeper than any declaration: parse_yaml decides (and refuses beyond its MAX_DEPTH)


class GiveUp(Exception):
    """Raised inside the reader when the text is outside what it knows."""


def fast_parse(text: str) -> Union[Node, Any]:
    """The text's :class:`Node` tree, or :data:`UNSURE` when this reader cannot be certain.

    >>> fast_parse("id: a\\nmembers:\\n- Ann  # lead\\n").value["members"].value[0].value
    'Ann'
    >>> fast_parse("members: {Ann: lead}")
    UNSURE
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # Windows line ends: one line break, as YAML reads them
    if GIVE_UP.search(text) or text.startswith(("---", "...", "%")) or MARKER.search(text):
        return UNSURE
    try:
        return _Builder().build(LINES.findall(text))
    except GiveUp:
        return UNSURE


class _Builder:
    """Builds the tree in one pass over the lines, with a stack of the open blocks.

    A block is ``[column, values, key_lines]``: a mapping's dict and its keys' lines, or a
    sequence's list (``key_lines`` None). A key with nothing after its colon is *pending*
    until the next line says what it holds: an indented block, a list at the key's own
    column, or nothing (null, on the key's line, where PyYAML puts it).
    """

    def __init__(self) -> None:
        self.stack: List[List[Any]] = []
        self.pending: Optional[Tuple[Dict[str, Node], Dict[str, int], str, int, int]] = None
        self.root: Optional[Node] = None

    def build(self, lines: List[Tuple[str, str, str, str]]) -> Union[Node, Any]:
        for number, (indent, dash, key, rest) in enumerate(lines, 1):
            if not (dash or key) and (not rest or rest[0] == "#"):
                continue  # blank or comment
            column = len(indent)
            if self.pending is not None:
                self._settle(column, bool(dash))
            if dash:
                self._item(column, number)
                column += len(dash)
                if not key:
                    if not rest:
                        raise GiveUp  # `-` alone on its line: its value is below it
                    self.stack[-1][1].append(_scalar(rest, number))
                    continue
                self._open(column, number, True)
            elif key:
                self._key_at(column, number)
            else:
                raise GiveUp  # a line that is neither an item nor a key
            self._set(key, rest, column, number)
        if self.pending is not None:
            self._settle(-1, False)
        return self.root if self.root is not None else UNSURE  # nothing at all: parse_yaml says what

    def _set(self, key: str, rest: str, column: int, number: int) -> None:
        """``key: rest`` in the mapping on top of the stack."""
        values, key_lines = self.stack[-1][1], self.stack[-1][2]
        if key in values:
            raise GiveUp  # a key written twice: parse_yaml names both lines
        key_lines[key] = number
        if rest and rest[0] != "#":
            values[key] = _scalar(rest, number)
        else:
            values[key] = None  # held by the pending key until the next line
            self.pending = (values, key_lines, key, number, column)

    def _settle(self, column: int, dash: bool) -> None:
        """The pending key's value, now that the next line (at ``column``) is known."""
        values, _key_lines, key, number, key_column = self.pending  # type: ignore[misc]
        self.pending = None
        if column > key_column or (column == key_column and dash):
            self.stack.append([key_column, values, key])  # marks where the block goes
        else:
            values[key] = Node(None, number, text="")

    def _open(self, column: int, number: int, mapping: bool) -> None:
        """A new block at ``column``: the root, an item's mapping, or a pending key's value."""
        if len(self.stack) >= MOST_DEPTH:
            raise GiveUp
        node = Node({}, number, key_lines={}) if mapping else Node([], number)
        block = [column, node.value, node.key_lines]
        stack = self.stack
        if not stack:
            self.root = node
        elif type(stack[-1][2]) is str:  # a pending key's place: the block is its value
            place = stack.pop()
            place[1][place[2]] = node
        else:
            stack[-1][1].append(node)  # an item's mapping
        stack.append(block)

    def _item(self, column: int, number: int) -> None:
        """A ``- `` at ``column``: the next item of the sequence there, or a new sequence."""
        stack = self._close_beyond(column)
        if stack and type(stack[-1][2]) is str:
            self._open(column, number, False)
        elif not stack:
            if self.root is not None:
                raise GiveUp
            self._open(column, number, False)
        elif stack[-1][0] != column or stack[-1][2] is not None:
            raise GiveUp  # not where a list of this column can be

    def _key_at(self, column: int, number: int) -> None:
        """A ``key:`` at ``column``: the next key of the mapping there, or a new mapping."""
        stack = self._close_beyond(column)
        if stack and stack[-1][2] is None and stack[-1][0] == column:
            stack.pop()  # a list at the key's column (not indented under its key) ends here
        if stack and type(stack[-1][2]) is str:
            if column <= stack[-1][0]:
                raise GiveUp
            self._open(column, number, True)
        elif not stack:
            if self.root is not None:
                raise GiveUp
            self._open(column, number, True)
        elif stack[-1][0] != column or stack[-1][2] is None:
            raise GiveUp

    def _close_beyond(self, column: int) -> List[List[Any]]:
        """The stack, without the blocks that end before a line at ``column``."""
        stack = self.stack
        while stack and stack[-1][0] > column and type(stack[-1][2]) is not str:
            stack.pop()
        return stack


def _scalar(written: str, line: int) -> Node:
    """A one-line scalar as PyYAML reads it (``written`` starts where the value does)."""
    first = written[0]
    if first == "[":
        return flow_sequence(written, line)
    if written == "{}":
        return Node({}, line, key_lines={})
    value, text = scalar_written(written)
    return Node(value, line, text=text)


def plain_value(written: str) -> Any:
    """The value of a one-line scalar (a list or block raises :class:`GiveUp`)."""
    return scalar_written(written)[0]


def scalar_written(written: str) -> Tuple[Any, str]:
    """A one-line scalar's value as PyYAML reads it, and the text it is written as."""
    first = written[0]
    if first == '"':
        if written[-1] == '"' and written.count('"') == 2 and "\\" not in written:
            return written[1:-1], written[1:-1]  # the usual case, without a regex
        found = _DOUBLE.match(written)
        if found is None:
            raise GiveUp
        return found.group(1), found.group(1)
    if first == "'":
        found = _SINGLE.match(written)
        if found is None:
            raise GiveUp
        value = found.group(1).replace("''", "'")
        return value, value
    if " #" in written:
        written = written[:written.index(" #")]
    value = written.rstrip(" ")
    if (first in NO_PLAIN_START or ": " in value or value[-1] == ":"
            or (first in _INDICATOR_THEN_SPACE and (len(value) == 1 or value[1] == " "))):
        raise GiveUp
    if first not in TYPED_START:
        return value, value
    return _typed(value), value


def flow_sequence(written: str, line: int) -> Node:
    """``[a, b c, 8]`` on one line: plain words only (quotes, brackets, colons: parse_yaml)."""
    if " #" in written:
        written = written[:written.index(" #")]
    written = written.rstrip(" ")
    if written[-1] != "]" or _NOT_IN_FLOW.search(written, 1, len(written) - 1):
        raise GiveUp
    inner = written[1:-1]
    if not inner:
        return Node([], line)
    items = []
    for item in inner.split(","):
        value = item.strip(" ")
        if not value or (value[0] in _INDICATOR_THEN_SPACE and (len(value) == 1 or value[1] == " ")):
            raise GiveUp  # an empty item, or an indicator: PyYAML's rules are subtle there
        items.append(Node(_typed(value) if value[0] in TYPED_START else value, line, text=value))
    return Node(items, line)


_NOT_IN_FLOW = re.compile(r"[\[\]{}#&*!|>'\"%@`:]")


def _typed(value: str) -> Any:
    """A plain scalar that PyYAML's resolver may read as a number, a date, yes/no or null.

    The same few words recur in every file (scores, dates, yes/no), and PyYAML's
    constructors are slow: each answer is kept (the values are immutable).
    """
    known = _TYPED.get(value, _TYPED)
    if known is not _TYPED:
        return known
    tag = Loader.implicit_tag(value)
    if tag == _STR_TAG:
        typed: Any = value
    elif tag.rsplit(":", 1)[-1] not in _TYPED_KINDS:
        raise GiveUp  # `=` and the like: parse_yaml says what it makes of them
    else:
        typed = scalar_value(yaml.ScalarNode(tag, value), 0)  # the line is for a refused tag: none here
    if len(value) <= 24 and len(_TYPED) < 16384:
        _TYPED[value] = typed
    return typed


_TYPED: Dict[str, Any] = {}
