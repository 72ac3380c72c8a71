"""An organisation over time: its history from git or from recorded snapshots, and its trends.

No click here: the commands (``chainmap history``, ``chainmap record``) are thin shells
over :func:`history_of` and :func:`record_snapshot`.

>>> import chainmap.history as history
>>> history.select([]) == []
True
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Optional

from ..errors import UsageError
from ..i18n import _
from ..load.files import organisation_root
from .compute import History, HistorySettings, PointResult, compute_history
from .figures import FIGURES_VERSION, point_figures
from .git import GitOrganisation, find_git_organisation
from .record import Recorded, record_snapshot
from .store import HistoryStore, default_cache_path
from .table import trend_csv, trend_json, trend_rows, trend_text
from .timeline import PERIODS, Point, open_sources, select

__all__ = ["History", "HistorySettings", "PointResult", "Point", "Recorded", "history_of", "record_snapshot",
           "point_figures", "select", "trend_csv", "trend_json", "trend_rows", "trend_text", "PERIODS",
           "FIGURES_VERSION", "find_git_organisation"]


def history_of(org: Path, db: Optional[Path] = None, use_git: bool = True, cache: Optional[Path] = None,
               use_cache: bool = True, since: Optional[dt.date] = None, until: Optional[dt.date] = None,
               every: Optional[str] = None, settings: Optional[HistorySettings] = None,
               progress: Optional[Callable[[int, int], None]] = None) -> History:
    """The history of the organisation at ``org``: its git commits (when it is in a repository,
    and ``use_git``) and the snapshots of the database ``db``, with every point's figures.

    Figures are cached in ``db`` when given, else in ``cache`` (default: the user's cache
    folder); ``use_cache=False`` computes every point afresh and stores nothing.
    """
    root = organisation_root(Path(org))
    with ExitStack() as stack:
        sources = open_sources(stack, root, db, use_git)
        if not sources.points:
            raise UsageError(_no_history(root, db, sources.git))
        store = None
        if use_cache:
            store = sources.snapshots or stack.enter_context(HistoryStore(cache or default_cache_path()))
        chosen = select(sources.points, since, until, every)
        return compute_history(chosen, settings or HistorySettings(), store, sources.git, sources.snapshots, progress)


def _no_history(root: Path, db: Optional[Path], git: Optional[GitOrganisation]) -> str:
    if db is not None:
        return _("{db} holds no snapshot, and {org} has no commit in a git repository: record one with `chainmap record {org} --db {db}`").format(db=db, org=root)
    if git is not None:
        return _("{org} is in a git repository but no commit holds it yet: commit it, or record snapshots with `chainmap record {org} --db FILE.sqlite`").format(org=root)
    return _("{org} is in no git repository, and no --db was given: its history comes from git commits, or from the snapshots `chainmap record {org} --db FILE.sqlite` adds").format(org=root)
