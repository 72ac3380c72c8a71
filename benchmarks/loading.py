"""Cold, warm and workbook runs of `chainmap weak`, each against its floors in the same run.

A *cold* run reads every file (``--no-cache``); a *first* run is a cold one that also fills
an empty cache; a *warm* one finds every file in the cache of declarations; *one changed* is a warm run after one team file was edited; the *workbook*
row reads the same organisation as an .xlsx. Each is a whole process, as a user runs it.
The floors (benchmarks/floors.py, a fresh process each) are a bare read of the files, and
their bare parse by libyaml, by chainmap's fast reader, and by rapidyaml; so the ratios say
how close to the disk's speed a run is, whatever the machine's load.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
COLUMNS = ("scale", "read s", "libyaml s", "fast s", "ryml s", "PyYAML-only cold s", "cold s", "cold / libyaml",
           "cold / read", "first s", "warm s", "warm / read", "one changed s", "cold CPU s", "warm CPU s", "one changed CPU s", "cold peak MB",
           "warm peak MB")
WORKBOOK_COLUMNS = ("scale", "xlsx MB", "read s", "calamine s", "openpyxl-only s", "workbook s", "workbook / calamine",
                    "workbook CPU s", "workbook peak MB")


def chainmap_command() -> List[str]:
    return [sys.executable, "-m", "chainmap"]


def floors(target: Path) -> Dict[str, float]:
    done = subprocess.run([sys.executable, str(HERE / "floors.py"), str(target)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def weak(target: Path, *options: str, environment: Optional[Dict[str, str]] = None) -> Tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (helpers included) of one `chainmap weak`,
    its output discarded. CPU time is given because the machines we share are often busy:
    then the wall clock also counts the time others held the processor (the forked helpers'
    time is in the child's, which waits for them)."""
    start = time.perf_counter()
    process = subprocess.Popen([*chainmap_command(), "weak", *options, str(target)], stdout=subprocess.DEVNULL,
                               env={**os.environ, **(environment or {})})
    _pid, _status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def one_changed(root: Path, environment: Dict[str, str], run: int) -> Tuple[float, float, float]:
    """A warm run after one team file was edited (a comment added), the file then restored."""
    path = sorted((root / "teams").rglob("*.yaml"))[run % 7]
    original = path.read_bytes()
    path.write_bytes(original + f"# edited for the benchmark, run {run}\n".encode())
    try:
        return weak(root, environment=environment)
    finally:
        path.write_bytes(original)


def yaml_row(scale: str, root: Path, runs: int) -> Dict[str, Any]:
    cache_home = tempfile.mkdtemp(prefix="chainmap-bench-cache-")
    environment = {"XDG_CACHE_HOME": cache_home, "CHAINMAP_CACHE_DIR": ""}
    measured: Dict[str, List[Tuple[float, float, float]]] = {"before": [], "cold": [], "first": [], "warm": [], "one": []}
    found: List[Dict[str, float]] = []
    for run in range(runs):
        found.append(floors(root))
        measured["before"].append(weak(root, "--no-cache", environment={**environment, "CHAINMAP_FAST_READERS": "0"}))
        measured["cold"].append(weak(root, "--no-cache", environment=environment))
        shutil.rmtree(cache_home, ignore_errors=True)
        measured["first"].append(weak(root, environment=environment))  # a cold run that fills the cache
        measured["warm"].append(weak(root, environment=environment))
        measured["one"].append(one_changed(root, environment, run))

    def floor(key: str) -> float:
        values = [f[key] for f in found if key in f]
        return statistics.median(values) if values else float("nan")

    def seconds(key: str) -> float:
        return statistics.median(m[0] for m in measured[key])

    def cpu(key: str) -> str:
        return f"{statistics.median(m[2] for m in measured[key]):.2f}"

    row = {"scale": scale, "read s": f"{floor('read'):.2f}", "libyaml s": f"{floor('libyaml'):.2f}",
           "fast s": f"{floor('fast'):.2f}", "ryml s": f"{floor('ryml'):.2f}",
           "PyYAML-only cold s": f"{seconds('before'):.2f}", "cold s": f"{seconds('cold'):.2f}",
           "cold / libyaml": f"{seconds('cold') / floor('libyaml'):.2f}", "cold / read": f"{seconds('cold') / floor('read'):.1f}",
           "first s": f"{seconds('first'):.2f}", "warm s": f"{seconds('warm'):.2f}", "warm / read": f"{seconds('warm') / floor('read'):.1f}",
           "one changed s": f"{seconds('one'):.2f}", "cold CPU s": cpu("cold"), "warm CPU s": cpu("warm"),
           "one changed CPU s": cpu("one"), "cold peak MB": f"{max(m[1] for m in measured['cold']):.0f}",
           "warm peak MB": f"{max(m[1] for m in measured['warm']):.0f}"}
    print(f"{scale} loading: {json.dumps(row)}", file=sys.stderr)
    return row


def workbook_of(root: Path) -> Path:
    """The organisation converted to an .xlsx once (`chainmap convert`), beside its folder."""
    path = root.with_suffix(".xlsx")
    if not path.exists():
        subprocess.run([*chainmap_command(), "convert", str(root), str(path)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return path


def workbook_row(scale: str, root: Path, runs: int) -> Dict[str, Any]:
    path = workbook_of(root)
    found = [floors(path) for _run in range(runs)]
    fast = [weak(path) for _run in range(runs)]
    before = weak(path, environment={"CHAINMAP_FAST_READERS": "0"})  # once: openpyxl alone is slow
    calamine = statistics.median(f["calamine"] for f in found)
    seconds = statistics.median(run[0] for run in fast)
    row = {"scale": scale, "xlsx MB": f"{path.stat().st_size / 1e6:.1f}",
           "read s": f"{statistics.median(f['read'] for f in found):.3f}", "calamine s": f"{calamine:.2f}",
           "openpyxl-only s": f"{before[0]:.1f}", "workbook s": f"{seconds:.2f}",
           "workbook / calamine": f"{seconds / calamine:.1f}",
           "workbook CPU s": f"{statistics.median(run[2] for run in fast):.2f}", "workbook peak MB": f"{max(run[1] for run in fast):.0f}"}
    print(f"{scale} workbook: {json.dumps(row)}", file=sys.stderr)
    return row
