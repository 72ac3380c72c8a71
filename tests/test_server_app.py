"""`chainmap serve` through HTTP, in process: who may do what, nothing lost, everything journaled.

Each test serves a fresh copy of the example hospital and talks to it as browsers and
crafted requests would (Starlette's test client runs the application with its start-up).
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
import yaml

import chainmap
from chainmap.server.draft import as_form, draft_of

from .server_fixture import TODAY, Served, base_of, copy_example, csrf_of, served

testclient = pytest.importorskip("starlette.testclient")


class Browser:
    """One browser: its own session cookie, on the application's one test client."""

    def __init__(self, client, token: str):
        self.client, self.app = client, client.app
        answer = client.get("/", params={"token": token})
        assert answer.status_code == 200, answer.text
        self.cookie = answer.cookies["chainmap_session"]
        client.cookies.clear()

    def _send(self, method: str, path: str, **options):
        headers = {"cookie": f"chainmap_session={self.cookie}", **options.pop("headers", {})}
        try:
            return self.client.request(method, path, headers=headers, **options)
        finally:
            self.client.cookies.clear()

    def get(self, path: str, **options):
        return self._send("GET", path, **options)

    def post(self, path: str, **options):
        return self._send("POST", path, **options)


@contextlib.contextmanager
def serving(root: Path, teams, **options) -> Iterator[Served]:
    server = served(root, teams, **options)
    with testclient.TestClient(server.app, follow_redirects=False) as client:
        server.client = client
        yield server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    with serving(copy_example(tmp_path), ["urgences", "brancardage", "radiologie", "laboratoire"]) as server:
        yield server


def client_for(server: Served, token: str) -> Browser:
    return Browser(server.client, token)


def team_form(client: Browser, team: str):
    page = client.get(f"/teams/{team}").text
    team_file = chainmap.load(client.app.state.org.root).teams[team]
    return page, {**as_form(draft_of(team_file)), "csrf": csrf_of(page), "base": base_of(page)}


def test_opening_a_link_sets_a_strict_httponly_cookie_and_never_logs_the_token(server, caplog):
    caplog.set_level(logging.INFO, logger="chainmap.server")
    client = server.client
    answer = client.get("/", params={"token": server.team["urgences"]})
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/" in cookie
    assert 'http-equiv="refresh" content="0;url=/teams/urgences"' in answer.text
    assert client.get("/teams/urgences").status_code == 200
    client.cookies.clear()
    logged = caplog.text
    assert "GET / 200" in logged and server.team["urgences"] not in logged and "token" not in logged


def test_pages_carry_a_strict_csp_and_no_store(server):
    client = client_for(server, server.admin)
    answer = client.get("/admin")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["cache-control"] == "no-store"
    assert "<script>" not in answer.text  # no inline script anywhere: htmx is a file of ours
    report = client.get("/map/report")
    assert "script-src 'sha256-" in report.headers["content-security-policy"]


@pytest.mark.parametrize("token", ["", "forged-token-0123456789", "x" * 43])
def test_a_forged_or_empty_token_opens_nothing(server, token):
    client = server.client
    answer = client.get("/", params={"token": token})
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    assert client.get("/teams/urgences").status_code == 401
    assert client.post("/teams/urgences", data={"enps": "1"}).status_code == 403


def test_a_revoked_link_and_its_sessions_stop_working(server):
    client = client_for(server, server.team["urgences"])
    assert client.get("/teams/urgences").status_code == 200
    link = server.store.link_for(server.team["urgences"])
    server.store.revoke(link.id)
    assert client.get("/teams/urgences").status_code == 401
    assert server.client.get("/", params={"token": server.team["urgences"]}).status_code == 403  # replayed


def test_a_team_link_may_not_write_to_another_team_existing_or_not_and_cannot_tell_which(server):
    client = client_for(server, server.team["urgences"])
    _page, form = team_form(client, "urgences")
    before = (server.root / "teams/logistique/brancardage.yaml").read_bytes()
    other = client.post("/teams/brancardage", data={**form, "enps": "99"})
    ghost = client.post("/teams/no-such-team", data={**form, "enps": "99"})
    assert other.status_code == ghost.status_code == 403
    assert other.text == ghost.text
    for path in ("/teams/brancardage/inbox/confirm", "/teams/brancardage/inbox/decline", "/admin/links/new",
                 "/admin/survey", "/admin/links/revoke"):
        assert client.post(path, data={"csrf": form["csrf"], "other": "urgences", "role": "client"}).status_code == 403
    assert (server.root / "teams/logistique/brancardage.yaml").read_bytes() == before
    assert "name=\"csrf\"" not in client.get("/teams/brancardage").text  # no form on another team's page


def test_every_write_needs_the_sessions_csrf_token_and_our_origin(server):
    client = client_for(server, server.team["urgences"])
    _page, form = team_form(client, "urgences")
    assert client.post("/teams/urgences", data={**form, "csrf": "wrong", "enps": "1"}).status_code == 403
    assert client.post("/teams/urgences", data={k: v for k, v in form.items() if k != "csrf"}).status_code == 403
    assert client.post("/teams/urgences", data={**form, "enps": "1"},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert "enps: -18" in (server.root / "teams/soins/urgences.yaml").read_text(encoding="utf-8")


def test_a_save_writes_one_line_journals_who_what_before_after_and_reaches_the_analysis(server):
    client = client_for(server, server.team["urgences"])
    _page, form = team_form(client, "urgences")
    path = server.root / "teams/soins/urgences.yaml"
    original = path.read_text(encoding="utf-8")
    answer = client.post("/teams/urgences", data={**form, "enps": "12", "action": "confirm"})
    assert answer.status_code == 200 and "Saved" in answer.text
    now = path.read_text(encoding="utf-8")
    assert now == original.replace("enps: -18     ", "enps: 12      ").replace("reviewed: 2026-06-10", f"reviewed: {TODAY}")
    entry = server.store.entries(1)[0]
    assert (entry.action, entry.team, entry.path, entry.before, entry.after) == (
        "saved", "urgences", "teams/soins/urgences.yaml", original, now)
    assert entry.actor.startswith("team link #") and server.team["urgences"] not in entry.actor
    deadline = time.monotonic() + 10
    while server.app.state.org.snapshot.org.teams["urgences"].enps != 12:
        assert time.monotonic() < deadline
        client.get("/teams/urgences/findings?after=1")


def test_a_form_with_mistakes_is_not_saved_and_says_what_is_wrong_beside_the_field(server):
    client = client_for(server, server.team["urgences"])
    _page, form = team_form(client, "urgences")
    before = (server.root / "teams/soins/urgences.yaml").read_bytes()
    answer = client.post("/teams/urgences", data={**form, "supplier-1-satisfaction": "12"})
    assert answer.status_code == 422
    assert 'id="problem-supplier-1-satisfaction"' in answer.text
    assert "`satisfaction` is 12, but it must be between 0 and 10" in answer.text
    assert (server.root / "teams/soins/urgences.yaml").read_bytes() == before


def test_a_save_over_a_file_changed_since_the_form_was_loaded_shows_both_versions_and_writes_nothing(server):
    first = client_for(server, server.team["urgences"])
    second = client_for(server, server.admin)
    _page, mine = team_form(first, "urgences")
    _page, theirs = team_form(second, "urgences")
    assert second.post("/teams/urgences", data={**theirs, "enps": "-30"}).status_code == 200
    written = (server.root / "teams/soins/urgences.yaml").read_bytes()
    answer = first.post("/teams/urgences", data={**mine, "department": "Urgences et SAMU"})
    assert answer.status_code == 409
    assert "The file changed while you were editing" in answer.text and "-30" in answer.text and "Urgences et SAMU" in answer.text
    assert (server.root / "teams/soins/urgences.yaml").read_bytes() == written
    merged = {**mine, "department": "Urgences et SAMU", "enps": "-30", "csrf": csrf_of(answer.text), "base": base_of(answer.text)}
    assert first.post("/teams/urgences", data=merged).status_code == 200
    text = (server.root / "teams/soins/urgences.yaml").read_text(encoding="utf-8")
    assert "department: Urgences et SAMU" in text and "enps: -30" in text


def test_the_supplier_team_confirms_from_its_inbox_and_its_own_file_gets_the_link(server):
    client = client_for(server, server.team["radiologie"])
    inbox = client.get("/teams/radiologie/inbox").text
    assert "Brancardage central says it serves you." in inbox
    answer = client.post("/teams/radiologie/inbox/confirm",
                         data={"csrf": csrf_of(inbox), "other": "brancardage", "role": "client", "satisfaction": "8"})
    assert answer.status_code == 303
    declared = yaml.safe_load((server.root / "teams/medico-technique/radiologie.yaml").read_text(encoding="utf-8"))
    assert {"id": "brancardage", "what": "Patients amenés aux examens", "satisfaction": 8} in declared["suppliers"]
    after = client.get(answer.headers["location"]).text
    assert "Confirmed" in after and "Brancardage central says it serves you." not in after
    assert server.store.entries(1)[0].action == "confirmed"


def test_a_decline_is_recorded_and_shown_to_the_declaring_team(server):
    client = client_for(server, server.team["radiologie"])
    inbox = client.get("/teams/radiologie/inbox").text
    refused = client.post("/teams/radiologie/inbox/decline",
                          data={"csrf": csrf_of(inbox), "other": "brancardage", "role": "client", "reason": ""})
    assert refused.headers["location"].endswith("done=reason")
    client.post("/teams/radiologie/inbox/decline", data={"csrf": csrf_of(inbox), "other": "brancardage",
                                                          "role": "client", "reason": "Nous avons nos <b>propres</b> brancardiers"})
    declaring = client_for(server, server.team["brancardage"])
    page = declaring.get("/teams/brancardage/inbox").text
    assert "Nous avons nos &lt;b&gt;propres&lt;/b&gt; brancardiers" in page
    assert server.store.entries(1)[0].action == "declined"


def test_a_file_that_fails_to_load_is_shown_with_its_problems_and_the_rest_stays_browsable(tmp_path):
    root = copy_example(tmp_path)
    (root / "teams/soins/urgences.yaml").write_text("id: urgences\nsupplier: [x]\n", encoding="utf-8")
    with serving(root, ["urgences"]) as server:
        client = client_for(server, server.admin)
        weak = client.get("/weak").text
        assert "teams/soins/urgences.yaml" in weak and "did you mean `suppliers`?" in weak
        assert client.get("/teams/pharmacie").status_code == 200
        page = client.get("/teams/urgences")
        assert page.status_code == 200 and "This team&#39;s file cannot be read" in page.text


def test_a_change_made_outside_is_seen_journaled_and_analysed(tmp_path):
    root = copy_example(tmp_path)
    with serving(root, [], watch=True) as server:
        client = client_for(server, server.admin)
        version = server.app.state.org.snapshot.version
        path = root / "teams/logistique/brancardage.yaml"
        time.sleep(0.5)  # the watcher starts with the application
        path.write_text(path.read_text(encoding="utf-8").replace("enps: -10", "enps: 40"), encoding="utf-8")
        deadline = time.monotonic() + 15
        while server.app.state.org.snapshot.org.teams["brancardage"].enps != 40:
            assert time.monotonic() < deadline, "the change was not seen"
            client.get(f"/live/weak?v={version}")
        entry = server.store.entries(1)[0]
        assert (entry.actor, entry.action, entry.path) == ("files", "changed", "teams/logistique/brancardage.yaml")
        assert "enps: -10" in entry.before and "enps: 40" in entry.after


def test_the_journal_is_append_only(server):
    server.store.journal("admin", "test")
    import sqlite3
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        server.store._run("UPDATE journal SET actor = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        server.store._run("DELETE FROM journal")


def test_tokens_and_sessions_are_stored_hashed(server):
    client = client_for(server, server.team["urgences"])
    cookie = client.cookie
    data = server.store.path.read_bytes() + Path(str(server.store.path) + "-wal").read_bytes()
    for secret in (server.admin, server.team["urgences"], cookie):
        assert secret.encode() not in data


def test_a_survey_link_answers_its_own_survey_only_and_figures_wait_for_five_answers(server):
    answers = [client_for(server, server.survey["urgences"]) for _ in range(5)]
    for number, client in enumerate(answers):
        page = client.get("/survey").text
        assert "Brancardage central" in page
        assert client.get("/teams/urgences").status_code == 403 and client.get("/map").status_code == 403
        done = client.post("/survey", data={"csrf": csrf_of(page), "score-brancardage": str(3 + number),
                                            "score-laboratoire": "9" if number == 0 else ""})
        assert done.status_code == 303
        admin = client_for(server, server.admin)
        results = admin.get("/admin/survey").text
        if number < 4:
            assert "Brancardage central" in results and "4.0" not in results
    results = client_for(server, server.admin).get("/admin/survey").text
    assert "5.0" in results  # the mean of 3..7, once five people answered
    assert ">9<" not in results and ">9.0<" not in results  # one answer about the laboratory: no figure


def test_the_survey_overlay_is_written_as_chainmap_survey_writes_it_and_read_by_every_command(server, runner):
    for number in range(5):
        client = client_for(server, server.survey["urgences"])
        page = client.get("/survey").text
        client.post("/survey", data={"csrf": csrf_of(page), "score-brancardage": "4", "score-__enps__": str(5 + number)})
    admin = client_for(server, server.admin)
    page = admin.get("/admin/survey").text
    assert admin.post("/admin/survey", data={"csrf": csrf_of(page)}).status_code == 303
    overlay = server.root.parent / "state" / "satisfaction.yaml"
    text = overlay.read_text(encoding="utf-8")
    assert text.startswith("# Survey overlay for chainmap") and "chainmap_survey: 1" in text
    data = yaml.safe_load(text)
    assert {"supplier": "brancardage", "client": "urgences", "responses": 5, "mean": 4.0, "nps": -100} in data["links"]
    from chainmap.cli import cli
    result = runner.invoke(cli, ["weak", str(server.root), "--survey", str(overlay), "--as-of", "2026-12-07"])
    assert result.exit_code == 1 and "survey" in result.output


def test_a_worker_and_a_department_have_their_pages(server):
    client = client_for(server, server.team["urgences"])
    assert "Urgences" in client.get("/workers/e1042").text
    assert "Urgences" in client.get("/departments/Soins").text
    assert client.get("/workers/nobody").status_code == 404


def test_a_draft_is_not_the_file(server):
    """Adding a row only shows one more blank row: nothing is written until Save."""
    client = client_for(server, server.team["urgences"])
    _page, form = team_form(client, "urgences")
    before = (server.root / "teams/soins/urgences.yaml").read_bytes()
    answer = client.post("/teams/urgences", data={**form, "action": "add-suppliers"})
    assert answer.status_code == 200 and 'name="supplier-5-id"' in answer.text
    assert (server.root / "teams/soins/urgences.yaml").read_bytes() == before
    assert replace  # (imported for readers: drafts are frozen dataclasses)


def test_a_team_leads_link_answers_its_own_teams_survey_too(server):
    lead = client_for(server, server.team["urgences"])
    page = lead.get("/survey")
    assert page.status_code == 200 and "How well is Urgences served?" in page.text
    assert lead.post("/survey", data={"csrf": csrf_of(page.text), "score-brancardage": "6"}).status_code == 303
    assert server.store.count("answers") == 1
