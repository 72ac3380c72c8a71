"""A Mermaid flowchart of the organisation, for GitHub/GitLab Markdown and wikis.

Mermaid ids are synthetic (``t1``, ``e1``, ``u1``, ``d1``), never the teams' ids, so no
id can collide with Mermaid's keywords (``end``, ``graph``…) or break the syntax; the
names people read go in quoted labels, where every character Mermaid would interpret is
written as an entity code (``#34;`` for a double quote…). Weak links are drawn as in
chainmap's diagrams: one-sided links dashed and orange, errors red, low satisfaction
thick; teams with findings get a coloured border. GitHub renders up to 500 links.
"""

from __future__ import annotations

import re
from typing import Dict, List

from ..analysis import Analysis
from ..analysis.words import number, rule_title
from ..i18n import _
from ..render.style import (
    DEPARTMENT_BORDER,
    ERROR,
    LINE,
    NODE_STYLES,
    POOR_RATING,
    WARNING,
    department_fills,
)
from .attributes import LinkRecord, NodeRecord, link_records, node_records

__all__ = ["mermaid_text", "mermaid_label", "mermaid_markdown"]

_ESCAPED = re.compile(r"[#\"&<>`|;{}\[\]()\\]")


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label that shows ``text`` exactly, whatever it contains.

    >>> mermaid_label('Soins "A" #2 <b>')
    '"Soins #34;A#34; #35;2 #60;b#62;"'
    """
    flat = " ".join(str(text).split())
    return '"' + _ESCAPED.sub(lambda found: f"#{ord(found.group())};", flat) + '"'


def mermaid_text(analysis: Analysis) -> str:
    """The flowchart (left to right: value flows towards the end clients)."""
    nodes = node_records(analysis)
    ids = _mermaid_ids(nodes)
    lines = ["flowchart LR", f"  %% {_comment(analysis.org.name)} (chainmap)"]
    lines += _node_lines(nodes, ids)
    links = link_records(analysis)
    styles: List[str] = []
    for index, link in enumerate(links):
        arrow, style = _arrow(link)
        label = _link_label(link)
        middle = f"{arrow}|{mermaid_label(label)}|" if label else arrow
        lines.append(f"  {ids[link.supplier]} {middle} {ids[link.client]}")
        styles.append(f"  linkStyle {index} {style}")
    lines += styles
    lines += _class_lines(nodes, ids)
    return "\n".join(lines) + "\n"


def mermaid_markdown(analysis: Analysis) -> str:
    """The flowchart inside a ```` ```mermaid ```` block, ready to paste into a Markdown page."""
    return f"```mermaid\n{mermaid_text(analysis)}```\n"


def _comment(text: str) -> str:
    return " ".join(text.split()).replace("%%", "%")


def _mermaid_ids(nodes: List[NodeRecord]) -> Dict[str, str]:
    counters = {"team": 0, "end_client": 0, "unknown": 0}
    prefixes = {"team": "t", "end_client": "e", "unknown": "u"}
    ids = {}
    for node in nodes:
        kind = node.attributes["kind"]
        counters[kind] += 1
        ids[node.id] = f"{prefixes[kind]}{counters[kind]}"
    return ids


def _node_lines(nodes: List[NodeRecord], ids: Dict[str, str]) -> List[str]:
    departments: Dict[str, List[NodeRecord]] = {}
    loose: List[NodeRecord] = []
    for node in nodes:
        department = node.attributes.get("department")
        (departments.setdefault(department, []) if department else loose).append(node)
    lines = []
    fills = department_fills(departments)
    for number_, (department, members) in enumerate(sorted(departments.items()), 1):
        lines.append(f"  subgraph d{number_}[{mermaid_label(department)}]")
        lines += [f"    {_node_shape(node, ids)}" for node in members]
        lines.append("  end")
        lines.append(f"  style d{number_} fill:{fills[department]},stroke:{DEPARTMENT_BORDER}")
    lines += [f"  {_node_shape(node, ids)}" for node in loose]
    return lines


def _node_shape(node: NodeRecord, ids: Dict[str, str]) -> str:
    label = mermaid_label(node.attributes["name"])
    kind = node.attributes["kind"]
    if kind == "end_client":
        return f"{ids[node.id]}([{label}])"
    if kind == "unknown":
        return f"{ids[node.id]}{{{{{mermaid_label(_('unknown: {id}').format(id=node.id))}}}}}"
    return f"{ids[node.id]}[{label}]"


def _arrow(link: LinkRecord) -> tuple:
    severity = link.attributes.get("severity")
    rules = {f.rule for f in link.findings}
    if severity == "error":
        return "-.->", f"stroke:{ERROR},stroke-width:2px,stroke-dasharray:5 4"
    if "one-sided" in rules:
        if "low-satisfaction" in rules:
            return "-.->", f"stroke:{POOR_RATING},stroke-width:4px,stroke-dasharray:5 4"
        return "-.->", f"stroke:{WARNING},stroke-width:2px,stroke-dasharray:5 4"
    if "low-satisfaction" in rules:
        return "==>", f"stroke:{POOR_RATING},stroke-width:4px"
    return "-->", f"stroke:{LINE},stroke-width:1.5px"


def _link_label(link: LinkRecord) -> str:
    parts = [rule_title(f.rule) for f in link.findings]
    if link.attributes.get("satisfaction") is not None and "low-satisfaction" in {f.rule for f in link.findings}:
        parts.append(f"{number(link.attributes['satisfaction'])}/10")
    return ", ".join(parts)


def _class_lines(nodes: List[NodeRecord], ids: Dict[str, str]) -> List[str]:
    end = NODE_STYLES["end_client"]
    lines = [
        f"  classDef endClient fill:{end['fillcolor']},stroke:{end['color']},color:{end['fontcolor']}",
        f"  classDef error fill:{NODE_STYLES['broken-chain']['fillcolor']},stroke:{ERROR},stroke-width:3px",
        f"  classDef warning fill:#ffffff,stroke:{WARNING},stroke-width:3px",
        f"  classDef unknown fill:{NODE_STYLES['ghost']['fillcolor']},stroke:{ERROR},color:{ERROR},stroke-dasharray:5 4",
    ]
    groups: Dict[str, List[str]] = {}
    for node in nodes:
        kind = node.attributes["kind"]
        group = {"end_client": "endClient", "unknown": "unknown"}.get(kind) or node.attributes.get("severity")
        if group in ("endClient", "unknown", "error", "warning"):
            groups.setdefault(group, []).append(ids[node.id])
    lines += [f"  class {','.join(members)} {group}" for group, members in groups.items()]
    return lines
