"""The trends drawn: one sheet of eight small charts, in PNG, SVG or PDF, with matplotlib.

Each chart answers one question a manager asks of the history, in the colours of chainmap's
diagrams (:mod:`chainmap.render.style`: errors red, warnings orange, information grey, what
got better green, the end clients navy), and the sheet opens with one line of what moved
from the first point to the last. The x axis has one step per version (commit or snapshot),
labelled with its day: versions a day apart and months apart take the same room, so a busy
week of fixes stays readable.

Output is deterministic: the same history gives the same bytes (SVG ids salted with a fixed
text, no creation dates in SVG or PDF metadata), like every drawing chainmap writes.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Sequence, Tuple

from ..analysis import RULE_ORDER, SEVERITIES
from ..analysis.rules import SEVERITY
from ..analysis.words import rule_title
from ..files.fingerprint import write_drawing
from ..i18n import _
from ..render import style
from .compute import History, PointResult
from .summary import moved_line

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["trend_figure", "chart_bytes", "write_charts", "CHART_FORMATS"]

CHART_FORMATS = (".png", ".svg", ".pdf")
A4_PORTRAIT = (8.27, 11.69)
END_CLIENT = style.NODE_STYLES["end_client"]["fillcolor"]
FRONTLINE = style.EDGE_STYLES["chain"]["color"]
SEVERITY_COLOURS = {"error": style.ERROR, "warning": style.WARNING, "info": style.INFO}
_RC: Dict[str, Any] = {
    "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9.5, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.edgecolor": style.DEPARTMENT_BORDER, "axes.labelcolor": style.MUTED,
    "text.color": style.INK, "xtick.color": style.MUTED, "ytick.color": style.MUTED, "axes.spines.top": False,
    "axes.spines.right": False, "axes.grid": True, "grid.color": "#e4e9ee", "grid.linewidth": 0.6,
    "legend.frameon": False, "legend.fontsize": 7, "svg.hashsalt": "chainmap", "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


def write_charts(history: History, paths: Iterable[Path]) -> List[Path]:
    """Draw the sheet of trends into each path (its extension chooses the format); the paths written."""
    written = []
    for path in paths:
        write_drawing(path, chart_bytes(history, Path(path).suffix.lower()))
        written.append(Path(path))
    return written


def chart_bytes(history: History, suffix: str, size: Tuple[float, float] = A4_PORTRAIT, dpi: int = 150) -> bytes:
    """The sheet of trends as ``.png``, ``.svg`` or ``.pdf`` bytes."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib import pyplot as plt
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure = trend_figure(history, size)
        out = io.BytesIO()
        metadata = {".svg": {"Date": None}, ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
                    ".png": {"Software": None}}[suffix]
        figure.savefig(out, format=suffix.lstrip("."), dpi=dpi, metadata=metadata)
        plt.close(figure)
    return out.getvalue()


def trend_figure(history: History, size: Tuple[float, float] = A4_PORTRAIT) -> Figure:
    """The matplotlib figure: a title, what moved, and eight charts in four rows of two."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    figure = Figure(figsize=size, layout=ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.06, hspace=0.06, wspace=0.04))
    header, body = figure.subfigures(2, 1, height_ratios=[1, 11.5])  # type: ignore[misc]
    _header(header, history)
    points = history.points
    axes = body.subplots(4, 2)
    drawers = (_weak_links, _weak_links_by_rule, _confirmed, _satisfaction, _mirror, _people, _no_chain, _chain_lengths)
    for ax, draw in zip(axes.flat, drawers):
        draw(ax, points)
        _x_axis(ax, points)
    return figure


def _header(header: Any, history: History) -> None:
    """The title, what moved from the first point to the last (wrapped), and how to read the x axis."""
    title = _("{org}: how the chains changed").format(org=history.org_name)
    header.text(0.01, 0.92, title, ha="left", va="top", fontsize=12.5, fontweight="bold", color=style.INK)
    moved = textwrap.fill(moved_line(history), width=118)
    note = _("One step per version (a commit or a snapshot), labelled with its day.")
    header.text(0.01, 0.52, moved + "\n" + note, ha="left", va="top", fontsize=7.8, color=style.MUTED, linespacing=1.5)


# Each chart ----------------------------------------------------------------------------------


def _values(points: Sequence[PointResult], *keys: str) -> List[float]:
    """A figure of every point (NaN where the point could not be loaded or has no such figure)."""
    values = []
    for result in points:
        value: Any = result.figures
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        values.append(math.nan if value is None else float(value))
    return values


def _line(ax: Axes, values: Sequence[float], colour: str, label: str, unit: str = "", **extra: Any) -> None:
    """A figure's line; its last value written at its end, so that a reader needs no grid to read it."""
    ax.plot(range(len(values)), values, color=colour, label=textwrap.fill(label, 30), marker="o", markersize=3,
            linewidth=1.8, **extra)
    known = [(x, v) for x, v in enumerate(values) if not math.isnan(v)]
    if known:
        x, value = known[-1]
        shown = f"{round(value)}{unit}" if unit else f"{value:g}"
        ax.annotate(shown.replace("-", "−"), (x, value), xytext=(5, 0), textcoords="offset points",
                    va="center", fontsize=6.5, color=colour, fontweight="bold")


def _title(ax: Axes, text: str) -> None:
    """A chart's title, on two lines when it would be wider than its chart (French runs longer)."""
    ax.set_title(textwrap.fill(text, 38))


def _weak_links(ax: Axes, points: Sequence[PointResult]) -> None:
    words = {"error": _("errors"), "warning": _("warnings"), "info": _("for information")}
    for severity in SEVERITIES:
        _line(ax, _values(points, "findings", "by_severity", severity), SEVERITY_COLOURS[severity], words[severity])
    _title(ax, _("Weak links, by severity"))
    _from_zero(ax, headroom=1.4)  # room for the legend above the lines
    ax.legend(loc="upper left", ncols=3)


def _weak_links_by_rule(ax: Axes, points: Sequence[PointResult]) -> None:
    """A table of counts, one row per rule that ever fired, shaded by how many."""
    from matplotlib.colors import to_rgba
    severity_of = SEVERITY  # from the rules' registry: a rule added there (skipped-team) has its colour here too
    rows = [rule for rule in RULE_ORDER if any(v > 0 for v in _values(points, "findings", "by_rule", rule) if not math.isnan(v))]
    _title(ax, _("Weak links, by kind"))
    ax.grid(False)
    if not rows:
        _nothing(ax, _("no weak link at any point"))
        return
    for y, rule in enumerate(rows):
        counts = _values(points, "findings", "by_rule", rule)
        top = max((c for c in counts if not math.isnan(c)), default=1) or 1
        for x, count in enumerate(counts):
            shade = 0.0 if math.isnan(count) else 0.12 + 0.6 * count / top
            ax.add_patch(_cell(x, y, to_rgba(SEVERITY_COLOURS[severity_of[rule]], shade)))
            if not math.isnan(count) and len(points) <= 24:
                ax.text(x, y, f"{count:g}", ha="center", va="center", fontsize=6.5, color=style.INK)
    ax.set_xlim(-0.5, len(points) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_yticks(range(len(rows)), [textwrap.fill(rule_title(rule), 22) for rule in rows], fontsize=6)
    ax.tick_params(axis="y", length=0)


def _cell(x: float, y: float, colour: Any) -> Any:
    from matplotlib.patches import Rectangle
    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, edgecolor="#ffffff", linewidth=1)


def _confirmed(ax: Axes, points: Sequence[PointResult]) -> None:
    shares = [v * 100 for v in _values(points, "links_confirmed_share")]
    _line(ax, shares, style.GOOD, _("confirmed by both sides"), unit=" %")
    ax.fill_between(range(len(shares)), shares, color=style.GOOD, alpha=0.08)
    _title(ax, _("Links confirmed by both sides (%)"))
    ax.set_ylim(0, 105)


def _satisfaction(ax: Axes, points: Sequence[PointResult]) -> None:
    _line(ax, _values(points, "satisfaction", "mean"), style.POOR_RATING, _("mean score of internal links"))
    thresholds = _values(points, "settings", "min_satisfaction")
    ax.plot(range(len(points)), thresholds, color=style.MUTED, linestyle="--", linewidth=1, label=_("weak below this"))
    _title(ax, _("Satisfaction on internal links (0–10)"))
    ax.set_ylim(0, 10.4)
    ax.legend(loc="lower left", ncols=2)


def _mirror(ax: Axes, points: Sequence[PointResult]) -> None:
    """Internal NPS, the frontline's eNPS and each end client's NPS: the chain on one scale."""
    _line(ax, _values(points, "satisfaction", "inps"), style.POOR_RATING, _("internal NPS (teams rating suppliers)"))
    _line(ax, _values(points, "frontline_enps"), FRONTLINE, _("eNPS of frontline teams"))
    names = {c: n for p in points if p.figures for c, n in p.figures.get("end_client_names", {}).items()}
    clients = sorted({c for p in points if p.figures for c in p.figures.get("nps", {})})
    for index, client in enumerate(clients):
        _line(ax, _values(points, "nps", client), END_CLIENT, _("NPS of {client}").format(client=names.get(client, client)),
              linestyle=("-", "--", ":", "-.")[index % 4])
    ax.axhline(0, color=style.DEPARTMENT_BORDER, linewidth=0.8)
    _title(ax, _("Internal NPS, frontline eNPS and client NPS (−100 to 100)"))
    ax.set_ylim(-105, 105)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), fontsize=6.3, ncols=2)


def _people(ax: Axes, points: Sequence[PointResult]) -> None:
    joined = [math.nan if p.people.get("joined") is None else p.people["joined"] for p in points]
    left = [math.nan if p.people.get("left") is None else -p.people["left"] for p in points]
    ax.bar(range(len(points)), joined, color=style.GOOD, label=_("joined"), width=0.6)
    ax.bar(range(len(points)), left, color=style.INFO, label=_("left"), width=0.6)
    ax.axhline(0, color=style.DEPARTMENT_BORDER, linewidth=0.8)
    workers = [v for v in _values(points, "workers") if not math.isnan(v)]
    span = f"{workers[0]:g} → {workers[-1]:g}" if workers else "—"
    _title(ax, _("Joined or left (workers: {span})").format(span=span))
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, -1), max(high, 1) * 1.5)  # room for the legend above the bars
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.legend(loc="upper left", ncols=2)


def _no_chain(ax: Axes, points: Sequence[PointResult]) -> None:
    _line(ax, _values(points, "workers_without_chain"), style.ERROR, _("workers"))
    _title(ax, _("Workers whose work reaches no client"))
    _from_zero(ax)


def _chain_lengths(ax: Axes, points: Sequence[PointResult]) -> None:
    _line(ax, _values(points, "chains", "mean_length"), style.LINE, _("mean"))
    _line(ax, _values(points, "chains", "max_length"), style.LINE, _("longest"), linestyle="--")
    _title(ax, _("Chain length to the end client (links)"))
    _from_zero(ax)
    ax.legend(loc="lower left", ncols=2)


def _from_zero(ax: Axes, headroom: float = 1.08) -> None:
    low, high = ax.get_ylim()
    ax.set_ylim(0, max(high, 1) * headroom)
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))


def _nothing(ax: Axes, words: str) -> None:
    ax.text(0.5, 0.5, words, ha="center", va="center", transform=ax.transAxes, color=style.MUTED)
    ax.set_yticks([])


def _x_axis(ax: Axes, points: Sequence[PointResult]) -> None:
    """One tick per version, at most nine labelled (their day), the last always."""
    count = len(points)
    step = max(1, math.ceil(count / 8))
    shown = list(range(0, count, step))
    if count and shown[-1] != count - 1:  # the last day always shows: replace a label too close to it
        shown = shown[:-1] + [count - 1] if count - 1 - shown[-1] < step * 0.75 else shown + [count - 1]
    ax.set_xticks(shown, [points[i].point.day.isoformat() for i in shown], rotation=30, ha="right", fontsize=6.5)
    ax.set_xlim(-0.5, max(count - 0.5, 0.5) + 0.04 * max(count, 1) + 0.4)  # room for the last values
