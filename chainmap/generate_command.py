"""`chainmap generate`: write a synthetic organisation of any size (see :mod:`chainmap.generate`)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import click

from .errors import UsageError
from .generate import Generated, generate, organisation_paths, write_organisation
from .i18n import _, ngettext
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
@click.option("--force", is_flag=True, help="Write into OUT even if it is not empty.")
@click.option("-q", "--quiet", is_flag=True, help="Show no progress bar.")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False), metavar="OUT")
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
    organisation = generate(teams, workers, seed)
    _refuse_to_mix(organisation, out)
    out.mkdir(parents=True, exist_ok=True)
    with progress_bar(_("Writing team files"), enabled=not quiet) as progress:
        written = write_organisation(organisation, out, progress)
    click.echo(_("wrote {files} files ({teams} teams, {workers} workers) into {path}").format(
        files=written, teams=teams, workers=workers, path=out))


def _refuse_to_mix(organisation: Generated, out: Path) -> None:
    """Refuse, even with --force, when OUT holds declarations this organisation would not replace.

    They would be loaded with the new files and mix two organisations (say, 15 teams left
    from an earlier 20-team run beside 5 new ones), and chainmap deletes nothing it did
    not just write.
    """
    if not out.is_dir():
        return
    ours = set(organisation_paths(organisation))
    others: List[str] = sorted(
        relative for relative in (p.relative_to(out).as_posix() for p in out.rglob("*")
                                  if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        if relative not in ours)
    if others:
        raise UsageError(ngettext(
            "{path} already holds {count} declaration file this organisation would not replace "
            "({example}): the two organisations would mix. Choose an empty folder, or remove it first",
            "{path} already holds {count} declaration files this organisation would not replace "
            "({example}…): the two organisations would mix. Choose an empty folder, or remove them first",
            len(others)).format(path=out, count=len(others), example=others[0]))
