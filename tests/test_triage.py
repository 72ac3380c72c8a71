"""Triage (issue 30): findings ranked by the workers they affect, filtered, said in the header,
coloured on a terminal and only there.

One small organisation, with findings of each severity affecting different numbers of
people, in two departments:

    big (Soins, 5 people) ──▶ front (Soins, 2) ──▶ customers   (front: a single point of failure, 11 people)
    small (Admin, 1) ─ ─ ▶ front                   (one-sided: front does not list it)
    mid (Admin, 3) ─ ─ ▶ front                     (one-sided too)
    lost (Admin, 4) ──▶ ghost                      (unknown id: an error, 4 people)
    nowhere (Soins, 2) ─ ─ ▶ lost                  (one-sided, and a broken chain, like lost's)
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

import chainmap
from chainmap.analysis.findings import severity_rank
from chainmap.analysis.rules import finding_order
from chainmap.analysis.triage import FindingFilter, ranked
from chainmap.formats import weak_text, weak_text_pieces

from .orgs import team, write_org


def people(n: int, prefix: str) -> List[str]:
    return [f"{prefix} {i}" for i in range(n)]


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org", [
        team("big", name="Big", department="Soins", clients=["front"], members=people(5, "Big")),
        team("front", name="Front", department="Soins", clients=["customers"], suppliers=["big"], members=people(2, "Front")),
        team("small", name="Small", department="Admin", clients=["front"], members=people(1, "Small")),
        team("mid", name="Mid", department="Admin", clients=["front"], members=people(3, "Mid")),
        team("lost", name="Lost", department="Admin", clients=["ghost"], members=people(4, "Lost")),
        team("nowhere", name="Nowhere", department="Soins", clients=["lost"], members=people(2, "Nowhere")),
    ])


def test_weak_lists_each_severity_by_workers_affected_most_first(org: Path, invoke) -> None:
    text = invoke("weak", org).stdout
    assert text.index("Unknown team: Lost → ghost") < text.index("Broken chain: Lost") < text.index("Broken chain: Nowhere")
    assert text.index("Single point of failure: Front") < text.index("One-sided link: Mid → Front") \
        < text.index("One-sided link: Nowhere → Lost") < text.index("One-sided link: Small → Front")


def test_ranking_keeps_formats_order_on_ties(org: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(org))
    order = ranked(analysis.findings)
    assert [f.severity for f in order] == sorted((f.severity for f in order), key=["error", "warning", "info"].index)
    for a, b in zip(order, order[1:]):
        if a.severity == b.severity:
            assert a.workers_affected >= b.workers_affected


def test_ties_are_in_formats_order_whatever_top_keeps() -> None:
    # the example has many findings affecting as many workers: rule, then subject ids, decide
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
    by_severity = sorted(analysis.findings, key=lambda f: (severity_rank(f.severity), -f.workers_affected, finding_order(f)))
    assert len({(f.severity, f.workers_affected) for f in by_severity}) <= len(by_severity) - 5
    assert ranked(analysis.findings) == by_severity
    by_people = sorted(analysis.findings, key=lambda f: (-f.workers_affected, severity_rank(f.severity), finding_order(f)))
    for top in (1, 5, 12, len(by_people)):
        kept = FindingFilter(top=top).apply(analysis).findings
        assert set(kept) == set(by_people[:top]) and list(kept) == ranked(by_people[:top])


def test_the_json_keeps_formats_order_and_holds_what_the_filters_keep(org: Path, invoke) -> None:
    everything = json.loads(invoke("weak", org, "--format", "json").stdout)
    assert [f["rule"] for f in everything] == ["unknown-reference", "broken-chain", "broken-chain", "one-sided",
                                               "one-sided", "one-sided", "single-point-of-failure"]
    kept = invoke("weak", org, "--format", "json", "--severity", "warning", "--top", "2")
    assert [(f["rule"], f.get("supplier", f.get("team"))) for f in json.loads(kept.stdout)] == [
        ("one-sided", "mid"), ("single-point-of-failure", "front")]  # the top 2 of the ranking, in FORMAT.md's order
    assert "Shown: 2 of 4 warnings, the 2 that affect the most workers." in kept.stderr  # said, but not in the data


@pytest.mark.parametrize("options, header, subjects", [
    (["--severity", "error"], "3 of 3 errors", ["Lost → ghost", "Lost", "Nowhere"]),
    (["--rule", "one-sided"], "3 of 7 weak links, rule: One-sided link", ["Mid → Front", "Nowhere → Lost", "Small → Front"]),
    (["--department", "Soins"], "5 of 7 weak links, department Soins",
     ["Nowhere", "Front", "Mid → Front", "Nowhere → Lost", "Small → Front"]),
    (["--team", "front"], "3 of 7 weak links, team Front", ["Front", "Mid → Front", "Small → Front"]),
    (["--top", "2"], "2 of 7 weak links, the 2 that affect the most workers", ["Lost → ghost", "Front"]),
    (["--department", "admin", "--severity", "warning,error"], "5 of 7 weak links, errors and warnings only, department Admin",
     ["Lost → ghost", "Lost", "Mid → Front", "Nowhere → Lost", "Small → Front"]),
    (["--department", "Admin", "--severity", "warning", "--top", "1"],
     "1 of 4 warnings, department Admin, the 1 that affects the most workers", ["Mid → Front"]),
])
def test_filters_combine_and_the_header_says_each(org: Path, invoke, options: List[str], header: str,
                                                   subjects: List[str]) -> None:
    text = invoke("weak", org, *options).stdout
    first, all_counts = text.splitlines()[:2]
    assert first.endswith(f": {header}."), first
    assert all_counts == "In all: 3 errors, 4 warnings, 0 for information."
    shown = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith(("  ✗ ", "  ! ", "  · "))]
    assert shown == subjects


def test_top_keeps_the_findings_that_affect_the_most_workers_whatever_their_severity(tmp_path: Path) -> None:
    # a warning about 30 people matters more to "what hurts the most people" than an error about 1
    root = write_org(tmp_path / "org", [team("hub", clients=["customers"], members=people(30, "Hub")),
                                        team("a", clients=["hub"], suppliers=[], members=people(1, "A")),
                                        team("b", clients=["hub"], members=people(1, "B")),
                                        team("c", clients=["ghost"], members=["C"])])
    picked = FindingFilter(top=1).apply(chainmap.analyse(chainmap.load(root)))
    assert [(f.rule, f.team, f.workers_affected) for f in picked.findings] == [("single-point-of-failure", "hub", 32)]


def test_a_mistyped_filter_gets_a_did_you_mean(org: Path, invoke) -> None:
    assert "did you mean `warning`" in invoke("weak", org, "--severity", "warnig").stderr
    assert "did you mean `one-sided`" in invoke("weak", org, "--rule", "one-sidde").stderr
    assert "did you mean `Soins`" in invoke("weak", org, "--department", "Sions").stderr
    refused = invoke("weak", org, "--team", "fornt")
    assert refused.exit_code == 2 and "did you mean `Front`" in refused.stderr


def test_the_exit_code_looks_at_the_findings_the_filters_keep(org: Path, invoke) -> None:
    assert invoke("weak", org).exit_code == 1                                    # errors exist
    assert invoke("weak", org, "--severity", "warning").exit_code == 0           # none among warnings
    assert invoke("weak", org, "--severity", "warning", "--fail-on", "warning").exit_code == 1
    assert invoke("check", org, "--team", "big").exit_code == 0                  # no finding about big


def test_check_summarises_the_findings_that_affect_the_most_workers(org: Path, invoke) -> None:
    text = invoke("check", org).stdout
    assert text.index("✗ Unknown team: Lost → ghost (4 workers affected)") < text.index("✗ Broken chain: Lost (4 workers")
    assert text.index("! Single point of failure: Front (11 workers affected)") < text.index(
        "! One-sided link: Mid → Front (3 workers affected)")
    filtered = invoke("check", org, "--department", "Soins").stdout
    assert "Shown: 5 of 7 weak links, department Soins." in filtered and "Lost → ghost" not in filtered


def test_markdown_says_the_filter_under_its_heading(org: Path, invoke) -> None:
    text = invoke("weak", org, "--format", "markdown", "--team", "front").stdout
    assert "Shown: 3 of 7 weak links, team Front." in text and "Lost" not in text.split("Shown")[1]


def test_the_header_is_french_in_french(org: Path, invoke) -> None:
    first = invoke("weak", org, "--lang", "fr", "--severity", "warning", "--department", "Admin").stdout.splitlines()[0]
    assert first.endswith("3 sur 4 avertissements, département Admin."), first


# Colour: only on a terminal, as NO_COLOR and FORCE_COLOR say ----------------------------------

RED, ORANGE, GREY = "\x1b[31m", "\x1b[38;5;208m", "\x1b[90m"


def run_in_pty(args: List[str], environment: Dict[str, str]) -> str:
    """``chainmap ARGS`` with its stdout on a real pseudo-terminal, as a person runs it."""
    main, secondary = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update({"TERM": "xterm-256color", **environment})
    process = subprocess.Popen([sys.executable, "-m", "chainmap", *args], stdout=secondary, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env=env)
    os.close(secondary)
    output = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(main)
    return output.decode("utf-8", errors="replace")


def run_in_pipe(args: List[str], environment: Dict[str, str]) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(environment)
    return subprocess.run([sys.executable, "-m", "chainmap", *args], capture_output=True, env=env, check=False,
                          text=True, encoding="utf-8").stdout


def test_a_terminal_shows_errors_red_warnings_orange_information_grey(tmp_path: Path) -> None:
    root = write_org(tmp_path / "colours", [team("a", clients=["customers", "ghost"], members=[]),
                                            team("b", clients=["a"])])  # one-sided, and a has no member
    shown = run_in_pty(["weak", str(root)], {})
    assert f"{RED}✗ Unknown team: a → ghost" in shown
    assert f"{ORANGE}! One-sided link: b → a" in shown
    assert f"{GREY}· No members: a" in shown
    assert "\x1b[1m" + RED + "ERRORS (1)" in shown


def test_no_colour_in_a_pipe_or_a_file(org: Path, tmp_path: Path) -> None:
    assert "\x1b" not in run_in_pipe(["weak", str(org)], {})
    out = tmp_path / "weak.txt"
    with open(out, "w", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-m", "chainmap", "weak", str(org)], stdout=stream, check=False)
    assert "\x1b" not in out.read_text(encoding="utf-8")


def test_no_color_is_respected_on_a_terminal(org: Path) -> None:
    shown = run_in_pty(["weak", str(org)], {"NO_COLOR": "1"})
    assert "Unknown team" in shown and "\x1b[" not in shown


def test_force_color_colours_a_pipe_but_yields_to_no_color(org: Path) -> None:
    assert RED in run_in_pipe(["weak", str(org)], {"FORCE_COLOR": "1"})
    assert "\x1b" not in run_in_pipe(["weak", str(org)], {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b" not in run_in_pipe(["weak", str(org)], {"FORCE_COLOR": "0"})


def test_a_dumb_terminal_gets_no_colour(org: Path) -> None:
    assert "\x1b[" not in run_in_pty(["weak", str(org)], {"TERM": "dumb"})


def test_json_and_csv_never_carry_colour_even_forced(org: Path) -> None:
    for fmt in ("json", "csv", "markdown"):
        assert "\x1b" not in run_in_pipe(["weak", str(org), "--format", fmt], {"FORCE_COLOR": "1"})


# The same filters on report (the table's initial filter) and poster (its panel) ----------------

def test_the_reports_table_shows_first_what_the_filters_keep(org: Path, invoke, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    result = invoke("report", org, "-o", output, "--severity", "warning", "--team", "front")
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert "Shown first: 3 of 4 warnings, team Front." in page and 'id="cm-show-all"' in page
    assert page.count('data-initial="0" hidden') == 4  # the 7 findings, 3 shown first
    rows = page[page.index("<tbody>"):]
    assert rows.index("Single point of failure") < rows.index("Mid</button> <span") < rows.index("Small</button> <span")


def test_the_reports_department_is_its_initial_filter_too(org: Path, invoke, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    invoke("report", org, "-o", output, "--department", "Admin", "--top", "2")
    assert "Shown first: 2 of 7 weak links, department Admin, the 2 that affect the most workers." in output.read_text(encoding="utf-8")


def test_the_posters_panel_counts_what_the_filters_keep(org: Path) -> None:
    from chainmap.analysis.figures import key_figures
    analysis = chainmap.analyse(chainmap.load(org))
    assert key_figures(analysis).by_rule == (("unknown-reference", "error", 1), ("broken-chain", "error", 2),
                                             ("one-sided", "warning", 3), ("single-point-of-failure", "warning", 1))
    errors = key_figures(analysis, rules_filter=FindingFilter(severities=("error",)))
    assert errors.by_rule == (("unknown-reference", "error", 1), ("broken-chain", "error", 2))
    assert errors.weak_links == 7  # the other figures still count every finding
    front = key_figures(analysis, rules_filter=FindingFilter(teams=("front",)))
    assert front.by_rule == (("one-sided", "warning", 2), ("single-point-of-failure", "warning", 1))


def test_the_poster_says_what_its_panel_counts(org: Path, invoke, tmp_path: Path) -> None:
    output = tmp_path / "poster.svg"
    result = invoke("poster", org, "-o", output, "--paper", "A3", "--severity", "error", "--team", "lost")
    assert result.exit_code in (0, 1), result.output
    svg = "".join(path.read_text(encoding="utf-8") for path in sorted(tmp_path.glob("poster*.svg")))
    assert "(errors only, team Lost)" in svg


def test_weak_is_written_in_pieces_of_whole_lines_that_make_the_same_text(tmp_path: Path, invoke) -> None:
    # a large organisation's list is written as it is made, never held whole: the same bytes
    root = write_org(tmp_path / "org", [team(f"t{i}", clients=["customers"] if i == 0 else ["t0"], members=[f"P{i}"])
                                        for i in range(40)])
    analysis = chainmap.analyse(chainmap.load(root))
    pieces = list(weak_text_pieces(analysis, lines_per_piece=10))
    assert len(pieces) > 5 and all(piece.endswith("\n") for piece in pieces)
    assert "".join(pieces) == weak_text(analysis) == invoke("weak", root).stdout
