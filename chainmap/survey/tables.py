"""Reading a survey export as a table: a CSV file in any common dialect and encoding, or a workbook.

Form tools export very different files: Google Forms writes UTF-8 with commas, Microsoft
Forms an ``.xlsx``, a French Excel "CSV (séparateur : point-virgule)" is cp1252 with
semicolons, LibreOffice may write UTF-16 with tabs. The encoding is read from the byte
order mark when there is one, otherwise UTF-8 is tried strictly and cp1252 (then Latin-1,
which accepts every byte) is the fallback; the delimiter is sniffed from the first lines.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Tuple

from ..errors import ChainmapError
from ..i18n import _

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
    if not path.is_file():
        raise ChainmapError(_("{path}: no such file: check the path of the survey export").format(path=path))
    if path.stat().st_size > MAX_BYTES:
        raise ChainmapError(_("{path}: this file is larger than 50 MB: is it really a survey export?").format(path=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if suffix == ".xls":
        raise ChainmapError(_("{path}: old .xls workbooks cannot be read: save it as .xlsx or CSV from your spreadsheet").format(path=path))
    return _read_csv(path)


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


def _read_csv(path: Path) -> Table:
    text, encoding = decode(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise ChainmapError(_("{path}: the file is empty: export the answers of the survey again").format(path=path))
    reader = csv.reader(io.StringIO(text), _dialect(lines[:20]))
    rows: List[Tuple[int, Tuple[Any, ...]]] = []
    headers: Optional[Tuple[str, ...]] = None
    for cells in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = tuple(cell.strip() for cell in cells)
        else:
            rows.append((number, tuple(cells)))
    return Table(str(path), headers or (), tuple(rows), encoding)


def _dialect(lines: List[str]) -> Any:
    """The CSV dialect of the first lines: the sniffer's guess, or the most frequent delimiter."""
    sample = "\n".join(lines)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        if dialect.delimiter in DELIMITERS and lines[0].count(dialect.delimiter):
            return dialect
    except csv.Error:
        pass
    delimiter = max(DELIMITERS, key=lambda d: (lines[0].count(d), -DELIMITERS.index(d)))

    class Counted(csv.excel):
        pass
    Counted.delimiter = delimiter
    return Counted


def _read_workbook(path: Path) -> Table:
    """The first sheet that has a header row (Microsoft Forms and Excel exports)."""
    import openpyxl
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ChainmapError(_("{path}: this workbook cannot be read ({reason}): open it and save it again as .xlsx").format(path=path, reason=type(error).__name__)) from None
    try:
        for sheet in workbook.worksheets:
            rows = [(number, tuple(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
                    if any(cell not in (None, "") for cell in row)]
            if rows:
                headers = tuple("" if cell is None else str(cell).strip() for cell in rows[0][1])
                return Table(f"{path}:{sheet.title}", headers, tuple(rows[1:]), "xlsx")
    finally:
        workbook.close()
    raise ChainmapError(_("{path}: the workbook has no filled sheet: export the answers of the survey again").format(path=path))
