"""Read the raw tables of a spreadsheet organisation: an .xlsx workbook or a folder of CSV files.

A table is a header row and data rows, each row remembering its 1-based row number so that
every problem can point at ``file:sheet:row`` (workbook) or ``file.csv:row`` (CSV), as a
spreadsheet user counts rows. Cells keep the type the spreadsheet gave them (numbers and
dates in a workbook, text in a CSV file); :mod:`chainmap.load.spreadsheet` interprets them.

CSV files are read as people's tools write them: UTF-8 with or without BOM, or the
Windows-1252 that French Excel still saves by default; comma, semicolon or tab separated.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ..errors import Problem
from ..i18n import _
from ..names import did_you_mean, nfc
from .csv_records import RowNotEnded, csv_records, excel_dialect, row_not_ended
from .files import CSV_MARKER, ORG_FILE_NAMES, Limits, looks_utf16, not_a_declaration, utf16_problem
from .formulas import UncomputedFormula, marked_rows, workbook_with_formulas
from .merged import fill_merged, merged_ranges
from .regular import RefusedFile, read_bytes, refusal

__all__ = ["Table", "SHEETS", "read_workbook", "read_csv_folder", "is_csv_folder", "CSV_MARKER"]

SHEETS = ("end_clients", "teams", "members", "links", "settings")
MAX_ROWS = 1_000_000
# What a damaged .xlsx raises: a bad zip or CRC, a broken deflate stream, broken XML
# (ElementTree's ParseError is a SyntaxError), a missing part, and openpyxl's own TypeError
# or AttributeError on an element or attribute it does not expect.
BROKEN_WORKBOOK = (zipfile.BadZipFile, zlib.error, EOFError, LookupError, OSError, ValueError, SyntaxError,
                   TypeError, AttributeError)
# What openpyxl warns when a sheet's entry in the workbook's list is damaged: it drops the sheet.
DROPPED_SHEET = "invalid specification"


@dataclass
class Table:
    """One sheet or CSV file: where it is, its column names, and its non-empty rows."""

    where: str
    columns: List[str] = field(default_factory=list)
    rows: List[Tuple[int, Dict[str, Any]]] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)  # in the header row


def header_name(value: Any) -> str:
    """A column name as chainmap compares it: trimmed, lower case, spaces as `_`."""
    return "_".join(str(value or "").strip().lower().split())


def table_of_rows(where: str, raw_rows: List[Tuple[int, List[Any]]]) -> Table:
    """Build a table from raw rows: the first non-empty row is the header."""
    table = Table(where)
    rows = [(number, cells) for number, cells in raw_rows if any(_filled(c) for c in cells)]
    if not rows:
        return table
    header_row, header = rows[0]
    table.columns = [header_name(value) for value in header]
    table.problems = _columns_twice(where, header_row, table.columns)
    for number, cells in rows[1:]:
        values = {name: nfc(cell) if type(cell) is str else cell  # a workbook's texts, in NFC as a file's are
                  for name, cell in zip(table.columns, cells) if name and _filled(cell)}
        if values:
            table.rows.append((number, values))
    return table


def _columns_twice(where: str, header_row: int, columns: List[str]) -> List[Problem]:
    """A column named twice would have one of its cells silently win over the other's."""
    places: Dict[str, List[int]] = {}
    for place, name in enumerate(columns):
        if name and not name.startswith("#"):
            places.setdefault(name, []).append(place)
    message = _("the column `{column}` is there twice (columns {letters}): keep one of them, "
                "or start the other's name with # to keep it as a note")
    return [Problem(where, header_row, message.format(column=name, letters=_(" and ").join(map(column_letters, found))))
            for name, found in places.items() if len(found) > 1]


def column_letters(place: int) -> str:
    """The letters a spreadsheet shows above the column at 0-based ``place``: A, …, Z, AA…"""
    letters = ""
    place += 1
    while place:
        place, rest = divmod(place - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def read_workbook(path: Path, limits: Limits) -> Tuple[Dict[str, Table], List[Problem]]:
    """The chainmap sheets of an .xlsx workbook (other sheets, such as a README, are ignored)."""
    problem = size_problem(path, limits)
    if problem:
        return {}, [problem]
    # openpyxl warns about what it skips (styles, extensions, data validation): chainmap reads
    # only cell values, so those warnings would only show a Python line to the user. A sheet
    # openpyxl drops is another matter: saying the sheet is missing would be wrong.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with workbook_with_formulas(path) as (workbook, formulas):
                # read-only sheets are read lazily: a damaged sheet only fails here
                tables = _workbook_tables(workbook, formulas, path)
        except BROKEN_WORKBOOK as error:
            return {}, [_broken_workbook(path, error)]
    if any(DROPPED_SHEET in str(warning.message) for warning in caught):
        return {}, [Problem(str(path), None, _(
            "the list of sheets in this workbook is damaged, so its sheets cannot be found: "
            "open it in Excel or LibreOffice and save it again as .xlsx (Excel Workbook)"))]
    return tables


def _broken_workbook(path: Path, error: BaseException) -> Problem:
    """Say why a workbook cannot be read in a manager's words, never with Python's (``BadZipFile``)."""
    if isinstance(error, OSError) and error.strerror:
        message = _("this file cannot be read ({reason}): check that it exists and that you may read it")
        return Problem(str(path), None, message.format(reason=error.strerror))
    if isinstance(error, zipfile.BadZipFile) and not zipfile.is_zipfile(path):
        return Problem(str(path), None, _("this file is named like an Excel workbook but is not one inside (another kind of file renamed, or an incomplete copy): open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)"))
    return Problem(str(path), None, _("this Excel workbook is damaged inside and cannot be read: open it in Excel or LibreOffice and save it again as .xlsx (Excel Workbook)"))


def _workbook_tables(workbook: Any, formulas: Any, path: Path) -> Tuple[Dict[str, Table], List[Problem]]:
    tables: Dict[str, Table] = {}
    problems: List[Problem] = []
    for title in workbook.sheetnames:
        name = header_name(title)
        if name not in SHEETS:
            problems += near_miss(f"{path}:{title}", name, _("sheet"))
            continue
        where = f"{path}:{title}"
        if name in tables:
            problems.append(Problem(where, None, _("there are two `{sheet}` sheets: keep only one").format(sheet=name)))
            continue
        formula_sheet = formulas[title] if formulas is not None else None
        sheet = workbook[title]
        rows = fill_merged(marked_rows(sheet, formula_sheet), merged_ranges(path, sheet))
        raw = [(number, list(row)) for number, row in rows if number <= MAX_ROWS]
        tables[name] = table_of_rows(where, raw)
        problems += tables[name].problems + _uncomputed_formulas(tables[name])
    return tables, problems


def _uncomputed_formulas(table: Table) -> List[Problem]:
    """A problem for each cell chainmap reads that is a formula never computed: read as
    blank, a satisfaction would vanish and an id be "required" without a word why."""
    return [Problem(table.where, number, value.message())
            for number, values in table.rows for column, value in values.items()
            if isinstance(value, UncomputedFormula) and not column.startswith("#")]


def near_miss(where: str, name: str, kind: str) -> List[Problem]:
    """A sheet or file whose name looks like a chainmap one is probably a typo: say so."""
    hint = did_you_mean(name, SHEETS)
    if hint is None:
        return []
    message = _("this {kind} is ignored because its name is not one chainmap reads: did you mean `{hint}`?")
    return [Problem(where, None, message.format(kind=kind, hint=hint))]


def is_csv_folder(folder: Path) -> bool:
    """A folder of CSV tables: with ``teams.csv``, or without an org.yaml but with one of the
    other tables (then the missing ``teams.csv`` is said, not "this folder holds no YAML file")."""
    if (folder / CSV_MARKER).exists():  # a teams.csv that is no regular file is refused when read
        return True
    if any((folder / name).exists() for name in ORG_FILE_NAMES):
        return False
    try:
        return any(path.suffix.lower() == ".csv" and not path.name.startswith(".") and header_name(path.stem) in SHEETS
                   for path in folder.iterdir())
    except OSError:  # an unreadable folder: the YAML reader says so
        return False


def read_csv_folder(folder: Path, limits: Limits) -> Tuple[Dict[str, Table], List[Problem]]:
    """The CSV files of a folder: ``teams.csv`` and, when present, the other four."""
    tables: Dict[str, Table] = {}
    problems: List[Problem] = []
    for candidate in sorted(folder.iterdir()):
        if candidate.suffix.lower() != ".csv" or candidate.name.startswith("."):
            continue
        name = header_name(candidate.stem)
        if name not in SHEETS:
            problems += near_miss(str(candidate), name, _("file"))
            continue
        text, problem = _read_csv_text(candidate, limits)
        if problem is not None:
            problems.append(problem)
            continue
        try:
            tables[name] = table_of_rows(str(candidate), _csv_rows(text or ""))
            problems += tables[name].problems
        except RowNotEnded as error:  # its rows would have vanished into one cell
            problems.append(Problem(str(candidate), error.record, row_not_ended()))
    return tables, problems


def size_problem(path: Path, limits: Limits) -> Optional[Problem]:
    """Why a table file cannot be read: not a regular file (a device, a pipe, a link to
    nothing…), or larger than ten declarations may be (it holds a whole organisation)."""
    return refusal(path, limits.max_file_bytes * 10)


def _read_csv_text(path: Path, limits: Limits) -> Tuple[Optional[str], Optional[Problem]]:
    """Decode a CSV file: UTF-8 (BOM or not), else Windows-1252 as saved by Excel in Europe."""
    try:
        data = read_bytes(path, limits.max_file_bytes * 10)
    except RefusedFile as refused:
        return None, refused.problem
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": its byte order mark says how to read it
        try:
            return nfc(data.decode("utf-16")), None
        except UnicodeDecodeError:
            return None, Problem(str(path), None, _("this file starts like UTF-16 text but is damaged: save it again as CSV UTF-8"))
    problem = not_a_declaration(path, data) or (utf16_problem(path) if looks_utf16(data) else None)
    if problem is not None:  # read as Windows-1252, it would give columns such as `<U+0000>i<U+0000>d`
        return None, problem
    try:
        return nfc(data.decode("utf-8-sig")), None  # texts compared in NFC (names.nfc)
    except UnicodeDecodeError:
        return nfc(data.decode("cp1252", errors="replace")), None


def _csv_rows(text: str) -> List[Tuple[int, List[Any]]]:
    """Rows of a CSV text with their numbers; the separator is guessed from the header.

    A row's number counts records, not lines (a cell may hold a line break): it is the row
    a spreadsheet shows. Raises :class:`RowNotEnded` for a quote never closed.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows: List[Tuple[int, List[Any]]] = []
    for _line, cells in csv_records(text, excel_dialect(delimiter)):
        if len(rows) >= MAX_ROWS:
            break
        rows.append((len(rows) + 1, cells))
    return rows
