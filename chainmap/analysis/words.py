"""The sentences a person reads about a finding: what is wrong, and what to do.

Findings are data; this module turns each into a message and a suggested action in the
language in use (see :mod:`chainmap.i18n`). Names are the teams' display names, because
the reader is a manager, not the YAML file.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Callable, Dict, Sequence, Tuple

from ..i18n import _, language, ngettext
from ..i18n.localise import format_date
from ..model import Org
from .findings import Finding

__all__ = ["describe", "sentences", "as_sentence", "rule_title", "severity_title", "severity_word", "number"]


def number(value: float) -> str:
    """A score as a person writes it: 7 rather than 7.0, 6,5 in French."""
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "fr" else text


def rule_title(rule: str) -> str:
    """A short, plain title for a rule (used in legends, tables and headings)."""
    return _rule_titles(language())[rule]


@functools.cache
def _rule_titles(language_code: str) -> Dict[str, str]:
    """Every rule's title in one language, translated once: `weak` on 10,000 teams asks
    for 11,540 titles, and translating all ten at each call took 0.03 of its 0.26 s of words."""
    return {
        "unknown-reference": _("Unknown team"),
        "broken-chain": _("Broken chain"),
        "isolated": _("Isolated team"),
        "one-sided": _("One-sided link"),
        "low-satisfaction": _("Low satisfaction"),
        "single-point-of-failure": _("Single point of failure"),
        "attention-asymmetry": _("Frontline team poorly served"),
        "long-chain": _("Long chain"),
        "stale": _("Declaration not reviewed"),
        "no-members": _("No members"),
    }


def severity_word(severity: str) -> str:
    """A severity as a word inside a sentence ("error", "warning", "information")."""
    return {"error": _("error"), "warning": _("warning"), "info": _("information")}[severity]


def severity_title(severity: str) -> str:
    """The heading of a severity group."""
    return {"error": _("Errors"), "warning": _("Warnings"), "info": _("For information")}[severity]


def describe(finding: Finding, org: Org) -> Tuple[str, str]:
    """The (message, suggested action) pair of a finding."""
    return _TEXTS[finding.rule](finding, org)


def sentences(finding: Finding, org: Org) -> Tuple[str, str]:
    """The (message, action) pair as sentences to print alone: a capital, a full stop.

    A message often starts with a team's name, and a team without a name is shown by its
    id, lower case by definition: a first word that is a name or an id keeps its case.
    """
    message, action = describe(finding, org)
    names = [org.display_name(i) for i in (finding.team, finding.supplier, finding.client,
                                           finding.facts.get("declared_in")) if i]
    return as_sentence(message, names), as_sentence(action, names)


def as_sentence(text: str, names: Sequence[str] = ()) -> str:
    """``text`` with a capital first letter (unless it starts with one of ``names``) and a full stop.

    >>> as_sentence("ask paie to list its clients"), as_sentence("paie lists no member", ["paie"])
    ('Ask paie to list its clients.', 'paie lists no member.')
    """
    if text and not any(text.startswith(name) for name in names):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _names(finding: Finding, org: Org) -> Dict[str, str]:
    names = {"team": org.display_name(finding.team or "")}
    names["supplier"] = org.display_name(finding.supplier or "")
    names["client"] = org.display_name(finding.client or "")
    return names


def _unknown_reference(f: Finding, org: Org) -> Tuple[str, str]:
    missing, declarer = f.facts["missing"], org.display_name(f.facts["declared_in"])
    if missing == f.client:
        text = _("{declarer} lists `{missing}` among its clients, but no team or end client has that id").format(declarer=declarer, missing=missing)
    else:
        text = _("{declarer} lists `{missing}` among its suppliers, but no team has that id").format(declarer=declarer, missing=missing)
    if f.facts.get("suggestion"):
        fix = _("did you mean `{suggestion}` ({name})? Correct the id in the file of {declarer}").format(suggestion=f.facts["suggestion"], name=org.display_name(f.facts["suggestion"]), declarer=declarer)
    else:
        fix = _("correct the id in the file of {declarer}, add the missing team's file, or remove the entry").format(declarer=declarer)
    return text, fix


def _broken_chain(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    return (_("{team} has links, but none of them leads to an end client: its work reaches no client").format(**n),
            _("ask {team} whom its work finally serves, and add that client to its `clients` (or the missing link further down the chain)").format(**n))


def _isolated(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    return (_("{team} declares no client and no supplier, and no team names it").format(**n),
            _("ask {team} to list whom it serves (`clients`) and who serves it (`suppliers`)").format(**n))


def _one_sided(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    if f.declared_by == "supplier":
        return (_("{supplier} says it serves {client}, but {client} does not list {supplier} among its suppliers").format(**n),
                _("ask {client} to list {supplier} among its suppliers, or remove the link from the file of {supplier}").format(**n))
    return (_("{client} says {supplier} serves it, but {supplier} does not list {client} among its clients").format(**n),
            _("ask {supplier} to list {client} among its clients, or remove the link from the file of {client}").format(**n))


def _low_satisfaction(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    score, threshold = number(f.facts["satisfaction"]), number(f.facts["threshold"])
    return (_("{client} rates the service of {supplier} {score}/10 (below {threshold})").format(score=score, threshold=threshold, **n),
            _("bring {supplier} and {client} together to agree on what {client} needs and how it will be measured").format(**n))


def _single_point_of_failure(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    carried = f.facts["carried"]
    count = len(carried)
    shown = ", ".join(org.display_name(t) for t in carried[:5]) + (", …" if count > 5 else "")
    text = ngettext("every chain of {count} other team ({teams}) passes through {team}",
                    "every chain of {count} other teams ({teams}) passes through {team}", count)
    return (text.format(count=count, teams=shown, **n),
            _("plan a back-up for {team} (a second route to the clients, or cross-training) so that those teams are not cut off if it fails").format(**n))


def _attention_asymmetry(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    reasons = []
    if f.facts.get("mean_satisfaction") is not None:
        reasons.append(_("rates its internal suppliers {mean}/10 on average (below {threshold})").format(mean=number(f.facts["mean_satisfaction"]), threshold=number(f.facts["min_satisfaction"])))
    if f.facts.get("enps") is not None:
        reasons.append(_("has an eNPS (how likely its own members are to recommend it as a place to work) of {enps} (below {threshold})").format(enps=f.facts["enps"], threshold=f.facts["min_enps"]))
    return (_("{team} serves end clients directly but is itself poorly served: it {reasons}").format(reasons=_(" and ").join(reasons), **n),
            _("give the internal suppliers of {team} the attention its clients get: review with them what {team} needs first").format(**n))


def _long_chain(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    return (_("the shortest chain from {team} to an end client has {length} links (more than {limit})").format(length=f.facts["length"], limit=f.facts["limit"], **n),
            _("show {team} the whole chain to the client in a workshop, and look for a shorter route").format(**n))


def _stale(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    return (_("{team} last reviewed its declaration on {reviewed}, {days} days ago (more than {limit})").format(reviewed=format_date(dt.date.fromisoformat(f.facts["reviewed"])), days=f.facts["days"], limit=f.facts["limit"], **n),
            _("ask {team} to check its clients and suppliers and update `reviewed`").format(**n))


def _no_members(f: Finding, org: Org) -> Tuple[str, str]:
    n = _names(f, org)
    return (_("{team} lists no member").format(**n),
            _("add the workers of {team} to `members`, or remove the team if it no longer exists").format(**n))


_TEXTS: Dict[str, Callable[[Finding, Org], Tuple[str, str]]] = {
    "unknown-reference": _unknown_reference,
    "broken-chain": _broken_chain,
    "isolated": _isolated,
    "one-sided": _one_sided,
    "low-satisfaction": _low_satisfaction,
    "single-point-of-failure": _single_point_of_failure,
    "attention-asymmetry": _attention_asymmetry,
    "long-chain": _long_chain,
    "stale": _stale,
    "no-members": _no_members,
}
