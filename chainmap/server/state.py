"""The organisation as the server holds it: every file read once, then only what changes.

The YAML files stay the truth. The server keeps them as :class:`~chainmap.load.LiveOrganisation`
keeps any organisation: each file's bytes, their digest and what the loader read from them
(:class:`~chainmap.load.DeclarationFile`). A change (a save in the browser, an editor, a
``git pull``) re-reads the files that changed, then the organisation is put together again
touching only the teams the change affects, and re-analysed (reusing the chains when only
values changed: :func:`~chainmap.analysis.reanalyse`).

A file with problems (a syntax error, an unknown key, an id declared twice…) is left out of
the analysis and shown with its problems; the rest of the organisation stays browsable.
Each state is a frozen :class:`Snapshot` swapped in one assignment: a page being written
reads one consistent state while the next is built in another thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Set, Tuple

from ..analysis import Analysis, Finding, analyse, reanalyse
from ..collector import collector_paused
from ..errors import Problem
from ..load import DeclarationFile, FileChange, LiveOrganisation
from ..load.files import ORG_FILE_NAMES, Limits
from ..model import Org

__all__ = ["DeclarationFile", "Snapshot", "OrgState", "OutsideChange", "digest_of"]


def digest_of(data: bytes) -> str:
    """The content hash that names a version of a file (forms carry it: optimistic concurrency)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class OutsideChange:
    """A file changed by someone else than the server (an editor, git): for the journal."""

    relative: str
    before: Optional[bytes]
    after: Optional[bytes]


@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the organisation, as every page reads it."""

    version: int
    files: Mapping[str, DeclarationFile]
    org: Optional[Org] = None
    analysis: Optional[Analysis] = None
    file_of: Mapping[str, str] = field(default_factory=dict)
    faulty: Mapping[str, Tuple[Problem, ...]] = field(default_factory=dict)
    written: int = 0
    _index: Dict[str, Dict[str, Tuple[Finding, ...]]] = field(default_factory=dict, compare=False, repr=False)

    def findings_of(self, team_id: str) -> Tuple[Finding, ...]:
        """The findings about a team or one of its links: indexed once per state, when a
        page first asks (not during the refresh, which a save on L waits for)."""
        if self.analysis is None:
            return ()
        if "teams" not in self._index:
            self._index["teams"] = _by_team(self.analysis)
        return self._index["teams"].get(team_id, ())

    def team_file(self, team_id: str) -> Optional[DeclarationFile]:
        """The file that declares a team (``None``: unknown team)."""
        relative = self.file_of.get(team_id)
        return self.files.get(relative) if relative else None

    def editable(self, team_id: str) -> bool:
        """Whether the team has a file of its own (teams written inline in org.yaml do not)."""
        relative = self.file_of.get(team_id)
        return relative is not None and relative not in ORG_FILE_NAMES


class OrgState:
    """The organisation in memory, kept up to date with its folder.

    ``refresh`` is called from one worker thread at a time; pages read :attr:`snapshot`.
    """

    def __init__(self, root: Path, limits: Optional[Limits] = None, confirmed_only: bool = False,
                 transform: Optional[Callable[[Org], Org]] = None, today: Callable[[], dt.date] = dt.date.today,
                 cache: bool = False):
        self.root = Path(root)
        self.limits = limits or Limits()
        self.confirmed_only = confirmed_only
        self.transform = transform  # a survey overlay laid over the declarations, if asked
        self.today = today
        self.cache = cache  # start from what `chainmap` commands last read (chainmap.load.cache)
        self._dirty: Set[str] = set()
        self._rescan = True
        self._written = 0
        self._written_pending = 0
        self._expected: Dict[str, str] = {}
        self._lock = threading.Lock()
        self._live: Optional[LiveOrganisation] = None  # made by the first refresh
        self.snapshot = Snapshot(0, {})

    # -- what changed ------------------------------------------------------------------

    def relative(self, path: Path) -> Optional[str]:
        """``path`` relative to the root, with ``/``; ``None`` for what the loader never reads."""
        try:
            parts = Path(path).resolve().relative_to(self.root.resolve()).parts
        except ValueError:
            return None
        if not parts or any(part.startswith(".") for part in parts):
            return None
        if not parts[-1].lower().endswith((".yaml", ".yml")):
            return None
        return "/".join(parts)

    def changed(self, paths: Iterable[Path], rescan: bool = False) -> bool:
        """Note files that changed (``rescan``: folders changed, list the files again).
        Returns whether anything needs a refresh."""
        with self._lock:
            for path in paths:
                relative = self.relative(path)
                if relative is not None:
                    self._dirty.add(relative)
            self._rescan = self._rescan or rescan
            return bool(self._dirty) or self._rescan

    def wrote(self, relative: str, data: bytes) -> int:
        """Note a file the server itself just wrote; returns the write's sequence number.

        A page that follows the save waits until a snapshot includes that number.
        """
        with self._lock:
            self._expected[relative] = digest_of(data)
            self._dirty.add(relative)
            self._written_pending += 1
            return self._written_pending

    @property
    def pending(self) -> bool:
        with self._lock:
            return bool(self._dirty) or self._rescan

    # -- reading -----------------------------------------------------------------------

    def refresh(self) -> List[OutsideChange]:
        """Re-read what changed and build the next snapshot; returns the changes made outside."""
        with self._lock:
            dirty, rescan, written = self._dirty, self._rescan, self._written_pending
            expected, self._expected = self._expected, {}
            self._dirty, self._rescan = set(), False
        with collector_paused(then_freeze=True):  # many lasting objects, no cycles: see chainmap.collector
            return self._refresh(dirty, rescan, written, expected)

    def _refresh(self, dirty: Set[str], rescan: bool, written: int, expected: Dict[str, str]) -> List[OutsideChange]:
        if self._live is None:  # the first read: every file (what changed while stopped is the journal's)
            self._live = LiveOrganisation(self.root, self.limits, cache=self.cache, keep_bytes=True)
            changes: List[FileChange] = []
            first = True
        else:
            changes = self._live.update() if rescan else []
            if dirty:
                changes += self._live.update([self.root / relative for relative in sorted(dirty)])
            first = False
        outside = [OutsideChange(change.relative, change.before.data if change.before else None,
                                 change.after.data if change.after else None)
                   for change in changes if not _ours(change, expected.get(change.relative))]
        if changes or first:
            self.snapshot = self._snapshot(self._live, written)
        else:
            self.snapshot = replace(self.snapshot, written=written, _index=self.snapshot._index)
        return outside

    # -- putting it together -------------------------------------------------------------

    def _snapshot(self, live: LiveOrganisation, written: int) -> Snapshot:
        version = self.snapshot.version + 1
        files = live.files
        org, faulty = live.usable()
        if org is None:
            return Snapshot(version, files, faulty=faulty, written=written)
        if self.transform is not None:
            org = self.transform(org)
        previous = self.snapshot.analysis
        analysis = (reanalyse(previous, org, self.today()) if previous is not None
                    else analyse(org, self.today(), self.confirmed_only))
        file_of = {f.team.id: r for r, f in files.items() if f.team is not None and r not in faulty and r != live.org_file}
        declaration = files[live.org_file].declaration if live.org_file is not None else None
        if declaration is not None and live.org_file is not None:
            file_of.update({team.id: live.org_file for team in declaration.teams})
        return Snapshot(version, files, org, analysis, file_of, faulty, written)


def _ours(change: FileChange, expected: Optional[str]) -> bool:
    """Whether a change is the server's own write (the bytes it wrote, still there)."""
    return expected is not None and change.after is not None and change.after.data is not None and digest_of(change.after.data) == expected


def _by_team(analysis: Analysis) -> Dict[str, Tuple[Finding, ...]]:
    found: Dict[str, List[Finding]] = {}
    for finding in analysis.findings:
        for team_id in set(finding.subject):
            found.setdefault(team_id, []).append(finding)
    return {team_id: tuple(findings) for team_id, findings in found.items()}
