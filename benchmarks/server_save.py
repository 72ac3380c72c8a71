"""How long a save takes to reach the analysis of a large organisation, in `chainmap serve`.

    .venv/bin/python benchmarks/server_save.py [ORG]     (default: generate L, 10,000 teams)

Holds the organisation as the server does (:class:`chainmap.server.state.OrgState`), then
saves team files one at a time as the browser form does (only the changed value written)
and times the refresh that follows: re-reading that one file, reassembling the teams it
touches, and analysing the whole organisation again. Printed beside the floor measured
in the same run: the analysis alone, which every refresh must redo.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Tuple

from chainmap.analysis import analyse
from chainmap.collector import collector_paused
from chainmap.files.safe_write import write_bytes
from chainmap.server.draft import MemberDraft, draft_of
from chainmap.server.state import OrgState
from chainmap.server.yaml_edit import edited_yaml

RUN = int(time.time())  # new members get ids of their own at each run, so that a folder can be measured again


def generate(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "chainmap", "generate", "--teams", "10000", "--workers", "100000",
                    "--seed", "1", str(folder)], check=True, capture_output=True)
    return folder


def timed_save(state: OrgState, relative: str, change: str, number: int) -> Tuple[float, float]:
    """Write one team file as a save does, then time the refresh that takes it in (wall and
    processor seconds)."""
    path = state.root / relative
    data = path.read_bytes()
    file = state.snapshot.files[relative]
    assert file.team is not None
    before = draft_of(file.team)
    after = (replace(before, enps=_another_enps(before.enps, number)) if change == "score" else
             replace(before, members=(*before.members, MemberDraft(f"Nouvelle Personne {RUN}-{number}", f"new-{RUN}-{number}"))))
    text = edited_yaml(data.decode("utf-8"), before, after).encode("utf-8")
    write_bytes(path, text)
    started, processor = time.perf_counter(), time.process_time()
    state.wrote(relative, text)
    state.refresh()
    elapsed, used = time.perf_counter() - started, time.process_time() - processor
    assert state.snapshot.files[relative].data == text and not state.snapshot.faulty.get(relative)
    return elapsed, used


def _another_enps(enps: str, number: int) -> str:
    """An eNPS other than ``enps`` (a save that writes the value already there changes nothing,
    and is not re-analysed: as when another run of this script saved the same files before)."""
    current = int(enps) if enps.strip().lstrip("-").isdigit() else 0
    return str((current + 100 + 1 + number % 199) % 201 - 100)


def floor(state: OrgState, runs: int = 5) -> Tuple[float, float]:
    """The analysis alone of the organisation held (median wall and processor seconds)."""
    org = state.snapshot.org
    assert org is not None
    times = []
    with collector_paused():
        for _ in range(runs):
            started, processor = time.perf_counter(), time.process_time()
            analyse(org)
            times.append((time.perf_counter() - started, time.process_time() - processor))
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def measure(root: Path, saves: int = 7) -> Dict[str, object]:
    """A first read, then ``saves`` saves changing a score and as many adding a member."""
    state = OrgState(root)
    started = time.perf_counter()
    state.refresh()
    first = time.perf_counter() - started
    teams = sorted(r for r, f in state.snapshot.files.items() if f.team is not None and not f.problems)
    step = max(1, len(teams) // (2 * saves + 1))
    chosen = teams[::step]
    scores = [timed_save(state, chosen[i], "score", i) for i in range(saves)]
    members = [timed_save(state, chosen[saves + i], "members", i) for i in range(saves)]
    analysis, analysis_cpu = floor(state)
    result: Dict[str, object] = {
        "teams": len(teams), "first_read_s": round(first, 2), "analysis_floor_ms": round(1000 * analysis),
        "analysis_floor_cpu_ms": round(1000 * analysis_cpu),
        "score_save_ms": _summary(scores, analysis, analysis_cpu), "member_save_ms": _summary(members, analysis, analysis_cpu),
    }
    return result


def _summary(times: List[Tuple[float, float]], analysis: float, analysis_cpu: float) -> Dict[str, object]:
    wall, cpu = [t[0] for t in times], [t[1] for t in times]
    return {"median": round(1000 * statistics.median(wall)), "max": round(1000 * max(wall)),
            "median_over_floor": round(statistics.median(wall) / analysis, 2),
            "cpu_median": round(1000 * statistics.median(cpu)), "cpu_max": round(1000 * max(cpu)),
            "cpu_median_over_floor": round(statistics.median(cpu) / analysis_cpu, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("org", nargs="?", type=Path)
    options = parser.parse_args()
    if options.org:
        print(json.dumps(measure(options.org), indent=1))
        return
    with tempfile.TemporaryDirectory(prefix="chainmap-L-") as folder:
        print(json.dumps(measure(generate(Path(folder) / "L")), indent=1))


if __name__ == "__main__":
    main()
