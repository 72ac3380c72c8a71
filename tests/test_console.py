"""A console that cannot show every character (cp1252 on Windows) still gets the whole output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chainmap.examples import example_path


@pytest.mark.parametrize("command", ["weak", "chains", "check"])
def test_a_cp1252_console_gets_plain_look_alikes_not_a_crash(command: str) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([sys.executable, "-m", "chainmap", "--lang", "fr", command, str(example_path())],
                            capture_output=True, env=environment, check=False)
    assert result.returncode in (0, 1), result.stderr.decode("cp1252")
    text = result.stdout.decode("cp1252")
    assert "Traceback" not in result.stderr.decode("cp1252")
    assert "é" in text  # what cp1252 has stays as it is
    if command == "chains":
        assert " -> " in text and "→" not in text


def test_a_reader_that_goes_away_is_no_internal_error() -> None:
    """`chainmap chains ORG | head -1`: the pipe closes before chainmap has written everything."""
    with subprocess.Popen([sys.executable, "-m", "chainmap", "chains", str(example_path())],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before chainmap has even loaded: its first write meets a closed pipe
        errors = process.stderr.read().decode("utf-8")
        assert process.wait() == 141, errors
    assert errors == ""
