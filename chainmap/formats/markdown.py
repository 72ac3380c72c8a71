"""`chainmap weak --format markdown`: a summary for a CI job summary, a wiki page or a ticket.

A heading, the counts, then one table row per finding (most severe first) with what is
wrong and what to do. Cell text is escaped so that a team called "R&D | Achats" cannot
break the table, and no HTML from a name reaches the page.
"""

from __future__ import annotations

from typing import Iterable, List, Optional

from ..analysis import SEVERITIES, Analysis
from ..analysis.triage import FindingFilter, Triage
from ..analysis.words import filter_header, rule_title, sentences, severity_word
from ..i18n import _
from ..i18n.localise import format_date
from .text import counts_line, survey_lines

__all__ = ["weak_markdown", "cell"]

ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell.

    >>> cell("R&D | <Achats>\\nnord")
    'R&amp;D \\\\| &lt;Achats&gt; nord'
    """
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(value.replace("|", "\\|").split())


def weak_markdown(analysis: Analysis, notes: Iterable[str] = (), triage: Optional[Triage] = None) -> str:
    """The findings as Markdown, the most workers affected first within each severity;
    ``notes`` (e.g. what a baseline hid) are listed under the counts; ``triage``: the
    findings a filter kept (said under the heading), by default all of them."""
    org = analysis.org
    triage = triage or FindingFilter().apply(analysis)
    lines: List[str] = [
        "## " + cell(_("{org} — weak links as of {date}").format(org=org.name, date=format_date(analysis.as_of))),
        "",
        f"**{cell(counts_line(analysis))}**",
    ]
    if not triage.filter.is_empty:
        lines += ["", cell(_("Shown: {what}.").format(what=filter_header(triage, org)))]
    extra = [*survey_lines(analysis), *notes]
    if extra:
        lines += [""] + [f"- {cell(note)}" for note in extra]
    if triage.findings:
        lines += ["", "| | " + " | ".join([_("Finding"), _("About"), _("What is wrong"), _("What to do"), _("Workers")]) + " |",
                  "|---|---|---|---|---|---:|"]
    for severity in SEVERITIES:
        for finding in (f for f in triage.findings if f.severity == severity):
            message, action = sentences(finding, org)
            subject = " → ".join(org.display_name(s) for s in finding.subject)
            lines.append("| " + " | ".join([
                f"{ICONS[severity]} {cell(severity_word(severity))}", cell(rule_title(finding.rule)), cell(subject),
                cell(message), cell(action), str(finding.workers_affected)]) + " |")
    return "\n".join(lines) + "\n"
