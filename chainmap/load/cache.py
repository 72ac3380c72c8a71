"""A cache of what an organisation's files declare, so that no file is parsed twice, nor assembled twice.

Why: a large organisation is read in full on every command, though between two runs a
user changes one file or none. The cache keeps two things, in the user's cache folder:

- the *assembly*: the organisation as last put together (its teams, links, workers…, see
  :mod:`chainmap.load.org_pack`) with the hash and signature of each team file it was made
  of, and the hash of the ``org.yaml`` it was made with;
- the *files read since*: each team file read without a problem whose content is not the
  one in the assembly, with its team (so that a change is parsed once, not on every run).

A run then takes the assembly back, reads only the files whose content is not the one
kept (see :mod:`chainmap.load.file_records` for how a file is known unchanged), and puts
the organisation together again touching only the teams that changed
(:class:`~chainmap.load.live.LiveOrganisation`). The assembly is written anew when the
files read since it grow many, or ``org.yaml`` changed; otherwise only the small second
part is written.

**Never stale.** A file is known by the hash of its content; its times are only a
shortcut, for files that had not changed for :data:`~chainmap.load.file_records.SETTLED_SECONDS`
when read. A pack is kept only for the same chainmap code (its version and the source of
the loader), the same PyYAML and the same limits; anything else starts afresh.

**Never trusted blindly.** Each part is a msgpack document, which holds only plain values
(no code, unlike pickle), signed with a key kept in the user's own cache folder (readable
by them alone); the second part also names the assembly it follows. A part that is
corrupt, cut short, written by another user or another machine (say, committed beside the
organisation), or of an older format fails its signature or its checks and is ignored,
then written anew, atomically. Files with a problem are not kept: they are read each
time, and their messages are today's, in today's language.

Where: the user's cache folder (``platformdirs``: ``~/.cache/chainmap`` on Linux), or the
folder named by ``CHAINMAP_CACHE_DIR``; ``CHAINMAP_CACHE_DIR=beside`` keeps it in a hidden
``.chainmap-cache`` folder in the organisation's own folder. ``--no-cache`` (or
``CHAINMAP_NO_CACHE=1``) reads every file afresh. Deleting the folder clears it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import os
import secrets
import sys
import tempfile
from dataclasses import astuple
from itertools import repeat
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from ..model import Declaration, Member, Source, Team
from .columns import made
from .file_records import DeclarationFile
from .files import Limits
from .org_pack import Assembly, pack_assembly, unpack_assembly
from .regular import RefusedFile, open_regular

__all__ = ["DeclarationCache", "cache_folder", "cache_enabled", "user_cache_root", "NO_CACHE_VARIABLE"]

FORMAT = 2
MAGIC = b"chainmap-declarations\x00"
NO_CACHE_VARIABLE = "CHAINMAP_NO_CACHE"
FOLDER_VARIABLE = "CHAINMAP_CACHE_DIR"
BESIDE = "beside"
BESIDE_FOLDER = ".chainmap-cache"
KEY_FILE = "pack-key"
_MAC_SIZE = 32
# The assembly is written anew once this many files were read since (or this share of them).
REWRITE_FROM_FILES = 64
REWRITE_SHARE = 32


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


class DeclarationCache:
    """The packs of one organisation: its assembly, and the files read since."""

    def __init__(self, root: Path, limits: Limits, folder: Optional[Path] = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.folder = folder if folder is not None else cache_folder(self.root)
        self.limits = limits
        name = hashlib.sha256(f"{FORMAT}\0{self.root}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self.path = self.folder / f"{name}.pack"  # the assembly
        self.since_path = self.folder / f"{name}.since"  # the files read since
        self.org_digest = b""
        self.base: Dict[str, list] = {}  # each file of the assembly: [signature, digest, settled]
        self.since: Dict[str, list] = {}  # each file read since: [signature, digest, settled, packed team or None]
        self._assembly: Optional[list] = None  # as read, until known() takes it
        self._has_assembly = False  # the pack holds one (read, or written by this run)
        self._base_mac = b""
        self._key: Optional[bytes] = None
        self._read()

    # -- what is kept -------------------------------------------------------------------

    def known(self, paths: Mapping[str, Path]) -> Tuple[Dict[str, DeclarationFile], Optional[Assembly]]:
        """The team files of ``paths`` (by path inside the organisation) as last read, and
        the assembly they were last put together in (``None``: none is kept)."""
        written = {relative: str(path) for relative, path in paths.items()}
        assembly = None
        if self._assembly is not None:
            # taken, not kept: its columns beside the teams made of them were the run's peak of memory
            packed, self._assembly = self._assembly, None
            try:
                assembly = unpack_assembly(packed, written)
            except (ValueError, TypeError, KeyError, IndexError):
                self.base, self.since = {}, {}
            del packed
        teams = {relative: assembly.teams[team_id] for team_id, relative in assembly.team_files.items()} if assembly else {}
        found: List[Tuple[str, list, Team]] = []
        for relative, record in ((relative, self.since.get(relative) or self.base.get(relative)) for relative in paths):
            if record is not None:
                team = teams.get(relative) if len(record) == 3 or record[3] is None else _team(record[3], written[relative])
                if team is not None:
                    found.append((relative, record, team))
        records = made(DeclarationFile, [relative for relative, _record, _team in found],
                       [paths[relative] for relative, _record, _team in found], [record[1] for _r, record, _t in found],
                       [tuple(record[0]) for _r, record, _t in found], [record[2] for _r, record, _t in found],
                       [team for _r, _record, team in found], [None] * len(found), [()] * len(found), [None] * len(found))
        return {record.relative: record for record in records}, assembly

    def keep(self, files: Mapping[str, DeclarationFile], assembled: Optional[Tuple[Any, Mapping[str, Any], bytes]]) -> None:
        """Keep ``files`` as read now, and ``assembled`` (the organisation, its team by file,
        ``org.yaml``'s digest), if given: the assembly anew when it pays, else the files
        read since it. A cache that cannot be written is only a slower next run."""
        try:
            if assembled is not None and self._rewrite(files, assembled):
                self._write_base(files, *assembled)
                self.since = {}
            self._write_since(files)
        except (OSError, ValueError, TypeError):
            pass

    def rewrites(self, files: Mapping[str, DeclarationFile], assembled: Optional[Tuple[Any, Mapping[str, Any], bytes]]) -> bool:
        """Whether :meth:`keep` would write the assembly anew (the long part of keeping)."""
        return assembled is not None and self._rewrite(files, assembled)

    def _rewrite(self, files: Mapping[str, DeclarationFile], assembled: Tuple[Any, Mapping[str, Any], bytes]) -> bool:
        _org, teams, org_digest = assembled
        if not self._has_assembly or org_digest != self.org_digest:
            return True
        since = sum(1 for relative in teams if _differs(files.get(relative), self.base.get(relative)))
        return since >= max(REWRITE_FROM_FILES, len(teams) // REWRITE_SHARE)

    def _write_base(self, files: Mapping[str, DeclarationFile], org: Any, teams: Mapping[str, Team], org_digest: bytes) -> None:
        paths = {relative: str(record.path) for relative, record in files.items()}
        team_files = {team.id: relative for relative, team in teams.items()}
        packed = pack_assembly(org, team_files, paths)
        if packed is None:
            return
        self.base = {relative: [list(files[relative].signature or ()), files[relative].digest, files[relative].settled]
                     for relative in teams}
        self.org_digest = org_digest
        self._has_assembly = True
        self._base_mac = self._write(self.path, [self._header(), org_digest, self.base, packed])

    def _write_since(self, files: Mapping[str, DeclarationFile]) -> None:
        since = {}
        for relative, record in files.items():
            base = self.base.get(relative)
            if record.team is not None and record.usable and _differs(record, base):
                same = base is not None and base[1] == record.digest
                since[relative] = [list(record.signature or ()), record.digest, record.settled,
                                   None if same else pack_team(record.team)]
        if since != self.since or not self.since_path.exists():
            self.since = since
            self._write(self.since_path, [self._header(), self._base_mac, since])

    # -- reading and writing the packs ------------------------------------------------

    def _header(self) -> list:
        """What a pack must have been written for: this format, this code, this folder, these
        limits (every field of :class:`Limits`, so that a bound added later counts too)."""
        return [FORMAT, code_fingerprint(), str(self.root), [repr(value) for value in astuple(self.limits)]]

    def _read(self) -> None:
        """The assembly and the files read since, if whole, signed by this user, and for this code."""
        base, mac = self._unpacked(self.path)
        if base is not None and len(base) == 4 and isinstance(base[2], dict):
            self.org_digest, self.base, self._assembly, self._base_mac = base[1], base[2], base[3], mac
            self._has_assembly = True
        since, _mac = self._unpacked(self.since_path)
        if since is not None and len(since) == 3 and since[1] == self._base_mac and isinstance(since[2], dict):
            self.since = since[2]

    def _unpacked(self, path: Path) -> Tuple[Optional[list], bytes]:
        try:
            with open_regular(path) as stream:  # never a pipe or a device put in its place
                data = stream.read()
            key = self._pack_key(create=False)
        except (OSError, RefusedFile):
            return None, b""
        # the body as a view, not a copy: a large organisation's pack is tens of megabytes
        mac, body = data[len(MAGIC):len(MAGIC) + _MAC_SIZE], memoryview(data)[len(MAGIC) + _MAC_SIZE:]
        if key is None or not data.startswith(MAGIC) or not hmac.compare_digest(mac, _mac(key, body)):
            return None, b""  # not written by us, cut short, or damaged: ignored, then written anew
        import msgpack

        try:
            unpacked = msgpack.unpackb(body, use_list=True, raw=False, strict_map_key=True)
        except (ValueError, TypeError, msgpack.UnpackException):
            return None, b""
        if not isinstance(unpacked, list) or not unpacked or unpacked[0] != self._header():
            return None, b""
        return unpacked, mac

    def _write(self, path: Path, content: list) -> bytes:
        """Write one signed pack atomically (a whole pack, or the old one); its signature."""
        import msgpack

        key = self._pack_key(create=True)
        if key is None:
            return b""
        signing = hmac.new(key, digestmod="sha256")
        unsigned = b"\0" * _MAC_SIZE  # its place, filled once the body has been written

        def signed(pieces: Iterator[bytes]) -> Iterator[bytes]:
            for piece in pieces:
                signing.update(piece)
                yield piece

        pieces = _packed_pieces(msgpack.Packer(use_bin_type=True), content)
        _write_atomically(path, itertools.chain([MAGIC, unsigned], signed(pieces)), fill=(len(MAGIC), signing.digest))
        return signing.digest()

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


def _differs(record: Optional[DeclarationFile], base: Optional[list]) -> bool:
    """Whether a file as read now is not the file of the assembly (content, times or settling)."""
    if record is None or base is None:
        return record is not None
    return (record.digest != base[1] or list(record.signature or ()) != base[0]
            or record.settled != base[2])


def _team(packed: list, path: str) -> Optional[Team]:
    try:
        return unpack_team(packed, path)
    except (ValueError, TypeError, IndexError):
        return None


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


def _mac(key: bytes, body: Union[bytes, memoryview]) -> bytes:
    """HMAC-SHA-256: processors of the last decade hash SHA-256 in hardware, twice as fast
    as BLAKE2b here, and a large organisation's pack is read whole on every warm run."""
    return hmac.digest(key, body, "sha256")


def _read_key(path: Path) -> bytes:
    with open(path, "rb") as stream:
        key = stream.read(64)
    if len(key) != 32:
        raise FileNotFoundError(path)  # damaged: made anew (the packs it signed are then ignored)
    return key


def _new_key(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_atomically(path, [key])
    return _read_key(path)  # another run may have made one at the same time: the file's wins


def _packed_pieces(packer: Any, value: list) -> Iterator[bytes]:
    """The bytes of ``msgpack.packb(value)``, in pieces: a list of a few items (a pack's
    parts, columns) item by item, and so on down; a long list (a column's values) whole.
    A large organisation's pack, made whole and then copied behind its signature, was the
    peak of memory of a cold run."""
    yield packer.pack_array_header(len(value))
    for item in value:
        if isinstance(item, list) and len(item) <= _FEW_ITEMS:
            yield from _packed_pieces(packer, item)
        else:
            yield packer.pack(item)


_FEW_ITEMS = 64


def _write_atomically(path: Path, pieces: Iterable[bytes], fill: Optional[Tuple[int, Callable[[], bytes]]] = None) -> None:
    """Write ``pieces`` one after the other into a temporary file beside ``path``, readable
    by the user alone, then rename it. ``fill``: (offset, bytes made once all is written)
    to write over what is at that offset (a signature of what follows it)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
            if fill is not None:
                offset, made = fill
                stream.seek(offset)
                stream.write(made())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
