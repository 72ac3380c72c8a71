"""Exceptions that chainmap raises to its callers.

Input problems are *collected*, not raised one at a time: the loader gathers every
:class:`Problem` of every file and raises one :class:`LoadError` holding them all, so a
manager fixes the whole organisation in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Iterator, Optional

__all__ = ["BaselineError", "ChainmapError", "GraphvizMissing", "GraphvizFailed", "LoadError", "Problem",
           "PROBLEMS_SHOWN_PER_FILE", "UsageError", "shown_problems", "system_refusal"]

PROBLEMS_SHOWN_PER_FILE = 20


class ChainmapError(Exception):
    """Base class of every error chainmap reports to a person (exit code 2)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the input: where it is, what is wrong and how to fix it.

    ``line`` is 1-based, or ``None`` when the problem concerns a whole file or folder.
    """

    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        r"""``path:line: message`` on one line, even for a file name holding a line break.

        >>> str(Problem("équipes/pa\nie.yaml", 3, "unknown key"))
        'équipes/pa\\nie.yaml:3: unknown key'
        """
        path = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.message}"


class LoadError(ChainmapError):
    """The organisation could not be loaded; ``problems`` lists every reason, sorted."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class BaselineError(LoadError):
    """The baseline file (``--baseline``, ``--write-baseline``) could not be read; the organisation could."""


def _problem_order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)


def shown_problems(problems: Iterable[Problem], per_file: int = PROBLEMS_SHOWN_PER_FILE) -> Iterator[str]:
    """The lines to print for ``problems`` (sorted by file): at most ``per_file`` of each file, then how many more.

    A stray file of 500,000 unknown keys would otherwise print 500,000 lines, burying the
    other files' problems; a person fixes the first ones and runs chainmap again anyway.

    >>> list(shown_problems([Problem("a.yaml", n, "unknown key") for n in (1, 2, 3)], per_file=2))
    ['a.yaml:1: unknown key', 'a.yaml:2: unknown key', 'a.yaml: … and 1 more problem in this file (not shown): fix the ones above, then run chainmap again to see it']
    """
    from .i18n import ngettext
    from .i18n.localise import format_number
    for path, in_file in groupby(problems, key=lambda problem: problem.path):
        hidden = 0
        for number, problem in enumerate(in_file):
            if number < per_file:
                yield str(problem)
            else:
                hidden += 1
        if hidden:
            yield str(Problem(path, None, ngettext(
                "… and {n} more problem in this file (not shown): fix the ones above, then run chainmap again to see it",
                "… and {n} more problems in this file (not shown): fix the ones above, then run chainmap again to see them",
                hidden).format(n=format_number(hidden))))


class UsageError(ChainmapError):
    """The command was asked something that does not fit the organisation (unknown team…)."""


class GraphvizMissing(ChainmapError):
    """Graphviz's ``dot`` program is not installed: nothing can be drawn."""


class GraphvizFailed(ChainmapError):
    """Graphviz ran but could not draw the diagram (or took too long)."""


def system_refusal(error: OSError) -> str:
    """What the operating system refused, said for a manager: the path, the cause, what to do.

    Such errors come from the machine, not from chainmap (the disk is full, the folder is
    read-only, a name is longer than the system allows), so they are answered like a bad
    input, not as an internal error to report.
    """
    import errno

    from .i18n import _
    advice = {
        errno.ENOSPC: _("the disk is full: free some space, or write elsewhere"),
        errno.EDQUOT: _("your disk quota is full: free some space, or write elsewhere"),
        errno.EACCES: _("permission denied: choose a folder you may write in (or read from)"),
        errno.EPERM: _("permission denied: choose a folder you may write in (or read from)"),
        errno.EROFS: _("this disk is read-only: write elsewhere"),
        errno.ENAMETOOLONG: _("this name is too long for the system: choose a shorter one"),
        errno.ENOTDIR: _("part of this path is a file, not a folder: check the path"),
        errno.EISDIR: _("this is a folder, not a file: give a file name"),
        errno.EEXIST: _("a file of this name is in the way: move it, or choose another name"),
        errno.ENOENT: _("no such file or folder: check the path"),
    }.get(error.errno or 0, _("the system refused ({reason}): check the path and the disk").format(reason=error.strerror or error))
    where = error.filename if error.filename is not None else ""
    return f"{where}: {advice}" if where else advice
