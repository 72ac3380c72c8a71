"""The points of an organisation's history: from git commits and recorded snapshots, then
limited to a range of days and thinned to one per period.

A point is the organisation as it stood at one moment: a commit that changed it, or a
snapshot ``chainmap record`` took. Both kinds may be mixed (an organisation kept in git and
recorded monthly too); they are put in order of their moment.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional

from ..errors import UsageError
from ..i18n import _
from .git import Commit, GitOrganisation, find_git_organisation
from .store import HistoryStore, Snapshot

__all__ = ["Point", "Sources", "commit_points", "snapshot_points", "open_sources", "select", "in_order", "PERIODS"]

PERIODS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Point:
    """One moment of the history. ``ref`` is a commit id or a snapshot's number; ``content``
    identifies what was declared then (two points with the same content hold the same model)."""

    day: dt.date
    moment: str
    source: str  # "git" or "snapshot"
    ref: str
    label: str
    content: str
    seq: int = 0  # the order within its source: commits made in the same second keep git's order

    @property
    def short_ref(self) -> str:
        """The commit's first 8 characters, or ``#N`` for a snapshot."""
        return self.ref[:8] if self.source == "git" else f"#{self.ref}"


def commit_points(commits: Iterable[Commit]) -> List[Point]:
    """A point per commit, oldest first; a commit that deleted the organisation has none."""
    return [Point(c.day, c.when.astimezone(dt.timezone.utc).isoformat(), "git", c.sha, c.subject, c.content, seq)
            for seq, c in enumerate(commits) if c.content is not None]


def snapshot_points(snapshots: Iterable[Snapshot]) -> List[Point]:
    """A point per snapshot, in the order of their day, then of their recording."""
    return [Point(s.day, f"{s.day.isoformat()}T23:59:59+00:00", "snapshot", str(s.id), s.note or "", s.content, seq)
            for seq, s in enumerate(snapshots)]


@dataclass
class Sources:
    """Where an organisation's past is read: its git repository, the snapshots of a database,
    and every point they hold, in no particular order."""

    git: Optional[GitOrganisation]
    snapshots: Optional[HistoryStore]
    points: List[Point]


def open_sources(stack: ExitStack, root: Path, db: Optional[Path], use_git: bool) -> Sources:
    """The git repository holding ``root`` (when ``use_git``) and the database ``db`` (opened
    on ``stack``), with their points: what both ``history`` and ``diff --since`` read."""
    git = find_git_organisation(root) if use_git else None
    snapshots = stack.enter_context(HistoryStore(db, create=False)) if db is not None else None
    points: List[Point] = commit_points(git.commits()) if git is not None else []
    if snapshots is not None:
        points += snapshot_points(snapshots.snapshots())
    return Sources(git, snapshots, points)


def select(points: Iterable[Point], since: Optional[dt.date] = None, until: Optional[dt.date] = None,
           every: Optional[str] = None) -> List[Point]:
    """The points from ``since`` to ``until`` (both days included), in order of their moment;
    with ``every``, only the last point of each period: the state at the period's end.

    >>> days = [dt.date(2026, 1, 5), dt.date(2026, 1, 20), dt.date(2026, 2, 3)]
    >>> points = [Point(d, d.isoformat(), "git", str(i), "", "x") for i, d in enumerate(days)]
    >>> [p.ref for p in select(points, every="month")]
    ['1', '2']
    """
    if every is not None and every not in PERIODS:
        raise UsageError(_("--every takes one of {periods}, not `{value}`").format(periods=", ".join(PERIODS), value=every))
    if since and until and since > until:
        raise UsageError(_("--since {since} is after --until {until}: nothing can be in that range").format(since=since, until=until))
    chosen = sorted((p for p in points if (since is None or p.day >= since) and (until is None or p.day <= until)),
                    key=in_order)
    if every is None:
        return chosen
    last = {}
    for point in chosen:
        last[period_of(point.day, every)] = point
    return sorted(last.values(), key=in_order)


def in_order(point: Point) -> tuple:
    """The key that puts points in order of their moment (commits of one second in git's order)."""
    return (point.moment, point.source, point.seq)


def period_of(day: dt.date, every: str) -> str:
    """The period a day belongs to, as a sortable text.

    >>> period_of(dt.date(2026, 5, 14), "quarter"), period_of(dt.date(2026, 1, 1), "week")
    ('2026-Q2', '2026-W01')
    """
    if every == "day":
        return day.isoformat()
    if every == "week":
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    if every == "month":
        return f"{day.year}-{day.month:02d}"
    if every == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)
