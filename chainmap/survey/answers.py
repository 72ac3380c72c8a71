"""The answer files of a survey, checked before they are read, and the overlay a run may replace.

Answers are counted once per person: a file given twice (by two names, or through a hard
link) would pass the anonymity threshold with half the people. And an overlay that
``chainmap survey`` wrote may be rewritten by the next run, but no other file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..errors import ChainmapError
from ..i18n import _
from ..load.regular import head
from .overlay import looks_like_overlay

__all__ = ["OVERLAY_HEAD_BYTES", "is_overlay_file", "refuse_repeated_answers", "same_file"]

OVERLAY_HEAD_BYTES = 4096  # the comment above an overlay's data takes about 500


def refuse_repeated_answers(answers: Sequence[Path]) -> None:
    """Refuse a file given twice: its answers would count twice, and two answers from one
    person would pass the anonymity threshold as two people."""
    for later, path in enumerate(answers):
        for first in answers[:later]:
            if str(first) == str(path):
                raise ChainmapError(_("{path} is given twice: its answers would be counted twice, which defeats the "
                                      "anonymity threshold; give each file once").format(path=path))
            if same_file(first, path):
                raise ChainmapError(_("{path} and {first} are the same file: its answers would be counted twice, which "
                                      "defeats the anonymity threshold; give each file once").format(path=path, first=first))


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name the same file: the same path once resolved, or a hard link."""
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def is_overlay_file(path: Path) -> bool:
    """Whether ``path`` starts like an overlay that ``chainmap survey`` wrote."""
    return looks_like_overlay(head(path, OVERLAY_HEAD_BYTES))  # b"" for a device or a pipe: never opened blocking
