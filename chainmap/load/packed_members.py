"""A team's members as the cache keeps them, made into :class:`~chainmap.model.Member` objects when first read.

Why: a warm run of ``chainmap weak`` counts each team's members but reads none of them,
yet unpacking a large organisation's million members and making a :class:`Member` of each
was about a seventh of such a run (benchmarks/RESULTS.md). The cache now keeps each team's
members as one small msgpack document of its own (ids, names, roles), and a team taken
back from the cache holds a :class:`PackedMembers`: its length is known at once, and the
members are unpacked, for that team alone, the first time something reads them. A team
whose members are never read is never unpacked, and is packed again as it was.

A :class:`PackedMembers` stands for the tuple of its members: it is equal to it, hashes
as it does, adds to a tuple as it would, and pickles as that tuple, so that a team taken
from the cache equals the same team read from its file.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, chain
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union, overload

import msgpack

from ..model import Member, Team

__all__ = ["PackedMembers", "member_blobs", "members_of_blobs", "member_columns_of_blobs", "member_finder"]


class PackedMembers(Sequence[Member]):
    """The members of one team, kept packed until first read (see the module docstring)."""

    __slots__ = ("_packed", "_count", "_members")

    def __init__(self, packed: bytes, count: int) -> None:
        self._packed = packed
        self._count = count
        self._members: Optional[Tuple[Member, ...]] = None

    @property
    def packed(self) -> bytes:
        """The msgpack document the members are kept in (ids, then names, then roles)."""
        return self._packed

    @property
    def unpacked(self) -> bool:
        """Whether the members were read (and so made) already."""
        return self._members is not None

    def members(self) -> Tuple[Member, ...]:
        """The tuple of the members, made on the first call."""
        if self._members is None:
            ids, names, roles = _columns(self._packed)
            if not len(ids) == len(names) == len(roles) == self._count:
                raise ValueError("packed members do not match their count")
            self._members = tuple(map(Member, ids, names, roles))
        return self._members

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    @overload
    def __getitem__(self, index: int) -> Member: ...

    @overload
    def __getitem__(self, index: slice) -> Tuple[Member, ...]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Member, Tuple[Member, ...]]:
        return self.members()[index]

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedMembers):
            return self._packed == other._packed or self.members() == other.members()
        if isinstance(other, tuple):
            return len(other) == self._count and self.members() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.members())

    def __add__(self, other: object) -> Tuple[Any, ...]:
        if isinstance(other, (tuple, PackedMembers)):
            return self.members() + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> Tuple[Any, ...]:
        if isinstance(other, tuple):
            return other + self.members()
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.members())

    def __reduce__(self) -> Tuple[type, Tuple[Tuple[Member, ...]]]:
        return tuple, (self.members(),)


def member_blobs(teams: List[Team]) -> List[bytes]:
    """Each team's members as one msgpack document (those kept packed, as they were)."""
    return [_blob(team.members) for team in teams]


def _blob(members: Sequence[Member]) -> bytes:
    if isinstance(members, PackedMembers) and not members.unpacked:
        return members.packed
    return msgpack.packb([[member.id for member in members], [member.name for member in members],
                          [member.role for member in members]])


def members_of_blobs(blobs: List[bytes], counts: List[int]) -> List[PackedMembers]:
    """The members of :func:`member_blobs`, each team's still packed."""
    if len(blobs) != len(counts) or not all(isinstance(blob, bytes) for blob in blobs):
        raise TypeError("not a pack's members")
    return list(map(PackedMembers, blobs, counts))


def member_columns_of_blobs(blobs: List[bytes]) -> Tuple[List[str], List[str]]:
    """Every member's id and name, teams one after the other (for the workers' index)."""
    columns = list(map(_columns, blobs))
    return (list(chain.from_iterable(column[0] for column in columns)),
            list(chain.from_iterable(column[1] for column in columns)))


def member_finder(blobs: List[bytes]) -> Callable[[str], Optional[int]]:
    """A finder of the first team (by its number among ``blobs``) that lists a member id.

    Why: a member who joins a team may be a worker of another team already, or someone new:
    to know without unpacking a million members, the packed teams are searched as bytes for
    the id as msgpack writes it (one scan at the speed of memory), and only a team where it
    is found is unpacked, to confirm it is one of its ids (not a stretch of a name)."""
    joined: List[bytes] = []
    ends: List[int] = []

    def find(member_id: str) -> Optional[int]:
        if not joined:
            joined.append(b"".join(blobs))
            ends.extend(accumulate(map(len, blobs)))
        needle = msgpack.packb(member_id)
        at = joined[0].find(needle)
        while at != -1:
            number = bisect_right(ends, at)
            if member_id in _columns(blobs[number])[0]:
                return number
            at = joined[0].find(needle, at + 1)
        return None
    return find


def _columns(blob: bytes) -> List[List[Any]]:
    return msgpack.unpackb(blob, use_list=True, raw=False)
