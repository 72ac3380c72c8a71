"""Read only regular files, and never more of one than a bound: every input goes through here.

A path given to chainmap, or found in an organisation's folder, is not always a file. It
may be a link to ``/dev/zero`` (read until memory runs out), a named pipe (opening one
waits for a writer that never comes), a socket, a file of ``/proc`` (its size says 0, and
``/proc/self/mem`` answers an input/output error), or a link to nothing. So, for every file
chainmap reads — declarations, CSV tables, workbooks, survey answers, overlays, baselines,
what-if files, history databases:

- the path is looked at (``stat``) before it is opened: a regular file within the size
  bound, or a refusal that names the file and says what it is;
- it is opened without waiting (``O_NONBLOCK``: a pipe put in its place in between would
  not hang the run) and looked at again once open (``fstat``): the file read is the file
  checked;
- the read itself stops one byte past the bound, whatever the size said: a file that grows
  while it is read, or a system file whose size is 0, is refused, not read forever.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "a.yaml"
...     _ = path.write_text("id: a")
...     read_bytes(path, 100)
b'id: a'
>>> refusal(pathlib.Path("/dev/null"), 100).message.startswith("this is not a file but a device")
True
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from typing import BinaryIO, Optional, Tuple, Union

from ..errors import ChainmapError, Problem
from ..i18n import _
from ..i18n.localise import format_number

__all__ = ["SIDE_FILE_BYTES", "RefusedFile", "head", "open_regular", "read_bytes", "refusal", "refuse_unless_regular", "what_it_is"]

PathLike = Union[str, "os.PathLike[str]"]
# The most read of a file beside the declarations (an overlay, a baseline, a what-if file):
# far above any real one, far below what would exhaust memory.
SIDE_FILE_BYTES = 64 * 1024 * 1024
# The file systems of the running system: their files are views of it, not documents.
_SYSTEM_FOLDERS = ("/proc", "/sys")


class RefusedFile(ChainmapError):
    """A file chainmap will not read (not a regular file, too large, unreadable); ``problem``
    says which and why, as ``path: message``."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def refusal(path: PathLike, limit: Optional[int] = None) -> Optional[Problem]:
    """Why ``path`` cannot be read as a file of at most ``limit`` bytes; ``None``: it can."""
    try:
        status = os.stat(path)
    except OSError as error:
        return _unreachable(path, error)
    return _kind_problem(path, status) or _size_problem(path, status.st_size, limit)


def read_bytes(path: PathLike, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; raises :class:`RefusedFile`."""
    with open_regular(path, limit) as stream:
        # as many bytes as the file said it had, then what it grew by: read(limit + 1) at once
        # set 10 MB aside for every small file (benchmarks/RESULTS.md, issue 31 part C)
        size = os.fstat(stream.fileno()).st_size
        data = stream.read(min(size, limit) + 1)
        if len(data) > size:
            data += stream.read(limit + 1 - len(data))
    if len(data) > limit:
        raise RefusedFile(_grew_problem(path, limit))
    return data


def open_regular(path: PathLike, limit: Optional[int] = None) -> BinaryIO:
    """``path`` opened for reading in binary, once checked to be a regular file within
    ``limit`` bytes (before and after opening); raises :class:`RefusedFile`.

    For readers that take a file object (zip archives): the size checked is the size on
    disk; a zip reader reads no further than its directory says.
    """
    problem = refusal(path, limit)
    if problem is not None:
        raise RefusedFile(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise RefusedFile(_unreachable(path, error)) from None
    try:
        status = os.fstat(handle)
        problem = _kind_problem(path, status) or _size_problem(path, status.st_size, limit)
        if problem is not None:
            raise RefusedFile(problem)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def head(path: PathLike, size: int) -> bytes:
    """The first ``size`` bytes of ``path``, or ``b""`` when it is not a regular file one may
    read: for a quick look before the real read, which reports the refusal."""
    try:
        with open_regular(path) as stream:
            return stream.read(size)
    except (RefusedFile, OSError):
        return b""


def refuse_unless_regular(path: PathLike) -> None:
    """Raise :class:`RefusedFile` when ``path`` exists (or is a link) and is not a regular
    file: for a database, which SQLite would open blocking (a pipe) or write into (a device)."""
    if os.path.lexists(path):
        problem = refusal(path)
        if problem is not None:
            raise RefusedFile(problem)


def what_it_is(path: PathLike) -> Optional[str]:
    """What ``path`` is when it is not a regular file ("a device", "a named pipe (FIFO)"…),
    ``None`` when it is one, or does not exist."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return _kind(path, status)


def _kind(path: PathLike, status: os.stat_result) -> Optional[str]:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return _("a view of the running system (a file of /proc or /sys)") if _is_system_file(path, status) else None
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _kind_problem(path: PathLike, status: os.stat_result) -> Optional[Problem]:
    kind = _kind(path, status)
    if kind is None:
        return None
    link = _link_target(path)
    if link is not None:
        message = _("this is not a file but a link to {target}, which is {kind}: chainmap reads only regular files; give the file itself")
        return Problem(str(path), None, message.format(target=link, kind=kind))
    message = _("this is not a file but {kind}: chainmap reads only regular files; give the file itself")
    return Problem(str(path), None, message.format(kind=kind))


def _size_problem(path: PathLike, size: int, limit: Optional[int]) -> Optional[Problem]:
    if limit is None or size <= limit:
        return None
    message = _("this file is {size} bytes, more than the {limit} chainmap reads from one file: is it the right file? (raise the limit with --max-file-size)")
    return Problem(str(path), None, message.format(size=format_number(size), limit=format_number(limit)))


def _grew_problem(path: PathLike, limit: int) -> Problem:
    message = _("this file holds more than the {limit} bytes chainmap reads from one file (it grew while it was read, or it is not a document): is it the right file? (raise the limit with --max-file-size)")
    return Problem(str(path), None, message.format(limit=format_number(limit)))


def _unreachable(path: PathLike, error: OSError) -> Problem:
    """The problem of a path that cannot be looked at: missing, a link to nothing, a loop of links."""
    if os.path.islink(path) and not os.path.exists(path):
        target = _link_target(path) or "?"
        message = _("this file is a link to {target}, which does not exist (moved or deleted?): restore the file it points to, or remove the link")
        return Problem(str(path), None, message.format(target=target))
    if isinstance(error, FileNotFoundError):
        return Problem(str(path), None, _("no such file or folder: check the path"))
    message = _("this file cannot be read ({reason}): check that it exists and that you may read it")
    return Problem(str(path), None, message.format(reason=error.strerror or error))


def _link_target(path: PathLike) -> Optional[str]:
    """Where a link leads, as ``ls -l`` shows it; ``None``: not a link."""
    try:
        return os.readlink(path)
    except OSError:
        return None


def _is_system_file(path: PathLike, status: os.stat_result) -> bool:
    """Whether a regular-looking file is one of /proc or /sys: its size is 0 or made up, and
    reading it answers with the state of the machine (or, for /proc/self/mem, an error)."""
    if status.st_dev in _system_devices():
        return True
    if status.st_size:  # their files say 0 bytes; an ordinary file is not looked at further
        return False
    real = os.path.realpath(path)
    return any(real == folder or real.startswith(folder + os.sep) for folder in _SYSTEM_FOLDERS)


@lru_cache(maxsize=1)
def _system_devices() -> Tuple[int, ...]:
    devices = []
    for folder in _SYSTEM_FOLDERS:
        try:
            devices.append(os.stat(folder).st_dev)
        except OSError:
            continue
    return tuple(devices)
