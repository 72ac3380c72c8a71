"""The report's "symmetry of attention" section: the mirror per end client, the teams'
quality received and delivered, and the correlation in words.

It plugs into the report as a panel (HTML, no script, a few styles: see
:class:`chainmap.report.Panel`), and appears only when the organisation has the figures.
Every text from the declarations is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import List, Optional

from ..analysis import Analysis
from ..i18n import _
from .mirror import MirrorRow, Symmetry, TeamMirror, symmetry_of
from .text import correlation_words, signed

__all__ = ["SymmetrySection", "symmetry_section"]

_CSS = """
#symmetry table{border-collapse:collapse;width:100%;margin:.6em 0}
#symmetry th,#symmetry td{text-align:left;padding:.35em .6em;border-bottom:1px solid var(--border);vertical-align:top}
#symmetry th{color:var(--muted);font-weight:600;font-size:.9em;white-space:normal;overflow:visible;text-overflow:clip;max-width:none;position:static}
#symmetry td.num{text-align:right;font-variant-numeric:tabular-nums}
#symmetry .low{color:var(--error);font-weight:600}
#symmetry .note{color:var(--muted)}
#symmetry details{margin-top:.8em}
"""


@dataclass(frozen=True)
class SymmetrySection:
    """A report panel: its HTML, its script (none) and its styles."""

    html: str
    script: str = ""
    css: str = _CSS


def symmetry_section(analysis: Analysis) -> Optional[SymmetrySection]:
    """The section, or ``None`` when no end client has an NPS, a frontline eNPS or a rated link on its way."""
    symmetry = symmetry_of(analysis)
    rows = [r for r in symmetry.mirrors if r.nps is not None or r.enps is not None or r.quality is not None]
    if not rows:
        return None
    words = correlation_words(symmetry.quality_vs_enps, _("Across teams, the quality a team receives and its eNPS"), _("teams"))
    html = ('<section id="symmetry" aria-labelledby="symmetry-title">'
            f'<h2 id="symmetry-title">{escape(_("The symmetry of attention"))}</h2>'
            f'<p class="lead">{escape(_("Read each line across: satisfied clients served by unhappy or poorly served teams is attention out of balance."))}</p>'
            + _mirror_table(analysis, rows)
            + "".join(f'<p class="note">{escape(sentence)}</p>' for sentence in words)
            + _teams_details(analysis, symmetry) + '</section>')
    return SymmetrySection(html)


def _cell(value: Optional[float], threshold: float, text: Optional[str] = None) -> str:
    shown = text if text is not None else signed(value)
    low = ' low' if value is not None and value < threshold else ''
    return f'<td class="num{low}">{escape(shown)}</td>'


def _mirror_table(analysis: Analysis, rows: List[MirrorRow]) -> str:
    org, settings = analysis.org, analysis.org.settings
    head = (_("end client"), _("client NPS (−100 to 100)"), _("eNPS of the teams serving it (by members)"),
            _("how well those teams are served (0–10)"), _("weakest link on the way to the client"))
    body = []
    for row in rows:
        weakest = "—"
        if row.weakest is not None:
            supplier, client, score = row.weakest
            weakest = f"{org.display_name(supplier)} → {org.display_name(client)}: {score:g}"
        quality = "—" if row.quality is None else f"{row.quality:g}"
        body.append(f"<tr><td><b>{escape(org.display_name(row.end_client))}</b></td>{_cell(row.nps, 0)}"
                    f"{_cell(row.enps, settings.min_enps)}{_cell(row.quality, settings.min_satisfaction, quality)}"
                    f"<td>{escape(weakest)}</td></tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def _teams_details(analysis: Analysis, symmetry: Symmetry) -> str:
    teams: List[TeamMirror] = [t for t in symmetry.teams if t.received is not None or t.delivered is not None]
    if not teams:
        return ""
    head = (_("team"), _("received"), _("delivered"), _("gap"), _("eNPS"))
    rows = "".join(
        f"<tr><td>{escape(analysis.org.display_name(t.team) + (' ★' if t.frontline else ''))}</td>"
        f'<td class="num">{escape("—" if t.received is None else f"{t.received:g}")}</td>'
        f'<td class="num">{escape("—" if t.delivered is None else f"{t.delivered:g}")}</td>'
        f'<td class="num">{escape(signed(t.gap))}</td><td class="num">{escape(signed(t.enps))}</td></tr>'
        for t in sorted(teams, key=lambda t: (t.gap is None, t.gap if t.gap is not None else 0, t.team)))
    summary = _("Per team: service quality received (the mean of the scores it gives its suppliers) and delivered (the mean of the scores its clients give it), 0–10")
    note = _("gap = delivered − received: above 0, the team serves better than it is served; below 0, worse. ★ a frontline team (it serves an end client).")
    return (f"<details><summary>{escape(summary)}</summary><table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in head) + f"</tr></thead><tbody>{rows}</tbody></table>"
            f'<p class="note">{escape(note)}</p></details>')
