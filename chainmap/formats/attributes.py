"""The facts every export carries, computed once: one record per node and per link.

JSON, GraphML, GEXF, Mermaid and CSV differ only in how they write these records, so
the same organisation gives the same facts in every tool. A node is a team, an end
client, or an id that some declaration names but that exists nowhere (``unknown``), so
that a dangling reference is visible in Gephi or yEd rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..analysis import Analysis, Finding, severity_rank
from .data import finding_data

__all__ = ["CHAIN_SHOWN", "shown_chain", "NodeRecord", "LinkRecord", "node_records", "link_records", "worst", "finding_dicts", "NODE_TYPES", "LINK_TYPES"]

# Typed attributes, in the order exports list them: name → "string" | "int" | "double" | "boolean".
NODE_TYPES: Dict[str, str] = {
    "kind": "string", "name": "string", "department": "string", "enps": "int", "nps": "int",
    "reviewed": "string", "members": "int", "member_names": "string", "chain": "string",
    "chain_length": "int", "end_clients": "string", "carries": "int", "findings": "string",
    "finding_count": "int", "severity": "string",
}
LINK_TYPES: Dict[str, str] = {
    "status": "string", "declared_by": "string", "what": "string", "satisfaction": "double",
    "weak": "boolean", "findings": "string", "finding_count": "int", "severity": "string",
}


@dataclass
class NodeRecord:
    """A node's id, its typed attributes (``None``: not known), and its findings."""

    id: str
    attributes: Dict[str, Any]
    findings: List[Finding] = field(default_factory=list)


@dataclass
class LinkRecord:
    """A link ``supplier → client`` (``status`` ``unknown-reference`` when one end is missing)."""

    supplier: str
    client: str
    attributes: Dict[str, Any]
    findings: List[Finding] = field(default_factory=list)


def worst(findings: List[Finding]) -> Optional[str]:
    """The most severe severity among ``findings`` (``None`` when there are none)."""
    return min((f.severity for f in findings), key=severity_rank, default=None)


def _finding_attributes(findings: List[Finding]) -> Dict[str, Any]:
    return {"findings": "; ".join(f.rule for f in findings) or None,
            "finding_count": len(findings), "severity": worst(findings)}


CHAIN_SHOWN = 50  # links of a team's chain written in its node: `next` (JSON) leads on


def shown_chain(analysis: Analysis, team_id: str, most: int = CHAIN_SHOWN) -> Optional[List[str]]:
    """A team's chain, cut after its first ``most`` links (``None``: it has none).

    Why cut: on a chain of 10,000 teams, every team's chain in full is 50 million ids (an
    export of a gigabyte); each node says its ``chain_length``, and JSON its ``next``.
    """
    chains = analysis.chains
    node = chains.index.number.get(team_id)
    if node is None or chains.steps[node] <= 0:
        return None
    ids, next_node = chains.index.ids, chains.next_node
    chain = [team_id]
    node = next_node[node]
    while node != -1 and len(chain) <= most:
        chain.append(ids[node])
        node = next_node[node]
    return chain


def node_records(analysis: Analysis) -> List[NodeRecord]:
    """Teams (by id), then end clients (by id), then unknown ids (by id)."""
    org = analysis.org
    team_findings: Dict[str, List[Finding]] = {}
    for finding in analysis.findings:
        if not finding.is_link and finding.team is not None:
            team_findings.setdefault(finding.team, []).append(finding)
    records = []
    for team in org.teams.values():
        chain = shown_chain(analysis, team.id)
        length = analysis.chains.length(team.id)
        findings = team_findings.get(team.id, [])
        records.append(NodeRecord(team.id, {
            "kind": "team", "name": team.name, "department": team.department, "enps": team.enps,
            "nps": None, "reviewed": team.reviewed.isoformat() if team.reviewed else None,
            "members": len(team.members), "member_names": "; ".join(m.name for m in team.members) or None,
            "chain": " → ".join(chain) + (" → …" if chain and len(chain) <= (length or 0) else "") if chain else None,
            "chain_length": length,
            "end_clients": "; ".join(analysis.chains.end_clients.get(team.id, ())) or None,
            "carries": analysis.carried.count(team.id), **_finding_attributes(findings),
        }, findings))
    for client in org.end_clients.values():
        records.append(NodeRecord(client.id, {**{k: None for k in NODE_TYPES}, "kind": "end_client",
                                              "name": client.name, "nps": client.nps, **_finding_attributes([])}))
    missing = sorted({u.missing for u in org.unknown_references})
    for missing_id in missing:
        records.append(NodeRecord(missing_id, {**{k: None for k in NODE_TYPES}, "kind": "unknown",
                                               "name": missing_id, **_finding_attributes([])}))
    return records


def link_records(analysis: Analysis) -> List[LinkRecord]:
    """Declared links, then unknown references, each sorted by (supplier, client)."""
    link_findings: Dict[Tuple[str, str], List[Finding]] = {}
    for finding in analysis.findings:
        if finding.is_link:
            link_findings.setdefault((finding.supplier or "", finding.client or ""), []).append(finding)
    records = []
    for link in analysis.org.links:
        findings = link_findings.get((link.supplier, link.client), [])
        records.append(LinkRecord(link.supplier, link.client, {
            "status": link.status, "declared_by": link.declared_by,
            "what": " / ".join(link.what) or None, "satisfaction": link.satisfaction,
            "weak": bool(findings), **_finding_attributes(findings),
        }, findings))
    for reference in analysis.org.unknown_references:
        findings = link_findings.get((reference.supplier, reference.client), [])
        records.append(LinkRecord(reference.supplier, reference.client, {
            "status": "unknown-reference", "declared_by": "supplier" if reference.declared_in == reference.supplier else "client",
            "what": None, "satisfaction": None, "weak": True, **_finding_attributes(findings),
        }, findings))
    return records


def finding_dicts(analysis: Analysis, findings: List[Finding]) -> List[Dict[str, Any]]:
    """Findings as FORMAT.md's JSON objects (with message and action in the user's language)."""
    return [finding_data(f, analysis) for f in findings]
