"""The rule ``single-point-of-failure`` (warning, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _, ngettext
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """Every chain of `spof_min_teams`+ other teams passes through this team: if it fails, they are cut off."""
    ids = ctx.links.ids
    for node, carried in ctx.carried.carrying_at_least(ctx.org.settings.spof_min_teams).items():
        yield team_finding(ctx, "single-point-of-failure", ids[node], ctx.workers_of([node, *carried]),
                           carried=[ids[other] for other in carried], teams_carried=len(carried))


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    carried = f.facts["carried"]
    count = len(carried)
    shown = ", ".join(org.display_name(t) for t in carried[:5]) + (", …" if count > 5 else "")
    text = ngettext("every chain of {count} other team ({teams}) passes through {team}",
                    "every chain of {count} other teams ({teams}) passes through {team}", count)
    return (text.format(count=count, teams=shown, **n),
            _("plan a back-up for {team} (a second route to the clients, or cross-training) so that those teams are not cut off if it fails").format(**n))


def badge(finding: Finding) -> str:
    carried = len(finding.facts.get("carried", []))
    return ngettext("carries {n} team", "carries {n} teams", carried).format(n=carried)


RULE = Rule("single-point-of-failure", "warning", "team", check, N_("Single point of failure"), words, badge)
