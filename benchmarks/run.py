"""chainmap's benchmark: load, analysis, words, DOT and layout at four scales, as a table.

    .venv/bin/python benchmarks/run.py              # S, M, L: a few minutes on 2 cores
    .venv/bin/python benchmarks/run.py --xl         # and XL (1,000,000 workers): 3 to 15 more minutes
    .venv/bin/python benchmarks/run.py --scales S,M --runs 5
    .venv/bin/python benchmarks/run.py --scales L --loading-only   # only the cold / warm / workbook table

Organisations are made by `chainmap generate` (seed 1) into a cache folder and reused.
Every run is a fresh process; the table shows the median of the runs, and the largest
peak memory. "weak" is the wall time of the whole `chainmap weak --no-cache ORG` command
(a cold run: every file read). A second table (benchmarks/loading.py) gives cold, warm and
workbook runs at L and XL against their floors measured in the same run. A third
table times the drawing commands (`render`, `poster`, `report`, once each, whole command)
at L and XL, where chainmap draws the department overview by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
SCALES = {"S": (50, 500), "M": (500, 5_000), "L": (10_000, 100_000), "XL": (50_000, 1_000_000)}
LAYOUT_SCALES = ("S", "M")
DRAWING_SCALES = ("L", "XL")
DRAWINGS = (("render", "overview.svg"), ("poster", "poster.pdf"), ("report", "report.html"))
COLUMNS = ("scale", "teams", "workers", "files MB", "YAML floor s", "load s", "load/floor", "analysis s",
           "words s", "DOT s", "layout s", "DOT/layout", "weak s", "weak CPU s", "weak peak MB")


def chainmap_command() -> List[str]:
    """The `chainmap` of this Python (the benchmark measures the installed checkout)."""
    return [sys.executable, "-m", "chainmap"]


def organisation(scale: str, cache: Path) -> Path:
    """The generated organisation of ``scale``, made once and reused."""
    teams, workers = SCALES[scale]
    root = cache / f"{scale}-{teams}-{workers}-seed1"
    done = root / ".complete"
    if not done.exists():
        print(f"generating {scale} ({teams:,} teams, {workers:,} workers) into {root}…", file=sys.stderr)
        subprocess.run([*chainmap_command(), "generate", "-q", "--force", "--teams", str(teams),
                        "--workers", str(workers), "--seed", "1", str(root)], check=True, stdout=subprocess.DEVNULL)
        done.write_text("ok\n", encoding="utf-8")
    return root


def stage_run(root: Path, layout: bool) -> Dict[str, float]:
    """One run of stages.py in a fresh process."""
    command = [sys.executable, str(HERE / "stages.py"), str(root)] + (["--layout"] if layout else [])
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


def weak_run(root: Path) -> Tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of `chainmap weak ORG`, output discarded.

    CPU time is shown beside wall time because on a shared machine the wall clock also
    counts the time other programs held the processor.
    """
    start = time.perf_counter()
    process = subprocess.Popen([*chainmap_command(), "weak", "--no-cache", str(root)], stdout=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def drawing_seconds(root: Path, command: str, output_name: str) -> float:
    """Wall seconds of one whole drawing command (load, analysis, layout, writing)."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        done = subprocess.run([*chainmap_command(), command, str(root), "-o", str(Path(folder) / output_name)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode not in (0, 1):  # 1: drawn, and the organisation has errors (FORMAT.md §4)
            raise RuntimeError(f"chainmap {command} failed ({done.returncode}): {done.stderr}")
        return time.perf_counter() - start


def drawing_row(scale: str, cache: Path) -> Dict[str, str]:
    root = organisation(scale, cache)
    row = {"scale": scale, **{f"{command} s": f"{drawing_seconds(root, command, name):.1f}" for command, name in DRAWINGS}}
    print(f"{scale} drawings: {json.dumps(row)}", file=sys.stderr)
    return row


def folder_megabytes(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*.yaml")) / 1e6


def measure(scales: List[str], cache: Path, runs: int) -> List[Dict[str, Any]]:
    """The table's rows: ``runs`` runs of every scale, taken in rounds (S, M, L, XL, then again).

    Why rounds: the shared machines we are given drift, the same code measuring up to a
    third slower from one quarter of an hour to the next. Measured scale after scale, L's
    runs and XL's came minutes apart, and the drift went straight into the XL / L ratio;
    in rounds, a slow spell slows every scale alike.
    """
    roots = {scale: organisation(scale, cache) for scale in scales}
    stages: Dict[str, List[Dict[str, float]]] = {scale: [] for scale in scales}
    weak: Dict[str, List[Tuple[float, float, float]]] = {scale: [] for scale in scales}
    for _round in range(runs):
        for scale in scales:
            stages[scale].append(stage_run(roots[scale], scale in LAYOUT_SCALES))
            weak[scale].append(weak_run(roots[scale]))
    return [scale_row(scale, roots[scale], stages[scale], weak[scale]) for scale in scales]


def scale_row(scale: str, root: Path, stages: List[Dict[str, float]],
              weak: List[Tuple[float, float, float]]) -> Dict[str, Any]:
    """The table row of one scale: medians of its runs."""
    layout = scale in LAYOUT_SCALES

    def median(key: str) -> float:
        return statistics.median(s[key] for s in stages)

    teams, workers = SCALES[scale]
    row = {
        "scale": scale, "teams": f"{teams:,}", "workers": f"{workers:,}", "files MB": f"{folder_megabytes(root):.1f}",
        "YAML floor s": f"{median('parse'):.2f}", "load s": f"{median('load'):.2f}",
        "load/floor": f"{median('load') / median('parse'):.2f}", "analysis s": f"{median('analysis'):.3f}",
        "words s": f"{median('words'):.2f}", "DOT s": f"{median('dot'):.2f}",
        "layout s": f"{median('layout'):.2f}" if layout else "—",
        "DOT/layout": f"{100 * median('dot') / median('layout'):.1f} %" if layout else "—",
        "weak s": f"{statistics.median(w[0] for w in weak):.2f}",
        "weak CPU s": f"{statistics.median(w[1] for w in weak):.2f}",
        "weak peak MB": f"{max(w[2] for w in weak):.0f}",
        # unrounded, for the XL / L line under the table (not columns)
        "analysis": median("analysis"), "nodes": stages[0]["nodes"], "links": stages[0]["links"],
        "analysis_runs": [s["analysis"] for s in stages], "analysis_cpu_runs": [s.get("analysis_cpu", 0.0) for s in stages],
    }
    print(f"{scale}: {json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False)}", file=sys.stderr)
    return row


def machine() -> str:
    """One line naming the machine the table was measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1]) / 1024 / 1024
    except OSError:
        memory = 0.0
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    busy = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, PyYAML C loader, {dot}; load average {busy:.1f} at the end")


def linearity(rows: List[Dict[str, Any]], runs: int) -> str:
    """The analysis XL / L, round by round, beside what this machine does to a textbook linear pass.

    XL has five times L's teams and links. Each round measured L, then XL, each in a fresh
    process (the first analysis after loading, as ``weak`` runs it), so each round gives one
    ratio: their spread is shown, not only their median, since one lucky round proves
    nothing on a shared machine. Both the wall clock and the processor time the process was
    given are shown (on a busy machine the wall clock also counts the others' turns).

    The textbook pass (benchmarks/linearity.py) is a breadth-first search on plain Python
    lists, on random graphs of L's size and of XL's: no chainmap code, so its ratio is the
    machine's own for five times the memory.
    """
    sizes = {row["scale"]: row for row in rows}
    if not {"L", "XL"} <= sizes.keys():
        return ""
    from linearity import textbook_seconds  # benchmarks/ is this script's folder, first on sys.path

    large, extra_large = sizes["L"], sizes["XL"]
    on_large, on_extra_large = textbook_seconds((large["nodes"], large["links"]),
                                                (extra_large["nodes"], extra_large["links"]), runs)
    textbook = on_extra_large / on_large

    def spread(key: str) -> str:
        ratios = sorted(big / max(small, 1e-9) for small, big in zip(large[key], extra_large[key]))
        listed = ", ".join(f"{r:.2f}" for r in ratios)
        return f"{listed} (median {statistics.median(ratios):.2f}, largest {ratios[-1]:.2f})"

    return (f"Analysis XL / L, round by round, for {extra_large['links'] / large['links']:.2f} times the links "
            f"(target: below 5.5 in every round): wall clock {spread('analysis_runs')}; processor time "
            f"{spread('analysis_cpu_runs')}. On the same machine, a textbook breadth-first search on plain "
            f"lists of the same two sizes: {textbook:.2f}.")


def loading_tables(scales: List[str], cache: Path, runs: int) -> str:
    """Cold, warm and workbook runs (benchmarks/loading.py) at L and XL; the workbook at L."""
    import loading  # benchmarks/ is this script's folder, first on sys.path

    measured = [scale for scale in scales if scale in DRAWING_SCALES]
    if not measured:
        return ""
    rows = [loading.yaml_row(scale, organisation(scale, cache), runs) for scale in measured]
    text = "Cold, warm and one-changed runs of `chainmap weak`, against their floors:\n\n" + table(rows, loading.COLUMNS)
    if "L" in measured:
        workbook = [loading.workbook_row("L", organisation("L", cache), runs)]
        text += "\n\nThe same organisation as a workbook (.xlsx):\n\n" + table(workbook, loading.WORKBOOK_COLUMNS)
    return text


OUTPUT_COLUMNS = ("output", "scale", "command s", "command CPU s", "peak MB", "MB written", "writing s", "floor s",
                  "writing/floor")
CARDS = 5_000  # the workers of M: the deck the issue names


def command_run(command: List[str]) -> Tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one whole command, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def output_row(name: str, scale: str, command: List[str], inner: List[str], runs: int) -> Dict[str, str]:
    """One output, ``runs`` times: the whole command, and the writing alone against its floor
    (benchmarks/outputs.py, which says what each floor is)."""
    whole = [command_run(command) for _run in range(runs)]
    parts = [json.loads(subprocess.run(inner, check=True, capture_output=True, text=True).stdout) for _run in range(runs)]

    def median(key: str) -> float:
        return statistics.median(p[key] for p in parts)

    row = {"output": name, "scale": scale, "command s": f"{statistics.median(w[0] for w in whole):.1f}",
           "command CPU s": f"{statistics.median(w[1] for w in whole):.1f}", "peak MB": f"{max(w[2] for w in whole):.0f}",
           "MB written": f"{median('mb'):.0f}", "writing s": f"{median('seconds'):.2f}", "floor s": f"{median('floor'):.2f}",
           "writing/floor": f"{statistics.median(p['seconds'] / p['floor'] for p in parts):.2f}"}
    print(f"{name} {scale}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr)
    return row


def outputs_table(scales: List[str], cache: Path, runs: int) -> str:
    """``chains --format json`` at L and XL, and the cards of M's 5,000 workers (A4, four a page)."""
    rows = []
    script = [sys.executable, str(HERE / "outputs.py")]
    for scale in (s for s in scales if s in ("L", "XL")):
        root = organisation(scale, cache)
        rows.append(output_row("chains --format json", scale, [*chainmap_command(), "chains", str(root), "--format", "json"],
                               [*script, str(root), "chains"], runs))
    if "M" in scales:
        root = organisation("M", cache)
        with tempfile.TemporaryDirectory() as folder:
            deck = [*chainmap_command(), "-q", "cards", str(root), "--paper", "A4", "-o", str(Path(folder) / "cards.pdf"), "--force"]
            rows.append(output_row(f"cards, {CARDS:,} workers", "M", deck, [*script, str(root), "cards", str(CARDS)], runs))
    return table(rows, OUTPUT_COLUMNS) if rows else ""


def table(rows: List[Dict[str, Any]], columns: Tuple[str, ...] = COLUMNS) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---:" for _c in columns) + "|"]
    lines += ["| " + " | ".join(row[c] for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def compiled() -> None:
    """chainmap's modules compiled to bytecode, as an install leaves them: a whole-process
    timing would otherwise count compiling them, in a shell where PYTHONDONTWRITEBYTECODE is
    set (bootstrap.sh does the same)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(HERE.parent / "chainmap")], check=True,
                   stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="S,M,L", help="comma-separated among S, M, L, XL (default S,M,L)")
    parser.add_argument("--xl", action="store_true", help="add XL (50,000 teams, 1,000,000 workers)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--loading-only", action="store_true", help="only the cold / warm / workbook table")
    parser.add_argument("--parts", default="stages,outputs,loading,drawings",
                        help="which tables, among stages, outputs, loading, drawings (default: all)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "chainmap-bench",
                        help="where generated organisations are kept between runs")
    options = parser.parse_args()
    scales = [s.strip().upper() for s in options.scales.split(",") if s.strip()]
    if options.xl and "XL" not in scales:
        scales.append("XL")
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale {', '.join(unknown)}: choose among {', '.join(SCALES)}")
    options.cache.mkdir(parents=True, exist_ok=True)
    compiled()
    if options.loading_only:
        print(f"Measured on: {machine()}; median of {options.runs} runs.\n")
        print(loading_tables(scales, options.cache, options.runs))
        return
    parts = {part.strip() for part in options.parts.split(",")}
    rows = measure(scales, options.cache, options.runs) if "stages" in parts else []
    outputs = outputs_table(scales, options.cache, options.runs) if "outputs" in parts else ""
    drawings = [drawing_row(scale, options.cache) for scale in scales if scale in DRAWING_SCALES and "drawings" in parts]
    print(f"Measured on: {machine()}; median of {options.runs} runs.\n")
    if rows:
        print(table(rows))
        ratio = linearity(rows, options.runs)
        if ratio:
            print(f"\n{ratio}")
    if outputs:
        print("\nThe large outputs: the whole command, and the writing alone against its floor "
              "(benchmarks/outputs.py says what each floor is):\n")
        print(outputs)
    if "loading" in parts:
        print("\n" + loading_tables(scales, options.cache, options.runs))
    if drawings:
        print("\nDrawing commands (the department overview), whole command, one run:\n")
        print(table(drawings, ("scale", *(f"{command} s" for command, _name in DRAWINGS))))


if __name__ == "__main__":
    main()
