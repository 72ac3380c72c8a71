"""Loading an organisation: files → declarations → :class:`~chainmap.model.Org`, every problem collected.

:data:`READERS` is the table of input formats: the first whose test accepts the path reads
it, and YAML (a folder with org.yaml, or a single file) reads everything else. A reader
returns the :class:`~chainmap.model.Org` or raises one :class:`~chainmap.errors.LoadError`
with every :class:`~chainmap.errors.Problem` of every file (``path:line: what to fix``).

- YAML: :mod:`~chainmap.load.files` finds the files, :mod:`~chainmap.load.yaml_nodes` parses
  them safely with their line marks, :mod:`~chainmap.load.fields` and
  :mod:`~chainmap.load.declarations` read each field;
  — a plainly right team file is read in one pass by :mod:`~chainmap.load.team_reader`, other
  plain YAML by :mod:`~chainmap.load.fast_yaml`, PyYAML judging the rest; the team files
  are read by :mod:`~chainmap.load.team_files`, from :mod:`~chainmap.load.cache` where
  unchanged, and :mod:`~chainmap.load.live` keeps an organisation loaded for a server;
- tables: :mod:`~chainmap.load.spreadsheet` reads a workbook or a CSV folder, its sheets
  through :mod:`~chainmap.load.tables` (a workbook by calamine, :mod:`~chainmap.load.workbook_reader`);
- both end in :mod:`~chainmap.load.assemble`, which checks across files and builds the Org.

To add an input format: a reader that makes the same Team, EndClient and Settings objects,
collects its problems and calls :func:`~chainmap.load.assemble.assemble`, and one entry in
:data:`READERS` (see docs/contributing.md).

>>> from chainmap.examples import example_path
>>> load(example_path()).name
'Hôpital Saint-Luc'
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Callable, List, Optional, Tuple, Union

from ..collector import collector_paused
from ..errors import Problem
from ..model import Org, Team
from .declarations import OrgDeclaration
from .files import Limits, OrgFiles, find_files, organisation_root
from .live import LiveOrganisation
from .readers import READERS
from .reading import assembled, read_org_file, team_of_text
from .skipping import assemble_skipping
from .team_files import read_team_files

__all__ = ["load", "Limits", "LiveOrganisation", "READERS"]



def load(path: Union[str, os.PathLike[str]], limits: Optional[Limits] = None,
         progress: Optional[Callable[[int, int], None]] = None, processes: Optional[int] = None,
         cache: bool = False, skip_invalid: bool = False) -> Org:
    """Load and check an organisation: a folder with org.yaml, a single YAML file, an .xlsx
    workbook or a folder of CSV files.

    Raises :class:`~chainmap.errors.LoadError` listing every problem of every file.
    Time is linear in the total size of the files. ``progress(done, total)``, when given,
    is called after each team file (the command line draws a progress bar with it).
    ``processes``: how many processes may read the team files of a large organisation
    (``None``, the default: one per processor core; see :mod:`chainmap.parallel`).
    ``cache``: reuse the teams of files unchanged since an earlier load, and keep those read
    now (see :mod:`chainmap.load.cache`; the command line does, unless ``--no-cache``).
    ``skip_invalid``: leave out the team files that have problems and load the rest; they
    are listed in :attr:`Org.skipped <chainmap.model.Org.skipped>` with their problems
    (see :mod:`chainmap.load.skipping`). A problem in org.yaml still raises.
    """
    root = organisation_root(Path(path))
    limits = limits or Limits()
    for holds, read in READERS:
        if holds(root):
            return read(root, limits)
    return _load_yaml(root, limits, progress, processes, cache, skip_invalid)


def _load_yaml(root: Path, limits: Limits, progress: Optional[Callable[[int, int], None]],
               processes: Optional[int], cache: bool = False, skip_invalid: bool = False) -> Org:
    """The YAML reader: org.yaml (or a single file) and every team file beside it."""
    with collector_paused(then_freeze=True):  # millions of lasting objects, no cycles: see chainmap.collector
        files, problems = find_files(root, limits)
        declaration, teams = _read_declarations(root, files, limits, problems, progress, processes, cache)
        if skip_invalid and declaration is not None and declaration.name is not None:
            return assemble_skipping(root, files.org_file, declaration.name, declaration.end_clients,
                                     declaration.teams, teams, declaration.settings, problems, limits)
        return assembled(root, declaration, teams, problems)


def _read_declarations(root: Path, files: OrgFiles, limits: Limits, problems: List[Problem],
                       progress: Optional[Callable[[int, int], None]],
                       processes: Optional[int], cache: bool = False) -> Tuple[Optional[OrgDeclaration], List[Team]]:
    """Parse and read org.yaml and every team file, adding their problems to ``problems``."""
    declaration = read_org_file(files.org_file, limits, problems) if files.org_file is not None else None
    teams: List[Team] = []
    read = read_team_files(root, files.team_files, limits, partial(team_of_text, limits=limits), progress, processes, cache)
    for team, found in read:
        problems += found
        if team is not None:
            teams.append(team)
    return declaration, teams
