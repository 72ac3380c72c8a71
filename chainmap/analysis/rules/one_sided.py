"""The rule ``one-sided`` (warning, about a link; FORMAT.md §3): its check, its words, its registry entry."""

from __future__ import annotations

from typing import Iterator, Tuple

from ...i18n import N_, _
from ...model import Org
from ..findings import Finding
from .base import Context, Rule, link_finding, names_of

__all__ = ["RULE"]


def check(ctx: Context) -> Iterator[Finding]:
    """Only one side declares the link: the two teams do not see their relation the same way."""
    links, confirmed = ctx.org.links, ctx.links.link_confirmed
    suppliers, members = ctx.links.link_supplier, ctx.members
    position = confirmed.find(0)  # the next one-sided link: a scan in C
    while position >= 0:
        link = links[position]
        yield link_finding(ctx, "one-sided", link.supplier, link.client, link.declared_by, members[suppliers[position]])
        position = confirmed.find(0, position + 1)


def words(f: Finding, org: Org) -> Tuple[str, str]:
    n = names_of(f, org)
    if f.declared_by == "supplier":
        return (_("{supplier} says it serves {client}, but {client} does not list {supplier} among its suppliers").format(**n),
                _("ask {client} to list {supplier} among its suppliers, or remove the link from the file of {supplier}").format(**n))
    return (_("{client} says {supplier} serves it, but {supplier} does not list {client} among its clients").format(**n),
            _("ask {supplier} to list {client} among its clients, or remove the link from the file of {client}").format(**n))


RULE = Rule("one-sided", "warning", "link", check, N_("One-sided link"), words)
