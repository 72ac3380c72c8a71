"""Refresh the French catalogue from the code: `python scripts/update_catalog.py`.

Collects every message passed to `_()`/`ngettext()` in chainmap, the help of every
command and option, and click's own messages (usage, errors), then rewrites
chainmap/locale/fr/LC_MESSAGES/chainmap.po keeping the translations already there.
New messages get an empty translation, which the catalogue test reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import click

from chainmap.cli import cli
from chainmap.i18n.catalog import code_messages, parse_po

ROOT = Path(__file__).resolve().parents[1]  # chainmap is installed (editable) in .venv: no sys.path to touch

# Words click translates through a variable (`_(extra["required"])`), which the scan of its
# literal `_()` calls cannot see.
CLICK_COMPUTED = ("required",)
PO = ROOT / "chainmap" / "locale" / "fr" / "LC_MESSAGES" / "chainmap.po"
HEADER = """msgid ""
msgstr ""
"Project-Id-Version: chainmap\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def help_messages() -> Dict[Tuple[str, None], str]:
    """The help of the group, of every command and of every option."""
    found: Dict[Tuple[str, None], str] = {}
    for name, command in [("chainmap", cli), *sorted(cli.all_commands().items())]:
        for item in [command, *command.params]:
            text = getattr(item, "help", None)
            if text:
                found.setdefault((text, None), f"help of {name}")
    return found


def quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in body:
        return f'"{body}"'
    lines = body.split("\n")
    return '""\n' + "\n".join(f'"{line}\\n"' for line in lines[:-1]) + (f'\n"{lines[-1]}"' if lines[-1] else "")


def entry(key: Tuple[str, object], where: str, forms: List[str]) -> str:
    msgid, plural = key
    lines = [f"#: {where}", f"msgid {quote(msgid)}"]
    if plural is None:
        lines.append(f"msgstr {quote(forms[0] if forms else '')}")
    else:
        lines.append(f"msgid_plural {quote(str(plural))}")
        for i in range(2):
            lines.append(f"msgstr[{i}] {quote(forms[i] if len(forms) > i else '')}")
    return "\n".join(lines)


def main() -> None:
    existing = parse_po(PO.read_text(encoding="utf-8")) if PO.exists() else {}
    messages = {**code_messages(ROOT / "chainmap"), **help_messages()}
    click_messages = code_messages(Path(click.__file__).parent)
    for key, where in click_messages.items():
        messages.setdefault(key, "click/" + where.split("/", 1)[-1])
    for text in CLICK_COMPUTED:
        messages.setdefault((text, None), "click/core.py (translated through a variable)")
    blocks = [HEADER.rstrip("\n")]
    for key, where in sorted(messages.items(), key=lambda item: (item[1].startswith("click"), item[1], item[0])):
        blocks.append(entry(key, where, existing.get(key, [])))
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    missing = sum(1 for key in messages if not any(existing.get(key, [])))
    print(f"{PO.relative_to(ROOT)}: {len(messages)} messages, {missing} without translation")


if __name__ == "__main__":
    main()
