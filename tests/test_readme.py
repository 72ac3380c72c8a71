"""The README's Python example runs, and says what it returns.

A reader copies it first; a stale comment there (it once named the wrong chain) teaches
the library wrong. The example is run as written, on the embedded organisation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import chainmap

README = Path(__file__).resolve().parent.parent / "README.md"


def python_example() -> str:
    """The first ```python block of the README's "Using it from Python" section."""
    section = README.read_text(encoding="utf-8").split("## Using it from Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_python_example_runs_and_its_comments_say_what_it_returns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = python_example().replace('"hopital/"', repr(str(chainmap.example_path())))
    namespace: dict = {}
    commented = []
    for line in code.splitlines():
        statement, _hash, comment = line.partition("  # ")
        exec(statement, namespace)  # noqa: S102 - the README's own example, run as a reader would
        if comment.startswith("["):  # a comment that shows the value of the expression
            commented.append((eval(statement, namespace), ast.literal_eval(comment)))  # noqa: S307
    assert commented and all(value == shown for value, shown in commented), commented
    assert (tmp_path / "hopital.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
