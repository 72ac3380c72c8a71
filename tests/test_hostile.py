"""The hostile corpus (tests/hostile/) thrown at every command that reads an organisation.

Each case of ``hostile/cases.yaml`` is a malformed or adversarial organisation and its
exact outcome. For every command: the expected exit code, the problem at the expected
``path:line`` with a message that says how to fix it, no traceback, no control character
reaching the terminal, input files unchanged byte for byte, and no output file left
behind when the input is refused. Cases whose names are built to break an output format
(DOT, SVG, HTML, Mermaid, CSV, JSON) are also checked in that format.

Cases that cannot live in git (huge files, symlink loops, FIFOs, unreadable files, empty
folders) are built in ``tmp_path`` by the tests at the end of this file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import resource
import shutil
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import yaml

from chainmap.cli import cli
from chainmap.cli.terminal import printable

HOSTILE = Path(__file__).parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
AS_OF = "2026-11-23"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")

# Each command that reads an organisation, as (arguments after ORG, output file or None,
# whether its exit code follows the findings like `check`). `{out}` is a fresh folder.
COMMANDS = [
    (["check", "--as-of", AS_OF], None, True),
    (["weak", "--as-of", AS_OF], None, True),
    (["weak", "--format", "json", "--as-of", AS_OF], None, True),
    (["weak", "--format", "csv", "--as-of", AS_OF], None, True),
    (["chains"], None, True),
    (["chains", "--format", "json"], None, True),
    (["render", "-o", "{out}/map.dot", "--as-of", AS_OF], "map.dot", True),
    (["report", "-o", "{out}/report.html", "--as-of", AS_OF], "report.html", False),
    (["export", "-o", "{out}/map.mmd", "--to", "mermaid", "--as-of", AS_OF], "map.mmd", False),
    (["export", "-o", "{out}/graph.json", "--as-of", AS_OF], "graph.json", False),
    (["export", "-o", "{out}/graph.graphml", "--as-of", AS_OF], "graph.graphml", False),
    (["export", "-o", "{out}/links.csv", "--as-of", AS_OF], "links.csv", False),
    (["survey-form", "-o", "{out}/form.csv"], "form.csv", False),
    (["convert", "{out}/copy.yaml"], "copy.yaml", False),
    (["weak", "--format", "markdown", "--as-of", AS_OF], None, True),
    (["export", "-o", "{out}/findings.csv", "--table", "findings", "--as-of", AS_OF], "findings.csv", False),
    (["export", "-o", "{out}/graph.gexf", "--as-of", AS_OF], "graph.gexf", False),
    (["diff", "{case}", "--as-of", AS_OF], None, False),
]
# Slower commands (Graphviz, page layout): run on the cases built to break outputs only.
DRAWING_COMMANDS = [
    (["render", "-o", "{out}/map.svg", "--as-of", AS_OF], "map.svg", False),
    (["cards", "-o", "{out}/cards.svg", "--as-of", AS_OF], "cards.svg", False),
    (["poster", "-o", "{out}/poster.svg", "--as-of", AS_OF], "poster.svg", False),
]
# Words of the payloads in names/ that must never appear outside a quoted string.
PAYLOAD_WORDS = ["alert", "pwned", "digraph x", "HYPERLINK", "reboot", "calc", "line two", "theme", "SUM(", "passwd", "onerror", "+cmd"]


def snapshot(root: Path) -> Dict[str, str]:
    """The hash of every file under ``root`` (or of ``root`` itself)."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


SECONDS, MEGABYTES = 20, 1024  # the bound of every hostile case (tests/test_hostile_bounds.py runs the built ones)


def run(runner, case_path: Path, arguments: List[str], out: Path):
    """Run one command on one case, with ``{out}`` replaced by a fresh output folder, within
    the time bound; this process's peak memory stays within the memory bound."""
    out.mkdir(parents=True, exist_ok=True)
    args = [arguments[0], str(case_path)] + [a.replace("{out}", str(out)).replace("{case}", str(case_path)) for a in arguments[1:]]
    start = time.perf_counter()
    result = runner.invoke(cli, args)
    assert time.perf_counter() - start < SECONDS, f"{args}: more than {SECONDS} s"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MEGABYTES * 1024, f"{args}: over {MEGABYTES} MB"
    assert "Traceback" not in result.output, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert printable(result.output) == result.output, f"a control character reached the terminal: {args}"
    return result


def assert_refused(result, case: dict, case_path: Path) -> None:
    """Exit 2, the problem at ``where`` with the fragment ``says``, every line path[:line]: message."""
    assert result.exit_code == 2, (case["case"], result.output)
    base = str(case_path) + "/" if case_path.is_dir() else str(case_path.parent) + "/"
    lines = result.stderr.splitlines()
    expected = f"{base}{case['where']}: " if case["where"] else f"{case_path}: "  # "": the folder itself
    assert any(line.startswith(expected) and case["says"] in line for line in lines), (expected, case["says"], result.stderr)
    problems = [line for line in lines if not line.startswith("chainmap could not load")]
    for line in problems:  # a place, then a message that goes on to say what to do
        assert re.match(r"^\S.*?(:\d+)?: \S", line), line
        assert re.search(r"[:—?(]|\b(add|remove|write|save|keep|check|create|give|retype|replace|correct|shorten|choose|should|must|needs?|required)\b", line.split(": ", 1)[1]), line


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_case_on_every_command(case: dict, runner, tmp_path: Path) -> None:
    case_path = HOSTILE / "cases" / case["case"]
    before = snapshot(case_path)
    commands = COMMANDS + (DRAWING_COMMANDS if case["case"].startswith("names/") and shutil.which("dot") else [])
    for index, (arguments, output, follows_findings) in enumerate(commands):
        out = tmp_path / f"out{index}"
        result = run(runner, case_path, arguments, out)
        if case["exit"] == 2:
            assert_refused(result, case, case_path)
            assert not any(out.iterdir()), f"{arguments[0]} left a file behind: {list(out.iterdir())}"
        else:
            expected = case["exit"] if follows_findings else 0
            assert result.exit_code == expected, (arguments, result.output)
            if output is not None:
                assert (out / output).is_file()
            if case["case"].startswith("names/"):
                check_output_is_inert(arguments, result.stdout, out, output)
    assert snapshot(case_path) == before, "an input file was changed"


def check_output_is_inert(arguments: List[str], stdout: str, out: Path, output: Optional[str]) -> None:
    """A name built to break a format stays text in that format."""
    fmt = arguments[arguments.index("--format") + 1] if "--format" in arguments else None
    if fmt == "json":
        json.loads(stdout)
    if fmt == "csv":
        assert_csv_inert(stdout)
    if output is None:
        return
    path = out / output
    text = path.read_text(encoding="utf-8") if path.suffix != ".xlsx" else ""
    checks = {".dot": assert_dot_inert, ".mmd": assert_mermaid_inert, ".svg": assert_markup_inert,
              ".html": assert_html_inert, ".graphml": assert_markup_inert, ".gexf": assert_markup_inert, ".json": json.loads, ".csv": assert_csv_inert}
    checks.get(path.suffix, lambda text: None)(text)
    for extra in sorted(out.glob("*.svg")):  # cards and posters write one file per page
        assert_markup_inert(extra.read_text(encoding="utf-8"))


def outside_quotes(text: str, quote: str = '"', html_labels: bool = False) -> str:
    """What a parser reads as syntax: ``text`` without its quoted strings (and DOT's <…> labels)."""
    kept, index = [], 0
    while index < len(text):
        char = text[index]
        if char == quote:
            index += 1
            while index < len(text) and text[index] != quote:
                index += 2 if text[index] == "\\" else 1
        elif html_labels and char == "<" and text[index - 1: index] == "=":
            depth = 0
            while index < len(text):
                depth += {"<": 1, ">": -1}.get(text[index], 0)
                if depth == 0:
                    break
                index += 1
        else:
            kept.append(char)
        index += 1
    return "".join(kept)


def assert_no_payload(syntax: str, where: str) -> None:
    for word in PAYLOAD_WORDS:
        assert word not in syntax, f"`{word}` escaped its quotes in the {where}"


def assert_dot_inert(text: str) -> None:
    assert_no_payload(outside_quotes(text, html_labels=True), "DOT")


def assert_mermaid_inert(text: str) -> None:
    statements = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("%%"))
    assert_no_payload(outside_quotes(statements), "Mermaid diagram")


def assert_markup_inert(text: str) -> None:
    """Well-formed XML, no script element, no event handler, no javascript: link."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    for element in root.iter():
        assert not element.tag.endswith("script"), "a <script> element in the SVG"
        for name, value in element.attrib.items():
            assert not name.split("}")[-1].lower().startswith("on"), name
            if name.split("}")[-1] == "href":
                assert not value.strip().lower().startswith("javascript:"), value


def assert_html_inert(text: str) -> None:
    """No payload markup verbatim in the report, and no more scripts than the report's own."""
    for raw in ("<script>alert", "<img src=x", "</style><style>", "</text><script>", "<TABLE><TR>"):
        assert raw not in text, f"{raw!r} is in the HTML as markup"
    assert text.count("<script") == BENIGN_REPORT_SCRIPTS


def assert_csv_inert(text: str) -> None:
    """No cell that a spreadsheet would run as a formula, whatever separator it splits the
    file on (a comma file opened by a French Excel is split on `;`), nor after a line break."""
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter):
            for piece in (line for cell in row for line in (cell.splitlines() or [cell])):
                if piece[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?\d+([.,]\d+)?", piece):
                    pytest.fail(f"a formula in a CSV cell (split on {delimiter!r}): {piece!r}")


def _benign_report_scripts() -> int:
    """How many <script> tags the report of a plain organisation has (its own code)."""
    import tempfile

    from click.testing import CliRunner
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "r.html"
        CliRunner().invoke(cli, ["report", str(HOSTILE / "cases" / "spreadsheets" / "valid"), "-o", str(output)])
        return output.read_text(encoding="utf-8").count("<script") if output.exists() else -1


BENIGN_REPORT_SCRIPTS = _benign_report_scripts()


def test_the_corpus_is_large_and_every_case_exists() -> None:
    assert len(CASES) >= 200
    for case in CASES:
        assert (HOSTILE / "cases" / case["case"]).exists(), case["case"]
        assert case["exit"] in (0, 1, 2)
        assert case["exit"] != 2 or (case["where"] is not None and case["says"]), case["case"]


def test_a_stray_file_of_many_unknown_keys_prints_twenty_of_them_and_the_total(runner, tmp_path: Path) -> None:
    """500,000 lines of "unknown key" would bury the other files' problems: 20 per file, then how many more."""
    org = tmp_path / "org"
    assert runner.invoke(cli, ["init", str(org)]).exit_code == 0
    stray = org / "teams" / "stray.yaml"
    stray.write_text("id: stray\n" + "".join(f"k{n}: 1\n" for n in range(25)), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(org)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert sum("unknown key `k" in line for line in lines) == 20 and "stray.yaml:21: unknown key `k19`" in result.stderr
    assert f"{stray}: … and 5 more problems in this file (not shown)" in result.stderr
    assert lines[-1] == "chainmap could not load the organisation: 25 problems to fix (listed above)."
