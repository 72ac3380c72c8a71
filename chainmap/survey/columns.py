"""Which column holds what, and which team a respondent meant.

Exports name their columns after the question asked ("Votre équipe", "Which team rates…",
"Note de 0 à 10"), so columns are recognised from common French and English words, and
``--team-column`` and friends name them when the guess is not enough. Team names typed or
picked by respondents are matched to ids without regard to case, accents or punctuation,
by id or by display name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Set, Tuple

from ..errors import UsageError
from ..i18n import _
from ..model import Org
from ..names import NearestId

__all__ = ["Columns", "find_columns", "normalise", "TeamIndex", "ROLES"]

ROLES = ("supplier", "score", "comment", "team", "date")

# (exact names, words that suggest the role), all normalised. Order of ROLES matters: the
# supplier is found before the team, because "équipe évaluée" also contains "équipe".
_WORDS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    "supplier": (("supplier", "supplier team", "rated team", "fournisseur", "equipe fournisseur",
                  "equipe evaluee", "service evalue", "prestataire", "equipe notee", "service note",
                  "equipe a evaluer", "service a evaluer", "equipe a noter", "team rated", "rated supplier"),
                 ("supplier", "fournisseur", "prestataire", "evaluee", "evalue", "notee", "rated")),
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
            index = _named_column(headers, name, path, role)
            _refuse_shared_column(chosen, role, index, headers, path)
            chosen[role] = index
    candidates = sorted(
        ((-_fit(role, header), ROLES.index(role), index, role)
         for role in ROLES if role not in chosen
         for index, header in enumerate(headers) if _fit(role, header) > 0),
    )
    for _score, _order, index, role in candidates:
        if role not in chosen and index not in chosen.values():
            chosen[role] = index
    return Columns(**{role: chosen.get(role) for role in ROLES})


def _refuse_shared_column(chosen: Dict[str, int], role: str, index: int, headers: Sequence[str], path: str) -> None:
    """Two options may not name one column: with the team and the supplier in the same column,
    every answer would be a team rating itself (and a score read as a team name makes no sense)."""
    for other, column in chosen.items():
        if column == index:
            raise UsageError(_("{path}: --{first}-column and --{second}-column both name the column \"{header}\": "
                               "each needs its own column").format(path=path, first=other, second=role, header=headers[index]))


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


# "Qualité (qa1)": a display name followed by the team's id in brackets, as the questionnaire
# writes a name that would otherwise name two teams.
_WITH_ID = re.compile(r"^(.*?)\s*\(\s*([^()]*?)\s*\)\s*$", re.DOTALL)


class TeamIndex:
    """Finds the team a respondent meant, by id or by display name, and never guesses.

    Two teams may be written the same once case, accents and punctuation are set aside
    ("Qualité" and "Qualite", or a name that is another team's id): such a text names
    both, and the answer is reported as ambiguous rather than credited to one of them.
    """

    def __init__(self, org: Org):
        self.org = org
        owners: Dict[str, Set[str]] = {}
        for team_id, team in org.teams.items():
            for key in (normalise(team.name), normalise(team_id)):
                owners.setdefault(key, set()).add(team_id)
        self.by_name: Dict[str, Tuple[str, ...]] = {key: tuple(sorted(ids)) for key, ids in owners.items()}
        self._seen: Dict[str, Tuple[str, ...]] = {}  # answers repeat the same few names thousands of times
        self._nearest: Optional[NearestId] = None

    def candidates(self, written: object) -> Tuple[str, ...]:
        """Every team ``written`` may name, in id order: none, one, or several (ambiguous)."""
        text = str(written or "")
        if text not in self._seen:
            self._seen[text] = self._candidates(text)
        return self._seen[text]

    def _candidates(self, written: str) -> Tuple[str, ...]:
        """By id or name, and by "name (id)", the form a questionnaire gives a shared name."""
        found = set(self.by_name.get(normalise(written), ()))
        labelled = _WITH_ID.match(written)
        if labelled:
            team = self.org.teams.get(labelled[2].lower())
            if team is not None and normalise(labelled[1]) in ("", normalise(team.name), normalise(team.id)):
                found.add(team.id)
        return tuple(sorted(found))

    def find(self, written: object) -> Optional[str]:
        """The id of the team ``written`` names, or ``None`` (no team, or more than one)."""
        found = self.candidates(written)
        return found[0] if len(found) == 1 else None

    def label(self, team_id: str) -> str:
        """How a questionnaire writes a team so that it reads back as that team only:
        its name, else its name followed by its id in brackets, else its id."""
        name = self.org.teams[team_id].name
        for text in (name, f"{name} ({team_id})", team_id):
            if self.candidates(text) == (team_id,):
                return text
        return f"{name} ({team_id})"

    def suggestion(self, written: object) -> Optional[str]:
        """The id of the team whose name is closest to ``written`` (for a "did you mean")."""
        if self._nearest is None:
            self._nearest = NearestId(self.by_name)
        close = self._nearest(normalise(written))  # the same "did you mean" as everywhere (chainmap.names)
        return self.by_name[close][0] if close else None

    def is_end_client(self, written: object) -> bool:
        """True when ``written`` names an end client (they rate nobody and are not rated as suppliers)."""
        wanted = normalise(written)
        return any(wanted in (normalise(c.id), normalise(c.name)) for c in self.org.end_clients.values())
