"""A what-if scenario's answer in words (text) and as data (JSON).

It leads with what a person deciding wants to know: whose chain to the client is lost,
lengthened or rerouted, which teams would become single points of failure or be cut off,
and how many workers of each team it touches. The full comparison (links, every finding)
follows, as ``chainmap diff`` gives it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..analysis import Finding
from ..analysis.words import describe, rule_title
from ..diff import diff_data
from ..i18n import _, ngettext
from ..i18n.localise import format_date
from . import CHAIN_KINDS, WhatIf
from .changes import describe_change

__all__ = ["whatif_text", "whatif_data", "scenario_title"]


def _name(scenario: WhatIf, node: Optional[str]) -> str:
    if node is None:
        return "—"
    for org in (scenario.after.org, scenario.before.org):
        if node in org.teams or node in org.end_clients:
            return org.display_name(node)
    return node


def _path(scenario: WhatIf, chain: Optional[List[str]]) -> str:
    if chain is None:
        return _("no chain to an end client")
    path = " → ".join(_name(scenario, n) for n in chain)
    if chain[-1] not in scenario.before.org.end_clients and chain[-1] in scenario.after.org.end_clients:
        path += " " + _("(an outsourced provider, now outside the organisation)")
    return path


def scenario_title(scenario: WhatIf) -> str:
    """``merge A and B; outsource C``: the scenario in a few words."""
    return "; ".join(describe_change(change, lambda node: _name(scenario, node)) for change in scenario.changes)


def whatif_text(scenario: WhatIf) -> str:
    """The scenario's consequences for a person (see the module docstring)."""
    before = scenario.before
    lines = [_("What if: {changes}?").format(changes=scenario_title(scenario)),
             _("{org}, as of {date}: the organisation as it is, against as imagined (its files are not touched).").format(
                 org=before.org.name, date=format_date(before.as_of)), ""]
    lines += _chain_lines(scenario) + [""] + _finding_lines(scenario) + [""] + _worker_lines(scenario)
    return "\n".join(lines).rstrip("\n") + "\n"


def _chain_lines(scenario: WhatIf) -> List[str]:
    words = {"lost": _("lost"), "longer": _("lengthened"), "rerouted": _("rerouted"), "shorter": _("shorter"),
             "appeared": _("appeared")}
    changes = [c for c in scenario.diff.chains]
    lines = [_("Chains to the end clients")]
    if not changes:
        return lines + ["  " + _("No team's chain to the end clients would change.")]
    for kind in CHAIN_KINDS:
        of_kind = [c for c in changes if c.kind == kind]
        if of_kind:
            lines.append("  " + _("{kind} ({n}):").format(kind=words[kind], n=len(of_kind)))
            lines += ["    " + _("{team}: {chain}").format(team=_name(scenario, c.team), chain=_path(scenario, c.new))
                      + ("  (" + _("was: {path}").format(path=_path(scenario, c.old)) + ")" if c.old else "") for c in of_kind]
    return lines


def _finding_lines(scenario: WhatIf) -> List[str]:
    lines: List[str] = []
    for rule, title in (("single-point-of-failure", _("New single points of failure")), ("broken-chain", _("New broken chains"))):
        new = scenario.new_findings(rule)
        lines.append(f"{title} ({len(new)})")
        lines += ["  ! " + _describe(scenario, finding) for finding in new] or ["  " + _("none")]
    others = [f for f in scenario.diff.findings_new if f.rule not in ("single-point-of-failure", "broken-chain")]
    lines.append(_("Other weak links: {fixed} fixed, {new} new").format(fixed=len(scenario.diff.findings_fixed), new=len(others)))
    lines += ["  ✓ " + _("fixed: {rule}: {subject}").format(rule=rule_title(f.rule), subject=_subject(scenario, f))
              for f in scenario.diff.findings_fixed]
    lines += ["  ✗ " + _("new: {rule}: {subject}").format(rule=rule_title(f.rule), subject=_subject(scenario, f)) for f in others]
    return lines


def _subject(scenario: WhatIf, finding: Finding) -> str:
    return " → ".join(_name(scenario, s) for s in finding.subject)


def _describe(scenario: WhatIf, finding: Finding) -> str:
    return f"{_subject(scenario, finding)}: {describe(finding, scenario.after.org)[0]}"


def _worker_lines(scenario: WhatIf) -> List[str]:
    table = scenario.workers_affected()
    total = len(scenario.worker_changes())
    lines = [ngettext("Workers affected, by team of today: {n} worker", "Workers affected, by team of today: {n} workers", total).format(n=total)]
    if not table:
        return lines + ["  " + _("none")]
    header = (_("team"), _("chain lost"), _("longer"), _("rerouted"), _("shorter"), _("gained"), _("leave"))
    rows = [header] + [(_name(scenario, team), *(str(counts[k]) for k in (*CHAIN_KINDS, "left")))
                       for team, counts in table.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines += ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    return lines


def whatif_data(scenario: WhatIf) -> Dict[str, Any]:
    """The scenario as JSON data: its changes, the headline consequences and the whole diff."""
    from ..formats.data import findings_data
    return {
        "changes": [{"change": type(c).__name__.lower(), **{k: v for k, v in vars(c).items() if v is not None}}
                    for c in scenario.changes],
        "renamed": scenario.renamed,
        "new_single_points_of_failure": findings_data(scenario.after, scenario.new_findings("single-point-of-failure")),
        "new_broken_chains": findings_data(scenario.after, scenario.new_findings("broken-chain")),
        "workers_affected": scenario.workers_affected(),
        "diff": diff_data(scenario.diff),
    }
