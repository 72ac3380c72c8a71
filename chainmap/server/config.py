"""What ``chainmap serve`` was asked to do: one frozen object the whole server reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Tuple

from ..load.files import Limits
from ..survey import DEFAULT_MIN_RESPONSES

__all__ = ["ServerConfig", "LOCAL_HOSTS"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServerConfig:
    """``root``: the organisation's folder. ``state``: the folder of the server's SQLite file
    (default ``ROOT/.chainmap``, which the loader never reads: it is hidden)."""

    root: Path
    state: Optional[Path] = None
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: Optional[str] = None
    min_responses: int = DEFAULT_MIN_RESPONSES
    survey_output: Optional[Path] = None
    confirmed_only: bool = False
    limits: Limits = field(default_factory=Limits)
    allowed_hosts: Tuple[str, ...] = ()
    watch: bool = True
    cache: bool = False  # start from what chainmap's commands last read (chainmap.load.cache)
    today: Callable[[], dt.date] = dt.date.today

    @property
    def state_dir(self) -> Path:
        return self.state or self.root / ".chainmap"

    @property
    def database(self) -> Path:
        return self.state_dir / "server.sqlite"

    @property
    def overlay_path(self) -> Path:
        """Where the survey's figures are written, as ``chainmap survey`` writes them."""
        return self.survey_output or self.state_dir / "satisfaction.yaml"

    def url(self, port: Optional[int] = None) -> str:
        """The address people open (``--base-url`` behind a proxy)."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        host = "127.0.0.1" if host in ("0.0.0.0", "[::]") else host
        return f"http://{host}:{port or self.port}"

    def hosts(self) -> Tuple[str, ...]:
        """The Host headers accepted (the rest is refused: DNS rebinding protection)."""
        extra = (self.host,) if self.host not in ("0.0.0.0", "::") else ("*",)
        from urllib.parse import urlsplit
        base = (urlsplit(self.base_url).hostname or "",) if self.base_url else ()
        return tuple(h for h in (*LOCAL_HOSTS, *extra, *base, *self.allowed_hosts) if h)
