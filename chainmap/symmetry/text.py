"""The symmetry of attention in words: for a person (text) and for a script (JSON).

The words explain, and never claim more than the figures show: a correlation is called a
correlation, its number of pairs is always given, and under about ten pairs the text says
plainly that it means nothing yet.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..analysis import Analysis
from ..i18n import _
from ..i18n.localise import format_date
from ..model import Org
from .lagged import Lagged
from .mirror import MirrorRow, Symmetry, TeamMirror
from .spearman import MEANINGFUL_N, Correlation

__all__ = ["symmetry_text", "symmetry_data", "correlation_words", "strength_word", "signed"]


def signed(value: Optional[float]) -> str:
    """An NPS-like figure with its sign (``+12``, ``−3.5``), or a dash."""
    if value is None:
        return "—"
    text = f"{value:g}"
    return ("+" + text) if value > 0 else text.replace("-", "−")


def _score(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:g}"


def strength_word(rho: float) -> str:
    """How strong a rank correlation is, in the usual rough words (from 0.2: under it, hardly any)."""
    size = abs(rho)
    if size < 0.4:
        return _("a weak")
    if size < 0.6:
        return _("a moderate")
    return _("a strong")


def correlation_words(correlation: Correlation, what: str, units: str) -> List[str]:
    """Sentences about one rank correlation: its value and n, what it says, what it does not.

    ``what`` names the two figures ("the quality a team receives and its eNPS"), ``units``
    what is counted ("teams", "pairs of versions").
    """
    if correlation.rho is None:
        return [_("{what}: too few {units} with both figures to compare them ({n}).").format(what=what, units=units, n=correlation.n)]
    head = _("{what}: Spearman's rank correlation ρ = {rho} over {n} {units}.").format(
        what=what, rho=f"{correlation.rho:+.2f}".replace("-", "−"), n=correlation.n, units=units)
    if correlation.n < MEANINGFUL_N:
        return [head, _("With fewer than {minimum} {units} this figure means nothing yet: chance alone often gives a value this large.").format(
            minimum=MEANINGFUL_N, units=units)]
    if abs(correlation.rho) < 0.2:
        return [head, _("That is hardly any rank correlation: the two figures do not move together. A correlation shows that two figures move together, not that one causes the other.")]
    direction = _("they tend to rise and fall together") if correlation.rho > 0 else _("when one is higher, the other tends to be lower")
    return [head, _("That is {strength} rank correlation: {direction}. A correlation shows that two figures move together, not that one causes the other.").format(
        strength=strength_word(correlation.rho), direction=direction)]


def symmetry_text(analysis: Analysis, symmetry: Symmetry, lagged: Optional[Lagged] = None) -> str:
    """The mirror per end client, the teams' quality received and delivered, the correlations."""
    org = analysis.org
    lines = [_("{org}: the symmetry of attention, as of {date}").format(org=org.name, date=format_date(analysis.as_of)), ""]
    lines += [_("The mirror, per end client"),
              _("  Does the attention a client gets mirror the attention its frontline teams get?")]
    for row in symmetry.mirrors:
        lines += _mirror_lines(org, row)
    lines += ["", _("Per team: service quality received (the mean of the scores it gives its suppliers) and delivered (the mean of the scores its clients give it), 0–10")]
    lines += _team_lines(org, symmetry.teams)
    lines += ["", _("Across teams")]
    lines += ["  " + s for s in correlation_words(symmetry.quality_vs_enps, _("The quality a team receives and its eNPS"), _("teams"))]
    if lagged is not None:
        lines += ["", _("Over time ({n} steps from one version to the next)").format(n=lagged.steps)]
        lines += ["  " + s for s in correlation_words(lagged.quality_then_enps, _("Quality received at one version and eNPS at the next"), _("pairs"))]
        lines += ["  " + s for s in correlation_words(lagged.frontline_then_nps, _("Frontline eNPS at one version and the client's NPS at the next"), _("pairs"))]
        lines.append("  " + _("The same teams appear in many pairs: the pairs are not independent, and n overstates the evidence."))
    if org.survey is not None:
        lines += ["", _("Satisfaction and eNPS from the survey of {date}; figures drawn from fewer answers than its threshold are left out.").format(
            date=format_date(org.survey.date))]
    return "\n".join(lines) + "\n"


def _mirror_lines(org: Org, row: MirrorRow) -> List[str]:
    name = org.display_name(row.end_client)
    teams = len(row.frontline)
    weakest = _("none rated")
    if row.weakest is not None:
        supplier, client, score = row.weakest
        weakest = f"{org.display_name(supplier)} → {org.display_name(client)}: {_score(score)}"
    return [
        f"  {name}",
        "    " + _("client NPS: {nps}").format(nps=signed(row.nps)),
        "    " + _("eNPS of the {teams} frontline teams serving it ({workers} workers, weighted by members): {enps} ({rated} with an eNPS)").format(
            teams=teams, workers=row.frontline_members, enps=signed(row.enps), rated=row.enps_teams),
        "    " + _("service quality those teams receive: {quality} / 10 ({n} scores)").format(quality=_score(row.quality), n=row.quality_scores),
        "    " + _("weakest link on the chains to it: {link}").format(link=weakest),
    ]


def _team_lines(org: Org, teams: Any) -> List[str]:
    rated = [t for t in teams if t.received is not None or t.delivered is not None]
    if not rated:
        return ["  " + _("No team has a rated link.")]
    header = (_("team"), _("received"), _("delivered"), _("gap"), _("eNPS"))
    rows = [header] + [(_team_name(org, t), _score(t.received), _score(t.delivered), signed(t.gap), signed(t.enps))
                       for t in sorted(rated, key=lambda t: (t.gap is None, t.gap if t.gap is not None else 0, t.team))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.append("  " + _("gap = delivered − received: above 0, the team serves better than it is served; below 0, worse. ★ a frontline team (it serves an end client)."))
    return lines


def _team_name(org: Org, team: TeamMirror) -> str:
    return org.display_name(team.team) + (" ★" if team.frontline else "")


def _correlation_data(correlation: Correlation) -> Dict[str, Any]:
    return {"rho": correlation.rho, "n": correlation.n, "meaningful": not correlation.too_few and correlation.rho is not None}


def symmetry_data(analysis: Analysis, symmetry: Symmetry, lagged: Optional[Lagged] = None) -> Dict[str, Any]:
    """The same figures as JSON data (ids, not names)."""
    data: Dict[str, Any] = {
        "org": analysis.org.name, "as_of": analysis.as_of.isoformat(),
        "mirrors": [{"end_client": r.end_client, "nps": r.nps, "frontline": list(r.frontline),
                     "frontline_workers": r.frontline_members, "frontline_enps": r.enps, "frontline_enps_teams": r.enps_teams,
                     "quality_received": r.quality, "quality_scores": r.quality_scores,
                     "weakest_link": None if r.weakest is None else {"supplier": r.weakest[0], "client": r.weakest[1], "satisfaction": r.weakest[2]}}
                    for r in symmetry.mirrors],
        "teams": [{"team": t.team, "frontline": t.frontline, "received": t.received, "received_scores": t.received_scores,
                   "delivered": t.delivered, "delivered_scores": t.delivered_scores, "gap": t.gap, "enps": t.enps}
                  for t in symmetry.teams],
        "quality_vs_enps": _correlation_data(symmetry.quality_vs_enps),
    }
    if lagged is not None:
        data["lagged"] = {"steps": lagged.steps, "quality_then_enps": _correlation_data(lagged.quality_then_enps),
                          "frontline_enps_then_nps": _correlation_data(lagged.frontline_then_nps)}
    return data
