"""The department overview of a large organisation: one box per department, arrows counted.

A drawing of 300 teams is unreadable on any paper, and Graphviz's cost grows with the
edges' rank spans, not the node count (see DESIGN.md). So a large organisation is drawn in
two levels: this overview, and one page per department (:mod:`chainmap.render.pages`).

The overview has one node per department (its teams, workers and weak links counted),
the end clients, and one arrow per pair of departments that has links, labelled with how
many links it stands for and how many of them are weak. When arrows are many, each
department keeps its main one (:mod:`chainmap.render.skeleton`). The end clients are drawn
once, at the right; departments stand in columns counted from them, and only those next to
them draw arrows to them, the others a short arrow to a signpost counting those links
(:mod:`chainmap.render.columns`: a hundred arrows to three boxes were a tangle). Arrows and departments are shaded by the share of their links that are weak (grey,
then orange, then red), so that the worst departments stand out at a glance.
``framed=True`` adds the title and the legend inside the drawing, as ``chainmap render`` does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Collection, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from ..analysis import Analysis, Finding
from ..i18n import _, ngettext
from ..i18n.localise import format_number
from ..model import Link
from ..scores import is_below
from . import columns as placed
from . import skeleton as pruning
from . import style
from .dot import facts_line
from .escape import dot_attributes, html_text, wrap
from .frame import DotDiagram, graph_defaults, with_frame
from .pages import department_names, department_of
from .skeleton import Arrows, LeftOut, placing_arrows

__all__ = ["DepartmentFacts", "department_node", "left_out_words", "overview_dot", "overview_box_of"]


@dataclass
class DepartmentFacts:
    teams: int = 0
    workers: int = 0
    inside_links: int = 0
    errors: int = 0
    warnings: int = 0
    links: int = 0  # links with a team of the department at one end or both
    weak: int = 0  # of which weak: one-sided or poorly rated

    @property
    def weak_share(self) -> float:
        return self.weak / self.links if self.links else 0.0


def _department_facts(analysis: Analysis) -> Dict[str, DepartmentFacts]:
    """Each department's counts, in the words of ``chainmap weak``: its errors and warnings add
    up to the organisation's, and a worker in two of its teams is one worker."""
    org = analysis.org
    facts: Dict[str, DepartmentFacts] = {}
    teams: Dict[str, List[str]] = {}
    for team_id in org.teams:
        teams.setdefault(department_of(analysis, team_id), []).append(team_id)
    for name, members in teams.items():
        facts[name] = DepartmentFacts(teams=len(members), workers=org.workers_of(members))
    for link in org.links:
        if link.supplier not in org.teams or (link.supplier, link.client) not in analysis.graph.edges:
            continue
        ends = {department_of(analysis, team) for team in (link.supplier, link.client) if team in org.teams}
        if len(ends) == 1 and link.client in org.teams:
            facts[department_of(analysis, link.supplier)].inside_links += 1
        for name in ends:
            facts[name].links += 1
            facts[name].weak += _is_weak(link, analysis)
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
    low = link.satisfaction is not None and is_below(link.satisfaction, analysis.org.settings.min_satisfaction)
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



def overview_dot(analysis: Analysis, page_of_department: Optional[Mapping[str, str]] = None,
                 framed: bool = False, rankdir: str = "LR") -> DotDiagram:
    """Departments as nodes with their counts, links between them counted, weak ones badged.

    ``page_of_department`` maps a department to the page where it is drawn (shown in its node).
    Its text is larger than the team diagrams' (12 pt at least), because the overview is
    read from further away and must stay legible when a wide organisation is shrunk to fit.
    ``rankdir="TB"`` draws value flowing downwards, for long chains of departments.

    With many departments each keeps only its main arrow (see :func:`chainmap.render.skeleton.skeleton`), and its
    box counts the links left out. Every arrow places the departments (a client stands after
    its supplier), except one that would close a circle (see :func:`chainmap.render.skeleton.placing_arrows`).
    """
    facts = _department_facts(analysis)
    names = sorted(facts)
    ids = _overview_ids(analysis, names)
    drawn, left_out = pruning.skeleton(_between_departments(analysis), analysis.org.end_clients, len(names))
    placing = placing_arrows(drawn, analysis.org.end_clients)
    column = placed.columns(placing, analysis.org.end_clients)
    drawn, said = placed.far_from_end_clients(drawn, column, analysis.org.end_clients)
    drawn, back = placed.long_ways_back(drawn, placing, column)
    left_out = _with_ways_back(left_out, back)
    lines = ["digraph chainmap_overview {", *graph_defaults(rankdir)]
    lines[2] = lines[2].replace("nodesep=0.3, ranksep=0.75", "nodesep=0.4, ranksep=0.9")
    lines += _department_nodes(analysis, facts, ids, page_of_department or {}, left_out)
    end_boxes = _end_client_nodes(analysis, ids)  # drawn once, however crowded
    lines += end_boxes
    lines += _arrow_lines(drawn, placing, ids)
    lines += _end_client_labels(said, ids, rankdir)
    lines += placed.rank_lines(column, ids, {f"{ids[name]}e": column[name] - 1 for name in said})
    if analysis.org.end_clients:
        lines.append("  { rank=sink; " + " ".join(ids[c] for c in analysis.org.end_clients) + "; }")
    lines.append("}")
    used = {"department", *(_arrow_kind(total, weak) for total, weak in [*drawn.values(), *said.values()])}
    used |= {"end_client"} if end_boxes else set()
    used |= {"end-client-label" if rankdir == "LR" else "end-client-label-down"} if said else set()
    if framed:
        org = analysis.org
        heading = ngettext("Its {n} department and the links between them", "Its {n} departments and the links between them",
                           len(names)).format(n=format_number(len(names)))
        counts = facts_line(analysis, len(org.teams), len(org.workers), len(org.links), len(analysis.findings))
        lines = with_frame(lines, analysis, heading, counts, used)
    return DotDiagram("\n".join(lines) + "\n", frozenset(used))


def _department_nodes(analysis: Analysis, facts: Mapping[str, DepartmentFacts], ids: Mapping[str, str],
                      page_of: Mapping[str, str], left_out: Mapping[str, LeftOut]) -> List[str]:
    """One box per department, in name order, shaded by the share of its links that are weak."""
    lines = []
    for name in sorted(facts):
        node = department_node(name, facts[name], style.weak_share_fill(facts[name].weak_share), page_of, left_out.get(name))
        lines.append(f"  {ids[name]} [{dot_attributes(dict(node, id=ids[name]))}];")
    return lines


def _arrow_lines(drawn: Arrows, placing: Set[Tuple[str, str]], ids: Mapping[str, str]) -> List[str]:
    """The arrows between departments (and to the shared end-client boxes), in a fixed order."""
    lines = []
    for (source, target), (total, weak) in sorted(drawn.items()):
        edge = _department_edge(total, weak)
        if (source, target) not in placing:
            edge["constraint"] = "false"  # it would close a circle: drawn, but it places nobody
        lines.append(f"  {ids[source]} -> {ids[target]} [{dot_attributes(edge)}];")
    return lines


def _with_ways_back(left_out: Mapping[str, LeftOut], back: Mapping[str, Tuple[int, int]]) -> Dict[str, LeftOut]:
    """What each box says its arrows leave out, with the long ways back not drawn."""
    counted = dict(left_out)
    for name, (links, arrows) in back.items():
        before = counted.get(name, LeftOut())
        counted[name] = LeftOut(before.links + links, before.departments + arrows, before.to_end_clients)
    return counted


def _end_client_labels(said: Mapping[str, Tuple[int, int]], ids: Mapping[str, str], rankdir: str = "LR") -> List[str]:
    """For a department far from the end clients, a short arrow to a label that counts its
    links to them, shaded as an arrow would be: the chain still ends at the end clients.
    The label points the way value flows: right (``cds``), or down in a drawing flowing
    downwards (``invhouse``)."""
    lines = []
    for name, (total, weak) in sorted(said.items()):
        node = f"{ids[name]}e"
        counted, *weak_words = _count_words(total, weak)
        colour = style.weak_share_colour(weak / total)
        rows = [f"<B>{html_text(_('end clients'))}</B>", html_text(counted)]
        rows += [f'<FONT COLOR="{colour}"><B>{html_text(words)}</B></FONT>' for words in weak_words]
        navy = style.NODE_STYLES["end_client"]["fillcolor"]
        label = dict(shape="cds" if rankdir == "LR" else "invhouse", style="filled", fillcolor="#ffffff", color=navy, penwidth="1.2", margin="0.14,0.07",
                     label="<" + "<BR/>".join(rows) + ">", fontsize="13", fontcolor=navy, id=node,
                     tooltip=_("{department}: its links to the end clients").format(department=name))
        edge = dict(style.OVERVIEW_ARROWS[_arrow_kind(total, weak)], color=colour, penwidth=f"{1.2 + math.log2(total):.2f}")
        lines += [f"  {node} [{dot_attributes(label)}];", f"  {ids[name]} -> {node} [{dot_attributes(edge)}];"]
    return lines


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
        lines.append(f"  {ids[client_id]} [{dot_attributes(attributes)}];")
    return lines


def department_node(name: str, facts: DepartmentFacts, fill: str, page_of: Mapping[str, str],
                     left_out: Optional[LeftOut] = None) -> Dict[str, str]:
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
    if facts.weak:
        text = _("⚠ {share} of its links weak ({weak} of {links})").format(
            share=_percent(facts.weak_share), weak=format_number(facts.weak), links=format_number(facts.links))
        rows.append(f'<FONT COLOR="{style.weak_share_colour(facts.weak_share)}"><B>{html_text(text)}</B></FONT>')
    if facts.warnings:
        text = ngettext("{n} warning", "{n} warnings", facts.warnings).format(n=format_number(facts.warnings))
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(text)}</FONT>')
    for text in left_out_words(left_out or LeftOut()):
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(text)}</FONT>')
    if name in page_of:
        rows.append(f'<FONT COLOR="{style.MUTED}">{html_text(_("details: page {page}").format(page=page_of[name]))}</FONT>')
    border = style.ERROR if facts.errors else (style.weak_share_colour(facts.weak_share) if facts.weak else style.DEPARTMENT_BORDER)
    width = 3.0 if facts.errors else 1.4 + 2.0 * facts.weak_share
    return {"label": "<" + "<BR/>".join(rows) + ">", "style": "rounded,filled", "fillcolor": fill,
            "color": border, "penwidth": f"{width:.1f}", "fontsize": "13",
            "width": "2.6", "height": "1.0", "tooltip": name}  # the same size for all: it said nothing else


def left_out_words(left_out: LeftOut) -> List[str]:
    """The box's lines about the links its arrows do not show."""
    words = []
    if left_out.departments:
        departments = ngettext("{n} department", "{n} departments", left_out.departments).format(
            n=format_number(left_out.departments))
        words.append(ngettext("+ {links} link to {departments} not drawn", "+ {links} links to {departments} not drawn",
                              left_out.links).format(links=format_number(left_out.links), departments=departments))
    if left_out.to_end_clients:
        words.append(ngettext("+ {n} link to the end clients not drawn", "+ {n} links to the end clients not drawn",
                              left_out.to_end_clients).format(n=format_number(left_out.to_end_clients)))
    return words


def _percent(share: float) -> str:
    return _("{n} %").format(n=format_number(round(100 * share)))


def _count_words(total: int, weak: int) -> List[str]:
    """"12 links", and "⚠ 3 weak (25 %)" when some are."""
    words = [ngettext("{n} link", "{n} links", total).format(n=format_number(total))]
    if weak:
        words.append(ngettext("⚠ {n} weak ({share})", "⚠ {n} weak ({share})", weak).format(
            n=format_number(weak), share=_percent(weak / total)))
    return words


def _arrow_kind(total: int, weak: int) -> str:
    """The legend key of an arrow between departments: none, some or all of its links weak."""
    return "all-weak-links" if weak == total else ("weak-links" if weak else "department-links")


def _department_edge(total: int, weak: int) -> Dict[str, str]:
    """An arrow coloured by the share of its links that are weak, continuously ("35 links,
    16 weak" is half orange, not grey as when only a majority counted)."""
    counted, *weak_words = _count_words(total, weak)
    colour = style.weak_share_colour(weak / total)
    parts = [f"<B>{html_text(counted)}</B>"] + [f'<FONT COLOR="{colour}"><B>{html_text(w)}</B></FONT>' for w in weak_words]
    return dict(style.OVERVIEW_ARROWS[_arrow_kind(total, weak)], color=colour, label="<" + "<BR/>".join(parts) + ">",
                fontsize="13", penwidth=f"{1.2 + math.log2(total):.2f}")
