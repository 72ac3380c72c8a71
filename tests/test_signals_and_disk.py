"""Every write all-or-nothing, tried for real (issue 34, class 6): real signals sent to a real
process, a real full filesystem (a small tmpfs; skipped where it cannot be mounted), a
second real run asking for an output being written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chainmap.files.locks import output_lock

from .hostile.bombs import organisation, single_file


def big_organisation(folder: Path, teams: int = 5_000) -> Path:
    """One YAML file of ``teams`` teams, each serving the next: converting it to a folder
    writes ``teams`` + 1 files, long enough to be stopped half-way."""
    chain = [(f"t{i:05d}", [f"t{i + 1:05d}" if i + 1 < teams else "patients"]) for i in range(teams)]
    return single_file(folder / "big.yaml", chain)


def start(args, folder: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "chainmap", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=folder, env={**os.environ, "CHAINMAP_LOCK_DIR": str(folder / ".locks"), **env})


def wait_for_stage(folder: Path, process: subprocess.Popen, seconds: float = 60) -> bool:
    """Wait until the run has begun writing its hidden folder (``.NAME.chainmap-part…``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in folder.iterdir() if ".chainmap-part" in p.name]
        if staged and any(staged[0].rglob("*.yaml")):
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("stop, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_half_way_through_a_folder_leaves_nothing_and_exits_128_plus_its_number(tmp_path: Path, stop, code: int) -> None:
    source = big_organisation(tmp_path)
    out = tmp_path / "copy"
    run = start(["convert", str(source), str(out), "--to", "yaml-folder"], tmp_path)
    if not wait_for_stage(tmp_path, run):
        run.kill()
        run.communicate()
        pytest.skip("the conversion ended before it could be stopped (a very fast machine)")
    run.send_signal(stop)
    _stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == code, stderr
    assert b"Traceback" not in stderr
    assert not out.exists(), "a half-written folder was left in place"
    assert not [p for p in tmp_path.iterdir() if ".chainmap-part" in p.name], "the hidden folder was left behind"


def test_a_signal_leaves_the_earlier_output_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    small = big_organisation(tmp_path / "small", 2)  # t00000, t00001: the big one writes them again
    out = tmp_path / "copy"
    assert subprocess.run([sys.executable, "-m", "chainmap", "convert", str(small), str(out), "--to", "yaml-folder"],
                          capture_output=True, env={**os.environ, "CHAINMAP_LOCK_DIR": str(tmp_path / ".locks")}).returncode == 0
    before = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file())
    run = start(["convert", str(big_organisation(tmp_path)), str(out), "--to", "yaml-folder", "--force"], tmp_path)
    if not wait_for_stage(tmp_path, run):
        run.kill()
        run.communicate()
        pytest.skip("the conversion ended before it could be stopped")
    run.send_signal(signal.SIGTERM)
    run.communicate(timeout=60)
    assert run.returncode == 143
    assert sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs of 256 KB, mounted for the test (root only; skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_refuses_the_output_and_leaves_nothing_half_written(tmp_path: Path, small_disk: Path) -> None:
    out = small_disk / "copy"
    done = subprocess.run([sys.executable, "-m", "chainmap", "convert", str(big_organisation(tmp_path, 3_000)), str(out),
                           "--to", "yaml-folder"], capture_output=True, env={**os.environ, "CHAINMAP_LOCK_DIR": str(tmp_path / ".l")})
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr and str(small_disk).encode() in done.stderr
    assert list(small_disk.iterdir()) == [], "a part of the output was left on the full disk"


def test_a_full_disk_leaves_the_earlier_pages_of_a_poster_unmixed(tmp_path: Path, small_disk: Path) -> None:
    out = small_disk / "poster.svg"
    out.write_text("<svg>earlier</svg>", encoding="utf-8")
    filler = small_disk / "filler"
    filler.write_bytes(b"x" * (256 * 1024 - 8 * 1024))
    done = subprocess.run([sys.executable, "-m", "chainmap", "poster", str(organisation(tmp_path / "org", 12)), "-o", str(out),
                           "--force"], capture_output=True, env={**os.environ, "CHAINMAP_LOCK_DIR": str(tmp_path / ".l")})
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "<svg>earlier</svg>"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "poster.svg"]


def test_a_second_run_writing_the_same_output_is_refused_naming_the_first(tmp_path: Path, monkeypatch) -> None:
    org = organisation(tmp_path / "org")
    out = tmp_path / "poster.svg"
    monkeypatch.setenv("CHAINMAP_LOCK_DIR", str(tmp_path / ".locks"))
    with output_lock(out):  # this process plays the first run, still writing
        second = subprocess.run([sys.executable, "-m", "chainmap", "poster", str(org), "-o", str(out)], capture_output=True,
                                env={**os.environ, "CHAINMAP_LOCK_DIR": str(tmp_path / ".locks")})
    assert second.returncode == 2, second.stderr
    assert f"process {os.getpid()}".encode() in second.stderr and str(out).encode() in second.stderr
    assert not out.exists()
    after = subprocess.run([sys.executable, "-m", "chainmap", "poster", str(org), "-o", str(out)], capture_output=True,
                           env={**os.environ, "CHAINMAP_LOCK_DIR": str(tmp_path / ".locks")})
    assert after.returncode == 0, after.stderr  # the lock went with the first run
