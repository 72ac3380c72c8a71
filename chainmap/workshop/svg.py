"""Pages drawn as SVG, measured text, and conversion to PDF and PNG.

Posters and cards are composed as one SVG per page (title block, figures, legend, and the
Graphviz drawing embedded and scaled), then converted by CairoSVG: it gives PDF pages of
the exact paper size, real selectable text and embedded font subsets. Text is measured
with the font's own metrics (Pillow) so that every line is wrapped to fit its box.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

from ..render import style
from .paper import Sheet

__all__ = ["Canvas", "GraphvizSvg", "font_file", "text_width", "wrap_to_width", "break_word", "to_pdf", "to_png", "merge_pdfs", "xml"]

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# When the font file cannot be found, a width per character that overestimates DejaVu Sans.
FALLBACK_EM = 0.64


def xml(text: str) -> str:
    """Text safe inside an SVG element or attribute (characters XML forbids, such as ESC, are dropped)."""
    return (re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@functools.lru_cache(maxsize=8)
def _font(bold: bool) -> Any:
    try:
        from PIL import ImageFont
        return ImageFont.truetype(FONT_FILES[bold], 100)
    except (ImportError, OSError):
        return None


def font_file(bold: bool = False) -> Optional[str]:
    """The path of the font file text is measured with (``None``: not found, widths are estimated)."""
    font = _font(bold)
    return None if font is None else str(font.path)


@functools.lru_cache(maxsize=1 << 16)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width, in points, of ``text`` at ``size`` points in DejaVu Sans.

    Remembered (the last 65,536 texts): a deck of cards measures the same names and
    sentences on every card of a team, and each measure asks the text layout library.
    """
    font = _font(bold)
    if font is None:
        return len(text) * size * FALLBACK_EM
    # A name may hold a line break (from a spreadsheet cell): the text layout library refuses
    # one ("raqm_layout() failed"), and on the page it prints as a space anyway.
    return float(font.getlength(" ".join(text.splitlines()))) * size / 100


# Lines break at ordinary spaces only: a no-break space (French "« radiolgie »", "1 234") holds.
_BREAK = re.compile(r"[ \t\r\n]+")


def wrap_to_width(text: str, size: float, width: float, bold: bool = False) -> List[str]:
    """Split ``text`` into lines no wider than ``width``, between words.

    A word is broken only when it is wider than the whole line by itself (see
    :func:`break_word`): a reader stumbles on "approvisionnement / s", not on a wrapped line.
    """
    lines: List[str] = []
    for word in _BREAK.split(text.strip()):
        if not word:
            continue
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width:
            lines[-1] = candidate
        else:
            lines.extend(break_word(word, size, width, bold))
    return lines or [""]


def break_word(word: str, size: float, width: float, bold: bool = False) -> List[str]:
    """``word`` as one line, or, when it is wider than ``width``, as pieces that show the break.

    A piece ends after a hyphen the word already has, or else with a hyphen added, so
    that the reader sees the word goes on; at least two letters go to the next line.
    """
    pieces: List[str] = []
    while text_width(word, size, bold) > width and len(word) > 1:
        cut = _cut_at_hyphen(word, size, width, bold)
        if cut:
            pieces.append(word[:cut])
        else:
            cut = _cut_anywhere(word, size, width, bold)
            pieces.append(word[:cut] + "-")
        word = word[cut:]
    return pieces + [word]


def _cut_at_hyphen(word: str, size: float, width: float, bold: bool) -> int:
    """The longest prefix ending with one of the word's own hyphens that fits (0: none)."""
    cuts = [i + 1 for i, char in enumerate(word[:-1]) if char == "-" and i > 0]
    fitting = [cut for cut in cuts if text_width(word[:cut], size, bold) <= width]
    return max(fitting, default=0)


def _cut_anywhere(word: str, size: float, width: float, bold: bool) -> int:
    """The most letters that fit with a hyphen after them, leaving two for the next line."""
    cut = 1
    while cut < len(word) - 2 and text_width(word[:cut + 1] + "-", size, bold) <= width:
        cut += 1
    return cut


def clip_lines(lines: List[str], limit: int, size: float, width: float, bold: bool = False) -> List[str]:
    """At most ``limit`` lines; the last one ends with an ellipsis when text was dropped."""
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    last = kept[-1] + "…"
    while len(last) > 1 and text_width(last, size, bold) > width:
        last = last[:-2] + "…"
    return kept[:-1] + [last]


@dataclass(frozen=True)
class GraphvizSvg:
    """A drawing made by Graphviz: its size in points, its body, and its smallest font."""

    width: float
    height: float
    body: str
    smallest_font: float

    @classmethod
    def parse(cls, svg: str) -> GraphvizSvg:
        """Read Graphviz's SVG output (its user unit is the point)."""
        size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
        if size is None:
            raise ValueError("not an SVG written by Graphviz")
        start = svg.index("<g id=\"graph0\"")
        body = svg[start:svg.rindex("</svg>")]
        fonts = [float(s) for s in re.findall(r'font-size="([\d.]+)"', body)]
        return cls(float(size.group(1)), float(size.group(2)), body, min(fonts, default=14.0))

    def scale_to_fit(self, width: float, height: float) -> float:
        """The largest scale at which the drawing fits a ``width`` × ``height`` box."""
        return min(width / max(self.width, 1.0), height / max(self.height, 1.0))


class Canvas:
    """An SVG page in points; elements are added in drawing order."""

    def __init__(self, page: Sheet):
        self.page = page
        self.parts: List[str] = [f'<rect width="{page.width:.2f}" height="{page.height:.2f}" fill="#ffffff"/>']

    def text(self, x: float, y: float, text: str, size: float, colour: str = style.INK, bold: bool = False,
             anchor: str = "start") -> None:
        """One line of text whose baseline starts (or ends, or is centred) at ``x``, ``y``."""
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append(f'<text x="{x:.2f}" y="{y:.2f}" font-family="{style.FONT}" font-size="{size:.2f}"'
                          f'{weight} fill="{colour}" text-anchor="{anchor}" xml:space="preserve">{xml(text)}</text>')

    def lines(self, x: float, y: float, lines: Sequence[str], size: float, leading: float = 1.25, **options) -> float:
        """Several lines from baseline ``y`` down; returns the baseline after the last one."""
        for line in lines:
            self.text(x, y, line, size, **options)
            y += size * leading
        return y

    def rect(self, x: float, y: float, width: float, height: float, fill: str = "none", stroke: str = "none",
             stroke_width: float = 1.0, radius: float = 0.0, dashed: bool = False) -> None:
        """A rectangle, optionally rounded and dashed."""
        dash = f' stroke-dasharray="{stroke_width * 3:.1f},{stroke_width * 2:.1f}"' if dashed else ""
        self.parts.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" rx="{radius:.2f}"'
                          f' fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width:.2f}"{dash}/>')

    def line(self, points: Sequence[Sequence[float]], colour: str = style.LINE, width: float = 1.0,
             dashed: bool = False, arrow: bool = False, pattern: str = "solid") -> None:
        """A polyline, dashed or dotted (``pattern``, as Graphviz's ``style``), with an arrowhead at its end when ``arrow``."""
        pattern = "dashed" if dashed else pattern
        dash = {"dashed": f' stroke-dasharray="{width * 3:.1f},{width * 2:.1f}"',
                "dotted": f' stroke-dasharray="{width:.1f},{width * 1.5:.1f}"'}.get(pattern, "")
        path = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
        self.parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width:.2f}"{dash}/>')
        if arrow:
            self.arrowhead(points[-2], points[-1], colour, max(4.0, width * 3.2))

    def arrowhead(self, start: Sequence[float], end: Sequence[float], colour: str, size: float) -> None:
        """A filled triangle pointing from ``start`` to ``end``, its tip at ``end``."""
        (x0, y0), (x1, y1) = start, end
        length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-6)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        bx, by = x1 - ux * size, y1 - uy * size
        corners = [(x1, y1), (bx - uy * size * 0.45, by + ux * size * 0.45), (bx + uy * size * 0.45, by - ux * size * 0.45)]
        path = " ".join(f"{x:.2f},{y:.2f}" for x, y in corners)
        self.parts.append(f'<polygon points="{path}" fill="{colour}" stroke="none"/>')

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        """A filled dot (severity markers)."""
        self.parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{radius:.2f}" fill="{fill}"/>')

    def embed(self, drawing: GraphvizSvg, x: float, y: float, scale: float) -> None:
        """Place a Graphviz drawing with its top-left corner at ``x``, ``y``, scaled."""
        self.parts.append(f'<g transform="translate({x:.2f},{y:.2f}) scale({scale:.5f})">{drawing.body}</g>')

    def group(self, x: float, y: float, inner: Canvas) -> None:
        """Place another canvas (a card) with its top-left corner at ``x``, ``y``."""
        self.parts.append(f'<g transform="translate({x:.2f},{y:.2f})">{"".join(inner.parts)}</g>')

    def window(self, paper: Sheet, x: float, y: float, label: str, size: float) -> str:
        """One sheet of a mosaic: the part of the page from ``x``, ``y`` as large as ``paper``,
        its place in the mosaic (``label``) written small in its bottom right corner."""
        mark = (f'<text x="{x + paper.width - 6:.2f}" y="{y + paper.height - 6:.2f}" font-family="{style.FONT}" '
                f'font-size="{size:.2f}" fill="{style.MUTED}" text-anchor="end">{xml(label)}</text>')
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                f'width="{paper.width_mm:g}mm" height="{paper.height_mm:g}mm" '
                f'viewBox="{x:.4f} {y:.4f} {paper.width:.4f} {paper.height:.4f}">\n' + "\n".join(self.parts) + "\n"
                + mark + "\n</svg>\n")

    def svg(self) -> str:
        """The page as a standalone SVG document of the sheet's exact size."""
        page = self.page
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                f'width="{page.width_mm:g}mm" height="{page.height_mm:g}mm" '
                f'viewBox="0 0 {page.width:.4f} {page.height:.4f}">\n' + "\n".join(self.parts) + "\n</svg>\n")


def to_pdf(svg: str) -> bytes:
    """One PDF page from one SVG page."""
    import cairosvg
    return bytes(cairosvg.svg2pdf(bytestring=svg.encode("utf-8")))


def to_png(svg: str, dpi: float = 96) -> bytes:
    """A PNG image of one SVG page at ``dpi`` dots per inch."""
    import cairosvg
    # The pages are measured in points, which cairosvg turns into pixels at ``dpi``: no
    # scale on top (it would multiply the resolution again, 150 dpi coming out as 234).
    return bytes(cairosvg.svg2png(bytestring=svg.encode("utf-8"), dpi=dpi))


def merge_pdfs(pages: Sequence[bytes]) -> bytes:
    """One PDF whose pages are the given one-page PDFs, in order."""
    if len(pages) == 1:
        return pages[0]
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for data in pages:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
