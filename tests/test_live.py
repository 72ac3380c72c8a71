"""LiveOrganisation: an organisation re-read file by file equals one loaded afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import chainmap
from chainmap.errors import LoadError
from chainmap.load import LiveOrganisation


@pytest.fixture
def org(tmp_path: Path) -> Path:
    root = tmp_path / "org"
    (root / "teams").mkdir(parents=True)
    (root / "org.yaml").write_text("org: Test\nend_clients:\n  - id: people\n", encoding="utf-8")
    for index in range(4):
        (root / "teams" / f"t{index}.yaml").write_text(f"id: t{index}\nclients:\n  - people\n", encoding="utf-8")
    return root


def test_a_changed_file_is_read_again_and_the_org_equals_a_fresh_load(org: Path) -> None:
    live = LiveOrganisation(org)
    assert live.org == chainmap.load(org)
    path = org / "teams" / "t1.yaml"
    path.write_text("id: t1\nname: Renamed\nclients:\n  - t2\n", encoding="utf-8")
    reloaded = live.reload([path])
    assert reloaded.teams["t1"].name == "Renamed" and reloaded == chainmap.load(org)


def test_files_added_deleted_and_org_yaml_changed(org: Path) -> None:
    live = LiveOrganisation(org)
    (org / "teams" / "t0.yaml").unlink()
    (org / "teams" / "new.yaml").write_text("id: new\nclients:\n  - people\n", encoding="utf-8")
    (org / "org.yaml").write_text("org: Renamed org\nend_clients:\n  - id: people\n", encoding="utf-8")
    reloaded = live.reload([org / "teams" / "t0.yaml", org / "teams" / "new.yaml", org / "org.yaml"])
    assert set(reloaded.teams) == {"t1", "t2", "t3", "new"} and reloaded.name == "Renamed org"
    assert reloaded == chainmap.load(org)


def test_a_problem_is_raised_with_todays_messages_then_cleared(org: Path) -> None:
    live = LiveOrganisation(org)
    path = org / "teams" / "t2.yaml"
    path.write_text("id: t2\nenps: 300\n", encoding="utf-8")
    with pytest.raises(chainmap.LoadError) as live_error:
        live.reload([path])
    with pytest.raises(chainmap.LoadError) as fresh_error:
        chainmap.load(org)
    assert [str(p) for p in live_error.value.problems] == [str(p) for p in fresh_error.value.problems]
    path.write_text("id: t2\nclients:\n  - people\n", encoding="utf-8")
    assert live.reload([path]) == chainmap.load(org)


HOSTILE = Path(__file__).parent / "hostile"
HOSTILE_CASES = sorted(case["case"] for case in yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8")))


def outcome(make) -> object:
    """The organisation made, or the text of every problem that stopped it."""
    try:
        return make()
    except LoadError as error:
        return [str(problem) for problem in error.problems]


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_the_hostile_corpus_reads_the_same_kept_live_and_read_again(case: str, tmp_path: Path) -> None:
    """Each hostile case as the server reads it (its bytes kept) and after every file is read
    again: the organisation, or every problem and its message, of a fresh load."""
    path = HOSTILE / "cases" / case
    fresh = outcome(lambda: chainmap.load(path))
    live = LiveOrganisation(path, keep_bytes=True)
    assert outcome(lambda: live.org) == fresh
    every_file = [path / name for name in live.files] if path.is_dir() else [path]
    assert outcome(lambda: live.reload(every_file)) == fresh
