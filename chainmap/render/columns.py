"""Where the department overview stands each department, and which of its arrows to the end
clients it draws in full.

The end clients are drawn once, at the right. Every department that serves them drew an
arrow to each from wherever it stood: in a group of 50 departments, a hundred long arrows
ran around the sheet to three boxes and nobody could follow one. So each department gets
a column counted from the end clients (:func:`columns`: 1 is next to them, a department
stands one column before the furthest client it leads to, as late as its arrows allow, so
that they run short and one way). A department next to the end clients draws its arrows to
them; one further back draws a short arrow to a label that counts those links instead
(:func:`far_from_end_clients`), so that a chain read with a finger still ends at the end
clients. Nothing here draws: arrows are counts, as in :mod:`chainmap.render.skeleton`.
"""

from __future__ import annotations

from graphlib import TopologicalSorter
from typing import Collection, Dict, List, Mapping, Set, Tuple

from .skeleton import Arrows

__all__ = ["END_CLIENT_REACH", "LONGEST_WAY_BACK", "columns", "far_from_end_clients", "long_ways_back", "rank_lines"]

# A department draws its arrows to the end clients when it stands at most this many columns
# from them: the arrows then cross no column of departments.
END_CLIENT_REACH = 1
# An arrow that closes a circle runs against the flow; it is drawn when it goes back at most
# this many columns (a department serving the one just before it), not across the sheet.
LONGEST_WAY_BACK = 1


def columns(placing: Collection[Tuple[str, str]], end_clients: Collection[str]) -> Dict[str, int]:
    """Each department's column, counted from the end clients (which stand in column 0).

    A department stands one column before the furthest of the departments its placing arrows
    lead to (see :func:`chainmap.render.skeleton.placing_arrows`: they make no circle), and
    in column 1 when they lead only to end clients or nowhere. Taken in an order where every
    client comes first (graphlib's, linear in the arrows).
    """
    leads_to: Dict[str, Set[str]] = {}
    for source, target in sorted(placing):
        leads_to.setdefault(source, set())
        if target not in end_clients:
            leads_to[source].add(target)
            leads_to.setdefault(target, set())
    column: Dict[str, int] = {}
    for department in TopologicalSorter(leads_to).static_order():
        column[department] = 1 + max((column[target] for target in leads_to[department]), default=0)
    return column


def far_from_end_clients(drawn: Arrows, column: Mapping[str, int],
                         end_clients: Collection[str]) -> Tuple[Arrows, Dict[str, Tuple[int, int]]]:
    """The arrows drawn in full, and per department further than :data:`END_CLIENT_REACH`
    columns from the end clients, its links to them (links, weak) said by a short labelled arrow."""
    kept: Arrows = {}
    said: Dict[str, Tuple[int, int]] = {}
    for (source, target), (total, weak) in sorted(drawn.items()):
        if target in end_clients and column.get(source, 1) > END_CLIENT_REACH:
            links, weak_links = said.get(source, (0, 0))
            said[source] = (links + total, weak_links + weak)
        else:
            kept[(source, target)] = (total, weak)
    return kept, said


def long_ways_back(drawn: Arrows, placing: Collection[Tuple[str, str]],
                   column: Mapping[str, int]) -> Tuple[Arrows, Dict[str, Tuple[int, int]]]:
    """The arrows drawn, and per department the arrows it does not draw (links, arrows) because
    they close a circle by going back more than :data:`LONGEST_WAY_BACK` columns: in the
    generated 1,000-team group, 4 links from Logistique Paris back to Logistique ran dashed
    across the whole drawing and made most of its crossings. Its box counts them instead."""
    kept: Arrows = {}
    left: Dict[str, Tuple[int, int]] = {}
    for (source, target), counts in sorted(drawn.items()):
        back = column.get(target, 0) - column.get(source, 0)
        if (source, target) not in placing and back > LONGEST_WAY_BACK:
            links, arrows = left.get(source, (0, 0))
            left[source] = (links + counts[0], arrows + 1)
        else:
            kept[(source, target)] = counts
    return kept, left


def rank_lines(column: Mapping[str, int], ids: Mapping[str, str], extra: Mapping[str, int]) -> List[str]:
    """DOT lines that hold each column together, the columns in order from left to right.

    ``column`` places departments, ``extra`` the other nodes (a label counting links to the
    end clients stands in the column after its department). The order is held by an
    invisible chain of one empty node per column: Graphviz leaves invisible nodes and edges
    out of the SVG, so they are neither seen nor counted as links.
    """
    members: Dict[int, List[str]] = {}
    for name, at in sorted(column.items()):
        members.setdefault(at, []).append(ids[name])
    for node, at in sorted(extra.items()):
        members.setdefault(at, []).append(node)
    if not members:
        return []
    deepest = max(members)
    anchors = [f"col{at}" for at in range(deepest, 0, -1)]
    lines = [f'  {anchor} [style=invis, shape=point, width=0, label=""];' for anchor in anchors]
    lines += [f"  {{ rank=same; {' '.join([anchor, *members.get(deepest - i, [])])}; }}" for i, anchor in enumerate(anchors)]
    if len(anchors) > 1:
        lines.append(f"  {' -> '.join(anchors)} [style=invis];")
    return lines
