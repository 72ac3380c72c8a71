"""The rule ``skipped-team`` (error, about a team): a team file left out by ``--skip-invalid``.

An extension beyond FORMAT.md's table (docs/format-choices.md): without ``--skip-invalid``
such a file stops the load, and every problem is listed; with it, the rest of the
organisation is analysed and drawn, and this finding keeps the file in view. Its team is
unknown: its links, its chain, perhaps its id. It affects the members that could be read
from its file and the members of every team that names it (their chains run through a box
nobody can see into).
"""

from __future__ import annotations

from typing import Iterator, Set, Tuple

from ...i18n import N_, _, ngettext
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, names_of, team_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """A team file could not be loaded and was left out: its team is an unknown box."""
    for skipped in sorted(ctx.org.skipped, key=lambda s: (s.id, s.path)):
        people: Set[str] = set(skipped.members)
        for reference in ctx.org.unknown_references:
            if reference.missing == skipped.id:
                people.update(member.id for member in ctx.org.members_of(reference.declared_in))
        yield team_finding(ctx, "skipped-team", skipped.id, len(people), path=skipped.path,
                           problems=len(skipped.problems), id_known=skipped.id_known,
                           members_read=bool(skipped.members))


def words(f: Finding, org: Org) -> Tuple[str, str]:
    count = f.facts["problems"]
    problems = ngettext("{n} problem", "{n} problems", count).format(n=count)
    if f.facts["id_known"]:
        text = _("the file of {team} ({path}) could not be loaded ({problems}): it was left out, so its links and its chain are unknown")
    else:
        text = _("the file {path} could not be loaded ({problems}), nor its team's id: it was left out under the id `{team}`, made from its name")
    text = text.format(path=f.facts["path"], problems=problems, **names_of(f, org))
    if not f.facts["members_read"]:
        text += _(" (nor could its members be read: the workers affected are those of the teams that name it)")
    return (text,
            _("correct {path} (its problems are listed as path:line when chainmap loads it), then run chainmap again").format(
                path=f.facts["path"]))


def badge(finding: Finding) -> str:
    return _("file not loaded")


RULE = Rule("skipped-team", "error", "team", check, N_("Team file skipped"), words, badge)
