"""What the loader knows of one declaration file: its content's hash, when it was read, and what it declares.

A :class:`DeclarationFile` is made each time a file is read, and kept: by
:class:`~chainmap.load.live.LiveOrganisation` between two reloads, and in the cache
(:mod:`chainmap.load.cache`) between two runs. A file is known by the hash of its
content; its size, times, inode and device (its *signature*) are only a shortcut to skip
reading it, and only once the file is *settled*: last changed more than
:data:`SETTLED_SECONDS` before it was read. A file changed within the same tick of the
file system's clock could show the same times with another content (the "racy" case git
knows), so an unsettled file is read and hashed again. Its change time (``ctime``) is set
by the system on every write, rename or ``touch``, so a file replaced by one with the same
modification time, or a checkout that rewrites times, never matches the shortcut.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from ..errors import Problem
from ..model import Team
from .declarations import OrgDeclaration

__all__ = ["DeclarationFile", "Signature", "SETTLED_SECONDS", "content_digest", "signature_of", "settled", "unchanged"]

SETTLED_SECONDS = 2  # a file changed more recently than this is hashed again next time
Signature = Tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class DeclarationFile:
    """One declaration file as last read, and what the loader made of it.

    ``team`` (a team file) or ``declaration`` (``org.yaml``) is ``None`` when the file
    could not be read; ``problems`` are its own (those across files are the assembly's).
    ``data`` holds its bytes only when they were asked for (a server journals changes).
    """

    relative: str  # its path inside the organisation, with ``/``
    path: Path
    digest: bytes
    signature: Optional[Signature] = None
    settled: bool = False
    team: Optional[Team] = None
    declaration: Optional[OrgDeclaration] = None
    problems: Tuple[Problem, ...] = ()
    data: Optional[bytes] = None

    @property
    def usable(self) -> bool:
        """Whether it was read without a problem (so that what it declares may be reused)."""
        return not self.problems and (self.team is not None or self.declaration is not None)


def signature_of(status: os.stat_result) -> Signature:
    """What the shortcut compares: size, modification and change times, inode, device."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def content_digest(text: str) -> bytes:
    """The hash a file is known by (of its text, as read)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def settled(signature: Signature, read_at_ns: int) -> bool:
    """Whether a file of this signature, read at ``read_at_ns``, had not changed for a while."""
    return read_at_ns - max(signature[1], signature[2]) > SETTLED_SECONDS * 1_000_000_000


def unchanged(record: DeclarationFile, status: os.stat_result, max_file_bytes: int) -> bool:
    """Whether ``record`` may stand for the file of ``status`` without reading it: read
    without a problem, settled, and the same signature (a regular file, within bounds)."""
    return (record.settled and record.usable and stat.S_ISREG(status.st_mode) and status.st_size <= max_file_bytes
            and signature_of(status) == record.signature)
