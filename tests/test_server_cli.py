"""`chainmap serve` and `chainmap invite` on the command line: what they refuse, what they write."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from chainmap.cli import cli

from .server_fixture import copy_example, invitations

ROOT = Path(__file__).resolve().parent.parent


def benchmark(name: str):
    """A module of benchmarks/, loaded from its file (benchmarks/ is no package)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_invite_writes_a_csv_and_a_printable_sheet_readable_by_their_owner_only(runner, tmp_path):
    root = copy_example(tmp_path)
    result = runner.invoke(cli, ["invite", str(root), "-o", str(tmp_path / "out"), "--base-url", "http://10.0.0.5:8000"])
    assert result.exit_code == 0, result.output
    rows = invitations(tmp_path / "out")
    assert len(rows) == 22 and rows["urgences"]["name"] == "Urgences"
    assert rows["urgences"]["edit_link"].startswith("http://10.0.0.5:8000/?token=")
    assert rows["urgences"]["edit_link"] != rows["urgences"]["survey_link"]
    sheet = (tmp_path / "out" / "invitations.html").read_text(encoding="utf-8")
    assert sheet.count("<svg") == 44 and "Urgences" in sheet  # two QR codes per team
    for name in ("invitations.csv", "invitations.html"):
        assert stat.S_IMODE(os.stat(tmp_path / "out" / name).st_mode) == 0o600
    assert (root / ".chainmap" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    again = runner.invoke(cli, ["invite", str(root), "-o", str(tmp_path / "out2"), "--team", "urgences"])
    assert again.exit_code == 0 and list(invitations(tmp_path / "out2")) == ["urgences"]
    from chainmap.server.store import Store
    store = Store(root / ".chainmap" / "server.sqlite")
    token = rows["urgences"]["edit_link"].split("token=")[1]
    assert store.link_for(token) is None  # issued again: the first one is revoked
    assert store.link_for(rows["pharmacie"]["edit_link"].split("token=")[1]) is not None


def test_invitations_are_never_written_inside_the_organisation(runner, tmp_path):
    root = copy_example(tmp_path)
    result = runner.invoke(cli, ["invite", str(root), "-o", str(root / "invitations")])
    assert result.exit_code == 2 and "inside the organisation's folder" in result.output


def test_invite_refuses_an_unknown_team(runner, tmp_path):
    root = copy_example(tmp_path)
    result = runner.invoke(cli, ["invite", str(root), "-o", str(tmp_path / "out"), "--team", "nobody"])
    assert result.exit_code == 2 and "no team has the id nobody" in result.output


def test_serve_refuses_a_workbook_and_says_how_to_convert_it(runner, tmp_path):
    workbook = tmp_path / "org.xlsx"
    assert runner.invoke(cli, ["convert", str(copy_example(tmp_path)), str(workbook)]).exit_code == 0
    result = runner.invoke(cli, ["serve", str(workbook)])
    assert result.exit_code == 2 and "chainmap convert" in result.output


def test_serve_wants_an_organisation_or_the_demo(runner, tmp_path):
    assert "--demo" in runner.invoke(cli, ["serve"]).output
    assert runner.invoke(cli, ["serve", str(tmp_path), "--demo"]).exit_code == 2


def test_a_short_load_test_every_edit_in_the_files_and_the_journal(tmp_path):
    """The load test of benchmarks/server_load.py, small: 6 leads, 4 saves each, at once."""
    run_load = benchmark("server_load").run_load
    result = run_load(teams=60, leads=6, edits=4, folder=tmp_path, budget=120)
    assert result["problems"] == [] and result["accepted"] == 24, result


def test_the_command_line_starts_no_slower_for_the_server(tmp_path):
    """`chainmap --help` lists `serve` without importing the server (Starlette, uvicorn, Jinja2…)."""
    import subprocess
    code = ("import sys; from chainmap.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'ruamel', 'watchfiles') or m.startswith('chainmap.server')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "serve" in result.stdout and result.stdout.strip().endswith("[]")


@pytest.mark.parametrize("host", ["127.0.0.2"])  # not 127.0.0.1, yet never beyond this machine in a test
def test_listening_beyond_localhost_warns_to_put_tls_in_front(tmp_path, host):
    from .server_fixture import start_server
    root = copy_example(tmp_path)
    server = start_server(root, "--host", host)
    try:
        assert any("reverse proxy with TLS" in line for line in server.output)
    finally:
        server.stop()
