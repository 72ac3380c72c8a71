"""The self-contained HTML report: one file, no network, safe with any declaration.

Everything is inline (styles, script, diagram, data), so the file works from an e-mail
attachment. Every text from the declarations goes through :func:`html.escape`, the
SVG is rebuilt from an allow-list (:mod:`chainmap.report.svg`) and the data is JSON with
``<`` escaped (:func:`chainmap.report.data.script_json`). On top of that, the page's
Content-Security-Policy forbids any network source and allows exactly one script: ours,
by its SHA-256 hash. An injected ``<script>`` or ``onerror=`` could not run even if it
slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib import resources
from typing import Optional, Protocol, Sequence

from ..analysis import Analysis
from ..analysis.figures import Figure, figure_rows, key_figures
from ..analysis.triage import Triage
from ..i18n import _, language
from ..i18n.localise import format_date, format_number
from ..render import style
from ..render.overview import overview_box_of
from ..version import __version__
from .data import departments, report_data, script_json
from .table import findings_section

__all__ = ["report_html", "content_security_policy", "script_hash", "asset", "Panel"]


class Panel(Protocol):
    """A section another part of chainmap adds to the report (the history's "Over time")."""

    html: str
    script: str
    css: str


def asset(name: str) -> str:
    """The text of a file shipped in ``chainmap/report/assets``."""
    return resources.files("chainmap.report").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script: ``'sha256-…'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script: str) -> str:
    """No remote source of any kind; inline styles; only our own script, by its hash."""
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'")


def report_html(analysis: Analysis, svg: Optional[str], diagram_problem: Optional[str] = None,
                overview: bool = False, panels: Sequence[Panel] = (), triage: Optional[Triage] = None) -> str:
    """The whole report page. ``svg`` is the sanitised diagram (``None``: none could be drawn);
    ``overview``: it is the department overview, whose boxes are departments, not teams.
    ``panels`` are further sections (such as the history's), each with its HTML, script and
    styles: their scripts join the report's in its one hash-allowed script."""
    script = asset("report.js") + "".join("\n" + panel.script for panel in panels)
    org = analysis.org
    title = _("{org}: supplier–client chains and weak links").format(org=org.name)
    return "".join([
        "<!DOCTYPE html>\n",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(script)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="chainmap {__version__}">',
        f"<title>{escape(title)}</title>",
        f"<style>{_colours()}{asset('report.css')}{''.join(panel.css for panel in panels)}</style></head><body>",
        _masthead(analysis),
        '<main>',
        _figures(analysis),
        _explore(analysis, svg, diagram_problem, overview),
        *(panel.html for panel in panels),
        findings_section(analysis, triage),
        '</main>',
        _footer(analysis),
        f'<script type="application/json" id="cm-data">{script_json(report_data(analysis, overview_box_of(analysis) if overview else None))}</script>',
        f"<script>{script}</script></body></html>\n",
    ])


# What feeds a selection, in the report's highlight: a bright blue, unlike the grey-blue of
# the links (#56657a) and the navy of the end clients (#1b3a5c) it was, which readers could
# not tell apart: CIE ΔE over 35 from every colour of the drawings' links and borders,
# 5.6:1 on white, and drawn wider than they are.
UPSTREAM = "#0066cc"


def _colours() -> str:
    """The diagrams' colours (chainmap.render.style) as CSS variables, so both agree."""
    colours = {
        "ink": style.INK, "muted": style.MUTED, "line": style.LINE, "error": style.ERROR,
        "warning": style.WARNING, "info": style.INFO, "highlight": style.HIGHLIGHT,
        "border": style.DEPARTMENT_BORDER, "chain": style.EDGE_STYLES["chain"]["color"],
        "end": style.NODE_STYLES["end_client"]["fillcolor"], "dept": style.DEPARTMENT_FILLS[0],
        "up": UPSTREAM,
    }
    body = "".join(f"--{name}:{value};" for name, value in colours.items())
    return f":root{{{body}--font:{_font_stack()};}}"


def _font_stack() -> str:
    return f'"{style.FONT}", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif'


def _masthead(analysis: Analysis) -> str:
    org = analysis.org
    depts = len(departments(analysis))
    meta = _("Situation as of {date} · {teams} teams in {departments} departments · {clients} end clients").format(
        date=format_date(analysis.as_of), teams=format_number(len(org.teams)), departments=depts, clients=len(org.end_clients))
    return (f'<header class="masthead"><p class="kicker">{escape(_("Supplier–client chains report"))}</p>'
            f'<h1>{escape(org.name)}</h1><p class="meta">{escape(meta)}</p></header>')


def _figures(analysis: Analysis) -> str:
    """The key figures, counted and worded as on the poster (:mod:`chainmap.analysis.figures`)."""
    cards = "".join(_card(figure) for figure in figure_rows(key_figures(analysis)))
    return (f'<section class="figures" aria-label="{escape(_("Key figures"))}">{cards}</section>')


def _card(figure: Figure) -> str:
    kind = f"card {figure.tone}" if figure.tone else "card"
    return (f'<div class="{kind}" data-figure="{figure.key}"><p class="value">{escape(figure.value)}</p>'
            f'<p class="label">{escape(figure.label)}</p><p class="detail">{_details(figure)}</p></div>')


def _details(figure: Figure) -> str:
    """The figure's details as HTML: a severity's count as its badge, other items separated
    by commas, each kept on one line when it fits ("2 broken chains," / "1 isolated team")."""
    badges = [f'<button type="button" class="badge {severity}" data-severity="{severity}" title="{escape(_("Show these in the table of weak links"))}">'
              f'{escape(text)}</button>' for text, severity in figure.details if severity]
    plain = [text for text, severity in figure.details if not severity]
    items = [f'<span class="item">{escape(text)}{"," if index < len(plain) - 1 else ""}</span>'
             for index, text in enumerate(plain)]
    return " ".join(badges + items)


def _explore(analysis: Analysis, svg: Optional[str], diagram_problem: Optional[str], overview: bool = False) -> str:
    search_label = _("Find a team or a worker")
    lead = _("Search for a team or a worker to see their chain to the end clients, or click a team in the diagram to light up everything it feeds and everything that feeds it.")
    if overview:
        lead = _("The organisation has too many teams to draw one by one: the diagram shows its departments and the main links between them. Search for a team or a worker to see their chain to the end clients, or click a department to light up where its work goes and what feeds it.")
    placeholder = _("Type part of a name, e.g. {example}").format(example=_example_name(analysis))
    diagram = f'<figure class="diagram" id="cm-diagram">{svg}</figure>' if svg else (
        f'<p class="notice">{escape(diagram_problem or _("The diagram could not be drawn."))}</p>')
    return (
        '<section id="explore" aria-labelledby="explore-title">'
        f'<h2 id="explore-title">{escape(_("Where does the work go?"))}</h2>'
        f'<p class="lead">{escape(lead)}</p>'
        '<div class="search"><label for="cm-search">' + escape(search_label) + '</label>'
        f'<input id="cm-search" type="search" autocomplete="off" spellcheck="false" role="combobox" aria-expanded="false" '
        f'aria-controls="cm-results" aria-autocomplete="list" placeholder="{escape(placeholder)}">'
        '<ul id="cm-results" role="listbox" hidden></ul></div>'
        '<div id="cm-selection" class="selection" aria-live="polite" hidden></div>'
        + _diagram_tools(svg is not None) + diagram + '</section>')


def _example_name(analysis: Analysis) -> str:
    """A name from this organisation, so the placeholder shows what to type."""
    names = [w.name for w in analysis.org.workers.values()] + [t.name for t in analysis.org.teams.values()]
    return names[0] if names else "…"


def _diagram_tools(enabled: bool) -> str:
    if not enabled:
        return ""
    """The zoom buttons, and the hint the script shows while the diagram is larger than its
    frame (it opens at reading size). The script words the whole/reading-size button after
    what it will do: "See the whole diagram" or "Zoom in to read"."""
    buttons = [("zoom-out", "−", _("Zoom out")), ("zoom-in", "+", _("Zoom in"))]
    items = "".join(f'<button type="button" id="cm-{key}" title="{escape(tip)}" aria-label="{escape(tip)}">{escape(text)}</button>'
                    for key, text, tip in buttons)
    items += (f'<button type="button" id="cm-fit" class="cm-fit">{escape(_("See the whole diagram"))}</button>'
              f'<button type="button" id="cm-clear">{escape(_("Clear the highlight"))}</button>')
    hint = _("Drag the diagram, or scroll, to see the rest of it.")
    return f'<div class="diagram-tools"><p class="pan-hint" id="cm-pan-hint" hidden>{escape(hint)}</p>{items}</div>'


def _footer(analysis: Analysis) -> str:
    text = _("Made with chainmap {version} from the teams' declarations, as of {date}. "
             "This file works offline: it loads nothing from the network.").format(
        version=__version__, date=format_date(analysis.as_of))
    return f'<footer>{escape(text)}</footer>'
