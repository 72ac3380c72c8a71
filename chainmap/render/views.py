"""What a diagram shows: the whole organisation, one team's neighbourhood, or one worker's chain.

A :class:`View` is a selection of nodes plus what to highlight; :mod:`chainmap.render.dot`
draws any view the same way, so the styles of the weak links never depend on the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from ..i18n.localise import format_number
from ..names import NearestId, comparable

__all__ = ["View", "full_view", "focus_view", "worker_view", "find_worker", "find_team", "require_member"]


@dataclass(frozen=True)
class View:
    """The nodes to draw, the ones to highlight, the chain to draw bold, and a subtitle."""

    nodes: FrozenSet[str]
    subtitle: str
    highlight: FrozenSet[str] = frozenset()
    chain_edges: FrozenSet[Tuple[str, str]] = frozenset()
    worker: Optional[str] = None
    kind: str = "full"


def full_view(analysis: Analysis) -> View:
    """Every team and end client."""
    org = analysis.org
    return View(frozenset(org.teams) | frozenset(org.end_clients),
                _("Internal supplier–client chains, from every team to the end clients"))


def find_team(analysis: Analysis, id_or_name: str) -> str:
    """The id of the team with this id or name (a clear error otherwise).

    A manager types what they see on the diagram: "Cadres de santé", or "cadres de sante"
    without the accent, names the team ``cadres-de-sante`` as long as no other team matches.
    """
    teams = analysis.org.teams
    return _find(id_or_name, {team.id: team.name for team in teams.values()},
                 _("several teams match `{name}`: give one of their ids: {ids}"),
                 _("there is no team with the id or name `{name}`"), part_of_name=False,
                 listing=_(": `chainmap chains` on the same organisation lists every team"),
                 before_suggesting=lambda typed: _refuse_what_is_not_a_team(analysis, typed),
                 told_apart_by=lambda team_id: teams[team_id].department or "")


def _refuse_what_is_not_a_team(analysis: Analysis, typed: str) -> None:
    """Say so when a team was asked for by an end client's or a department's name.

    Without this, the "did you mean" names the team whose name looks most like it (`paie`
    for the end client *patients*, *Direction des soins* for the department Soins), which
    is not what was meant.
    """
    wanted = comparable(typed)
    if not wanted:
        return
    for client in analysis.org.end_clients.values():
        if wanted in (comparable(client.id), comparable(client.name)):
            teams = sorted(link.supplier for link in analysis.org.links if link.client == client.id)
            raise UsageError(_("`{name}` is an end client, not a team: choose one of the teams that serve it ({teams})").format(
                name=typed, teams=_first_few(teams[:8], len(teams)) if teams else _("none yet")))
    for department in sorted({t.department for t in analysis.org.teams.values() if t.department}):
        if comparable(department) == wanted:
            teams = [t.id for t in analysis.org.teams.values() if t.department == department]
            raise UsageError(_("`{name}` is a department, not a team: choose one of its teams ({teams}); render, poster and report draw a whole department with --department \"{department}\"").format(
                name=typed, teams=_first_few(teams[:8], len(teams)), department=department))


def focus_view(analysis: Analysis, team_id: str) -> View:
    """A team, everything that feeds it, and its chains down to the end clients."""
    team_id = find_team(analysis, team_id)
    graph = analysis.graph
    import networkx as nx  # with the graph, when a drawing needs it (see chainmap.graph)

    nodes = {team_id} | nx.ancestors(graph, team_id) | nx.descendants(graph, team_id)
    return View(frozenset(nodes),
                _("{team}: the teams that feed it and its chains to the end clients").format(team=analysis.org.teams[team_id].name),
                highlight=frozenset({team_id}), chain_edges=_edges(analysis.team_chain(team_id)), kind="focus")


def find_worker(analysis: Analysis, id_or_name: str) -> str:
    """The id of the worker with this id or name (a clear error otherwise), matched like :func:`find_team`,
    and by whole words of a name too ("camille moreau" for "Dr Camille Moreau"): a team's name
    is not matched that way, because "soins" would pick "Direction des soins" for the
    department Soins."""
    org = analysis.org
    return _find(id_or_name, {worker.id: worker.name for worker in org.workers.values()},
                 _("several workers match `{name}`: give one of their ids: {ids}"),
                 _("there is no worker with the id or name `{name}`"), part_of_name=True,
                 listing=_(": `chainmap chains` on the same organisation lists every worker, with their teams"),
                 told_apart_by=lambda worker_id: ", ".join(map(org.display_name, org.workers[worker_id].teams)))


def require_member(analysis: Analysis, worker_id: str, team_id: str) -> None:
    """Refuse a worker and a team chosen together when the worker is not in that team
    (the selection would be empty, and an empty answer reads as "no chain")."""
    org = analysis.org
    worker = org.workers[worker_id]
    if team_id in worker.teams:
        return
    teams = ", ".join(org.display_name(team) for team in worker.teams)
    raise UsageError(_("{worker} is not a member of {team} (their teams: {teams}): drop --team, or choose one of their teams").format(
        worker=worker.name, team=org.display_name(team_id), teams=teams or _("none")))


def _find(typed: str, names: Dict[str, str], several: str, missing: str, part_of_name: bool,
          listing: str, before_suggesting: Callable[[str], None] = lambda typed: None,
          told_apart_by: Callable[[str], str] = lambda found_id: "") -> str:
    """The one id that ``typed`` names (see :func:`_matches`); otherwise a :class:`UsageError`
    listing the candidates (``several``) or suggesting the nearest (``missing``), after
    ``before_suggesting`` had its chance to refuse with a better answer; with no name near
    enough to suggest, it says where to read them all (``listing``).

    Candidates often share their name (two Marie Martin, an Accueil in each department): each
    is listed with its id, its name, and what ``told_apart_by`` says of it (a worker's teams,
    a team's department), so the reader can tell which id is the one they meant."""
    found = _matches(typed, names, part_of_name)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(several.format(name=typed, ids=_listed(found, names, told_apart_by)))
    before_suggesting(typed)
    hint = NearestId(dict.fromkeys([*names, *names.values()]))(typed)  # names repeat: each once
    message = missing.format(name=typed)
    raise UsageError(message + (_(": did you mean `{hint}`?").format(hint=hint) if hint else listing))


def _matches(typed: str, names: Dict[str, str], part_of_name: bool) -> List[str]:
    """The ids that ``typed`` names: its exact id, else its exact name, else the same words,
    else (``part_of_name``) a name that holds those words, in that order or (surname first)
    in any order.

    Each step is tried only when the stricter one found nothing, so an exact id or name is
    never made ambiguous by a look-alike.
    """
    if typed in names:
        return [typed]
    exact = [key for key, name in names.items() if name == typed]
    wanted = comparable(typed)
    if exact or not wanted:
        return exact
    spelled = {text: comparable(text) for text in {*names, *names.values()}}  # a million workers, far fewer names
    same = [key for key, name in names.items() if wanted in (spelled[key], spelled[name])]
    if same or not part_of_name:
        return same
    holding = {text for text, words in spelled.items() if f" {wanted} " in f" {words} "}
    if not holding:  # "MOREAU Camille", as HR lists write it, for "Dr Camille Moreau"
        typed_words = set(wanted.split())
        holding = {text for text, words in spelled.items() if typed_words <= set(words.split())}
    return [key for key, name in names.items() if key in holding or name in holding]


def _listed(ids: List[str], names: Dict[str, str], told_apart_by: Callable[[str], str], shown: int = 8) -> str:
    """A few ids, each with its name and what tells it apart, for a message that asks the
    reader to choose one (and how many there are in all, when not all are shown)."""
    def described(key: str) -> str:
        return f"{key} ({' — '.join(filter(None, (names[key], told_apart_by(key))))})"

    return _first_few([described(key) for key in ids[:shown]], len(ids))


def _first_few(shown: List[str], total: int) -> str:
    """The items shown, and how many there are in all when that is more."""
    text = ", ".join(shown)
    if total > len(shown):
        text += ", … " + _("({count} in all)").format(count=format_number(total))
    return text


def worker_view(analysis: Analysis, id_or_name: str) -> View:
    """A worker, their teams, and their chain to the end client."""
    worker = analysis.org.workers[find_worker(analysis, id_or_name)]
    chain = analysis.worker_chain(worker.id) or []
    nodes = set(worker.teams) | set(chain)
    subtitle = _("For which client does {name} work, and through whom?").format(name=worker.name)
    return View(frozenset(nodes), subtitle, highlight=frozenset(worker.teams),
                chain_edges=_edges(chain), worker=worker.id, kind="worker")


def _edges(chain: Optional[List[str]]) -> FrozenSet[Tuple[str, str]]:
    return frozenset(zip(chain, chain[1:])) if chain else frozenset()
