"""Signed packs in the user's cache folder: where they are, how they are signed, read and written.

What is kept (:mod:`chainmap.load.cache`'s declarations, the chains of
:mod:`chainmap.analysis.graph_memo`) is the callers'; here is what every pack shares: a
msgpack document (plain values, no code), signed with HMAC-SHA-256 under a key kept in the
user's own cache folder, read only if whole, signed by this user and written by this code
for this folder and these limits, written atomically and in pieces.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import secrets
import sys
import tempfile
from dataclasses import astuple
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Tuple, Union

from .files import Limits
from .regular import RefusedFile, open_regular

__all__ = ["BESIDE", "BESIDE_FOLDER", "FOLDER_VARIABLE", "FORMAT", "GraphCache", "MAGIC", "NO_CACHE_VARIABLE", "SignedPacks",
           "cache_enabled", "cache_folder", "code_fingerprint", "user_cache_root"]

FORMAT = 2
MAGIC = b"chainmap-declarations\x00"
NO_CACHE_VARIABLE = "CHAINMAP_NO_CACHE"
FOLDER_VARIABLE = "CHAINMAP_CACHE_DIR"
BESIDE = "beside"
BESIDE_FOLDER = ".chainmap-cache"
KEY_FILE = "pack-key"
_MAC_SIZE = 32


def cache_enabled() -> bool:
    """Whether the cache is on (``CHAINMAP_NO_CACHE=1`` turns it off, as ``--no-cache`` does)."""
    return os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0")


def cache_folder(root: Path) -> Path:
    """Where the packs of the organisation at ``root`` are kept (see :mod:`chainmap.load.cache`)."""
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


class SignedPacks:
    """Signed packs kept for one organisation, in its cache folder: how they are named,
    read (only if whole, signed by this user and written by this code) and written."""

    def __init__(self, root: Path, limits: Limits, folder: Optional[Path] = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.folder = folder if folder is not None else cache_folder(self.root)
        self.limits = limits
        self.name = hashlib.sha256(f"{FORMAT}\0{self.root}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self._key: Optional[bytes] = None

    def _header(self) -> list:
        """What a pack must have been written for: this format, this code, this folder, these
        limits (every field of :class:`Limits`, so that a bound added later counts too)."""
        return [FORMAT, code_fingerprint(), str(self.root), [repr(value) for value in astuple(self.limits)]]

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


class GraphCache(SignedPacks):
    """What an analysis computed from an organisation's links alone, kept for the next run
    (:mod:`chainmap.analysis.graph_memo`): one pack per organisation, under the digest of
    what it was computed from. A value kept under another digest is never given back."""

    def __init__(self, root: Path, limits: Limits, folder: Optional[Path] = None) -> None:
        super().__init__(root, limits, folder)
        self.path = self.folder / f"{self.name}.graph"

    @classmethod
    def of(cls, path: Union[str, os.PathLike[str]], limits: Limits) -> Optional[GraphCache]:
        """The memo of the organisation at ``path``, kept as its declarations are (none when
        the cache is off, nor for a workbook or CSV files, which are read whole)."""
        from .files import organisation_root
        from .readers import READERS

        root = organisation_root(Path(path))
        if not cache_enabled() or not root.is_dir() or any(holds(root) for holds, _read in READERS):
            return None
        return cls(root, limits)

    def recall(self, key: bytes) -> Optional[list]:
        """The value kept under ``key``, or ``None``."""
        kept, _signature = self._unpacked(self.path)
        return kept[2] if kept is not None and len(kept) == 3 and kept[1] == key and isinstance(kept[2], list) else None

    def keep(self, key: bytes, value: list) -> None:
        """Keep ``value`` under ``key``, in place of what was kept (a cache that cannot be
        written is only a slower next run)."""
        try:
            self._write(self.path, [self._header(), key, value])
        except (OSError, ValueError, TypeError):
            pass


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
