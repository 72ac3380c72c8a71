"""Draw chainmap's layout from the code's own imports: `python -m scripts.architecture`.

Writes docs/architecture.svg (and .png): one box per folder (stage) of chainmap/, and an
arrow from each stage to every stage that imports it, so that arrows follow the data, left
to right. The foundation every stage may use (model, errors, i18n, names, parallel,
collector, version) is left out of the drawing, as a note. The import graph is the one
tests/test_architecture.py checks; an arrow drawn backwards would fail that test.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Dict, Set

from tests.test_architecture import FOUNDATION, import_graph, stage

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [["model"], ["load", "survey", "files", "graph"], ["analysis", "save"], ["render", "formats"],
           ["diff", "report", "workshop", "examples"], ["cli"]]
LABELS = {"cli": "cli/\n(click)", "__init__": "chainmap\n(public API)"}


def stage_edges() -> Dict[str, Set[str]]:
    edges: Dict[str, Set[str]] = {}
    for module, targets in import_graph().items():
        for target in targets:
            if stage(module) != stage(target) and stage(module) not in ("__main__",):
                edges.setdefault(stage(module), set()).add(stage(target))
    return edges


def dot() -> str:
    lines = ['digraph chainmap_layout {',
             '  graph [rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.9, fontname="DejaVu Sans", fontsize=11,'
             ' labelloc=b, label="Every stage also uses model.py, and may use the foundation: errors, i18n, names, parallel, collector, version."];',
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#5b7db1", fontname="DejaVu Sans", fontsize=13];',
             '  edge [color="#5b7db1", arrowsize=0.7];']
    for column in COLUMNS + [["__init__"]]:
        lines.append("  { rank=same; " + " ".join(f'"{name}"' for name in column) + "; }")
    for name, label in LABELS.items():
        lines.append(f'  "{name}" [label="{label}"];')
    lines.append('  "cli" [fillcolor="#fdf1e3", color="#c07a2c"];')
    for importer, imported in sorted(stage_edges().items()):
        for source in sorted(imported - FOUNDATION - {"__init__"}):
            if importer in ("cli", "__init__") and source not in ("load", "analysis", "render", "formats", "save", "__init__"):
                continue  # the shell and the API use every stage: their main arrows are enough
            lines.append(f'  "{source}" -> "{importer}";')
    lines.append('  "model" [label="model.py", fillcolor="#e6f2e6", color="#4d8a4d"];')
    lines += [f'  "model" -> "{stage_}";' for stage_ in ("load", "survey", "graph")]
    lines.append('  "__init__" -> "cli";')
    return "\n".join(lines + ["}"]) + "\n"


def main() -> None:
    text = dot()
    for suffix in ("svg", "png"):
        image = subprocess.run(["dot", f"-T{suffix}"], input=text.encode(), capture_output=True, check=True).stdout
        (ROOT / "docs" / f"architecture.{suffix}").write_bytes(image)
    print("wrote docs/architecture.svg and docs/architecture.png")


if __name__ == "__main__":
    main()
