"""A form is checked by the loader itself: the same rules, the same words as ``chainmap check``.

The edited file's text is read by :func:`chainmap.load.reading.read_team_bytes`, and each
problem's line is traced back to the form field that wrote it (the text was made from the
form, so every line has one). Rules across files are checked against the organisation in
memory: an end client listed as a supplier, one worker id given to two people, and an
id that names no team (the words of the ``unknown-reference`` finding, its "did you mean"
included), which the form refuses since clients and suppliers are picked from the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from ..analysis import Finding
from ..analysis.words import sentences
from ..load.reading import problems_across_files, read_team_bytes
from ..load.yaml_nodes import Node, YamlProblem, parse_yaml
from ..model import Org, Team
from ..names import NearestId, comparable
from .draft import LinkDraft, TeamDraft

__all__ = ["FormCheck", "check_text", "resolve_pick", "resolved_draft"]

_ROW_NAMES = {"members": "member", "clients": "client", "suppliers": "supplier"}
_TRAILING_ID = re.compile(r"\(([a-z0-9][a-z0-9._-]*)\)\s*$")


@dataclass
class FormCheck:
    """Messages by form field (``""``: the file as a whole), and the team read from the text."""

    problems: Dict[str, List[str]] = field(default_factory=dict)
    team: Optional[Team] = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.team is not None

    def add(self, name: str, message: str) -> None:
        self.problems.setdefault(name, []).append(message)


def resolve_pick(org: Optional[Org], typed: str) -> str:
    """The id a person picked: an id, ``Name (id)`` as the picker offers it, or a name that
    fits one team or end client only (case, accents and punctuation aside)."""
    text = typed.strip()
    if org is None or not text or text in org.teams or text in org.end_clients:
        return text
    trailing = _TRAILING_ID.search(text)
    if trailing and (trailing.group(1) in org.teams or trailing.group(1) in org.end_clients):
        return trailing.group(1)
    wanted = comparable(text)
    found = [i for i, t in org.teams.items() if comparable(t.name) == wanted]
    found += [i for i, c in org.end_clients.items() if comparable(c.name) == wanted]
    return found[0] if len(found) == 1 else text


def resolved_draft(org: Optional[Org], draft: TeamDraft) -> TeamDraft:
    """The draft with its clients and suppliers picked by name turned into ids."""
    def resolved(rows: Tuple[LinkDraft, ...]) -> Tuple[LinkDraft, ...]:
        return tuple(LinkDraft(resolve_pick(org, row.id), row.what, row.satisfaction) for row in rows)
    return draft.with_rows("clients", resolved(draft.clients)).with_rows("suppliers", resolved(draft.suppliers))


def check_text(path: Path, text: str, draft: TeamDraft, org: Optional[Org], before: Optional[TeamDraft] = None) -> FormCheck:
    """Check the text a save would write, and place each problem beside its field.

    An id that names no team is refused only where the form brings it (``before`` is the
    file as it was): a typo already in the file is the ``unknown-reference`` finding
    shown on the page, and must not stop its team from saving another field.
    """
    result = FormCheck()
    team, problems = read_team_bytes(path, text.encode("utf-8"))
    fields = _LinesToFields(text)
    for problem in problems:
        result.add(fields.get(problem.line or 0, ""), problem.message)
    result.team = team
    if team is None or org is None:
        return result
    _across_files(result, team, org, fields)
    already = {row.id for row in (*before.clients, *before.suppliers)} if before else set()
    _unknown_ids(result, team, draft, org, already)
    return result


class _LinesToFields:
    """Each line → its field, worked out only if a problem needs placing (most saves have none)."""

    def __init__(self, text: str):
        self.text = text
        self._fields: Optional[Dict[int, str]] = None

    def get(self, line: int, default: str) -> str:
        if self._fields is None:
            self._fields = _fields_by_line(self.text)
        return self._fields.get(line, default)


def _fields_by_line(text: str) -> Dict[int, str]:
    """Each line of a team file's text → the form field it holds."""
    try:
        root = parse_yaml(text)
    except YamlProblem:
        return {}
    lines: Dict[int, str] = {}
    if root is None or not isinstance(root.value, dict):
        return lines
    for key, node in root.value.items():
        lines[root.key_line(key)] = key
        if key in _ROW_NAMES and isinstance(node.value, list):
            for index, item in enumerate(node.value):
                _item_lines(lines, f"{_ROW_NAMES[key]}-{index}", item)
    return lines


def _item_lines(lines: Dict[int, str], prefix: str, item: Node) -> None:
    first = "name" if prefix.startswith("member") else "id"
    lines[item.line] = f"{prefix}-{first}"
    if isinstance(item.value, dict):
        for sub in item.value:
            lines[item.key_line(sub)] = f"{prefix}-{sub}"


def _across_files(result: FormCheck, team: Team, org: Org, fields: _LinesToFields) -> None:
    """An end client as a supplier; a worker id that another team gives to someone else."""
    sharing = {t for member in team.members if member.id in org.workers
               for t in org.workers[member.id].teams if t != team.id}
    others = [org.teams[t] for t in sorted(sharing) if t in org.teams]
    for problem in problems_across_files(list(org.end_clients.values()), [*others, team]):
        if team.source is not None and problem.path == team.source.path:
            result.add(fields.get(problem.line or 0, ""), problem.message)


def _unknown_ids(result: FormCheck, team: Team, draft: TeamDraft, org: Org, already: Set[str]) -> None:
    everything = NearestId([*org.teams, *org.end_clients])
    teams_only = NearestId(list(org.teams))
    for kind, rows in (("client", draft.clients), ("supplier", draft.suppliers)):
        for index, row in enumerate(rows):
            if row.id in org.teams or row.id in org.end_clients or not row.id or row.id == team.id or row.id in already:
                continue
            nearest = (everything if kind == "client" else teams_only)(row.id)
            supplier, client = (team.id, row.id) if kind == "client" else (row.id, team.id)
            finding = Finding("unknown-reference", "error", supplier=supplier, client=client,
                              facts={"missing": row.id, "declared_in": team.id, "suggestion": nearest})
            message, action = sentences(finding, _with(org, team))
            result.add(f"{kind}-{index}-id", f"{message} {action}")


def _with(org: Org, team: Team) -> Org:
    """The organisation with this team as edited (for the names the words use)."""
    from dataclasses import replace
    return replace(org, teams={**org.teams, team.id: team})
