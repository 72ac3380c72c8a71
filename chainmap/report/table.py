"""The weak links as an HTML table, written on the server side.

The table is complete without the script (an e-mail client that blocks scripts, or a
printer, still shows every row); the script only adds sorting and filtering, reading the
``data-`` attributes written here: the severity, the rule, the departments concerned
(indices into the department list) and the numbers to sort on.
"""

from __future__ import annotations

import re
from html import escape
from typing import Dict, List, Optional

from ..analysis import RULE_ORDER, SEVERITIES, Analysis, Finding, severity_rank
from ..analysis.triage import Triage, ranked
from ..analysis.words import filter_header, rule_title, sentences
from ..i18n import _
from ..render import node_ids
from .data import departments

__all__ = ["findings_section", "severity_label"]

_CODE = re.compile(r"`([^`<>]*)`")


def severity_label(severity: str) -> str:
    """One word for a severity, as shown in the table's badge."""
    return {"error": _("Error"), "warning": _("Warning"), "info": _("Information")}[severity]


def findings_section(analysis: Analysis, triage: Optional[Triage] = None) -> str:
    """The "weak links" section: heading, filters and the table (or a short all-clear).

    Rows come by severity, the most workers affected first. ``triage``, the filters of the
    command line, is the table's initial filter: the rows it keeps are shown, the others
    hidden until the reader changes a filter or asks for them all (the note says which).
    """
    count = len(analysis.findings)
    heading = f'<h2 id="weak-title">{escape(_("Weak links"))} <span class="count">{count}</span></h2>'
    intro = _("Each row says what is wrong and what to do. Sort by clicking a column title; "
              "filter with the lists. Click a team's name to see it in the diagram.")
    if not analysis.findings:
        return (f'<section id="weak" aria-labelledby="weak-title">{heading}'
                f'<p class="all-clear">{escape(_("No weak link found: every rule is satisfied."))}</p></section>')
    return (f'<section id="weak" aria-labelledby="weak-title">{heading}<p class="lead">{escape(intro)}</p>'
            f'{_filters(analysis)}{_initial_note(analysis, triage)}{_table(analysis, triage)}</section>')


def _initial_note(analysis: Analysis, triage: Optional[Triage]) -> str:
    """What the command line's filters show first, and the button that shows every row."""
    if triage is None or triage.filter.is_empty:
        return ""
    said = _("Shown first: {what}.").format(what=filter_header(triage, analysis.org))
    return (f'<p class="initial-filter" id="cm-initial">{escape(said)} '
            f'<button type="button" id="cm-show-all">{escape(_("Show every weak link"))}</button></p>')


def _select(name: str, label: str, everything: str, options: List[tuple]) -> str:
    items = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return (f'<label class="filter">{escape(label)}<select id="cm-filter-{name}" data-filter="{name}">'
            f'<option value="">{escape(everything)}</option>{items}</select></label>')


def _filters(analysis: Analysis) -> str:
    present_rules = [r for r in RULE_ORDER if any(f.rule == r for f in analysis.findings)]
    present_severities = [s for s in SEVERITIES if analysis.count(s)]
    depts = departments(analysis)
    used = sorted({i for f in analysis.findings for i in _department_indices(analysis, f, depts)})
    return ('<div class="filters" role="group" aria-label="' + escape(_("Filter the weak links")) + '">'
            + _select("severity", _("Severity"), _("All severities"), [(s, severity_label(s)) for s in present_severities])
            + _select("rule", _("Kind of weak link"), _("All kinds"), [(r, rule_title(r)) for r in present_rules])
            + _select("dept", _("Department"), _("All departments"), [(str(i), depts[i]) for i in used])
            + '<p class="shown" id="cm-shown" aria-live="polite"></p></div>')


def _department_indices(analysis: Analysis, finding: Finding, depts: List[str]) -> List[int]:
    teams = analysis.org.teams
    names = {teams[t].department or "" for t in finding.subject if t in teams}
    return sorted(depts.index(name) for name in names if name)


def _header(key: str, text: str, numeric: bool = False, most_first: bool = False) -> str:
    kind = (' data-numeric="1"' if numeric else "") + (' data-first="descending"' if most_first else "")
    return (f'<th scope="col" aria-sort="none" data-key="{key}"{kind}>'
            f'<button type="button" class="sort">{escape(text)}<span class="arrow" aria-hidden="true"></span></button></th>')


def _table(analysis: Analysis, triage: Optional[Triage] = None) -> str:
    headers = (_header("severity", _("Severity"), True) + _header("rule", _("Weak link"), True)
               + _header("subject", _("Team or link")) + _header("dept", _("Department"))
               + _header("message", _("What is wrong")) + _header("action", _("What to do"))
               + _header("workers", _("Workers affected"), True, most_first=True))
    depts = departments(analysis)
    ids = node_ids(analysis)
    first = None if triage is None or triage.filter.is_empty else {id(f) for f in triage.findings}
    rows = "".join(_row(analysis, finding, depts, ids, first is None or id(finding) in first)
                   for finding in ranked(analysis.findings))
    return (f'<div class="table-wrap"><table id="cm-findings"><thead><tr>{headers}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def _subject(analysis: Analysis, finding: Finding, ids: Dict[str, str]) -> str:
    parts = []
    for node in finding.subject:
        name = escape(analysis.org.display_name(node))
        if node in ids:
            parts.append(f'<button type="button" class="node-link" data-node="{ids[node]}">{name}</button>')
        else:
            parts.append(f'<span class="unknown">{name}</span>')
    arrow = f' <span class="arrow-link" title="{escape(_("serves"))}">→</span> '
    return arrow.join(parts)


def _row(analysis: Analysis, finding: Finding, depts: List[str], ids: Dict[str, str], shown_first: bool = True) -> str:
    message, action = sentences(finding, analysis.org)
    indices = _department_indices(analysis, finding, depts)
    dept_text = ", ".join(depts[i] for i in indices)
    sev = finding.severity
    initial = "" if shown_first else ' data-initial="0" hidden'
    return (f'<tr data-severity="{sev}" data-rule="{finding.rule}" data-dept="{" ".join(map(str, indices))}"{initial}>'
            f'<td data-sort="{severity_rank(sev)}"><span class="badge {sev}">{escape(severity_label(sev))}</span></td>'
            f'<td data-sort="{RULE_ORDER.index(finding.rule)}">{escape(rule_title(finding.rule))}</td>'
            f'<td>{_subject(analysis, finding, ids)}</td><td>{escape(dept_text)}</td>'
            f'<td>{_prose(message)}</td><td>{_prose(action)}</td>'
            f'<td class="num" data-sort="{finding.workers_affected}">{finding.workers_affected}</td></tr>')


def _prose(text: str) -> str:
    """A message as escaped HTML, with the ids it quotes in `backticks` set as code."""
    return _CODE.sub(r"<code>\1</code>", escape(text))

