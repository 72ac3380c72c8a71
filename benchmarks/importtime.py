"""How long ``chainmap --help`` takes to start: ``python -X importtime -m chainmap --help``.

    python benchmarks/importtime.py [--runs 21] [OTHER_CHECKOUT]

Runs the command ``--runs`` times in this checkout (and, given another checkout, there too,
alternately, so that both see the same machine load), and prints the median of two
figures: the cumulative import time of chainmap's modules as ``-X importtime`` reports it,
and the wall-clock time of the whole process. A floor (``python -c pass``) measured in the
same run says how loaded the machine was. Figures go in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parents[1]


def one_run(checkout: Path) -> Tuple[float, float]:
    """(chainmap's import time in ms, the process's wall-clock time in ms), in ``checkout``."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "chainmap", "--help"], cwd=checkout,
                          capture_output=True, text=True, check=True)
    wall = (time.perf_counter() - start) * 1000
    imports = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = line[len("import time:"):].split("|")
        if name.startswith(" chainmap") and not name.startswith("  "):  # top-level entries only
            imports += int(cumulative)
    return imports / 1000, wall


def floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("other", nargs="?", type=Path)
    arguments = parser.parse_args()
    checkouts = [HERE] + ([arguments.other.resolve()] if arguments.other else [])
    results: Dict[Path, List[Tuple[float, float]]] = {checkout: [] for checkout in checkouts}
    floors = []
    for checkout in checkouts:  # a first run of each compiles its bytecode and catalogues
        one_run(checkout)
    for _ in range(arguments.runs):
        floors.append(floor())
        for checkout in checkouts:
            results[checkout].append(one_run(checkout))
    print(f"floor (python -c pass): {statistics.median(floors):.0f} ms, median of {arguments.runs}")
    for checkout, runs in results.items():
        imports = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        print(f"{checkout}: chainmap's imports {imports:.0f} ms, whole `chainmap --help` {wall:.0f} ms")


if __name__ == "__main__":
    main()
