"""``chains --format json`` is written in pieces, and its bytes are exactly those of the
standard library's ``json.dumps(chains_data(…), ensure_ascii=False, indent=1)``.

The reference here is the plain way (:func:`chainmap.formats.data.chains_data`, then
:func:`chainmap.formats.data.dumps`): on a generated organisation of 500 teams and 5,000
workers (part-time workers, broken chains, unknown ids), on hostile ids, on every
selection the command makes, and on random organisations. L-sized organisations are
compared in benchmarks/chains_json.py (too slow for the suite).
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from hypothesis import settings

import chainmap
from chainmap.cli import cli
from chainmap.examples.generate import generate, write_organisation
from chainmap.formats import chains_json, chains_stream
from chainmap.formats.chains_stream import write_chains_json
from chainmap.formats.data import chains_data, dumps

from .orgs import team, write_org
from .test_chains import organisation, random_organisations


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stream") / "generated"
    write_organisation(generate(500, 5000, 3), root)
    return root


def plain(analysis: chainmap.Analysis, teams=None, workers=None) -> str:
    return dumps(chains_data(analysis, teams, workers))


@pytest.mark.parametrize("confirmed_only", [False, True])
def test_a_generated_organisation_gives_the_standard_librarys_bytes(generated: Path, confirmed_only: bool) -> None:
    analysis = chainmap.analyse(chainmap.load(generated), confirmed_only=confirmed_only)
    org = analysis.org
    shared = [w for w, teams in org.workers.teams_by_worker.items() if len(teams) > 1]
    assert shared and any(analysis.team_chain(t) is None for t in org.teams), "the case needs both"
    assert chains_json(analysis) == plain(analysis)
    assert chains_json(analysis, [], shared) == plain(analysis, [], shared)
    some_team = next(iter(org.teams))
    members = [m.id for m in org.teams[some_team].members]
    assert chains_json(analysis, [some_team], members) == plain(analysis, [some_team], members)
    assert chains_json(analysis, [], []) == plain(analysis, [], []) == '{\n "teams": {},\n "workers": {}\n}\n'


def test_the_command_writes_the_same_bytes(runner, generated: Path) -> None:
    result = runner.invoke(cli, ["chains", str(generated), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert result.stdout == plain(chainmap.analyse(chainmap.load(generated)))


def test_hostile_worker_ids_are_encoded_as_json_dumps_does(tmp_path: Path) -> None:
    """Team ids are plain (FORMAT.md §1), but a worker's id is free text: quotes, backslashes,
    line separators, emoji, markup."""
    root = write_org(tmp_path / "hostile", [
        team("a.b", clients=["customers"], members=["Quote \" and \\ backslash", "Zoë\u2028«\u00a0»"]),
        team("c-d", clients=["a.b"], members=["Zoë\u2028«\u00a0»", "\U0001f600 </script>"]),
    ])
    analysis = chainmap.analyse(chainmap.load(root))
    assert len(analysis.org.workers) == 3
    assert chains_json(analysis) == plain(analysis)


def test_the_text_leaves_in_pieces_of_bounded_size(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chains_stream, "ENTRIES_PER_PIECE", 100)
    analysis = chainmap.analyse(chainmap.load(generated))
    pieces: List[str] = []
    write_chains_json(analysis, pieces.append)
    assert len(pieces) > 50  # 500 teams and 5,000 workers, 100 entries a piece
    assert max(map(len, pieces)) < 100 * 400
    assert "".join(pieces) == plain(analysis)


@settings(max_examples=100, deadline=None)
@random_organisations
def test_random_organisations_give_the_standard_librarys_bytes(ids, n_clients, edges, memberships) -> None:
    org, _links, _clients = organisation(list(ids), n_clients, edges, memberships)
    analysis = chainmap.analyse(org)
    assert chains_json(analysis) == plain(analysis)
