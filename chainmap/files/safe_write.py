"""Writing output files without ever leaving a half-written or clobbered file.

Each file is written to a temporary file in the same folder, flushed, then renamed over
the target in one step: a reader (or an interrupted run) sees the old file or the new
one, never a mix.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

from ..errors import ChainmapError, UsageError, system_refusal
from ..i18n import _, ngettext
from ..load.regular import what_it_is

__all__ = ["write_bytes", "write_text", "refuse_unless_replaceable", "check_output_path", "safe_file_name", "enclosing_organisation", "refuse_inside_organisation", "no_extension",
           "folder_instead_of_file", "with_extension"]


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; a clear error if the folder is missing or read-only."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ChainmapError(_("{path}: the folder {folder} does not exist: create it first, or choose another output path").format(path=path, folder=folder))
    if path.is_dir() and not path.is_symlink():
        raise ChainmapError(_("{path}: this is a folder: give a file name, such as {example}").format(path=path, example=path / "diagram.svg"))
    refuse_unless_replaceable(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise ChainmapError(_("{path}: cannot write in {folder} ({reason})").format(path=path, folder=folder, reason=error.strerror)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        refuse_unless_replaceable(path)  # again: a device or a link may have been put there meanwhile
        os.replace(temporary, path)
    except BaseException as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.filename is None:  # a full disk names no file: name ours
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise


def refuse_unless_replaceable(path: Path) -> None:
    """Refuse, with or without ``--force``, an output that is there and is not a regular file.

    Replacing it would replace what it is: run as root, ``-o /dev/null --force`` deleted
    ``/dev/null``; a link would be replaced by a file (or, followed, write where it points);
    a named pipe or a socket belongs to another program.
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise ChainmapError(system_refusal(OSError(error.errno, error.strerror, str(path)))) from None
    if stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode):  # a folder: each command says what to name
        return
    if stat.S_ISLNK(status.st_mode):
        message = _("{path} is a link (to {target}): chainmap never replaces a link, even with --force; choose another output path, or remove the link first")
        raise ChainmapError(message.format(path=path, target=_link_target(path)))
    kind = what_it_is(path) or _("not a regular file")
    raise ChainmapError(_("{path} is {kind}, not a file: chainmap replaces only regular files, even with --force; choose another output path").format(
        path=path, kind=kind))


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output_path(output: Path, org: Path, force: bool = False) -> None:
    """Refuse to overwrite an input, or (without ``force``) to write inside the organisation's folder.

    Declarations are the user's work: chainmap never writes over them, and keeps its
    output out of the folder it reads so that a diagram is never read back as a team.
    """
    refuse_unless_replaceable(Path(output))  # said before any work is done, and again when written
    target = Path(output).resolve()
    source = Path(org).resolve()
    if target == source or (source.is_file() and target == source):
        raise ChainmapError(_("{path} is the organisation's own file: chainmap never writes over its input; choose another output path").format(path=output))
    if source.is_dir() and source in target.parents:
        if target.suffix.lower() in (".yaml", ".yml") or _is_csv_table(target, source):
            raise ChainmapError(_("{path} is inside the organisation's folder and would be read as a declaration: choose another output path").format(path=output))
        if not force:
            raise ChainmapError(_("{path} is inside the organisation's folder {org}: write it elsewhere, or add --force").format(path=output, org=org))


def refuse_to_mix(out: Path, ours: Set[str]) -> None:
    """Refuse, even with --force, when OUT holds declarations the command would not replace.

    ``ours`` are the paths (relative to OUT, with ``/``) the command writes. Other
    declarations would be loaded with the new files and mix two organisations (say, 15
    teams left from an earlier 20-team run beside 5 new ones), and chainmap deletes nothing
    it did not just write.
    """
    if not out.is_dir():
        return
    from ..load.files import yaml_declarations
    others: List[str] = sorted(
        relative for relative in (p.relative_to(out).as_posix() for p in yaml_declarations(out)) if relative not in ours)
    if others:
        raise UsageError(ngettext(
            "{path} already holds {count} declaration file this organisation would not replace "
            "({example}): the two organisations would mix. Choose an empty folder, or remove it first",
            "{path} already holds {count} declaration files this organisation would not replace "
            "({example}…): the two organisations would mix. Choose an empty folder, or remove them first",
            len(others)).format(path=out, count=len(others), example=others[0]))


def refuse_to_replace(out: Path, files: Dict[str, bytes]) -> None:
    """Refuse, even with --force, to replace a file unless it already holds exactly what would be written.

    The starter's names (``org.yaml``, ``teams/reception.yaml``) are also the names of a
    real organisation's files: replacing one that differs would lose the user's work.
    """
    for relative, content in sorted(files.items()):
        existing = out / relative
        if existing.exists() and not (existing.is_file() and existing.stat().st_size == len(content)
                                      and existing.read_bytes() == content):
            raise UsageError(_("{path} already exists and is not the file chainmap would write: it may be your "
                               "work, so chainmap does not replace it, even with --force. Choose a new folder, "
                               "or move that file away first").format(path=existing))


def enclosing_organisation(folder: Path, yaml_only: bool = False) -> Optional[Path]:
    """The organisation folder that ``folder`` is, or is inside (``None`` if there is none).

    For commands that take no organisation (``demo``): the loader reads every sub-folder
    of a folder holding ``org.yaml`` (or the ``teams.csv`` of a CSV organisation, unless
    ``yaml_only``), so anything written below such a folder is written inside that organisation.
    """
    from ..load.files import ORG_FILE_NAMES
    from ..load.tables import CSV_MARKER
    markers = ORG_FILE_NAMES if yaml_only else (*ORG_FILE_NAMES, CSV_MARKER)
    start = Path(folder).resolve()
    for candidate in (start, *start.parents):
        if any((candidate / name).is_file() for name in markers):
            return candidate
    return None


def refuse_inside_organisation(out: Path) -> None:
    """Refuse, even with --force, to write an organisation's YAML inside another's folder.

    The loader reads every YAML file below a folder that holds ``org.yaml``: a starter, a
    generated or a converted organisation written there would be read as more teams of the
    enclosing one (with a second ``org.yaml`` among them) and break it. A hidden folder
    (``.drafts/``) is not read, so it is allowed, and so is the enclosing ``org.yaml`` itself
    (a single-file organisation converted over itself with --force).
    """
    from ..load.files import ORG_FILE_NAMES
    target = Path(out).resolve()
    folder = enclosing_organisation(target.parent, yaml_only=True)
    if folder is None or (target.parent == folder and target.name in ORG_FILE_NAMES and target.is_file()):
        return
    if any(part.startswith(".") for part in target.relative_to(folder).parts):
        return
    shown = os.path.relpath(folder)
    raise UsageError(_("{path} is inside the folder of the organisation {org}: chainmap reads every sub-folder of an "
                       "organisation, so the two would be read as one. Write it outside {org}").format(
                           path=out, org=folder if shown.startswith("..") else shown))


def with_extension(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added: the example given when an output name has no extension.

    A name that is only an extension (``.svg``) or no name at all (``.``, ``/``) gets ``diagram``.

    >>> str(with_extension(Path("out/cartes"), ".pdf")), str(with_extension(Path("plan."), ".svg"))
    ('out/cartes.pdf', 'plan.svg')
    >>> str(with_extension(Path(".svg"), ".svg")), str(with_extension(Path("/"), ".svg"))
    ('diagram.svg', '/diagram.svg')
    """
    stem = path.name.rstrip(".")
    if not stem or stem.lower() == suffix:
        stem = "diagram"
    return (path.parent if path.name else path) / (stem + suffix)


def folder_instead_of_file(path: Path, ending: str) -> str:
    """What to say when the output named is a folder (``.``, ``/``, ``out/``): name a file in it."""
    return _("{path} is a folder: give the name of a file to write, such as {example}").format(
        path=path, example=Path(path) / ("diagram" + ending))


def no_extension(path: Path, endings: Sequence[str]) -> str:
    """What to say of an output name without extension: what is missing, and what is accepted.

    ("cannot write `.` files" would puzzle.) The example adds the first of ``endings``.
    """
    if not path.name or path.is_dir():
        return folder_instead_of_file(path, endings[0])
    listed = _("{some} or {last}").format(some=", ".join(endings[:-1]), last=endings[-1])
    return _("{path}: the file name has no extension, so chainmap does not know which kind of file to write: "
             "end it with {endings} (for example {example})").format(
                 path=path, endings=listed, example=with_extension(path, endings[0]))


def _is_csv_table(target: Path, source: Path) -> bool:
    """Whether ``target`` is (or would become) one of the tables of a CSV-folder organisation."""
    from ..load.tables import CSV_MARKER, SHEETS
    return (target.parent == source and (source / CSV_MARKER).is_file()
            and target.name.lower() in {f"{sheet}.csv" for sheet in SHEETS})


_UNSAFE_IN_FILE_NAME = re.compile('[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|]+')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def safe_file_name(name: str, fallback: str = "file", max_length: int = 100) -> str:
    """A file name made from a name of the declarations, that stays in the folder it is put in.

    Separators, control characters and the characters Windows refuses become ``-``; leading
    dots are dropped (no hidden file, no ``..``); Windows' device names get a ``_`` in front.
    A valid team id is returned unchanged, except those device names.

    >>> safe_file_name("../../etc/passwd"), safe_file_name(".."), safe_file_name("pharmacie")
    ('etc-passwd', 'file', 'pharmacie')
    """
    text = _UNSAFE_IN_FILE_NAME.sub("-", name).strip(" .-")[:max_length].rstrip(" .")
    if text.split(".")[0].lower() in _WINDOWS_RESERVED:
        text = "_" + text
    return text or fallback
