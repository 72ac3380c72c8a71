"""Knowing chainmap's own drawings from the user's files: a fingerprint in every drawing.

The user names the output (``-o plan.svg``), and the name may already be taken: by the
drawing of an earlier run, which may be replaced, or by a file of the user's that happens
to be called that way, which must not be lost. Every drawing chainmap writes (SVG, PNG,
PDF, DOT, HTML) carries the SHA-256 of its own content: an XML comment after the first
line of an SVG, a ``Software`` text chunk after a PNG's header, a last comment line in a
PDF (after ``%%EOF``, where readers ignore it), DOT or HTML. A file whose fingerprint
matches its content is chainmap's, unchanged since it was written: it may be replaced. Any
other file — the user's, or a drawing someone edited — is replaced only with ``--force``.
The fingerprint is a digest of the content, so the same declarations still give the same
bytes (diagrams diff cleanly in git).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "plan.dot").write_bytes(fingerprinted(b"digraph {}\\n", ".dot")) > 0
True
>>> is_own_file(folder / "plan.dot"), is_own_file(folder / "missing.dot")
(True, False)
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from pathlib import Path

from ..errors import ChainmapError
from ..i18n import _
from ..load.regular import RefusedFile, read_bytes
from .safe_write import check_output_path, write_bytes

__all__ = ["fingerprinted", "is_own_file", "check_replaceable", "check_drawing_output", "write_drawing"]

_MARK = b"drawn by chainmap; fingerprint sha256:"
_SVG_MARK = re.compile(rb"<!-- " + re.escape(_MARK) + rb"([0-9a-f]{64}) -->\n")
_LAST_LINE = {  # formats whose fingerprint is their last line: its opening and closing
    ".pdf": (b"%", b""), ".dot": (b"// ", b""), ".gv": (b"// ", b""),
    ".html": (b"<!-- ", b" -->"), ".htm": (b"<!-- ", b" -->"),
}
LARGEST_DRAWING = 1 << 30  # bytes: a larger file is never taken for one of chainmap's drawings, nor read
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_AFTER_IHDR = len(_PNG_SIGNATURE) + 4 + 4 + 13 + 4  # length, type, IHDR's 13 bytes, CRC
_PNG_KEY = b"Software\x00chainmap; fingerprint sha256:"


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


def fingerprinted(data: bytes, suffix: str) -> bytes:
    """``data`` (a drawing to be saved with this file extension) with its fingerprint added."""
    suffix = suffix.lower()
    if suffix == ".png":
        text = _PNG_KEY + _digest(data)
        chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
        return data[:_PNG_AFTER_IHDR] + chunk + data[_PNG_AFTER_IHDR:]
    if suffix == ".svg":
        head, newline, rest = data.partition(b"\n")
        return head + newline + b"<!-- " + _MARK + _digest(data) + b" -->\n" + rest
    opening, closing = _LAST_LINE.get(suffix, (b"# ", b""))
    ended = data if data.endswith(b"\n") or not data else data + b"\n"
    return ended + opening + _MARK + _digest(ended) + closing + b"\n"


def is_own_file(path: Path) -> bool:
    """Whether ``path`` is a drawing chainmap wrote, unchanged since.

    A link, a folder or an unreadable file is never taken for chainmap's own: when in
    doubt, the file is the user's.
    """
    if path.is_symlink():
        return False
    try:
        data = read_bytes(path, LARGEST_DRAWING)
    except RefusedFile:  # a folder, a device, a pipe, too large: not a drawing of ours
        return False
    suffix = path.suffix.lower()
    if suffix == ".png":
        return _own_png(data)
    if suffix == ".svg":
        return _own_svg(data)
    return _own_by_last_line(data, *_LAST_LINE.get(suffix, (b"# ", b"")))


def _own_svg(data: bytes) -> bool:
    head, newline, rest = data.partition(b"\n")
    mark = _SVG_MARK.match(rest)
    return mark is not None and _digest(head + newline + rest[mark.end():]) == mark.group(1)


def _own_png(data: bytes) -> bool:
    start = _PNG_AFTER_IHDR
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < start + 12:
        return False
    (length,) = struct.unpack(">I", data[start:start + 4])
    text = data[start + 8:start + 8 + length]
    if data[start + 4:start + 8] != b"tEXt" or not text.startswith(_PNG_KEY):
        return False
    original = data[:start] + data[start + 12 + length:]
    return _digest(original) == text[len(_PNG_KEY):]


def _own_by_last_line(data: bytes, opening: bytes, closing: bytes) -> bool:
    body, _newline, last = data.rstrip(b"\n").rpartition(b"\n")
    expected = opening + _MARK + _digest(body + b"\n") + closing
    return bool(body) and last == expected


def check_replaceable(output: Path, force: bool) -> None:
    """Refuse, before anything is drawn, to replace a file chainmap did not write (unless ``force``)."""
    path = Path(output)
    if not force and (path.exists() or path.is_symlink()) and not path.is_dir() and not is_own_file(path):
        raise ChainmapError(_("{path} already exists and chainmap did not write it (or it was changed since, or "
                              "drawn by a chainmap older than the fingerprint that tells its drawings apart): "
                              "choose another name, or add --force to replace it").format(path=output))


def check_drawing_output(output: Path, org: Path, force: bool) -> None:
    """Every check on a drawing's FILE, before anything is loaded or drawn: not an input, not
    inside the organisation's folder (unless ``force``), not a file chainmap did not write."""
    check_output_path(output, org, force)
    check_replaceable(output, force)


def write_drawing(output: Path, data: bytes) -> None:
    """Write a drawing atomically, with its fingerprint (so that the next run may replace it)."""
    write_bytes(output, fingerprinted(data, Path(output).suffix))
