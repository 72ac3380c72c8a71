"""The one-pass team reader against today's path: the same team, or it steps aside.

The property: for any text, :func:`read_team_text` returns ``UNSURE``, or the very team
that :func:`parse_yaml` then :func:`read_team` give, and then only when they find no
problem. A file with any problem is never read by the fast reader, so its messages are
today's, byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.errors import LoadError
from chainmap.load.declarations import read_team
from chainmap.load.fast_yaml import UNSURE
from chainmap.load.fields import FieldReader
from chainmap.load.team_reader import _line_by_line, _with_usual_members, read_team_text
from chainmap.load.yaml_nodes import YamlProblem, parse_yaml
from chainmap.names import nfc

ROOT = Path(__file__).resolve().parent.parent
PATH = "teams/t.yaml"


def todays_reading(text: str):
    """(team, problems) as today's path reads the text."""
    reader = FieldReader(PATH)
    try:
        node = parse_yaml(text)
    except YamlProblem as problem:
        return None, [problem.message]
    return read_team(node, reader), reader.problems


def assert_same_or_unsure(text: str) -> None:
    """Both readers agree on ``text``, or the fast one is unsure. The text is first put in NFC, as
    the loader puts every file's text before either reader sees it (files.decode_text)."""
    text = nfc(text)
    fast = read_team_text(text, PATH)
    if fast is UNSURE:
        return
    team, problems = todays_reading(text)
    assert not problems, f"today's path finds {problems}, the fast reader read a team: {text!r}"
    assert fast == team, text


# Values that pass, mostly, and the traps around them (drawn once in ten).
GOOD = {
    "id": ["paie", "rh", "achats-lyon-01", "x.y_z", "t2"],
    "text": ["Paie", "  Marie Curie ", "Océane", "R&D", "l'eau", "Jean-Marc Dupont"],
    "enps": ["8", "-12", "-100", "0", "100"],
    "satisfaction": ["8", "7.5", "0", "10", "6.25"],
    "reviewed": ["2025-03-04", "2026-12-31"],
}
BAD = {
    "id": ["Paie", "paie ", "é", "2024", "", "a" * 201, "yes", "~"],
    "text": ["yes", "8", "", "~", "a" * 501, "x\u00a0y", "2026-01-01", "null"],
    "enps": ["101", "7.5", "yes", "huit", "0x10", "010", "1_0", "2026-09-01", "~", "8.0"],
    "satisfaction": ["10.5", "-1", ".nan", ".inf", "yes", "8,5", "0x08", "~", "1e1"],
    "reviewed": ["2026-02-30", "2025-3-4", "2025-03-04 10:00:00", "04/03/2025", "8", "~"],
}
KIND = {"id": "id", "name": "text", "department": "text", "role": "text", "what": "text",
        "enps": "enps", "satisfaction": "satisfaction", "reviewed": "reviewed"}
TEAM_ITEM_KEYS = {"members": ["name", "id", "role"], "clients": ["id", "what"], "suppliers": ["id", "what", "satisfaction"]}


@st.composite
def value(draw, key: str) -> str:
    """A value of ``key`` (plain, in double or single quotes, perhaps with a comment)."""
    kind = KIND.get(key, "text")
    written = draw(st.sampled_from(GOOD[kind] if draw(st.integers(0, 9)) else BAD[kind]))
    if kind == "text" and written.strip() == "l'eau" or "\u00a0" in written:
        quoted = written
    else:
        quoted = draw(st.sampled_from([written, written, f'"{written}"', "'" + written.replace("'", "''") + "'"]))
    if not quoted.strip() and draw(st.booleans()):
        return ""  # `key:` with nothing after it
    return quoted + draw(st.sampled_from(["", "", "", "  # note"]))


def keys_of(required: List[str], optional: List[str]) -> st.SearchStrategy[List[str]]:
    """The keys of a block in any order, now and then an unknown or a repeated one."""
    chosen = st.lists(st.sampled_from(optional), unique=True).map(lambda extra: required + extra)
    return st.tuples(chosen, st.integers(0, 14)).flatmap(lambda pair: st.permutations(
        pair[0] + (["colour"] if pair[1] == 0 else [pair[0][0]] if pair[1] == 1 else [])))


@st.composite
def entry(draw, list_key: str, indent: str) -> List[str]:
    """One entry of a list: a scalar, or a block of keys."""
    if draw(st.booleans()):
        return [f"{indent}- {draw(value('name' if list_key == 'members' else 'id'))}"]
    required = ["name"] if list_key == "members" else ["id"]
    optional = [k for k in TEAM_ITEM_KEYS[list_key] if k not in required] + (["satisfaction"] if draw(st.integers(0, 19)) == 0 else [])
    lines = []
    for index, key in enumerate(draw(keys_of(required, list(dict.fromkeys(optional))))):
        lead = f"{indent}- " if index == 0 else indent + draw(st.sampled_from(["  ", "  ", "  ", " ", "   "]))
        lines.append(f"{lead}{key}: {draw(value(key))}".rstrip(" "))
    return lines


@st.composite
def team_files(draw) -> str:
    lines: List[str] = []
    optional = ["name", "department", "enps", "reviewed", "members", "clients", "suppliers"]
    for key in draw(keys_of(["id"], optional + (["org"] if draw(st.integers(0, 19)) == 0 else []))):
        if draw(st.integers(0, 7)) == 0:
            lines.append(draw(st.sampled_from(["", "# a comment", "  # indented comment"])))
        if key not in TEAM_ITEM_KEYS:
            lines.append(f"{key}: {draw(value(key))}".rstrip(" "))
            continue
        style = draw(st.sampled_from(["block", "block", "indentless", "flow", "empty"]))
        if style == "flow":
            pool = GOOD["text"][:3] if key == "members" else GOOD["id"]
            lines.append(f"{key}: [{', '.join(draw(st.lists(st.sampled_from(pool), max_size=3)))}]")
            continue
        lines.append(f"{key}:")
        for _index in range(0 if style == "empty" else draw(st.integers(0, 4))):
            lines += draw(entry(key, "" if style == "indentless" else "  "))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team_files())
def test_any_team_file_reads_as_today_or_goes_to_todays_path(text: str) -> None:
    assert_same_or_unsure(text)


def test_a_usual_team_file_is_read_by_the_fast_reader() -> None:
    text = ('id: transport\nname: "Transport Dijon"\ndepartment: Logistique\nenps: -12\nreviewed: 2025-03-04\n'
            'members:\n  - name: "Océane Dubois"\n    id: p1\n    role: responsable\n  - Rose Martin\n'
            'clients: [achats, paie]\nsuppliers:\n- id: x\n  satisfaction: 7.5\n  what: \'l\'\'eau\'\n')
    fast = read_team_text(text, PATH)
    assert fast is not UNSURE
    assert (fast, []) == todays_reading(text)


@pytest.mark.parametrize("text", [
    "id: a\nid: b\n", "id: a\nclients: [a]\n", "id: a\nclients:\n  - b\n  - b\n", "id: a\nenps: 101\n",
    "id: a\nmembers:\n  - Ann\n  - Ann\n", "id: a\nclients:\n  - id: b\n    satisfaction: 8\n", "id: A\n",
    "id: a\nreviewed: 2026-02-30\n", "id: a\nsuppliers:\n  - id: b\n    satisfaction: .nan\n", "org: x\n",
])
def test_a_file_with_a_problem_goes_to_todays_path(text: str) -> None:
    assert todays_reading(text)[1], "the case must hold a problem"
    assert read_team_text(text, PATH) is UNSURE


# Members as the generator writes them, and the traps around that shape: a value the line
# loop takes otherwise (spaces around a name, a typed or quoted id, a long or unprintable
# value), an id twice, a key out of place, a different indent, what follows the block.
USUAL_NAMES = ["Alice Petit", "Océane", "R&D l'eau", "Jean-Marc Dupont"]
TRAP_NAMES = [" Alice", "Alice ", "", "x\u00a0y", "x\u200by", "a" * 501, "#", "a: b", "é"]
USUAL_WORDS = ["p0953987", "responsable", "agent_2", "p.1-b", "X9"]
TRAP_WORDS = ["yes", "~", "2024", "null", "'p1'", '"p1"', "p1 ", "p1  # note", "a" * 501, "p:1", "-p", "p#1", "x\u200by"]


@st.composite
def usual_member_files(draw) -> str:
    indent = draw(st.sampled_from(["  ", "  ", "  ", "", "    "]))
    lines = ["id: paie", 'name: "Paie"']
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["# a comment", "", "members: []"])))
    lines.append("members:")
    for _index in range(draw(st.integers(1, 5))):
        trap = draw(st.integers(0, 6)) == 0
        name = draw(st.sampled_from(TRAP_NAMES if trap and draw(st.booleans()) else USUAL_NAMES))
        lines.append(f'{indent}- name: "{name}"')
        for key in draw(st.sampled_from([["id"], ["id", "role"], [], ["role"], ["role", "id"] if trap else ["id"]])):
            word = draw(st.sampled_from(TRAP_WORDS if trap else USUAL_WORDS))
            lead = indent + draw(st.sampled_from(["   ", " "])) if trap and draw(st.booleans()) else indent + "  "
            lines.append(f"{lead}{key}: {word}")
        if trap and draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from([f"{indent}  colour: red", "# note", f"{indent}# note", "", "  - Ann"])))
    lines += draw(st.sampled_from([[], ["clients:", "  - rh"], ["clients: [rh]", "enps: 12"], ["suppliers:", "- id: achats", "  satisfaction: 7"]]))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(usual_member_files())
def test_members_read_as_a_block_are_the_ones_the_line_loop_reads(text: str) -> None:
    """The block reader gives up, or reads the very team of the line loop (lines numbered alike)."""
    text = nfc(text)
    block = _with_usual_members(text, PATH)
    if block is not None:
        assert block == _line_by_line(text, PATH), text
    assert_same_or_unsure(text)


def test_the_generators_members_are_read_as_a_block() -> None:
    text = ('id: paie\nname: "Paie"\nmembers:\n  - name: "Alice Petit"\n    id: p1\n    role: responsable\n'
            '  - name: "Hugo Durand"\n    id: p2\n  - name: "Rose"\nclients:\n  - rh\n')
    team = _with_usual_members(text, PATH)
    assert team is not None and team == _line_by_line(text, PATH)
    assert [(m.id, m.name, m.role) for m in team.members] == [("p1", "Alice Petit", "responsable"),
                                                              ("p2", "Hugo Durand", None), ("Rose", "Rose", None)]
    assert team.clients[0].source.line == 11  # the lines after the block keep their numbers


@pytest.mark.parametrize("members", [
    '  - name: "Ann"\n    id: yes\n',  # a typed word: the line loop decides
    '  - name: " Ann"\n',  # a space to strip
    '  - name: "Ann"\n    id: p1\n  - name: "Bob"\n    id: p1\n',  # one id twice
    '  - name: "Ann"\n    colour: red\n',  # a key members do not have
    '  - name: "Ann"\n   id: p1\n',  # an id out of line
    '  - name: "Ann"\n# a comment\n',  # what follows is not a key of the team
])
def test_members_out_of_the_usual_shape_are_left_to_the_line_loop(members: str) -> None:
    text = f"id: paie\nmembers:\n{members}clients: [rh]\n"
    assert _with_usual_members(text, PATH) is None
    assert_same_or_unsure(text)


def load_problems(path: Path) -> List[str]:
    try:
        chainmap.load(path)
    except LoadError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize("group", sorted(p for p in (ROOT / "tests" / "hostile" / "cases").iterdir()), ids=lambda p: p.name)
def test_the_hostile_corpus_gives_the_same_messages_both_ways(group: Path, monkeypatch) -> None:
    """Every case of the hostile corpus, loaded with and without the fast readers."""
    for sub in sorted(group.iterdir()):
        fast = load_problems(sub)
        monkeypatch.setenv("CHAINMAP_FAST_READERS", "0")
        slow = load_problems(sub)
        monkeypatch.delenv("CHAINMAP_FAST_READERS")
        assert fast == slow, sub


def test_a_generated_organisation_loads_equal_both_ways(tmp_path: Path, monkeypatch) -> None:
    """The generator's files are what the fast reader is for: every team read by it, the same Org."""
    from chainmap.examples.generate import generate, write_organisation

    root = tmp_path / "org"
    write_organisation(generate(teams=300, workers=3000, seed=3), root)
    fast = chainmap.load(root, processes=1)
    monkeypatch.setenv("CHAINMAP_FAST_READERS", "0")
    assert chainmap.load(root, processes=1) == fast
