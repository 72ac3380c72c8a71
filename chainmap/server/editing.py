"""Editing one's own team: the form, its checks, the save, and the merge view.

The form is always built from the file on disk, the truth, and carries the SHA-256 of the
bytes it was built from. A save re-reads the file under the file's lock: if its bytes
changed meanwhile (another browser, an editor, a ``git pull``), nothing is written and
both versions are shown side by side to merge; otherwise only the fields that changed are
written (:mod:`chainmap.server.yaml_edit`), atomically (a temporary file renamed into
place), and the change is journaled with its text before and after.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..files.safe_write import write_bytes
from ..i18n import _
from ..load.files import Limits
from ..load.reading import read_team_bytes
from ..load.regular import read_bytes
from .checking import FormCheck, check_text, resolved_draft
from .draft import LinkDraft, MemberDraft, TeamDraft, draft_from_form, draft_of
from .render import fragment, page
from .replies import forbidden, matches
from .security import Principal, csrf_ok, principal
from .state import Snapshot, digest_of
from .yaml_edit import edited_yaml

__all__ = ["team_form_context", "save_team", "pick", "save_draft", "SaveOutcome"]

_BLANK = {"members": MemberDraft(""), "clients": LinkDraft(""), "suppliers": LinkDraft("")}
MAX_FORM_FIELDS = 3000


class SaveOutcome:
    """What became of a save: ``saved`` (with the write's number), ``unchanged``,
    ``conflict`` (the file changed since the form was loaded) or ``invalid``."""

    def __init__(self, kind: str, check: Optional[FormCheck] = None, written: int = 0,
                 theirs: Optional[TeamDraft] = None, digest: str = ""):
        self.kind, self.check, self.written, self.theirs, self.digest = kind, check, written, theirs, digest

    @property
    def saved_draft(self) -> Optional[TeamDraft]:
        """The team as the file now declares it (read back from the text written)."""
        return draft_of(self.check.team) if self.kind == "saved" and self.check and self.check.team else None


def _locks(request: Request) -> Dict[str, asyncio.Lock]:
    return request.app.state.file_locks


def on_disk(path: Path) -> Tuple[bytes, TeamDraft]:
    data = read_bytes(path, Limits().max_file_bytes)
    team, _problems = read_team_bytes(path, data)
    if team is None:
        raise ValueError(f"{path} cannot be read")
    return data, draft_of(team)


def team_form_context(request: Request, snapshot: Snapshot, team_id: str, draft: Optional[TeamDraft] = None,
                      check: Optional[FormCheck] = None, base: Optional[str] = None) -> Dict[str, Any]:
    """What the team template needs to show the form (from the file on disk, unless given)."""
    file = snapshot.team_file(team_id)
    if file is None or not snapshot.editable(team_id):
        return {}
    if draft is None or not base:
        try:
            data, declared = on_disk(request.app.state.org.root / file.relative)
        except (OSError, ValueError):
            return {}
        draft, base = draft or declared, base or digest_of(data)
    return {"draft": draft, "base": base, "problems": check.problems if check else {}, "file": file.relative}


async def save_team(request: Request) -> Response:
    """POST /teams/{team}: add a row, or save (``confirm``: also set the review date to today)."""
    team_id = request.path_params["team"]
    who = principal(request)
    if not who.may_edit(team_id):
        return forbidden(request)
    form = dict(await request.form(max_fields=MAX_FORM_FIELDS, max_files=0))
    if not csrf_ok(request, who, form):
        return forbidden(request)
    snapshot: Snapshot = request.app.state.org.snapshot
    if not snapshot.editable(team_id):
        return page(request, "not_found.html", status_code=404)
    draft = resolved_draft(snapshot.org, draft_from_form(team_id, {k: str(v) for k, v in form.items()}))
    action = str(form.get("action", "save"))
    if action.startswith("add-") and action[4:] in _BLANK:
        kind = action[4:]
        draft = draft.with_rows(kind, (*getattr(draft, kind), _BLANK[kind]))
        return _form_page(request, snapshot, team_id, draft, None, str(form.get("base", "")))
    if action == "confirm":
        draft = replace(draft, reviewed=request.app.state.config.today().isoformat())
    outcome = await save_draft(request, who, team_id, draft, str(form.get("base", "")))
    return _after_save(request, snapshot, team_id, draft, outcome)


def _after_save(request: Request, snapshot: Snapshot, team_id: str, draft: TeamDraft, outcome: SaveOutcome) -> Response:
    if outcome.kind == "conflict":
        return page(request, "merge.html", status_code=409, team_id=team_id, theirs=outcome.theirs, yours=draft,
                    **team_form_context(request, snapshot, team_id, draft, None, outcome.digest))
    if outcome.kind == "invalid":
        return _form_page(request, snapshot, team_id, draft, outcome.check, None, status=422)
    saved = outcome.saved_draft  # the file just written: no need to read it again
    context = (team_form_context(request, snapshot, team_id, saved, None, outcome.digest) if saved
               else team_form_context(request, snapshot, team_id))
    return page(request, "team.html", team_id=team_id, faulty={}, notice=outcome.kind, written=outcome.written, **context)


def _form_page(request: Request, snapshot: Snapshot, team_id: str, draft: TeamDraft, check: Optional[FormCheck],
               base: Optional[str], status: int = 200) -> HTMLResponse:
    context = team_form_context(request, snapshot, team_id, draft, check, base)
    return page(request, "team.html", status_code=status, team_id=team_id, faulty={}, **context)


async def save_draft(request: Request, who: Principal, team_id: str, draft: TeamDraft, base: Optional[str],
                     action: str = "saved", detail: Optional[str] = None) -> SaveOutcome:
    """Write a team's draft to its file, unless the file changed since ``base`` (``None``:
    apply the draft to the file as it is now, for additive changes such as a confirmation)."""
    state = request.app.state.org
    snapshot: Snapshot = state.snapshot
    file = snapshot.team_file(team_id)
    if file is None:
        raise ValueError(team_id)
    path = state.root / file.relative
    lock = _locks(request).setdefault(file.relative, asyncio.Lock())
    async with lock:
        return await anyio.to_thread.run_sync(_write, request, who, team_id, draft, base, path, file.relative,
                                              snapshot, action, detail)


def _write(request: Request, who: Principal, team_id: str, draft: TeamDraft, base: Optional[str], path: Path,
           relative: str, snapshot: Snapshot, action: str, detail: Optional[str]) -> SaveOutcome:
    data, before = on_disk(path)
    digest = digest_of(data)
    if base is not None and digest != base:
        return SaveOutcome("conflict", theirs=before, digest=digest)
    original = data.decode("utf-8-sig")
    text = edited_yaml(original, before, draft)
    check = check_text(path, text, draft, snapshot.org, before)
    if not check.ok:
        return SaveOutcome("invalid", check)
    if text == original:
        return SaveOutcome("unchanged")
    new = (b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")
    write_bytes(path, new)
    written = request.app.state.org.wrote(relative, new)
    request.app.state.store.journal(who.actor, action, relative, team_id, detail, original, text)
    request.app.state.loop.call_soon_threadsafe(request.app.state.live.poke)
    return SaveOutcome("saved", check, written=written, digest=digest_of(new))


async def pick(request: Request) -> Response:
    """The teams and end clients whose name fits what is typed in a client or supplier field."""
    who = principal(request)
    if not who.browses:
        return forbidden(request)
    typed = next((str(v) for k, v in request.query_params.items() if k.endswith("-id") or k == "q"), "")[:200]
    kinds = ("team", "end") if request.query_params.get("for") != "supplier" else ("team",)
    found = [m for m in matches(request.app.state.org.snapshot, typed, limit=40) if m[0] in kinds][:15]
    return fragment(request, "pick_options.html", found=found)


def saved_words() -> Dict[str, str]:
    return {"saved": _("Saved: the file was written and the change journaled."),
            "unchanged": _("Nothing to save: the form is the same as the file.")}


def changed_fields(theirs: TeamDraft, yours: TeamDraft) -> List[str]:
    """The fields that differ between two versions (for the merge view)."""
    names = ["name", "department", "enps", "reviewed", "members", "clients", "suppliers"]
    return [name for name in names if getattr(theirs, name) != getattr(yours, name)]
