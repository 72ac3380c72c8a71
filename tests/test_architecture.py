"""The house shows its pipeline: the rules of the layout, checked on the code's own imports.

chainmap is read left to right: load → model → analysis → render / formats, with the
command line a thin shell around it (docs/contributing.md). These tests keep it so: click
only under ``chainmap/cli/``, no private name borrowed from another module, no import
cycle, stages that import only from the stages before them, and modules short enough to
read.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

PACKAGE = Path(__file__).resolve().parents[1] / "chainmap"
MAX_LINES = 400

# Each folder (or top-level module) of chainmap, and the ones it may import. What a stage
# may import is what lies to its left in the pipeline; anything else is an arrow backwards.
FOUNDATION = {"model", "errors", "names", "scores", "i18n", "collector", "parallel", "version"}
ALLOWED: Dict[str, Set[str]] = {
    "model": set(),
    "version": set(),
    "errors": {"i18n"},
    "names": set(),
    "scores": set(),
    "i18n": set(),
    "collector": set(),
    "parallel": set(),
    "load": FOUNDATION,
    "graph": {"model"},
    "analysis": FOUNDATION | {"graph"},
    "files": FOUNDATION | {"load"},
    "save": FOUNDATION | {"load", "files"},
    "render": FOUNDATION | {"analysis", "files"},
    "formats": FOUNDATION | {"analysis", "render", "files"},
    "diff": FOUNDATION | {"analysis", "load", "render", "formats", "files"},
    "survey": FOUNDATION | {"load", "files"},
    "report": FOUNDATION | {"analysis", "render", "files", "version"},
    "workshop": FOUNDATION | {"analysis", "render", "files", "version", "symmetry"},
    "examples": FOUNDATION | {"analysis", "render", "files", "load"},
    # over time (docs/history.md): the symmetry of attention measures an analysis; a
    # what-if edits declarations and compares; the history loads every version and draws
    # its charts and the report's panel
    "symmetry": FOUNDATION | {"analysis", "survey"},
    "whatif": FOUNDATION | {"analysis", "load", "diff", "formats"},
    "history": FOUNDATION | {"analysis", "load", "save", "files", "survey", "symmetry", "render", "report"},
    "server": FOUNDATION | {"analysis", "load", "render", "report", "survey", "files", "version"},
    "cli": {"*"},
    "__init__": {"*"},
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def modules() -> Dict[str, Tuple[Path, ast.Module]]:
    return {module_name(path): (path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> Iterator[Tuple[str, List[str], int]]:
    """(module imported, names imported from it, line) for every import in module ``name``."""
    path, tree = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _without_type_checking(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, [alias.name for alias in node.names], node.lineno


def _without_type_checking(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (read by mypy only, never run)."""
    hidden = {id(child) for node in ast.walk(tree) if isinstance(node, ast.If)
              and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
              for statement in node.body for child in ast.walk(statement)}
    return (node for node in ast.walk(tree) if id(node) not in hidden)


def chainmap_target(target: str, names: List[str]) -> List[str]:
    """The chainmap modules an import statement reaches (``from . import style`` reaches style)."""
    found = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules()]
    return found + ([target] if target in modules() and len(found) < len(names) or not names else [])


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_nothing_outside_the_command_line_imports_click() -> None:
    found = [f"{name}:{line}" for name in modules() if stage(name) != "cli"
             for target, _names, line in imports(name) if target.split(".")[0] == "click"]
    assert not found, "click belongs to chainmap/cli/ only: " + ", ".join(found)


def test_no_module_borrows_another_modules_private_name() -> None:
    found = [f"{name}:{line} {target}.{imported}" for name in modules()
             for target, names, line in imports(name) if target.startswith("chainmap")
             for imported in names if imported.startswith("_") and imported != "_" and not imported.endswith("__")
             and target != name]
    assert not found, "make these public (and documented) where they are, or move them: " + ", ".join(found)


@cache
def import_graph() -> Dict[str, Set[str]]:
    graph: Dict[str, Set[str]] = {name: set() for name in modules()}
    for name in modules():
        for target, names, _line in imports(name):
            if target.startswith("chainmap"):
                graph[name].update(t for t in chainmap_target(target, names) if t != name)
    return graph


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles = []
    state: Dict[str, int] = {}

    def visit(node: str, path: List[str]) -> None:
        state[node] = 1
        for following in sorted(graph[node]):
            if state.get(following) == 1:
                cycles.append(" → ".join(path[path.index(following):] + [node, following]))
            elif following not in state:
                visit(following, path + [node] if node not in path else path)
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_each_stage_imports_only_the_stages_before_it() -> None:
    backwards = []
    for name in modules():
        allowed = ALLOWED[stage(name)]
        for target in import_graph()[name]:
            used = stage(target)
            if used != stage(name) and "*" not in allowed and used not in allowed:
                backwards.append(f"{name} imports {target}")
    assert not backwards, "arrows against the pipeline:\n" + "\n".join(sorted(backwards))


def test_every_stage_is_known() -> None:
    assert {stage(name) for name in modules()} <= set(ALLOWED)


def test_no_module_is_over_400_lines() -> None:
    long = {name: n for name, (path, _tree) in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (each over {MAX_LINES} lines): {long}"
