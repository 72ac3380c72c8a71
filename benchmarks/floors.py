"""The floors of loading, each in a fresh process: what no loader of these files can beat.

    .venv/bin/python benchmarks/floors.py ORG            # a folder of YAML files
    .venv/bin/python benchmarks/floors.py ORG.xlsx       # a workbook

Prints one JSON object of seconds (wall clock; the same key with `` CPU`` appended: processor time). For a folder: ``read`` (every file's bytes read, nothing
more), ``libyaml`` (each file parsed by PyYAML's C loader, as the first round did),
``fast`` (each file parsed by chainmap's own restricted reader into nodes, the fast path
without its checks) and, when rapidyaml is installed, ``ryml`` (each file parsed by
rapidyaml, its tree left in C++: the speed of a native parser, walked by nobody). For a
workbook: ``read`` (its bytes) and ``calamine`` (every sheet read into Python rows).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

from chainmap.load.files import Limits, find_files

PROCESSOR: Dict[str, float] = {}  # the processor time of each floor, by its name


def timed(function: Callable[[], object], name: str = "") -> float:
    start, processor = time.perf_counter(), time.process_time()
    function()
    PROCESSOR[name] = time.process_time() - processor
    return time.perf_counter() - start


def yaml_floors(root: Path) -> Dict[str, float]:
    import yaml

    from chainmap.load.fast_yaml import fast_parse

    files, _problems = find_files(root, Limits())
    paths = ([files.org_file] if files.org_file else []) + files.team_files
    texts: List[str] = []
    floors = {"read": timed(lambda: texts.extend(path.read_bytes().decode("utf-8-sig") for path in paths), "read")}
    floors["libyaml"] = timed(lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts], "libyaml")
    floors["fast"] = timed(lambda: [fast_parse(text) for text in texts], "fast")
    try:
        import ryml

        data = [text.encode("utf-8") for text in texts]
        floors["ryml"] = timed(lambda: [ryml.parse_in_arena(each) for each in data], "ryml")
    except ImportError:
        pass
    return floors


def workbook_floors(path: Path) -> Dict[str, float]:
    import python_calamine

    def read_sheets() -> None:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()

    return {"read": timed(path.read_bytes), "calamine": timed(read_sheets)}


if __name__ == "__main__":
    target = Path(sys.argv[1])
    gc.disable()  # as the loader does (chainmap.collector)
    found = workbook_floors(target) if target.suffix == ".xlsx" else yaml_floors(target)
    print(json.dumps({**found, **{f"{name} CPU": seconds for name, seconds in PROCESSOR.items() if name}}))
