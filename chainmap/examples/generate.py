"""Synthetic organisations of any size, for benchmarks, demos and training.

``generate(teams, workers, seed)`` builds, deterministically from the seed, an organisation
that looks like a real one to chainmap: departments of uneven size, a minority of frontline
teams serving the end clients, support teams layered behind them (some chains longer than
the default limit of five links), mostly confirmed links with some one-sided ones and a few
typing mistakes (unknown ids), teams that serve each other in a loop with no exit (broken
chains), isolated teams, part-time workers in two teams, satisfaction scores, eNPS and
review dates. :func:`write_organisation` writes it in the declaration format, one file per
team under ``teams/<department>/``.

The same (teams, workers, seed) always gives byte-identical files: review dates count back
from a fixed day, never from today.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from ..errors import UsageError
from ..files.safe_write import write_text
from ..i18n import _

__all__ = ["GeneratedTeam", "Generated", "generate", "write_organisation", "organisation_files",
           "organisation_paths"]

# Fixed reference day: the generated review dates are the same whatever the day they are made.
REFERENCE_DAY = dt.date(2026, 11, 1)
END_CLIENTS = (("clients", "Clients"), ("partenaires", "Partenaires"), ("usagers", "Usagers du service public"))
DEPARTMENTS = (
    ("Service client", ("Accueil", "Relation client", "Réclamations", "Centre d'appels", "Conseil")),
    ("Production", ("Atelier", "Assemblage", "Contrôle qualité", "Méthodes", "Maintenance")),
    ("Logistique", ("Entrepôt", "Transport", "Approvisionnement", "Expédition", "Stocks")),
    ("Finance", ("Comptabilité", "Paie", "Trésorerie", "Contrôle de gestion", "Facturation")),
    ("Ressources humaines", ("Recrutement", "Formation", "Gestion des temps", "Relations sociales")),
    ("Informatique", ("Support", "Réseaux", "Applications", "Données", "Sécurité")),
    ("Ventes", ("Grands comptes", "Ventes directes", "Administration des ventes", "Devis")),
    ("Achats", ("Achats directs", "Achats indirects", "Référencement", "Contrats")),
    ("Juridique", ("Contrats", "Conformité", "Contentieux")),
    ("Marketing", ("Communication", "Études", "Produits", "Événements")),
    ("Qualité", ("Audit", "Certification", "Amélioration continue")),
    ("Services généraux", ("Bâtiments", "Courrier", "Sécurité des sites", "Restauration")),
)
SITES = ("Paris", "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Marseille", "Rennes", "Strasbourg",
         "Montpellier", "Nice", "Grenoble", "Dijon", "Rouen", "Tours", "Metz", "Brest", "Reims", "Caen", "Pau")
FIRST_NAMES = ("Alice", "Bruno", "Camille", "David", "Emma", "Farid", "Gabrielle", "Hugo", "Inès", "Julien",
               "Karima", "Louis", "Manon", "Nicolas", "Océane", "Paul", "Quentin", "Rose", "Sarah", "Thomas",
               "Ulysse", "Valérie", "William", "Yasmine", "Zoé", "Amine", "Claire", "Étienne", "Léa", "Mehdi")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
              "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
              "Vincent", "Fournier", "Morel", "Girard", "Benali", "Nguyen", "Mercier", "Blanc", "Guerin")

LOOP_SHARE = 0.01          # teams in small loops with no exit: broken chains
ISOLATED_SHARE = 0.003     # teams with no link at all
BACKWARD_LINK_SHARE = 0.04  # extra links towards a farther team: cycles
TYPO_SHARE = 0.002         # entries whose id is mistyped: unknown references
PART_TIME_SHARE = 0.04     # workers who also belong to a second team
EMPTY_TEAM_SHARE = 0.004   # teams that list nobody


@dataclass
class GeneratedTeam:
    """One team as it will be written: its entries in the declaration format's terms."""

    id: str
    name: str
    department: str
    level: int
    members: List[int] = field(default_factory=list)
    clients: List[str] = field(default_factory=list)
    suppliers: List[Tuple[str, Optional[int]]] = field(default_factory=list)
    enps: Optional[int] = None
    reviewed: Optional[dt.date] = None


@dataclass
class Generated:
    """A whole synthetic organisation, before it is written."""

    name: str
    teams: List[GeneratedTeam]
    worker_names: List[str]


def generate(teams: int, workers: int, seed: int = 1) -> Generated:
    """Build an organisation of ``teams`` teams and ``workers`` distinct workers.

    >>> org = generate(50, 500, seed=3)
    >>> len(org.teams), len(org.worker_names)
    (50, 500)
    """
    if teams < 2:
        raise UsageError(_("--teams must be at least 2"))
    if workers < 0:
        raise UsageError(_("--workers cannot be negative"))
    rng = random.Random(seed)
    made = _make_teams(rng, teams)
    _link_teams(rng, made)
    _add_mistakes(rng, made)
    _staff_teams(rng, made, workers)
    for team in made:
        team.enps = int(max(-100, min(100, rng.gauss(12, 22)))) if rng.random() < 0.7 else None
        team.reviewed = REFERENCE_DAY - dt.timedelta(days=rng.randint(0, 640)) if rng.random() < 0.85 else None
    names = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _unused in range(workers)]
    return Generated(f"Groupe Synthétique ({teams:,} équipes)".replace(",", " "), made, names)


def _department_names(count: int) -> List[str]:
    """``count`` distinct department names: the base list, then the same per region."""
    names = []
    for index in range(count):
        base = DEPARTMENTS[index % len(DEPARTMENTS)][0]
        region = index // len(DEPARTMENTS)
        names.append(base if region == 0 else f"{base} {SITES[(region - 1) % len(SITES)]}"
                     + (f" {1 + (region - 1) // len(SITES)}" if region > len(SITES) else ""))
    return names


# Departments whose teams face the end clients (by position in DEPARTMENTS); the others support them.
CUSTOMER_FACING = (0, 1, 2, 6)
FACING_FRONTLINE_SHARE = 0.3  # of a customer-facing department's teams


def _make_teams(rng: random.Random, count: int) -> List[GeneratedTeam]:
    """Teams spread over departments of uneven size, each given a level (0 = frontline)."""
    department_count = max(2, min(80, round(math.sqrt(count) / 2)))
    departments = _department_names(department_count)
    weights = [1 / (i + 1) ** 0.6 for i in range(department_count)]
    made = []
    for index in range(count):
        department_index = rng.choices(range(department_count), weights)[0]
        functions = DEPARTMENTS[department_index % len(DEPARTMENTS)][1]
        function = rng.choice(functions)
        site = rng.choice(SITES)
        facing = department_index % len(DEPARTMENTS) in CUSTOMER_FACING
        level = 0 if facing and rng.random() < FACING_FRONTLINE_SHARE else min(9, 1 + int(rng.expovariate(0.75)))
        team_id = f"{_slug(function)}-{_slug(site)}-{index:05d}"
        made.append(GeneratedTeam(team_id, f"{function} {site} {index}", departments[department_index], level))
    if all(team.level > 0 for team in made):
        made[0].level = 0
    made.sort(key=lambda t: t.id)
    return made


def _link_teams(rng: random.Random, teams: List[GeneratedTeam]) -> None:
    """Frontline teams serve end clients; every other team serves one to three teams a level
    closer, mostly in its own department, otherwise in one of its partner departments."""
    index = {team.id: team for team in teams}
    by_place: Dict[Tuple[int, str], List[GeneratedTeam]] = {}
    for team in teams:
        by_place.setdefault((team.level, team.department), []).append(team)
    frontline = [team for team in teams if team.level == 0]
    partners = _partner_departments(rng, sorted({team.department for team in teams}), {t.department for t in frontline})
    for team in teams:
        if team.level == 0:
            team.clients = sorted(rng.sample([c for c, _unused in END_CLIENTS], 1 + (rng.random() < 0.3)))
            continue
        chosen = set()
        for _unused in range(1 + (rng.random() < 0.4) + (rng.random() < 0.1)):
            places = [team.department, *partners[team.department]]
            if rng.random() < 0.25:
                places.insert(0, rng.choice(partners[team.department]))
            chosen.add(rng.choice(_closer_pool(by_place, team.level - 1, places) or frontline).id)
        if rng.random() < BACKWARD_LINK_SHARE:
            farther = by_place.get((team.level + 1, team.department)) or by_place[(team.level, team.department)]
            chosen.add(rng.choice(farther).id)
        chosen.discard(team.id)
        for client_id in sorted(chosen):
            _declare(rng, team, index[client_id])


def _closer_pool(by_place: Dict[Tuple[int, str], List[GeneratedTeam]], level: int, places: List[str]) -> List[GeneratedTeam]:
    """The teams of the first place in ``places`` that has teams at ``level`` (or the next closer level)."""
    for closer in range(level, -1, -1):
        for place in places:
            if by_place.get((closer, place)):
                return by_place[(closer, place)]
    return []


def _partner_departments(rng: random.Random, departments: List[str], facing: set) -> Dict[str, List[str]]:
    """The few departments each department serves, one of them facing the end clients.

    Shared services (finance, HR, IT, general services) serve more departments. Real
    departments work with a handful of others, not with all of them: that is also what
    keeps a department overview readable.
    """
    shared_bases = {name for name, _functions in DEPARTMENTS[3:6] + DEPARTMENTS[11:]}
    partners = {}
    for department in departments:
        others = [d for d in departments if d != department] or [department]
        facing_others = sorted(set(others) & facing) or others
        wanted = 6 if any(department.startswith(base) for base in shared_bases) else 2
        first = rng.choice(facing_others)
        rest = rng.sample([d for d in others if d != first], min(len(others) - 1, wanted - 1))
        partners[department] = [first, *rest]
    return partners


def _declare(rng: random.Random, supplier: GeneratedTeam, client: GeneratedTeam) -> None:
    """Write a link on both sides (mostly), or on one side only (a one-sided link)."""
    draw = rng.random()
    if draw < 0.93:
        supplier.clients.append(client.id)
    if draw < 0.86 or draw >= 0.93:
        client.suppliers.append((supplier.id, _satisfaction(rng) if rng.random() < 0.85 else None))


def _satisfaction(rng: random.Random) -> int:
    """A score out of ten, mostly 6 to 9, sometimes poor."""
    return int(max(0, min(10, round(rng.gauss(7.4, 1.7)))))


def _add_mistakes(rng: random.Random, teams: List[GeneratedTeam]) -> None:
    """Loops with no exit (broken chains), isolated teams and mistyped ids."""
    support = [t for t in teams if t.level > 0]
    if not support:  # a tiny organisation may be all frontline: nothing to break behind it
        return
    by_department: Dict[str, List[GeneratedTeam]] = {}
    for team in support:
        by_department.setdefault(team.department, []).append(team)
    looped: List[GeneratedTeam] = []
    for _unused in range(max(1, int(len(teams) * LOOP_SHARE) // 3)):
        free = [t for t in by_department[rng.choice(support).department] if t not in looped]
        if len(free) >= 3:
            looped += rng.sample(free, 3)
    for start in range(0, len(looped) - 2, 3):
        loop = looped[start:start + 3]
        for position, team in enumerate(loop):
            team.clients = [loop[(position + 1) % 3].id]
            team.suppliers = [(loop[position - 1].id, _satisfaction(rng))]
    isolated = [t for t in rng.sample(support, max(1, int(len(teams) * ISOLATED_SHARE))) if t not in looped]
    for team in isolated:
        team.clients, team.suppliers = [], []
    _forget(teams, {t.id for t in looped} | {t.id for t in isolated}, {t.id for t in isolated})
    declaring = [t for t in teams if t.clients and t.level > 0]
    for team in rng.sample(declaring, min(len(declaring), max(1, round(len(teams) * TYPO_SHARE)))):
        position = rng.randrange(len(team.clients))
        team.clients[position] = _typo(rng, team.clients[position])


def _forget(teams: List[GeneratedTeam], rewired: set, isolated: set) -> None:
    """Remove what other teams still say about rewired teams, so that loops have no exit
    (nobody names a looped team as its supplier) and isolated teams are named by nobody."""
    own_clients = {t.id: set(t.clients) for t in teams if t.id in rewired}
    for team in teams:
        team.suppliers = [(s, score) for s, score in team.suppliers
                          if s not in rewired or team.id in own_clients[s]]
        team.clients = [c for c in team.clients if c not in isolated]


def _typo(rng: random.Random, identifier: str) -> str:
    """The id with two neighbouring characters swapped (a typical typing slip)."""
    if len(identifier) < 3:
        return identifier + "x"
    position = rng.randrange(len(identifier) - 2)
    swapped = identifier[:position] + identifier[position + 1] + identifier[position] + identifier[position + 2:]
    return swapped if swapped != identifier else identifier + "x"


def _staff_teams(rng: random.Random, teams: List[GeneratedTeam], workers: int) -> None:
    """Give each worker a team (sizes vary a lot), a few part-timers a second one."""
    empty = set(rng.sample(range(len(teams)), max(1, round(len(teams) * EMPTY_TEAM_SHARE))))
    weights = [0.0 if position in empty else rng.lognormvariate(0, 0.7) for position in range(len(teams))]
    total = sum(weights) or 1.0
    cumulative, running = [], 0.0
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    position = 0
    for worker in range(workers):
        while position < len(teams) - 1 and (worker + 0.5) / workers > cumulative[position]:
            position += 1
        teams[position].members.append(worker)
    staffed = [t for t, w in zip(teams, weights) if w > 0]
    for worker in rng.sample(range(workers), int(workers * PART_TIME_SHARE)) if staffed else ():
        second = rng.choice(staffed)
        if worker not in second.members:
            second.members.append(worker)


def _slug(text: str) -> str:
    from ..names import suggest_id
    return suggest_id(text)


def organisation_files(org: Generated) -> Iterator[Tuple[str, str]]:
    """(relative path, YAML text) of every file of the organisation, org.yaml first."""
    lines = [f"org: {_text(org.name)}", "end_clients:"]
    for client_id, name in END_CLIENTS:
        lines += [f"  - id: {client_id}", f"    name: {_text(name)}"]
    yield "org.yaml", "\n".join(lines) + "\n"
    for team in org.teams:
        yield _team_path(team), _team_text(team, org.worker_names)


def organisation_paths(org: Generated) -> List[str]:
    """The relative path of every file :func:`organisation_files` writes, without the texts."""
    return ["org.yaml", *(_team_path(team) for team in org.teams)]


def _team_path(team: GeneratedTeam) -> str:
    return f"teams/{_slug(team.department)}/{team.id}.yaml"


def _team_text(team: GeneratedTeam, names: List[str]) -> str:
    lines = [f"id: {team.id}", f"name: {_text(team.name)}", f"department: {_text(team.department)}"]
    if team.enps is not None:
        lines.append(f"enps: {team.enps}")
    if team.reviewed is not None:
        lines.append(f"reviewed: {team.reviewed.isoformat()}")
    lines.append("members:" if team.members else "members: []")
    for position, worker in enumerate(team.members):
        lines += [f"  - name: {_text(names[worker])}", f"    id: p{worker:07d}"]
        if position == 0:
            lines.append("    role: responsable")
    if team.clients:
        lines.append("clients:")
        lines += [f"  - {client}" for client in team.clients]
    if team.suppliers:
        lines.append("suppliers:")
        for supplier, score in team.suppliers:
            lines.append(f"  - id: {supplier}")
            if score is not None:
                lines.append(f"    satisfaction: {score}")
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    """Free text as a YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def write_organisation(org: Generated, folder: Path, progress: Optional[Callable[[int, int], None]] = None,
                       write: Optional[Callable[[Path, bytes], None]] = None) -> int:
    """Write every file of ``org`` under ``folder``; return how many were written.

    ``write(path, content)``: how to write each file (the command line writes them all
    beside ``folder`` first, see :mod:`chainmap.files.staged`); by default, atomically in place.
    """
    total = len(org.teams) + 1
    written = 0
    for relative, text in organisation_files(org):
        path = folder / relative
        if write is not None:
            write(path, text.encode("utf-8"))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, text)
        written += 1
        if progress is not None:
            progress(written, total)
    return written
