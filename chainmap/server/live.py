"""Keeping the analysis live: one background task re-reads what changed and re-analyses.

Saves and file events (watchfiles: an editor, a ``git pull``) only mark files as changed
and wake the task; it refreshes in a worker thread, so pages keep being served meanwhile.
Changes that arrive during a refresh are taken together by the next one: fifty saves in a
second cost a few refreshes, not fifty. After each refresh the task rests as long as the
refresh took three times over, so that re-analysing a large organisation never takes more than a quarter of the
machine from the people saving. Pages that must show a save's effect wait for the
snapshot that includes it (:meth:`Live.wait_written`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any, Callable, List, Optional

import anyio.to_thread

from .state import OrgState, OutsideChange
from .store import Store

__all__ = ["Live", "OUTSIDE"]

OUTSIDE = "files"  # the journal's actor for a change made outside the server
log = logging.getLogger("chainmap.server")


class Live:
    """The refresh task, the file watcher, and what pages wait on."""

    def __init__(self, state: OrgState, store: Store, watch: bool = True):
        self.state = state
        self.store = store
        self.watch_files = watch
        self._wake = asyncio.Event()
        self._changed = asyncio.Condition()
        self._stop = asyncio.Event()
        self.last_cost = 0.0

    def poke(self) -> None:
        """Something changed: refresh soon."""
        self._wake.set()

    async def start(self, on_task: Callable[[Any], None]) -> None:
        """Read everything once (journaling what changed while the server was stopped), then
        start the refresh task and, if asked, the watcher."""
        await anyio.to_thread.run_sync(self.state.refresh)
        await anyio.to_thread.run_sync(self._reconcile)
        on_task(asyncio.create_task(self._refresh_forever()))
        if self.watch_files:
            on_task(asyncio.create_task(self._watch()))

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _reconcile(self) -> None:
        """Files that differ from what the journal last recorded were changed while the server
        was stopped (or a save was cut short after its file was written): journal them."""
        files = self.state.snapshot.files
        for path, after in sorted(self.store.last_written().items()):
            current = files.get(path)
            text = current.data.decode("utf-8", "replace") if current is not None and current.data is not None else None
            if text != after:
                self.store.journal(OUTSIDE, "changed while stopped", path, _team_of(current), None, after, text)

    async def _refresh_forever(self) -> None:
        while not self._stop.is_set():
            await self._wake.wait()
            self._wake.clear()
            if self._stop.is_set():
                return
            await asyncio.sleep(0.01)  # let a burst of events arrive together
            started = time.monotonic()
            try:
                outside = await anyio.to_thread.run_sync(self.state.refresh)
                await anyio.to_thread.run_sync(self._journal, outside)
            except Exception:  # a bug must not stop the live updates: log it, keep serving
                log.exception("refresh failed")
            self.last_cost = time.monotonic() - started
            async with self._changed:
                self._changed.notify_all()
            await asyncio.sleep(min(3 * self.last_cost, 2.0))  # at most a quarter of the time re-analysing

    def _journal(self, changes: List[OutsideChange]) -> None:
        files = self.state.snapshot.files
        for change in changes:
            action = "added" if change.before is None else "removed" if change.after is None else "changed"
            self.store.journal(OUTSIDE, action, change.relative, _team_of(files.get(change.relative)), None,
                               _text(change.before), _text(change.after))

    async def _watch(self) -> None:
        from watchfiles import awatch
        root = self.state.root
        try:
            async for changes in awatch(root, stop_event=self._stop, watch_filter=_not_hidden(root),
                                        debounce=50, step=20):
                paths = [Path(path) for _change, path in changes]
                folders = any(self.state.relative(path) is None for path in paths)
                if self.state.changed(paths, rescan=folders):
                    self.poke()
        except Exception:  # the watcher is a convenience: saves still update the pages
            log.exception("the file watcher stopped")

    async def wait_written(self, written: int, timeout: float = 10.0) -> bool:
        """Wait until the snapshot includes the server's write number ``written``."""
        return await self._wait(lambda: self.state.snapshot.written >= written, timeout)

    async def wait_newer(self, version: int, timeout: float) -> bool:
        """Wait until the snapshot is newer than ``version`` (long polling)."""
        return await self._wait(lambda: self.state.snapshot.version > version, timeout)

    async def _wait(self, ready: Callable[[], bool], timeout: float) -> bool:
        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(ready)
        if ready():
            return True
        try:
            await asyncio.wait_for(until(), timeout)
            return True
        except asyncio.TimeoutError:
            return False


def _team_of(file: Optional[Any]) -> Optional[str]:
    team = getattr(file, "team", None)
    return team.id if team is not None else None


def _text(data: Optional[bytes]) -> Optional[str]:
    return data.decode("utf-8", "replace") if data is not None else None


def _not_hidden(root: Path) -> Callable[[Any, str], bool]:
    """Watch what the loader reads: nothing in hidden folders (``.git``, the server's own ``.chainmap``)."""
    resolved = root.resolve()

    def keep(_change: Any, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(resolved).parts
        except ValueError:
            return False
        return not any(part.startswith(".") for part in parts)
    return keep
