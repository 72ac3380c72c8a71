"""An organisation as FORMAT.md's YAML: org.yaml and team files, or one single file.

Written by hand rather than by ``yaml.dump`` so that keys come in FORMAT.md's order, short
forms are used where they mean the same (a member that is only a name, a client that is
only an id), and the files look like the ones people write. Every string that YAML would
read as something else (``yes``, ``2024``, ``null``, ``a: b``, a leading ``-``…) is
quoted, so that reading the files back gives exactly the same model.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Dict, List, Optional

import yaml

from ..model import SETTINGS_KEYS, Declaration, Member, Org, Team

__all__ = ["yaml_scalar", "org_yaml", "team_yaml", "single_file_yaml", "team_file_name"]

_PLAIN = re.compile(r"[^\W_][\w .,'()/+&-]*", re.UNICODE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_scalar(value: Any) -> str:
    """A value as a YAML scalar that reads back as the same value.

    >>> [yaml_scalar(v) for v in ["Pharmacie", "yes", "2024", "a: b", "Soins #2", 7.5, None]]
    ['Pharmacie', '"yes"', '"2024"', '"a: b"', '"Soins #2"', '7.5', 'null']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and _reads_as_text(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _LINE_BREAKS.sub(lambda found: f"\\u{ord(found.group()):04x}", quoted)


_LINE_BREAKS = re.compile("[\u0085\u2028\u2029\ufeff]")


def _float(value: float) -> str:
    """A decimal YAML reads as a float (PyYAML needs a dot: ``1e-05`` would be text)."""
    written = repr(value)
    if re.fullmatch(r"-?\d+\.\d+", written):
        return written
    written = format(value, ".15f").rstrip("0")
    return written + "0" if written.endswith(".") else written


def _reads_as_text(text: str) -> bool:
    """True when YAML reads ``text``, unquoted, as this very string."""
    try:
        return yaml.load(text, Loader=_Loader) == text
    except (yaml.YAMLError, ValueError, OverflowError):  # 2026-02-30: no day YAML can make; quoted, it stays a text
        return False


def _header(comment: Optional[str]) -> List[str]:
    return [f"# {line}".rstrip() for line in comment.splitlines()] if comment else []


def org_yaml(org: Org, comment: Optional[str] = None, inline_teams: bool = False) -> str:
    """``org.yaml``: the name, the end clients, every setting (and the teams, if inline)."""
    lines = _header(comment)
    lines.append(f"org: {yaml_scalar(org.name)}")
    lines.append("end_clients:")
    for client in org.end_clients.values():
        lines.append(f"  - id: {yaml_scalar(client.id)}")
        lines.append(f"    name: {yaml_scalar(client.name)}")
        if client.nps is not None:
            lines.append(f"    nps: {client.nps}")
    lines.append("settings:")
    lines += [f"  {key}: {yaml_scalar(getattr(org.settings, key))}" for key in SETTINGS_KEYS]
    if inline_teams:
        lines.append("teams:" if org.teams else "teams: []")
        for team in org.teams.values():
            body = _team_lines(team)
            lines.append(f"  - {body[0]}")
            lines += [f"    {line}" for line in body[1:]]
    return "\n".join(lines) + "\n"


def single_file_yaml(org: Org, comment: Optional[str] = None) -> str:
    """The whole organisation as one YAML file (FORMAT.md's single-file mode)."""
    return org_yaml(org, comment, inline_teams=True)


def team_yaml(team: Team, comment: Optional[str] = None) -> str:
    """One team file."""
    return "\n".join(_header(comment) + _team_lines(team)) + "\n"


def team_file_name(team: Team) -> str:
    """Where a team's file goes in an organisation folder: ``teams/<department>/<id>.yaml``."""
    from ..names import suggest_id

    folder = f"teams/{suggest_id(team.department)}" if team.department else "teams"
    return f"{folder}/{team.id}.yaml"


def _team_lines(team: Team) -> List[str]:
    fields: Dict[str, Any] = {"id": team.id, "name": team.name, "department": team.department}
    lines = [f"{key}: {yaml_scalar(value)}" for key, value in fields.items() if value is not None]
    if team.members:
        lines.append("members:")
        for member in team.members:
            lines += _member_lines(member)
    if team.enps is not None:
        lines.append(f"enps: {team.enps}")
    if team.reviewed is not None:
        lines.append(f"reviewed: {team.reviewed.isoformat()}")
    for key, entries in (("clients", team.clients), ("suppliers", team.suppliers)):
        if entries:
            lines.append(f"{key}:")
            for entry in entries:
                lines += _entry_lines(entry)
    return lines


def _member_lines(member: Member) -> List[str]:
    if member.id == member.name and member.role is None:
        return [f"  - {yaml_scalar(member.name)}"]
    lines = [f"  - name: {yaml_scalar(member.name)}"]
    if member.id != member.name:
        lines.append(f"    id: {yaml_scalar(member.id)}")
    if member.role is not None:
        lines.append(f"    role: {yaml_scalar(member.role)}")
    return lines


def _entry_lines(entry: Declaration) -> List[str]:
    if entry.what is None and entry.satisfaction is None:
        return [f"  - {yaml_scalar(entry.id)}"]
    lines = [f"  - id: {yaml_scalar(entry.id)}"]
    if entry.what is not None:
        lines.append(f"    what: {yaml_scalar(entry.what)}")
    if entry.satisfaction is not None:
        lines.append(f"    satisfaction: {yaml_scalar(entry.satisfaction)}")
    return lines
