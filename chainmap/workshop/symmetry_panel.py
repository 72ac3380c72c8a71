"""The poster's "symmetry of attention" panel: for each end client, its satisfaction beside
that of the frontline teams serving it, and how well those teams are served.

It appears on a poster only when the organisation has the figures (an NPS, a frontline
eNPS or rated links on the way to a client), as a band above the legend; the figures are
:mod:`chainmap.symmetry`'s, worded as ``chainmap symmetry`` words them. It plugs into a
:class:`~chainmap.workshop.page.PosterPage` through its ``panels``: a height, and a drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..analysis import Analysis
from ..i18n import _
from ..model import Org
from ..render import style
from ..symmetry import MirrorRow, Symmetry, symmetry_of
from ..symmetry.text import correlation_words, signed
from .svg import Canvas, clip_lines, wrap_to_width

__all__ = ["SymmetryPanel", "symmetry_panel", "MAX_CLIENTS"]

MAX_CLIENTS = 4  # a poster shows the first four end clients (by id); `chainmap symmetry` lists all
LINE = 12.0      # points between two lines of the panel, at A4 (times the page's type unit)


@dataclass(frozen=True)
class SymmetryPanel:
    """The panel's content, ready to be measured and drawn on any sheet."""

    org: Org
    symmetry: Symmetry

    def rows(self) -> List[MirrorRow]:
        return [row for row in self.symmetry.mirrors if _has_figures(row)][:MAX_CLIENTS]

    def height(self, unit: float) -> float:
        """Its height in points for a page whose type unit is ``unit`` (title, header, rows, two notes)."""
        return (len(self.rows()) + 6.6) * LINE * unit

    def draw(self, canvas: Canvas, x: float, y: float, width: float, unit: float) -> None:
        """Draw it in the band whose top left is (``x``, ``y``)."""
        canvas.line([(x, y), (x + width, y)], colour=style.DEPARTMENT_BORDER, width=0.8 * unit)
        title = _("The symmetry of attention: are frontline teams looked after as their clients are?")
        canvas.text(x, y + 14 * unit, _clip(title, 9 * unit, width, bold=True), 9 * unit, bold=True)
        reading = _("Read each line across: satisfied clients served by unhappy or poorly served teams is attention out of balance.")
        canvas.text(x, y + 14 * unit + LINE * unit, _clip(reading, 7 * unit, width), 7 * unit, colour=style.MUTED)
        columns = [(x + left, room) for left, room in _columns(width)]
        header_y = y + 14 * unit + 2.2 * LINE * unit
        headers = (_("end client"), _("client NPS (−100 to 100)"), _("eNPS of the teams serving it (by members)"),
                   _("how well those teams are served (0–10)"), _("weakest link on the way to the client"))
        for (left, room), words in zip(columns, headers):
            lines = clip_lines(wrap_to_width(words, 6.8 * unit, room - 6 * unit), 2, 6.8 * unit, room - 6 * unit)
            canvas.lines(left, header_y, lines, 6.8 * unit, colour=style.MUTED)
        header_y += 0.8 * LINE * unit
        for index, row in enumerate(self.rows(), start=1):
            self._row(canvas, columns, header_y + index * LINE * unit, row, unit)
        notes_y = header_y + (len(self.rows()) + 1) * LINE * unit
        sentences = correlation_words(self.symmetry.quality_vs_enps, _("Across teams, the quality a team receives and its eNPS"), _("teams"))
        for line_index, sentence in enumerate(sentences[:2]):
            canvas.text(x, notes_y + line_index * LINE * unit * 0.9, _clip(sentence, 6.8 * unit, width), 6.8 * unit, colour=style.MUTED)

    def _row(self, canvas: Canvas, columns: Sequence[Tuple[float, float]], y: float, row: MirrorRow, unit: float) -> None:
        size = 7.5 * unit
        weakest = "—"
        if row.weakest is not None:
            supplier, client, score = row.weakest
            weakest = f"{self.org.display_name(supplier)} → {self.org.display_name(client)}: {score:g}"
        cells = [(self.org.display_name(row.end_client), style.INK, True), (signed(row.nps), _tone(row.nps, 0), True),
                 (signed(row.enps), _tone(row.enps, self.org.settings.min_enps), True),
                 ("—" if row.quality is None else f"{row.quality:g}", _tone(row.quality, self.org.settings.min_satisfaction), True),
                 (weakest, style.POOR_RATING if row.weakest and row.weakest[2] < self.org.settings.min_satisfaction else style.INK, False)]
        for (left, room), (text, colour, bold) in zip(columns, cells):
            canvas.text(left, y, _clip(text, size, room - 6 * unit, bold), size, colour=colour, bold=bold)


def _has_figures(row: MirrorRow) -> bool:
    return row.nps is not None or row.enps is not None or row.quality is not None


def _tone(value: Optional[float], threshold: float) -> str:
    """Red under the threshold (an NPS or eNPS under 0 by default, a score under min_satisfaction)."""
    return style.ERROR if value is not None and value < threshold else style.INK


def _columns(width: float) -> List[Tuple[float, float]]:
    shares = (0.2, 0.1, 0.2, 0.2, 0.3)
    left, columns = 0.0, []
    for share in shares:
        columns.append((left, share * width))
        left += share * width
    return columns


def _clip(text: str, size: float, width: float, bold: bool = False) -> str:
    return clip_lines(wrap_to_width(text, size, width, bold), 1, size, width, bold)[0]


def symmetry_panel(analysis: Analysis) -> Optional[SymmetryPanel]:
    """The panel, or ``None`` when no end client has any of its figures."""
    panel = SymmetryPanel(analysis.org, symmetry_of(analysis))
    return panel if panel.rows() else None
