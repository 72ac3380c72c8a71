"""One measured run on one organisation, in a fresh process (so that peak memory is its own).

    .venv/bin/python benchmarks/stages.py ORG [--layout]

Prints one JSON object: seconds for the bare YAML parse (the floor), load, analysis,
the findings' words, DOT (the text alone, as Graphviz would lay it out), the layout (with
--layout: chainmap's own layout, then Graphviz drawing it as SVG), the peak resident memory,
and the graph's size (teams plus end clients, links).
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Tuple

import yaml

import chainmap
from chainmap.formats import weak_text
from chainmap.load.files import Limits, find_files


def timed(function: Callable[[], object]) -> Tuple[float, object]:
    """Seconds taken by ``function()``, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bare_parse(root: Path) -> None:
    """The floor: read every file and parse it with PyYAML's C loader, nothing more."""
    files, _problems = find_files(root, Limits())
    paths = ([files.org_file] if files.org_file else []) + files.team_files
    gc.disable()
    try:
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def layout_seconds(analysis: chainmap.Analysis) -> float:
    """chainmap's layout (the DOT with its positions) and Graphviz drawing it as SVG."""
    start = time.perf_counter()
    dot_text = chainmap.to_dot(analysis)
    subprocess.run(["dot", "-Tsvg", "-o", "/dev/null"], input=dot_text.encode("utf-8"), check=True, timeout=900)
    return time.perf_counter() - start


def measure(root: Path, layout: bool) -> Dict[str, float]:
    seconds: Dict[str, float] = {}
    seconds["parse"], _unused = timed(lambda: bare_parse(root))
    seconds["load"], org = timed(lambda: chainmap.load(root))
    cpu = time.process_time()
    seconds["analysis"], analysis = timed(lambda: chainmap.analyse(org))
    seconds["analysis_cpu"] = time.process_time() - cpu  # the processor time this process was given
    seconds["nodes"] = len(org.teams) + len(org.end_clients)  # the size of the graph the analysis runs on
    seconds["links"] = len(org.links)
    seconds["words"], _unused = timed(lambda: weak_text(analysis))
    # DOT: the median of three calls, the first one pays for lazy imports and caches once
    builds = [timed(lambda: chainmap.to_dot(analysis, placed=False)) for _build in range(3)]
    seconds["dot"], _unused = sorted(builds, key=lambda b: b[0])[1]
    seconds["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if layout:
        seconds["layout"] = layout_seconds(analysis)
    return seconds


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), "--layout" in sys.argv[2:])))
