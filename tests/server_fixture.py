"""A served copy of an organisation, for the server's tests: in-process (Starlette's test
client) or as a real ``chainmap serve`` process on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import chainmap
from chainmap.server.app import create_app
from chainmap.server.config import ServerConfig
from chainmap.server.store import Store

TODAY = dt.date(2026, 12, 7)
ADDRESS = re.compile(r"(http://127\.\d+\.\d+\.\d+:(\d+))/\?token=(\S+)")


def copy_example(folder: Path) -> Path:
    root = folder / "hopital"
    shutil.copytree(chainmap.example_path(), root)
    return root


@dataclass
class Served:
    """An application and the tokens of its links: ``admin``, and per team ``team`` and ``survey``."""

    root: Path
    app: object
    store: Store
    admin: str
    team: Dict[str, str] = field(default_factory=dict)
    survey: Dict[str, str] = field(default_factory=dict)
    client: object = None


def served(root: Path, teams: List[str], watch: bool = False, min_responses: int = 5) -> Served:
    config = ServerConfig(root=root, state=root.parent / "state", allowed_hosts=("testserver",), watch=watch,
                          min_responses=min_responses, today=lambda: TODAY)
    store = Store(config.database)
    app = create_app(config, store)
    _link, admin = store.issue("admin")
    result = Served(root, app, store, admin)
    for team_id in teams:
        result.team[team_id] = store.issue("team", team_id)[1]
        result.survey[team_id] = store.issue("survey", team_id)[1]
    return result


@dataclass
class Process:
    """A ``chainmap serve`` process, its address, and its admin token."""

    process: subprocess.Popen
    url: str
    port: int
    admin: str
    output: List[str]
    reader: Optional[threading.Thread] = None

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL if kill else signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self.reader is not None:
            self.reader.join(5)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_server(root: Path, *options: str, timeout: float = 60.0) -> Process:
    """``chainmap serve ROOT --port 0``, waited for until it prints its address."""
    command = [sys.executable, "-m", "chainmap", "serve", str(root), "--port", "0", "--lang", "en", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    output: List[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        match = ADDRESS.search(line)
        if match:
            reader = threading.Thread(target=_drain, args=(process, output), daemon=True)
            reader.start()
            return Process(process, match.group(1), int(match.group(2)), match.group(3), output, reader)
    process.kill()
    raise RuntimeError("the server did not start: " + "".join(output))


def _drain(process: subprocess.Popen, output: List[str]) -> None:
    """Keep reading what the server prints, so that it never blocks on a full pipe."""
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)


def invitations(folder: Path) -> Dict[str, Dict[str, str]]:
    """The invitations ``--invite`` wrote, by team."""
    import csv
    text = (folder / "invitations.csv").read_text(encoding="utf-8-sig")
    return {row["team"]: row for row in csv.DictReader(text.splitlines())}


def csrf_of(page: str) -> str:
    """The CSRF token a page carries in its forms."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def base_of(page: str) -> Optional[str]:
    match = re.search(r'name="base" value="([0-9a-f]{64})"', page)
    return match.group(1) if match else None
