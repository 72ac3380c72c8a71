"""The folders of an organisation walked as ``os.walk`` walks them, with each file's listing entry.

Why not ``os.walk``: it keeps only the files' names, and the loader then asked the system
again, file by file, whether each is a regular file; the listing already says it (a link
aside), and a warm run of a large organisation spent a fair share of its time asking.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, Iterator, List, Tuple

__all__ = ["is_folder", "is_regular", "walk"]


def walk(top: str, onerror: Callable[[OSError], None]) -> Iterator[Tuple[str, List[str], Dict[str, os.DirEntry[str]]]]:
    """``os.walk(top, onerror=onerror, followlinks=True)``, in the same order, with each
    folder's files as the entries listing them: whether one is a regular file is then known
    from the listing itself, without asking the system about every file (it is asked for a
    link). The caller may cut the list of sub-folders, as with ``os.walk``."""
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            onerror(error)
            continue
        subfolders: List[str] = []
        files: Dict[str, os.DirEntry[str]] = {}
        for entry in entries:
            if is_folder(entry):
                subfolders.append(entry.name)
            else:
                files[entry.name] = entry
        yield folder, subfolders, files
        folders += [os.path.join(folder, name) for name in reversed(subfolders)]


def is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def is_regular(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one (``S_ISREG`` of what it leads to)."""
    try:
        return entry.is_file()
    except OSError:
        return False
