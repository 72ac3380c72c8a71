"""What moved, in one line: each headline figure at the first point and at the last.

The charts' title, the text table and the report's panel open with it, so that a reader
who looks at nothing else still knows what changed: ``weak links 19 → 12 · links confirmed
89% → 95% · …``.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional

from ..i18n import _, language
from ..i18n.localise import format_date, format_number, format_percent
from .compute import History

__all__ = ["moved_line"]


def _figure(figures: Any, *keys: str) -> Any:
    for key in keys:
        figures = figures.get(key) if isinstance(figures, dict) else None
    return figures


def _change(first: Any, last: Any, shown: Callable[[Any], str]) -> Optional[str]:
    if first is None and last is None:
        return None
    return f"{'—' if first is None else shown(first)} → {'—' if last is None else shown(last)}"


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(value).replace("-", "−")


def moved_line(history: History) -> str:
    """``From DAY to DAY (N versions): figure first → last · …`` (a note when nothing is known)."""
    loaded = history.loaded
    if not loaded:
        return _("no point of the history could be loaded")
    first, last = loaded[0].figures, loaded[-1].figures
    items: List[str] = []
    for label, keys, shown in (
        (_("weak links"), ("findings", "total"), format_number),
        (_("links confirmed"), ("links_confirmed_share",), format_percent),
        (_("satisfaction"), ("satisfaction", "mean"), format_number_2),
        (_("frontline eNPS"), ("frontline_enps",), _signed),
        (_("workers"), ("workers",), format_number),
        (_("workers with no chain"), ("workers_without_chain",), format_number),
    ):
        change = _change(_figure(first, *keys), _figure(last, *keys), shown)
        if change is not None:
            items.append(f"{label} {change}")
    return _("From {first} to {last} ({n} versions): {moves}").format(
        first=format_date(loaded[0].point.day), last=format_date(loaded[-1].point.day), n=len(history.points),
        moves=" · ".join(items))


def format_number_2(value: float) -> str:
    """A mean as people read it: up to two decimals, in the language's way (``7,25`` in French)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language() == "fr" else text
