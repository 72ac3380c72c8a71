"""Progress shown to a person waiting on a long operation, and only to them.

The library never prints: long operations (loading thousands of files, writing a
generated organisation) accept an optional ``progress(done, total)`` callback. The command
line passes one made here, which draws a bar on stderr when stderr is a terminal and
``--quiet`` was not given, and does nothing otherwise, so that CI logs, pipes and
redirected output stay clean.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from typing import IO, Any, Callable, Iterator, Optional

import click

__all__ = ["ProgressBar", "progress_bar", "stderr_is_terminal", "waiting_notice"]

# Below this many steps a bar would only flicker: nothing is shown.
MIN_STEPS = 200


def stderr_is_terminal(stream: Optional[IO[Any]] = None) -> bool:
    """True when a person is watching: stderr is an interactive terminal."""
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """A ``progress(done, total)`` callback that draws a click progress bar on stderr.

    The bar is created at the first call, once the total is known, and only for
    operations long enough to deserve one.
    """

    def __init__(self, label: str, stream: Optional[IO[Any]] = None, min_steps: int = MIN_STEPS):
        self.label = label
        self.stream: Any = stream if stream is not None else sys.stderr
        self.min_steps = min_steps
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.min_steps:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=self.stream,
                                         update_min_steps=max(1, total // 100), width=30)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        """Finish the bar's line, so that what follows starts on a clean line."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@contextmanager
def progress_bar(label: str, enabled: bool = True,
                 min_steps: int = MIN_STEPS) -> Iterator[Optional[Callable[[int, int], None]]]:
    """A progress callback for a ``with`` block, or ``None`` when nobody would see it.

    ``min_steps``: the fewest steps that get a bar; fewer for slow steps (a page of cards
    takes half a second to convert, a team file a thousandth).
    """
    if not enabled or not stderr_is_terminal():
        yield None
        return
    bar = ProgressBar(label, min_steps=min_steps)
    try:
        yield bar
    finally:
        bar.close()


@contextmanager
def waiting_notice(text: str, enabled: bool = True, delay: float = 1.0) -> Iterator[None]:
    """Show ``text`` with the seconds elapsed while a step with no known length runs.

    Used around a Graphviz layout: nothing appears if it ends within ``delay`` seconds,
    and the line is erased at the end.
    """
    if not enabled or not stderr_is_terminal():
        yield
        return
    finished = threading.Event()
    start = time.monotonic()

    def tick() -> None:
        shown = False
        while not finished.wait(0.5 if shown else delay):
            shown = True
            sys.stderr.write(f"\r{text} {time.monotonic() - start:4.0f} s")
            sys.stderr.flush()
        if shown:
            sys.stderr.write("\r" + " " * (len(text) + 8) + "\r")
            sys.stderr.flush()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join()
