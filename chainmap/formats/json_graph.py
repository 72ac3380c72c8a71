"""Node-link JSON: the whole analysed organisation for scripts, D3 or networkx.

``networkx.node_link_graph(data)`` reads it as a directed graph (keys ``nodes`` and
``edges``, networkx's default); every node and edge keeps every attribute and the full
findings about it (rule, severity, message, action, workers affected). Teams that reach
no end client have ``chain: null``.

Linear in the organisation, whatever its shape: a team's ``chain`` is cut after its first
50 links (``chain_length`` says how long it is, ``next`` is the next id on it: follow it for
the whole chain), and ``carries`` lists the first 20 teams it carries (``carries_count``
counts them all; ``dominator``, the first team every chain of a team passes through, gives
the whole lists: a team carries every team whose dominators lead to it). On a chain of
10,000 teams, the full lists made a file of a gigabyte.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..analysis import Analysis
from ..model import SETTINGS_KEYS
from .attributes import finding_dicts, link_records, node_records, shown_chain
from .data import dumps

__all__ = ["node_link_data", "node_link_json"]


def _carries(analysis: Analysis, team_id: str) -> Tuple[List[str], int, Optional[str]]:
    """The first teams a team carries, how many it carries, and its dominator's id."""
    carried = analysis.carried
    node = carried.links.number[team_id]
    dominator = carried.dominator(node)
    return carried.first_ids(node), carried.count(team_id), carried.links.ids[dominator] if dominator >= 0 else None


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
        node["chain"] = shown_chain(analysis, record.id) if team else None  # cut after CHAIN_SHOWN links
        node["next"] = analysis.chains.next_hop.get(record.id) if team else None  # follow it for the whole chain
        node["end_clients"] = list(analysis.chains.end_clients.get(record.id, ())) if team else []
        node["carries"], node["carries_count"], node["dominator"] = _carries(analysis, record.id) if team else ([], 0, None)
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
