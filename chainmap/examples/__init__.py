"""Example organisations: the embedded hospital, its demo drawings, and synthetic ones.

:func:`example_path` is the hospital shipped with chainmap (``chainmap demo`` draws it, and
the guide's examples use it); :mod:`~chainmap.examples.demo` writes its drawings;
:mod:`~chainmap.examples.generate` writes a realistic organisation of any size, the same for
the same seed (``chainmap generate``, the benchmarks and the tests).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

__all__ = ["example_path", "EXAMPLE_AS_OF"]

# The day the README's diagrams of the example were drawn. `chainmap demo` counts the age
# of its declarations from this day, so that it draws them again byte for byte (the stale
# rule would otherwise change the drawing every day, and a fresh clone would show them
# modified after its first demo).
EXAMPLE_AS_OF = dt.date(2026, 11, 23)


def example_path() -> Path:
    """The folder of the embedded example organisation, Hôpital Saint-Luc."""
    return Path(__file__).parent / "hopital"
