"""An organisation's past, read from the git repository that holds it, with the `git` command.

One point per commit that touched the organisation's folder (or file), oldest first, as
``git log -- PATH`` lists them. A commit's files are written into one temporary folder
from git's object store (``git ls-tree`` lists them, one ``git cat-file --batch`` process
reads them), changing from one commit to the next only the files that changed; the
loader then reads that folder as it reads any organisation. Nothing is checked out: the
work tree, the index and the branches are left as they are, and nothing is installed.

Each commit's content is named by git itself: the object id of the organisation's tree
(or file) in that commit. Two commits with the same id hold the same declarations, which
makes it the right key for the figures cache (:mod:`chainmap.history.store`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Dict, List, Optional, Tuple

from ..errors import ChainmapError
from ..i18n import _

__all__ = ["Commit", "GitOrganisation", "find_git_organisation"]

_FIELD, _RECORD = "\x1f", "\x1e"
_SYMLINK, _SUBMODULE = "120000", "160000"


@dataclass(frozen=True)
class Commit:
    """A commit that changed the organisation: its id, its day and time, its subject, and
    the object id of the organisation's tree (or file) in it (``None``: it was deleted)."""

    sha: str
    when: dt.datetime
    subject: str
    content: Optional[str]

    @property
    def day(self) -> dt.date:
        """The commit's day, in the time zone of the person who committed it."""
        return self.when.date()


def _git(root: Path, *args: str, text: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=text, check=False)
    except FileNotFoundError:
        raise ChainmapError(_("the `git` command is not installed: install git to read the organisation's history from its repository")) from None


def find_git_organisation(org: Path) -> Optional[GitOrganisation]:
    """The organisation's place in a git repository, or ``None`` when it is in none (or git is missing)."""
    org = Path(org).resolve()
    folder = org if org.is_dir() else org.parent
    try:
        found = _git(folder, "rev-parse", "--show-toplevel")
    except ChainmapError:
        return None
    if found.returncode != 0 or not found.stdout.strip():
        return None
    top = Path(found.stdout.strip()).resolve()
    relative = org.relative_to(top).as_posix() if org != top else ""
    return GitOrganisation(top, relative, is_file=org.is_file())


class GitOrganisation:
    """An organisation folder or file inside a git repository: its commits, and their files."""

    def __init__(self, top: Path, relative: str, is_file: bool = False):
        self.top, self.relative, self.is_file = top, relative, is_file

    @property
    def pathspec(self) -> str:
        return self.relative or "."

    def commits(self) -> List[Commit]:
        """Every commit that changed the organisation, oldest first, each with its content id."""
        log = _git(self.top, "log", "--no-color", f"--format=%H{_FIELD}%cI{_FIELD}%s{_RECORD}", "--", self.pathspec)
        if log.returncode != 0:
            raise ChainmapError(_("git could not read the history of {path}: {reason}").format(
                path=self.top / self.relative, reason=log.stderr.strip()))
        entries = [record.strip("\n").split(_FIELD) for record in log.stdout.split(_RECORD) if record.strip()]
        contents = self._contents([sha for sha, _when, _subject in entries])
        commits = [Commit(sha, dt.datetime.fromisoformat(when), subject, contents.get(sha))
                   for sha, when, subject in entries]
        return commits[::-1]

    def _contents(self, shas: List[str]) -> Dict[str, str]:
        """The object id of the organisation in each commit, asked of one ``git cat-file`` run."""
        if not shas:
            return {}
        names = [f"{sha}:{self.relative}" if self.relative else f"{sha}^{{tree}}" for sha in shas]
        found = subprocess.run(["git", "-C", str(self.top), "cat-file", "--batch-check"], input="\n".join(names) + "\n",
                               capture_output=True, text=True, check=False)
        contents = {}
        for sha, line in zip(shas, found.stdout.splitlines()):
            parts = line.split()
            if len(parts) == 3 and parts[1] in ("tree", "blob"):
                contents[sha] = parts[0]
        return contents

    def checkout(self, into: Path) -> Materialiser:
        """A writer of commits' files into the folder ``into`` (see :class:`Materialiser`)."""
        return Materialiser(self, into)


class Materialiser:
    """Writes one commit's organisation after another into the same folder, changing only
    the files that differ from what it holds (a commit changes a few files of hundreds)."""

    def __init__(self, repo: GitOrganisation, into: Path):
        self.repo, self.into = repo, into
        self.held: Dict[str, str] = {}  # relative path -> blob id of what is written there
        self.reader: Optional[subprocess.Popen] = None

    def __enter__(self) -> Materialiser:
        self.reader = subprocess.Popen(["git", "-C", str(self.repo.top), "cat-file", "--batch"],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.reader is not None:
            assert self.reader.stdin is not None and self.reader.stdout is not None
            self.reader.stdin.close()
            self.reader.wait()
            self.reader.stdout.close()

    def write(self, commit: Commit) -> Path:
        """Write the organisation of ``commit`` and return the path the loader should read."""
        wanted = self._listing(commit)
        for relative in sorted(self.held.keys() - wanted.keys()):
            (self.into / relative).unlink(missing_ok=True)
            del self.held[relative]
        for relative, (mode, blob) in sorted(wanted.items()):
            if self.held.get(relative) != blob:
                self._write_file(self.into / relative, mode, self._blob(blob))
                self.held[relative] = blob
        if self.repo.is_file:
            return self.into / Path(self.repo.relative).name
        return self.into

    def _listing(self, commit: Commit) -> Dict[str, Tuple[str, str]]:
        """Relative path -> (mode, blob id) of every file of the organisation in ``commit``."""
        if commit.content is None:
            return {}
        if self.repo.is_file:
            return {Path(self.repo.relative).name: ("100644", commit.content)}
        listing = _git(self.repo.top, "ls-tree", "-r", "-z", commit.content, text=False)
        files: Dict[str, Tuple[str, str]] = {}
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, name = entry.split(b"\t", 1)
            mode, kind, blob = meta.decode("ascii").split()
            if kind == "blob" and mode != _SUBMODULE:
                files[os.fsdecode(name)] = (mode, blob)
        return files

    def _blob(self, blob: str) -> bytes:
        assert self.reader is not None and self.reader.stdin is not None and self.reader.stdout is not None
        self.reader.stdin.write(blob.encode("ascii") + b"\n")
        self.reader.stdin.flush()
        header = self.reader.stdout.readline().split()
        content = _read_exactly(self.reader.stdout, int(header[2]))
        self.reader.stdout.read(1)  # the newline after the content
        return content

    @staticmethod
    def _write_file(path: Path, mode: str, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if mode == _SYMLINK:
            os.symlink(os.fsdecode(content), path)
        else:
            path.write_bytes(content)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise ChainmapError(_("git stopped while reading the organisation's files"))
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def empty_folder(path: Path) -> None:
    """Remove what a previous run left in ``path`` (a temporary folder of ours)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
