"""Writing a team's file back with only what a person changed, comments and layout kept.

ruamel.yaml's round-trip mode reads a file into maps and lists that remember comments, key
order, quotes and flow style; only the fields that differ between the form as it was
loaded and as it was saved are touched (:func:`edited_yaml`). ruamel still re-lays a few
things its own way (``[{id: a}]`` as ``[id: a]``, a long line folded), so every line the
edit did not reach is then taken from the original file as it was
(:func:`keep_untouched_lines`): a one-field change is a one-line diff.
"""

from __future__ import annotations

import difflib
import io
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from ..load.declarations import TEAM_KEYS
from .draft import LinkDraft, MemberDraft, TeamDraft, yaml_value
from .yaml_surgery import edited_in_place

__all__ = ["edited_yaml", "keep_untouched_lines", "new_team_yaml"]

# (mapping, sequence, offset) indentations tried, most common first.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (4, 2, 0), (3, 5, 3))


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip reader, except that a text that looks like a date but is none
    (``2026-02-30``, a team's name) stays the text it is, as the loader reads it, instead
    of stopping the edit with "day is out of range for month"."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml(indent: Tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _fitting_yaml(text: str) -> Tuple[YAML, Any, str]:
    """The YAML object whose layout reproduces ``text`` best, the document it read, and its
    plain round trip. ruamel is slow (benchmarks/RESULTS.md), so the
    usual layout is tried first and its document kept."""
    best: Optional[Tuple[int, YAML, Any, str]] = None
    lines = text.splitlines()
    for indent in _INDENTS:
        yaml = _yaml(indent)
        document = yaml.load(text)
        again = _dump(yaml, document)
        if again == text:
            return yaml, document, again
        differing = sum(1 for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, lines, again.splitlines()).get_opcodes()
                        if tag != "equal" for _ in range(i1, max(i2, i1 + 1)))
        if best is None or differing < best[0]:
            best = (differing, yaml, document, again)
    assert best is not None
    return best[1], best[2], best[3]


def edited_yaml(original: str, before: TeamDraft, after: TeamDraft, in_place: bool = True) -> str:
    """The text of a team file with the changes from ``before`` to ``after`` made, and nothing else.

    Values changed where they stand are replaced in place (:mod:`chainmap.server.yaml_surgery`);
    anything else goes through ruamel's round trip (``in_place=False``: always).
    """
    quick = edited_in_place(original, before, after) if in_place else None
    if quick is not None:
        return quick
    newline = "\r\n" if "\r\n" in original else "\n"
    text = original.replace("\r\n", "\n")
    yaml, document, roundtrip = _fitting_yaml(text)
    if not isinstance(document, CommentedMap):
        raise ValueError("a team file holds a block of keys")
    _apply(document, before, after)
    edited = _dump(yaml, document)
    if roundtrip != text:
        edited = keep_untouched_lines(text, roundtrip, edited)
    return edited.replace("\n", newline) if newline != "\n" else edited


def new_team_yaml(draft: TeamDraft) -> str:
    """A team file for a draft, from nothing (the id first, as in every example)."""
    document = CommentedMap([("id", draft.id)])
    _apply(document, TeamDraft(draft.id), draft)
    return _dump(_yaml(_INDENTS[0]), document)


# -- the changes ----------------------------------------------------------------------

def _apply(document: CommentedMap, before: TeamDraft, after: TeamDraft) -> None:
    for key, kind in (("name", "text"), ("department", "text"), ("enps", "whole"), ("reviewed", "day")):
        old, new = getattr(before, key), getattr(after, key)
        if old != new:
            _set(document, key, yaml_value(new, kind) if new else None)
    _list(document, "members", before.members, after.members, _member)
    _list(document, "clients", before.clients, after.clients, _link)
    _list(document, "suppliers", before.suppliers, after.suppliers, _link)


def _set(document: CommentedMap, key: str, value: Any) -> None:
    """Set a key in place (its comment stays), add it where FORMAT.md's order puts it, or remove it."""
    if value is None:
        if key in document:
            del document[key]
        return
    if key in document:
        document[key] = value
        return
    order = TEAM_KEYS.index(key) if key in TEAM_KEYS else len(TEAM_KEYS)
    position = sum(1 for existing in document if existing in TEAM_KEYS and TEAM_KEYS.index(existing) < order)
    document.insert(position, key, value)


def _list(document: CommentedMap, key: str, old: Sequence[Any], new: Sequence[Any], node: Any) -> None:
    """Edit a list item by item: kept items keep their node (and comments), others are
    removed or inserted where they are, matched by id."""
    if tuple(old) == tuple(new):
        return
    if not new:
        _set(document, key, None)
        return
    items = document.get(key)
    if not isinstance(items, list):
        items = CommentedSeq()
        _set(document, key, items)
        old = ()
    matcher = difflib.SequenceMatcher(None, [item.key for item in old], [item.key for item in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            for offset in range(i2 - i1):
                if old[i1 + offset] != new[j1 + offset]:
                    items[i1 + offset] = node(items[i1 + offset], old[i1 + offset], new[j1 + offset])
            continue
        for index in range(i2 - 1, i1 - 1, -1):
            del items[index]
        for position, item in enumerate(new[j1:j2]):
            items.insert(i1 + position, node(None, None, item))


def _fields(current: Any, old: Optional[Dict[str, str]], new: Dict[str, Any], short: Optional[str]) -> Any:
    """An item with its fields changed: a short form (a plain string) stays short while it can."""
    wanted = {k: v for k, v in new.items() if v not in ("", None)}
    if short is not None and set(wanted) <= {"name", "id"} and len(set(wanted.values())) == 1 and not isinstance(current, dict):
        return short
    if not isinstance(current, dict):
        current = CommentedMap()
        old = None
    for key, value in new.items():
        if old is not None and old.get(key) == value and (key in current or value in ("", None)):
            continue
        if value in ("", None):
            current.pop(key, None)
        else:
            current[key] = value
    return current


def _member(current: Any, old: Optional[MemberDraft], new: MemberDraft) -> Any:
    fields = {"name": new.name, "id": new.id, "role": new.role}
    before = {"name": old.name, "id": old.id, "role": old.role} if old else None
    return _fields(current, before, fields, new.name if not new.id and not new.role else None)


def _link(current: Any, old: Optional[LinkDraft], new: LinkDraft) -> Any:
    fields: Dict[str, Any] = {"id": new.id, "what": new.what}
    before: Optional[Dict[str, Any]] = {"id": old.id, "what": old.what} if old else None
    if new.satisfaction or (old and old.satisfaction):
        fields["satisfaction"] = yaml_value(new.satisfaction, "number") if new.satisfaction else ""
        if before is not None:
            before["satisfaction"] = yaml_value(old.satisfaction, "number") if old and old.satisfaction else ""
    short = new.id if not new.what and not new.satisfaction else None
    return _fields(current, before, fields, short)


# -- the lines nobody touched ----------------------------------------------------------

def keep_untouched_lines(original: str, roundtrip: str, edited: str) -> str:
    """``edited``, with every stretch of lines the edit left alone written as in ``original``.

    ``roundtrip`` is ``original`` read and written back unchanged: where it differs from the
    original (ruamel's own layout), and the edit did not touch those lines, the original's
    lines are put back.

    >>> keep_untouched_lines("a: [{x: 1}]\\nb: 2\\n", "a: [x: 1]\\nb: 2\\n", "a: [x: 1]\\nb: 3\\n")
    'a: [{x: 1}]\\nb: 3\\n'
    """
    o, r, n = original.splitlines(True), roundtrip.splitlines(True), edited.splitlines(True)
    kept: Dict[int, int] = {len(r): len(n)}  # roundtrip line → edited line, where the edit left it
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, r, n, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update({i1 + k: j1 + k for k in range(i2 - i1)})
    before: Dict[int, List[str]] = {}  # edited line → original lines to write before it
    instead: Dict[int, Tuple[int, List[str]]] = {}  # edited line → (where the stretch ends, its original lines)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, r, o, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # The stretch (or, for lines ruamel dropped, the line they came before) as the edit left it.
        mapped = [kept.get(k) for k in range(i1, max(i2, i1 + 1))]
        if any(m is None for m in mapped) or mapped != list(range(mapped[0] or 0, (mapped[0] or 0) + len(mapped))):
            continue  # the edit reached into this stretch: ruamel's layout it is
        if i1 == i2 and i1 > 0 and kept.get(i1 - 1) != (mapped[0] or 0) - 1:
            continue
        start = mapped[0] or 0
        if i1 == i2:
            before.setdefault(start, []).extend(o[j1:j2])
        else:
            instead[start] = (start + i2 - i1, o[j1:j2])
    out: List[str] = []
    index = 0
    while index <= len(n):
        out.extend(before.get(index, ()))
        if index in instead:
            end, lines = instead[index]
            out.extend(lines)
            index = end
            continue
        if index < len(n):
            out.append(n[index])
        index += 1
    return "".join(out)
