"""The rule ``stale`` (info, about a team; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

import datetime as dt
from typing import Iterator, Tuple

from ...i18n import N_, _
from ...i18n.localise import format_date
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The team has not reviewed its declaration for more than `stale_after_days` days."""
    limit = ctx.org.settings.stale_after_days
    try:
        last_fresh_day = ctx.as_of - dt.timedelta(days=limit)
    except OverflowError:  # a limit longer than the calendar: no review is that old
        return
    members = ctx.members
    for node, (team_id, team) in zip(ctx.team_numbers, ctx.org.teams.items()):
        if team.reviewed is not None and team.reviewed < last_fresh_day:
            yield team_finding(ctx, "stale", team_id, members[node], reviewed=team.reviewed.isoformat(),
                               days=(ctx.as_of - team.reviewed).days, limit=limit)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    return (_("{team} last reviewed its declaration on {reviewed}, {days} days ago (more than {limit})").format(reviewed=format_date(dt.date.fromisoformat(f.facts["reviewed"])), days=f.facts["days"], limit=f.facts["limit"], **n),
            _("ask {team} to check its clients and suppliers and update `reviewed`").format(**n))


def badge(finding: Finding) -> str:
    reviewed = finding.facts.get("reviewed")
    return _("reviewed {date}").format(date=format_date(dt.date.fromisoformat(reviewed)) if reviewed else "?")


RULE = Rule("stale", "info", "team", check, N_("Declaration not reviewed"), words, badge)
