"""The code's own checks: ruff (pyproject.toml) and mypy (setup.cfg) must stay clean.

They run here so that the README's test command, which CI runs, checks them too: a style
slip or a wrong type fails the suite like a wrong result would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy"), "chainmap")
    assert result.returncode == 0, result.stdout + result.stderr
