"""``chainmap record``: add a dated snapshot of an organisation to a history database.

For organisations kept in workbooks, or shared folders with no git, a monthly
``chainmap record ORG --db history.sqlite`` (by hand, or from cron) builds the history git
would otherwise give. The snapshot is the model itself, as the single YAML file
``chainmap convert`` writes, checked to read back as the same model before it is stored,
and the survey overlay's text when one is given: enough to compute every figure again.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import ChainmapError
from ..i18n import _
from ..load import load
from ..load.regular import SIDE_FILE_BYTES, read_bytes
from ..model import Org
from ..save.compare import model_differences
from ..save.yaml_text import single_file_yaml
from ..survey.overlay import read_overlay
from .store import HistoryStore

__all__ = ["Recorded", "record_snapshot"]


@dataclass(frozen=True)
class Recorded:
    """What ``record`` did: the snapshot's number, and whether it was new (not a repeat of the day's)."""

    id: int
    added: bool
    day: dt.date
    org_name: str


def record_snapshot(org: Org, db: Path, day: Optional[dt.date] = None, survey: Optional[Path] = None,
                    note: Optional[str] = None) -> Recorded:
    """Store ``org`` (as loaded, without the survey laid over it) and the overlay at ``survey``."""
    day = day or dt.date.today()
    model_yaml = single_file_yaml(org, _("A snapshot of {name} recorded by chainmap.").format(name=org.name))
    _check_reads_back(org, model_yaml)
    survey_yaml = None
    if survey is not None:
        read_overlay(survey, org)  # refused now, with its lines, rather than at every later reading
        survey_yaml = read_bytes(survey, SIDE_FILE_BYTES).decode("utf-8")
    with HistoryStore(db) as store:
        snapshot_id, added = store.add_snapshot(day, org.name, org.source, model_yaml, survey_yaml, note)
    return Recorded(snapshot_id, added, day, org.name)


def _check_reads_back(org: Org, model_yaml: str) -> None:
    """A snapshot that would not give back the same model is refused: it could not be recomputed."""
    with tempfile.TemporaryDirectory(prefix="chainmap-record-") as folder:
        path = Path(folder) / "snapshot.yaml"
        path.write_text(model_yaml, encoding="utf-8")
        differences = model_differences(load(path, processes=1), org)
    if differences:
        raise ChainmapError(_("the snapshot would not read back as the same organisation ({difference}): please report it").format(
            difference=differences[0]))
