"""`chainmap diff ORG --since DATE`: what changed since a day, in one command, from the past
git or `chainmap record` already keep (no copy made by hand)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest

from chainmap.cli import cli
from chainmap.history.past import day_since

TEAM = "id: {id}\nname: {name}\nmembers: [{member}]\nclients:\n  - id: {client}\n"


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T10:00:00+01:00"
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def _team(org: Path, team_id: str, client: str) -> None:
    (org / f"{team_id}.yaml").write_text(TEAM.format(id=team_id, name=team_id.title(), member=f"{team_id} member", client=client))


@pytest.fixture()
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose `org/` had reception on 1 October, and IT serving it from 20 November."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    org = repo / "org"
    org.mkdir(parents=True)
    _git(repo, "init", "-q")
    (org / "org.yaml").write_text("org: Clinic\nend_clients:\n  - id: patients\n")
    _team(org, "reception", "patients")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first", day="2026-10-01")
    _team(org, "it", "reception")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "IT serves reception", day="2026-11-20")
    return org


def _diff(runner, *args: str):
    return runner.invoke(cli, ["diff", *args])


def test_since_a_day_compares_with_the_last_commit_before_it(runner, org: Path) -> None:
    result = _diff(runner, str(org), "--since", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert "on 2026-10-01" in result.output and "+ It" in result.output
    assert "1 added" in result.output


def test_a_change_made_on_the_day_itself_counts(runner, org: Path) -> None:
    result = _diff(runner, str(org), "--since", "2026-11-20")
    assert "+ It" in result.output


def test_after_the_last_commit_only_uncommitted_changes_show(runner, org: Path) -> None:
    unchanged = json.loads(_diff(runner, str(org), "--since", "2026-11-21", "--format", "json").stdout)
    assert unchanged["teams"]["added"] == [] and unchanged["old"]["source"].endswith("@" + unchanged["old"]["source"][-8:])
    _team(org, "laundry", "reception")  # not committed: the files as they are now are the new side
    edited = json.loads(_diff(runner, str(org), "--since", "2026-11-21", "--format", "json").stdout)
    assert edited["teams"]["added"] == ["laundry"]


def test_the_past_comes_from_recorded_snapshots_too(runner, tmp_path: Path) -> None:
    org, db = tmp_path / "org", tmp_path / "history.sqlite"
    org.mkdir()
    (org / "org.yaml").write_text("org: Clinic\nend_clients:\n  - id: patients\n")
    _team(org, "reception", "patients")
    assert runner.invoke(cli, ["record", str(org), "--db", str(db), "--as-of", "2026-10-31"]).exit_code == 0
    (org / "reception.yaml").unlink()
    _team(org, "desk", "patients")
    result = _diff(runner, str(org), "--since", "2026-11-01", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["teams"] == {"added": ["desk"], "removed": ["reception"]} or (
        data["teams"]["added"] == ["desk"] and data["teams"]["removed"] == ["reception"])
    assert data["old"]["source"] == f"{db}#1"


def test_no_version_before_the_day_is_a_clear_error(runner, org: Path) -> None:
    result = _diff(runner, str(org), "--since", "2026-10-01")
    assert result.exit_code == 2
    assert "no version from before 2026-10-01" in result.output and "starts on 2026-10-01" in result.output


def test_no_past_at_all_says_where_it_comes_from(runner, tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "org.yaml").write_text("org: Clinic\nend_clients:\n  - id: patients\n")
    result = _diff(runner, str(org), "--since", "1month")
    assert result.exit_code == 2
    assert "git" in result.output and "chainmap record" in result.output


@pytest.mark.parametrize("args, words", [
    ((), "give the two organisations"),
    (("{org}", "--since", "1month"), "give ORG alone"),
    (("--db", "h.sqlite"), "add --since"),
])
def test_since_takes_one_organisation_and_two_take_no_since(runner, org: Path, args, words) -> None:
    result = _diff(runner, str(org), *[a.format(org=org) for a in args])
    assert result.exit_code == 2 and words in result.output


def test_a_day_that_is_neither_a_date_nor_a_span_is_refused(runner, org: Path) -> None:
    result = _diff(runner, str(org), "--since", "last month")
    assert result.exit_code == 2 and "1month, 2weeks, 30days" in result.output


@pytest.mark.parametrize("text, day", [
    ("2026-11-07", dt.date(2026, 11, 7)),
    ("30days", dt.date(2026, 11, 1)),
    ("30 jours", dt.date(2026, 11, 1)),
    ("2weeks", dt.date(2026, 11, 17)),
    ("1month", dt.date(2026, 11, 1)),
    ("1mois", dt.date(2026, 11, 1)),
    ("13months", dt.date(2025, 11, 1)),
])
def test_spans_back_from_today(text: str, day: dt.date) -> None:
    assert day_since(text, dt.date(2026, 12, 1)) == day


def test_a_month_back_from_the_31st_is_the_month_s_last_day() -> None:
    assert day_since("1month", dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)


def test_a_past_version_that_cannot_be_read_is_named_by_its_commit(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    org = repo / "org"
    org.mkdir(parents=True)
    _git(repo, "init", "-q")
    (org / "org.yaml").write_text("name: Clinic\nend_clients:\n  - id: patients\n")  # `name:` is a mistake
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "broken", day="2026-10-01")
    (org / "org.yaml").write_text("org: Clinic\nend_clients:\n  - id: patients\n")
    result = _diff(runner, str(org), "--since", "2026-11-01")
    assert result.exit_code == 2
    assert f"{org}@" in result.output and "as it stood on 2026-10-01" in result.output
    assert "write `org: Clinic`" in result.output and "chainmap-history-" not in result.output


def test_a_missing_organisation_is_told_as_every_command_tells_it(runner, tmp_path: Path) -> None:
    result = _diff(runner, str(tmp_path / "nowhere"), "--since", "1month")
    assert result.exit_code == 2 and "no such file or folder" in result.output
