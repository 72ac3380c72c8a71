"""Drawings for large organisations: the department overview and one drawing per department.

A drawing of 300 teams is unreadable on any paper, and Graphviz's cost grows with the
edges' rank spans, not the node count (see DESIGN.md). So a large organisation is drawn
in two levels:

* the **overview**: one node per department (its teams, workers and weak links counted),
  the end clients, and one arrow per pair of departments that has links, labelled with
  how many links it stands for and how many of them are weak. When arrows are many, each
  department keeps its main one and each frontline department its own end-client box
  (see :func:`_skeleton`; the legend says the same end clients stand beside each): a map of
  the main routes, the rest counted in the boxes;
* one drawing per **page of teams** (usually a department): its teams drawn exactly as in
  the full diagram, and every link that leaves the page drawn as a labelled *stub* naming
  the team at the other end, its department and the page where it is drawn.

Every function takes an :class:`~chainmap.analysis.Analysis` and returns DOT text (with
the styles it used, so that a caller can draw the matching legend). ``framed=True`` adds
the title and the legend inside the drawing, as ``chainmap render`` does; posters draw
their own around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Collection, Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple

from ..analysis import Analysis, Finding
from ..i18n import _, ngettext
from ..i18n.localise import format_number
from ..model import Link
from . import style
from .dot import _attributes, _DotWriter, facts_line
from .escape import html_text, quoted, wrap
from .legend import legend_label
from .views import View, full_view

__all__ = ["DotDiagram", "PageOfTeams", "department_names", "department_of", "pages_by_department", "bare_dot",
           "overview_dot", "overview_box_of", "page_dot"]


@dataclass(frozen=True)
class DotDiagram:
    """DOT text and the style keys it used (the rows its legend needs)."""

    text: str
    legend_keys: FrozenSet[str]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PageOfTeams:
    """Teams drawn together on one page: a department, or a part of a large one."""

    title: str
    teams: Tuple[str, ...]
    department: str = ""


def department_of(analysis: Analysis, team_id: str) -> str:
    """The department a team is drawn in (teams without one share a group named for that)."""
    return analysis.org.teams[team_id].department or _("Teams without a department")


def department_names(analysis: Analysis) -> List[str]:
    """The departments as drawn (teams without one share a group), in alphabetical order."""
    return sorted({department_of(analysis, team_id) for team_id in analysis.org.teams})


def pages_by_department(analysis: Analysis, teams: Optional[Sequence[str]] = None) -> List[PageOfTeams]:
    """One page per department, departments in alphabetical order, teams in id order."""
    groups: Dict[str, List[str]] = {}
    for team_id in teams if teams is not None else analysis.org.teams:
        groups.setdefault(department_of(analysis, team_id), []).append(team_id)
    return [PageOfTeams(name, tuple(sorted(groups[name])), name) for name in sorted(groups)]


def _graph_lines(rankdir: str = "LR") -> List[str]:
    """The graph's defaults. Flowing downwards, the rows are closer (ranksep 0.45 in, not
    0.75): a page of the example's Soins is five rows, and the space between them kept it
    from fitting one A4 page at 6 pt; an arrow of 32 pt still reads as an arrow."""
    font = quoted(style.FONT)
    ranksep = "0.45" if rankdir == "TB" else "0.75"
    return [
        f"  graph [rankdir={rankdir}, newrank=true, nodesep=0.3, ranksep={ranksep}, pad=0.2, fontname={font}, bgcolor=\"#ffffff\"];",
        f"  node [shape=box, fontname={font}, fontsize=12, fontcolor={quoted(style.INK)}, margin=\"0.14,0.07\"];",
        f"  edge [fontname={font}, fontsize=11, arrowsize=0.8, color={quoted(style.LINE)}];",
    ]


class _BareWriter(_DotWriter):
    """The ordinary diagram of a view, without its title and legend (a poster draws them)."""

    rankdir = "LR"

    def lines(self) -> List[str]:
        body = self._teams() + self._end_clients() + self._ghosts() + self._worker() + self._links()
        sink = self._end_client_ids()
        rank = ["  { rank=sink; " + " ".join(sink) + "; }"] if sink else []
        return ["digraph chainmap {", *_graph_lines(self.rankdir), *body, *rank, "}"]


def bare_dot(analysis: Analysis, view: Optional[View] = None) -> DotDiagram:
    """The diagram of ``view`` (default: everything) with no title or legend inside."""
    writer = _BareWriter(analysis, view or full_view(analysis))
    text = "\n".join(writer.lines()) + "\n"
    return DotDiagram(text, frozenset(writer.used))


class _PageWriter(_BareWriter):
    """One page of teams; links that leave the page end in labelled stubs."""

    draws_department_boxes = False  # the page itself is the department

    def __init__(self, analysis: Analysis, page: PageOfTeams, page_of: Mapping[str, str]):
        on_page = set(page.teams)
        clients = {link.client for link in analysis.org.links
                   if link.supplier in on_page and link.client in analysis.org.end_clients}
        super().__init__(analysis, View(frozenset(on_page | clients), page.title, kind="page"))
        self.page, self.page_of = page, page_of
        self.crossing = [link for link in analysis.org.links
                         if (link.supplier in on_page) != (link.client in on_page)
                         and link.supplier in analysis.org.teams and link.client in analysis.org.teams
                         and (link.supplier, link.client) in analysis.graph.edges]
        outside = sorted({link.client if link.supplier in on_page else link.supplier for link in self.crossing})
        self.groups = _stub_groups(analysis, outside)
        self.stubs = {team: stub for stub, teams in self.groups.items() for team in teams}

    def lines(self) -> List[str]:
        lines = super().lines()
        extra = self._stub_nodes() + self._stub_links() + self._stub_ranks()
        return lines[:-1] + extra + lines[-1:]

    def _stub_ranks(self) -> List[str]:
        """Suppliers from outside stand in the first column, clients outside in the last."""
        on_page = set(self.page.teams)
        suppliers = sorted({self.stubs[link.supplier] for link in self.crossing if link.client in on_page})
        clients = sorted({self.stubs[link.client] for link in self.crossing if link.supplier in on_page} - set(suppliers))
        ranks = [f"  {{ rank=min; {'; '.join(suppliers)}; }}"] if suppliers else []
        return ranks + ([f"  {{ rank=max; {'; '.join(clients)}; }}"] if clients else [])

    def _stub_nodes(self) -> List[str]:
        lines = []
        for stub, teams in self.groups.items():
            self.used.add("stub")
            label, tooltip = self._team_stub(teams[0]) if len(teams) == 1 else self._department_stub(teams)
            attributes = dict(STUB_STYLE, label=f"<{label}>", tooltip=tooltip)
            lines.append(f"  {stub} [{_attributes(attributes)}];")
        return lines

    def _team_stub(self, team_id: str) -> Tuple[str, str]:
        """The box of one team drawn elsewhere: its name, its department and page."""
        where = department_of(self.analysis, team_id)
        page = self.page_of.get(team_id)
        # the page on a line of its own: "Médico-technique, page 5" was the widest line of
        # most stubs, and a row of eight of them kept Soins from fitting one A4 page
        details = [where] + ([ngettext("page {pages}", "pages {pages}", 1).format(pages=page)] if page else [])
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(self.org.teams[team_id].name))
        label += "".join(f'<BR/><FONT POINT-SIZE="10" COLOR="{style.MUTED}">{html_text(line)}</FONT>' for line in details)
        return label, self.org.teams[team_id].name

    def _department_stub(self, teams: Sequence[str]) -> Tuple[str, str]:
        """The box standing for several teams of one department drawn elsewhere, and its pages."""
        where = department_of(self.analysis, teams[0])
        count = ngettext("{n} team", "{n} teams", len(teams)).format(n=format_number(len(teams)))
        pages = sorted({self.page_of[t] for t in teams if t in self.page_of}, key=_page_order)
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(where)) + f"<BR/>{html_text(count)}"
        if pages:
            shown = ", ".join(pages[:STUB_PAGES_SHOWN]) + (", …" if len(pages) > STUB_PAGES_SHOWN else "")
            words = ngettext("page {pages}", "pages {pages}", len(pages)).format(pages=shown)
            label += f'<BR/><FONT POINT-SIZE="10" COLOR="{style.MUTED}">{html_text(words)}</FONT>'
        return label, ", ".join(self.org.teams[t].name for t in teams)

    def _stub_links(self) -> List[str]:
        # The link is drawn by the ordinary writer, so its style (one-sided, low satisfaction…)
        # is the same as in the full diagram; only the outside end is the stub's id.
        saved = dict(self.ids)
        self.ids.update(self.stubs)
        try:
            return [self._link(link) for link in self.crossing]
        finally:
            self.ids.clear()
            self.ids.update(saved)


# Above this many teams drawn elsewhere, those of one department share one box: a page of a
# 500-team department had 25 stubs in a column, and the department needed 52 A1 pages.
STUBS_BEFORE_GROUPING = 12
STUB_PAGES_SHOWN = 6


def _stub_groups(analysis: Analysis, outside: Sequence[str]) -> Dict[str, List[str]]:
    """Stub id → the outside teams it stands for: one each, or one per department when many."""
    if len(outside) <= STUBS_BEFORE_GROUPING:
        return {f"s{i}": [team] for i, team in enumerate(outside)}
    by_department: Dict[str, List[str]] = {}
    for team in outside:
        by_department.setdefault(department_of(analysis, team), []).append(team)
    return {f"s{i}": teams for i, (_name, teams) in enumerate(sorted(by_department.items()))}


def _page_order(page: str) -> Tuple[int, str]:
    """Pages in number order (“2” before “10”)."""
    return (int(page), page) if page.isdigit() else (10 ** 9, page)


STUB_STYLE = {"style": "rounded,dashed", "color": style.MUTED, "fontsize": "11", "fontcolor": style.MUTED,
              "penwidth": "1.2", "margin": "0.10,0.05"}


def page_dot(analysis: Analysis, page: PageOfTeams, page_of: Optional[Mapping[str, str]] = None,
             framed: bool = False, rankdir: str = "LR") -> DotDiagram:
    """The drawing of one page of teams, its outside links as stubs.

    ``page_of`` maps a team id to the label of the page it is drawn on (stubs mention it).
    ``rankdir="TB"`` draws value flowing downwards: wider than high when many of the page's
    teams serve the end clients directly (a poster tries both).
    """
    writer = _PageWriter(analysis, page, page_of or {})
    writer.rankdir = rankdir
    lines = writer.lines()
    if framed:
        heading = _("{department}: its teams, and the teams of other departments they work with").format(
            department=page.title)
        lines = _framed(lines, analysis, heading, _page_facts(analysis, page), writer.used)
        lines.insert(-1, "  { rank=sink; legend; }")  # beside the end clients, as on the full diagram
    return DotDiagram("\n".join(lines) + "\n", frozenset(writer.used))


def _page_facts(analysis: Analysis, page: PageOfTeams) -> str:
    """The counts of one page's teams, in the words of the full diagram's title."""
    teams = set(page.teams)
    org = analysis.org
    links = sum(1 for link in org.links if link.supplier in teams or link.client in teams)
    weak = sum(1 for finding in analysis.findings if teams.intersection(finding.subject))
    return facts_line(analysis, len(teams), org.workers_of(page.teams), links, weak)


def _framed(lines: List[str], analysis: Analysis, heading: str, facts: str, used: Set[str]) -> List[str]:
    """The drawing with the organisation's name, what it shows, its counts and its legend."""
    label = (f'<FONT POINT-SIZE="22"><B>{html_text(analysis.org.name)}</B></FONT><BR/>'
             f'<FONT POINT-SIZE="13" COLOR="{style.MUTED}">{html_text(heading)}</FONT><BR/>'
             f'<FONT POINT-SIZE="11" COLOR="{style.MUTED}">{html_text(facts)}</FONT>')
    return (lines[:1] + [f"  graph [labelloc=t, labeljust=l, label=<{label}>];"] + lines[1:-1]
            + [f"  legend [shape=plain, label=<{legend_label(used)}>];"] + lines[-1:])


# The department overview ---------------------------------------------------------------


@dataclass
class _DepartmentFacts:
    teams: int = 0
    workers: int = 0
    inside_links: int = 0
    errors: int = 0
    warnings: int = 0


def _department_facts(analysis: Analysis) -> Dict[str, _DepartmentFacts]:
    """Each department's counts, in the words of ``chainmap weak``: its errors and warnings add
    up to the organisation's, and a worker in two of its teams is one worker."""
    org = analysis.org
    facts: Dict[str, _DepartmentFacts] = {}
    teams: Dict[str, List[str]] = {}
    for team_id in org.teams:
        teams.setdefault(department_of(analysis, team_id), []).append(team_id)
    for name, members in teams.items():
        facts[name] = _DepartmentFacts(teams=len(members), workers=org.workers_of(members))
    for link in org.links:
        if link.client in org.teams and department_of(analysis, link.supplier) == department_of(analysis, link.client):
            facts[department_of(analysis, link.supplier)].inside_links += 1
    for finding in analysis.findings:
        owner = _owner(finding, org.teams)
        if owner is not None and finding.severity in ("error", "warning"):
            entry = facts[department_of(analysis, owner)]
            entry.errors += finding.severity == "error"
            entry.warnings += finding.severity == "warning"
    return facts


def _owner(finding: Finding, teams: Collection[str]) -> Optional[str]:
    """The team a finding counts under: its team, else the team whose file declared it (a
    misspelt supplier, "radiolgie → Urgences", is Urgences' mistake), else the link's known end."""
    candidates = (finding.team, finding.facts.get("declared_in"), finding.supplier, finding.client)
    return next((team for team in candidates if team in teams), None)


def _is_weak(link: Link, analysis: Analysis) -> bool:
    low = link.satisfaction is not None and link.satisfaction < analysis.org.settings.min_satisfaction
    return low or not link.confirmed


def _between_departments(analysis: Analysis) -> Dict[Tuple[str, str], Tuple[int, int]]:
    """(supplier department or end client id, client department or end client id) → (links, weak)."""
    counts: Dict[Tuple[str, str], Tuple[int, int]] = {}
    org = analysis.org
    for link in org.links:
        if (link.supplier, link.client) not in analysis.graph.edges or link.supplier not in org.teams:
            continue
        source = department_of(analysis, link.supplier)
        target = link.client if link.client in org.end_clients else department_of(analysis, link.client)
        if source == target:
            continue
        total, weak = counts.get((source, target), (0, 0))
        counts[(source, target)] = (total + 1, weak + _is_weak(link, analysis))
    return counts


# Above this many arrows between departments (and more than two per department), each
# department keeps its main one: a 50-department group had 218, and its overview was a
# 7-metre band of crossing lines; 11 departments with 55 arrows were a tangle too.
ARROWS_BEFORE_PRUNING = 16
ARROWS_PER_DEPARTMENT_BEFORE_PRUNING = 2
ARROWS_KEPT_PER_DEPARTMENT = 1


@dataclass(frozen=True)
class _LeftOut:
    """What a crowded overview does not draw of one department's outgoing links."""

    links: int = 0  # to other departments
    departments: int = 0
    to_end_clients: int = 0


def overview_dot(analysis: Analysis, page_of_department: Optional[Mapping[str, str]] = None,
                 framed: bool = False, rankdir: str = "LR") -> DotDiagram:
    """Departments as nodes with their counts, links between them counted, weak ones badged.

    ``page_of_department`` maps a department to the page where it is drawn (shown in its node).
    Its text is larger than the team diagrams' (12 pt at least), because the overview is
    read from further away and must stay legible when a wide organisation is shrunk to fit.
    ``rankdir="TB"`` draws value flowing downwards, for long chains of departments.

    With many departments each keeps only its main arrow (see :func:`_skeleton`), and its
    box counts the links left out. Every arrow places the departments (a client stands after
    its supplier), except one that would close a circle (see :func:`_placing_arrows`).
    """
    facts = _department_facts(analysis)
    names = sorted(facts)
    ids = _overview_ids(analysis, names)
    drawn, left_out = _skeleton(_between_departments(analysis), analysis.org.end_clients, len(names))
    placing = _placing_arrows(drawn, analysis.org.end_clients)
    lines = ["digraph chainmap_overview {", *_graph_lines(rankdir)]
    lines[2] = lines[2].replace("nodesep=0.3, ranksep=0.75", "nodesep=0.4, ranksep=0.9")
    lines += _department_nodes(analysis, facts, ids, page_of_department or {}, left_out)
    if left_out:  # crowded: each frontline department gets its own box of end clients
        end_boxes, end_key = _end_client_stubs(analysis, drawn, ids), "end-client-box"
        drawn = {pair: counts for pair, counts in drawn.items() if pair[1] not in analysis.org.end_clients}
    else:
        end_boxes, end_key = _end_client_nodes(analysis, ids), "end_client"
    lines += end_boxes
    lines += _arrow_lines(drawn, placing, ids)
    if analysis.org.end_clients and not left_out:
        lines.append("  { rank=sink; " + " ".join(ids[c] for c in analysis.org.end_clients) + "; }")
    lines.append("}")
    used = {"department", *(_arrow_kind(total, weak) for total, weak in drawn.values())}
    used |= {end_key} if end_boxes else set()
    if framed:
        org = analysis.org
        heading = ngettext("Its {n} department and the links between them", "Its {n} departments and the links between them",
                           len(names)).format(n=format_number(len(names)))
        counts = facts_line(analysis, len(org.teams), len(org.workers), len(org.links), len(analysis.findings))
        lines = _framed(lines, analysis, heading, counts, used)
    return DotDiagram("\n".join(lines) + "\n", frozenset(used))


def _department_nodes(analysis: Analysis, facts: Mapping[str, _DepartmentFacts], ids: Mapping[str, str],
                      page_of: Mapping[str, str], left_out: Mapping[str, _LeftOut]) -> List[str]:
    """One box per department, in name order, in the colour it has on every drawing."""
    fills = style.department_fills(team.department for team in analysis.org.teams.values())
    lines = []
    for name in sorted(facts):
        node = _department_node(name, facts[name], fills.get(name, style.NO_DEPARTMENT_FILL), page_of, left_out.get(name))
        lines.append(f"  {ids[name]} [{_attributes(dict(node, id=ids[name]))}];")
    return lines


def _arrow_lines(drawn: Arrows, placing: Set[Tuple[str, str]], ids: Mapping[str, str]) -> List[str]:
    """The arrows between departments (and to the shared end-client boxes), in a fixed order."""
    lines = []
    for (source, target), (total, weak) in sorted(drawn.items()):
        edge = _department_edge(total, weak)
        if (source, target) not in placing:
            edge["constraint"] = "false"  # it would close a circle: drawn, but it places nobody
        lines.append(f"  {ids[source]} -> {ids[target]} [{_attributes(edge)}];")
    return lines


Arrows = Dict[Tuple[str, str], Tuple[int, int]]


def _overview_ids(analysis: Analysis, names: Sequence[str]) -> Dict[str, str]:
    """The overview's node ids (also its SVG ids): ``d0``… for departments, ``e0``… for end clients."""
    ids = {name: f"d{i}" for i, name in enumerate(names)}
    ids.update({client: f"e{i}" for i, client in enumerate(analysis.org.end_clients)})
    return ids


def overview_box_of(analysis: Analysis) -> Dict[str, str]:
    """Team or end-client id → the id of the overview box that stands for it.

    A team is drawn inside its department's box; an end client is its own box, when the
    overview draws shared end-client boxes (a crowded one gives each frontline department
    its own instead, and those stand for no single end client). The report uses this to
    light up a searched team's department and those along its chain.
    """
    ids = _overview_ids(analysis, department_names(analysis))
    boxes = {team_id: ids[department_of(analysis, team_id)] for team_id in analysis.org.teams}
    boxes.update({client: ids[client] for client in analysis.org.end_clients})
    return boxes


def _end_client_nodes(analysis: Analysis, ids: Mapping[str, str]) -> List[str]:
    """One box per end client, as in the team diagrams (an overview with few arrows)."""
    lines = []
    for client_id, client in analysis.org.end_clients.items():
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(client.name, 20))
        label += f'<BR/><FONT POINT-SIZE="12">{html_text(_("end client"))}</FONT>'
        attributes = dict(style.NODE_STYLES["end_client"], label=f"<{label}>", tooltip=client.name, fontsize="16",
                          id=ids[client_id])
        lines.append(f"  {ids[client_id]} [{_attributes(attributes)}];")
    return lines


def _end_client_stubs(analysis: Analysis, drawn: Arrows, ids: Mapping[str, str]) -> List[str]:
    """Beside each frontline department, a box naming the end clients it serves, with the links.

    In a crowded overview the frontline departments stand all over the sheet, and arrows from
    each of them to shared end-client boxes crossed the whole drawing. A box of its own per
    department, drawn like an end client, keeps the way to the client one short arrow long.
    """
    served: Dict[str, List[Tuple[str, int]]] = {}
    for (source, target), (total, _weak) in sorted(drawn.items()):
        if target in analysis.org.end_clients:
            served.setdefault(source, []).append((analysis.org.end_clients[target].name, total))
    lines = []
    for source, clients in sorted(served.items(), key=lambda item: ids[item[0]]):
        stub = f"{ids[source]}c"  # the report's script finds it by this id (report.js, endBoxOf)
        rows = [html_text(_("end clients"))]
        rows += [f"<B>{html_text(name)}</B> · {html_text(_count_words(total, 0)[0])}" for name, total in clients]
        attributes = dict(style.NODE_STYLES["end-client-box"], label="<" + "<BR/>".join(rows) + ">",
                          fontsize="13", margin="0.12,0.06", id=stub,
                          tooltip=" · ".join(name for name, _total in clients))
        lines.append(f"  {stub} [{_attributes(attributes)}];")
        total = sum(links for _name, links in clients)
        lines.append(f"  {ids[source]} -> {stub} [penwidth=\"{min(1.2 + math.log2(total), 6):.2f}\", arrowsize=\"0.7\"];")
    return lines


def _skeleton(arrows: Arrows, end_clients: Collection[str], departments: int) -> Tuple[Arrows, Dict[str, _LeftOut]]:
    """The arrows to draw, and per department what is left out of the drawing.

    Up to :data:`ARROWS_BEFORE_PRUNING` arrows, or two per department, all are drawn. Above,
    each department keeps its :data:`ARROWS_KEPT_PER_DEPARTMENT` largest arrow to another
    department (by links; ties by name), and its arrows to the end clients when they carry
    at least as many links as that one (a frontline department): the main route of each
    department's work stays, the rest is counted in its box. Drawing every department's few
    links to the end clients gave a fan of long lines across the whole sheet.
    """
    if len(arrows) <= max(ARROWS_BEFORE_PRUNING, ARROWS_PER_DEPARTMENT_BEFORE_PRUNING * departments):
        return dict(arrows), {}
    by_source: Dict[str, List[Tuple[str, str]]] = {}
    for pair in sorted(arrows):
        by_source.setdefault(pair[0], []).append(pair)
    drawn: Arrows = {}
    left_out: Dict[str, _LeftOut] = {}
    for source, pairs in by_source.items():
        internal = sorted((p for p in pairs if p[1] not in end_clients), key=lambda p: -arrows[p][0])
        to_clients = [p for p in pairs if p[1] in end_clients]
        kept = internal[:ARROWS_KEPT_PER_DEPARTMENT]
        client_links = sum(arrows[p][0] for p in to_clients)
        if to_clients and client_links >= max((arrows[p][0] for p in kept), default=0):
            kept += to_clients
        drawn.update((p, arrows[p]) for p in pairs if p in kept)
        dropped = [p for p in internal if p not in kept]
        missed = _LeftOut(sum(arrows[p][0] for p in dropped), len(dropped),
                          0 if to_clients and to_clients[0] in kept else client_links)
        if missed != _LeftOut():
            left_out[source] = missed
    return drawn, left_out


def _placing_arrows(drawn: Arrows, end_clients: Collection[str]) -> Set[Tuple[str, str]]:
    """The arrows that place their client after their supplier: all but those closing a circle.

    Departments often serve each other both ways; left to itself, ``dot`` turns some arrows
    round, and the drawing no longer reads from supplier to client. Taken from the largest to
    the smallest (ties by name), an arrow places its departments unless its client already
    leads, by arrows taken before, to its supplier. An overview draws at most 16 arrows or
    two per department (one when crowded): a search per arrow is cheap.
    """
    placing: Set[Tuple[str, str]] = set()
    leads_to: Dict[str, List[str]] = {}
    for pair in sorted(drawn, key=lambda p: (-drawn[p][0], p)):
        source, target = pair
        if target not in end_clients and _leads(leads_to, target, source):
            continue
        placing.add(pair)
        leads_to.setdefault(source, []).append(target)
    return placing


def _leads(leads_to: Mapping[str, List[str]], start: str, goal: str) -> bool:
    """True when ``goal`` can be reached from ``start`` along ``leads_to``."""
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for following in leads_to.get(node, ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return False


def _department_node(name: str, facts: _DepartmentFacts, fill: str, page_of: Mapping[str, str],
                     left_out: Optional[_LeftOut] = None) -> Dict[str, str]:
    rows = [f'<FONT POINT-SIZE="18"><B>{html_text(line)}</B></FONT>' for line in wrap(name, 22)]
    size = _("{teams} · {workers}").format(
        teams=ngettext("{n} team", "{n} teams", facts.teams).format(n=format_number(facts.teams)),
        workers=ngettext("{n} worker", "{n} workers", facts.workers).format(n=format_number(facts.workers)))
    rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(size)}</FONT>')
    if facts.inside_links:
        inside = ngettext("{n} link inside", "{n} links inside", facts.inside_links).format(n=format_number(facts.inside_links))
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(inside)}</FONT>')
    if facts.errors:
        text = ngettext("✗ {n} error", "✗ {n} errors", facts.errors).format(n=format_number(facts.errors))
        rows.append(f'<FONT COLOR="{style.ERROR}"><B>{html_text(text)}</B></FONT>')
    if facts.warnings:
        text = ngettext("⚠ {n} warning", "⚠ {n} warnings", facts.warnings).format(n=format_number(facts.warnings))
        rows.append(f'<FONT COLOR="{style.WARNING}">{html_text(text)}</FONT>')
    for text in _left_out_words(left_out or _LeftOut()):
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(text)}</FONT>')
    if name in page_of:
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(_("details: page {page}").format(page=page_of[name]))}</FONT>')
    border = style.ERROR if facts.errors else style.DEPARTMENT_BORDER
    return {"label": "<" + "<BR/>".join(rows) + ">", "style": "rounded,filled", "fillcolor": fill,
            "color": border, "penwidth": "2" if facts.errors else "1.4", "fontsize": "13",
            "width": "2.6", "height": "1.0", "tooltip": name}  # the same size for all: it said nothing else


def _left_out_words(left_out: _LeftOut) -> List[str]:
    """The box's lines about the links its arrows do not show."""
    words = []
    if left_out.departments:
        words.append(ngettext("+ {links} links to {n} department not drawn", "+ {links} links to {n} departments not drawn",
                              left_out.departments).format(links=format_number(left_out.links), n=left_out.departments))
    if left_out.to_end_clients:
        words.append(ngettext("+ {n} link to the end clients not drawn", "+ {n} links to the end clients not drawn",
                              left_out.to_end_clients).format(n=format_number(left_out.to_end_clients)))
    return words


def _count_words(total: int, weak: int) -> List[str]:
    """"12 links", and "⚠ 3 weak" when some are."""
    words = [ngettext("{n} link", "{n} links", total).format(n=format_number(total))]
    if weak:
        words.append(ngettext("⚠ {n} weak", "⚠ {n} weak", weak).format(n=format_number(weak)))
    return words


def _arrow_kind(total: int, weak: int) -> str:
    """The legend key of an arrow between departments: how many of its links are weak."""
    return "all-weak-links" if weak == total else ("weak-links" if weak * 2 >= total else "department-links")


def _department_edge(total: int, weak: int) -> Dict[str, str]:
    counted, *weak_words = _count_words(total, weak)
    parts = [f"<B>{html_text(counted)}</B>"] + [f'<FONT COLOR="{style.WARNING}">{html_text(w)}</FONT>' for w in weak_words]
    return dict(style.OVERVIEW_ARROWS[_arrow_kind(total, weak)], label="<" + "<BR/>".join(parts) + ">",
                fontsize="13", penwidth=f"{1.2 + math.log2(total):.2f}")
