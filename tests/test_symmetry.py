"""The symmetry of attention: the mirror per end client, quality received and delivered,
Spearman's correlation (checked against published values), the anonymity threshold, the words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.symmetry import spearman, symmetry_of
from chainmap.symmetry.spearman import fractional_ranks

from .orgs import team, write_files, write_org


def test_spearman_without_ties_is_the_textbook_value() -> None:
    """Wikipedia's worked example (IQ against hours of television): rho = −29/165."""
    iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110]
    tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]
    assert spearman(iq, tv).rho == round(-29 / 165, 4)
    assert spearman(iq, tv).n == 10


def test_spearman_with_ties_is_scipys_value() -> None:
    """scipy.stats.spearmanr's documented example, with a tie (7 twice): 0.8207826816681233."""
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho == 0.8208
    assert fractional_ranks([5, 6, 7, 8, 7]) == [1.0, 2.0, 3.5, 5.0, 3.5]


def test_spearman_undefined_cases() -> None:
    assert spearman([1, 2], [2, 1]).rho is None
    assert spearman([1, 2, 3], [4, 4, 4]).rho is None
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


def _mirror_org(tmp_path: Path) -> Path:
    """Two frontline teams serving `customers`: front-a (3 members, eNPS −20), front-b (1, +40)."""
    teams = [
        team("front-a", clients=["customers"], members=["a1", "a2", "a3"], enps=-20,
             suppliers=[{"id": "support", "satisfaction": 4}, {"id": "tools", "satisfaction": 8}]),
        team("front-b", clients=["customers"], members=["b1"], enps=40, suppliers=[{"id": "support", "satisfaction": 9}]),
        team("support", clients=["front-a", "front-b"], suppliers=[{"id": "tools", "satisfaction": 6}], enps=0),
        team("tools", clients=["front-a", "support"]),
    ]
    return write_org(tmp_path / "org", teams, end_clients=("customers",))


def test_the_mirror_of_an_end_client(tmp_path: Path) -> None:
    org = chainmap.load(_mirror_org(tmp_path))
    text = (tmp_path / "org" / "org.yaml").read_text().replace("- id: customers", "- id: customers\n  nps: 25")
    (tmp_path / "org" / "org.yaml").write_text(text)
    org = chainmap.load(tmp_path / "org")
    mirror = symmetry_of(chainmap.analyse(org)).mirrors[0]
    assert mirror.nps == 25
    assert mirror.frontline == ("front-a", "front-b")
    assert mirror.enps == (3 * -20 + 1 * 40) / 4          # each worker one voice: −5
    assert mirror.quality == round((4 + 8 + 9) / 3, 2)    # the scores the frontline gives its suppliers
    assert mirror.weakest == ("support", "front-a", 4)    # the lowest score whose work flows to customers


def test_quality_received_delivered_and_gap(tmp_path: Path) -> None:
    teams = {t.team: t for t in symmetry_of(chainmap.analyse(chainmap.load(_mirror_org(tmp_path)))).teams}
    assert (teams["support"].received, teams["support"].delivered) == (6, 6.5)   # gives 6; front-a 4, front-b 9
    assert teams["support"].gap == 0.5
    assert (teams["tools"].received, teams["tools"].delivered, teams["tools"].gap) == (None, 7, None)
    assert teams["front-a"].frontline and not teams["support"].frontline


def test_few_teams_are_said_to_mean_nothing(tmp_path: Path, runner) -> None:
    result = runner.invoke(cli, ["symmetry", str(_mirror_org(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "over 3 teams" in result.output
    assert "means nothing yet" in result.output
    assert "causes" not in result.output or "not that one causes" in result.output


def test_enough_teams_get_words_that_do_not_claim_a_cause(tmp_path: Path, runner) -> None:
    teams = [team(f"t{i:02d}", clients=["customers"], enps=-50 + 10 * i,
                  suppliers=[{"id": "base", "satisfaction": round(0.8 * i, 1)}]) for i in range(12)]
    teams.append(team("base", clients=[f"t{i:02d}" for i in range(12)]))
    result = runner.invoke(cli, ["symmetry", str(write_org(tmp_path / "org", teams)), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["quality_vs_enps"] == {"rho": 1.0, "n": 12, "meaningful": True}
    text = runner.invoke(cli, ["symmetry", str(tmp_path / "org")]).output
    assert "a strong rank correlation" in text and "not that one causes the other" in text


def test_the_anonymity_threshold_holds_for_every_new_figure(tmp_path: Path, runner) -> None:
    """A hand-edited overlay gives a mean drawn from 2 answers: no figure may use it."""
    org = _mirror_org(tmp_path)
    overlay = write_files(tmp_path, {"survey.yaml": (
        "chainmap_survey: 1\ndate: '2026-11-20'\nmin_responses: 5\nsources: []\n"
        "links:\n- {supplier: support, client: front-b, responses: 2, mean: 1.0, nps: -100}\n"
        "- {supplier: tools, client: front-a, responses: 7, mean: 3.0, nps: -80}\n"
        "teams:\n- {team: front-a, responses: 3, enps: 90, mean: 9.5}\n")}) / "survey.yaml"
    data = json.loads(runner.invoke(cli, ["symmetry", str(org), "--survey", str(overlay), "--format", "json"]).stdout)
    teams = {t["team"]: t for t in data["teams"]}
    assert teams["front-b"]["received"] == 9            # the declared 9 stays: 2 answers are too few
    assert teams["front-a"]["received"] == 3.5          # (4 + 3) / 2: the survey's 7 answers count
    assert teams["front-a"]["enps"] == -20              # 3 answers: the declared eNPS stays
    stricter = json.loads(runner.invoke(cli, ["symmetry", str(org), "--survey", str(overlay), "--min-responses", "8",
                                              "--format", "json"]).stdout)
    assert {t["team"]: t for t in stricter["teams"]}["front-a"]["received"] == 6   # (4 + 8) / 2: 7 answers < 8


def test_lagged_over_a_history(tmp_path: Path) -> None:
    from chainmap.history.compute import PointResult
    from chainmap.history.timeline import Point
    from chainmap.symmetry import lagged_correlations

    def point(day: int, received: float, enps: int) -> PointResult:
        figures = {"satisfaction": {"teams": {"a": {"served": {"mean": received}}}}, "enps": {"a": enps},
                   "mirror": {"c": {"frontline_enps": enps}}, "nps": {"c": 10 * day}}
        import datetime as dt
        return PointResult(Point(dt.date(2026, 1, day), str(day), "git", str(day), "", str(day)), figures)

    lagged = lagged_correlations([point(1, 5, 0), point(2, 6, 10), point(3, 7, 20), point(4, 4, 30)])
    assert lagged.steps == 3
    assert lagged.quality_then_enps.n == 3   # received at 1, 2, 3 against eNPS at 2, 3, 4
    assert lagged.quality_then_enps.rho == 1.0
    assert lagged.frontline_then_nps.rho == 1.0


def test_the_report_has_a_symmetry_section_when_the_figures_exist(tmp_path: Path, runner) -> None:
    report = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(chainmap.example_path()), "-o", str(report), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert 'id="symmetry"' in page and "Médecins de ville" in page and "means nothing yet" in page
    bare = write_org(tmp_path / "bare", [team("a", clients=["customers"])])
    assert runner.invoke(cli, ["report", str(bare), "-o", str(tmp_path / "b.html")]).exit_code == 0
    assert 'id="symmetry"' not in (tmp_path / "b.html").read_text(encoding="utf-8")
