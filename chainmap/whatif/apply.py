"""Apply what-if changes to the declarations, then put them together as the loader does.

The changes edit the teams' declarations (:class:`~chainmap.model.Team`, their ``clients``
and ``suppliers`` entries) and the end clients, exactly as :mod:`chainmap.whatif.changes`
describes the hand edit; the organisation is then assembled by the loader's own
:func:`~chainmap.load.assemble.assemble`, so links, confirmations, unknown references and
workers come out as they would from files edited that way. Nothing is written anywhere.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import LoadError, UsageError
from ..i18n import _
from ..load.assemble import assemble
from ..model import Declaration, EndClient, Member, Org, Team
from ..names import ID_PATTERN, NearestId, comparable, suggest_id
from .changes import AddLink, Change, DropLink, Merge, Outsource, Remove

__all__ = ["imagine", "imagine_with_renames"]

Teams = Dict[str, Team]
Clients = Dict[str, EndClient]


def imagine(org: Org, changes: Sequence[Change]) -> Org:
    """The organisation ``org`` would be after ``changes``, applied in order."""
    return imagine_with_renames(org, changes)[0]


def imagine_with_renames(org: Org, changes: Sequence[Change]) -> Tuple[Org, Dict[str, str]]:
    """The imagined organisation, and the ids merges replaced (old id -> merged team's id)."""
    teams, clients = dict(org.teams), dict(org.end_clients)
    renamed: Dict[str, str] = {}
    for change in changes:
        before = set(teams)
        _APPLY[type(change)](change, teams, clients)
        if isinstance(change, Merge):
            (merged,) = set(teams) - before or {_team(teams, change.first).id}
            for old in before - set(teams) | ({merged} & before):
                renamed.update({k: merged for k, v in renamed.items() if v == old})
                renamed[old] = merged
    imagined, problems = assemble(org.name, list(clients.values()), list(teams.values()), org.settings, org.source)
    if imagined is None:
        raise LoadError(problems)
    return imagined, renamed


def _team(teams: Teams, team_id: str, clients: Optional[Clients] = None) -> Team:
    """The team with this id, or with this name (case and accents aside, when only one has
    it), or a clear error naming the nearest id."""
    if team_id in teams:
        return teams[team_id]
    wanted = comparable(team_id)
    named = [team for team in teams.values() if wanted and wanted in (comparable(team.name), comparable(team.id))]
    if len(named) == 1:
        return named[0]
    if clients is not None and team_id in clients:
        raise UsageError(_("`{id}` is an end client, not a team: a what-if change takes teams").format(id=team_id))
    hint = NearestId(list(teams))(team_id)
    raise UsageError(_("there is no team `{id}` in the organisation{hint}").format(
        id=team_id, hint=_(": did you mean `{id}`?").format(id=hint) if hint else ""))


def _without(entries: Tuple[Declaration, ...], node_id: str) -> Tuple[Declaration, ...]:
    return tuple(entry for entry in entries if entry.id != node_id)


def _forget(teams: Teams, node_id: str, clients_too: bool = True, suppliers_too: bool = True) -> None:
    """Delete the entries naming ``node_id`` from every team's lists."""
    for team_id, team in teams.items():
        new_clients = _without(team.clients, node_id) if clients_too else team.clients
        new_suppliers = _without(team.suppliers, node_id) if suppliers_too else team.suppliers
        if new_clients != team.clients or new_suppliers != team.suppliers:
            teams[team_id] = replace(team, clients=new_clients, suppliers=new_suppliers)


def _remove(change: Remove, teams: Teams, clients: Clients) -> None:
    team = _team(teams, change.team, clients)
    del teams[team.id]
    _forget(teams, team.id)


def _outsource(change: Outsource, teams: Teams, clients: Clients) -> None:
    team = _team(teams, change.team, clients)
    del teams[change.team]
    _forget(teams, change.team, clients_too=False)
    clients[team.id] = EndClient(team.id, team.name)


def _node(teams: Teams, clients: Clients, node_id: str) -> str:
    """A link's client: an end client's id, or a team's (by id or name)."""
    return node_id if node_id in clients else _team(teams, node_id).id


def _add_link(change: AddLink, teams: Teams, clients: Clients) -> None:
    supplier = _team(teams, change.supplier, clients)
    client_id = _node(teams, clients, change.client)
    if client_id == supplier.id:
        raise UsageError(_("a team cannot be its own client: `{id}`").format(id=client_id))
    if all(entry.id != client_id for entry in supplier.clients):
        teams[supplier.id] = replace(supplier, clients=supplier.clients + (Declaration(client_id),))
    client = teams.get(client_id)
    if client is not None and all(entry.id != supplier.id for entry in client.suppliers):
        teams[client.id] = replace(client, suppliers=client.suppliers + (Declaration(supplier.id),))


def _drop_link(change: DropLink, teams: Teams, clients: Clients) -> None:
    supplier = _team(teams, change.supplier, clients)
    client_id = _node(teams, clients, change.client)
    client = teams.get(client_id)
    declared = any(e.id == client_id for e in supplier.clients) or (
        client is not None and any(e.id == supplier.id for e in client.suppliers))
    if not declared:
        raise UsageError(_("there is no link {supplier} → {client} to drop").format(supplier=change.supplier, client=change.client))
    teams[supplier.id] = replace(supplier, clients=_without(supplier.clients, client_id))
    if client is not None:
        teams[client.id] = replace(client, suppliers=_without(client.suppliers, supplier.id))


def _merge(change: Merge, teams: Teams, clients: Clients) -> None:
    first, second = _team(teams, change.first, clients), _team(teams, change.second, clients)
    if first.id == second.id:
        raise UsageError(_("a team cannot be merged with itself: `{id}`").format(id=first.id))
    merged_id, merged_name = _merged_identity(change, first, second)
    if merged_id not in (first.id, second.id) and (merged_id in teams or merged_id in clients):
        raise UsageError(_("the merged team's id `{id}` is already taken: choose another name with --into").format(id=merged_id))
    both = (first.id, second.id)
    merged = Team(
        id=merged_id, name=merged_name, department=first.department or second.department,
        members=_members(first.members, second.members), enps=_weighted_enps(first, second),
        reviewed=min((d for d in (first.reviewed, second.reviewed) if d is not None), default=None),
        clients=_entries(first.clients + second.clients, both, merged_id),
        suppliers=_entries(first.suppliers + second.suppliers, both, merged_id),
        source=first.source)
    del teams[first.id], teams[second.id]
    for team_id, team in list(teams.items()):
        teams[team_id] = replace(team, clients=_entries(team.clients, both, merged_id, keep_self=True),
                                 suppliers=_entries(team.suppliers, both, merged_id, keep_self=True))
    teams[merged_id] = merged


def _merged_identity(change: Merge, first: Team, second: Team) -> Tuple[str, str]:
    """The merged team's id and name (see :mod:`chainmap.whatif.changes`)."""
    if change.into is None:
        return first.id, first.name
    into = change.into.strip()
    if ID_PATTERN.match(into):
        known = {first.id: first.name, second.id: second.name}
        return into, known.get(into, into)
    return suggest_id(into), into


def _members(first: Tuple[Member, ...], second: Tuple[Member, ...]) -> Tuple[Member, ...]:
    seen = {member.id for member in first}
    return first + tuple(member for member in second if member.id not in seen)


def _weighted_enps(first: Team, second: Team) -> Optional[int]:
    rated = [(team.enps, len(team.members)) for team in (first, second) if team.enps is not None]
    if not rated:
        return None
    weight = sum(size for _enps, size in rated)
    if not weight:
        return round(sum(enps for enps, _size in rated) / len(rated))
    return round(sum(enps * size for enps, size in rated) / weight)


def _entries(entries: Tuple[Declaration, ...], both: Tuple[str, str], merged_id: str,
             keep_self: bool = False) -> Tuple[Declaration, ...]:
    """Entries with A and B renamed to the merged team, each id once (scores of one id averaged);
    the merged team's own lists drop the entries naming itself (``keep_self`` is for others')."""
    order: List[str] = []
    grouped: Dict[str, List[Declaration]] = {}
    for entry in entries:
        target = merged_id if entry.id in both else entry.id
        if target == merged_id and not keep_self and entry.id in both:
            continue
        if target not in grouped:
            order.append(target)
        grouped.setdefault(target, []).append(entry)
    return tuple(_one_entry(target, grouped[target]) for target in order)


def _one_entry(target: str, entries: List[Declaration]) -> Declaration:
    scores = [e.satisfaction for e in entries if e.satisfaction is not None]
    satisfaction = None if not scores else (scores[0] if len(scores) == 1 else _mean(scores))
    what = next((e.what for e in entries if e.what), None)
    return Declaration(target, what, satisfaction, entries[0].source)


def _mean(scores: List[float]) -> float:
    mean = sum(scores) / len(scores)
    return int(mean) if float(mean).is_integer() else round(mean, 2)


_APPLY: Dict[type, Callable[[Any, Teams, Clients], None]] = {Remove: _remove, Merge: _merge, Outsource: _outsource, AddLink: _add_link, DropLink: _drop_link}
