"""Which column holds what, and which team a respondent meant.

Exports name their columns after the question asked ("Votre équipe", "Which team rates…",
"Note de 0 à 10"), so columns are recognised from common French and English words, and
``--team-column`` and friends name them when the guess is not enough. Team names typed or
picked by respondents are matched to ids without regard to case, accents or punctuation,
by id or by display name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import UsageError
from ..i18n import _
from ..model import Org

__all__ = ["Columns", "find_columns", "normalise", "TeamIndex", "ROLES"]

ROLES = ("supplier", "score", "comment", "team", "date")

# (exact names, words that suggest the role), all normalised. Order of ROLES matters: the
# supplier is found before the team, because "équipe évaluée" also contains "équipe".
_WORDS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    "supplier": (("supplier", "supplier team", "rated team", "fournisseur", "equipe fournisseur",
                  "equipe evaluee", "service evalue", "prestataire"),
                 ("supplier", "fournisseur", "prestataire", "evaluee", "evalue", "rated")),
    "score": (("score", "note", "rating", "satisfaction", "nps", "enps", "score 0 10", "note 0 10"),
              ("0 10", "0 a 10", "sur 10", "out of 10", "score", "note", "rating", "recommand", "satisf")),
    "comment": (("comment", "comments", "commentaire", "commentaires", "remarque", "remarques", "verbatim"),
                ("comment", "remarque", "precis", "pourquoi", "why", "suggestion", "verbatim", "explain")),
    "team": (("team", "your team", "my team", "equipe", "votre equipe", "mon equipe", "service",
              "votre service", "respondent team", "unit", "unite"),
             ("team", "equipe", "service", "unit", "unite", "pole")),
    "date": (("timestamp", "horodateur", "horodatage", "date", "submitted at", "completion time",
              "heure de fin", "end time"),
             ("timestamp", "horodat", "submitted", "completion", "heure de fin", "end time")),
}


def normalise(text: object) -> str:
    """Lower case, no accents, punctuation as single spaces: how names and headers are compared.

    >>> normalise("  Équipe  évaluée (0-10) ")
    'equipe evaluee 0 10'
    """
    decomposed = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", decomposed.lower()).strip()


@dataclass(frozen=True)
class Columns:
    """The index of each role's column in the table (``None``: not there)."""

    team: Optional[int]
    supplier: Optional[int]
    score: Optional[int]
    comment: Optional[int]
    date: Optional[int]


def find_columns(headers: Sequence[str], path: str, given: Dict[str, Optional[str]]) -> Columns:
    """Each role's column: the one named by an option, else the best-recognised header."""
    chosen: Dict[str, int] = {}
    for role, name in given.items():
        if name:
            chosen[role] = _named_column(headers, name, path, role)
    candidates = sorted(
        ((-_fit(role, header), ROLES.index(role), index, role)
         for role in ROLES if role not in chosen
         for index, header in enumerate(headers) if _fit(role, header) > 0),
    )
    for _score, _order, index, role in candidates:
        if role not in chosen and index not in chosen.values():
            chosen[role] = index
    return Columns(**{role: chosen.get(role) for role in ROLES})


def _fit(role: str, header: str) -> float:
    """How well a header suggests a role: 3 exact name, 2 starts with a word, 1 contains one."""
    name = normalise(header)
    exact, words = _WORDS[role]
    if name in exact:
        return 3
    if any(name.startswith(word) for word in words):
        return 2
    return 1 if any(f" {word}" in f" {name}" for word in words) else 0


def _named_column(headers: Sequence[str], name: str, path: str, role: str) -> int:
    """The column an option names, by header (any case or accents) or by number (1 = first)."""
    wanted = normalise(name)
    for index, header in enumerate(headers):
        if normalise(header) == wanted:
            return index
    if name.isdigit() and 1 <= int(name) <= len(headers):
        return int(name) - 1
    shown = ", ".join(f'"{h}"' for h in headers)
    raise UsageError(_("{path}: no column is called \"{name}\" (--{role}-column); the columns are: {columns}").format(
        path=path, name=name, role=role, columns=shown))


class TeamIndex:
    """Finds the team a respondent meant, by id or by display name."""

    def __init__(self, org: Org):
        self.org = org
        self.by_name: Dict[str, str] = {}
        for team_id in sorted(org.teams, reverse=True):  # reverse: the smallest id wins a shared name
            self.by_name[normalise(org.teams[team_id].name)] = team_id
        for team_id in org.teams:
            self.by_name[normalise(team_id)] = team_id

    def find(self, written: object) -> Optional[str]:
        """The id of the team ``written`` names, or ``None``."""
        return self.by_name.get(normalise(written))

    def suggestion(self, written: object) -> Optional[str]:
        """The id of the team whose name is closest to ``written`` (for a "did you mean")."""
        close: List[str] = difflib.get_close_matches(normalise(written), list(self.by_name), n=1, cutoff=0.75)
        return self.by_name[close[0]] if close else None

    def is_end_client(self, written: object) -> bool:
        """True when ``written`` names an end client (they rate nobody and are not rated as suppliers)."""
        wanted = normalise(written)
        return any(wanted in (normalise(c.id), normalise(c.name)) for c in self.org.end_clients.values())
