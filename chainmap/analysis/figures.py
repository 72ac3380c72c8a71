"""Key figures of an organisation, or of some of its teams: the poster's and the report's.

The poster and the report print the same figures with the same words, so that a
facilitator holding the poster and a manager reading the report never find two counts for
one thing: :func:`key_figures` counts, :func:`figure_rows` puts the words around the counts,
and each medium only lays them out (tiles on paper, cards in HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple

from ..i18n import _, ngettext
from ..i18n.localise import format_number, format_percent
from . import Analysis
from .findings import SEVERITIES, Finding
from .rules import RULE_ORDER
from .triage import FindingFilter

__all__ = ["KeyFigures", "Figure", "key_figures", "figure_rows", "severity_count"]


@dataclass(frozen=True)
class KeyFigures:
    """Counts a facilitator reads first: size, links, reach, and what is weak (by rule, table order).

    ``broken_chains`` and ``isolated`` split the teams whose work reaches no end client:
    a team with no chain either has links, none leading to a client (broken chain), or
    has none at all (isolated).
    """

    teams: int
    workers: int
    links: int
    confirmed: int
    broken_chains: int
    weak_links: int
    by_rule: Tuple[Tuple[str, str, int], ...]
    teams_reaching: int
    workers_reaching: int
    isolated: int
    end_clients: Tuple[str, ...]
    by_severity: Tuple[Tuple[str, int], ...]

    @property
    def confirmed_share(self) -> Optional[float]:
        """Share of the links both sides declare (``None`` when there is no link)."""
        return self.confirmed / self.links if self.links else None

    @property
    def reaching_no_client(self) -> int:
        """Teams whose work reaches no end client: broken chains and isolated teams."""
        return self.broken_chains + self.isolated


@dataclass(frozen=True)
class Figure:
    """One key figure as printed: the count, its words, the details under it, its tone.

    ``details`` are separate items (an end client's name, "4 errors"…), each with the
    severity it speaks of (or ""), so that a medium short of room leaves out whole items.
    ``tone`` is ``alert``, ``warning``, ``good`` or "".
    """

    key: str
    value: str
    label: str
    details: Tuple[Tuple[str, str], ...]
    tone: str = ""


def key_figures(analysis: Analysis, teams: Optional[Iterable[str]] = None,
                rules_filter: Optional[FindingFilter] = None) -> KeyFigures:
    """The figures of the whole organisation, or of the links and findings touching ``teams``.

    The end clients are the organisation's when every team is counted, and those the
    teams' work reaches when only some are (one department's page of a poster).
    ``rules_filter`` (a poster's ``--severity``, ``--rule``, ``--team``) keeps only some
    findings in :attr:`KeyFigures.by_rule`, the "weak links by rule" panel; the other
    figures still count them all.
    """
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
    if rules_filter is not None and not rules_filter.is_empty:
        departments_of = {team_id: team.department or "" for team_id, team in org.teams.items()}
        kept = [f for f in findings if rules_filter.keeps(f, departments_of)]
        by_rule = tuple((rule, severity[rule], n) for rule in RULE_ORDER if (n := sum(1 for f in kept if f.rule == rule)))
    by_severity = tuple((s, n) for s in SEVERITIES if (n := sum(1 for f in findings if f.severity == s)))
    return KeyFigures(len(chosen), len(workers), len(links), sum(1 for link in links if link.confirmed),
                      counts.get("broken-chain", 0), len(findings), by_rule,
                      teams_reaching=sum(map(analysis.chains.has_chain, chosen)),
                      workers_reaching=sum(map(analysis.worker_has_chain, workers)),
                      isolated=counts.get("isolated", 0), end_clients=_end_clients(analysis, chosen),
                      by_severity=by_severity)


def _touches(finding: Finding, teams: set) -> bool:
    return any(node in teams for node in finding.subject)


def _end_clients(analysis: Analysis, chosen: set) -> Tuple[str, ...]:
    """The names of the end clients: all of them, or those the chosen teams' work reaches."""
    org = analysis.org
    if chosen == set(org.teams):
        return tuple(client.name for client in org.end_clients.values())
    reached = {c for t in chosen for c in analysis.chains.end_clients.get(t, ())}
    return tuple(client.name for client_id, client in org.end_clients.items() if client_id in reached)


def figure_rows(figures: KeyFigures) -> Tuple[Figure, ...]:
    """The key figures in their printed order, with their words (the same on poster and report)."""
    count = format_number
    share = figures.confirmed_share
    cut_off = figures.reaching_no_client
    return (
        Figure("teams", count(figures.teams), ngettext("team", "teams", figures.teams),
               _plain(ngettext("{n} reaches an end client", "{n} reach an end client", figures.teams_reaching).format(
                   n=count(figures.teams_reaching)))),
        Figure("workers", count(figures.workers), ngettext("worker", "workers", figures.workers),
               _plain(_("{n} with a chain to an end client").format(n=count(figures.workers_reaching)))),
        Figure("links", count(figures.links), ngettext("link", "links", figures.links),
               _plain(_("{share} confirmed by both sides").format(share=format_percent(share))) if share is not None else ()),
        Figure("end-clients", count(len(figures.end_clients)),
               ngettext("end client", "end clients", len(figures.end_clients)), _plain(*figures.end_clients)),
        Figure("weak-links", count(figures.weak_links), ngettext("weak link", "weak links", figures.weak_links),
               tuple((severity_count(s, n), s) for s, n in figures.by_severity)
               or _plain(_("none: every rule is satisfied")), _weak_tone(figures)),
        Figure("no-end-client", count(cut_off),
               ngettext("team whose work reaches no end client", "teams whose work reaches no end client", cut_off),
               _plain(*_reasons(figures)), "alert" if cut_off else "good"),
    )


def _plain(*texts: str) -> Tuple[Tuple[str, str], ...]:
    """Details that speak of no severity."""
    return tuple((text, "") for text in texts)


def _reasons(figures: KeyFigures) -> Tuple[str, ...]:
    """Why teams reach no end client: how many broken chains, how many isolated teams."""
    reasons = []
    if figures.broken_chains:
        reasons.append(ngettext("{n} broken chain", "{n} broken chains", figures.broken_chains).format(
            n=format_number(figures.broken_chains)))
    if figures.isolated:
        reasons.append(ngettext("{n} isolated team", "{n} isolated teams", figures.isolated).format(
            n=format_number(figures.isolated)))
    return tuple(reasons)


def _weak_tone(figures: KeyFigures) -> str:
    """Red when an error is among the weak links, orange for warnings and information only."""
    severities = dict(figures.by_severity)
    return "alert" if severities.get("error") else ("warning" if figures.weak_links else "")


def severity_count(severity: str, n: int) -> str:
    """"4 errors", "12 warnings", "3 for information"."""
    if severity == "error":
        return ngettext("{n} error", "{n} errors", n).format(n=format_number(n))
    if severity == "warning":
        return ngettext("{n} warning", "{n} warnings", n).format(n=format_number(n))
    return ngettext("{n} for information", "{n} for information", n).format(n=format_number(n))
