"""Paper sizes: the exact sheets posters and cards are printed on.

Sizes are ISO 216 in millimetres; pages are written in points (1/72 inch), the unit of
PDF and of Graphviz, so that "A1" gives a PDF page of exactly 594 × 841 mm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

from ..errors import UsageError
from ..i18n import _

__all__ = ["Sheet", "sheet", "PAPERS", "POINTS_PER_MM"]

POINTS_PER_MM = 72 / 25.4

PAPERS: Dict[str, Tuple[float, float]] = {
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420),
    "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
}


@dataclass(frozen=True)
class Sheet:
    """A sheet of paper in a given orientation (``width_mm``, ``height_mm`` as printed)."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def width(self) -> float:
        """Width in points."""
        return self.width_mm * POINTS_PER_MM

    @property
    def height(self) -> float:
        """Height in points."""
        return self.height_mm * POINTS_PER_MM

    @property
    def landscape(self) -> bool:
        """True when the sheet is wider than tall."""
        return self.width_mm > self.height_mm


def sheet(name: str, landscape: bool = False) -> Sheet:
    """The sheet called ``name`` (``A0``…``A6``), portrait unless ``landscape``.

    >>> a1 = sheet("A1")
    >>> round(a1.width), round(a1.height)
    (1684, 2384)
    """
    key = name.upper()
    if key not in PAPERS:
        raise UsageError(_("unknown paper size `{name}`: choose one of {choices}").format(name=name, choices=", ".join(PAPERS)))
    short, long = PAPERS[key]
    return Sheet(key, long, short) if landscape else Sheet(key, short, long)
