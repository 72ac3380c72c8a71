"""Workshop cards: what a card says about one worker (or one team), as plain data.

A card answers "for which client do I work, and through whom?": the worker's teams, whom
they serve and what they deliver, who serves them and how satisfied they are, the chain to
the end client, and the weak links around the team, in plain words. A worker without a
chain gets a card too, saying why: that card is where the workshop conversation starts.
Drawing the card is :mod:`chainmap.workshop.card_draw`'s job.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..analysis import Analysis, severity_rank
from ..analysis.rules import finding_order
from ..analysis.words import number, sentences, severity_word
from ..i18n import _, language, ngettext
from ..names import comparable
from ..render import style
from ..scores import is_below

__all__ = ["GAP", "Card", "Entry", "ChainPicture", "worker_card", "team_card", "distinct_whats", "plain_quotes"]


@dataclass(frozen=True)
class Entry:
    """One line of a card's list: the main words, details after them, and their colour."""

    text: str
    detail: str = ""
    colour: str = style.INK


GAP = "gap"


@dataclass(frozen=True)
class ChainPicture:
    """A chain to draw: (name, kind) of each step, (status, score label, poorly rated) of each link.

    ``kind`` is ``own`` (the card's team), ``team``, ``end_client`` or :data:`GAP` (the teams
    a long chain's picture leaves out, counted); a link to or from the gap has status :data:`GAP`.
    """

    steps: Tuple[Tuple[str, str], ...]
    links: Tuple[Tuple[str, str, Optional[float]], ...]


@dataclass(frozen=True)
class Card:
    """Everything printed on one card."""

    name: str
    subtitle: str
    chains: Tuple[ChainPicture, ...]  # a worker in two teams may have two; none: ``no_chain`` says why
    reaches: str
    no_chain: Tuple[str, ...]
    members: Optional[Tuple[str, ...]]  # a team's card lists its members; a worker's card, None
    serves: Tuple[Entry, ...]
    served_by: Tuple[Entry, ...]
    weak: Tuple[Entry, ...]
    footer: str


CHAIN_HEAD = 4  # a long chain's first steps drawn on a card, before "… N more teams …" and its last two


def _chain_pictures(analysis: Analysis, teams: Sequence[str]) -> Tuple[ChainPicture, ...]:
    """The chain of each of the teams, but those that another one already shows.

    A worker in two teams works for the clients of both: one picture of the shorter chain
    left the other team's clients off the card. A team's chain that runs inside another's
    (Paie's, inside that of Gestion du temps de travail, which Paie serves) is left out:
    the longer one shows both teams.
    """
    chained = [team for team in teams if analysis.chains.has_chain(team)]
    kept = [team for index, team in enumerate(chained)
            if not any(_runs_inside(analysis, team, other) and (team != other or earlier < index)
                       for earlier, other in enumerate(chained) if earlier != index)]
    return tuple(_chain_picture(analysis, team, teams) for team in kept)


def _runs_inside(analysis: Analysis, team: str, other: str) -> bool:
    """True when ``team``'s chain is the end of ``other``'s: ``other``'s chain passes through
    ``team`` (each team has one next hop, so from there on both chains are the same)."""
    distance, next_hop = analysis.chains.distance, analysis.chains.next_hop
    hops = distance[other] - distance[team]
    node = other
    for _step in range(max(hops, 0)):
        node = next_hop[node]
    return hops >= 0 and node == team


def _chain_picture(analysis: Analysis, team: str, own: Sequence[str]) -> ChainPicture:
    """The team's chain, told short when long (:meth:`~chainmap.analysis.chains.Chains.told_short`):
    a box says how many teams are left out between its first steps and its last two."""
    org = analysis.org
    shown = analysis.chains.told_short(team, CHAIN_HEAD)
    assert shown is not None, "only teams with a chain are drawn"
    first, left_out, last = shown

    def step(node: str) -> Tuple[str, str]:
        return org.display_name(node), "end_client" if node in org.end_clients else ("own" if node in own else "team")

    links = [_chain_link(analysis, a, b) for a, b in zip(first, first[1:])]
    if not left_out:
        return ChainPicture(tuple(map(step, first)), tuple(links))
    gap = ngettext("… {count} more team …", "… {count} more teams …", left_out).format(count=number(left_out))
    links += [(GAP, "", None), (GAP, "", None), _chain_link(analysis, *last)]
    return ChainPicture((*map(step, first), (gap, GAP), *map(step, last)), tuple(links))


def _chain_link(analysis: Analysis, supplier: str, client: str) -> Tuple[str, str, Optional[float]]:
    """(status, score label, score when below the threshold) of one link of a chain."""
    edge = analysis.graph.edges[supplier, client]
    score = edge["satisfaction"]
    if score is None:
        return edge["status"], "", None
    low = score if is_below(score, analysis.org.settings.min_satisfaction) else None
    return edge["status"], f"{number(score)}/10", low


def _reaches(analysis: Analysis, teams: Sequence[str]) -> str:
    clients = sorted({c for t in teams for c in analysis.chains.end_clients.get(t, ())})
    if not clients:
        return ""
    names = ", ".join(analysis.org.display_name(c) for c in clients)
    return ngettext("Reaches the end client: {names}", "Reaches the end clients: {names}", len(clients)).format(names=names)


def _no_chain(analysis: Analysis, teams: Sequence[str]) -> Tuple[str, ...]:
    """Why there is no chain, and what to talk about, from the findings of the teams.

    The card is read by the team's own people, so the question is put to them ("whom does
    the work of Archives médicales finally serve?"), not as an errand to another team
    ("ask Archives médicales…"), which is how ``weak`` words it for a manager.
    """
    reasons = []
    for finding in analysis.findings:
        if finding.team in teams and finding.rule in ("broken-chain", "isolated"):
            reasons += [plain_quotes(sentences(finding, analysis.org)[0]),
                        _talk_about(finding.rule, analysis.org.display_name(finding.team or ""))]
    if not reasons:
        reasons.append(_("None of the links of this team leads to an end client yet."))
    return tuple(reasons)


def _talk_about(rule: str, team: str) -> str:
    """The question a card puts to the team's own people when it has no chain."""
    if rule == "broken-chain":
        return _("To talk about: whom does the work of {team} finally serve? That client, or the missing link "
                 "further down the chain, belongs among the team's clients.").format(team=team)
    return _("To talk about: whom does {team} serve, and who serves it? Write them among the team's clients "
             "and suppliers.").format(team=team)


_CODE = re.compile(r"`([^`]*)`")


def plain_quotes(text: str) -> str:
    """The ids and keys a message quotes in `backticks`, in the language's quotation marks.

    Backticks are for the terminal and the YAML files; a card is read by every worker, who
    knows « radiolgie » (French, with no-break spaces that keep it on one line) or
    “radiolgie” better than code. The messages themselves keep their backticks.
    """
    opening, closing = ("\u00ab\u00a0", "\u00a0\u00bb") if language() == "fr" else ("\u201c", "\u201d")
    return _CODE.sub(lambda match: opening + match.group(1) + closing, text)


def distinct_whats(whats: Sequence[str]) -> Tuple[str, ...]:
    """What flows along a link, once: each side's words unless they say the same thing.

    Both sides often describe one link ("Plannings et encadrement des équipes",
    "Plannings et encadrement"): printing both reads like a mistake. A text that another
    one contains is left out (the longer says more), and of two near-identical texts
    (case, accents, punctuation, a letter or two) the first is kept, the supplier's.
    """
    kept: List[str] = []
    for what in whats:
        twin = next((index for index, other in enumerate(kept) if _same_thing(what, other)), None)
        if twin is None:
            kept.append(what)
        elif _words_of(kept[twin]) in _words_of(what) and len(_words_of(what)) > len(_words_of(kept[twin])):
            kept[twin] = what
    return tuple(kept)


def _words_of(text: str) -> str:
    """The words of ``text`` without case, accents or punctuation, padded with spaces so that
    containing one text means containing whole words of it."""
    return f" {comparable(text)} "


def _same_thing(first: str, second: str) -> bool:
    """True when one text contains the other's words, or both differ by a letter or two."""
    a, b = _words_of(first), _words_of(second)
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def _serves(analysis: Analysis, teams: Sequence[str]) -> Tuple[Entry, ...]:
    org = analysis.org
    entries = []
    for link in org.links:
        if link.supplier in teams:
            prefix = f"{org.display_name(link.supplier)} → " if len(teams) > 1 else "→ "
            entries.append(Entry(prefix + org.display_name(link.client), " / ".join(distinct_whats(link.what))))
    return tuple(entries)


def _served_by(analysis: Analysis, teams: Sequence[str]) -> Tuple[Entry, ...]:
    org = analysis.org
    entries = []
    for link in org.links:
        if link.client not in teams:
            continue
        name = org.display_name(link.supplier) + (f" → {org.display_name(link.client)}" if len(teams) > 1 else "")
        details = list(distinct_whats(link.what))
        colour = style.INK
        if link.satisfaction is not None:
            details.append(_("satisfaction {score}/10").format(score=number(link.satisfaction)))
            if is_below(link.satisfaction, org.settings.min_satisfaction):
                colour = style.POOR_RATING
        entries.append(Entry("← " + name, " · ".join(details), colour))
    return tuple(entries)


def _weak(analysis: Analysis, teams: Sequence[str], explained_above: bool) -> Tuple[Entry, ...]:
    """The findings about the teams and their links, worst first.

    A broken chain or an isolated team is left out when the card has no chain at all: the
    box in its place already says why. A worker in two teams may have a chain through one
    and none through the other: that broken chain is listed here, never left unsaid.
    """
    skipped = ("broken-chain", "isolated") if explained_above else ()
    findings = sorted({f for t in teams for f in analysis.findings_for(t) if f.rule not in skipped},
                      key=lambda f: (severity_rank(f.severity), finding_order(f)))
    # the severity is written out: the dot's colour alone has no key on a card
    return tuple(Entry(plain_quotes(_("{severity}: {message}").format(
        severity=severity_word(f.severity).capitalize(), message=sentences(f, analysis.org)[0])),
        "", style.BADGE_COLOURS[f.severity]) for f in findings)


def _footer(analysis: Analysis, date_text: str) -> str:
    return _("{org} · as of {date} · chainmap").format(org=analysis.org.name, date=date_text)


def worker_card(analysis: Analysis, worker_id: str, date_text: str) -> Card:
    """The card of one worker: their teams, chain, clients, suppliers and weak links."""
    org = analysis.org
    worker = org.workers[worker_id]
    teams = list(worker.teams)
    subtitle = " · ".join(_team_line(analysis, t) for t in teams)
    chains = _chain_pictures(analysis, teams)
    return Card(worker.name, subtitle, chains, _reaches(analysis, teams),
                () if chains else _no_chain(analysis, teams), None, _serves(analysis, teams),
                _served_by(analysis, teams), _weak(analysis, teams, not chains), _footer(analysis, date_text))


def team_card(analysis: Analysis, team_id: str, date_text: str) -> Card:
    """The card of one team: its members, chain, clients, suppliers and weak links."""
    team = analysis.org.teams[team_id]
    count = len(team.members)
    people = ngettext("{n} worker", "{n} workers", count).format(n=count)
    subtitle = " · ".join(part for part in (team.department or "", people) if part)
    members = tuple(m.name for m in team.members)
    chains = _chain_pictures(analysis, [team_id])
    return Card(team.name, subtitle, chains, _reaches(analysis, [team_id]),
                () if chains else _no_chain(analysis, [team_id]), members, _serves(analysis, [team_id]),
                _served_by(analysis, [team_id]), _weak(analysis, [team_id], not chains), _footer(analysis, date_text))


def _team_line(analysis: Analysis, team_id: str) -> str:
    team = analysis.org.teams[team_id]
    return f"{team.name} ({team.department})" if team.department else team.name
