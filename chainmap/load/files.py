"""Find the declaration files of an organisation and read them as text, within bounds.

Every failure becomes a :class:`~chainmap.errors.Problem` with the path at fault, so that
an empty folder, a missing ``org.yaml``, an unreadable or non-UTF-8 file each get their
own plain message instead of a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, List, Optional, Set, Tuple

from ..errors import Problem
from ..i18n import _
from ..names import did_you_mean, nfc
from .regular import RefusedFile, head, read_bytes, refusal
from .walk import is_regular, walk

__all__ = ["CSV_MARKER", "Limits", "OrgFiles", "decode_text", "find_files", "looks_utf16", "not_a_declaration", "organisation_root", "read_text", "read_within", "utf16_problem", "yaml_declarations"]

YAML_SUFFIXES = (".yaml", ".yml")
ORG_FILE_NAMES = ("org.yaml", "org.yml")
CSV_MARKER = "teams.csv"  # the table that makes a folder one of CSV tables (load/tables.py)
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv")
# How files people mistake for a declaration begin, and what they are ("spreadsheet": a
# workbook chainmap cannot read as it is: old Excel, or a zip of LibreOffice or Excel XML).
SIGNATURES = ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "spreadsheet"), (b"PK\x03\x04", "zip"), (b"%PDF-", "pdf"),
              (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"\x1f\x8b", "archive"),
              (b"7z\xbc\xaf", "archive"), (b"Rar!", "archive"), (b"\x7fELF", "program"))


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or mistaken input from exhausting time or memory."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_files: int = 100_000


@dataclass
class OrgFiles:
    """The files of an organisation: its ``org.yaml`` (or single file) and its team files."""

    org_file: Optional[Path]
    team_files: List[Path]


def organisation_root(path: Path) -> Path:
    """The organisation a path names: an ``org.yaml`` that heads a folder stands for it.

    Given ``hopital/org.yaml``, a user means the hospital: read alone, the file is an
    organisation without the team files beside it ("0 teams, no weak link found"). So an
    ``org.yaml`` whose folder holds team files is read as its folder (FORMAT.md v1.1): one
    beside a ``teams/`` folder, one that declares no team of its own, or one below which a
    YAML file declares a team (a top-level ``id:``). One that declares its teams inline,
    with no team file below it, is a single-file organisation, whatever else the folder
    holds (a docker-compose.yml, a survey overlay): it is read alone.
    """
    if path.name in ORG_FILE_NAMES and path.is_file():
        folder = path.parent
        if (folder / "teams").is_dir() or not _declares_teams_inline(path) or _holds_a_team_file(folder):
            return folder
    return path


_TEAM_ID_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?id[ \t]*:", re.MULTILINE)


def _holds_a_team_file(folder: Path) -> bool:
    """Whether a YAML file below ``folder`` (as the loader counts them: any case of
    extension, hidden names skipped, not the root's org.yaml) starts a line with ``id:``,
    as a team file does. A look at each file's head, stopping at the first team found, and
    after :data:`NEAR_NAME_MOST_ENTRIES` names: an org.yaml in a home folder is not worth
    a walk through the whole of it (it is then read alone, as before v1.1)."""
    budget = NEAR_NAME_MOST_ENTRIES
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        budget -= len(subdirectories) + len(files)
        if budget < 0:
            return False
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                continue
            if directory == str(folder) and name in ORG_FILE_NAMES:
                continue
            try:
                with open(os.path.join(directory, name), "rb") as stream:
                    if _TEAM_ID_LINE.search(stream.read(64 * 1024)):
                        return True
            except OSError:
                continue
    return False


_INLINE_TEAMS = re.compile(r"^teams[ \t]*:", re.MULTILINE)


def _declares_teams_inline(path: Path) -> bool:
    """Whether the file has a top-level ``teams:`` key (a look at its text, not a parse: the
    loader parses it, with every check, right after)."""
    text = head(path, Limits().max_file_bytes)  # b"": read as its folder; the loader then says what it cannot read
    return _INLINE_TEAMS.search(text.decode("utf-8", errors="replace")) is not None


def find_files(path: Path, limits: Limits) -> Tuple[OrgFiles, List[Problem]]:
    """Locate ``org.yaml`` and the team files for a directory or a single-file organisation."""
    if not path.exists():
        return OrgFiles(None, []), [_broken_link_problem(path) if path.is_symlink() else _no_such_path(path)]
    if path.is_dir():
        return _scan_directory(path, limits)
    problem = _wrong_kind_of_file(path) or refusal(path)  # a device, a pipe, a file of /proc: said what it is
    return (OrgFiles(None, []), [problem]) if problem else (OrgFiles(path, []), [])


# A folder with more entries than this is not searched for a near name (a mount of millions).
NEAR_NAME_MOST_ENTRIES = 5000


def _no_such_path(path: Path) -> Problem:
    """The path does not exist; when its folder holds one of a near name (``org11`` for
    ``org1``, ``Hopital`` for ``hopital``), the problem names it: a typed path is the first
    thing a new user gets wrong."""
    message = _("no such file or folder: check the path")
    near = _near_name(path)
    if near is not None:
        message = _("no such file or folder: did you mean {path}?").format(path=near)
    return Problem(str(path), None, message)


def _near_name(path: Path) -> Optional[str]:
    """The path with its last part replaced by the nearest visible name in its folder, if
    one is close enough to be a likely typo."""
    folder = path.parent
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for _index, entry in zip(range(NEAR_NAME_MOST_ENTRIES + 1), entries)
                     if not entry.name.startswith(".")]
    except OSError:
        return None
    if len(names) > NEAR_NAME_MOST_ENTRIES:
        return None
    near = did_you_mean(path.name, names)
    return None if near is None else str(path.with_name(near))


def _wrong_kind_of_file(path: Path) -> Optional[Problem]:
    """A file named as a spreadsheet chainmap does not read, said before it is read as YAML
    (which would report an encoding or a missing `org:` instead)."""
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEET_SUFFIXES:
        return Problem(str(path), None, _save_as_xlsx())
    if suffix in CSV_SUFFIXES:
        return Problem(str(path), None, _("an organisation in CSV is a folder of CSV files (teams.csv, links.csv, …): give the folder, not one of its files"))
    return None


def _save_as_xlsx() -> str:
    """What to do with a workbook chainmap cannot read: Excel and LibreOffice both convert it."""
    return _("chainmap reads .xlsx workbooks: in Excel or LibreOffice, Save as → Excel Workbook (.xlsx), and give chainmap that file")


def not_a_declaration(path: Path, data: bytes) -> Optional[Problem]:
    """The problem of a file whose bytes are plainly not text (a PDF, an image, an old Excel
    workbook…), or None: decoding it would report a wrong encoding, or YAML nonsense."""
    kind = next((kind for signature, kind in SIGNATURES if data.startswith(signature)), None)
    if kind == "zip" and (b"opendocument.spreadsheet" in data[:100] or b"xl/" in data):
        kind = "spreadsheet"
    if kind == "spreadsheet":
        return Problem(str(path), None, _save_as_xlsx())
    if kind is None and _mostly_control_bytes(data):
        kind = "binary"
    if kind is None:
        return None
    kinds = {"zip": _("a compressed archive (or a Word or PowerPoint file)"), "pdf": _("a PDF document"),
             "image": _("an image"), "archive": _("a compressed archive"), "program": _("a program"),
             "binary": _("binary data, not text")}
    message = _("this is not a declaration but {kind}: chainmap reads YAML and CSV text files and .xlsx workbooks; check that this is the right file")
    return Problem(str(path), None, message.format(kind=kinds[kind]))


def _mostly_control_bytes(data: bytes) -> bool:
    """Whether the start of ``data`` has the control bytes of binary data (text has at most a
    stray one). NULs at the end are left out: a text padded by a copy cut short is text."""
    if looks_utf16(data):  # its NULs are half its letters: decode_text says how to re-save it
        return False
    sample = data[:4096].rstrip(b"\x00")
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # one pass, for every file read
    return control >= 8 and control * 20 > len(sample)


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def yaml_declarations(folder: Path) -> List[Path]:
    """The YAML files the loader reads in ``folder`` (``org.yaml``, then the team files): linked
    sub-folders followed, hidden ones skipped. For the commands that write into a folder and
    must know what would be read beside what they write."""
    files, _problems = find_files(folder, Limits(max_files=10 ** 9))
    return ([files.org_file] if files.org_file else []) + files.team_files


def _scan_directory(root: Path, limits: Limits) -> Tuple[OrgFiles, List[Problem]]:
    problems: List[Problem] = []
    # an org.yaml that is a device, a pipe or a link to one is read, and refused for what it is
    org_files = [root / name for name in ORG_FILE_NAMES if (root / name).exists() and not (root / name).is_dir()]
    team_files: List[Path] = []
    walked = {os.path.realpath(root)}
    for directory, subdirectories, files in walk(str(root), lambda e: problems.append(_walk_problem(e))):
        subdirectories[:] = _folders_to_walk(directory, subdirectories, walked)
        child = _child_maker(Path(directory))
        for name in sorted(files):
            if not name.lower().endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            # on strings, one Path per team file: pathlib's joins and comparisons, once per
            # file, were most of this scan (see benchmarks/RESULTS.md)
            candidate = os.path.join(directory, name)
            if name in ORG_FILE_NAMES and Path(candidate) in org_files:  # as Paths: ./org.yaml is org.yaml
                continue
            if is_regular(files[name]):
                team_files.append(child(name))
            elif not os.path.isdir(candidate):  # a device, a pipe, a socket, a link to nothing: its team would vanish
                problems.append(refusal(candidate) or _broken_link_problem(Path(candidate)))
        if len(team_files) > limits.max_files:
            message = _("more than {limit} team files: chainmap stops here (raise the limit with --max-files if this is really one organisation)")
            return OrgFiles(None, []), [Problem(str(root), None, message.format(limit=limits.max_files))]
    if len(org_files) > 1:
        problems.append(Problem(str(org_files[1]), None, _("both org.yaml and org.yml are present: keep only one")))
    broken_org_files = [root / name for name in ORG_FILE_NAMES if _is_broken_link(root / name)]
    problems += [_broken_link_problem(path) for path in broken_org_files]
    if not org_files and not broken_org_files:
        misnamed = _misnamed_org_file(root, team_files)
        if misnamed is not None:  # read as a team, it would add two baffling errors of its own
            team_files.remove(misnamed)
        problems.append(_missing_org_problem(root, team_files, misnamed))
    return OrgFiles(org_files[0] if org_files else None, team_files), problems


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """A maker of ``folder / name``: pathlib's own way of listing a folder where Python has
    it (it parses the name alone, where ``Path(text)`` parses every part of the path again:
    50,000 team files, 1.3 of the 2.6 s of a warm run's scan under a profiler)."""
    return getattr(folder, "_make_child_relpath", folder.joinpath)


def _folders_to_walk(directory: str, subdirectories: List[str], walked: Set[str]) -> List[str]:
    """The sub-folders still to read, in name order: not hidden, not one already read.

    A sub-folder may be a link (a department's folder shared from elsewhere): it is read
    through, like a linked team file. A link back to a folder already read (a loop, or two
    links to one folder), or to a folder that holds one (the organisation's parent), is not
    read, so nothing is read twice or forever, and nothing beyond the organisation.
    """
    kept = []
    for name in sorted(subdirectories):
        path = os.path.join(directory, name)
        real = os.path.realpath(path)
        if not name.startswith(".") and real not in walked and not (os.path.islink(path) and _holds_any(real, walked)):
            walked.add(real)
            kept.append(name)
    return kept


def _holds_any(folder: str, walked: Set[str]) -> bool:
    """Whether ``folder`` holds a folder already read: a link to the organisation's parent, to
    the home folder or to ``/`` would make the loader read far beyond the organisation."""
    inside = folder.rstrip(os.sep) + os.sep
    return any(read.startswith(inside) for read in walked)


def _is_broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def _broken_link_problem(path: Path) -> Problem:
    """A declaration that is a link to nothing: its team would vanish from the map without a word."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem(str(path), None, _("this file is a link to {target}, which does not exist (moved or deleted?): restore the file it points to, or remove the link").format(target=target))


def _misnamed_org_file(root: Path, team_files: List[Path]) -> Optional[Path]:
    """The YAML file beside the team files that is plainly the organisation's file under
    another name (``organisation.yaml``, ``Org.yaml``, ``org.yaml.yaml``…): it opens a line with
    ``end_clients:``, a key only ``org.yaml`` has. ``None``: there is none."""
    for path in team_files:
        if path.parent == root and _declares_end_clients(path):
            return path
    return None


def _declares_end_clients(path: Path) -> bool:
    start = head(path, 64 * 1024)
    return re.search(rb"^(?:\xef\xbb\xbf)?end_clients\s*:", start, re.MULTILINE) is not None


def _missing_org_problem(root: Path, team_files: List[Path], misnamed: Optional[Path] = None) -> Problem:
    if misnamed is not None:
        message = _("there is no org.yaml in this folder, but {file} looks like it (it lists the `end_clients:`): rename it org.yaml")
        return Problem(str(misnamed), None, message.format(file=misnamed.name))
    if not any(root.iterdir()):
        message = _("this folder is empty: an organisation needs an org.yaml (its name and end clients) and one YAML file per team; `chainmap init` writes a starter")
    elif not team_files:
        message = _("this folder holds no YAML file: an organisation needs an org.yaml (its name and end clients) and one .yaml file per team")
    elif (parent := _heading_folder(root)) is not None:
        message = _("there is no org.yaml in this folder, but there is one in {parent}: this looks like its teams folder; give the organisation's folder, {parent}").format(parent=parent)
    else:
        message = _("there is no org.yaml in this folder: create one that names the organisation (`org:`) and its end clients (`end_clients:`)")
    return Problem(str(root), None, message)


def _heading_folder(root: Path) -> Optional[Path]:
    """The nearest folder above ``root`` that holds an org.yaml (``None``: there is none),
    written relative to the current folder, as the user would type it (``..`` from teams/)."""
    for folder in root.absolute().parents:
        if any((folder / name).is_file() for name in ORG_FILE_NAMES):
            return Path(os.path.relpath(folder))
    return None


def _walk_problem(error: OSError) -> Problem:
    return Problem(str(error.filename), None, _("this folder cannot be read ({reason}): check its permissions").format(reason=error.strerror))


def read_text(path: Path, limits: Limits) -> Tuple[Optional[str], Optional[Problem]]:
    """Read a declaration file as UTF-8 text (a BOM is accepted), or say why it cannot be:
    only a regular file, and never more than ``--max-file-size`` of it (:mod:`~chainmap.load.regular`)."""
    try:
        data = read_bytes(path, limits.max_file_bytes)
    except RefusedFile as refused:
        return None, refused.problem
    problem = not_a_declaration(path, data)
    return (None, problem) if problem else decode_text(path, data)


def read_within(stream: BinaryIO, size: int, limit: int) -> bytes:
    """The bytes of an open file that said it had ``size``, never more than ``limit + 1``
    (one past the bound is enough to refuse a file): as many as it said, then what it grew by.

    Why not ``read(limit + 1)`` at once: Python sets that much memory aside (10 MB) for
    each file before reading it, which was most of the processor time the reading of many
    small files took (benchmarks/RESULTS.md, issue 31 part C).
    """
    data = stream.read(min(size, limit) + 1)
    if len(data) <= size:
        return data
    return data + stream.read(limit + 1 - len(data))


def looks_utf16(data: bytes) -> bool:
    """Whether ``data`` starts like UTF-16 text: a byte order mark, or a NUL among its first
    letters (the half of a Latin letter)."""
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:4])


def utf16_problem(path: Path) -> Problem:
    """A UTF-16 file, read as UTF-8, would be one letter and one NUL after another."""
    return Problem(str(path), None, _("this file is saved as UTF-16: save it again as UTF-8 (in your editor: Save as… → Encoding: UTF-8)"))


def decode_text(path: Path, data: bytes) -> Tuple[Optional[str], Optional[Problem]]:
    """``data`` as UTF-8 text (a BOM is accepted), or the problem that says how to re-save it."""
    if looks_utf16(data):
        return None, utf16_problem(path)
    try:
        return nfc(data.decode("utf-8-sig")), None  # one person, one team name, however accents were typed
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = _("this file is not UTF-8 text (byte 0x{byte:02X}; it was probably saved as Latin-1 or Windows-1252): save it again as UTF-8 (in your editor: Save as… → Encoding: UTF-8)")
        return None, Problem(str(path), line, message.format(byte=byte))
