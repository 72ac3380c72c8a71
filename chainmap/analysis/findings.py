"""Findings: the weak links chainmap reports, as data.

A finding says which rule fired, how severe it is, what it is about (a team, or a link
``supplier → client``), how many workers it affects, and the facts behind it (a score, a
length, a date…) in ``facts``. The sentences a person reads are made from these by the
rule's own words (:mod:`chainmap.analysis.rules`), in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

__all__ = ["Finding", "FindingKey", "SEVERITIES", "severity_rank"]

SEVERITIES = ("error", "warning", "info")

FindingKey = Tuple[str, Tuple[str, ...]]


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: lower is more severe."""
    return _SEVERITY_RANK[severity]


_SEVERITY_RANK: Dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One weak link. A team finding has ``team``; a link finding ``supplier`` and ``client``."""

    rule: str
    severity: str
    team: Optional[str] = None
    supplier: Optional[str] = None
    client: Optional[str] = None
    declared_by: Optional[str] = None
    workers_affected: int = 0
    facts: Dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_link(self) -> bool:
        """True when the subject is a link rather than a team."""
        return self.team is None

    @property
    def subject(self) -> Tuple[str, ...]:
        """The subject's ids: ``(team,)`` or ``(supplier, client)``."""
        return (self.team,) if self.team is not None else (self.supplier or "", self.client or "")

    @property
    def key(self) -> FindingKey:
        """What makes a finding the same finding in two versions, or in a baseline: its rule
        and its subject, never its wording (which changes with the language)."""
        return (self.rule, self.subject)

    def touches(self, team_id: str) -> bool:
        """True when the finding is about this team or a link of it."""
        return team_id in self.subject
