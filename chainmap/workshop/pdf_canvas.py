"""Cards drawn straight into a PDF with ReportLab: the same drawing calls as the SVG canvas.

Why: a deck of cards went page by page through SVG, then CairoSVG, which lays every text
out letter by letter (about half a second a page), then pypdf to join the pages: 5,000
workers' cards took minutes. :class:`PdfPage` offers the drawing calls of
:class:`~chainmap.workshop.svg.Canvas` that the cards use (text, rectangles, lines,
arrowheads, dots), in the same coordinates (points, from the top left corner), and
draws them on a page of one ReportLab document: one pass, one file, fonts embedded once.

The looks stay those of the SVG route: the same font files (DejaVu Sans, the ones the
text is measured with, :func:`~chainmap.workshop.svg.text_width`), colours, line widths,
dash patterns, radii and arrowheads; both draw glyphs one after the other with the
font's advance widths (no kerning). ``tests/test_cards_pdf.py`` rasterises the pages of
both routes and compares them pixel by pixel. ReportLab (BSD licence, pure Python with C
accelerators) is the long-standing library for writing PDF from Python: embedded TrueType
subsets, exact page sizes, selectable text; it has no dependency on Cairo.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence, Tuple

from ..render import style
from .paper import Sheet
from .svg import font_file

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas as ReportLabCanvas

__all__ = ["PdfDocument", "PdfPage", "pdf_fonts_available"]

FONT_NAMES = {False: "ChainmapSans", True: "ChainmapSans-Bold"}


def pdf_fonts_available() -> bool:
    """True when the font files the text is measured with can be embedded (else: the SVG route)."""
    return all(font_file(bold) is not None for bold in (False, True))


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for bold, name in FONT_NAMES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, font_file(bold)))


class PdfDocument:
    """A PDF being written, page after page; :meth:`finish` gives its bytes.

    Made reproducible: no creation date, a fixed document id, so that the same cards give
    the same file (as chainmap's other outputs do).
    """

    def __init__(self, title: str = "") -> None:
        from reportlab.pdfgen.canvas import Canvas as ReportLabCanvas

        _register_fonts()
        self._buffer = io.BytesIO()
        self.canvas: ReportLabCanvas = ReportLabCanvas(self._buffer, invariant=1, pageCompression=1,
                                                       initialFontName=FONT_NAMES[False])
        self.canvas.setTitle(title)
        self.canvas.setAuthor("")
        self.canvas.setSubject("")
        self.canvas.setCreator("chainmap")
        self._open = False
        self._colours: Dict[str, Any] = {}

    def page(self, paper: Sheet) -> PdfPage:
        """A new page of the size of ``paper``, to draw on from its top left corner."""
        if self._open:
            self.canvas.showPage()
        self.canvas.setPageSize((paper.width, paper.height))
        self._open = True
        return PdfPage(self, paper, paper.height)

    def colour(self, hex_colour: str) -> Any:
        """The ReportLab colour of ``#rrggbb``, made once."""
        colour = self._colours.get(hex_colour)
        if colour is None:
            from reportlab.lib.colors import HexColor
            colour = self._colours[hex_colour] = HexColor(hex_colour)
        return colour

    def finish(self) -> bytes:
        """The whole PDF."""
        if self._open:
            self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


class PdfPage:
    """One page, or a part of it (:meth:`at`), with the drawing calls of the SVG canvas.

    Coordinates are points from the top left corner, as in SVG; PDF counts from the
    bottom, so each y is turned over here.
    """

    def __init__(self, document: PdfDocument, page: Sheet, height: float, left: float = 0.0, top: float = 0.0):
        self.document, self.page = document, page
        self._pdf = document.canvas
        self._height, self._left, self._top = height, left, top

    def at(self, x: float, y: float, paper: Sheet) -> PdfPage:
        """The part of this page whose top left corner is at ``x``, ``y``: a card on a sheet of four."""
        return PdfPage(self.document, paper, self._height, self._left + x, self._top + y)

    def _point(self, x: float, y: float) -> Tuple[float, float]:
        # Figures rounded to two decimals, as the SVG canvas writes them: a line whose
        # baseline falls on a pixel's edge then falls on the same side of it.
        return round(self._left + x, 2), self._height - round(self._top + y, 2)

    def _fill(self, colour: str) -> None:
        self._pdf.setFillColor(self.document.colour(colour))

    def _stroke(self, colour: str, width: float, dash: Optional[Sequence[float]]) -> None:
        pdf = self._pdf
        pdf.setStrokeColor(self.document.colour(colour))
        pdf.setLineWidth(round(width, 2))
        pdf.setDash(list(dash) if dash else [])

    def text(self, x: float, y: float, text: str, size: float, colour: str = style.INK, bold: bool = False,
             anchor: str = "start") -> None:
        """One line of text whose baseline starts (or ends, or is centred) at ``x``, ``y``."""
        pdf = self._pdf
        pdf.setFont(FONT_NAMES[bold], round(size, 2))
        self._fill(colour)
        left, bottom = self._point(x, y)
        text = _printable(text)
        if anchor == "middle":
            pdf.drawCentredString(left, bottom, text)
        elif anchor == "end":
            pdf.drawRightString(left, bottom, text)
        else:
            pdf.drawString(left, bottom, text)

    def lines(self, x: float, y: float, lines: Sequence[str], size: float, leading: float = 1.25, **options: Any) -> float:
        """Several lines from baseline ``y`` down; returns the baseline after the last one."""
        for line in lines:
            self.text(x, y, line, size, **options)
            y += size * leading
        return y

    def rect(self, x: float, y: float, width: float, height: float, fill: str = "none", stroke: str = "none",
             stroke_width: float = 1.0, radius: float = 0.0, dashed: bool = False) -> None:
        """A rectangle, optionally rounded and dashed."""
        filled, stroked = fill != "none", stroke != "none"
        if filled:
            self._fill(fill)
        if stroked:
            self._stroke(stroke, stroke_width, _dash(stroke_width, "dashed" if dashed else "solid"))
        left, top = self._point(x, y)
        width, height, radius = round(width, 2), round(height, 2), round(radius, 2)
        if radius > 0:
            self._pdf.roundRect(left, top - height, width, height, radius, stroke=int(stroked), fill=int(filled))
        else:
            self._pdf.rect(left, top - height, width, height, stroke=int(stroked), fill=int(filled))

    def line(self, points: Sequence[Sequence[float]], colour: str = style.LINE, width: float = 1.0,
             dashed: bool = False, arrow: bool = False, pattern: str = "solid") -> None:
        """A polyline, dashed or dotted, with an arrowhead at its end when ``arrow``."""
        self._stroke(colour, width, _dash(width, "dashed" if dashed else pattern))
        path = self._pdf.beginPath()
        path.moveTo(*self._point(*points[0]))
        for x, y in points[1:]:
            path.lineTo(*self._point(x, y))
        self._pdf.drawPath(path, stroke=1, fill=0)
        if arrow:
            self.arrowhead(points[-2], points[-1], colour, max(4.0, width * 3.2))

    def arrowhead(self, start: Sequence[float], end: Sequence[float], colour: str, size: float) -> None:
        """A filled triangle pointing from ``start`` to ``end``, its tip at ``end`` (as the SVG canvas draws it)."""
        (x0, y0), (x1, y1) = start, end
        length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-6)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        bx, by = x1 - ux * size, y1 - uy * size
        corners = [(x1, y1), (bx - uy * size * 0.45, by + ux * size * 0.45), (bx + uy * size * 0.45, by - ux * size * 0.45)]
        self._fill(colour)
        path = self._pdf.beginPath()
        path.moveTo(*self._point(*corners[0]))
        for x, y in corners[1:]:
            path.lineTo(*self._point(x, y))
        path.close()
        self._pdf.drawPath(path, stroke=0, fill=1)

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        """A filled dot (severity markers)."""
        self._fill(fill)
        self._pdf.circle(*self._point(x, y), round(radius, 2), stroke=0, fill=1)


def _dash(width: float, pattern: str) -> Optional[Tuple[float, float]]:
    """The dash pattern the SVG canvas writes (its figures rounded to one decimal, as written there)."""
    if pattern == "dashed":
        return round(width * 3, 1), round(width * 2, 1)
    if pattern == "dotted":
        return round(width, 1), round(width * 1.5, 1)
    return None


_DROPPED: Dict[int, Optional[str]] = {**dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]),
                                       0x09: " ", 0x0A: " ", 0x0D: " "}


def _printable(text: str) -> str:
    """The text as the SVG canvas shows it: characters XML forbids (such as ESC) dropped, and a
    tab or line break (kept by ``xml:space="preserve"``) printed as a space."""
    return text.translate(_DROPPED) if not text.isprintable() else text
