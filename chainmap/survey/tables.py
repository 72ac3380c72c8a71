"""Reading a survey export as a table: a CSV file in any common dialect and encoding, or a workbook.

Form tools export very different files: Google Forms writes UTF-8 with commas, Microsoft
Forms an ``.xlsx``, a French Excel "CSV (séparateur : point-virgule)" is cp1252 with
semicolons, LibreOffice may write UTF-16 with tabs. The encoding is read from the byte
order mark when there is one, otherwise UTF-8 is tried strictly and cp1252 (then Latin-1,
which accepts every byte) is the fallback; the delimiter is sniffed from the first lines.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Tuple

from ..errors import ChainmapError
from ..i18n import _
from ..load.csv_records import RowNotEnded, csv_records, csv_text, excel_dialect, row_not_ended
from ..load.formulas import marked_rows, workbook_with_formulas
from ..load.merged import fill_merged, merged_ranges
from ..load.regular import RefusedFile, read_bytes, refusal
from ..load.tables import BROKEN_WORKBOOK
from ..load.workbook_bounds import workbook_refusal
from ..names import nfc

__all__ = ["Table", "read_table", "decode", "MAX_BYTES"]

MAX_BYTES = 50_000_000  # far above any survey export; protects memory from the wrong file
DELIMITERS = ";,\t|"


@dataclass(frozen=True)
class Table:
    """The rows of one export. ``rows`` pairs each row with its number as the user sees it
    (line of the CSV file, row of the sheet), so that problems can point at it."""

    path: str
    headers: Tuple[str, ...]
    rows: Tuple[Tuple[int, Tuple[Any, ...]], ...]
    encoding: str = ""


def read_table(path: Path) -> Table:
    """Read a ``.csv``/``.tsv``/``.txt`` or ``.xlsx`` export; raise a clear error for anything else."""
    path = Path(path)
    problem = refusal(path, MAX_BYTES)  # a device, a pipe, a link to nothing, a file of /proc: said what it is
    if problem is not None:
        raise RefusedFile(problem)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if suffix == ".xls":
        raise ChainmapError(_("{path}: old .xls workbooks cannot be read: save it as .xlsx or CSV from your spreadsheet").format(path=path))
    return _read_csv(path, read_bytes(path, MAX_BYTES))


def decode(data: bytes) -> Tuple[str, str]:
    """The text of ``data`` and the name of the encoding used (see the module's docstring).

    >>> decode("Équipe".encode("cp1252"))
    ('Équipe', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfx")
    ('x', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:1000]
    if sample and sample.count(0) > len(sample) // 4:  # UTF-16 without a byte order mark
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _read_csv(path: Path, data: bytes) -> Table:
    """The rows of a CSV export, each with the line it starts on; a row the reader cannot
    finish (a quote never closed, a giant cell) is refused with that line, never swallowed."""
    text, encoding = decode(data)
    text, delimiter = _excel_separator_line(csv_text(nfc(text)))  # names compared in NFC, as the declarations
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise ChainmapError(_("{path}: the file is empty: export the answers of the survey again").format(path=path))
    rows: List[Tuple[int, Tuple[Any, ...]]] = []
    headers: Optional[Tuple[str, ...]] = None
    try:
        for number, cells in csv_records(text, _dialect(lines[:20], delimiter)):
            if not any(cell.strip() for cell in cells):
                continue
            if headers is None:
                headers = tuple(cell.strip() for cell in cells)
            else:
                rows.append((number, tuple(cells)))
    except RowNotEnded as error:
        raise ChainmapError(f"{path}:{error.line}: {row_not_ended()}") from None
    return Table(str(path), headers or (), tuple(rows), encoding)


def _excel_separator_line(text: str) -> Tuple[str, Optional[str]]:
    """The text without Excel's ``sep=;`` first line (kept as a blank line, so that line
    numbers stay those of the file), and the separator that line names."""
    first, newline, rest = text.partition("\n")
    found = re.fullmatch(r"\s*sep=([^\"\w\n])\s*", first, re.IGNORECASE)
    if not found:
        return text, None
    return newline + rest, found.group(1)


def _dialect(lines: List[str], delimiter: Optional[str] = None) -> Any:
    """The CSV dialect of the first lines: the separator named by a ``sep=`` line, else the
    sniffer's guess, else the most frequent delimiter."""
    if delimiter is not None:
        return excel_dialect(delimiter)
    sample = "\n".join(lines)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        if dialect.delimiter in DELIMITERS and lines[0].count(dialect.delimiter):
            return dialect
    except csv.Error:
        pass
    return excel_dialect(max(DELIMITERS, key=lambda d: (lines[0].count(d), -DELIMITERS.index(d))))


def _read_workbook(path: Path) -> Table:
    """The first sheet that has a header row (Microsoft Forms and Excel exports)."""
    problem = workbook_refusal(path)  # bounded by what it holds, not by what it claims
    if problem is not None:
        raise RefusedFile(problem)
    try:
        with workbook_with_formulas(path) as (workbook, formulas):
            for sheet in workbook.worksheets:
                rows = _sheet_rows(path, sheet, formulas[sheet.title] if formulas is not None else None)
                if rows:
                    headers = tuple("" if cell is None else str(cell).strip() for cell in rows[0][1])
                    return Table(f"{path}:{sheet.title}", headers, tuple(rows[1:]), "xlsx")
    except BROKEN_WORKBOOK:
        raise ChainmapError(_("{path}: this file cannot be read as an Excel workbook (it is damaged, or it is another "
                              "kind of file named .xlsx): open it in Excel or LibreOffice and save it again as .xlsx").format(path=path)) from None
    raise ChainmapError(_("{path}: the workbook has no filled sheet: export the answers of the survey again").format(path=path))


def _sheet_rows(path: Path, sheet: Any, formula_sheet: Any) -> List[Tuple[int, Tuple[Any, ...]]]:
    """The sheet's non-empty rows with their numbers, formulas never computed marked as
    such, merged cells read as the sheet shows them."""
    rows = fill_merged(marked_rows(sheet, formula_sheet), merged_ranges(path, sheet))
    return [(number, tuple(nfc(cell) if type(cell) is str else cell for cell in row)) for number, row in rows
            if any(cell not in (None, "") for cell in row)]
