"""The survey overlay: figures computed from a survey, written as YAML, applied to an organisation.

The overlay is a separate file rather than an edit of the declarations: teams own their
declarations, the survey is measured, and keeping them apart lets outputs say where a
score came from ("satisfaction from the survey of 2026-11-20"). It is written
deterministically (sorted, fixed layout) so that it diffs cleanly in git.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

from ..errors import ChainmapError
from ..i18n import _
from ..load.fields import FieldReader
from ..load.regular import SIDE_FILE_BYTES, read_bytes
from ..load.yaml_nodes import Node, YamlProblem, parse_yaml
from ..model import Declaration, Link, Org, SurveyRecord, Team
from .fit import report_misfits, report_repeats

__all__ = ["LinkScore", "TeamScore", "Unmatched", "Overlay", "overlay_yaml", "read_overlay", "apply_survey", "surveyed", "FORMAT_VERSION",
           "looks_like_overlay"]

FORMAT_VERSION = 1
MOST_ANSWERS = 1_000_000_000  # answers counted in an overlay: far above any survey, so that they stay exact


@dataclass(frozen=True)
class LinkScore:
    """What the clients of one link answered. ``mean``/``nps`` are ``None`` when withheld."""

    supplier: str
    client: str
    responses: int
    mean: Optional[float] = None
    nps: Optional[int] = None
    comments: Tuple[str, ...] = ()
    line: Optional[int] = field(default=None, compare=False)  # in the overlay file read, for its problems


@dataclass(frozen=True)
class TeamScore:
    """What the members of one team answered to the eNPS question."""

    team: str
    responses: int
    enps: Optional[int] = None
    mean: Optional[float] = None
    line: Optional[int] = field(default=None, compare=False)  # in the overlay file read, for its problems


@dataclass(frozen=True)
class Unmatched:
    """A name written in answers that is no team of the map (``role``: ``team`` or ``supplier``)."""

    name: str
    role: str
    answers: int
    suggestion: Optional[str] = None


@dataclass(frozen=True)
class Overlay:
    """Everything a survey says about an organisation."""

    date: dt.date
    min_responses: int
    sources: Tuple[str, ...] = ()
    links: Tuple[LinkScore, ...] = ()
    teams: Tuple[TeamScore, ...] = ()
    not_in_map: Tuple[LinkScore, ...] = ()
    unknown: Tuple[Unmatched, ...] = ()
    path: str = ""
    unknown_texts: int = 0  # answers whose team was a free text, not a name: counted, not quoted (survey/privacy.py)


def _header(name: str) -> str:
    """The comment above the data, in the user's language: the file is opened by HR and
    managers, who read it; its keys stay those of the format."""
    return "".join(f"# {line}\n" for line in (
        _("Survey overlay for chainmap, written by `chainmap survey` from the survey's raw answers."),
        _("Use it with: chainmap check ORG --survey {name}   (also: weak, render)").format(name=name),
        _("Its scores take precedence over the satisfaction and eNPS written in the declarations."),
        _("Links and teams with fewer than min_responses answers get no score, so that nobody's answer can be recognised."),
        _("`not_in_map`: answers about links the map does not have (a missing declaration?)."),
        _("`unknown_names`: names in the answers that are no team."),
    ))


def looks_like_overlay(head: bytes) -> bool:
    """Whether a file that starts with ``head`` is an overlay ``chainmap survey`` wrote (so
    rewriting it needs no --force): comment lines, in any language, then
    ``chainmap_survey:``.

    >>> looks_like_overlay(b"# Survey overlay\\n# ...\\nchainmap_survey: 1\\n"), looks_like_overlay(b"team: a\\n")
    (True, False)
    >>> looks_like_overlay(b"\\xef\\xbb\\xbf# saved again by an editor\\n\\nchainmap_survey: 1\\n")
    True
    """
    for line in head.decode("utf-8-sig", errors="replace").splitlines():
        if line.strip() and not line.startswith("#"):  # blank lines and a BOM: an editor's
            return line.startswith("chainmap_survey:")
    return False


def overlay_yaml(overlay: Overlay, name: str = "satisfaction.yaml") -> str:
    """The overlay as YAML text: a commented header, then sorted data (byte-identical reruns)."""
    data: Dict[str, Any] = {
        "chainmap_survey": FORMAT_VERSION,
        "date": overlay.date.isoformat(),
        "min_responses": overlay.min_responses,
        "sources": list(overlay.sources),
        "links": [_link_data(s) for s in overlay.links],
        "teams": [_team_data(s) for s in overlay.teams],
        "not_in_map": [_link_data(s) for s in overlay.not_in_map],
        "unknown_names": [{"name": u.name, "role": u.role, "answers": u.answers,
                           **({"did_you_mean": u.suggestion} if u.suggestion else {})} for u in overlay.unknown],
    }
    if overlay.unknown_texts:
        data["unknown_texts"] = overlay.unknown_texts
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return _header(name) + body


def _link_data(score: LinkScore) -> Dict[str, Any]:
    data: Dict[str, Any] = {"supplier": score.supplier, "client": score.client, "responses": score.responses}
    if score.mean is not None:
        data.update(mean=score.mean, nps=score.nps)
    if score.comments:
        data["comments"] = list(score.comments)
    return data


def _team_data(score: TeamScore) -> Dict[str, Any]:
    data: Dict[str, Any] = {"team": score.team, "responses": score.responses}
    if score.enps is not None:
        data.update(enps=score.enps, mean=score.mean)
    return data


_OVERLAY_KEYS = ("chainmap_survey", "date", "min_responses", "sources", "links", "teams", "not_in_map", "unknown_names",
                 "unknown_texts")
_LINK_KEYS = ("supplier", "client", "responses", "mean", "nps", "comments")
_TEAM_KEYS = ("team", "responses", "enps", "mean")


def read_overlay(path: Path, org: Optional[Org] = None) -> Overlay:
    """Read an overlay written by ``chainmap survey``; a clear error for anything else.

    An overlay can be edited by hand, and its figures replace the declared ones: every
    value is checked like a declaration's (satisfaction 0–10, NPS and eNPS −100..100,
    whole numbers of answers, one entry per link or team) and every problem is reported
    with its line. Given ``org``, an entry it could not be laid over (an unknown team, a
    link ``org`` does not have) is a problem too, rather than a score silently unused.
    """
    path = Path(path)
    root = _overlay_root(path)
    reader = FieldReader(str(path))
    keys = reader.mapping(root, _("a survey overlay"), _OVERLAY_KEYS) or {}
    date = _overlay_date(reader, keys.get("date"), root.line)
    min_responses = reader.integer(keys.get("min_responses"), "min_responses", 1, MOST_ANSWERS)
    sources = tuple(t for t in (reader.text(n, "sources") for n in reader.sequence(keys.get("sources"), "sources")) if t)
    links = tuple(s for s in (_link_score(reader, n) for n in reader.sequence(keys.get("links"), "links")) if s is not None)
    teams = tuple(s for s in (_team_score(reader, n) for n in reader.sequence(keys.get("teams"), "teams")) if s is not None)
    report_repeats(reader, links, teams)
    if org is not None:
        report_misfits(reader, links, teams, org)
    if reader.problems or date is None:
        raise ChainmapError("\n".join(str(problem) for problem in sorted(set(reader.problems), key=lambda p: (p.line or 0, p.message))))
    return Overlay(date=date, min_responses=min_responses or 0, sources=sources, links=links, teams=teams, path=str(path))


def _overlay_root(path: Path) -> Node:
    """The overlay's YAML tree, once its text is known to be a readable overlay at all."""
    try:
        text = read_bytes(path, SIDE_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise _not_an_overlay(path, _("it is not UTF-8 text")) from None
    try:
        root = parse_yaml(text)
    except YamlProblem as problem:
        raise ChainmapError(f"{path}:{problem.line}: {problem.message}") from None
    version = root.value.get("chainmap_survey") if root is not None and isinstance(root.value, dict) else None
    if root is None or version is None or version.value != FORMAT_VERSION or isinstance(version.value, bool):
        raise _not_an_overlay(path, _("it does not start with `chainmap_survey: 1`"))
    return root


def _overlay_date(reader: FieldReader, node: Optional[Node], line: int) -> Optional[dt.date]:
    """The survey's day; ``chainmap survey`` writes it quoted ('2026-11-20'), a person may not."""
    if node is None or node.value is None:
        reader.problem(line, _("`{key}` is required and must not be empty").format(key="date"))
        return None
    if isinstance(node.value, str):
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            pass  # reported below, as a declaration's date would be
    return reader.date(node, "date")


def _entry(reader: FieldReader, node: Node, what: str, allowed: Tuple[str, ...], required: Tuple[str, ...]) -> Optional[Dict[str, Node]]:
    """The keys of one entry, after reporting unknown and missing ones."""
    keys = reader.mapping(node, what, allowed)
    if keys is None:
        return None
    for key in required:
        if key not in keys or keys[key].value is None:
            reader.problem(keys[key].line if key in keys else node.line,
                           _("`{key}` is required and must not be empty").format(key=key))
    return keys


def _link_score(reader: FieldReader, node: Node) -> Optional[LinkScore]:
    """One `links` entry, its figures in range (they replace declared satisfaction scores)."""
    keys = _entry(reader, node, _("a `links` entry of the survey overlay"), _LINK_KEYS, ("supplier", "client", "responses"))
    if keys is None:
        return None
    supplier, client = reader.text(keys.get("supplier"), "supplier"), reader.text(keys.get("client"), "client")
    responses = reader.integer(keys.get("responses"), "responses", 0, MOST_ANSWERS)
    mean = reader.number(keys.get("mean"), "mean", 0, 10)
    nps = reader.integer(keys.get("nps"), "nps", -100, 100)
    if supplier is None or client is None or responses is None:
        return None
    return LinkScore(supplier, client, responses, None if mean is None else float(mean), nps, line=node.line)


def _team_score(reader: FieldReader, node: Node) -> Optional[TeamScore]:
    """One `teams` entry, its eNPS and mean in range (they replace the declared eNPS)."""
    keys = _entry(reader, node, _("a `teams` entry of the survey overlay"), _TEAM_KEYS, ("team", "responses"))
    if keys is None:
        return None
    team, responses = reader.text(keys.get("team"), "team"), reader.integer(keys.get("responses"), "responses", 0, MOST_ANSWERS)
    enps = reader.integer(keys.get("enps"), "enps", -100, 100)
    mean = reader.number(keys.get("mean"), "mean", 0, 10)
    if team is None or responses is None:
        return None
    return TeamScore(team, responses, enps, None if mean is None else float(mean), line=node.line)


def _not_an_overlay(path: Path, reason: str) -> ChainmapError:
    return ChainmapError(_("{path} is not a survey overlay ({reason}): give --survey the file that `chainmap survey ORG ANSWERS.csv -o satisfaction.yaml` writes").format(
        path=path, reason=reason))


def apply_survey(org: Org, overlay: Overlay) -> Org:
    """A new :class:`Org` whose links' satisfaction and teams' eNPS come from the survey where it has them.

    Figures withheld by the privacy threshold leave the declared value in place. Links and
    teams of the overlay that the organisation does not have are ignored here: ``--survey``
    reads the file with ``read_overlay(path, org)``, which reports them first. The returned
    organisation records the survey (``org.survey``) so that outputs can name it.
    """
    means = {(s.supplier, s.client): s.mean for s in overlay.links if s.mean is not None}
    enps = {s.team: s.enps for s in overlay.teams if s.enps is not None and s.team in org.teams}
    links: List[Link] = []
    overridden = 0
    for link in org.links:
        mean = means.get((link.supplier, link.client))
        if mean is not None:
            overridden += link.satisfaction is not None and link.satisfaction != mean
            link = replace(link, satisfaction=mean)
        links.append(link)
    teams = {team_id: _team_with(team, means, enps.get(team_id)) for team_id, team in org.teams.items()}
    applied = sum(1 for link in org.links if (link.supplier, link.client) in means)
    record = SurveyRecord(overlay.date, overlay.path, applied, len(enps), overridden)
    return replace(org, links=tuple(links), teams=teams, survey=record)


def _team_with(team: Team, means: Dict[Tuple[str, str], float], enps: Optional[int]) -> Team:
    """The team with its suppliers' satisfaction and its eNPS from the survey."""
    suppliers: List[Declaration] = []
    for entry in team.suppliers:
        mean = means.get((entry.id, team.id))
        suppliers.append(entry if mean is None else replace(entry, satisfaction=mean))
    return replace(team, suppliers=tuple(suppliers), enps=team.enps if enps is None else enps)


def surveyed(org: Org, survey: Union[str, os.PathLike[str], Overlay]) -> Org:
    """``org`` with a survey overlay's figures laid over its declarations: ``--survey FILE``.

    ``survey`` is the path of an overlay ``chainmap survey`` wrote (read and checked against
    ``org`` first), or an :class:`Overlay`.
    """
    overlay = survey if not isinstance(survey, (str, os.PathLike)) else read_overlay(Path(survey), org)
    return apply_survey(org, overlay)
