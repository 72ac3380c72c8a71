"""An organisation as an .xlsx workbook or a folder of CSV files (the spreadsheet layout).

The workbook is made for people: a `README` sheet that explains every sheet and column,
bold frozen headers, sensible column widths, a drop-down for `declared_by`. It is also
byte-for-byte reproducible (:func:`chainmap.files.spreadsheet.reproducible_xlsx`):
converting the same organisation twice gives the same bytes (a clean diff in git).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Tuple

from ..files.spreadsheet import csv_text, reproducible_xlsx
from ..i18n import _
from .rows import TABLE_ORDER, Tables

__all__ = ["workbook_bytes", "csv_files", "readme_rows"]

_WIDTHS = {"id": 22, "name": 32, "department": 22, "team": 22, "supplier": 22, "client": 22,
           "declared_by": 13, "what": 40, "satisfaction": 12, "key": 20, "value": 32, "role": 20,
           "reviewed": 12, "enps": 8, "nps": 8}


def readme_rows() -> List[Tuple[str, str]]:
    """The README sheet: what each sheet and column holds, for the person filling it in."""
    return [
        (_("sheet / column"), _("what to write")),
        ("settings", _("one row per setting: `key` | `value`. The row `org` gives the organisation's name (required).")),
        ("settings: min_satisfaction", _("a link rated below this (0 to 10) is weak (default 7)")),
        ("settings: max_chain_length", _("a shortest chain longer than this many links is long (default 5)")),
        ("settings: spof_min_teams", _("a team that this many other teams cannot bypass is a single point of failure (default 2)")),
        ("settings: stale_after_days", _("a team not reviewed for this many days is stale (default 365)")),
        ("settings: min_enps", _("a frontline team whose eNPS is below this needs attention (default 0)")),
        ("end_clients", _("the external clients every chain should reach: `id`, `name`, `nps` (optional, -100 to 100)")),
        ("teams", _("one row per team: `id` (lower case, no spaces or accents), `name`, `department`, `enps` (-100 to 100), `reviewed` (date YYYY-MM-DD)")),
        ("members", _("one row per person and team: `team` (a team id), `name`, `id` (optional: employee number or e-mail), `role`")),
        ("links", _("one row per link: `supplier` → `client` (team ids; a client may be an end client), `what` is delivered")),
        ("links: declared_by", _("`both` (or empty): both teams agree on the link; `supplier` or `client`: only that team declared it")),
        ("links: satisfaction", _("how satisfied the client team is with this supplier, 0 to 10 (only when the client declares the link)")),
        (_("other sheets"), _("ignored: keep notes in them freely; a column whose title starts with # is ignored too")),
    ]


def workbook_bytes(tables: Tables) -> bytes:
    """The tables as a reproducible .xlsx workbook, with a README sheet first."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    _fill(readme, ["", ""], [list(row) for row in readme_rows()], {"A": 30, "B": 110})
    for name in TABLE_ORDER:
        columns, rows = tables[name]
        sheet = workbook.create_sheet(name)
        _fill(sheet, columns, rows, {_letter(i): _WIDTHS.get(c, 16) for i, c in enumerate(columns)})
        if name == "links":
            choice = DataValidation(type="list", formula1='"both,supplier,client"', allow_blank=True)
            sheet.add_data_validation(choice)
            choice.add(f"C2:C{max(len(rows) + 1, 1000)}")
    workbook.properties.creator = "chainmap"
    return reproducible_xlsx(workbook)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _fill(sheet: Any, columns: List[str], rows: List[List[Any]], widths: Dict[str, int]) -> None:
    from openpyxl.styles import Font

    if any(columns):
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    first = 2 if any(columns) else 1
    for row_number, row in enumerate(rows, start=first):
        for column_number, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column_number, value=value)  # O(1): no max_row scan
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with `=` stays text, never a formula
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def csv_files(tables: Tables, bom: bool = False) -> Dict[str, bytes]:
    """The tables as CSV files, ``{"teams.csv": bytes, …}``: UTF-8, comma-separated.

    Text is written as is (no formula neutralising): these files are declarations that
    chainmap reads back, and a quote added to a name would change the name.
    """
    files = {}
    for name in TABLE_ORDER:
        columns, rows = tables[name]
        cells = [[value.isoformat() if isinstance(value, dt.date) else value for value in row] for row in rows]
        files[f"{name}.csv"] = csv_text(columns, cells, bom=bom, guard=False).encode("utf-8")
    return files
