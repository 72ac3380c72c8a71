"""CSV of the links and of the findings, for Excel and LibreOffice.

Safe to open: no spreadsheet runs a cell as a formula (CSV injection; see
:mod:`chainmap.files.spreadsheet`). Optional UTF-8 BOM, which Excel on Windows needs to
show accents correctly; CRLF line ends, as RFC 4180 asks.
"""

from __future__ import annotations

from typing import Optional

from ..analysis import Analysis
from ..files.spreadsheet import CsvStyle
from .attributes import link_records
from .data import findings_csv, table_csv

__all__ = ["links_csv", "findings_table_csv"]

LINK_COLUMNS = ("supplier", "supplier_name", "client", "client_name", "status", "declared_by", "what",
                "satisfaction", "weak", "findings", "severity")


def links_csv(analysis: Analysis, bom: bool = False, style: Optional[CsvStyle] = None) -> str:
    """One row per link (and per reference to a missing team), with its findings; ``style``:
    for Excel in French (see :func:`~chainmap.files.spreadsheet.csv_style`)."""
    org = analysis.org
    rows = []
    for link in link_records(analysis):
        a = link.attributes
        rows.append([link.supplier, org.display_name(link.supplier), link.client, org.display_name(link.client),
                     a["status"], a["declared_by"], a["what"], a["satisfaction"],
                     "yes" if a["weak"] else "no", a["findings"], a["severity"]])
    return table_csv(LINK_COLUMNS, rows, style or CsvStyle(bom=bom))


def findings_table_csv(analysis: Analysis, bom: bool = False, style: Optional[CsvStyle] = None) -> str:
    """One row per finding (``weak --format csv``'s rows), with CRLF line ends."""
    return findings_csv(analysis, bom=bom, line_end="\r\n", style=style)
