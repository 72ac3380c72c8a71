"""Merged cells of a workbook, read as the spreadsheet shows them.

People merge cells to avoid repeating themselves: a department written once beside the
five teams it holds, a team's name beside its members. The sheet then shows the value on
every row of the merge, but the file keeps it only in the merge's first cell, and the
others read as blanks: five teams would lose their department without a word. So each
cell of a merged range is read as the value of its first (top-left) cell.

openpyxl's read-only mode, which reads large sheets row by row in little memory, does not
give the merged ranges; they are listed at the end of the sheet's XML (``<mergeCell
ref="C2:C6"/>``), which is scanned here in chunks, like the formulas are.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Set, Tuple

__all__ = ["Merge", "merged_ranges", "fill_merged"]

Merge = Tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def merged_ranges(path: Path, sheet: Any) -> List[Merge]:
    """The merged ranges of one sheet of the workbook at ``path``, in reading order."""
    part = getattr(sheet, "_worksheet_path", None)  # where openpyxl found the sheet in the archive
    if not part:
        return []
    found: Set[Merge] = set()
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        tail = b""
        for chunk in iter(lambda: xml.read(1 << 20), b""):
            text = tail + chunk
            found.update(_merge(match.groups()) for match in MERGE_CELL.finditer(text))
            tail = text[-200:]  # a reference cut between two chunks is whole in the next text
    return sorted(found)


def _merge(groups: Tuple[Any, ...]) -> Merge:
    first_column, first_row, last_column, last_row = groups
    return (int(first_row), _column_number(first_column),
            int(last_row or first_row), _column_number(last_column or first_column))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def fill_merged(rows: Iterable[Tuple[int, Tuple[Any, ...]]], merges: List[Merge]) -> Iterator[Tuple[int, Tuple[Any, ...]]]:
    """The rows, each cell of a merged range holding the value of the range's first cell.

    Rows are read top to bottom, so the first cell of a merge is always read before the
    cells it covers: this works on a stream of rows, as large sheets are read. A row blank
    in the file stays blank: a merge over a whole column (``A2:A1048576``) would otherwise
    make a million rows of one value out of three rows of data.
    """
    if not merges:
        yield from rows
        return
    starting: Dict[int, List[Merge]] = {}
    for merge in merges:
        starting.setdefault(merge[0], []).append(merge)
    open_merges: List[Tuple[Merge, Any]] = []
    for number, row in rows:
        open_merges = [(merge, value) for merge, value in open_merges if merge[2] >= number]
        open_merges += [(merge, _cell(row, merge[1])) for merge in starting.get(number, [])]
        yield number, _filled_row(row, open_merges) if any(_written(cell) for cell in row) else row


def _written(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _cell(row: Tuple[Any, ...], column: int) -> Any:
    return row[column - 1] if column <= len(row) else None


def _filled_row(row: Tuple[Any, ...], open_merges: List[Tuple[Merge, Any]]) -> Tuple[Any, ...]:
    if not open_merges:
        return row
    cells = list(row)
    for (_first_row, first_column, _last_row, last_column), value in open_merges:
        if len(cells) < last_column:
            cells += [None] * (last_column - len(cells))
        for column in range(first_column, last_column + 1):
            cells[column - 1] = value
    return tuple(cells)
