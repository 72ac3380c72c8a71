"""The ``chainmap`` command: a thin click shell over the library. Only this package imports click.

Each command parses its options, calls the library, prints what it returns, and lets
:mod:`~chainmap.cli.errors` turn a failure into a plain message and an exit code.

- :mod:`~chainmap.cli.group`: the group (``cli``) and the entry point (``main``);
- :mod:`~chainmap.cli.registry`: every command by name, imported only when run or listed;
- :mod:`~chainmap.cli.options`: the options every command shares (ORG, ``--as-of``,
  ``--confirmed-only``, ``--survey``, ``--lang``, ``--force``, the load limits…);
- one module per family of commands: :mod:`~chainmap.cli.check` (check, weak, chains),
  :mod:`~chainmap.cli.draw` (render, demo), :mod:`~chainmap.cli.workshop` (poster, cards),
  :mod:`~chainmap.cli.report`, :mod:`~chainmap.cli.convert` (init, convert),
  :mod:`~chainmap.cli.export`, :mod:`~chainmap.cli.survey` (survey, survey-form),
  :mod:`~chainmap.cli.diff`, :mod:`~chainmap.cli.generate`, :mod:`~chainmap.cli.serve` (serve, invite);
- :mod:`~chainmap.cli.errors`, :mod:`~chainmap.cli.help`, :mod:`~chainmap.cli.progress`,
  :mod:`~chainmap.cli.terminal`: exit codes, translated help, progress bars, safe output.

To add a command: write it in its family's module (or a new one), taking its options from
:mod:`~chainmap.cli.options`; add one line to :data:`~chainmap.cli.registry.COMMANDS`; give
it a section in the user guide (docs/). Tests check the last two.
"""

from .group import cli, main

__all__ = ["cli", "main"]
