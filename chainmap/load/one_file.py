"""One declaration file at a time: the pieces of :func:`chainmap.load` a long-running program reuses.

``chainmap serve`` keeps an organisation in memory and, when one team file changes (a save
in the browser, an editor, a ``git pull``), reads that file again and nothing else. These
functions are the loader's own steps, with the same checks and the same messages as
``chainmap check``; :func:`assemble_org` then puts the files' declarations together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple, TypeVar

from ..errors import Problem
from ..i18n import _
from ..i18n.localise import format_number
from ..model import EndClient, Org, Team
from .assemble import assemble, problems_across_files
from .declarations import OrgDeclaration, read_org, read_team
from .fields import FieldReader
from .files import Limits, decode_text, not_a_declaration
from .yaml_nodes import Node, YamlProblem, parse_yaml

__all__ = ["read_team_bytes", "read_org_bytes", "assemble_org", "problems_across_files"]

Declared = TypeVar("Declared")


def read_team_bytes(path: Path, data: bytes, limits: Optional[Limits] = None) -> Tuple[Optional[Team], List[Problem]]:
    """The team a team file's bytes declare (``None`` if it cannot be read), and its problems."""
    return _read(path, data, limits, read_team)


def read_org_bytes(path: Path, data: bytes, limits: Optional[Limits] = None) -> Tuple[Optional[OrgDeclaration], List[Problem]]:
    """What an ``org.yaml``'s bytes declare (``None`` if they cannot be read), and its problems."""
    return _read(path, data, limits, read_org)


def _read(path: Path, data: bytes, limits: Optional[Limits],
          read: Callable[[Optional[Node], FieldReader], Declared]) -> Tuple[Optional[Declared], List[Problem]]:
    reader, node, problems = _parsed(path, data, limits or Limits())
    if reader is None:
        return None, problems
    declared = read(node, reader)
    return declared, reader.problems


def _parsed(path: Path, data: bytes, limits: Limits) -> Tuple[Optional[FieldReader], Optional[Node], List[Problem]]:
    """Decode and parse like the loader: size bound, kind of file, encoding, YAML safety."""
    if len(data) > limits.max_file_bytes:
        message = _("this file is {size} bytes, more than the {limit} a declaration may have: is it really a team file? (raise the limit with --max-file-size)")
        return None, None, [Problem(str(path), None, message.format(size=format_number(len(data)), limit=format_number(limits.max_file_bytes)))]
    problem = not_a_declaration(path, data)
    text, problem = (None, problem) if problem else decode_text(path, data)
    if problem is not None:
        return None, None, [problem]
    try:
        return FieldReader(str(path)), parse_yaml(text or ""), []
    except YamlProblem as error:
        return None, None, [Problem(str(path), error.line, error.message)]


def assemble_org(declaration: OrgDeclaration, teams: Sequence[Team], root: str) -> Tuple[Optional[Org], List[Problem]]:
    """The organisation made of ``org.yaml``'s declaration and these teams, or the problems
    across files (an id declared twice, an end client as a supplier, one id for two people)."""
    if declaration.name is None:
        return None, []
    end_clients: List[EndClient] = list(declaration.end_clients)
    return assemble(declaration.name, end_clients, [*declaration.teams, *teams], declaration.settings, root,
                    side_by_side=False)
