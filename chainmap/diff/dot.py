"""The diagram of a diff: both versions in one drawing, what changed in colour.

Added links and teams are green, removed ones grey and dashed, weak links that were
fixed carry a green ✓, new weak links an orange or red "!". Everything else is drawn in
the ordinary style, lighter, so that the eye goes to the changes. DOT is written
directly with synthetic node ids (as :mod:`chainmap.render.dot` does), with the colours
of :mod:`chainmap.render.style`, so the same two versions always give the same text.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..analysis import Finding
from ..analysis.words import rule_title
from ..i18n import _
from ..model import Link
from ..render import style
from ..render.escape import html_text, quoted, wrap
from .changes import OrgDiff
from .figures import change_words

__all__ = ["diff_dot", "ADDED", "REMOVED"]

ADDED = style.GOOD
REMOVED = style.INFO                     # grey: "for information", no longer there (teams)
REMOVED_LINK = style.ERROR               # a link removed: red, dashed and crossed (✗), plainly visible
UNCHANGED = "#b3bcc6"                    # lighter than any change, so that the eye goes to the changes
Pair = Tuple[str, str]


def diff_dot(d: OrgDiff, old_label: str, new_label: str) -> str:
    """The DOT text of the diff's diagram."""
    return "\n".join(_DiffWriter(d, old_label, new_label).lines()) + "\n"


class _DiffWriter:
    """One method per part of the drawing, as in render/dot.py."""

    def __init__(self, d: OrgDiff, old_label: str, new_label: str):
        self.d, self.old_label, self.new_label = d, old_label, new_label
        teams = sorted(d.old.org.teams.keys() | d.new.org.teams.keys())
        clients = sorted(d.old.org.end_clients.keys() | d.new.org.end_clients.keys())
        self.ids: Dict[str, str] = {t: f"t{i}" for i, t in enumerate(teams)}
        self.ids.update({c: f"e{i}" for i, c in enumerate(clients)})
        self.clients = clients
        self.fixed_links = {f.subject: f for f in d.findings_fixed if f.is_link}
        self.new_links = {f.subject: f for f in d.findings_new if f.is_link}
        self.scores = {pair: (before, after) for pair, before, after in d.figures.satisfaction}
        self.enps = {team: (before, after) for team, before, after in d.figures.enps}
        self.nps = {client: (before, after) for client, before, after in d.figures.nps}

    def lines(self) -> List[str]:
        font = quoted(style.FONT)
        title = (f'<FONT POINT-SIZE="20"><B>{html_text(self.d.new.org.name)}</B></FONT><BR/>'
                 f'<FONT POINT-SIZE="13" COLOR="{style.MUTED}">{html_text(_("What changed from {old} to {new}").format(old=self.old_label, new=self.new_label))}</FONT><BR/>'
                 f'<FONT POINT-SIZE="11" COLOR="{style.MUTED}">{html_text(self._counts())}</FONT>')
        return [
            "digraph chainmap_diff {",
            f"  graph [rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.8, pad=0.35, fontname={font}, labelloc=t,"
            f" labeljust=l, bgcolor=\"#ffffff\", label=<{title}>];",
            f"  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname={font}, fontsize=12,"
            f" fontcolor={quoted(style.INK)}, color={quoted(style.LINE)}, margin=\"0.14,0.07\"];",
            f"  edge [fontname={font}, fontsize={style.LINK_FONT_SIZE}, arrowsize=0.8];",
            *self._teams(), *self._end_clients(), *self._links(),
            f"  legend [shape=plain, style=\"\", label=<{self._legend()}>];",
            "  { rank=sink; " + " ".join(self.ids[c] for c in self.clients) + " legend; }",
            "}",
        ]

    def _counts(self) -> str:
        d = self.d
        return _("{added} links added · {removed} removed · {confirmed} newly confirmed · {fixed} weak links fixed · {new} new").format(
            added=len(d.links_added), removed=len(d.links_removed), confirmed=len(d.newly_confirmed),
            fixed=len(d.findings_fixed), new=len(d.findings_new)) + self._figure_counts()

    def _figure_counts(self) -> str:
        figures = self.d.figures
        count = len(figures.satisfaction) + len(figures.enps) + len(figures.nps)
        return " · " + _("{n} scores changed").format(n=count) if count else ""

    def _teams(self) -> List[str]:
        fixed: Dict[str, List[Finding]] = {}
        new: Dict[str, List[Finding]] = {}
        for findings, marks in ((self.d.findings_fixed, fixed), (self.d.findings_new, new)):
            for finding in findings:
                team = self._team_of(finding)
                if team is not None:
                    marks.setdefault(team, []).append(finding)
        by_department: Dict[str, List[str]] = {}
        for team_id in sorted(self.d.old.org.teams.keys() | self.d.new.org.teams.keys()):
            line = self._team(team_id, fixed.get(team_id, []), new.get(team_id, []))
            by_department.setdefault(self._department(team_id), []).append(line)
        return self._department_boxes(by_department)

    def _department(self, team_id: str) -> str:
        org = self.d.new.org if team_id in self.d.new.org.teams else self.d.old.org
        return org.teams[team_id].department or ""

    def _department_boxes(self, by_department: Dict[str, List[str]]) -> List[str]:
        """Each department's teams in a box tinted as on every drawing (as ``render``'s runs)."""
        fills = style.department_fills(name for name in by_department if name)
        lines = list(by_department.get("", []))
        for index, name in enumerate(sorted(name for name in by_department if name)):
            lines += [f"  subgraph cluster_d{index} {{",
                      f"    label=<<B>{html_text(name)}</B>>; labeljust=l; fontsize=11; fontcolor={quoted(style.MUTED)};"
                      f" style=\"rounded,filled\"; fillcolor={quoted(fills[name])}; color={quoted(style.DEPARTMENT_BORDER)};",
                      *["  " + line for line in by_department[name]], "  }"]
        return lines

    def _team(self, team_id: str, fixed: List[Finding], new: List[Finding]) -> str:
        removed = team_id in self.d.teams_removed
        team = (self.d.old.org if removed else self.d.new.org).teams[team_id]
        attributes = {"tooltip": team.name, "id": self.ids[team_id]}
        label = [f"<B>{html_text(line)}</B>" for line in wrap(team.name)]
        if team_id in self.d.teams_added:
            attributes.update(color=ADDED, penwidth="2.4", fillcolor="#eaf6ee")
            label.append(self._small(_("new team"), ADDED))
        elif removed:
            attributes.update(color=REMOVED, fontcolor=REMOVED, style="rounded,filled,dashed", fillcolor="#f4f4f4")
            label.append(self._small(_("removed"), REMOVED))
        if team_id in self.enps:
            before, after = self.enps[team_id]
            label.append(self._small(_("eNPS {change}").format(change=change_words(before, after)), _trend_colour(before, after)))
        label += [self._small("✓ " + rule_title(f.rule), ADDED) for f in fixed]
        label += [self._small("! " + rule_title(f.rule), style.BADGE_COLOURS[f.severity]) for f in new]
        return f"  {self.ids[team_id]} [label=<{'<BR/>'.join(label)}>, {_attributes(attributes)}];"

    def _team_of(self, finding: Finding) -> Optional[str]:
        """The team a finding is drawn on: its subject, or for a link to an unknown id, the known end."""
        if finding.team is not None:
            return finding.team
        ends = [end for end in finding.subject if end in self.ids]
        return ends[0] if len(ends) == 1 and ends[0] not in self.clients else None

    @staticmethod
    def _small(text: str, colour: str) -> str:
        return f'<FONT POINT-SIZE="10" COLOR="{colour}">{html_text(text)}</FONT>'

    def _end_clients(self) -> List[str]:
        lines = []
        for client_id in self.clients:
            org = self.d.new.org if client_id in self.d.new.org.end_clients else self.d.old.org
            name = org.end_clients[client_id].name
            label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(name, 20))
            if client_id in self.nps:
                label += '<BR/><FONT POINT-SIZE="10">' + html_text(_("NPS {change}").format(change=change_words(*self.nps[client_id]))) + "</FONT>"
            attributes = dict(style.NODE_STYLES["end_client"], tooltip=name, id=self.ids[client_id])
            lines.append(f"  {self.ids[client_id]} [label=<{label}>, {_attributes(attributes)}];")
        return lines

    def _links(self) -> List[str]:
        old = {(link.supplier, link.client): link for link in self.d.old.org.links}
        new = {(link.supplier, link.client): link for link in self.d.new.org.links}
        confirmed: Set[Pair] = {(link.supplier, link.client) for link in self.d.newly_confirmed}
        lines = []
        for pair in sorted(old.keys() | new.keys()):
            if pair[0] in self.ids and pair[1] in self.ids:
                lines.append(self._link(pair, new.get(pair) or old[pair], pair not in old, pair not in new, pair in confirmed))
        return lines

    def _link(self, pair: Pair, link: Link, added: bool, removed: bool, confirmed: bool) -> str:
        # Unchanged links are all drawn solid, whatever their status: dashed means "removed"
        # here, and a one-sided link drawn dashed read as removed. Weak links carry their "!".
        attributes = dict(style.EDGE_STYLES[link.status], color=UNCHANGED, style="solid")
        tooltip = f"{self._name(pair[0])} → {self._name(pair[1])}"
        if added or confirmed:
            attributes.update(color=ADDED, penwidth="2.6", style="solid")
            tooltip += " — " + (_("added") if added else _("now confirmed by both sides"))
        marks = []
        if removed:
            attributes.update(color=REMOVED_LINK, style="dashed", penwidth="2.2")
            marks.append(f'<FONT POINT-SIZE="16" COLOR="{REMOVED_LINK}"><B>✗</B></FONT>')
            tooltip += " — " + _("removed")
        if pair in self.fixed_links:
            marks.append(f'<FONT POINT-SIZE="16" COLOR="{ADDED}"><B>✓</B></FONT>')
            tooltip += " — " + _("fixed: {rule}").format(rule=rule_title(self.fixed_links[pair].rule))
        if pair in self.new_links:
            finding = self.new_links[pair]
            marks.append(f'<FONT POINT-SIZE="16" COLOR="{style.BADGE_COLOURS[finding.severity]}"><B>!</B></FONT>')
            tooltip += " — " + _("new: {rule}").format(rule=rule_title(finding.rule))
        if pair in self.scores:
            before, after = self.scores[pair]
            marks.append(f'<FONT POINT-SIZE="11" COLOR="{_trend_colour(before, after)}"><B>{html_text(change_words(before, after))}</B></FONT>')
            tooltip += " — " + _("satisfaction {change}").format(change=change_words(before, after))
        attributes["tooltip"] = tooltip
        # decorate: a line joins the mark to its link, so that a ✓ by a crossing is not misread
        label = f", label=<{' '.join(marks)}>, decorate=\"true\"" if marks else ""
        return f"  {self.ids[pair[0]]} -> {self.ids[pair[1]]} [{_attributes(attributes)}{label}];"

    def _name(self, node: str) -> str:
        org = self.d.new.org if node in self.d.new.org.teams or node in self.d.new.org.end_clients else self.d.old.org
        return org.display_name(node)

    def _legend(self) -> str:
        rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_text(_("Legend"))}</B></TD></TR>']
        samples = [
            (f'<FONT COLOR="{ADDED}"><B>━━━▶</B></FONT>', _("link added, or now confirmed by both sides")),
            (f'<FONT COLOR="{REMOVED_LINK}"><B>╌╌✗╌▶</B></FONT>', _("link removed")),
            (f'<FONT COLOR="{UNCHANGED}">━━━▶</FONT>', _("link unchanged")),
            (f'<FONT COLOR="{ADDED}"><B>✓</B></FONT>', _("weak link fixed")),
            (f'<FONT COLOR="{style.BADGE_COLOURS["warning"]}"><B>!</B></FONT>', _("new weak link")),
            (f'<FONT COLOR="{ADDED}"><B>▢</B></FONT>', _("new team")),
            (f'<FONT COLOR="{REMOVED}">▢</FONT>', _("team removed")),
            (f'<FONT COLOR="{style.POOR_RATING}"><B>6 → 1</B></FONT>', _("a score, eNPS or NPS that fell (green: rose)")),
        ]
        rows += [f'<TR><TD>{sample}</TD><TD ALIGN="LEFT">{html_text(words)}</TD></TR>' for sample, words in samples]
        return (f'<TABLE BORDER="1" COLOR="{style.DEPARTMENT_BORDER}" CELLBORDER="0" CELLSPACING="4" '
                f'CELLPADDING="2" BGCOLOR="#ffffff" STYLE="rounded">' + "".join(rows) + "</TABLE>")


def _trend_colour(before: Optional[float], after: Optional[float]) -> str:
    """Green for a figure that rose, purple (a poorly rated link's colour) for one that fell."""
    if before is not None and after is not None and after > before:
        return ADDED
    return style.POOR_RATING if before is not None and after is not None and after < before else style.MUTED


def _attributes(attributes: Dict[str, str]) -> str:
    """``key="value"`` pairs in a fixed order (labels are written by the callers)."""
    return ", ".join(f"{key}={quoted(str(attributes[key]))}" for key in sorted(attributes))
