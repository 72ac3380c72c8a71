"""The changes a what-if scenario imagines, each exactly one edit of the declarations.

Each change is defined as the edit a person would make to the files, so that the imagined
organisation is the one chainmap would load after that edit (``tests/test_whatif.py`` makes
the edit by hand and compares):

- **remove TEAM**: the team's declaration is deleted, and every ``clients`` or
  ``suppliers`` entry that names it in other teams. Its members leave, except from the
  other teams they also belong to.
- **merge A B [into NAME]**: one team replaces both. Its id is A's (or NAME's, made an id
  if needed), its name A's (or NAME). Members: A's, then B's not already in A. Clients and
  suppliers: A's, then B's, each id once, the link between A and B dropped (it is inside
  the team now); a supplier both rated gets the mean of the two scores. eNPS: the mean of
  both weighted by their members, to the nearest whole number. Reviewed: the earlier day.
  Department: A's (B's if A has none). Every entry naming A or B in other teams names the
  merged team (once; the mean of the two scores when both were rated).
- **outsource TEAM**: the team becomes an external party declared among the end clients
  (same id and name, no NPS). Teams that listed it among their ``clients`` keep the entry:
  their chain now ends there, as at an end client. Entries listing it among ``suppliers``
  are deleted: an end client is never a supplier, and an external provider is managed by
  contract, outside the internal chain (their scores no longer count). Its members leave.
- **add-link SUPPLIER CLIENT**: SUPPLIER lists CLIENT among its clients and, when CLIENT is
  a team, CLIENT lists SUPPLIER among its suppliers (no score): a confirmed link.
- **drop-link SUPPLIER CLIENT**: both entries are deleted, whichever exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

from ..i18n import _

__all__ = ["Remove", "Merge", "Outsource", "AddLink", "DropLink", "Change", "describe_change"]


@dataclass(frozen=True)
class Remove:
    team: str


@dataclass(frozen=True)
class Merge:
    first: str
    second: str
    into: Optional[str] = None


@dataclass(frozen=True)
class Outsource:
    team: str


@dataclass(frozen=True)
class AddLink:
    supplier: str
    client: str


@dataclass(frozen=True)
class DropLink:
    supplier: str
    client: str


Change = Union[Remove, Merge, Outsource, AddLink, DropLink]


def describe_change(change: Change, name: Callable[[str], str]) -> str:
    """The change in words, with the display names a person knows."""
    if isinstance(change, Remove):
        return _("remove {team}").format(team=name(change.team))
    if isinstance(change, Merge):
        merged = _("merge {first} and {second}").format(first=name(change.first), second=name(change.second))
        return merged + (" " + _("into “{name}”").format(name=change.into) if change.into else "")
    if isinstance(change, Outsource):
        return _("outsource {team}").format(team=name(change.team))
    if isinstance(change, AddLink):
        return _("add the link {supplier} → {client}").format(supplier=name(change.supplier), client=name(change.client))
    return _("drop the link {supplier} → {client}").format(supplier=name(change.supplier), client=name(change.client))
