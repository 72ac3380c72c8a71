"""chainmap: map an organisation's internal supplier–client chains and find the weak links.

The library is the product; the command line (:mod:`chainmap.cli`) is a thin shell over
it, and everything a command does, a script can do with these names::

    import chainmap
    org = chainmap.load("hopital/")                  # a folder, a YAML file, a workbook, CSV files
    result = chainmap.analyse(org)                   # chains of every team and worker, findings
    result = chainmap.analyse(org, survey="satisfaction.yaml", as_of=date(2026, 11, 23))
    result.team_chain("pharmacie")                   # ['pharmacie', 'chirurgie', 'patients']
    chainmap.render(result, Path("org.svg"))         # SVG, PNG, PDF or DOT by extension
    chainmap.formats.write(result, "graphml")        # the exports, by name (chainmap.formats.FORMATS)
    chainmap.save(org, Path("hopital.xlsx"))         # the inverse of load: YAML, workbook, CSV

The pipeline, left to right: :mod:`~chainmap.load` (files → :mod:`~chainmap.model`),
:mod:`~chainmap.analysis` (chains, rules, findings), then its consumers:
:mod:`~chainmap.render` (diagrams), :mod:`~chainmap.formats` (text, JSON, CSV, exports),
:mod:`~chainmap.save`, :mod:`~chainmap.diff`, :mod:`~chainmap.report`,
:mod:`~chainmap.workshop` (posters, cards), :mod:`~chainmap.survey`. docs/contributing.md
says where to add a rule, a format, a command or an input format.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional, Union

from .errors import ChainmapError, GraphvizFailed, GraphvizMissing, LoadError, Problem, UsageError
from .load import Limits, load
from .model import EndClient, Link, Member, Org, Settings, Team, Worker
from .version import __version__

if TYPE_CHECKING:
    from . import formats
    from .analysis import Analysis, Finding
    from .analysis.graph_memo import Memo
    from .examples import example_path
    from .render import focus_view, full_view, render, to_dot, worker_view
    from .save import FORMS
    from .survey import Overlay

__all__ = [
    "Analysis", "ChainmapError", "EndClient", "FORMS", "Finding", "GraphvizFailed", "GraphvizMissing",
    "Limits", "Link", "LoadError", "Member", "Org", "Problem", "Settings", "Team", "UsageError",
    "Worker", "analyse", "example_path", "focus_view", "formats", "full_view", "load", "render", "save",
    "to_dot", "worker_view", "__version__",
]

# The rest of the public names, each imported when first used: a command that only loads and
# analyses (``chainmap weak``) never pays for the drawing, saving and export code (start-up
# times in benchmarks/RESULTS.md).
_LAZY = {
    "Analysis": ".analysis", "Finding": ".analysis", "formats": ".formats", "example_path": ".examples", "FORMS": ".save",
    "focus_view": ".render", "full_view": ".render", "render": ".render", "to_dot": ".render",
    "worker_view": ".render",
}


class _Package(types.ModuleType):
    """This package, whose ``render`` and ``save`` are functions, never the sub-packages of those names.

    Importing a sub-package binds it on its parent: ``import chainmap.render.large``, run
    before anything asked for ``chainmap.render``, would make ``chainmap.render`` the
    package. The function the sub-package exports is bound instead (``render``), or the
    package's own function kept (``save``, defined below).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            if name not in globals():  # ``save`` is this package's own function, kept
                super().__setattr__(name, getattr(value, name))
            return
        super().__setattr__(name, value)


_SHADOWED = ("render", "save")
sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'chainmap' has no attribute {name!r}")
    imported = importlib.import_module(module, __name__)
    value = imported if name == "formats" else getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


def save(org: Org, path: Union[str, os.PathLike[str]], form: Optional[str] = None, force: bool = False) -> List[Path]:
    """Write ``org`` as declarations chainmap reads back: the inverse of :func:`load`.

    ``form`` is one of :data:`FORMS` (``yaml-folder``, ``yaml-file``, ``xlsx``,
    ``csv-folder``); by default the path's extension chooses (``.xlsx``, ``.yaml``, else a
    folder). An existing output is replaced only with ``force``, and never a file that is
    not chainmap's own declarations. Returns the paths written (see :mod:`chainmap.save`).
    """
    from .save import write_org
    return write_org(org, Path(path), form, force)


def analyse(org: Org, as_of: Optional[dt.date] = None, confirmed_only: bool = False,
            survey: Union[None, str, os.PathLike[str], Overlay] = None, memo: Optional[Memo] = None) -> Analysis:
    """Chains (FORMAT.md §2) and findings (§3) of ``org``, as every command computes them.

    ``as_of`` is the day the `stale` rule counts from (default: today). With
    ``confirmed_only``, one-sided links do not carry chains. ``survey``, an overlay written
    by ``chainmap survey`` (its path, or a :class:`chainmap.survey.Overlay`), lays its
    satisfaction and eNPS figures over the declared ones first, as ``--survey`` does; a
    file that is no overlay, or does not fit ``org``, raises :class:`ChainmapError`.
    ``memo``: where the chains of the same links are kept between runs (see
    :mod:`chainmap.analysis.graph_memo`). See :func:`chainmap.analysis.analyse` for the
    analysis itself.
    """
    if survey is not None:
        from .survey import surveyed  # only a run with a survey pays for reading one
        org = surveyed(org, survey)
    from .analysis import analyse as analysed

    return analysed(org, as_of, confirmed_only, memo)
