"""Text written for a manager: the summary of `check`, the findings of `weak`, the chains.

Display names rather than ids, findings grouped by severity, each with the workers it
affects and what to do about it.
"""

from __future__ import annotations

import itertools
from operator import attrgetter
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from ..analysis import SEVERITIES, Analysis, Finding
from ..analysis.triage import FindingFilter, Triage
from ..analysis.words import filter_header, rule_title, sentences, severity_title
from ..i18n import _, ngettext
from ..i18n.localise import format_date, format_number, format_percent
from ..names import comparable

__all__ = ["Plain", "check_text", "weak_text", "chains_text", "chain_words", "subject_words"]

MARKS = {"error": "✗", "warning": "!", "info": "·"}


def counts_line(analysis: Analysis) -> str:
    """'2 errors, 6 warnings, 6 for information' (or 'no weak link')."""
    counts = [analysis.count(s) for s in SEVERITIES]
    if not any(counts):
        return _("no weak link found")
    return ", ".join([
        ngettext("{n} error", "{n} errors", counts[0]).format(n=format_number(counts[0])),
        ngettext("{n} warning", "{n} warnings", counts[1]).format(n=format_number(counts[1])),
        ngettext("{n} for information", "{n} for information", counts[2]).format(n=format_number(counts[2])),
    ])


def check_text(analysis: Analysis, source: str, triage: Optional[Triage] = None, paint: Any = None) -> str:
    """``chainmap check``: what was loaded, how many findings of each severity, and for each
    severity the few that affect the most workers (of those ``triage`` kept)."""
    org = analysis.org
    links = len(org.links)
    confirmed = sum(1 for link in org.links if link.confirmed)
    share = format_percent(confirmed / links if links else 1)
    sizes = ", ".join([
        ngettext("{n} team", "{n} teams", len(org.teams)).format(n=format_number(len(org.teams))),
        ngettext("{n} end client", "{n} end clients", len(org.end_clients)).format(n=format_number(len(org.end_clients))),
        ngettext("{n} worker", "{n} workers", len(org.workers)).format(n=format_number(len(org.workers))),
        ngettext("{n} link", "{n} links", links).format(n=format_number(links)),
    ])
    lines = [
        _("{org}: {sizes} ({confirmed} confirmed, {share}).").format(org=org.name, sizes=sizes, confirmed=format_number(confirmed), share=share),
        *survey_lines(analysis),
        _("Findings: {counts}.").format(counts=counts_line(analysis)),
        *_most_affecting(analysis, triage or FindingFilter().apply(analysis), paint or Plain()),
    ]
    if analysis.findings:
        lines.append(_("See them with: chainmap weak {org}").format(org=_quote(source)))
    return "\n".join(lines) + "\n"


CHECK_SHOWS = 3  # findings of each severity in check's summary: the ones that affect the most workers


def _most_affecting(analysis: Analysis, triage: Triage, paint: Any) -> List[str]:
    """Under check's counts, the findings of each severity that affect the most workers."""
    lines = [] if triage.filter.is_empty else [_("Shown: {what}.").format(what=filter_header(triage, analysis.org))]
    for severity, count in triage.by_severity():
        group = [f for f in triage.findings if f.severity == severity][:CHECK_SHOWS]
        for finding in group:
            affected = ngettext("{n} worker affected", "{n} workers affected", finding.workers_affected)
            lines.append("  " + paint.severity(severity, MARKS[severity] + " " + _("{title}: {subject}").format(
                title=rule_title(finding.rule), subject=subject_words(analysis, finding)))
                + f" ({affected.format(n=format_number(finding.workers_affected))})")
        if count > len(group):
            lines.append("    " + ngettext("… and {n} more", "… and {n} more", count - len(group)).format(
                n=format_number(count - len(group))))
    return lines


def survey_lines(analysis: Analysis) -> List[str]:
    """Where the satisfaction figures come from, when a survey overlay was applied (else nothing)."""
    record = analysis.org.survey
    if record is None:
        return []
    figures = []  # a figure the survey did not have is left out ("eNPS of 0 teams" said nothing)
    if record.links or not record.teams:
        figures.append(ngettext("satisfaction of {n} link", "satisfaction of {n} links", record.links).format(n=format_number(record.links)))
    if record.teams:
        figures.append(ngettext("eNPS of {n} team", "eNPS of {n} teams", record.teams).format(n=format_number(record.teams)))
    replaced = ngettext("{n} declared score replaced", "{n} declared scores replaced", record.overridden).format(n=format_number(record.overridden))
    return [_("From the survey of {date}: {figures} (survey figures take precedence over the declarations: {replaced}).").format(
        date=format_date(record.date), figures=", ".join(figures), replaced=replaced)]


class Plain:
    """No colour: the palette of a file or a pipe (the command line gives a coloured one to a terminal)."""

    def severity(self, severity: str, text: str) -> str:
        return text

    def heading(self, severity: str, text: str) -> str:
        return text


def weak_text(analysis: Analysis, triage: Optional[Triage] = None, paint: Any = None) -> str:
    """``chainmap weak``: findings grouped by severity, the most workers affected first, each
    with its action. ``triage``: the findings a filter kept (default: all); ``paint``: the
    colours of a terminal (see :class:`Plain`)."""
    return "".join(weak_text_pieces(analysis, triage, paint))


def weak_text_pieces(analysis: Analysis, triage: Optional[Triage] = None, paint: Any = None,
                     lines_per_piece: int = 6000) -> Iterator[str]:
    """:func:`weak_text` in pieces of whole lines, to be written one after the other: the list
    of a large organisation runs to tens of megabytes, and held whole it was the largest
    thing in memory at the end of `weak`."""
    org = analysis.org
    triage = triage or FindingFilter().apply(analysis)
    paint = paint or Plain()
    broken_shown = any(f.rule == "broken-chain" for f in triage.findings)  # else the advice points at nothing shown
    lines = [*_title(analysis, triage), *survey_lines(analysis), *(_unknown_first(analysis) if broken_shown else [])]
    # the words the same for every finding, translated once (a large organisation has tens of thousands)
    heading = _("{title}: {subject}")
    titles = {rule: rule_title(rule) for rule in {f.rule for f in triage.findings}}
    affected_by_count: Dict[int, str] = {}
    for severity, group in _by_severity(triage.findings):
        lines += ["", paint.heading(severity, f"{severity_title(severity).upper()} ({format_number(len(group))})")]
        mark = MARKS[severity] + " "
        for finding in group:
            message, action = sentences(finding, org)
            count = finding.workers_affected
            affected = affected_by_count.get(count)
            if affected is None:
                affected = affected_by_count[count] = ngettext(
                    "{n} worker affected", "{n} workers affected", count).format(n=format_number(count))
            lines += [
                "  " + paint.severity(severity, mark + heading.format(
                    title=titles[finding.rule], subject=subject_words(analysis, finding))),
                f"    {message} ({affected})",
                f"    → {action}",
            ]
            if len(lines) >= lines_per_piece:
                yield "\n".join(lines) + "\n"
                lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def _by_severity(findings: Sequence[Finding]) -> Iterator[Tuple[str, List[Finding]]]:
    """(severity, its findings) for each severity among ``findings``, most severe first, in
    one pass over findings ranked by severity."""
    for severity, group in itertools.groupby(findings, key=attrgetter("severity")):
        yield severity, list(group)


def _title(analysis: Analysis, triage: Triage) -> List[str]:
    """The first line: the organisation, the day, and what is listed (all, or what a filter kept)."""
    org = analysis.org
    if triage.filter.is_empty:
        return [_("{org} — weak links as of {date}: {counts}.").format(
            org=org.name, date=format_date(analysis.as_of), counts=counts_line(analysis))]
    return [_("{org} — weak links as of {date}: {shown}.").format(
                org=org.name, date=format_date(analysis.as_of), shown=filter_header(triage, org)),
            _("In all: {counts}.").format(counts=counts_line(analysis))]


def subject_words(analysis: Analysis, finding: Finding) -> str:
    """What a finding is about, as a person reads it: a team's name, or "Supplier → Client"."""
    org = analysis.org
    if finding.team is not None:
        return org.display_name(finding.team)
    return f"{org.display_name(finding.supplier or '')} → {org.display_name(finding.client or '')}"


def _unknown_first(analysis: Analysis) -> List[str]:
    """Say where to start when a broken chain runs into an id that exists nowhere: one
    misspelt end client breaks every chain through it, and each broken chain's own advice
    (ask the team whom it serves) would send the reader to the wrong door."""
    broken = {f.team for f in analysis.findings if f.rule == "broken-chain"}
    dead_ends = [f.supplier for f in analysis.findings if f.rule == "unknown-reference"
                 and f.supplier is not None and f.supplier in analysis.org.teams and f.client not in analysis.org.teams]
    if not broken or not dead_ends or not broken & _upstream(analysis, dead_ends):
        return []
    return [_("Correct the unknown ids first: a chain stops at an id that exists nowhere, "
              "so some of the broken chains below come from them.")]


def _upstream(analysis: Analysis, teams: List[str]) -> Set[str]:
    """The teams whose work flows into these (themselves included), following the links back."""
    suppliers: Dict[str, List[str]] = {}
    for link in analysis.org.links:
        suppliers.setdefault(link.client, []).append(link.supplier)
    seen, todo = set(teams), list(teams)
    while todo:
        for supplier in suppliers.get(todo.pop(), ()):
            if supplier not in seen:
                seen.add(supplier)
                todo.append(supplier)
    return seen


def chain_words(analysis: Analysis, chain: Optional[List[str]]) -> str:
    """A chain as a person reads it: 'Pharmacie → Urgences → Patients'."""
    if chain is None:
        return _("no chain to an end client")
    return " → ".join(analysis.org.display_name(node) for node in chain)


def chains_text(analysis: Analysis, team_ids: Iterable[str], worker_ids: Iterable[str]) -> str:
    """``chainmap chains``: for which client each team and worker works, and through whom."""
    org = analysis.org
    lines: List[str] = []
    team_ids, worker_ids = list(team_ids), list(worker_ids)
    if team_ids:
        lines.append(_("Teams — the shortest chain to an end client:"))
        # in the order of their names, as a reader looks them up (JSON keeps FORMAT.md's id order)
        for team_id in sorted(team_ids, key=lambda t: (comparable(org.display_name(t)), t)):
            reach = ", ".join(org.display_name(c) for c in analysis.chains.end_clients.get(team_id, ()))
            if reach:
                lines.append(f"  {chain_words(analysis, analysis.team_chain(team_id))}   "
                             + _("[reaches: {clients}]").format(clients=reach))
            else:
                lines.append("  " + _("{team}: no chain to an end client").format(team=org.display_name(team_id)))
    if worker_ids:
        lines += [""] if lines else []
        lines.append(_("Workers — for which client they work, and through whom:"))
        for worker_id in worker_ids:
            worker = org.workers[worker_id]
            shown = worker.name if worker.name == worker.id else f"{worker.name} ({worker.id})"
            teams = ", ".join(org.display_name(t) for t in worker.teams)
            lines.append("  " + _("{worker} [{teams}]: {chain}").format(
                worker=shown, teams=teams, chain=chain_words(analysis, analysis.worker_chain(worker_id))))
    return "\n".join(lines) + "\n"


def _quote(path: str) -> str:
    return f'"{path}"' if " " in path else path
