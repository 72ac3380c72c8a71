"""What the files cannot hold: links (tokens), sessions, the journal, declines, survey answers.

One SQLite file through the standard library: embedded, no server to run, one writer at a
time, which is all a facilitator's laptop needs. Tokens and session ids are stored as
their SHA-256 only: a copy of the database gives no way in. The journal is append-only:
triggers refuse to change or delete a row. Survey answers are stored without who gave
them, when exactly, or from where; only their team, supplier, score and day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..load.regular import refuse_unless_regular

__all__ = ["Store", "Link", "Session", "JournalEntry", "Decline", "hashed", "new_token"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, team TEXT, token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, link INTEGER NOT NULL, kind TEXT NOT NULL, team TEXT,
    csrf TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    path TEXT, team TEXT, detail TEXT, before TEXT, after TEXT);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE IF NOT EXISTS declines (
    id INTEGER PRIMARY KEY, supplier TEXT NOT NULL, client TEXT NOT NULL, by_team TEXT NOT NULL,
    reason TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY, respondent TEXT NOT NULL, team TEXT NOT NULL, supplier TEXT,
    score REAL NOT NULL, day TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answers_team ON answers (team);
"""


def hashed(secret: str) -> str:
    """How a token or session id is kept: its SHA-256 (tokens are random, 256 bits: no salt needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token, URL-safe, 256 bits."""
    return secrets.token_urlsafe(32)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Link:
    """An invitation (``kind`` ``team``), a survey link (``survey``) or the admin's (``admin``)."""

    id: int
    kind: str
    team: Optional[str]
    created: str
    revoked: Optional[str]


@dataclass(frozen=True)
class Session:
    """A browser that opened a link: what it may do comes from the link."""

    link: int
    kind: str
    team: Optional[str]
    csrf: str


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: str
    actor: str
    action: str
    path: Optional[str]
    team: Optional[str]
    detail: Optional[str]
    before: Optional[str]
    after: Optional[str]


@dataclass(frozen=True)
class Decline:
    """A team that says a link declared with it is not real, and why."""

    supplier: str
    client: str
    by_team: str
    reason: str
    at: str


class Store:
    """The server's SQLite file. Every method is one short transaction."""

    def __init__(self, path: Path):
        self.path = Path(path)
        refuse_unless_regular(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode, NORMAL loses no committed change when the program is killed; only a
            # power cut may lose the last few. FULL syncs the disk at every commit (a save's
            # journal entry), which showed in the load test (benchmarks/RESULTS.md).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, values: Tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, values)

    def _rows(self, sql: str, values: Tuple[Any, ...] = ()) -> List[Tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, values).fetchall()

    # -- links and sessions -------------------------------------------------------------

    def issue(self, kind: str, team: Optional[str] = None, token: Optional[str] = None,
              replace: bool = True) -> Tuple[Link, str]:
        """A new link of this kind (for this team); with ``replace``, the earlier ones are revoked."""
        token = token or new_token()
        now = _now()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if replace:
                    self._revoke_where("kind = ? AND team IS ?", (kind, team), now)
                cursor = self._db.execute("INSERT INTO links (kind, team, token_hash, created) VALUES (?, ?, ?, ?)",
                                          (kind, team, hashed(token), now))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Link(int(cursor.lastrowid or 0), kind, team, now, None), token

    def _revoke_where(self, condition: str, values: Tuple[Any, ...], now: str) -> None:
        ids = [row[0] for row in self._db.execute(f"SELECT id FROM links WHERE revoked IS NULL AND {condition}", values)]
        for link_id in ids:
            self._db.execute("UPDATE links SET revoked = ? WHERE id = ?", (now, link_id))
            self._db.execute("DELETE FROM sessions WHERE link = ?", (link_id,))

    def revoke(self, link_id: int) -> bool:
        """Revoke a link and end the sessions opened with it."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._revoke_where("id = ?", (link_id,), _now())
            self._db.execute("COMMIT")
        return True

    def revoke_team(self, team: str) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._revoke_where("team = ?", (team,), _now())
            self._db.execute("COMMIT")

    def link_for(self, token: str) -> Optional[Link]:
        """The live link a token opens (``None``: unknown, forged or revoked: the same answer)."""
        rows = self._rows("SELECT id, kind, team, created, revoked FROM links WHERE token_hash = ? AND revoked IS NULL",
                          (hashed(token),))
        return Link(*rows[0]) if rows else None

    def links(self, include_revoked: bool = False) -> List[Link]:
        where = "" if include_revoked else "WHERE revoked IS NULL"
        return [Link(*row) for row in self._rows(f"SELECT id, kind, team, created, revoked FROM links {where} ORDER BY team, kind, id")]

    def open_session(self, link: Link) -> Tuple[str, Session]:
        """A new session for a browser that opened ``link``: its cookie value and its rights."""
        session_id, csrf = new_token(), new_token()
        self._run("INSERT INTO sessions (id_hash, link, kind, team, csrf, created) VALUES (?, ?, ?, ?, ?, ?)",
                  (hashed(session_id), link.id, link.kind, link.team, csrf, _now()))
        return session_id, Session(link.id, link.kind, link.team, csrf)

    def session(self, session_id: str) -> Optional[Session]:
        """The session of a cookie, if its link is still live."""
        rows = self._rows("SELECT s.link, s.kind, s.team, s.csrf FROM sessions s JOIN links l ON l.id = s.link "
                          "WHERE s.id_hash = ? AND l.revoked IS NULL", (hashed(session_id),))
        return Session(*rows[0]) if rows else None

    # -- journal ----------------------------------------------------------------------

    def journal(self, actor: str, action: str, path: Optional[str] = None, team: Optional[str] = None,
                detail: Optional[str] = None, before: Optional[str] = None, after: Optional[str] = None) -> int:
        """Append one accepted change: who (which link), what, when, before and after."""
        cursor = self._run("INSERT INTO journal (at, actor, action, path, team, detail, before, after) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (_now(), actor, action, path, team, detail, before, after))
        return int(cursor.lastrowid or 0)

    def entries(self, limit: int = 200, team: Optional[str] = None) -> List[JournalEntry]:
        where, values = ("WHERE team = ?", (team,)) if team else ("", ())
        rows = self._rows(f"SELECT id, at, actor, action, path, team, detail, before, after FROM journal {where} "
                          f"ORDER BY id DESC LIMIT ?", (*values, limit))
        return [JournalEntry(*row) for row in rows]

    def last_written(self) -> Dict[str, str]:
        """Each file's text after the last change the journal holds (to spot changes made while stopped)."""
        rows = self._rows("SELECT path, after FROM journal WHERE id IN (SELECT MAX(id) FROM journal WHERE path IS NOT NULL "
                          "GROUP BY path)")
        return {path: after for path, after in rows if after is not None}

    def count(self, table: str) -> int:
        if table not in ("journal", "answers", "declines", "links", "sessions"):
            raise ValueError(table)
        return int(self._rows(f"SELECT COUNT(*) FROM {table}")[0][0])

    # -- declines ---------------------------------------------------------------------

    def decline(self, supplier: str, client: str, by_team: str, reason: str) -> None:
        self._run("INSERT INTO declines (supplier, client, by_team, reason, at) VALUES (?, ?, ?, ?, ?)",
                  (supplier, client, by_team, reason, _now()))

    def declines(self, team: str) -> List[Decline]:
        """The declines that concern a team (made by it, or about a link it declares)."""
        rows = self._rows("SELECT supplier, client, by_team, reason, at FROM declines WHERE supplier = ? OR client = ? "
                          "ORDER BY id", (team, team))
        return [Decline(*row) for row in rows]

    # -- survey answers ---------------------------------------------------------------

    def answer(self, respondent: str, team: str, scores: Dict[Optional[str], float], day: dt.date) -> None:
        """Record one respondent's answers for their team, replacing what they answered before."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM answers WHERE respondent = ? AND team = ?", (respondent, team))
            for supplier, score in sorted(scores.items(), key=lambda item: item[0] or ""):
                self._db.execute("INSERT INTO answers (respondent, team, supplier, score, day) VALUES (?, ?, ?, ?, ?)",
                                 (respondent, team, supplier, score, day.isoformat()))
            self._db.execute("COMMIT")

    def answered(self, respondent: str, team: str) -> bool:
        return bool(self._rows("SELECT 1 FROM answers WHERE respondent = ? AND team = ? LIMIT 1", (respondent, team)))

    def all_answers(self) -> Iterator[Tuple[str, Optional[str], float, str]]:
        """(team, supplier or ``None`` for the eNPS question, score, day), in no telling order."""
        yield from self._rows("SELECT team, supplier, score, day FROM answers ORDER BY team, supplier, score")
