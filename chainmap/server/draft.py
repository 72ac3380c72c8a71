"""A team's declaration as a form holds it: text as typed, one row per member and link.

A :class:`TeamDraft` is made from a loaded :class:`~chainmap.model.Team` (to fill the form),
or from the form's fields (to save). Comparing the two says exactly which fields a person
changed, so that only those are written (:mod:`chainmap.server.yaml_edit`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..model import Declaration, Team

__all__ = ["MemberDraft", "LinkDraft", "TeamDraft", "draft_of", "draft_from_form", "as_form", "yaml_value", "shown_number"]

_WHOLE = re.compile(r"^[+-]?\d{1,20}$")  # more digits stay text: the loader says the number is far too large
_DECIMAL = re.compile(r"^[+-]?\d{1,20}([.,]\d{1,20})?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ROWS = 500  # more rows than any team has: a crafted form cannot make the server loop for long


@dataclass(frozen=True)
class MemberDraft:
    name: str
    id: str = ""     # empty: the name is the id (FORMAT.md)
    role: str = ""

    @property
    def key(self) -> str:
        return self.id or self.name


@dataclass(frozen=True)
class LinkDraft:
    id: str
    what: str = ""
    satisfaction: str = ""

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True)
class TeamDraft:
    id: str
    name: str = ""
    department: str = ""
    enps: str = ""
    reviewed: str = ""
    members: Tuple[MemberDraft, ...] = ()
    clients: Tuple[LinkDraft, ...] = ()
    suppliers: Tuple[LinkDraft, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def with_rows(self, kind: str, rows: Tuple[Any, ...]) -> TeamDraft:
        values: Dict[str, Any] = {kind: rows}
        return replace(self, **values)


def shown_number(value: Optional[float]) -> str:
    """A number as a person writes it: ``6`` not ``6.0``, ``6.5`` as is."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def draft_of(team: Team) -> TeamDraft:
    """The form's values for a team as declared."""
    def link(entry: Declaration) -> LinkDraft:
        return LinkDraft(entry.id, entry.what or "", shown_number(entry.satisfaction))
    return TeamDraft(
        id=team.id,
        name=team.name if team.name != team.id else "",
        department=team.department or "",
        enps="" if team.enps is None else str(team.enps),
        reviewed=team.reviewed.isoformat() if team.reviewed else "",
        members=tuple(MemberDraft(m.name, "" if m.id == m.name else m.id, m.role or "") for m in team.members),
        clients=tuple(link(entry) for entry in team.clients),
        suppliers=tuple(link(entry) for entry in team.suppliers),
    )


def _rows(form: Mapping[str, str], prefix: str, names: Tuple[str, ...]) -> List[Tuple[str, ...]]:
    """The rows ``prefix-N-name`` of a form, in N order; a row ticked ``remove`` or blank is left out."""
    numbers = sorted({int(match.group(1)) for key in form
                      if (match := re.match(rf"^{prefix}-(\d{{1,3}})-", key))})[:MAX_ROWS]
    rows = []
    for number in numbers:
        if form.get(f"{prefix}-{number}-remove"):
            continue
        values = tuple(str(form.get(f"{prefix}-{number}-{name}", "")).strip() for name in names)
        if any(values):
            rows.append(values)
    return rows


def draft_from_form(team_id: str, form: Mapping[str, str]) -> TeamDraft:
    """The draft a submitted form describes (text as typed; the loader judges it)."""
    def text(name: str) -> str:
        return str(form.get(name, "")).strip()
    return TeamDraft(
        id=team_id,
        name=text("name"),
        department=text("department"),
        enps=text("enps"),
        reviewed=text("reviewed"),
        members=tuple(MemberDraft(*row) for row in _rows(form, "member", ("name", "id", "role"))),
        clients=tuple(LinkDraft(row[0], row[1]) for row in _rows(form, "client", ("id", "what"))),
        suppliers=tuple(LinkDraft(*row) for row in _rows(form, "supplier", ("id", "what", "satisfaction"))),
    )


def yaml_value(text: str, kind: str) -> Any:
    """What to write in YAML for a typed value: a number or a day when it reads as one,
    the text otherwise (the loader then says what is wrong with it, in ``check``'s words).

    >>> yaml_value("7,5", "number"), yaml_value("-12", "whole"), yaml_value("huit", "number")
    (7.5, -12, 'huit')
    >>> yaml_value("2026-12-07", "day")
    datetime.date(2026, 12, 7)
    """
    if kind == "whole" and _WHOLE.match(text):
        return int(text)
    if kind == "number" and _DECIMAL.match(text):
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() and "." not in text and "," not in text else number
    if kind == "day" and _ISO_DAY.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def as_form(draft: TeamDraft) -> Dict[str, str]:
    """The form fields that describe a draft (the inverse of :func:`draft_from_form`):
    what a browser sends, for scripts and tests that save as a person would."""
    fields = {"name": draft.name, "department": draft.department, "enps": draft.enps, "reviewed": draft.reviewed}
    for index, member in enumerate(draft.members):
        fields.update({f"member-{index}-name": member.name, f"member-{index}-id": member.id,
                       f"member-{index}-role": member.role})
    for index, client in enumerate(draft.clients):
        fields.update({f"client-{index}-id": client.id, f"client-{index}-what": client.what})
    for index, supplier in enumerate(draft.suppliers):
        fields.update({f"supplier-{index}-id": supplier.id, f"supplier-{index}-what": supplier.what,
                       f"supplier-{index}-satisfaction": supplier.satisfaction})
    return fields
