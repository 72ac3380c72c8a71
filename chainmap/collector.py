"""Pausing Python's cyclic garbage collector while big, acyclic structures are built.

Loading and analysing an organisation of a million workers creates tens of millions of
small objects and no reference cycles. Each full collection walks every live object, and
collections are triggered by allocations, so with the collector running the cost grows
faster than the organisation: measured on 50,000 teams and 1,000,000 workers, loading took
48 s with it and analysis three times as long as without. Reference counting still frees
everything as usual; the collector resumes (if it was on) when the block ends.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off, then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
