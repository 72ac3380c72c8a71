"""Every command of ``chainmap``, by name: the one place to register a new one.

A command lives in the module of its family (``chainmap/cli/<family>.py``) and is listed
here as ``"name": "module:attribute"``. The group imports a command's module only when
that command is run or listed, so that ``chainmap weak`` does not pay for the poster's,
the report's or the survey's modules. To add a command: write it in its family's module
with the shared options of :mod:`chainmap.cli.options`, add one line below, and give it a
section in the user guide (docs/; a test checks both).
"""

from __future__ import annotations

import importlib
from typing import Dict

import click

__all__ = ["COMMANDS", "imported"]

COMMANDS: Dict[str, str] = {
    # checking and weak links (cli/check.py)
    "check": "chainmap.cli.check:check",
    "weak": "chainmap.cli.check:weak",
    "chains": "chainmap.cli.check:chains",
    # drawing (cli/draw.py)
    "render": "chainmap.cli.draw:render_command",
    "demo": "chainmap.cli.draw:demo",
    # workshops (cli/workshop.py)
    "poster": "chainmap.cli.workshop:poster_command",
    "cards": "chainmap.cli.workshop:cards_command",
    # the HTML report (cli/report.py)
    "report": "chainmap.cli.report:report_command",
    # declarations: a starter, and other forms of the same organisation (cli/convert.py)
    "init": "chainmap.cli.convert:init_command",
    "convert": "chainmap.cli.convert:convert_command",
    # exports for other tools (cli/export.py)
    "export": "chainmap.cli.export:export_command",
    # surveys (cli/survey.py)
    "survey": "chainmap.cli.survey:survey_command",
    "survey-form": "chainmap.cli.survey:survey_form_command",
    # what changed between two versions (cli/diff.py)
    "diff": "chainmap.cli.diff:diff_command",
    # synthetic organisations (cli/generate.py)
    "generate": "chainmap.cli.generate:generate_command",
    # over time: history and snapshots (cli/history.py), the symmetry of attention
    # (cli/symmetry.py), what-if scenarios (cli/whatif.py); docs/history.md
    "history": "chainmap.cli.history:history_command",
    "record": "chainmap.cli.history:record_command",
    "symmetry": "chainmap.cli.symmetry:symmetry_command",
    "whatif": "chainmap.cli.whatif:whatif_command",
    # the living map in a browser, and the teams' links to it (cli/serve.py)
    "serve": "chainmap.cli.serve:serve_command",
    "invite": "chainmap.cli.serve:invite_command",
}


def imported(name: str) -> click.Command:
    """The command registered as ``name``, its module imported now."""
    module, attribute = COMMANDS[name].split(":")
    command: click.Command = getattr(importlib.import_module(module), attribute)
    return command
