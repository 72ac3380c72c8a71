"""What changed in the figures between two versions: satisfaction, eNPS, NPS and members.

Thresholds only say when a figure crosses a line; a satisfaction score falling from 6 to 1
crosses none (it was already weak) and still matters. So ``chainmap diff`` also reports,
before → after, every link whose score changed, every team whose eNPS or members changed,
and every end client whose NPS changed.

>>> import chainmap
>>> result = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> figure_changes(result, result).is_empty
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from ..analysis import Analysis
from ..i18n import _

__all__ = ["FigureChanges", "figure_changes", "figures_data", "figures_lines", "change_words", "Change"]

Change = Tuple[Any, Optional[float], Optional[float]]  # subject, before, after


@dataclass(frozen=True)
class MembersChange:
    """A team whose members changed: how many before and after, who joined and who left (ids)."""

    team: str
    before: int
    after: int
    joined: Tuple[str, ...]
    left: Tuple[str, ...]


@dataclass(frozen=True)
class FigureChanges:
    """Figures of links, teams and end clients present in both versions that changed."""

    satisfaction: Tuple[Change, ...] = ()   # ((supplier, client), before, after)
    enps: Tuple[Change, ...] = ()           # (team, before, after)
    nps: Tuple[Change, ...] = ()            # (end client, before, after)
    members: Tuple[MembersChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.satisfaction or self.enps or self.nps or self.members)


def figure_changes(old: Analysis, new: Analysis) -> FigureChanges:
    """Compare the figures of what both versions have (added or removed things are the diff's)."""
    old_links = {(link.supplier, link.client): link.satisfaction for link in old.org.links}
    new_links = {(link.supplier, link.client): link.satisfaction for link in new.org.links}
    teams = sorted(old.org.teams.keys() & new.org.teams.keys())
    clients = sorted(old.org.end_clients.keys() & new.org.end_clients.keys())
    return FigureChanges(
        satisfaction=tuple((pair, old_links[pair], new_links[pair]) for pair in sorted(old_links.keys() & new_links.keys())
                           if old_links[pair] != new_links[pair]),
        enps=tuple((t, old.org.teams[t].enps, new.org.teams[t].enps) for t in teams
                   if old.org.teams[t].enps != new.org.teams[t].enps),
        nps=tuple((c, old.org.end_clients[c].nps, new.org.end_clients[c].nps) for c in clients
                  if old.org.end_clients[c].nps != new.org.end_clients[c].nps),
        members=tuple(change for t in teams if (change := _members_change(old, new, t)) is not None),
    )


def _members_change(old: Analysis, new: Analysis, team: str) -> Optional[MembersChange]:
    before = [m.id for m in old.org.teams[team].members]
    after = [m.id for m in new.org.teams[team].members]
    if before == after:
        return None
    joined = tuple(w for w in after if w not in set(before))
    left = tuple(w for w in before if w not in set(after))
    if not joined and not left:
        return None  # the same people, listed in another order
    return MembersChange(team, len(before), len(after), joined, left)


def figures_data(changes: FigureChanges) -> Dict[str, Any]:
    """The figure changes as JSON data."""
    return {
        "satisfaction": [{"supplier": s, "client": c, "before": b, "after": a} for (s, c), b, a in changes.satisfaction],
        "enps": [{"team": t, "before": b, "after": a} for t, b, a in changes.enps],
        "nps": [{"end_client": c, "before": b, "after": a} for c, b, a in changes.nps],
        "members": [{"team": m.team, "before": m.before, "after": m.after, "joined": list(m.joined), "left": list(m.left)}
                    for m in changes.members],
    }


def _value(value: Optional[float]) -> str:
    return _("none") if value is None else f"{value:g}".replace("-", "−")


def _trend(before: Optional[float], after: Optional[float]) -> str:
    if before is None or after is None:
        return "•"
    return "▲" if after > before else "▼"


def change_words(before: Optional[float], after: Optional[float]) -> str:
    """``6 → 1``: a figure's change as the diagram writes it."""
    return f"{_value(before)} → {_value(after)}"


def figures_lines(changes: FigureChanges, name: Any, min_satisfaction: float) -> List[str]:
    """The text section of the figure changes (``name`` gives a display name for an id)."""
    if changes.is_empty:
        return []
    lines = ["", _("Figures, before → after")]
    for (supplier, client), before, after in changes.satisfaction:
        note = ""
        if after is not None and after < min_satisfaction:
            note = "  (" + _("below {threshold}").format(threshold=f"{min_satisfaction:g}") + ")"
        lines.append(f"  {_trend(before, after)} " + _("satisfaction {supplier} → {client}: {before} → {after}").format(
            supplier=name(supplier), client=name(client), before=_value(before), after=_value(after)) + note)
    lines += [f"  {_trend(b, a)} " + _("eNPS of {team}: {before} → {after}").format(team=name(t), before=_value(b), after=_value(a))
              for t, b, a in changes.enps]
    lines += [f"  {_trend(b, a)} " + _("NPS of {client}: {before} → {after}").format(client=name(c), before=_value(b), after=_value(a))
              for c, b, a in changes.nps]
    lines += [f"  {_trend(m.before, m.after) if m.before != m.after else '•'} " + _(
        "members of {team}: {before} → {after} ({joined} joined, {left} left)").format(
        team=name(m.team), before=m.before, after=m.after, joined=len(m.joined), left=len(m.left)) for m in changes.members]
    return lines
