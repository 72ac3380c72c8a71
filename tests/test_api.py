"""The library API a script uses: everything a command does, with no click.

Each test does with ``chainmap.load``, ``chainmap.analyse``, ``chainmap.render``,
``chainmap.formats`` and ``chainmap.save`` what a command does, and compares the result
with the command's own output: a script and the command line give the same answer.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import chainmap
from chainmap.survey import LinkScore, Overlay, overlay_yaml

AS_OF = dt.date(2026, 11, 23)
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed")


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    """A survey overlay that rates one of the example's links 3/10 (below its threshold of 7)."""
    scores = Overlay(dt.date(2026, 11, 20), 5, links=(LinkScore("brancardage", "laboratoire", 9, 3.0, -80),))
    path = tmp_path / "satisfaction.yaml"
    path.write_text(overlay_yaml(scores, path.name), encoding="utf-8")
    return path


def test_the_library_uses_no_click() -> None:
    """A script that loads, analyses, exports and saves never imports click (nor the commands)."""
    script = ("import sys, tempfile, pathlib, chainmap; "
              "r = chainmap.analyse(chainmap.load(chainmap.example_path())); chainmap.to_dot(r); "
              "chainmap.formats.write(r, 'graphml'); chainmap.formats.write(r, 'csv', table='findings'); "
              "chainmap.save(r.org, pathlib.Path(tempfile.mkdtemp()) / 'o.xlsx'); "
              "print(sorted(m for m in sys.modules if m == 'click' or m.startswith(('click.', 'chainmap.cli'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_analyse_with_a_survey_gives_what_weak_survey_gives(invoke, overlay: Path) -> None:
    org = chainmap.load(chainmap.example_path())
    analysis = chainmap.analyse(org, survey=overlay, as_of=AS_OF, confirmed_only=True)
    low = [(f.supplier, f.client) for f in analysis.findings if f.rule == "low-satisfaction"]
    assert ("brancardage", "laboratoire") in low and analysis.org.survey is not None
    command = invoke("weak", chainmap.example_path(), "--survey", overlay, "--as-of", AS_OF.isoformat(),
                     "--confirmed-only", "--format", "json")
    assert json.loads(command.stdout) == json.loads(chainmap.formats.findings_json(analysis))


def test_analyse_takes_a_survey_already_read(overlay: Path) -> None:
    from chainmap.survey import read_overlay
    org = chainmap.load(chainmap.example_path())
    by_path = chainmap.analyse(org, survey=overlay, as_of=AS_OF)
    by_overlay = chainmap.analyse(org, survey=read_overlay(overlay, org), as_of=AS_OF)
    assert by_path.findings == by_overlay.findings


def test_a_file_that_is_no_survey_is_refused_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("links: []\n", encoding="utf-8")
    with pytest.raises(chainmap.ChainmapError, match="is not a survey overlay"):
        chainmap.analyse(chainmap.load(chainmap.example_path()), survey=tmp_path / "x.yaml")


@pytest.mark.parametrize("name", sorted(chainmap.formats.FORMATS))
def test_every_export_by_name_is_what_export_writes(invoke, tmp_path: Path, name: str) -> None:
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    output = tmp_path / f"out{chainmap.formats.FORMATS[name].suffixes[0]}"
    assert invoke("export", chainmap.example_path(), "-o", output, "--as-of", AS_OF.isoformat()).exit_code == 0
    assert output.read_bytes() == chainmap.formats.write(analysis, name).encode("utf-8")


@pytest.mark.parametrize("name", ["org.xlsx", "org.yaml", "org-folder"])
def test_save_is_the_inverse_of_load(tmp_path: Path, name: str) -> None:
    org = chainmap.load(chainmap.example_path())
    written = chainmap.save(org, tmp_path / name)
    assert written and chainmap.analyse(chainmap.load(tmp_path / name), as_of=AS_OF).findings == \
        chainmap.analyse(org, as_of=AS_OF).findings


def test_save_writes_the_bytes_convert_writes(invoke, tmp_path: Path) -> None:
    chainmap.save(chainmap.load(chainmap.example_path()), tmp_path / "library.xlsx")
    assert invoke("convert", chainmap.example_path(), tmp_path / "command.xlsx").exit_code == 0
    assert (tmp_path / "library.xlsx").read_bytes() == (tmp_path / "command.xlsx").read_bytes()


@needs_dot
def test_render_draws_what_the_render_command_draws(invoke, tmp_path: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=AS_OF)
    chainmap.render(analysis, tmp_path / "library.svg")
    invoke("render", chainmap.example_path(), "-o", tmp_path / "command.svg", "--as-of", AS_OF.isoformat())  # exit 1: the example has errors
    assert (tmp_path / "library.svg").read_bytes() == (tmp_path / "command.svg").read_bytes()
