"""The fast YAML reader against PyYAML, its judge: the same tree, or it steps aside.

The property that matters: for any text, :func:`fast_parse` returns exactly the
:class:`Node` tree of :func:`parse_yaml` (values, types, lines, the text written), or
``UNSURE``, never a different tree; and whenever PyYAML refuses a text, the fast reader
is unsure, so the refusal and its message come from PyYAML's path as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainmap.load.fast_yaml import UNSURE, fast_parse, parse_declaration
from chainmap.load.yaml_nodes import YamlProblem, parse_yaml
from chainmap.names import nfc

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "chainmap" / "examples", ROOT / "tests" / "hostile" / "cases", ROOT / "tests" / "golden"]


def judged(text: str):
    """PyYAML's answer: a tree, or the problem it raises."""
    try:
        return parse_yaml(text)
    except YamlProblem as problem:
        return problem


def assert_same_or_unsure(text: str) -> None:
    """Both readers agree on ``text``, or the fast one is unsure. The text is first put in NFC, as
    the loader puts every file's text before either reader sees it (files.decode_text)."""
    text = nfc(text)
    fast = fast_parse(text)
    if fast is UNSURE:
        return
    slow = judged(text)
    assert not isinstance(slow, YamlProblem), f"PyYAML refuses this text ({slow.message}), the fast reader read it: {text!r}"
    assert fast == slow, text


# Pieces of lines: the shapes declarations use, and the traps around them.
KEYS = st.sampled_from(["id", "name", "members", "clients", "suppliers", "enps", "what", "a", "b_c", "end-x", "Key", "yes", "1"])
SCALARS = st.sampled_from([
    "a", "Ann Smith", "transport-07", "p0094577", "8", "-12", "+3", "7.5", "7,5", "0x1F", "010", "0o17", "1_000", "1:30",
    "2026-09-01", "2026-02-30", "2026-9-1", "2026-09-01 10:00:00", "yes", "No", "on", "OFF", "y", "~", "null", "Null",
    ".inf", "-.Inf", ".nan", "=", "<<", '"quoted"', '"with \\" escape"', '"é à"', "''", '""', "'it''s'", "'single'",
    "a # comment", "a#b", "a: b", "a:", ":a", "-a", "- a", "?a", "? a", "[a, b]", "[]", "[ a ,b ]", "[a,]", "[a, [b]]",
    "{}", "{a: 1}", "&anchor a", "*alias", "!tag a", "!!str 8", "|", ">", "%x", "@x", "`x", "trailing  ", "R&D", "C#",
    "http://x.org", "Océane Dubois", '"unclosed', "'unclosed", "a 'b' c", 'a "b" c', "-", "--- a", "...", "x ]",
])
INDENTS = st.sampled_from(["", "", "  ", "  ", "    ", " ", "   ", "      "])


@st.composite
def lines(draw) -> str:
    indent = draw(INDENTS)
    kind = draw(st.sampled_from(["key-value", "key", "item", "item-key", "item-key-value", "comment", "blank", "odd"]))
    key, value = draw(KEYS), draw(SCALARS)
    return {
        "key-value": f"{indent}{key}: {value}", "key": f"{indent}{key}:", "item": f"{indent}- {value}",
        "item-key": f"{indent}- {key}:", "item-key-value": f"{indent}- {key}: {value}",
        "comment": f"{indent}# {value}", "blank": indent, "odd": f"{indent}{value}",
    }[kind]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines(), min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_text_reads_as_pyyaml_reads_it_or_goes_to_pyyaml(body: List[str], newline: str, final: bool) -> None:
    assert_same_or_unsure(newline.join(body) + (newline if final else ""))


def declaration_texts() -> st.SearchStrategy:
    """Well-formed declarations in PyYAML's own block style, with every kind of value."""
    values = st.one_of(st.text(max_size=12), st.integers(-200, 200), st.floats(allow_nan=False), st.booleans(),
                       st.none(), st.dates())
    members = st.lists(st.one_of(st.text(min_size=1, max_size=10), st.fixed_dictionaries(
        {"name": st.text(max_size=10)}, optional={"id": st.text(max_size=6), "role": values})), max_size=4)
    team = st.fixed_dictionaries({"id": st.text(max_size=10)}, optional={
        "name": values, "enps": values, "reviewed": values, "members": members,
        "clients": st.lists(st.one_of(st.text(max_size=8), st.fixed_dictionaries({"id": values, "what": values})), max_size=3),
        "suppliers": st.lists(st.fixed_dictionaries({"id": st.text(max_size=8)}, optional={"satisfaction": values}), max_size=3)})
    return team.flatmap(lambda data: st.sampled_from([
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        yaml.safe_dump(data, allow_unicode=False, sort_keys=False, indent=4),
        yaml.safe_dump(data, allow_unicode=True, default_style='"'),
        yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declaration_texts())
def test_declarations_written_by_pyyaml_read_the_same(text: str) -> None:
    assert_same_or_unsure(text)


def test_a_plain_team_file_is_read_by_the_fast_reader() -> None:
    """The reader must actually cover the usual file, or it would be a slow no-op."""
    text = ('id: transport\nname: "Transport Dijon"\ndepartment: Logistique  # since May\nenps: -12\n'
            'reviewed: 2025-03-04\nmembers:\n  - name: "Océane Dubois"\n    id: p1\n    role: responsable\n'
            '  - Rose Martin\nclients: [achats, paie]\nsuppliers:\n- id: x\n  satisfaction: 7.5\n  what: \'l\'\'eau\'\n')
    fast = fast_parse(text)
    assert fast is not UNSURE
    assert fast == parse_yaml(text)
    assert fast.value["reviewed"].value.isoformat() == "2025-03-04"
    assert fast.value["suppliers"].value[0].value["what"].value == "l'eau"


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!python/name:os.system x\n", "a: 1\na: 2\n", "a: [1, [2]]\n", "a: |\n  x\n",
    "a: x\n  y\n", "a:\tx\n", "--- \na: 1\n", "a: 1\n---\nb: 2\n", "a: \"x\\ty\"\n", "a: x\u2028y\n", "<<: {}\n",
    "- a\n b: 1\n", "a:\n  - x\n - y\n", "a: b: c\n", "a: x # c\n  - y\n", "", "# only a comment\n", "a: =\n",
])
def test_what_it_does_not_know_goes_to_pyyaml(text: str) -> None:
    assert fast_parse(text) is UNSURE


@pytest.mark.parametrize("path", sorted(p for corpus in CORPORA for p in corpus.rglob("*.y*ml")), ids=str)
def test_every_file_of_the_corpora(path: Path) -> None:
    """The hostile corpus, the examples and the golden organisations: the same trees."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # refused before parsing, whichever reader
    assert_same_or_unsure(text)


def test_parse_declaration_keeps_pyyaml_messages(monkeypatch) -> None:
    text = "id: a\nid: b\n"
    with pytest.raises(YamlProblem) as through_fast:
        parse_declaration(text)
    monkeypatch.setenv("CHAINMAP_FAST_READERS", "0")
    with pytest.raises(YamlProblem) as through_pyyaml:
        parse_declaration(text)
    assert (through_fast.value.line, through_fast.value.message) == (through_pyyaml.value.line, through_pyyaml.value.message)


def test_a_text_written_outside_nfc_reads_the_same_once_the_loader_put_it_in_nfc() -> None:
    """Found by the property test: `豈` (a compatibility ideograph, U+F900) is another character
    in NFC. PyYAML's path puts each text in NFC, the fast reader relies on the loader having
    put the whole file in NFC first; on the file as the loader hands it over, they agree."""
    assert_same_or_unsure("id: \uf900\nname: Qualite\u0301\n")
