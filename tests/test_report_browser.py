"""The HTML report in a real browser: Debian's Chromium, driven headless by Playwright.

Used as a person would: type in the search box and choose, click a team in the diagram,
click the background, filter and sort the table, print. Every page must load nothing but
itself; a page built from hostile names must run no injected script. Skipped (with the
reason) where Chromium or Playwright is missing; CI installs both.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path
from typing import Iterator, List

import pytest
from pypdf import PdfReader

import chainmap
from chainmap.render import node_ids
from chainmap.report import write_report

from .report_orgs import HOSTILE_NAMES, PAYLOAD_MARK, hostile_org, small_org

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = [
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"Chromium is not installed at {CHROMIUM}"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Visit:
    """An open report, with every request and console error the page made."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900):
        self.requests: List[str] = []
        self.errors: List[str] = []
        self.dialogs: List[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.url = path.as_uri()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def lit(self) -> List[str]:
        """The ids of the diagram's nodes that are highlighted."""
        return self.page.eval_on_selector_all("#cm-diagram svg.cm-overlay g.node",
                                              "nodes => nodes.map(n => n.getAttribute('data-ref')).sort()")

    def click_node(self, node_id: str) -> None:
        """Click a team where a person would: the middle of its box in the drawing."""
        team = self.page.locator(f"#cm-diagram > svg:not(.cm-overlay) g#{node_id}")
        team.scroll_into_view_if_needed()
        box = team.bounding_box()
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def visible_rows(self) -> List[str]:
        return self.page.eval_on_selector_all("#cm-findings tbody tr:not([hidden])",
                                              "rows => rows.map(r => r.getAttribute('data-rule'))")


def _report(tmp_path: Path, make_org, name: str) -> tuple:
    analysis = chainmap.analyse(chainmap.load(make_org(tmp_path / name)), as_of=dt.date(2026, 11, 23))
    output = tmp_path / f"{name}.html"
    assert write_report(analysis, output, strict=True) is None
    return analysis, output


@pytest.fixture
def small(browser, tmp_path: Path):
    analysis, output = _report(tmp_path, small_org, "small")
    visit = Visit(browser, output)
    yield visit, node_ids(analysis)
    assert visit.requests == [visit.url], "the report must load nothing but itself"
    assert visit.errors == []
    visit.page.close()


def test_searching_a_worker_shows_and_highlights_their_chain(small):
    visit, ids = small
    visit.page.fill("#cm-search", "alice")
    options = visit.page.locator("#cm-results li[role=option]")
    assert options.all_inner_texts() == ["Alice Martin\nworker · Supplies"]
    options.first.click()
    panel = visit.page.locator("#cm-selection")
    assert panel.locator("h3").inner_text() == "Alice Martin worker"
    assert panel.locator("ol.chain li:not(.step)").all_inner_texts() == ["Supplies", "Central kitchen", "Front desk", "Customers"]
    assert visit.lit() == sorted(ids[t] for t in ("supplies", "kitchen", "front", "customers"))


def test_search_ignores_accents_and_keyboard_chooses(small):
    visit, ids = small
    visit.page.fill("#cm-search", "elodie")
    visit.page.keyboard.press("ArrowDown")
    visit.page.keyboard.press("Enter")
    assert visit.page.locator("#cm-selection h3").inner_text().startswith("Élodie Petit")
    visit.page.fill("#cm-search", "zzz")
    assert visit.page.locator("#cm-results").inner_text() == "No team or worker matches “zzz”."


def test_clicking_a_team_lights_its_chains_and_what_feeds_it_and_background_clears(small):
    visit, ids = small
    visit.click_node(ids["lab"])
    assert visit.lit() == sorted(ids[t] for t in ("lab", "front", "customers", "partners"))
    visit.click_node(ids["kitchen"])
    assert visit.lit() == sorted(ids[t] for t in ("supplies", "kitchen", "front", "customers"))
    panel = visit.page.locator("#cm-selection").inner_text()
    assert "Its work flows through 1 other team to: Customers (in gold)." in panel
    assert "1 team feeds it, directly or not (in blue)." in panel
    drawing = visit.page.locator("#cm-diagram > svg:not(.cm-overlay)")
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    visit.page.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    assert visit.lit() == [] and visit.page.locator("#cm-diagram svg.cm-overlay").is_hidden()
    assert visit.page.locator("#cm-selection").is_hidden()


def _lab(rgb: str) -> tuple:
    """CIE L*a*b* (D65) of a CSS colour, "#rrggbb" or "rgb(r, g, b)", and its relative luminance."""
    if rgb.startswith("#"):
        channels = [int(rgb[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(part) for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    r, g, b = ((c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels)
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])), y


def test_what_feeds_a_selection_is_in_a_colour_unlike_any_of_the_drawing(small):
    """The upstream highlight was the end clients' navy, hard to tell from the grey-blue links."""
    visit, ids = small
    visit.click_node(ids["kitchen"])
    up = visit.page.eval_on_selector("#cm-diagram svg.cm-overlay g.edge.cm-up path",
                                     "p => [getComputedStyle(p).stroke, parseFloat(getComputedStyle(p).strokeWidth)]")
    drawn = set(visit.page.eval_on_selector_all(
        "#cm-diagram > svg:not(.cm-overlay) :is(g.edge, g.node) :is(path, polygon)[stroke]",
        "shapes => shapes.map(s => s.getAttribute('stroke'))")) - {"none", "transparent", "#ffffff"}
    (lab, luminance) = _lab(up[0])
    distances = {colour: sum((a - b) ** 2 for a, b in zip(lab, _lab(colour)[0])) ** 0.5 for colour in drawn}
    assert "#56657a" in distances and min(distances.values()) > 35, distances
    assert 1.05 / (luminance + 0.05) >= 4.5 and up[1] >= 3, "readable on the white veil, wider than the links"
    key = visit.page.eval_on_selector("#cm-selection .cm-key.up", "k => getComputedStyle(k).borderTopColor")
    assert key == up[0], "the panel shows a sample of the colour beside the sentence that names it"
    assert "(in blue)" in visit.page.locator("#cm-selection p:has(.cm-key.up)").inner_text()
    assert "(in gold)" in visit.page.locator("#cm-selection p:has(.cm-key.down)").inner_text()


# The size on screen, in CSS px, of the names in the diagram's boxes (each box's largest
# text; the median box), and whether the frame shows all of the drawing.
NAME_PX = """() => { const drawing = document.querySelector('#cm-diagram > svg:not(.cm-overlay)');
  const scale = drawing.getBoundingClientRect().width / drawing.viewBox.baseVal.width;
  const sizes = Array.from(drawing.querySelectorAll('g.node')).map(g =>
    Math.max(...Array.from(g.querySelectorAll('text')).map(t => parseFloat(t.getAttribute('font-size')))));
  return sizes.sort((a, b) => a - b)[sizes.length >> 1] * scale; }"""
WHOLE = """f => f.scrollWidth <= f.clientWidth && f.scrollHeight <= f.clientHeight"""


@pytest.mark.parametrize("width, height", [(1400, 1000), (1280, 720)], ids=["desktop", "laptop"])
def test_the_diagram_opens_whole_and_reading_size_is_one_click_away(browser, tmp_path: Path, width, height):
    """It opened on an arbitrary middle crop, no end client nor legend in view: it opens on the
    whole diagram, and "Zoom in to read" brings the names to reading size."""
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 11, 23))
    assert write_report(analysis, tmp_path / "hospital.html", strict=True) is None
    visit = Visit(browser, tmp_path / "hospital.html", width, height)
    page, fit = visit.page, visit.page.locator("#cm-fit")
    assert page.eval_on_selector("#cm-diagram", WHOLE) and page.locator("#cm-pan-hint").is_hidden()
    inside = page.evaluate("""ids => { const frame = document.getElementById('cm-diagram'), f = frame.getBoundingClientRect();
      return ids.every(id => { const b = document.getElementById(id).getBoundingClientRect();
        return b.left >= f.left && b.right <= f.right && b.top >= f.top && b.bottom <= f.bottom; }); }""",
        [node_ids(analysis)[client] for client in analysis.org.end_clients] + ["cm-legend"])
    assert inside, "the end clients and the legend in view"
    assert fit.inner_text() == "Zoom in to read"
    fit.click()
    assert page.evaluate(NAME_PX) >= 12.5 and fit.inner_text() == "See the whole diagram"
    assert not page.eval_on_selector("#cm-diagram", WHOLE) and page.locator("#cm-pan-hint").is_visible()
    frame = page.locator("#cm-diagram")
    frame.scroll_into_view_if_needed()
    box, before = frame.bounding_box(), page.eval_on_selector("#cm-diagram", "f => [f.scrollLeft, f.scrollTop]")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 300, box["y"] + box["height"] / 2 - 100, steps=5)
    page.mouse.up()
    after = page.eval_on_selector("#cm-diagram", "f => [f.scrollLeft, f.scrollTop]")
    assert after[0] - before[0] == 300 and after[1] >= before[1], "dragging moves the drawing in its frame"
    assert visit.lit() == [] and page.locator("#cm-selection").is_hidden(), "a drag is no click"
    visit.click_node(node_ids(analysis)["urgences"])
    assert page.locator("#cm-selection h3").inner_text().startswith("Urgences")
    page.fill("#cm-search", "Cadres de santé")
    page.keyboard.press("Enter")
    chain = [node_ids(analysis)[node] for node in analysis.team_chain("cadres-de-sante")]
    shown = page.evaluate("""ids => { const frame = document.getElementById('cm-diagram'), f = frame.getBoundingClientRect();
      const left = f.left + frame.clientLeft, top = f.top + frame.clientTop;
      return ids.filter(id => { const b = document.getElementById(id).getBoundingClientRect();
        return b.left >= left && b.right <= left + frame.clientWidth && b.top >= top && b.bottom <= top + frame.clientHeight; }); }""", chain)
    extent = page.evaluate("""ids => { const boxes = ids.map(id => document.getElementById(id).getBoundingClientRect());
      return Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left)); }""", chain)
    fits = extent <= page.eval_on_selector("#cm-diagram", "f => f.clientWidth")
    assert len(chain) == 3 and shown == (chain if fits else chain[:1]), "the frame scrolls to the chosen team's chain, whole when it fits"
    assert visit.errors == [] and visit.requests == [visit.url]
    page.close()


def test_filtering_and_sorting_the_weak_links(small):
    visit, ids = small
    # by severity, the most workers affected first
    assert visit.visible_rows() == ["broken-chain", "broken-chain", "single-point-of-failure", "low-satisfaction"]
    visit.page.select_option("#cm-filter-severity", "warning")
    assert visit.visible_rows() == ["single-point-of-failure", "low-satisfaction"]
    assert visit.page.locator("#cm-shown").inner_text() == "2 of 4 weak links shown"
    visit.page.select_option("#cm-filter-dept", label="Support")
    assert visit.visible_rows() == ["low-satisfaction"]
    visit.page.select_option("#cm-filter-severity", "")
    visit.page.select_option("#cm-filter-dept", "")
    visit.page.select_option("#cm-filter-rule", "broken-chain")
    assert visit.visible_rows() == ["broken-chain", "broken-chain"]
    visit.page.select_option("#cm-filter-rule", "")
    visit.page.click("th[data-key=workers] button")  # one click: the most affected first
    assert visit.page.get_attribute("th[data-key=workers]", "aria-sort") == "descending"
    workers = visit.page.eval_on_selector_all("#cm-findings tbody tr td.num", "cells => cells.map(c => Number(c.textContent))")
    assert workers == sorted(workers, reverse=True) and len(workers) == 4
    visit.page.click("th[data-key=workers] button")
    assert visit.page.get_attribute("th[data-key=workers]", "aria-sort") == "ascending"


def test_the_severity_badges_filter_the_table(small):
    visit, ids = small
    visit.page.click(".figures .badge.warning")
    assert visit.page.input_value("#cm-filter-severity") == "warning"
    assert sorted(visit.visible_rows()) == ["low-satisfaction", "single-point-of-failure"], "in any order: ranked elsewhere"
    visit.page.click(".figures .badge.error")
    assert visit.visible_rows() == ["broken-chain", "broken-chain"]


def test_the_command_lines_filters_choose_the_rows_shown_first(browser, tmp_path: Path):
    from chainmap.analysis.triage import FindingFilter
    analysis = chainmap.analyse(chainmap.load(small_org(tmp_path / "small")), as_of=dt.date(2026, 11, 23))
    output = tmp_path / "first.html"
    assert write_report(analysis, output, strict=True, triage=FindingFilter(severities=("warning",)).apply(analysis)) is None
    visit = Visit(browser, output)
    assert visit.visible_rows() == ["single-point-of-failure", "low-satisfaction"]
    assert visit.page.locator("#cm-initial").inner_text().startswith("Shown first: 2 of 2 warnings.")
    visit.page.click("#cm-show-all")
    assert len(visit.visible_rows()) == 4 and visit.page.locator("#cm-initial").is_hidden()
    assert visit.errors == []
    visit.page.close()


def test_a_team_named_in_the_table_is_shown_in_the_diagram(small):
    visit, ids = small
    visit.page.click("#cm-findings button.node-link >> text=Front desk")
    assert visit.page.locator("#cm-selection h3").inner_text().startswith("Front desk")
    assert ids["front"] in visit.lit()
    visible = visit.page.evaluate("""id => { const b = document.getElementById(id).getBoundingClientRect();
      const f = document.getElementById('cm-diagram').getBoundingClientRect();
      return b.top >= Math.max(f.top, 0) && b.bottom <= Math.min(f.bottom, window.innerHeight) && b.left >= f.left && b.right <= f.right; }""",
        ids["front"])
    assert visible, "the team is brought into view, in the frame and in the window"


def test_a_highlight_keeps_the_links_own_look(small):
    """Every lit link turned blue, its score a solid blue rectangle with purple text: the lit
    link is drawn as it is (its colour, dashes and score), over a halo of the highlight's colour."""
    visit, ids = small
    visit.click_node(ids["front"])
    looks = visit.page.evaluate("""() => Array.from(document.querySelectorAll('svg.cm-overlay g.edge.cm-lit')).map(g => {
        const original = document.getElementById(g.getAttribute('data-ref'));
        const stroke = e => getComputedStyle(e.querySelector('path')).stroke;
        const texts = e => Array.from(e.querySelectorAll('text')).map(t => getComputedStyle(t).fill);
        const polygons = e => Array.from(e.querySelectorAll('polygon')).map(p => getComputedStyle(p).fill);
        return [stroke(g) === stroke(original), JSON.stringify(texts(g)) === JSON.stringify(texts(original)),
                JSON.stringify(polygons(g)) === JSON.stringify(polygons(original))]; })""")
    assert looks and all(all(look) for look in looks), looks
    halos = visit.page.locator("svg.cm-overlay g.edge.cm-halo")
    assert halos.count() == len(looks)


def test_print_layout_hides_the_controls_and_fits_a4(small):
    visit, ids = small
    visit.page.emulate_media(media="print")
    assert visit.page.locator("#cm-search").is_hidden() and visit.page.locator(".filters").is_hidden()
    pdf = PdfReader(io.BytesIO(visit.page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72)) for p in pdf.pages}
    assert sizes == {(210, 297)} and len(pdf.pages) >= 2


def test_hostile_names_run_no_script_and_show_as_text(browser, tmp_path: Path):
    analysis, output = _report(tmp_path, hostile_org, "hostile")
    visit = Visit(browser, output)
    ids = node_ids(analysis)
    visit.page.fill("#cm-search", "iframe")
    visit.page.keyboard.press("Enter")
    visit.click_node(ids["b"])
    visit.page.hover(f"#cm-diagram > svg:not(.cm-overlay) g#{ids['c']}", force=True)
    visit.page.click("th[data-key=subject] button")
    assert visit.page.evaluate(f"typeof window.{PAYLOAD_MARK}") == "undefined"
    assert visit.dialogs == [] and visit.errors == []
    assert visit.requests == [visit.url]
    assert visit.page.locator("h1").inner_text() == HOSTILE_NAMES["org"]
    assert visit.page.locator("#cm-selection h3").inner_text().startswith(HOSTILE_NAMES["img"])
    assert visit.page.locator("iframe, img, style:not(head style), b[onclick]").count() == 0
    visit.page.close()


def test_in_the_overview_a_searched_team_lights_up_the_departments_of_its_chain(browser, group, group_analysis,
                                                                                small_threshold, tmp_path: Path):
    from chainmap.render.overview import overview_box_of
    output = tmp_path / "overview.html"
    assert write_report(group_analysis, output, strict=True) is None
    team_id = max((t for t in group_analysis.org.teams if group_analysis.team_chain(t)),
                  key=lambda t: len(group_analysis.team_chain(t)))
    visit = Visit(browser, output)
    visit.page.fill("#cm-search", group_analysis.org.teams[team_id].name)
    visit.page.locator("#cm-results li[role=option]").first.click()
    box_of = overview_box_of(group_analysis)
    lit = set(visit.lit())
    assert {box_of[node] for node in group_analysis.team_chain(team_id) if node in group_analysis.org.teams} <= lit
    end_client_stubs = {box + "c" for box in box_of.values()}
    assert lit <= set(box_of.values()) | end_client_stubs and visit.errors == [] and visit.requests == [visit.url]
    selected = visit.page.eval_on_selector_all("#cm-diagram svg.cm-overlay g.node.cm-sel", "nodes => nodes.map(n => n.getAttribute('data-ref'))")
    assert selected == [box_of[team_id]]
    visit.page.close()


@pytest.mark.parametrize("crowded", [False, True], ids=["end-client-boxes", "crowded"])
def test_in_the_overview_a_team_serving_an_end_client_lights_the_arrow_to_it_and_its_box(
        browser, group_analysis, small_threshold, monkeypatch, tmp_path: Path, crowded: bool):
    """Searching a frontline team lit its department only: its links are team to client, the
    arrows department to client (the end clients are drawn once, crowded or not)."""
    from chainmap.render import skeleton
    from chainmap.render.overview import overview_box_of
    monkeypatch.setattr(skeleton, "ARROWS_BEFORE_PRUNING", 0 if crowded else 1000)
    output = tmp_path / "overview.html"
    assert write_report(group_analysis, output, strict=True) is None
    org, box_of = group_analysis.org, overview_box_of(group_analysis)
    visit = Visit(browser, output)
    arrows = set(visit.page.eval_on_selector_all("#cm-diagram > svg g.edge", "edges => edges.map(e => e.dataset.s + '>' + e.dataset.c)"))
    direct = [t for t in sorted(org.teams) if len(group_analysis.team_chain(t) or ()) == 2]
    end_box = {t: box_of[group_analysis.team_chain(t)[1]] for t in direct}
    team_id = next(t for t in direct if f"{box_of[t]}>{end_box[t]}" in arrows)
    visit.page.fill("#cm-search", org.teams[team_id].name)
    visit.page.locator("#cm-results li[role=option]").first.click()
    assert "(in gold)" in visit.page.locator("#cm-selection").inner_text()
    assert {box_of[team_id], end_box[team_id]} <= set(visit.lit())
    chain = visit.page.eval_on_selector_all("#cm-diagram svg.cm-overlay g.edge.cm-chain", "edges => edges.map(e => e.dataset.s + '>' + e.dataset.c)")
    assert chain == [f"{box_of[team_id]}>{end_box[team_id]}"]
    worker = next(m for m in org.teams[team_id].members if org.workers[m.id].teams == (team_id,))
    visit.page.fill("#cm-search", worker.id)
    visit.page.locator("#cm-results li[role=option]").first.click()
    assert visit.page.locator("#cm-selection h3").inner_text().startswith(worker.name)
    assert {box_of[team_id], end_box[team_id]} <= set(visit.lit())
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_in_the_overview_clicking_a_department_selects_its_teams_and_offers_its_weak_links(
        browser, group_analysis, small_threshold, tmp_path: Path):
    from chainmap.render.overview import overview_box_of
    from chainmap.report.data import departments
    output = tmp_path / "overview.html"
    assert write_report(group_analysis, output, strict=True) is None
    org, box_of = group_analysis.org, overview_box_of(group_analysis)
    name = departments(group_analysis)[0]
    teams = [t for t in org.teams if org.teams[t].department == name]
    visit = Visit(browser, output)
    visit.click_node(box_of[teams[0]])
    selected = visit.page.eval_on_selector_all("#cm-diagram svg.cm-overlay g.node.cm-sel", "nodes => nodes.map(n => n.getAttribute('data-ref'))")
    assert selected == [box_of[teams[0]]]
    on_the_way = {box_of[n] for t in teams for n in group_analysis.team_chain(t) or () if n in org.teams}
    assert on_the_way - {box_of[teams[0]]} and on_the_way <= set(visit.lit())
    assert visit.page.locator("#cm-selection h3").inner_text().startswith(name)
    workers = sum(len(org.teams[t].members) for t in teams)
    assert f"{len(teams)} teams · {workers} workers" in visit.page.locator("#cm-selection h3 .sub").inner_text()
    visit.page.locator("#cm-selection button.cm-show-weak").click()
    index = str(departments(group_analysis).index(name))
    shown = visit.page.eval_on_selector_all("#cm-findings tbody tr:not([hidden])", "rows => rows.map(r => r.getAttribute('data-dept'))")
    assert shown and all(index in dept.split() for dept in shown)
    assert len(shown) == sum(1 for f in group_analysis.findings if any(org.teams.get(t) and org.teams[t].department == name
                                                                        for t in (f.team, f.supplier, f.client)))
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_a_worker_in_two_teams_is_shown_with_the_chain_of_the_team_that_has_one(browser, tmp_path: Path):
    from .orgs import team, write_org
    root = write_org(tmp_path / "two", [team("alpha", members=["Bob Ray"]),
                                        team("beta", clients=["customers"], members=["Bob Ray"])])
    analysis = chainmap.analyse(chainmap.load(root), as_of=dt.date(2026, 11, 23))
    assert write_report(analysis, tmp_path / "two.html", strict=True) is None
    visit = Visit(browser, tmp_path / "two.html")
    visit.page.fill("#cm-search", "bob")
    visit.page.locator("#cm-results li[role=option]").first.click()
    chain = visit.page.locator("#cm-selection ol.chain li:not(.step)").all_inner_texts()
    assert chain == ["beta", "customers"] and visit.errors == []
    visit.page.close()
