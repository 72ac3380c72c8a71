"""Saving an organisation, the inverse of :mod:`chainmap.load`: YAML folder, single YAML file,
workbook, CSV folder.

A new output form is one more entry in :func:`org_files` (its files as bytes) and in
:data:`FORMS`. Each form reads back (with :func:`chainmap.load`) as the same model: see
:func:`chainmap.save.compare.same_model`. Output is deterministic. Inputs are never
overwritten, and an existing output is replaced only when asked (``force``); a folder is
written into only when every declaration file already in it is one chainmap writes, so
that no stale team file is left behind to be read as a team.

>>> import chainmap, tempfile, pathlib
>>> org = chainmap.load(chainmap.example_path())
>>> out = pathlib.Path(tempfile.mkdtemp()) / "hopital.xlsx"
>>> _ = write_org(org, out)
>>> same_model(chainmap.load(out), org)
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from ..errors import ChainmapError, UsageError
from ..files.safe_write import refuse_inside_organisation, write_bytes
from ..files.staged import write_folder
from ..i18n import _
from ..load.files import Limits
from ..load.regular import RefusedFile, read_bytes
from ..model import Org
from .compare import model_differences, same_model, without_sources
from .rows import org_tables
from .workbook import csv_files, workbook_bytes
from .yaml_text import org_yaml, single_file_yaml, team_file_name, team_yaml

__all__ = ["FORMS", "refuse_overlap", "guess_form", "check_form", "org_files", "write_org", "same_model", "model_differences", "without_sources"]

FORMS = ("yaml-folder", "yaml-file", "xlsx", "csv-folder")
FOLDER_FORMS = ("yaml-folder", "csv-folder")


def guess_form(path: Path) -> str:
    """The form an output path asks for: ``.xlsx``, ``.yaml``/``.yml``, else a YAML folder.

    A name ending in another extension (``x.txt``, ``org.md``) is refused rather than made a
    folder of that name: the person meant a file chainmap does not write. A suffix of digits
    (``hopital-2026.11``) or an existing folder is still a folder.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".yaml", ".yml"):
        return "yaml-file"
    if suffix in (".csv", ".xls", ".ods", ".json"):
        raise UsageError(_("{path}: chainmap writes an organisation as a folder (YAML or CSV files), a .yaml file or an .xlsx workbook; for CSV files give a folder name and --to csv-folder").format(path=path))
    if any(c.isalpha() for c in suffix) and not Path(path).is_dir():
        raise UsageError(_("{path}: chainmap does not write {suffix} files: name the output .yaml or .yml (one YAML file), .xlsx or .xlsm (a workbook), or give a folder name without extension; for a folder whose name ends like this, add --to yaml-folder or --to csv-folder").format(
            path=path, suffix=suffix))
    return "yaml-folder"


_FILE_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "yaml-file": (".yaml", ".yml")}
_ANY_FILE_SUFFIX = (".xlsx", ".xlsm", ".yaml", ".yml", ".csv", ".xls", ".ods", ".json")


def check_form(path: Path, form: str) -> None:
    """Refuse an output name that contradicts the form asked for with ``--to``, before writing.

    chainmap reads a file back by its extension (and so do Excel and editors): a workbook
    named ``out``, or a YAML folder named ``out.xlsx``, could not be opened as what it is.
    """
    suffix = Path(path).suffix.lower()
    if form in _FILE_SUFFIXES and suffix not in _FILE_SUFFIXES[form]:
        wanted = _FILE_SUFFIXES[form][0]
        raise UsageError(_("{path}: --to {form} writes a file whose name must end in {suffix}, or neither chainmap nor other programs will know how to open it: name it {example}").format(
            path=path, form=form, suffix=wanted, example=Path(path).with_suffix(wanted).name if suffix else f"{Path(path).name}{wanted}"))
    if form in FOLDER_FORMS and suffix in _ANY_FILE_SUFFIX:
        raise UsageError(_("{path}: --to {form} writes a folder, but this name ends in {suffix} like a file: give a folder name, or leave out --to to write a file").format(
            path=path, form=form, suffix=suffix))


def org_files(org: Org, form: str) -> Dict[str, bytes]:
    """The files of ``org`` in ``form``: ``{relative path: content}`` (``""``: the path itself)."""
    if form == "xlsx":
        return {"": workbook_bytes(org_tables(org))}
    if form == "csv-folder":
        return csv_files(org_tables(org))
    if form == "yaml-file":
        return {"": single_file_yaml(org, _("The organisation {name}, declared for chainmap.").format(name=org.name)).encode("utf-8")}
    if form == "yaml-folder":
        files = {"org.yaml": org_yaml(org, _("The organisation {name}: its end clients and settings. Teams are in teams/.").format(name=org.name)).encode("utf-8")}
        for team in org.teams.values():
            files[team_file_name(team)] = team_yaml(team).encode("utf-8")
        return files
    raise UsageError(_("unknown output form `{form}`: choose one of {forms}").format(form=form, forms=", ".join(FORMS)))


def write_org(org: Org, path: Path, form: Optional[str] = None, force: bool = False) -> List[Path]:
    """Write ``org`` to ``path`` in ``form`` (guessed from the path when ``None``); the paths written."""
    path = Path(path)
    form = form or guess_form(path)
    if form in ("yaml-folder", "yaml-file"):
        refuse_inside_organisation(path)
    files = org_files(org, form)
    if form == "yaml-folder" and path.is_dir():
        files = _where_teams_already_are(org, path, files)
    if form in FOLDER_FORMS:
        _check_folder(path, set(files), force)
    elif path.exists() and not force:
        raise ChainmapError(_("{path} already exists: add --force to replace it, or choose another name").format(path=path))
    if form in FOLDER_FORMS:  # all or nothing, even when stopped half-way (chainmap.files.staged)
        return write_folder(path, files)
    write_bytes(path, files[""])
    return [path]


def _check_folder(folder: Path, planned: set, force: bool) -> None:
    """A folder output must be new or empty, or (with force) hold only files chainmap writes.

    A declaration that would stay is named first, even without force: --force would not
    help, and advising it sent the person round twice.
    """
    if folder.exists() and not folder.is_dir():
        raise ChainmapError(_("{path} is a file, but this output is a folder: choose a folder name").format(path=folder))
    if not folder.exists() or not any(folder.iterdir()):
        return
    for existing in _declarations_read_in(folder):
        relative = existing.relative_to(folder).as_posix()
        if relative not in planned:
            raise ChainmapError(_("{path} would stay beside the converted files and be read as part of the organisation: move it away, or write into a new folder").format(path=existing))
    if not force:
        raise ChainmapError(_("the folder {path} is not empty: choose a new folder, or add --force to replace the files chainmap writes there").format(path=folder))


def _where_teams_already_are(org: Org, folder: Path, files: Dict[str, bytes]) -> Dict[str, bytes]:
    """The same files, each team's written where the folder already declares that team.

    Why: converting a workbook back into the folder it came from is how people update
    their YAML after editing the workbook. Their team files need not sit where chainmap
    would put them (``teams/urgences.yaml``, not ``teams/soins/urgences.yaml``); written
    to chainmap's places, every old file would stay beside its copy and be read twice.
    Only files inside the folder count (a linked sub-folder's are another folder's).
    """
    existing = _team_files_in(folder)
    default = {team_id: team_file_name(team) for team_id, team in org.teams.items()}
    paths = {team_id: existing.get(team_id, path) for team_id, path in default.items()}
    if len(set(paths.values()) | {"org.yaml"}) <= len(paths):
        # two teams' files would be one (a team declared in the file chainmap names after another)
        return files
    placed = {relative: content for relative, content in files.items() if relative not in default.values()}
    placed.update((paths[team_id], files[path]) for team_id, path in default.items())
    return placed


def _team_files_in(folder: Path) -> Dict[str, str]:
    """Team id → the path, relative to ``folder``, of the file that declares it (the first one)."""
    import yaml
    inside = folder.resolve()
    found: Dict[str, str] = {}
    for existing in _declarations_read_in(folder):
        if existing.suffix.lower() not in (".yaml", ".yml") or not existing.resolve().is_relative_to(inside):
            continue
        try:
            declared = yaml.load(read_bytes(existing, Limits().max_file_bytes), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (RefusedFile, yaml.YAMLError, ValueError):
            continue  # not a team file chainmap could read: it stays, and is refused as such
        if isinstance(declared, dict) and isinstance(declared.get("id"), str) and "org" not in declared:
            found.setdefault(declared["id"], existing.relative_to(folder).as_posix())
    return found


def _declarations_read_in(folder: Path) -> List[Path]:
    """The files the loader would read in ``folder``: its YAML files as it finds them (linked
    sub-folders followed, hidden ones skipped) and the CSV tables beside them."""
    from ..load.files import yaml_declarations
    tables = [path for path in folder.iterdir() if path.suffix.lower() == ".csv" and path.is_file()]
    return sorted(yaml_declarations(folder) + tables)


def refuse_overlap(source: Path, target: Path) -> None:
    """Never write over the input, nor inside an input folder (the output would be read as input)."""
    source_path, target_path = source.resolve(), target.resolve()
    if source_path == target_path:
        raise ChainmapError(_("{path} is the input: chainmap never writes over its input; choose another output").format(path=target))
    if source_path.is_dir() and source_path in target_path.parents:
        raise ChainmapError(_("{path} is inside the input folder {source}: write the conversion elsewhere").format(path=target, source=source))
    if target_path in source_path.parents:
        raise ChainmapError(_("the input {source} is inside {path}: write the conversion into another folder").format(path=target, source=source))
