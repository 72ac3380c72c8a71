"""How a poster uses its sheets: the footer's columns, the type of its own text beside the
names, and the cuts of a mosaic, which never split a text in two."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import chainmap
from chainmap.analysis import RULE_ORDER
from chainmap.analysis.figures import KeyFigures
from chainmap.workshop.cuts import text_extents, texts_cut
from chainmap.workshop.page import PosterPage, _footer_grid, _legend_items, _margin, type_unit
from chainmap.workshop.paper import sheet
from chainmap.workshop.svg import GraphvizSvg

LAYOUT_ORGS = Path(__file__).parent / "layout_orgs"


def _drawing(texts: str = "", width: float = 100, height: float = 50) -> GraphvizSvg:
    return GraphvizSvg.parse(f'<svg width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}">'
                             f'<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 {height - 4})">'
                             f'{texts}</g></svg>')


def _figures(rules: int) -> KeyFigures:
    by_rule = tuple((rule, "warning", 2) for rule in RULE_ORDER[:rules])
    return KeyFigures(teams=22, workers=64, links=38, confirmed=34, broken_chains=2, weak_links=19, by_rule=by_rule,
                      teams_reaching=19, workers_reaching=59, isolated=1, end_clients=("Patients",),
                      by_severity=(("warning", 19),))


def test_the_weak_links_by_rule_flow_into_columns_beside_a_short_legend():
    """Eleven rules in one column made the footer eleven rows high beside a legend of four,
    and the key figures printed at 6.5 pt on an A1 sheet to pay for that height."""
    keys = frozenset({"end_client", "team", "department", "confirmed", "one_sided", "poor_rating", "broken_chain"})
    chosen = sheet("A1", True)
    page = PosterPage("Hôpital", "", "", _figures(11), keys, _drawing())
    grid = _footer_grid(chosen, page, type_unit(chosen), _margin(chosen))
    legend_rows = grid.legend_rows
    assert grid.rule_columns >= 2 and grid.rows == max(legend_rows, grid.rule_rows) and grid.rows < 11
    assert len(_legend_items(keys)) <= grid.legend_columns * grid.legend_rows


def test_a_text_across_the_edge_of_a_sheet_is_counted_as_cut():
    name = '<text text-anchor="middle" x="50" y="-20" font-family="DejaVu Sans" font-size="12.00">Urgences</text>'
    extents = text_extents(_drawing(name))
    (left, _top, right, _bottom), = extents
    assert left < 54 < right  # centred on x = 50, plus the drawing's own 4 pt margin
    a4, width = sheet("A4"), right - left  # about 56 pt
    # two A4 sheets side by side: the first ends at 595 pt, the second starts 10 mm (28.3 pt) before
    assert texts_cut(extents, 1.0, 580 - left, 100, a4, (2, 1), 10.0) == 0  # from 580 pt: whole on the second
    assert texts_cut(extents, 1.0, 595 - width / 2 - left, 100, a4, (2, 1), 10.0) == 1  # across both edges
    assert texts_cut(extents, 1.0, 300 - left, 100, a4, (2, 1), 10.0) == 0  # whole on the first


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_a_mosaic_cuts_no_team_name_in_two():
    """The example on A4 is a mosaic: centred, 12 of its drawing's texts lay across a cut; the
    poster stands the drawing where none does."""
    from chainmap.workshop.poster import make_poster
    from chainmap.workshop.svg import to_pdf

    from .pdf_facts import pdf_text

    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
    poster = make_poster(analysis, "A4")
    assert len(poster.pages) >= 2
    texts = [pdf_text(to_pdf(page)) for page in poster.pages]
    one_line = [t.name for t in analysis.org.teams.values() if len(t.name) <= 18]  # drawn on one line in their box
    assert [name for name in one_line if not any(name in text.splitlines() for text in texts)] == []


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_the_key_figures_print_well_above_the_floor_beside_large_names():
    """13 teams on A1: the names print at about 26 pt; the key figures, legend and panels
    printed at 6 to 7.5 pt (the floor), now at 9 pt or more, never larger than the names."""
    from chainmap.workshop.poster import make_poster
    from chainmap.workshop.svg import to_pdf

    from .pdf_facts import name_sizes

    analysis = chainmap.analyse(chainmap.load(LAYOUT_ORGS / "clinique.yaml"))
    page = make_poster(analysis, "A1").pages[0]
    names = max(name_sizes(to_pdf(page), {t.name for t in analysis.org.teams.values()})[0])
    before, after = page.split('<g transform="translate(', 1)[0], page[page.rindex("</g>"):]  # around the drawing
    title_block = [float(size) for size in re.findall(r'<text [^>]*font-size="([\d.]+)"', before)][:3]
    own = [float(size) for size in re.findall(r'<text [^>]*font-size="([\d.]+)"', before)][3:]
    footer = [float(size) for size in re.findall(r'<text [^>]*font-size="([\d.]+)"', after)]
    assert names >= 16 and len(title_block) == 3 and own and footer
    assert min(title_block + own + footer) >= 9 and max(own + footer) <= names + 0.01
