"""The HTML report: self-contained, escaped everywhere, locked by its CSP, complete.

The browser behaviour (search, click, filter, hostile names in a real page) is tested in
test_report_browser.py; here the page is read as text and parsed as HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import chainmap
from chainmap.analysis.words import describe
from chainmap.cli import cli
from chainmap.i18n import set_language
from chainmap.render import node_ids
from chainmap.report import build_report, content_security_policy, inline_svg
from chainmap.report.data import script_json

from .orgs import team, write_org
from .report_orgs import HOSTILE_NAMES, hostile_org, small_org

AS_OF = dt.date(2026, 11, 23)
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")

# Every element the report may contain: the page's own, and the SVG's allow-list.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "footer", "h1", "h2", "p",
    "span", "div", "label", "input", "ul", "figure", "button", "select", "option", "table", "thead", "tbody",
    "tr", "th", "td", "code", "script",
    "svg", "g", "a", "path", "polygon", "polyline", "ellipse", "text",
}
URL_ATTRIBUTES = {"href", "xlink:href", "src", "srcset", "action", "formaction", "data", "poster", "style"}


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the content of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.scripts: List[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def analysis_of(root: Path) -> chainmap.Analysis:
    return chainmap.analyse(chainmap.load(root), as_of=AS_OF)


@pytest.fixture
def small(tmp_path: Path) -> chainmap.Analysis:
    return analysis_of(small_org(tmp_path / "small"))


@pytest.fixture
def hostile_page(tmp_path: Path) -> str:
    return build_report(analysis_of(hostile_org(tmp_path / "hostile")))


@needs_dot
def test_cli_writes_one_self_contained_file(runner, tmp_path: Path):
    output = tmp_path / "out" / "report.html"
    output.parent.mkdir()
    result = runner.invoke(cli, ["report", str(small_org(tmp_path / "org")), "-o", str(output), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {output}\n"
    page = output.read_text(encoding="utf-8")
    assert not re.search(r"<link|<iframe|<img|<object|<embed|@import|url\(|\bsrc=|\bhref=", page, re.I)
    assert "//" not in re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", page.split("<script>")[0]).replace("://", "")


@needs_dot
def test_csp_allows_no_remote_source_and_exactly_the_inline_script(hostile_page: str):
    elements = parse(hostile_page)
    csp = [a["content"] for t, a in elements.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    script = elements.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert csp[0] == ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                      f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
    assert csp[0] == content_security_policy(script)


@needs_dot
def test_hostile_names_create_no_element_handler_or_link(hostile_page: str):
    elements = parse(hostile_page)
    assert {tag for tag, _ in elements.tags} <= ALLOWED_TAGS
    assert [a.get("type") for t, a in elements.tags if t == "script"] == ["application/json", None]
    for tag, attributes in elements.tags:
        assert not [name for name in attributes if name.startswith("on") or name in URL_ATTRIBUTES], tag


@needs_dot
def test_hostile_names_are_shown_as_written(hostile_page: str):
    text = parse(hostile_page)
    shown = " ".join(a.get("placeholder", "") for _, a in text.tags) + hostile_page
    assert "&lt;img src=x onerror=&quot;window.__chainmapPwned=&#x27;img&#x27;&quot;&gt;" in shown
    assert "&lt;/script&gt;&lt;script&gt;" in hostile_page


@needs_dot
def test_json_data_cannot_close_its_script_and_reads_back_exactly(hostile_page: str):
    payload = parse(hostile_page).scripts[0]
    assert "<" not in payload and ">" not in payload and "\u2028" not in payload and "\u2029" not in payload
    data = json.loads(payload)
    names = {node["name"] for node in data["nodes"].values()} | {row[0] for row in data["workers"]}
    assert {HOSTILE_NAMES[k] for k in ("script", "img", "svg", "quotes", "client")} <= names


def test_script_json_escapes_markup_and_line_separators():
    text = script_json({"a": "</script><!-- & \u2028\u2029"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_svg_sanitiser_keeps_drawing_and_drops_anything_active():
    svg = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><!-- c -->'
           b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="f()" viewBox="0 0 9 9">'
           b'<script>f()</script><foreignObject><p>x</p></foreignObject><image xlink:href="http://x/y.png"/>'
           b'<g id="t0" class="node" onclick="f()"><title>t0</title><a xlink:href="javascript:f()" xlink:title="A &lt;b&gt;">'
           b'<path d="M0,0" fill="#fff" style="x"/><text x="1" y="2">A &lt;b&gt;</text></a></g></svg>')
    result = inline_svg(svg)
    assert result == ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g id="t0" class="node">'
                      '<title>A &lt;b&gt;</title><a><path d="M0,0" fill="#fff" /><text x="1" y="2">A &lt;b&gt;</text></a></g></svg>')


@needs_dot
def test_diagram_links_carry_their_ends_and_nodes_their_synthetic_ids(small: chainmap.Analysis):
    page = build_report(small)
    ids = node_ids(small)
    assert f'data-s="{ids["supplies"]}" data-c="{ids["kitchen"]}"' in page or \
        f'data-c="{ids["kitchen"]}" data-s="{ids["supplies"]}"' in page
    assert f'<g id="{ids["front"]}" class="node"><title>Front desk (Care)</title>' in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<!--" not in page.split("<svg", 1)[1]


@needs_dot
def test_page_holds_name_date_figures_and_every_finding_with_its_action(small: chainmap.Analysis):
    page = build_report(small)
    assert "<h1>Small &amp; Co</h1>" in page
    assert "Situation as of 23 November 2026 · 6 teams in 2 departments · 2 end clients" in page
    assert '<p class="value">4</p><p class="label">weak links</p>' in page
    assert ('<p class="value">2</p><p class="label">teams whose work reaches no end client</p>'
            '<p class="detail"><span class="item">2 broken chains</span></p>') in page
    assert page.count('<tr data-severity="') == len(small.findings) == 4
    for finding in small.findings:
        message, action = describe(finding, small.org)
        assert escape(action[1:].split("`")[0]) in page and escape(message[1:].split("`")[0]) in page


@needs_dot
def test_rows_carry_what_the_filters_need(small: chainmap.Analysis):
    page = build_report(small)
    assert '<tr data-severity="error" data-rule="broken-chain" data-dept="0">' in page  # orphan: Care
    assert '<tr data-severity="warning" data-rule="low-satisfaction" data-dept="1">' in page  # Support
    assert '<option value="0">Care</option><option value="1">Support</option>' in page


@needs_dot
def test_data_gives_adjacency_both_ways_and_chains_by_diagram_id(small: chainmap.Analysis):
    data = json.loads(parse(build_report(small)).scripts[0])
    ids = node_ids(small)
    assert data["succ"][ids["lab"]] == sorted([ids["front"], ids["partners"]])
    assert data["pred"][ids["front"]] == sorted([ids["kitchen"], ids["lab"]])
    chain, node = [ids["supplies"]], ids["supplies"]
    while data["nodes"][node].get("next"):  # each node gives the next id on its chain, as the script follows it
        node = data["nodes"][node]["next"]
        chain.append(node)
    assert chain == [ids[t] for t in ("supplies", "kitchen", "front", "customers")]
    assert data["nodes"][ids["orphan"]]["next"] is None
    alice = next(row for row in data["workers"] if row[0] == "Alice Martin")
    assert alice == ["Alice Martin", "Alice Martin", [ids["supplies"]]]  # her chain is her team's


@needs_dot
def test_report_is_byte_identical_run_after_run(small: chainmap.Analysis):
    assert build_report(small) == build_report(small)


@needs_dot
def test_as_of_and_language_options_reach_the_page(runner, tmp_path: Path):
    output = tmp_path / "rapport.html"
    result = runner.invoke(cli, ["report", str(small_org(tmp_path / "org")), "-o", str(output),
                                 "--as-of", "2020-01-31", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">') and "31 janvier 2020" in page


def test_output_must_be_an_html_file(runner, tmp_path: Path):
    result = runner.invoke(cli, ["report", str(small_org(tmp_path / "org")), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "name it with .html, e.g. " in result.output and not (tmp_path / "r.pdf").exists()


def test_refuses_to_write_inside_the_organisation(runner, tmp_path: Path):
    org = small_org(tmp_path / "org")
    result = runner.invoke(cli, ["report", str(org), "-o", str(org / "report.html")])
    assert result.exit_code == 2 and "--force" in result.output


def test_without_graphviz_the_report_is_written_without_diagram(runner, tmp_path: Path):
    output = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", str(small_org(tmp_path / "org")), "-o", str(output)], env={"PATH": ""})
    assert result.exit_code == 0
    assert "warning: the report has no diagram: Graphviz is not installed" in result.output
    page = output.read_text(encoding="utf-8")
    assert '<p class="notice">Graphviz is not installed' in page and "<svg" not in page
    assert '<tr data-severity="error"' in page


@needs_dot
def test_an_organisation_without_weak_links_says_so(tmp_path: Path):
    from .orgs import team, write_org
    root = write_org(tmp_path / "org", [team("a", clients=["customers"], reviewed=dt.date(2026, 11, 1))])
    page = build_report(analysis_of(root))
    assert "No weak link found: every rule is satisfied." in page and "<table" not in page


def test_key_figures_group_thousands_as_the_language_does(tmp_path: Path):
    root = write_org(tmp_path / "big", [team("desk", clients=["customers"], members=[f"Person {n}" for n in range(1234)])])
    analysis = chainmap.analyse(chainmap.load(root), as_of=dt.date(2026, 11, 23))
    assert '<p class="value">1,234</p>' in build_report(analysis)
    set_language("fr")
    assert '<p class="value">1\u202f234</p>' in build_report(analysis)


def test_a_worker_whose_chain_is_not_their_first_teams_names_the_team_it_starts_from(analyse_teams):
    from chainmap.report.data import report_data
    analysis = analyse_teams([team("alpha", members=["Bob", "Ana"]), team("beta", clients=["customers"], members=["Bob"])])
    ids = node_ids(analysis)
    rows = {row[0]: row for row in report_data(analysis)["workers"]}
    assert rows["Bob"] == ["Bob", "Bob", [ids["alpha"], ids["beta"]], ids["beta"]]
    assert rows["Ana"] == ["Ana", "Ana", [ids["alpha"]]]  # her team has no chain: neither has she
