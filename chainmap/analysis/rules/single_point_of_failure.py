"""The rule ``single-point-of-failure`` (warning, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _, ngettext
from ...model import Org
from ..dominators import subtree_workers
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """Every chain of `spof_min_teams`+ other teams passes through this team: if it fails, they are cut off.

    The finding names the first teams it carries (``carried``, id order) and counts them all
    (``teams_carried``): on a chain of 10,000 teams every team carries all those behind it,
    and the full lists held 50 million ids (``Analysis.carried`` gives any of them in full).
    """
    minimum = ctx.org.settings.spof_min_teams
    carried, tree, ids = ctx.carried, ctx.carried.tree, ctx.links.ids
    found = [(node, count) for node in carried.carriers() if (count := tree.carried_count(node)) >= minimum]
    if not found:
        return
    workers = subtree_workers(tree, ctx.members, ctx.shared_members, (tree.rank[node] for node, _count in found))
    for node, count in found:
        yield team_finding(ctx, "single-point-of-failure", ids[node], workers[tree.rank[node]],
                           carried=carried.first_ids(node), teams_carried=count)


def teams_carried(finding: Finding) -> int:
    """How many teams a single point of failure carries: its ``carried`` fact names only the
    first :data:`~chainmap.analysis.dominators.FIRST_CARRIED` (a finding made by hand may
    have the list alone)."""
    return finding.facts.get("teams_carried", len(finding.facts.get("carried", [])))


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    carried = f.facts["carried"]
    count = teams_carried(f)
    shown = ", ".join(org.display_name(t) for t in carried[:5]) + (", …" if count > 5 else "")
    text = ngettext("every chain of {count} other team ({teams}) passes through {team}",
                    "every chain of {count} other teams ({teams}) passes through {team}", count)
    return (text.format(count=count, teams=shown, **n),
            _("plan a back-up for {team} (a second route to the clients, or cross-training) so that those teams are not cut off if it fails").format(**n))


def badge(finding: Finding) -> str:
    carried = teams_carried(finding)
    return ngettext("carries {n} team", "carries {n} teams", carried).format(n=carried)


RULE = Rule("single-point-of-failure", "warning", "team", check, N_("Single point of failure"), words, badge)
