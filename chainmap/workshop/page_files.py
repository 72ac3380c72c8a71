"""The files of a poster or a deck of cards: one PDF, or one SVG or PNG file per page.

The user names FILE; for the other pages of an SVG or PNG output chainmap chooses the
names itself (FILE-2, FILE-3…). Those names may already be taken: by the pages of an
earlier run, or by a file of the user's that happens to be called that way. Every page
carries a fingerprint (:mod:`chainmap.files.fingerprint`), so chainmap tells them apart: its
own pages, unchanged since written, may be replaced, or removed when the new run has
fewer pages; any other file is never removed, and is replaced only with ``--force``.
FILE itself follows the same rule, checked by the command before anything is drawn."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Sequence

from ..errors import ChainmapError, UsageError
from ..files.fingerprint import fingerprinted, is_own_file, write_drawing
from ..files.safe_write import no_extension
from ..files.staged import staged_output
from ..i18n import _, ngettext
from ..parallel import on_every_core
from .svg import merge_pdfs, to_pdf, to_png

__all__ = ["PAGE_FORMATS", "PageFiles", "page_format", "page_paths", "write_pages"]

PAGE_FORMATS = ("pdf", "svg", "png")
PNG_DPI = 150
NAMES_SHOWN = 5  # a refusal names at most this many files, then "…"


@dataclass
class PageFiles:
    """What :func:`write_pages` did: the pages written, the pages of an earlier run removed,
    and the files named like pages of an earlier run that were left alone (not chainmap's own)."""

    written: List[Path] = field(default_factory=list)
    removed: List[Path] = field(default_factory=list)
    left: List[Path] = field(default_factory=list)


def page_format(output: Path) -> str:
    """``pdf``, ``svg`` or ``png``, from ``output``'s extension; a plain message otherwise.

    Checked before anything is loaded or laid out, so that a misnamed output costs nothing.
    """
    fmt = output.suffix.lower().lstrip(".")
    if not fmt:
        raise UsageError(no_extension(output, (".pdf", ".svg", ".png")))
    if fmt not in PAGE_FORMATS:
        raise UsageError(_("chainmap cannot write `.{suffix}` posters or cards: name the output .pdf, .svg or .png").format(suffix=fmt))
    return fmt


def page_paths(output: Path, count: int) -> List[Path]:
    """Where the pages of an SVG or PNG poster go: FILE, then FILE-2, FILE-3…"""
    return [output] + [_numbered(output, n) for n in range(2, count + 1)]


def _numbered(output: Path, number: int) -> Path:
    return output.with_name(f"{output.stem}-{number}{output.suffix}")


# Writing -----------------------------------------------------------------------------------


def write_pages(pages: Sequence[str], output: Path, force: bool = False,
                progress: Optional[Callable[[int, int], None]] = None) -> PageFiles:
    """Write SVG pages as one PDF, or as one SVG or PNG file per page, then tidy earlier pages.

    Nothing is written when a page name other than FILE is taken by a file that is not
    chainmap's own (unless ``force``). Pages of an earlier, longer run that are chainmap's
    own are removed afterwards, so that the folder holds this run's pages only; files
    named like them that are not chainmap's are left and reported. ``progress(done,
    total)`` follows the pages converted.

    A page takes CairoSVG about half a second (its text is laid out letter by letter), so
    the pages of a PDF are converted on every core: a deck of 5,000 workers' cards is
    1,250 A4 pages.

    All or nothing: the pages are written beside their place and moved there together at
    the end (:mod:`chainmap.files.staged`), so that a run stopped half-way (a signal, a
    full disk) leaves the earlier run's pages as they were, and a second run writing the
    same pages at the same time is refused.
    """
    fmt = page_format(output)
    if fmt == "pdf":
        write_drawing(output, merge_pdfs(on_every_core(pages, to_pdf, progress)))
        return PageFiles(written=[output])
    paths = page_paths(output, len(pages))
    with staged_output(output) as stage:
        if not force:
            _refuse_taken_names(paths[1:], len(pages))
        for number, (path, page) in enumerate(zip(paths, pages), 1):
            stage.write(path, fingerprinted(page.encode("utf-8") if fmt == "svg" else to_png(page, PNG_DPI), path.suffix))
            if progress is not None and fmt == "png":
                progress(number, len(pages))
        earlier = _earlier_pages(output, len(pages))
        removed = [path for path in earlier if is_own_file(path)]
        stage.commit(remove=removed)
    return PageFiles(written=paths, removed=removed, left=[path for path in earlier if path not in removed])


def _refuse_taken_names(paths: Sequence[Path], pages: int) -> None:
    """Refuse, before writing anything, when a page name is taken by a file chainmap did not write."""
    taken = [path for path in paths if os.path.lexists(path) and not is_own_file(path)]
    if not taken:
        return
    names = ", ".join(str(path) for path in taken[:NAMES_SHOWN]) + (", …" if len(taken) > NAMES_SHOWN else "")
    raise ChainmapError(ngettext(
        "{files} already exists and chainmap did not write it (or it was changed since): this run of {pages} pages needs that name. "
        "Move or rename that file, choose another output name, or add --force to replace it",
        "{files} already exist and chainmap did not write them (or they were changed since): this run of {pages} pages needs those names. "
        "Move or rename those files, choose another output name, or add --force to replace them",
        len(taken)).format(files=names, pages=pages))


def _earlier_pages(output: Path, count: int) -> List[Path]:
    """Files named like pages after the last one of this run (FILE-N with N > ``count``), by number."""
    folder = output.parent if str(output.parent) else Path(".")
    pattern = re.compile(re.escape(output.stem) + r"-([1-9][0-9]*)" + re.escape(output.suffix))
    numbered = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and int(match.group(1)) > max(count, 1):
                numbered.append((int(match.group(1)), output.with_name(entry.name)))
    return [path for _number, path in sorted(numbered)]

