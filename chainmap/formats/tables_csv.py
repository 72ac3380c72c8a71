"""CSV of the links and of the findings, for Excel and LibreOffice.

Safe to open: a text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) is prefixed with ``'`` so that no spreadsheet runs it as a formula (CSV
injection). Optional UTF-8 BOM, which Excel on Windows needs to show accents correctly;
CRLF line ends, as RFC 4180 asks.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, List

from ..analysis import Analysis
from .attributes import link_records
from .data import findings_data

__all__ = ["links_csv", "findings_table_csv", "spreadsheet_safe"]

LINK_COLUMNS = ("supplier", "supplier_name", "client", "client_name", "status", "declared_by", "what",
                "satisfaction", "weak", "findings", "severity")
FINDING_COLUMNS = ("rule", "severity", "team", "supplier", "client", "declared_by", "workers_affected",
                   "message", "action")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-3"), spreadsheet_safe(-3)
    ("'=HYPERLINK(1)", "'-3", -3)
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(columns: Iterable[str], rows: Iterable[List[Any]], bom: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow(["" if value is None else spreadsheet_safe(value) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def links_csv(analysis: Analysis, bom: bool = False) -> str:
    """One row per link (and per reference to a missing team), with its findings."""
    org = analysis.org
    rows = []
    for link in link_records(analysis):
        a = link.attributes
        rows.append([link.supplier, org.display_name(link.supplier), link.client, org.display_name(link.client),
                     a["status"], a["declared_by"], a["what"], a["satisfaction"],
                     "yes" if a["weak"] else "no", a["findings"], a["severity"]])
    return _csv(LINK_COLUMNS, rows, bom)


def findings_table_csv(analysis: Analysis, bom: bool = False) -> str:
    """One row per finding, in FORMAT.md order, with its message and suggested action."""
    rows = [[data.get(column) for column in FINDING_COLUMNS] for data in findings_data(analysis)]
    return _csv(FINDING_COLUMNS, rows, bom)
