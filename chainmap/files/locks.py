"""One run at a time per output: a lock taken for as long as an output of several files is written.

Two ``chainmap poster … -o p.svg`` started together each wrote its pages over the other's:
three pages of one run beside three of the other, and both said they succeeded. Each
output is now locked while it is written; a second run asking for the same output is
refused at once, with the number of the process that holds it (waiting would only make it
replace the first run's output a minute later, which the person did not ask for either).

The lock is an advisory lock (``flock``) on a small file named after the output's full
path, kept in the user's cache folder (``~/.cache/chainmap/locks``): nothing is added
beside the output, and the system releases the lock when a process ends, however it
ends (even ``kill -9``): a lock is never left behind.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Optional

from ..errors import ChainmapError
from ..i18n import _

__all__ = ["output_lock", "lock_folder"]

LOCK_FOLDER_VARIABLE = "CHAINMAP_LOCK_DIR"


@contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold the lock of ``target`` for the ``with`` block; raise :class:`ChainmapError` when
    another run holds it. Where no lock can be made (no folder to keep it in, a system
    without ``flock``), the block runs unlocked, as before."""
    stream = _lock_file(Path(target))
    if stream is None:
        yield
        return
    try:
        import fcntl
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ChainmapError(_("{path} is being written by another chainmap run at this moment (process {pid}): "
                                  "wait until it ends, then run this again, or choose another output").format(
                                      path=target, pid=_holder(stream))) from None
        stream.seek(0)
        stream.truncate()
        stream.write(str(os.getpid()).encode("ascii"))
        stream.flush()
        yield
    finally:
        stream.close()  # releases the lock


def lock_folder() -> Optional[Path]:
    """Where the lock files are kept: ``CHAINMAP_LOCK_DIR``, else the user's cache folder."""
    chosen = os.environ.get(LOCK_FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_cache_dir("chainmap", appauthor=False)) / "locks"


def _lock_file(target: Path) -> Optional[IO[bytes]]:
    folder = lock_folder()
    try:
        import fcntl  # noqa: F401 - only to know that flock exists here
    except ImportError:
        return None
    if folder is None:
        return None
    name = hashlib.sha256(os.path.abspath(os.path.realpath(target)).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return None
    return os.fdopen(handle, "r+b")


def _holder(stream: IO[bytes]) -> str:
    """The process number the holder wrote in the lock file ("?" if it has not yet)."""
    try:
        stream.seek(0)
        written = stream.read(20).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return written if written.isdigit() else "?"
