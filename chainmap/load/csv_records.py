"""The rows of a CSV text, none lost: a row that never ends is refused where it starts.

Given a quote that is never closed, Python's csv reader does not complain: it reads every
later line into that one cell, so the rows after it vanish without a word (a survey's
answers, a declaration's links or members). Both the survey reader and the spreadsheet
declarations read CSV through :func:`csv_records`, which refuses such a row instead.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterator, List, Tuple

from ..i18n import _

__all__ = ["RowNotEnded", "csv_records", "csv_text", "excel_dialect", "row_not_ended"]


class RowNotEnded(Exception):
    """A row that runs to the end of the text (a quote never closed) or past the csv cell limit.

    ``line`` is the line of the text it starts on (what an editor shows), ``record`` its
    number among the rows, blank ones counted (what a spreadsheet shows).
    """

    def __init__(self, line: int, record: int):
        super().__init__(line, record)
        self.line = line
        self.record = record


def row_not_ended() -> str:
    """What to tell the user about a :class:`RowNotEnded`, after its ``path:line: ``."""
    return _("this row does not end: a quote (\") opened here is never closed, or a cell is longer than {limit} "
             "characters; check the quotes on this line (a quote inside a text is written twice: \"\"), or save "
             "the file again from your spreadsheet").format(limit=csv.field_size_limit())


def csv_text(text: str) -> str:
    """``text`` with its line breaks as ``\\n`` and a final one: then a quote left open at the
    end shows as a last cell ending in a line break, which :func:`csv_records` looks for."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def excel_dialect(delimiter: str) -> Any:
    """Excel's CSV dialect with another separator."""
    class Counted(csv.excel):
        pass
    Counted.delimiter = delimiter
    return Counted


def csv_records(text: str, dialect: Any) -> Iterator[Tuple[int, List[str]]]:
    """Each row of ``text`` (blank ones too, as ``[]``) with the line it starts on.

    Raises :class:`RowNotEnded` for a row the reader cannot finish: a cell longer than the
    csv limit (the only error csv raises here), or a last row that ends inside a quote.
    """
    text = csv_text(text)
    reader = csv.reader(io.StringIO(text), dialect)
    last_line = text.count("\n")
    line, record = 1, 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise RowNotEnded(line, record + 1) from None
        record += 1
        if reader.line_num == last_line and cells and cells[-1].endswith("\n"):
            _refuse_quote_left_open(text, line, record, dialect)
        yield line, cells
        line = reader.line_num + 1


def _refuse_quote_left_open(text: str, line: int, record: int, dialect: Any) -> None:
    """Refuse the last row if it ends inside a quote never closed.

    Only a row whose last cell ends with a line break gets here (a quoted cell may hold
    line breaks on purpose); it is read again strictly, which fails only on a quote left
    open (or a stray one).
    """
    remainder = "\n".join(text.split("\n")[line - 1:])
    strict = csv.reader(io.StringIO(remainder), dialect, strict=True)
    try:
        for _cells in strict:
            pass
    except csv.Error:
        raise RowNotEnded(line, record) from None
