"""Satisfaction and eNPS surveys: raw answers → per-link and per-team figures → an overlay.

>>> import chainmap
>>> from chainmap.survey import Overlay, LinkScore, apply_survey
>>> import datetime as dt
>>> org = chainmap.load(chainmap.example_path())
>>> overlay = Overlay(dt.date(2026, 11, 20), 5, links=(LinkScore("brancardage", "laboratoire", 9, 4.2, -56),))
>>> surveyed = apply_survey(org, overlay)
>>> [l.satisfaction for l in surveyed.links if (l.supplier, l.client) == ("brancardage", "laboratoire")]
[4.2]
>>> surveyed.survey.date
datetime.date(2026, 11, 20)
"""

from __future__ import annotations

from .compute import (
    DEFAULT_MIN_RESPONSES,
    SurveyResult,
    compute_overlay,
    net_promoter_score,
    parse_score,
)
from .form import form_csv, form_rows, form_xlsx, write_form
from .overlay import (
    LinkScore,
    Overlay,
    TeamScore,
    Unmatched,
    apply_survey,
    overlay_yaml,
    read_overlay,
    surveyed,
)
from .tables import Table, read_table

__all__ = [
    "DEFAULT_MIN_RESPONSES", "LinkScore", "Overlay", "SurveyResult", "Table", "TeamScore", "Unmatched",
    "apply_survey", "compute_overlay", "form_csv", "form_rows", "form_xlsx", "net_promoter_score",
    "overlay_yaml", "parse_score", "read_overlay", "read_table", "surveyed", "write_form",
]
