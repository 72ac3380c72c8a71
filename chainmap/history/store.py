"""The history database: dated snapshots of an organisation, and the figures cache.

One SQLite file, through Python's standard library: no server, nothing to install, a file
to copy or back up like a workbook. It holds two tables:

- ``snapshots``: what ``chainmap record`` adds. A snapshot keeps the model itself, as the
  single YAML file ``chainmap convert`` writes (reading it back gives the same model), and
  the survey overlay laid over it, if any, as its text: every figure can be computed again
  later, by a later chainmap, not only the totals of the day.
- ``figures``: the figures of points already computed, keyed by what they were computed
  from (:func:`cache_key`: the content, the day, the settings, chainmap's version), so that
  a second run reads them instead of loading and analysing each point again, and a new
  version of chainmap, or other settings, computes them afresh.

Without ``--db``, git history is cached in the user's cache folder (``platformdirs``:
``~/.cache/chainmap`` on Linux) in a database of the same shape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ..errors import ChainmapError
from ..i18n import _
from ..load.regular import refuse_unless_regular
from ..version import __version__
from .figures import FIGURES_VERSION

__all__ = ["HistoryStore", "Snapshot", "cache_key", "default_cache_path", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,              -- the day the snapshot describes (YYYY-MM-DD)
    recorded_at TEXT NOT NULL,      -- when it was recorded (UTC, ISO 8601)
    org_name TEXT NOT NULL,
    source TEXT NOT NULL,           -- the path it was recorded from
    chainmap_version TEXT NOT NULL,
    model_yaml TEXT NOT NULL,       -- the organisation as one YAML file (chainmap convert's)
    survey_yaml TEXT,               -- the survey overlay laid over it, if any
    content TEXT NOT NULL,          -- SHA-256 of model_yaml and survey_yaml: the cache's key
    note TEXT
);
CREATE TABLE IF NOT EXISTS figures (
    key TEXT PRIMARY KEY,
    computed_at TEXT NOT NULL,
    chainmap_version TEXT NOT NULL,
    figures BLOB NOT NULL,          -- zlib-compressed JSON: the point's figures
    members BLOB NOT NULL           -- zlib-compressed JSON: each team's member ids
);
"""


@dataclass(frozen=True)
class Snapshot:
    """One recorded snapshot (its model's text is read only when needed)."""

    id: int
    day: dt.date
    recorded_at: str
    org_name: str
    source: str
    content: str
    note: Optional[str] = None


def default_cache_path() -> Path:
    """Where git history's figures are cached when no ``--db`` is given."""
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("chainmap")) / "history-cache.sqlite"


def cache_key(content: str, day: dt.date, settings: Dict[str, Any]) -> str:
    """The key of a point's figures: its content, its day (the `stale` rule counts from it),
    the settings that change figures, chainmap's version and the figures' version."""
    parts = {"content": content, "day": day.isoformat(), "settings": settings,
             "chainmap": __version__, "figures": FIGURES_VERSION}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def _packed(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 6)  # keys in their order


def _unpacked(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


class HistoryStore:
    """A history database, opened (and created, with its tables) on first use."""

    def __init__(self, path: Path, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ChainmapError(_("{path}: no such history database (`chainmap record ORG --db {path}` creates it)").format(path=path))
        refuse_unless_regular(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path))
            self.db.executescript(_SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise ChainmapError(_("{path} is not a chainmap history database ({reason}): give --db a file that `chainmap record` wrote, or a new name").format(
                path=path, reason=error)) from None

    def _check_version(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            with self.db:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise ChainmapError(_("{path} was written by a later chainmap (database version {version}): upgrade chainmap to read it").format(
                path=self.path, version=row[0]))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Snapshots ---------------------------------------------------------------------------

    def add_snapshot(self, day: dt.date, org_name: str, source: str, model_yaml: str,
                     survey_yaml: Optional[str], note: Optional[str] = None) -> Tuple[int, bool]:
        """Record a snapshot; ``(id, added)``: an identical one of the same day is not added twice."""
        content = hashlib.sha256((model_yaml + "\0" + (survey_yaml or "")).encode("utf-8")).hexdigest()
        same = self.db.execute("SELECT id FROM snapshots WHERE day = ? AND content = ?", (day.isoformat(), content)).fetchone()
        if same is not None:
            return int(same[0]), False
        recorded = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO snapshots (day, recorded_at, org_name, source, chainmap_version, model_yaml, survey_yaml, content, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (day.isoformat(), recorded, org_name, source, __version__, model_yaml, survey_yaml, content, note))
        return int(cursor.lastrowid or 0), True

    def snapshots(self) -> List[Snapshot]:
        """Every snapshot, by day, then in the order they were recorded."""
        rows = self.db.execute("SELECT id, day, recorded_at, org_name, source, content, note FROM snapshots ORDER BY day, id")
        return [Snapshot(row[0], dt.date.fromisoformat(row[1]), row[2], row[3], row[4], row[5], row[6]) for row in rows]

    def snapshot_texts(self, snapshot_id: int) -> Tuple[str, Optional[str]]:
        """The model's YAML and the survey overlay's text (``None``: none) of a snapshot."""
        row = self.db.execute("SELECT model_yaml, survey_yaml FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        if row is None:
            raise ChainmapError(_("{path}: no snapshot {id}").format(path=self.path, id=snapshot_id))
        return row[0], row[1]

    # Figures cache -----------------------------------------------------------------------

    def cached(self, key: str) -> Optional[Tuple[Dict[str, Any], Dict[str, List[str]]]]:
        """The figures and members cached under ``key``, if any."""
        row = self.db.execute("SELECT figures, members FROM figures WHERE key = ?", (key,)).fetchone()
        return None if row is None else (_unpacked(row[0]), _unpacked(row[1]))

    def cache(self, key: str, figures: Dict[str, Any], members: Dict[str, List[str]]) -> None:
        """Keep a point's figures and members under ``key``."""
        computed = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO figures VALUES (?, ?, ?, ?, ?)",
                            (key, computed, __version__, _packed(figures), _packed(members)))
