"""The rule ``unknown-reference`` (error, about a link; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ...names import NearestId, nearest_among
from ..findings import Finding
from .base import Context, Rule, link_finding

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """A `clients`/`suppliers` entry names an id that exists nowhere: a typo, or a team that is gone.

    It affects the members of the team that wrote the entry (FORMAT.md v1.1): the unknown id
    cuts that team's chain, whichever side it is on; its other end exists nowhere, and
    counting its members (none) said "0 workers affected" of an error. The hint for a missing client may be a team or an end client; for a missing supplier,
    only a team: an end client is never a supplier (FORMAT.md §1).
    """
    left_out = {skipped.id for skipped in ctx.org.skipped}  # reported as skipped-team, not as ids that exist nowhere
    refs = [ref for ref in ctx.org.unknown_references if ref.missing not in left_out]
    sides = ["supplier" if ref.missing == ref.supplier else "client" for ref in refs]
    nearest = {side: _nearest_ids(ctx.org, side, sides.count(side)) for side in dict.fromkeys(sides)}
    for ref, side in zip(refs, sides):
        yield link_finding(ctx, "unknown-reference", ref.supplier, ref.client,
                           affected=len(ctx.org.members_of(ref.declared_in)), missing=ref.missing, declared_in=ref.declared_in,
                           where=str(ref.source) if ref.source else None, suggestion=nearest[side](ref.missing))


def _nearest_ids(org: Org, side: str, words: int) -> NearestId:
    """The ids a missing client or supplier may be a typo of, told how many words it will be asked."""
    nearest = nearest_among((*org.teams, *org.end_clients) if side == "client" else tuple(org.teams))
    nearest.expect(words)
    return nearest


def words(f: Finding, org: Org) -> Tuple[str, str]:
    missing, declarer = f.facts["missing"], org.display_name(f.facts["declared_in"])
    if missing == f.client:
        text = _("{declarer} lists `{missing}` among its clients, but no team or end client has that id").format(declarer=declarer, missing=missing)
    else:
        text = _("{declarer} lists `{missing}` among its suppliers, but no team has that id").format(declarer=declarer, missing=missing)
    if f.facts.get("suggestion"):
        fix = _("did you mean `{suggestion}` ({name})? Correct the id in the file of {declarer}").format(suggestion=f.facts["suggestion"], name=org.display_name(f.facts["suggestion"]), declarer=declarer)
    else:
        fix = _("correct the id in the file of {declarer}, add the missing team's file, or remove the entry").format(declarer=declarer)
    return text, fix


RULE = Rule("unknown-reference", "error", "link", check, N_("Unknown team"), words)
