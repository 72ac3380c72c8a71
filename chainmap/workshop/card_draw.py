"""Drawing workshop cards: one card on an A6 or A5 sheet, or four A6 cards on A4 with cut marks.

The card is laid out top to bottom: a dark header with the name, the chain to the end
client drawn as a short path of boxes, then the lists (whom the team serves, who serves
it, weak links). Every line is measured and wrapped to the card's width, between words.
The lists take all the room the card has; when they are longer, whole entries are left
out of the longest one, which ends with "… and N more": no text ever runs off the card,
and no sentence is ever cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple, Union

from ..i18n import _
from ..render import style
from .cards import GAP, Card, ChainPicture, Entry
from .paper import POINTS_PER_MM, Sheet, sheet
from .svg import Canvas, clip_lines, text_width, wrap_to_width

if TYPE_CHECKING:
    from .pdf_canvas import PdfPage

__all__ = ["draw_card", "sheet_of_four", "cut_marks", "place_on_sheet_of_four", "BODY_PT", "Surface"]

Surface = Union[Canvas, "PdfPage"]  # what a card is drawn on: both have the same drawing calls

BODY_PT = 7.6
HEADING_PT = 8.6
LEADING = 1.28
BOX_PT = 7.2
MIN_BOX_PT = 6.0
BOX_PADDING = 2.0  # each side of a chain box's label: "approvisionnements" fits an A6 box at 6 pt
MEMBER_LINES = 3
NO_CHAIN_LINES = 10
CHAIN_GAP = 9.0  # between the chains of a worker in two teams


@dataclass
class _Section:
    title: str
    entries: List[Entry]
    empty: str
    hidden: int = 0


def draw_card(card: Card, paper: Sheet, canvas: Optional[Surface] = None) -> Surface:
    """The card drawn on a sheet of its own size (A6 or A5): a new SVG canvas, or ``canvas``
    (a PDF page, or the part of one where the card goes: :mod:`chainmap.workshop.pdf_canvas`)."""
    canvas = Canvas(paper) if canvas is None else canvas
    margin = 6.5 * POINTS_PER_MM
    width = paper.width - 2 * margin
    y = _header(canvas, card, paper, margin)
    y = _chain_block(canvas, card, margin, y + 6, width, per_row=3 if paper.width < 350 else 4)
    bottom = paper.height - margin - 8
    if card.members is not None:
        y = canvas.lines(margin, y + BODY_PT, _members_lines(card.members, width), BODY_PT, LEADING) - BODY_PT + 4
    sections = [_Section(_("Whom the team serves, and what it delivers"), list(card.serves), _("no client declared")),
                _Section(_("Who serves the team, and its satisfaction"), list(card.served_by), _("no supplier declared")),
                _Section(_("Weak links around the team"), list(card.weak),
                         _("no other weak link") if card.no_chain else _("none found"))]
    _fit(sections, width, bottom - y)
    for section in sections:
        y = _section(canvas, section, margin, y, width)
    canvas.line([(margin, bottom - 2), (paper.width - margin, bottom - 2)], colour=style.DEPARTMENT_BORDER, width=0.5)
    footer = clip_lines(wrap_to_width(card.footer, 6.2, width), 1, 6.2, width)
    canvas.text(margin, bottom + 6.5, footer[0], 6.2, colour=style.MUTED)
    return canvas


def _header(canvas: Surface, card: Card, paper: Sheet, margin: float) -> float:
    width = paper.width - 2 * margin
    name = clip_lines(wrap_to_width(card.name, 13, width, bold=True), 2, 13, width, bold=True)
    subtitle = clip_lines(wrap_to_width(card.subtitle, BODY_PT, width), 2, BODY_PT, width)
    height = margin * 0.7 + len(name) * 15 + len(subtitle) * BODY_PT * LEADING + 6
    canvas.rect(0, 0, paper.width, height, fill=style.NODE_STYLES["end_client"]["fillcolor"])
    y = canvas.lines(margin, margin * 0.7 + 12, name, 13, 15 / 13, colour="#ffffff", bold=True)
    canvas.lines(margin, y - 15 + 4 + BODY_PT * LEADING, subtitle, BODY_PT, LEADING, colour="#d6e2ee")
    return height


def _members_lines(names: Sequence[str], width: float) -> List[str]:
    """A team's members in at most :data:`MEMBER_LINES` lines: whole names, then "… and N more"."""
    if not names:
        return wrap_to_width(_("No member listed yet."), BODY_PT, width)
    low, high = 1, len(names)  # the most names that fit: the lines needed grow with the names shown
    while low < high:
        middle = (low + high + 1) // 2
        if len(_members_text(names, middle, width)) <= MEMBER_LINES:
            low = middle
        else:
            high = middle - 1
    return clip_lines(_members_text(names, low, width), MEMBER_LINES, BODY_PT, width)


def _members_text(names: Sequence[str], shown: int, width: float) -> List[str]:
    text = _("Members: {names}").format(names=", ".join(names[:shown]))
    if shown < len(names):
        text += " " + _("… and {n} more").format(n=len(names) - shown)
    return wrap_to_width(text, BODY_PT, width)


def _heading(canvas: Surface, title: str, x: float, y: float, width: float) -> float:
    """A section title on a rule; returns the baseline for the section's first line."""
    canvas.text(x, y + HEADING_PT, clip_lines(wrap_to_width(title, HEADING_PT, width, True), 1, HEADING_PT, width, True)[0],
                HEADING_PT, bold=True)
    return y + HEADING_PT + 4 + BODY_PT


# The chain ---------------------------------------------------------------------------------


def _chain_block(canvas: Surface, card: Card, x: float, y: float, width: float, per_row: int) -> float:
    heading = _("The chains to the end clients") if len(card.chains) > 1 else _("The chain to the end client")
    baseline = _heading(canvas, heading, x, y, width)
    top = baseline - BODY_PT + 2
    if not card.chains:
        lines = _whole_sentences(card.no_chain, width - 12)
        height = len(lines) * BODY_PT * LEADING + 8
        broken = style.NODE_STYLES["broken-chain"]
        canvas.rect(x, top, width, height, fill=broken["fillcolor"], stroke=broken["color"], stroke_width=1, radius=3)
        canvas.lines(x + 6, top + 4 + BODY_PT, lines, BODY_PT, LEADING)
        return top + height + 6
    bottom = top - CHAIN_GAP
    for chain in card.chains:
        bottom = _chain_picture(canvas, chain, x, bottom + CHAIN_GAP, width, per_row)
    if card.reaches:
        reaches = clip_lines(wrap_to_width(card.reaches, BODY_PT, width, True), 2, BODY_PT, width, True)
        bottom = canvas.lines(x, bottom + BODY_PT + 3, reaches, BODY_PT, LEADING, bold=True,
                              colour=style.NODE_STYLES["end_client"]["fillcolor"]) - BODY_PT
    return bottom + 6


def _whole_sentences(sentences: Sequence[str], width: float) -> List[str]:
    """The lines of as many whole sentences as :data:`NO_CHAIN_LINES` hold (the first one always)."""
    lines: List[str] = []
    for sentence in sentences:
        wrapped = wrap_to_width(sentence, BODY_PT, width)
        if lines and len(lines) + len(wrapped) > NO_CHAIN_LINES:
            break
        lines += wrapped
    return clip_lines(lines, NO_CHAIN_LINES, BODY_PT, width)


def _chain_picture(canvas: Surface, chain: ChainPicture, x: float, top: float, width: float, per_row: int) -> float:
    """Boxes left to right, ``per_row`` to a row; a long chain continues on the next row."""
    gap = 20.0
    columns = per_row  # boxes keep one size whatever the chain's length
    box_width = (width - gap * (columns - 1)) / columns
    room = box_width - 2 * BOX_PADDING
    size = _box_font(chain, room)
    labels = [clip_lines(wrap_to_width(name, size, room, True), 3, size, room, True) for name, _kind in chain.steps]
    box_height = max(len(lines) for lines in labels) * size * 1.2 + 7
    row_gap = 16.0
    places: List[Tuple[float, float]] = []
    for index, ((_name, kind), lines) in enumerate(zip(chain.steps, labels)):
        row, column = divmod(index, columns)
        bx, by = x + column * (box_width + gap), top + row * (box_height + row_gap)
        places.append((bx, by))
        _step_box(canvas, kind, lines, bx, by, box_width, box_height, size)
    for index, (status, label, low) in enumerate(chain.links):
        _link(canvas, places[index], places[index + 1], box_width, box_height, status, label, low)
    return places[-1][1] + box_height


def _box_font(chain: ChainPicture, room: float) -> float:
    """The largest size, down to 6 pt, at which every word of the chain's names fits its box."""
    words = [word for name, _kind in chain.steps for word in name.split()]
    size = BOX_PT
    while size > MIN_BOX_PT and any(text_width(word, size, True) > room for word in words):
        size = round(size - 0.2, 1)
    return size


def _step_box(canvas: Surface, kind: str, lines: Sequence[str], x: float, y: float, width: float, height: float,
              size: float) -> None:
    dashed = kind == GAP  # the teams a long chain's picture leaves out: no box of their own
    if kind == "end_client":
        fill, stroke, ink = style.NODE_STYLES["end_client"]["fillcolor"], style.NODE_STYLES["end_client"]["color"], "#ffffff"
    elif dashed:
        fill, stroke, ink = "#ffffff", style.MUTED, style.MUTED
    else:
        fill, stroke, ink = (style.HIGHLIGHT if kind == "own" else "#ffffff"), style.LINE, style.INK
    canvas.rect(x, y, width, height, fill=fill, stroke=stroke, stroke_width=1.4 if kind == "own" else 0.9, radius=3,
                dashed=dashed)
    first = y + (height - len(lines) * size * 1.2) / 2 + size * 0.95
    for index, line in enumerate(lines):
        canvas.text(x + width / 2, first + index * size * 1.2, line, size, colour=ink, bold=True, anchor="middle")


def _link(canvas: Surface, start: Tuple[float, float], end: Tuple[float, float], box_width: float, box_height: float,
          status: str, label: str, low: Optional[float]) -> None:
    colour, dashed, width = style.LINE, False, 1.1
    if status == GAP:
        colour, dashed = style.MUTED, True
    elif status != "confirmed":
        colour, dashed = style.WARNING, True
    if low is not None:
        colour, width = style.POOR_RATING, 2.0
    if abs(start[1] - end[1]) < 1:
        mid = start[1] + box_height / 2
        points = [(start[0] + box_width + 1, mid), (end[0] - 1, mid)]
        label_at = ((points[0][0] + points[1][0]) / 2, mid - 3)
    else:
        down = start[1] + box_height + 8
        points = [(start[0] + box_width / 2, start[1] + box_height + 1), (start[0] + box_width / 2, down),
                  (end[0] + box_width / 2, down), (end[0] + box_width / 2, end[1] - 1)]
        label_at = (start[0] + box_width / 2 + 14, down - 2)
    canvas.line(points, colour=colour, width=width, dashed=dashed, arrow=True)
    if label:
        canvas.text(label_at[0], label_at[1], label, 6.2, colour=colour, bold=True, anchor="middle")


# Lists -------------------------------------------------------------------------------------


def _entry_lines(entry: Entry, width: float) -> List[str]:
    """An entry in full, however many lines it takes: :func:`_fit` leaves out whole entries instead."""
    text = _("{entry}: {detail}").format(entry=entry.text, detail=entry.detail) if entry.detail else entry.text
    return wrap_to_width(text, BODY_PT, width - 8)


def _section_height(section: _Section, width: float) -> float:
    """The height :func:`_section` draws the section in: its heading, lines and "… and N more"."""
    lines = sum(len(_entry_lines(e, width)) for e in section.entries)
    lines += 1 if section.hidden or not section.entries else 0  # "… and N more", or the empty list's words
    return HEADING_PT + 6 + lines * BODY_PT * LEADING


def _fit(sections: List[_Section], width: float, room: float) -> None:
    """Leave out whole entries, the last of the longest list first, until the sections fit ``room``."""
    while sum(_section_height(s, width) for s in sections) > room:
        shortened = [s for s in sections if s.entries]
        if not shortened:
            break
        longest = max(shortened, key=lambda s: (len(s.entries), -sections.index(s)))
        longest.entries.pop()
        longest.hidden += 1


def _section(canvas: Surface, section: _Section, x: float, y: float, width: float) -> float:
    baseline = _heading(canvas, section.title, x, y, width)
    if not section.entries and not section.hidden:
        canvas.text(x + 8, baseline, section.empty, BODY_PT, colour=style.MUTED)
        baseline += BODY_PT * LEADING
    for entry in section.entries:
        lines = _entry_lines(entry, width)
        if entry.colour != style.INK:
            canvas.circle(x + 2.5, baseline - BODY_PT * 0.35, 2.2, entry.colour)
        baseline = canvas.lines(x + 8, baseline, lines, BODY_PT, LEADING)
    if section.hidden:
        canvas.text(x + 8, baseline, _("… and {n} more").format(n=section.hidden), BODY_PT, colour=style.MUTED)
        baseline += BODY_PT * LEADING
    return baseline - BODY_PT + 2


# Four A6 cards on A4 -----------------------------------------------------------------------


def sheet_of_four(cards: Sequence[Canvas]) -> Canvas:
    """Up to four A6 cards on a portrait A4 sheet, with cut marks between them."""
    page = Canvas(sheet("A4"))
    for index, card in enumerate(cards[:4]):
        page.group(*place_on_sheet_of_four(page.page, index), card)
    cut_marks(page)
    return page


def place_on_sheet_of_four(page: Sheet, index: int) -> Tuple[float, float]:
    """Where the top left corner of the ``index``-th card (0 to 3) of a sheet of four goes."""
    return (index % 2) * page.width / 2, (index // 2) * page.height / 2


def cut_marks(page: Surface) -> None:
    """The marks between the four cards of an A4 sheet."""
    half_width, half_height = page.page.width / 2, page.page.height / 2
    mark, colour = 5 * POINTS_PER_MM, "#8a8a8a"
    width, height = page.page.width, page.page.height
    for points in ([(half_width, 0), (half_width, mark)], [(half_width, height - mark), (half_width, height)],
                   [(0, half_height), (mark, half_height)], [(width - mark, half_height), (width, half_height)],
                   [(half_width - mark, half_height), (half_width + mark, half_height)],
                   [(half_width, half_height - mark), (half_width, half_height + mark)]):
        page.line(points, colour=colour, width=0.4)
