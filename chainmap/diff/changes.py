"""What changed between two versions of an organisation: links, findings, chains, workers.

After a workshop the question is "what changed?": which links were added, removed or
confirmed by the other side, which weak links were fixed and which appeared, whose chain
to the client got shorter, longer, appeared or was lost, and which workers now work for
the client through a different route. Links are identified by (supplier, client), teams
and workers by id, and findings by rule and subject (never by their wording).

>>> import chainmap
>>> result = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> diff(result, result).is_empty
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..analysis import Analysis, Finding
from ..analysis.chains import same_chains
from ..analysis.words import describe, rule_title, severity_word
from ..i18n import _, ngettext
from ..model import Link
from .figures import FigureChanges, figure_changes, figures_data, figures_lines

__all__ = ["ChainChange", "WorkerChange", "OrgDiff", "diff", "diff_data", "diff_text"]

Chain = Optional[List[str]]


@dataclass(frozen=True)
class ChainChange:
    """A team whose shortest chain changed: ``kind`` is shorter, longer, appeared, lost or rerouted."""

    team: str
    kind: str
    old: Chain
    new: Chain


@dataclass(frozen=True)
class WorkerChange:
    """A worker whose chain to the client changed."""

    worker: str
    old: Chain
    new: Chain


@dataclass(frozen=True)
class OrgDiff:
    """Everything that changed from ``old`` to ``new``."""

    old: Analysis
    new: Analysis
    teams_added: Tuple[str, ...]
    teams_removed: Tuple[str, ...]
    links_added: Tuple[Link, ...]
    links_removed: Tuple[Link, ...]
    newly_confirmed: Tuple[Link, ...]
    no_longer_confirmed: Tuple[Link, ...]
    findings_fixed: Tuple[Finding, ...]
    findings_new: Tuple[Finding, ...]
    chains: Tuple[ChainChange, ...]
    workers_added: Tuple[str, ...]
    workers_removed: Tuple[str, ...]
    workers_changed: Tuple[WorkerChange, ...]
    figures: FigureChanges = FigureChanges()

    @property
    def is_empty(self) -> bool:
        """True when nothing that chainmap reports changed (figures included: a score falling
        from 6 to 1 crosses no threshold, and is still a change)."""
        return self.figures.is_empty and not any((
            self.teams_added, self.teams_removed, self.links_added, self.links_removed,
            self.newly_confirmed, self.no_longer_confirmed, self.findings_fixed, self.findings_new,
            self.chains, self.workers_added, self.workers_removed, self.workers_changed))

    def new_of_severity(self, severity: str) -> List[Finding]:
        """The new findings of one severity (``--fail-on-new`` looks at the errors)."""
        return [f for f in self.findings_new if f.severity == severity]


def diff(old: Analysis, new: Analysis) -> OrgDiff:
    """Compare two analysed versions of an organisation. Linear in their sizes."""
    old_links = {(link.supplier, link.client): link for link in old.org.links}
    new_links = {(link.supplier, link.client): link for link in new.org.links}
    both = sorted(old_links.keys() & new_links.keys())
    old_keys = {f.key for f in old.findings}
    same = same_chains(old.chains, new.chains)
    new_keys = {f.key for f in new.findings}
    return OrgDiff(
        old=old, new=new,
        teams_added=tuple(sorted(new.org.teams.keys() - old.org.teams.keys())),
        teams_removed=tuple(sorted(old.org.teams.keys() - new.org.teams.keys())),
        links_added=tuple(new_links[k] for k in sorted(new_links.keys() - old_links.keys())),
        links_removed=tuple(old_links[k] for k in sorted(old_links.keys() - new_links.keys())),
        newly_confirmed=tuple(new_links[k] for k in both if new_links[k].confirmed and not old_links[k].confirmed),
        no_longer_confirmed=tuple(new_links[k] for k in both if old_links[k].confirmed and not new_links[k].confirmed),
        findings_fixed=tuple(f for f in old.findings if f.key not in new_keys),
        findings_new=tuple(f for f in new.findings if f.key not in old_keys),
        chains=tuple(_chain_changes(old, new, same)),
        workers_added=tuple(w for w in new.org.workers if w not in old.org.workers),
        workers_removed=tuple(w for w in old.org.workers if w not in new.org.workers),
        workers_changed=tuple(WorkerChange(w, old.worker_chain(w), new.worker_chain(w)) for w in new.org.workers
                              if w in old.org.workers and not _same_worker_chain(old, new, w, same)),
        figures=figure_changes(old, new),
    )


def _same_worker_chain(old: Analysis, new: Analysis, worker_id: str, same: Callable[[str], bool]) -> bool:
    """Whether a worker's chain is the same: it starts from the same team, whose chain is the same."""
    start = old.workers.start(worker_id)
    return start == new.workers.start(worker_id) and (start is None or same(start))


def _chain_changes(old: Analysis, new: Analysis, same: Callable[[str], bool]) -> List[ChainChange]:
    changes = []
    for team in sorted(old.org.teams.keys() & new.org.teams.keys()):
        if same(team):  # compared without building either chain
            continue
        before, after = old.team_chain(team), new.team_chain(team)
        if before is None or after is None:
            kind = "appeared" if before is None else "lost"
        else:
            kind = "shorter" if len(after) < len(before) else "longer" if len(after) > len(before) else "rerouted"
        changes.append(ChainChange(team, kind, before, after))
    return changes


# JSON ---------------------------------------------------------------------------------------


def diff_data(d: OrgDiff) -> Dict[str, Any]:
    """The diff as JSON data for scripts (ids only; findings as in `weak --format json`)."""
    from ..formats.data import findings_data
    return {
        "old": {"org": d.old.org.name, "source": d.old.org.source},
        "new": {"org": d.new.org.name, "source": d.new.org.source},
        "teams": {"added": list(d.teams_added), "removed": list(d.teams_removed)},
        "links": {"added": [_link_data(link) for link in d.links_added],
                  "removed": [_link_data(link) for link in d.links_removed],
                  "newly_confirmed": [_link_data(link) for link in d.newly_confirmed],
                  "no_longer_confirmed": [_link_data(link) for link in d.no_longer_confirmed]},
        "findings": {"fixed": findings_data(d.old, d.findings_fixed), "new": findings_data(d.new, d.findings_new)},
        "chains": [{"team": c.team, "change": c.kind, "old": c.old, "new": c.new} for c in d.chains],
        "figures": figures_data(d.figures),
        "workers": {"added": list(d.workers_added), "removed": list(d.workers_removed),
                    "changed": [{"worker": w.worker, "old": w.old, "new": w.new} for w in d.workers_changed]},
    }


def _link_data(link: Link) -> Dict[str, Any]:
    return {"supplier": link.supplier, "client": link.client, "status": link.status, "declared_by": link.declared_by}


# Text ---------------------------------------------------------------------------------------

MAX_WORKERS_SHOWN = 20


def diff_text(d: OrgDiff, old_label: str, new_label: str) -> str:
    """What changed, for a person: display names, one section per kind of change."""
    lines = [_("{org}: what changed from {old} to {new}").format(org=d.new.org.name, old=old_label, new=new_label)]
    if d.is_empty:
        return "\n".join(lines + [_("Nothing changed in teams, links, findings, chains or figures.")]) + "\n"
    lines += _teams_section(d) + _links_section(d) + _findings_section(d) + _chains_section(d) + _workers_section(d)
    lines += figures_lines(d.figures, lambda node: _name(d, node), d.new.org.settings.min_satisfaction)
    return "\n".join(lines) + "\n"


def _name(d: OrgDiff, node: str) -> str:
    return d.new.org.display_name(node) if node in d.new.org.teams or node in d.new.org.end_clients else d.old.org.display_name(node)


def _arrow(d: OrgDiff, link: Link) -> str:
    return f"{_name(d, link.supplier)} → {_name(d, link.client)}"


def _path(d: OrgDiff, chain: Chain) -> str:
    return _("no chain to an end client") if chain is None else " → ".join(_name(d, n) for n in chain)


def _teams_section(d: OrgDiff) -> List[str]:
    if not d.teams_added and not d.teams_removed:
        return []
    lines = ["", _("Teams: {added} added, {removed} removed").format(added=len(d.teams_added), removed=len(d.teams_removed))]
    lines += [f"  + {_name(d, t)}" for t in d.teams_added] + [f"  − {_name(d, t)}" for t in d.teams_removed]
    return lines


def _links_section(d: OrgDiff) -> List[str]:
    if not (d.links_added or d.links_removed or d.newly_confirmed or d.no_longer_confirmed):
        return []
    lines = ["", _("Links: {added} added, {removed} removed, {confirmed} newly confirmed, {unconfirmed} no longer confirmed").format(
        added=len(d.links_added), removed=len(d.links_removed), confirmed=len(d.newly_confirmed), unconfirmed=len(d.no_longer_confirmed))]
    lines += [f"  + {_arrow(d, link)}" for link in d.links_added]
    lines += [f"  − {_arrow(d, link)}" for link in d.links_removed]
    lines += ["  ✓ " + _("confirmed by both sides: {link}").format(link=_arrow(d, link)) for link in d.newly_confirmed]
    lines += ["  ! " + _("now declared by one side only: {link}").format(link=_arrow(d, link)) for link in d.no_longer_confirmed]
    return lines


def _findings_section(d: OrgDiff) -> List[str]:
    if not d.findings_fixed and not d.findings_new:
        return []
    errors = len(d.new_of_severity("error"))
    lines = ["", _("Weak links: {fixed} fixed, {new} new ({errors})").format(
        fixed=len(d.findings_fixed), new=len(d.findings_new),
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors))]
    for finding in d.findings_fixed:
        lines.append("  ✓ " + _("fixed: {rule}: {subject}").format(rule=rule_title(finding.rule), subject=_subject(d, finding)))
    for finding in d.findings_new:
        message = describe(finding, d.new.org)[0]
        lines.append("  ✗ " + _("new ({severity}): {rule}: {subject} — {message}").format(
            severity=severity_word(finding.severity), rule=rule_title(finding.rule), subject=_subject(d, finding), message=message))
    return lines


def _subject(d: OrgDiff, finding: Finding) -> str:
    return " → ".join(_name(d, s) for s in finding.subject)


def _chains_section(d: OrgDiff) -> List[str]:
    if not d.chains:
        return []
    words = {"shorter": _("shorter"), "longer": _("longer"), "appeared": _("appeared"), "lost": _("lost"), "rerouted": _("rerouted")}
    lines = ["", _("Chains to the end clients: {n} changed").format(n=len(d.chains))]
    for change in d.chains:
        lines.append("  " + _("{change}: {team}: {chain}").format(change=words[change.kind], team=_name(d, change.team),
                                                                 chain=_path(d, change.new))
                     + ("  (" + _("was: {path}").format(path=_path(d, change.old)) + ")" if change.old else ""))
    return lines


def _workers_section(d: OrgDiff) -> List[str]:
    if not (d.workers_added or d.workers_removed or d.workers_changed):
        return []
    lines = ["", _("Workers: {added} arrived, {removed} left, {changed} whose chain changed").format(
        added=len(d.workers_added), removed=len(d.workers_removed), changed=len(d.workers_changed))]
    for change in d.workers_changed[:MAX_WORKERS_SHOWN]:
        lines.append("  " + _("{worker}: {chain}").format(worker=d.new.org.workers[change.worker].name,
                                                        chain=_path(d, change.new)))
    hidden = len(d.workers_changed) - MAX_WORKERS_SHOWN
    if hidden > 0:
        lines.append("  " + _("… and {n} more (see --format json)").format(n=hidden))
    return lines
