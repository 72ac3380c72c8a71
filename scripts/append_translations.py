"""Append French entries for messages the catalogue lacks, as new blocks at its end.

Why not `update_catalog.py`: it rewrites the whole file in the code's order, and two
branches that each add messages would then conflict on every line; appended blocks merge
as a union (see .gitattributes). Usage: `python scripts/append_translations.py FILE.py`,
where FILE.py defines ``FR = {msgid: msgstr}`` and optionally ``PLURALS``.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "chainmap" / "locale" / "fr" / "LC_MESSAGES" / "chainmap.po"
sys.path.insert(0, str(ROOT))

from chainmap.i18n.catalog import parse_po  # noqa: E402


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\b", "\\b") + '"'


def main(source: str) -> None:
    given = runpy.run_path(source)
    known = parse_po(PO.read_text(encoding="utf-8"))
    blocks = []
    for msgid, msgstr in given.get("FR", {}).items():
        if (msgid, None) not in known:
            blocks.append(f"msgid {quoted(msgid)}\nmsgstr {quoted(msgstr)}\n")
    for (singular, plural), (one, many) in given.get("PLURALS", {}).items():
        if (singular, plural) not in known:
            blocks.append(f"msgid {quoted(singular)}\nmsgid_plural {quoted(plural)}\nmsgstr[0] {quoted(one)}\nmsgstr[1] {quoted(many)}\n")
    text = PO.read_text(encoding="utf-8").rstrip("\n") + "\n"
    PO.write_text(text + "".join("\n" + block for block in blocks), encoding="utf-8")
    print(f"{PO.relative_to(ROOT)}: {len(blocks)} entries added")


if __name__ == "__main__":
    main(sys.argv[1])
