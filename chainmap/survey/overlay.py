"""The survey overlay: figures computed from a survey, written as YAML, applied to an organisation.

The overlay is a separate file rather than an edit of the declarations: teams own their
declarations, the survey is measured, and keeping them apart lets outputs say where a
score came from ("satisfaction from the survey of 2026-11-20"). It is written
deterministically (sorted, fixed layout) so that it diffs cleanly in git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from ..errors import ChainmapError
from ..i18n import _
from ..model import Declaration, Link, Org, SurveyRecord, Team

__all__ = ["LinkScore", "TeamScore", "Unmatched", "Overlay", "overlay_yaml", "read_overlay", "apply_survey", "FORMAT_VERSION"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class LinkScore:
    """What the clients of one link answered. ``mean``/``nps`` are ``None`` when withheld."""

    supplier: str
    client: str
    responses: int
    mean: Optional[float] = None
    nps: Optional[int] = None
    comments: Tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamScore:
    """What the members of one team answered to the eNPS question."""

    team: str
    responses: int
    enps: Optional[int] = None
    mean: Optional[float] = None


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


_HEADER = """\
# Survey overlay for chainmap, written by `chainmap survey` from the survey's raw answers.
# Use it with: chainmap check ORG --survey {name}   (also: weak, render)
# Its scores take precedence over the satisfaction and eNPS written in the declarations.
# Links and teams with fewer than min_responses answers get no score, so that nobody's
# answer can be recognised. `not_in_map`: answers about links the map does not have
# (a missing declaration?). `unknown_names`: names in the answers that are no team.
"""


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
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return _HEADER.format(name=name) + body


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


def read_overlay(path: Path) -> Overlay:
    """Read an overlay written by ``chainmap survey``; a clear error for anything else."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise _not_an_overlay(path, str(error).splitlines()[0]) from None
    if not isinstance(data, dict) or data.get("chainmap_survey") != FORMAT_VERSION:
        raise _not_an_overlay(path, _("it does not start with `chainmap_survey: 1`"))
    try:
        date = data["date"] if isinstance(data["date"], dt.date) else dt.date.fromisoformat(str(data["date"]))
        return Overlay(
            date=date, min_responses=int(data.get("min_responses", 0)), sources=tuple(data.get("sources") or ()),
            links=tuple(_link_score(e) for e in data.get("links") or ()),
            teams=tuple(_team_score(e) for e in data.get("teams") or ()),
            path=str(path))
    except (KeyError, TypeError, ValueError) as error:
        raise _not_an_overlay(path, _("an entry is incomplete ({detail})").format(detail=error)) from None


def _link_score(entry: Dict[str, Any]) -> LinkScore:
    mean = entry.get("mean")
    return LinkScore(str(entry["supplier"]), str(entry["client"]), int(entry["responses"]),
                     None if mean is None else float(mean), entry.get("nps"))


def _team_score(entry: Dict[str, Any]) -> TeamScore:
    enps = entry.get("enps")
    return TeamScore(str(entry["team"]), int(entry["responses"]), None if enps is None else int(enps), entry.get("mean"))


def _not_an_overlay(path: Path, reason: str) -> ChainmapError:
    return ChainmapError(_("{path} is not a survey overlay ({reason}): write it with `chainmap survey ORG ANSWERS.csv -o {path}`").format(
        path=path, reason=reason))


def apply_survey(org: Org, overlay: Overlay) -> Org:
    """A new :class:`Org` whose links' satisfaction and teams' eNPS come from the survey where it has them.

    Figures withheld by the privacy threshold leave the declared value in place. Links and
    teams of the overlay that the organisation no longer has are ignored. The returned
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
