"""The rule ``low-satisfaction`` (warning, about a link; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ...scores import is_below
from ..findings import Finding
from .base import Context, Rule, link_finding, names_of, number

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """The client rates the link below `min_satisfaction`: it is poorly served."""
    threshold = ctx.org.settings.min_satisfaction
    suppliers, members = ctx.links.link_supplier, ctx.members
    for position, link in enumerate(ctx.org.links):
        if link.satisfaction is not None and is_below(link.satisfaction, threshold):
            yield link_finding(ctx, "low-satisfaction", link.supplier, link.client,
                               affected=members[suppliers[position]], satisfaction=link.satisfaction, threshold=threshold)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    score, threshold = number(f.facts["satisfaction"]), number(f.facts["threshold"])
    return (_("{client} rates the service of {supplier} {score}/10 (below {threshold})").format(score=score, threshold=threshold, **n),
            _("bring {supplier} and {client} together to agree on what {client} needs and how it will be measured").format(**n))


RULE = Rule("low-satisfaction", "warning", "link", check, N_("Low satisfaction"), words)
