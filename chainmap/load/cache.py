"""A cache of what an organisation's files declare, so that no file is parsed twice, nor assembled twice.

Why: a large organisation is read in full on every command, though between two runs a
user changes one file or none. The cache keeps two things, in the user's cache folder:

- the *assembly*: the organisation as last put together (its teams, links, workers…, see
  :mod:`chainmap.load.org_pack`) with the hash and signature of each team file it was made
  of, and the hash of the ``org.yaml`` it was made with;
- the *files read since*: each team file read without a problem whose content is not the
  one in the assembly, with its team (so that a change is parsed once, not on every run).

A run then takes the assembly back, reads only the files whose content is not the one
kept (see :mod:`chainmap.load.file_records` for how a file is known unchanged), and puts
the organisation together again touching only the teams that changed
(:class:`~chainmap.load.live.LiveOrganisation`). The assembly is written anew when the
files read since it grow many, or ``org.yaml`` changed; otherwise only the small second
part is written.

**Never stale.** A file is known by the hash of its content; its times are only a
shortcut, for files that had not changed for :data:`~chainmap.load.file_records.SETTLED_SECONDS`
when read. A pack is kept only for the same chainmap code (its version and the source of
the loader), the same PyYAML and the same limits; anything else starts afresh.

**Never trusted blindly.** Each part is a msgpack document, which holds only plain values
(no code, unlike pickle), signed with a key kept in the user's own cache folder (readable
by them alone); the second part also names the assembly it follows. A part that is
corrupt, cut short, written by another user or another machine (say, committed beside the
organisation), or of an older format fails its signature or its checks and is ignored,
then written anew, atomically. Files with a problem are not kept: they are read each
time, and their messages are today's, in today's language.

Where: the user's cache folder (``platformdirs``: ``~/.cache/chainmap`` on Linux), or the
folder named by ``CHAINMAP_CACHE_DIR``; ``CHAINMAP_CACHE_DIR=beside`` keeps it in a hidden
``.chainmap-cache`` folder in the organisation's own folder. ``--no-cache`` (or
``CHAINMAP_NO_CACHE=1``) reads every file afresh. Deleting the folder clears it.
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..model import Declaration, Member, Source, Team
from .columns import made
from .file_records import DeclarationFile
from .files import Limits
from .org_pack import Assembly, pack_assembly, unpack_assembly
from .packs import (
    BESIDE,
    BESIDE_FOLDER,
    FOLDER_VARIABLE,
    NO_CACHE_VARIABLE,
    GraphCache,
    SignedPacks,
    cache_enabled,
    cache_folder,
    code_fingerprint,
    user_cache_root,
)

__all__ = ["BESIDE", "BESIDE_FOLDER", "DeclarationCache", "FOLDER_VARIABLE", "GraphCache", "NO_CACHE_VARIABLE", "cache_enabled",
           "cache_folder", "code_fingerprint", "user_cache_root"]

# The assembly is written anew once this many files were read since (or this share of them).
REWRITE_FROM_FILES = 64
REWRITE_SHARE = 32


class DeclarationCache(SignedPacks):
    """The packs of one organisation: its assembly, and the files read since."""

    def __init__(self, root: Path, limits: Limits, folder: Optional[Path] = None) -> None:
        super().__init__(root, limits, folder)
        self.path = self.folder / f"{self.name}.pack"  # the assembly
        self.since_path = self.folder / f"{self.name}.since"  # the files read since
        self.org_digest = b""
        self.base: Dict[str, list] = {}  # each file of the assembly: [signature, digest, settled]
        self.since: Dict[str, list] = {}  # each file read since: [signature, digest, settled, packed team or None]
        self._assembly: Optional[list] = None  # as read, until known() takes it
        self._has_assembly = False  # the pack holds one (read, or written by this run)
        self._base_mac = b""
        self._read()

    # -- what is kept -------------------------------------------------------------------

    def known(self, paths: Mapping[str, Path]) -> Tuple[Dict[str, DeclarationFile], Optional[Assembly]]:
        """The team files of ``paths`` (by path inside the organisation) as last read, and
        the assembly they were last put together in (``None``: none is kept)."""
        written = {relative: str(path) for relative, path in paths.items()}
        assembly = None
        if self._assembly is not None:
            # taken, not kept: its columns beside the teams made of them were the run's peak of memory
            packed, self._assembly = self._assembly, None
            try:
                assembly = unpack_assembly(packed, written)
            except (ValueError, TypeError, KeyError, IndexError):
                self.base, self.since = {}, {}
            del packed
        teams = {relative: assembly.teams[team_id] for team_id, relative in assembly.team_files.items()} if assembly else {}
        found: List[Tuple[str, list, Team]] = []
        for relative, record in ((relative, self.since.get(relative) or self.base.get(relative)) for relative in paths):
            if record is not None:
                team = teams.get(relative) if len(record) == 3 or record[3] is None else _team(record[3], written[relative])
                if team is not None:
                    found.append((relative, record, team))
        records = made(DeclarationFile, [relative for relative, _record, _team in found],
                       [paths[relative] for relative, _record, _team in found], [record[1] for _r, record, _t in found],
                       [tuple(record[0]) for _r, record, _t in found], [record[2] for _r, record, _t in found],
                       [team for _r, _record, team in found], [None] * len(found), [()] * len(found), [None] * len(found))
        return {record.relative: record for record in records}, assembly

    def keep(self, files: Mapping[str, DeclarationFile], assembled: Optional[Tuple[Any, Mapping[str, Any], bytes]]) -> None:
        """Keep ``files`` as read now, and ``assembled`` (the organisation, its team by file,
        ``org.yaml``'s digest), if given: the assembly anew when it pays, else the files
        read since it. A cache that cannot be written is only a slower next run."""
        try:
            if assembled is not None and self._rewrite(files, assembled):
                self._write_base(files, *assembled)
                self.since = {}
            self._write_since(files)
        except (OSError, ValueError, TypeError):
            pass

    def rewrites(self, files: Mapping[str, DeclarationFile], assembled: Optional[Tuple[Any, Mapping[str, Any], bytes]]) -> bool:
        """Whether :meth:`keep` would write the assembly anew (the long part of keeping)."""
        return assembled is not None and self._rewrite(files, assembled)

    def _rewrite(self, files: Mapping[str, DeclarationFile], assembled: Tuple[Any, Mapping[str, Any], bytes]) -> bool:
        _org, teams, org_digest = assembled
        if not self._has_assembly or org_digest != self.org_digest:
            return True
        since = sum(1 for relative in teams if _differs(files.get(relative), self.base.get(relative)))
        return since >= max(REWRITE_FROM_FILES, len(teams) // REWRITE_SHARE)

    def _write_base(self, files: Mapping[str, DeclarationFile], org: Any, teams: Mapping[str, Team], org_digest: bytes) -> None:
        paths = {relative: str(record.path) for relative, record in files.items()}
        team_files = {team.id: relative for relative, team in teams.items()}
        packed = pack_assembly(org, team_files, paths)
        if packed is None:
            return
        self.base = {relative: [list(files[relative].signature or ()), files[relative].digest, files[relative].settled]
                     for relative in teams}
        self.org_digest = org_digest
        self._has_assembly = True
        self._base_mac = self._write(self.path, [self._header(), org_digest, self.base, packed])

    def _write_since(self, files: Mapping[str, DeclarationFile]) -> None:
        since = {}
        for relative, record in files.items():
            base = self.base.get(relative)
            if record.team is not None and record.usable and _differs(record, base):
                same = base is not None and base[1] == record.digest
                since[relative] = [list(record.signature or ()), record.digest, record.settled,
                                   None if same else pack_team(record.team)]
        if since != self.since or not self.since_path.exists():
            self.since = since
            self._write(self.since_path, [self._header(), self._base_mac, since])

    # -- reading the packs -------------------------------------------------------------

    def _read(self) -> None:
        """The assembly and the files read since, if whole, signed by this user, and for this code."""
        base, mac = self._unpacked(self.path)
        if base is not None and len(base) == 4 and isinstance(base[2], dict):
            self.org_digest, self.base, self._assembly, self._base_mac = base[1], base[2], base[3], mac
            self._has_assembly = True
        since, _mac = self._unpacked(self.since_path)
        if since is not None and len(since) == 3 and since[1] == self._base_mac and isinstance(since[2], dict):
            self.since = since[2]


def _differs(record: Optional[DeclarationFile], base: Optional[list]) -> bool:
    """Whether a file as read now is not the file of the assembly (content, times or settling)."""
    if record is None or base is None:
        return record is not None
    return (record.digest != base[1] or list(record.signature or ()) != base[0]
            or record.settled != base[2])


def _team(packed: list, path: str) -> Optional[Team]:
    try:
        return unpack_team(packed, path)
    except (ValueError, TypeError, IndexError):
        return None


def pack_team(team: Team) -> list:
    """A team as plain values (its file's path left out: it is the record's)."""
    members: List[Any] = []
    for member in team.members:
        members += (member.id, member.name, member.role)
    return [team.id, team.name, team.department, team.enps,
            team.reviewed.toordinal() if team.reviewed is not None else None,
            team.source.line if team.source is not None else 0, members,
            _pack_links(team.clients), _pack_links(team.suppliers)]


def _pack_links(declarations: Tuple[Declaration, ...]) -> list:
    packed: List[Any] = []
    for declaration in declarations:
        packed += (declaration.id, declaration.what, declaration.satisfaction,
                   declaration.source.line if declaration.source is not None else 0)
    return packed


def unpack_team(packed: list, path: str) -> Team:
    """The team of :func:`pack_team`, declared in ``path``."""
    identifier, name, department, enps, reviewed, line, members, clients, suppliers = packed
    # map() over the three columns: half the time of a loop over triples (a million members)
    return Team(identifier, name, department, tuple(map(Member, members[0::3], members[1::3], members[2::3])), enps,
                dt.date.fromordinal(reviewed) if reviewed is not None else None,
                _unpack_links(clients, path), _unpack_links(suppliers, path), Source(path, line))


def _unpack_links(packed: list, path: str) -> Tuple[Declaration, ...]:
    sources = map(Source, repeat(path), packed[3::4])
    return tuple(map(Declaration, packed[0::4], packed[1::4], packed[2::4], sources))
