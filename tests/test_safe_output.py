"""Safe output, no traceback, resource bounds — and the hostile inputs git cannot hold.

Outputs are atomic, never replace an input, stay out of the organisation's folder unless
``--force``; Ctrl-C exits 130 with no partial file; an internal error is one line (exit 70)
unless ``--debug``; every bound is tested at the limit and just past it. Huge files,
symlink loops, FIFOs, unreadable files and empty folders are built here in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.cli.options import parse_size
from chainmap.errors import LoadError
from chainmap.files.safe_write import safe_file_name
from chainmap.load.files import Limits
from chainmap.load.yaml_nodes import MAX_DEPTH, YamlProblem, parse_yaml

from .orgs import ORG_YAML, snapshot, write_files

TEAM = "id: a\nmembers: [Ann]\nclients: [customers]\n"
as_root = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads and writes everything")


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return write_files(tmp_path / "org", {"org.yaml": ORG_YAML, "teams/a.yaml": TEAM})



# --- where outputs may go

def test_output_inside_the_organisation_is_refused_without_force(invoke, org: Path) -> None:
    result = invoke("render", org, "-o", org / "map.dot")
    assert result.exit_code == 2 and "add --force" in result.stderr
    assert not (org / "map.dot").exists()


def test_org_yaml_given_as_org_is_its_folder_for_outputs_too(invoke, org: Path) -> None:
    result = invoke("render", org / "org.yaml", "-o", org / "map.dot")
    assert result.exit_code == 2 and "add --force" in result.stderr


@pytest.mark.parametrize("command", ["render", "poster", "cards", "report"])
@pytest.mark.parametrize("output", [".", "/", ""])
def test_a_folder_given_as_the_output_file_is_explained(invoke, org: Path, command: str, output: str) -> None:
    result = invoke(command, org, "-o", output)
    assert result.exit_code == 2 and "is a folder: give the name of a file to write, such as" in result.stderr


def test_a_name_too_long_for_the_system_is_explained_not_reported_as_a_bug(invoke, org: Path, tmp_path: Path) -> None:
    result = invoke("render", org, "-o", tmp_path / ("a" * 300 + ".svg"))
    assert result.exit_code == 2 and "this name is too long for the system: choose a shorter one" in result.stderr


def test_a_file_where_a_folder_should_be_is_explained(invoke, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = invoke("init", tmp_path / "notes.txt" / "org")
    assert result.exit_code == 2 and "part of this path is a file, not a folder" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_full_disk_is_explained(invoke, org: Path, tmp_path: Path, monkeypatch) -> None:
    import errno

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("chainmap.files.safe_write.os.replace", full)
    result = invoke("render", org, "-o", tmp_path / "map.dot")
    assert result.exit_code == 2 and f"{tmp_path / 'map.dot'}: the disk is full: free some space, or write elsewhere" in result.stderr
    assert list(tmp_path.glob("*map.dot*")) == []  # nor a half-written temporary file


def test_a_drawing_is_written_beside_a_single_file_organisation_named_org_yaml(invoke, tmp_path: Path) -> None:
    single = write_files(tmp_path / "downloads", {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"})
    assert invoke("render", single / "org.yaml", "-o", single / "plan.dot").exit_code == 0


def test_output_inside_the_organisation_is_written_with_force(invoke, org: Path) -> None:
    assert invoke("render", org, "-o", org / "map.dot", "--force").exit_code == 0
    assert (org / "map.dot").read_text().startswith("digraph")


@pytest.mark.parametrize("target", ["org.yaml", "teams/a.yaml", "teams/new.yml"])
def test_a_declaration_is_never_written_even_with_force(invoke, org: Path, target: str) -> None:
    before = snapshot(org)
    result = invoke("export", org, "-o", org / target, "--to", "json", "--force")
    assert result.exit_code == 2 and "choose another output path" in result.stderr
    assert snapshot(org) == before


def test_a_single_file_organisation_is_never_its_own_output(invoke, tmp_path: Path) -> None:
    single = write_files(tmp_path, {"org.yaml": ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"}) / "org.yaml"
    before = single.read_bytes()
    result = invoke("export", single, "-o", single, "--to", "json", "--force")
    assert result.exit_code == 2 and "never writes over its input" in result.stderr
    assert single.read_bytes() == before


def test_a_csv_table_is_never_replaced_even_with_force(invoke, tmp_path: Path) -> None:
    tables = {"settings.csv": "key,value\norg,Test\n", "end_clients.csv": "id\ncustomers\n",
              "teams.csv": "id\na\n", "members.csv": "team,name\na,Ann\n", "links.csv": "supplier,client\na,customers\n"}
    folder = write_files(tmp_path / "sheets", tables)
    before = snapshot(folder)
    result = invoke("export", folder, "-o", folder / "teams.csv", "--force")
    assert result.exit_code == 2 and "would be read as a declaration" in result.stderr
    assert snapshot(folder) == before


def test_a_missing_output_folder_is_a_clear_error(invoke, org: Path, tmp_path: Path) -> None:
    result = invoke("render", org, "-o", tmp_path / "nowhere" / "map.dot")
    assert result.exit_code == 2 and "does not exist: create it first" in result.stderr


def test_an_output_that_is_a_folder_is_a_clear_error(invoke, org: Path, tmp_path: Path) -> None:
    (tmp_path / "out.dot").mkdir()
    result = invoke("render", org, "-o", tmp_path / "out.dot")
    assert result.exit_code == 2 and "this is a folder" in result.stderr


@as_root
def test_a_read_only_output_folder_is_a_clear_error(invoke, org: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = invoke("render", org, "-o", locked / "map.dot")
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_converted_team_files_stay_inside_the_output_folder(invoke, org: Path, tmp_path: Path) -> None:
    out = tmp_path / "converted"
    assert invoke("convert", org, out).exit_code == 0
    written = [p.resolve() for p in out.rglob("*") if p.is_file()]
    assert written and all(out.resolve() in p.parents for p in written)



@pytest.mark.parametrize("inside", ["", "teams", "new/diagrams"])
def test_demo_refuses_an_organisations_folder_without_force(invoke, org: Path, inside: str) -> None:
    before = snapshot(org)
    result = invoke("demo", "-o", org / inside)
    assert result.exit_code == 2 and "organisation's folder" in result.stderr and "add --force" in result.stderr
    assert snapshot(org) == before


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
def test_demo_writes_into_an_organisations_folder_with_force(invoke, org: Path) -> None:
    assert invoke("demo", "-o", org, "--force").exit_code == 0
    assert (org / "hopital.svg").is_file() and (org / "org.yaml").read_text() == ORG_YAML


@pytest.mark.parametrize("command, name", [("render", "map.svg"), ("render", "map.dot"), ("report", "report.html"),
                                           ("poster", "poster.pdf"), ("cards", "cards.png")])
def test_a_file_chainmap_did_not_write_is_replaced_only_with_force(invoke, org: Path, tmp_path: Path,
                                                                   command: str, name: str) -> None:
    mine = tmp_path / name
    mine.write_text("my notes, not a drawing")
    result = invoke(command, org, "-o", mine)
    assert result.exit_code == 2 and "already exists and chainmap did not write it" in result.stderr
    assert mine.read_text() == "my notes, not a drawing"
    assert invoke(command, org, "-o", mine, "--force").exit_code == 0
    assert invoke(command, org, "-o", mine).exit_code == 0  # now chainmap's own: the next run replaces it


def test_demo_replaces_only_its_own_drawings(invoke, tmp_path: Path) -> None:
    assert invoke("demo", "-o", tmp_path / "d").exit_code == 0
    assert invoke("demo", "-o", tmp_path / "d").exit_code == 0  # its own: replaced
    (tmp_path / "d" / "hopital.svg").write_text("<svg>edited by hand</svg>")
    result = invoke("demo", "-o", tmp_path / "d")
    assert result.exit_code == 2 and "hopital.svg already exists and chainmap did not write it" in result.stderr
    assert (tmp_path / "d" / "hopital.svg").read_text() == "<svg>edited by hand</svg>"


def test_a_drawing_chainmap_wrote_is_recognised_and_any_change_makes_it_the_users(tmp_path: Path) -> None:
    from chainmap.files.fingerprint import fingerprinted, is_own_file
    from chainmap.workshop.svg import to_pdf, to_png
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    drawings = {"p.svg": svg.encode(), "p.png": to_png(svg), "p.pdf": to_pdf(svg), "p.dot": b"digraph {}\n",
                "p.html": b"<!doctype html>\n<p>report</p>\n"}
    for name, original in drawings.items():
        data = fingerprinted(original, Path(name).suffix)
        drawing = tmp_path / name
        drawing.write_bytes(data)
        assert is_own_file(drawing), name
        drawing.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        assert not is_own_file(drawing), name
        drawing.write_bytes(original)
        assert not is_own_file(drawing), name
    (tmp_path / "mine.svg").write_bytes(svg.encode())
    (tmp_path / "link.svg").symlink_to(tmp_path / "p.svg")
    assert not is_own_file(tmp_path / "mine.svg") and not is_own_file(tmp_path / "link.svg")


def test_a_fingerprinted_pdf_is_still_a_pdf_of_the_same_pages(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from chainmap.files.fingerprint import fingerprinted
    from chainmap.workshop.svg import to_pdf
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"/>\n'
    (tmp_path / "p.pdf").write_bytes(fingerprinted(to_pdf(svg), ".pdf"))
    reader = PdfReader(tmp_path / "p.pdf", strict=True)
    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.width) == pytest.approx(75, abs=1)


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc-passwd"), ("..", "file"), ("", "file"), (".hidden", "hidden"), ("a/b\\c", "a-b-c"),
    ("x\x1b[2J", "x-[2J"), ("con", "_con"), ("Lpt1.txt", "_Lpt1.txt"), ("pharmacie-nuit_2", "pharmacie-nuit_2"),
    ("Soins: nuit?", "Soins- nuit"), ("é" * 300, "é" * 100)])
def test_names_are_safe_file_names(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


@pytest.mark.parametrize("command", [
    ("init", "{org}/sub"),
    ("generate", "--teams", "5", "--workers", "10", "{org}/teams/more"),
    ("convert", "{other}", "{org}/copy.yaml"),
])
def test_an_organisation_is_never_written_inside_another(invoke, org: Path, tmp_path: Path, command) -> None:
    other = write_files(tmp_path / "other", {"org.yaml": ORG_YAML, "teams/b.yaml": TEAM.replace("id: a", "id: b")})
    before = snapshot(org)
    result = invoke(*(part.format(org=org, other=other) for part in command), "--force")
    assert result.exit_code == 2, result.output
    assert f"is inside the folder of the organisation {org}" in result.stderr and f"Write it outside {org}" in result.stderr
    assert snapshot(org) == before


def test_a_hidden_folder_of_an_organisation_may_hold_another(invoke, org: Path, tmp_path: Path) -> None:
    result = invoke("init", org / ".drafts" / "next")
    assert result.exit_code == 0, result.output
    assert invoke("check", org).exit_code == 0  # a hidden folder is not read


# --- interruptions and internal errors

def test_ctrl_c_exits_130_and_leaves_no_partial_file(invoke, org: Path, tmp_path: Path, monkeypatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("chainmap.files.safe_write.os.replace", interrupted)
    result = invoke("render", org, "-o", tmp_path / "map.dot")
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert list(tmp_path.glob("*map.dot*")) == []


def test_ctrl_c_keeps_the_previous_output_whole(invoke, org: Path, tmp_path: Path, monkeypatch) -> None:
    from chainmap.files.fingerprint import fingerprinted
    previous = tmp_path / "map.dot"
    previous.write_bytes(fingerprinted(b"digraph { previous }\n", ".dot"))  # an earlier run's: replaceable
    monkeypatch.setattr("chainmap.files.safe_write.os.replace", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert invoke("render", org, "-o", previous).exit_code == 130
    assert previous.read_bytes() == fingerprinted(b"digraph { previous }\n", ".dot")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.dot", "org"]


def test_ctrl_c_while_loading_exits_130(invoke, org: Path, monkeypatch) -> None:
    monkeypatch.setattr("chainmap.cli.options.analyse", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    result = invoke("check", org)
    assert result.exit_code == 130


def test_an_internal_error_is_one_line_and_exit_70(invoke, org: Path, monkeypatch) -> None:
    monkeypatch.setattr("chainmap.cli.options.analyse", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    result = invoke("check", org)
    assert result.exit_code == 70
    assert result.stderr == "internal error: ValueError: boom — please report it with the output of --debug\n"


def test_debug_shows_the_traceback_of_an_internal_error(runner, org: Path, monkeypatch) -> None:
    monkeypatch.setattr("chainmap.cli.options.analyse", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    result = runner.invoke(cli, ["--debug", "check", str(org)])
    assert result.exit_code == 70
    assert "Traceback" in result.stderr and "ValueError: boom" in result.stderr


# --- resource bounds, at the limit and just past it

def test_file_size_at_the_limit_loads_and_one_byte_more_is_refused(invoke, tmp_path: Path) -> None:
    text = ORG_YAML + "teams:\n  - id: a\n    clients: [customers]\n"
    single = write_files(tmp_path, {"org.yaml": text}) / "org.yaml"
    size = len(text.encode())
    assert invoke("check", single, "--max-file-size", str(size)).exit_code == 0
    result = invoke("check", single, "--max-file-size", str(size - 1))
    assert result.exit_code == 2 and "--max-file-size" in result.stderr and f"{single}: " in result.stderr


def test_the_default_file_size_bound_is_10_megabytes(tmp_path: Path) -> None:
    limit = Limits().max_file_bytes
    assert limit == parse_size("10MB")
    big = write_files(tmp_path, {"org.yaml": ORG_YAML}) / "org.yaml"
    with open(big, "ab") as stream:
        stream.write(b"#" * (limit - big.stat().st_size) + b"\n")
    with pytest.raises(LoadError, match="more than the 10,485,760"):
        chainmap.load(big)


@pytest.mark.parametrize("size, expected", [("20MB", 20 * 1024 ** 2), ("500k", 512000), ("1G", 1024 ** 3), ("123", 123)])
def test_sizes_are_read_as_people_write_them(size: str, expected: int) -> None:
    assert parse_size(size) == expected


def test_a_size_that_is_not_one_is_a_usage_error(invoke, org: Path) -> None:
    result = invoke("check", org, "--max-file-size", "lots")
    assert result.exit_code == 2 and "20MB" in result.output


def test_number_of_files_at_the_limit_loads_and_one_more_is_refused(invoke, tmp_path: Path) -> None:
    org = write_files(tmp_path / "org", {"org.yaml": ORG_YAML, "a.yaml": TEAM, "b.yaml": "id: b\nmembers: [Bob]\nclients: [a]\n"})
    assert invoke("weak", org, "--max-files", "2").exit_code == 0
    result = invoke("weak", org, "--max-files", "1")
    assert result.exit_code == 2 and "more than 1 team files" in result.stderr and "--max-files" in result.stderr


@pytest.mark.parametrize("siblings", [0, 2000], ids=["few-brackets", "many-brackets"])
def test_nesting_at_the_limit_parses_and_one_level_more_is_refused(siblings: int) -> None:
    """Both paths: the walk of the composed tree, and the early check of a text with many brackets."""
    others = "[], " * siblings
    parse_yaml("[" + others + "[" * (MAX_DEPTH - 1) + "]" * MAX_DEPTH)
    with pytest.raises(YamlProblem, match=f"nested more than {MAX_DEPTH} levels"):
        parse_yaml("[" + others + "[" * MAX_DEPTH + "]" * (MAX_DEPTH + 1))


def test_deep_brackets_are_refused_without_crashing_the_process(tmp_path: Path) -> None:
    """100,000 nested brackets crashed PyYAML's C composer (a segmentation fault)."""
    bomb = write_files(tmp_path, {"org.yaml": ORG_YAML + "teams: " + "[" * 100_000 + "]" * 100_000 + "\n"}) / "org.yaml"
    done = subprocess.run([sys.executable, "-m", "chainmap", "check", str(bomb)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"{bomb}:4: values are nested more than 32 levels" in done.stderr


def test_a_five_million_character_line_is_refused_quickly(invoke, tmp_path: Path) -> None:
    single = write_files(tmp_path, {"org.yaml": "org: " + "x" * 5_000_000 + "\nend_clients: [customers]\n"}) / "org.yaml"
    result = invoke("check", single)
    assert result.exit_code == 2 and f"{single}:1: `org` is 5000000 characters long, more than 500" in result.stderr


# --- hostile folders

def test_a_symlink_loop_is_not_followed(invoke, org: Path) -> None:
    (org / "teams" / "loop").symlink_to(org, target_is_directory=True)
    assert invoke("check", org).exit_code == 0


def test_a_dangling_symlink_is_a_problem_not_a_team_gone_without_a_word(invoke, org: Path) -> None:
    (org / "teams" / "gone.yaml").symlink_to(org / "nowhere.yaml")
    result = invoke("check", org)
    assert result.exit_code == 2
    assert f"{org / 'teams' / 'gone.yaml'}: this file is a link to {org / 'nowhere.yaml'}, which does not exist" in result.stderr


def test_an_org_yaml_that_links_to_nothing_is_named_so(invoke, org: Path) -> None:
    (org / "org.yaml").rename(org / "kept.txt")
    (org / "org.yaml").symlink_to(org / "moved.yaml")
    result = invoke("check", org)
    assert result.exit_code == 2
    assert f"{org / 'org.yaml'}: this file is a link to" in result.stderr and "there is no org.yaml" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_team_file_does_not_hang_and_is_named(invoke, org: Path) -> None:
    """Skipped, its team would vanish without a word: it is refused, and said to be a pipe."""
    os.mkfifo(org / "teams" / "pipe.yaml")
    result = invoke("check", org)
    assert result.exit_code == 2 and f"{org / 'teams' / 'pipe.yaml'}: this is not a file but a named pipe (FIFO)" in result.stderr


def test_a_folder_named_like_a_team_file_is_skipped(invoke, org: Path) -> None:
    (org / "teams" / "folder.yaml").mkdir()
    assert invoke("check", org).exit_code == 0


def test_an_empty_folder_says_what_an_organisation_needs(invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("check", tmp_path / "empty")
    assert result.exit_code == 2 and f"{tmp_path / 'empty'}: this folder is empty" in result.stderr


def test_a_missing_path_says_to_check_it(invoke, tmp_path: Path) -> None:
    result = invoke("weak", tmp_path / "missing")
    assert result.exit_code == 2 and "no such file or folder: check the path" in result.stderr


@as_root
def test_an_unreadable_team_file_is_named(invoke, org: Path) -> None:
    locked = org / "teams" / "a.yaml"
    locked.chmod(0)
    result = invoke("check", org)
    assert result.exit_code == 2 and f"{locked}: this file cannot be read" in result.stderr


def test_an_unreadable_team_file_is_named_even_for_root(invoke, org: Path, monkeypatch) -> None:
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("a.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)
    import importlib
    monkeypatch.setattr(importlib.import_module("chainmap.load.regular").os, "open", refuse)
    result = invoke("check", org)
    assert result.exit_code == 2 and "a.yaml: this file cannot be read (Permission denied)" in result.stderr


# --- hostile command-line arguments

HOSTILE_ARGUMENT = "x\x1b[2J\x07<script>alert(1)</script>\"'; node [label=pwned]"


@pytest.mark.parametrize("option", [["chains", "--worker"], ["chains", "--team"], ["render", "--focus"], ["render", "--worker"],
                                    ["render", "--department"]])
def test_a_hostile_argument_is_refused_without_reaching_the_terminal_raw(invoke, org: Path, tmp_path: Path, option) -> None:
    result = invoke(option[0], org, option[1], HOSTILE_ARGUMENT, *(["-o", tmp_path / "m.dot"] if option[0] == "render" else []))
    assert result.exit_code == 2 and "<U+001B>[2J" in result.stderr and "\x1b" not in result.output
    assert not (tmp_path / "m.dot").exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")
def test_a_hostile_poster_title_stays_text_in_valid_svg(invoke, org: Path, tmp_path: Path) -> None:
    refused = invoke("poster", org, "--title", HOSTILE_ARGUMENT, "-o", tmp_path / "p.svg")
    assert refused.exit_code == 2 and "<U+001B>[2J" in refused.stderr  # a control character: refused, shown escaped
    assert invoke("poster", org, "--title", HOSTILE_ARGUMENT.replace("\x1b[2J\x07", ""), "-o", tmp_path / "p.svg").exit_code == 0
    root = ElementTree.parse(tmp_path / "p.svg").getroot()
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script>alert(1)</script>" in "".join(root.itertext())


@pytest.mark.parametrize("answers", [b"team,supplier,score\n\x1b[2Ja,b,7\na,b,=cmd\na,b,99\n", b"\xff\xfe&a ", b"", b"\x00\x00\x00",
                                     b"team;supplier;score\n" + b"a;" * 50_000 + b"\n"])
def test_hostile_survey_answers_never_crash(invoke, org: Path, tmp_path: Path, answers: bytes) -> None:
    (tmp_path / "answers.csv").write_bytes(answers)
    result = invoke("survey", org, tmp_path / "answers.csv", "-o", tmp_path / "scores.yaml")
    assert result.exit_code in (0, 2) and "\x1b" not in result.output and "internal error" not in result.output


@pytest.mark.parametrize("command", [["generate", "--teams", "20", "--workers", "100", "--seed", "1"], ["init"],
                                     ["convert", str(chainmap.example_path())]])
def test_a_folder_written_half_way_is_removed_when_the_disk_fills(invoke, tmp_path: Path, monkeypatch, command) -> None:
    """A half-written organisation would load, with teams missing: none is left behind."""
    import errno

    from chainmap.files import staged
    written = []
    real_write = staged.Stage.write

    def fills_after_one(stage, final, data):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(final)
        real_write(stage, final, data)
    monkeypatch.setattr("chainmap.files.staged.Stage.write", fills_after_one)
    result = invoke(*command, tmp_path / "out")
    assert result.exit_code == 2 and "the disk is full" in result.stderr
    assert written and not (tmp_path / "out").exists()


def test_what_was_in_the_folder_before_stays_when_writing_stops(tmp_path: Path) -> None:
    from chainmap.files.staged import staged_output
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(KeyboardInterrupt), staged_output(tmp_path) as stage:
        stage.write(tmp_path / "teams" / "a.yaml", b"id: a\n")
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
