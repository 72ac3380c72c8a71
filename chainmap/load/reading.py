"""Reading one declaration file, from its path, its text or its bytes, with the loader's checks and messages.

A team file is first offered to the one-pass reader (:mod:`chainmap.load.team_reader`);
when it is not sure, the file is parsed into nodes (:mod:`chainmap.load.fast_yaml`, with
PyYAML as the judge) and read field by field, every problem collected. Whatever the
file is read from — a folder by :func:`chainmap.load`, a changed file by
:class:`~chainmap.load.live.LiveOrganisation`, a form's text about to be saved by the
server — it goes through these same functions, so its team and its messages are the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

from ..errors import LoadError, Problem
from ..i18n import _
from ..i18n.localise import format_number
from ..model import Org, Team
from .assemble import assemble, problems_across_files
from .declarations import OrgDeclaration, read_org, read_team
from .fast_yaml import UNSURE, fast_path_enabled, parse_declaration
from .fields import FieldReader
from .files import Limits, decode_text, not_a_declaration, read_text
from .regular import RefusedFile
from .regular import read_bytes as regular_bytes
from .team_reader import read_team_text
from .yaml_nodes import Node, YamlProblem

__all__ = ["assembled", "read_org_file", "org_of_text", "team_of_text", "read_team_bytes", "read_org_bytes",
           "read_bytes", "text_of_bytes", "problems_across_files"]

Read = Tuple[Optional[Team], List[Problem]]


def assembled(root: Path, declaration: Optional[OrgDeclaration], teams: List[Team], problems: List[Problem]) -> Org:
    """The organisation of what its files declare, or :class:`LoadError` with every problem."""
    if problems or declaration is None or declaration.name is None:
        read_so_far = declaration or OrgDeclaration(None)
        problems = problems + problems_across_files(read_so_far.end_clients, read_so_far.teams + teams)
        raise LoadError(problems or [Problem(str(root), None, _("the organisation could not be read"))])
    org, more = assemble(declaration.name, declaration.end_clients, declaration.teams + teams,
                         declaration.settings, str(root))
    if more or org is None:
        raise LoadError(more)
    return org


def read_org_file(path: Path, limits: Limits, problems: List[Problem]) -> Optional[OrgDeclaration]:
    """What ``org.yaml`` (or a single-file organisation) declares; its problems added to ``problems``."""
    text, problem = read_text(path, limits)
    if problem is not None:
        problems.append(problem)
        return None
    declaration, found = org_of_text(path, text or "")
    problems += found
    return declaration


def org_of_text(path: Path, text: str) -> Tuple[Optional[OrgDeclaration], List[Problem]]:
    """What an ``org.yaml``'s text declares (``None`` if it cannot be read), and its problems."""
    problems: List[Problem] = []
    node, reader = _parse(path, text, problems)
    if reader is None:
        return None, problems
    declaration = read_org(node, reader)
    return declaration, reader.problems


def team_of_text(path: Path, text: str, limits: Optional[Limits] = None) -> Read:
    """The team a team file's text declares (``None`` if it cannot be read) and its problems."""
    if fast_path_enabled():  # a plainly right file, read in one pass (chainmap.load.team_reader)
        team = read_team_text(text, str(path))
        if team is not UNSURE:
            return team, []
    problems: List[Problem] = []
    node, reader = _parse(path, text, problems)
    if reader is None:
        return None, problems
    team = read_team(node, reader)
    return team, problems + reader.problems


def read_team_bytes(path: Path, data: bytes, limits: Optional[Limits] = None) -> Read:
    """The team a team file's bytes declare (``None`` if they cannot be read), and its problems:
    the same as reading the file, for a text not yet written (a form about to be saved)."""
    text, problem = text_of_bytes(path, data, limits or Limits())
    if problem is not None:
        return None, [problem]
    return team_of_text(path, text or "", limits)


def read_org_bytes(path: Path, data: bytes, limits: Optional[Limits] = None) -> Tuple[Optional[OrgDeclaration], List[Problem]]:
    """What an ``org.yaml``'s bytes declare (``None`` if they cannot be read), and its problems."""
    text, problem = text_of_bytes(path, data, limits or Limits())
    if problem is not None:
        return None, [problem]
    return org_of_text(path, text or "")


def read_bytes(path: Path, limits: Limits) -> Tuple[Optional[bytes], Optional[Problem]]:
    """A declaration file's bytes, within the size bound, or why they cannot be read (as
    :func:`~chainmap.load.files.read_text` says it, for a caller that keeps the bytes)."""
    try:  # only a regular file, opened without waiting (a named pipe never blocks), read within its bound
        return regular_bytes(path, limits.max_file_bytes), None
    except RefusedFile as refused:
        return None, refused.problem


def text_of_bytes(path: Path, data: bytes, limits: Limits) -> Tuple[Optional[str], Optional[Problem]]:
    """Decode like the loader: the size bound, the kind of file, the encoding."""
    if len(data) > limits.max_file_bytes:
        return None, _too_large(path, len(data), limits)
    problem = not_a_declaration(path, data)
    return (None, problem) if problem else decode_text(path, data)


def _too_large(path: Path, size: int, limits: Limits) -> Problem:
    message = _("this file is {size} bytes, more than the {limit} a declaration may have: is it really a team file? (raise the limit with --max-file-size)")
    return Problem(str(path), None, message.format(size=format_number(size), limit=format_number(limits.max_file_bytes)))


def _parse(path: Path, text: str, problems: List[Problem]) -> Tuple[Optional[Node], Optional[FieldReader]]:
    """Parse one file's text; on failure record the problem and return no reader."""
    try:
        return parse_declaration(text), FieldReader(str(path))
    except YamlProblem as error:
        problems.append(Problem(str(path), error.line, error.message))
        return None, None
