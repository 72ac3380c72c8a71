"""Make a year of history for the example hospital, in a git repository, and draw it.

    .venv/bin/python scripts/history_example.py /tmp/hopital-histoire [--lang fr]

Twelve monthly commits of the kind a real year brings: a one-sided link confirmed after a
workshop, a mistyped id corrected, a supplier's score falling then recovering, the
emergency ward's eNPS climbing as it hires, a nurse leaving, the patients' NPS moving.
Then it writes `chainmap history`'s charts, the report with its "Over time" panel, and
prints the symmetry of attention with its lagged correlations: the pictures of
docs/history.md (diagrams/history.png) come from it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, Dict, List

import yaml

import chainmap

Edit = Callable[[Path], None]


def _edit(relative: str, change: Callable[[Dict[str, Any]], None]) -> Edit:
    def apply(root: Path) -> None:
        path = root / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return apply


def _supplier_score(supplier: str, score: float) -> Callable[[Dict[str, Any]], None]:
    def change(team: Dict[str, Any]) -> None:
        for entry in team["suppliers"]:
            if isinstance(entry, dict) and entry["id"] == supplier:
                entry["satisfaction"] = score
    return change


def _set(key: str, value: Any) -> Callable[[Dict[str, Any]], None]:
    return lambda data: data.__setitem__(key, value)


def _add_members(*names: str) -> Callable[[Dict[str, Any]], None]:
    return lambda team: team.setdefault("members", []).extend(names)


def _drop_last_member(team: Dict[str, Any]) -> None:
    team["members"].pop()


def _add_supplier(supplier: str, score: float) -> Callable[[Dict[str, Any]], None]:
    return lambda team: team.setdefault("suppliers", []).append({"id": supplier, "satisfaction": score})


def _drop_client(client: str) -> Callable[[Dict[str, Any]], None]:
    def change(team: Dict[str, Any]) -> None:
        team["clients"] = [e for e in team["clients"] if (e if isinstance(e, str) else e["id"]) != client]
    return change


def _nps(client: str, value: int) -> Edit:
    def change(org: Dict[str, Any]) -> None:
        for entry in org["end_clients"]:
            if entry["id"] == client:
                entry["nps"] = value
    return _edit("org.yaml", change)


MONTHS: List[tuple] = [
    ("2026-01-30", "Déclarations de janvier", []),
    ("2026-02-27", "L'imagerie confirme le brancardage (atelier de février)",
     [_edit("teams/medico-technique/radiologie.yaml", _add_supplier("brancardage", 7))]),
    ("2026-03-31", "Les urgences notent le brancardage plus bas encore",
     [_edit("teams/soins/urgences.yaml", _supplier_score("brancardage", 3))]),
    ("2026-04-30", "Deux recrutements aux urgences",
     [_edit("teams/soins/urgences.yaml", _add_members("Inès Barbier", "Hugo Renaud")),
      _edit("teams/soins/urgences.yaml", _set("enps", -10))]),
    ("2026-05-29", "Le numérique corrige l'identifiant du standard",
     [_edit("teams/administration-rh/informatique.yaml", _drop_client("standard-telephonique"))]),
    ("2026-06-30", "Un départ en médecine interne; NPS patients de juin",
     [_edit("teams/soins/medecine-interne.yaml", _drop_last_member), _nps("patients", 27)]),
    ("2026-07-31", "La cuisine livre chaud: la médecine interne la note 8",
     [_edit("teams/soins/medecine-interne.yaml", _supplier_score("cuisine", 8))]),
    ("2026-08-31", "Brancardage: plan d'action après l'atelier",
     [_edit("teams/soins/urgences.yaml", _supplier_score("brancardage", 6))]),
    ("2026-09-30", "Urgences: eNPS de septembre",
     [_edit("teams/soins/urgences.yaml", _set("enps", 4)), _nps("patients", 30)]),
    ("2026-10-30", "Le brancardage passe à 8 aux urgences",
     [_edit("teams/soins/urgences.yaml", _supplier_score("brancardage", 8))]),
    ("2026-11-30", "NPS patients de novembre",
     [_nps("patients", 35), _edit("teams/soins/urgences.yaml", _set("enps", 12))]),
    ("2026-12-18", "Revue annuelle",
     [_edit("teams/logistique/blanchisserie.yaml", _add_members("Rémi Caron", "Aline Petit"))]),
]


def _git(repo: Path, *args: str, day: str = "") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Qualité", GIT_AUTHOR_EMAIL="qualite@example.org",
               GIT_COMMITTER_NAME="Qualité", GIT_COMMITTER_EMAIL="qualite@example.org")
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T17:00:00+01:00"
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def make(repo: Path) -> Path:
    """The repository, its folder `hopital/` committed once a month; returns the folder."""
    if repo.exists():
        shutil.rmtree(repo)
    org = repo / "hopital"
    shutil.copytree(chainmap.example_path(), org)
    _git(repo, "init", "-q")
    for day, message, edits in MONTHS:
        for edit in edits:
            edit(org)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", message, day=day)
    return org


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--lang", default="en")
    options = parser.parse_args()
    org = make(options.repo)
    run = ["chainmap", "--quiet"]
    charts = options.repo / ("tendances.png" if options.lang == "fr" else "history.png")
    subprocess.run([*run, "history", str(org), "--lang", options.lang, "--chart", str(charts), "--no-cache"], check=True)
    subprocess.run([*run, "report", str(org), "--lang", options.lang, "-o", str(options.repo / "report.html"),
                    "--history", "--as-of", "2026-12-18"], check=True)
    subprocess.run([*run, "symmetry", str(org), "--lang", options.lang, "--history", "--as-of", "2026-12-18"], check=True)


if __name__ == "__main__":
    main()
