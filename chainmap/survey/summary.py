"""What a person needs to know about the answers read: counts, scores withheld, what did not fit.

``chainmap survey`` prints it under the overlay it writes; a script gets the same words
from :func:`summary`.
"""

from __future__ import annotations

from ..i18n import _, ngettext
from ..i18n.localise import format_date, format_number
from .compute import SurveyResult

__all__ = ["summary"]


def _scores_given(scored_text: str, scored: int, total: int, min_responses: int) -> str:
    """How many links or teams got a score, and how many were withheld: each count with its
    own plural, since "1 … get no score" / "1 … ne reçoivent pas" read wrong."""
    withheld = total - scored
    withheld_text = ngettext("{withheld} with fewer than {min} answers gets no score (to protect the respondents' anonymity)",
                             "{withheld} with fewer than {min} answers get no score (to protect the respondents' anonymity)", withheld)
    return _("{scored}; {withheld}.").format(scored=scored_text.format(scored=scored, total=total),
                                             withheld=withheld_text.format(withheld=withheld, min=min_responses))


def summary(result: SurveyResult) -> str:
    """What a person needs to know about the answers read: counts, withheld scores, what did not fit."""
    overlay = result.overlay
    lines = [ngettext("{n} answer read, survey of {date}.", "{n} answers read, survey of {date}.", result.answers).format(
        n=format_number(result.answers), date=format_date(overlay.date))]
    if overlay.links:
        scored = sum(1 for s in overlay.links if s.mean is not None)
        lines.append(_scores_given(ngettext("Links: {scored} of {total} scored", "Links: {scored} of {total} scored", scored),
                                   scored, len(overlay.links), overlay.min_responses))
    if overlay.teams:
        scored = sum(1 for s in overlay.teams if s.enps is not None)
        lines.append(_scores_given(ngettext("Teams' eNPS: {scored} of {total} scored", "Teams' eNPS: {scored} of {total} scored", scored),
                                   scored, len(overlay.teams), overlay.min_responses))
    for score in overlay.not_in_map:
        lines.append(ngettext("Not in the map: {client} rates {supplier} ({n} answer), but no such link is declared: a missing declaration?",
                              "Not in the map: {client} rates {supplier} ({n} answers), but no such link is declared: a missing declaration?",
                              score.responses).format(client=score.client, supplier=score.supplier, n=score.responses))
    if result.ambiguous:
        lines.append(ngettext("{n} answer names a team whose name two teams share (listed above): write the name followed by the id in brackets, as the questionnaire does.",
                              "{n} answers name a team whose name two teams share (listed above): write the name followed by the id in brackets, as the questionnaire does.",
                              result.ambiguous).format(n=result.ambiguous))
    if overlay.unknown_texts:
        lines.append(ngettext("{n} answer gives a free text where a team's name was expected: counted, not copied (add --comments to see it).",
                              "{n} answers give a free text where a team's name was expected: counted, not copied (add --comments to see them).",
                              overlay.unknown_texts).format(n=overlay.unknown_texts))
    unknown = sum(u.answers for u in overlay.unknown)
    if unknown:
        lines.append(ngettext("{n} answer names a team the map does not have (listed above): correct the name in the export, or add the team.",
                              "{n} answers name a team the map does not have (listed above): correct the names in the export, or add the teams.",
                              unknown).format(n=unknown))
    return "\n".join(lines) + "\n"
