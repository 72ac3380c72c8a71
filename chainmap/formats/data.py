"""JSON and CSV output, exactly as FORMAT.md §4 describes (extra keys only where it allows).

JSON is written with sorted data and fixed indentation so that the same declarations give
byte-identical output, which diffs cleanly in git.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, Iterable, List, Optional, Sequence

from ..analysis import Analysis, Finding
from ..analysis.rules import finding_order
from ..analysis.words import describe
from ..files.spreadsheet import CsvStyle, csv_style, csv_text
from .chains_stream import write_chains_json

__all__ = ["FINDING_COLUMNS", "csv_style", "table_csv", "json_facts", "findings_data", "findings_json", "findings_csv", "chains_data", "chains_json", "dumps"]


def dumps(data: Any) -> str:
    """JSON as chainmap writes it: UTF-8 text, one-space indent, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def finding_data(finding: Finding, analysis: Analysis) -> Dict[str, Any]:
    """One finding as FORMAT.md §4's JSON object, with `action` added."""
    message, action = describe(finding, analysis.org)
    data: Dict[str, Any] = {"rule": finding.rule, "severity": finding.severity}
    if finding.is_link:
        data["supplier"], data["client"] = finding.supplier, finding.client
        if finding.declared_by:
            data["declared_by"] = finding.declared_by
    else:
        data["team"] = finding.team
    data["message"] = message
    data["action"] = action
    data["workers_affected"] = finding.workers_affected
    data["facts"] = json_facts(finding.facts)
    return data


def json_facts(facts: Dict[str, Any]) -> Dict[str, Any]:
    """The facts behind a finding (a score, a threshold, which condition fired…) for a script.

    Lists are left out: a single point of failure's ``carried`` teams number thousands in a
    large organisation (its count is a fact of its own, ``teams_carried``). So is the file
    and line an entry was read at (``where``): the JSON depends on the declarations, never on
    how their files are named or arranged. Exact fractions (means of scores) are written as
    numbers; ``None`` as ``null``.
    """
    shown: Dict[str, Any] = {}
    for key, value in facts.items():
        if key in _NOT_IN_JSON or isinstance(value, (list, tuple, set, frozenset)):
            continue
        shown[key] = float(value) if isinstance(value, Fraction) else value
    return shown


def findings_data(analysis: Analysis, findings: Optional[Iterable[Finding]] = None) -> List[Dict[str, Any]]:
    """The findings (default: all) as a list of JSON objects, in FORMAT.md order."""
    return [finding_data(f, analysis) for f in (analysis.findings if findings is None else findings)]


def findings_json(analysis: Analysis, findings: Optional[Iterable[Finding]] = None) -> str:
    """``chainmap weak --format json``: the findings (default: all) in FORMAT.md's order, whatever
    order they come in (a filter ranks them by workers affected)."""
    return dumps(findings_data(analysis, None if findings is None else sorted(findings, key=finding_order)))


_NOT_IN_JSON = frozenset({"where"})

FINDING_COLUMNS = ("rule", "severity", "team", "supplier", "client", "declared_by", "workers_affected",
                   "message", "action")


def findings_csv(analysis: Analysis, findings: Optional[Iterable[Finding]] = None, bom: bool = False,
                 line_end: str = "\n", style: Optional[CsvStyle] = None) -> str:
    """One row per finding (default: all, in FORMAT.md order; else in the order given, a
    filter's ranking), with its message and suggested action; safe to open in a spreadsheet.
    ``chainmap weak --format csv`` ends lines with ``\n``; ``export --to csv --table
    findings`` with ``\r\n`` (RFC 4180) and, if asked, a BOM. ``style``: for Excel in
    French (``;``, decimal comma, BOM, headers and values in French; see :func:`csv_style`)."""
    rows = [[data.get(column) for column in FINDING_COLUMNS] for data in findings_data(analysis, findings)]
    return table_csv(FINDING_COLUMNS, rows, style or CsvStyle(bom=bom, line_end=line_end))


def table_csv(columns: Sequence[str], rows: List[List[Any]], style: CsvStyle) -> str:
    """A table for people as CSV in ``style``: its words translated when it is Excel's."""
    if style.excel:
        from .spreadsheet_words import translated_headers, translated_row
        return csv_text(translated_headers(columns), [translated_row(columns, row) for row in rows], style=style)
    return csv_text(columns, rows, style=style)


def chains_data(analysis: Analysis, team_ids: Optional[Iterable[str]] = None,
                worker_ids: Optional[Iterable[str]] = None) -> Dict[str, Any]:
    """``chainmap chains --format json``: every team's and worker's chain (or those asked)."""
    org = analysis.org
    teams = list(org.teams) if team_ids is None else list(team_ids)
    workers = list(org.workers) if worker_ids is None else list(worker_ids)
    return {
        "teams": {t: {"chain": analysis.team_chain(t), "end_clients": list(analysis.chains.end_clients.get(t, ()))}
                  for t in teams},
        "workers": {w: {"teams": list(org.workers[w].teams), "chain": analysis.worker_chain(w)}
                    for w in workers},
    }


def chains_json(analysis: Analysis, team_ids: Optional[Iterable[str]] = None,
                worker_ids: Optional[Iterable[str]] = None) -> str:
    """The JSON text of :func:`chains_data` (``dumps`` of it, byte for byte), made by
    :func:`~chainmap.formats.chains_stream.write_chains_json`, which the command streams."""
    pieces: List[str] = []
    write_chains_json(analysis, pieces.append, team_ids, worker_ids)
    return "".join(pieces)
