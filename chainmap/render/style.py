"""The visual language of chainmap's diagrams, in one place.

Every colour, line style and badge a diagram uses is defined here, so that diagrams,
posters, cards and the HTML report speak the same language, and the legend is generated
from the same table it explains. Colours were chosen to stay distinct for the common
forms of colour blindness: errors are red *and* bold or dashed, never colour alone.
"""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Tuple

__all__ = ["FONT", "INK", "MUTED", "DEPARTMENT_FILLS", "NODE_STYLES", "EDGE_STYLES", "GOOD", "LINK_STYLES",
           "OVERVIEW_ARROWS", "link_style", "link_attributes", "department_fills", "weak_share_colour",
           "weak_share_fill"]

FONT = "DejaVu Sans"
LINK_FONT_SIZE = 11  # the links' words (scores), in points: every drawing's edge default
INK = "#22313f"          # text and ordinary lines
MUTED = "#5d6d7e"        # secondary text
LINE = "#56657a"         # confirmed links
ERROR = "#c0392b"        # red: broken, unknown
WARNING = "#d35400"      # orange: one-sided, poorly served
POOR_RATING = "#8e44ad"  # purple: a link its client rated below the threshold (a warning, yet
                         # distinct from the orange of one-sided links and the red of errors)
INFO = "#7f8c8d"         # grey: for information
GOOD = "#1e8449"         # green: what got better (the diff's new teams and fixed findings)
HIGHLIGHT = "#fff3b0"    # the team or worker a focused diagram is about

# Light, calm backgrounds for departments (no red: red means an error).
DEPARTMENT_FILLS = ("#eaf2fb", "#eaf6ee", "#f6f0e4", "#f1ecf8", "#e8f5f5", "#f3f3ea", "#eef0f4")
DEPARTMENT_BORDER = "#b8c4d0"
NO_DEPARTMENT_FILL = "#ffffff"  # the overview's box of the teams without a department


def department_fills(departments: Iterable[Optional[str]]) -> Dict[str, str]:
    """Each department's background, by its rank among ``departments``: pass all those of the
    organisation, not those a view shows. Handed out in order of appearance, Soins was teal
    on the full diagram and beige on a team's view: one department, one colour everywhere."""
    names = sorted({name for name in departments if name})
    return {name: DEPARTMENT_FILLS[index % len(DEPARTMENT_FILLS)] for index, name in enumerate(names)}

# Node styles: Graphviz attributes for each kind of team, from ordinary to most severe.
NODE_STYLES: Dict[str, Dict[str, str]] = {
    "team": {"fillcolor": "#ffffff", "color": LINE, "penwidth": "1.2", "style": "rounded,filled"},
    "end_client": {"fillcolor": "#1b3a5c", "color": "#1b3a5c", "fontcolor": "#ffffff",
                   "penwidth": "2", "style": "rounded,filled", "peripheries": "2"},
    "broken-chain": {"fillcolor": "#fde3e1", "color": ERROR, "penwidth": "2.2", "style": "rounded,filled"},
    "isolated": {"fillcolor": "#f2f2f2", "color": "#95a5a6", "penwidth": "1.6", "style": "rounded,filled,dashed"},
    "attention-asymmetry": {"fillcolor": "#ffe9cc"},
    "single-point-of-failure": {"penwidth": "4", "color": "#111111"},
    "ghost": {"fillcolor": "#fff6f5", "color": ERROR, "fontcolor": ERROR, "penwidth": "1.6",
              "style": "rounded,filled,dashed"},
    # a team whose file --skip-invalid left out: unknown inside, so grey, and marked at its corners
    "skipped": {"fillcolor": "#ececec", "color": ERROR, "fontcolor": ERROR, "penwidth": "2",
                "style": "rounded,filled,dashed,diagonals"},
    "focus": {"fillcolor": HIGHLIGHT},
    # In a crowded overview, the box beside a frontline department of the end clients it serves
    "end-client-box": {"fillcolor": "#1b3a5c", "color": "#1b3a5c", "fontcolor": "#ffffff", "penwidth": "2",
                       "style": "rounded,filled", "peripheries": "1"},
    "worker": {"shape": "box", "style": "rounded,filled", "fillcolor": HIGHLIGHT, "color": "#b7950b",
               "penwidth": "1.4"},
}

# Edge styles for each kind of link.
EDGE_STYLES: Dict[str, Dict[str, str]] = {
    "confirmed": {"color": LINE, "penwidth": "1.3"},
    "one-sided": {"color": WARNING, "style": "dashed", "penwidth": "1.6"},
    # dotted and heavier: dashed like one-sided links, it was told from them by a shade of red alone
    "unknown-reference": {"color": ERROR, "style": "dotted", "penwidth": "2.6"},
    # its score is written beside the start of the line (a tail label, placed by dot.py): as an
    # ordinary label, Graphviz set it in a rank of its own, far from the line, with a leader line
    "low-satisfaction": {"color": POOR_RATING, "fontcolor": POOR_RATING, "penwidth": "3"},
    "chain": {"penwidth": "3.2", "color": "#b7950b"},
    "works-in": {"style": "dotted", "color": "#b7950b", "arrowhead": "none", "penwidth": "1.4"},
}

# A link combines the styles of what it is (the keys of EDGE_STYLES, applied in this order):
# each combination is one legend key, so that the legend explains every line drawn (a
# one-sided link poorly rated is a dashed purple line, not explained by either row alone).
LINK_STYLES: Dict[str, Tuple[str, ...]] = {
    "confirmed": ("confirmed",),
    "one-sided": ("one-sided",),
    "low-satisfaction": ("confirmed", "low-satisfaction"),
    "one-sided-low-satisfaction": ("one-sided", "low-satisfaction"),
    "chain": ("confirmed", "chain"),
    "chain-one-sided": ("one-sided", "chain"),
    "chain-low-satisfaction": ("confirmed", "low-satisfaction", "chain"),
    "chain-one-sided-low-satisfaction": ("one-sided", "low-satisfaction", "chain"),
}
_LINK_KEYS = {parts: key for key, parts in LINK_STYLES.items()}


def link_style(status: str, poorly_rated: bool, on_chain: bool) -> str:
    """The legend key of a link: its status (confirmed or one-sided), rating and chain."""
    parts = (status,) + (("low-satisfaction",) if poorly_rated else ()) + (("chain",) if on_chain else ())
    return _LINK_KEYS[parts]


def link_attributes(key: str) -> Dict[str, str]:
    """The Graphviz attributes of a link style (a key of :data:`LINK_STYLES` or :data:`EDGE_STYLES`)."""
    attributes: Dict[str, str] = {}
    for part in LINK_STYLES.get(key, (key,)):
        attributes.update(EDGE_STYLES[part])
    return attributes


# The overview's arrows between departments, by the share of their links that are weak
# (their width grows with the number of links).
OVERVIEW_ARROWS: Dict[str, Dict[str, str]] = {
    "department-links": {"color": LINE, "style": "solid"},
    "weak-links": {"color": WARNING, "style": "solid"},
    "all-weak-links": {"color": ERROR, "style": "dashed"},
}


def _mix(low: str, high: str, share: float) -> str:
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def weak_share_colour(share: float) -> str:
    """An overview arrow's colour for the share of its links that are weak: grey for none,
    orange for half, red for all, and every share between (a few weak links show)."""
    share = min(max(share, 0.0), 1.0)
    if share <= 0:
        return LINE
    return _mix("#e59866", WARNING, share * 2) if share <= 0.5 else _mix(WARNING, ERROR, share * 2 - 1)


def weak_share_fill(share: float) -> str:
    """A department box's background for the share of its links that are weak: white for
    none, then deeper orange to red, so that the worst departments stand out at a glance."""
    share = min(max(share, 0.0), 1.0)
    return _mix("#ffffff", "#fad7a0", share * 2) if share <= 0.5 else _mix("#fad7a0", "#f1948a", share * 2 - 1)

# Badge colours: the small lines under a team's name that explain its findings.
BADGE_COLOURS = {"error": ERROR, "warning": WARNING, "info": INFO}
