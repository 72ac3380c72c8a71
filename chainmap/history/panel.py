"""The report's "Over time" panel: what moved, the trend charts, and a date slider over the diagram.

The diagram is drawn once, with every team and link the history ever had, so that nothing
moves on the page when the slider does: at each day, the script greys out what did not
exist yet (or any more), dashes the links one side only declares, thickens in purple the
poorly rated ones, and marks in red the teams whose work reaches no end client. The panel
plugs into the report (:class:`chainmap.report.Panel`: its HTML, script and styles), which
keeps its own Content-Security-Policy (the script is allowed by its hash, with the report's).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import GraphvizFailed, GraphvizMissing
from ..i18n import _
from ..i18n.localise import format_date
from ..render import style
from ..render.escape import html_text, quoted, wrap
from ..render.graphviz_run import run_graphviz
from .charts import chart_bytes
from .compute import History, PointResult
from .summary import moved_line

__all__ = ["HistoryPanel", "history_panel", "union_dot", "MAX_SLIDER_TEAMS", "MAX_SLIDER_POINTS"]

MAX_SLIDER_TEAMS = 300   # above, a drawing of every team is unreadable (as for `chainmap render`)
MAX_SLIDER_POINTS = 60   # evenly chosen, the last always kept
SCREEN = (11.0, 14.0)    # the charts' size in the report, in inches (drawn at 100 dpi): taller than wide, as on paper


@dataclass(frozen=True)
class HistoryPanel:
    """What a report needs to show the panel: its HTML, its script and its styles."""

    html: str
    script: str
    css: str


def _asset(name: str) -> str:
    return resources.files("chainmap.history").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def history_panel(history: History) -> HistoryPanel:
    """The panel of ``history`` (see the module docstring); charts only when the diagram would be too large."""
    points = _slider_points(history.loaded)
    png = base64.b64encode(chart_bytes(history, ".png", size=SCREEN, dpi=100)).decode("ascii")
    charts = (f'<img class="cm-trends" alt="{escape(_("Charts of the trends: weak links, confirmed links, satisfaction, eNPS and NPS, people, chains"))}"'
              f' src="data:image/png;base64,{png}">')
    diagram, note = _slider(points)
    html = ('<section id="history" aria-labelledby="history-title">'
            f'<h2 id="history-title">{escape(_("Over time"))}</h2>'
            f'<p class="lead">{escape(moved_line(history))}</p>'
            + diagram + (f'<p class="notice">{escape(note)}</p>' if note else "") + charts + '</section>')
    return HistoryPanel(html, _asset("history.js"), _asset("history.css"))


def _slider_points(loaded: Sequence[PointResult]) -> List[PointResult]:
    if len(loaded) <= MAX_SLIDER_POINTS:
        return list(loaded)
    step = (len(loaded) - 1) / (MAX_SLIDER_POINTS - 1)
    return [loaded[round(i * step)] for i in range(MAX_SLIDER_POINTS)]


def _slider(points: List[PointResult]) -> Tuple[str, Optional[str]]:
    """The slider and its diagram, or why there is none."""
    if len(points) < 2:
        return "", _("The history has a single version: the slider needs two.")
    teams, clients, links = _union(points)
    if len(teams) > MAX_SLIDER_TEAMS:
        return "", _("The organisation had more than {n} teams: the date slider is shown up to that size, the charts below cover everything.").format(n=MAX_SLIDER_TEAMS)
    try:
        from ..report.svg import inline_svg
        svg = inline_svg(run_graphviz(union_dot(teams, clients, links), "svg", timeout=45))
    except (GraphvizMissing, GraphvizFailed) as error:
        return "", str(error)
    data = _slider_data(points, teams, clients, links)
    last = len(points) - 1
    label = escape(_("Day shown"))
    return (f'<div class="cm-slider"><label for="cm-history-slider">{label}</label>'
            f'<input id="cm-history-slider" type="range" min="0" max="{last}" value="{last}" step="1">'
            f'<output id="cm-history-day" for="cm-history-slider"></output></div>'
            f'<p id="cm-history-figures" class="cm-history-figures" aria-live="polite"></p>'
            f'<figure class="diagram" id="cm-history-diagram">{svg}</figure>'
            f'{_legend()}'
            f'<script type="application/json" id="cm-history-data">{_script_json(data)}</script>'), None


def _union(points: List[PointResult]) -> Tuple[Dict[str, List[str]], Dict[str, str], List[Tuple[str, str]]]:
    """Every team (its latest name and department), end client and link the points ever had."""
    teams: Dict[str, List[str]] = {}
    clients: Dict[str, str] = {}
    links: Dict[Tuple[str, str], None] = {}
    for point in points:
        shape = (point.figures or {})["shape"]
        teams.update(shape["teams"])
        clients.update(shape["end_clients"])
        links.update({(s, c): None for s, c, _confirmed in shape["links"]})
    return dict(sorted(teams.items())), dict(sorted(clients.items())), sorted(links)


def union_dot(teams: Dict[str, List[str]], clients: Dict[str, str], links: List[Tuple[str, str]]) -> str:
    """The DOT of every team, end client and link of the history, in neutral colours
    (the script colours them day by day). Synthetic ids ``h…``, ``hc…``: names only in labels."""
    ids = {team: f"h{i}" for i, team in enumerate(teams)}
    ids.update({client: f"hc{i}" for i, client in enumerate(clients)})
    font = quoted(style.FONT)
    lines = ["digraph history {",
             f"  graph [rankdir=LR, nodesep=0.25, ranksep=0.7, pad=0.2, fontname={font}, bgcolor=\"#ffffff\"];",
             f"  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color={quoted(style.LINE)}, penwidth=1.2,"
             f" fontname={font}, fontsize=12, fontcolor={quoted(style.INK)}, margin=\"0.12,0.06\"];",
             f"  edge [color={quoted(style.LINE)}, penwidth=1.3, arrowsize=0.8];"]
    for team, (name, _department) in teams.items():
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(name))
        lines.append(f"  {ids[team]} [id={quoted(ids[team])}, label=<{label}>, tooltip={quoted(name)}];")
    for client, name in clients.items():
        attributes = ", ".join(f"{k}={quoted(v)}" for k, v in sorted(style.NODE_STYLES["end_client"].items()))
        label = "<BR/>".join(f"<B>{html_text(line)}</B>" for line in wrap(name, 20))
        lines.append(f"  {ids[client]} [id={quoted(ids[client])}, label=<{label}>, tooltip={quoted(name)}, {attributes}];")
    for number, (supplier, client) in enumerate(links):
        if supplier in ids and client in ids:
            lines.append(f"  {ids[supplier]} -> {ids[client]} [id=\"hl{number}\"];")
    lines.append("  { rank=sink; " + " ".join(ids[c] for c in clients) + " }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _slider_data(points: List[PointResult], teams: Dict[str, List[str]], clients: Dict[str, str],
                 links: List[Tuple[str, str]]) -> Dict[str, Any]:
    ids = {team: f"h{i}" for i, team in enumerate(teams)}
    ids.update({client: f"hc{i}" for i, client in enumerate(clients)})
    link_ids = {pair: f"hl{i}" for i, pair in enumerate(links)}
    return {"points": [_point_data(p, ids, link_ids) for p in points],
            "words": {"errors": _("errors"), "warnings": _("warnings"), "confirmed": _("links confirmed"),
                      "satisfaction": _("satisfaction"), "workers": _("workers"), "nochain": _("with no chain")}}


def _point_data(point: PointResult, ids: Dict[str, str], link_ids: Dict[Tuple[str, str], str]) -> Dict[str, Any]:
    figures = point.figures or {}
    shape = figures["shape"]
    threshold = figures["settings"]["min_satisfaction"]
    scores = figures["satisfaction"]["links"]
    states: Dict[str, str] = {}
    for supplier, client, confirmed in shape["links"]:
        score = scores.get(f"{supplier}->{client}")
        weak = score is not None and score < threshold
        states[link_ids[(supplier, client)]] = ("w" if weak else "") + ("c" if confirmed else "o")
    severity = figures["findings"]["by_severity"]
    return {
        "day": format_date(point.point.day), "ref": point.point.short_ref, "label": point.point.label,
        "nodes": [ids[t] for t in shape["teams"]] + [ids[c] for c in shape["end_clients"]],
        "nochain": [ids[t] for t in shape["no_chain"]],
        "links": states,
        "figures": {"errors": severity["error"], "warnings": severity["warning"],
                    "confirmed": figures["links_confirmed_share"], "satisfaction": figures["satisfaction"]["mean"],
                    "workers": figures["workers"], "nochain": figures["workers_without_chain"]},
    }


def _legend() -> str:
    items = [("cm-key-absent", _("not there on that day")), ("cm-key-one-sided", _("declared by one side only")),
             ("cm-key-weak", _("rated below the threshold")), ("cm-key-broken", _("its work reaches no end client"))]
    return '<ul class="cm-history-legend">' + "".join(
        f'<li><span class="cm-key {key}"></span>{escape(words)}</li>' for key, words in items) + "</ul>"


def _script_json(data: Any) -> str:
    """JSON that cannot close its ``<script>`` element (``<`` is escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
