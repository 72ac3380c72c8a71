"""The sentences a person reads about findings: what is wrong, what to do, and the titles.

Findings are data; each rule's own words (:mod:`chainmap.analysis.rules`) turn one into a
message and a suggested action in the language in use (see :mod:`chainmap.i18n`), and
this module is how every output asks for them. Names are the teams' display names,
because the reader is a manager, not the YAML file.
"""

from __future__ import annotations

import functools
from typing import Dict, List, Sequence, Tuple

from ..i18n import _, language, ngettext
from ..i18n.localise import format_number
from ..model import Org
from .findings import Finding
from .rules import RULES, rule_named
from .rules.base import number
from .triage import FindingFilter, Triage

__all__ = ["as_sentence", "badge", "describe", "filter_header", "filter_parts", "number", "rule_title", "sentences", "severity_title", "severity_word"]


def rule_title(rule: str) -> str:
    """A short, plain title for a rule (used in legends, tables and headings)."""
    return _rule_titles(language())[rule]


@functools.cache
def _rule_titles(language_code: str) -> Dict[str, str]:
    """Every rule's title in one language, translated once: `weak` on 10,000 teams asks
    for thousands of titles (the language is part of the key only, the catalogue in use reads it)."""
    return {rule.name: _(rule.title) for rule in RULES}


def severity_word(severity: str) -> str:
    """A severity as a word inside a sentence ("error", "warning", "information")."""
    return {"error": _("error"), "warning": _("warning"), "info": _("information")}[severity]


def severity_title(severity: str) -> str:
    """The heading of a severity group."""
    return {"error": _("Errors"), "warning": _("Warnings"), "info": _("For information")}[severity]


def describe(finding: Finding, org: Org) -> Tuple[str, str]:
    """The (message, suggested action) pair of a finding, in its rule's words."""
    return rule_named(finding.rule).words(finding, org)


def badge(finding: Finding) -> str:
    """The few words under a team's name in a diagram, for one of its findings."""
    words = rule_named(finding.rule).badge
    return words(finding) if words is not None else rule_title(finding.rule)


def sentences(finding: Finding, org: Org) -> Tuple[str, str]:
    """The (message, action) pair as sentences to print alone: a capital, a full stop.

    A message often starts with a team's name, and a team without a name is shown by its
    id, lower case by definition: a first word that is a name or an id keeps its case.
    (The names are looked up only for a sentence whose first letter a capital would change:
    most start with one, and `weak` on a large organisation writes tens of thousands.)
    """
    message, action = describe(finding, org)
    if _changed_by_a_capital(message) or _changed_by_a_capital(action):
        named = org.display_name
        declared_in = finding.facts.get("declared_in")
        names = tuple(named(i) for i in (finding.team, finding.supplier, finding.client, declared_in) if i)
        return as_sentence(message, names), as_sentence(action, names)
    return _ended(message), _ended(action)


def as_sentence(text: str, names: Sequence[str] = ()) -> str:
    """``text`` with a capital first letter (unless it starts with one of ``names``) and a full stop.

    >>> as_sentence("ask paie to list its clients"), as_sentence("paie lists no member", ["paie"])
    ('Ask paie to list its clients.', 'paie lists no member.')
    """
    if text and not text.startswith(tuple(names)):
        text = text[0].upper() + text[1:]
    return _ended(text)


def _changed_by_a_capital(text: str) -> bool:
    first = text[:1]
    return first.upper() != first


def _ended(text: str) -> str:
    return text if text.endswith(_ENDINGS) else text + "."


_ENDINGS = (".", "?", "!", "…")


def filter_header(triage: Triage, org: Org) -> str:
    """What a filter kept, in words: "12 of 341 warnings, department Soins".

    The count is of the findings shown, out of all those of the severities asked for (every
    severity when none was); then each filter given, so that a list cut down never reads as
    the whole organisation's.
    """
    chosen = triage.filter
    shown, total = format_number(len(triage.findings)), format_number(triage.total)
    severities = chosen.severities if len(chosen.severities) == 1 else ()
    counted = {
        "error": lambda: ngettext("{shown} of {total} error", "{shown} of {total} errors", triage.total),
        "warning": lambda: ngettext("{shown} of {total} warning", "{shown} of {total} warnings", triage.total),
        "info": lambda: ngettext("{shown} of {total} for information", "{shown} of {total} for information", triage.total),
    }.get(severities[0] if severities else "", lambda: ngettext("{shown} of {total} weak link", "{shown} of {total} weak links", triage.total))
    return ", ".join([counted().format(shown=shown, total=total), *filter_parts(chosen, org, len(chosen.severities) > 1)])


def filter_parts(chosen: FindingFilter, org: Org, severities: bool = True) -> List[str]:
    """Each filter in words ("errors and warnings only", "department Soins", "team Urgences"…);
    ``severities``: say the severities too (a count of "warnings" already says it)."""
    parts: List[str] = []
    if severities and chosen.severities:
        parts.append(_("{severities} only").format(severities=_(" and ").join(severity_title(s).lower() for s in chosen.severities)))
    if chosen.rules:
        parts.append(ngettext("rule: {titles}", "rules: {titles}", len(chosen.rules)).format(
            titles=", ".join(rule_title(rule) for rule in chosen.rules)))
    if chosen.departments:
        parts.append(ngettext("department {names}", "departments {names}", len(chosen.departments)).format(
            names=", ".join(chosen.departments)))
    if chosen.teams:
        parts.append(ngettext("team {names}", "teams {names}", len(chosen.teams)).format(
            names=", ".join(org.display_name(team) for team in chosen.teams)))
    if chosen.top is not None:
        parts.append(ngettext("the {n} that affects the most workers", "the {n} that affect the most workers",
                              chosen.top).format(n=format_number(chosen.top)))
    return parts
