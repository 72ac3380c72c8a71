"""Gettext catalogues: compile ``.po`` into ``.mo``, and list the messages of chainmap.

Python's :mod:`gettext` reads only compiled ``.mo`` files. They are built from the
``.po`` sources when the package is built (``setup.py``'s ``build_py``) and, in a source
checkout or an editable install, on first use when the ``.po`` is newer. The same module
extracts every message of the code and of the command-line help, which the catalogue
test compares with the French catalogue so that no message stays untranslated.
"""

from __future__ import annotations

import array
import ast
import re
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

__all__ = ["parse_po", "compile_po", "compile_catalogues", "code_messages"]

Key = Tuple[str, Optional[str]]  # (msgid, msgid_plural)


def parse_po(text: str) -> Dict[Key, List[str]]:
    """The translated entries of a ``.po`` text: (msgid, plural) → msgstr forms.

    Fuzzy and untranslated entries are left out, as msgfmt does.

    >>> parse_po('msgid "a"\\nmsgstr "b"\\n\\n#, fuzzy\\nmsgid "c"\\nmsgstr "d"\\n')
    {('a', None): ['b']}
    """
    entries: Dict[Key, List[str]] = {}
    for block in _blocks(text):
        fields, fuzzy = block
        msgid = fields.get("msgid")
        forms = [fields[k] for k in sorted(fields, key=_form_order) if k.startswith("msgstr")]
        if msgid is None or fuzzy or not any(forms):
            if msgid == "" and forms:  # the header keeps its metadata even if "fuzzy"
                entries[("", None)] = forms
            continue
        entries[(msgid, fields.get("msgid_plural"))] = forms
    return entries


def _form_order(key: str) -> int:
    return int(key[7:-1]) if key.startswith("msgstr[") else 0


def _blocks(text: str) -> Iterator[Tuple[Dict[str, str], bool]]:
    """Each entry's fields and whether it is fuzzy. An entry ends at a blank line, or where a
    comment or a ``msgid`` follows a ``msgstr``: entries appended by two branches and merged
    as a union (see .gitattributes) may meet with no blank line between them, as msgfmt allows.

    >>> [f["msgid"] for f, _ in _blocks('msgid "a"\\nmsgstr "b"\\n#: x.py\\nmsgid "c"\\nmsgstr "d"\\n')]
    ['a', 'c']
    """
    fields: Dict[str, str] = {}
    fuzzy, current = False, None
    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if line and any(key.startswith("msgstr") for key in fields) and (line.startswith("#") or line.startswith("msgid ")):
            yield fields, fuzzy
            fields, fuzzy, current = {}, False, None
        if not line:
            if fields:
                yield fields, fuzzy
            fields, fuzzy, current = {}, False, None
        elif line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
        elif line.startswith('"') and current:
            fields[current] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            current = keyword
            fields[keyword] = _unquote(rest.strip())


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text.startswith('"') else ""


def compile_po(text: str) -> bytes:
    """The GNU ``.mo`` bytes of a ``.po`` text (little-endian, no hash table)."""
    entries = parse_po(text)
    pairs = []
    for (msgid, plural), forms in entries.items():
        key = msgid if plural is None else msgid + "\0" + plural
        pairs.append((key.encode("utf-8"), "\0".join(forms).encode("utf-8")))
    pairs.sort()
    keys_start = 7 * 4 + 16 * len(pairs)
    ids = b"".join(k + b"\0" for k, _ in pairs)
    strs = b"".join(v + b"\0" for _, v in pairs)
    offsets: List[int] = []
    position = keys_start
    for encoded, _ in pairs:
        offsets += [len(encoded), position]
        position += len(encoded) + 1
    for _, value in pairs:
        offsets += [len(value), position]
        position += len(value) + 1
    count = len(pairs)
    header = array.array("I", [0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0])
    tables = array.array("I", offsets)
    if tables.itemsize != 4 or header.itemsize != 4:
        raise RuntimeError("unexpected C unsigned int size")
    return _little_endian(header) + _little_endian(tables) + ids + strs


def _little_endian(values: array.array[int]) -> bytes:
    import sys
    if sys.byteorder != "little":
        values = array.array("I", values)
        values.byteswap()
    return values.tobytes()


def compile_catalogues(locale_dir: Path, target_dir: Optional[Path] = None) -> List[Path]:
    """Compile every ``.po`` under ``locale_dir`` whose ``.mo`` is missing or older."""
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = (target_dir / po.relative_to(locale_dir) if target_dir else po).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(compile_po(po.read_text(encoding="utf-8")))
        written.append(mo)
    return written


def code_messages(package_dir: Path) -> Dict[Key, str]:
    """Every literal passed to ``_()``, ``N_()`` or ``ngettext()`` in the package: key → "file:line"."""
    found: Dict[Key, str] = {}
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            key = _message_key(node)
            if key is not None and isinstance(node, ast.Call):
                found.setdefault(key, f"{path.relative_to(package_dir.parent)}:{node.lineno}")
    for path in sorted(package_dir.rglob("templates/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in _TEMPLATE_MESSAGE.finditer(text):
            message = ast.literal_eval(match.group(1))
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((message, None), f"{path.relative_to(package_dir.parent)}:{line}")
    return found


# ``_("…")`` or ``_('…')`` in a Jinja template (the server's pages call gettext like the code).
_TEMPLATE_MESSAGE = re.compile(r"""\b_\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*\)""")


def _message_key(node: ast.AST) -> Optional[Key]:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):  # _(…) and ngettext(…) only
        return None
    literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if node.func.id in ("_", "N_") and len(literals) == 1 and len(node.args) == 1:
        return (literals[0], None)
    if node.func.id == "ngettext" and len(literals) >= 2:
        return (literals[0], literals[1])
    return None
