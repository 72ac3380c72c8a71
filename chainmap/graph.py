"""The organisation as a networkx directed graph: supplier → client, value flowing to the end clients.

Nodes are team and end-client ids with a ``kind`` attribute (``"team"`` or
``"end_client"``); edges carry the :class:`~chainmap.model.Link` and its ``status``,
``declared_by``, ``what`` and ``satisfaction``. Unknown references are not in the graph:
a link with a missing end cannot carry work to a client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Org

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_graph"]


def build_graph(org: Org, confirmed_only: bool = False) -> nx.DiGraph:
    """Build the supplier → client graph of ``org`` (only confirmed links if asked).

    >>> from chainmap.examples import example_path
    >>> from chainmap.load import load
    >>> graph = build_graph(load(example_path()))
    >>> graph.nodes["patients"]["kind"]
    'end_client'
    """
    import networkx as nx  # here, not at the top: a fifth of a second that `weak` and `chains` never need

    graph = nx.DiGraph()
    for team_id, team in org.teams.items():
        graph.add_node(team_id, kind="team", name=team.name, department=team.department)
    for client_id, client in org.end_clients.items():
        graph.add_node(client_id, kind="end_client", name=client.name)
    for link in org.links:
        if confirmed_only and not link.confirmed:
            continue
        graph.add_edge(link.supplier, link.client, link=link, status=link.status,
                       declared_by=link.declared_by, what=link.what, satisfaction=link.satisfaction)
    return graph
