"""`chainmap cards`: one card per worker, paper sizes, four per A4 page, words that fit the card."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli
from chainmap.i18n import _, set_language
from chainmap.workshop.cards import distinct_whats
from chainmap.workshop.deck import card_pages, make_cards
from chainmap.workshop.page_files import write_pages
from chainmap.workshop.paper import POINTS_PER_MM
from chainmap.workshop.svg import text_width, wrap_to_width

from .orgs import team, write_org
from .pdf_facts import page_sizes_mm, pdf_text, smallest_font_pt

AS_OF = "2026-11-23"
TOLERANCE_MM = 1 / POINTS_PER_MM


@pytest.fixture
def workshop_org(tmp_path: Path) -> Path:
    """Five workers: a chain kitchen → customers fed by stock; an isolated team; a broken chain."""
    return write_org(tmp_path / "bistro", [
        team("kitchen", clients=[{"id": "customers", "what": "Meals"}],
             suppliers=[{"id": "stock", "what": "Fresh food", "satisfaction": 4}], members=["Ana Cook", "Ben Chef"]),
        team("stock", clients=["kitchen"], members=["Cleo Store"]),
        team("garden", members=["Dora Green"]),
        team("laundry", clients=["office"], members=["Eli Wash"]),
        team("office", suppliers=["laundry"], members=[]),
    ], name="Bistro")


def cards(runner, org: Path, output: Path, *options: str):
    result = runner.invoke(cli, ["cards", str(org), "-o", str(output), "--as-of", AS_OF, *options])
    assert result.exit_code == 0, result.output
    return result


def test_one_a6_card_per_worker_by_default(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.pdf")
    sizes = page_sizes_mm(tmp_path / "c.pdf")
    assert len(sizes) == 5
    assert all(abs(w - 105) <= TOLERANCE_MM and abs(h - 148) <= TOLERANCE_MM for w, h in sizes)


def test_a5_cards(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.pdf", "--paper", "A5")
    assert all(abs(w - 148) <= TOLERANCE_MM and abs(h - 210) <= TOLERANCE_MM for w, h in page_sizes_mm(tmp_path / "c.pdf"))


def test_a4_holds_four_cards_per_page(runner, tmp_path):
    output = tmp_path / "c.pdf"
    cards(runner, chainmap.example_path(), output, "--paper", "A4")
    workers = chainmap.load(chainmap.example_path()).workers
    sizes = page_sizes_mm(output)
    assert len(sizes) == math.ceil(len(workers) / 4)
    assert all(abs(w - 210) <= TOLERANCE_MM and abs(h - 297) <= TOLERANCE_MM for w, h in sizes)
    text = " ".join(pdf_text(output).split())
    assert [w.name for w in workers.values() if w.name not in text] == []
    assert smallest_font_pt(output) >= 6


def test_a4_pages_have_cut_marks_between_the_cards(workshop_org):
    analysis = chainmap.analyse(chainmap.load(workshop_org))
    page = card_pages(make_cards(analysis), "A4")[0]
    middle = 105 * POINTS_PER_MM
    assert re.search(rf'<polyline points="{middle:.2f},0.00 {middle:.2f},', page)


def test_card_says_whom_the_team_serves_and_the_satisfaction_it_gives(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.pdf", "--worker", "Ana Cook")
    text = " ".join(pdf_text(tmp_path / "c.pdf").split())
    assert "Ana Cook" in text and "customers: Meals" in text and "stock: Fresh food · satisfaction 4/10" in text
    assert len(page_sizes_mm(tmp_path / "c.pdf")) == 1


def test_worker_without_chain_gets_a_card_that_says_why(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "garden.pdf", "--worker", "Dora Green")
    cards(runner, workshop_org, tmp_path / "laundry.pdf", "--worker", "Eli Wash")
    isolated = " ".join(pdf_text(tmp_path / "garden.pdf").split())
    broken = " ".join(pdf_text(tmp_path / "laundry.pdf").split())
    assert "garden declares no client and no supplier" in isolated and "To talk about" in isolated
    assert "none of them leads to an end client" in broken
    # put to the team's own people as a question, not as an errand to themselves ("ask laundry…")
    assert "To talk about: whom does the work of laundry finally serve?" in broken and "ask laundry" not in broken


def test_team_restricts_to_its_members(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.pdf", "--team", "kitchen")
    text = pdf_text(tmp_path / "c.pdf")
    assert len(page_sizes_mm(tmp_path / "c.pdf")) == 2 and "Cleo Store" not in text


def test_one_card_per_team(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.pdf", "--per", "team")
    text = pdf_text(tmp_path / "c.pdf")
    assert len(page_sizes_mm(tmp_path / "c.pdf")) == 5 and "Members: Ana Cook, Ben Chef" in text


def test_unknown_worker_is_a_usage_error_with_a_hint(runner, workshop_org, tmp_path):
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "c.pdf"), "--worker", "Ana Cok"])
    assert result.exit_code == 2 and "Ana Cook" in result.output


def test_a_worker_outside_the_chosen_team_is_refused(runner, workshop_org, tmp_path):
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "c.pdf"), "--team", "stock",
                                 "--worker", "ana cook"])
    assert result.exit_code == 2 and "Ana Cook is not a member of stock (their teams: kitchen)" in result.output
    assert not (tmp_path / "c.pdf").exists()


def test_worker_with_per_team_is_refused(runner, workshop_org, tmp_path):
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "c.pdf"), "--per", "team",
                                 "--worker", "Ana Cook"])
    assert result.exit_code == 2 and "--per worker" in result.output


def test_png_card(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.png", "--worker", "Ana Cook")
    data = (tmp_path / "c.png").read_bytes()
    assert data[:4] == b"\x89PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (round(105 / 25.4 * 150), round(148 / 25.4 * 150)), "an A6 card at 150 dpi"


def _text_extents(svg: str):
    """(left, right, size) of every line of text of an SVG page, measured with the font."""
    for match in re.finditer(r'<text x="([\d.]+)" y="[\d.]+" font-family="[^"]+" font-size="([\d.]+)"( font-weight="bold")?'
                             r' fill="[^"]+" text-anchor="(\w+)" xml:space="preserve">([^<]*)</text>', svg):
        x, size, bold, anchor = float(match.group(1)), float(match.group(2)), bool(match.group(3)), match.group(4)
        text = match.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        width = text_width(text, size, bold)
        left = x - width / 2 if anchor == "middle" else x
        yield left, left + width, size


def test_long_names_and_many_links_stay_on_the_card(tmp_path):
    long_name = "Service interdépartemental de coordination des approvisionnementsexceptionnellementlongs"
    suppliers = [{"id": f"s{i}", "what": "Des fournitures très variées et nombreuses " * 2, "satisfaction": 3}
                 for i in range(12)]
    teams = [team("hub", name=long_name, clients=[f"relay{0}"], suppliers=suppliers, members=[long_name + " Worker"])]
    teams += [team(f"s{i}", name=f"Fournisseur {i} {long_name}", clients=["hub"]) for i in range(12)]
    teams += [team(f"relay{i}", name=f"Relais {i} {long_name}", clients=[f"relay{i + 1}" if i < 5 else "customers"])
              for i in range(6)]
    org = write_org(tmp_path / "long", teams)
    analysis = chainmap.analyse(chainmap.load(org))
    width = 105 * POINTS_PER_MM
    for page in card_pages(make_cards(analysis, team="hub"), "A6"):
        extents = list(_text_extents(page))
        assert extents and all(left >= 0 and right <= width + 0.5 and size >= 6 for left, right, size in extents)
        assert "… and" in page


# --- the files of the pages: the user's files are never replaced, earlier pages never linger

def test_a_users_file_named_like_a_page_is_never_replaced(runner, workshop_org, tmp_path):
    (tmp_path / "c-2.svg").write_text("MINE")
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "c.svg"), "--as-of", AS_OF])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "c-2.svg already exists and chainmap did not write it" in result.stderr and "--force" in result.stderr
    assert (tmp_path / "c-2.svg").read_text() == "MINE" and not (tmp_path / "c.svg").exists()


def test_force_replaces_a_users_file_named_like_a_page(runner, workshop_org, tmp_path):
    (tmp_path / "c-2.svg").write_text("MINE")
    cards(runner, workshop_org, tmp_path / "c.svg", "--force")
    assert (tmp_path / "c-2.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_chainmap_replaces_its_own_pages_when_run_again(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.svg")
    result = cards(runner, workshop_org, tmp_path / "c.svg")
    assert result.output.count("wrote") == 5


def test_an_edited_page_is_the_users_and_is_not_replaced(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.png")
    page = tmp_path / "c-3.png"
    page.write_bytes(page.read_bytes() + b"\0")
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "c.png"), "--as-of", AS_OF])
    assert result.exit_code == 2 and "c-3.png already exists" in result.stderr


def test_pages_of_an_earlier_longer_run_are_removed(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.svg")
    result = cards(runner, workshop_org, tmp_path / "c.svg", "--team", "kitchen")
    assert sorted(p.name for p in tmp_path.glob("c*.svg")) == ["c-2.svg", "c.svg"]
    assert "removed " + str(tmp_path / "c-5.svg") + ": a page of an earlier run" in result.stdout


def test_an_edited_page_of_an_earlier_run_is_left_and_named(runner, workshop_org, tmp_path):
    cards(runner, workshop_org, tmp_path / "c.svg")
    edited = tmp_path / "c-4.svg"
    edited.write_text(edited.read_text(encoding="utf-8") + "<!-- mes notes -->\n", encoding="utf-8")
    result = cards(runner, workshop_org, tmp_path / "c.svg", "--worker", "Ana Cook")
    assert sorted(p.name for p in tmp_path.glob("c*.svg")) == ["c-4.svg", "c.svg"]
    assert f"left {edited} as it is" in result.stderr and "mes notes" in edited.read_text(encoding="utf-8")


def test_an_output_without_extension_says_which_ones_are_accepted(runner, workshop_org, tmp_path):
    result = runner.invoke(cli, ["cards", str(workshop_org), "-o", str(tmp_path / "cartes")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "the file name has no extension" in result.stderr and ".pdf, .svg or .png" in result.stderr
    assert "`.?`" not in result.stderr and str(tmp_path / "cartes.pdf") in result.stderr


# --- the words on a card: whole sentences, whole words, said once, in plain quotation marks

def _texts(svg: str) -> list:
    """The lines of text of an SVG page, in drawing order, as the reader sees them."""
    return [html.unescape(t) for t in re.findall(r'<text [^>]*xml:space="preserve">([^<]*)</text>', svg)]


def _example_card(per: str, team_id: str, language: str = "en"):
    """The card(s) of a team of the example (``per="team"``), or of its members, and their pages."""
    set_language(language)
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 11, 23))
    deck = make_cards(analysis, per=per, team=team_id)
    return deck, card_pages(deck, "A6")


def _full(entry) -> str:
    """An entry's whole text, as the card words it."""
    text = _("{entry}: {detail}").format(entry=entry.text, detail=entry.detail) if entry.detail else entry.text
    return re.sub(r"[ \n]+", " ", text)  # lines break at ordinary spaces only


def test_a_card_uses_its_room_before_leaving_anything_out():
    (card,), (page,) = _example_card("team", "urgences", "fr")
    text = " ".join(_texts(page))
    entries = card.serves + card.served_by + card.weak
    assert [e.text for e in entries if _full(e) not in text] == []
    assert "…" not in text


def test_what_is_left_out_is_whole_entries_counted_in_and_n_more(tmp_path):
    what = ("Des fournitures très variées et nombreuses, livrées chaque matin avant huit heures au quai"
            " de la plateforme, contrôlées puis rangées par les équipes de nuit")  # four lines on a card
    suppliers = [{"id": f"s{i}", "what": what, "satisfaction": 3} for i in range(12)]
    teams = [team("hub", name="Plateforme logistique", clients=["customers"], suppliers=suppliers)]
    teams += [team(f"s{i}", name=f"Fournisseur numéro {i} de la plateforme", clients=["hub"]) for i in range(12)]
    analysis = chainmap.analyse(chainmap.load(write_org(tmp_path / "many", teams)))
    (card,) = make_cards(analysis, per="team", team="hub")
    text = " ".join(_texts(card_pages([card], "A6")[0]))
    entries = card.serves + card.served_by + card.weak
    shown = [e for e in entries if _full(e) in text]
    said_more = sum(int(n) for n in re.findall(r"… and (\d+) more", text))
    assert 0 < len(shown) < len(entries) and said_more == len(entries) - len(shown)
    assert text.count("…") == len(re.findall(r"… and \d+ more", text))  # no sentence ends in a cut "…"


def test_chain_boxes_break_lines_between_words():
    _deck, pages = _example_card("worker", "achats")
    lines = _texts(pages[0])
    assert "approvisionnements" in lines and "approvisionnement" not in lines


def test_a_word_wider_than_the_line_is_hyphenated_visibly():
    word = "approvisionnementsexceptionnellementlongs"
    lines = wrap_to_width(f"Service {word}", 8, 60, bold=True)
    assert lines[0] == "Service" and all(line.endswith("-") for line in lines[1:-1])
    assert "".join(line[:-1] for line in lines[1:-1]) + lines[-1] == word
    assert all(text_width(line, 8, True) <= 60 for line in lines)


def test_a_line_never_breaks_at_a_no_break_space():
    quoted = "«\u00a0radiolgie\u00a0»"
    lines = wrap_to_width(f"cite {quoted} et 1\u202f234", 8, text_width(quoted, 8) + 1)
    assert lines == ["cite", quoted, "et 1\u202f234"]


def test_what_both_sides_say_of_a_link_is_shown_once_unless_they_differ():
    assert distinct_whats(("Plannings et encadrement des équipes", "Plannings et encadrement")) == (
        "Plannings et encadrement des équipes",)
    assert distinct_whats(("Résultats d'analyses", "resultats d’analyse")) == ("Résultats d'analyses",)
    assert distinct_whats(("Repas", "Linge propre")) == ("Repas", "Linge propre")
    _deck, pages = _example_card("worker", "urgences")
    assert "Cadres de santé: Plannings et encadrement des équipes · satisfaction 7/10" in " ".join(_texts(pages[0]))


@pytest.mark.parametrize("language, quoted", [("fr", "«\u00a0radiolgie\u00a0»"), ("en", "“radiolgie”")])
def test_a_card_quotes_an_unknown_id_in_plain_quotation_marks(language, quoted):
    _deck, pages = _example_card("worker", "urgences", language)
    text = " ".join(_texts(pages[0]))
    assert quoted in text and "`" not in text


def test_the_card_says_as_of_its_date(workshop_org):
    analysis = chainmap.analyse(chainmap.load(workshop_org), as_of=dt.date(2026, 11, 23))
    assert "Bistro · as of 23 November 2026 · chainmap" in _texts(card_pages(make_cards(analysis, worker="Ana Cook"))[0])


def test_a_worker_with_a_chain_through_one_team_is_told_the_other_team_reaches_no_client(tmp_path):
    # Ana works in the kitchen (a chain to the customers) and in the laundry (none): her card
    # shows the kitchen's chain, and must not leave the laundry's broken chain unsaid
    org = write_org(tmp_path / "bistro", [
        team("kitchen", clients=["customers"], members=[{"id": "ana", "name": "Ana Cook"}]),
        team("laundry", clients=["office"], members=[{"id": "ana", "name": "Ana Cook"}]),
        team("office", suppliers=["laundry"], members=["Bob"]),
    ], name="Bistro")
    analysis = chainmap.analyse(chainmap.load(org), as_of=dt.date(2026, 11, 23))
    text = " ".join(_texts(card_pages(make_cards(analysis, worker="ana"))[0]))
    assert "Error: laundry has links, but none of them leads to an end client" in text  # the dot has no key: said


def test_an_isolated_teams_card_does_not_say_no_weak_link_was_found(tmp_path, workshop_org):
    analysis = chainmap.analyse(chainmap.load(workshop_org), as_of=dt.date(2026, 11, 23))
    text = " ".join(_texts(card_pages(make_cards(analysis, team="garden", per="team"))[0]))
    assert "garden declares no client and no supplier" in text
    assert "no other weak link" in text and "none found" not in text


def test_a_worker_in_two_teams_with_different_chains_sees_both(tmp_path):
    """Ana works in the kitchen (kitchen → customers) and at the bakery (bakery → shop →
    walk-ins): her card drew the shortest of the two alone, and the bakery's people were
    never on her card. Both chains are drawn, under a heading in the plural."""
    org = write_org(tmp_path / "bistro", [
        team("kitchen", clients=["customers"], members=[{"id": "ana", "name": "Ana Cook"}]),
        team("bakery", clients=["shop"], members=[{"id": "ana", "name": "Ana Cook"}]),
        team("shop", clients=["walk-ins"], suppliers=["bakery"], members=["Bob"]),
    ], name="Bistro", end_clients=("customers", "walk-ins"))
    analysis = chainmap.analyse(chainmap.load(org), as_of=dt.date(2026, 11, 23))
    card = make_cards(analysis, worker="ana")[0]
    assert [[name for name, _kind in chain.steps] for chain in card.chains] == [
        ["bakery", "shop", "walk-ins"], ["kitchen", "customers"]]
    text = " ".join(_texts(card_pages([card])[0]))
    assert "The chains to the end clients" in text
    assert all(name in text for name in ("kitchen", "bakery", "shop", "walk-ins", "customers"))


def test_a_chain_inside_another_is_drawn_once():
    """Nadia Haddad (example) is in Gestion du temps de travail, whose chain runs through
    Paie, her other team: the one chain shows both teams, Paie's alone would repeat it."""
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 11, 23))
    card = make_cards(analysis, worker="e2087")[0]
    assert len(card.chains) == 1
    steps = card.chains[0].steps
    assert steps[:2] == (("Gestion du temps de travail", "own"), ("Paie", "own"))


def test_a_deck_converted_on_every_core_is_the_deck_converted_page_by_page(runner, workshop_org, tmp_path, monkeypatch):
    """Each page takes CairoSVG half a second: the pages of a PDF are shared between the
    processor's cores, and the file is byte for byte the one made page after page."""
    from chainmap import parallel

    if not parallel._can_fork():
        pytest.skip("processes cannot be forked here")
    analysis = chainmap.analyse(chainmap.load(workshop_org), as_of=dt.date(2026, 11, 23))
    pages = card_pages(make_cards(analysis, "worker", None, None))
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    write_pages(pages, tmp_path / "one-by-one.pdf")
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    helpers = []
    monkeypatch.setattr(parallel, "_start_helper", _counted(parallel._start_helper, helpers))
    steps = []
    write_pages(pages, tmp_path / "shared.pdf", progress=lambda done, total: steps.append((done, total)))
    assert helpers, "a helper process converted some of the pages"
    assert (tmp_path / "shared.pdf").read_bytes() == (tmp_path / "one-by-one.pdf").read_bytes()
    assert steps[-1] == (len(pages), len(pages)) and steps == sorted(steps)


def test_card_layout_reports_each_card(workshop_org):
    analysis = chainmap.analyse(chainmap.load(workshop_org), as_of=dt.date(2026, 11, 23))
    steps = []
    pages = card_pages(make_cards(analysis, "worker", None, None), "A4", lambda done, total: steps.append((done, total)))
    assert steps == [(n, 5) for n in range(1, 6)] and len(pages) == 2


def _counted(function, calls):
    def counting(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)
    return counting
