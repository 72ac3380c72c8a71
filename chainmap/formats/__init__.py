"""Everything chainmap writes about an analysed organisation, as text, by format name.

:data:`FORMATS` is the one registry of the exports for other tools (``chainmap export``):
each :class:`Format` entry gives its name, the file extensions that call for it, and its
writer; ``--to`` takes its choices and its help from here, and the extension of ``-o``
chooses the format. The text for people (``check``, ``weak``, ``chains``) is in
:mod:`~chainmap.formats.text` and :mod:`~chainmap.formats.markdown`, the JSON and CSV of
``weak`` and ``chains`` in :mod:`~chainmap.formats.data`.

To add an export format: write its writer (an analysis in, text out) in a module of this
package, and add one :class:`Format` to :data:`FORMATS`. Nothing else changes.

>>> import chainmap
>>> analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> write(analysis, "mermaid").splitlines()[0]
'flowchart LR'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Tuple

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from .data import chains_data, chains_json, findings_csv, findings_data, findings_json
from .text import chains_text, check_text, weak_text, weak_text_pieces

__all__ = ["FORMATS", "Format", "chains_data", "chains_json", "chains_text", "check_format", "check_text",
           "findings_csv", "findings_data", "findings_json", "format_of", "to_help", "weak_text", "weak_text_pieces", "write"]


@dataclass(frozen=True)
class Format:
    """One export format: ``writer(analysis, **options)`` gives its text (UTF-8 when written).

    ``suffixes``: the extensions that call for it, the first one suggested to a person who
    gave another; ``summary``: the words naming it in ``--to``'s help. A writer takes the
    options it knows (``table``, ``bom`` for CSV; ``markdown`` for Mermaid) and ignores the rest.
    """

    name: str
    suffixes: Tuple[str, ...]
    writer: Callable[..., str]
    summary: str


# The writers import their module when used: `chainmap weak` does not pay for the XML ones.
def _node_link_json(analysis: Analysis, **_options: Any) -> str:
    from .json_graph import node_link_json
    return node_link_json(analysis)


def _graphml(analysis: Analysis, **_options: Any) -> str:
    from .xml_graph import graphml_text
    return graphml_text(analysis)


def _gexf(analysis: Analysis, **_options: Any) -> str:
    from .xml_graph import gexf_text
    return gexf_text(analysis)


def _mermaid(analysis: Analysis, markdown: bool = False, **_options: Any) -> str:
    """Mermaid; ``markdown`` wraps it in a ```mermaid block, ready for a wiki page (a ``.md`` file)."""
    from .mermaid import mermaid_markdown, mermaid_text
    return mermaid_markdown(analysis) if markdown else mermaid_text(analysis)


def _csv(analysis: Analysis, table: str = "links", bom: bool = False, style: Any = None, **_options: Any) -> str:
    """The links (``table="links"``), or the findings, one per row; ``style``: a
    :class:`~chainmap.files.spreadsheet.CsvStyle` (French Excel's, say)."""
    from .tables_csv import findings_table_csv, links_csv
    return findings_table_csv(analysis, bom, style) if table == "findings" else links_csv(analysis, bom, style)


FORMATS: Dict[str, Format] = {entry.name: entry for entry in (
    Format("json", (".json",), _node_link_json, "json (node-link)"),
    Format("graphml", (".graphml",), _graphml, "graphml (yEd)"),
    Format("gexf", (".gexf",), _gexf, "gexf (Gephi)"),
    Format("mermaid", (".mmd", ".mermaid", ".md"), _mermaid, "mermaid (Markdown)"),
    Format("csv", (".csv",), _csv, "csv (Excel)"),
)}
_BY_SUFFIX = {suffix: entry.name for entry in FORMATS.values() for suffix in entry.suffixes}


def to_help() -> str:
    """The help of ``export --to``, naming every format of the registry."""
    return ", ".join(entry.summary for entry in FORMATS.values()) + ". Default: from FILE's extension."


def format_of(path: Path) -> str:
    """The format an output file's extension asks for (``.mmd``/``.md``: Mermaid)."""
    found = _BY_SUFFIX.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(_("cannot tell the export format from {path}: add --to {formats}").format(path=path, formats="|".join(FORMATS)))
    return found


def check_format(path: Path, name: str) -> None:
    """Refuse ``--to`` that contradicts the file's extension (``--to graphml -o x.json``).

    The file would be opened by the program its extension names, which would fail on it.
    An extension chainmap does not know (``.txt``, ``.xml``) is the user's to choose.
    """
    suffix = Path(path).suffix.lower()
    named = _BY_SUFFIX.get(suffix)
    if named is not None and named != name:
        raise UsageError(_("{path}: its extension {suffix} says {named}, but --to {fmt} was asked: rename the file (for example {example}) or leave out --to").format(
            path=path, suffix=suffix, named=named, fmt=name, example=Path(path).with_suffix(FORMATS[name].suffixes[0]).name))


def write(analysis: Analysis, name: str, **options: Any) -> str:
    """The export of ``analysis`` in the format ``name``, as text."""
    if name not in FORMATS:
        raise UsageError(_("unknown export format `{fmt}`: choose one of {formats}").format(fmt=name, formats=", ".join(FORMATS)))
    return FORMATS[name].writer(analysis, **options)
