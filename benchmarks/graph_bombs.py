"""Graphs whose shape is a bomb (issue 34, class 4), against a floor of the same size.

    .venv/bin/python benchmarks/graph_bombs.py [TEAMS]     # default 10,000; one line per command and shape

Shapes, each of TEAMS teams with one member, written as one YAML file:

- ``chain``: every team serves the next one, the last serves the end client: every team
  carries all those behind it, and each chain holds all those after it;
- ``comb``: a chain of half the teams, and a team hanging off each of them;
- ``shortcut``: a chain of half the teams, and beside each one a team that serves it and
  the end client (Cooper-Harvey-Kennedy's climbs were quadratic on this one);
- ``bush`` (the floor): every team serves the end client directly; nothing is carried.

Each command runs in a fresh process; the line gives its wall time, its peak memory
(``ru_maxrss`` of the child) and the ratio of its time to the floor's for the same command.
The suite checks the shapes' growth on small sizes (tests/test_graph_bombs.py); this
measures the sizes issue 34 names (a 10,000-team chain analysed in under 2 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

COMMANDS = {
    "weak": ["weak"],
    "check": ["check"],
    "export-json": ["export", "--to", "json", "-o", "{out}/graph.json", "--force"],
    "report": ["report", "-o", "{out}/report.html", "--force"],
    "render": ["render", "-o", "{out}/map.svg", "--force"],
    "chains-json": ["chains", "--format", "json"],
    "diff": ["diff", "{org}"],
    "cards": ["cards", "--per", "team", "-o", "{out}/cards.pdf", "--force"],
}


def shape(name: str, n: int) -> List[Tuple[str, List[str]]]:
    """The teams of a shape, as (id, clients)."""
    if name == "bush":
        return [(f"b{i:05d}", ["customers"]) for i in range(n)]
    if name == "chain":
        ids = [f"t{i:05d}" for i in range(n)]
        return [(ids[i], [ids[i + 1] if i + 1 < n else "customers"]) for i in range(n)]
    half = n // 2
    spine = [f"s{i:05d}" for i in range(half)]
    teams = [(spine[i], [spine[i + 1] if i + 1 < half else "customers"]) for i in range(half)]
    if name == "comb":
        return teams + [(f"l{i:05d}", [spine[i]]) for i in range(half)]
    return teams + [(f"x{i:05d}", [spine[i], "customers"]) for i in range(half)]


def write_shape(path: Path, teams: List[Tuple[str, List[str]]]) -> None:
    lines = ["org: Bomb", "end_clients:", "  - id: customers", "teams:"]
    for team_id, clients in teams:
        lines += [f"  - id: {team_id}", f"    members: [W{team_id}]", f"    clients: [{', '.join(clients)}]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(arguments: List[str], org: Path, out: Path) -> Tuple[float, int, int]:
    """Wall seconds, peak memory (KB) and exit code of one command in a fresh process."""
    args = [a.replace("{out}", str(out)).replace("{org}", str(org)) for a in arguments]
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "chainmap", args[0], str(org), *args[1:]],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        floors: Dict[str, float] = {}
        for name in ("bush", "chain", "comb", "shortcut"):
            org = root / f"{name}.yaml"
            write_shape(org, shape(name, n))
            for command, arguments in COMMANDS.items():
                wall, peak, code = run(arguments, org, root)
                floors.setdefault(command, wall)
                print(f"{name:9} {command:12} {wall:6.2f} s  {peak / 1024:7.0f} MB  "
                      f"x{wall / floors[command]:.1f} of the bush  exit {code}", flush=True)


if __name__ == "__main__":
    main()
