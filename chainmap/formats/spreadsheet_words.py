"""The words of a CSV file meant for Excel, in the reader's language: headers and cell values.

A CSV for scripts keeps the codes of FORMAT.md (``rule``, ``one-sided``, ``warning``); one
for a person opening it in Excel (:class:`~chainmap.files.spreadsheet.CsvStyle` ``excel``)
reads "règle", "Lien à sens unique", "avertissement". One table of words for every CSV
chainmap writes for people: the findings (``weak --format csv``, ``export --table
findings``) and the links (``export --to csv``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence

from ..analysis.words import rule_title, severity_word
from ..i18n import N_, _

__all__ = ["translated_headers", "translated_row"]

HEADERS = {
    "rule": N_("rule"), "severity": N_("severity"), "team": N_("team"), "supplier": N_("supplier"),
    "client": N_("client"), "declared_by": N_("declared by"), "workers_affected": N_("workers affected"),
    "message": N_("what is wrong"), "action": N_("what to do"), "supplier_name": N_("supplier's name"),
    "client_name": N_("client's name"), "status": N_("status"), "what": N_("what is delivered"),
    "satisfaction": N_("satisfaction"), "weak": N_("weak"), "findings": N_("weak links"),
}


def _declared_by(value: str) -> str:
    return {"both": _("both sides"), "supplier": _("the supplier"), "client": _("the client")}.get(value, value)


def _status(value: str) -> str:
    return {"confirmed": _("confirmed link"), "one-sided": _("one-sided link"),
            "unknown-reference": _("unknown id")}.get(value, value)


def _rules(value: str) -> str:
    return "; ".join(rule_title(rule) for rule in value.split("; "))


VALUES: Dict[str, Callable[[str], str]] = {
    "rule": rule_title, "severity": severity_word, "declared_by": _declared_by, "status": _status,
    "weak": lambda value: _("yes") if value == "yes" else _("no"), "findings": _rules,
}


def translated_headers(columns: Sequence[str]) -> List[str]:
    """The headers of ``columns`` in the language in use."""
    return [_(HEADERS[column]) if column in HEADERS else column for column in columns]


def translated_row(columns: Sequence[str], row: Sequence[Any]) -> List[Any]:
    """A row's codes as words in the language in use (ids, names and numbers as they are)."""
    return [VALUES[column](value) if column in VALUES and isinstance(value, str) and value else value
            for column, value in zip(columns, row)]
