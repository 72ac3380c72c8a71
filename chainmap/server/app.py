"""The web application: its routes, its start and stop, and how it is run.

Starlette (with uvicorn) because it is a small, typed ASGI toolkit with nothing hidden:
routes are plain async functions, and the state the server keeps is ours (an
:class:`~chainmap.server.state.OrgState` and a :class:`~chainmap.server.store.Store`),
not a framework's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Dict, List, Optional

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import admin, answers, editing, inbox, pages
from .config import ServerConfig
from .live import Live
from .security import SecurityHeaders
from .state import OrgState
from .store import Store

__all__ = ["create_app", "open_socket", "run", "STATIC"]

STATIC = Path(__file__).parent / "static"


def _routes() -> List[Any]:
    return [
        Route("/", pages.home),
        Route("/favicon.ico", pages.no_icon),
        Route("/map", pages.map_page),
        Route("/map/report", pages.map_frame),
        Route("/live/map", pages.live_map),
        Route("/live/weak", pages.live_weak),
        Route("/weak", pages.weak_page),
        Route("/search", pages.search),
        Route("/pick", editing.pick),
        Route("/teams/{team}", pages.team_page, methods=["GET"]),
        Route("/teams/{team}", editing.save_team, methods=["POST"]),
        Route("/teams/{team}/diagram", pages.team_diagram),
        Route("/teams/{team}/findings", pages.team_findings_fragment),
        Route("/teams/{team}/inbox", inbox.inbox_page),
        Route("/teams/{team}/inbox/confirm", inbox.confirm_link, methods=["POST"]),
        Route("/teams/{team}/inbox/decline", inbox.decline_link, methods=["POST"]),
        Route("/workers/{worker}", pages.worker_page),
        Route("/departments/{name}", pages.department_page),
        Route("/survey", answers.survey_page, methods=["GET"]),
        Route("/survey", answers.survey_answer, methods=["POST"]),
        Route("/admin", admin.dashboard),
        Route("/admin/links", admin.links_page, methods=["GET"]),
        Route("/admin/links/new", admin.new_link, methods=["POST"]),
        Route("/admin/links/revoke", admin.revoke_link, methods=["POST"]),
        Route("/admin/journal", admin.journal_page),
        Route("/admin/survey", admin.survey_results, methods=["GET"]),
        Route("/admin/survey", answers.write_overlay, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(config: ServerConfig, store: Optional[Store] = None) -> Starlette:
    """The application for ``config``: it reads the organisation when it starts."""
    store = store or Store(config.database)
    state = OrgState(config.root, config.limits, config.confirmed_only, today=config.today, cache=config.cache)
    live = Live(state, store, watch=config.watch)
    tasks: List[Any] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.loop = asyncio.get_running_loop()
        await live.start(tasks.append)
        yield
        live.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=list(config.hosts()))]
    app = Starlette(routes=_routes(), middleware=middleware, lifespan=lifespan)
    app.state.config = config
    app.state.store = store
    app.state.org = state
    app.state.live = live
    app.state.port = config.port
    app.state.file_locks = {}
    return app


def open_socket(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves, so that port 0 (any free port) can be printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run(app: Starlette, sock: socket.socket, on_ready: Optional[Callable[[], None]] = None,
        log_level: str = "warning") -> None:
    """Serve until interrupted. uvicorn's access log is off: ours never writes a query string."""
    import uvicorn
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="on", server_header=False,
                            proxy_headers=False, timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            on_ready()
        server.startup = startup  # type: ignore[method-assign]
    server.run(sockets=[sock])


def describe(app: Starlette) -> Dict[str, Any]:
    """What a test or the command line may print about the running application."""
    snapshot = app.state.org.snapshot
    return {"version": snapshot.version, "teams": len(snapshot.org.teams) if snapshot.org else 0,
            "faulty": sorted(snapshot.faulty)}
