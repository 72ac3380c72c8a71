"""The command line (FORMAT.md §4) through click's CliRunner: exit codes, output, refusals.

Exit codes: 0 loaded and nothing at or above --fail-on; 1 such a finding; 2 the input could
not be loaded or the command was misused. No traceback ever reaches the user.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.analysis.words import describe
from chainmap.cli import cli

from .orgs import team, write_files, write_org

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")



def org_with_only(tmp_path: Path, severity: str) -> Path:
    """An organisation whose worst finding has this severity (`none`: no finding)."""
    teams = {
        "none": [team("a", clients=["customers"])],
        "info": [team("a", clients=["customers"], members=[])],                  # no-members
        "warning": [team("a", clients=["customers"]), team("b", clients=["a"])],  # one-sided
        "error": [team("a", clients=["customers", "ghost"])],                     # unknown-reference
    }[severity]
    return write_org(tmp_path / severity, teams)


@pytest.mark.parametrize("worst, fail_on, code", [
    ("none", "info", 0),
    ("info", "error", 0), ("info", "warning", 0), ("info", "info", 1),
    ("warning", "error", 0), ("warning", "warning", 1), ("warning", "info", 1),
    ("error", "error", 1), ("error", "warning", 1),
])
def test_exit_code_follows_fail_on(invoke, tmp_path: Path, worst: str, fail_on: str, code: int) -> None:
    for command in ("check", "weak"):
        assert invoke(command, org_with_only(tmp_path, worst), "--fail-on", fail_on).exit_code == code


def test_default_fail_on_is_error(invoke, tmp_path: Path) -> None:
    assert invoke("check", org_with_only(tmp_path, "warning")).exit_code == 0
    assert invoke("check", org_with_only(tmp_path, "error")).exit_code == 1


def test_input_that_cannot_be_loaded_exits_2(invoke, tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {"org.yaml": "org: T\n"})
    for command in (["check"], ["weak", "--format", "json"], ["chains"], ["render", "-o", tmp_path / "x.svg"]):
        result = invoke(command[0], root, *command[1:])
        assert result.exit_code == 2 and result.stdout == ""
        assert f"{root / 'org.yaml'}:1: `end_clients` is required" in result.stderr


def all_commands() -> List[str]:
    return sorted(cli.all_commands())


@pytest.mark.parametrize("command", all_commands())
def test_help_of_every_command_has_an_example(invoke, command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_version(invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and chainmap.__version__ in result.stdout


def test_bad_as_of_exits_2(invoke, tmp_path: Path) -> None:
    result = invoke("check", org_with_only(tmp_path, "none"), "--as-of", "23/11/2026")
    assert result.exit_code == 2 and "--as-of" in result.stderr
    assert "should be a date written YYYY-MM-DD (for example 2026-09-01), not `23/11/2026`" in result.stderr
    assert "%Y" not in result.stderr  # strftime's notation is not the user's


def test_an_as_of_date_in_another_order_gets_its_correction(invoke, tmp_path: Path) -> None:
    result = invoke("check", org_with_only(tmp_path, "none"), "--as-of", "15/03/2024")
    assert result.exit_code == 2 and "not `15/03/2024`: write 2024-03-15" in result.stderr


def test_missing_org_path_exits_2(invoke, tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in result.stderr


@pytest.mark.parametrize("command, typed, hint", [
    ("chains", "--json", "--format json"),
    ("weak", "--JSON", "--format json"),
    ("survey-form", "--enps", "--kind enps"),
])
def test_a_choice_typed_as_an_option_is_pointed_to_its_option(invoke, tmp_path: Path, command: str, typed: str, hint: str) -> None:
    result = invoke(command, org_with_only(tmp_path, "none"), typed)
    assert result.exit_code == 2 and f"No such option {typed}: did you mean {hint}?" in result.stderr


def test_an_unknown_option_that_is_no_choice_keeps_clicks_answer(invoke, tmp_path: Path) -> None:
    result = invoke("chains", org_with_only(tmp_path, "none"), "--jsn")
    assert result.exit_code == 2 and "No such option '--jsn'." in result.stderr


def test_unknown_format_exits_2(invoke, tmp_path: Path) -> None:
    assert invoke("weak", org_with_only(tmp_path, "none"), "--format", "xml").exit_code == 2


def test_weak_text_gives_the_action_for_a_one_sided_link(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [
        {"id": "front", "name": "Front desk", "members": ["Ann"], "clients": ["customers"]},
        {"id": "back", "name": "Back office", "members": ["Bob"], "clients": ["front"]},
    ])
    result = invoke("weak", root)
    assert result.exit_code == 0
    analysis = chainmap.analyse(chainmap.load(root))
    [finding] = analysis.findings
    message, action = describe(finding, analysis.org)
    assert "One-sided link: Back office → Front desk" in result.stdout
    assert action[1:] in result.stdout and "Front desk" in action and "Back office" in action
    assert message[1:] in result.stdout and "1 worker affected" in result.stdout


def test_weak_text_keeps_an_id_as_written_at_the_start_of_a_sentence(invoke, tmp_path: Path) -> None:
    # teams without a name are shown by their id, lower case by definition: not "Back", "Front"
    root = write_org(tmp_path / "org", [team("front", clients=["customers"]), team("back", clients=["front"])])
    lines = invoke("weak", root).stdout.splitlines()
    assert "    back says it serves front, but front does not list back among its suppliers. (1 worker affected)" in lines
    assert "    → Ask front to list back among its suppliers, or remove the link from the file of back." in lines


def test_weak_json_is_a_sorted_array(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [team("a", clients=["customers", "ghost"], members=[]), team("alone")])
    result = invoke("weak", root, "--format", "json")
    data = json.loads(result.stdout)
    assert [(f["rule"], f["severity"]) for f in data] == [
        ("unknown-reference", "error"), ("isolated", "warning"), ("no-members", "info")]
    assert data[0]["supplier"] == "a" and data[0]["client"] == "ghost" and "team" not in data[0]
    assert data[1]["team"] == "alone" and data[1]["workers_affected"] == 1


def test_weak_csv_has_a_header_and_a_row_per_finding(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [team("a", clients=["customers"]), team("b", clients=["a"])])
    lines = invoke("weak", root, "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("rule,severity,team,supplier,client,declared_by,workers_affected")
    assert lines[1].startswith("one-sided,warning,,b,a,supplier,1,")


def test_check_summarises_the_organisation(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [
        team("a", clients=["customers"], members=["Ann", "Bob"]),
        team("b", clients=["a"], suppliers=[], members=["Bob"]),
        team("c", clients=["a"], members=["Cy"]),
    ], name="Small org")
    result = invoke("check", root)
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith("Small org: 3 teams") and "3 workers" in first and "3 links (1 confirmed, 33%)" in first
    assert second == "Findings: 0 errors, 3 warnings, 0 for information."  # 2 one-sided, a carries b and c
    assert f"chainmap weak {root}" in result.stdout


def test_check_of_a_clean_organisation(invoke, tmp_path: Path) -> None:
    result = invoke("check", org_with_only(tmp_path, "none"))
    assert "Findings: no weak link found." in result.stdout and "chainmap weak" not in result.stdout


# render --------------------------------------------------------------------------------------

MAGIC = {".svg": b"<?xml", ".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".dot": b"digraph chainmap {"}


@needs_dot
@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_render_writes_the_format_of_the_extension(invoke, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"diagram{suffix}"
    result = invoke("render", org_with_only(tmp_path, "warning"), "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(MAGIC[suffix])
    assert str(output) in result.stdout


def test_render_dot_needs_no_graphviz(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    output = tmp_path / "diagram.dot"
    assert invoke("render", org_with_only(tmp_path, "none"), "-o", output).exit_code == 0
    assert output.read_bytes().startswith(MAGIC[".dot"])


def test_render_unsupported_extension_exits_2(invoke, tmp_path: Path) -> None:
    result = invoke("render", org_with_only(tmp_path, "none"), "-o", tmp_path / "diagram.gif")
    assert result.exit_code == 2 and ".svg, .png, .pdf or .dot" in result.stderr
    assert not (tmp_path / "diagram.gif").exists()


def test_render_focus_and_worker_together_exit_2(invoke, tmp_path: Path) -> None:
    result = invoke("render", org_with_only(tmp_path, "none"), "-o", tmp_path / "d.dot",
                    "--focus", "a", "--worker", "a worker")
    assert result.exit_code == 2 and "--focus --worker: these options draw different pictures, choose one" in result.stderr


@pytest.mark.parametrize("option, value, words", [("--focus", "b", "no team with the id or name `b`"),
                                                  ("--worker", "Nobody", "no worker with the id or name")])
def test_render_unknown_focus_or_worker_exits_2(invoke, tmp_path: Path, option: str, value: str, words: str) -> None:
    result = invoke("render", org_with_only(tmp_path, "none"), "-o", tmp_path / "d.dot", option, value)
    assert result.exit_code == 2 and words in result.stderr


def test_render_focus_accepts_a_team_name_typed_without_accents(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [team("cadres", name="Cadres de santé", clients=["customers"])])
    result = invoke("render", root, "-o", tmp_path / "d.dot", "--focus", "cadres de sante")
    assert result.exit_code == 0, result.output
    assert "Cadres de santé: the teams that feed it" in (tmp_path / "d.dot").read_text(encoding="utf-8")


def test_render_inside_the_org_folder_needs_force(invoke, tmp_path: Path) -> None:
    root = org_with_only(tmp_path, "none")
    refused = invoke("render", root, "-o", root / "diagram.dot")
    assert refused.exit_code == 2 and "--force" in refused.stderr and not (root / "diagram.dot").exists()
    assert invoke("render", root, "-o", root / "diagram.dot", "--force").exit_code == 0
    assert (root / "diagram.dot").exists()


def test_render_never_writes_over_an_input_file(invoke, tmp_path: Path) -> None:
    root = org_with_only(tmp_path, "none")
    single = write_files(tmp_path / "single", {"org.dot": (root / "org.yaml").read_text()}) / "org.dot"
    before = (root / "org.yaml").read_bytes(), single.read_bytes()
    for org, output in ((root, root / "org.yaml"), (single, single)):
        result = invoke("render", org, "-o", output, "--force")
        assert result.exit_code == 2 and "choose another output path" in result.stderr
    assert ((root / "org.yaml").read_bytes(), single.read_bytes()) == before


@needs_dot
def test_demo_draws_the_committed_diagrams_again_byte_for_byte(invoke, tmp_path: Path) -> None:
    """A new user's first `bash bootstrap.sh demo` leaves the clone unmodified."""
    result = invoke("demo", "-o", tmp_path / "diagrams")
    assert result.exit_code == 0, result.output
    committed = Path(__file__).resolve().parent.parent / "diagrams"
    for name in ("hopital.dot", "hopital.svg", "hopital-worker.svg"):
        assert (tmp_path / "diagrams" / name).read_bytes() == (committed / name).read_bytes(), name


@needs_dot
def test_demo_writes_the_files_it_lists(invoke, tmp_path: Path) -> None:
    result = invoke("demo", "-o", tmp_path / "diagrams", "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    listed = [Path(line[len("wrote "):]) for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert len(listed) >= 3 and {p.suffix for p in listed} >= {".svg", ".png", ".dot"}
    for path in listed:
        assert path.parent == tmp_path / "diagrams" and path.stat().st_size > 0
    assert sorted(p.name for p in (tmp_path / "diagrams").iterdir()) == sorted(p.name for p in listed)


def test_chains_text_lists_teams_by_name_and_names_a_team_without_chain_first(invoke, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [
        team("zz", name="Accueil", clients=["customers"]),
        team("aa", name="Zinc", clients=["bb"]), team("bb", name="Béton", clients=["aa"]),
    ])
    lines = invoke("chains", root).stdout.splitlines()
    assert lines[1:4] == ["  Accueil → customers   [reaches: customers]",
                          "  Béton: no chain to an end client", "  Zinc: no chain to an end client"]


@pytest.mark.parametrize("command", [["chains"], ["chains", "--format", "json"], ["render", "-o", "{out}/map.dot"]])
def test_chains_and_render_exit_1_when_an_error_exists_as_format_md_says(invoke, tmp_path: Path, command) -> None:
    clean = write_org(tmp_path / "clean", [team("a", clients=["customers"])])
    broken = write_org(tmp_path / "broken", [team("a", clients=["customers"]), team("b", clients=["ghost"])])
    arguments = [a.replace("{out}", str(tmp_path)) for a in command]
    assert invoke(arguments[0], clean, *arguments[1:]).exit_code == 0
    result = invoke(arguments[0], broken, *arguments[1:])
    assert result.exit_code == 1 and result.stdout  # everything printed or written all the same
    assert invoke(arguments[0], clean, *arguments[1:], "--fail-on", "info").exit_code == 0


def test_lazy_commands_are_registered_under_their_own_names() -> None:
    commands = cli.all_commands()
    for name in cli.lazy_commands:
        assert commands[name].name == name


def test_starting_chainmap_imports_no_command_module_it_does_not_run() -> None:
    """`chainmap weak` starts without the poster's, report's, survey's modules, multiprocessing or networkx."""
    script = "import sys, chainmap.cli; print(sorted(m for m in sys.modules if m.startswith(%r)))"
    heavy = ("chainmap.report", "chainmap.workshop", "chainmap.survey", "chainmap.cli.report", "chainmap.cli.workshop",
             "chainmap.cli.survey", "chainmap.cli.convert", "chainmap.cli.diff", "chainmap.cli.generate",
             "multiprocessing", "networkx")
    for prefix in heavy:
        done = subprocess.run([sys.executable, "-c", script % prefix], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "[]", (prefix, done.stdout)


def test_a_lazy_command_runs_and_shows_its_help(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "org.yaml").is_file()
    assert "export [OPTIONS] ORG" in runner.invoke(cli, ["export", "--help"]).output


def test_a_mistyped_command_is_offered_the_commands_imported_when_run() -> None:
    """In a fresh process (this one has imported every command to collect the tests)."""
    done = subprocess.run([sys.executable, "-m", "chainmap", "--lang", "en", "reprot", "org"], capture_output=True, text=True)
    assert done.returncode == 2 and "Did you mean one of: 'export', 'report'?" in done.stderr, done.stderr
