"""Loading an organisation: files → declarations → :class:`~chainmap.model.Org`, every problem collected.

:data:`READERS` is the table of input formats: the first whose test accepts the path reads
it, and YAML (a folder with org.yaml, or a single file) reads everything else. A reader
returns the :class:`~chainmap.model.Org` or raises one :class:`~chainmap.errors.LoadError`
with every :class:`~chainmap.errors.Problem` of every file (``path:line: what to fix``).

- YAML: :mod:`~chainmap.load.files` finds the files, :mod:`~chainmap.load.yaml_nodes` parses
  them safely with their line marks, :mod:`~chainmap.load.fields` and
  :mod:`~chainmap.load.declarations` read each field;
- tables: :mod:`~chainmap.load.spreadsheet` reads a workbook or a CSV folder, its sheets
  through :mod:`~chainmap.load.tables`;
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
from ..errors import LoadError, Problem
from ..i18n import _
from ..model import Org, Team
from .assemble import assemble, problems_across_files
from .declarations import OrgDeclaration, read_org, read_team
from .fast_yaml import UNSURE, fast_path_enabled, parse_declaration
from .fields import FieldReader
from .files import Limits, OrgFiles, find_files, organisation_root, read_text
from .spreadsheet import is_spreadsheet, load_spreadsheet
from .team_files import read_team_files
from .team_reader import read_team_text
from .yaml_nodes import Node, YamlProblem

__all__ = ["load", "Limits", "LiveOrganisation", "READERS"]

Reader = Callable[[Path, Limits], Org]

# The input formats besides YAML: (does this path hold one?, read it), tried in order.
READERS: Tuple[Tuple[Callable[[Path], bool], Reader], ...] = (
    (is_spreadsheet, load_spreadsheet),  # an .xlsx workbook, or a folder of CSV files with teams.csv
)


def load(path: Union[str, os.PathLike[str]], limits: Optional[Limits] = None,
         progress: Optional[Callable[[int, int], None]] = None, processes: Optional[int] = None,
         cache: bool = False) -> Org:
    """Load and check an organisation: a folder with org.yaml, a single YAML file, an .xlsx
    workbook or a folder of CSV files.

    Raises :class:`~chainmap.errors.LoadError` listing every problem of every file.
    Time is linear in the total size of the files. ``progress(done, total)``, when given,
    is called after each team file (the command line draws a progress bar with it).
    ``processes``: how many processes may read the team files of a large organisation
    (``None``, the default: one per processor core; see :mod:`chainmap.parallel`).
    ``cache``: reuse the teams of files unchanged since an earlier load, and keep those read
    now (see :mod:`chainmap.load.cache`; the command line does, unless ``--no-cache``).
    """
    root = organisation_root(Path(path))
    limits = limits or Limits()
    for holds, read in READERS:
        if holds(root):
            return read(root, limits)
    return _load_yaml(root, limits, progress, processes, cache)


def _load_yaml(root: Path, limits: Limits, progress: Optional[Callable[[int, int], None]],
               processes: Optional[int], cache: bool = False) -> Org:
    """The YAML reader: org.yaml (or a single file) and every team file beside it."""
    with collector_paused(then_freeze=True):  # millions of lasting objects, no cycles: see chainmap.collector
        files, problems = find_files(root, limits)
        declaration, teams = _read_declarations(root, files, limits, problems, progress, processes, cache)
        return assembled(root, declaration, teams, problems)


def assembled(root: Path, declaration: Optional[OrgDeclaration], teams: List[Team], problems: List[Problem]) -> Org:
    """The organisation of what its files declare, or :class:`LoadError` with every problem."""
    if problems or declaration is None or declaration.name is None:
        read_so_far = declaration or OrgDeclaration(None)
        problems = problems + problems_across_files(read_so_far.end_clients, read_so_far.teams + teams)
        raise LoadError(problems or [Problem(str(root), None, _("the organisation could not be read"))])
    org, more = assemble(declaration.name, declaration.end_clients, declaration.teams + teams,
                         declaration.settings, str(root))
    if more or org is None:
        raise LoadError(more)
    return org


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


def read_org_file(path: Path, limits: Limits, problems: List[Problem]) -> Optional[OrgDeclaration]:
    """What ``org.yaml`` (or a single-file organisation) declares; its problems added to ``problems``."""
    node, reader = _parse(path, limits, problems)
    if reader is None:
        return None
    declaration = read_org(node, reader)
    problems += reader.problems
    return declaration


def team_of_text(path: Path, text: str, limits: Limits) -> Tuple[Optional[Team], List[Problem]]:
    """The team a team file's text declares (``None`` if it cannot be read) and its problems."""
    if fast_path_enabled():  # a plainly right file, read in one pass (chainmap.load.team_reader)
        team = read_team_text(text, str(path))
        if team is not UNSURE:
            return team, []
    problems: List[Problem] = []
    node, reader = _parse(path, limits, problems, text)
    if reader is None:
        return None, problems
    team = read_team(node, reader)
    return team, problems + reader.problems


def _parse(path: Path, limits: Limits, problems: List[Problem],
           text: Optional[str] = None) -> Tuple[Optional[Node], Optional[FieldReader]]:
    """Read (unless ``text`` is given) and parse one file; on failure record the problem and
    return no reader."""
    if text is None:
        text, problem = read_text(path, limits)
        if problem is not None:
            problems.append(problem)
            return None, None
    try:
        return parse_declaration(text or ""), FieldReader(str(path))
    except YamlProblem as error:
        problems.append(Problem(str(path), error.line, error.message))
        return None, None


from .live import LiveOrganisation  # noqa: E402 - it uses the functions above
