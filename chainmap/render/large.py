"""Which drawing to make of an organisation, so that it stays readable and quick at any size.

A drawing of every team is right for a clinic and useless for a group of 10,000 teams: the
full drawing of 150 teams is already about A0, 300 teams make a strip metres long, and
10,000 teams do not finish their layout in minutes (benchmarks/RESULTS.md). So above
:data:`OVERVIEW_ABOVE_TEAMS` teams, ``chainmap render``, ``poster`` and ``report`` draw the
department overview instead (departments as nodes, links between them counted), and say so
in one line; ``--department NAME`` then draws one department with its outside links as
labelled stubs, and ``--focus TEAM --depth N`` the teams within N links of one team.
:func:`choose` makes that choice for all three commands.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import FrozenSet, List, Optional, Set

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _, ngettext
from ..i18n.localise import format_number
from ..names import comparable, did_you_mean
from .dot import to_dot
from .graphviz_run import format_for, run_graphviz
from .overview import overview_dot
from .pages import PageOfTeams, department_names, department_of, page_dot
from .views import View, find_team, focus_view, worker_view

__all__ = ["Drawing", "Selection", "check_view_options", "choose", "choose_drawing", "selection_dot", "draw_to_file", "depth_view",
           "department_names", "OVERVIEW_ABOVE_TEAMS", "DEFAULT_DEPTH", "LAYOUT_BUDGET", "readable_whole",
           "estimated_names_pt"]

# Above this many teams (in a focused view, or a poster's), a full drawing is longer than any
# wall it could hang on: the overview, or a limited depth, is drawn. The whole organisation is
# judged by the drawing's readability instead (see :func:`readable_whole`).
OVERVIEW_ABOVE_TEAMS = 300
# The whole drawing is drawn when its team names would print at this size or more on an A0
# sheet (the largest poster), as estimated from its columns before any layout…
READABLE_NAMES_PT = 6.0
A0_PT = (3370.0 * 0.95, 2384.0 * 0.95)  # landscape, less the margins
# …and when it has at most this many links per team and in all: a denser drawing is a
# mesh nobody can follow (a complete graph of 120 teams has 14,280 links), and laying it
# out would take minutes.
MAX_LINKS_PER_TEAM = 6
MAX_LINKS = 5000
# The measures of the estimate, in points at 100 % (boxes as chainmap's layout draws them).
BOX_ACROSS, BOX_ALONG, COLUMN_GAP, LINK_ACROSS = 62.0, 170.0, 70.0, 11.0
NAME_PT = 12.0
DEFAULT_DEPTH = 2
# Seconds Graphviz may take over a drawing (all its fallbacks included): with loading,
# a render of 10,000 teams stays under a minute.
LAYOUT_BUDGET = 45.0


@dataclass(frozen=True)
class Selection:
    """What a drawing command draws for its options, and a one-line notice when chainmap chose.

    Exactly one of: ``overview`` (the department overview), ``department`` (one department's
    teams, outside links as stubs), or ``view`` (those teams one by one; ``None``: all of them).
    """

    view: Optional[View] = None
    overview: bool = False
    department: Optional[PageOfTeams] = None
    notice: Optional[str] = None


@dataclass(frozen=True)
class Drawing:
    """The DOT text to lay out, and a one-line notice when chainmap chose it by itself."""

    dot: str
    notice: Optional[str] = None


def find_department(analysis: Analysis, name: str) -> str:
    """The department called ``name``, found as ``--department`` finds it (see :func:`_department`)."""
    return _department(analysis, name)


def _department(analysis: Analysis, name: str) -> str:
    """The department called ``name`` (case, accents and punctuation do not matter, as for
    teams: "medico technique" is Médico-technique), or a clear error with a hint."""
    names = department_names(analysis)
    matches = [n for n in names if n == name] or [n for n in names if comparable(n) == comparable(name) != ""]
    if matches:
        return matches[0]
    hint = did_you_mean(name, names)
    message = _("there is no department named `{name}`").format(name=name)
    if hint:
        raise UsageError(message + _(": did you mean `{hint}`?").format(hint=hint))
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    raise UsageError(message + _(" (the departments are: {names})").format(names=listed))


def _within(analysis: Analysis, start: str, depth: int) -> Set[str]:
    """Every node at most ``depth`` links upstream or downstream of ``start``.

    Each direction is searched on its own: in a cycle, a team two links upstream may also
    be one link downstream, and must then lead one link further downstream too.
    """
    graph = analysis.graph
    found = {start}
    for neighbours in (graph.predecessors, graph.successors):
        seen = {start}
        queue = deque([(start, 0)])
        while queue:
            node, steps = queue.popleft()
            if steps == depth:
                continue
            for other in sorted(neighbours(node)):
                if other not in seen:
                    seen.add(other)
                    queue.append((other, steps + 1))
        found |= seen
    return found


def depth_view(analysis: Analysis, team_id: str, depth: int) -> View:
    """A team, the teams within ``depth`` links of it, and its whole chain to the end client."""
    team_id = find_team(analysis, team_id)
    if depth < 1:
        raise UsageError(_("--depth must be at least 1 (the number of links to show around the team)"))
    chain = analysis.team_chain(team_id) or []
    nodes: FrozenSet[str] = frozenset(_within(analysis, team_id, depth) | set(chain))
    subtitle = ngettext("{team}: the teams it serves or that serve it, {n} link away at most, and its chain to the end clients",
                        "{team}: the teams it serves or that serve it, up to {n} links away, and its chain to the end clients", depth)
    return View(nodes, subtitle.format(team=analysis.org.teams[team_id].name, n=depth),
                highlight=frozenset({team_id}), chain_edges=frozenset(zip(chain, chain[1:])), kind="focus")


def _team_count(view: View, analysis: Analysis) -> int:
    return sum(1 for node in view.nodes if node in analysis.org.teams)


def _focus(analysis: Analysis, team_id: str, depth: Optional[int]) -> Selection:
    team_id = find_team(analysis, team_id)
    if depth is not None:
        return Selection(view=depth_view(analysis, team_id, depth))
    view = focus_view(analysis, team_id)
    teams = _team_count(view, analysis)
    if teams <= OVERVIEW_ABOVE_TEAMS:
        return Selection(view=view)
    notice = _("{count} teams feed {team} or are fed by it, too many to read on one drawing: chainmap drew those within {depth} links (choose with --depth N)").format(
        count=format_number(teams), team=analysis.org.teams[team_id].name, depth=DEFAULT_DEPTH)
    return Selection(view=depth_view(analysis, team_id, DEFAULT_DEPTH), notice=notice)


def estimated_names_pt(analysis: Analysis) -> float:
    """The size team names would print at with the whole drawing on an A0 sheet, estimated
    in linear time from its columns (each team's distance to the end clients): the tallest
    column's boxes and the links passing through it, by the columns side by side."""
    distance = analysis.chains.distance
    deepest = max(distance.values(), default=0)
    height = [0.0] * (deepest + 2)
    for team in analysis.org.teams:
        height[distance.get(team, deepest + 1)] += BOX_ACROSS
    for supplier, client in analysis.graph.edges:
        near, far = distance.get(client, deepest + 1), distance.get(supplier, deepest + 1)
        for column in range(min(near, far) + 1, max(near, far)):
            height[column] += LINK_ACROSS
    width = len(height) * BOX_ALONG + (len(height) - 1) * COLUMN_GAP
    tallest = max(max(height, default=0.0), BOX_ACROSS)  # an organisation with no team: one row
    scale = max(min(A0_PT[0] / width, A0_PT[1] / tallest), min(A0_PT[1] / width, A0_PT[0] / tallest))
    return NAME_PT * scale


def readable_whole(analysis: Analysis) -> bool:
    """Whether a drawing of every team is worth drawing: its names legible on an A0 sheet,
    and its links not too many to follow (see :data:`READABLE_NAMES_PT`, :data:`MAX_LINKS`)."""
    teams = len(analysis.org.teams)
    links = len(analysis.org.links)
    if links > MAX_LINKS or links > MAX_LINKS_PER_TEAM * max(teams, 1):
        return False
    return estimated_names_pt(analysis) >= READABLE_NAMES_PT


def _whole(analysis: Analysis, overview: Optional[bool]) -> Selection:
    teams = len(analysis.org.teams)
    if overview is False:
        if len(analysis.org.links) > MAX_LINKS:
            raise UsageError(_("{count} links are too many to lay out and follow on one drawing (at most {most}): draw the department overview, one department with --department NAME, or a team's surroundings with --focus TEAM --depth 2").format(
                count=format_number(len(analysis.org.links)), most=format_number(MAX_LINKS)))
        return Selection()
    if overview:
        return Selection(overview=True)
    if readable_whole(analysis):
        return Selection()
    return Selection(overview=True, notice=_("{count} teams and {links} links are too many to read on one drawing (even on an A0 sheet their names would print under {size} pt, or their links are too dense to follow): chainmap drew the department overview (draw one department with --department NAME, a team's surroundings with --focus TEAM --depth 2, or everything with --no-overview)").format(
        count=format_number(teams), links=format_number(len(analysis.org.links)), size=format_number(READABLE_NAMES_PT)))


def choose(analysis: Analysis, focus: Optional[str] = None, worker: Optional[str] = None,
           department: Optional[str] = None, depth: Optional[int] = None,
           overview: Optional[bool] = None) -> Selection:
    """What ``chainmap render``, ``poster`` and ``report`` draw for these options.

    ``overview`` is ``True`` (always the overview), ``False`` (never) or ``None`` (chainmap
    chooses by the number of teams). Options that draw different pictures are refused
    together, with a message that names them.
    """
    check_view_options(focus, worker, department, depth, overview)
    if department is not None:
        name = _department(analysis, department)
        teams = tuple(t for t in analysis.org.teams if department_of(analysis, t) == name)
        notice = None
        if len(teams) > OVERVIEW_ABOVE_TEAMS:
            notice = _("{department} has {count} teams, too many to read on one drawing: chainmap drew them all (a team's surroundings: --focus TEAM --depth 2)").format(
                department=name, count=format_number(len(teams)))
        return Selection(department=PageOfTeams(name, teams, name), notice=notice)
    if focus is not None:
        return _focus(analysis, focus, depth)
    if worker is not None:
        return Selection(view=worker_view(analysis, worker))
    return _whole(analysis, overview)


def selection_dot(analysis: Analysis, selection: Selection) -> str:
    """The DOT of a selection, with its title and legend inside (as ``chainmap render`` draws it)."""
    if selection.overview:
        return overview_dot(analysis, framed=True).text
    if selection.department is not None:
        return page_dot(analysis, selection.department, framed=True).text
    return to_dot(analysis, selection.view)


def choose_drawing(analysis: Analysis, focus: Optional[str] = None, worker: Optional[str] = None,
                   department: Optional[str] = None, depth: Optional[int] = None,
                   overview: Optional[bool] = None) -> Drawing:
    """The drawing ``chainmap render`` makes for these options (see :func:`choose`)."""
    selection = choose(analysis, focus, worker, department, depth, overview)
    return Drawing(selection_dot(analysis, selection), selection.notice)


def check_view_options(focus: Optional[str] = None, worker: Optional[str] = None, department: Optional[str] = None,
                       depth: Optional[int] = None, overview: Optional[bool] = None) -> None:
    """Refuse options that cannot go together (no organisation needed: checked before loading).

    Each of --focus, --worker, --department and --overview draws a different picture, and
    --depth only limits --focus.
    """
    chosen = {"focus": focus, "worker": worker, "department": department, "overview": overview}
    given = [name for name, value in chosen.items() if value is not None and value is not False]
    if len(given) > 1:
        options = " ".join(f"--{name}" for name in given)
        raise UsageError(_("{options}: these options draw different pictures, choose one").format(options=options))
    if depth is not None and focus is None:
        raise UsageError(_("--depth goes with --focus TEAM: it limits the drawing to the teams within that many links"))


def draw_to_file(drawing: Drawing, output: Path, notes: Optional[List[str]] = None) -> Path:
    """Lay out ``drawing`` within :data:`LAYOUT_BUDGET` and write it to ``output`` (format by extension).

    What Graphviz's fallbacks gave up (see :func:`~chainmap.render.graphviz_run.run_graphviz`)
    is added to ``notes``.
    """
    from ..files.fingerprint import write_drawing
    write_drawing(output, run_graphviz(drawing.dot, format_for(output), timeout=LAYOUT_BUDGET, notes=notes))
    return output
