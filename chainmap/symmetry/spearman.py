"""Spearman's rank correlation, with ties, written out: ranks, then Pearson on the ranks.

Why written here rather than taken from scipy: it is twenty lines, and scipy would be a
large dependency for one function. Ties get the mean of the ranks they span (the
"fractional ranking" scipy.stats.spearmanr uses), so the value is the one statisticians
quote; ``tests/test_symmetry.py`` checks it against a published worked example.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence

__all__ = ["Correlation", "spearman", "fractional_ranks", "MEANINGFUL_N"]

# Below about ten pairs a rank correlation says next to nothing: with n = 8, chance alone
# gives |rho| above 0.74 one time in twenty (two-sided). Outputs say so plainly under this count.
MEANINGFUL_N = 10


@dataclass(frozen=True)
class Correlation:
    """A rank correlation and the number of pairs behind it (``rho`` is ``None`` when undefined)."""

    rho: Optional[float]
    n: int

    @property
    def too_few(self) -> bool:
        """True when there are too few pairs for the value to mean anything."""
        return self.n < MEANINGFUL_N


def fractional_ranks(values: Sequence[float]) -> List[float]:
    """Ranks from 1, ties sharing the mean of the ranks they span.

    >>> fractional_ranks([10, 20, 20, 5])
    [2.0, 3.5, 3.5, 1.0]
    """
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    """Spearman's rho of paired values (``None`` with fewer than 3 pairs, or when one side is constant).

    >>> spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho
    0.8208
    """
    if len(xs) != len(ys):
        raise ValueError("spearman: the two lists must have the same length")
    n = len(xs)
    if n < 3:
        return Correlation(None, n)
    rx, ry = fractional_ranks(xs), fractional_ranks(ys)
    mx, my = sum(rx) / n, sum(ry) / n
    covariance = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    spread = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return Correlation(round(covariance / spread, 4) if spread else None, n)
