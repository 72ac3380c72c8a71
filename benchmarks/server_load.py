"""Load test of `chainmap serve`: simulated team leads saving their teams at once.

    .venv/bin/python benchmarks/server_load.py [--teams 2000] [--leads 50] [--edits 20]

Generates an organisation (``chainmap generate``), starts ``chainmap serve`` on 127.0.0.1
(nothing else is ever contacted), and runs ``--leads`` team leads at once, each with its own
invitation and cookies (httpx's async client), each making ``--edits`` saves of its own
team as a browser does: open the form (its CSRF token and the file's content hash), then
post it with one field changed, at once by default (``--think S``: a pause of about S
seconds between two saves of a lead, as a person would take). Loops are bounded (leads × edits requests, a deadline on
each) and stop by themselves. Then it checks that every edit is in the files and in the
journal, and prints the latency of the saves (median, 95th percentile, worst), beside a floor
measured in the same run (as many clients making bare round trips) and the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from server_fixture import invitations, start_server  # noqa: E402

from chainmap.load.reading import read_team_bytes  # noqa: E402
from chainmap.server.draft import as_form, draft_of  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BASE = re.compile(r'name="base" value="([0-9a-f]{64})"')


def generate(folder: Path, teams: int) -> Path:
    subprocess.run([sys.executable, "-m", "chainmap", "generate", "--teams", str(teams), "--workers", str(teams * 10),
                    "--seed", "1", str(folder)], check=True, capture_output=True)
    return folder


def enps_for(lead: int, edit: int) -> int:
    """A value no other edit of this lead uses, so that each edit can be found again."""
    return -100 + (lead * 7 + edit * 9) % 201 if edit else 0


async def lead(url: str, link: str, team: str, path: Path, number: int, edits: int,
               latencies: List[float], deadline: float, think: float = 0.0) -> List[int]:
    written: List[int] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        await client.get(link.replace(url, ""))
        for edit in range(edits):
            if time.monotonic() > deadline:
                break
            page = (await client.get(f"/teams/{team}")).text
            declared, _problems = read_team_bytes(path, path.read_bytes())
            value = enps_for(number, edit + 1)
            fields = {**as_form(draft_of(declared)), "enps": str(value),
                      "csrf": CSRF.search(page).group(1), "base": BASE.search(page).group(1)}
            started = time.monotonic()
            answer = await client.post(f"/teams/{team}", data=fields)
            latencies.append(time.monotonic() - started)
            if answer.status_code == 200 and "Saved" in answer.text:
                written.append(value)
            if think:
                await asyncio.sleep(think * (0.5 + (number * 31 + edit * 17) % 100 / 100))
    return written


async def bare_round_trips(url: str, leads: int, count: int) -> List[float]:
    """The floor, measured in the same run: as many clients at once, each making ``count``
    requests that the server answers with nothing (its middleware and uvicorn only)."""
    async def one() -> List[float]:
        times = []
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            for _ in range(count):
                started = time.monotonic()
                await client.get("/favicon.ico")
                times.append(time.monotonic() - started)
        return times
    return [t for times in await asyncio.gather(*(one() for _ in range(leads))) for t in times]


async def all_leads(url: str, links: Dict[str, Dict[str, str]], files: Dict[str, Path], edits: int,
                    latencies: List[float], budget: float, think: float = 0.0) -> Dict[str, List[int]]:
    deadline = time.monotonic() + budget
    teams = sorted(links)
    results = await asyncio.gather(*(lead(url, links[t]["edit_link"], t, files[t], i, edits, latencies, deadline, think)
                                     for i, t in enumerate(teams)))
    return dict(zip(teams, results))


def team_files(root: Path, teams: List[str]) -> Dict[str, Path]:
    found: Dict[str, Path] = {}
    for path in sorted((root / "teams").rglob("*.yaml")):
        team, _problems = read_team_bytes(path, path.read_bytes())
        if team is not None and team.id in teams:
            found[team.id] = path
    return found


def check(root: Path, state: Path, files: Dict[str, Path], written: Dict[str, List[int]]) -> List[str]:
    """Every accepted edit is in the journal, in order, and the last one is in the file."""
    problems = []
    with sqlite3.connect(state / "server.sqlite") as db:
        rows = db.execute("SELECT team, after FROM journal WHERE action = 'saved' ORDER BY id").fetchall()
    journaled: Dict[str, List[int]] = {}
    for team, after in rows:
        match = re.search(r"^enps: (-?\d+)", after, re.MULTILINE)
        journaled.setdefault(team, []).append(int(match.group(1)) if match else None)
    for team, values in written.items():
        if journaled.get(team, []) != values:
            problems.append(f"{team}: journal {journaled.get(team)} != saves {values}")
        declared, _ = read_team_bytes(files[team], files[team].read_bytes())
        if values and declared.enps != values[-1]:
            problems.append(f"{team}: file has enps {declared.enps}, last save {values[-1]}")
    return problems


def run_load(teams: int, leads: int, edits: int, folder: Path, budget: float = 600.0,
             think: float = 0.0) -> Dict[str, object]:
    root = generate(folder / "org", teams)
    started = time.monotonic()
    server = start_server(root, "--invite", str(folder / "invitations"), timeout=300)
    load_seconds = time.monotonic() - started
    try:
        links = invitations(folder / "invitations")
        chosen = dict(list(sorted(links.items()))[:leads])
        files = team_files(root, list(chosen))
        latencies: List[float] = []
        floor = sorted(asyncio.run(bare_round_trips(server.url, leads, 2 * edits)))
        started = time.monotonic()
        written = asyncio.run(all_leads(server.url, chosen, files, edits, latencies, budget, think))
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    ordered = sorted(latencies)
    return {
        "teams": teams, "leads": leads, "edits": edits, "think_s": think, "start_s": round(load_seconds, 2),
        "saves": len(latencies), "accepted": sum(len(v) for v in written.values()), "seconds": round(elapsed, 2),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "max_ms": round(1000 * ordered[-1], 1) if ordered else None,
        "floor_p50_ms": round(1000 * statistics.median(floor), 1),
        "floor_p95_ms": round(1000 * floor[int(0.95 * (len(floor) - 1))], 1),
        "load_average": round(os.getloadavg()[0], 2),
        "problems": check(root, root / ".chainmap", files, written),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=50)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a lead waits between two saves, on average (0: none, the worst case)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chainmap-load-") as folder:
        result = run_load(options.teams, options.leads, options.edits, Path(folder), think=options.think)
    print(json.dumps(result, indent=1))
    if result["problems"] or result["accepted"] != options.leads * options.edits:
        sys.exit(1)


if __name__ == "__main__":
    main()
