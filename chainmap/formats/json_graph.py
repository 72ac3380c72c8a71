"""Node-link JSON: the whole analysed organisation for scripts, D3 or networkx.

``networkx.node_link_graph(data)`` reads it as a directed graph (keys ``nodes`` and
``edges``, networkx's default); every node and edge keeps every attribute and the full
findings about it (rule, severity, message, action, workers affected). Teams that reach
no end client have ``chain: null``.
"""

from __future__ import annotations

from typing import Any, Dict

from ..analysis import Analysis
from ..model import SETTINGS_KEYS
from .attributes import finding_dicts, link_records, node_records
from .data import dumps

__all__ = ["node_link_data", "node_link_json"]


def node_link_data(analysis: Analysis) -> Dict[str, Any]:
    """The node-link structure (plain dicts and lists, ready for ``json.dumps``)."""
    org = analysis.org
    nodes = []
    for record in node_records(analysis):
        node: Dict[str, Any] = {"id": record.id, **record.attributes}
        team = org.teams.get(record.id)
        node["members"] = [{"id": m.id, "name": m.name, "role": m.role} for m in team.members] if team else []
        node["member_count"] = len(node["members"])
        node.pop("member_names")
        node["chain"] = analysis.team_chain(record.id) if team else None
        node["end_clients"] = list(analysis.chains.end_clients.get(record.id, ())) if team else []
        node["carries"] = list(analysis.carried.get(record.id, ())) if team else []
        node["findings"] = finding_dicts(analysis, record.findings)
        nodes.append(node)
    edges = []
    for link in link_records(analysis):
        edge = {"source": link.supplier, "target": link.client, **link.attributes}
        edge["findings"] = finding_dicts(analysis, link.findings)
        edges.append(edge)
    return {
        "directed": True,
        "multigraph": False,
        "graph": {"name": org.name, "as_of": analysis.as_of.isoformat(), "confirmed_only": analysis.confirmed_only,
                  "settings": {key: getattr(org.settings, key) for key in SETTINGS_KEYS}},
        "nodes": nodes,
        "edges": edges,
        "findings": finding_dicts(analysis, list(analysis.findings)),
    }


def node_link_json(analysis: Analysis) -> str:
    """:func:`node_link_data` as chainmap's deterministic JSON text."""
    return dumps(node_link_data(analysis))
