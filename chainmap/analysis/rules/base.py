"""What every rule is made of: the :class:`Context` it looks at, the :class:`Rule` entry
that describes it, and the helpers that make its findings and its words.

A rule is one module of this package (see :mod:`chainmap.analysis.rules`): a ``check``
function that yields :class:`~chainmap.analysis.findings.Finding` objects (data only), a
``words`` function that says what is wrong and what to do, in the reader's language, and
one :class:`Rule` entry that carries both with the rule's name, severity and title.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Set, Tuple

from ...i18n import language
from ...model import Org
from ..chains import Chains
from ..dominators import Carried
from ..findings import Finding
from ..indexed import LinkIndex

__all__ = ["Context", "Rule", "link_finding", "names_of", "number", "team_finding"]


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at; built once per analysis.

    Besides the organisation and its chains, the facts most rules read are laid out once,
    by node number (:mod:`~chainmap.analysis.indexed`), so that a rule scans arrays in
    order rather than looking each team up by id: :attr:`team_numbers`, :attr:`members`
    and :attr:`linked`. Each is made the first time a rule reads it.
    """

    org: Org
    chains: Chains
    carried: Carried
    as_of: dt.date
    severities: Mapping[str, str]  # rule name → severity, from the registry

    @property
    def links(self) -> LinkIndex:
        """The numbered teams, end clients and links the chains were found on."""
        return self.chains.index

    @cached_property
    def team_numbers(self) -> List[int]:
        """The node number of each team of ``org.teams``, in that order (id order)."""
        links = self.links
        numbers = [node for node in range(len(links)) if not links.is_end_client[node]]
        ids = links.ids
        if len(numbers) != len(self.org.teams) or any(ids[node] != team_id for node, team_id in zip(numbers, self.org.teams)):
            numbers = [links.number[team_id] for team_id in self.org.teams]  # teams not in id order: a hand-made Org
        return numbers

    @cached_property
    def members(self) -> array:
        """How many members each node has (0 for an end client), by node number."""
        counts = array("i", [0]) * len(self.links)
        for node, team in zip(self.team_numbers, self.org.teams.values()):
            counts[node] = len(team.members)
        return counts

    @cached_property
    def linked(self) -> bytearray:
        """1 for each node that declares a link or is named in one (unknown references included).

        Every declared link counts here, one-sided ones too (even with --confirmed-only):
        a team is isolated only when nobody mentions it at all.
        """
        links = self.links
        linked = bytearray(len(links))
        for supplier, client in zip(links.link_supplier, links.link_client):
            linked[supplier] = linked[client] = 1
        for reference in self.org.unknown_references:
            node = links.number.get(reference.declared_in)
            if node is not None:
                linked[node] = 1
        return linked

    @cached_property
    def shared_members(self) -> Dict[int, Tuple[str, ...]]:
        """``org.shared_members`` by node number: each team's members who belong to other teams too."""
        number = self.links.number
        return {number[team_id]: workers for team_id, workers in self.org.shared_members.items() if team_id in number}

    def workers_of(self, nodes: Iterable[int]) -> int:
        """How many distinct workers these teams (by number) have: :meth:`Org.workers_of`, on arrays.

        The members are counted from :attr:`members`; only the part-time workers
        (:attr:`shared_members`) are compared, to count each of them once.
        """
        nodes = list(nodes)
        total = sum(map(self.members.__getitem__, nodes))
        shared = self.shared_members
        seen: Set[str] = set()
        for node in nodes:
            for worker_id in shared.get(node, ()):
                if worker_id in seen:
                    total -= 1
                seen.add(worker_id)
        return total

    def has_link(self, team_id: str) -> bool:
        """True when the team declares a link, or another team declares one with it (see :attr:`linked`)."""
        node = self.links.number.get(team_id)
        return node is not None and bool(self.linked[node])


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
    """A finding about a team, affecting its members (or ``affected`` workers).

    A rule that scans node numbers passes ``ctx.members[node]`` as ``affected``: the same
    count, without looking the team up.
    """
    # A team's members are distinct (the loader refuses a worker listed twice in one team),
    # so counting them needs no set: only several teams' members (SPOF) need Org.workers_of.
    count = len(ctx.org.members_of(team)) if affected is None else affected
    return Finding(rule, ctx.severities[rule], team=team, workers_affected=count, facts=facts)


def link_finding(ctx: Context, rule: str, supplier: str, client: str, declared_by: Optional[str] = None,
                 affected: Optional[int] = None, **facts) -> Finding:
    """A finding about the link ``supplier → client``, affecting the supplier's members
    (``affected``: their count, when the rule already has it)."""
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
