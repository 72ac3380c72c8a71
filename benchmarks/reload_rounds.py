"""Two versions of chainmap in interleaved rounds: `chainmap weak` cold, warm and after one
file changed, and a save in the server, each against floors measured in the same round.

    git archive main | tar -x -C /tmp/before            # the code to compare with
    .venv/bin/python benchmarks/reload_rounds.py --before /tmp/before L XL --server L2 --rounds 3

(``server_save.py`` adds members to the files it saves: give ``--server`` a copy.)

``--before``: a source tree, run through ``PYTHONPATH`` with this checkout's environment
(the *after* code is this checkout's, or ``--after``'s tree). Each round measures the floors of each organisation
(``floors.py``, a fresh process: the bare read, libyaml's and chainmap's bare parse), then
both versions, in turn first and second from one round to the next, each run a whole
process as a user runs it; wall clock and processor time (helpers included) both kept,
because the machines we share are busy: the wall clock then counts the waits for a core,
the processor time far less. Prints one JSON line per run, and a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

from loading import floors, one_changed, weak

HERE = Path(__file__).resolve().parent
Runs = Dict[Tuple[str, str, str], List[Tuple[float, float]]]  # (organisation, code, kind) → (wall, CPU) of each run


SOURCES: Dict[str, str] = {}  # the source tree of each code ("after": none, this checkout's)


def code_environment(code: str) -> Dict[str, str]:
    """``code``'s source tree on the path; byte code written (an installed package has its
    ``.pyc`` files: a run should not compile its modules, even where PYTHONDONTWRITEBYTECODE is set)."""
    environment = {"PYTHONDONTWRITEBYTECODE": ""}
    if SOURCES.get(code):
        environment["PYTHONPATH"] = SOURCES[code]
    return environment


def environment_of(code: str, cache_home: str) -> Dict[str, str]:
    """The environment that runs ``code`` ("before" or "after") with its own cache."""
    return {"XDG_CACHE_HOME": cache_home, "CHAINMAP_CACHE_DIR": "", **code_environment(code)}


def weak_runs(root: Path, code: str, number: int, runs: Runs) -> None:
    """Cold (no cache), first (fills an empty cache), warm, and one file changed."""
    cache_home = tempfile.mkdtemp(prefix=f"chainmap-rounds-{code}-")
    environment = environment_of(code, cache_home)
    try:
        measured = {"cold": weak(root, "--no-cache", environment=environment), "first": weak(root, environment=environment),
                    "warm": weak(root, environment=environment), "one changed": one_changed(root, environment, number)}
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)
    for kind, (wall, peak, cpu) in measured.items():
        runs.setdefault((root.name, code, kind), []).append((wall, cpu))
        print(json.dumps({"org": root.name, "code": code, "kind": kind, "wall": round(wall, 3), "cpu": round(cpu, 3),
                          "peak_mb": round(peak)}), flush=True)


def server_runs(root: Path, code: str, runs: Runs) -> None:
    """``server_save.py`` in a fresh process: seven saves of a score, seven adding a member."""
    environment = {**os.environ, **code_environment(code)}
    done = subprocess.run([sys.executable, str(HERE / "server_save.py"), str(root)], check=True, capture_output=True,
                          text=True, env=environment)
    found = json.loads(done.stdout)
    for kind in ("score_save_ms", "member_save_ms"):
        runs.setdefault((root.name, code, kind), []).append((found[kind]["median"] / 1000, found[kind]["cpu_median"] / 1000))
    runs.setdefault((root.name, code, "analysis alone"), []).append(
        (found["analysis_floor_ms"] / 1000, found["analysis_floor_cpu_ms"] / 1000))
    print(json.dumps({"org": root.name, "code": code, "server": found}), flush=True)


def floor_runs(root: Path, runs: Runs) -> None:
    found = floors(root)
    for name in ("read", "libyaml", "fast"):
        runs.setdefault((root.name, "floor", name), []).append((found[name], found.get(f"{name} CPU", float("nan"))))
    print(json.dumps({"org": root.name, "floors": found}), flush=True)


def table(runs: Runs) -> str:
    """Medians: wall and CPU seconds of each run kind, and its CPU over the bare parse's CPU."""
    lines = ["| organisation | code | run | wall s (median) | CPU s (median) | CPU / fast parse's CPU | rounds |",
             "|---|---|---|--:|--:|--:|--:|"]
    for (org, code, kind), values in runs.items():
        wall, cpu = statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)
        fast = runs.get((org, "floor", "fast"))
        ratio = cpu / statistics.median(v[1] for v in fast) if fast and code != "floor" else float("nan")
        lines.append(f"| {org} | {code} | {kind} | {wall:.3f} | {cpu:.3f} | {ratio:.2f} | {len(values)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orgs", nargs="+", type=Path, help="organisation folders (e.g. generated L and XL)")
    parser.add_argument("--before", type=Path, required=True, help="source tree of the code to compare with")
    parser.add_argument("--after", type=Path, help="source tree of the new code (default: this checkout's)")
    parser.add_argument("--server", type=Path, action="append", default=[], help="also time saves on this organisation")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    os.environ.pop("PYTHONPATH", None)  # the after code is this checkout's, whatever the caller's path
    SOURCES.update(before=str(options.before), after=str(options.after or ""))
    runs: Runs = {}
    for number in range(options.rounds):
        order = ("before", "after") if number % 2 == 0 else ("after", "before")
        print(json.dumps({"round": number, "load_average": os.getloadavg()}), flush=True)
        for root in options.orgs:
            floor_runs(root, runs)
            for code in order:
                weak_runs(root, code, number, runs)
        for root in options.server:
            for code in order:
                server_runs(root, code, runs)
    print(json.dumps({"end": True, "load_average": os.getloadavg()}), flush=True)
    print(table(runs))


if __name__ == "__main__":
    main()
