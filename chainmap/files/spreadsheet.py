"""Files made for spreadsheets: CSV that no spreadsheet runs as a formula, and workbooks
whose bytes do not change from one run to the next.

Every CSV and .xlsx file chainmap writes goes through here: the exports (links and
findings), ``weak --format csv``, the survey's questionnaire, and the declarations
written as CSV files or as a workbook (``convert``, ``init --xlsx``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

__all__ = ["FIXED_TIME", "CsvStyle", "csv_style", "csv_text", "reproducible_xlsx", "spreadsheet_safe"]

# Text starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula character right after something a spreadsheet may take for a separator: a
# comma, a semicolon (the list separator of French, German… Excel), a tab, a line break.
# Whatever separator chainmap wrote, the file may be opened with another, and the cell
# then starts there.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(?=[=+\-@])")
# The date every workbook carries, so that the same organisation gives the same bytes.
FIXED_TIME = dt.datetime(2020, 1, 1)
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula: a ``'`` before it, at its start
    and after any separator inside it (the one guard of every CSV chainmap writes for people).

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-3"), spreadsheet_safe(-3)
    ("'=HYPERLINK(1)", "'-3", -3)
    >>> spreadsheet_safe("x;=1+1"), spreadsheet_safe("a,@SUM(1)"), spreadsheet_safe("Qualité; R&D")
    ("x;'=1+1", "a,'@SUM(1)", 'Qualité; R&D')
    """
    if not isinstance(value, str):
        return value
    if value[:1] in FORMULA_STARTS:
        value = "'" + value
    return _FORMULA_AFTER_SEPARATOR.sub("'", value)


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV file for people is written: its separator, its decimal mark, its BOM.

    ``excel`` is the style a French Excel opens by a double click (:func:`csv_style`):
    ``;`` between cells, a decimal comma, a BOM (without it, Excel reads UTF-8 accents as
    Windows-1252: "RÃ©ception"); the writers then also put the headers and the words of
    the cells in the language in use.
    """

    delimiter: str = ","
    decimal_comma: bool = False
    bom: bool = False
    line_end: str = "\r\n"
    excel: bool = False


def csv_style(french: bool, separator: Optional[str] = None, excel: bool = True, bom: bool = False,
              line_end: str = "\r\n") -> CsvStyle:
    """The style of a CSV meant for a spreadsheet: French Excel's (``;``, decimal comma, BOM,
    words in French) when the language is French, unless ``excel`` is False (``--no-excel``:
    commas, points, the English words scripts expect); ``separator`` (``--sep``) wins over both.

    >>> csv_style(True).delimiter, csv_style(True, ",").delimiter, csv_style(True, excel=False).delimiter
    (';', ',', ',')
    """
    french_excel = french and excel
    delimiter = SEPARATORS.get(separator or "", separator or (";" if french_excel else ","))
    return CsvStyle(delimiter, french_excel, bom or french_excel, "\r\n" if french_excel else line_end, french_excel)


SEPARATORS = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False, line_end: str = "\r\n",
             delimiter: str = ",", guard: bool = True, style: Optional[CsvStyle] = None) -> str:
    """A header and rows as CSV text (``None`` as an empty cell).

    ``guard`` neutralises formulas (:func:`spreadsheet_safe`): right for what people open in
    a spreadsheet, wrong for declarations chainmap reads back (a quote added to a name would
    change the name). It applies to text whatever the separator; a number is written as a
    number (with a decimal comma in ``style``'s French Excel), never as a formula. ``bom``
    starts the text with a UTF-8 byte order mark, which Excel on Windows needs to show
    accents; RFC 4180 asks for CRLF line ends. ``style`` overrides ``bom``, ``line_end``
    and ``delimiter``.
    """
    if style is not None:
        bom, line_end, delimiter = style.bom, style.line_end, style.delimiter
    comma = style is not None and style.decimal_comma
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    if columns:
        writer.writerow([spreadsheet_safe(column) if guard else column for column in columns])
    for row in rows:
        writer.writerow([_cell(value, guard, comma) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _cell(value: Any, guard: bool, decimal_comma: bool) -> Any:
    """One cell: empty for ``None``, a number as a number (``6,5`` with a decimal comma), text guarded."""
    if value is None:
        return ""
    if isinstance(value, float) and not isinstance(value, bool):
        text = repr(value) if not value.is_integer() else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, (int, bool)):
        return value
    return spreadsheet_safe(value) if guard else value


def reproducible_xlsx(workbook: Any) -> bytes:
    """An openpyxl workbook's bytes, the same for the same content.

    openpyxl stamps the time of saving into docProps/core.xml and into every zip entry:
    both are replaced by :data:`FIXED_TIME`, so that writing the same organisation twice
    gives the same bytes (a clean diff in git).
    """
    import zipfile  # only a workbook needs it: CSV outputs do not pay for it

    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2020-01-01T00:00:00Z\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return output.getvalue()
