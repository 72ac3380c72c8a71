"""Key figures of an organisation, or of some of its teams, as printed on posters.

Figures are data (numbers); the words around them are added where they are printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple

from ..analysis import RULE_ORDER, Analysis, Finding

__all__ = ["KeyFigures", "key_figures"]


@dataclass(frozen=True)
class KeyFigures:
    """Counts a facilitator reads first: size, links, and what is weak (by rule, table order)."""

    teams: int
    workers: int
    links: int
    confirmed: int
    broken_chains: int
    weak_links: int
    by_rule: Tuple[Tuple[str, str, int], ...]

    @property
    def confirmed_share(self) -> Optional[float]:
        """Share of the links both sides declare (``None`` when there is no link)."""
        return self.confirmed / self.links if self.links else None


def key_figures(analysis: Analysis, teams: Optional[Iterable[str]] = None) -> KeyFigures:
    """The figures of the whole organisation, or of the links and findings touching ``teams``."""
    org = analysis.org
    chosen = set(org.teams) if teams is None else set(teams)
    links = [link for link in org.links if link.supplier in chosen or link.client in chosen]
    workers = {m.id for t in chosen for m in org.teams[t].members}
    findings = [f for f in analysis.findings if _touches(f, chosen)]
    counts: Dict[str, int] = {}
    severity: Dict[str, str] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
        severity[finding.rule] = finding.severity
    by_rule = tuple((rule, severity[rule], counts[rule]) for rule in RULE_ORDER if rule in counts)
    return KeyFigures(len(chosen), len(workers), len(links), sum(1 for link in links if link.confirmed),
                      counts.get("broken-chain", 0), len(findings), by_rule)


def _touches(finding: Finding, teams: set) -> bool:
    return any(node in teams for node in finding.subject)
