"""Saving a team from the browser: only what changed is written, comments and layout kept,
and the form is checked by the loader's own rules and words."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

import chainmap
from chainmap.server.checking import check_text, resolve_pick, resolved_draft
from chainmap.server.draft import LinkDraft, MemberDraft, draft_from_form, draft_of
from chainmap.server.yaml_edit import edited_yaml, keep_untouched_lines

EXAMPLE = chainmap.example_path()


@pytest.fixture(scope="module")
def org() -> chainmap.Org:
    return chainmap.load(EXAMPLE)


def changed_lines(before: str, after: str) -> list:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def urgences(org: chainmap.Org):
    team = org.teams["urgences"]
    path = Path(team.source.path)
    return path, path.read_text(encoding="utf-8"), draft_of(team)


def test_every_example_file_is_written_back_byte_for_byte_when_nothing_changed(org):
    for team in org.teams.values():
        text = Path(team.source.path).read_text(encoding="utf-8")
        assert edited_yaml(text, draft_of(team), draft_of(team)) == text, team.source.path


def test_a_one_field_change_is_a_one_line_diff_and_keeps_the_comment(org):
    _path, text, draft = urgences(org)
    after = edited_yaml(text, draft, replace(draft, enps="-5"))
    assert changed_lines(text, after) == [
        "-enps: -18                         # équipe épuisée : 3 départs en 2026",
        "+enps: -5                          # équipe épuisée : 3 départs en 2026"]


def test_a_rating_changed_in_a_list_touches_that_line_only(org):
    _path, text, draft = urgences(org)
    suppliers = list(draft.suppliers)
    suppliers[1] = replace(suppliers[1], satisfaction="4")
    after = edited_yaml(text, draft, replace(draft, suppliers=tuple(suppliers)))
    assert changed_lines(text, after) == ["-    satisfaction: 6               # délais de rendu trop longs la nuit",
                                          "+    satisfaction: 4               # délais de rendu trop longs la nuit"]


def test_a_supplier_added_removed_and_a_member_inserted_leave_the_rest_alone(org):
    _path, text, draft = urgences(org)
    suppliers = (*draft.suppliers[1:], LinkDraft("achats", "Fournitures", "3"))
    members = (*draft.members[:2], MemberDraft("Zoé Roux", "z1", "interne"), *draft.members[2:])
    after = edited_yaml(text, draft, replace(draft, suppliers=suppliers, members=members))
    assert changed_lines(text, after) == [
        "+  - name: Zoé Roux", "+    id: z1", "+    role: interne",
        "-  - id: radiolgie                 # faute de frappe : l'imagerie n'est pas reconnue",
        "-    what: Imagerie urgente",
        "+  - id: achats", "+    what: Fournitures", "+    satisfaction: 3"]
    assert "# délais de rendu trop longs la nuit" in after


def test_a_short_entry_stays_short_and_a_key_is_added_in_the_formats_order():
    text = "id: paie\nname: Paie  # the payroll\nclients: [rh, compta]\n"
    draft = draft_from_form("paie", {"name": "Paie", "client-0-id": "rh", "client-1-id": "compta"})
    after = edited_yaml(text, draft, replace(draft, department="Finance", enps="12"))
    assert after == "id: paie\nname: Paie  # the payroll\ndepartment: Finance\nenps: 12\nclients: [rh, compta]\n"


def test_a_flow_style_line_ruamel_would_rewrite_is_kept_as_written():
    text = "id: a\nmembers: [Solo, {name: Twin, id: twin}]\nclients: [{id: z-end}]\nenps: 3\n"
    draft = draft_from_form("a", {"member-0-name": "Solo", "member-1-name": "Twin", "member-1-id": "twin",
                                  "client-0-id": "z-end", "enps": "3"})
    after = edited_yaml(text, draft, replace(draft, enps="4"))
    assert after == text.replace("enps: 3", "enps: 4")


def test_windows_line_endings_stay_windows_line_endings():
    text = "id: a\r\nname: A\r\nenps: 3\r\n"
    draft = draft_from_form("a", {"name": "A", "enps": "3"})
    assert edited_yaml(text, draft, replace(draft, enps="5")) == "id: a\r\nname: A\r\nenps: 5\r\n"


def test_untouched_stretches_come_from_the_original():
    assert keep_untouched_lines("a: [{x: 1}]\n# kept\nb: 2\n", "a: [x: 1]\nb: 2\n", "a: [x: 1]\nb: 3\n") == \
        "a: [{x: 1}]\n# kept\nb: 3\n"


def test_typed_values_that_break_a_rule_get_checks_words_beside_their_field(org, tmp_path):
    path, text, draft = urgences(org)
    suppliers = list(draft.suppliers)
    suppliers[2] = replace(suppliers[2], satisfaction="12")
    bad = replace(draft, enps="huit", suppliers=tuple(suppliers))
    result = check_text(path, edited_yaml(text, draft, bad), bad, org, draft)
    assert not result.ok
    assert result.problems["supplier-2-satisfaction"] == ["`satisfaction` is 12, but it must be between 0 and 10"]
    assert list(result.problems["enps"])[0].startswith("`enps`")
    (tmp_path / "t.yaml").write_text("id: t\nenps: huit\n", encoding="utf-8")
    from chainmap.load.reading import read_team_bytes
    _team, problems = read_team_bytes(tmp_path / "t.yaml", b"id: t\nenps: huit\n")
    assert problems[0].message == result.problems["enps"][0]  # the very words of `chainmap check`


def test_a_new_unknown_id_is_refused_with_the_unknown_reference_words_but_an_old_typo_is_not(org):
    path, text, draft = urgences(org)
    ok = replace(draft, enps="3")
    assert check_text(path, edited_yaml(text, draft, ok), ok, org, draft).ok  # `radiolgie` was already there
    typo = replace(draft, suppliers=(*draft.suppliers, LinkDraft("pharmacy")))
    result = check_text(path, edited_yaml(text, draft, typo), typo, org, draft)
    assert result.problems["supplier-5-id"] == [
        "Urgences lists `pharmacy` among its suppliers, but no team has that id. "
        "Did you mean `pharmacie` (Pharmacie à usage intérieur)? Correct the id in the file of Urgences."]


def test_an_end_client_as_a_supplier_is_refused_in_the_loaders_words(org):
    path, text, draft = urgences(org)
    wrong = replace(draft, suppliers=(*draft.suppliers, LinkDraft("patients")))
    result = check_text(path, edited_yaml(text, draft, wrong), wrong, org, draft)
    assert any("is an end client" in m for m in result.problems["supplier-5-id"])


def test_clients_and_suppliers_are_picked_by_name(org):
    assert resolve_pick(org, "Pharmacie à usage intérieur (pharmacie)") == "pharmacie"
    assert resolve_pick(org, "pharmacie a usage interieur") == "pharmacie"
    assert resolve_pick(org, "Patients") == "patients"
    assert resolve_pick(org, "nobody at all") == "nobody at all"
    draft = draft_from_form("urgences", {"supplier-0-id": "Brancardage central", "supplier-0-satisfaction": "7"})
    assert resolved_draft(org, draft).suppliers == (LinkDraft("brancardage", "", "7"),)


def test_a_form_row_ticked_remove_or_left_blank_is_dropped():
    draft = draft_from_form("t", {"member-0-name": "A", "member-1-name": "B", "member-1-remove": "1",
                                  "member-2-name": " ", "member-10-name": "C"})
    assert [m.name for m in draft.members] == ["A", "C"]


@pytest.mark.parametrize("seed", range(6))
def test_values_changed_in_place_read_the_same_as_through_the_round_trip(org, seed):
    """The quick path and ruamel's round trip write files that read the same, on random edits."""
    import random

    from chainmap.load.reading import read_team_bytes
    randomness = random.Random(seed)
    for team in list(org.teams.values())[seed::3]:
        text = Path(team.source.path).read_text(encoding="utf-8")
        draft = draft_of(team)
        suppliers = tuple(replace(s, satisfaction=randomness.choice(["3", "7,5", "10", s.satisfaction or "5"]),
                                  what=randomness.choice([s.what, "Livraison « urgente » : 24h/24", "2024", "yes"]))
                          for s in draft.suppliers)
        after = replace(draft, enps=str(randomness.randint(-100, 100)), suppliers=suppliers,
                        name=randomness.choice([draft.name or "X", "Équipe: « A »", "# not a comment"]))
        quick, slow = edited_yaml(text, draft, after), edited_yaml(text, draft, after, in_place=False)
        path = Path(team.source.path)
        assert read_team_bytes(path, quick.encode())[0] == read_team_bytes(path, slow.encode())[0], team.id
        assert len(changed_lines(text, quick)) <= len(changed_lines(text, slow))
