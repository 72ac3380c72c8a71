"""The questionnaire, generated from the map: each team rates only the suppliers it really has.

One row per (team, supplier) link of the map, plus one free row per team for "a supplier
we forgot" (answers there that name a real team show up as links missing from the map).
The headers are ones :mod:`chainmap.survey.columns` recognises, so the filled rows come
back as they are through ``chainmap survey``.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

from ..errors import UsageError
from ..files.spreadsheet import csv_text, reproducible_xlsx
from ..i18n import _, language
from ..model import Org
from .columns import TeamIndex

__all__ = ["form_rows", "form_csv", "form_xlsx", "write_form"]


def _headers(kind: str) -> List[str]:
    if kind == "enps":
        return [_("Your team"), _("Question"), _("Score (0-10)")]
    return [_("Your team"), _("Supplier team"), _("Question"), _("Score (0-10)"), _("Comment")]


def form_rows(org: Org, kind: str = "satisfaction") -> List[List[str]]:
    """The header and the rows of the questionnaire, teams and suppliers in id order."""
    name = TeamIndex(org).label  # a name that two teams share is written with its id: "Qualité (qa1)"
    rows = [_headers(kind)]
    if kind == "enps":
        question = _("On a scale of 0 to 10, how likely are you to recommend your team as a place to work?")
        return rows + [[name(t), question, ""] for t in org.teams]
    for team_id in org.teams:
        for link in org.links:
            if link.client == team_id:
                question = _("How satisfied is {team} with what {supplier} provides? (0 = not at all, 10 = fully)").format(
                    team=name(team_id), supplier=name(link.supplier))
                rows.append([name(team_id), name(link.supplier), question, "", ""])
        rows.append([name(team_id), "", _("A supplier we forgot: write its name in the supplier column, and rate it"), "", ""])
    return rows


def form_csv(org: Org, kind: str = "satisfaction") -> bytes:
    """CSV in UTF-8 with a byte order mark (so that Excel shows accents), separated by
    semicolons in French (what a French Excel expects) and commas otherwise."""
    rows = form_rows(org, kind)
    return csv_text(rows[0], rows[1:], bom=True, delimiter=";" if language() == "fr" else ",").encode("utf-8")


def form_xlsx(org: Org, kind: str = "satisfaction") -> bytes:
    """A workbook with a bold, frozen header, readable widths and scores limited to 0–10."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation
    rows = form_rows(org, kind)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Survey")[:31]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = {"enps": [30, 70, 14], "satisfaction": [30, 30, 70, 14, 50]}[kind]
    for column, width in zip("ABCDE", widths):
        sheet.column_dimensions[column].width = width
    score_column = "D" if kind == "satisfaction" else "C"
    for cell in sheet[score_column][1:]:
        cell.alignment = Alignment(horizontal="center")
    validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True,
                                error=_("A score from 0 to 10"), errorTitle=_("Score"), showErrorMessage=True)
    validation.add(f"{score_column}2:{score_column}{max(len(rows), 2)}")
    sheet.add_data_validation(validation)
    return reproducible_xlsx(workbook)  # the same map gives the same workbook


def write_form(org: Org, output: Path, kind: str = "satisfaction") -> int:
    """Write the questionnaire (format from the extension) and return its number of questions."""
    from ..files.safe_write import write_bytes
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(_("{path}: the questionnaire can be written as .csv or .xlsx: change the file's extension").format(path=output))
    write_bytes(output, form_csv(org, kind) if suffix == ".csv" else form_xlsx(org, kind))
    return len(form_rows(org, kind)) - 1
