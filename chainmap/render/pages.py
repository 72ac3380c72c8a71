"""One drawing per page of teams (usually a department), for large organisations.

Each page draws its teams exactly as the full diagram does (it is a
:class:`~chainmap.render.dot.DotWriter`), and every link that leaves the page as a
labelled *stub* naming the team at the other end, its department and the page where it is
drawn. The department overview (:mod:`chainmap.render.overview`) shows how the pages fit
together. ``framed=True`` adds the title and the legend inside the drawing, as
``chainmap render`` does; posters draw their own around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..analysis import Analysis
from ..i18n import _, ngettext
from ..i18n.localise import format_number
from . import style
from .dot import DotWriter, facts_line
from .escape import dot_attributes, html_text, wrap
from .frame import DotDiagram, graph_defaults, with_frame
from .legend import legend_label
from .placed import Edge, Node, placed_body
from .views import View, full_view

__all__ = ["PageOfTeams", "STUBS_BEFORE_GROUPING", "bare_dot", "department_names", "department_of", "page_dot",
           "pages_by_department"]


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


class _BareWriter(DotWriter):
    """The ordinary diagram of a view, without its title and legend (a poster draws them).

    Flowing rightwards (``rankdir="LR"``), it is placed by chainmap's layout like the full
    diagram; flowing downwards, a poster's other choice, it is left to Graphviz's ``dot``.
    ``framed`` adds the legend to the placed boxes (the caller adds the title).
    """

    rankdir = "LR"
    framed = False
    aspect: Optional[float] = None

    def lines(self) -> List[str]:
        if self.rankdir == "LR":
            nodes, edges = self.records()
            if self.framed:
                nodes.append(Node("legend", {"shape": "plain", "label": f"<{legend_label(self.used)}>"}, rank=0))
            return ["digraph chainmap {", *graph_defaults(self.rankdir), *placed_body(nodes, edges, dot_attributes, self.fills, self.aspect, compact=True), "}"]
        body = self.team_nodes() + self.end_client_nodes() + self.ghost_nodes() + self.worker_nodes() + self.link_lines()
        sink = self.end_client_ids()
        rank = ["  { rank=sink; " + " ".join(sink) + "; }"] if sink else []
        return ["digraph chainmap {", *graph_defaults(self.rankdir), *body, *rank, "}"]

    def records(self) -> Tuple[List[Node], List[Edge]]:
        """The boxes and links to place."""
        nodes = self.team_records() + self.end_client_records() + self.ghost_records() + self.worker_records()
        return nodes, self.worker_edges() + self.link_edges()


def bare_dot(analysis: Analysis, view: Optional[View] = None, aspect: Optional[float] = None) -> DotDiagram:
    """The diagram of ``view`` (default: everything) with no title or legend inside;
    ``aspect`` (height / width) spreads it to those proportions (a poster's room)."""
    writer = _BareWriter(analysis, view or full_view(analysis))
    writer.aspect = aspect
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
        if self.rankdir == "LR":
            return super().lines()
        lines = super().lines()
        extra = self._stub_nodes() + self._stub_links() + self._stub_ranks()
        return lines[:-1] + extra + lines[-1:]

    def records(self) -> Tuple[List[Node], List[Edge]]:
        """The page's teams (in no department: the page is one) and its stubs, placed by their links."""
        nodes, edges = super().records()
        stubs = [Node(stub, attributes) for stub, attributes in self._stub_attributes()]
        return nodes + stubs, edges + self._stub_edges()

    def _stub_ranks(self) -> List[str]:
        """Suppliers from outside stand in the first column, clients outside in the last."""
        on_page = set(self.page.teams)
        suppliers = sorted({self.stubs[link.supplier] for link in self.crossing if link.client in on_page})
        clients = sorted({self.stubs[link.client] for link in self.crossing if link.supplier in on_page} - set(suppliers))
        ranks = [f"  {{ rank=min; {'; '.join(suppliers)}; }}"] if suppliers else []
        return ranks + ([f"  {{ rank=max; {'; '.join(clients)}; }}"] if clients else [])

    def _stub_nodes(self) -> List[str]:
        return [f"  {stub} [{dot_attributes(attributes)}];" for stub, attributes in self._stub_attributes()]

    def _stub_attributes(self) -> List[Tuple[str, Dict[str, str]]]:
        stubs = []
        for stub, teams in self.groups.items():
            self.used.add("stub")
            label, tooltip = self._team_stub(teams[0]) if len(teams) == 1 else self._department_stub(teams)
            stubs.append((stub, dict(STUB_STYLE, label=f"<{label}>", tooltip=tooltip)))
        return stubs

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
        return [f"  {edge.tail} -> {edge.head} [{dot_attributes(edge.attributes)}];" for edge in self._stub_edges()]

    def _stub_edges(self) -> List[Edge]:
        # The link is drawn by the ordinary writer, so its style (one-sided, low satisfaction…)
        # is the same as in the full diagram; only the outside end is the stub's id.
        saved = dict(self.ids)
        self.ids.update(self.stubs)
        try:
            return [self.link_edge(link) for link in self.crossing]
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
    writer.rankdir, writer.framed = rankdir, framed
    lines = writer.lines()
    if framed:
        heading = _("{department}: its teams, and the teams of other departments they work with").format(
            department=page.title)
        placed = rankdir == "LR"  # the layout placed the legend with the boxes
        lines = with_frame(lines, analysis, heading, _page_facts(analysis, page), writer.used, legend=not placed)
        if not placed:
            lines.insert(-1, "  { rank=sink; legend; }")  # beside the end clients, as on the full diagram
    return DotDiagram("\n".join(lines) + "\n", frozenset(writer.used))


def _page_facts(analysis: Analysis, page: PageOfTeams) -> str:
    """The counts of one page's teams, in the words of the full diagram's title."""
    teams = set(page.teams)
    org = analysis.org
    links = sum(1 for link in org.links if link.supplier in teams or link.client in teams)
    weak = sum(1 for finding in analysis.findings if teams.intersection(finding.subject))
    return facts_line(analysis, len(teams), org.workers_of(page.teams), links, weak)

