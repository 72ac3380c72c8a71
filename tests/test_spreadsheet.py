"""Organisations declared in a workbook or a folder of CSV files, as people write them."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

import chainmap
from chainmap.cli import cli
from chainmap.errors import LoadError

Sheets = Dict[str, List[List[Any]]]


def hand_written() -> Sheets:
    """A workbook as a manager would type it: capitalised headers, notes, numbers as numbers."""
    return {
        "Lisez-moi": [["Carte des équipes, version de mars"]],
        "Settings": [["Key", "Value"], ["org", "Clinique des Lilas"], ["min_satisfaction", 6.5]],
        "End_clients": [["id", "Name", "NPS"], ["patients", "Patients", 31]],
        "Teams": [["id", "name", "Department", "eNPS", "reviewed", "# notes"],
                  ["accueil", "Accueil", "Front", 12, dt.datetime(2026, 3, 1), "vu en atelier"],
                  ["cuisine", "Cuisine centrale", None, None, "2026-02-01", None],
                  [None, None, None, None, None, None],
                  [2024, "Projet 2024", None, None, None, None]],
        "Members": [["team", "name", "id", "role"], ["accueil", "Alice Martin", None, "cheffe"],
                    ["cuisine", "Alice Martin", None, None], ["cuisine", "Bruno", "b42", None]],
        "Links": [["supplier", "client", "declared_by", "what", "satisfaction"],
                  ["accueil", "patients", None, "Accueil", None],
                  ["cuisine", "accueil", "both", "Repas", 4],
                  ["2024", "accueil", "supplier", None, None],
                  ["cuisine", "2024", "Client", None, "7,5"]],
    }


def write_workbook(path: Path, sheets: Sheets) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def problems_of(path: Path) -> List[str]:
    with pytest.raises(LoadError) as caught:
        chainmap.load(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_hand_written_workbook_is_read_as_declared(tmp_path: Path) -> None:
    org = chainmap.load(write_workbook(tmp_path / "lilas.xlsx", hand_written()))
    assert org.name == "Clinique des Lilas" and org.settings.min_satisfaction == 6.5
    assert org.teams["accueil"].reviewed == dt.date(2026, 3, 1) and org.teams["accueil"].enps == 12
    assert org.teams["cuisine"].reviewed == dt.date(2026, 2, 1)
    assert org.teams["2024"].name == "Projet 2024"
    assert org.workers["Alice Martin"].teams == ("accueil", "cuisine")
    links = {(link.supplier, link.client): link for link in org.links}
    assert links[("cuisine", "accueil")].confirmed and links[("cuisine", "accueil")].satisfaction == 4
    assert links[("accueil", "patients")].confirmed
    assert links[("2024", "accueil")].declared_by == "supplier"
    assert links[("cuisine", "2024")].declared_by == "client" and links[("cuisine", "2024")].satisfaction == 7.5


def test_a_csv_folder_saved_by_french_excel_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "lilas"
    folder.mkdir()
    files = {
        "settings.csv": "key;value\r\norg;Clinique Hélène\r\n",
        "end_clients.csv": "id;name\r\npatients;Patients\r\n",
        "teams.csv": "id;name;enps\r\ncuisine;Cuisine générale;-5\r\naccueil;Accueil;\r\n",
        "links.csv": "supplier;client;declared_by;what;satisfaction\r\ncuisine;accueil;;Repas chauds;6,5\r\naccueil;patients;;;\r\n",
    }
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("cp1252"))
    org = chainmap.load(folder)
    assert org.name == "Clinique Hélène" and org.teams["cuisine"].name == "Cuisine générale"
    assert org.teams["cuisine"].enps == -5
    assert org.links[1].satisfaction == 6.5 and org.links[1].confirmed


def test_a_utf8_csv_folder_with_bom_and_commas_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "o"
    folder.mkdir()
    (folder / "settings.csv").write_text("\ufeffkey,value\norg,\"Lilas, site nord\"\n", encoding="utf-8")
    (folder / "end_clients.csv").write_text("id\npatients\n", encoding="utf-8")
    (folder / "teams.csv").write_text("id,name\naccueil,Accueil ✓\n", encoding="utf-8")
    (folder / "links.csv").write_text("supplier,client\naccueil,patients\n", encoding="utf-8")
    org = chainmap.load(folder)
    assert org.name == "Lilas, site nord" and org.links[0].confirmed


def test_a_wrong_cell_points_at_sheet_row_and_column(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Teams"][2][3] = "beaucoup"
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert problems == [f"{tmp_path / 'o.xlsx'}:Teams:3: `enps` should be a whole number, not `beaucoup`"]


def test_a_wrong_csv_cell_points_at_file_and_row(tmp_path: Path) -> None:
    folder = tmp_path / "o"
    folder.mkdir()
    (folder / "settings.csv").write_text("key,value\norg,O\n", encoding="utf-8")
    (folder / "end_clients.csv").write_text("id\npatients\n", encoding="utf-8")
    (folder / "teams.csv").write_text("id,name\naccueil,A\nCuisine Centrale,C\n", encoding="utf-8")
    problems = problems_of(folder)
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder / 'teams.csv'}:3: `Cuisine Centrale` is not a valid id")
    assert "cuisine-centrale" in problems[0]


def test_an_unknown_column_gets_a_did_you_mean(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Links"][0][4] = "satisfation"
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any(":Links:1: unknown key `satisfation`" in p and "`satisfaction`" in p for p in problems)


def test_a_misspelt_sheet_is_reported_not_ignored(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Link"] = sheets.pop("Links")
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any(":Link: this sheet is ignored" in p and "`links`" in p for p in problems)


def test_the_organisation_name_is_required(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Settings"] = [["key", "value"], ["min_satisfaction", 7]]
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any("the row `org`" in p for p in problems)


def test_a_missing_teams_sheet_says_what_to_add(tmp_path: Path) -> None:
    sheets = hand_written()
    del sheets["Teams"]
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any("the sheet `teams` is missing" in p for p in problems)


@pytest.mark.parametrize("row, expected", [
    (["cuisine", "accueil", "maybe", None, None], "`maybe` in the column `declared_by`"),
    (["cuisine", "accueil", "supplier", None, 5], "a supplier never rates itself"),
    (["patients", "accueil", None, None, None], "column `supplier`) is an end client"),
    (["accueil", "patients", "client", None, None], "end clients do not declare links"),
    (["accueil", "accueil", None, None, None], "work within a team is not a link"),
    (["cantine", "accueil", "supplier", None, None], "`cantine` (column `supplier`) declares this link but is not in the teams sheet"),
    (["cuisine", "accueil", "client", None, None], "already declared by the client on row 3"),
])
def test_link_rows_are_checked_like_declarations(tmp_path: Path, row: List[Any], expected: str) -> None:
    sheets = hand_written()
    sheets["Links"].append(row)
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any(":Links:6: " in p and expected in p for p in problems), problems


def test_a_team_declared_twice_names_both_rows(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Teams"].append(["cuisine", "Cuisine bis", None, None, None, None])
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any(":Teams:6: the id `cuisine` is already used" in p and ":Teams:3" in p for p in problems)


def test_a_member_of_an_unknown_team_is_reported(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Members"].append(["cuisin", "Zoé", None, None])
    problems = problems_of(write_workbook(tmp_path / "o.xlsx", sheets))
    assert any(":Members:5: `cuisin` (column `team`) is not in the teams sheet" in p for p in problems)


def test_a_file_that_is_not_a_workbook_is_explained(tmp_path: Path) -> None:
    (tmp_path / "o.xlsx").write_text("not a zip", encoding="utf-8")
    problems = problems_of(tmp_path / "o.xlsx")
    assert "is named like an Excel workbook but is not one inside" in problems[0]
    assert "BadZipFile" not in problems[0] and "zip file" not in problems[0]


def test_a_damaged_workbook_is_explained_without_python_words(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "lilas.xlsx", hand_written())
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tmp_path / "d.xlsx", "w") as damaged:
        for item in original.infolist():
            if item.filename != "xl/workbook.xml":
                damaged.writestr(item, original.read(item))
    problems = problems_of(tmp_path / "d.xlsx")
    assert problems == [f"{tmp_path / 'd.xlsx'}: this Excel workbook is damaged inside and cannot be read: "
                        "open it in Excel or LibreOffice and save it again as .xlsx (Excel Workbook)"]


def test_every_command_accepts_a_workbook(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "lilas.xlsx", hand_written())
    check = CliRunner().invoke(cli, ["check", str(path), "--as-of", "2026-04-01", "--fail-on", "warning"])
    assert check.exit_code == 1 and "Clinique des Lilas" in check.output
    weak = CliRunner().invoke(cli, ["weak", str(path), "--format", "json", "--as-of", "2026-04-01"])
    assert '"rule": "low-satisfaction"' in weak.output
    chains = CliRunner().invoke(cli, ["chains", str(path), "--team", "cuisine", "--format", "json"])
    assert '"cuisine",\n    "accueil",\n    "patients"' in chains.output


def test_load_problems_exit_with_code_2_and_a_list(tmp_path: Path) -> None:
    sheets = hand_written()
    sheets["Teams"][2][3] = "beaucoup"
    path = write_workbook(tmp_path / "o.xlsx", sheets)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2 and ":Teams:3: `enps`" in result.output and "Traceback" not in result.output


# CSV and workbooks as they go wrong: each gets its own message ------------------------------

MINIMAL_CSV = {"settings.csv": "key,value\norg,O\n", "end_clients.csv": "id\npatients\n",
               "teams.csv": "id,name\na,A\nb,B\n", "links.csv": "supplier,client\na,patients\nb,a\n"}


def csv_folder(tmp_path: Path, **files: str) -> Path:
    """A CSV organisation: the minimal tables, with ``files`` (`links="…"` → links.csv) instead."""
    folder = tmp_path / "o"
    folder.mkdir()
    for name, text in {**MINIMAL_CSV, **{f"{k}.csv": v for k, v in files.items()}}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("table, text, row", [
    ("links", "supplier,client,declared_by,what,satisfaction\na,patients,,,\nb,a,both,\"Rapports mensuels,5\nb,a,,,\n", 3),
    ("members", "team,name,id,role\na,\"Alice,,\nb,Bob,,\n", 2),
    ("links", "supplier,client,what\na,patients,\"x\"\n\n\"b,a,\n", 4),
])
def test_a_quote_never_closed_is_refused_at_its_row(tmp_path: Path, table: str, text: str, row: int) -> None:
    # the csv reader made every later row part of the cell: a link's `what`, a worker "Alice,,\nb,Bob,,"
    folder = csv_folder(tmp_path, **{table: text})
    assert problems_of(folder) == [f"{folder / f'{table}.csv'}:{row}: this row does not end: a quote (\") opened here is never closed, "
                                   "or a cell is longer than 131072 characters; check the quotes on this line (a quote inside "
                                   "a text is written twice: \"\"), or save the file again from your spreadsheet"]


def test_a_quoted_cell_over_two_lines_is_still_one_row(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, links="supplier,client,what\na,patients,\"two\nlines\"\nb,a,\n")
    assert [(link.supplier, link.what_supplier) for link in chainmap.load(folder).links] == [("a", "two\nlines"), ("b", None)]


def test_a_formula_never_computed_is_refused_with_its_sheet_row_and_cell(tmp_path: Path) -> None:
    # openpyxl saves =4+1 without its value: the satisfaction vanished, an id was "required"
    sheets = hand_written()
    sheets["Links"][2][4] = "=4+1"
    sheets["Teams"][2][0] = '="cui"&"sine"'
    sheets["Teams"][1][5] = "=1+1"  # a note column: not read, so not refused
    path = write_workbook(tmp_path / "o.xlsx", sheets)
    message = "whose value was never computed (the file was written by a program): open it in Excel or LibreOffice, save it, and run chainmap again"
    assert problems_of(path) == [f"{path}:Links:3: the cell E3 holds a formula (=4+1) {message}",
                                 f"{path}:Teams:3: the cell A3 holds a formula (=\"cui\"&\"sine\") {message}"]


@pytest.mark.parametrize("data, says", [
    ("id,name\na,A\n".encode("utf-16-le"), "this file is saved as UTF-16: save it again as UTF-8"),
    ("id,name\na,A\n".encode("utf-16-be"), "this file is saved as UTF-16: save it again as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is not a declaration but an image"),
    (bytes(range(1, 256)) * 4, "this is not a declaration but binary data, not text"),
], ids=["utf-16-le", "utf-16-be", "png", "binary"])
def test_a_csv_table_that_is_not_text_says_so(tmp_path: Path, data: bytes, says: str) -> None:
    # read as Windows-1252, they gave "unknown key `<U+0000>i<U+0000>d`" and the like
    folder = csv_folder(tmp_path)
    (folder / "teams.csv").write_bytes(data)
    problems = problems_of(folder)
    assert len(problems) == 1 and problems[0].startswith(f"{folder / 'teams.csv'}: {says}"), problems


def test_a_csv_table_in_utf16_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    (folder / "teams.csv").write_bytes("id\tname\na\tÉquipe A\nb\tB\n".encode("utf-16"))
    assert chainmap.load(folder).teams["a"].name == "Équipe A"


def test_a_csv_folder_without_teams_csv_says_it_is_missing(tmp_path: Path) -> None:
    # it said "this folder holds no YAML file", as if the CSV tables were not there
    folder = csv_folder(tmp_path)
    (folder / "teams.csv").unlink()
    assert problems_of(folder) == [f"{folder}: the file `teams.csv` is missing from this folder: it is required (see `chainmap init --xlsx` for the layout)"]


def test_merged_cells_are_read_as_the_sheet_shows_them(tmp_path: Path) -> None:
    # a department typed once beside the teams it holds: the others read as blanks before
    sheets = hand_written()
    sheets["Teams"][2][2] = None
    sheets["Members"].append([None, "Chloé", None, None])
    path = write_workbook(tmp_path / "o.xlsx", sheets)
    from openpyxl import load_workbook
    workbook = load_workbook(path)
    workbook["Teams"].merge_cells("C2:C3")
    workbook["Members"].merge_cells("A3:A5")
    workbook.save(path)
    org = chainmap.load(path)
    assert org.teams["accueil"].department == org.teams["cuisine"].department == "Front"
    assert org.teams["2024"].department is None
    assert [worker.name for worker in org.workers.values() if "cuisine" in worker.teams] == ["Alice Martin", "Bruno", "Chloé"]


def test_fill_merged_copies_the_first_cell_over_its_range_and_no_further() -> None:
    from chainmap.load.merged import fill_merged
    rows = [(1, ("a", "b")), (2, ("x",)), (3, (None, None, "z")), (4, (None,))]
    assert list(fill_merged(rows, [(2, 1, 3, 2)])) == [
        (1, ("a", "b")), (2, ("x", "x")), (3, ("x", "x", "z")), (4, (None,))]


def test_a_merge_leaves_the_rows_blank_in_the_file_blank() -> None:
    # a whole column merged (A2:A1048576) beside three members made a million of them
    from chainmap.load.merged import fill_merged
    rows = [(2, ("cuisine", "Ann")), (3, (None, "Bob")), (4, (None, None)), (5, ("", " "))]
    assert list(fill_merged(rows, [(2, 1, 1048576, 1)])) == [
        (2, ("cuisine", "Ann")), (3, ("cuisine", "Bob")), (4, (None, None)), (5, ("", " "))]


def test_a_column_named_twice_is_refused_with_its_letters(tmp_path: Path) -> None:
    # the last `client` cell silently won: every link went to the wrong team
    sheets = hand_written()
    for row, value in zip(sheets["Links"], ["client", "x", "x", "x", "x"]):
        row.append(value)
    path = write_workbook(tmp_path / "o.xlsx", sheets)
    assert problems_of(path) == [f"{path}:Links:1: the column `client` is there twice (columns B and F): keep one of them, "
                                 "or start the other's name with # to keep it as a note"]


def test_a_csv_column_named_twice_is_refused(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, teams="id,name,Name\na,A,X\nb,B,Y\n")
    assert [p.split(": ", 1)[1] for p in problems_of(folder)] == [
        "the column `name` is there twice (columns B and C): keep one of them, or start the other's name with # to keep it as a note"]


def test_note_columns_may_share_a_name(tmp_path: Path) -> None:
    assert chainmap.load(csv_folder(tmp_path, teams="id,name,# vu,# vu\na,A,,\nb,B,oui,non\n")).teams["b"].name == "B"


def test_column_letters_go_past_z() -> None:
    from chainmap.load.tables import column_letters
    assert [column_letters(place) for place in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


@pytest.mark.parametrize("merged", [True, False], ids=["merged cells", "no merged cell"])
def test_calamine_reads_every_workbook_as_openpyxl_does(tmp_path: Path, monkeypatch, merged: bool) -> None:
    """The fast workbook reader (python-calamine) against openpyxl, its judge: the same tables
    from a workbook with merged cells (or none: another way through), dates, whole and
    decimal numbers, booleans, blank and blank-looking cells, a table that does not start at
    A1, a column named twice, a sheet to ignore and one of a near name."""
    import datetime as dt

    import openpyxl

    from chainmap.load.files import Limits
    from chainmap.load.tables import read_workbook
    from chainmap.load.workbook_reader import tables_by_calamine

    book = openpyxl.Workbook()
    book.active.title = "README"
    book.active["A1"] = "notes"
    teams = book.create_sheet("Teams")
    teams.append([])
    teams.append([None, " ", None])
    teams.append([None, "id", "name", "department", "enps", "reviewed", "# note", "Name"])
    teams.append([None, "accueil", "Accueil ", " Soins ", 8, dt.datetime(2026, 3, 4), dt.datetime(2026, 1, 2, 10, 30), "x"])
    teams.append([None, "2024", 2024, "  ", 7.5, "2026-13-01", True])
    teams.append([])
    teams.append([None, "cuisine", "Cuisine", None, -12.0, dt.date(2025, 1, 1), 1e20, None, "beyond the header"])
    links = book.create_sheet("links")
    links.append(["supplier", "client", "declared_by", "what", "satisfaction"])
    links.append(["cuisine", "accueil", None, "Repas", 8])
    links.append(["accueil", "patients", "supplier", None, None])
    if merged:
        teams.merge_cells("D4:D7")
        links.merge_cells("D2:E3")
    book.create_sheet("Team")["A1"] = "id"
    for name in ("settings", "end_clients", "members"):
        book.create_sheet(name).append(["key" if name == "settings" else "id"])
    path = tmp_path / "o.xlsx"
    book.save(path)
    fast = tables_by_calamine(path)
    assert fast is not None, "the fast reader must read this workbook"
    monkeypatch.setenv("CHAINMAP_FAST_READERS", "0")
    assert tables_by_calamine(path) is None
    assert repr(fast) == repr(read_workbook(path, Limits()))  # repr: 8 and 8.0 are equal, but print apart


def test_calamine_leaves_formulas_and_far_cells_to_openpyxl(tmp_path: Path) -> None:
    """A formula (its value may never have been computed) and a sheet spread far (calamine
    would build it as one dense grid) are read by openpyxl."""
    import openpyxl

    from chainmap.load.workbook_reader import tables_by_calamine

    book = openpyxl.Workbook()
    book.active.title = "teams"
    book.active.append(["id"])
    book.active.append(["=LOWER(\"A\")"])
    book.save(tmp_path / "formula.xlsx")
    assert tables_by_calamine(tmp_path / "formula.xlsx") is None
    book = openpyxl.Workbook()
    book.active.title = "teams"
    book.active["A1"] = "id"
    book.active["XFD1048576"] = "far"
    book.save(tmp_path / "far.xlsx")
    assert tables_by_calamine(tmp_path / "far.xlsx") is None


MEMBER_CELLS = [None, "paie", " paie ", "Paie", "rh-2", "a" * 201, "Marie Curie", "  Zoé  ", "", "   ", "x\u00a0y",
                "bell\u0007", "a" * 501, 2024, 7.5, True, dt.datetime(2026, 1, 1), "l'eau", "=1+1"]


def test_plain_member_rows_are_read_as_the_field_readers_read_them(monkeypatch) -> None:
    """A members row read without nodes gives the member, and no problem, that the field
    readers give it; any other row is left to them (and their messages)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from chainmap.load import spreadsheet
    from chainmap.load.tables import Table

    def members_of(values: Dict[str, Any], plain: bool):
        table = Table("o.xlsx:members", ["team", "name", "id", "role"], [(2, values)] if values else [])
        builder = spreadsheet._Builder(Path("o.xlsx"), {"members": table})
        builder.readers["members"] = spreadsheet.FieldReader(table.where)
        with monkeypatch.context() as patch:
            if not plain:
                patch.setattr(spreadsheet, "_plain_member", lambda values: None)
            found = builder._members([("paie", {}), ("rh-2", {})])
        return found, [str(p) for p in builder.readers["members"].problems]

    @settings(max_examples=600, deadline=None)
    @given(st.fixed_dictionaries({}, optional={key: st.sampled_from(MEMBER_CELLS) for key in ("team", "name", "id", "role")}))
    def check(values: Dict[str, Any]) -> None:
        values = {key: value for key, value in values.items() if value is not None}
        assert repr(members_of(values, plain=True)) == repr(members_of(values, plain=False))

    check()
