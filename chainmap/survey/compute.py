"""From raw answers to figures: per link the mean, the internal NPS and the count; per team the eNPS.

The internal NPS is computed as the classic Net Promoter Score: the share of answers of
9 or 10 minus the share of 0 to 6, in points from −100 to 100. Below ``min_responses``
answers no figure is given at all (only the count), as people-analytics tools do, so
that a team of three cannot tell who gave the 2.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import UsageError
from ..i18n import _, ngettext
from ..load.formulas import UncomputedFormula
from ..model import Org
from ..scores import exact_mean, rounded
from .columns import Columns, TeamIndex, find_columns
from .overlay import LinkScore, Overlay, TeamScore, Unmatched
from .privacy import Copies, dated_enough, looks_like_a_name, shown_text
from .tables import Table

__all__ = ["compute_overlay", "SurveyResult", "net_promoter_score", "parse_score", "DEFAULT_MIN_RESPONSES"]

DEFAULT_MIN_RESPONSES = 5
# A score as people write it: "7", "7.5", "7,5", then optionally "/10" ("sur 10", "out of 10")
# or a label without digits ("9 - Très satisfait"). Nothing else: no "4/5", "1 000", "0x5".
_SCORE = re.compile(r"""^\s*(\d{1,2}(?:[.,]\d+)?)
    (?:\s*(?:/|sur|out\ of)\s*10
      |(?:\s*[-–—:]\s*|\s+)[^\W\d_][^\d]*)?
    \s*$""", re.VERBOSE | re.IGNORECASE)


def net_promoter_score(scores: Sequence[float]) -> int:
    """Share of 9–10 minus share of 0–6, in whole points (−100..100).

    >>> net_promoter_score([10, 9, 8, 7, 3])
    20
    """
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return int(rounded(Fraction(100 * (promoters - detractors), len(scores)), 0))  # 12.5 → 13, as a person rounds


def parse_score(value: Any) -> Optional[float]:
    """A 0–10 score from a cell (``None`` when blank); ``ValueError`` when it is not one.

    Accepts numbers, "7,5" (decimal comma), "8/10", and a label after the score ("9 - Très
    satisfait", as choice questions export it). Anything else is refused rather than read
    from its first digits: "4/5" is not 4, "1E+01" not 1, "5-6" not 5.

    >>> parse_score("9 - Très satisfait"), parse_score("7,5"), parse_score(""), parse_score(8)
    (9.0, 7.5, None, 8.0)
    >>> parse_score("4/5")
    Traceback (most recent call last):
    ...
    ValueError: 4/5
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    if isinstance(value, int) and not 0 <= value <= 10:
        raise ValueError(value)  # before float(): a huge whole number would overflow it
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        match = _SCORE.match(value)
        if not match:
            raise ValueError(value)
        number = float(match.group(1).replace(",", "."))
    if not 0 <= number <= 10:  # also refuses NaN
        raise ValueError(value)
    return number


@dataclass
class SurveyResult:
    """The overlay, and what a person should read about the answers.

    ``notes`` are row-level (``path:row: message``); ``empty`` lists the files that hold no
    answer row at all (only a header); ``ambiguous`` counts the answers left out because
    a name they give could be two teams.
    """

    overlay: Overlay
    notes: List[str] = field(default_factory=list)
    answers: int = 0
    empty: List[str] = field(default_factory=list)
    ambiguous: int = 0


@dataclass
class _Tally:
    """Answers gathered so far, across every file."""

    links: Dict[Tuple[str, str], List[Tuple[float, str]]] = field(default_factory=dict)
    teams: Dict[str, List[float]] = field(default_factory=dict)
    unknown: Dict[Tuple[str, str], int] = field(default_factory=dict)
    dates: List[dt.date] = field(default_factory=list)
    unread_date: Optional[str] = None  # the first date written in a way chainmap does not read
    notes: List[str] = field(default_factory=list)
    answers: int = 0
    ambiguous: int = 0
    with_comments: bool = False  # free text may be quoted (--comments)
    unknown_texts: int = 0  # answers naming no team with a text that is no name: counted, never quoted
    copies: Copies = field(default_factory=Copies)


def compute_overlay(org: Org, tables: Sequence[Table], columns: Dict[str, Optional[str]],
                    min_responses: int = DEFAULT_MIN_RESPONSES, kind: str = "auto",
                    date: Optional[dt.date] = None, with_comments: bool = False) -> SurveyResult:
    """Read every table's answers and compute the overlay (see the module's docstring).

    ``columns`` maps a role (``team``, ``supplier``, ``score``, ``comment``) to the header
    an option named, or ``None`` to recognise it. ``kind`` is ``satisfaction``, ``enps`` or
    ``auto`` (a table with a supplier column is a satisfaction survey).
    """
    if min_responses < 1:
        raise UsageError(_("--min-responses must be at least 1"))
    index, tally = TeamIndex(org), _Tally(with_comments=with_comments)
    for table in tables:
        found = find_columns(table.headers, table.path, columns)
        table_kind = _kind_of(table, found, kind, index)
        _refuse_uncomputed_formulas(table, found, table_kind)
        _read_answers(table, found, table_kind, index, tally)
    tally.copies.refuse_copied_tables()
    tally.notes += tally.copies.notes()
    if date is None and tally.answers and not tally.dates and tally.unread_date is not None:
        tally.notes.append(_("no date of the answers could be read (such as {value}): the survey is dated today; "
                             "give its day with --date YYYY-MM-DD").format(value=shown_text(tally.unread_date, with_comments, date=True)))
    elif date is None and 0 < len(tally.dates) < min_responses:
        tally.notes.append(ngettext("only {n} answer is dated, fewer than --min-responses: the survey is dated today (the day of so few "
                                    "answers could tell who answered); give its day with --date YYYY-MM-DD",
                                    "only {n} answers are dated, fewer than --min-responses: the survey is dated today (the day of so "
                                    "few answers could tell who answered); give its day with --date YYYY-MM-DD",
                                    len(tally.dates)).format(n=len(tally.dates)))
    links = [_link_score(pair, tally.links[pair], min_responses, with_comments) for pair in sorted(tally.links)]
    known = {(link.supplier, link.client) for link in org.links}
    overlay = Overlay(
        date=date or dated_enough(tally.dates, min_responses) or dt.date.today(),
        min_responses=min_responses,
        sources=tuple(_file_name(t.path) for t in tables),
        links=tuple(s for s in links if (s.supplier, s.client) in known),
        teams=tuple(_team_score(t, tally.teams[t], min_responses) for t in sorted(tally.teams)),
        not_in_map=tuple(s for s in links if (s.supplier, s.client) not in known),
        unknown=tuple(Unmatched(name, role, count, index.suggestion(name))
                      for (role, name), count in sorted(tally.unknown.items(), key=lambda i: (i[0][1].lower(), i[0][0]))),
        unknown_texts=tally.unknown_texts,
    )
    empty = [table.path for table in tables if not table.rows]
    return SurveyResult(overlay, tally.notes, tally.answers, empty, tally.ambiguous)


def _kind_of(table: Table, found: Columns, kind: str, index: TeamIndex) -> str:
    """The survey kind of a table, or a clear error when a needed column is missing."""
    if kind == "auto":
        _refuse_unread_team_column(table, found, index)
        kind = "satisfaction" if found.supplier is not None else "enps"
    needed = {"team": found.team, "score": found.score}
    if kind == "satisfaction":
        needed["supplier"] = found.supplier
    for role, column in needed.items():
        if column is None:
            shown = ", ".join(f'"{h}"' for h in table.headers)
            raise UsageError(_("{path}: no column for the {what} was recognised among {columns}: name it with --{role}-column").format(
                path=table.path, what=_role_words(role), columns=shown, role=role))
    return kind


def _refuse_unread_team_column(table: Table, found: Columns, index: TeamIndex) -> None:
    """Refuse to guess "eNPS survey" when a column nobody recognised holds team names.

    Without a recognised supplier column a table reads as an eNPS survey; but if another
    column holds team names, it is almost surely the rated supplier under a header not
    understood ("Cible", "Équipe jugée"), and scoring it as eNPS would be silently wrong.
    """
    if found.supplier is not None or found.team is None or found.score is None:
        return  # a supplier column found, or a column missing that the error below names
    used = {found.team, found.score, found.comment, found.date}
    sample = table.rows[:200]
    for column, header in enumerate(table.headers):
        if column in used:
            continue
        values = [cells[column] for _number, cells in sample if column < len(cells) and str(cells[column] or "").strip()]
        if values and 2 * sum(1 for value in values if index.candidates(value)) >= len(values):
            raise UsageError(_("{path}: the column \"{header}\" holds team names, but it was not understood as the rated "
                               "supplier team: name the column \"Supplier team\" (or \"Équipe évaluée\"), or add "
                               "--supplier-column \"{header}\"; if this is an eNPS survey, add --kind enps").format(
                                   path=table.path, header=header))


def _role_words(role: str) -> str:
    return {"team": _("respondent's team"), "supplier": _("rated supplier team"), "score": _("score (0–10)")}[role]


def _refuse_uncomputed_formulas(table: Table, found: Columns, kind: str) -> None:
    """Refuse a workbook whose team, supplier or score cells are formulas never computed.

    A workbook written by a program (not saved by a spreadsheet) keeps formulas without
    their value; read as blank, every answer would vanish without a word.
    """
    roles = [found.team, found.score] + ([found.supplier] if kind == "satisfaction" else [])
    columns = [column for column in roles if column is not None]
    for number, cells in table.rows:
        for column in columns:
            if column < len(cells) and isinstance(cells[column], UncomputedFormula):
                raise UsageError(f"{table.path}:{number}: {cells[column].message()}")


def _read_answers(table: Table, found: Columns, kind: str, index: TeamIndex, tally: _Tally) -> None:
    """Add one table's answers to the tally; rows that cannot be used become notes."""
    for number, cells in table.rows:
        cell = _getter(cells)
        where = f"{table.path}:{number}"
        supplier_text = cell(found.supplier) if kind == "satisfaction" else None
        try:
            score = parse_score(cell(found.score))
        except ValueError:
            score = None
            tally.notes.append(_("{where}: {value} is not a score from 0 to 10: answer left out").format(
                where=where, value=shown_text(cell(found.score), tally.with_comments)))
        else:
            answered = score is not None and (kind != "satisfaction" or str(supplier_text or "").strip())
            if answered and not tally.copies.first_time(table, cells):
                continue  # the same answer row in another file: one respondent, counted once
        _remember_date(cell(found.date), tally)
        if score is None or (kind == "satisfaction" and not str(supplier_text or "").strip()):
            continue  # a question left blank, or the free slot for a forgotten supplier left empty
        team = _team_of(cell(found.team), "team", where, index, tally)
        supplier = _team_of(supplier_text, "supplier", where, index, tally) if kind == "satisfaction" else None
        if team is None or (kind == "satisfaction" and supplier is None):
            tally.ambiguous += any(len(index.candidates(text)) > 1 for text in (cell(found.team), supplier_text))
            continue
        tally.answers += 1
        if supplier is None:
            tally.teams.setdefault(team, []).append(score)
        else:
            comment = str(cell(found.comment) or "").strip()
            tally.links.setdefault((supplier, team), []).append((score, comment))


def _getter(cells: Tuple[Any, ...]) -> Any:
    def cell(column: Optional[int]) -> Any:
        return cells[column] if column is not None and column < len(cells) else None
    return cell


def _team_of(written: Any, role: str, where: str, index: TeamIndex, tally: _Tally) -> Optional[str]:
    """The team id a cell names; an unknown or ambiguous name is noted, never silently dropped or guessed."""
    found = index.candidates(written)
    if len(found) == 1:
        return found[0]
    name = str(written or "").strip()
    what = _("respondent's team") if role == "team" else _("rated supplier team")
    if found:
        teams = ", ".join(f'"{index.org.teams[team_id].name} ({team_id})"' for team_id in found)
        tally.notes.append(_("{where}: the {what} \"{name}\" fits more than one team; write the one meant with its id in "
                             "brackets: {teams}: answer left out").format(where=where, what=what, name=name, teams=teams))
        return None
    if not tally.with_comments and not looks_like_a_name(name):  # free text: counted, never quoted
        tally.unknown_texts += 1
        tally.notes.append(_("{where}: the {what} is {text}: answer left out").format(
            where=where, what=what, text=shown_text(name, False)))
        return None
    key = (role, name)
    tally.unknown[key] = tally.unknown.get(key, 0) + 1
    if index.is_end_client(written):
        reason = _("it is an end client, not a team")
    else:
        suggestion = index.suggestion(written)
        reason = _("did you mean `{id}`?").format(id=suggestion) if suggestion else _("no team has this id or name")
    tally.notes.append(_("{where}: unknown {what} \"{name}\" ({reason}): answer left out").format(
        where=where, what=what, name=name, reason=reason))
    return None


def _remember_date(value: Any, tally: _Tally) -> None:
    """Keep the day an answer was given, from a timestamp column: year first (``2026-12-10``,
    ``2026/12/10``) or day first (``10/12/2026``, ``10.12.2026``; month first when the day
    cannot be). A date written otherwise is remembered, to be said if none could be read."""
    if isinstance(value, dt.datetime):
        tally.dates.append(value.date())
    elif isinstance(value, dt.date):
        tally.dates.append(value)
    elif isinstance(value, str) and value.strip():
        day = _written_day(value)
        if day is not None:
            tally.dates.append(day)
        elif tally.unread_date is None:
            tally.unread_date = value.strip()


def _written_day(value: str) -> Optional[dt.date]:
    year_first = re.match(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
    day_first = re.match(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    try:
        if year_first:
            return dt.date(int(year_first[1]), int(year_first[2]), int(year_first[3]))
        if day_first:  # day first, as in French exports; month first when the day cannot be
            first, second, year = int(day_first[1]), int(day_first[2]), int(day_first[3])
            day, month = (second, first) if second > 12 else (first, second)
            return dt.date(year, month, day)
    except ValueError:
        pass
    return None


def _link_score(pair: Tuple[str, str], answers: List[Tuple[float, str]], min_responses: int, with_comments: bool) -> LinkScore:
    count = len(answers)
    if count < min_responses:
        return LinkScore(pair[0], pair[1], count)
    scores = [score for score, _comment in answers]
    comments = tuple(sorted(c for _score, c in answers if c)) if with_comments else ()
    return LinkScore(pair[0], pair[1], count, _mean(scores), net_promoter_score(scores), comments)


def _team_score(team: str, scores: List[float], min_responses: int) -> TeamScore:
    if len(scores) < min_responses:
        return TeamScore(team, len(scores))
    return TeamScore(team, len(scores), net_promoter_score(scores), _mean(scores))


def _mean(scores: List[float]) -> float:
    """The mean of the answers to one decimal, computed exactly (chainmap.scores): 7.2, 7.3 and
    7.3 average 7.27 → 7.3, and a mean of exactly 6.25 is 6.3, as a person rounds it."""
    mean = exact_mean(scores)
    assert mean is not None  # never asked for no answer: below min_responses no figure is given
    return rounded(mean, 1)


def _file_name(path: str) -> str:
    """The file's name only: the overlay should not record the folders of someone's machine."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]
