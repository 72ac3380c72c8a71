"""Hostile cases that cannot live in git, built at test time, one builder per case.

Devices, named pipes, sockets and links to them; numbers of thousands of digits; workbooks
whose declared or inflated size is a bomb; graphs whose shape is one; survey answers given
twice or holding free text; outputs that are not files. Each builder makes its case in a
fresh folder and says how to run it and what must come out (see :class:`Case`);
tests/test_hostile_bounds.py runs every one in its own process, under a time and a memory
bound.
"""

from __future__ import annotations

import os
import socket
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

ORG_YAML = "org: Bombe\nend_clients:\n  - id: patients\n"
TEAM = "id: {id}\nname: {name}\nmembers: [{member}]\nclients: [{client}]\n"


@dataclass
class Case:
    """How to run one case and what must come out.

    ``args``: chainmap's arguments. ``exit``: the exit codes allowed (2: refused). ``names``:
    a text stderr must hold when refused (the file at fault). ``secrets``: texts that must
    appear in no output (the terminal, and every file under ``outputs``). ``after``: a last
    check of the case's folder (a device still a device…).
    """

    args: List[str]
    exit: Tuple[int, ...] = (2,)
    names: Optional[str] = None
    secrets: Tuple[str, ...] = ()
    outputs: Optional[Path] = None
    after: Optional[Callable[[], None]] = None
    env: Dict[str, str] = field(default_factory=dict)


def organisation(root: Path, teams: int = 2) -> Path:
    """A small valid organisation folder: t0 → t1 → … → patients."""
    (root / "teams").mkdir(parents=True)
    (root / "org.yaml").write_text(ORG_YAML, encoding="utf-8")
    for number in range(teams):
        client = f"t{number + 1}" if number + 1 < teams else "patients"
        (root / "teams" / f"t{number}.yaml").write_text(
            TEAM.format(id=f"t{number}", name=f"Équipe {number}", member=f"Personne {number}", client=client), encoding="utf-8")
    return root


def single_file(path: Path, teams: List[Tuple[str, List[str]]], settings: str = "") -> Path:
    lines = [ORG_YAML.rstrip("\n"), settings.rstrip("\n"), "teams:"] if settings else [ORG_YAML.rstrip("\n"), "teams:"]
    for team_id, clients in teams:
        lines += [f"  - id: {team_id}", f"    members: [W{team_id}]", f"    clients: [{', '.join(clients)}]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Files that are not files --------------------------------------------------------------------

def _linked(root: Path, name: str, target: str) -> Path:
    link = root / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    return link


def files_org_yaml_dev_zero(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    _linked(org, "org.yaml", "/dev/zero")
    return Case(["check", str(org)], names="org.yaml")


def files_team_file_dev_zero(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    _linked(org, "teams/t1.yaml", "/dev/zero")
    return Case(["weak", str(org)], names="t1.yaml")


def files_team_file_fifo(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    (org / "teams" / "t1.yaml").unlink()
    os.mkfifo(org / "teams" / "t1.yaml")
    return Case(["check", str(org)], names="t1.yaml")


def files_team_file_socket(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    (org / "teams" / "t1.yaml").unlink()
    where = org / "teams" / "t1.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
    except OSError:  # a path too long for a socket: a shorter folder
        server.close()
        raise
    server.close()  # the socket file stays
    return Case(["check", str(org)], names="t1.yaml")


def files_org_yaml_proc_mem(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    _linked(org, "org.yaml", "/proc/self/mem")
    return Case(["check", str(org)], names="org.yaml")


def files_org_yaml_dangling(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    _linked(org, "org.yaml", str(tmp / "nowhere.yaml"))
    return Case(["check", str(org)], names="org.yaml")


def files_single_file_urandom(tmp: Path) -> Case:
    return Case(["chains", str(_linked(tmp, "org.yaml", "/dev/urandom"))], names="org.yaml")


def files_csv_table_dev_zero(tmp: Path) -> Case:
    folder = tmp / "csv"
    folder.mkdir()
    (folder / "settings.csv").write_text("key,value\norg,x\n", encoding="utf-8")
    (folder / "end_clients.csv").write_text("id\npatients\n", encoding="utf-8")
    _linked(folder, "teams.csv", "/dev/zero")
    return Case(["check", str(folder)], names="teams.csv")


def files_workbook_dev_zero(tmp: Path) -> Case:
    return Case(["check", str(_linked(tmp, "org.xlsx", "/dev/zero"))], names="org.xlsx")


def files_survey_answers_dev_zero(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    answers = _linked(tmp, "answers.csv", "/dev/zero")
    return Case(["survey", str(org), str(answers), "-o", str(tmp / "s.yaml")], names="answers.csv")


def files_overlay_fifo(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    os.mkfifo(tmp / "survey.yaml")
    return Case(["weak", str(org), "--survey", str(tmp / "survey.yaml")], names="survey.yaml")


def files_baseline_dev_zero(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    return Case(["weak", str(org), "--baseline", str(_linked(tmp, "before.json", "/dev/zero"))], names="before.json")


# Numbers too large to print --------------------------------------------------------------------

def _team_with(tmp: Path, line: str, settings: str = "") -> Path:
    org = organisation(tmp / "org")
    with open(org / "teams" / "t0.yaml", "a", encoding="utf-8") as team:
        team.write(line + "\n")
    if settings:
        (org / "org.yaml").write_text(ORG_YAML + settings + "\n", encoding="utf-8")
    return org


def numbers_enps_hex_5000_digits(tmp: Path) -> Case:
    return Case(["export", str(_team_with(tmp, "enps: 0x" + "f" * 5000)), "--to", "json", "-o", str(tmp / "g.json")],
                names="t0.yaml:5")


def numbers_enps_binary_5000_digits(tmp: Path) -> Case:
    return Case(["check", str(_team_with(tmp, "enps: 0b" + "1" * 5000))], names="t0.yaml:5")


def numbers_enps_decimal_5000_digits(tmp: Path) -> Case:
    return Case(["weak", str(_team_with(tmp, "enps: " + "9" * 5000))], names="t0.yaml:5")


def numbers_setting_sexagesimal(tmp: Path) -> Case:
    org = _team_with(tmp, "", "settings:\n  max_chain_length: " + ":".join(["59"] * 2000))
    return Case(["convert", str(org), str(tmp / "copy.yaml")], names="org.yaml")


def numbers_setting_beyond_its_ceiling(tmp: Path) -> Case:
    org = _team_with(tmp, "", "settings:\n  max_chain_length: " + "1" + "0" * 30)
    return Case(["export", str(org), "--to", "json", "-o", str(tmp / "g.json")], names="org.yaml")


def numbers_satisfaction_float_overflow(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    with open(org / "teams" / "t1.yaml", "a", encoding="utf-8") as team:
        team.write("suppliers:\n  - id: t0\n    satisfaction: 1e999999\n")
    return Case(["weak", str(org)], names="t1.yaml")


def numbers_enps_octal_is_read_as_ten(tmp: Path) -> Case:
    org = _team_with(tmp, "enps: 010")
    out = tmp / "g.json"

    def read_as_ten() -> None:
        import json
        nodes = {node["id"]: node for node in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
        assert nodes["t0"]["enps"] == 10, nodes["t0"]["enps"]
    return Case(["export", str(org), "--to", "json", "-o", str(out)], exit=(0,), after=read_as_ten)


def numbers_a_date_that_is_none_stays_text(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    (org / "teams" / "t0.yaml").write_text("id: t0\nname: 2026-02-30\nmembers: [2026-02-31]\nclients: [t1]\n", encoding="utf-8")
    out = tmp / "copy.yaml"

    def still_text() -> None:
        assert "2026-02-30" in out.read_text(encoding="utf-8")
    return Case(["convert", str(org), str(out)], exit=(0,), after=still_text)


# Workbooks whose size is a bomb ----------------------------------------------------------------

def _workbook(path: Path, sheet_xml: Optional[bytes] = None, shared: Optional[bytes] = None,
              merged: Optional[bytes] = None) -> Path:
    """A valid organisation workbook, its Teams sheet's XML replaced or swollen as asked."""
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {"Settings": [["key", "value"], ["org", "Bombe"]], "End_clients": [["id"], ["patients"]],
              "Teams": [["id", "name"], ["t0", "Accueil"]], "Members": [["team", "name"], ["t0", "Ana"]],
              "Links": [["supplier", "client"], ["t0", "patients"]]}
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    plain = path.with_suffix(".plain.xlsx")
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":  # Teams
                if sheet_xml is not None:
                    data = sheet_xml
                if merged is not None:
                    data = data.replace(b"</worksheet>", b"<mergeCells count=\"1\"><mergeCell ref=\"" + merged + b"\"/></mergeCells></worksheet>")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        if shared is not None:
            target.writestr("xl/sharedStrings2.xml", shared, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    plain.unlink()
    return path


_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _sheet(rows: bytes, dimension: bytes = b"A1:B2") -> bytes:
    return _SHEET_HEAD + b'<dimension ref="' + dimension + b'"/><sheetData>' + rows + b"</sheetData></worksheet>"


_ROWS = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
         b'<row r="2"><c r="A2" t="inlineStr"><is><t>t0</t></is></c><c r="B2" t="inlineStr"><is><t>Accueil</t></is></c></row>')


def workbooks_dimension_that_lies(tmp: Path) -> Case:
    book = _workbook(tmp / "org.xlsx", _sheet(_ROWS, b"A1:XFD1048576"))
    return Case(["check", str(book)], exit=(0, 1, 2))


def workbooks_merged_range_beyond_xfd(tmp: Path) -> Case:
    return Case(["check", str(_workbook(tmp / "org.xlsx", merged=b"A1:ZZZZ5"))], names="org.xlsx:Teams")


def workbooks_row_200_million(tmp: Path) -> Case:
    far = b'<row r="200000000"><c r="A200000000" t="inlineStr"><is><t>t9</t></is></c></row>'
    return Case(["check", str(_workbook(tmp / "org.xlsx", _sheet(_ROWS + far)))], names="org.xlsx:Teams")


def workbooks_unreferenced_shared_strings(tmp: Path) -> Case:
    strings = b"<si><t>x</t></si>" * 3_000_000
    shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>"
    return Case(["check", str(_workbook(tmp / "org.xlsx", shared=shared))], exit=(0, 1, 2))


def workbooks_sheet_inflating_from_blanks(tmp: Path) -> Case:
    blanks = b" " * (64 * 1024 * 1024)  # 64 KB packed: the ratio gives it away (2 GB would too, later)
    return Case(["check", str(_workbook(tmp / "org.xlsx", _sheet(_ROWS + blanks)))], names="org.xlsx:Teams")


def workbooks_part_whose_size_lies(tmp: Path) -> Case:
    """A sheet of 64 MB of blanks whose zip headers claim 5,000 bytes: never inflated in full."""
    import struct
    book = _workbook(tmp / "lie.xlsx", _sheet(_ROWS + b" " * (64 * 1024 * 1024)))
    with zipfile.ZipFile(book) as archive:
        real = archive.getinfo("xl/worksheets/sheet3.xml").file_size
    book.write_bytes(book.read_bytes().replace(struct.pack("<I", real), struct.pack("<I", 5000)))
    return Case(["check", str(book)], names="lie.xlsx")


def workbooks_merged_ranges_covering_the_sheet(tmp: Path) -> Case:
    return Case(["check", str(_workbook(tmp / "org.xlsx", merged=b"A1:XFD1048576"))], names="org.xlsx:Teams")


def workbooks_survey_answers_row_200_million(tmp: Path) -> Case:
    from openpyxl import Workbook
    org = organisation(tmp / "org")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Your team", "Supplier team", "Score"])
    sheet.append(["t1", "t0", 8])
    plain, book = tmp / "plain.xlsx", tmp / "answers.xlsx"
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
                    b"</sheetData>", b'<row r="200000000"><c r="A200000000" t="inlineStr"><is><t>t1</t></is></c></row></sheetData>')
            target.writestr(info, data)
    return Case(["survey", str(org), str(book), "-o", str(tmp / "s.yaml")], names="answers.xlsx:Sheet")


# Graphs whose shape is a bomb ---------------------------------------------------------------------

def _chain(n: int) -> List[Tuple[str, List[str]]]:
    return [(f"t{i:05d}", [f"t{i + 1:05d}" if i + 1 < n else "patients"]) for i in range(n)]


def graphs_chain_of_10000_weak(tmp: Path) -> Case:
    return Case(["weak", str(single_file(tmp / "chain.yaml", _chain(10_000)))], exit=(0, 1))


def graphs_chain_of_4000_export_json(tmp: Path) -> Case:
    """A short version: 10,000 teams are measured in benchmarks/graph_bombs.py."""
    org = single_file(tmp / "chain.yaml", _chain(4_000))
    return Case(["export", str(org), "--to", "json", "-o", str(tmp / "g.json")], exit=(0,))


def graphs_chain_of_4000_report(tmp: Path) -> Case:
    """A short version: 10,000 teams are measured in benchmarks/graph_bombs.py."""
    org = single_file(tmp / "chain.yaml", _chain(4_000))
    return Case(["report", str(org), "-o", str(tmp / "r.html")], exit=(0,))


def graphs_shortcuts_beside_a_chain(tmp: Path) -> Case:
    spine = _chain(5_000)
    teams = spine + [(f"x{i:05d}", [spine[i][0], "patients"]) for i in range(5_000)]
    return Case(["check", str(single_file(tmp / "shortcut.yaml", teams))], exit=(0, 1))


def graphs_complete_graph_of_120_weak(tmp: Path) -> Case:
    ids = [f"c{i:03d}" for i in range(120)]
    teams = [(team, [other for other in ids if other != team] + (["patients"] if team == ids[0] else [])) for team in ids]
    return Case(["weak", str(single_file(tmp / "dense.yaml", teams))], exit=(0, 1))


# Survey privacy ------------------------------------------------------------------------------------

SECRET = "Zorglub-ne-repond-jamais"


def _answers(path: Path, rows: List[str]) -> Path:
    path.write_text("\n".join(["Horodateur,Your team,Supplier team,Score (0-10),Comment", *rows]) + "\n", encoding="utf-8")
    return path


def survey_same_export_twice(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    first = _answers(tmp / "reponses.csv", ["2026-10-02 08:00,t1,t0,2,", "2026-10-03 08:00,t1,t0,9,", "2026-10-04 08:00,t1,t0,10,"])
    again = tmp / "reponses (1).csv"
    again.write_bytes(first.read_bytes())
    return Case(["survey", str(org), str(first), str(again), "-o", str(tmp / "s.yaml"), "--min-responses", "5"],
                names="reponses (1).csv")


def survey_free_text_and_one_dated_answer(tmp: Path) -> Case:
    org = organisation(tmp / "org")
    out = tmp / "out"
    out.mkdir()
    answers = _answers(tmp / "reponses.csv", [f"2026-10-02 08:00,t1,t0,2,{SECRET}", ",t1,t0,9,", ",t1,t0,10,",
                                              f'2026-10-05 08:00,"je ne supporte plus {SECRET}, vraiment pas",t0,1,'])
    return Case(["survey", str(org), str(answers), "-o", str(out / "s.yaml")], exit=(0,),
                secrets=(SECRET, "2026-10-0"), outputs=out)


# Writes that are not all-or-nothing ----------------------------------------------------------------

def writes_dev_null_with_force(tmp: Path) -> Case:
    import stat

    def still_a_device() -> None:
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is no longer a device"
    return Case(["export", str(organisation(tmp / "org")), "--to", "json", "-o", "/dev/null", "--force"],
                names="/dev/null", after=still_a_device)


def writes_output_through_a_link(tmp: Path) -> Case:
    target = tmp / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = _linked(tmp, "graph.json", str(target))

    def target_kept() -> None:
        assert target.read_text(encoding="utf-8") == "keep me\n" and link.is_symlink()
    return Case(["export", str(organisation(tmp / "org")), "--to", "json", "-o", str(link), "--force"],
                names="graph.json", after=target_kept)


def writes_output_is_a_fifo(tmp: Path) -> Case:
    os.mkfifo(tmp / "map.dot")
    return Case(["render", str(organisation(tmp / "org")), "-o", str(tmp / "map.dot")], names="map.dot")


def writes_title_of_100000_characters(tmp: Path) -> Case:
    return Case(["poster", str(organisation(tmp / "org")), "-o", str(tmp / "p.pdf"), "--title", "x" * 100_000],
                names="an argument of 100,000 characters")


def writes_escape_sequence_in_an_option(tmp: Path) -> Case:
    return Case(["chains", str(organisation(tmp / "org")), "--worker", "\x1b]0;pwned\x07\x1b[2J"], exit=(2,))


BUILDERS: Dict[str, Callable[[Path], Case]] = {
    name: builder for name, builder in sorted(globals().items())
    if name.split("_", 1)[0] in ("files", "numbers", "workbooks", "graphs", "survey", "writes") and callable(builder)
}
