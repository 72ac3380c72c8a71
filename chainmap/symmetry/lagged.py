"""The symmetry of attention over time: does one figure at a point go with another at the next?

With a history (:mod:`chainmap.history`), two lagged rank correlations are measured:

- the service quality a team receives at one point against its eNPS at the next (does a
  team better served become, later, a team whose members recommend it more?);
- the frontline's eNPS for an end client at one point against that client's NPS at the next.

Pairs are taken from each point to the next loaded one. The same team or client appears in
many pairs, so the pairs are not independent: ``n`` counts them, and overstates the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from .spearman import Correlation, spearman

__all__ = ["Lagged", "lagged_correlations"]


@dataclass(frozen=True)
class Lagged:
    """The two lagged correlations, over ``steps`` steps from one point to the next."""

    quality_then_enps: Correlation
    frontline_then_nps: Correlation
    steps: int


def _get(figures: Optional[dict], *keys: str) -> Any:
    value: Any = figures
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _steps(points: Sequence[Any]) -> Iterator[Tuple[dict, dict]]:
    loaded = [p.figures for p in points if p.figures is not None]
    return zip(loaded, loaded[1:])


def lagged_correlations(points: Sequence[Any]) -> Lagged:
    """Both lagged correlations over the points of a history (``PointResult`` objects, in order)."""
    quality: List[Tuple[float, float]] = []
    frontline: List[Tuple[float, float]] = []
    steps = 0
    for before, after in _steps(points):
        steps += 1
        for team, both in (_get(before, "satisfaction", "teams") or {}).items():
            received, enps = _get(both, "served", "mean"), _get(after, "enps", team)
            if received is not None and enps is not None:
                quality.append((received, enps))
        for client, mirror in (_get(before, "mirror") or {}).items():
            enps, nps = mirror.get("frontline_enps"), _get(after, "nps", client)
            if enps is not None and nps is not None:
                frontline.append((enps, nps))
    return Lagged(_correlation(quality), _correlation(frontline), steps)


def _correlation(pairs: List[Tuple[float, float]]) -> Correlation:
    return spearman([float(a) for a, _b in pairs], [float(b) for _a, b in pairs])
