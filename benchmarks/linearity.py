"""Is the analysis linear? Time it on an organisation and on k disjoint copies of it.

    .venv/bin/python benchmarks/linearity.py ORG [--copies 5] [--runs 3]

k copies of one organisation (every id suffixed, end clients included) are exactly k times
the work for any algorithm linear in the organisation's size: same teams, links, chains and
findings, k times over. So the time ratio between the two measures what the machine adds
on top of the algorithm (the same Python code reading k times more memory: caches, TLB),
and can be set beside the XL / L ratio of ``benchmarks/run.py``. Every analysis runs in this
one process, after the organisation is built and frozen as ``chainmap.load`` leaves it.
It also times a textbook breadth-first search on plain Python lists, on a random graph of
the organisation's size and on one k times larger: the ratio the machine gives the simplest
linear pass, with no chainmap code in it. A benchmark, not a test: it prints figures and
asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import statistics
import time
from pathlib import Path
from typing import List, Tuple

import chainmap
from chainmap.load.assemble import assemble
from chainmap.model import EndClient, Org, Team


def copies(org: Org, count: int) -> Org:
    """``count`` disjoint copies of ``org`` in one organisation (copy 0 keeps its ids)."""
    def renamed(identifier: str, copy: int) -> str:
        return identifier if copy == 0 else f"{identifier}~{copy}"

    def declarations(entries: tuple, copy: int) -> tuple:
        return tuple(dataclasses.replace(d, id=renamed(d.id, copy)) for d in entries)

    teams: List[Team] = []
    end_clients: List[EndClient] = []
    for copy in range(count):
        end_clients += [dataclasses.replace(c, id=renamed(c.id, copy)) for c in org.end_clients.values()]
        for team in org.teams.values():
            members = tuple(dataclasses.replace(m, id=renamed(m.id, copy)) for m in team.members)
            teams.append(dataclasses.replace(team, id=renamed(team.id, copy), members=members,
                                             clients=declarations(team.clients, copy),
                                             suppliers=declarations(team.suppliers, copy)))
    made, problems = assemble(org.name, end_clients, teams, org.settings, org.source)
    assert made is not None and not problems, problems
    return made


def analysis_seconds(org: Org, runs: int) -> float:
    """Median seconds of ``chainmap.analyse(org)``."""
    seconds = []
    for _run in range(runs):
        start = time.perf_counter()
        chainmap.analyse(org)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def random_graph(nodes: int, links: int, seed: int = 1) -> List[List[int]]:
    """Adjacency lists of ``links`` random links between ``nodes`` nodes."""
    draw = random.Random(seed)
    following: List[List[int]] = [[] for _node in range(nodes)]
    for _link in range(links):
        following[draw.randrange(nodes)].append(draw.randrange(nodes))
    return following


def textbook_search(following: List[List[int]]) -> int:
    """Visit every node once, breadth first, restarting from each node not yet seen."""
    seen = [False] * len(following)
    visited = 0
    for root in range(len(following)):
        if seen[root]:
            continue
        seen[root] = True
        queue = [root]
        for node in queue:
            for other in following[node]:
                if not seen[other]:
                    seen[other] = True
                    queue.append(other)
        visited += len(queue)
    return visited


def textbook_seconds(small: Tuple[int, int], large: Tuple[int, int], runs: int) -> Tuple[float, float]:
    """Seconds of :func:`textbook_search` on random graphs of two (nodes, links) sizes."""
    return search_seconds(*small, runs), search_seconds(*large, runs)


def search_seconds(nodes: int, links: int, runs: int) -> float:
    """Least seconds of :func:`textbook_search` on a random graph (least: the purest figure)."""
    following = random_graph(nodes, links)
    seconds = []
    for _run in range(max(runs, 5)):
        start = time.perf_counter()
        textbook_search(following)
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("org", type=Path)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    org = chainmap.load(options.org)
    gc.disable()  # as chainmap.load leaves it: the copies are frozen, never walked
    many = copies(org, options.copies)
    gc.freeze()
    gc.enable()
    one_copy, all_copies = analysis_seconds(org, options.runs), analysis_seconds(many, options.runs)
    print(f"organisation: {len(org.teams):,} teams, {len(org.links):,} links, {len(org.workers):,} workers")
    print(f"analysis of 1 copy: {one_copy:.3f} s; of {options.copies} disjoint copies: {all_copies:.3f} s; "
          f"ratio {all_copies / one_copy:.2f} for exactly {options.copies}x the work")
    nodes, links = len(org.teams) + len(org.end_clients), len(org.links)
    small, large = textbook_seconds((nodes, links), (nodes * options.copies, links * options.copies), options.runs)
    print(f"textbook breadth-first search, plain lists, same size: {small * 1000:.1f} ms; "
          f"{options.copies}x larger: {large * 1000:.1f} ms; ratio {large / small:.2f} (the machine's own)")


if __name__ == "__main__":
    main()
