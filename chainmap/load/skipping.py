"""``--skip-invalid``: load every team file that can be loaded, and say which could not.

One malformed file of a 500-team organisation used to block every drawing. With
``load(..., skip_invalid=True)``, a team file with a problem (of its own, or across files:
an id already used, one id for two people…) is left out, its problems kept exactly as
they would have been reported, and the rest of the organisation is assembled. What cannot
be left out stops the load as before: ``org.yaml`` (the organisation's name, end clients,
settings and inline teams), and any single-file organisation, workbook or CSV folder,
which are one input.

Each file left out becomes a :class:`~chainmap.model.SkippedTeam`: its id as far as it
could be read (the team read with its problems, else an ``id:`` line of the text, else an
id made from the file's name), and the members that could be read. The analysis reports
it (rule ``skipped-team``) and the drawings show it as a marked, unknown box.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from ..errors import LoadError, Problem
from ..model import EndClient, Org, Settings, SkippedTeam, Team
from ..names import ID_PATTERN, suggest_id
from .assemble import assemble
from .files import Limits, read_text

__all__ = ["assemble_skipping"]

# Enough rounds for any organisation: a file left out for a clash cannot make a new one.
ROUNDS = 5
_ID_LINE = re.compile(r"""^id[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9._-]*)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def assemble_skipping(root: Path, org_file: Optional[Path], name: str, end_clients: List[EndClient],
                      inline: List[Team], teams: List[Team], settings: Settings,
                      problems: List[Problem], limits: Limits) -> Org:
    """The organisation of every team file without a problem, with the others as ``skipped``.

    ``problems`` are those found reading each file; ``teams`` every team read, with or
    without problems. Raises :class:`LoadError` when a problem is in ``org.yaml`` (or
    names no file), as without the option.
    """
    keep_out: Dict[str, List[Problem]] = {}
    _leave_out(problems, org_file, keep_out)
    for _round in range(ROUNDS):
        kept = [team for team in teams if team.source is None or team.source.path not in keep_out]
        org, more = assemble(name, end_clients, inline + kept, settings, str(root))
        if org is not None and not more:
            return replace(org, skipped=_skipped(keep_out, teams, limits, set(org.teams)))
        _leave_out(more, org_file, keep_out)
    raise LoadError(problems + [p for found in keep_out.values() for p in found])  # pragma: no cover - see ROUNDS


def _leave_out(problems: List[Problem], org_file: Optional[Path], keep_out: Dict[str, List[Problem]]) -> None:
    """Add each problem to the file it is in; a problem of org.yaml, or of no file, cannot be left out."""
    for problem in problems:
        if not problem.path or (org_file is not None and Path(problem.path) == org_file):
            raise LoadError([*problems, *(p for found in keep_out.values() for p in found)])
        keep_out.setdefault(problem.path, []).append(problem)


def _skipped(keep_out: Dict[str, List[Problem]], teams: List[Team], limits: Limits,
             loaded: Set[str]) -> Tuple[SkippedTeam, ...]:
    """One :class:`SkippedTeam` per file left out, in the order of their paths."""
    read: Dict[str, Team] = {team.source.path: team for team in teams if team.source is not None}
    skipped = []
    for path in sorted(keep_out):
        team = read.get(path)
        team_id, known = (team.id, True) if team is not None else _id_of(Path(path), limits)
        members = tuple(member.id for member in team.members) if team is not None and team.id not in loaded else ()
        skipped.append(SkippedTeam(team_id, path, tuple(sorted(set(keep_out[path]))), members, known))
    return tuple(skipped)


def _id_of(path: Path, limits: Limits) -> Tuple[str, bool]:
    """The id a file that could not be read declares (an ``id:`` line of its text), or one
    made from its name (``Radiologie.yaml`` → ``radiologie``), which is then not known."""
    text, _problem = read_text(path, limits) if path.is_file() else (None, None)
    found = _ID_LINE.search(text or "")
    if found and ID_PATTERN.match(found.group(1)):
        return found.group(1), True
    return suggest_id(path.name.split(".")[0] or path.name), False
