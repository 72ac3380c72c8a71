"""Invitations: one link per team to edit it, one to answer its survey, for the facilitator to hand out.

Written as a CSV (to mail-merge) and as a printable sheet (HTML, one block per team with
its two links and their QR codes, a page break every few teams), both readable by their
owner only (mode 0600): whoever holds a link acts as that team. Issuing a team's links
again revokes its earlier ones, so a lost sheet is cured by printing a new one. Only the
links' SHA-256 are kept by the server: it cannot show a link again, only issue a new one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterable, List, Sequence

from ..files.safe_write import write_bytes
from ..files.spreadsheet import csv_text
from ..i18n import _, language
from ..model import Org
from .store import Store

__all__ = ["Invitation", "issue_invitations", "write_invitations", "invitation_url"]


@dataclass(frozen=True)
class Invitation:
    team: str
    name: str
    department: str
    edit_url: str
    survey_url: str


def invitation_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/?token={token}"


def issue_invitations(store: Store, org: Org, base_url: str, teams: Sequence[str] = ()) -> List[Invitation]:
    """New edit and survey links for these teams (all by default), revoking their earlier ones."""
    chosen = list(teams) or list(org.teams)
    invitations = []
    for team_id in chosen:
        team = org.teams[team_id]
        _link, edit = store.issue("team", team_id)
        _link, survey = store.issue("survey", team_id)
        invitations.append(Invitation(team_id, team.name, team.department or "",
                                      invitation_url(base_url, edit), invitation_url(base_url, survey)))
    return invitations


def write_invitations(invitations: Iterable[Invitation], folder: Path, org_name: str) -> List[Path]:
    """``invitations.csv`` and ``invitations.html`` in ``folder``, readable by their owner only."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = list(invitations)
    csv_path, sheet_path = folder / "invitations.csv", folder / "invitations.html"
    for path, data in ((csv_path, _csv(rows).encode("utf-8-sig")), (sheet_path, _sheet(rows, org_name).encode("utf-8"))):
        write_bytes(path, data)
        os.chmod(path, 0o600)
    return [csv_path, sheet_path]


def _csv(rows: List[Invitation]) -> str:
    """The invitations as CSV: names and departments through the one guard of every CSV
    (:func:`~chainmap.files.spreadsheet.spreadsheet_safe`), links as they are."""
    columns = ["team", "name", "department", "edit_link", "survey_link"]
    return csv_text(columns, ([row.team, row.name, row.department, row.edit_url, row.survey_url] for row in rows))


def _qr(url: str) -> str:
    import segno
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2)
    return str(svg)


_STYLE = """body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5cm;color:#1d2433}
h1{font-size:16pt}.card{border:1px solid #999;border-radius:6px;padding:10px 14px;margin:0 0 12px;
break-inside:avoid;page-break-inside:avoid;display:grid;grid-template-columns:1fr auto auto;gap:12px;align-items:center}
.card h2{margin:0;font-size:13pt}.card p{margin:4px 0;font-size:9pt;word-break:break-all}
.qr{text-align:center;font-size:8pt}.dept{color:#555;font-size:10pt}
@page{size:A4;margin:1.2cm}@media print{body{margin:0}}"""


QR_UP_TO = 300  # teams; QR codes are slow to make (benchmarks/RESULTS.md), and thousands of teams use the CSV


def _sheet(rows: List[Invitation], org_name: str) -> str:
    """A printable page: for each team, its name, its two links and (up to 300 teams) their QR codes."""
    title = _("{org}: each team's links").format(org=org_name)
    lead = _("Cut along the lines and give each team its block. The first link lets the team lead edit the team's "
             "declaration and answer the links addressed to it; the second is for every member of the team, to rate "
             "its suppliers anonymously. Whoever holds a link acts for that team: hand them out in person.")
    cards = "".join(
        f'<section class="card"><div><h2>{escape(row.name)}</h2><p class="dept">{escape(row.department)}</p>'
        f'<p><strong>{escape(_("Team lead"))}:</strong> {escape(row.edit_url)}</p>'
        f'<p><strong>{escape(_("Survey, for every member"))}:</strong> {escape(row.survey_url)}</p></div>'
        + (f'<div class="qr">{_qr(row.edit_url)}<br>{escape(_("Team lead"))}</div>'
           f'<div class="qr">{_qr(row.survey_url)}<br>{escape(_("Survey"))}</div>' if len(rows) <= QR_UP_TO else "")
        + '</section>' for row in rows)
    return (f'<!DOCTYPE html><html lang="{language()}"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">'
            f'<title>{escape(title)}</title><style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>'
            f'<p>{escape(lead)}</p>{cards}</body></html>\n')
