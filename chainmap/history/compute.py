"""From the points of a history to their figures: loaded, analysed and counted once, then cached.

For each point, the figures are read from the cache when they were computed before from the
same content, day and settings (:func:`~chainmap.history.store.cache_key`); otherwise the
point's organisation is written into a temporary folder (a commit's files) or file (a
snapshot's YAML), loaded and analysed as of the point's day, exactly as ``chainmap weak``
would have seen it that day, and its figures are cached. A point that cannot be loaded (a
commit that broke a file) keeps its place in the history, with what went wrong, and no figure.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from ..analysis import analyse
from ..errors import ChainmapError, LoadError
from ..load import load
from ..survey.overlay import read_overlay
from ..symmetry.scores import with_survey
from .figures import joined_and_left, members_of_teams, point_figures
from .git import GitOrganisation, Materialiser
from .store import HistoryStore, cache_key
from .timeline import Point

__all__ = ["HistorySettings", "PointResult", "History", "PointReader", "compute_history"]


@dataclass(frozen=True)
class HistorySettings:
    """What changes the figures besides the declarations: cached points are keyed by it too."""

    confirmed_only: bool = False
    min_responses: Optional[int] = None
    as_of: Optional[dt.date] = None  # every point analysed as of this day, instead of its own

    def as_key(self) -> Dict[str, Any]:
        return {"confirmed_only": self.confirmed_only, "min_responses": self.min_responses}

    def day_of(self, point: Point) -> dt.date:
        """The day a point is analysed as of: its own, unless one day was asked for all."""
        return self.as_of or point.day


@dataclass
class PointResult:
    """A point and its figures (``None``, with ``problem``, when it could not be loaded)."""

    point: Point
    figures: Optional[Dict[str, Any]]
    members: Optional[Dict[str, List[str]]] = None
    problem: Optional[str] = None
    people: Dict[str, Any] = field(default_factory=dict)
    from_cache: bool = False


@dataclass
class History:
    """An organisation's history: its name (at the last point) and every point, oldest first."""

    org_name: str
    points: List[PointResult]
    settings: HistorySettings

    @property
    def loaded(self) -> List[PointResult]:
        """The points whose figures are known."""
        return [p for p in self.points if p.figures is not None]


def compute_history(points: List[Point], settings: HistorySettings, cache: Optional[HistoryStore],
                    git: Optional[GitOrganisation] = None, snapshots: Optional[HistoryStore] = None,
                    progress: Optional[Callable[[int, int], None]] = None) -> History:
    """The figures of every point, from the cache or computed (see the module docstring)."""
    results: List[PointResult] = []
    with ExitStack() as stack:
        reader = PointReader(stack, git, snapshots)
        for done, point in enumerate(points, start=1):
            results.append(_point_result(point, settings, cache, reader))
            if progress is not None:
                progress(done, len(points))
    _count_people(results)
    names = [str(r.figures.get("org", "")) for r in results if r.figures]
    return History(names[-1] if names else "", results, settings)


def _point_result(point: Point, settings: HistorySettings, cache: Optional[HistoryStore], reader: PointReader) -> PointResult:
    key = cache_key(point.content, settings.day_of(point), settings.as_key())
    found = cache.cached(key) if cache is not None else None
    if found is not None:
        figures, members = found
        return PointResult(point, figures.get("figures"), members, figures.get("problem"), from_cache=True)
    try:
        org = reader.organisation(point, settings)
    except (LoadError, ChainmapError) as error:
        problem = _first_problem(error)
        if cache is not None:
            cache.cache(key, {"figures": None, "problem": problem}, {})
        return PointResult(point, None, None, problem)
    analysis = analyse(org, settings.day_of(point), settings.confirmed_only)
    figures, members = point_figures(analysis), members_of_teams(org)
    figures["org"] = org.name
    if cache is not None:
        cache.cache(key, {"figures": figures, "problem": None}, members)
    return PointResult(point, figures, members)


def _first_problem(error: Exception) -> str:
    """What went wrong, in one line: the first problem, and how many there were."""
    if isinstance(error, LoadError) and error.problems:
        first = error.problems[0]
        more = len(error.problems) - 1
        return f"{first.message}" + (f" (+{more})" if more else "")
    return str(error)


def _count_people(results: List[PointResult]) -> None:
    """Joined and left, each point against the previous point whose members are known."""
    before: Optional[Dict[str, List[str]]] = None
    for result in results:
        if result.members is None or result.figures is None:
            continue
        result.people = joined_and_left(before, result.members)
        before = result.members


class PointReader:
    """Gives each point's organisation: a commit's files written out, or a snapshot's YAML."""

    def __init__(self, stack: ExitStack, git: Optional[GitOrganisation], snapshots: Optional[HistoryStore]):
        self.stack, self.git, self.snapshots = stack, git, snapshots
        self.folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="chainmap-history-")))
        self.materialiser: Optional[Materialiser] = None

    def organisation(self, point: Point, settings: HistorySettings) -> Any:
        if point.source == "git":
            return load(self._commit_files(point), processes=1)
        return self._snapshot(point, settings)

    def _commit_files(self, point: Point) -> Path:
        if self.materialiser is None:
            assert self.git is not None
            (self.folder / "git").mkdir()
            self.materialiser = self.stack.enter_context(self.git.checkout(self.folder / "git"))
        from .git import Commit
        return self.materialiser.write(Commit(point.ref, dt.datetime.fromisoformat(point.moment), point.label, point.content))

    def _snapshot(self, point: Point, settings: HistorySettings) -> Any:
        assert self.snapshots is not None
        model_yaml, survey_yaml = self.snapshots.snapshot_texts(int(point.ref))
        model_path = self.folder / f"snapshot-{point.ref}.yaml"
        model_path.write_text(model_yaml, encoding="utf-8")
        org = load(model_path, processes=1)
        if survey_yaml is None:
            return org
        overlay_path = self.folder / f"survey-{point.ref}.yaml"
        overlay_path.write_text(survey_yaml, encoding="utf-8")
        return with_survey(org, read_overlay(overlay_path, org), settings.min_responses)
