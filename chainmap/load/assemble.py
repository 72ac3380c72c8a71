"""Put the declarations of all files together into one :class:`~chainmap.model.Org`.

This is where the rules that span files are checked: an id declared twice (both places
named), an end client listed as a supplier. Each team's ``clients`` and ``suppliers``
entries are merged into links, so that a link declared on both sides is one confirmed
link, and an entry naming an id that exists nowhere is kept as an unknown reference for
the analysis to report (it is a weak link, not a reason to refuse the organisation).
"""

from __future__ import annotations

import operator
from typing import Dict, List, Optional, Set, Tuple, Union

from ..errors import Problem
from ..i18n import _
from ..model import Declaration, EndClient, Link, Org, Settings, Team, UnknownReference, Workers
from ..names import comparable

__all__ = ["assemble", "problems_across_files", "merged_link", "workers_of", "two_people", "shared_members_of", "copied_id", "end_clients_by_id"]


def assemble(name: str, end_clients: List[EndClient], teams: List[Team], settings: Settings,
             source: str, side_by_side: bool = True) -> Tuple[Optional[Org], List[Problem]]:
    """Merge the declarations, or return the problems that prevent it.

    ``side_by_side=False`` skips the copy of :func:`_side_by_side`, which pays for itself in
    one long analysis of a huge organisation, not in a server that assembles it again after
    each change of a file.
    """
    problems = _id_problems(end_clients, teams)
    if problems:
        return None, problems + workers_of({team.id: team for team in teams})[1]
    client_ids = end_clients_by_id(end_clients)
    team_ids = {team.id: team for team in teams}
    team_ids = _side_by_side(team_ids) if side_by_side else dict(sorted(team_ids.items()))
    workers, same_id = workers_of(team_ids)
    if same_id:
        return None, same_id
    links, unknown = _links(team_ids, client_ids)
    org = Org(
        name=name,
        end_clients=client_ids,
        teams=team_ids,
        links=links,
        unknown_references=unknown,
        settings=settings,
        workers=workers,
        source=source,
        shared_members=shared_members_of(workers),
    )
    return org, []


def end_clients_by_id(end_clients: List[EndClient]) -> Dict[str, EndClient]:
    """The end clients of an organisation, by id, in id order (as :class:`Org` holds them)."""
    return dict(sorted({client.id: client for client in end_clients}.items()))


def _side_by_side(teams: Dict[str, Team]) -> Dict[str, Team]:
    """The same teams in id order, copied one after another with their ids and member lists.

    Why: each team was read with its file, among the names and ids of its members, so at a
    million workers the 50,000 teams and their ids lay scattered over hundreds of MB, and
    the analysis, which looks them up several times per team and link, waited on memory.
    Copied here in the order the analysis reads them, they sit side by side, and the links
    (see :func:`_links`) point at these same ids. A team's list of members is copied too
    (the analysis counts them), its members are not (benchmarks/RESULTS.md).
    """
    copies: Dict[str, Team] = {}
    for team_id, team in sorted(teams.items()):
        fresh = copied_id(team_id)
        copies[fresh] = Team(fresh, *_AFTER_ID(team), (*team.members,), *_AFTER_MEMBERS(team))
    return copies


# A team's fields around its id and members, fetched in C (dataclasses.replace goes field by
# field in Python: a noticeable part of assembling 50,000 teams).
_AFTER_ID = operator.attrgetter("name", "department")
_AFTER_MEMBERS = operator.attrgetter("enps", "reviewed", "clients", "suppliers", "source")


def copied_id(text: str) -> str:
    """A new string equal to ``text`` (``str(text)`` and slices return ``text`` itself); any
    text, a lone surrogate included, comes back the same.

    >>> original = "équipe" + chr(0xD800)
    >>> copied_id(original) == original and copied_id(original) is not original
    True
    """
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


def problems_across_files(end_clients: List[EndClient], teams: List[Team]) -> List[Problem]:
    """What no single file shows: an id declared twice, an end client listed as a supplier,
    one worker id given to two people.

    Checked on whatever was read, even when some files have problems of their own, so that
    one run lists them all (FORMAT.md §4) rather than one more after each fix.
    """
    return _id_problems(end_clients, teams) + workers_of({team.id: team for team in teams})[1]


def _id_problems(end_clients: List[EndClient], teams: List[Team]) -> List[Problem]:
    """An id declared twice, an end client listed as a supplier."""
    return _duplicate_ids(end_clients, teams) + _end_clients_as_suppliers(teams, {client.id for client in end_clients})


def _duplicate_ids(end_clients: List[EndClient], teams: List[Team]) -> List[Problem]:
    first_seen: Dict[str, Union[EndClient, Team]] = {}
    problems = []
    everything: List[Union[EndClient, Team]] = [*end_clients, *teams]
    for item in everything:
        earlier = first_seen.setdefault(item.id, item)
        if earlier is item:
            continue
        kind = _("an end client") if isinstance(earlier, EndClient) else _("a team")
        message = _("the id `{id}` is already used by {kind} declared at {place}: every team and end client needs its own id")
        line = item.source.line if item.source else None
        problems.append(Problem(item.source.path if item.source else "", line,
                                message.format(id=item.id, kind=kind, place=earlier.source)))
    return problems


def _end_clients_as_suppliers(teams: List[Team], client_ids: Set[str]) -> List[Problem]:
    message = _("`{id}` is an end client: it can be listed in `clients` (we serve it) but never in `suppliers` — remove it from this list")
    return [
        Problem(d.source.path, d.source.line, message.format(id=d.id))
        for team in teams for d in team.suppliers if d.id in client_ids and d.source
    ]


def _links(teams: Dict[str, Team], end_clients: Dict[str, EndClient]) -> Tuple[Tuple[Link, ...], Tuple[UnknownReference, ...]]:
    """Merge both sides' declarations into links, in (supplier, client) order."""
    by_supplier: Dict[Tuple[str, str], Declaration] = {}
    by_client: Dict[Tuple[str, str], Declaration] = {}
    unknown: List[UnknownReference] = []
    known = {node_id: node_id for node_id in [*teams, *end_clients]}  # each id as the one copy of it
    for team in teams.values():
        for entry in team.clients:
            client = known.get(entry.id)
            if client is not None:
                by_supplier[(team.id, client)] = entry
            else:
                unknown.append(UnknownReference(team.id, entry.id, entry.id, team.id, entry.source))
        for entry in team.suppliers:
            supplier = known.get(entry.id)  # never an end client: refused before
            if supplier is not None:
                by_client[(supplier, team.id)] = entry
            else:
                unknown.append(UnknownReference(entry.id, team.id, entry.id, team.id, entry.source))
    links = [merged_link(pair, by_supplier.get(pair), by_client.get(pair), pair[1] in end_clients)
             for pair in sorted(by_supplier.keys() | by_client.keys())]
    return tuple(links), tuple(sorted(unknown, key=lambda u: (u.supplier, u.client)))


def merged_link(pair: Tuple[str, str], from_supplier: Optional[Declaration], from_client: Optional[Declaration], to_end_client: bool) -> Link:
    """The link ``pair`` (supplier, client) as its two sides declare it: confirmed when both
    do, one-sided otherwise; each side's *what*, and the client's satisfaction."""
    declared_by = "both" if from_supplier and from_client else ("supplier" if from_supplier else "client")
    return Link(
        supplier=pair[0],
        client=pair[1],
        declared_by=declared_by,
        to_end_client=to_end_client,
        what_supplier=from_supplier.what if from_supplier else None,
        what_client=from_client.what if from_client else None,
        satisfaction=from_client.satisfaction if from_client else None,
    )


def workers_of(teams: Dict[str, Team]) -> Tuple[Workers, List[Problem]]:
    """Every worker once, in FORMAT.md order (teams by id, then members in file order), and
    the problem of each id given to two people, found in the same pass over the members.

    The same id in several teams is one worker (FORMAT.md §1), whose name may differ in
    case, accents, punctuation or spaces ("Anaïs Roy", "anais  roy"): the first one is kept.
    Two different names ("Alice Martin", "Alice Durand") are two people with one id
    (FORMAT.md v1.1), a typo in an employee number most likely; merged, one of them would
    vanish from every chain and card.
    """
    names: Dict[str, str] = {}
    teams_of: Dict[str, Tuple[str, ...]] = {}  # in id order: the teams are visited in id order
    problems: List[Problem] = []
    for team_id in sorted(teams):
        alone = (team_id,)  # shared by every member of this team alone: most workers, one tuple
        for member in teams[team_id].members:
            earlier = teams_of.get(member.id)
            if earlier is None:
                names[member.id], teams_of[member.id] = member.name, alone
                continue
            known = names[member.id]
            if known != member.name and two_people(known, member.name):
                problems.append(_one_id_for_two_people(teams[team_id], member.id, member.name, known,
                                                       teams[earlier[0]]))
            teams_of[member.id] = (*earlier, team_id)  # a part-timer: a few teams at most
    return Workers(names, teams_of), problems


def two_people(name: str, other: str) -> bool:
    """True when two names given to one worker id are two people's: they differ by more than
    case, accents, punctuation and spaces (FORMAT.md v1.1: one id for two people is an error).

    >>> two_people("Anaïs  Roy", "anais roy"), two_people("Alice Martin", "Alice Durand")
    (False, True)
    """
    return comparable(name) != comparable(other)


def _one_id_for_two_people(team: Team, worker_id: str, name: str, known: str, first: Team) -> Problem:
    message = _("`{id}` is {name} in this team, but {known} in {other} ({place}): one id for two people? "
                "Give each their own id, or write the same name in both teams")
    return Problem(team.source.path if team.source else "", team.source.line if team.source else None,
                   message.format(id=worker_id, name=name, known=known, other=first.name, place=first.source))


def shared_members_of(workers: Workers) -> Dict[str, Tuple[str, ...]]:
    """For each team, its members who belong to other teams too, in the workers' order.

    Their ids are fresh copies, made one after another, for the reason given in
    :func:`_side_by_side`: counting the people that single points of failure cut off looks
    every one of them up, and copies side by side are found about twice as fast
    (benchmarks/RESULTS.md).
    """
    shared: Dict[str, List[str]] = {}
    for worker_id, teams in workers.part_timers():
        copied = copied_id(worker_id)
        for team_id in teams:
            shared.setdefault(team_id, []).append(copied)
    return {team_id: tuple(members) for team_id, members in sorted(shared.items())}
