"""An organisation kept loaded, and re-read file by file as its files change: for a server.

Why: a server (``chainmap serve``) holds the organisation in memory and must show a saved
change at once. Loading it again reads every file (or, with the cache, looks at every
file); here only the files said to have changed are read again, and the organisation is
put together anew from the teams already in memory::

    live = LiveOrganisation("hopital/")
    org = live.org                                # as chainmap.load("hopital/") gives it
    org = live.reload(["hopital/teams/paie.yaml"])  # after a save, or a file watcher's news

A changed path that is no team file known (a new file, one deleted, a folder renamed)
makes the folder be looked through again, the unchanged files still not read again. Any
other format of :data:`~chainmap.load.readers.READERS` (a workbook, a CSV folder) is read
again whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple, Union

from ..collector import collector_paused
from ..errors import Problem
from ..model import Org, Team
from .declarations import OrgDeclaration
from .files import Limits, OrgFiles, find_files, organisation_root, read_text
from .readers import READERS, Reader
from .reading import assembled, read_org_file, team_of_text
from .team_files import read_team_files

__all__ = ["LiveOrganisation"]

Read = Tuple[Optional[Team], List[Problem]]


class LiveOrganisation:
    """An organisation's files as last read, and the :class:`Org` they make."""

    def __init__(self, path: Union[str, os.PathLike[str]], limits: Optional[Limits] = None, cache: bool = True) -> None:
        self.root = organisation_root(Path(path))
        self.limits = limits or Limits()
        self._files = OrgFiles(None, [])
        self._found: List[Problem] = []
        self._declaration: Optional[OrgDeclaration] = None
        self._declaration_problems: List[Problem] = []
        self._teams: Dict[Path, Read] = {}
        self._other: Optional[Reader] = next((read for holds, read in READERS if holds(self.root)), None)
        if self._other is not None:
            return
        with collector_paused():
            self._files, self._found = find_files(self.root, self.limits)
            self._declaration = self._read_declaration()
            read = read_team_files(self.root, self._files.team_files, self.limits, self._team_of_text, use_cache=cache)
            self._teams = dict(zip(self._files.team_files, read))

    @property
    def org(self) -> Org:
        """The organisation as its files now declare it; :class:`~chainmap.errors.LoadError` if
        they hold problems (every problem of every file, as :func:`chainmap.load` gives them)."""
        if self._other is not None:  # a workbook or a CSV folder: read whole
            return self._other(self.root, self.limits)
        with collector_paused():
            problems = self._found + self._declaration_problems
            teams = []
            for path in self._files.team_files:
                team, found = self._teams[path]
                problems += found
                if team is not None:
                    teams.append(team)
            return assembled(self.root, self._declaration, teams, problems)

    def reload(self, changed: Iterable[Union[str, os.PathLike[str]]]) -> Org:
        """Read again the files in ``changed`` (all of them, for a workbook), and return :attr:`org`."""
        paths = {Path(os.path.normpath(path)) for path in changed}
        known = set(self._files.team_files) | ({self._files.org_file} if self._files.org_file else set())
        if any(path not in known or not path.exists() for path in paths):  # a file added, deleted or moved
            self._files, self._found = find_files(self.root, self.limits)
            listed = set(self._files.team_files)
            paths |= listed - self._teams.keys()
            self._teams = {path: read for path, read in self._teams.items() if path in listed}
            if self._files.org_file is not None and self._files.org_file not in known:
                paths.add(self._files.org_file)
        else:
            listed = set(self._files.team_files)
        if self._files.org_file in paths:
            self._declaration = self._read_declaration()
        for path in paths & listed:
            self._teams[path] = self._read_team(path)
        return self.org

    def _read_declaration(self) -> Optional[OrgDeclaration]:
        self._declaration_problems = []
        if self._files.org_file is None:
            return None
        return read_org_file(self._files.org_file, self.limits, self._declaration_problems)

    def _team_of_text(self, path: Path, text: str) -> Read:
        return team_of_text(path, text, self.limits)

    def _read_team(self, path: Path) -> Read:
        text, problem = read_text(path, self.limits)
        if problem is not None:
            return None, [problem]
        return self._team_of_text(path, text or "")
