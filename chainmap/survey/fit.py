"""Whether the entries of a survey overlay fit together and fit the organisation they are laid over.

Applying an overlay skips whatever it cannot place: a team the organisation does not
have, a link it does not have (or has the other way round), the second of two entries
for one link. Skipped without a word, the manager would believe the survey was counted
where it was not, so ``--survey`` reports each such entry at its line instead. An overlay
written by ``chainmap survey`` always fits (links the map lacks go under ``not_in_map``):
these problems come from a hand edit, or from an overlay of another organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, Optional, Sequence, Set, Tuple

from ..i18n import _
from ..load.fields import FieldReader
from ..model import Org
from .columns import TeamIndex

if TYPE_CHECKING:  # the overlay reads its entries, then asks this module whether they fit
    from .overlay import LinkScore, TeamScore

__all__ = ["report_repeats", "report_misfits"]


def report_repeats(reader: FieldReader, links: Sequence[LinkScore], teams: Sequence[TeamScore]) -> None:
    """Two entries for one link (or team): one of them would silently replace the other."""
    _repeats(reader, "links", ((f"{s.supplier} → {s.client}", s.line) for s in links))
    _repeats(reader, "teams", ((s.team, s.line) for s in teams))


def _repeats(reader: FieldReader, section: str, entries: Iterable[Tuple[str, Optional[int]]]) -> None:
    first: Dict[str, Optional[int]] = {}
    for label, line in entries:
        if label not in first:
            first[label] = line
            continue
        reader.problem(line, _("`{id}` is listed twice in `{key}` (also on line {line}): keep one entry").format(
            id=label, key=section, line=first[label]))


def report_misfits(reader: FieldReader, links: Sequence[LinkScore], teams: Sequence[TeamScore], org: Org) -> None:
    """Every entry whose figures could not be laid over ``org``, with what to change."""
    index, known = TeamIndex(org), {(link.supplier, link.client) for link in org.links}
    for score in links:
        if (score.supplier, score.client) not in known:
            _misfit_link(reader, score, known, index)
    for team in teams:
        if team.team not in org.teams:
            _unknown_id(reader, team.line, "team", team.team, index)


def _misfit_link(reader: FieldReader, score: LinkScore, known: Set[Tuple[str, str]], index: TeamIndex) -> None:
    """Why one link entry does not fit: a name that is no team, the link reversed, or no such link."""
    org = index.org
    unknown = [(key, value) for key, value in (("supplier", score.supplier), ("client", score.client))
               if value not in org.teams and value not in org.end_clients]
    for key, value in unknown:
        _unknown_id(reader, score.line, key, value, index)
    if unknown:
        return
    link = f"`{score.supplier} → {score.client}`"
    if (score.client, score.supplier) in known:
        reader.problem(score.line, _("{link} is no link of the organisation, but `{client} → {supplier}` is: swap the values of "
                                     "`supplier` and `client`, or remove this entry").format(
                                         link=link, supplier=score.supplier, client=score.client))
    else:
        reader.problem(score.line, _("{link} is no link of the organisation, so its score cannot be applied: declare the link "
                                     "in the teams' files, or move this entry under `not_in_map`").format(link=link))


def _unknown_id(reader: FieldReader, line: Optional[int], key: str, value: str, index: TeamIndex) -> None:
    suggestion = index.suggestion(value)
    reason = _("did you mean `{id}`?").format(id=suggestion) if suggestion else _("no team has this id or name")
    reader.problem(line, _("`{key}: {value}`: the organisation has no such team ({reason}): correct the id, or remove this entry").format(
        key=key, value=value, reason=reason))
