"""`chainmap serve` in a real browser (Debian's Chromium, driven by Playwright), as people use it.

A real server process on 127.0.0.1 serves a copy of the example hospital. A team lead opens
the invitation, adds a supplier, rates it and saves; the supplier team confirms from its
inbox; the facilitator's page, open all along, loses the weak link without being reloaded.
Two browsers editing one team get the merge view. A team link that tries another team, by
its form or by a crafted request, gets 403. Hostile names stay text.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from .report_orgs import PAYLOAD_MARK, hostile_org
from .server_fixture import Process, copy_example, invitations, start_server
from .test_report_browser import CHROMIUM, LAUNCH_ARGS  # the same Chromium, launched the same way

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = [
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"Chromium is not installed at {CHROMIUM}"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def hospital(tmp_path: Path) -> Iterator[tuple]:
    root = copy_example(tmp_path)
    server = start_server(root, "--invite", str(tmp_path / "invitations"))
    links = invitations(tmp_path / "invitations")
    yield server, links, root
    server.stop()


class Person:
    """One browser (its own cookies), with the errors and requests its pages made."""

    def __init__(self, browser, server: Process):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: List[str] = []
        self.requests: List[str] = []
        self.dialogs: List[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.server = server

    def open(self, url: str, lands_on: str) -> None:
        self.page.goto(url)
        self.page.wait_for_url(f"**{lands_on}")

    def outside_requests(self) -> List[str]:
        return [url for url in self.requests if not url.startswith(self.server.url) and not url.startswith("data:")]


def row_of(page, kind: str, index: int) -> Dict[str, object]:
    return {"id": page.locator(f'input[name="{kind}-{index}-id"]')}


def test_a_lead_adds_and_rates_a_supplier_who_confirms_and_the_facilitator_sees_it_live(browser, hospital):
    server, links, root = hospital
    facilitator = Person(browser, server)
    facilitator.open(f"{server.url}/?token={server.admin}", "/admin")
    facilitator.page.evaluate("window.notReloaded = true")
    weak_link = facilitator.page.locator('tr.finding[data-rule="one-sided"][data-subject="achats urgences"]')
    assert weak_link.count() == 0

    lead = Person(browser, server)
    lead.open(links["urgences"]["edit_link"], "/teams/urgences")
    lead.page.get_by_role("button", name="Add a supplier").click()
    field = lead.page.locator('input[name="supplier-5-id"]')
    field.press_sequentially("achats", delay=30)
    lead.page.locator("#pick-supplier-5 option").first.wait_for(state="attached")
    offered = lead.page.locator("#pick-supplier-5 option").first.get_attribute("value")
    assert offered == "Achats et approvisionnements (achats)"
    field.fill(offered)
    lead.page.locator('input[name="supplier-5-what"]').fill("Consommables médicaux")
    lead.page.locator('input[name="supplier-5-satisfaction"]').fill("8")
    lead.page.get_by_role("button", name="Save", exact=True).click()
    lead.page.wait_for_selector("text=Saved: the file was written")
    text = (root / "teams/soins/urgences.yaml").read_text(encoding="utf-8")
    assert "  - id: achats\n    what: Consommables médicaux\n    satisfaction: 8\n" in text

    weak_link.wait_for(state="attached", timeout=15000)  # one-sided, until Achats confirms

    supplier = Person(browser, server)
    supplier.open(links["achats"]["edit_link"], "/teams/achats")
    supplier.page.goto(f"{server.url}/teams/achats/inbox")
    request = supplier.page.locator('li.request[data-other="urgences"]')
    assert "Urgences says you serve it." in request.inner_text()
    request.get_by_role("button", name="Confirm").click()
    supplier.page.wait_for_selector("text=Confirmed: the link is now in your team's file.")
    assert "- id: urgences" in (root / "teams/logistique/achats.yaml").read_text(encoding="utf-8")

    weak_link.wait_for(state="detached", timeout=15000)
    assert facilitator.page.evaluate("window.notReloaded") is True  # updated in place, not reloaded
    for person in (facilitator, lead, supplier):
        assert person.errors == [] and person.outside_requests() == [] and person.dialogs == []


def test_two_browsers_editing_one_team_get_the_merge_view(browser, hospital):
    server, links, root = hospital
    first, second = Person(browser, server), Person(browser, server)
    first.open(links["pharmacie"]["edit_link"], "/teams/pharmacie")
    second.open(f"{server.url}/?token={server.admin}", "/admin")
    second.page.goto(f"{server.url}/teams/pharmacie")
    first.page.locator('input[name="enps"]').fill("25")
    second.page.locator('input[name="department"]').fill("Pharmacie et stérilisation")
    first.page.get_by_role("button", name="Save", exact=True).click()
    first.page.wait_for_selector("text=Saved: the file was written")
    second.page.get_by_role("button", name="Save", exact=True).click()
    second.page.wait_for_selector("text=The file changed while you were editing")
    merge = second.page.locator("table.merge tr.differs").all_inner_texts()
    assert any("25" in row for row in merge) and any("Pharmacie et stérilisation" in row for row in merge)
    text = (root / "teams/medico-technique/pharmacie.yaml").read_text(encoding="utf-8")
    assert "enps: 25" in text and "stérilisation" not in text  # nothing overwritten
    second.page.locator('input[name="enps"]').fill("25")
    second.page.get_by_role("button", name="Save", exact=True).click()
    second.page.wait_for_selector("text=Saved: the file was written")
    text = (root / "teams/medico-technique/pharmacie.yaml").read_text(encoding="utf-8")
    assert "enps: 25" in text and "department: Pharmacie et stérilisation" in text


def test_a_team_link_trying_another_team_by_form_or_crafted_request_gets_403(browser, hospital):
    server, links, root = hospital
    lead = Person(browser, server)
    lead.open(links["urgences"]["edit_link"], "/teams/urgences")
    before = (root / "teams/logistique/brancardage.yaml").read_bytes()
    lead.page.goto(f"{server.url}/teams/brancardage")
    assert lead.page.locator("form.team-form").count() == 0  # no form to edit another team
    lead.page.goto(f"{server.url}/teams/urgences")
    lead.page.evaluate("document.querySelector('form.team-form').action = '/teams/brancardage'")
    with lead.page.expect_response(re.compile(r".*/teams/brancardage$")) as answer:
        lead.page.get_by_role("button", name="Save", exact=True).click()
    assert answer.value.status == 403
    lead.page.wait_for_selector("text=This link does not allow that.")  # the refusal is what the lead reads
    lead.page.goto(f"{server.url}/teams/urgences")
    statuses = lead.page.evaluate("""async () => {
        const csrf = document.querySelector('input[name="csrf"]').value;
        const send = (path, body) => fetch(path, {method: 'POST', body: new URLSearchParams({csrf, ...body})}).then(r => r.status);
        return [await send('/teams/brancardage', {enps: '99'}), await send('/teams/ghost-team', {enps: '99'}),
                await send('/teams/radiologie/inbox/confirm', {other: 'brancardage', role: 'client'}),
                await send('/admin/links/new', {team: 'brancardage', kind: 'team'})];
    }""")
    assert statuses == [403, 403, 403, 403]
    assert (root / "teams/logistique/brancardage.yaml").read_bytes() == before


def test_hostile_names_stay_text_on_every_page(browser, tmp_path):
    root = hostile_org(tmp_path / "hostile")
    server = start_server(root, "--invite", str(tmp_path / "invitations"))
    try:
        links = invitations(tmp_path / "invitations")
        visitor = Person(browser, server)
        visitor.open(links["a"]["edit_link"], "/teams/a")
        for path in ("/teams/a", "/teams/b", "/teams/b/inbox", "/weak", "/map", "/teams/c", "/departments/x"):
            visitor.page.goto(server.url + path)
            visitor.page.wait_for_load_state("networkidle")
        visitor.page.goto(server.url + "/teams/a")
        visitor.page.locator("#cm-search").press_sequentially("scr", delay=20)
        visitor.page.wait_for_selector("#cm-found li")
        assert visitor.page.evaluate(f"window.{PAYLOAD_MARK}") is None
        assert visitor.dialogs == [] and visitor.outside_requests() == []
        assert "</script><script>" in visitor.page.locator("h1").inner_text()  # shown, as text
    finally:
        server.stop()
