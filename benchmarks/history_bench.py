"""How fast `chainmap history` reads a git history, and what the cache saves.

    .venv/bin/python benchmarks/history_bench.py [--teams 500] [--commits 12]

Builds a generated organisation in a fresh repository, with COMMITS commits that each
change one team file, then times, in one process:

- writing every commit's files with chainmap's reader (``git ls-tree`` + one
  ``git cat-file --batch``, only the files that changed rewritten),
  against ``git archive COMMIT PATH | tar -x`` into a fresh folder per commit;
- `history_of` without cache (load + analysis + figures of every point), then with a
  cold cache, then warm (every point read from the cache);
- the floor: loading and analysing the last commit's folder once.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

import chainmap
from chainmap.examples.generate import generate, write_organisation
from chainmap.history import history_of
from chainmap.history.git import find_git_organisation
from chainmap.history.timeline import commit_points


def _git(repo: Path, *args: str, day: int = 0) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="B", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="B",
               GIT_COMMITTER_EMAIL="b@example.org", GIT_AUTHOR_DATE=f"2026-01-{1 + day:02d}T10:00:00+00:00",
               GIT_COMMITTER_DATE=f"2026-01-{1 + day:02d}T10:00:00+00:00")
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def build(root: Path, teams: int, commits: int) -> Path:
    org = root / "org"
    write_organisation(generate(teams, teams * 10, seed=2), org)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "initial")
    files = sorted(org.rglob("*.yaml"))[1:]
    for step in range(1, commits):
        target = files[(step * 37) % len(files)]
        target.write_text(target.read_text(encoding="utf-8").replace("enps:", "enps: ", 1) + f"# change {step}\n", encoding="utf-8")
        _git(root, "commit", "-qam", f"change {step}", day=step)
    return org


def timed(label: str, work, floor: float = 0.0) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / floor:.1f}x the floor)" if floor else ""
    print(f"{label:58s} {seconds:7.2f} s{ratio}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--commits", type=int, default=12)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        org = build(root, options.teams, options.commits)
        repo = find_git_organisation(org)
        assert repo is not None
        points = commit_points(repo.commits())
        print(f"{options.teams} teams, {len(points)} commits, {len(list(org.rglob('*.yaml')))} files")
        floor = timed("floor: load + analyse the last version once", lambda: chainmap.analyse(chainmap.load(org, processes=1)))

        def ours() -> None:
            from chainmap.history.git import Commit
            target = root / "ours"
            target.mkdir()
            with repo.checkout(target) as writer:
                for p in points:
                    writer.write(Commit(p.ref, __import__("datetime").datetime.fromisoformat(p.moment), p.label, p.content))

        def archive() -> None:
            for index, p in enumerate(points):
                target = root / f"archive{index}"
                target.mkdir()
                data = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", p.ref, "org"], capture_output=True, check=True).stdout
                with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                    tar.extractall(target, filter="data")
                shutil.rmtree(target)

        timed("write every commit's files: ls-tree + cat-file --batch", ours, floor)
        timed("write every commit's files: git archive | tar, per commit", archive, floor)
        timed("history, no cache (load + analyse every point)", lambda: history_of(org, use_cache=False), floor)
        cache = root / "cache.sqlite"
        timed("history, cold cache", lambda: history_of(org, cache=cache), floor)
        timed("history, warm cache (every point read back)", lambda: history_of(org, cache=cache), floor)


if __name__ == "__main__":
    main()
