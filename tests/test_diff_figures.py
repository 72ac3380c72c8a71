"""`chainmap diff` reports changes in figures, before → after, not only threshold crossings."""

from __future__ import annotations

import json
from pathlib import Path

from chainmap.cli import cli

from .orgs import team, write_org


def _two_versions(tmp_path: Path) -> tuple[Path, Path]:
    old = write_org(tmp_path / "old", [
        team("front", clients=["customers"], members=["Ann", "Bob"], enps=10,
             suppliers=[{"id": "back", "satisfaction": 6}]),
        team("back", clients=["front"]),
    ])
    new = write_org(tmp_path / "new", [
        team("front", clients=["customers"], members=["Ann", "Cy"], enps=-30,
             suppliers=[{"id": "back", "satisfaction": 1}]),
        team("back", clients=["front"]),
    ])
    for root, nps in ((old, 20), (new, 5)):
        text = (root / "org.yaml").read_text().replace("- id: customers", f"- id: customers\n  nps: {nps}")
        (root / "org.yaml").write_text(text)
    return old, new


def test_a_score_falling_from_6_to_1_is_a_change(tmp_path: Path, runner) -> None:
    """It was already below 7: no finding appears or goes, yet it is not "nothing changed"."""
    old, new = _two_versions(tmp_path)
    result = runner.invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "Nothing changed" not in result.output
    assert "satisfaction back → front: 6 → 1  (below 7)" in result.output
    assert "eNPS of front: 10 → −30" in result.output
    assert "NPS of customers: 20 → 5" in result.output
    assert "members of front: 2 → 2 (1 joined, 1 left)" in result.output


def test_figure_changes_in_json(tmp_path: Path, runner) -> None:
    old, new = _two_versions(tmp_path)
    data = json.loads(runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"]).stdout)
    assert data["figures"] == {
        "satisfaction": [{"supplier": "back", "client": "front", "before": 6, "after": 1}],
        "enps": [{"team": "front", "before": 10, "after": -30}],
        "nps": [{"end_client": "customers", "before": 20, "after": 5}],
        "members": [{"team": "front", "before": 2, "after": 2, "joined": ["Cy"], "left": ["Bob"]}],
    }


def test_figure_changes_are_drawn(tmp_path: Path, runner) -> None:
    old, new = _two_versions(tmp_path)
    result = runner.invoke(cli, ["diff", str(old), str(new), "-o", str(tmp_path / "d.dot")])
    dot = (tmp_path / "d.dot").read_text()
    assert result.exit_code == 0
    assert "6 → 1" in dot and "eNPS 10 → −30" in dot and "NPS 20 → 5" in dot
