"""Reading one declaration file, and putting the declarations together: what :func:`chainmap.load`
and :class:`~chainmap.load.live.LiveOrganisation` both do.

A team file is first offered to the one-pass reader (:mod:`chainmap.load.team_reader`);
when it is not sure, the file is parsed into nodes (:mod:`chainmap.load.fast_yaml`, with
PyYAML as the judge) and read field by field, every problem collected.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

from ..errors import LoadError, Problem
from ..i18n import _
from ..model import Org, Team
from .assemble import assemble, problems_across_files
from .declarations import OrgDeclaration, read_org, read_team
from .fast_yaml import UNSURE, fast_path_enabled, parse_declaration
from .fields import FieldReader
from .files import Limits, read_text
from .team_reader import read_team_text
from .yaml_nodes import Node, YamlProblem

__all__ = ["assembled", "read_org_file", "team_of_text"]


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
    node, reader = _parse(path, limits, problems)
    if reader is None:
        return None
    declaration = read_org(node, reader)
    problems += reader.problems
    return declaration


def team_of_text(path: Path, text: str, limits: Limits) -> Tuple[Optional[Team], List[Problem]]:
    """The team a team file's text declares (``None`` if it cannot be read) and its problems."""
    if fast_path_enabled():  # a plainly right file, read in one pass (chainmap.load.team_reader)
        team = read_team_text(text, str(path))
        if team is not UNSURE:
            return team, []
    problems: List[Problem] = []
    node, reader = _parse(path, limits, problems, text)
    if reader is None:
        return None, problems
    team = read_team(node, reader)
    return team, problems + reader.problems


def _parse(path: Path, limits: Limits, problems: List[Problem],
           text: Optional[str] = None) -> Tuple[Optional[Node], Optional[FieldReader]]:
    """Read (unless ``text`` is given) and parse one file; on failure record the problem and
    return no reader."""
    if text is None:
        text, problem = read_text(path, limits)
        if problem is not None:
            problems.append(problem)
            return None, None
    try:
        return parse_declaration(text or ""), FieldReader(str(path))
    except YamlProblem as error:
        problems.append(Problem(str(path), error.line, error.message))
        return None, None
