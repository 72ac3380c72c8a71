"""The cache of declarations: reused while a file is unchanged, never stale, never trusted blindly.

Each way a cache could go stale is made to happen on real files (edits within one tick,
a replacement with the same times, a checkout that rewrites times, another version of
chainmap, other limits, a damaged or foreign pack), and the load is compared with a load
that reads every file afresh.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import List

import pytest

import chainmap
from chainmap import parallel
from chainmap.cli import cli
from chainmap.load import Limits
from chainmap.load import cache as cache_module
from chainmap.load import live as live_module
from chainmap.load import packs as packs_module
from chainmap.load.cache import BESIDE_FOLDER, DeclarationCache, cache_folder

loader = importlib.import_module("chainmap.load.team_files")
records = importlib.import_module("chainmap.load.file_records")
AS_OF = "2026-11-23"


def team_text(identifier: str, client: str, member: str = "Ann") -> str:
    return f"id: {identifier}\nname: Team {identifier}\nmembers:\n  - {member}\nclients:\n  - {client}\n"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    root = tmp_path / "org"
    (root / "teams").mkdir(parents=True)
    (root / "org.yaml").write_text("org: Test\nend_clients:\n  - id: people\n", encoding="utf-8")
    for index in range(6):
        (root / "teams" / f"t{index}.yaml").write_text(team_text(f"t{index}", "people"), encoding="utf-8")
    settle(root)
    return root


def settle(root: Path, seconds_ago: int = 60) -> None:
    """Make every file look written a minute ago (ctime stays now: the cache hashes them once)."""
    for path in root.rglob("*.yaml"):
        stamp = path.stat().st_mtime_ns - seconds_ago * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def parsed(monkeypatch) -> List[str]:
    """The files parsed (not taken from the cache) during the test."""
    seen: List[str] = []
    original = loader.team_of_text

    def counting(path, text, limits):
        seen.append(Path(path).name)
        return original(path, text, limits)

    monkeypatch.setattr(loader, "team_of_text", counting)
    return seen


def load(root: Path, **options) -> chainmap.Org:
    return chainmap.load(root, cache=True, processes=1, **options)


def settled_records(root: Path, monkeypatch) -> None:
    """Make the pack's records settled, as they are once their files are a few seconds old."""
    with monkeypatch.context() as patched:
        patched.setattr(records, "SETTLED_SECONDS", -10 ** 6)
        load(root)


def record_of(root: Path, relative: str) -> list:
    """A file's record in the packs: its signature, digest and settling (``[]``: none)."""
    pack = DeclarationCache(root, Limits())
    return (pack.since.get(relative) or pack.base.get(relative) or [])[:3]


def test_a_second_load_parses_nothing_and_gives_the_same_org(org: Path, parsed: List[str], monkeypatch) -> None:
    first = load(org)
    assert len(parsed) == 6
    parsed.clear()
    second = load(org)  # files hashed once more (their ctime is recent), none parsed
    assert parsed == [] and second == first
    settled_records(org, monkeypatch)
    assert load(org) == first and parsed == []
    assert load(org) == chainmap.load(org)


def test_the_workers_of_a_warm_load_are_counted_before_they_are_made(org: Path) -> None:
    """A warm run counts the workers from the pack; the index, made when first read, is a fresh load's."""
    fresh = chainmap.load(org)
    load(org)
    workers = load(org).workers
    assert len(workers) == len(fresh.workers)
    with pytest.raises(AttributeError):
        object.__getattribute__(workers, "_names")  # not made: counting them needed none
    assert list(workers.items()) == list(fresh.workers.items())
    assert dict(workers.teams_by_worker) == dict(fresh.workers.teams_by_worker) and len(workers) == len(fresh.workers)


def test_chainmap_weak_on_a_warm_load_reads_no_team_s_members(org: Path) -> None:
    """A warm load's teams keep their members packed: the analysis and `weak`'s text count
    them without unpacking any, and a team read afterwards has the members of a fresh load."""
    from chainmap.formats.text import weak_text
    from chainmap.load.packed_members import PackedMembers

    load(org)
    warm = load(org)
    weak_text(chainmap.analyse(warm))
    members = [team.members for team in warm.teams.values()]
    assert all(isinstance(each, PackedMembers) and not each.unpacked for each in members)
    assert warm.teams == chainmap.load(org).teams


def test_an_assembly_written_anew_after_members_changed_equals_a_fresh_load(org: Path, monkeypatch) -> None:
    """The assembly is written anew once enough files changed since (here: one). Written from
    a warm run after a member changed (its teams' members still packed, its workers' index
    not made yet), it comes back as a fresh load of the files."""
    monkeypatch.setattr(cache_module, "REWRITE_FROM_FILES", 1)
    load(org)
    (org / "teams" / "t2.yaml").write_text(team_text("t2", "people", member="Zoé"), encoding="utf-8")
    (org / "teams" / "t4.yaml").write_text(team_text("t4", "t1", member="Ann"), encoding="utf-8")
    load(org)  # reassembled, and the assembly written anew
    rewritten = DeclarationCache(org.resolve(), Limits())
    assert rewritten.since == {} and "teams/t2.yaml" in rewritten.base
    warm, fresh = load(org), chainmap.load(org)
    assert warm.teams == fresh.teams and warm.links == fresh.links
    assert warm.shared_members == fresh.shared_members and list(warm.workers.items()) == list(fresh.workers.items())


def test_a_file_changed_within_the_same_second_is_read_afresh(org: Path, parsed: List[str]) -> None:
    """Same size, same modification time (set back): the change time and the hash see it."""
    path = org / "teams" / "t1.yaml"
    load(org)
    before = path.stat()
    path.write_text(team_text("t1", "people", member="Bob"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    parsed.clear()
    team = load(org).teams["t1"]
    assert [m.name for m in team.members] == ["Bob"] and parsed == ["t1.yaml"]


def test_a_file_changed_twice_in_one_tick_is_never_settled(org: Path) -> None:
    """A file changed less than SETTLED_SECONDS before it was read is hashed again next time,
    even if its size and times then look the same (the file system's clock has ticks)."""
    path = org / "teams" / "t2.yaml"
    path.write_text(team_text("t2", "people", member="Eve"), encoding="utf-8")  # just now
    load(org)
    assert record_of(org, "teams/t2.yaml")[2] is False


def test_an_unsettled_record_with_the_same_signature_is_hashed(org: Path, parsed: List[str], monkeypatch) -> None:
    """The racy case itself: a second edit within the tick, size and times unchanged."""
    monkeypatch.setattr(records, "signature_of", lambda status: (1, 2, 3, 4, 5))
    monkeypatch.setattr(loader, "signature_of", lambda status: (1, 2, 3, 4, 5))
    monkeypatch.setattr(records, "SETTLED_SECONDS", 10 ** 10)  # nothing is ever settled
    load(org)
    (org / "teams" / "t3.yaml").write_text(team_text("t3", "people", member="Zoe"), encoding="utf-8")
    parsed.clear()
    team = load(org).teams["t3"]
    assert [m.name for m in team.members] == ["Zoe"] and parsed == ["t3.yaml"]


def test_a_file_replaced_by_one_with_the_same_times_is_read_afresh(org: Path, parsed: List[str], monkeypatch) -> None:
    path = org / "teams" / "t4.yaml"
    load(org)
    settled_records(org, monkeypatch)
    before = path.stat()
    other = org / "t4.new"
    other.write_text(team_text("t4", "people", member="Max"), encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)
    parsed.clear()
    team = load(org).teams["t4"]
    assert [m.name for m in team.members] == ["Max"] and parsed == ["t4.yaml"]


def test_a_checkout_that_rewrites_times_reuses_unchanged_content_and_reads_changed(org: Path, parsed: List[str], monkeypatch) -> None:
    load(org)
    settled_records(org, monkeypatch)
    (org / "teams" / "t5.yaml").write_text(team_text("t5", "t0"), encoding="utf-8")
    for path in org.rglob("*.yaml"):
        os.utime(path)  # every file's times are now
    parsed.clear()
    loaded = load(org)
    assert parsed == ["t5.yaml"]
    assert loaded.teams["t5"].clients[0].id == "t0"
    assert loaded == chainmap.load(org)


def test_another_version_of_chainmap_reads_every_file_afresh(org: Path, parsed: List[str], monkeypatch) -> None:
    load(org)
    monkeypatch.setattr(packs_module, "_FINGERPRINT", "another version")
    parsed.clear()
    load(org)
    assert len(parsed) == 6


def test_other_limits_read_every_file_afresh(org: Path, parsed: List[str]) -> None:
    load(org)
    parsed.clear()
    load(org, limits=Limits(max_file_bytes=5000))
    assert len(parsed) == 6
    big = org / "teams" / "t0.yaml"
    big.write_text(team_text("t0", "people") + "# " + "x" * 6000 + "\n", encoding="utf-8")
    load(org)
    with pytest.raises(chainmap.LoadError, match="more than the 5,000"):
        load(org, limits=Limits(max_file_bytes=5000))


@pytest.mark.parametrize("damage", ["cut short", "one byte changed", "garbage", "empty"])
def test_a_damaged_pack_is_ignored_and_written_anew(org: Path, parsed: List[str], damage: str) -> None:
    first = load(org)
    pack = DeclarationCache(org, Limits()).path
    data = pack.read_bytes()
    pack.write_bytes({"cut short": data[: len(data) // 2], "one byte changed": data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
                      "garbage": os.urandom(len(data)), "empty": b""}[damage])
    parsed.clear()
    assert load(org) == first and len(parsed) == 6
    assert pack.read_bytes() != b"" and DeclarationCache(org, Limits()).base  # rewritten, and whole


def test_a_pack_signed_by_someone_else_is_never_trusted(org: Path, parsed: List[str], monkeypatch, tmp_path: Path) -> None:
    """A pack placed beside an organisation (committed to its repository, say) cannot inject teams."""
    import msgpack

    monkeypatch.setenv("CHAINMAP_CACHE_DIR", "beside")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    load(org)
    forged = DeclarationCache(org, Limits())
    body = msgpack.unpackb(forged.path.read_bytes()[len(packs_module.MAGIC) + 32:], raw=False)
    body[3][1][1][0] = "Injected name"  # the first team's name, in the assembly
    forged._write(forged.path, body)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "me"))
    parsed.clear()
    teams = load(org).teams
    assert teams["t0"].name == "Team t0" and len(parsed) == 6


def test_the_assembly_is_written_once_then_runs_add_only_the_files_read_since(org: Path, parsed: List[str]) -> None:
    """A warm run writes nothing, and one file changed is kept in the second, small pack:
    rewriting the assembly of a large organisation on every run would cost more than it saves."""
    load(org)
    pack = DeclarationCache(org, Limits())
    written = pack.path.stat().st_mtime_ns, pack.path.stat().st_ino
    load(org)
    assert (pack.path.stat().st_mtime_ns, pack.path.stat().st_ino) == written and DeclarationCache(org, Limits()).since == {}
    (org / "teams" / "t1.yaml").write_text(team_text("t1", "people", member="Bob"), encoding="utf-8")
    parsed.clear()
    warm = load(org)
    assert parsed == ["t1.yaml"] and warm == chainmap.load(org)
    assert (pack.path.stat().st_mtime_ns, pack.path.stat().st_ino) == written
    assert "teams/t1.yaml" in DeclarationCache(org, Limits()).since


def test_a_pack_is_written_in_pieces_that_make_the_bytes_of_one_whole(org: Path) -> None:
    """Written piece by piece (never whole in memory), signed as it goes: the same bytes as
    msgpack packing the whole at once, which is what a warm run then trusts and reads."""
    import msgpack

    load(org)
    (org / "teams" / "t1.yaml").write_text(team_text("t1", "people", member="Bob"), encoding="utf-8")
    load(org)
    pack = DeclarationCache(org, Limits())
    for path in (pack.path, pack.since_path):
        body = path.read_bytes()[len(packs_module.MAGIC) + 32:]
        content = msgpack.unpackb(body, raw=False, strict_map_key=True)
        pieces = list(packs_module._packed_pieces(msgpack.Packer(use_bin_type=True), content))
        assert len(pieces) > 3 and b"".join(pieces) == msgpack.packb(content, use_bin_type=True) == body


@pytest.mark.skipif(not parallel._can_fork(), reason="writes in the background only where a process can be forked")
def test_a_large_first_load_writes_its_assembly_beside_the_rest_of_the_run(org: Path, parsed: List[str], monkeypatch) -> None:
    """Read once (`chainmap.load`), a large organisation's new assembly is written by a forked
    process while the run goes on; the run waits for it before it ends. A long-lived reader
    (the server's) writes it itself: it reads the cache again."""
    started: List[object] = []

    def spied(task) -> bool:
        started.append(task)
        return parallel.in_background(task)

    monkeypatch.setattr(live_module, "KEEP_IN_BACKGROUND_FROM", 2)
    monkeypatch.setattr(live_module, "in_background", spied)
    first = load(org)
    assert len(started) == 1
    parallel.wait_for_background()
    parsed.clear()
    assert load(org) == first and parsed == [] and len(started) == 1  # nothing new to write: no process
    (org / "org.yaml").write_text("org: Renamed\nend_clients:\n  - id: people\n", encoding="utf-8")
    assert live_module.LiveOrganisation(org, cache=True).org.name == "Renamed"  # a new assembly, written here
    assert len(started) == 1 and parsed == []
    assert DeclarationCache(org, Limits()).org_digest != b"" and load(org).name == "Renamed" and parsed == []


def test_a_pack_of_files_read_since_follows_its_own_assembly_only(org: Path, parsed: List[str]) -> None:
    """The second pack names the assembly it follows: beside another assembly (after
    org.yaml changed, the assembly is written anew), an older one is not used."""
    load(org)
    (org / "teams" / "t1.yaml").write_text(team_text("t1", "people", member="Bob"), encoding="utf-8")
    load(org)
    pack = DeclarationCache(org, Limits())
    assert "teams/t1.yaml" in pack.since
    older = pack.since_path.read_bytes()
    (org / "org.yaml").write_text("org: Renamed\nend_clients:\n  - id: people\n", encoding="utf-8")
    load(org)
    assert DeclarationCache(org, Limits()).since == {}
    pack.since_path.write_bytes(older)
    assert DeclarationCache(org, Limits()).since == {}
    parsed.clear()
    assert load(org) == chainmap.load(org)


def test_beside_keeps_the_pack_in_a_hidden_folder_the_loader_does_not_read(org: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHAINMAP_CACHE_DIR", "beside")
    first = load(org)
    assert cache_folder(org) == org / BESIDE_FOLDER and list((org / BESIDE_FOLDER).glob("*.pack"))
    assert load(org) == first


def test_files_with_problems_are_not_kept_and_keep_their_messages(org: Path, parsed: List[str]) -> None:
    (org / "teams" / "bad.yaml").write_text("id: bad\nclients:\n  - nobody\nenps: 300\n", encoding="utf-8")
    messages = []
    for _run in range(2):
        with pytest.raises(chainmap.LoadError) as error:
            load(org)
        messages.append([str(problem) for problem in error.value.problems])
    assert messages[0] == messages[1] and any("enps" in m for m in messages[0])
    assert record_of(org, "teams/bad.yaml") == []


def test_a_deleted_file_is_forgotten(org: Path, parsed: List[str]) -> None:
    load(org)
    (org / "teams" / "t5.yaml").unlink()
    assert "t5" not in load(org).teams
    (org / "teams" / "t5.yaml").write_text(team_text("t5", "people", member="New"), encoding="utf-8")
    parsed.clear()
    assert [m.name for m in load(org).teams["t5"].members] == ["New"] and parsed == ["t5.yaml"]


def test_no_cache_neither_reads_nor_writes_a_pack(org: Path, runner, monkeypatch) -> None:
    result = runner.invoke(cli, ["weak", str(org), "--no-cache", "--as-of", AS_OF])
    assert result.exit_code in (0, 1), result.output
    assert not DeclarationCache(org, Limits()).path.exists()
    runner.invoke(cli, ["weak", str(org), "--as-of", AS_OF])
    assert DeclarationCache(org, Limits()).path.exists()
    DeclarationCache(org, Limits()).path.unlink()
    monkeypatch.setenv("CHAINMAP_NO_CACHE", "1")
    chainmap.load(org, cache=True)
    assert not DeclarationCache(org, Limits()).path.exists()


def test_findings_are_byte_for_byte_those_of_a_cold_run_after_every_kind_of_change(org: Path, runner, monkeypatch) -> None:
    def findings(*extra: str) -> str:
        result = runner.invoke(cli, ["weak", str(org), "--format", "json", "--as-of", AS_OF, *extra])
        assert result.exit_code in (0, 1), result.output
        json.loads(result.stdout)
        return result.stdout

    findings()
    path = org / "teams" / "t1.yaml"
    before = path.stat()
    path.write_text(team_text("t1", "t2", member="Bob"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert findings() == findings("--no-cache")
    for each in org.rglob("*.yaml"):
        os.utime(each)
    (org / "teams" / "t2.yaml").write_text(team_text("t2", "t3"), encoding="utf-8")
    assert findings() == findings("--no-cache")
    monkeypatch.setattr(packs_module, "_FINGERPRINT", "another version")
    assert findings() == findings("--no-cache")
