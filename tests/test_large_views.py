"""`chainmap poster` and `chainmap report` on a large organisation: like `render`, they draw the
department overview by themselves (with a one-line notice), and take --department, --focus
--depth and --no-overview to draw something else."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import cli
from chainmap.render import large

from .pdf_facts import page_sizes_mm, pdf_text, smallest_font_pt

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

AS_OF = "2026-11-23"


@pytest.fixture
def analysis(group_analysis: chainmap.Analysis) -> chainmap.Analysis:
    return group_analysis


def run(*arguments: object):
    return CliRunner().invoke(cli, [str(a) for a in arguments] + ["--as-of", AS_OF])


def a_department(analysis: chainmap.Analysis) -> str:
    return large.department_names(analysis)[0]


def test_poster_of_a_large_organisation_is_the_overview_on_one_sheet(group, analysis, small_threshold, tmp_path) -> None:
    result = run("poster", group, "-o", tmp_path / "poster.pdf")
    assert result.exit_code == 0, result.output
    assert "60 teams and" in result.stderr and "too many to read on one drawing" in result.stderr
    assert len(page_sizes_mm(tmp_path / "poster.pdf")) == 1
    text = pdf_text(tmp_path / "poster.pdf")
    assert all(name in text for name in large.department_names(analysis))


def test_poster_of_one_department_names_its_teams(group, analysis, small_threshold, tmp_path) -> None:
    name = a_department(analysis)
    result = run("poster", group, "-o", tmp_path / "department.pdf", "--department", name)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(tmp_path / "department.pdf").split())
    members = [team.name for team in analysis.org.teams.values() if team.department == name]
    assert name in text and all(" ".join(team.split()) in text for team in members)


def test_poster_without_overview_prints_every_team_on_a_mosaic(group, analysis, small_threshold, tmp_path) -> None:
    result = run("poster", group, "-o", tmp_path / "pages.pdf", "--no-overview", "--paper", "A3")
    assert result.exit_code == 0, result.output
    assert "a mosaic of" in result.stderr
    assert len(page_sizes_mm(tmp_path / "pages.pdf")) > 1 and smallest_font_pt(tmp_path / "pages.pdf") >= 6


def test_poster_with_depth_draws_the_teams_around_one(group, analysis, tmp_path) -> None:
    team_id = max(analysis.carried, key=lambda t: len(analysis.carried[t]))
    result = run("poster", group, "-o", tmp_path / "around.pdf", "--focus", team_id, "--depth", "1")
    assert result.exit_code == 0, result.output
    assert " ".join(analysis.org.teams[team_id].name.split()) in " ".join(pdf_text(tmp_path / "around.pdf").split())


@pytest.mark.parametrize("command", ["poster", "report", "render"])
def test_conflicting_view_options_are_refused_before_loading(command, tmp_path) -> None:
    missing = tmp_path / "not-there"
    output = tmp_path / ("out.html" if command == "report" else "out.pdf")
    depth = run(command, missing, "-o", output, "--depth", "2")
    assert depth.exit_code == 2 and "--depth goes with --focus TEAM" in depth.stderr
    both = run(command, missing, "-o", output, "--department", "Finance", "--overview")
    assert both.exit_code == 2 and "--department --overview: these options draw different pictures" in both.stderr
    assert "Traceback" not in depth.output + both.output and not output.exists()


def test_report_of_a_large_organisation_shows_the_overview_and_says_so(group, analysis, small_threshold, tmp_path) -> None:
    result = run("report", group, "-o", tmp_path / "report.html")
    assert result.exit_code == 0, result.output
    assert "chainmap drew the department overview" in result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "the diagram shows its departments" in page
    svg = page[page.index('<figure class="diagram"'):page.index("</figure>")]
    assert all(name in svg for name in large.department_names(analysis))
    assert analysis.org.teams[next(iter(analysis.org.teams))].name in page  # search still knows every team


def test_report_of_one_department_draws_its_teams(group, analysis, small_threshold, tmp_path) -> None:
    name = a_department(analysis)
    result = run("report", group, "-o", tmp_path / "report.html", "--department", name)
    assert result.exit_code == 0 and result.stderr == "", result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    svg = page[page.index('<figure class="diagram"'):page.index("</figure>")]
    titles = set(re.findall(r"<title>([^<(→]*?) \([^<→]*\)</title>", svg))  # a team's tooltip: "Name (Department)"
    members = {team.name for team in analysis.org.teams.values() if team.department == name}
    assert "the diagram shows its departments" not in page and titles == members
