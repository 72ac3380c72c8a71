"""`chainmap generate`: write a synthetic organisation of any size (see :mod:`chainmap.examples.generate`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..examples.generate import generate, organisation_paths, write_organisation
from ..files.safe_write import refuse_inside_organisation, refuse_to_mix
from ..files.staged import staged_output
from ..i18n import _
from .options import force_option, language_option, quiet_option
from .options import quiet as quiet_requested
from .progress import progress_bar

__all__ = ["generate_command", "MAX_TEAMS", "MAX_WORKERS"]

# Five times the largest employers (about 2 million people): beyond, a typo such as an extra
# zero would fill the machine's memory for minutes before anything is written.
MAX_TEAMS = 1_000_000
MAX_WORKERS = 10_000_000


@click.command(name="generate")
@click.option("--teams", type=click.IntRange(min=2, max=MAX_TEAMS), required=True,
              help="How many teams (at least 2, at most 1,000,000).")
@click.option("--workers", type=click.IntRange(min=0, max=MAX_WORKERS), required=True,
              help="How many distinct workers (at most 10,000,000).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed always gives the same organisation.")
@force_option(help="Write into OUT even if it is not empty.")
@quiet_option
@click.argument("out", type=click.Path(path_type=Path, file_okay=False), metavar="OUT")
@language_option
def generate_command(teams: int, workers: int, seed: int, force: bool, quiet: bool, out: Path) -> None:
    """Write a synthetic, realistic organisation into the folder OUT.

    Departments, frontline and support teams, long chains, loops, one-sided links,
    mistyped ids, part-time workers and satisfaction scores: enough to try chainmap,
    train a workshop or measure its speed. Deterministic: the same options give the
    same files.

    \b
    Example:
      chainmap generate --teams 500 --workers 5000 --seed 1 /tmp/groupe
      chainmap weak /tmp/groupe
    """
    if out.exists() and any(out.iterdir()) and not force:
        raise UsageError(_("{path} is not empty: choose a new folder, or add --force to write into it").format(path=out))
    refuse_inside_organisation(out)
    organisation = generate(teams, workers, seed)
    refuse_to_mix(out, set(organisation_paths(organisation)))
    with staged_output(out, make_folder=True) as stage, progress_bar(_("Writing team files"), enabled=not quiet_requested()) as progress:
        written = write_organisation(organisation, out, progress, write=stage.write)
    click.echo(_("wrote {files} files ({teams} teams, {workers} workers) into {path}").format(
        files=written, teams=teams, workers=workers, path=out))

