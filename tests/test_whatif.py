"""`chainmap whatif`: each kind of change gives exactly the findings and chains of the
organisation edited by hand, and the organisation's files are never touched.

The hand edits below are written from the definitions in docs/history.md (and
chainmap/whatif/changes.py), on the YAML files as a person would edit them, with no
chainmap code: then both organisations are analysed and compared.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest
import yaml

import chainmap
from chainmap.cli import cli
from chainmap.whatif import AddLink, DropLink, Merge, Outsource, Remove, read_changes, what_if

from .orgs import snapshot

AS_OF = dt.date(2026, 11, 23)
Files = Dict[Path, Any]


@pytest.fixture
def hospital(tmp_path: Path) -> Path:
    return Path(shutil.copytree(chainmap.example_path(), tmp_path / "hopital"))


def _read(root: Path) -> Files:
    return {path: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.yaml"))}


def _write(files: Files) -> None:
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _entries(team: Dict[str, Any], key: str) -> List[Dict[str, Any]]:
    """A team's `clients` or `suppliers`, each entry in the long form."""
    return [{"id": e} if isinstance(e, str) else dict(e) for e in team.get(key) or []]


def _teams(files: Files) -> Dict[str, Tuple[Path, Dict[str, Any]]]:
    return {data["id"]: (path, data) for path, data in files.items() if "org" not in data}


def _org_file(files: Files) -> Path:
    return next(path for path, data in files.items() if "org" in data)


# Hand edits, one per kind of change -----------------------------------------------------------


def hand_remove(files: Files, team: str) -> None:
    path, _data = _teams(files)[team]
    del files[path]
    for data in [d for _p, d in _teams(files).values()]:
        for key in ("clients", "suppliers"):
            data[key] = [e for e in _entries(data, key) if e["id"] != team]


def hand_outsource(files: Files, team: str) -> None:
    path, data = _teams(files)[team]
    del files[path]
    files[_org_file(files)]["end_clients"].append({"id": team, "name": data.get("name", team)})
    for other in [d for _p, d in _teams(files).values()]:
        other["suppliers"] = [e for e in _entries(other, "suppliers") if e["id"] != team]


def hand_add_link(files: Files, supplier: str, client: str) -> None:
    teams = _teams(files)
    entries = _entries(teams[supplier][1], "clients")
    teams[supplier][1]["clients"] = entries + ([{"id": client}] if all(e["id"] != client for e in entries) else [])
    if client in teams:
        entries = _entries(teams[client][1], "suppliers")
        teams[client][1]["suppliers"] = entries + ([{"id": supplier}] if all(e["id"] != supplier for e in entries) else [])


def hand_drop_link(files: Files, supplier: str, client: str) -> None:
    teams = _teams(files)
    teams[supplier][1]["clients"] = [e for e in _entries(teams[supplier][1], "clients") if e["id"] != client]
    if client in teams:
        teams[client][1]["suppliers"] = [e for e in _entries(teams[client][1], "suppliers") if e["id"] != supplier]


def _combined(entries: List[Dict[str, Any]], rename: Callable[[str], str], skip: Tuple[str, ...] = ()) -> List[Dict[str, Any]]:
    """Entries renamed, each id once: the first one's description, the mean of the scores given."""
    out: Dict[str, Dict[str, Any]] = {}
    scores: Dict[str, List[float]] = {}
    for entry in entries:
        target = rename(entry["id"])
        if target in skip:
            continue
        out.setdefault(target, {"id": target, **({"what": entry["what"]} if entry.get("what") else {})})
        if "what" not in out[target] and entry.get("what"):
            out[target]["what"] = entry["what"]
        if entry.get("satisfaction") is not None:
            scores.setdefault(target, []).append(entry["satisfaction"])
    for target, given in scores.items():
        out[target]["satisfaction"] = sum(given) / len(given)
    return list(out.values())


def hand_merge(files: Files, first: str, second: str, new_id: str, new_name: str) -> None:
    teams = _teams(files)
    (path_a, a), (path_b, b) = teams[first], teams[second]
    rename = lambda node: new_id if node in (first, second) else node  # noqa: E731
    members_a = [m if isinstance(m, dict) else {"name": m} for m in a.get("members") or []]
    members_b = [m if isinstance(m, dict) else {"name": m} for m in b.get("members") or []]
    ids_a = {m.get("id", m["name"]) for m in members_a}
    rated = [(t["enps"], len(t.get("members") or [])) for t in (a, b) if t.get("enps") is not None]
    merged: Dict[str, Any] = {"id": new_id, "name": new_name, "department": a.get("department") or b.get("department"),
                              "members": members_a + [m for m in members_b if m.get("id", m["name"]) not in ids_a]}
    if rated:
        merged["enps"] = round(sum(e * n for e, n in rated) / sum(n for _e, n in rated))
    reviewed = [t["reviewed"] for t in (a, b) if t.get("reviewed")]
    if reviewed:
        merged["reviewed"] = min(reviewed)
    merged["clients"] = _combined(_entries(a, "clients") + _entries(b, "clients"), rename, skip=(new_id,))
    merged["suppliers"] = _combined(_entries(a, "suppliers") + _entries(b, "suppliers"), rename, skip=(new_id,))
    del files[path_a], files[path_b]
    files[path_a] = merged
    for _path, data in _teams(files).values():
        if data is not merged:
            for key in ("clients", "suppliers"):
                data[key] = _combined(_entries(data, key), rename)


# The comparison --------------------------------------------------------------------------------


def _picture(analysis: chainmap.Analysis) -> Dict[str, Any]:
    """What must be equal: every finding (rule, subject, severity, workers), chains, links."""
    org = analysis.org
    return {
        "findings": [(f.rule, f.subject, f.severity, f.workers_affected) for f in analysis.findings],
        "chains": {team: analysis.team_chain(team) for team in org.teams},
        "workers": {worker: analysis.worker_chain(worker) for worker in org.workers},
        "links": [(l.supplier, l.client, l.status, l.satisfaction) for l in org.links],  # noqa: E741
        "teams": {t.id: (t.name, t.department, t.enps, t.reviewed, len(t.members)) for t in org.teams.values()},
        "end_clients": sorted(org.end_clients),
    }


def _check(hospital: Path, tmp_path: Path, changes: List[Any], edit: Callable[[Files], None]) -> None:
    before = snapshot(hospital)
    scenario = what_if(chainmap.analyse(chainmap.load(hospital), AS_OF), changes)
    files = _read(hospital)
    edit(files)
    edited_root = tmp_path / "edited"
    relocated = {edited_root / path.relative_to(hospital): data for path, data in files.items()}
    _write(relocated)
    by_hand = chainmap.analyse(chainmap.load(edited_root), AS_OF)
    assert _picture(scenario.after) == _picture(by_hand)
    assert snapshot(hospital) == before  # the organisation's files are never touched


def test_remove_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [Remove("pharmacie")], lambda f: hand_remove(f, "pharmacie"))


def test_merge_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [Merge("paie", "gestion-des-temps")],
           lambda f: hand_merge(f, "paie", "gestion-des-temps", "paie", "Paie"))


def test_merge_into_a_new_name_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    """Two teams that both rate suppliers and are rated by the same clients: scores are averaged."""
    _check(hospital, tmp_path, [Merge("radiologie", "laboratoire", into="Plateau technique")],
           lambda f: hand_merge(f, "radiologie", "laboratoire", "plateau-technique", "Plateau technique"))


def test_outsource_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [Outsource("cuisine")], lambda f: hand_outsource(f, "cuisine"))


def test_outsourcing_a_team_with_an_unknown_reference(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [Outsource("informatique")], lambda f: hand_outsource(f, "informatique"))


def test_add_link_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [AddLink("brancardage", "chirurgie")], lambda f: hand_add_link(f, "brancardage", "chirurgie"))


def test_add_link_to_an_end_client(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [AddLink("blanchisserie", "patients")], lambda f: hand_add_link(f, "blanchisserie", "patients"))


def test_drop_link_equals_the_hand_edit(hospital: Path, tmp_path: Path) -> None:
    _check(hospital, tmp_path, [DropLink("laboratoire", "urgences")], lambda f: hand_drop_link(f, "laboratoire", "urgences"))


def test_a_file_of_changes_equals_the_hand_edits_in_order(hospital: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("changes:\n  - merge: [paie, rh]\n    into: RH et paie\n  - outsource: cuisine\n"
                        "  - drop-link: [laboratoire, urgences]\n  - add-link: [brancardage, chirurgie]\n  - remove: blanchisserie\n")

    def edits(files: Files) -> None:
        hand_merge(files, "paie", "rh", "rh-et-paie", "RH et paie")
        hand_outsource(files, "cuisine")
        hand_drop_link(files, "laboratoire", "urgences")
        hand_add_link(files, "brancardage", "chirurgie")
        hand_remove(files, "blanchisserie")
    _check(hospital, tmp_path, read_changes(scenario), edits)


def test_the_command_answers_with_chains_findings_and_workers(hospital: Path, tmp_path: Path, runner) -> None:
    before = snapshot(hospital)
    result = runner.invoke(cli, ["whatif", str(hospital), "--as-of", "2026-11-23", "--remove", "pharmacie", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"] == [{"change": "remove", "team": "pharmacie"}]
    pharmacie = data["workers_affected"]["pharmacie"]
    assert (pharmacie["left"], pharmacie["lost"]) == (3, 1)  # one of its four also works in Qualité: she stays, her chain lost
    text = runner.invoke(cli, ["whatif", str(hospital), "--as-of", "2026-11-23", "--merge", "paie", "rh", "--into", "RH et paie"]).output
    assert "What if: merge Paie and Ressources humaines into “RH et paie”?" in text
    assert "Workers affected, by team of today" in text
    svg = tmp_path / "whatif.svg"
    drawn = runner.invoke(cli, ["whatif", str(hospital), "--outsource", "cuisine", "-o", str(svg)])
    assert drawn.exit_code == 0, drawn.output
    assert svg.read_text().startswith("<?xml") or "<svg" in svg.read_text()[:500]
    assert snapshot(hospital) == before


def test_bad_changes_get_clear_answers(hospital: Path, tmp_path: Path, runner) -> None:
    result = runner.invoke(cli, ["whatif", str(hospital), "--remove", "pharmacy"])
    assert result.exit_code == 2 and "there is no team `pharmacy`" in result.output and "pharmacie" in result.output
    result = runner.invoke(cli, ["whatif", str(hospital)])
    assert result.exit_code == 2 and "--remove" in result.output
    result = runner.invoke(cli, ["whatif", str(hospital), "--drop-link", "paie", "urgences"])
    assert result.exit_code == 2 and "no link" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("changes:\n  - remove: paie\n  - merj: [a, b]\n  - merge: [a]\n")
    result = runner.invoke(cli, ["whatif", str(hospital), "--changes", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:" in result.output and "did you mean `merge`" in result.output
    assert f"{bad}:4:" in result.output and "two ids" in result.output
