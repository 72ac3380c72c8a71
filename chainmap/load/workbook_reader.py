"""A workbook's tables read by calamine (Rust), openpyxl kept as the judge of the unusual.

Why: openpyxl reads a cell at a time in Python; a workbook of 10,000 teams took most of a
run in its reading. python-calamine reads the sheets natively, with their merged ranges.

It is used only where it reads exactly what openpyxl would (:func:`tables_by_calamine`
answers ``None`` otherwise, and :func:`~chainmap.load.tables.read_workbook` reads the
workbook with openpyxl, as before, with its messages):

- a workbook holding any formula goes to openpyxl, which tells a formula whose value was
  never computed (calamine reads it as a blank);
- calamine builds each sheet as a dense grid from its first to its last cell, and aborts
  the whole process when that grid is too large (one cell at XFD1048576 is enough), so
  every sheet's cells are first located in its XML: a sheet spread over more than
  :data:`MOST_CELLS`, or with a cell that does not say where it is, goes to openpyxl;
- cells are given openpyxl's types: a whole number is an ``int``, a date a ``datetime``,
  a blank ``None``; any other kind of value (a time, a duration, an error) sends the
  workbook to openpyxl, as does any error of calamine's.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from ..errors import Problem
from ..i18n import _
from ..names import nfc
from .fast_yaml import fast_path_enabled
from .files import Limits
from .merged import Merge, fill_merged
from .tables import (
    MAX_ROWS,
    SHEETS,
    Table,
    header_name,
    near_miss,
    read_workbook,
    size_problem,
    table_of_rows,
)
from .workbook_bounds import workbook_refusal

__all__ = ["read_workbook_tables", "tables_by_calamine", "MOST_CELLS"]

MOST_CELLS = 8_000_000  # a grid of this many cells takes some 300 MB in calamine
_CELL_COLUMN = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb'<c\s[^>]*?\br="[A-Z]{1,3}([0-9]{1,7})"')
_FORMULA = (b"<f>", b"<f ", b"<f/>")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_NEEDED_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
Tables = Tuple[Dict[str, Table], List[Problem]]


def read_workbook_tables(path: Path, limits: Limits) -> Tables:
    """The chainmap sheets of an .xlsx workbook: by calamine where it reads them as openpyxl
    would, else by :func:`~chainmap.load.tables.read_workbook` (openpyxl), with its messages."""
    problem = size_problem(path, limits) or workbook_refusal(path)  # bounded by what it holds, before either reader
    if problem is not None:
        return {}, [problem]
    return tables_by_calamine(path) or read_workbook(path, limits)


def tables_by_calamine(path: Path) -> Optional[Tables]:
    """The chainmap sheets of the workbook, as openpyxl would read them; ``None``: use openpyxl."""
    if not fast_path_enabled():
        return None
    try:
        import python_calamine
    except ImportError:
        return None
    try:
        listed = _plain_sheets(path)
        if not listed:
            return None
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        if len(workbook.sheet_names) != listed:
            return None  # a sheet calamine could not find or read: openpyxl says which
        return _tables(workbook, path)
    except Exception:  # noqa: BLE001 - any failure of the fast reader: openpyxl reads it and says what is wrong
        return None


def _plain_sheets(path: Path) -> Optional[int]:
    """How many sheets the workbook lists, if every one is free of formulas, its cells all
    placed, its grid bounded, and the workbook's own parts are there; else ``None``."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if not _NEEDED_PARTS <= set(names):
            return None  # damaged: openpyxl says so
        listed = _listed_sheets(archive, set(names))
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml") and not _plain_sheet(archive, name):
                return None
    return listed


def _listed_sheets(archive: zipfile.ZipFile, names: set) -> int:
    """How many sheets the workbook lists, each found as openpyxl finds it (the main and the
    relationships namespaces exactly, a relationship to a part in the archive); 0 if one is
    not: openpyxl then drops it, and says the list is damaged."""
    from xml.etree import ElementTree

    targets = {}
    for relation in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(_PACKAGE):
        target = relation.get("Target", "")
        targets[relation.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    sheets = list(ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"))
    if not all(targets.get(sheet.get(_RELATION)) in names for sheet in sheets):
        return 0
    return len(sheets)


def _plain_sheet(archive: zipfile.ZipFile, name: str) -> bool:
    rows = 0
    columns: Set[bytes] = set()
    with archive.open(name) as xml:
        tail = b""
        for chunk in iter(lambda: xml.read(1 << 20), b""):
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag cut between two chunks is whole in the next text
            whole, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if any(formula in whole for formula in _FORMULA):
                return False
            placed = _CELL_COLUMN.findall(whole)
            if len(placed) != whole.count(b"<c ") + whole.count(b"<c>") + whole.count(b"<c/>"):
                return False  # a cell placed by its order alone: openpyxl decides
            columns.update(placed)
            rows = max(rows, max(map(int, _CELL_ROW.findall(whole)), default=0))
            if rows * max(map(_column_number, columns), default=0) > MOST_CELLS:
                return False
    return not tail.startswith((b"<f>", b"<f "))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _tables(workbook: Any, path: Path) -> Optional[Tables]:
    """As :func:`chainmap.load.tables._workbook_tables` does with openpyxl's sheets."""
    tables: Dict[str, Table] = {}
    problems: List[Problem] = []
    for title in workbook.sheet_names:
        name = header_name(title)
        where = f"{path}:{title}"
        if name not in SHEETS:
            problems += near_miss(where, name, _("sheet"))
            continue
        if name in tables:
            problems.append(Problem(where, None, _("there are two `{sheet}` sheets: keep only one").format(sheet=name)))
            continue
        sheet = workbook.get_sheet_by_name(title)
        table = _table(where, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
        if table is None:
            return None
        tables[name] = table
        problems += table.problems
    return tables, problems


def _table(where: str, grid: List[List[Any]], merged: List[Any]) -> Optional[Table]:
    """:func:`~chainmap.load.tables.table_of_rows` of the grid, cells typed as openpyxl types
    them; ``None`` for a value openpyxl would type otherwise."""
    if merged:  # rare: the merged ranges filled first, on rows typed one by one
        merges: List[Merge] = [(first[0] + 1, first[1] + 1, last[0] + 1, last[1] + 1) for first, last in merged]
        rows = _openpyxl_rows(grid)
        if rows is None:
            return None
        return table_of_rows(where, [(number, list(row)) for number, row in fill_merged(rows, merges) if number <= MAX_ROWS])
    return _table_in_one_pass(where, grid[:MAX_ROWS])


def _table_in_one_pass(where: str, grid: List[List[Any]]) -> Optional[Table]:
    """As ``table_of_rows(where, _openpyxl_rows(grid))``, in one pass over the cells: only the
    written ones are typed (most of a large sheet's cells are text)."""
    header = next((index for index, cells in enumerate(grid) if any(_written(cell) for cell in cells)), None)
    if header is None:
        return Table(where)
    typed_header = _openpyxl_row(grid[header])
    if typed_header is None:
        return None
    table = table_of_rows(where, [(header + 1, list(typed_header))])
    columns = [(place, name) for place, name in enumerate(table.columns) if name]
    for number, cells in enumerate(grid[header + 1:], header + 2):
        values = {}
        for place, name in columns:
            if place < len(cells):
                cell = cells[place]
                if type(cell) is str:
                    if cell and not cell.isspace():
                        values[name] = nfc(cell)
                elif _written(cell):
                    typed = _openpyxl_value(cell)
                    if typed is _OTHER:
                        return None
                    values[name] = typed
        if values:
            table.rows.append((number, values))
    return table


def _written(cell: Any) -> bool:
    return not (type(cell) is str and (not cell or cell.isspace()))


_OTHER = object()  # a value openpyxl would give another type
_KEPT_TYPES = (str, int, bool, dt.datetime)


def _openpyxl_value(cell: Any) -> Any:
    kind = type(cell)
    if kind is float:
        return int(cell) if cell.is_integer() and abs(cell) < 2 ** 53 else cell  # openpyxl reads Excel's `8` as the int 8
    if kind is dt.date:
        return dt.datetime(cell.year, cell.month, cell.day)  # openpyxl gives dates as datetimes
    return cell if kind in _KEPT_TYPES else _OTHER


def _openpyxl_row(cells: List[Any]) -> Optional[Tuple[Any, ...]]:
    row = []
    for cell in cells:
        typed = None if cell == "" and type(cell) is str else _openpyxl_value(cell)
        if typed is _OTHER:
            return None
        row.append(typed)
    return tuple(row)


def _openpyxl_rows(grid: List[List[Any]]) -> Optional[List[Tuple[int, Tuple[Any, ...]]]]:
    """The rows with openpyxl's types, numbered from 1; ``None`` for a value it would type otherwise."""
    rows = []
    for number, cells in enumerate(grid, 1):
        row = _openpyxl_row(cells)
        if row is None:
            return None
        rows.append((number, row))
    return rows
