"""Fuzzing the loader: mutated declaration bytes give a LoadError or an organisation, nothing else.

Hypothesis mutates valid YAML (and CSV) declarations byte by byte and with YAML's own
trouble-makers (anchors, tags, brackets, tabs, NUL, broken UTF-8…), then loads the result.
A successful load is also analysed and drawn as DOT, text and JSON, so that an odd but
valid input cannot crash a later stage. The budget is small in CI; run longer locally with

    CHAINMAP_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider

Whatever it finds becomes a case of tests/hostile/.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.errors import LoadError
from chainmap.formats import chains_json, chains_text, findings_csv, findings_json, weak_text
from chainmap.save import write_org

EXAMPLES = int(os.environ.get("CHAINMAP_FUZZ_EXAMPLES", "200"))
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_YAML = """org: Hôpital Saint-Luc
end_clients:
  - id: patients
    name: Patients
    nps: 31
settings:
  min_satisfaction: 7
  max_chain_length: 5
teams:
  - id: pharmacie
    name: Pharmacie centrale
    department: Soins
    members:
      - Alice Martin
      - name: Bruno Leroy
        id: bleroy
        role: pharmacien
    enps: 12
    reviewed: 2026-09-01
    clients:
      - urgences
      - id: patients
        what: Médicaments
    suppliers:
      - id: achats
        what: Commandes
        satisfaction: 4
  - id: urgences
    members: [Chloé Petit, Alice Martin]
    clients: [patients]
    suppliers: [pharmacie]
  - id: achats
    clients: [{id: pharmacie, what: "Commandes \\"urgentes\\""}]
"""
SEED_CSV = "id,name,department,enps,reviewed\npharmacie,Pharmacie,Soins,12,2026-09-01\nachats,Achats,Logistique,,\n"
CSV_TABLES = {"settings.csv": "key,value\norg,Test\n", "end_clients.csv": "id,name\npatients,Patients\n",
              "members.csv": "team,name\npharmacie,Ann\n", "links.csv": "supplier,client,satisfaction\npharmacie,patients,\nachats,pharmacie,4\n"}
TOKENS = [b"&a ", b"*a", b"[", b"]", b"{", b"}", b"!!python/object ", b"!!set ", b"! ", b": ", b"- ", b"\t", b"\x00", b"\xc3",
          b"\xff\xfe", b"\xef\xbb\xbf", b"---\n", b"...\n", b"? ", b"<<: ", b"%YAML 1.1\n", b'"\\e[2J"', b'"\\u00', b"'", b'"',
          b"\n  ", b"\n", b"#", b"|\n", b">-\n", b"~", b"null", b"1e400", b".nan", b"2026-02-30", b"\xe2\x80\xa8", b"\xc2\x9b", b",", b";"]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` after a few random edits: insertions, deletions, replacements, line shuffles."""
    data = bytearray(seed)
    for _unused in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["token", "bytes", "delete", "duplicate-line", "truncate"]))
        if action == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif action == "bytes":
            data[position:position] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 12))]
        elif action == "duplicate-line":
            lines: List[bytes] = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
            data = bytearray(b"\n".join(lines))
        else:
            del data[position:]
    return bytes(data)


def load_and_use(path: Path) -> None:
    """Load; on success analyse and produce every text output. Only LoadError may escape."""
    try:
        org = chainmap.load(path)
    except LoadError as error:
        assert error.problems, "a LoadError must say what is wrong"
        for problem in error.problems:
            assert problem.message and problem.path
        return
    analysis = chainmap.analyse(org)
    for output in (weak_text, findings_json, findings_csv, chainmap.to_dot):
        output(analysis)
    chains_json(analysis, org.teams, org.workers)
    chains_text(analysis, org.teams, org.workers)


@FUZZ_SETTINGS
@given(mutated(SEED_YAML.encode("utf-8")))
def test_mutated_yaml_loads_or_gives_a_load_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "org.yaml"
        path.write_bytes(data)
        load_and_use(path)


@FUZZ_SETTINGS
@given(mutated(SEED_CSV.encode("utf-8")))
def test_mutated_csv_loads_or_gives_a_load_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in CSV_TABLES.items():
            (root / name).write_text(text, encoding="utf-8")
        (root / "teams.csv").write_bytes(data)
        load_and_use(root)


def _workbook_parts() -> dict:
    """The parts of a valid workbook, written once by `convert` from the CSV seed."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in {**CSV_TABLES, "teams.csv": SEED_CSV}.items():
            (root / name).write_text(text, encoding="utf-8")
        write_org(chainmap.load(root), root / "seed.xlsx", "xlsx")
        with zipfile.ZipFile(root / "seed.xlsx") as archive:
            return {name: archive.read(name) for name in archive.namelist()}


WORKBOOK_PARTS = _workbook_parts()


@settings(FUZZ_SETTINGS, max_examples=max(EXAMPLES // 4, 10))
@given(st.sampled_from(sorted(WORKBOOK_PARTS)), st.data())
def test_a_workbook_with_a_mutated_part_loads_or_gives_a_load_error(part: str, data) -> None:
    """Each part is re-zipped after mutation, so the zip's own checks (CRC) do not catch it first."""
    mutated_part = data.draw(mutated(WORKBOOK_PARTS[part]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "org.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in WORKBOOK_PARTS.items():
                archive.writestr(name, mutated_part if name == part else content)
        load_and_use(path)
