"""chainmap: map an organisation's internal supplier–client chains and find the weak links.

The library is the product; the command line is a thin shell over it::

    import chainmap
    org = chainmap.load("hopital/")            # a folder with org.yaml, or a single YAML file
    result = chainmap.analyse(org)             # chains of every team and worker, findings
    result.team_chain("pharmacie")             # ['pharmacie', 'chirurgie', 'patients']
    dot = chainmap.to_dot(result)              # deterministic DOT text
    chainmap.render(result, Path("org.svg"))   # SVG, PNG, PDF or DOT by extension
"""

from __future__ import annotations

from .analysis import Analysis, Finding, analyse
from .errors import ChainmapError, GraphvizFailed, GraphvizMissing, LoadError, Problem, UsageError
from .examples import example_path
from .load import Limits, load
from .model import EndClient, Link, Member, Org, Settings, Team, Worker
from .render import focus_view, full_view, render, to_dot, worker_view
from .version import __version__

__all__ = [
    "Analysis", "ChainmapError", "EndClient", "Finding", "GraphvizFailed", "GraphvizMissing",
    "Limits", "Link", "LoadError", "Member", "Org", "Problem", "Settings", "Team", "UsageError",
    "Worker", "analyse", "example_path", "focus_view", "full_view", "load", "render", "to_dot",
    "worker_view", "__version__",
]
