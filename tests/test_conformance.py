"""The conformance cases of FORMAT.md (docs/conformance): the JSON the contract implies.

For each case, `weak --format json --as-of 2026-11-23` and `chains --format json` must give
every key the expected file lists, with the same value, in the same array order. Keys the
expected file does not list (`message`, `action`) are free.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from chainmap.cli import cli

CASES = ["bakery", "mixed", "tie-break.yaml", "corners.yaml"]


def expected(conformance: Path, case: str, kind: str) -> Any:
    name = case[:-len(".yaml")] if case.endswith(".yaml") else case
    return json.loads((conformance / f"{name}.{kind}.json").read_text(encoding="utf-8"))


def restricted(actual: List[Dict[str, Any]], wanted: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Each actual finding reduced to the keys its expected counterpart lists."""
    return [{key: found.get(key, "<missing>") for key in want} for found, want in zip(actual, wanted)]


@pytest.mark.parametrize("case", CASES)
def test_weak_json_matches_the_contract(runner, conformance: Path, case: str) -> None:
    result = runner.invoke(cli, ["weak", str(conformance / case), "--format", "json", "--as-of", "2026-11-23"])
    assert result.exit_code in (0, 1), result.output
    actual, wanted = json.loads(result.stdout), expected(conformance, case, "weak")
    assert [f["rule"] for f in actual] == [f["rule"] for f in wanted]
    assert restricted(actual, wanted) == wanted


@pytest.mark.parametrize("case", CASES)
def test_weak_exit_code_says_whether_an_error_was_found(runner, conformance: Path, case: str) -> None:
    result = runner.invoke(cli, ["weak", str(conformance / case), "--format", "json", "--as-of", "2026-11-23"])
    has_error = any(f["severity"] == "error" for f in expected(conformance, case, "weak"))
    assert result.exit_code == (1 if has_error else 0)


@pytest.mark.parametrize("case", CASES)
def test_chains_json_matches_the_contract(runner, conformance: Path, case: str) -> None:
    result = runner.invoke(cli, ["chains", str(conformance / case), "--format", "json"])
    has_error = any(f["severity"] == "error" for f in expected(conformance, case, "weak"))
    assert result.exit_code == (1 if has_error else 0), result.output  # FORMAT.md §4: 1 when an error exists
    actual, wanted = json.loads(result.stdout), expected(conformance, case, "chains")
    assert actual == wanted
    assert list(actual["teams"]) == list(wanted["teams"]), "teams are listed by id"
    assert list(actual["workers"]) == list(wanted["workers"]), "workers: teams by id, members in file order"


@pytest.mark.parametrize("case", CASES)
def test_every_finding_has_words_for_a_person(runner, conformance: Path, case: str) -> None:
    result = runner.invoke(cli, ["weak", str(conformance / case), "--format", "json", "--as-of", "2026-11-23"])
    for finding in json.loads(result.stdout):
        assert finding["message"].strip() and finding["action"].strip(), finding


SHARED = Path(__file__).resolve().parents[2] / "shared"


def _files(root: Path) -> Dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this clone: nothing to compare the copy with")
def test_the_copy_in_docs_is_the_teams_contract() -> None:
    """docs/ holds a copy of ../shared (FORMAT.md and its cases); it must not drift from it."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    assert (docs / "FORMAT.md").read_bytes() == (SHARED / "FORMAT.md").read_bytes(), \
        "copy ../shared/FORMAT.md into docs/ again"
    assert _files(docs / "conformance") == _files(SHARED / "conformance"), \
        "copy ../shared/conformance into docs/ again"
