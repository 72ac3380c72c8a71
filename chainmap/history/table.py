"""The trend table: every figure of every point, as rows for a spreadsheet, JSON for a
script, or a summary for a person.

The CSV is *long* (tidy): one row per point, figure and subject (``point, day, source, ref,
figure, subject, value``), so that the teams and links that come and go over the years do
not change its columns; a pivot table turns it into any wide view. The figures are listed,
with their exact definitions, in docs/history.md.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..files.spreadsheet import spreadsheet_safe
from ..i18n import _, ngettext
from ..i18n.localise import format_date, format_percent
from .compute import History, PointResult
from .summary import format_number_2

__all__ = ["trend_rows", "trend_csv", "trend_json", "trend_text", "CSV_COLUMNS"]

CSV_COLUMNS = ("point", "day", "source", "ref", "figure", "subject", "value")
Row = Tuple[str, str, Any]  # figure, subject, value


def trend_rows(history: History) -> Iterator[Tuple[Any, ...]]:
    """Every (point, day, source, ref, figure, subject, value), points in order."""
    for number, result in enumerate(history.points, start=1):
        head = (number, result.point.day.isoformat(), result.point.source, result.point.ref)
        if result.figures is None:
            yield (*head, "problem", "", result.problem)
            continue
        for figure, subject, value in _point_rows(result):
            if value is not None:
                yield (*head, figure, subject, value)


def _point_rows(result: PointResult) -> Iterator[Row]:
    figures = result.figures or {}
    for name in ("teams", "workers", "end_clients", "links", "links_confirmed", "links_confirmed_share"):
        yield name, "", figures[name]
    findings = figures["findings"]
    yield "findings_total", "", findings["total"]
    yield from (("findings_severity", severity, count) for severity, count in findings["by_severity"].items())
    yield from (("findings_rule", rule, count) for rule, count in findings["by_rule"].items())
    yield from _satisfaction_rows(figures["satisfaction"])
    yield from (("enps", team, value) for team, value in figures["enps"].items())
    yield from (("nps", client, value) for client, value in figures["nps"].items())
    yield "frontline_enps", "", figures["frontline_enps"]
    for client, mirror in figures["mirror"].items():
        yield "mirror_frontline_enps", client, mirror["frontline_enps"]
        yield "mirror_quality", client, mirror["quality"]
        yield "mirror_weakest_link", client, mirror["weakest_link"]
        yield "mirror_weakest_score", client, mirror["weakest_score"]
    chains = figures["chains"]
    yield "teams_with_chain", "", chains["teams_with_chain"]
    yield "chain_length_mean", "", chains["mean_length"]
    yield "chain_length_max", "", chains["max_length"]
    yield from (("chain_length_teams", length, count) for length, count in chains["lengths"].items())
    yield "workers_without_chain", "", figures["workers_without_chain"]
    yield from _people_rows(result.people)


def _satisfaction_rows(satisfaction: Dict[str, Any]) -> Iterator[Row]:
    yield "satisfaction_mean", "", satisfaction["mean"]
    yield "satisfaction_inps", "", satisfaction["inps"]
    yield "satisfaction_scores", "", satisfaction["scores"]
    yield from (("link_satisfaction", link, score) for link, score in satisfaction["links"].items())
    for kind in ("teams", "departments"):
        prefix = "team" if kind == "teams" else "department"
        for group, both in satisfaction[kind].items():
            for way, label in (("clients", "satisfaction"), ("served", "served")):
                summary = both[way]
                if summary["scores"]:
                    yield f"{prefix}_{label}_mean", group, summary["mean"]
                    yield f"{prefix}_{label}_inps", group, summary["inps"]
                    yield f"{prefix}_{label}_scores", group, summary["scores"]


def _people_rows(people: Dict[str, Any]) -> Iterator[Row]:
    if not people:
        return
    yield "members_joined", "", people["joined"]
    yield "members_left", "", people["left"]
    for team, counts in people["teams"].items():
        yield "team_members", team, counts["members"]
        yield "team_joined", team, counts["joined"]
        yield "team_left", team, counts["left"]


def trend_csv(history: History) -> str:
    """The long table as CSV (comma-separated, UTF-8, a header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in trend_rows(history))  # team ids: the one guard
    return out.getvalue()


def trend_json(history: History, extra: Optional[Dict[str, Any]] = None) -> str:
    """Every point with its figures, nested as computed (the same numbers as the CSV)."""
    points: List[Dict[str, Any]] = []
    for number, result in enumerate(history.points, start=1):
        point = result.point
        entry: Dict[str, Any] = {"point": number, "day": point.day.isoformat(), "source": point.source,
                                 "ref": point.ref, "label": point.label}
        if result.figures is None:
            entry["problem"] = result.problem
        else:
            entry["figures"] = {k: v for k, v in result.figures.items() if k not in ("org", "shape")}
            entry["people"] = result.people
        points.append(entry)
    data: Dict[str, Any] = {"org": history.org_name, "settings": history.settings.as_key(), "points": points}
    data.update(extra or {})
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def trend_text(history: History) -> str:
    """One line per point for a person: weak links, links confirmed, satisfaction, people."""
    header = (_("day"), _("version"), _("errors"), _("warnings"), _("info"), _("confirmed"), _("satisfaction"),
              _("workers"), _("no chain"))
    rows = [header] + [_text_row(result) for result in history.points]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = [ngettext("{org}: {n} point in its history", "{org}: {n} points in its history", len(history.points)).format(
        org=history.org_name, n=len(history.points)), ""]
    for index, row in enumerate(rows):
        lines.append("  ".join(str(cell).ljust(widths[i]) if i < 2 else str(cell).rjust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    for number, result in enumerate(history.points, start=1):
        if result.figures is None:
            lines.append(_("point {n} ({ref}) could not be loaded: {problem}").format(n=number, ref=result.point.short_ref, problem=result.problem))
    return "\n".join(lines) + "\n"


def _signed(value: int) -> str:
    return f"{value:+d}".replace("-", "−")


def _text_row(result: PointResult) -> Tuple[str, ...]:
    day, ref = format_date(result.point.day), result.point.short_ref
    figures = result.figures
    if figures is None:
        return (day, ref, "—", "—", "—", "—", "—", "—", "—")
    severity = figures["findings"]["by_severity"]
    share = figures["links_confirmed_share"]
    satisfaction = figures["satisfaction"]
    score = "—" if satisfaction["mean"] is None else f"{format_number_2(satisfaction['mean'])} ({_signed(satisfaction['inps'])})"
    people = result.people
    moves = ""
    if people and people.get("joined") is not None and (people["joined"] or people["left"]):
        moves = f" +{people['joined']} −{people['left']}"
    return (day, ref, str(severity["error"]), str(severity["warning"]), str(severity["info"]),
            "—" if share is None else format_percent(share), score, f"{figures['workers']}{moves}",
            str(figures["workers_without_chain"]))
