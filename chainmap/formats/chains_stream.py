"""``chainmap chains --format json``, written piece by piece: the bytes of
``json.dumps(chains_data(…), ensure_ascii=False, indent=1)``, never the whole text in memory.

Why: at a million workers the output is 200 MB, and building it as one dictionary of
dictionaries, then as one string through the standard encoder (whose indented form is pure
Python, element by element), took about two gigabytes and most of a minute. Here each
team's chain is encoded once, as the text it has wherever it appears (a team's own entry,
and each of its workers'), and each worker's entry is put together from those texts; the
output leaves in pieces of a few thousand entries. Memory grows with the teams, not with
the workers or the output.

The text is exactly the standard library's (``tests/test_chains_stream.py`` compares the
two on generated organisations): strings go through the encoder ``json.dumps`` uses, the
indentation and separators are those of ``indent=1``.

>>> import chainmap, json
>>> analysis = chainmap.analyse(chainmap.load(chainmap.example_path()))
>>> pieces = []
>>> write_chains_json(analysis, pieces.append)
>>> json.loads("".join(pieces))["teams"]["paie"]["chain"][-1]
'patients'
"""

from __future__ import annotations

from json.encoder import (
    encode_basestring,  # what json.dumps(ensure_ascii=False) quotes strings with
)
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..analysis import Analysis

__all__ = ["write_chains_json"]

ENTRIES_PER_PIECE = 4096
_ITEM = "\n    "  # a list item inside an entry's value: four levels of one-space indentation
_CLOSE = "\n   ]"


def write_chains_json(analysis: Analysis, write: Callable[[str], object], team_ids: Optional[Iterable[str]] = None,
                      worker_ids: Optional[Iterable[str]] = None) -> None:
    """Write the chains JSON of the teams and workers asked (default: all) through ``write``, in pieces.

    ``write`` is called with consecutive pieces of the text (a file's ``write``, or
    ``click.echo``): their concatenation is :func:`chainmap.formats.chains_json`'s text.
    """
    org = analysis.org
    teams = list(org.teams) if team_ids is None else list(team_ids)
    workers = org.workers if worker_ids is None else list(worker_ids)
    encoded = _EncodedChains(analysis)
    write('{\n "teams": ')
    _write_object(write, (_team_entry(encoded, team_id) for team_id in teams))
    write(',\n "workers": ')
    _write_object(write, (_worker_entry(encoded, worker_id, teams_of) for worker_id, teams_of
                          in zip(workers, _teams_of(org.workers, workers))))
    write("\n}\n")


def _write_object(write: Callable[[str], object], entries: Iterable[str]) -> None:
    """A JSON object at the second level, from its entries' texts, ``ENTRIES_PER_PIECE`` per piece."""
    piece: List[str] = []
    opened = False
    for entry in entries:
        piece.append(entry)
        if len(piece) == ENTRIES_PER_PIECE:
            write(("," if opened else "{") + ",".join(piece))
            opened, piece = True, []
    if piece:
        write(("," if opened else "{") + ",".join(piece))
        opened = True
    write("\n }" if opened else "{}")


def _teams_of(all_workers: Mapping, workers: Iterable[str]) -> Iterable[Sequence[str]]:
    """Each worker's teams, without making a Worker object for each when the mapping can say."""
    teams_by_worker = getattr(all_workers, "teams_by_worker", None)
    if teams_by_worker is not None:
        return map(teams_by_worker.__getitem__, workers)
    return (all_workers[worker_id].teams for worker_id in workers)


class _EncodedChains:
    """Each team's chain, reached end clients and one-team list, encoded once, when first needed."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.chains: Dict[str, Tuple[Optional[List[str]], str]] = {}
        self.alone: Dict[str, str] = {}

    def chain(self, team_id: str) -> Tuple[Optional[List[str]], str]:
        """The team's chain (``None``: none) and its text as a value."""
        known = self.chains.get(team_id)
        if known is None:
            chain = self.analysis.team_chain(team_id)
            known = self.chains[team_id] = (chain, _list_text(chain))
        return known

    def team_alone(self, team_id: str) -> str:
        """The text of the list ``[team_id]`` as a value: a worker of one team."""
        text = self.alone.get(team_id)
        if text is None:
            text = self.alone[team_id] = _list_text([team_id])
        return text


def _list_text(values: Optional[Sequence[str]]) -> str:
    """A list of strings (or ``None``) as ``json.dumps(indent=1)`` writes it as a value at the third level."""
    if values is None:
        return "null"
    if not values:
        return "[]"
    return "[" + _ITEM + ("," + _ITEM).join(map(encode_basestring, values)) + _CLOSE


def _team_entry(encoded: _EncodedChains, team_id: str) -> str:
    reached = encoded.analysis.chains.end_clients.get(team_id, ())
    return (f"\n  {encode_basestring(team_id)}: {{\n   \"chain\": {encoded.chain(team_id)[1]},"
            f"\n   \"end_clients\": {_list_text(reached)}\n  }}")


def _worker_entry(encoded: _EncodedChains, worker_id: str, teams: Sequence[str]) -> str:
    if len(teams) == 1:
        team_list, chain = encoded.team_alone(teams[0]), encoded.chain(teams[0])[1]
    else:
        team_list, chain = _list_text(teams), _shortest(encoded, teams)
    return f"\n  {encode_basestring(worker_id)}: {{\n   \"teams\": {team_list},\n   \"chain\": {chain}\n  }}"


def _shortest(encoded: _EncodedChains, teams: Sequence[str]) -> str:
    """The text of the shortest of the teams' chains, ties broken id by id (FORMAT.md §2), as
    :class:`~chainmap.analysis.chains.WorkerChains` chooses it."""
    candidates = [known for known in map(encoded.chain, teams) if known[0] is not None]
    if not candidates:
        return "null"
    return min(candidates, key=lambda known: (len(known[0]), known[0]))[1]  # type: ignore[arg-type]
