"""Escaping for DOT, so that any name is drawn as written and never becomes DOT syntax.

Node ids in chainmap's DOT are synthetic (``t12``, ``e0``); names only ever appear inside
labels and tooltips, escaped by the two functions here. That is what makes quotes,
backslashes, ``<``, ``>``, ``&``, braces, newlines, emoji and right-to-left text safe.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from typing import Dict, List

__all__ = ["dot_attributes", "quoted", "html_text", "wrap"]

# Text with nothing :func:`quoted` changes, and a name :func:`wrap` keeps on one line as it is
# (no whitespace but single spaces inside). Checked first because DOT holds tens of thousands
# of such values and each escape or wrap costs several passes over the text (issue 6: DOT
# building within 10 % of Graphviz's layout).
_PLAIN = re.compile(r'[^\\"\r\n]*')
_ONE_LINE = re.compile(r"\S+(?: \S+)*")


def quoted(text: str) -> str:
    """A DOT double-quoted string whose content Graphviz reads back as ``text``.

    Backslashes are doubled so that Graphviz's escapes (``\\N``, ``\\l``…) are not triggered.

    >>> print(quoted('say "hi" \\\\ bye'))
    "say \\"hi\\" \\\\ bye"
    """
    if _PLAIN.fullmatch(text):  # most values (colours, ids, plain names): nothing to escape
        return f'"{text}"'
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{body}"'


def html_text(text: str) -> str:
    """Text for a Graphviz HTML-like label: markup characters become entities.

    >>> html_text('R&D <b>"x"</b>')
    'R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt;'
    """
    # A backslash is doubled: Graphviz expands \N, \G… even inside HTML-like labels.
    return (text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("]", "&#93;"))


def wrap(text: str, width: int = 24) -> List[str]:
    """Split a name into lines of about ``width`` characters, never cutting a word.

    >>> wrap("Service de stérilisation centrale et logistique", 20)
    ['Service de', 'stérilisation', 'centrale et', 'logistique']
    """
    if _ONE_LINE.fullmatch(text):  # most names: words and single spaces
        return [text] if len(text) <= width else _fill(text.split(" "), width)
    lines: List[str] = []
    for paragraph in text.replace("\r", "").split("\n"):
        lines += textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]
    return [line for line in lines if line.strip()] or [text.strip() or "?"]


def _fill(words: List[str], width: int) -> List[str]:
    """Words onto lines of at most ``width`` characters, a longer word alone on its line:
    what textwrap does with words and single spaces (tested against it), at a fraction of
    its cost: a large drawing wraps thousands of names (issue 6: DOT within 10 % of layout)."""
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def dot_attributes(attributes: Dict[str, str]) -> str:
    """``key=value`` pairs in a fixed order; HTML-like labels (``<…>``) are left as they are."""
    return ", ".join([_pair(key, attributes[key]) for key in sorted(attributes)])


# The style's pairs (a colour, a shape, a font, a width) recur on every node and line: each
# is written once and then looked up, which keeps DOT building well within 10 % of
# Graphviz's layout (issue 6; figures in benchmarks/RESULTS.md).
@lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    if key in ("label", "taillabel") and value.startswith("<"):
        return f"{key}={value}"
    return f"{key}={quoted(str(value))}"
