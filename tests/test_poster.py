"""`chainmap poster`: exact paper sizes, legible text, every team named, the multi-page mode."""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

import chainmap
from chainmap.cli import cli

from .orgs import team, write_org
from .pdf_facts import name_sizes, page_sizes_mm, pdf_text, smallest_font_pt

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

AS_OF = "2026-11-23"
PAPERS_MM = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}
TOLERANCE_MM = 1 / (72 / 25.4)  # ±1 pt


def big_org(root: Path, teams: int = 300, departments: int = 12, seed: int = 7) -> Path:
    """A deterministic organisation of ``teams`` teams in ``departments`` departments."""
    rng = random.Random(seed)
    ids = [f"team-{i:03d}" for i in range(teams)]
    declarations = []
    for i, team_id in enumerate(ids):
        later = ids[i + 1:i + 25]
        clients = sorted(rng.sample(later, min(len(later), rng.randint(1, 3)))) if later else []
        if i >= teams - 20 or rng.random() < 0.03:
            clients.append("customers")
        declarations.append({"id": team_id, "name": f"Team {i:03d} of {('Operations', 'Finance', 'Sales')[i % 3]}",
                             "department": f"Department {i * departments // teams + 1:02d}",
                             "members": [f"Person {i:03d}-{k}" for k in range(1 + i % 4)], "clients": clients})
    by_id = {d["id"]: d for d in declarations}
    for declaration in declarations:
        for client in declaration["clients"]:
            if client in by_id and rng.random() < 0.8:
                entry = {"id": declaration["id"], "satisfaction": rng.randint(2, 10)}
                by_id[client].setdefault("suppliers", []).append(entry)
    root.mkdir(parents=True)
    data = {"org": "Big organisation", "end_clients": [{"id": "customers", "name": "Customers"}], "teams": declarations}
    (root / "org.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
def small_org(tmp_path: Path) -> Path:
    return write_org(tmp_path / "small", [
        team("kitchen", clients=["customers"], suppliers=[{"id": "stock", "satisfaction": 4}], department="Food"),
        team("stock", clients=["kitchen"], department="Supply"),
    ], name="Small bistro")


def poster(runner, org: Path, output: Path, *options: str):
    result = runner.invoke(cli, ["poster", str(org), "-o", str(output), "--as-of", AS_OF, *options])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("paper", sorted(PAPERS_MM))
def test_page_is_exactly_the_paper_size_in_both_orientations(runner, small_org, tmp_path, paper):
    short, long = PAPERS_MM[paper]
    for flag, expected in (("--portrait", (short, long)), ("--landscape", (long, short))):
        output = tmp_path / f"{paper}{flag}.pdf"
        poster(runner, small_org, output, "--paper", paper, flag)
        (width, height), = page_sizes_mm(output)
        assert abs(width - expected[0]) <= TOLERANCE_MM and abs(height - expected[1]) <= TOLERANCE_MM


def test_default_paper_is_a1(runner, small_org, tmp_path):
    poster(runner, small_org, tmp_path / "p.pdf")
    (width, height), = page_sizes_mm(tmp_path / "p.pdf")
    assert sorted((round(width), round(height))) == [594, 841]


def test_example_poster_names_every_team_and_is_legible(runner, tmp_path):
    output = tmp_path / "hopital.pdf"
    result = poster(runner, chainmap.example_path(), output, "--title", "Atelier chaîne client")
    assert "6 pt" not in result.output
    text = pdf_text(output)
    org = chainmap.load(chainmap.example_path())
    flattened = " ".join(text.split())
    missing = [t.name for t in org.teams.values() if t.name not in flattened and t.name not in text]
    assert missing == [] and "Atelier chaîne client" in text
    assert len(page_sizes_mm(output)) == 1
    assert smallest_font_pt(output) >= 6


def team_names(org: Path) -> set:
    return {t.name for t in chainmap.load(org).teams.values()}


def test_too_small_paper_gives_a_mosaic_at_one_scale(runner, tmp_path):
    """The example does not fit one A4 sheet legibly: the fewest sheets that keep it legible
    (one fewer is refused), to trim and join, its team names the same size on all of them,
    every text at 6 pt or more, every team named."""
    output = tmp_path / "a4.pdf"
    result = poster(runner, chainmap.example_path(), output, "--paper", "A4")
    pages = page_sizes_mm(output)
    assert len(pages) >= 2 and f"mosaic of {len(pages)} sheets" in result.stderr
    fewer = runner.invoke(cli, ["poster", str(chainmap.example_path()), "-o", str(tmp_path / "fewer.pdf"), "--as-of", AS_OF,
                                "--paper", "A4", "--sheets", str(len(pages) - 1)])
    assert fewer.exit_code == 2 and "under the 6 pt" in fewer.output
    sizes = {max(page) for page in name_sizes(output, team_names(chainmap.example_path()))}  # a name in its box
    assert len(sizes) == 1 and min(sizes) >= 6, "one scale on every sheet"
    assert smallest_font_pt(output) >= 6
    text = " ".join(pdf_text(output).split())
    assert all(name in text for name in team_names(chainmap.example_path()))


def test_300_teams_on_a1_give_legible_sheets_at_one_scale(runner, tmp_path):
    org = big_org(tmp_path / "big")
    output = tmp_path / "big.pdf"
    result = poster(runner, org, output)
    pages = page_sizes_mm(output)
    assert 2 <= len(pages) <= 16 and "mosaic" in result.stderr
    assert smallest_font_pt(output) >= 6
    sizes = {max(page) for page in name_sizes(output, team_names(org))}
    assert len(sizes) == 1, "one scale on every sheet"
    text = " ".join(pdf_text(output).split())
    assert all(f"Team {i:03d}" in text for i in range(300))


@pytest.mark.parametrize("org, paper, at_least", [("banque", "A1", 16.0), ("clinique", "A3", 12.0)])
def test_team_names_print_large_and_nothing_else_outshouts_them(runner, tmp_path, org, paper, at_least):
    """24 teams on A1: names at 16 pt or more (about 12 before); 13 teams on A3: 12 pt or more
    (9 before); one sheet; the legend and key figures no larger than the names."""
    path = Path(__file__).parent / "layout_orgs" / f"{org}.yaml"
    output = tmp_path / "p.svg"
    poster(runner, path, output, "--paper", paper)
    pdf = tmp_path / "p.pdf"
    poster(runner, path, pdf, "--paper", paper)
    sizes = [max(page) for page in name_sizes(pdf, team_names(path))]  # in its box (a key figure may name one, smaller)
    assert len(sizes) == 1 and sizes[0] >= at_least, sizes
    svg = output.read_text(encoding="utf-8")
    legend = float(re.search(r'font-size="([\d.]+)" font-weight="bold"[^>]*>Legend<', svg).group(1))
    figures = [float(size) for size in re.findall(r'font-size="([\d.]+)" font-weight="bold" fill="[^"]+" '
                                                   r'text-anchor="start" xml:space="preserve">\d+<', svg)]
    assert legend <= sizes[0] and figures and max(figures) <= sizes[0] + 0.01


def test_24_teams_fit_one_a3_sheet(runner, tmp_path):
    output = tmp_path / "a3.pdf"
    poster(runner, Path(__file__).parent / "layout_orgs" / "banque.yaml", output, "--paper", "A3")
    assert len(page_sizes_mm(output)) == 1 and smallest_font_pt(output) >= 6


def test_one_sheet_asked_for_is_refused_when_its_text_would_be_illegible(runner, tmp_path):
    output = tmp_path / "a4.pdf"
    result = runner.invoke(cli, ["poster", str(chainmap.example_path()), "-o", str(output), "--paper", "A4",
                                 "--sheets", "1", "--as-of", AS_OF])
    assert result.exit_code == 2 and "under the 6 pt" in result.stderr and "--sheets N" in result.stderr
    assert not output.exists()


def test_more_sheets_asked_for_print_the_names_larger(runner, tmp_path):
    two, four = tmp_path / "two.pdf", tmp_path / "four.pdf"
    poster(runner, chainmap.example_path(), two, "--paper", "A4")
    poster(runner, chainmap.example_path(), four, "--paper", "A4", "--sheets", "4")
    names = team_names(chainmap.example_path())
    assert len(page_sizes_mm(four)) == 4
    assert max(max(page) for page in name_sizes(four, names)) > max(max(page) for page in name_sizes(two, names))


def test_hostile_names_give_a_valid_poster(runner, tmp_path):
    names = ['R&D <b>"quoted"</b>', "Back\\slash {braces} ]", "Équipe 🚀 émoji", "צוות עברית", "node"]
    teams = [team(f"t{i}", name=name, clients=["customers"], department=name) for i, name in enumerate(names)]
    org = write_org(tmp_path / "hostile", teams, name='Org "<&>"')
    output = tmp_path / "hostile.pdf"
    poster(runner, org, output, "--paper", "A3")
    text = pdf_text(output)
    assert 'R&D <b>"quoted"</b>' in text and "Back\\slash {braces} ]" in text and 'Org "<&>"' in text


def test_svg_and_png_by_extension(runner, small_org, tmp_path):
    poster(runner, small_org, tmp_path / "p.svg", "--paper", "A4")
    poster(runner, small_org, tmp_path / "p.png", "--paper", "A4")
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_multi_page_png_writes_one_file_per_page(runner, tmp_path):
    result = poster(runner, chainmap.example_path(), tmp_path / "a4.png", "--paper", "A4")
    written = sorted(p.name for p in tmp_path.glob("a4*.png"))
    assert written[0] == "a4-2.png" and "a4.png" in written and result.output.count("wrote") == len(written)


def test_focus_view_poster(runner, tmp_path):
    output = tmp_path / "focus.pdf"
    poster(runner, chainmap.example_path(), output, "--paper", "A3", "--focus", "urgences")
    assert "Urgences" in pdf_text(output)


def test_unknown_extension_is_a_usage_error(runner, small_org, tmp_path):
    result = runner.invoke(cli, ["poster", str(small_org), "-o", str(tmp_path / "p.docx")])
    assert result.exit_code == 2 and ".pdf, .svg or .png" in result.output


def test_focus_and_worker_together_are_refused(runner, small_org, tmp_path):
    result = runner.invoke(cli, ["poster", str(small_org), "-o", str(tmp_path / "p.pdf"), "--focus", "kitchen",
                                 "--worker", "kitchen worker"])
    assert result.exit_code == 2 and not (tmp_path / "p.pdf").exists()


def test_unknown_team_in_focus_says_how_to_fix(runner, small_org, tmp_path):
    result = runner.invoke(cli, ["poster", str(small_org), "-o", str(tmp_path / "p.pdf"), "--focus", "kitchn"])
    assert result.exit_code == 2 and "kitchen" in result.output


if __name__ == "__main__":  # pragma: no cover - a helper to draw the 300-team organisation by hand
    big_org(Path(sys.argv[1]))


def test_a_count_of_a_million_stays_inside_its_key_figure_tile() -> None:
    from chainmap.analysis.figures import KeyFigures
    from chainmap.workshop.page import PosterPage, _margin, compose_page, type_unit
    from chainmap.workshop.paper import sheet
    from chainmap.workshop.svg import GraphvizSvg, text_width

    drawing = GraphvizSvg.parse('<svg width="100pt" height="50pt" viewBox="0 0 100 50"><g id="graph0" class="graph"></g></svg>')
    figures = KeyFigures(teams=50_000, workers=1_000_000, links=74_677, confirmed=65_000, broken_chains=680,
                         weak_links=57_481, by_rule=(), teams_reaching=49_000, workers_reaching=990_000, isolated=320,
                         end_clients=("Clients",), by_severity=(("error", 680),))
    chosen = sheet("A4", False)
    page = PosterPage("Groupe", "", "", figures, frozenset(), drawing)
    svg = compose_page(chosen, page).svg()
    size = float(re.search(r'font-size="([\d.]+)" font-weight="bold" fill="[^"]+" text-anchor="start" xml:space="preserve">1,000,000<', svg).group(1))
    unit = type_unit(chosen)
    tile = (chosen.width - 2 * _margin(chosen) - 5 * 6 * unit) / 6  # six tiles, five gaps
    assert text_width("1,000,000", size, bold=True) <= tile - 14 * unit + 1e-6


def test_a_users_file_named_like_a_page_of_a_multi_page_poster_is_kept(runner, tmp_path):
    (tmp_path / "a4-2.svg").write_text("MINE")
    result = runner.invoke(cli, ["poster", str(chainmap.example_path()), "-o", str(tmp_path / "a4.svg"), "--paper", "A4",
                                 "--as-of", AS_OF])
    assert result.exit_code == 2 and "a4-2.svg already exists and chainmap did not write it" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a4-2.svg"] and (tmp_path / "a4-2.svg").read_text() == "MINE"


def test_an_output_without_extension_is_refused_before_drawing(runner, small_org, tmp_path):
    result = runner.invoke(cli, ["poster", str(small_org), "-o", str(tmp_path / "poster")])
    assert result.exit_code == 2 and "the file name has no extension" in result.stderr
    assert ".pdf, .svg or .png" in result.stderr and "`.?`" not in result.stderr


def _report_figures(page: str):
    """(value, label, details) of every key figure of a report page, as text."""
    cards = re.findall(r'<p class="value">([^<]*)</p><p class="label">([^<]*)</p><p class="detail">(.*?)</p></div>', page)
    return [(value, label, " ".join(re.sub(r"<[^>]+>", " ", detail).split())) for value, label, detail in cards]


def test_poster_and_report_give_the_same_key_figures_in_the_same_words(tmp_path):
    from chainmap.report import build_report
    from chainmap.workshop.poster import make_poster
    from chainmap.workshop.svg import to_pdf

    org = write_org(tmp_path / "bistro", [
        team("kitchen", clients=["customers"], suppliers=[{"id": "stock", "satisfaction": 4}]),
        team("stock", clients=["kitchen"]), team("garden"), team("laundry", clients=["office"]),
        team("office", suppliers=["laundry"]),
    ], name="Bistro")
    analysis = chainmap.analyse(chainmap.load(org))
    figures = _report_figures(build_report(analysis))
    poster_text = " ".join(pdf_text(to_pdf(make_poster(analysis, "A3").pages[0])).replace(",", " ").split())
    assert ("3", "teams whose work reaches no end client", "2 broken chains, 1 isolated team") in figures
    assert len(figures) == 6 and [f for f in figures if " ".join(f).replace(",", "") not in poster_text] == []


def test_the_poster_says_as_of_its_date(runner, small_org, tmp_path):
    poster(runner, small_org, tmp_path / "p.pdf", "--paper", "A4")
    assert "as of 23 November 2026" in " ".join(pdf_text(tmp_path / "p.pdf").split())


def _blank_bands(png: bytes) -> float:
    """The share of the page's height in bands of blank paper 10 rows or more high (margins included):
    2.5 cm at the 10 dpi of the test below. Every column is read: a thin upright line (the
    line of visibility) is one pixel wide, and read every other column it was missed whenever
    it fell on an odd one."""
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    blank = [all(pixels[x, y] > 235 for x in range(width)) for y in range(height)]
    bands, run = 0, 0
    for row in blank + [False]:
        if row:
            run += 1
            continue
        bands, run = bands + (run if run >= 10 else 0), 0
    return bands / height


def test_a_drawing_flatter_than_its_room_is_spread_to_fill_the_sheet():
    from chainmap.workshop.poster import make_poster
    from chainmap.workshop.svg import to_png

    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
    result = make_poster(analysis, "A1", landscape=False)
    assert not result.sheet.landscape and len(result.pages) == 1
    # 27 % when the drawing kept its proportions; what is left is inside the drawing (under its column headings)
    assert _blank_bands(to_png(result.pages[0], dpi=10)) < 0.22




def _printed_fit(monkeypatch, analysis, paper: str, turns: bool):
    """The fit :func:`make_poster` prints ``analysis`` with on ``paper``: its drawing, scale
    and sheets; ``turns=False`` draws it with no link turning round a column."""
    import importlib

    from chainmap.render.layout.routes import Turns
    from chainmap.workshop import poster as posters

    layout = importlib.import_module("chainmap.render.layout")
    printed = []
    with monkeypatch.context() as patch:
        if not turns:
            patch.setattr(layout, "plan_turns", lambda *_args: Turns())
        mosaic = posters._mosaic
        patch.setattr(posters, "_mosaic", lambda fit: printed.append(fit) or mosaic(fit))
        posters.make_poster(analysis, paper)
    return printed[-1]


def test_a_posters_drawing_turns_links_round_columns_without_printing_smaller(monkeypatch):
    """The bank's poster turns links round a column as ``chainmap render`` does, and crosses
    fewer: the turns take their room from the gaps between the columns, so the drawing is as
    wide and high as without them, on as many sheets, its names printed as large."""
    from .layout_checks import figures

    analysis = chainmap.analyse(chainmap.load(Path(__file__).parent / "layout_orgs" / "banque.yaml"))
    for paper in ("A1", "A4"):
        plain, turned = (_printed_fit(monkeypatch, analysis, paper, turns) for turns in (False, True))
        assert turned.grid == plain.grid and turned.paper == plain.paper
        assert turned.names_pt == pytest.approx(plain.names_pt, abs=0.01)
        drawings = [fit.page.drawing for fit in (plain, turned)]
        assert drawings[1].width == pytest.approx(drawings[0].width, abs=1.0)
        assert drawings[1].height == pytest.approx(drawings[0].height, abs=1.0)
        svgs = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{d.body}</svg>'
                for d in drawings]
        before, after = (figures(svg.encode("utf-8")) for svg in svgs)
        assert after.crossings < before.crossings and after.through == 0 and after.links == before.links
