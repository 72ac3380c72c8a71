"""The links of an organisation as flat arrays of numbers: the form the analysis runs on.

Every team and end client gets a number, its position among all ids in sorted order, so
that comparing two numbers compares their ids (what FORMAT.md's tie-break needs). The
links become two compressed adjacency arrays (CSR): the clients of node ``v`` are
``client_list[client_start[v]:client_start[v + 1]]``, its suppliers likewise, each row
sorted. Every later pass (the breadth-first search, next hops, reachable end clients,
dominators, subtree sizes, the rules) indexes these arrays with small integers.

Why arrays of machine integers (the ``array`` module) rather than lists of lists: a list
holds pointers to int objects and each row is an object of its own, so a pass over a large
organisation's links hops between scattered objects, and at 50,000 teams those no longer
fit the processor's caches: the passes grew faster than the organisation (the analysis of
XL took up to 7 times that of L for 5 times the work, benchmarks/RESULTS.md). The arrays
hold the numbers themselves, side by side: four bytes per link and per node.

>>> from chainmap.examples import example_path
>>> from chainmap.load import load
>>> links = index_links(load(example_path()))
>>> links.ids[links.end_clients[0]]
'medecins-ville'
>>> [links.ids[c] for c in links.clients_of(links.number["paie"])]
['rh']
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, compress, islice, repeat
from operator import add, attrgetter, eq, le, mul, or_
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..model import Link, Org

__all__ = ["LinkIndex", "index_links", "grouped", "row_starts"]


@dataclass(frozen=True)
class LinkIndex:
    """Teams and end clients numbered in id order, and their links as compressed rows.

    ``link_supplier``/``link_client`` number every link of ``org.links``, in its order (the
    rules read them, one-sided links included even when the chains follow confirmed ones
    only); ``link_confirmed`` says which ones are confirmed. The rows (``client_*``,
    ``supplier_*``) hold the links the chains follow.
    """

    ids: List[str]
    number: Dict[str, int]
    end_clients: List[int]
    is_end_client: bytearray
    client_start: array
    client_list: array
    supplier_start: array
    supplier_list: array
    link_supplier: array
    link_client: array
    link_confirmed: bytearray

    def __len__(self) -> int:
        return len(self.ids)

    def clients_of(self, node: int) -> array:
        """The numbers of the clients of ``node``, increasing."""
        return self.client_list[self.client_start[node]:self.client_start[node + 1]]

    def suppliers_of(self, node: int) -> array:
        """The numbers of the suppliers of ``node``, increasing."""
        return self.supplier_list[self.supplier_start[node]:self.supplier_start[node + 1]]

    @property
    def clients(self) -> List[array]:
        """Every node's row of clients (a copy each: for tests and scripts, not for passes)."""
        return [self.clients_of(node) for node in range(len(self))]

    @property
    def suppliers(self) -> List[array]:
        """Every node's row of suppliers (a copy each: for tests and scripts, not for passes)."""
        return [self.suppliers_of(node) for node in range(len(self))]


def index_links(org: Org, confirmed_only: bool = False) -> LinkIndex:
    """Number ``org``'s teams and end clients and lay out its links (confirmed only if asked).

    Unknown references are left out, as in :func:`chainmap.graph.build_graph`: a link with
    a missing end carries no work to a client. Linear in teams plus links.
    """
    ids = sorted([*org.teams, *org.end_clients])  # two sorted runs: merged, not sorted again
    number = dict(zip(ids, range(len(ids))))
    suppliers, clients, confirmed = _numbered_links(org.links, number)
    kept = _kept_in_pair_order(suppliers, clients, confirmed if confirmed_only else None, len(ids))
    if kept is not None:
        suppliers_kept, clients_kept = _picked(suppliers, kept), _picked(clients, kept)
    else:
        suppliers_kept, clients_kept = suppliers, clients
    # In (supplier, client) order, the clients are already grouped by supplier, each row sorted.
    client_start, client_list = row_starts(len(ids), suppliers_kept), array("i", clients_kept)
    supplier_start, supplier_list = grouped(len(ids), clients_kept, suppliers_kept)
    end_clients = sorted(number[c] for c in org.end_clients)
    is_end_client = bytearray(len(ids))
    for node in end_clients:
        is_end_client[node] = 1
    return LinkIndex(ids, number, end_clients, is_end_client, client_start, client_list,
                     supplier_start, supplier_list, suppliers, clients, confirmed)


def _numbered_links(links: Sequence[Link], number: Dict[str, int]) -> Tuple[array, array, bytearray]:
    """Each link's supplier and client numbers, and whether it is confirmed, in ``links``' order.

    Written as ``map`` over the links so that the loops run in C: at 75,000 links, the
    interpreter's own steps were most of the cost.
    """
    suppliers = array("i", map(number.__getitem__, map(attrgetter("supplier"), links)))
    clients = array("i", map(number.__getitem__, map(attrgetter("client"), links)))
    both = map(eq, map(attrgetter("declared_by"), links), repeat("both"))
    confirmed = bytearray(map(or_, map(attrgetter("to_end_client"), links), both))  # Link.confirmed
    return suppliers, clients, confirmed


def _kept_in_pair_order(suppliers: array, clients: array, confirmed: Optional[bytearray],
                        size: int) -> Optional[List[int]]:
    """The positions of the links kept (all, or the ``confirmed`` ones), in (supplier, client)
    order; ``None`` for all of them as they are, the loader's order (sorted)."""
    pairs = array("q", map(add, map(mul, suppliers, repeat(size)), clients))
    positions = None if confirmed is None else list(compress(range(len(pairs)), confirmed))
    keys = pairs if positions is None else _picked(pairs, positions)
    if all(map(le, keys, islice(keys, 1, None))):
        return positions
    return sorted(range(len(pairs)) if positions is None else positions, key=pairs.__getitem__)


def _picked(values: array, positions: List[int]) -> array:
    """``values`` at ``positions``, in that order."""
    return array(values.typecode, map(values.__getitem__, positions))


def row_starts(size: int, keys: Iterable[int]) -> array:
    """Where each row starts when ``keys`` (row numbers 0..size-1) are grouped in row order:
    row ``r`` runs from ``start[r]`` to ``start[r + 1]``."""
    counts = [0] * (size + 1)
    for row, count in Counter(keys).items():
        counts[row + 1] = count
    return array("i", accumulate(counts))


def grouped(size: int, keys: array, values: array) -> Tuple[array, array]:
    """Compressed rows: each ``values[k]`` in row ``keys[k]`` (0..size-1).

    A counting sort, stable: within a row, the values keep their order. Returns ``(start,
    flat)``: row ``r`` is ``flat[start[r]:start[r + 1]]``. Linear.

    >>> start, flat = grouped(3, array("i", [2, 0, 2]), array("i", [7, 8, 9]))
    >>> list(start), list(flat)
    ([0, 1, 1, 3], [8, 7, 9])
    """
    start = row_starts(size, keys)
    free = start.tolist()
    flat = [0] * len(values)
    for row, value in zip(keys, values):
        slot = free[row]
        flat[slot] = value
        free[row] = slot + 1
    return start, array("i", flat)
