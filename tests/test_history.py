"""`chainmap history` and `chainmap record`: the trend table against an independent computation.

A generated organisation's history is written into a git repository made here: 20 commits
that confirm and break links, change scores, move, hire and lose workers, change eNPS and
NPS. Each point of the trend table must equal what ``history_state.expected_figures``
computes from the data the test wrote, with no chainmap code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.history import HistorySettings, history_of, point_figures, trend_csv
from chainmap.save.yaml_text import single_file_yaml

from .history_state import expected_figures, initial_state, mutate, write_state

COMMITS = 20
FIRST_DAY = dt.date(2026, 1, 5)


def _git(repo: Path, *args: str, day: dt.date | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day.isoformat()}T10:00:00+01:00"
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True).stdout


def _commit(repo: Path, message: str, day: dt.date) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, day=day)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, List[Dict[str, Any]], List[dt.date]]:
    """A repository whose folder `org/` has 20 commits, and the state written in each."""
    repo = tmp_path_factory.mktemp("repo")
    _git(repo, "init", "-q")
    (repo / "README.md").write_text("not the organisation\n")
    _commit(repo, "a file outside the organisation", FIRST_DAY - dt.timedelta(days=3))
    rng = random.Random(11)
    state = initial_state()
    states, days = [], []
    for step in range(COMMITS):
        message = "initial declarations"
        if step:
            state, message = mutate(state, step - 1, rng)
        write_state(state, repo / "org")
        day = FIRST_DAY + dt.timedelta(days=11 * step)
        _commit(repo, message, day)
        states.append(state)
        days.append(day)
    (repo / "README.md").write_text("still not the organisation\n")
    _commit(repo, "another file outside it", days[-1] + dt.timedelta(days=1))
    return repo / "org", states, days


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures cache in a folder of the test's own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _history_json(runner: Any, org: Path, *options: str) -> Dict[str, Any]:
    result = runner.invoke(cli, ["history", str(org), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_point_per_commit_that_touched_the_organisation(runner, repository) -> None:
    org, states, days = repository
    data = _history_json(runner, org)
    assert [p["day"] for p in data["points"]] == [d.isoformat() for d in days]
    assert data["points"][0]["label"] == "initial declarations"
    assert len({p["ref"] for p in data["points"]}) == COMMITS


def test_every_trend_matches_what_was_written_point_by_point(runner, repository) -> None:
    org, states, _days = repository
    points = _history_json(runner, org)["points"]
    for index, (point, state) in enumerate(zip(points, states)):
        expected = expected_figures(state, states[index - 1] if index else None)
        figures, where = point["figures"], f"point {index + 1}"
        for key in ("teams", "workers", "links", "links_confirmed"):
            assert figures[key] == expected[key], (where, key)
        assert figures["findings"]["by_rule"]["one-sided"] == expected["one_sided"], where
        assert figures["findings"]["by_rule"]["low-satisfaction"] == expected["low_satisfaction"], where
        satisfaction = figures["satisfaction"]
        assert satisfaction["links"] == expected["link_satisfaction"], where
        assert (satisfaction["mean"], satisfaction["inps"]) == (expected["satisfaction_mean"], expected["satisfaction_inps"]), where
        teams = satisfaction["teams"]
        for team, mean in expected["team_satisfaction_mean"].items():
            assert teams.get(team, {}).get("clients", {}).get("mean") == mean, (where, team)
        for team, mean in expected["team_served_mean"].items():
            assert teams.get(team, {}).get("served", {}).get("mean") == mean, (where, team)
            assert teams.get(team, {}).get("served", {}).get("inps") == expected["team_served_inps"][team], (where, team)
        assert figures["enps"] == expected["enps"], where
        assert figures["nps"] == expected["nps"], where
        chains = figures["chains"]
        assert (chains["teams_with_chain"], chains["max_length"], chains["mean_length"]) == (
            expected["teams_with_chain"], expected["chain_length_max"], expected["chain_length_mean"]), where
        assert figures["workers_without_chain"] == expected["workers_without_chain"], where
        if index:
            people = point["people"]
            assert (people["joined"], people["left"]) == (expected["members_joined"], expected["members_left"]), where
            assert {t: c["joined"] for t, c in people["teams"].items() if t in expected["team_joined"]} == expected["team_joined"], where
        else:
            assert point["people"]["joined"] is None


def test_the_history_changes_what_it_should(repository) -> None:
    """The mutations really move the figures (a history of identical points would prove nothing)."""
    org, states, _days = repository
    expected = [expected_figures(s, None) for s in states]
    for key in ("links_confirmed", "satisfaction_mean", "workers", "one_sided", "enps", "nps"):
        assert len({json.dumps(e[key], sort_keys=True) for e in expected}) > 1, key


def test_figures_come_from_the_model_not_from_the_text(tmp_path: Path, repository) -> None:
    """The same model written otherwise (one file, flow style, quoted numbers, comments) gives the same figures."""
    org, states, _days = repository
    folder_figures = point_figures(chainmap.analyse(chainmap.load(org), dt.date(2026, 6, 1)))
    text = single_file_yaml(chainmap.load(org))
    text, quoted = re.subn(r"(satisfaction|enps): (-?\d+)\n", r'\1: "\2"  # written in quotes\n', text)
    assert quoted > 20
    single = tmp_path / "one.yaml"
    single.write_text("# the same organisation, written by another hand, in one file\n" + text, encoding="utf-8")
    assert point_figures(chainmap.analyse(chainmap.load(single), dt.date(2026, 6, 1))) == folder_figures


def test_a_second_run_reads_the_cache_and_other_settings_recompute(repository, tmp_path: Path) -> None:
    org, _states, _days = repository
    first = history_of(org, cache=tmp_path / "c.sqlite")
    second = history_of(org, cache=tmp_path / "c.sqlite")
    assert not any(p.from_cache for p in first.points)
    assert all(p.from_cache for p in second.points)
    assert trend_csv(first) == trend_csv(second)
    confirmed = history_of(org, cache=tmp_path / "c.sqlite", settings=HistorySettings(confirmed_only=True))
    assert not any(p.from_cache for p in confirmed.points)


def test_a_new_chainmap_version_recomputes(repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org, _states, _days = repository
    history_of(org, cache=tmp_path / "c.sqlite", until=dt.date(2026, 2, 1))
    monkeypatch.setattr("chainmap.history.store.__version__", "99.0")
    again = history_of(org, cache=tmp_path / "c.sqlite", until=dt.date(2026, 2, 1))
    assert again.points and not any(p.from_cache for p in again.points)


def test_since_until_and_every_month(runner, repository) -> None:
    org, _states, days = repository
    data = _history_json(runner, org, "--since", "2026-02-01", "--until", "2026-04-30")
    assert [p["day"] for p in data["points"]] == [d.isoformat() for d in days if dt.date(2026, 2, 1) <= d <= dt.date(2026, 4, 30)]
    monthly = _history_json(runner, org, "--every", "month")
    last_of_month = {}
    for day in days:
        last_of_month[(day.year, day.month)] = day
    assert [p["day"] for p in monthly["points"]] == [d.isoformat() for d in sorted(last_of_month.values())]


def test_csv_is_one_row_per_point_figure_and_subject(runner, repository) -> None:
    org, states, _days = repository
    result = runner.invoke(cli, ["history", str(org), "--format", "csv"])
    lines = result.stdout.splitlines()
    assert lines[0] == "point,day,source,ref,figure,subject,value"
    teams = [line for line in lines[1:] if ",teams,," in line]
    assert [int(line.rsplit(",", 1)[1]) for line in teams] == [len(s["teams"]) for s in states]


def test_a_commit_that_broke_the_organisation_keeps_its_place(tmp_path: Path, runner) -> None:
    repo = tmp_path / "repo"
    write_state(initial_state(teams=6, workers=12), repo / "org")
    _git(repo, "init", "-q")
    _commit(repo, "good", dt.date(2026, 3, 1))
    (repo / "org" / "org.yaml").write_text("org: [unclosed\n")
    _commit(repo, "broken", dt.date(2026, 3, 2))
    data = _history_json(runner, repo / "org")
    assert "figures" in data["points"][0] and "problem" in data["points"][1]
    text = runner.invoke(cli, ["history", str(repo / "org")]).stdout
    assert "could not be loaded" in text


def test_record_then_history_from_the_database(tmp_path: Path, runner) -> None:
    org = tmp_path / "org"
    db = tmp_path / "history.sqlite"
    state = initial_state(teams=8, workers=20)
    rng = random.Random(2)
    for step, day in enumerate(("2026-01-31", "2026-02-28", "2026-03-31")):
        if step:
            state, _message = mutate(state, step, rng)
        write_state(state, org)
        result = runner.invoke(cli, ["record", str(org), "--db", str(db), "--as-of", day])
        assert result.exit_code == 0, result.output
        assert "recorded snapshot" in result.output
    again = runner.invoke(cli, ["record", str(org), "--db", str(db), "--as-of", "2026-03-31"])
    assert "nothing added" in again.output
    data = _history_json(runner, org, "--db", str(db), "--no-git")
    assert [p["day"] for p in data["points"]] == ["2026-01-31", "2026-02-28", "2026-03-31"]
    assert [p["source"] for p in data["points"]] == ["snapshot"] * 3
    assert data["points"][-1]["figures"]["workers"] == expected_figures(state, None)["workers"]


def test_no_history_is_a_clear_error(tmp_path: Path, runner) -> None:
    write_state(initial_state(teams=4, workers=8), tmp_path / "org")
    result = runner.invoke(cli, ["history", str(tmp_path / "org")])
    assert result.exit_code == 2
    assert "no git repository" in result.output and "chainmap record" in result.output


def test_the_database_is_refused_inside_the_organisation(tmp_path: Path, runner) -> None:
    write_state(initial_state(teams=4, workers=8), tmp_path / "org")
    result = runner.invoke(cli, ["record", str(tmp_path / "org"), "--db", str(tmp_path / "org" / "h.sqlite")])
    assert result.exit_code == 2 and "inside the organisation" in result.output


def test_not_a_database(tmp_path: Path, runner) -> None:
    write_state(initial_state(teams=4, workers=8), tmp_path / "org")
    (tmp_path / "h.sqlite").write_text("hello, I am a text file, not SQLite\n" * 50)
    result = runner.invoke(cli, ["record", str(tmp_path / "org"), "--db", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 2 and "not a chainmap history database" in result.output


def test_every_version_as_of_one_day(runner, repository) -> None:
    """By default a version is analysed as of its own day; --as-of counts every age from one day."""
    org, _states, _days = repository
    own = _history_json(runner, org)["points"]
    later = _history_json(runner, org, "--as-of", "2036-01-01")["points"]
    assert [p["figures"]["findings"]["by_rule"]["stale"] for p in later] != [p["figures"]["findings"]["by_rule"]["stale"] for p in own] \
        or all(p["figures"]["findings"]["by_rule"]["stale"] == 0 for p in own + later)
