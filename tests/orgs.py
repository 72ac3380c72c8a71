"""Small purpose-built organisations for the tests, written into a temporary folder.

Tests describe an organisation as Python data (or as the exact YAML text, when line
numbers matter) and get back the path to hand to ``chainmap.load`` or the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import yaml

__all__ = ["ORG_YAML", "write_files", "team", "write_org", "snapshot", "findings_of"]

# The smallest valid org.yaml: one end client, `customers`.
ORG_YAML = "org: Test organisation\nend_clients:\n  - id: customers\n"


def write_files(root: Path, files: Mapping[str, Union[str, bytes]]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (created) and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def team(team_id: str, clients: Sequence[Any] = (), suppliers: Sequence[Any] = (),
         members: Optional[Sequence[Any]] = None, **keys: Any) -> Dict[str, Any]:
    """A team declaration; by default one member named after the team, so that
    `no-members` does not fire in tests about other rules."""
    declaration: Dict[str, Any] = {"id": team_id}
    declaration["members"] = list(members) if members is not None else [f"{team_id} worker"]
    if clients:
        declaration["clients"] = list(clients)
    if suppliers:
        declaration["suppliers"] = list(suppliers)
    declaration.update(keys)
    return declaration


def write_org(root: Path, teams: Iterable[Dict[str, Any]], end_clients: Sequence[str] = ("customers",),
              settings: Optional[Dict[str, Any]] = None, name: str = "Test organisation") -> Path:
    """An organisation folder whose org.yaml lists the teams inline; returns the folder."""
    data: Dict[str, Any] = {"org": name, "end_clients": [{"id": c} for c in end_clients]}
    if settings:
        data["settings"] = settings
    data["teams"] = list(teams)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return write_files(root, {"org.yaml": text})


def snapshot(root: Path) -> Dict[str, bytes]:
    """Every file under ``root`` with its bytes: to prove that nothing was changed."""
    files: List[Path] = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def findings_of(analysis: Any, rule: str) -> List[Tuple[Any, ...]]:
    """One rule's findings as (subject ids…, severity, workers affected), in report order."""
    return [(*f.subject, f.severity, f.workers_affected) for f in analysis.findings if f.rule == rule]
