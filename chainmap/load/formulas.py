"""Formulas of a workbook whose value was never computed, found instead of read as blanks.

A workbook written by a program (openpyxl, a script, some exports), not saved by a
spreadsheet, keeps its formulas without their value: read for its values, such a cell is
empty, and a satisfaction, an id or a survey answer would vanish without a word. The
workbook is then read a second time for its formulas, only when one of its sheets holds
a formula at all. Shared by the survey reader and the spreadsheet declarations.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator, Optional, Tuple

from ..i18n import _

__all__ = ["UncomputedFormula", "marked_rows", "workbook_with_formulas"]


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell saved without its value, where a blank would have been read."""

    formula: str
    cell: str

    def __str__(self) -> str:
        return self.formula

    def message(self) -> str:
        """What to tell the user, after the sheet and row."""
        return _("the cell {cell} holds a formula ({formula}) whose value was never computed (the file was written "
                 "by a program): open it in Excel or LibreOffice, save it, and run chainmap again").format(
                     cell=self.cell, formula=self.formula)


@contextmanager
def workbook_with_formulas(path: Path) -> Iterator[Tuple[Any, Optional[Any]]]:
    """The workbook read for its values, and read again for its formulas if it has any.

    Both are read from files opened here, and closed here: openpyxl leaves its file open
    when it gives up on a damaged workbook.
    """
    import openpyxl  # imported here: only spreadsheet users pay for it

    with open(path, "rb") as values, open(path, "rb") as formulas_file:
        workbook = openpyxl.load_workbook(values, read_only=True, data_only=True)
        formulas = None
        try:
            if _holds_formulas(formulas_file):
                formulas = openpyxl.load_workbook(formulas_file, read_only=True)
            yield workbook, formulas
        finally:
            workbook.close()
            if formulas is not None:
                formulas.close()


def marked_rows(sheet: Any, formula_sheet: Any) -> Iterator[Tuple[int, Tuple[Any, ...]]]:
    """Every row of the sheet with its number; with ``formula_sheet`` (the same sheet read
    for its formulas), a formula whose value was never computed is an :class:`UncomputedFormula`."""
    for read_only in (sheet, formula_sheet):  # the cells found, not the <dimension> the sheet claims
        if read_only is not None and hasattr(read_only, "reset_dimensions"):
            read_only.reset_dimensions()
            try:  # measured on the cells themselves: rows then have the width of the widest, as before
                read_only.calculate_dimension(force=True)
            except (NameError, ValueError, TypeError):  # a sheet without a cell: nothing to measure
                pass
    formulas = formula_sheet.iter_rows() if formula_sheet is not None else None
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if formulas is not None:
            row = _mark_uncomputed(row, next(formulas, ()), number)
        yield number, tuple(row)


def _mark_uncomputed(values: Tuple[Any, ...], cells: Tuple[Any, ...], number: int) -> Tuple[Any, ...]:
    """The row's values, each blank that is really a formula without its value marked as such."""
    from openpyxl.utils import get_column_letter
    marked = list(values)
    for column, cell in enumerate(cells):
        if getattr(cell, "data_type", None) == "f" and column < len(marked) and marked[column] is None:
            marked[column] = UncomputedFormula(str(cell.value), f"{get_column_letter(column + 1)}{number}")
    return tuple(marked)


def _holds_formulas(stream: IO[bytes]) -> bool:
    """Whether a sheet of the workbook has a formula (``<f>`` in its XML), read in chunks:
    most workbooks have none, and are then read only once."""
    with zipfile.ZipFile(stream) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as sheet:
                tail = b""
                for chunk in iter(lambda: sheet.read(1 << 20), b""):
                    text = tail + chunk
                    if b"<f>" in text or b"<f " in text:
                        return True
                    tail = text[-3:]
    return False
