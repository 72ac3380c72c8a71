"""Scale: a generated organisation loads, analyses deterministically; the helpers that keep it fast."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import chainmap
from chainmap.generate import generate, write_organisation
from chainmap.load.fields import did_you_mean
from chainmap.load.nearest import SHORTLIST_ABOVE, NearestId
from chainmap.output import findings_json
from chainmap.progress import ProgressBar, progress_bar

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def small_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "s"
    write_organisation(generate(50, 500, 1), root)
    return root


def test_generated_s_loads_and_analyses(small_org: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(small_org), as_of=AS_OF)
    assert len(analysis.org.teams) == 50
    assert analysis.findings
    assert sum(1 for chain in analysis.workers.values() if chain) > 250


def test_analysis_of_generated_s_is_deterministic(small_org: Path) -> None:
    first = findings_json(chainmap.analyse(chainmap.load(small_org), as_of=AS_OF))
    second = findings_json(chainmap.analyse(chainmap.load(small_org), as_of=AS_OF))
    assert first == second


def test_workers_of_one_team_share_its_chain(small_org: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(small_org), as_of=AS_OF)
    for worker in analysis.org.workers.values():
        if len(worker.teams) == 1:
            assert analysis.worker_chain(worker.id) == analysis.team_chain(worker.teams[0])


def test_load_reports_progress_once_per_team_file(small_org: Path) -> None:
    calls = []
    chainmap.load(small_org, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 50) for n in range(1, 51)]


def test_nearest_id_is_did_you_mean_for_small_lists() -> None:
    ids = ["pharmacie", "urgences", "radiologie", "laboratoire"]
    for word in ["radiolgie", "urgence", "zzz", "PHARMACIE"]:
        assert NearestId(ids)(word) == did_you_mean(word, ids)


def test_nearest_id_finds_a_typo_among_many_ids() -> None:
    ids = [f"team-{site}-{n:05d}" for n in range(SHORTLIST_ABOVE + 500) for site in ("lyon",)]
    ids.append("pharmacie-centrale")
    nearest = NearestId(ids)
    assert nearest("pharmacei-centrale") == "pharmacie-centrale"
    assert nearest("team-lyno-01234") == did_you_mean("team-lyno-01234", ids)


def test_progress_bar_is_silent_when_stderr_is_not_a_terminal() -> None:
    with progress_bar("Loading") as progress:
        assert progress is None


def test_progress_bar_draws_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar("Loading", stream)
    for done in range(1, 1001):
        bar(done, 1000)
    bar.close()
    assert "Loading" in stream.getvalue() and "100%" in stream.getvalue()


def test_progress_bar_skips_short_operations() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar("Loading", stream)
    bar(1, 3)
    bar.close()
    assert stream.getvalue() == ""
