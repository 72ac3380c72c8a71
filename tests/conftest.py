"""Shared fixtures: a CLI runner, English messages, the conformance cases, small orgs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterable

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

import chainmap
from chainmap.cli import cli
from chainmap.examples.generate import generate, write_organisation
from chainmap.i18n import set_language
from chainmap.render import large

from .orgs import write_org

# The suite gives the same verdict on every run, CI included: the property tests draw their
# examples from a fixed seed. HYPOTHESIS_PROFILE=explore draws new ones on each run, to hunt
# for counter-examples (then add what it finds as a plain test).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# The contract and its cases, copied into docs/ so that every clone tests them
# (test_conformance.py checks the copy against ../shared, the team's original, when present).
CONFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "conformance"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch):
    """Messages in English whatever the machine's locale, and reset after a test that
    switched language (the catalogue in use is global)."""
    monkeypatch.setenv("LANGUAGE", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def own_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """The cache of declarations (and its signing key) in a folder of the test session's own,
    never the user's."""
    folder = tmp_path_factory.getbasetemp() / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("CHAINMAP_CACHE_DIR", raising=False)
    monkeypatch.delenv("CHAINMAP_NO_CACHE", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., Result]:
    """Run ``chainmap ARGS…`` (paths and numbers as they are: each is made a string) in-process.

    click keeps an exception the command did not handle in ``result.exception`` and prints
    nothing: that is a bug (chainmap maps every error to a message and an exit code), so it
    fails the test here, whatever the test then looks at.
    """
    def run(*args: Any, **options: Any) -> Result:
        result = runner.invoke(cli, [str(arg) for arg in args], **options)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result
    return run


@pytest.fixture
def conformance() -> Path:
    return CONFORMANCE


@pytest.fixture
def bakery(conformance: Path) -> Path:
    return conformance / "bakery"


@pytest.fixture
def analyse_teams(tmp_path: Path) -> Callable[..., chainmap.Analysis]:
    """Write an organisation from team dicts (see orgs.team) and analyse it as of AS_OF."""
    counter = iter(range(1000))

    def make(teams: Iterable[Dict[str, Any]], as_of: dt.date = AS_OF, confirmed_only: bool = False,
             **org_keys: Any) -> chainmap.Analysis:
        root = write_org(tmp_path / f"org{next(counter)}", teams, **org_keys)
        return chainmap.analyse(chainmap.load(root), as_of=as_of, confirmed_only=confirmed_only)
    return make


@pytest.fixture(scope="session")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated group of 60 teams in 4 departments: "large" once small_threshold applies."""
    root = tmp_path_factory.mktemp("large") / "groupe"
    write_organisation(generate(60, 300, 5), root)
    return root


@pytest.fixture(scope="session")
def group_analysis(group: Path) -> chainmap.Analysis:
    return chainmap.analyse(chainmap.load(group), as_of=AS_OF)


@pytest.fixture(scope="session")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> chainmap.Analysis:
    """A generated group of 2,700 teams in 26 departments, analysed: its overview has more
    arrows than ARROWS_BEFORE_PRUNING (made once for the overview tests of every file)."""
    root = tmp_path_factory.mktemp("crowded") / "groupe"
    write_organisation(generate(2700, 5400, 3), root)
    return chainmap.analyse(chainmap.load(root), as_of=AS_OF)


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above 20 teams, the drawing commands choose the department overview (as if a drawing of
    more were unreadable: see large.readable_whole)."""
    monkeypatch.setattr(large, "OVERVIEW_ABOVE_TEAMS", 20)
    monkeypatch.setattr(large, "readable_whole", lambda analysis: len(analysis.org.teams) <= 20)
