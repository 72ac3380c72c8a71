"""Triage: which findings to read first, and which ones a person asked for.

A 2,000-team organisation has thousands of findings; a customer-experience lead needs
those that hurt the most people, or those of one department. :class:`FindingFilter` is
the one definition of ``--severity``, ``--rule``, ``--department``, ``--team`` and
``--top``, shared by ``weak``, ``check``, ``report`` and ``poster``: each asks it for the
findings to show (:meth:`FindingFilter.apply`) and says what it kept with
:func:`~chainmap.analysis.triage_words.filter_header`.

**Ranking.** Within each severity, findings are listed by the workers they affect, most
first; ties keep FORMAT.md's order (rule, then subject). The JSON of ``weak`` keeps
FORMAT.md's order whatever the ranking (§4), and holds the same findings.

**Filters.** Kinds combine with *and*, values of one kind with *or*: ``--severity error
--department Soins --department Pharmacie`` keeps the errors that touch a team of either
department. A finding touches a team when it is about the team or one of its links; it
belongs to a department when one of the teams it is about does. ``top`` then keeps the
``top`` findings that affect the most workers, whatever their severity (on a tie, the more
severe first): "what hurts the most people" is a count of people.

>>> import chainmap
>>> analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> picked = FindingFilter(severities=("warning",), top=2).apply(analysis)
>>> [f.severity for f in picked.findings], picked.matched > 2
(['warning', 'warning'], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Tuple

from .findings import SEVERITIES, Finding, severity_rank
from .rules import finding_order

if TYPE_CHECKING:
    from . import Analysis

__all__ = ["FindingFilter", "Triage", "ranked"]


def ranked(findings: Iterable[Finding]) -> List[Finding]:
    """``findings`` by severity, then by workers affected (most first), then FORMAT.md's order.

    The findings come in FORMAT.md's order within each severity and count of workers (as an
    analysis holds them, or as ``top`` leaves them): the sort is stable, so its key leaves that
    order out (`weak` on a large organisation ranks tens of thousands).
    """
    return sorted(findings, key=lambda f: (severity_rank(f.severity), -f.workers_affected))


@dataclass(frozen=True)
class Triage:
    """What a filter kept: ``findings`` ranked, how many ``matched`` before ``top``, and how
    many there are in all (``total``: of the severities asked for, or of every severity)."""

    findings: Tuple[Finding, ...]
    matched: int
    total: int
    filter: FindingFilter

    def by_severity(self) -> List[Tuple[str, int]]:
        """(severity, how many are shown) for each severity shown, most severe first."""
        return [(severity, n) for severity in SEVERITIES
                if (n := sum(1 for f in self.findings if f.severity == severity))]

    def in_format_order(self) -> List[Finding]:
        """The same findings in FORMAT.md's order, for the JSON (§4)."""
        return sorted(self.findings, key=finding_order)


@dataclass(frozen=True)
class FindingFilter:
    """The findings a person asked for. Empty tuples keep everything; ``top`` None, every one.

    ``departments`` are department names and ``teams`` team ids, as they are in the model
    (the command line finds them from what was typed, with a "did you mean").
    """

    severities: Tuple[str, ...] = ()
    rules: Tuple[str, ...] = ()
    departments: Tuple[str, ...] = ()
    teams: Tuple[str, ...] = ()
    top: Optional[int] = None

    @property
    def is_empty(self) -> bool:
        """True when the filter keeps every finding."""
        return not (self.severities or self.rules or self.departments or self.teams or self.top is not None)

    def keeps(self, finding: Finding, departments_of: Dict[str, str]) -> bool:
        """Whether ``finding`` passes every kind of filter (``top`` aside)."""
        if self.severities and finding.severity not in self.severities:
            return False
        if self.rules and finding.rule not in self.rules:
            return False
        if self.teams and not any(finding.touches(team) or finding.facts.get("declared_in") == team
                                  for team in self.teams):
            return False
        if self.departments:
            touched = {departments_of.get(node) for node in _teams_of(finding)}
            if not touched & set(self.departments):
                return False
        return True

    def apply(self, analysis: Analysis) -> Triage:
        """The findings of ``analysis`` this filter keeps, ranked (see the module's doc)."""
        kept = list(analysis.findings)
        if self.severities or self.rules or self.departments or self.teams:
            departments_of = {team_id: team.department or "" for team_id, team in analysis.org.teams.items()}
            kept = [f for f in kept if self.keeps(f, departments_of)]
        matched = len(kept)
        if self.top is not None:  # stable, as ranked() is: ties keep FORMAT.md's order
            kept = sorted(kept, key=lambda f: (-f.workers_affected, severity_rank(f.severity)))[:self.top]
        total = sum(1 for f in analysis.findings if not self.severities or f.severity in self.severities)
        return Triage(tuple(ranked(kept)), matched, total, self)


def _teams_of(finding: Finding) -> Set[str]:
    """The teams a finding is about: its team, or the two ends of its link, and the team whose
    file declared it (an unknown supplier is its client's mistake)."""
    teams = set(finding.subject)
    declared_in = finding.facts.get("declared_in")
    if declared_in:
        teams.add(declared_in)
    return teams
