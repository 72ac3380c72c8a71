"""Chains (FORMAT.md §2): the shortest chain of every team and worker, and its tie-break.

The tie-break compares the sequences of ids id by id (not the end client first); a worker
in several teams takes the shortest of their teams' chains, ties broken the same way.
Property tests check the whole computation against brute forces on random graphs: the
chains and reachable end clients, and the teams each team carries (single points of
failure) with the distinct workers they count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.analysis.dominators import FIRST_CARRIED
from chainmap.cli import cli
from chainmap.load.assemble import assemble
from chainmap.model import Declaration, EndClient, Member, Settings, Team
from chainmap.names import comparable

from .orgs import team, write_org


def test_tie_break_compares_the_second_id_not_the_end_client(analyse_teams) -> None:
    analysis = analyse_teams([
        team("start", clients=["m2", "m1"]),
        team("m1", clients=["z-end"]),
        team("m2", clients=["a-end"]),
    ], end_clients=("z-end", "a-end"))
    assert analysis.team_chain("start") == ["start", "m1", "z-end"]
    assert analysis.chains.end_clients["start"] == ("a-end", "z-end")


def test_tie_break_looks_further_when_the_start_is_equal(analyse_teams) -> None:
    analysis = analyse_teams([
        team("s", clients=["a"]),
        team("a", clients=["y", "x"]),
        team("x", clients=["zz"]), team("y", clients=["aa"]),
    ], end_clients=("aa", "zz"))
    assert analysis.team_chain("s") == ["s", "a", "x", "zz"]


def test_fewest_links_wins_over_alphabetical_order(analyse_teams) -> None:
    analysis = analyse_teams([
        team("s", clients=["a", "z"]), team("a", clients=["b"]), team("b", clients=["customers"]),
        team("z", clients=["customers"]),
    ])
    assert analysis.team_chain("s") == ["s", "z", "customers"]


def test_end_client_reached_directly_is_a_one_link_chain(analyse_teams) -> None:
    analysis = analyse_teams([team("front", clients=["customers"])])
    assert analysis.team_chain("front") == ["front", "customers"]
    assert analysis.chains.length("front") == 1


def test_worker_in_several_teams_takes_the_shortest_chain(analyse_teams) -> None:
    analysis = analyse_teams([
        team("a", clients=["b"], members=[{"name": "Ann", "id": "ann"}]),
        team("b", clients=["customers"]),
        team("z", clients=["customers"], members=[{"name": "Ann", "id": "ann"}]),
    ])
    assert analysis.worker_chain("ann") == ["z", "customers"]


def test_worker_tie_between_teams_is_broken_id_by_id(analyse_teams) -> None:
    analysis = analyse_teams([
        team("b", clients=["customers"], members=["Ann"]),
        team("a", clients=["others"], members=["Ann"]),
    ], end_clients=("others", "customers"))
    assert analysis.worker_chain("Ann") == ["a", "others"]


def test_worker_with_no_chain_in_any_team(analyse_teams) -> None:
    analysis = analyse_teams([team("a", members=["Ann"]), team("c", clients=["customers"])])
    assert analysis.worker_chain("Ann") is None


def test_cycle_without_exit_has_no_chain(analyse_teams) -> None:
    analysis = analyse_teams([team("a", clients=["b"]), team("b", clients=["a"]), team("c", clients=["customers"])])
    assert analysis.team_chain("a") is None and analysis.team_chain("b") is None
    assert [f.team for f in analysis.findings if f.rule == "broken-chain"] == ["a", "b"]


def test_cycle_with_an_exit_reaches_the_end_client(analyse_teams) -> None:
    analysis = analyse_teams([team("a", clients=["b"]), team("b", clients=["a", "customers"])])
    assert analysis.team_chain("a") == ["a", "b", "customers"]
    assert analysis.team_chain("b") == ["b", "customers"]


def chains_json(runner, root: Path, *options: str) -> Tuple[int, dict, str]:
    result = runner.invoke(cli, ["chains", str(root), "--format", "json", *options])
    return result.exit_code, (json.loads(result.stdout) if result.exit_code == 0 else {}), result.stderr


def worker_org(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org", [
        team("front", clients=["customers"], members=[{"name": "Alice Martin", "id": "amartin"}, "Bruno"]),
        team("back", clients=["front"], members=["Bruno", "Chloé"]),
    ])


def test_workers_are_keyed_by_id_or_by_name_without_id(runner, tmp_path: Path) -> None:
    _, data, _ = chains_json(runner, worker_org(tmp_path))
    assert list(data["workers"]) == ["Bruno", "Chloé", "amartin"]   # teams by id, members in file order
    assert data["workers"]["Bruno"] == {"teams": ["back", "front"], "chain": ["front", "customers"]}


def test_chains_of_one_worker_by_name_or_by_id(runner, tmp_path: Path) -> None:
    root = worker_org(tmp_path)
    for asked in ("Alice Martin", "amartin"):
        code, data, _ = chains_json(runner, root, "--worker", asked)
        assert code == 0
        assert data == {"teams": {"front": {"chain": ["front", "customers"], "end_clients": ["customers"]}},
                        "workers": {"amartin": {"teams": ["front"], "chain": ["front", "customers"]}}}


def test_chains_of_one_team_lists_its_members(runner, tmp_path: Path) -> None:
    code, data, _ = chains_json(runner, worker_org(tmp_path), "--team", "back")
    assert code == 0
    assert list(data["teams"]) == ["back"] and list(data["workers"]) == ["Bruno", "Chloé"]


def test_unknown_worker_exits_2_with_did_you_mean(runner, tmp_path: Path) -> None:
    code, _, stderr = chains_json(runner, worker_org(tmp_path), "--worker", "Alice Martn")
    assert code == 2
    assert "no worker with the id or name `Alice Martn`" in stderr and "did you mean `Alice Martin`" in stderr


def test_a_worker_is_found_by_name_written_surname_first(runner, tmp_path: Path) -> None:
    """HR lists write "MARTIN Alice": the words of a name in another order still find her."""
    code, data, _ = chains_json(runner, worker_org(tmp_path), "--worker", "MARTIN Alice")
    assert code == 0 and list(data["workers"]) == ["amartin"]


def test_an_unknown_worker_with_no_near_name_is_told_where_to_read_them_all(runner, tmp_path: Path) -> None:
    code, _, stderr = chains_json(runner, worker_org(tmp_path), "--worker", "Zorglub")
    assert code == 2
    assert "no worker with the id or name `Zorglub`" in stderr and "`chainmap chains` on the same organisation lists every worker" in stderr


def test_unknown_team_exits_2_with_did_you_mean(runner, tmp_path: Path) -> None:
    code, _, stderr = chains_json(runner, worker_org(tmp_path), "--team", "frnt")
    assert code == 2
    assert "no team with the id or name `frnt`" in stderr and "did you mean `front`" in stderr


def test_a_worker_or_team_is_found_without_case_or_accents(runner, tmp_path: Path) -> None:
    """A manager types what they see, not always with its capitals and accents."""
    root = write_org(tmp_path / "org", [
        team("front-desk", name="Accueil clients", clients=["customers"], members=["Chloé Durand"]),
    ])
    for asked in (["--worker", "chloe durand"], ["--worker", "durand"], ["--team", "ACCUEIL CLIENTS"],
                  ["--team", "Front Desk"]):
        code, data, _ = chains_json(runner, root, *asked)
        assert code == 0, asked
        assert list(data["workers"]) == ["Chloé Durand"]


def test_part_of_a_team_name_is_not_enough(runner, tmp_path: Path) -> None:
    """"soins" could mean the department Soins as well as the team Direction des soins."""
    root = write_org(tmp_path / "org", [team("dds", name="Direction des soins", clients=["customers"])])
    code, _, stderr = chains_json(runner, root, "--team", "soins")
    assert code == 2 and "no team with the id or name `soins`" in stderr


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_comparable_reads_ascii_as_its_unicode_steps_do(text: str) -> None:
    """ASCII text (most ids: a million of them at scale) takes a short cut; the same text
    with a word "é" added goes the general way, and must read the same plus that word."""
    assert comparable(text + " é") == " ".join([*comparable(text).split(), "e"])


def test_a_department_asked_for_as_a_team_is_named_so(runner, tmp_path: Path) -> None:
    """A manager who types the department's name gets its teams and the way to draw it,
    not a "did you mean" naming the team whose name looks most like it."""
    root = write_org(tmp_path / "org", [
        team("dds", name="Direction des soins", department="Soins", clients=["urgences"]),
        team("urgences", name="Urgences", department="Soins", suppliers=["dds"], clients=["customers"]),
    ])
    code, _, stderr = chains_json(runner, root, "--team", "soins")
    assert code == 2
    assert "`soins` is a department, not a team: choose one of its teams (dds, urgences)" in stderr
    assert '--department "Soins"' in stderr and "Traceback" not in stderr


def test_an_end_client_asked_for_as_a_team_is_named_so(runner, tmp_path: Path) -> None:
    """`customer` is one slip from the team `custom`: the hint must not send the user there."""
    root = write_org(tmp_path / "org", [team("custom", clients=["customers"]), team("desk", clients=["customers"])])
    code, _, stderr = chains_json(runner, root, "--team", "Customers")
    assert code == 2
    assert "`Customers` is an end client, not a team: choose one of the teams that serve it (custom, desk)" in stderr


def test_a_name_that_matches_several_workers_asks_for_an_id(runner, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [
        team("front", clients=["customers"], members=[{"name": "Chloé Durand", "id": "cd1"}]),
        team("back", clients=["front"], members=[{"name": "Chloe Durand", "id": "cd2"}]),
    ])
    code, data, _ = chains_json(runner, root, "--worker", "Chloé Durand")
    assert code == 0 and list(data["workers"]) == ["cd1"], "an exact name is never made ambiguous by a look-alike"
    code, _, stderr = chains_json(runner, root, "--worker", "chloe durand")
    assert code == 2
    assert "several workers match `chloe durand`" in stderr and "cd2 (Chloe Durand — back), cd1 (Chloé Durand — front)" in stderr
    code, _, stderr = chains_json(runner, root, "--worker", "durand")
    assert code == 2 and "cd2 (Chloe Durand — back), cd1 (Chloé Durand — front)" in stderr, "part of a name shared by two"


def test_namesakes_are_told_apart_by_their_teams_and_teams_by_their_department(runner, tmp_path: Path) -> None:
    """Two Marie Martin, an Accueil in each department: the ids alone say nothing to the
    reader, so each candidate is listed with what tells it apart."""
    root = write_org(tmp_path / "org", [
        team("accueil-lyon", name="Accueil", department="Lyon", clients=["customers"],
             members=[{"name": "Marie Martin", "id": "mm1"}]),
        team("accueil-nantes", name="Accueil", department="Nantes", clients=["customers"],
             members=[{"name": "Marie Martin", "id": "mm2"}, {"name": "Paul", "id": "p"}]),
        team("paie", name="Paie", clients=["accueil-lyon"], members=[{"name": "Marie Martin", "id": "mm2"}]),
    ])
    code, _, stderr = chains_json(runner, root, "--worker", "Marie Martin")
    assert code == 2 and "mm1 (Marie Martin — Accueil), mm2 (Marie Martin — Accueil, Paie)" in stderr
    code, _, stderr = chains_json(runner, root, "--team", "Accueil")
    assert code == 2 and "accueil-lyon (Accueil — Lyon), accueil-nantes (Accueil — Nantes)" in stderr


def test_a_name_shared_by_many_workers_says_how_many(runner, tmp_path: Path) -> None:
    """In a large organisation a common name is shared by dozens: the message shows a few ids
    and says how many there are, so that nobody takes the eight shown for all of them."""
    namesakes = [{"name": "Camille Moreau", "id": f"cm{n:02d}"} for n in range(12)]
    root = write_org(tmp_path / "org", [team("front", clients=["customers"], members=namesakes)])
    code, _, stderr = chains_json(runner, root, "--worker", "camille moreau")
    assert code == 2
    assert "cm07 (Camille Moreau — front), … (12 in all)" in stderr and "cm08" not in stderr


def test_a_worker_outside_the_chosen_team_exits_2(runner, tmp_path: Path) -> None:
    code, _, stderr = chains_json(runner, worker_org(tmp_path), "--team", "front", "--worker", "Chloé")
    assert code == 2
    assert "Chloé is not a member of front (their teams: back)" in stderr


def test_chains_text_reads_as_names(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["chains", str(worker_org(tmp_path)), "--worker", "Chloé"])
    assert result.exit_code == 0
    assert "Chloé [back]: back → front → customers" in result.stdout


# Property: the chains equal a brute force over all shortest paths -------------------------

IDS = ["a", "a.b", "b", "b-1", "c", "d", "e", "z"]


def brute_force_chain(edges: List[Tuple[str, str]], team_id: str, end_clients: List[str]) -> Optional[List[str]]:
    """The lexicographically smallest among all shortest paths to any end client."""
    graph = nx.DiGraph(edges)
    graph.add_nodes_from([team_id, *end_clients])
    sink = ("sink",)
    graph.add_edges_from((c, sink) for c in end_clients)
    if not nx.has_path(graph, team_id, sink):
        return None
    return min(path[:-1] for path in nx.all_shortest_paths(graph, team_id, sink))


def organisation(ids: List[str], n_clients: int, edges: List[Tuple[int, int]], memberships: List[List[int]]):
    clients, teams = ids[:n_clients], ids[n_clients:]
    links: Dict[str, List[str]] = {t: [] for t in teams}
    for supplier, client in edges:
        source, target = teams[supplier % len(teams)], ids[client % len(ids)]
        if source != target and target not in links[source]:
            links[source].append(target)
    members = {t: [Member(f"w{i}", f"w{i}") for i, teams_of in enumerate(memberships) if k in teams_of]
               for k, t in enumerate(teams)}
    declared = [Team(t, t, members=tuple(members[t]), clients=tuple(Declaration(c) for c in links[t])) for t in teams]
    org, problems = assemble("Random", [EndClient(c, c) for c in clients], declared, Settings(), "random")
    assert not problems and org is not None
    return org, [(s, c) for s in teams for c in links[s]], clients


# Random organisations: 8 ids (some end clients), up to 18 links, workers in up to 3 teams.
random_organisations = given(
    ids=st.permutations(IDS), n_clients=st.integers(1, 3),
    edges=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=18),
    memberships=st.lists(st.lists(st.integers(0, 6), max_size=3), max_size=6))


@settings(max_examples=150, deadline=None)
@random_organisations
def test_chains_equal_a_brute_force(ids, n_clients, edges, memberships) -> None:
    org, links, clients = organisation(list(ids), n_clients, edges, memberships)
    analysis = chainmap.analyse(org)
    for team_id in org.teams:
        chain = analysis.team_chain(team_id)
        assert chain == brute_force_chain(links, team_id, clients)
        if chain is not None:
            assert len(set(chain)) == len(chain), "a chain never revisits a team"
            assert chain[-1] in clients and all(node in org.teams for node in chain[:-1])
    graph = nx.DiGraph(links)
    for team_id in org.teams:
        reached = nx.descendants(graph, team_id) if team_id in graph else set()
        assert analysis.chains.end_clients.get(team_id, ()) == tuple(sorted(reached & set(clients)))
    for worker in org.workers.values():
        candidates = [c for c in (brute_force_chain(links, t, clients) for t in worker.teams) if c]
        assert analysis.worker_chain(worker.id) == (min(candidates, key=lambda c: (len(c), c)) if candidates else None)


def brute_force_carried(edges: List[Tuple[str, str]], teams: List[str], end_clients: List[str]) -> Dict[str, List[str]]:
    """For each team, the other teams that lose every chain when it is taken out."""
    def has_chain(team_id: str, without: Optional[str]) -> bool:
        return brute_force_chain([e for e in edges if without not in e], team_id, end_clients) is not None
    carried = {}
    for hub in teams:
        lost = [t for t in teams if t != hub and has_chain(t, None) and not has_chain(t, hub)]
        if lost:
            carried[hub] = sorted(lost)
    return carried


@settings(max_examples=150, deadline=None)
@random_organisations
def test_carried_teams_and_their_workers_equal_a_brute_force(ids, n_clients, edges, memberships) -> None:
    org, links, clients = organisation(list(ids), n_clients, edges, memberships)
    analysis = chainmap.analyse(org)
    expected = brute_force_carried(links, list(org.teams), clients)
    assert analysis.carried == expected
    for finding in analysis.findings:
        if finding.rule == "single-point-of-failure":
            teams = {finding.team, *expected[finding.team]}
            workers = {w.id for w in org.workers.values() if teams & set(w.teams)}
            assert finding.workers_affected == len(workers)
            assert finding.facts["teams_carried"] == len(expected[finding.team])
            assert finding.facts["carried"] == expected[finding.team][:FIRST_CARRIED]  # the first ones, named
