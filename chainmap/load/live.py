"""An organisation loaded, and loaded again as its files change, touching only what changed.

This is the one way chainmap reads a YAML organisation, whoever asks:

- :func:`chainmap.load` makes one and takes its :attr:`~LiveOrganisation.org`; with the
  cache (:mod:`chainmap.load.cache`, the command line's default), it starts from the
  organisation the last run assembled, so a run after one file changed reads that file
  and reassembles only what it touches;
- a server (``chainmap serve``) keeps one, and after a save, an editor's change or a
  ``git pull`` calls :meth:`~LiveOrganisation.update` with the files that changed, then
  takes :meth:`~LiveOrganisation.usable` (the organisation without the files that have
  problems, each shown with its problems);
- a script does the same with :meth:`~LiveOrganisation.reload`::

      live = LiveOrganisation("hopital/")
      org = live.org                                  # as chainmap.load("hopital/") gives it
      org = live.reload(["hopital/teams/administration-rh/paie.yaml"])  # after a save: that file read again
      org = live.reload()                             # every file looked at (its size and times first)

Each changed file is read (:mod:`chainmap.load.team_files`) and, when its content is new,
parsed; then the organisation is put together again from the last one assembled
(:func:`~chainmap.load.reassemble.reassemble`: only the links and workers of the changed
teams), or assembled whole when a change could raise a problem across files, or
``org.yaml`` changed. Either way it equals a fresh :func:`chainmap.load`, problems and
messages included. A new, deleted or moved file makes the folder be listed again. Any
other format of :data:`~chainmap.load.readers.READERS` (a workbook, a CSV folder) is
read again whole.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Set, Tuple, Union

from ..collector import collector_paused
from ..errors import LoadError, Problem
from ..i18n import _
from ..model import Org, Team
from ..parallel import in_background
from .assemble import assemble, end_clients_by_id
from .cache import DeclarationCache, cache_enabled
from .declarations import OrgDeclaration
from .file_records import DeclarationFile, unchanged
from .files import Limits, OrgFiles, find_files, organisation_root
from .org_pack import Assembly, org_of
from .readers import READERS, Reader
from .reading import assembled
from .reassemble import reassemble
from .skipping import assemble_skipping
from .team_files import read_files

__all__ = ["LiveOrganisation", "FileChange", "DeclarationFile"]

Progress = Optional[Callable[[int, int], None]]


@dataclass(frozen=True)
class FileChange:
    """A file whose content changed since it was last read (``before`` or ``after`` ``None``:
    the file was added, or removed)."""

    relative: str
    before: Optional[DeclarationFile]
    after: Optional[DeclarationFile]


@dataclass
class _Base:
    """The last organisation assembled, the team of each file it was made of, and the
    digest of the ``org.yaml`` it was made with (from the cache: its teams' parts until
    ``org.yaml`` is read)."""

    org: Optional[Org]
    teams: Dict[str, Team]
    org_digest: bytes
    assembly: Optional[Assembly] = field(default=None, repr=False)


class LiveOrganisation:
    """An organisation's files as last read, and the :class:`Org` they make.

    ``cache``: start from (and keep) what earlier runs read (:mod:`chainmap.load.cache`).
    ``keep_bytes``: keep each file's bytes (:attr:`DeclarationFile.data`), for a program
    that journals changes. ``processes`` and ``progress`` are :func:`chainmap.load`'s.
    ``once``: the organisation is read once and this object then dropped (:func:`chainmap.load`):
    a large assembly is then written to the cache beside the rest of the run
    (:func:`~chainmap.parallel.in_background`), since nothing here reads the cache again.
    """

    def __init__(self, path: Union[str, os.PathLike[str]], limits: Optional[Limits] = None, *, cache: bool = False,
                 keep_bytes: bool = False, processes: Optional[int] = None, progress: Progress = None,
                 once: bool = False) -> None:
        self.root = organisation_root(Path(path))
        self.limits = limits or Limits()
        self.keep_bytes = keep_bytes
        self._once = once
        self._processes = processes
        self._files: Dict[str, DeclarationFile] = {}
        self._paths: Dict[str, Path] = {}
        self._org_file: Optional[str] = None
        self._found: List[Problem] = []
        self._base: Optional[_Base] = None
        self._org: Optional[Org] = None
        self._unsaved = False  # something was read or assembled since the cache was last written
        self._other: Optional[Reader] = next((read for holds, read in READERS if holds(self.root)), None)
        use_cache = cache and cache_enabled() and self._other is None and self.root.is_dir()
        self._cache = _open_cache(self.root, self.limits) if use_cache else None
        if self._other is None:
            with collector_paused():
                self._list()
                self._start_from_cache()
                self._read_changed(None, progress)

    # -- what was read ----------------------------------------------------------------

    @property
    def files(self) -> Mapping[str, DeclarationFile]:
        """Each declaration file (by its path inside the organisation, ``org.yaml`` first) as last read."""
        return MappingProxyType(self._files)

    @property
    def org_file(self) -> Optional[str]:
        """The path of ``org.yaml`` (or ``org.yml``, or a single-file organisation) inside the organisation."""
        return self._org_file

    def relative(self, path: Union[str, os.PathLike[str]]) -> Optional[str]:
        """``path`` inside the organisation, with ``/`` (``None``: outside it)."""
        if self.root.is_file():
            return self.root.name if os.path.abspath(path) == os.path.abspath(self.root) else None
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if inside == os.curdir or inside == os.pardir or inside.startswith(os.pardir + os.sep):
            return None
        return inside.replace(os.sep, "/")

    # -- reading again ------------------------------------------------------------------

    def reload(self, changed: Optional[Iterable[Union[str, os.PathLike[str]]]] = None) -> Org:
        """Read again the files in ``changed`` (``None``: every file whose size or times
        changed), and return :attr:`org`."""
        self.update(changed)
        return self.org

    def update(self, changed: Optional[Iterable[Union[str, os.PathLike[str]]]] = None,
               progress: Progress = None) -> List[FileChange]:
        """Read again the files in ``changed``, always (``None``: list the folder again and read
        every file whose size or times changed); the files whose content changed."""
        if self._other is not None:
            return []
        with collector_paused():
            named = None if changed is None else {self.relative(path) for path in changed}
            if named is None or any(name is None or name not in self._paths or not self._paths[name].exists()
                                    for name in named):
                self._list()
            return self._read_changed({name for name in named if name} if named is not None else None, progress)

    def _list(self) -> None:
        listing, self._found = find_files(self.root, self.limits)
        self._paths = self._relatives(listing)
        self._org_file = next(iter(self._paths)) if listing.org_file is not None else None

    def _relatives(self, listing: OrgFiles) -> Dict[str, Path]:
        """Each file found, by its path inside the organisation (worked out once per folder)."""
        if listing.org_file is not None and self.root.is_file():
            return {self.root.name: listing.org_file}
        paths: Dict[str, Path] = {}
        folders: Dict[str, str] = {}
        root = os.path.abspath(self.root)
        for path in ([listing.org_file] if listing.org_file is not None else []) + listing.team_files:
            folder, _slash, name = str(path).rpartition(os.sep)
            prefix = folders.get(folder)
            if prefix is None:
                inside = os.path.relpath(os.path.abspath(folder or os.curdir), root)
                prefix = folders[folder] = "" if inside == os.curdir else inside.replace(os.sep, "/") + "/"
            paths[prefix + name] = path
        return paths

    def _read_changed(self, named: Optional[Set[str]], progress: Progress) -> List[FileChange]:
        """Read the files named (``None``: those whose size or times changed) and any new one."""
        to_read = [relative for relative, path in self._paths.items()
                   if relative not in self._files or (relative in named if named is not None
                                                      else not self._unchanged(self._files[relative], path))]
        items = [(relative, self._paths[relative], relative == self._org_file) for relative in to_read]
        org_items = [item for item in items if item[2]]  # read apart: the progress counts team files
        read = {record.relative: record
                for part, told in ((org_items, None), ([item for item in items if not item[2]], progress)) if part
                for record in read_files(part, self.limits, self._files, self.keep_bytes, told, self._processes)}
        changes = [FileChange(relative, self._files.get(relative), record) for relative, record in read.items()
                   if _differs(self._files.get(relative), record)]
        changes += [FileChange(relative, record, None) for relative, record in self._files.items() if relative not in self._paths]
        self._files = {relative: read.get(relative) or self._files[relative] for relative in self._paths}
        self._org = None
        # org.yaml is read at every run, and a new one makes a new assembly, kept then
        self._unsaved = self._unsaved or any(not item[2] for item in items) or any(
            change.relative != self._org_file for change in changes)
        return changes

    def _unchanged(self, record: DeclarationFile, path: Path) -> bool:
        if self.keep_bytes and record.data is None:
            return False
        try:
            return unchanged(record, os.stat(path), self.limits.max_file_bytes)
        except OSError:
            return False  # read it: the reader says what is wrong

    # -- the organisation ---------------------------------------------------------------

    @property
    def org(self) -> Org:
        """The organisation as its files now declare it; :class:`~chainmap.errors.LoadError` if
        they hold problems (every problem of every file, as :func:`chainmap.load` gives them)."""
        if self._other is not None:  # a workbook or a CSV folder: read whole
            return self._other(self.root, self.limits)
        if self._org is None:
            with collector_paused():
                try:
                    self._org = self._whole_org()
                finally:
                    self._keep()
        return self._org

    def _whole_org(self) -> Org:
        org_record = self._files.get(self._org_file) if self._org_file is not None else None
        declaration = org_record.declaration if org_record is not None else None
        problems = [*self._found, *(org_record.problems if org_record is not None else ())]
        teams: Dict[str, Team] = {}
        for relative, record in self._files.items():
            if relative != self._org_file:
                problems += record.problems
                if record.team is not None:
                    teams[relative] = record.team
        if problems or declaration is None or declaration.name is None or org_record is None:
            assembled(self.root, declaration, list(teams.values()), problems)  # raises, with every problem
        assert org_record is not None and declaration is not None
        org, more = self._assembled(teams, declaration, org_record.digest)
        if org is None:
            raise LoadError(more)
        return org

    def org_skipping_invalid(self) -> Org:
        """:attr:`org`, or, when some team files have problems, the organisation of the others
        with those files as :attr:`Org.skipped <chainmap.model.Org.skipped>` (``load(...,
        skip_invalid=True)``, :mod:`chainmap.load.skipping`); a problem in ``org.yaml`` still raises."""
        try:
            return self.org
        except LoadError:
            org_record = self._files.get(self._org_file) if self._org_file is not None else None
            declaration = org_record.declaration if org_record is not None else None
            if self._other is not None or declaration is None or declaration.name is None:
                raise
        assert self._org_file is not None and org_record is not None
        problems = [*self._found, *org_record.problems]
        teams: List[Team] = []
        for relative, record in self._files.items():
            if relative != self._org_file:
                problems += record.problems
                teams += [record.team] if record.team is not None else []
        with collector_paused():
            return assemble_skipping(self.root, self._paths[self._org_file], declaration.name, declaration.end_clients,
                                     declaration.teams, teams, declaration.settings, problems, self.limits)

    def usable(self) -> Tuple[Optional[Org], Dict[str, Tuple[Problem, ...]]]:
        """The organisation made of the files that can be read, and the problems of each file
        left out (by its path inside the organisation): what a server shows while some files
        have problems. A file blamed by a problem across files (an id declared twice…) is
        left out too; without a readable ``org.yaml`` there is no organisation."""
        faulty = {relative: record.problems for relative, record in self._files.items() if record.problems}
        org_record = self._files.get(self._org_file) if self._org_file is not None else None
        if org_record is None:
            message = _("org.yaml is missing: the organisation needs its name and its end clients there")
            faulty["org.yaml"] = (Problem(str(self.root / "org.yaml"), None, message),)
            return None, faulty
        declaration = org_record.declaration
        if declaration is None or org_record.problems or declaration.name is None:
            return None, faulty
        good = {relative: record.team for relative, record in self._files.items()
                if relative != self._org_file and record.team is not None and not record.problems}
        with collector_paused():
            try:
                return self._usable_org(good, declaration, org_record.digest, faulty), faulty
            finally:
                self._keep()

    def _usable_org(self, good: Dict[str, Team], declaration: OrgDeclaration, org_digest: bytes,
                    faulty: Dict[str, Tuple[Problem, ...]]) -> Optional[Org]:
        """Assemble; a file blamed by a problem across files is left out, and we try again."""
        for _attempt in range(len(good) + 1):
            org, problems = self._assembled(good, declaration, org_digest)
            if org is not None:
                return org
            blamed = set()
            for problem in problems:
                relative = self.relative(problem.path) if problem.path else None
                if relative is None or relative not in good:
                    relative = self._org_file or "org.yaml"
                faulty[relative] = (*faulty.get(relative, ()), problem)
                if relative in good:
                    blamed.add(relative)
            if not blamed:
                return None
            for relative in blamed:
                del good[relative]
        return None

    def _assembled(self, teams: Dict[str, Team], declaration: OrgDeclaration,
                   org_digest: bytes) -> Tuple[Optional[Org], List[Problem]]:
        """The organisation of ``teams`` (by file): from the last one assembled when only some
        teams changed, else assembled whole; the problems across files if it cannot be."""
        previous = self._base_org(declaration, org_digest)
        if previous is not None and self._base is not None:
            base = self._base.teams
            before = {team.id: team for relative, team in base.items() if teams.get(relative) is not team}
            after = {team.id: team for relative, team in teams.items() if base.get(relative) is not team}
            count = sum(1 for relative, team in base.items() if teams.get(relative) is not team)
            if len(before) == count and len(after) == sum(1 for r, t in teams.items() if base.get(r) is not t):
                org = reassemble(previous, before, after) if before or after else previous
                if org is not None:
                    if org is not previous:
                        self._base, self._unsaved = _Base(org, dict(teams), org_digest), True
                    return org, []
        assert declaration.name is not None
        org, problems = assemble(declaration.name, declaration.end_clients, declaration.teams + list(teams.values()),
                                 declaration.settings, str(self.root))
        if org is not None:
            self._base, self._unsaved = _Base(org, dict(teams), org_digest), True
        return org, problems

    def _base_org(self, declaration: OrgDeclaration, org_digest: bytes) -> Optional[Org]:
        """The last organisation assembled, if made with this ``org.yaml``."""
        base = self._base
        if base is None or base.org_digest != org_digest:
            return None
        if base.org is None and base.assembly is not None and declaration.name is not None:
            base.org = org_of(base.assembly, declaration.name, end_clients_by_id(declaration.end_clients),
                              declaration.settings, str(self.root))
        return base.org

    # -- the cache ----------------------------------------------------------------------

    def _start_from_cache(self) -> None:
        if self._cache is None:
            return
        team_paths = {relative: path for relative, path in self._paths.items() if relative != self._org_file}
        known, assembly = self._cache.known(team_paths)
        self._files = known
        if assembly is not None:
            teams = {relative: assembly.teams[team_id] for team_id, relative in assembly.team_files.items()}
            self._base = _Base(None, teams, self._cache.org_digest, assembly)

    def _keep(self) -> None:
        if self._cache is not None and self._unsaved:
            base = self._base
            assembled = (base.org, base.teams, base.org_digest) if base and base.org else None
            anew = self._cache.rewrites(self._files, assembled)  # else only the files read since are written
            keep = functools.partial(self._cache.keep, self._files, assembled if anew else None)
            if not (anew and self._once and len(self._files) >= KEEP_IN_BACKGROUND_FROM and in_background(keep)):
                keep()
            self._unsaved = False


# From this many files, a new assembly is written to the cache beside the rest of a run
# read once (below, starting a process costs more than writing it here).
KEEP_IN_BACKGROUND_FROM = 1000


def _open_cache(root: Path, limits: Limits) -> Optional[DeclarationCache]:
    try:
        return DeclarationCache(root, limits)
    except (OSError, ValueError):
        return None


def _differs(before: Optional[DeclarationFile], after: DeclarationFile) -> bool:
    if before is None:
        return True
    return before.digest != after.digest or (before.data is not None and after.data is not None and before.data != after.data)
