"""What a printer sees in a PDF: page sizes in millimetres, the text, the smallest font size."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import List, Tuple, Union

from pypdf import PdfReader

__all__ = ["page_sizes_mm", "pdf_text", "smallest_font_pt", "name_sizes", "POINTS_PER_MM"]

POINTS_PER_MM = 72 / 25.4


def _reader(pdf: Union[Path, bytes]) -> PdfReader:
    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))


def page_sizes_mm(pdf: Union[Path, bytes]) -> List[Tuple[float, float]]:
    """(width, height) of every page, in millimetres."""
    return [(float(p.mediabox.width) / POINTS_PER_MM, float(p.mediabox.height) / POINTS_PER_MM)
            for p in _reader(pdf).pages]


def pdf_text(pdf: Union[Path, bytes]) -> str:
    """All the text a reader can select, page after page."""
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


def smallest_font_pt(pdf: Union[Path, bytes]) -> float:
    """The size, as printed, of the smallest visible text: font size × text matrix × page matrix."""
    sizes: List[float] = []

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    for page in _reader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return min(sizes)


def name_sizes(pdf: Union[Path, bytes], names: set[str]) -> List[List[float]]:
    """For each page, the printed sizes of the texts that are exactly one of ``names`` (a
    team's name in its box; names quoted in a sentence do not count)."""
    pages: List[List[float]] = []
    for page in _reader(pdf).pages:
        found: List[float] = []

        def visit(text: str, cm: list, tm: list, font: object, size: float, found: List[float] = found) -> None:
            if text.strip() in names:
                a = tm[0] * cm[0] + tm[1] * cm[2]
                b = tm[0] * cm[1] + tm[1] * cm[3]
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                found.append(round(size * math.sqrt(abs(a * d - b * c)), 2))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages
