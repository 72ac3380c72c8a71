"""The links of an organisation as numbered adjacency lists: the form the analysis runs on.

Every team and end client gets a number, its position among all ids in sorted order, and
each node its sorted lists of clients and suppliers. The chain, reach and dominator passes
then index lists with small integers instead of looking ids up in the networkx graph's
dicts of dicts. Why: with a million workers in memory, the team objects and id strings are
scattered among theirs, and every lookup by id reads an object far from the last one.
The chains, reachable end clients and dominators take about a fifth of the time they take
on the graph (benchmarks/RESULTS.md). Numbering in sorted order also means
that comparing two numbers compares their ids, which is what FORMAT.md's tie-break needs.

>>> from chainmap.examples import example_path
>>> from chainmap.load import load
>>> links = index_links(load(example_path()))
>>> links.ids[links.end_clients[0]]
'medecins-ville'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List

from ..model import Org

__all__ = ["LinkIndex", "index_links"]


@dataclass(frozen=True)
class LinkIndex:
    """Teams and end clients numbered in id order, with their links as lists of numbers."""

    ids: List[str]
    number: Dict[str, int]
    clients: List[List[int]]
    suppliers: List[List[int]]
    end_clients: List[int]

    def __len__(self) -> int:
        return len(self.ids)


def index_links(org: Org, confirmed_only: bool = False) -> LinkIndex:
    """Number ``org``'s teams and end clients and list each one's links (confirmed only if asked).

    Unknown references are left out, as in :func:`chainmap.graph.build_graph`: a link with
    a missing end carries no work to a client. Linear in teams plus links.
    """
    ids = sorted([*org.teams, *org.end_clients])
    number = {node_id: position for position, node_id in enumerate(ids)}
    clients: List[List[int]] = [[] for _node in ids]
    suppliers: List[List[int]] = [[] for _node in ids]
    for link in org.links:
        if confirmed_only and not link.confirmed:
            continue
        supplier, client = number[link.supplier], number[link.client]
        clients[supplier].append(client)
        suppliers[client].append(supplier)
    for neighbours in (clients, suppliers):
        for listed in neighbours:
            listed.sort()  # already sorted when links are (the loader sorts them): then linear
    return LinkIndex(ids, number, clients, suppliers, sorted(number[c] for c in org.end_clients))
