"""Every hostile case within 20 s and 1 GB, in a process of its own (issue 34, class 8).

The cases (tests/hostile/bombs.py) are built here, one class after another: files that are
not files, numbers too large to print, workbooks and graphs whose size is a bomb, survey
answers that would give a respondent away, outputs that are not files. Each runs as a real
``python -m chainmap`` process, two at a time, and must:

- end within :data:`SECONDS` and peak under :data:`MEGABYTES` of memory (its own
  ``ru_maxrss``, from ``wait4``; the address space is also capped at twice that, so that a
  runaway case fails instead of taking the machine);
- exit as the case says: 2 when refused, naming the file at fault, never 70, never a
  traceback;
- write no raw escape sequence to the terminal, and no secret of the case anywhere.

The static corpus (tests/test_hostile.py) runs in this process: it checks its own time per
case and this process's peak memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Tuple

import pytest

from .hostile.bombs import BUILDERS, Case

SECONDS = 20
MEGABYTES = 1024
ESCAPE = "\x1b"
JUDGED = ("files_", "numbers_", "workbooks_")  # read by the fast readers, which fall back to the judges
JUDGE = "[judge]"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Tuple[Case, Tuple[int, str, str, float, int]]]:
    """Every case built and run, two at a time (each run measured by its own wait4)."""
    cases = {}
    for name, builder in BUILDERS.items():
        folder = tmp_path_factory.mktemp(name[:40])
        cases[name] = (builder(folder), folder)
        if name.startswith(JUDGED):  # again through PyYAML and openpyxl alone: the same message must come out
            folder = tmp_path_factory.mktemp(name[:34] + "-judge")
            case = builder(folder)
            case.env["CHAINMAP_FAST_READERS"] = "0"
            cases[name + JUDGE] = (case, folder)

    def run(name: str) -> Tuple[str, Tuple[int, str, str, float, int]]:
        case, folder = cases[name]
        return name, _measured(case, folder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(run, cases))
    return {name: (cases[name][0], results[name]) for name in cases}


def _measured(case: Case, folder: Path) -> Tuple[int, str, str, float, int]:
    """Exit code, stdout, stderr, wall seconds and peak memory (KB, this very process's, from
    ``wait4``) of one case run as ``python -m chainmap``."""
    def limits() -> None:
        cap = 2 * MEGABYTES * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "CHAINMAP_LOCK_DIR": str(folder / ".locks"), **case.env}
    out, err = folder / ".stdout", folder / ".stderr"
    start = time.perf_counter()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        child = subprocess.Popen([sys.executable, "-m", "chainmap", *case.args], stdout=stdout, stderr=stderr,
                                 stdin=subprocess.DEVNULL, cwd=folder, env=env, preexec_fn=limits)
        deadline = start + 3 * SECONDS
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: Popen must not wait for it again
    wall = time.perf_counter() - start
    return (child.returncode, out.read_text(encoding="utf-8", errors="replace"), err.read_text(encoding="utf-8", errors="replace"),
            wall, usage.ru_maxrss)


@pytest.mark.parametrize("name", sorted(BUILDERS) + sorted(name + JUDGE for name in BUILDERS if name.startswith(JUDGED)))
def test_every_hostile_case_is_refused_or_handled_within_bounds(name: str, outcomes) -> None:
    case, (code, stdout, stderr, wall, peak_kb) = outcomes[name]
    shown = f"{name}: exit {code}, {wall:.1f} s, {peak_kb // 1024} MB\n{stderr[-2000:]}"
    assert wall < SECONDS, shown
    assert peak_kb < MEGABYTES * 1024, shown
    assert code != 70 and "Traceback" not in stdout + stderr and "internal error" not in stderr, shown
    assert code in case.exit, shown
    if code == 2 and case.names:
        assert case.names in stderr, shown
    assert ESCAPE not in stdout and ESCAPE not in stderr, f"{name}: a raw escape sequence reached the terminal"
    written = stdout + stderr
    if case.outputs is not None:
        written += "".join(path.read_text(encoding="utf-8", errors="replace") for path in sorted(case.outputs.rglob("*"))
                           if path.is_file())
    for secret in case.secrets:
        assert secret not in written, f"{name}: `{secret}` reached an output"
    if case.after is not None:
        case.after()


def test_every_class_has_several_cases() -> None:
    classes: Dict[str, int] = {}
    for name in BUILDERS:
        classes[name.split("_", 1)[0]] = classes.get(name.split("_", 1)[0], 0) + 1
    assert set(classes) == {"files", "numbers", "workbooks", "graphs", "survey", "writes"}
    assert all(count >= 2 for count in classes.values()), classes


@pytest.mark.parametrize("name", sorted(name for name in BUILDERS if name.startswith(JUDGED)))
def test_the_fast_readers_and_the_judges_say_the_same(name: str, outcomes) -> None:
    fast_case, fast = outcomes[name]
    judged_case, judged = outcomes[name + JUDGE]
    assert fast[0] == judged[0], (name, fast[2], judged[2])
    fast_words = fast[2].replace(str(Path(fast_case.args[1]).parent), "<case>")
    judged_words = judged[2].replace(str(Path(judged_case.args[1]).parent), "<case>")
    assert _places(fast_words) == _places(judged_words), (fast_words, judged_words)


def _places(stderr: str) -> str:
    """The messages, each case's own folder written ``<case>``."""
    return "\n".join(line for line in stderr.splitlines() if line.strip())
