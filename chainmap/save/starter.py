"""The starter organisation of ``chainmap init``: every key shown and explained.

The comments are the documentation a manager reads first, so each line goes through
:func:`~chainmap.i18n._` (``chainmap --lang fr init`` writes them in French). The starter
passes ``chainmap check``: one team serving one end client, with the keys that would
need a second team (``suppliers``) shown as comments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List, Optional

from ..errors import ChainmapError
from ..files.safe_write import (
    refuse_inside_organisation,
    refuse_to_mix,
    refuse_to_replace,
)
from ..files.staged import write_folder
from ..i18n import _
from ..model import Declaration, EndClient, Member, Org, Settings, Team
from .yaml_text import yaml_scalar

__all__ = ["starter_files", "starter_org", "write_starter"]


def _comments(lines: List[str]) -> List[str]:
    return [f"# {line}" if line else "#" for line in lines]


def starter_files(today: dt.date) -> Dict[str, str]:
    """``{"org.yaml": text, "teams/reception.yaml": text}``, dated ``today``."""
    return {"org.yaml": _org_text(), "teams/reception.yaml": _team_text(today)}


def _line(code: str, comment: str = "") -> str:
    """A YAML line with its explanation aligned in a column of comments."""
    return f"{code.ljust(33)} # {comment}" if comment else code


def _org_text() -> str:
    lines = _comments([
        _("org.yaml: the organisation, its end clients and its settings."),
        _("Each team is described in its own file under teams/ (see teams/reception.yaml)."),
        _("Check it with:  chainmap check .    Draw it with:  chainmap render . -o map.svg"),
    ])
    lines += [
        _line(f"org: {yaml_scalar(_('My organisation'))}", _("the name shown on diagrams (required)")),
        _line("end_clients:", _("the external clients every chain should reach (at least one)")),
        _line("  - id: customers", _("id: lower-case letters, digits, `-`, `_` or `.`; unique")),
        _line(f"    name: {yaml_scalar(_('Customers'))}", _("the name people read (optional, defaults to the id)")),
        _line("    nps: 20", _("optional: this client's Net Promoter Score (how likely it is to recommend you, from a survey), -100 to 100")),
        _line("settings:", _("optional: every setting has a default")),
        _line("  min_satisfaction: 7", _("a link rated below this (0-10) is weak")),
        _line("  max_chain_length: 5", _("a team whose shortest chain has more links than this has a long chain")),
        _line("  spof_min_teams: 2", _("a team that this many other teams cannot bypass is a single point of failure")),
        _line("  stale_after_days: 365", _("a team file not reviewed for this many days is stale")),
        _line("  min_enps: 0", _("a frontline team whose eNPS is below this needs attention")),
    ]
    return "\n".join(lines) + "\n"


def _team_text(today: dt.date) -> str:
    lines = _comments([
        _("One team per file. Copy this file for each team and change the values."),
        _("A link is declared by the supplier (in `clients`) and by the client (in `suppliers`):"),
        _("when both sides declare it, it is confirmed; otherwise chainmap reports it as one-sided."),
    ])
    lines += [
        _line("id: reception", _("required, unique among teams and end clients")),
        _line(f"name: {yaml_scalar(_('Reception'))}", _("the name people read (optional)")),
        _line(f"department: {yaml_scalar(_('Front office'))}", _("optional: groups teams on diagrams")),
        _line("members:", _("the people of the team: a name, or name + id + role")),
        _line(f"  - {yaml_scalar(_('Alice Martin'))}"),
        _line(f"  - name: {yaml_scalar(_('Bruno Leroy'))}"),
        _line("    id: bleroy", _("optional stable id (employee number, e-mail)")),
        _line(f"    role: {yaml_scalar(_('team leader'))}", _("optional")),
        _line("enps: 10", _("optional: the team's eNPS (employee Net Promoter Score: how likely its members are to recommend it as a place to work), -100 to 100")),
        _line(f"reviewed: {today.isoformat()}", _("when the team last checked this file (YYYY-MM-DD)")),
        _line("clients:", _("who we serve: team ids or end client ids")),
        _line("  - id: customers"),
        _line(f"    what: {yaml_scalar(_('Welcome and first answers'))}", _("optional: what we deliver to them")),
        _line("suppliers: []", _("who serves us: team ids only, for example:")),
        _line("# suppliers:"),
        _line("#   - id: it-support"),
        _line(f"#     what: {yaml_scalar(_('Working computers and phones'))}"),
        _line("#     satisfaction: 6", _("how satisfied WE are with this supplier, 0-10")),
    ]
    return "\n".join(lines) + "\n"


def starter_org(today: dt.date) -> Org:
    """The starter as a model, for the template workbook (``chainmap init --xlsx``)."""
    from ..load.assemble import assemble

    team = Team(
        id="reception", name=_("Reception"), department=_("Front office"),
        members=(Member(_("Alice Martin"), _("Alice Martin")), Member("bleroy", _("Bruno Leroy"), _("team leader"))),
        enps=10, reviewed=today,
        clients=(Declaration("customers", _("Welcome and first answers")),),
    )
    org, problems = assemble(_("My organisation"), [EndClient("customers", _("Customers"), 20)], [team], Settings(), "")
    assert org is not None and not problems
    return org


def write_starter(directory: Path, xlsx: bool = False, force: bool = False, today: Optional[dt.date] = None) -> List[Path]:
    """Write the starter organisation into ``directory`` (``chainmap init``); the paths written.

    YAML files by default (org.yaml and teams/reception.yaml), or with ``xlsx`` the same
    starter as the workbook org.xlsx. A folder that holds other files is written into only
    with ``force``, and never over a file of the user's, nor beside another organisation's
    declarations (they would be read together).
    """
    from . import org_files
    if directory.exists() and not directory.is_dir():
        raise ChainmapError(_("{path} is a file: give the name of a new folder").format(path=directory))
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise ChainmapError(_("the folder {path} is not empty: choose a new folder, or add --force to write the starter files into it").format(path=directory))
    day = today or dt.date.today()
    if xlsx:
        files = {"org.xlsx": org_files(starter_org(day), "xlsx")[""]}
    else:
        files = {name: text.encode("utf-8") for name, text in starter_files(day).items()}
    refuse_to_replace(directory, files)
    if not xlsx:
        refuse_inside_organisation(directory)
        refuse_to_mix(directory, set(files))
    return write_folder(directory, files)
