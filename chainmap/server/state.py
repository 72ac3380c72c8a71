"""The organisation as the server holds it: every file read once, then only what changes.

The YAML files stay the truth. The server keeps, for each declaration file, its bytes, their
digest and what the loader read from them (:class:`DeclarationFile`); a change (a save in the
browser, an editor, a ``git pull``) re-reads the files that changed, by their size and time
first and their digest second, then puts the organisation together again and re-analyses it.
Re-reading is what costs (the YAML parse); putting 10,000 teams together and analysing
them is linear and fast, so that is done whole each time (figures in benchmarks/RESULTS.md).

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
from ..i18n import _
from ..load.declarations import OrgDeclaration
from ..load.files import ORG_FILE_NAMES, Limits, find_files
from ..load.one_file import assemble_org, read_org_bytes, read_team_bytes
from ..load.reassemble import reassemble
from ..model import Org, Team

__all__ = ["DeclarationFile", "Snapshot", "OrgState", "OutsideChange", "digest_of"]


def digest_of(data: bytes) -> str:
    """The content hash that names a version of a file (forms carry it: optimistic concurrency)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class DeclarationFile:
    """One file as last read: its bytes, their digest, and what the loader made of them."""

    relative: str
    data: bytes
    digest: str
    stamp: Tuple[int, int]
    team: Optional[Team] = None
    declaration: Optional[OrgDeclaration] = None
    problems: Tuple[Problem, ...] = ()


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
                 transform: Optional[Callable[[Org], Org]] = None, today: Callable[[], dt.date] = dt.date.today):
        self.root = Path(root)
        self.limits = limits or Limits()
        self.confirmed_only = confirmed_only
        self.transform = transform  # a survey overlay laid over the declarations, if asked
        self.today = today
        self._dirty: Set[str] = set()
        self._rescan = True
        self._written = 0
        self._written_pending = 0
        self._expected: Dict[str, str] = {}
        self._lock = threading.Lock()
        self._base: Optional[Org] = None  # the last organisation assembled (before a transform)
        self._base_teams: Dict[str, Team] = {}  # its teams, by the file that declares each
        self._base_org_digest = ""
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
        files = dict(self.snapshot.files)
        if rescan:
            dirty |= self._listed(files)
        outside = [change for relative in sorted(dirty)
                   if (change := self._reread(files, relative, expected.get(relative))) is not None]
        if dirty or rescan or self.snapshot.version == 0:
            self.snapshot = self._snapshot(files, written)
        else:
            self.snapshot = replace(self.snapshot, written=written, _index=self.snapshot._index)
        return outside

    def _listed(self, files: Dict[str, DeclarationFile]) -> Set[str]:
        """The files to look at after a change of folders: those found now, and those gone."""
        found, _problems = find_files(self.root, self.limits)
        present = {self.relative(path) for path in [*([found.org_file] if found.org_file else []), *found.team_files]}
        present.discard(None)
        return {relative for relative in present if relative is not None} | (set(files) - set(present))

    def _reread(self, files: Dict[str, DeclarationFile], relative: str, ours: Optional[str]) -> Optional[OutsideChange]:
        """Read one file again if it changed; the change, when nobody here made it."""
        path = self.root / relative
        before = files.get(relative)
        try:
            status = path.stat()
            stamp = (status.st_size, status.st_mtime_ns)
            if before is not None and before.stamp == stamp:
                return None
            data = path.read_bytes()
        except OSError:
            if before is None:
                return None
            del files[relative]
            return OutsideChange(relative, before.data, None)
        digest = digest_of(data)
        if before is not None and before.digest == digest:
            files[relative] = DeclarationFile(relative, before.data, digest, stamp, before.team,
                                              before.declaration, before.problems)
            return None
        files[relative] = self._read(relative, data, digest, stamp)
        if digest == ours:
            return None
        return OutsideChange(relative, before.data if before else None, data)

    def _read(self, relative: str, data: bytes, digest: str, stamp: Tuple[int, int]) -> DeclarationFile:
        path = self.root / relative
        if relative in ORG_FILE_NAMES:
            declaration, problems = read_org_bytes(path, data, self.limits)
            return DeclarationFile(relative, data, digest, stamp, declaration=declaration, problems=tuple(problems))
        team, problems = read_team_bytes(path, data, self.limits)
        return DeclarationFile(relative, data, digest, stamp, team=team, problems=tuple(problems))

    # -- putting it together -------------------------------------------------------------

    def _snapshot(self, files: Dict[str, DeclarationFile], written: int) -> Snapshot:
        version = self.snapshot.version + 1
        org_file = next((files[name] for name in ORG_FILE_NAMES if name in files), None)
        faulty: Dict[str, Tuple[Problem, ...]] = {r: f.problems for r, f in files.items() if f.problems}
        if org_file is None or org_file.declaration is None or org_file.problems:
            if org_file is None:
                faulty["org.yaml"] = (Problem(str(self.root / "org.yaml"), None, _("org.yaml is missing: the organisation needs its name and its end clients there")),)
            return Snapshot(version, files, faulty=faulty, written=written)
        good = {r: f for r, f in sorted(files.items()) if f.team is not None and not f.problems}
        org = self._reassembled(org_file.digest, good) or self._assembled(org_file.declaration, good, faulty)
        if org is None:
            self._base = None
            return Snapshot(version, files, faulty=faulty, written=written)
        self._base, self._base_org_digest = org, org_file.digest
        self._base_teams = {r: f.team for r, f in good.items() if f.team is not None}
        if self.transform is not None:
            org = self.transform(org)
        previous = self.snapshot.analysis
        analysis = (reanalyse(previous, org, self.today()) if previous is not None
                    else analyse(org, self.today(), self.confirmed_only))
        file_of = {f.team.id: r for r, f in good.items() if f.team is not None}
        file_of.update({team.id: org_file.relative for team in org_file.declaration.teams})
        return Snapshot(version, files, org, analysis, file_of, faulty, written)

    def _reassembled(self, org_digest: str, good: Dict[str, DeclarationFile]) -> Optional[Org]:
        """The last organisation with only the teams of changed files made again (``None``:
        assemble everything: org.yaml changed, or a change could raise a problem across files)."""
        previous, teams = self._base, self._base_teams
        if previous is None or org_digest != self._base_org_digest:
            return None
        gone = [team for relative, team in teams.items() if relative not in good or good[relative].team is not team]
        new = [f.team for relative, f in good.items() if f.team is not None and teams.get(relative) is not f.team]
        before, after = {t.id: t for t in gone}, {t.id: t for t in new}
        if len(before) != len(gone) or len(after) != len(new):
            return None  # two changed files declare one id: assemble says so
        return reassemble(previous, before, after)

    def _assembled(self, declaration: OrgDeclaration, good: Dict[str, DeclarationFile],
                   faulty: Dict[str, Tuple[Problem, ...]]) -> Optional[Org]:
        """Assemble; a file blamed by a problem across files is left out, and we try again."""
        for _attempt in range(len(good) + 1):
            teams = [f.team for f in good.values() if f.team is not None]
            org, problems = assemble_org(declaration, teams, str(self.root))
            if org is not None:
                return org
            blamed = self._blame(problems, good, faulty)
            if not blamed:
                return None
            for relative in blamed:
                good.pop(relative, None)
        return None

    def _blame(self, problems: List[Problem], good: Dict[str, DeclarationFile],
               faulty: Dict[str, Tuple[Problem, ...]]) -> Set[str]:
        blamed: Set[str] = set()
        for problem in problems:
            relative = self.relative(Path(problem.path)) if problem.path else None
            if relative is None or relative not in good:
                relative = "org.yaml"
            faulty[relative] = (*faulty.get(relative, ()), problem)
            if relative in good:
                blamed.add(relative)
        return blamed


def _by_team(analysis: Analysis) -> Dict[str, Tuple[Finding, ...]]:
    found: Dict[str, List[Finding]] = {}
    for finding in analysis.findings:
        for team_id in set(finding.subject):
            found.setdefault(team_id, []).append(finding)
    return {team_id: tuple(findings) for team_id, findings in found.items()}
