"""The table of input formats besides YAML, in a module of its own: :func:`chainmap.load.load`
and :class:`~chainmap.load.live.LiveOrganisation` both look a path up in it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Tuple

from ..model import Org
from .files import Limits
from .spreadsheet import is_spreadsheet, load_spreadsheet

__all__ = ["READERS", "Reader"]

Reader = Callable[[Path, Limits], Org]

# The input formats besides YAML: (does this path hold one?, read it), tried in order.
READERS: Tuple[Tuple[Callable[[Path], bool], Reader], ...] = (
    (is_spreadsheet, load_spreadsheet),  # an .xlsx workbook, or a folder of CSV files with teams.csv
)
