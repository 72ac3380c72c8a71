"""A workbook bounded by what it holds, not by what it claims, before any reader opens it.

An .xlsx file is a zip of XML parts, and both readers (calamine, openpyxl) trust it: a
9 KB workbook whose sheet claimed ``A1:XFD1048576`` took 37 s and 4 GB; a merged range
beyond column XFD, a row numbered 200,000,000, twenty million shared strings nobody uses,
a sheet that inflates to 2 GB of blanks each took minutes and gigabytes, or silently
dropped the rows beyond the millionth. So every workbook (declarations and survey answers
alike) is first looked through here, part by part and in chunks, and refused within
seconds, naming the file and the sheet, when:

- a part inflates to more than :data:`MOST_PART_BYTES`, or inflates from much smaller
  (:data:`MOST_RATIO` times, what only a bomb of blanks reaches);
- a cell, a row or a merged range lies beyond Excel's last row (1,048,576) or column (XFD):
  no spreadsheet can have written it, and it is never dropped without a word;
- the merged ranges cover more than :data:`MOST_MERGED_CELLS` cells (each is filled in);
- the shared strings number more than :data:`MOST_SHARED_STRINGS`.

The ``<dimension>`` a sheet declares is never read: the cells are located in the XML.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Dict, Iterator, Optional

from ..errors import Problem
from ..i18n import _
from ..i18n.localise import format_number

__all__ = ["EXCEL_COLUMNS", "EXCEL_ROWS", "MOST_MERGED_CELLS", "MOST_PART_BYTES", "MOST_RATIO", "MOST_SHARED_STRINGS",
           "workbook_refusal"]

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
MOST_PART_BYTES = 256 * 1024 * 1024  # a sheet of a million members is some 150 MB of XML
MOST_RATIO = 500  # XML deflates 5 to 50 times; blanks, 1,000 times
RATIO_FROM_BYTES = 16 * 1024 * 1024  # smaller parts may inflate as they like
MOST_MERGED_CELLS = 8_000_000
MOST_SHARED_STRINGS = 5_000_000
MOST_PARTS = 10_000
_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Za-z]+)(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')
_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?(?:\w+:)?id="([^"]*)"')
_TARGET = re.compile(rb'<Relationship\s[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|<Relationship\s[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


def workbook_refusal(path: Path) -> Optional[Problem]:
    """Why the workbook at ``path`` is refused before it is read (``None``: it may be read;
    a file that is no zip is left to the readers, which say so in their words)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _archive_problem(archive, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None


def _archive_problem(archive: zipfile.ZipFile, path: Path) -> Optional[Problem]:
    parts = archive.infolist()
    if len(parts) > MOST_PARTS:
        return Problem(str(path), None, _("this workbook holds {n} parts, more than any spreadsheet writes ({limit}): "
                                          "open it in Excel or LibreOffice and save it again as .xlsx").format(
                                              n=format_number(len(parts)), limit=format_number(MOST_PARTS)))
    titles = _sheet_titles(archive)
    for part in parts:
        problem = _size_problem(part, f"{path}:{titles.get(part.filename, part.filename)}")
        if problem is not None:
            return problem
    for part in parts:
        where = f"{path}:{titles.get(part.filename, part.filename)}"
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            problem = _sheet_problem(archive, part, where)
        elif part.filename.startswith("xl/sharedStrings") and part.filename.endswith(".xml"):
            problem = _strings_problem(archive, part, where)
        else:
            continue
        if problem is not None:
            return problem
    return None


def _size_problem(part: zipfile.ZipInfo, where: str) -> Optional[Problem]:
    """A part that inflates beyond the bound, or far beyond its compressed size."""
    swollen = part.file_size > RATIO_FROM_BYTES and part.file_size > MOST_RATIO * max(part.compress_size, 1)
    if part.file_size <= MOST_PART_BYTES and not swollen:
        return None
    return Problem(where, None, _("this part of the workbook inflates to {size} bytes from {packed}, more than a spreadsheet "
                                  "writes (it is mostly blank, or built to fill memory): open the workbook in Excel or "
                                  "LibreOffice, delete the empty rows and columns, and save it again").format(
                                      size=format_number(part.file_size), packed=format_number(part.compress_size)))


def _chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo, keep: int = 256) -> Iterator[bytes]:
    """The part's XML in chunks of a megabyte, each starting with the end of the one before
    (``keep`` bytes, cut at a tag), so that nothing is missed at a boundary; never more than
    :data:`MOST_PART_BYTES` in all, whatever the part's header claims."""
    read = 0
    tail = b""
    with archive.open(part) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            read += len(chunk)
            if read > MOST_PART_BYTES:
                raise _TooLarge()
            text = tail + chunk
            cut = text.rfind(b"<", max(0, len(text) - keep))
            whole, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            yield whole
    yield tail


class _TooLarge(Exception):
    """A part inflating beyond its bound, found while it is read."""


def _sheet_problem(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> Optional[Problem]:
    merged = 0
    try:
        for text in _chunks(archive, part):
            for row in _ROW.findall(text):
                if len(row) > 7 or int(row) > EXCEL_ROWS:
                    return _beyond(where, _("row {row}").format(row=_shown(row)))
            for letters, row in _CELL.findall(text):
                if _outside(letters, row):
                    return _beyond(where, _("the cell {cell}").format(cell=_shown(letters + row)))
            for first_letters, first_row, last_letters, last_row in _MERGE.findall(text):
                last_letters, last_row = last_letters or first_letters, last_row or first_row
                if _outside(first_letters, first_row) or _outside(last_letters, last_row):
                    return _beyond(where, _("the merged range {cells}").format(
                        cells=_shown(first_letters + first_row + b":" + last_letters + last_row)))
                merged += ((abs(int(last_row) - int(first_row)) + 1)
                           * (abs(_column(last_letters) - _column(first_letters)) + 1))
                if merged > MOST_MERGED_CELLS:
                    return Problem(where, None, _("the merged ranges of this sheet cover more than {limit} cells: unmerge "
                                                  "them (Home → Merge & Center), and save the workbook again").format(
                                                      limit=format_number(MOST_MERGED_CELLS)))
    except _TooLarge:
        return _inflated(where)
    return None


def _strings_problem(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> Optional[Problem]:
    count = 0
    try:
        for text in _chunks(archive, part):
            count += len(_STRING.findall(text))
            if count > MOST_SHARED_STRINGS:
                return Problem(where, None, _("this workbook lists more than {limit} different texts, more than an "
                                              "organisation needs: open it in Excel or LibreOffice and save it again "
                                              "(which keeps only the texts its cells use)").format(
                                                  limit=format_number(MOST_SHARED_STRINGS)))
    except _TooLarge:
        return _inflated(where)
    return None


def _inflated(where: str) -> Problem:
    return Problem(where, None, _("this part of the workbook inflates to more than {limit} bytes: open the workbook in "
                                  "Excel or LibreOffice, delete the empty rows and columns, and save it again").format(
                                      limit=format_number(MOST_PART_BYTES)))


def _beyond(where: str, what: str) -> Problem:
    return Problem(where, None, _("{what} lies beyond the last row (1,048,576) or column (XFD) a workbook can have: no "
                                  "spreadsheet wrote it; open the workbook in Excel or LibreOffice and save it again, or "
                                  "remove it").format(what=what))


def _outside(letters: bytes, row: bytes) -> bool:
    return len(letters) > 3 or len(row) > 7 or _column(letters) > EXCEL_COLUMNS or not 1 <= int(row) <= EXCEL_ROWS


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:8]:
        number = number * 26 + letter - 64
    return number


def _shown(text: bytes) -> str:
    """At most a few dozen characters of what the file says."""
    shown = text.decode("ascii", "replace")
    return shown if len(shown) <= 40 else shown[:40] + "…"


def _sheet_titles(archive: zipfile.ZipFile) -> Dict[str, str]:
    """Each worksheet part's title (``xl/worksheets/sheet1.xml`` → ``Teams``), as far as the
    workbook says; bounded reads of two small parts."""
    try:
        workbook = _head(archive, "xl/workbook.xml")
        relations = _head(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: Dict[bytes, bytes] = {}
    for match in _TARGET.finditer(relations):
        key, target = (match.group(1), match.group(2)) if match.group(1) is not None else (match.group(4), match.group(3))
        targets[key] = target
    titles = {}
    for name, relation in _SHEET.findall(workbook):
        target = targets.get(relation, b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        titles[part] = name.decode("utf-8", "replace")
    return titles


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as stream:
        return stream.read(4 * 1024 * 1024)

