"""The quick path for the usual save: values changed in place, where they are written.

Most saves change values that are already in the file (a score, an eNPS, a description).
For those, the file's text is kept and only the characters of each changed value are
replaced, at the exact place PyYAML's C composer found them; an end-of-line comment keeps
its column. It is exact and far quicker than a ruamel round trip (benchmarks/RESULTS.md),
which matters when fifty people save at once. Anything else (a row
added or removed, a key added or emptied, a short entry that grows) returns ``None``, and
the round trip of :mod:`chainmap.server.yaml_edit` does it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional, Sequence, Tuple

import yaml

from ..load.declarations import TEAM_KEYS
from .draft import TeamDraft, yaml_value

__all__ = ["edited_in_place"]

Span = Tuple[int, int, Any, str]  # start, end, new value, the node's quote style
_SCALARS = (("name", "text"), ("department", "text"), ("enps", "whole"), ("reviewed", "day"))
_ROWS = {"members": (("name", "text"), ("id", "text"), ("role", "text")),
         "clients": (("id", "text"), ("what", "text")),
         "suppliers": (("id", "text"), ("what", "text"), ("satisfaction", "number"))}


def edited_in_place(text: str, before: TeamDraft, after: TeamDraft) -> Optional[str]:
    """``text`` with the changed values replaced in place, or ``None`` when the change is
    more than that."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    keys = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    spans: List[Span] = []
    for key, kind in _SCALARS:
        old, new = getattr(before, key), getattr(after, key)
        if old == new:
            continue
        if key not in keys and new and not root.flow_style:
            spans.append(_new_key(text, root, key, yaml_value(new, kind)))
        elif not _replace(spans, keys.get(key), new, kind):
            return None
    for key, fields in _ROWS.items():
        if not _rows(spans, keys.get(key), getattr(before, key), getattr(after, key), fields):
            return None
    return _spliced(text, spans)


def _new_key(text: str, root: yaml.MappingNode, key: str, value: Any) -> Span:
    """A key the file lacks, on a line of its own where FORMAT.md's order puts it: before
    the first key that comes after it, or at the end."""
    order = TEAM_KEYS.index(key)
    later = [k for k, _v in root.value if isinstance(k, yaml.ScalarNode) and k.value in TEAM_KEYS
             and TEAM_KEYS.index(k.value) > order and k.start_mark.column == 0]
    at = later[0].start_mark.index if later else len(text)
    lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return (at, at, value, f"new:{lead}{key}: ")


def _replace(spans: List[Span], node: Any, new: str, kind: str) -> bool:
    """Plan the replacement of a scalar's value; only a value present and kept non-empty."""
    if not isinstance(node, yaml.ScalarNode) or not new or node.style in ("|", ">"):
        return False
    spans.append((node.start_mark.index, node.end_mark.index, yaml_value(new, kind), node.style or ""))
    return True


def _rows(spans: List[Span], node: Any, old: Sequence[Any], new: Sequence[Any],
          fields: Tuple[Tuple[str, str], ...]) -> bool:
    if tuple(old) == tuple(new):
        return True
    if not isinstance(node, yaml.SequenceNode) or len(old) != len(new) or len(node.value) != len(old):
        return False
    for item, was, now in zip(node.value, old, new):
        if was == now:
            continue
        if was.key != now.key or not isinstance(item, yaml.MappingNode):
            return False
        keys = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        for name, kind in fields:
            if getattr(was, name) != getattr(now, name) and not _replace(spans, keys.get(name), getattr(now, name), kind):
                return False
    return True


def _written(value: Any, style: str) -> str:
    """A scalar as YAML writes it on one line, in the quotes it had when they still read the same."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    if style in ('"', "'"):
        quoted = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=1 << 30)
    else:
        quoted = yaml.safe_dump(value, allow_unicode=True, width=1 << 30)
    return quoted.split("\n...", 1)[0].rstrip("\n")


def _spliced(text: str, spans: List[Span]) -> Optional[str]:
    """The text with each span replaced; a comment after a value keeps its column."""
    out, position = [], 0
    for start, end, value, style in sorted(spans, key=lambda span: span[0]):
        if style.startswith("new:"):
            written = _written(value, "")
            if "\n" in written or start < position:
                return None
            out.append(text[position:start] + style[4:] + written + "\n")
            position = start
            continue
        written = _written(value, style)
        if "\n" in written or start < position:
            return None
        out.append(text[position:start])
        out.append(written)
        position = _keep_comment_column(text, end, len(written) - (end - start), out)
    out.append(text[position:])
    return "".join(out)


def _keep_comment_column(text: str, end: int, growth: int, out: List[str]) -> int:
    """After a value: pad or trim the spaces before an end-of-line comment by the value's
    change of length (keeping at least one space). Returns where to go on copying from."""
    line_end = text.find("\n", end)
    rest = text[end: line_end if line_end >= 0 else len(text)]
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.lstrip(" ").startswith("#") or spaces == 0:
        return end
    out.append(" " * max(1, spaces - growth))
    return end + spaces

