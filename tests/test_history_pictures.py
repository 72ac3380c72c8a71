"""The history's pictures: the trend charts (PNG, SVG, PDF, deterministic, English and French),
the report's "Over time" panel in a real browser (the slider redraws the diagram), and the
poster's symmetry panel."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import chainmap
from chainmap.cli import cli
from chainmap.history import history_of
from chainmap.history.charts import chart_bytes
from chainmap.i18n import set_language

from .history_state import initial_state, mutate, write_state

CHROMIUM = "/usr/bin/chromium"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight commits of a small generated organisation (a link broken, workers moved…)."""
    repo = tmp_path_factory.mktemp("pictures")
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True)
    rng, state = random.Random(5), initial_state(seed=4, teams=14, workers=40)
    for step in range(8):
        if step:
            state, _message = mutate(state, step, rng)
        write_state(state, repo / "org")
        day = (dt.date(2026, 1, 10) + dt.timedelta(days=30 * step)).isoformat()
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T09:00:00+00:00"
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", f"step {step}"], check=True, env=env)
    return repo / "org"


def test_charts_in_every_format_the_same_bytes_each_time(repository: Path, tmp_path: Path) -> None:
    history = history_of(repository, cache=tmp_path / "c.sqlite")
    png, svg, pdf = (chart_bytes(history, suffix) for suffix in (".png", ".svg", ".pdf"))
    assert png.startswith(b"\x89PNG") and b"<svg" in svg[:2000] and pdf.startswith(b"%PDF")
    assert (png, svg, pdf) == tuple(chart_bytes(history, suffix) for suffix in (".png", ".svg", ".pdf"))
    page = PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    assert b"CreationDate" not in pdf


def test_charts_speak_french(repository: Path, tmp_path: Path) -> None:
    history = history_of(repository, cache=tmp_path / "c.sqlite")
    set_language("fr")
    try:
        svg = chart_bytes(history, ".svg")
    finally:
        set_language("en")
    assert svg != chart_bytes(history, ".svg")


def test_history_writes_charts_as_asked(repository: Path, tmp_path: Path, runner) -> None:
    outputs = [tmp_path / "t.png", tmp_path / "t.pdf"]
    result = runner.invoke(cli, ["history", str(repository), *sum((["--chart", str(p)] for p in outputs), [])])
    assert result.exit_code == 0, result.output
    assert all(p.exists() for p in outputs)
    refused = runner.invoke(cli, ["history", str(repository), "--chart", str(tmp_path / "t.jpg")])
    assert refused.exit_code == 2 and ".png, .svg or .pdf" in refused.output


@needs_dot
def test_the_report_panel_slides_through_the_days(repository: Path, tmp_path: Path, runner) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Chromium is not installed")
    report = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", str(repository), "-o", str(report), "--history"])
    assert result.exit_code == 0, result.output
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        errors: list = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: errors.append(request.url) if not request.url.startswith(("file:", "data:")) else None)
        page.goto(report.as_uri())
        last = page.locator("#cm-history-day").text_content()
        absent_last = page.locator("#cm-history-diagram .cm-absent").count()
        page.eval_on_selector("#cm-history-slider", "el => { el.value = 0; el.dispatchEvent(new Event('input')); }")
        first = page.locator("#cm-history-day").text_content()
        absent_first = page.locator("#cm-history-diagram .cm-absent").count()
        assert "10 January 2026" in first and "10 January 2026" not in last
        assert (absent_first, absent_last) != (0, 0) or absent_first != absent_last or first != last
        assert page.locator("#history img.cm-trends").count() == 1
        assert not errors
        browser.close()


@needs_dot
def test_the_poster_has_a_symmetry_panel_when_the_figures_exist(tmp_path: Path, runner) -> None:
    poster = tmp_path / "poster.svg"
    result = runner.invoke(cli, ["poster", str(chainmap.example_path()), "-o", str(poster), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    text = poster.read_text(encoding="utf-8")
    assert "The symmetry of attention" in text and "Médecins de ville" in text
    assert "means nothing yet" in text  # 8 teams: said plainly


def test_no_symmetry_panel_without_figures(tmp_path: Path) -> None:
    from chainmap.workshop.symmetry_panel import symmetry_panel

    from .orgs import team, write_org
    org = write_org(tmp_path / "org", [team("a", clients=["customers"]), team("b", clients=["a"])])
    assert symmetry_panel(chainmap.analyse(chainmap.load(org))) is None


