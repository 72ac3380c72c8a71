"""Reading a large organisation's files on several cores gives what reading them one by one gives."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path
from typing import List, Tuple

import pytest

import chainmap
from chainmap import parallel
from chainmap.errors import LoadError, Problem
from chainmap.examples.generate import generate, write_organisation
from chainmap.load import team_files
from chainmap.model import Declaration, Member, Source, Team

needs_fork = pytest.mark.skipif(not parallel._can_fork(), reason="processes cannot be forked here")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "org"
    write_organisation(generate(60, 400, 3), root)
    return root


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parallel reading from 2 files up, in runs of 3: a small organisation takes that path."""
    if not parallel._can_fork():  # e.g. a thread left running by another test
        pytest.skip("processes cannot be forked safely now")
    monkeypatch.setattr(parallel, "FROM_FILES", 2)
    monkeypatch.setattr(parallel, "RUN", 3)


@needs_fork
def test_an_organisation_read_in_parallel_equals_one_read_file_by_file(generated: Path, small_runs: None) -> None:
    assert chainmap.load(generated, processes=3) == chainmap.load(generated, processes=1)


@needs_fork
def test_problems_read_in_parallel_are_those_read_file_by_file_in_the_same_order(
        generated: Path, small_runs: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in generated.rglob("*.yaml"):
        target = broken / path.relative_to(generated)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    team_files = sorted((broken / "teams").rglob("*.yaml"))
    for spoilt in team_files[::7]:  # a mistake in every seventh file, across the processes' runs
        spoilt.write_text(spoilt.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    with pytest.raises(LoadError) as one_by_one:
        chainmap.load(broken, processes=1)
    with pytest.raises(LoadError) as in_parallel:
        chainmap.load(broken, processes=2)
    assert in_parallel.value.problems == one_by_one.value.problems
    assert len(one_by_one.value.problems) == len(team_files[::7])


def _numbered(count: int) -> List[Path]:
    return [Path(f"file-{n:03}.yaml") for n in range(count)]


def _read_with_pid(path: Path) -> Tuple[str, int]:
    return path.name, os.getpid()


@needs_fork
def test_helper_processes_read_their_share_and_results_keep_the_files_order(small_runs: None) -> None:
    paths = _numbered(20)
    results = parallel.read_all(paths, _read_with_pid, processes=2)
    assert [name for name, _pid in results] == [p.name for p in paths]
    assert {pid for _name, pid in results} - {os.getpid()}, "a helper process read some files"


@needs_fork
def test_any_slow_steps_are_dealt_one_by_one_and_come_back_in_order() -> None:
    """What the pages of a deck use: items of any kind, from two of them, dealt singly."""
    if not parallel._can_fork():
        pytest.skip("processes cannot be forked safely now")
    pages = [f"page {n}" for n in range(5)]
    results = parallel.on_every_core(pages, lambda page: (page.upper(), os.getpid()), processes=2)
    assert [text for text, _pid in results] == [page.upper() for page in pages]
    assert {pid for _text, pid in results} - {os.getpid()}, "a helper process did some of them"
    assert parallel.on_every_core(pages[:1], lambda page: os.getpid(), processes=2) == [os.getpid()]


@needs_fork
def test_a_helper_that_fails_has_its_share_read_by_the_calling_process(small_runs: None) -> None:
    parent = os.getpid()

    def fails_in_a_helper(path: Path) -> str:
        if os.getpid() != parent:
            raise MemoryError("the helper ran out of memory")
        return path.name

    paths = _numbered(20)
    assert parallel.read_all(paths, fails_in_a_helper, processes=3) == [p.name for p in paths]


@needs_fork
def test_a_helper_killed_midway_has_its_share_read_by_the_calling_process(small_runs: None) -> None:
    parent = os.getpid()

    def dies_in_a_helper(path: Path) -> str:
        if os.getpid() != parent:
            os._exit(9)  # as if killed: no exception, no goodbye
        return path.name

    paths = _numbered(20)
    assert parallel.read_all(paths, dies_in_a_helper, processes=2) == [p.name for p in paths]


@needs_fork
def test_progress_in_parallel_rises_to_the_total_once_everything_is_read(small_runs: None) -> None:
    calls: List[Tuple[int, int]] = []
    parallel.read_all(_numbered(30), lambda p: p.name, lambda done, total: calls.append((done, total)), processes=2)
    assert all(total == 30 for _done, total in calls)
    steps = [done for done, _total in calls]
    assert steps == sorted(steps)
    assert steps[-1] == 30 and 30 not in steps[:-1], "the total only once the helpers' files are in too"


def test_few_files_are_read_by_the_calling_process_alone() -> None:
    results = parallel.read_all(_numbered(parallel.FROM_FILES - 1), _read_with_pid, processes=4)
    assert {pid for _name, pid in results} == {os.getpid()}


def test_one_process_asked_for_means_no_helper(small_runs: None) -> None:
    results = parallel.read_all(_numbered(20), _read_with_pid, processes=1)
    assert {pid for _name, pid in results} == {os.getpid()}


@pytest.mark.parametrize("total, count", [(0, 2), (1, 2), (10, 2), (100, 3), (7, 5)])
def test_files_are_dealt_once_each_in_runs(small_runs: None, total: int, count: int) -> None:
    shares = parallel._deal(total, count)
    assert sorted(i for share in shares for i in share) == list(range(total))
    for share in shares:
        assert share == sorted(share)


def test_the_calling_process_gets_the_larger_share_as_it_also_receives_the_others(small_runs: None) -> None:
    shares = parallel._deal(300, 2)
    assert len(shares[0]) > len(shares[1])


def test_teams_survive_pickling_whole() -> None:
    team = Team("paie", "Paie", "RH", (Member("e1", "Ann", "lead"), Member("e2", "Bob")), enps=-10,
                clients=(Declaration("rh", "payslips", 7.5, Source("teams/paie.yaml", 4)),),
                source=Source("teams/paie.yaml", 1))
    again = pickle.loads(pickle.dumps(team, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == team and type(again.members[0]) is Member and again.clients[0].source == team.clients[0].source


def test_no_helper_is_forked_outside_linux(monkeypatch: pytest.MonkeyPatch, small_runs: None) -> None:
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    results = parallel.read_all(_numbered(20), _read_with_pid, processes=2)
    assert {pid for _name, pid in results} == {os.getpid()}


@needs_fork
def test_a_helper_sends_its_results_in_the_form_asked_and_they_are_made_again_here() -> None:
    """``send`` runs in the helper on its results, ``receive`` here on what it sent."""
    received: List[object] = []

    def receive(sent: Tuple[int, List[str]]) -> List[Tuple[str, int]]:
        received.append(sent)
        helper, names = sent
        return [(name, helper) for name in names]

    results = parallel.on_every_core(_numbered(6), _read_with_pid, processes=2, at_least=2,
                                     send=lambda found: (found[0][1], [name for name, _pid in found]), receive=receive)
    assert [name for name, _pid in results] == [p.name for p in _numbered(6)]
    assert received and {pid for _name, pid in results} - {os.getpid()}


def test_teams_sent_as_columns_come_back_equal_and_in_their_place() -> None:
    """What a helper that read team files sends: the teams as columns, everything else as it is."""
    paie = Team("paie", "Paie", "RH", (Member("e1", "Ann", "lead"), Member("e2", "Bob")), enps=-10,
                reviewed=dt.date(2026, 3, 1), clients=(Declaration("rh", "payslips", 7.5, Source("teams/paie.yaml", 4)),),
                source=Source("teams/paie.yaml", 1))
    rh = Team("rh", "RH", None, (), suppliers=(Declaration("paie", None, None, Source("teams/rh.yaml", 6)),),
              source=Source("teams/rh.yaml", 1))
    problem = Problem("teams/x.yaml", 3, "a mistake")
    found = [(None, True, b"1", paie, (), None), (None, False, b"", None, (problem,), None),
             (None, True, b"2", team_files.KEPT, (), None), (None, True, b"3", rh, (problem,), b"id: rh")]
    sent = team_files._sent(found)
    assert sent[1] is not None and all(not isinstance(each[3], Team) for each in sent[0])
    again = team_files._received(pickle.loads(pickle.dumps(sent)))
    assert again == found and type(again[0][3].members[0]) is Member and again[3][3].source == rh.source


def test_a_team_that_columns_would_not_give_back_is_sent_as_it_is() -> None:
    elsewhere = Team("paie", "Paie", clients=(Declaration("rh", None, None, Source("teams/other.yaml", 4)),),
                     source=Source("teams/paie.yaml", 1))
    found = [(None, True, b"1", elsewhere, (), None)]
    assert team_files._sent(found) == (found, None) and team_files._received((found, None)) == found


@needs_fork
def test_a_task_in_the_background_runs_in_its_own_process_and_is_waited_for(tmp_path: Path) -> None:
    done = tmp_path / "done"

    def task() -> None:
        done.write_text(str(os.getpid()), encoding="utf-8")

    assert parallel.in_background(task)
    parallel.wait_for_background()
    assert done.read_text(encoding="utf-8") != str(os.getpid())  # written, by another process


@needs_fork
def test_a_failing_background_task_leaves_this_process_alone(tmp_path: Path) -> None:
    def task() -> None:
        raise RuntimeError("never seen here")

    assert parallel.in_background(task)
    parallel.wait_for_background()


def test_no_background_task_is_forked_beside_another_thread(tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.in_background(lambda: None)  # the caller does it itself
    finally:
        stop.set()
        other.join()
