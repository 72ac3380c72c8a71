"""Analysis: chains of every team and worker, and the findings of every rule.

:mod:`~chainmap.analysis.indexed` numbers the links, :mod:`~chainmap.analysis.chains` finds
every shortest chain in one pass, :mod:`~chainmap.analysis.dominators` the teams each team
carries, and the rules (:mod:`~chainmap.analysis.rules`, one module per rule, one registry)
the findings. A rule's words, and every output's way to ask for them, are in
:mod:`~chainmap.analysis.words`; the key figures of a poster or a report in
:mod:`~chainmap.analysis.figures`.

>>> import chainmap
>>> result = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> result.team_chain("urgences")[-1]
'patients'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from ..collector import collector_paused
from ..graph import build_graph
from ..model import Org
from .chains import Chains, WorkerChains, worker_chains
from .dominators import Carried
from .findings import SEVERITIES, Finding, severity_rank
from .graph_memo import Memo, chains_and_tree
from .indexed import index_links
from .rules import RULE_ORDER, RULES, SEVERITY, Context

if TYPE_CHECKING:  # networkx is imported when a graph is built: `weak` never pays for it
    import networkx as nx

__all__ = ["Analysis", "analyse", "reanalyse", "Finding", "RULE_ORDER", "SEVERITIES", "severity_rank"]


@dataclass(frozen=True)
class Analysis:
    """What chainmap knows about an organisation: its chains, findings, and graph."""

    org: Org
    chains: Chains
    workers: WorkerChains  # worker id → chain, each made when read
    carried: Carried
    findings: Tuple[Finding, ...]
    as_of: dt.date
    confirmed_only: bool = False

    @cached_property
    def structure(self) -> Tuple[object, ...]:
        """What the chains and the dominators depend on (see :func:`reanalyse`)."""
        return Analysis.structure_of(self.org)

    @staticmethod
    def structure_of(org: Org) -> Tuple[object, ...]:
        return (tuple(org.teams), tuple(org.end_clients),
                tuple((link.supplier, link.client, link.declared_by, link.to_end_client) for link in org.links))

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The networkx graph (supplier → client) the chains were found on, with its attributes.

        Built on first use: drawings and exports read it; ``chainmap weak`` never needs it.
        """
        return build_graph(self.org, confirmed_only=self.confirmed_only)

    def team_chain(self, team_id: str) -> Optional[List[str]]:
        """The shortest chain of a team to an end client (``None``: it has none)."""
        return self.chains.chain(team_id)

    def worker_chain(self, worker_id: str) -> Optional[List[str]]:
        """The shortest chain among a worker's teams (``None``: none of them has one)."""
        return self.workers.get(worker_id)

    def worker_has_chain(self, worker_id: str) -> bool:
        """True when one of a worker's teams reaches an end client (no chain is built: on a
        long chain, building each worker's to test it was quadratic)."""
        return any(map(self.chains.has_chain, self.org.workers[worker_id].teams))

    def findings_for(self, team_id: str) -> List[Finding]:
        """The findings about a team or about one of its links, in the findings' order."""
        return list(self._findings_by_team.get(team_id, ()))

    @cached_property
    def _findings_by_team(self) -> Dict[str, List[Finding]]:
        """Each id's findings, indexed once: a card or a page of every team asking the whole
        list in turn was quadratic on an organisation with a finding per team."""
        by_team: Dict[str, List[Finding]] = {}
        for finding in self.findings:
            for team_id in dict.fromkeys(finding.subject):  # a link from a team to itself counts once
                by_team.setdefault(team_id, []).append(finding)
        return by_team

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    def worst_severity(self) -> Optional[str]:
        """The most severe severity among the findings, or ``None`` if there are none."""
        return min((f.severity for f in self.findings), key=severity_rank, default=None)


def analyse(org: Org, as_of: Optional[dt.date] = None, confirmed_only: bool = False,
            memo: Optional[Memo] = None) -> Analysis:
    """Compute chains (FORMAT.md §2) and findings (§3) for ``org``.

    ``as_of`` is the day the `stale` rule counts from (default: today). With
    ``confirmed_only``, one-sided links do not carry chains. Linear in the size of the
    graph, but for the dominator computation (near-linear); the networkx graph is built
    only when something reads :attr:`Analysis.graph`. (:func:`chainmap.analyse` also lays
    a survey over the organisation first.) ``memo``: where the chains and the dominator
    tree of the same links are kept between runs (:mod:`chainmap.analysis.graph_memo`).
    """
    # big, acyclic and lasting as the organisation does: see chainmap.collector
    with collector_paused(then_freeze=True):
        return _analyse(org, as_of or dt.date.today(), confirmed_only, memo)


def reanalyse(previous: Analysis, org: Org, as_of: Optional[dt.date] = None) -> Analysis:
    """The analysis of ``org``, a later version of ``previous.org`` (a long-running program,
    ``chainmap serve``, calls it after each save).

    When the teams, the end clients and the links are those of ``previous`` (only values
    changed: a score, an eNPS, a name, a member, what flows), the chains and the teams every
    chain passes through cannot have changed: they are reused, and only the rules run again.
    Otherwise it is :func:`analyse`. Either way the result is what :func:`analyse` gives.
    """
    if previous.structure != Analysis.structure_of(org):
        return analyse(org, as_of, previous.confirmed_only)
    with collector_paused(then_freeze=True):
        return _checked(org, previous.chains, previous.carried, as_of or dt.date.today(), previous.confirmed_only)


def _analyse(org: Org, as_of: dt.date, confirmed_only: bool, memo: Optional[Memo] = None) -> Analysis:
    links = index_links(org, confirmed_only=confirmed_only)
    chains, tree = chains_and_tree(links, memo)
    return _checked(org, chains, Carried(links, tree), as_of, confirmed_only)


def _checked(org: Org, chains: Chains, carried: Carried, as_of: dt.date, confirmed_only: bool) -> Analysis:
    """The rules run over the chains and dominators found on ``org``'s links."""
    context = Context(org, chains, carried, as_of, SEVERITY)
    # Each rule yields its findings in subject order and RULES follows FORMAT.md's table, so
    # one after the other they are already in rules.finding_order: no sort of them all.
    findings = [f for rule in RULES for f in rule.check(context)]
    return Analysis(org, chains, worker_chains(org, chains), carried, tuple(findings),
                    as_of, confirmed_only)
