"""Known findings: a file of accepted weak links, so that a check reports only what is new.

``chainmap weak ORG --write-baseline known.yaml`` records today's findings, each with a
``reason`` for a person to fill in ("the laundry is outsourced in March"). With
``--baseline known.yaml``, ``weak`` and ``check`` report only the findings the file does
not list, and name the entries that no longer occur: ``check`` fails on those, so the
file never keeps excusing a problem that is gone (or hides one that comes back later
under an old excuse). A finding is identified by its rule and its subject (a team, or a
supplier → client link), never by its wording, which changes with the language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from ..analysis import RULE_ORDER, Analysis, Finding
from ..analysis.findings import FindingKey
from ..analysis.words import describe, rule_title
from ..errors import BaselineError, Problem
from ..i18n import _, ngettext
from ..load.fields import FieldReader
from ..load.files import decode_text
from ..load.regular import SIDE_FILE_BYTES, RefusedFile, read_bytes
from ..load.yaml_nodes import Node, YamlProblem, parse_yaml

__all__ = ["KnownFinding", "Baseline", "Comparison", "read_baseline", "baseline_yaml", "compare",
           "without_known", "baseline_lines", "known_findings", "write_baseline", "FORMAT_VERSION"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class KnownFinding:
    """One entry of the file: a finding accepted for a reason, and where it is written."""

    rule: str
    subject: Tuple[str, ...]
    reason: str = ""
    line: Optional[int] = None

    @property
    def key(self) -> FindingKey:
        return (self.rule, self.subject)


@dataclass(frozen=True)
class Baseline:
    """The known findings of one file."""

    path: str
    entries: Tuple[KnownFinding, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Today's findings split against a baseline."""

    new: Tuple[Finding, ...]
    known: Tuple[Finding, ...]
    stale: Tuple[KnownFinding, ...]
    baseline: Baseline

    @property
    def without_reason(self) -> int:
        """How many entries still wait for their `reason`."""
        return sum(1 for entry in self.baseline.entries if not entry.reason.strip())


def compare(analysis: Analysis, baseline: Baseline) -> Comparison:
    """Which findings are new, which are known, and which entries no longer occur."""
    listed = {entry.key for entry in baseline.entries}
    occurring = {f.key for f in analysis.findings}
    return Comparison(
        new=tuple(f for f in analysis.findings if f.key not in listed),
        known=tuple(f for f in analysis.findings if f.key in listed),
        stale=tuple(entry for entry in baseline.entries if entry.key not in occurring),
        baseline=baseline,
    )


def without_known(analysis: Analysis, comparison: Comparison) -> Analysis:
    """The analysis with only the new findings: every output then reports just those."""
    return replace(analysis, findings=comparison.new)


_HEADER = """\
# Known findings of {org}, recorded on {date} by `chainmap weak --write-baseline`.
# With `--baseline {name}`, `chainmap weak` and `chainmap check` report only findings not
# listed here; `check` fails when an entry no longer occurs: then remove it from this file.
# Fill in each `reason`: why the finding is accepted for now, and until when.
# `about` is there to help you; chainmap reads only rule, team or supplier/client, and reason.
"""


def baseline_yaml(analysis: Analysis, previous: Optional[Baseline] = None, name: str = "known.yaml") -> str:
    """Today's findings as a baseline file; reasons already written in ``previous`` are kept."""
    reasons = {entry.key: entry.reason for entry in (previous.entries if previous else ())}
    known: List[Dict[str, Any]] = []
    for finding in analysis.findings:
        entry: Dict[str, Any] = {"rule": finding.rule}
        if finding.is_link:
            entry.update(supplier=finding.supplier, client=finding.client)
        else:
            entry["team"] = finding.team
        entry["about"] = describe(finding, analysis.org)[0]
        entry["reason"] = reasons.get(finding.key, "")
        known.append(entry)
    body = yaml.safe_dump({"chainmap_baseline": FORMAT_VERSION, "known": known}, sort_keys=False,
                          allow_unicode=True, default_flow_style=False, width=100)
    return _HEADER.format(org=analysis.org.name, date=analysis.as_of.isoformat(), name=name) + body


def read_baseline(path: Path) -> Baseline:
    """Read a baseline file; every problem is reported as ``path:line: message`` (exit 2)."""
    path = Path(path)
    not_a_baseline = _("this is not a baseline file (no `known:` list): give --baseline the file that `chainmap weak ORG --write-baseline known.yaml` writes")
    try:
        data = read_bytes(path, SIDE_FILE_BYTES)
    except RefusedFile as refused:
        raise BaselineError([refused.problem]) from None
    if _looks_binary(data):  # a workbook, a PDF, a picture given by mistake
        raise BaselineError([Problem(str(path), None, not_a_baseline)])
    text, problem = decode_text(path, data)
    if problem is not None:
        raise BaselineError([problem])
    try:
        root = parse_yaml(text or "")
    except YamlProblem as error:
        raise BaselineError([Problem(str(path), error.line, error.message)]) from None
    if root is None or not isinstance(root.value, dict) or "known" not in root.value:
        raise BaselineError([Problem(str(path), root.line if root else None, not_a_baseline)])
    known = root.value["known"]
    if known.value is not None and not isinstance(known.value, list):  # empty `known:` means none
        raise BaselineError([Problem(str(path), known.line, _("`known` should be a list of entries, each starting with `- rule:`, as `--write-baseline` writes them"))])
    reader = FieldReader(str(path))
    reader.mapping(root, _("the file of known findings"), _FILE_KEYS)
    entries = [entry for entry in (_entry(item, reader) for item in known.value or []) if entry is not None]
    _report_repeats(entries, reader)
    if reader.problems:
        raise BaselineError(reader.problems)
    return Baseline(str(path), tuple(entries))


def _looks_binary(data: bytes) -> bool:
    """True for a file that is no text at all: a zip (xlsx, docx, odt) or a PDF."""
    return data.startswith((b"PK\x03\x04", b"%PDF"))


_FILE_KEYS = ("chainmap_baseline", "known")
_ENTRY_KEYS = ("rule", "team", "supplier", "client", "about", "reason")


def _entry(item: Node, reader: FieldReader) -> Optional[KnownFinding]:
    """One entry, or a problem saying what is missing or mistyped.

    A mistyped key (``raison:``, ``suplier:``) is reported rather than skipped: the entry
    would otherwise excuse another finding than the one meant, or lose its reason.
    """
    fields = reader.mapping(item, _("an entry of `known`"), _ENTRY_KEYS) if isinstance(item.value, dict) else {}
    text = {key: str(node.value) for key, node in (fields or {}).items() if node.value is not None}
    rule = text.get("rule", "")
    if rule not in RULE_ORDER:
        reader.problem(item.line, _("`rule` must be one of: {rules}").format(rules=", ".join(RULE_ORDER)))
        return None
    if "team" in text:
        subject: Tuple[str, ...] = (text["team"],)
    elif "supplier" in text and "client" in text:
        subject = (text["supplier"], text["client"])
    else:
        reader.problem(item.line, _("an entry needs `team`, or `supplier` and `client`"))
        return None
    return KnownFinding(rule, subject, text.get("reason", ""), item.line)


def _report_repeats(entries: List[KnownFinding], reader: FieldReader) -> None:
    """An entry written twice: its two reasons would disagree, and one of them would be lost."""
    first: Dict[FindingKey, Optional[int]] = {}
    for entry in entries:
        if entry.key in first:
            written = f"{entry.rule}: {' → '.join(entry.subject)}"
            reader.problem(entry.line, _("`{id}` is listed twice in `{key}` (also on line {line}): keep one entry").format(
                id=written, key="known", line=first[entry.key]))
        else:
            first[entry.key] = entry.line


def baseline_lines(comparison: Comparison, analysis: Analysis) -> List[str]:
    """What the baseline hid, and which of its entries no longer occur (for text outputs)."""
    org, path = analysis.org, comparison.baseline.path
    lines = [ngettext("{n} known finding not shown (listed in {path}).", "{n} known findings not shown (listed in {path}).",
                      len(comparison.known)).format(n=len(comparison.known), path=path)]
    for entry in comparison.stale:
        subject = " → ".join(org.display_name(s) for s in entry.subject)
        lines.append(_("{path}:{line}: no longer occurs: {rule} — {subject}; remove this entry").format(
            path=path, line=entry.line, rule=rule_title(entry.rule), subject=subject))
    if comparison.without_reason:
        lines.append(ngettext("{n} entry of {path} has no reason yet: write why it is accepted.",
                              "{n} entries of {path} have no reason yet: write why they are accepted.",
                              comparison.without_reason).format(n=comparison.without_reason, path=path))
    return lines


def known_findings(analysis: Analysis, path: Optional[Path]) -> Tuple[Analysis, List[str], int]:
    """For ``--baseline``: the analysis with only new findings, the lines to show, and the stale count."""
    if path is None:
        return analysis, [], 0
    comparison = compare(analysis, read_baseline(path))
    return without_known(analysis, comparison), baseline_lines(comparison, analysis), len(comparison.stale)


def write_baseline(analysis: Analysis, path: Path) -> None:
    """For ``--write-baseline``: record today's findings, keeping the reasons already in ``path``."""
    from ..files.safe_write import write_text
    previous = _previous_baseline(Path(path))
    write_text(path, baseline_yaml(analysis, previous, Path(path).name))


def _previous_baseline(path: Path) -> Optional[Baseline]:
    """The baseline ``--write-baseline`` updates (its reasons are kept), or ``None`` for a new file.

    A file of that name that is not a readable baseline is somebody's work: it is never
    written over, whatever it holds.
    """
    if not path.exists():
        return None
    try:
        return read_baseline(path)
    except BaselineError as error:
        refusal = Problem(str(path), None, _("this file exists and is not a baseline chainmap can update: chainmap will not write over it; choose another file name for --write-baseline"))
        raise BaselineError([refusal, *error.problems]) from None
