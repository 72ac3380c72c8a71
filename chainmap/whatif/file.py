"""A small YAML file of what-if changes, read with line numbers for clear errors.

::

    changes:
      - merge: [accueil, standard]
        into: Accueil et standard
      - remove: blanchisserie
      - outsource: cuisine
      - add-link: [pharmacie, urgences]
      - drop-link: [brancardage, imagerie]

Changes apply in the order written. A bare list (without ``changes:``) is accepted too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

from ..errors import LoadError, Problem
from ..i18n import _
from ..load.regular import SIDE_FILE_BYTES, RefusedFile, read_bytes
from ..load.yaml_nodes import Node, YamlProblem, parse_yaml
from ..names import did_you_mean
from .changes import AddLink, Change, DropLink, Merge, Outsource, Remove

__all__ = ["read_changes", "KINDS"]

KINDS = ("remove", "merge", "outsource", "add-link", "drop-link")


def read_changes(path: Path) -> List[Change]:
    """The changes of a what-if file; every problem listed with its line (:class:`LoadError`)."""
    try:
        text = read_bytes(path, SIDE_FILE_BYTES).decode("utf-8")
    except RefusedFile as refused:
        raise LoadError([refused.problem]) from None
    except UnicodeDecodeError:
        raise LoadError([Problem(str(path), None, _("this file is not UTF-8 text: save it again as UTF-8"))]) from None
    try:
        root = parse_yaml(text)
    except YamlProblem as problem:
        raise LoadError([Problem(str(path), problem.line, problem.message)]) from None
    problems: List[Problem] = []
    items = _items(root, path, problems)
    changes = [change for item in items if (change := _change(item, path, problems)) is not None]
    if problems or not changes:
        raise LoadError(problems or [Problem(str(path), None, _("no change is written in this file: see `chainmap whatif --help` for an example"))])
    return changes


def _items(root: Optional[Node], path: Path, problems: List[Problem]) -> List[Node]:
    value = root.value if root is not None else None
    if isinstance(value, dict) and "changes" in value:
        value = value["changes"].value
    if not isinstance(value, list):
        problems.append(Problem(str(path), root.line if root else None,
                                _("a what-if file is a list of changes under `changes:`, each one of: {kinds}").format(kinds=", ".join(KINDS))))
        return []
    return value


def _change(item: Node, path: Path, problems: List[Problem]) -> Optional[Change]:
    keys = item.value if isinstance(item.value, dict) else None
    kind = next((key for key in (keys or {}) if key in KINDS), None)
    if keys is None or kind is None:
        known = next(iter(keys), "") if keys else ""
        hint = did_you_mean(str(known), KINDS) if known else None
        problems.append(Problem(str(path), item.line, _("each change is one of {kinds}{hint}").format(
            kinds=", ".join(KINDS), hint=_(": did you mean `{key}`?").format(key=hint) if hint else "")))
        return None
    extra = [key for key in keys if key not in (kind, "into") or (key == "into" and kind != "merge")]
    if extra:
        problems.append(Problem(str(path), keys[extra[0]].line, _("unknown key `{key}` in a `{kind}` change").format(key=extra[0], kind=kind)))
        return None
    ids = _ids(keys[kind], 1 if kind in ("remove", "outsource") else 2)
    if ids is None:
        count = _("one team id") if kind in ("remove", "outsource") else _("two ids in brackets, [first, second]")
        problems.append(Problem(str(path), keys[kind].line, _("`{kind}` takes {count}").format(kind=kind, count=count)))
        return None
    into = keys.get("into")
    return _build(kind, ids, None if into is None else str(into.value))


def _ids(node: Node, count: int) -> Optional[List[str]]:
    value: Any = node.value
    if count == 1 and isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list) and len(value) == count and all(isinstance(n.value, str) for n in value):
        return [n.value.strip() for n in value]
    return None


def _build(kind: str, ids: List[str], into: Optional[str]) -> Change:
    if kind == "remove":
        return Remove(ids[0])
    if kind == "outsource":
        return Outsource(ids[0])
    if kind == "merge":
        return Merge(ids[0], ids[1], into)
    return AddLink(ids[0], ids[1]) if kind == "add-link" else DropLink(ids[0], ids[1])
