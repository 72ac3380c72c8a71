"""Reading the team files of an organisation: from the cache where unchanged, else read afresh.

Files unchanged since the last run (see :mod:`chainmap.load.cache` for what "unchanged"
means) give their kept team at once. The others are read, on every core when there are
many (:mod:`chainmap.parallel`): a file whose content hashes as before gives its kept
team without being parsed, any other is parsed, and a team read without a problem is kept
for next time. The teams come back in the files' order, as without the cache.
"""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable, List, Optional, Sequence, Tuple

from ..errors import Problem
from ..model import Team
from ..parallel import FROM_FILES, RUN, on_every_core, read_all
from .cache import DeclarationCache, Signature, cache_enabled, content_digest, signature_of
from .files import Limits, read_text

__all__ = ["read_team_files"]

TeamOfText = Callable[[Path, str], Tuple[Optional[Team], List[Problem]]]
Read = Tuple[Optional[Team], List[Problem]]
KEPT = "kept"  # what a helper sends for a file whose content is the one kept


def read_team_files(root: Path, paths: Sequence[Path], limits: Limits, team_of_text: TeamOfText,
                    progress: Optional[Callable[[int, int], None]] = None, processes: Optional[int] = None,
                    use_cache: bool = True) -> List[Read]:
    """``(team, problems)`` for each of ``paths``, in order."""
    cache = _open_cache(root, limits) if use_cache and cache_enabled() else None
    if cache is None:
        return read_all(paths, partial(_read_one, limits=limits, team_of_text=team_of_text), progress, processes)
    prefix = len(str(root).rstrip(os.sep)) + 1
    relatives = [str(path)[prefix:] for path in paths]
    results: List[Optional[Read]] = [cache.settled_team(path, relative) for path, relative in zip(paths, relatives)]
    unsettled = [index for index, found in enumerate(results) if found is None]
    read = on_every_core([(paths[i], relatives[i]) for i in unsettled],
                         partial(_read_signed, cache=cache, limits=limits, team_of_text=team_of_text),
                         progress, processes, at_least=FROM_FILES, run=RUN)
    for index, signed in zip(unsettled, read):
        results[index] = _kept(cache, paths[index], relatives[index], *signed)
    cache.forget_others(relatives)
    cache.save()
    if progress is not None:
        progress(len(paths), len(paths))
    return results  # type: ignore[return-value]  # every index was filled


def _kept(cache: DeclarationCache, path: Path, relative: str, team: Any, problems: List[Problem],
          signature: Optional[Signature], digest: bytes, read_at: int) -> Read:
    """A file read afresh: its team (the kept one, if its content is the same), now kept."""
    if isinstance(team, str):  # KEPT
        team = cache.team_of(relative, path)
        cache.remember(relative, signature, digest, None, read_at)  # type: ignore[arg-type]  # KEPT comes with one
    elif team is not None and not problems and signature is not None:
        cache.remember(relative, signature, digest, team, read_at)
    return team, problems


def _open_cache(root: Path, limits: Limits) -> Optional[DeclarationCache]:
    if not root.is_dir():
        return None  # a single-file organisation has no team files
    try:
        return DeclarationCache(root, limits)
    except (OSError, ValueError):
        return None


def _read_one(path: Path, limits: Limits, team_of_text: TeamOfText) -> Read:
    text, problem = read_text(path, limits)
    if problem is not None:
        return None, [problem]
    return team_of_text(path, text or "")


def _read_signed(item: Tuple[Path, str], cache: DeclarationCache, limits: Limits,
                 team_of_text: TeamOfText) -> Tuple[Any, List[Problem], Optional[Signature], bytes, int]:
    """A file read afresh, with what the cache needs: its signature taken *before* it is read
    (a change made while it is read then shows next time), its hash, and when it was read."""
    path, relative = item
    read_at = time.time_ns()
    try:
        signature: Optional[Signature] = signature_of(os.stat(path))
    except OSError:
        signature = None
    text, problem = read_text(path, limits)
    if problem is not None:
        return None, [problem], None, b"", read_at
    digest = content_digest(text or "")
    if signature is not None and cache.digest_of(relative) == digest:
        return KEPT, [], signature, digest, read_at
    team, problems = team_of_text(path, text or "")
    return team, problems, signature, digest, read_at
