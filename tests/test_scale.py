"""Scale: a generated organisation loads, analyses deterministically; the helpers that keep it fast."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import io
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chainmap
from chainmap.analysis.indexed import index_links
from chainmap.cli import options
from chainmap.cli.progress import ProgressBar, progress_bar, waiting_notice
from chainmap.examples.generate import generate, write_organisation
from chainmap.formats import findings_json
from chainmap.graph import build_graph
from chainmap.names import NearestId, closest_match, did_you_mean, is_likely_typo
from chainmap.save import write_org

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def small_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "s"
    write_organisation(generate(50, 500, 1), root)
    return root


def test_generated_s_loads_and_analyses(small_org: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(small_org), as_of=AS_OF)
    assert len(analysis.org.teams) == 50
    assert analysis.findings
    assert sum(1 for chain in analysis.workers.values() if chain) > 250


def test_analysis_of_generated_s_is_deterministic(small_org: Path) -> None:
    first = findings_json(chainmap.analyse(chainmap.load(small_org), as_of=AS_OF))
    second = findings_json(chainmap.analyse(chainmap.load(small_org), as_of=AS_OF))
    assert first == second


def test_workers_of_one_team_share_its_chain(small_org: Path) -> None:
    analysis = chainmap.analyse(chainmap.load(small_org), as_of=AS_OF)
    for worker in analysis.org.workers.values():
        if len(worker.teams) == 1:
            assert analysis.worker_chain(worker.id) == analysis.team_chain(worker.teams[0])


def test_load_reports_progress_once_per_team_file(small_org: Path) -> None:
    calls = []
    chainmap.load(small_org, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 50) for n in range(1, 51)]


_WORDS = st.text(alphabet="abe-1", max_size=8)  # few letters: many near ties, and exact ties


@settings(max_examples=300, deadline=None)
@given(word=_WORDS, choices=st.lists(_WORDS, max_size=12))
def test_closest_match_offers_only_a_likely_typo_and_the_nearest(word: str, choices: list) -> None:
    found = closest_match(word, choices)
    likely = [choice for choice in choices if choice != word and is_likely_typo(word, choice)]
    assert (found is None) == (not likely)
    if found is not None:
        assert found in likely


def test_nearest_id_is_did_you_mean_for_small_lists() -> None:
    ids = ["pharmacie", "urgences", "radiologie", "laboratoire"]
    for word in ["radiolgie", "urgence", "zzz", "PHARMACIE"]:
        assert NearestId(ids)(word) == did_you_mean(word, ids)


def test_nearest_id_finds_a_typo_among_many_ids() -> None:
    ids = [f"team-{site}-{n:05d}" for n in range(2500) for site in ("lyon",)]
    ids.append("pharmacie-centrale")
    nearest = NearestId(ids)
    assert nearest("pharmacei-centrale") == "pharmacie-centrale"
    assert nearest("team-lyno-01234") == did_you_mean("team-lyno-01234", ids)


def test_nearest_id_among_many_ids_gives_did_you_means_answer() -> None:
    rng = random.Random(5)
    sites = ("lyon", "paris", "lille", "nantes")
    ids = [f"{rng.choice(('paie', 'achats', 'accueil', 'atelier'))}-{rng.choice(sites)}-{n:04d}"
           for n in range(2300)]
    nearest = NearestId(ids)
    for _word in range(12):
        word = rng.choice(ids)
        for _slip in range(rng.choice((1, 2))):  # one slip: found by spelling variants; two: by pieces
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice("xe-") + word[at + 1:]
        assert nearest(word) == did_you_mean(word, ids), word


def test_nearest_id_finds_one_slip_among_thousands_of_look_alike_ids() -> None:
    ids = [f"team-{n:05d}" for n in range(2010)]
    nearest = NearestId(ids)
    assert nearest("taem-00123") == "team-00123" and nearest("team-00123x") == "team-00123"
    assert nearest("something-else-entirely") is None


def test_progress_bar_is_silent_when_stderr_is_not_a_terminal() -> None:
    with progress_bar("Loading") as progress:
        assert progress is None


def test_progress_bar_draws_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar("Loading", stream)
    for done in range(1, 1001):
        bar(done, 1000)
    bar.close()
    assert "Loading" in stream.getvalue() and "100%" in stream.getvalue()


def test_progress_bar_skips_short_operations() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar("Loading", stream)
    bar(1, 3)
    bar.close()
    assert stream.getvalue() == ""


def test_a_workbook_shows_the_seconds_and_a_folder_its_bar(small_org: Path, tmp_path: Path, monkeypatch) -> None:
    """A workbook is one file read row by row, with no count to show: the seconds run
    instead. A folder shows its bar, and no counting thread, which would stop it from being
    read on every core."""
    shown = []

    @contextlib.contextmanager
    def noticed(text: str, enabled: bool = True):
        shown.append(("notice", text))
        yield

    @contextlib.contextmanager
    def barred(label: str, enabled: bool = True):
        shown.append(("bar", label))
        yield None

    monkeypatch.setattr(options, "waiting_notice", noticed)
    monkeypatch.setattr(options, "progress_bar", barred)
    workbook, tables = tmp_path / "s.xlsx", tmp_path / "s-csv"
    write_org(chainmap.load(small_org), workbook, "xlsx", False)
    write_org(chainmap.load(small_org), tables, "csv-folder", False)
    teams = [options.loaded(org).teams.keys() for org in (workbook, tables, small_org)]
    assert teams[0] == teams[1] == teams[2]
    assert shown == [("notice", "Reading the workbook…"), ("notice", "Reading the CSV files…"), ("bar", "Reading team files")]


def test_the_seconds_are_shown_on_a_terminal_then_erased(monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with waiting_notice("Reading the workbook…", delay=0.01):
        time.sleep(0.3)
    written = terminal.getvalue()
    assert "\rReading the workbook…    0 s" in written and written.endswith("\r")


def test_load_freezes_the_organisation_out_of_the_collectors_walks(small_org: Path) -> None:
    before = gc.get_freeze_count()
    chainmap.load(small_org)
    assert gc.get_freeze_count() > before
    assert gc.isenabled()  # paused while loading only


def test_a_failed_load_freezes_nothing(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text("org: Broken\nend_clients: []\n", encoding="utf-8")
    before = gc.get_freeze_count()
    with pytest.raises(chainmap.LoadError):
        chainmap.load(tmp_path)
    assert gc.get_freeze_count() == before


def test_the_analysis_freezes_its_result_and_makes_no_cycles(small_org: Path) -> None:
    """What an analysis makes is kept out of the collector's walks like the organisation; a
    cycle made by it would then never be freed, so it must make none."""
    org = chainmap.load(small_org)
    first = chainmap.analyse(org, as_of=AS_OF)
    first.graph, first.findings_for("pharmacie")  # networkx, imported on first use, makes cycles
    gc.unfreeze()
    gc.collect()  # what was frozen before, cycles included, is set free
    try:
        analysis = chainmap.analyse(org, as_of=AS_OF)
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        gc.unfreeze()  # so that a full collection sees what the analysis made
        analysis.graph, analysis.findings_for("pharmacie")
        del analysis
        assert gc.collect() == 0
    finally:
        gc.freeze()


def test_the_networkx_graph_is_built_when_read_and_is_build_graphs(small_org: Path) -> None:
    org = chainmap.load(small_org)
    for confirmed_only in (False, True):
        analysis = chainmap.analyse(org, as_of=AS_OF, confirmed_only=confirmed_only)
        assert "graph" not in vars(analysis)  # chainmap weak never pays for it
        expected = build_graph(org, confirmed_only=confirmed_only)
        assert sorted(analysis.graph.edges) == sorted(expected.edges)
        assert dict(analysis.graph.nodes(data=True)) == dict(expected.nodes(data=True))
        assert analysis.graph is analysis.graph  # built once


def test_link_index_numbers_ids_in_sorted_order_and_lists_links_both_ways(small_org: Path) -> None:
    org = chainmap.load(small_org)
    links = index_links(org)
    assert links.ids == sorted([*org.teams, *org.end_clients])
    pairs = {(links.ids[s], links.ids[c]) for s, clients in enumerate(links.clients) for c in clients}
    assert pairs == {(link.supplier, link.client) for link in org.links}
    assert pairs == {(links.ids[s], links.ids[c]) for c, suppliers in enumerate(links.suppliers) for s in suppliers}
    assert all(list(row) == sorted(row) for adjacency in (links.clients, links.suppliers) for row in adjacency)
    assert len(links.clients) == len(links.suppliers) == len(links.ids)
    confirmed = index_links(org, confirmed_only=True)
    assert sum(map(len, confirmed.clients)) == sum(1 for link in org.links if link.confirmed)


def test_link_index_sorts_links_the_loader_did_not(small_org: Path) -> None:
    org = chainmap.load(small_org)
    shuffled = dataclasses.replace(org, links=tuple(reversed(org.links)))
    assert [list(row) for row in index_links(shuffled).clients] == [list(row) for row in index_links(org).clients]
    assert [list(row) for row in index_links(shuffled).suppliers] == [list(row) for row in index_links(org).suppliers]


def test_weak_never_imports_networkx(small_org: Path) -> None:
    """networkx is imported when a graph is built (a drawing, an export): `weak` saves its fifth of a second."""
    script = ("import sys; from click.testing import CliRunner; from chainmap.cli import cli; "
              f"result = CliRunner().invoke(cli, ['weak', {str(small_org)!r}]); "
              "print(result.exit_code, 'networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "False"], done.stdout + done.stderr


def test_workers_are_a_read_only_mapping_made_when_asked(small_org: Path) -> None:
    """Org.workers makes each Worker on demand (weak never needs a million of them), and
    reads like the dict it replaced: FORMAT.md order, lookups, a dict of the same workers equal."""
    from chainmap.model import Worker, Workers

    workers = chainmap.load(small_org).workers
    assert isinstance(workers, Workers) and len(workers) == len(list(workers)) == 500
    as_dict = {worker_id: workers[worker_id] for worker_id in workers}
    assert workers == as_dict and as_dict == workers and list(workers.values()) == list(as_dict.values())
    first = next(iter(workers))
    assert isinstance(workers[first], Worker) and workers[first].id == first and first in workers
    assert "nobody" not in workers and workers.get("nobody") is None
    with pytest.raises(KeyError):
        workers["nobody"]
    assert workers.teams_by_worker[first] == workers[first].teams
    with pytest.raises(TypeError):
        workers.teams_by_worker[first] = ()  # type: ignore[index]
    part_timer = next(w for w in workers.values() if len(w.teams) > 1)
    assert list(part_timer.teams) == sorted(part_timer.teams)
