"""Cards drawn straight into the PDF look like the cards drawn as SVG and converted by CairoSVG.

Both routes are rasterised by poppler (``pdftoppm``, 100 dpi, grey) and compared pixel by
pixel. The two differ only by fractions of a point: each PDF writer rounds glyph advances
its own way (a word ends up to 0.1 pt apart), which moves the anti-aliased edges of some
letters by part of a pixel. So the pages are compared by blocks of 8 × 8 pixels (2 mm),
which forgives a shift of part of a pixel and nothing larger: on every page, no block may
differ by more than 32 grey levels (of 255) on average (the two routes: 22 at most on the
example's cards), and the mean difference of the whole page must stay under 3 levels.
Another name on the card moves a block by more than 100 levels (the last test proves that
the comparison can fail).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest

import chainmap
from chainmap.workshop.deck import card_pages, card_pdf, make_cards
from chainmap.workshop.svg import merge_pdfs, to_pdf

from .pdf_facts import page_sizes_mm

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")

BLOCK = 8
BLOCK_LEVELS = 32
MEAN_LEVELS = 3.0


@pytest.fixture(scope="module")
def analysis() -> chainmap.Analysis:
    return chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 12, 1))


def rasterised(pdf: bytes, folder: Path, name: str) -> List[Path]:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.pgm"))


def differences(old: Path, new: Path) -> Tuple[int, float]:
    """(the largest difference between the means of two 8 × 8 blocks, the mean difference of all pixels)."""
    from PIL import Image, ImageChops

    first, second = Image.open(old), Image.open(new)
    assert first.size == second.size
    blocks = ImageChops.difference(first.reduce(BLOCK), second.reduce(BLOCK)).histogram()
    raw = ImageChops.difference(first, second).histogram()
    mean = sum(level * count for level, count in enumerate(raw)) / (first.size[0] * first.size[1])
    return max(level for level, count in enumerate(blocks) if count), mean


def svg_route(cards, paper: str) -> bytes:
    return merge_pdfs([to_pdf(page) for page in card_pages(cards, paper)])


@pytest.mark.parametrize("per, paper, count", [("worker", "A6", 6), ("worker", "A4", 8), ("team", "A5", 6)])
def test_the_pdf_cards_look_like_the_converted_svg_cards(analysis, tmp_path: Path, per: str, paper: str, count: int) -> None:
    cards = make_cards(analysis, per)[:count]
    old, new = svg_route(cards, paper), card_pdf(cards, paper)
    sizes = [size for pair in page_sizes_mm(new) for size in pair]
    assert sizes == pytest.approx([size for pair in page_sizes_mm(old) for size in pair], abs=0.01)
    old_pages, new_pages = rasterised(old, tmp_path, "old"), rasterised(new, tmp_path, "new")
    assert len(old_pages) == len(new_pages) > 0
    for before, after in zip(old_pages, new_pages):
        block, mean = differences(before, after)
        assert block <= BLOCK_LEVELS and mean <= MEAN_LEVELS, (before.name, block, mean)


def test_the_comparison_sees_a_card_that_differs(analysis, tmp_path: Path) -> None:
    """Two workers of the same team: their cards differ by the name only, and the bounds see it."""
    first, second = make_cards(analysis)[:2]
    assert first.subtitle == second.subtitle and first.name != second.name
    pages = rasterised(card_pdf([first], "A6"), tmp_path, "one") + rasterised(card_pdf([second], "A6"), tmp_path, "two")
    block, _mean = differences(*pages)
    assert block > BLOCK_LEVELS


def test_the_same_cards_give_the_same_pdf(analysis) -> None:
    cards = make_cards(analysis)[:5]
    assert card_pdf(cards, "A4") == card_pdf(cards, "A4")
