"""A team's members kept packed by the cache stand for the tuple of their members."""

from __future__ import annotations

import pickle

from chainmap.load.packed_members import PackedMembers, member_blobs, members_of_blobs
from chainmap.model import Member, Team

MEMBERS = (Member("p1", "Ann Lee", "lead"), Member("p2", "Bob Roy"))


def packed() -> PackedMembers:
    team = Team("t", "T", members=MEMBERS)
    return members_of_blobs(member_blobs([team]), [len(MEMBERS)])[0]


def test_counting_the_members_does_not_unpack_them() -> None:
    members = packed()
    assert len(members) == 2 and members
    assert not members.unpacked


def test_they_equal_and_hash_as_the_tuple_of_their_members() -> None:
    members = packed()
    assert members == MEMBERS and MEMBERS == members and hash(members) == hash(MEMBERS)
    assert Team("t", "T", members=members) == Team("t", "T", members=MEMBERS)  # type: ignore[arg-type]
    assert members != MEMBERS[:1] and MEMBERS[:1] != members


def test_they_read_add_and_pickle_as_a_tuple() -> None:
    members = packed()
    assert members[0] == MEMBERS[0] and members[-1:] == MEMBERS[-1:] and list(members) == list(MEMBERS)
    assert members + () == MEMBERS and () + members == MEMBERS
    assert (*members,) == MEMBERS
    copy = pickle.loads(pickle.dumps(members))
    assert type(copy) is tuple and copy == MEMBERS


def test_members_never_read_are_packed_again_as_they_were() -> None:
    members = packed()
    team = Team("t", "T", members=members)  # type: ignore[arg-type]
    assert member_blobs([team]) == [members.packed] and not members.unpacked
