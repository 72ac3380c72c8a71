"""The `chainmap` command: a thin click shell over the library (see :mod:`chainmap.cli.group`)."""

from .group import cli, main

__all__ = ["cli", "main"]
