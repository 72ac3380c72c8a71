"""The table of input formats besides YAML, in a module of its own: :func:`chainmap.load.load`
and :class:`~chainmap.load.live.LiveOrganisation` both look a path up in it.

Every load asks each format whether the path holds one, so the question is answered without
importing the format's reader when the answer is plainly no (a YAML file, a folder with an
org.yaml and no ``teams.csv``): an organisation in YAML never pays for the workbook and CSV
readers' imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Tuple

from ..model import Org
from .files import CSV_MARKER, ORG_FILE_NAMES, Limits

__all__ = ["READERS", "Reader", "is_spreadsheet"]

Reader = Callable[[Path, Limits], Org]


def is_spreadsheet(path: Path) -> bool:
    """True for an .xlsx file or a folder of CSV tables (:func:`~chainmap.load.spreadsheet.is_spreadsheet`)."""
    if not path.is_dir():
        return path.suffix.lower() in (".xlsx", ".xlsm")
    if not (path / CSV_MARKER).exists() and any((path / name).exists() for name in ORG_FILE_NAMES):
        return False  # a folder of YAML declarations: :func:`~chainmap.load.tables.is_csv_folder` says so too
    from .spreadsheet import is_spreadsheet as holds_tables
    return holds_tables(path)


def load_spreadsheet(path: Path, limits: Limits) -> Org:
    """:func:`~chainmap.load.spreadsheet.load_spreadsheet`, imported when first needed."""
    from .spreadsheet import load_spreadsheet as load_tables
    return load_tables(path, limits)


# The input formats besides YAML: (does this path hold one?, read it), tried in order.
READERS: Tuple[Tuple[Callable[[Path], bool], Reader], ...] = (
    (is_spreadsheet, load_spreadsheet),  # an .xlsx workbook, or a folder of CSV files with teams.csv
)
