"""Parse YAML safely into a tree of :class:`Node` that remembers every value's line.

Why not ``yaml.safe_load``: line numbers are lost, and an *alias bomb* (a few lines of
``&a``/``*a`` that expand to billions of values) loads instantly as shared references
and then explodes in whoever walks it. Here the document is composed with PyYAML's C
loader when available (fast, no recursion limit), then walked once: a node met twice
is an alias, refused with a clear message; nesting deeper than any declaration needs is
refused too. Time and memory stay linear in the file's size.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

from ..i18n import _
from ..names import nfc

__all__ = ["Node", "YamlProblem", "parse_yaml", "scalar_value", "MAX_DEPTH"]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


class Loader(_BaseLoader):  # type: ignore[valid-type, misc]
    """PyYAML's safe loader with a faster tag resolver (same answers).

    The C parser calls back into Python's resolver for every value; with no path
    resolvers registered (the safe loader has none) most of that work can be skipped, and
    the implicit resolvers are looked up once per first character. A third of the parse
    time of a large organisation went there.
    """

    _implicit = {first: tuple(resolvers) + tuple(_BaseLoader.yaml_implicit_resolvers.get(None, []))
                 for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items() if first is not None}
    _wildcard = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, []))

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    _short_plain: Dict[str, str] = {}  # keys and short words recur in every file: resolved once

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                known = self._short_plain.get(value)
                if known is not None:
                    return known
                tag = self.implicit_tag(value)
                if len(value) <= 16 and len(self._short_plain) < 4096:
                    self._short_plain[value] = tag
                return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    @classmethod
    def implicit_tag(cls, value: str) -> str:
        """The tag PyYAML's resolver gives a plain scalar (the fast reader asks it too)."""
        for tag, regexp in cls._implicit.get(value[:1], cls._wildcard):
            if regexp.match(value):
                return tag
        return cls.DEFAULT_SCALAR_TAG


assert not Loader.yaml_path_resolvers, "the fast resolver assumes no path resolvers"
MAX_DEPTH = 32
_BRACKETS_WITHOUT_CHECK = 1000  # fewer cannot nest deep enough to hurt the composer

Value = Union[Dict[str, "Node"], List["Node"], str, int, float, bool, None, dt.date]


@dataclass
class Node:
    """A YAML value with the 1-based line it starts on.

    ``value`` is a ``dict`` of :class:`Node` (keys are the text written), a ``list`` of
    :class:`Node`, or a scalar. ``text`` is the scalar as written, so that an id or a name
    typed as ``2024`` or ``yes`` can be read as the text the user meant.
    """

    value: Value
    line: int
    text: Optional[str] = None
    key_lines: Optional[Dict[str, int]] = None

    def key_line(self, key: str) -> int:
        """The line where ``key`` of this mapping is written."""
        return (self.key_lines or {}).get(key, self.line)


class YamlProblem(Exception):
    """The text is not YAML chainmap can read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str) -> Optional[Node]:
    """Parse one YAML document into a :class:`Node` tree (``None`` for an empty document).

    >>> parse_yaml("id: a\\nmembers: [Ann]").value["members"].value[0].value
    'Ann'
    >>> parse_yaml("a: &x [1]\\nb: *x")
    Traceback (most recent call last):
    ...
    chainmap.load.yaml_nodes.YamlProblem: anchors and aliases (& and *) are not allowed in declarations: write the value out in full
    """
    _refuse_control_characters(text)
    _refuse_deep_flow_nesting(text)
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, text) from None
    except yaml.YAMLError as error:  # the reader's own checks, should the one above miss
        raise YamlProblem(1, _("the file is not readable as YAML text ({detail})").format(detail=error)) from None
    if root is None:
        return None
    return _Walker(may_alias="*" in text).walk(root, 1)


class _Walker:
    """Turns composed nodes into :class:`Node`, refusing aliases and runaway nesting.

    A walk visits each value of every file, so the usual cases go first: a text with no
    ``*`` holds no alias, and needs no record of the nodes seen; a plain text value is
    made where it is met, without a call of its own (benchmarks/RESULTS.md).
    """

    def __init__(self, may_alias: bool = True) -> None:
        self.seen: Optional[set] = set() if may_alias else None

    def walk(self, node: yaml.Node, depth: int) -> Node:
        line = node.start_mark.line + 1
        if self.seen is not None:
            if id(node) in self.seen:
                raise YamlProblem(line, _("anchors and aliases (& and *) are not allowed in declarations: write the value out in full"))
            self.seen.add(id(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise YamlProblem(line, _("YAML tags such as `{tag}` are not used in declarations: remove it").format(tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
        if depth > MAX_DEPTH:
            raise YamlProblem(line, _("values are nested more than {depth} levels deep: a declaration never needs that").format(depth=MAX_DEPTH))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, depth)
        if isinstance(node, yaml.SequenceNode):
            return Node([self._child(item, depth + 1) for item in node.value], line)
        return Node(scalar_value(node, line), line, text=str(node.value))

    def _child(self, node: yaml.Node, depth: int) -> Node:
        """:meth:`walk`, with a plain text value (most of them) made here."""
        if self.seen is None and depth <= MAX_DEPTH and type(node) is yaml.ScalarNode and node.tag == _STR_TAG:
            return Node(nfc(node.value), node.start_mark.line + 1, text=node.value)
        return self.walk(node, depth)

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> Node:
        values: Dict[str, Node] = {}
        key_lines: Dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_line, _("a key must be a plain word such as `id` or `name`"))
            key = str(key_node.value)
            if key == "<<":
                raise YamlProblem(key_line, _("merge keys (<<) are not allowed in declarations: write the keys out in full"))
            if key in values:
                raise YamlProblem(key_line, _("`{key}` is written twice in the same block (first on line {first}): keep only one").format(key=key, first=key_lines[key]))
            values[key] = self._child(value_node, depth + 1)
            key_lines[key] = key_line
        return Node(values, line, key_lines=key_lines)


def scalar_value(node: yaml.Node, line: int) -> Any:
    """A scalar node's value as declarations read it (YAML 1.1 types; other tags refused)."""
    tag = node.tag or ""
    if tag == _STR_TAG:  # most values: no conversion to make but NFC (the file's text is; an escape such as \u0301 is not)
        return nfc(node.value)
    if tag.startswith("tag:yaml.org,2002:"):
        kind = tag.rsplit(":", 1)[1]
        if kind in ("int", "float") and not _plain_decimal(str(node.value), kind):
            return str(node.value)  # 0x1F, 0b101, 1:30, 010, 40 digits: the field reader says what to write
        if kind in ("null", "bool", "int", "float", "timestamp"):
            try:
                return _constructor.yaml_constructors[tag](_constructor, node)
            except (ValueError, TypeError, OverflowError):
                return str(node.value)  # e.g. 2026-13-45: the validator says why
        if kind == "str":
            return str(node.value)
    if tag == "!" or tag == "?":
        return str(node.value)
    written = tag.replace("tag:yaml.org,2002:", "!!")
    raise YamlProblem(line, _("YAML tags such as `{tag}` are not used in declarations: remove it").format(tag=written))


# The numbers YAML 1.1 reads that chainmap takes as numbers: decimal digits, not too many.
# The others stay text, so that the field that expects a number says what to write instead:
# hexadecimal (0x1F), binary (0b101) and base-60 (1:30) forms are refused; a whole number
# written with a leading zero (010, which YAML 1.1 reads as octal 8) is read as the decimal
# written (10), which is what a person typing it means. And a number of thousands of
# digits is never made (Python refuses to print an int of more than 4,300 digits).
MOST_DIGITS = 20
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _plain_decimal(text: str, kind: str) -> bool:
    """Whether a value YAML types as ``kind`` is a decimal number of at most MOST_DIGITS digits."""
    if len(text) > MOST_DIGITS + 12:
        return False
    pattern = _DECIMAL_INT if kind == "int" else _DECIMAL_FLOAT
    return pattern.fullmatch(text) is not None and sum(c.isdigit() for c in text) <= MOST_DIGITS


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
# YAML reads these as line breaks, so a name pasted with one breaks the file on the "next" line.
_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _refuse_control_characters(text: str) -> None:
    """YAML forbids control characters; name the first one and its line."""
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        code = f"U+{ord(found.group()):04X}"
        raise YamlProblem(line, _("the file contains a control character ({code}) that is not allowed in YAML: remove it (it often comes from a copy-paste)").format(code=code))


def _refuse_deep_flow_nesting(text: str) -> None:
    """Refuse ``[[[[…`` nested deeper than :data:`MAX_DEPTH` before composing it.

    PyYAML's C composer recurses once per level: some 30,000 nested brackets (60 kB) crash
    the whole process, and fewer already take seconds. The parser's events come without
    recursion and stop at the first level too deep, so this costs nothing on a real file
    (a file with fewer than a thousand brackets is not even parsed twice).
    """
    if text.count("[") + text.count("{") <= _BRACKETS_WITHOUT_CHECK:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1 if event.start_mark else 1)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.6 (PyYAML 6.0.3 and later) has a nesting limit of its own, met before
        # the events above come; it is the same problem, said in chainmap's words.
        if "nesting depth" in (error.problem or ""):
            raise _too_deep(error.problem_mark.line + 1 if error.problem_mark else 1) from None
        return  # composing the text reports the syntax error with its line
    except yaml.YAMLError:
        return


def _too_deep(line: int) -> YamlProblem:
    return YamlProblem(line, _("values are nested more than {depth} levels deep: a declaration never needs that").format(depth=MAX_DEPTH))


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = (error.problem or "").strip()
    separator = _LINE_SEPARATOR.search(text)
    if separator:
        line = text.count("\n", 0, separator.start()) + 1
        code = f"U+{ord(separator.group()):04X}"
        return YamlProblem(line, _("this line holds an invisible line separator ({code}), often pasted from a word processor: replace it with a space").format(code=code))
    lines = text.splitlines()
    if 0 < line <= len(lines) and lines[line - 1].lstrip(" ").startswith("\t"):
        return YamlProblem(line, _("a tab character is used for indentation: YAML needs spaces"))
    if "expected a single document" in problem or "but found another document" in (error.context or "") + problem:
        return YamlProblem(line, _("this file holds several YAML documents (separated by ---): put each team in its own file"))
    explained = _plain_syntax_problem(problem)
    if explained is not None:
        message, at_opening = explained
        if at_opening and error.context_mark is not None:
            line = error.context_mark.line + 1
        return YamlProblem(line, message)
    detail = problem or str(error).splitlines()[0]
    context = f" {error.context}" if error.context else ""
    return YamlProblem(line, _("the YAML is not well formed ({detail}{context}): check the indentation, colons and quotes around this line").format(detail=detail, context=context))


def _plain_syntax_problem(problem: str) -> Optional[Tuple[str, bool]]:
    """PyYAML's usual complaints (both its C and its Python wording) said in a manager's words.

    Returns the message and whether the line to show is where the faulty thing opened (a
    quote never closed is reported by PyYAML at the end of the file). ``None``: a rare
    complaint, shown in PyYAML's own words.
    """
    for fragments, message, at_opening in _plain_syntax_problems():
        if any(fragment in problem for fragment in fragments):
            return message, at_opening
    return None


def _plain_syntax_problems() -> List[Tuple[Tuple[str, ...], str, bool]]:
    """(fragments of PyYAML's complaint, what to say, show the opening line?), first match wins.

    A function, not a constant, so that the messages are those of the language in use.
    """
    return [
        (("',' or ']'",), _("the list that opens with [ on this line is not closed: close it with ], and check that a comma separates its items"), True),
        (("',' or '}'",), _("the block {…} that opens on this line is not closed: end it with its closing bracket, and check that a comma separates its entries"), True),
        (("mapping values are not allowed",), _("there is a `: ` where none was expected: if it is inside a text, put the text in quotes (\"…\"); otherwise check that the line above has its colon and that this line is aligned with it"), False),
        (("could not find expected ':'",), _("a key has no colon after it (write `key: value`), or a text runs onto the next line: put such a text in quotes"), False),
        (("did not find expected key", "expected <block end>, but found '<block", "expected <block end>, but found '<scalar>'"),
         _("this line is not indented like the keys above it, or text follows a closing quote: align it with the keys above, or put the whole value in quotes"), False),
        (("'-' indicator", "expected <block end>, but found '?'"), _("a list mixes items (`- …`) with other lines: start every item with `- `, all at the same indentation"), False),
        (("unexpected end of stream",), _("a quote (\" or ') opened on this line is never closed: close it at the end of the value"), True),
        (("unknown escape character",), _("inside double quotes, a backslash (\\) starts a special character: write \\\\ for a backslash, or use single quotes"), False),
        (("cannot start any token",), _("a value cannot start with @, ` or %: put it in quotes (\"…\")"), False),
        (("undefined alias",), _("a value that starts with * is read as a YAML alias, which chainmap does not accept: put it in quotes (\"…\")"), False),
        (("node content",), _("a value is missing here, or starts with a ] or } that closes nothing"), False),
    ]
