"""The questionnaire, generated from the map: each team rates only the suppliers it really has.

One row per (team, supplier) link of the map, plus one free row per team for "a supplier
we forgot" (answers there that name a real team show up as links missing from the map).
The headers are ones :mod:`chainmap.survey.columns` recognises, so the filled rows come
back as they are through ``chainmap survey``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from ..errors import UsageError
from ..files.spreadsheet import CsvStyle, csv_style, csv_text, reproducible_xlsx
from ..i18n import _, language
from ..model import Org
from .columns import TeamIndex

__all__ = ["Questions", "form_rows", "form_csv", "form_xlsx", "per_team_paths", "write_form", "write_forms_per_team"]


def _headers(kind: str) -> List[str]:
    if kind == "enps":
        return [_("Your team"), _("Question"), _("Score (0-10)")]
    return [_("Your team"), _("Supplier team"), _("Question"), _("Score (0-10)"), _("Comment")]


def form_rows(org: Org, kind: str = "satisfaction", teams: Optional[Sequence[str]] = None) -> List[List[str]]:
    """The header and the rows of the questionnaire, teams and suppliers in id order
    (``teams``: only the questions of these teams, for one form per team)."""
    return Questions(org, kind).rows(teams)


class Questions:
    """The questions of one organisation's survey, made once and handed out by team.

    The names (:class:`TeamIndex`) and each team's suppliers are found once: one form per
    team of a 2,000-team organisation asks for them 2,000 times.
    """

    def __init__(self, org: Org, kind: str = "satisfaction"):
        self.org, self.kind = org, kind
        self.name = TeamIndex(org).label  # a name that two teams share is written with its id: "Qualité (qa1)"
        self.suppliers: Dict[str, List[str]] = {}
        for link in org.links:
            self.suppliers.setdefault(link.client, []).append(link.supplier)

    def rows(self, teams: Optional[Sequence[str]] = None) -> List[List[str]]:
        """The header, then the questions of ``teams`` (default: every team), in id order."""
        name, rows = self.name, [_headers(self.kind)]
        chosen = list(self.org.teams) if teams is None else [team for team in self.org.teams if team in set(teams)]
        if self.kind == "enps":
            question = _("On a scale of 0 to 10, how likely are you to recommend your team as a place to work?")
            return rows + [[name(t), question, ""] for t in chosen]
        for team_id in chosen:
            for supplier in self.suppliers.get(team_id, ()):
                question = _("How satisfied is {team} with what {supplier} provides? (0 = not at all, 10 = fully)").format(
                    team=name(team_id), supplier=name(supplier))
                rows.append([name(team_id), name(supplier), question, "", ""])
            rows.append([name(team_id), "", _("A supplier we forgot: write its name in the supplier column, and rate it"), "", ""])
        return rows


def form_csv(org: Org, kind: str = "satisfaction", style: Optional[CsvStyle] = None,
             teams: Optional[Sequence[str]] = None, questions: Optional[Questions] = None) -> bytes:
    """CSV in UTF-8 with a byte order mark (so that Excel shows accents), separated by
    semicolons in French (what a French Excel expects) and commas otherwise; ``style``
    (``--sep``, ``--no-excel``) says otherwise."""
    rows = (questions or Questions(org, kind)).rows(teams)
    style = style or csv_style(language() == "fr", bom=True)
    return csv_text(rows[0], rows[1:], style=replace(style, bom=style.bom or style.excel)).encode("utf-8")


def form_xlsx(org: Org, kind: str = "satisfaction", teams: Optional[Sequence[str]] = None,
              questions: Optional[Questions] = None) -> bytes:
    """A workbook with a bold, frozen header, readable widths and scores limited to 0–10."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation
    rows = (questions or Questions(org, kind)).rows(teams)
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


def write_form(org: Org, output: Path, kind: str = "satisfaction", style: Optional[CsvStyle] = None) -> int:
    """Write the questionnaire (format from the extension) and return its number of questions."""
    from ..files.safe_write import write_bytes
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(_("{path}: the questionnaire can be written as .csv or .xlsx: change the file's extension").format(path=output))
    write_bytes(output, form_csv(org, kind, style) if suffix == ".csv" else form_xlsx(org, kind))
    return len(form_rows(org, kind)) - 1


def per_team_paths(org: Org, folder: Path, suffix: str = ".xlsx") -> Dict[str, Path]:
    """Where each team's own questionnaire goes: ``FOLDER/<team id>.xlsx`` (an id is a safe file name)."""
    return {team_id: folder / f"{team_id}{suffix}" for team_id in org.teams}


def write_forms_per_team(org: Org, folder: Path, kind: str = "satisfaction", suffix: str = ".xlsx",
                         style: Optional[CsvStyle] = None) -> Dict[str, int]:
    """One small questionnaire per team, each with only that team's questions (its own
    suppliers, or its eNPS question): a file to e-mail to the team. Their filled copies
    are read back all at once by ``chainmap survey ORG FOLDER/*.xlsx``. Returns each file's
    number of questions, by team."""
    from ..files.safe_write import write_bytes
    folder.mkdir(parents=True, exist_ok=True)
    asked, counts = Questions(org, kind), {}
    for team_id, path in per_team_paths(org, folder, suffix).items():
        content = (form_csv(org, kind, style, [team_id], asked) if suffix == ".csv"
                   else form_xlsx(org, kind, [team_id], asked))
        write_bytes(path, content)
        counts[team_id] = len(asked.rows([team_id])) - 1
    return counts
