"""Scores as people write them: exact means and exact comparisons with a threshold.

FORMAT.md v1.1: ``satisfaction`` may have decimals, and means and comparisons with
thresholds are exact. In binary floating point, 2.3 + 6.1 + 6.6 is 14.999999999999998, so
the mean of those three scores came out "4.99", below a threshold of 5, and a rule fired
on a team whose suppliers average exactly 5. Here every score is taken for the decimal
number it was written as (the shortest decimal that reads back as the same float, which
is what a person typed, up to 15 digits), and arithmetic is done on fractions.

Every mean of scores and every comparison of a score with a threshold goes through this
module: the rules, the drawings, the cards, the survey's figures.

>>> exact_mean([2.3, 6.1, 6.6]) == 5, is_below(exact_mean([2.3, 6.1, 6.6]), 5)
(True, False)
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Optional, Union

__all__ = ["Score", "exact", "exact_mean", "is_below", "rounded", "shown_below"]

Score = Union[int, float, Decimal, Fraction]


def exact(score: Score) -> Fraction:
    """``score`` as the exact decimal a person wrote: ``exact(2.3) == Fraction(23, 10)``.

    >>> exact(2.3), exact(7)
    (Fraction(23, 10), Fraction(7, 1))
    """
    if isinstance(score, float):
        return Fraction(repr(score))  # repr: the shortest decimal that reads back as this float
    return Fraction(score)


def exact_mean(scores: Iterable[Score]) -> Optional[Fraction]:
    """The exact mean of ``scores`` (``None`` when there is none)."""
    values = [exact(score) for score in scores]
    return sum(values, Fraction(0)) / len(values) if values else None


def is_below(score: Score, threshold: Score) -> bool:
    """Whether ``score`` is strictly below ``threshold``, both taken as written.

    Two scores read as floats compare as floats: the decimals they were written as are
    each the shortest one that rounds to its float, and rounding keeps the order, so the
    answer is the same as on the decimals, without making fractions of 100,000 links.

    >>> is_below(4.9, 5), is_below(exact_mean([2.3, 6.1, 6.6]), 5.0)
    (True, False)
    """
    if type(score) in _PLAIN and type(threshold) in _PLAIN:
        return score < threshold
    return exact(score) < exact(threshold)


_PLAIN = (int, float)


def rounded(value: Score, places: int = 1) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero as a person rounds
    (6.25 → 6.3; Python's ``round`` gives 6.2, on the float just below 6.25).

    >>> rounded(Fraction(25, 4)), rounded(Fraction(-25, 4)), rounded(exact_mean([2.3, 6.1, 6.6]), 2)
    (6.3, -6.3, 5.0)
    """
    return float(_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def shown_below(mean: Score, threshold: Score, places: int = 2) -> float:
    """``mean`` rounded to ``places`` decimals, but never up to the ``threshold`` it is below:
    a mean of 6.996 below 7 is shown 6.99, not "7 (below 7)".

    >>> shown_below(Fraction(64567, 10000), 7), shown_below(Fraction(6996, 1000), 7)
    (6.46, 6.99)
    """
    shown = rounded(mean, places)
    if is_below(mean, threshold) and not is_below(shown, threshold):
        return float(_decimal(mean).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR))
    return shown


def _decimal(value: Score) -> Decimal:
    """``value`` as a Decimal, exactly enough to round it (a fraction to 30 digits)."""
    fraction = exact(value)
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)
