"""Write chainmap/render/layout/dejavu.py: DejaVu Sans's advance widths, the font diagrams use.

The layout sizes every box before Graphviz draws it, from these widths, so that the same
declarations give the same DOT on every machine (asking Graphviz or the system's font would
tie the DOT to what is installed). Run again only if the diagrams change font:

    python scripts/font_widths.py /usr/share/fonts/truetype/dejavu   (with fonttools installed)
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont  # pip install fonttools: only this script needs it

UNITS = 2048  # DejaVu's units per em
# Latin (with French, German, Spanish, Polish… letters), general punctuation, arrows and the
# few symbols chainmap writes (✗ ✓ ⚠ ▶ ━): other characters are measured as one em.
BLOCKS = ((0x20, 0x250), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2190, 0x2200), (0x2500, 0x2600),
          (0x2600, 0x2700), (0x2700, 0x27C0))
TARGET = Path(__file__).resolve().parent.parent / "chainmap" / "render" / "layout" / "dejavu.py"


def widths(font_file: Path) -> dict:
    font = TTFont(str(font_file))
    assert font["head"].unitsPerEm == UNITS
    glyphs, metrics = font.getBestCmap(), font["hmtx"].metrics
    # 0: a character the font lacks (another font draws it: measured as one em)
    return {first: [metrics[glyphs[code]][0] if code in glyphs else 0 for code in range(first, end)]
            for first, end in BLOCKS}


def main(folder: str) -> None:
    regular = widths(Path(folder) / "DejaVuSans.ttf")
    bold = widths(Path(folder) / "DejaVuSans-Bold.ttf")
    lines = ['"""DejaVu Sans advance widths (units of 1/2048 em), written by scripts/font_widths.py: do not edit."""', "",
             "# first code point of a block -> the widths of its characters, in order", "REGULAR = {"]
    for name, table in (("REGULAR", regular), ("BOLD", bold)):
        if name == "BOLD":
            lines += ["}", "", "BOLD = {"]
        for first, values in table.items():
            lines.append(f"    0x{first:04X}: (")
            for start in range(0, len(values), 16):
                lines.append("        " + ", ".join(str(v) for v in values[start:start + 16]) + ",")
            lines.append("    ),")
    lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
