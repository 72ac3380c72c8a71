"""What every rule is made of: the :class:`Context` it looks at, the :class:`Rule` entry
that describes it, and the helpers that make its findings and its words.

A rule is one module of this package (see :mod:`chainmap.analysis.rules`): a ``check``
function that yields :class:`~chainmap.analysis.findings.Finding` objects (data only), a
``words`` function that says what is wrong and what to do, in the reader's language, and
one :class:`Rule` entry that carries both with the rule's name, severity and title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Set, Tuple

from ...i18n import language
from ...model import Org
from ..chains import Chains
from ..findings import Finding

__all__ = ["Context", "Rule", "link_finding", "names_of", "number", "team_finding"]


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at; built once per analysis."""

    org: Org
    chains: Chains
    carried: Dict[str, List[str]]
    as_of: dt.date
    linked_teams: Set[str]
    severities: Mapping[str, str]  # rule name → severity, from the registry

    def has_link(self, team_id: str) -> bool:
        """True when the team declares a link, or another team declares one with it.

        Every declared link counts here, one-sided ones too (even with --confirmed-only):
        a team is isolated only when nobody mentions it at all.
        """
        return team_id in self.linked_teams


class Rule(NamedTuple):
    """A rule as FORMAT.md §3's table lists it, with everything chainmap says about it.

    ``title`` is English, marked with ``N_`` for the catalogue and translated where shown
    (:func:`~chainmap.analysis.words.rule_title`). ``words(finding, org)`` gives the
    (message, suggested action) pair in the language in use; ``badge(finding)``, the few
    words under a team's name in a diagram (default: the title).
    """

    name: str
    severity: str
    subject: str  # "team" or "link": which of Finding's fields name what it is about
    check: Callable[[Context], Iterable[Finding]]
    title: str
    words: Callable[[Finding, Org], Tuple[str, str]]
    badge: Optional[Callable[[Finding], str]] = None


def team_finding(ctx: Context, rule: str, team: str, affected: Optional[int] = None, **facts) -> Finding:
    """A finding about a team, affecting its members (or ``affected`` workers)."""
    # A team's members are distinct (the loader refuses a worker listed twice in one team),
    # so counting them needs no set: only several teams' members (SPOF) need Org.workers_of.
    count = len(ctx.org.members_of(team)) if affected is None else affected
    return Finding(rule, ctx.severities[rule], team=team, workers_affected=count, facts=facts)


def link_finding(ctx: Context, rule: str, supplier: str, client: str, declared_by: Optional[str] = None,
                 affected: Optional[int] = None, **facts) -> Finding:
    """A finding about the link ``supplier → client``, affecting the supplier's members (or ``affected`` workers)."""
    count = len(ctx.org.members_of(supplier)) if affected is None else affected
    return Finding(rule, ctx.severities[rule], supplier=supplier, client=client, declared_by=declared_by,
                   workers_affected=count, facts=facts)


def number(value: float) -> str:
    """A score as a person writes it: 7 rather than 7.0, 6,5 in French."""
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "fr" else text


def names_of(finding: Finding, org: Org) -> Dict[str, str]:
    """The display names of the finding's team, supplier and client, for its sentences."""
    return {"team": org.display_name(finding.team or ""), "supplier": org.display_name(finding.supplier or ""),
            "client": org.display_name(finding.client or "")}
