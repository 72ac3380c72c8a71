"""`chainmap generate`: synthetic organisations that are deterministic, loadable and realistic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chainmap
from chainmap.cli import cli
from chainmap.examples.generate import generate, organisation_files

AS_OF = dt.date(2026, 11, 23)


def files_of(teams: int, workers: int, seed: int) -> list:
    return list(organisation_files(generate(teams, workers, seed)))


def test_same_seed_gives_identical_files() -> None:
    assert files_of(60, 400, 7) == files_of(60, 400, 7)


def test_another_seed_gives_another_organisation() -> None:
    assert files_of(60, 400, 7) != files_of(60, 400, 8)


def test_command_writes_a_loadable_organisation_of_the_asked_size(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--teams", "50", "--workers", "500", "--seed", "3", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "51 files" in result.output
    org = chainmap.load(tmp_path / "s")
    assert (len(org.teams), len(org.workers)) == (50, 500)


def test_command_refuses_a_folder_that_is_not_empty(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["generate", "--teams", "5", "--workers", "5", str(tmp_path)])
    assert result.exit_code == 2
    assert "--force" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_command_refuses_fewer_than_two_teams(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--teams", "1", "--workers", "5", str(tmp_path / "x")])
    assert result.exit_code == 2


def test_command_prints_no_progress_bar_when_not_on_a_terminal(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--teams", "300", "--workers", "600", str(tmp_path / "m")])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1


def test_organisation_shows_every_kind_of_weak_link(tmp_path: Path) -> None:
    root = tmp_path / "m"
    root.mkdir()
    for relative, text in organisation_files(generate(500, 5000, 1)):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    rules = {f.rule for f in chainmap.analyse(chainmap.load(root), as_of=AS_OF).findings}
    assert {"unknown-reference", "broken-chain", "isolated", "one-sided", "low-satisfaction",
            "single-point-of-failure", "attention-asymmetry", "long-chain", "stale", "no-members"} <= rules


def test_some_workers_belong_to_two_teams() -> None:
    org = generate(100, 1000, 2)
    memberships = sum(len(t.members) for t in org.teams)
    assert 1000 < memberships < 1100


def test_frontline_teams_are_a_minority() -> None:
    org = generate(1000, 1000, 4)
    frontline = [t for t in org.teams if t.level == 0]
    assert 0.05 < len(frontline) / len(org.teams) < 0.25


def test_the_smallest_organisations_are_generated_for_every_seed() -> None:
    # 2 to 5 teams are often all frontline: no support team to break (this used to crash)
    for teams in range(2, 6):
        for seed in range(60):
            assert len(generate(teams, teams, seed).teams) == teams


def test_command_refuses_to_mix_with_an_earlier_organisation_even_with_force(runner, tmp_path: Path) -> None:
    out = tmp_path / "g"
    assert runner.invoke(cli, ["generate", "--teams", "20", "--workers", "40", str(out)]).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*.yaml"))
    result = runner.invoke(cli, ["generate", "--teams", "5", "--workers", "5", "--force", str(out)])
    assert result.exit_code == 2
    assert "15 declaration files" in result.output and "would mix" in result.output
    assert sorted(p.relative_to(out) for p in out.rglob("*.yaml")) == before
    again = runner.invoke(cli, ["generate", "--teams", "20", "--workers", "40", "--force", str(out)])
    assert again.exit_code == 0, again.output  # the same organisation again replaces its own files


def test_command_refuses_sizes_beyond_its_bounds(runner, tmp_path: Path) -> None:
    for option, value in (("--teams", "1000001"), ("--workers", "10000001")):
        sizes = {"--teams": "5", "--workers": "5", option: value}
        result = runner.invoke(cli, ["generate", *(x for pair in sizes.items() for x in pair), str(tmp_path / "x")])
        assert result.exit_code == 2 and "range" in result.output
        assert not (tmp_path / "x").exists()
