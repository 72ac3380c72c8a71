"""`chainmap serve` and `chainmap invite`: the command-line shell over :mod:`chainmap.server`.

The server's modules (Starlette, uvicorn, Jinja2…) are imported when `serve` runs, never
for ``chainmap --help`` or another command.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional, Tuple

import click

from ..errors import UsageError
from ..i18n import _
from .options import (
    bounded_text,
    cache_wanted,
    confirmed_option,
    current_limits,
    language_option,
    limits_options,
)

__all__ = ["serve_command", "invite_command"]


def _organisation(org: Optional[Path], demo: bool) -> Path:
    """The folder to serve: ORG, or a fresh copy of the example with ``--demo``."""
    from ..examples import example_path
    from ..load.files import organisation_root
    if demo:
        if org is not None:
            raise UsageError(_("give either ORG or --demo, not both"))
        copy = Path(tempfile.mkdtemp(prefix="chainmap-demo-")) / "hopital"
        shutil.copytree(example_path(), copy)
        return copy
    if org is None:
        raise UsageError(_("give the organisation's folder (ORG), or --demo to try the example"))
    root = organisation_root(Path(org))
    if not root.is_dir():
        raise UsageError(_("{path}: chainmap serve edits a folder of YAML files (one per team); "
                           "convert this organisation first: chainmap convert {path} my-org/").format(path=org))
    return root


def _state(root: Path, state: Optional[Path]) -> Path:
    """The server's own folder; kept out of git (its SQLite holds survey answers)."""
    folder = state or root / ".chainmap"
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# chainmap serve's own state: links (hashed), sessions, journal, survey answers\n*\n",
                          encoding="utf-8")
    return folder


@click.command(name="serve")
@click.argument("org", type=click.Path(path_type=Path), required=False, metavar="ORG")
@click.option("--demo", is_flag=True, help="Serve a copy of the example hospital.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1 opens the server to the network: put a TLS reverse proxy in front.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--base-url", metavar="URL", help="The address people open, when it is not http://HOST:PORT (behind a reverse proxy).")
@click.option("--invite", "invite_dir", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Also write each team's links to DIR/invitations.csv and DIR/invitations.html (new links: earlier ones stop working).")
@click.option("--min-responses", type=click.IntRange(1, None), default=5, show_default=True,
              help="Answers a link needs before the survey shows its figures (as for `chainmap survey`).")
@click.option("--survey-output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Where the survey overlay is written (default: ORG/.chainmap/satisfaction.yaml).")
@click.option("--state", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Folder of the server's database (default: ORG/.chainmap, never read as a team).")
@click.option("--no-watch", is_flag=True, help="Do not watch the files for changes made outside the server.")
@confirmed_option
@limits_options
@language_option
def serve_command(org: Optional[Path], demo: bool, host: str, port: int, base_url: Optional[str],
                  invite_dir: Optional[Path], min_responses: int, survey_output: Optional[Path], state: Optional[Path],
                  no_watch: bool, confirmed_only: bool) -> None:
    """Serve ORG in a browser: each team keeps its declaration, confirms its links and rates its suppliers.

    Listens on 127.0.0.1 only unless --host says otherwise, and prints the facilitator's
    address with its token (keep it to yourself). The YAML files stay the truth: every save
    writes them, and changes made to them outside (an editor, git pull) show at once.

    \b
    Example:
      chainmap serve --demo
      chainmap serve hopital/ --invite invitations/
      chainmap serve hopital/ --host 0.0.0.0 --base-url https://chainmap.example.org
    """
    from ..server.app import create_app, open_socket, run
    from ..server.config import LOCAL_HOSTS, ServerConfig
    from ..server.store import Store
    root = _organisation(org, demo)
    folder = _state(root, state)
    config = ServerConfig(root=root, state=folder, host=host, port=port, base_url=base_url, min_responses=min_responses,
                          survey_output=survey_output, confirmed_only=confirmed_only, limits=current_limits(),
                          watch=not no_watch, cache=cache_wanted())
    if invite_dir is not None:
        _refuse_inside(invite_dir, root)
    try:
        sock = open_socket(host, port)
    except OSError as error:
        raise UsageError(_("cannot listen on {host}:{port} ({reason}): choose another --port").format(
            host=host, port=port, reason=error.strerror)) from None
    store = Store(config.database)
    config = ServerConfig(**{**config.__dict__, "port": sock.getsockname()[1]})
    app = create_app(config, store)
    _link, token = store.issue("admin")
    if host not in LOCAL_HOSTS:
        click.echo(_("Listening on {host}, beyond this machine: put a reverse proxy with TLS (HTTPS) in front, "
                     "or links and cookies travel in clear.").format(host=host), err=True)

    def ready() -> None:
        snapshot = app.state.org.snapshot
        teams = len(snapshot.org.teams) if snapshot.org else 0
        click.echo(_("chainmap is serving {org} ({teams} teams). Press Ctrl-C to stop.").format(org=root, teams=teams))
        if snapshot.faulty:
            click.echo(_("{n} files cannot be read: they are listed on the dashboard.").format(n=len(snapshot.faulty)))
        if invite_dir is not None and snapshot.org is not None:
            _write_invitations(store, snapshot.org, config.url(), invite_dir)
        click.echo(_("Facilitator's address (keep it to yourself):"))
        click.echo(f"    {config.url()}/?token={token}")
        sys.stdout.flush()

    try:
        run(app, sock, on_ready=ready)
    finally:
        store.close()
        if demo:  # the copy was made for this run: the example stays in the package
            shutil.rmtree(root.parent, ignore_errors=True)


def _refuse_inside(folder: Path, root: Path) -> None:
    """Invitations are keys: never inside the organisation's folder, where git would take them."""
    target, source = folder.resolve(), root.resolve()
    if target == source or source in target.parents:
        raise UsageError(_("{path} is inside the organisation's folder: invitations are keys to the teams, "
                           "write them elsewhere").format(path=folder))


def _write_invitations(store: object, org: object, base_url: str, folder: Path, teams: Tuple[str, ...] = ()) -> None:
    from ..server.invitations import issue_invitations, write_invitations
    invitations = issue_invitations(store, org, base_url, teams)  # type: ignore[arg-type]
    for path in write_invitations(invitations, folder, org.name):  # type: ignore[attr-defined]
        click.echo(_("wrote {path}").format(path=path))


@click.command(name="invite")
@click.argument("org", type=click.Path(path_type=Path), metavar="ORG")
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), required=True, metavar="DIR",
              help="Folder for invitations.csv and invitations.html (not inside ORG).")
@click.option("--team", "teams", multiple=True, metavar="ID", callback=bounded_text(), help="Only this team (repeat for several).")
@click.option("--base-url", metavar="URL", default="http://127.0.0.1:8000", show_default=True,
              help="The server's address as people will open it.")
@click.option("--state", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Folder of the server's database (default: ORG/.chainmap).")
@limits_options
@language_option
def invite_command(org: Path, output_dir: Path, teams: Tuple[str, ...], base_url: str, state: Optional[Path]) -> None:
    """Write one link per team (to edit it) and one survey link per team, for the facilitator to hand out.

    Writes a CSV (to mail-merge) and a printable sheet with QR codes. Issuing a team's
    links again revokes its earlier ones. The server need not run; it uses them when it does.

    \b
    Example:
      chainmap invite hopital/ -o invitations/ --base-url http://192.168.1.20:8000
    """
    from ..load import load
    from ..server.store import Store
    root = _organisation(org, False)
    _refuse_inside(output_dir, root)
    model = load(root, limits=current_limits())
    unknown = [t for t in teams if t not in model.teams]
    if unknown:
        raise UsageError(_("no team has the id {id}").format(id=unknown[0]))
    store = Store(_state(root, state) / "server.sqlite")
    _write_invitations(store, model, base_url, output_dir, teams)
