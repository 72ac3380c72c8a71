"""The README and the user guide say what chainmap does, and their examples run.

Every ```sh block of the guide (docs/*.md) is run, line by line, on a copy of the embedded
example in a fresh folder, as a reader would type it: each command must succeed (exit 0,
or 1 when it reports findings), never be refused. Every ```python block runs too, the
README's included, and a comment that shows a value (``# ['pharmacie', …]``) must be what
the line returns. Every command has a section of the guide, and the README stays a front
door: short, and linking to every page of the guide.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import chainmap
from chainmap.cli.registry import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GUIDE = sorted(path for path in (ROOT / "docs").glob("*.md") if path.name != "FORMAT.md")
BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```", re.M | re.S)


def blocks(path: Path) -> List[Tuple[str, str]]:
    """The runnable blocks of a page, in order: (language, text)."""
    return [(found.group(1), found.group(2)) for found in BLOCK.finditer(path.read_text(encoding="utf-8"))]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder holding `hopital/` (the example) and `reponses.csv` (answers to a survey)."""
    shutil.copytree(chainmap.example_path(), tmp_path / "hopital")
    org = chainmap.load(tmp_path / "hopital")
    with open(tmp_path / "reponses.csv", "w", encoding="utf-8", newline="") as answers:
        writer = csv.writer(answers)
        writer.writerow(["Team", "Supplier", "Score"])
        for link in [link for link in org.links if link.client in org.teams][:3]:
            writer.writerows([link.client, link.supplier, score] for score in (4, 6, 7, 8, 9))
    _kept_in_git(tmp_path, dt.date.today() - dt.timedelta(days=45))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _kept_in_git(folder: Path, day: dt.date) -> None:
    """The declarations committed to git on ``day``, as `chainmap diff ORG --since` expects them to be."""
    when = f"{day.isoformat()}T10:00:00+00:00"
    env = dict(os.environ, GIT_AUTHOR_NAME="Docs", GIT_AUTHOR_EMAIL="docs@example.org", GIT_AUTHOR_DATE=when,
               GIT_COMMITTER_NAME="Docs", GIT_COMMITTER_EMAIL="docs@example.org", GIT_COMMITTER_DATE=when)
    for command in (["init", "-q"], ["add", "hopital"], ["commit", "-q", "-m", "the declarations"]):
        subprocess.run(["git", "-C", str(folder), *command], env=env, check=True, capture_output=True)


def run_python(code: str) -> None:
    """Run ``code`` line by line; a comment showing a list is what its line returns."""
    namespace: Dict[str, object] = {}
    for line in code.splitlines():
        statement, _hash, comment = line.partition("  # ")
        exec(statement, namespace)  # noqa: S102 - the guide's own example, run as a reader would
        if comment.startswith("["):
            assert eval(statement, namespace) == ast.literal_eval(comment), line  # noqa: S307


def run_shell(code: str, invoke) -> None:
    """Run each ``chainmap …`` line through the command line, in the current folder (the
    other lines, such as ``bash bootstrap.sh test`` for contributors, are not run here)."""
    for line in code.splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] != "chainmap":
            continue
        result = invoke(*words[1:])
        assert result.exit_code in (0, 1), f"{line}\n{result.output}"


@pytest.mark.parametrize("page", GUIDE, ids=lambda path: path.name)
def test_the_examples_of_the_guide_run(page: Path, sandbox: Path, invoke) -> None:
    for language, code in blocks(page):
        run_python(code) if language == "python" else run_shell(code, invoke)


def test_the_readmes_examples_run_and_say_what_they_return(sandbox: Path, invoke) -> None:
    for language, code in blocks(README):
        if language == "python":
            run_python(code)
        else:
            run_shell(code, invoke)
    assert (sandbox / "hopital.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert chainmap.load(sandbox / "hopital.xlsx").name == "Hôpital Saint-Luc"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_section_in_the_guide(command: str) -> None:
    heading = re.compile(r"^#+ .*`chainmap " + re.escape(command) + r"`", re.M)
    assert any(heading.search(page.read_text(encoding="utf-8")) for page in GUIDE), \
        f"give `chainmap {command}` a section of the user guide (docs/), with an example"


def test_the_readme_is_a_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    linked = set(re.findall(r"\]\((docs/[^)#]+\.md)", text))
    assert {f"docs/{page.name}" for page in GUIDE if page.name not in ("README.md", "contributing.md")} <= linked


@pytest.mark.parametrize("page", [README, *GUIDE], ids=lambda path: path.name)
def test_every_link_to_a_file_leads_to_one(page: Path) -> None:
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"
