"""Exports of an analysed organisation for the tools people already use.

``json`` (node-link, every attribute and finding), ``graphml`` (yEd, Cytoscape),
``gexf`` (Gephi), ``mermaid`` (GitHub/GitLab Markdown, wikis), ``csv`` (the links, or with
``table="findings"`` the findings, for Excel and LibreOffice).

>>> import chainmap
>>> analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> export_text(analysis, "mermaid").splitlines()[0]
'flowchart LR'
"""

from __future__ import annotations

from pathlib import Path

from ..analysis import Analysis
from ..errors import UsageError
from ..i18n import _
from .json_graph import node_link_data, node_link_json
from .mermaid import mermaid_label, mermaid_markdown, mermaid_text
from .tables_csv import findings_table_csv, links_csv, spreadsheet_safe
from .xml_graph import gexf_text, graphml_text

__all__ = ["EXPORT_FORMATS", "export_text", "guess_export_format", "check_export_format", "node_link_data", "graphml_text", "gexf_text",
           "mermaid_text", "mermaid_markdown", "mermaid_label", "links_csv", "findings_table_csv", "spreadsheet_safe"]

EXPORT_FORMATS = ("json", "graphml", "gexf", "mermaid", "csv")
_SUFFIXES = {".json": "json", ".graphml": "graphml", ".gexf": "gexf", ".mmd": "mermaid", ".mermaid": "mermaid",
             ".md": "mermaid", ".csv": "csv"}


def guess_export_format(path: Path) -> str:
    """The format an output file's extension asks for (``.mmd``/``.md``: Mermaid)."""
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(_("cannot tell the export format from {path}: add --to {formats}").format(path=path, formats="|".join(EXPORT_FORMATS)))
    return found


def check_export_format(path: Path, fmt: str) -> None:
    """Refuse ``--to`` that contradicts the file's extension (``--to graphml -o x.json``).

    The file would be opened by the program its extension names, which would fail on it.
    An extension chainmap does not know (``.txt``, ``.xml``) is the user's to choose.
    """
    suffix = Path(path).suffix.lower()
    named = _SUFFIXES.get(suffix)
    if named is not None and named != fmt:
        raise UsageError(_("{path}: its extension {suffix} says {named}, but --to {fmt} was asked: rename the file (for example {example}) or leave out --to").format(
            path=path, suffix=suffix, named=named, fmt=fmt, example=Path(path).with_suffix(_SUFFIX_OF[fmt]).name))


_SUFFIX_OF = {"json": ".json", "graphml": ".graphml", "gexf": ".gexf", "mermaid": ".mmd", "csv": ".csv"}


def export_text(analysis: Analysis, fmt: str, table: str = "links", bom: bool = False, markdown: bool = False) -> str:
    """The export of ``analysis`` in ``fmt`` as text (UTF-8 when written)."""
    if fmt == "json":
        return node_link_json(analysis)
    if fmt == "graphml":
        return graphml_text(analysis)
    if fmt == "gexf":
        return gexf_text(analysis)
    if fmt == "mermaid":
        return mermaid_markdown(analysis) if markdown else mermaid_text(analysis)
    if fmt == "csv":
        return findings_table_csv(analysis, bom) if table == "findings" else links_csv(analysis, bom)
    raise UsageError(_("unknown export format `{fmt}`: choose one of {formats}").format(fmt=fmt, formats=", ".join(EXPORT_FORMATS)))
