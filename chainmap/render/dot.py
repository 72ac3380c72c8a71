"""Model + findings → DOT text, written directly and deterministically.

DOT is written as text rather than through pydot or the ``graphviz`` package: it is many
times faster, and it keeps full control of quoting (see :mod:`chainmap.render.escape`).
Node ids are synthetic (``t0`` for teams in id order, ``e0`` for end clients, ``g0`` for
the ghosts of unknown ids), so the same declarations always give byte-identical DOT.

Layout: value flows left to right, the end clients stand in the rightmost column with the
legend above them, each team stands by its distance to them, neighbouring teams of one
department share a tinted box (chainmap's own layout: :mod:`chainmap.render.placed`). The
poster's bare diagram and a department's pages (:mod:`chainmap.render.pages`) still leave
the layout to Graphviz's ``dot``.
"""

from __future__ import annotations

import math
from typing import Dict, List, Optional, Tuple

from ..analysis import Analysis, Finding
from ..analysis.words import badge, number
from ..i18n import _, ngettext
from ..i18n.localise import format_date, format_number
from ..model import Link
from ..scores import is_below
from . import style
from .escape import dot_attributes, html_text, quoted, wrap
from .legend import legend_label
from .placed import Edge, Node, placed_body
from .views import View, full_view

__all__ = ["DotWriter", "to_dot", "node_ids", "facts_line", "MAX_CLUSTERED_TEAMS", "PLACED_UP_TO_TEAMS"]

# Above this many teams, departments are shown by colour instead of boxes: Graphviz's
# cluster code fails ("trouble in init_rank") on large clustered graphs.
MAX_CLUSTERED_TEAMS = 1500
# Above this many teams, the layout is left to Graphviz (and its fallbacks within a time
# limit): chainmap's own ordering, a Python search, would take minutes (see RESULTS.md).
PLACED_UP_TO_TEAMS = 2500


def node_ids(analysis: Analysis) -> Dict[str, str]:
    """The synthetic DOT id of every team (``t0``…) and end client (``e0``…), in id order."""
    ids = {team: f"t{i}" for i, team in enumerate(analysis.org.teams)}
    ids.update({client: f"e{i}" for i, client in enumerate(analysis.org.end_clients)})
    return ids


def to_dot(analysis: Analysis, view: Optional[View] = None, placed: Optional[bool] = None) -> str:
    """The DOT text of ``view`` (default: the whole organisation).

    ``placed``: positions computed by chainmap's layout (the default up to
    :data:`PLACED_UP_TO_TEAMS` teams), or the layout left to Graphviz's ``dot``, department
    boxes as clusters (``False``: how chainmap drew before its own layout).

    >>> import chainmap
    >>> dot = to_dot(chainmap.analyse(chainmap.load(chainmap.example_path())))
    >>> dot.startswith("digraph chainmap {") and "layout=nop2" in dot
    True
    """
    view = view or full_view(analysis)
    writer = DotWriter(analysis, view)
    if placed is None:
        placed = sum(1 for team in analysis.org.teams if team in view.nodes) <= PLACED_UP_TO_TEAMS
    return "\n".join(writer.lines() if placed else writer.graphviz_lines()) + "\n"


def facts_line(analysis: Analysis, teams: int, workers: int, links: int, weak: int) -> str:
    """The counts under a diagram's title: what it holds, and the day it was drawn for."""
    counts = [ngettext("{n} team", "{n} teams", teams), ngettext("{n} worker", "{n} workers", workers),
              ngettext("{n} link", "{n} links", links), ngettext("{n} weak link", "{n} weak links", weak)]
    words = [text.format(n=format_number(n)) for text, n in zip(counts, (teams, workers, links, weak))]
    return " · ".join(words + [_("as of {date}").format(date=format_date(analysis.as_of))])


# A poor rating, on a white ground: written where its line leaves the supplier, it often
# sits over another line (Laboratoire's "6/10" in the example was crossed by a link).
SCORE_LABEL = ('<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" CELLSPACING="0" BGCOLOR="#ffffff">'
               '<TR><TD><B>{score}/10</B></TD></TR></TABLE>>')


class DotWriter:
    """Writes the DOT of one view; one method per part of the drawing.

    The other drawings of teams (a page of one department, a poster's bare diagram: see
    :mod:`chainmap.render.pages`) are this writer with other ends: they reuse its parts
    (:meth:`team_nodes`, :meth:`link_line`…) so that a team or a link looks the same in
    every drawing, and override :meth:`lines` to assemble them differently. ``used``
    collects the style keys drawn, for the legend.
    """

    # Whether a department's teams are drawn inside a coloured box (a page of one
    # department's teams draws none: the page itself is the department).
    draws_department_boxes = True

    def __init__(self, analysis: Analysis, view: View):
        self.analysis = analysis
        self.org = analysis.org
        self.view = view
        self.ids = node_ids(analysis)
        self.team_findings: Dict[str, List[Finding]] = {}
        for finding in analysis.findings:
            if finding.team is not None:
                self.team_findings.setdefault(finding.team, []).append(finding)
        self.used: set = set()
        self.people_lines: Dict[int, str] = {}  # "12 workers", written once per team size
        self.scores_from: Dict[str, int] = {}
        self.skipped = {s.id: s.path for s in self.org.skipped if s.id not in self.org.teams}
        self.unknown = self._unknown()
        self.fills = style.department_fills(team.department for team in self.org.teams.values())

    def lines(self) -> List[str]:
        """The whole diagram, placed by chainmap's layout (:mod:`chainmap.render.placed`)."""
        nodes = self.team_records() + self.end_client_records() + self.ghost_records() + self.worker_records()
        edges = self.worker_edges() + self.link_edges()
        nodes.append(Node("legend", {"shape": "plain", "label": f"<{legend_label(self.used)}>"}, rank=0))
        return ["digraph chainmap {", *self._graph_attributes(), *placed_body(nodes, edges, dot_attributes, self.fills), "}"]

    def graphviz_lines(self) -> List[str]:
        """The same diagram with its layout left to Graphviz's ``dot``: each department in a
        box (a cluster), the end clients and the legend in the last rank."""
        body = self.team_nodes() + self.end_client_nodes() + self.ghost_nodes() + self.worker_nodes() + self.link_lines()
        return ["digraph chainmap {", *self._graph_attributes(), *body,
                f"  legend [shape=plain, label=<{legend_label(self.used)}>];",
                "  { rank=sink; " + " ".join(self.end_client_ids()) + " legend; }", "}"]

    def team_records(self) -> List[Node]:
        """Every team in view, with its department and its distance to the end clients."""
        shown = [t for t in self.org.teams if t in self.view.nodes]
        grouped = self.draws_department_boxes and any(self.org.teams[t].department for t in shown)
        if grouped:
            self.used.add("department-run")
        return [Node(self.ids[t], self.team_attributes(t), self.org.teams[t].department if grouped else None,
                     self.analysis.chains.length(t), zone=not self.analysis.chains.has_chain(t)) for t in shown]

    def end_client_records(self) -> List[Node]:
        return [Node(self.ids[c], self.end_client_attributes(c), rank=0) for c in self.org.end_clients if c in self.view.nodes]

    def ghost_records(self) -> List[Node]:
        """Unknown ids: in no department, placed by the links that name them, in the zone of
        teams with no chain when only such teams name them."""
        chained = {ghost for supplier, client, ghost, _missing in self.unknown
                   if self.analysis.chains.has_chain(supplier if supplier in self.org.teams else client)}
        return [Node(ghost, attributes, zone=ghost not in chained) for ghost, attributes in self.ghost_attributes()]

    def worker_records(self) -> List[Node]:
        return [Node("w0", self.worker_attributes())] if self.view.worker is not None else []

    def _graph_attributes(self) -> List[str]:
        title = (f'<FONT POINT-SIZE="22"><B>{html_text(self.org.name)}</B></FONT><BR/>'
                 f'<FONT POINT-SIZE="13" COLOR="{style.MUTED}">{html_text(self.view.subtitle)}</FONT><BR/>'
                 f'<FONT POINT-SIZE="11" COLOR="{style.MUTED}">{html_text(self._facts_line())}</FONT>')
        font = quoted(style.FONT)
        return [
            f"  graph [rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.75, pad=0.35, fontname={font},"
            f" labelloc=t, labeljust=l, bgcolor=\"#ffffff\", label=<{title}>];",
            f"  node [shape=box, fontname={font}, fontsize=12, fontcolor={quoted(style.INK)}, margin=\"0.14,0.07\"];",
            f"  edge [fontname={font}, fontsize={style.LINK_FONT_SIZE}, arrowsize=0.8, color={quoted(style.LINE)}];",
        ]

    def _facts_line(self) -> str:
        """The organisation's counts: said to be the whole organisation's under a part of it."""
        org = self.org
        facts = facts_line(self.analysis, len(org.teams), len(org.workers), len(org.links), len(self.analysis.findings))
        return facts if self.view.kind == "full" else _("whole organisation: {facts}").format(facts=facts)

    # Teams, grouped by department --------------------------------------------------------

    def team_nodes(self) -> List[str]:
        shown = [t for t in self.org.teams if t in self.view.nodes]
        departments: Dict[str, List[str]] = {}
        for team_id in shown:
            departments.setdefault(self.org.teams[team_id].department or "", []).append(team_id)
        clustered = self.draws_department_boxes and len(self.org.teams) <= MAX_CLUSTERED_TEAMS
        lines: List[str] = []
        for index, department in enumerate(sorted(departments)):
            nodes = [f"    {self._team_node(t)}" for t in departments[department]]
            if department and clustered:
                self.used.add("department-box")
                lines += [f"  subgraph cluster_d{index} {{",
                          f"    label=<<B>{html_text(department)}</B>>; labeljust=l; fontsize=14;"
                          f" fontcolor={quoted(style.MUTED)}; style=\"rounded,filled\"; fillcolor={quoted(self.fills[department])};"
                          f" color={quoted(style.DEPARTMENT_BORDER)};",
                          *nodes, "  }"]
            else:
                lines += [n[2:] for n in nodes]
        return lines

    def _team_node(self, team_id: str) -> str:
        return f"{self.ids[team_id]} [{dot_attributes(self.team_attributes(team_id))}];"

    def team_attributes(self, team_id: str) -> Dict[str, str]:
        """A team's box: its style by its findings, its name, size and badges."""
        team = self.org.teams[team_id]
        findings = self.team_findings.get(team_id, [])
        rules = {f.rule for f in findings}
        attributes = dict(style.NODE_STYLES["team"])
        for rule in ("isolated", "broken-chain", "attention-asymmetry", "single-point-of-failure"):
            if rule in rules:
                attributes.update(style.NODE_STYLES[rule])
                self.used.add(rule)
        if team_id in self.view.highlight:
            attributes.update(style.NODE_STYLES["focus"])
            self.used.add("focus")
        self.used.add("team")
        lines = [f"<B>{html_text(line)}</B>" for line in wrap(team.name)]
        lines.append(self._people_line(len(team.members)))
        lines += [self._badge(f) for f in findings if f.rule != "no-members"]
        attributes["label"] = "<" + "<BR/>".join(lines) + ">"
        attributes["tooltip"] = team.name + (f" ({team.department})" if team.department else "")
        attributes["id"] = self.ids[team_id]
        return attributes

    def _people_line(self, count: int) -> str:
        line = self.people_lines.get(count)
        if line is None:
            people = ngettext("{n} worker", "{n} workers", count).format(n=count)
            line = self.people_lines[count] = f'<FONT POINT-SIZE="10" COLOR="{style.MUTED}">{html_text(people)}</FONT>'
        return line

    def _badge(self, finding: Finding) -> str:
        colour = style.BADGE_COLOURS[finding.severity]
        self.used.add("badge-" + finding.severity)
        return f'<FONT POINT-SIZE="10" COLOR="{colour}">{html_text(badge(finding))}</FONT>'

    # End clients, ghosts and the worker --------------------------------------------------

    def end_client_ids(self) -> List[str]:
        return [self.ids[c] for c in self.org.end_clients if c in self.view.nodes]

    def end_client_nodes(self) -> List[str]:
        return [f"  {self.ids[client_id]} [{dot_attributes(self.end_client_attributes(client_id))}];"
                for client_id in self.org.end_clients if client_id in self.view.nodes]

    def end_client_attributes(self, client_id: str) -> Dict[str, str]:
        client = self.org.end_clients[client_id]
        self.used.add("end_client")
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(client.name, 20))
        label += f'<BR/><FONT POINT-SIZE="10">{html_text(_("end client"))}</FONT>'
        attributes = dict(style.NODE_STYLES["end_client"], label=f"<{label}>", tooltip=client.name, id=self.ids[client_id])
        attributes["fontsize"] = "14"
        return attributes

    def _unknown(self) -> List[Tuple[str, str, str, str]]:
        """(supplier, client, ghost id, missing id) of each unknown reference of a team in view."""
        ghosts = {m: f"g{i}" for i, m in enumerate(sorted({u.missing for u in self.org.unknown_references}))}
        return [(u.supplier, u.client, ghosts[u.missing], u.missing) for u in self.org.unknown_references
                if u.declared_in in self.view.nodes]

    def ghost_nodes(self) -> List[str]:
        return [f"  {ghost} [{dot_attributes(attributes)}];" for ghost, attributes in self.ghost_attributes()]

    def ghost_attributes(self) -> List[Tuple[str, Dict[str, str]]]:
        """(id, attributes) of the box of each unknown id named by a team in view, and, in the
        whole drawing, of each team whose file --skip-invalid left out, named or not."""
        ghosts = {(u[2], u[3]) for u in self.unknown}
        if self.view.kind == "full":
            named = {missing for _ghost, missing in ghosts}
            ghosts |= {(f"s{index}", team) for index, team in enumerate(sorted(self.skipped)) if team not in named}
        return [(ghost, self._ghost_attributes(missing)) for ghost, missing in sorted(ghosts)]

    def _ghost_attributes(self, missing: str) -> Dict[str, str]:
        """An id that exists nowhere, or the team of a file --skip-invalid left out: a box marked as unknown."""
        if missing in self.skipped:
            self.used.add("skipped")
            label = (f"<B>{html_text(missing)}</B> ?<BR/><FONT POINT-SIZE=\"10\">{html_text(_('file not loaded'))}</FONT>")
            tooltip = _("{id}: its file could not be loaded ({path})").format(id=missing, path=self.skipped[missing])
            return dict(style.NODE_STYLES["skipped"], label=f"<{label}>", tooltip=tooltip)
        self.used.add("ghost")
        label = f"<B>{html_text(missing)}</B> ?<BR/><FONT POINT-SIZE=\"10\">{html_text(_('unknown id'))}</FONT>"
        return dict(style.NODE_STYLES["ghost"], label=f"<{label}>", tooltip=_("unknown id: {id}").format(id=missing))

    def worker_nodes(self) -> List[str]:
        if self.view.worker is None:
            return []
        lines = [f"  w0 [{dot_attributes(self.worker_attributes())}];"]
        return lines + [f"  {edge.tail} -> {edge.head} [{dot_attributes(edge.attributes)}];" for edge in self.worker_edges()]

    def worker_attributes(self) -> Dict[str, str]:
        worker = self.org.workers[self.view.worker or ""]
        self.used.update(("worker", "works-in"))
        label = f"<B>{html_text(worker.name)}</B><BR/><FONT POINT-SIZE=\"10\">{html_text(_('worker'))}</FONT>"
        return dict(style.NODE_STYLES["worker"], label=f"<{label}>", tooltip=worker.name)

    def worker_edges(self) -> List[Edge]:
        """The worker's "works in" lines to their teams (a worker's view)."""
        if self.view.worker is None:
            return []
        attributes = dict(style.EDGE_STYLES["works-in"], tooltip=_("works in"))
        return [Edge("w0", self.ids[team_id], attributes) for team_id in self.org.workers[self.view.worker].teams]

    # Links -------------------------------------------------------------------------------

    def link_lines(self) -> List[str]:
        return [f"  {edge.tail} -> {edge.head} [{dot_attributes(edge.attributes)}];" for edge in self.link_edges()]

    def link_edges(self) -> List[Edge]:
        """Every declared link between two nodes in view, then the links to unknown ids."""
        edges = [self.link_edge(link) for link in self.org.links
                 if link.supplier in self.view.nodes and link.client in self.view.nodes
                 and (link.supplier, link.client) in self.analysis.graph.edges]
        for supplier, client, ghost, missing in self.unknown:
            self.used.add("unknown-reference")
            source = ghost if missing == supplier else self.ids[supplier]
            target = ghost if missing == client else self.ids[client]
            edges.append(Edge(source, target, dict(style.EDGE_STYLES["unknown-reference"], tooltip=_("unknown id"))))
        return edges

    def link_line(self, link: Link) -> str:
        edge = self.link_edge(link)
        return f"  {edge.tail} -> {edge.head} [{dot_attributes(edge.attributes)}];"

    def link_edge(self, link: Link) -> Edge:
        poorly_rated = link.satisfaction is not None and is_below(link.satisfaction, self.org.settings.min_satisfaction)
        key = style.link_style(link.status, poorly_rated, (link.supplier, link.client) in self.view.chain_edges)
        attributes = style.link_attributes(key)
        self.used.add(key)
        if poorly_rated and link.satisfaction is not None:
            attributes["taillabel"] = SCORE_LABEL.format(score=number(link.satisfaction))
            attributes.update(self._score_place(link.supplier))
        attributes["tooltip"] = self._link_tooltip(link)
        return Edge(self.ids[link.supplier], self.ids[link.client], attributes)

    def _score_place(self, supplier: str) -> Dict[str, str]:
        """Where the next score by ``supplier``'s end of its lines goes: each one further along.

        A team rated poorly by several clients has several lines leaving it side by side;
        their scores, all at one distance, were printed over one another ("5/10/10"). The
        k-th is set 20 + 25·k pt along its line, always about 9 pt beside it. This holds where
        Graphviz lays the drawing out; where chainmap does (``layout=nop2``, which ignores
        these), each score is placed by :mod:`chainmap.render.layout.labels`.
        """
        index = self.scores_from.get(supplier, 0)
        self.scores_from[supplier] = index + 1
        distance = 2.0 + 2.5 * index  # in Graphviz's unit for labels, 10 pt
        return {"labeldistance": f"{distance:g}", "labelangle": f"{math.degrees(math.asin(0.9 / distance)):.0f}"}

    def _link_tooltip(self, link: Link) -> str:
        text = f"{self.org.display_name(link.supplier)} → {self.org.display_name(link.client)}"
        if link.what:
            text += ": " + " / ".join(link.what)
        if link.satisfaction is not None:
            text += " — " + _("satisfaction {score}/10").format(score=number(link.satisfaction))
        if not link.confirmed:
            text += " (" + (_("declared by the supplier only") if link.declared_by == "supplier" else _("declared by the client only")) + ")"
        return text
