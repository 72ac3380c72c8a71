"""``chainmap chains --format json``, written piece by piece: the bytes of
``json.dumps(chains_data(…), ensure_ascii=False, indent=1)``, never the whole text in memory.

Why: at a million workers the output is 200 MB, and building it as one dictionary of
dictionaries, then as one string through the standard encoder (whose indented form is pure
Python, element by element), took about two gigabytes and most of a minute. Here each
team's chain is encoded from texts made once (see :class:`_EncodedChains`), the same
wherever it appears (a team's own entry, and each of its workers'), and each worker's
entry is put together from those texts; the output leaves in pieces of a few thousand
entries, or of a megabyte. Memory grows with the teams, not with the workers or the output.

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
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence

from ..analysis import Analysis

__all__ = ["write_chains_json"]

ENTRIES_PER_PIECE = 4096
PIECE_CHARACTERS = 1 << 20  # a piece leaves sooner when its entries are long
STRIDE = 64  # the chains kept as text: from the teams this many links apart (see _EncodedChains)
_NONE = -1
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
    size = 0
    for entry in entries:
        piece.append(entry)
        size += len(entry)
        if len(piece) == ENTRIES_PER_PIECE or size >= PIECE_CHARACTERS:
            write(("," if opened else "{") + ",".join(piece))
            opened, piece, size = True, [], 0
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
    """Each team's chain as the text of a JSON value, made from pieces that are kept.

    A chain is the team's id, then the chain of the next team on it: the text of the chain
    from every team whose distance to its end client is a multiple of :data:`STRIDE` is
    kept, and any other chain is at most ``STRIDE - 1`` ids followed by one of those. Why:
    keeping each team's whole text held the whole output in memory on a chain of 10,000
    teams (each team's chain holds every team after it: 50 million ids), and spelling each
    chain id by id took half a minute; the kept texts are 1/STRIDE of the chains' ids.
    """

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        chains = analysis.chains
        self.number, self.ids = chains.index.number, chains.index.ids
        self.steps, self.next_node = chains.steps, chains.next_node
        self.encoded: Dict[int, str] = {}
        self.kept: Dict[int, str] = {}
        self.alone: Dict[str, str] = {}

    def chain(self, team_id: str) -> str:
        """The text of the team's chain as a value (``null``: it has none)."""
        node = self.number.get(team_id)
        if node is None or self.steps[node] <= 0:
            return "null"
        return "[" + self._items(node) + _CLOSE

    def _items(self, node: int) -> str:
        """The chain from ``node`` as list items, without brackets."""
        if self.steps[node] % STRIDE == 0:
            return self._kept(node)
        head = []
        while node != _NONE and self.steps[node] % STRIDE:
            head.append(self._item(node))
            node = self.next_node[node]
        return ",".join(head) + ("," + self._kept(node) if node != _NONE else "")

    def _kept(self, node: int) -> str:
        """The items of the chain from a node at a multiple of :data:`STRIDE`, kept: made
        from the nearest kept chain beyond it (found without recursion)."""
        missing = []
        while node != _NONE and node not in self.kept:
            missing.append(node)
            node = self.next_node[node]
            while node != _NONE and self.steps[node] % STRIDE:
                node = self.next_node[node]
        for start in reversed(missing):
            head, node = [self._item(start)], self.next_node[start]
            while node != _NONE and self.steps[node] % STRIDE:
                head.append(self._item(node))
                node = self.next_node[node]
            self.kept[start] = ",".join(head) + ("," + self.kept[node] if node != _NONE else "")
        return self.kept[missing[0]] if missing else self.kept[node]

    def _item(self, node: int) -> str:
        text = self.encoded.get(node)
        if text is None:
            text = self.encoded[node] = _ITEM + encode_basestring(self.ids[node])
        return text

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
    return (f"\n  {encode_basestring(team_id)}: {{\n   \"chain\": {encoded.chain(team_id)},"
            f"\n   \"end_clients\": {_list_text(reached)}\n  }}")


def _worker_entry(encoded: _EncodedChains, worker_id: str, teams: Sequence[str]) -> str:
    if len(teams) == 1:
        team_list, chain = encoded.team_alone(teams[0]), encoded.chain(teams[0])
    else:
        team_list, chain = _list_text(teams), _shortest(encoded, teams)
    return f"\n  {encode_basestring(worker_id)}: {{\n   \"teams\": {team_list},\n   \"chain\": {chain}\n  }}"


def _shortest(encoded: _EncodedChains, teams: Sequence[str]) -> str:
    """The text of the shortest of the teams' chains, ties broken id by id (FORMAT.md §2), as
    :class:`~chainmap.analysis.chains.WorkerChains` chooses it."""
    chains = encoded.analysis.chains
    reaching = [team_id for team_id in teams if chains.has_chain(team_id)]
    if not reaching:
        return "null"
    # chains of distinct teams differ at their first id: the shortest, then the first team id, decides
    return encoded.chain(min(reaching, key=lambda team_id: (chains.length(team_id), team_id)))
