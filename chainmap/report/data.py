"""What the report's script needs to know, as JSON that cannot break out of its ``<script>``.

Nodes are keyed by their synthetic diagram ids (``t0``, ``e0``…, see
:func:`chainmap.render.node_ids`), so the script finds a team's drawing by id. The link
graph is given as adjacency lists both ways: highlighting "everything downstream and
upstream of a team" is then a breadth-first search in the browser, linear in the graph.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Mapping, Optional

from ..analysis import Analysis
from ..i18n import _, language, ngettext
from ..render import node_ids

__all__ = ["report_data", "script_json", "departments"]


def departments(analysis: Analysis) -> List[str]:
    """The departments of the organisation, sorted; teams without one are left out."""
    return sorted({t.department for t in analysis.org.teams.values() if t.department})


def report_data(analysis: Analysis, box_of: Optional[Mapping[str, str]] = None) -> Dict[str, Any]:
    """The report's data: nodes, adjacency both ways, workers and the words the script shows.

    ``box_of`` maps a team or end-client id to the diagram box that stands for it, when the
    diagram does not draw teams one by one (the department overview): the script then lights
    up those boxes.
    """
    ids = node_ids(analysis)
    data = {
        "nodes": _nodes(analysis, ids),
        "succ": _adjacency(analysis, ids, downstream=True),
        "pred": _adjacency(analysis, ids, downstream=False),
        "workers": _workers(analysis, ids),
        "words": script_words(),
    }
    if box_of is not None:
        data["boxes"] = {ids[node]: box for node, box in sorted(box_of.items()) if node in ids}
    return data


def _nodes(analysis: Analysis, ids: Dict[str, str]) -> Dict[str, Dict[str, Any]]:
    """Each node's name, id and department; for a team, ``next``, the next id on its shortest
    chain (``null``: it has none), from which the script rebuilds the chain. Chains in full
    would make the data grow as the square of a long chain: 50 million ids for 10,000 teams."""
    org = analysis.org
    next_hop = analysis.chains.next_hop
    nodes: Dict[str, Dict[str, Any]] = {}
    for team_id, team in org.teams.items():
        following = next_hop.get(team_id)
        nodes[ids[team_id]] = {"name": team.name, "id": team_id, "dept": team.department or "",
                               "members": len(team.members), "next": ids[following] if following else None}
    for client_id, client in org.end_clients.items():
        nodes[ids[client_id]] = {"name": client.name, "id": client_id, "end": True}
    return nodes


def _adjacency(analysis: Analysis, ids: Dict[str, str], downstream: bool) -> Dict[str, List[str]]:
    graph = analysis.graph
    neighbours = graph.successors if downstream else graph.predecessors
    return {ids[node]: sorted(ids[n] for n in neighbours(node) if n in ids)
            for node in graph.nodes if node in ids and any(True for _ in neighbours(node))}


def _workers(analysis: Analysis, ids: Dict[str, str]) -> List[List[Any]]:
    """One row per worker: ``[name, id, [their teams' diagram ids]]``, plus the team their
    chain starts from when it is not their first team (a worker in several teams may work
    through another one).

    Rows, not objects, and no chain repeated from the team: a million workers made 108 MB of
    this data, more than a browser would open; the script rebuilds each worker from its row.
    """
    rows: List[List[Any]] = []
    chains = analysis.chains
    for worker in analysis.org.workers.values():
        row: List[Any] = [worker.name, worker.id, [ids[t] for t in worker.teams]]
        if len(worker.teams) > 1:
            # the shortest chain among the teams', ties broken id by id: chains of distinct
            # teams differ at their first id, so the team decides (no chain is compared in full)
            start = min((t for t in worker.teams if chains.has_chain(t)), key=lambda t: (chains.distance[t], t), default=None)
            if start is not None and start != worker.teams[0]:
                row.append(ids[start])
        rows.append(row)
    return rows


def script_words() -> Dict[str, Any]:
    """Every sentence the script writes, translated here since the script has no gettext.

    A sentence with a number is a pair [singular, plural]; ``plural`` names the rule the
    script applies to choose (French counts 0 and 1 as singular, English only 1).
    """
    return {
        "plural": "fr" if language() == "fr" else "en",
        "team": _("team"),
        "worker": _("worker"),
        "end_client": _("end client"),
        "no_match": _("No team or worker matches “{q}”."),
        "more": _("… and {n} more: type more letters."),
        "worker_in": _("{name} works in {teams}."),
        "chain": _forms(lambda n: ngettext("Shortest chain to an end client ({n} link):",
                                           "Shortest chain to an end client ({n} links):", n)),
        "no_chain": _("No chain: this work reaches no end client."),
        "direct": _("Its work goes directly to: {clients} (in gold)."),
        "downstream": _forms(lambda n: ngettext("Its work flows through {n} other team to: {clients} (in gold).",
                                                "Its work flows through {n} other teams to: {clients} (in gold).", n)),
        "upstream": _forms(lambda n: ngettext("{n} team feeds it, directly or not (in blue).",
                                              "{n} teams feed it, directly or not (in blue).", n)),
        "nothing_upstream": _("No team feeds it."),
        "is_end": _forms(lambda n: ngettext("End client: {n} team works for it, directly or not.",
                                            "End client: {n} teams work for it, directly or not.", n)),
        "members": _forms(lambda n: ngettext("{n} worker", "{n} workers", n)),
        "teams": _forms(lambda n: ngettext("{n} team", "{n} teams", n)),
        "no_department": _("Teams without a department"),
        "dept_reaches": _("The work of its teams reaches {clients}, through the departments in gold."),
        "dept_upstream": _forms(lambda n: ngettext("{n} team of other departments feeds it, directly or not (in blue).",
                                                   "{n} teams of other departments feed it, directly or not (in blue).", n)),
        "dept_show_weak": _("Show its weak links in the table"),
        "dept_no_weak": _("No weak link concerns its teams."),
        "rows": _("{shown} of {total} weak links shown"),
        "clear_hint": _("Click the background of the diagram, or press Esc, to clear."),
        "zoom_all": _("See the whole diagram"),
        "zoom_read": _("Zoom in to read"),
    }


def _forms(sentence: Callable[[int], str]) -> List[str]:
    """[singular, plural] of a sentence with a number, for the script to choose from."""
    return [sentence(1), sentence(2)]


_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                  "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON safe inside an HTML ``<script>`` element: no ``</script>``, ``<!--`` or line separator.

    >>> script_json({"name": "</script><!--\u2028"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.translate(_SCRIPT_ESCAPES)
