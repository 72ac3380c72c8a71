"""Keeping Python's cyclic garbage collector away from the organisation.

Loading and analysing an organisation of a million workers creates tens of millions of small
objects and no reference cycles. Each full collection walks every live object, and
collections are triggered by allocations, so with the collector running the cost grows
faster than the organisation: at a million workers, loading and analysis took several times
as long with it (benchmarks/RESULTS.md). So the collector is paused while they run.
Reference counting still frees everything as usual.

Pausing alone only postpones the walks: the collector counts the allocations made while it
was off, and shortly after it resumes it walks every object made meanwhile, then again as
they age — at that size, a second or more each time, landing in whatever runs next (it
made the first analysis after a load up to twice as slow as the next ones). A loaded
organisation is immutable and lives as long as the program uses it, so :func:`load` ends
by freezing (:func:`gc.freeze`): what exists then moves to the collector's permanent
generation and is never walked again. The loader makes no cycles (a full collection right
after loading an organisation of 10,000 teams found nothing to free); any cyclic garbage the
calling program had made before stays until it calls :func:`gc.unfreeze`. The analysis ends
the same way, for the same reason: when the collector resumed after it, its first walk went
through every object the analysis had made (the findings, the chains' arrays), a tenth of
the analysis's time on a million workers; the analysis makes no cycles either (a full
collection after analysing 10,000 teams, and again after dropping the result, freed nothing).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(then_freeze: bool = False) -> Iterator[None]:
    """Run the ``with`` block with the cyclic collector off, then restore it.

    With ``then_freeze``, a block that ends without an exception first freezes every object
    that exists (see the module docstring): for results that live as long as the program.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if then_freeze:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
