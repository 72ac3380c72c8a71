"""What-if scenarios: the organisation as it would be after merging, removing or outsourcing
teams, or adding and dropping links, compared with the organisation as it is.

No click here, and nothing written: :func:`what_if` edits the declarations in memory
(:mod:`chainmap.whatif.apply`), analyses the result as of the same day with the same
options, and compares both with :func:`chainmap.diff.diff`. The organisation's files are
never touched.

>>> import chainmap
>>> from chainmap.whatif import what_if, Remove
>>> current = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> scenario = what_if(current, [Remove("blanchisserie")])
>>> "blanchisserie" in scenario.after.org.teams
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from ..analysis import Analysis, Finding, analyse
from ..diff import OrgDiff, diff
from .apply import imagine, imagine_with_renames
from .changes import AddLink, Change, DropLink, Merge, Outsource, Remove, describe_change
from .file import read_changes

__all__ = ["WhatIf", "what_if", "imagine", "read_changes", "Change", "Remove", "Merge", "Outsource", "AddLink",
           "DropLink", "describe_change"]

CHAIN_KINDS = ("lost", "longer", "rerouted", "shorter", "appeared")


@dataclass(frozen=True)
class WhatIf:
    """The current and the imagined organisation, analysed, and what differs."""

    changes: Tuple[Change, ...]
    before: Analysis
    after: Analysis
    diff: OrgDiff
    renamed: Dict[str, str]

    def new_findings(self, rule: str) -> List[Finding]:
        """The findings of one rule the imagined organisation has and the current one has not."""
        return [f for f in self.diff.findings_new if f.rule == rule]

    def workers_affected(self) -> Dict[str, Dict[str, int]]:
        """For each current team, how many of its workers would lose their chain, see it
        lengthened, rerouted, shortened or appear, or leave the organisation."""
        table: Dict[str, Dict[str, int]] = {}
        teams_of = self.before.org.workers
        for worker, kind in self.worker_changes().items():
            for team in teams_of[worker].teams:
                counts = table.setdefault(team, {k: 0 for k in (*CHAIN_KINDS, "left")})
                counts[kind] += 1
        return dict(sorted(table.items()))

    def worker_changes(self) -> Dict[str, str]:
        """Each worker affected, and how: a kind of chain change, or ``left``."""
        kinds: Dict[str, str] = {}
        for change in self.diff.workers_changed:
            old = [self.renamed.get(node, node) for node in change.old] if change.old else None
            if old != change.new:  # a merged team's workers keep their route under its new name
                kinds[change.worker] = _kind(old, change.new)
        for worker in self.diff.workers_removed:
            kinds[worker] = "left"
        return kinds

    @property
    def outsourced(self) -> Tuple[str, ...]:
        """The teams the scenario makes external providers."""
        return tuple(c.team for c in self.changes if isinstance(c, Outsource))


def _kind(old: object, new: object) -> str:
    if old is None:
        return "appeared"
    if new is None:
        return "lost"
    assert isinstance(old, list) and isinstance(new, list)
    return "shorter" if len(new) < len(old) else "longer" if len(new) > len(old) else "rerouted"


def what_if(current: Analysis, changes: Sequence[Change]) -> WhatIf:
    """Imagine ``changes`` on the analysed organisation ``current`` and compare (same day, same options)."""
    org, renamed = imagine_with_renames(current.org, changes)
    imagined = analyse(org, current.as_of, current.confirmed_only)
    return WhatIf(tuple(changes), current, imagined, diff(current, imagined), renamed)
