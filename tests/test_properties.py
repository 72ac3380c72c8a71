"""Properties of chains and findings on generated organisations (hypothesis).

Each example is a random organisation written as a YAML folder (org.yaml and one file per
team), loaded and analysed as a user's would be. The expected answers are computed here
independently, by brute force on the generated declarations, never from chainmap's model.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.formats import chains_json, findings_json

AS_OF = dt.date(2026, 11, 23)
WORKERS = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay"]
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Spec:
    """A generated organisation: teams, end clients, and who declares each link."""

    teams: List[str]
    end_clients: List[str]
    members: Dict[str, List[str]]
    links: Dict[Tuple[str, str], str] = field(default_factory=dict)  # (supplier, client) -> both|supplier|client
    satisfaction: Dict[Tuple[str, str], int] = field(default_factory=dict)

    def declarations(self) -> Dict[str, dict]:
        """Each team's declaration, as the team would write it."""
        teams = {t: {"id": t, "members": list(self.members[t]), "clients": [], "suppliers": []} for t in self.teams}
        for (supplier, client), side in sorted(self.links.items()):
            if side in ("both", "supplier"):
                teams[supplier]["clients"].append(client)
            if side in ("both", "client"):
                rating = self.satisfaction.get((supplier, client))
                teams[client]["suppliers"].append({"id": supplier, "satisfaction": rating} if rating is not None else supplier)
        return teams


@st.composite
def organisations(draw) -> Spec:
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,2}", fullmatch=True), min_size=1, max_size=7, unique=True))
    ends = [f"end-{i}" for i in range(draw(st.integers(1, 2)))]
    members = {t: draw(st.lists(st.sampled_from(WORKERS), max_size=3, unique=True)) for t in ids}
    spec = Spec(ids, ends, members)
    for supplier in ids:
        for client in ids + ends:
            if supplier == client:
                continue
            choices = [None, None, "supplier"] if client in ends else [None, None, None, "both", "supplier", "client"]
            side = draw(st.sampled_from(choices))
            if side is not None:
                spec.links[(supplier, client)] = side
                if side != "supplier" and draw(st.booleans()):
                    spec.satisfaction[(supplier, client)] = draw(st.integers(0, 10))
    return spec


def write(spec: Spec, root: Path, shuffle: Optional[random.Random] = None) -> Path:
    """Write ``spec`` as a folder; ``shuffle`` permutes file names, folders, keys and link lists.

    Members keep their order: the conformance cases fix the order of `workers` in the chains
    JSON as "teams by id, then members in file order".
    """
    declarations = spec.declarations()
    org = {"org": "Generated", "end_clients": [{"id": e} for e in spec.end_clients],
           "settings": {"spof_min_teams": 2, "max_chain_length": 3}}
    (root / "teams").mkdir(parents=True)
    (root / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    order = list(spec.teams)
    if shuffle:
        shuffle.shuffle(order)
    for index, team_id in enumerate(order):
        declaration = declarations[team_id]
        if shuffle:
            for key in ("clients", "suppliers"):
                shuffle.shuffle(declaration[key])
            keys = list(declaration)
            shuffle.shuffle(keys)
            declaration = {k: declaration[k] for k in keys}
        folder = root / "teams" / (f"sub{index % 3}" if shuffle else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{index:02d}.yaml").write_text(yaml.safe_dump(declaration, sort_keys=False), encoding="utf-8")
    return root


def analyse(spec: Spec, shuffle: Optional[random.Random] = None) -> chainmap.Analysis:
    with tempfile.TemporaryDirectory() as folder:
        return chainmap.analyse(chainmap.load(write(spec, Path(folder) / "org", shuffle)), as_of=AS_OF)


def expected_chain(spec: Spec, team: str) -> Optional[List[str]]:
    """FORMAT.md §2 spelled out again, with none of chainmap's code: BFS distances to the end clients
    (by scanning every link), then the smallest next id at each step. The same approach as
    chains.py, so test_chains.py also checks chains against every shortest path (networkx)."""
    successors: Dict[str, List[str]] = {}
    for supplier, client in spec.links:
        successors.setdefault(supplier, []).append(client)
    distance: Dict[str, int] = {e: 0 for e in spec.end_clients}
    queue = deque(spec.end_clients)
    while queue:
        node = queue.popleft()
        for (supplier, client) in spec.links:
            if client == node and supplier not in distance:
                distance[supplier] = distance[node] + 1
                queue.append(supplier)
    if team not in distance:
        return None
    chain = [team]
    while distance[chain[-1]] > 0:
        here = chain[-1]
        chain.append(min(n for n in successors[here] if distance.get(n) == distance[here] - 1))
    return chain


def has_link(spec: Spec, team: str) -> bool:
    return any(team in pair for pair in spec.links)


@PROPERTY_SETTINGS
@given(organisations())
def test_every_team_has_a_chain_or_a_finding_that_says_why(spec: Spec) -> None:
    analysis = analyse(spec)
    for team in spec.teams:
        if analysis.team_chain(team) is None:
            rules = {f.rule for f in analysis.findings if f.team == team}
            assert ("broken-chain" if has_link(spec, team) else "isolated") in rules, (team, rules)


@PROPERTY_SETTINGS
@given(organisations())
def test_each_chain_is_the_shortest_path_of_declared_links_to_an_end_client(spec: Spec) -> None:
    analysis = analyse(spec)
    for team in spec.teams:
        chain = analysis.team_chain(team)
        assert chain == expected_chain(spec, team)
        if chain is not None:
            assert chain[-1] in spec.end_clients
            assert all((a, b) in spec.links for a, b in zip(chain, chain[1:]))


@PROPERTY_SETTINGS
@given(organisations())
def test_a_workers_chain_is_the_shortest_of_their_teams(spec: Spec) -> None:
    analysis = analyse(spec)
    for worker in {w for names in spec.members.values() for w in names}:
        chains = [c for t in spec.teams if worker in spec.members[t] for c in [expected_chain(spec, t)] if c is not None]
        expected = min(chains, key=lambda c: (len(c), c)) if chains else None
        assert analysis.worker_chain(worker) == expected


def finding_keys(analysis: chainmap.Analysis) -> Set[tuple]:
    return {(f.rule, f.team, f.supplier, f.client, f.workers_affected) for f in analysis.findings}


@PROPERTY_SETTINGS
@given(organisations(), st.randoms(use_true_random=False))
def test_adding_the_missing_side_removes_exactly_that_finding(spec: Spec, chooser: random.Random) -> None:
    one_sided = sorted(pair for pair, side in spec.links.items() if side != "both" and pair[1] not in spec.end_clients)
    if not one_sided:
        return
    pair = chooser.choice(one_sided)
    before = analyse(spec)
    fixed = Spec(spec.teams, spec.end_clients, spec.members, dict(spec.links, **{}), dict(spec.satisfaction))
    fixed.links[pair] = "both"
    fixed.satisfaction.pop(pair, None) if spec.links[pair] == "supplier" else None
    after = analyse(fixed)
    removed = {key for key in finding_keys(before) if key[0] == "one-sided" and key[2:4] == pair}
    assert len(removed) == 1
    assert finding_keys(after) == finding_keys(before) - removed


@PROPERTY_SETTINGS
@given(organisations(), st.randoms(use_true_random=False))
def test_shuffling_files_keys_and_lists_never_changes_the_json_or_dot(spec: Spec, shuffle: random.Random) -> None:
    plain, shuffled = analyse(spec), analyse(spec, shuffle)
    assert findings_json(shuffled) == findings_json(plain)
    assert chains_json(shuffled) == chains_json(plain)
    assert chainmap.to_dot(shuffled) == chainmap.to_dot(plain)


@PROPERTY_SETTINGS
@given(organisations(), st.sampled_from(["yaml-folder", "yaml-file", "xlsx", "csv-folder"]),
       st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp", "Cf"]), min_size=1, max_size=20).filter(str.strip))
def test_export_then_import_gives_back_exactly_the_same_organisation(spec: Spec, form: str, name: str) -> None:
    """Every form `convert` writes reads back as the same model, whatever the names."""
    from chainmap.save import write_org
    from chainmap.save.compare import model_differences
    with tempfile.TemporaryDirectory() as folder:
        root = write(spec, Path(folder) / "org")
        text = (root / "org.yaml").read_text(encoding="utf-8")
        (root / "org.yaml").write_text(text.replace("org: Generated", f"org: {yaml.safe_dump(name.strip()).strip().removesuffix('...').strip()}"), encoding="utf-8")
        original = chainmap.load(root)
        target = Path(folder) / {"yaml-file": "out.yaml", "xlsx": "out.xlsx"}.get(form, "out")
        write_org(original, target, form)
        assert model_differences(original, chainmap.load(target)) == []
