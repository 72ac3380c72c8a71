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
  are read by :mod:`~chainmap.load.team_files`; :class:`~chainmap.load.live.LiveOrganisation`
  reads them and puts them together, again after a change touching only what changed
  (the cache of :mod:`~chainmap.load.cache` starts a run from the last one's organisation;
  a server keeps one organisation live);
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
from pathlib import Path
from typing import Callable, Optional, Union

from ..collector import collector_paused
from ..model import Org
from .files import Limits, organisation_root
from .live import DeclarationFile, FileChange, LiveOrganisation
from .packs import GraphCache
from .readers import READERS
from .reading import read_org_bytes, read_team_bytes

__all__ = ["load", "GraphCache", "Limits", "LiveOrganisation", "DeclarationFile", "FileChange", "READERS", "read_team_bytes",
           "read_org_bytes"]


def load(path: Union[str, os.PathLike[str]], limits: Optional[Limits] = None,
         progress: Optional[Callable[[int, int], None]] = None, processes: Optional[int] = None,
         cache: bool = False, skip_invalid: bool = False) -> Org:
    """Load and check an organisation: a folder with org.yaml, a single YAML file, an .xlsx
    workbook or a folder of CSV files.

    Raises :class:`~chainmap.errors.LoadError` listing every problem of every file.
    Time is linear in the total size of the files. ``progress(done, total)``, when given,
    is called as the team files are read (the command line draws a progress bar with it).
    ``processes``: how many processes may read the team files of a large organisation
    (``None``, the default: one per processor core; see :mod:`chainmap.parallel`).
    ``cache``: start from the organisation an earlier load assembled, reading only the files
    changed since, and keep this one for next time (see :mod:`chainmap.load.cache`; the
    command line does, unless ``--no-cache``).
    ``skip_invalid``: leave out the team files that have problems and load the rest; they
    are listed in :attr:`Org.skipped <chainmap.model.Org.skipped>` with their problems
    (see :mod:`chainmap.load.skipping`). A problem in org.yaml still raises.
    """
    root = organisation_root(Path(path))
    limits = limits or Limits()
    for holds, read in READERS:
        if holds(root):
            return read(root, limits)
    with collector_paused(then_freeze=True):  # millions of lasting objects, no cycles: see chainmap.collector
        live = LiveOrganisation(root, limits, cache=cache, processes=processes, progress=progress, once=True)
        return live.org_skipping_invalid() if skip_invalid else live.org
