"""Reading declaration files afresh, each into its :class:`~chainmap.load.file_records.DeclarationFile`.

Many files (a cold run of a large organisation) are read on every core
(:mod:`chainmap.parallel`); a helper process sends the teams it read back as columns
(:func:`~chainmap.load.org_pack.teams_as_columns`): pickled as objects, each of hundreds of
thousands of members was taken apart field by field, then made again by a call to its
class. A file whose content hashes as the one already known (a
file touched, or a checkout that rewrote its times) keeps the team read before, without
being parsed again. Its signature is taken *before* it is read, so that a change made
while it is read shows next time.
"""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import Problem
from ..model import Team
from ..parallel import FROM_FILES, RUN, on_every_core
from .file_records import DeclarationFile, Signature, content_digest, settled, signature_of
from .files import Limits, read_text
from .org_pack import teams_as_columns, teams_from_columns
from .reading import org_of_text, read_bytes, team_of_text, text_of_bytes

__all__ = ["read_files"]

Item = Tuple[str, Path, bool]  # its path inside the organisation, its path, whether it is the org.yaml
# What a file read gives: its signature, whether it was settled, its digest, what it declares
# (a team or org.yaml's declaration; KEPT: the one known, the content being the same), its
# problems, its bytes if asked for.
Found = Tuple[Optional[Signature], bool, bytes, Any, Tuple[Problem, ...], Optional[bytes]]
KEPT = "kept"
IN_COLUMNS = "in columns"  # a team a helper sends among its others' columns (see _sent)


def read_files(items: Sequence[Item], limits: Limits, known: Mapping[str, DeclarationFile], keep_bytes: bool = False,
               progress: Optional[Callable[[int, int], None]] = None,
               processes: Optional[int] = None) -> List[DeclarationFile]:
    """Each file of ``items`` read afresh, in order. ``known``: what each was last read as."""
    digests = {relative: record.digest for relative, record in known.items() if record.usable}
    work = partial(_read, limits=limits, digests=digests, keep_bytes=keep_bytes)
    found = on_every_core(items, work, progress, processes, at_least=FROM_FILES, run=RUN, send=_sent, receive=_received)
    return [_record(item, each, known.get(item[0])) for item, each in zip(items, found)]


def _sent(found: List[Found]) -> Tuple[List[Found], Optional[list]]:
    """What a helper sends back: what it found, with the teams as columns (when they can be)."""
    columns = teams_as_columns([each[3] for each in found if isinstance(each[3], Team)])
    if columns is None:
        return found, None
    return [(*each[:3], IN_COLUMNS, *each[4:]) if isinstance(each[3], Team) else each for each in found], columns


def _received(sent: Tuple[List[Found], Optional[list]]) -> List[Found]:
    """What a helper found, its teams made again from their columns."""
    found, columns = sent
    if columns is None:
        return found
    teams = iter(teams_from_columns(columns))
    return [(*each[:3], next(teams), *each[4:]) if each[3] == IN_COLUMNS else each for each in found]


def _record(item: Item, found: Found, before: Optional[DeclarationFile]) -> DeclarationFile:
    relative, path, is_org = item
    signature, is_settled, digest, declared, problems, data = found
    if isinstance(declared, str):  # KEPT: the same content as ``before``
        assert before is not None
        return DeclarationFile(relative, path, digest, signature, is_settled, before.team, before.declaration, (), data)
    if is_org:
        return DeclarationFile(relative, path, digest, signature, is_settled, None, declared, problems, data)
    return DeclarationFile(relative, path, digest, signature, is_settled, declared, None, problems, data)


def _read(item: Item, limits: Limits, digests: Dict[str, bytes], keep_bytes: bool) -> Found:
    relative, path, is_org = item
    read_at = time.time_ns()
    try:
        signature: Optional[Signature] = signature_of(os.stat(path))
    except OSError:
        signature = None
    data: Optional[bytes] = None
    if keep_bytes:
        data, problem = read_bytes(path, limits)
        text, problem = (None, problem) if problem else text_of_bytes(path, data or b"", limits)
    else:
        text, problem = read_text(path, limits)
    is_settled = signature is not None and settled(signature, read_at)
    if problem is not None:
        return signature, is_settled, b"", None, (problem,), data
    digest = content_digest(text or "")
    if digests.get(relative) == digest:
        return signature, is_settled, digest, KEPT, (), data
    declared, problems = org_of_text(path, text or "") if is_org else team_of_text(path, text or "", limits)
    return signature, is_settled, digest, declared, tuple(problems), data
