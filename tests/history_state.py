"""An organisation as plain Python data, its mutations, and its figures computed without chainmap.

The history tests write each state into a git repository (one commit each) and compare
chainmap's trend table with :func:`expected_figures`, which works on the data the test
wrote — never on chainmap's model or output — with a textbook breadth-first search.
"""

from __future__ import annotations

import copy
import random
from collections import deque
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import yaml

from chainmap.examples.generate import generate

State = Dict[str, Any]
END_CLIENTS = ("clients", "partenaires", "usagers")


def initial_state(seed: int = 3, teams: int = 30, workers: int = 120) -> State:
    """A generated organisation (chainmap's generator), as data: no unknown ids, workers with ids."""
    made = generate(teams, workers, seed=seed)
    known = {t.id for t in made.teams} | set(END_CLIENTS)
    state: State = {"org": "Groupe", "end_clients": {c: {"nps": 20 + 5 * i} for i, c in enumerate(END_CLIENTS)}, "teams": {}}
    for team in made.teams:
        state["teams"][team.id] = {
            "department": team.department,
            "members": {f"w{i}": made.worker_names[i] for i in team.members},
            "clients": [c for c in team.clients if c in known],
            "suppliers": {s: score for s, score in team.suppliers if s in known},
            "enps": team.enps,
        }
    return state


def write_state(state: State, root: Path) -> None:
    """The state as a YAML folder: org.yaml and one file per team under teams/<department>/."""
    for old in root.rglob("*.yaml"):
        old.unlink()
    root.mkdir(parents=True, exist_ok=True)
    org = {"org": state["org"], "end_clients": [{"id": c, **({"nps": v["nps"]} if v["nps"] is not None else {})}
                                                for c, v in state["end_clients"].items()]}
    (root / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for team_id, team in state["teams"].items():
        data: Dict[str, Any] = {"id": team_id, "department": team["department"],
                                "members": [{"id": w, "name": n} for w, n in team["members"].items()]}
        if team["enps"] is not None:
            data["enps"] = team["enps"]
        if team["clients"]:
            data["clients"] = list(team["clients"])
        if team["suppliers"]:
            data["suppliers"] = [{"id": s, **({"satisfaction": v} if v is not None else {})} for s, v in team["suppliers"].items()]
        folder = root / "teams" / team["department"].lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{team_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Mutations: each changes the state in one way a real history does -------------------------


def mutate(state: State, step: int, rng: random.Random) -> Tuple[State, str]:
    """The next state and its commit message: the kinds of change taken in turn (the next
    kind when one happens to change nothing, such as a score drawn equal to the old one)."""
    kinds = (_fix_link, _break_link, _change_score, _move_worker, _hire, _leave, _change_enps, _change_nps,
             _drop_link, _add_link)
    for offset in range(len(kinds)):
        new = copy.deepcopy(state)
        message = kinds[(step + offset) % len(kinds)](new, rng)
        if new != state:
            return new, message
    raise AssertionError("no mutation changes this state")


def _links(state: State) -> Dict[Tuple[str, str], Dict[str, Any]]:
    """Every link (supplier, client) with who declares it and its score (as FORMAT.md merges them)."""
    teams, clients = state["teams"], state["end_clients"]
    links: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for team_id, team in teams.items():
        for client in team["clients"]:
            if client in teams or client in clients:
                links.setdefault((team_id, client), {"supplier": False, "client": False, "score": None})["supplier"] = True
        for supplier, score in team["suppliers"].items():
            if supplier in teams:
                entry = links.setdefault((supplier, team_id), {"supplier": False, "client": False, "score": None})
                entry["client"], entry["score"] = True, score
    return links


def _fix_link(state: State, rng: random.Random) -> str:
    one_sided = sorted(k for k, v in _links(state).items() if not (v["supplier"] and v["client"]) and k[1] in state["teams"])
    if not one_sided:
        return _add_link(state, rng)
    supplier, client = rng.choice(one_sided)
    if supplier not in state["teams"][client]["suppliers"]:
        state["teams"][client]["suppliers"][supplier] = 8
    if client not in state["teams"][supplier]["clients"]:
        state["teams"][supplier]["clients"].append(client)
    return f"confirm {supplier} -> {client}"


def _break_link(state: State, rng: random.Random) -> str:
    confirmed = sorted(k for k, v in _links(state).items() if v["supplier"] and v["client"])
    supplier, client = rng.choice(confirmed)
    del state["teams"][client]["suppliers"][supplier]
    return f"{client} no longer lists {supplier}"


def _change_score(state: State, rng: random.Random) -> str:
    rated = sorted((c, s) for c, t in state["teams"].items() for s, v in t["suppliers"].items() if v is not None)
    client, supplier = rng.choice(rated)
    state["teams"][client]["suppliers"][supplier] = rng.choice([1, 3, 6, 6.5, 9, 10])
    return f"{client} rates {supplier} anew"


def _move_worker(state: State, rng: random.Random) -> str:
    teams = sorted(t for t in state["teams"] if state["teams"][t]["members"])
    source = rng.choice(teams)
    worker = sorted(state["teams"][source]["members"])[0]
    target = rng.choice([t for t in sorted(state["teams"]) if t != source and worker not in state["teams"][t]["members"]])
    state["teams"][target]["members"][worker] = state["teams"][source]["members"].pop(worker)
    return f"{worker} moves from {source} to {target}"


def _hire(state: State, rng: random.Random) -> str:
    team = rng.choice(sorted(state["teams"]))
    number = 1000 + sum(len(t["members"]) for t in state["teams"].values()) + rng.randint(0, 10 ** 6)
    state["teams"][team]["members"][f"n{number}"] = f"Nouvelle Recrue {number}"
    return f"hire into {team}"


def _leave(state: State, rng: random.Random) -> str:
    teams = sorted(t for t in state["teams"] if state["teams"][t]["members"])
    team = rng.choice(teams)
    worker = sorted(state["teams"][team]["members"])[-1]
    for other in state["teams"].values():
        other["members"].pop(worker, None)
    return f"{worker} leaves"


def _change_enps(state: State, rng: random.Random) -> str:
    team = rng.choice(sorted(state["teams"]))
    state["teams"][team]["enps"] = rng.randint(-60, 60)
    return f"new eNPS for {team}"


def _change_nps(state: State, rng: random.Random) -> str:
    client = rng.choice(sorted(state["end_clients"]))
    state["end_clients"][client]["nps"] = rng.randint(-40, 70)
    return f"new NPS for {client}"


def _drop_link(state: State, rng: random.Random) -> str:
    links = sorted(k for k in _links(state) if k[1] in state["teams"])
    supplier, client = rng.choice(links)
    state["teams"][client]["suppliers"].pop(supplier, None)
    if client in state["teams"][supplier]["clients"]:
        state["teams"][supplier]["clients"].remove(client)
    return f"remove {supplier} -> {client}"


def _add_link(state: State, rng: random.Random) -> str:
    teams = sorted(state["teams"])
    existing = _links(state)
    while True:
        supplier, client = rng.sample(teams, 2)
        if (supplier, client) not in existing and (client, supplier) not in existing:
            break
    state["teams"][supplier]["clients"].append(client)
    state["teams"][client]["suppliers"][supplier] = rng.choice([4, 7, 9])
    return f"add {supplier} -> {client}"


# The figures, computed independently ---------------------------------------------------------


def _mean(values: List[float]) -> Optional[float]:
    return round(sum(values) / len(values), 2) if values else None


def _inps(values: List[float]) -> Optional[int]:
    if not values:
        return None
    return round(100 * (sum(1 for v in values if v >= 9) - sum(1 for v in values if v <= 6)) / len(values))


def _distances(state: State, links: Dict[Tuple[str, str], Dict[str, Any]]) -> Dict[str, int]:
    """Links from each node to the nearest end client: a plain BFS from the end clients, backwards."""
    feeding: Dict[str, List[str]] = {}
    for supplier, client in links:
        feeding.setdefault(client, []).append(supplier)
    distance = {c: 0 for c in state["end_clients"]}
    queue = deque(state["end_clients"])
    while queue:
        node = queue.popleft()
        for supplier in feeding.get(node, []):
            if supplier not in distance:
                distance[supplier] = distance[node] + 1
                queue.append(supplier)
    return distance


def expected_figures(state: State, previous: Optional[State]) -> Dict[str, Any]:
    """The figures a trend table must show for ``state`` (``previous``: the point before)."""
    teams = state["teams"]
    links = _links(state)
    scores = {k: v["score"] for k, v in links.items() if v["score"] is not None}
    distance = _distances(state, links)
    workers: Dict[str, Set[str]] = {}
    for team_id, team in teams.items():
        for worker in team["members"]:
            workers.setdefault(worker, set()).add(team_id)
    lengths = [distance[t] for t in teams if t in distance]
    expected: Dict[str, Any] = {
        "teams": len(teams),
        "workers": len(workers),
        "links": len(links),
        "links_confirmed": sum(1 for (s, c), v in links.items() if (v["supplier"] and v["client"]) or c in state["end_clients"]),
        "one_sided": sum(1 for (s, c), v in links.items() if not (v["supplier"] and v["client"]) and c not in state["end_clients"]),
        "low_satisfaction": sum(1 for v in scores.values() if v < 7),
        "link_satisfaction": {f"{s}->{c}": v for (s, c), v in scores.items()},
        "satisfaction_mean": _mean(list(scores.values())),
        "satisfaction_inps": _inps(list(scores.values())),
        "team_satisfaction_mean": {t: _mean([v for (s, c), v in scores.items() if s == t]) for t in teams},
        "team_served_mean": {t: _mean([v for (s, c), v in scores.items() if c == t]) for t in teams},
        "team_served_inps": {t: _inps([v for (s, c), v in scores.items() if c == t]) for t in teams},
        "enps": {t: v["enps"] for t, v in teams.items() if v["enps"] is not None},
        "nps": {c: v["nps"] for c, v in state["end_clients"].items() if v["nps"] is not None},
        "teams_with_chain": len(lengths),
        "chain_length_max": max(lengths) if lengths else None,
        "chain_length_mean": _mean(lengths),
        "workers_without_chain": sum(1 for w, ts in workers.items() if not any(t in distance for t in ts)),
    }
    if previous is not None:
        before = {w for t in previous["teams"].values() for w in t["members"]}
        expected["members_joined"] = len(set(workers) - before)
        expected["members_left"] = len(before - set(workers))
        expected["team_joined"] = {t: len(set(teams[t]["members"]) - set(previous["teams"].get(t, {"members": {}})["members"])) for t in teams}
    return expected
