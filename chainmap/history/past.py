"""The organisation as it stood before a day, for ``chainmap diff ORG --since DATE``.

"What changed since last month" should take one command, with no copy kept by hand: the
past is already in the git repository that holds the declarations, or in the snapshots
``chainmap record`` adds. The state before the day is the last point (commit or snapshot)
of an earlier day, so that every change made on the day itself or after it shows, as
``git log --since`` counts it.

>>> import datetime as dt
>>> day_since("2026-11-07", dt.date(2026, 12, 7)), day_since("1month", dt.date(2026, 3, 31))
(datetime.date(2026, 11, 7), datetime.date(2026, 2, 28))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from ..errors import ChainmapError, UsageError
from ..i18n import _
from ..load.files import organisation_root
from ..model import Org
from .compute import HistorySettings, PointReader
from .timeline import Point, in_order, open_sources

__all__ = ["day_since", "organisation_before"]

_SPAN = re.compile(r"^\s*(\d{1,4})\s*(d|days?|jours?|w|weeks?|semaines?|m|months?|mois)\s*$", re.IGNORECASE)


def day_since(text: str, today: dt.date) -> dt.date:
    """The day ``text`` names: a date written YYYY-MM-DD, or a span back from ``today``
    (``30days``, ``2weeks``, ``1month``; in French ``30jours``, ``2semaines``, ``1mois``).

    Raises :class:`ValueError` for anything else.
    """
    span = _SPAN.match(text)
    if span is None:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d").date()
    count, unit = int(span.group(1)), span.group(2).lower()
    if unit.startswith(("d", "j")):
        return today - dt.timedelta(days=count)
    if unit.startswith(("w", "s")):
        return today - dt.timedelta(weeks=count)
    return _months_back(today, count)


def _months_back(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


@contextmanager
def organisation_before(org: Path, day: dt.date, db: Optional[Path] = None,
                        use_git: bool = True) -> Iterator[Tuple[Org, Point]]:
    """The organisation at ``org`` as it stood before ``day`` (its last commit or snapshot of
    an earlier day) and that point; its files live in a temporary folder until the block ends."""
    root = organisation_root(Path(org))
    with ExitStack() as stack:
        sources = open_sources(stack, root, db, use_git)
        earlier = [point for point in sources.points if point.day < day]
        if not earlier:
            raise UsageError(_nothing_before(root, day, db, sources.points))
        point = max(earlier, key=in_order)
        where = f"{root}@{point.short_ref}" if point.source == "git" else f"{db}{point.short_ref}"
        reader = PointReader(stack, sources.git, sources.snapshots)
        try:
            organisation = reader.organisation(point, HistorySettings())
        except ChainmapError as error:  # said of the version, not of the temporary folder it was written to
            raise UsageError(_("{where}, as it stood on {day}, cannot be read, so it cannot be compared with today:\n{problem}").format(
                where=where, day=point.day.isoformat(), problem=str(error).replace(str(reader.folder / "git"), where))) from None
        yield replace(organisation, source=where), point  # not the temporary folder it was read from


def _nothing_before(root: Path, day: dt.date, db: Optional[Path], points: List[Point]) -> str:
    if points:
        first = min(point.day for point in points)
        return _("{org} has no version from before {day}: its history starts on {first}; "
                 "give a later --since (or compare two folders: `chainmap diff OLD NEW`)").format(
            org=root, day=day.isoformat(), first=first.isoformat())
    where = _("the snapshots of {db}").format(db=db) if db is not None else _("a git repository")
    return _("{org} has no past to compare with: --since reads it from {where}; keep the declarations in git, "
             "or record snapshots with `chainmap record {org} --db FILE.sqlite` and give --db").format(org=root, where=where)
