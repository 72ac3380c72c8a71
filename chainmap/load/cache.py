"""A cache of the teams read from an organisation's files, so that no file is parsed twice.

Why: a large organisation is read in full on every command, though between two runs a
user changes one file or none. Here each team file read *without a problem* is kept as
the team it declares, and the next run reuses it while the file is unchanged.

**Never stale.** A file is known by the hash of its content (BLAKE2b). Its size, times,
inode and device are only a shortcut to skip reading it, and only for a file last changed
more than :data:`SETTLED_SECONDS` before it was read: a file changed within the same tick
of the file system's clock could show the same times with another content (the "racy"
case git knows), so such a file is read and hashed again next time. Its change time
(``ctime``) is set by the system on every write, rename or ``touch``, so a file replaced
by one with the same modification time, or a checkout that rewrites times, never
matches the shortcut: its content is hashed, and a changed content is parsed afresh. A
pack is kept only for the same chainmap code (its version and the source of the loader),
the same PyYAML and the same limits; anything else starts an empty pack.

**Never trusted blindly.** Each pack (one per organisation) is a msgpack document, which
holds only plain values (no code, unlike pickle), signed with a key kept in the user's own
cache folder (readable by them alone). A pack that is corrupt, cut short, written by
another user or another machine (say, committed beside the organisation), or of an older
format fails its signature or its checks and is ignored, then written anew, atomically.
Files with a problem are not kept: they are read each time, and their messages are
today's, in today's language.

Where: the user's cache folder (``platformdirs``: ``~/.cache/chainmap`` on Linux), or the
folder named by ``CHAINMAP_CACHE_DIR``; ``CHAINMAP_CACHE_DIR=beside`` keeps it in a hidden
``.chainmap-cache`` folder in the organisation's own folder. ``--no-cache`` (or
``CHAINMAP_NO_CACHE=1``) reads every file afresh. Deleting the folder clears it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import stat
import sys
import tempfile
from dataclasses import astuple
from itertools import repeat
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ..model import Declaration, Member, Source, Team
from .files import Limits

__all__ = ["DeclarationCache", "cache_folder", "cache_enabled", "content_digest", "signature_of", "user_cache_root", "NO_CACHE_VARIABLE"]

FORMAT = 1
MAGIC = b"chainmap-declarations\x00"
SETTLED_SECONDS = 2  # a file changed more recently than this is hashed again next time
NO_CACHE_VARIABLE = "CHAINMAP_NO_CACHE"
FOLDER_VARIABLE = "CHAINMAP_CACHE_DIR"
BESIDE = "beside"
BESIDE_FOLDER = ".chainmap-cache"
KEY_FILE = "pack-key"
_MAC_SIZE = 32

Signature = Tuple[int, int, int, int, int]


def cache_enabled() -> bool:
    """Whether the cache is on (``CHAINMAP_NO_CACHE=1`` turns it off, as ``--no-cache`` does)."""
    return os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0")


def cache_folder(root: Path) -> Path:
    """Where the packs of the organisation at ``root`` are kept (see the module docstring)."""
    chosen = os.environ.get(FOLDER_VARIABLE, "")
    if chosen == BESIDE:
        return (root if root.is_dir() else root.parent) / BESIDE_FOLDER
    if chosen:
        return Path(chosen)
    return user_cache_root()


def user_cache_root() -> Path:
    """The user's own cache folder for chainmap's packs (``~/.cache/chainmap/declarations``)."""
    import platformdirs  # imported here: only runs that load an organisation need it

    return Path(platformdirs.user_cache_dir("chainmap", appauthor=False)) / "declarations"


def signature_of(status: os.stat_result) -> Signature:
    """What the shortcut compares: size, modification and change times, inode, device."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def content_digest(text: str) -> bytes:
    """The hash a file is known by (of its text, as read)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


class DeclarationCache:
    """The pack of one organisation: the teams of its files, by path inside the organisation."""

    def __init__(self, root: Path, limits: Limits, folder: Optional[Path] = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.folder = folder if folder is not None else cache_folder(self.root)
        self.limits = limits
        name = hashlib.sha256(f"{FORMAT}\0{self.root}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self.path = self.folder / f"{name}.pack"
        self.records: Dict[str, list] = {}
        self.changed = False
        self._key: Optional[bytes] = None
        self._read()

    # -- reading and writing the pack -------------------------------------------------

    def _header(self) -> list:
        """What a pack must have been written for: this format, this code, this folder, these
        limits (every field of :class:`Limits`, so that a bound added later counts too)."""
        return [FORMAT, code_fingerprint(), str(self.root), [repr(value) for value in astuple(self.limits)]]

    def _read(self) -> None:
        """The records of the pack, if it is whole, signed by this user, and for this code."""
        try:
            with open(self.path, "rb") as stream:
                data = stream.read()
            key = self._pack_key(create=False)
        except OSError:
            return
        body = data[len(MAGIC) + _MAC_SIZE:]
        if key is None or not data.startswith(MAGIC) or not hmac.compare_digest(
                data[len(MAGIC):len(MAGIC) + _MAC_SIZE], _mac(key, body)):
            return  # not written by us, cut short, or damaged: ignored, then written anew
        import msgpack

        try:
            header, records = msgpack.unpackb(body, use_list=True, raw=False, strict_map_key=True)
        except (ValueError, TypeError, msgpack.UnpackException):
            return
        if header == self._header() and isinstance(records, dict):
            self.records = records

    def save(self) -> None:
        """Write the pack if anything changed: atomically (a whole pack, or the old one)."""
        if not self.changed:
            return
        import msgpack

        try:
            key = self._pack_key(create=True)
            if key is None:
                return
            body = msgpack.packb([self._header(), self.records], use_bin_type=True)
            _write_atomically(self.path, MAGIC + _mac(key, body) + body)
            self.changed = False
        except (OSError, ValueError, TypeError):
            pass  # a cache that cannot be written is only a slower next run

    def _pack_key(self, create: bool) -> Optional[bytes]:
        """The user's signing key (made on first use). It stays in their own cache folder
        wherever the packs are, so that a pack put beside an organisation by someone else
        is never taken for one of ours."""
        if self._key is None:
            path = user_cache_root() / KEY_FILE
            try:
                self._key = _read_key(path)
            except FileNotFoundError:
                self._key = _new_key(path) if create else None
        return self._key

    # -- records ----------------------------------------------------------------------

    def settled_team(self, path: Path, relative: str) -> Optional[Tuple[Team, List[Any]]]:
        """The kept team of a file unchanged since it was settled (and its problems: none),
        without reading it; ``None``: the file is to be read."""
        record = self.records.get(relative)
        if record is None or not record[2]:
            return None
        try:
            status = os.stat(path)
        except OSError:
            return None  # read as usual: the reader says what is wrong
        if not stat.S_ISREG(status.st_mode) or status.st_size > self.limits.max_file_bytes:
            return None
        if list(signature_of(status)) != record[0]:
            return None
        return unpack_team(record[3], str(path)), []

    def digest_of(self, relative: str) -> Optional[bytes]:
        record = self.records.get(relative)
        return record[1] if record is not None else None

    def team_of(self, relative: str, path: Path) -> Team:
        return unpack_team(self.records[relative][3], str(path))

    def remember(self, relative: str, signature: Signature, digest: bytes, team: Optional[Team],
                 read_at_ns: int) -> None:
        """Keep (or refresh) a file's record: its team, if given, or the kept one (same content)."""
        settled = read_at_ns - max(signature[1], signature[2]) > SETTLED_SECONDS * 1_000_000_000
        packed = pack_team(team) if team is not None else self.records[relative][3]
        record = [list(signature), digest, settled, packed]
        if self.records.get(relative) != record:
            self.records[relative] = record
            self.changed = True

    def forget_others(self, kept: List[str]) -> None:
        """Drop the records of files no longer in the organisation."""
        gone = self.records.keys() - set(kept)
        for relative in gone:
            del self.records[relative]
        self.changed = self.changed or bool(gone)


def pack_team(team: Team) -> list:
    """A team as plain values (its file's path left out: it is the record's)."""
    members: List[Any] = []
    for member in team.members:
        members += (member.id, member.name, member.role)
    return [team.id, team.name, team.department, team.enps,
            team.reviewed.toordinal() if team.reviewed is not None else None,
            team.source.line if team.source is not None else 0, members,
            _pack_links(team.clients), _pack_links(team.suppliers)]


def _pack_links(declarations: Tuple[Declaration, ...]) -> list:
    packed: List[Any] = []
    for declaration in declarations:
        packed += (declaration.id, declaration.what, declaration.satisfaction,
                   declaration.source.line if declaration.source is not None else 0)
    return packed


def unpack_team(packed: list, path: str) -> Team:
    """The team of :func:`pack_team`, declared in ``path``."""
    identifier, name, department, enps, reviewed, line, members, clients, suppliers = packed
    # map() over the three columns: half the time of a loop over triples (a million members)
    return Team(identifier, name, department, tuple(map(Member, members[0::3], members[1::3], members[2::3])), enps,
                dt.date.fromordinal(reviewed) if reviewed is not None else None,
                _unpack_links(clients, path), _unpack_links(suppliers, path), Source(path, line))


def _unpack_links(packed: list, path: str) -> Tuple[Declaration, ...]:
    sources = map(Source, repeat(path), packed[3::4])
    return tuple(map(Declaration, packed[0::4], packed[1::4], packed[2::4], sources))


_FINGERPRINT: Optional[str] = None


def code_fingerprint() -> str:
    """The version of the code that reads declarations: chainmap's, the source of the loader,
    the model and the names' rules, PyYAML's.

    The source is hashed too, so that a changed reader (a development checkout, a patched
    install) never reuses teams read by the previous one under the same version number.
    """
    global _FINGERPRINT
    if _FINGERPRINT is None:
        import yaml

        from ..version import __version__

        digest = hashlib.sha256(f"{__version__}\0{yaml.__version__}\0{sys.version_info[:2]}".encode())
        package = Path(__file__).resolve().parent
        for source in sorted(package.glob("*.py")) + [package.parent / "model.py", package.parent / "names.py"]:
            try:
                digest.update(source.read_bytes())
            except OSError:
                digest.update(b"?")
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def _mac(key: bytes, body: bytes) -> bytes:
    return hashlib.blake2b(body, key=key, digest_size=_MAC_SIZE).digest()


def _read_key(path: Path) -> bytes:
    with open(path, "rb") as stream:
        key = stream.read(64)
    if len(key) != 32:
        raise FileNotFoundError(path)  # damaged: made anew (the packs it signed are then ignored)
    return key


def _new_key(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_atomically(path, key)
    return _read_key(path)  # another run may have made one at the same time: the file's wins


def _write_atomically(path: Path, data: bytes) -> None:
    """Write into a temporary file beside ``path``, readable by the user alone, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
