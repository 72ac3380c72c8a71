"""Outputs of several files, all-or-nothing: written beside their place, moved there at the end.

A converted organisation (a YAML or CSV folder), a generated one, the pages of a poster or
a deck of cards are many files. Written one after another into place, an interrupted run
(Ctrl-C, ``kill``, a closed terminal, a full disk) left part of them: a folder that then
loads as an organisation with teams missing, pages of this run beside pages of an earlier
one. So the files of one output are written into a hidden folder beside it
(``.NAME.chainmap-…``, which the loader never reads), and moved into place only once all
are written — a rename each, on the same disk, with the signals that stop a run held back
until the last one is done. A run that stops before that removes its hidden folder and
leaves the earlier output as it was.

Two runs writing the same output at once would still mix their files: each output is
locked (:func:`output_lock`) for as long as it is written, and a second run is refused
with the number of the process that holds it.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     out = Path(folder) / "org"
...     with staged_output(out) as stage:
...         stage.write(out / "teams" / "a.yaml", b"id: a\\n")
...     sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*"))
['org', 'org/teams', 'org/teams/a.yaml']
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Mapping, Sequence

from ..errors import ChainmapError
from ..i18n import _
from .locks import output_lock
from .safe_write import refuse_unless_replaceable

__all__ = ["Stage", "staged_output", "signals_held", "write_folder"]

STAGE_SUFFIX = ".chainmap-part"
_STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stage:
    """Where the files of one output are written before they are moved into place."""

    def __init__(self, target: Path, folder: Path):
        self.target, self.folder = target, folder
        self.beside = target.parent if str(target.parent) else Path(".")

    def path(self, final: Path) -> Path:
        """Where to write now the file whose place is ``final`` (beside or below the target)."""
        relative = Path(os.path.relpath(final, self.beside))
        if relative.parts[:1] == ("..",):
            raise ValueError(f"{final} is not beside {self.target}")
        staged = self.folder / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def write(self, final: Path, data: bytes) -> None:
        """Write ``data`` as the file whose place is ``final``; a failure of the system (a full
        disk) names the output, not the hidden folder nor no file at all."""
        try:
            with open(self.path(final), "wb") as stream:
                stream.write(data)
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(self.target)) from None

    def commit(self, remove: Sequence[Path] = ()) -> None:
        """Move every file written into its place, then remove ``remove`` (the pages of an
        earlier, longer run): all of it with the stopping signals held back."""
        entries = sorted(self.folder.iterdir())
        _check_places(entries, self.beside)
        with signals_held():
            for entry in entries:
                _move(entry, self.beside / entry.name)
            for path in remove:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass


@contextmanager
def staged_output(target: Path, make_folder: bool = False) -> Iterator[Stage]:
    """A :class:`Stage` for the output ``target`` (a folder, or the first page), locked while
    it is written; moved into place when the ``with`` block ends normally (unless the block
    called :meth:`Stage.commit` itself), removed when it does not. ``make_folder``: create
    the folder ``target`` goes in, if it is missing (a folder output: ``out/2026/hopital``)."""
    target = Path(target)
    beside = target.parent if str(target.parent) else Path(".")
    if make_folder:
        try:
            beside.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder of the path goes
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target)) from None
    if not beside.is_dir():
        raise ChainmapError(_("{path}: the folder {folder} does not exist: create it first, or choose another output path").format(
            path=target, folder=beside))
    with output_lock(target):
        try:
            folder = Path(tempfile.mkdtemp(prefix=f".{target.name[:80]}.", suffix=STAGE_SUFFIX, dir=beside))
        except OSError as error:
            raise ChainmapError(_("{path}: cannot write in {folder} ({reason})").format(
                path=target, folder=beside, reason=error.strerror)) from None
        try:
            stage = Stage(target, folder)
            yield stage
            if folder.exists() and any(folder.iterdir()):
                stage.commit()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def write_folder(folder: Path, files: Mapping[str, bytes]) -> List[Path]:
    """Write ``files`` (``{path relative to folder: content}``) into ``folder``, all or nothing."""
    with staged_output(folder, make_folder=True) as stage:
        for relative, content in files.items():
            stage.write(folder / relative, content)
    return [folder / relative for relative in files]


def _check_places(entries: List[Path], beside: Path) -> None:
    """Refuse, before anything moves, a place taken by what chainmap never replaces (a link,
    a device, a pipe), or a file where a folder goes and the reverse."""
    for entry in entries:
        final = beside / entry.name
        if entry.is_dir() and not entry.is_symlink():
            if os.path.lexists(final):
                if not (final.is_dir() and not final.is_symlink()):
                    raise ChainmapError(_("{path} is in the way: this output writes a folder there; move it, or choose another output path").format(path=final))
                _check_places(sorted(entry.iterdir()), final)
        else:
            refuse_unless_replaceable(final)


def _move(entry: Path, final: Path) -> None:
    """Move a staged file or folder to ``final``: a new folder in one rename, an existing one
    file by file (the files already there and not written again stay)."""
    if entry.is_dir() and os.path.lexists(final):
        for child in sorted(entry.iterdir()):
            _move(child, final / child.name)
        return
    if entry.is_dir():
        os.chmod(entry, 0o777 & ~_umask())
    else:
        os.chmod(entry, 0o666 & ~_umask())
    os.replace(entry, final)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP for the ``with`` block: they are delivered (and
    stop the run) right after it, never half-way through moving an output into place."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

