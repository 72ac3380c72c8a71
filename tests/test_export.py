"""Exports: node-link JSON, GraphML, GEXF, Mermaid and CSV keep every attribute and are read by their tools."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import chainmap
from chainmap import formats
from chainmap.cli import cli
from chainmap.files.spreadsheet import spreadsheet_safe
from chainmap.formats.mermaid import mermaid_label

HOSTILE = 'Soins "A" & <b>B</b> #1; end | =cmd'


@pytest.fixture(scope="module")
def analysis() -> chainmap.Analysis:
    import datetime as dt
    return chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 11, 23))


@pytest.fixture()
def hostile(tmp_path: Path) -> chainmap.Analysis:
    """Names that break naive XML, Mermaid and CSV writers; a one-sided link; a missing team."""
    (tmp_path / "o.yaml").write_text(f"""org: {json.dumps(HOSTILE)}
end_clients: [{{id: end, name: {json.dumps(HOSTILE)}}}]
teams:
  - {{id: graph, name: {json.dumps(HOSTILE)}, department: {json.dumps(HOSTILE)}, members: ["=1+1"], enps: -20,
      clients: [end, subgraph, ghost]}}
  - {{id: subgraph, name: "-minus", suppliers: [{{id: graph, satisfaction: 3, what: "@what"}}], clients: [end]}}
  - {{id: lone, name: Lone}}
""", encoding="utf-8")
    return chainmap.analyse(chainmap.load(tmp_path / "o.yaml"))


def test_node_link_json_is_read_by_networkx_with_findings(analysis: chainmap.Analysis) -> None:
    data = json.loads(formats.write(analysis, "json"))
    graph = nx.node_link_graph(data)
    assert graph.is_directed() and graph.number_of_edges() == len(analysis.org.links) + len(analysis.org.unknown_references)  # drawn to their unknown id
    assert graph.nodes["pharmacie"]["chain"] == analysis.team_chain("pharmacie")
    assert graph.nodes["pharmacie"]["members"][0] == {"id": "e1588", "name": "Sophie Laurent", "role": "pharmacienne"}
    assert len(data["findings"]) == len(analysis.findings)
    attached = sum(len(n["findings"]) for n in data["nodes"]) + sum(len(e["findings"]) for e in data["edges"])
    assert attached == len(analysis.findings)


def test_graphml_keeps_typed_attributes_in_networkx(analysis: chainmap.Analysis) -> None:
    graph = nx.read_graphml(io.BytesIO(formats.write(analysis, "graphml").encode("utf-8")))
    team = graph.nodes["pharmacie"]
    assert team["enps"] == 20 and isinstance(team["enps"], int)
    assert team["department"] == "Médico-technique" and team["kind"] == "team"
    edge = graph.edges["achats", "pharmacie"]
    assert edge["satisfaction"] == 8.0 and edge["weak"] is False and edge["status"] == "confirmed"
    assert graph.nodes["radiolgie"]["kind"] == "unknown"
    assert graph.edges["radiolgie", "urgences"]["findings"] == "unknown-reference"


def test_graphml_is_read_by_igraph_too(analysis: chainmap.Analysis, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "o.graphml"
    path.write_text(formats.write(analysis, "graphml"), encoding="utf-8")
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed() and graph.vcount() == 26 and graph.ecount() == 40
    assert "satisfaction" in graph.es.attributes() and "department" in graph.vs.attributes()


def test_gexf_keeps_typed_attributes_in_networkx(analysis: chainmap.Analysis) -> None:
    graph = nx.read_gexf(io.BytesIO(formats.write(analysis, "gexf").encode("utf-8")))
    team = graph.nodes["urgences"]
    assert team["label"] == "Urgences" and isinstance(team["members"], int)
    weak = [data for _s, _c, data in graph.edges(data=True) if data["weak"]]
    assert weak and all(isinstance(data["weak"], bool) for data in weak)
    assert any(isinstance(data.get("satisfaction"), float) for _s, _c, data in graph.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_hostile_names_survive_xml(hostile: chainmap.Analysis, fmt: str) -> None:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(formats.write(hostile, fmt).encode("utf-8")))
    key = "name" if fmt == "graphml" else "label"
    assert graph.nodes["graph"][key] == HOSTILE and graph.nodes["graph"]["department"] == HOSTILE


def test_exports_are_deterministic(analysis: chainmap.Analysis) -> None:
    for fmt in ("json", "graphml", "gexf", "mermaid", "csv"):
        assert formats.write(analysis, fmt) == formats.write(analysis, fmt)


def test_mermaid_labels_escape_everything_mermaid_reads() -> None:
    assert mermaid_label(HOSTILE) == '"Soins #34;A#34; #38; #60;b#62;B#60;/b#62; #35;1#59; end #124; =cmd"'


def test_mermaid_uses_synthetic_ids_and_styles_weak_links(hostile: chainmap.Analysis) -> None:
    text = formats.write(hostile, "mermaid")
    assert text.startswith("flowchart LR\n")
    assert "graph[" not in text and " end[" not in text  # team ids never become Mermaid ids
    assert "t1 -.->|" in text and "stroke:#d35400" in text  # one-sided, orange, dashed
    assert "class u1 unknown" in text


def _mermaid_modules() -> Path:
    here = Path(__file__).parent / "mermaid" / "node_modules"
    modules = Path(os.environ.get("CHAINMAP_MERMAID_MODULES", here))
    if shutil.which("node") is None or not (modules / "mermaid").is_dir():
        pytest.skip("Mermaid's parser is not installed: run `npm install` in tests/mermaid (or set CHAINMAP_MERMAID_MODULES)")
    return modules


def test_mermaid_is_accepted_by_mermaids_parser(analysis: chainmap.Analysis, hostile: chainmap.Analysis, tmp_path: Path) -> None:
    modules = _mermaid_modules()
    (tmp_path / "node_modules").symlink_to(modules.resolve())
    shutil.copy(Path(__file__).parent / "mermaid" / "parse.mjs", tmp_path / "parse.mjs")
    files = []
    for name, result in (("example", analysis), ("hostile", hostile)):
        (tmp_path / f"{name}.mmd").write_text(formats.write(result, "mermaid"), encoding="utf-8")
        files.append(str(tmp_path / f"{name}.mmd"))
    (tmp_path / "broken.mmd").write_text("flowchart LR\n  a -->\n", encoding="utf-8")
    run = subprocess.run(["node", str(tmp_path / "parse.mjs"), *files, str(tmp_path / "broken.mmd")],
                         capture_output=True, text=True, timeout=120)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("ok ") and lines[1].startswith("ok "), run.stdout + run.stderr
    assert lines[2].startswith("error "), "the parser must reject a broken diagram"


def test_csv_of_links_is_formula_safe_with_a_bom(hostile: chainmap.Analysis) -> None:
    text = formats.write(hostile, "csv", bom=True)
    assert text.startswith("\ufeffsupplier,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    row = next(r for r in rows if r["supplier"] == "graph" and r["client"] == "subgraph")
    assert row["client_name"] == "'-minus" and row["what"] == "'@what" and row["satisfaction"] == "3"
    assert row["weak"] == "yes" and "one-sided" not in row["findings"]


def test_csv_of_findings_has_one_row_per_finding(analysis: chainmap.Analysis) -> None:
    rows = list(csv.DictReader(io.StringIO(formats.write(analysis, "csv", table="findings"))))
    assert len(rows) == len(analysis.findings) and rows[0]["rule"] == "unknown-reference"


def test_spreadsheet_safe_neutralises_formulas_only() -> None:
    assert [spreadsheet_safe(v) for v in ("=1", "+1", "-1", "@a", "a=b", 5)] == ["'=1", "'+1", "'-1", "'@a", "a=b", 5]


def test_export_command_guesses_the_format_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "map.graphml"
    result = runner.invoke(cli, ["export", str(chainmap.example_path()), "-o", str(target)])
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith("<?xml")
    again = runner.invoke(cli, ["export", str(chainmap.example_path()), "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(cli, ["export", str(chainmap.example_path()), "-o", str(target), "--force"]).exit_code == 0


def test_export_to_markdown_wraps_mermaid_in_a_code_block(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(chainmap.example_path()), "-o", str(tmp_path / "map.md")])
    assert result.exit_code == 0
    assert (tmp_path / "map.md").read_text(encoding="utf-8").startswith("```mermaid\nflowchart LR\n")


def test_export_to_the_screen(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(chainmap.example_path()), "--to", "mermaid", "-o", "-"])
    assert result.exit_code == 0 and result.output.startswith("flowchart LR")


def test_export_with_an_unknown_extension_asks_for_to(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(chainmap.example_path()), "-o", str(tmp_path / "map.txt")])
    assert result.exit_code == 2 and "--to" in result.output


@pytest.mark.parametrize("options, says", [
    (["--to", "graphml", "-o", "x.json"], "its extension .json says json, but --to graphml"),
    (["-o", "x.json", "--bom"], "--bom, --sep and --no-excel apply to --to csv only"),
    (["-o", "x.graphml", "--table", "findings"], "--table applies to --to csv only"),
])
def test_export_refuses_options_that_contradict_the_format(tmp_path: Path, options: list, says: str) -> None:
    options = [str(tmp_path / o) if o.startswith("x.") else o for o in options]
    result = CliRunner().invoke(cli, ["export", str(chainmap.example_path()), *options])
    assert result.exit_code == 2
    assert says in result.output
    assert list(tmp_path.iterdir()) == []


def test_export_to_an_extension_it_does_not_know_follows_to(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(chainmap.example_path()), "--to", "json", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "x.txt").read_text(encoding="utf-8"))["nodes"]


def test_export_takes_its_formats_choices_and_help_from_the_registry() -> None:
    """One entry per format: --to's choices, its help and the extensions all come from it."""
    from chainmap.cli.export import export_command
    to = next(param for param in export_command.params if param.name == "fmt")
    assert list(to.type.choices) == list(formats.FORMATS)
    for entry in formats.FORMATS.values():
        assert entry.summary in (to.help or "")
        for suffix in entry.suffixes:
            assert formats.format_of(Path(f"out{suffix}")) == entry.name
