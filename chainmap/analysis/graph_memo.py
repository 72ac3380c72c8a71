"""The chains and the dominator tree of a run, kept for the next one.

Why: both are computed from the link index alone (:class:`~chainmap.analysis.indexed.LinkIndex`:
the numbered teams and end clients, and the rows of links the chains follow), and on a large
organisation they are a third of the analysis. A run after a comment, a score, a name or a
member changed has the same index, so the same chains and tree: they are taken back instead.

Never stale by construction: they are kept under a digest of every field of the index and
of the source of the code that computes them, and given back only under the same digest;
any other index, or other code, computes them afresh (and keeps those). Where they are kept
is the caller's: a :class:`Memo` (the command line gives :class:`chainmap.load.packs.GraphCache`,
signed and in the user's cache folder, unless ``--no-cache``).
"""

from __future__ import annotations

import hashlib
from array import array
from pathlib import Path
from typing import Optional, Protocol, Tuple

from .chains import Chains, shortest_chains
from .dominators import DominatorTree, dominator_tree
from .indexed import LinkIndex

__all__ = ["Memo", "chains_and_tree", "index_digest"]


class Memo(Protocol):
    """Where values are kept between runs, each under the digest it was computed for."""

    def recall(self, key: bytes) -> Optional[list]: ...

    def keep(self, key: bytes, value: list) -> None: ...


def chains_and_tree(links: LinkIndex, memo: Optional[Memo] = None) -> Tuple[Chains, DominatorTree]:
    """:func:`~chainmap.analysis.chains.shortest_chains` and
    :func:`~chainmap.analysis.dominators.dominator_tree` of ``links``, taken from ``memo``
    when it kept them for this very index (see the module docstring)."""
    if memo is None:
        return shortest_chains(links), dominator_tree(links)
    key = index_digest(links)
    kept = _made_again(links, memo.recall(key))
    if kept is not None:
        return kept
    chains, tree = shortest_chains(links), dominator_tree(links)
    memo.keep(key, _kept_form(chains, tree))
    return chains, tree


def index_digest(links: LinkIndex) -> bytes:
    """A digest of every field of ``links`` and of the code that computes from them."""
    digest = hashlib.blake2b(_code_digest(), digest_size=32)
    digest.update(len(links.ids).to_bytes(8, "little"))
    digest.update("\0".join(links.ids).encode("utf-8", "surrogatepass"))
    for column in (array("q", links.end_clients), links.is_end_client, links.client_start, links.client_list,
                   links.supplier_start, links.supplier_list, links.link_supplier, links.link_client, links.link_confirmed):
        digest.update(len(column).to_bytes(8, "little"))
        digest.update(bytes(column) if isinstance(column, bytearray) else column.tobytes())
    return digest.digest()


def _kept_form(chains: Chains, tree: DominatorTree) -> list:
    """The chains and tree as plain bytes, the form :func:`_made_again` reads back."""
    reach = [bits.to_bytes((bits.bit_length() + 7) // 8, "little") for bits in chains.reach]
    return [chains.steps.tobytes(), chains.next_node.tobytes(), reach, tree.post.tobytes(), tree.rank.tobytes(),
            tree.idom.tobytes()]


def _made_again(links: LinkIndex, kept: Optional[list]) -> Optional[Tuple[Chains, DominatorTree]]:
    """The chains and tree of a kept value, or ``None`` when it is not whole."""
    try:
        steps_bytes, next_bytes, reach_bytes, post_bytes, rank_bytes, idom_bytes = kept  # type: ignore[misc]
        steps, next_node, post, rank, idom = (_numbers(data) for data in (steps_bytes, next_bytes, post_bytes, rank_bytes, idom_bytes))
        reach = [int.from_bytes(bits, "little") for bits in reach_bytes]
    except (TypeError, ValueError):
        return None
    size = len(links)  # the tree ranks the virtual root too
    if not (len(steps) == len(next_node) == len(reach) == size and len(rank) == size + 1 and len(post) == len(idom) and post):
        return None
    return Chains(links, steps, next_node, reach), DominatorTree(post, rank, idom)


def _numbers(data: bytes) -> array:
    numbers = array("i")
    numbers.frombytes(data)
    return numbers


_CODE_DIGEST: Optional[bytes] = None


def _code_digest() -> bytes:
    """The source of the modules the chains and the tree are computed by."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest = hashlib.blake2b(digest_size=32)
        folder = Path(__file__).resolve().parent
        for name in ("chains.py", "dominators.py", "lengauer_tarjan.py", "indexed.py", "graph_memo.py"):
            try:
                digest.update((folder / name).read_bytes())
            except OSError:
                digest.update(b"?")
        _CODE_DIGEST = digest.digest()
    return _CODE_DIGEST
