"""Graphs whose shape is a bomb (issue 34, class 4): bounded work on any shape.

A long chain makes every team carry every team behind it, and every chain hold every team
after it: lists written in full grow as the square of the chain. These tests check the
shapes on small sizes, by what grows (the bytes of an output for a chain twice as long)
and against a reference (networkx's dominators, the chains compared as lists); the times
on 10,000 teams are measured in benchmarks/graph_bombs.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Tuple

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.analysis.chains import same_chains
from chainmap.analysis.dominators import FIRST_CARRIED, immediate_dominators
from chainmap.analysis.indexed import index_links
from chainmap.analysis.words import badge, describe
from chainmap.cli import cli
from chainmap.formats.attributes import CHAIN_SHOWN
from chainmap.formats.chains_stream import write_chains_json
from chainmap.formats.data import chains_data, dumps
from chainmap.formats.json_graph import node_link_data
from chainmap.report.data import report_data

from .orgs import team, write_org
from .test_chains import organisation, random_organisations


def chain_teams(n: int, shortcuts: bool = False) -> List[dict]:
    """t000 → t001 → … → customers; with ``shortcuts``, a team beside each one that serves
    it and the end client (the shape that made Cooper-Harvey-Kennedy's climbs quadratic)."""
    ids = [f"t{i:03d}" for i in range(n)]
    teams = [team(ids[i], clients=[ids[i + 1] if i + 1 < n else "customers"]) for i in range(n)]
    if shortcuts:
        teams += [team(f"x{i:03d}", clients=[ids[i], "customers"]) for i in range(n)]
    return teams


def chain_analysis(tmp_path: Path, n: int, name: str = "org", shortcuts: bool = False) -> chainmap.Analysis:
    return chainmap.analyse(chainmap.load(write_org(tmp_path / name, chain_teams(n, shortcuts))))


def reference_dominators(links) -> Dict[int, int]:
    """networkx's immediate dominators of the reversed graph from a virtual root (the root left out)."""
    root = len(links)
    graph = nx.DiGraph()
    graph.add_node(root)
    graph.add_edges_from((root, end) for end in links.end_clients)
    graph.add_edges_from((client, supplier) for client in range(len(links)) for supplier in links.suppliers_of(client))
    return {node: above for node, above in nx.immediate_dominators(graph, root).items() if node != root}


@settings(max_examples=150, deadline=None)
@random_organisations
def test_lengauer_tarjan_finds_networkx_s_dominators(ids, n_clients, edges, memberships) -> None:
    org, _links, _clients = organisation(list(ids), n_clients, edges, memberships)
    links = index_links(org)
    expected = reference_dominators(links)
    found = immediate_dominators(links)
    assert {node: found[node] for node in range(len(links)) if found[node] != -1} == expected


@settings(max_examples=40, deadline=None)
@given(size=st.integers(2, 60), extra=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=40))
def test_dominators_on_deep_chains_with_links_across_them(tmp_path_factory, size: int, extra: List[Tuple[int, int]]) -> None:
    """Deep shapes the small random organisations never make: a chain, plus links between its teams."""
    teams = chain_teams(size)
    for supplier, client in extra:
        if supplier % size != client % size:
            teams[supplier % size]["clients"].append(f"t{client % size:03d}")
    for declaration in teams:
        declaration["clients"] = sorted(set(declaration["clients"]))
    links = index_links(chainmap.load(write_org(tmp_path_factory.mktemp("deep") / "org", teams)))
    found = immediate_dominators(links)
    assert {node: found[node] for node in range(len(links)) if found[node] != -1} == reference_dominators(links)


def test_a_single_point_of_failure_names_its_first_carried_teams_and_counts_them_all(tmp_path: Path) -> None:
    analysis = chain_analysis(tmp_path, 30)
    finding = next(f for f in analysis.findings if f.rule == "single-point-of-failure" and f.team == "t029")
    assert finding.facts["teams_carried"] == 29
    assert finding.facts["carried"] == [f"t{i:03d}" for i in range(FIRST_CARRIED)]
    assert finding.workers_affected == 30
    assert "29 other teams" in describe(finding, analysis.org)[0] and badge(finding) == "carries 29 teams"
    assert analysis.carried["t029"] == [f"t{i:03d}" for i in range(29)]  # the whole list, when asked for


def test_the_export_s_json_of_a_chain_twice_as_long_is_about_twice_as_large(tmp_path: Path) -> None:
    sizes = []
    for n in (200, 400):
        sizes.append(len(json.dumps(node_link_data(chain_analysis(tmp_path, n, f"o{n}")))))
    assert sizes[1] < 2.3 * sizes[0], sizes  # in full, the lists made it 4 times larger


def test_the_export_cuts_each_chain_and_says_how_to_follow_it(tmp_path: Path) -> None:
    analysis = chain_analysis(tmp_path, 120)
    nodes = {node["id"]: node for node in node_link_data(analysis)["nodes"]}
    first = nodes["t000"]
    assert first["chain"] == [f"t{i:03d}" for i in range(CHAIN_SHOWN + 1)] and first["chain_length"] == 120
    assert first["next"] == "t001" and nodes["t119"]["next"] == "customers"
    chain, node = ["t000"], "t000"
    while nodes.get(node, {}).get("next"):
        node = nodes[node]["next"]
        chain.append(node)
    assert chain == analysis.team_chain("t000")
    last = nodes["t119"]
    assert last["carries_count"] == 119 and len(last["carries"]) == FIRST_CARRIED
    assert nodes["t050"]["dominator"] == "t051" and last["dominator"] == "customers"


def test_the_report_s_data_of_a_chain_twice_as_long_is_about_twice_as_large(tmp_path: Path) -> None:
    sizes = [len(json.dumps(report_data(chain_analysis(tmp_path, n, f"o{n}")))) for n in (200, 400)]
    assert sizes[1] < 2.3 * sizes[0], sizes


def test_chains_json_of_long_chains_is_still_the_standard_encoding(tmp_path: Path) -> None:
    for shortcuts in (False, True):  # kept texts every 64 links: chains of 300 cross several
        analysis = chain_analysis(tmp_path, 300, f"s{shortcuts}", shortcuts)
        pieces: List[str] = []
        write_chains_json(analysis, pieces.append)
        assert "".join(pieces) == dumps(chains_data(analysis))


@settings(max_examples=150, deadline=None)
@random_organisations
def test_same_chains_says_what_comparing_the_lists_says(ids, n_clients, edges, memberships) -> None:
    old = chainmap.analyse(organisation(list(ids), n_clients, edges, memberships)[0])
    new = chainmap.analyse(organisation(list(ids), n_clients, edges[1:] + edges[:1], memberships[::-1])[0])
    same = same_chains(old.chains, new.chains)
    for team_id in old.org.teams.keys() & new.org.teams.keys():
        assert same(team_id) == (old.team_chain(team_id) == new.team_chain(team_id)), team_id
    for worker_id in old.org.workers.keys() & new.org.workers.keys():
        start = old.workers.start(worker_id)
        alike = start == new.workers.start(worker_id) and (start is None or same(start))
        assert alike == (old.worker_chain(worker_id) == new.worker_chain(worker_id))


def test_diff_of_a_long_chain_whose_end_changed_lists_every_chain_that_changed(runner, tmp_path: Path) -> None:
    old = write_org(tmp_path / "old", chain_teams(80))
    teams = chain_teams(80)
    teams[-1]["clients"] = ["partners"]
    new = write_org(tmp_path / "new", teams, end_clients=("customers", "partners"))
    result = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    changed = [change["team"] for change in json.loads(result.stdout)["chains"]]
    assert changed == [f"t{i:03d}" for i in range(80)]
