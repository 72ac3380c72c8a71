"""Pages from Jinja2 templates, with every value escaped.

Autoescaping is on for every template: a name such as ``<script>`` or ``" onmouseover=``
is written as text. Templates call ``_()`` like the code, so their words are in the same
catalogue (``chainmap.catalog`` reads them) and come out in the server's language.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..analysis.words import rule_title, sentences
from ..i18n import _, language, ngettext
from ..i18n.localise import format_date, format_number
from ..report.table import severity_label
from ..version import __version__
from .security import Principal, principal

__all__ = ["page", "fragment", "environment"]

_environment: Optional[Environment] = None


def environment() -> Environment:
    """The template environment (made once: templates are compiled on first use)."""
    global _environment
    if _environment is None:
        env = Environment(loader=PackageLoader("chainmap.server", "templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.globals.update(_=_, ngettext=ngettext, version=__version__, rule_title=rule_title,
                           sentences=sentences, severity_label=severity_label, format_date=format_date, format_number=format_number)
        _environment = env
    return _environment


def _context(request: Request, values: Dict[str, Any]) -> Dict[str, Any]:
    who: Principal = principal(request)
    snapshot = request.app.state.org.snapshot
    return {"request": request, "who": who, "snapshot": snapshot, "lang": language(),
            "org_name": snapshot.org.name if snapshot.org else "", **values}


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """A whole page."""
    text = environment().get_template(template).render(_context(request, values))
    return HTMLResponse(text, status_code=status_code)


def fragment(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """A piece of a page, for htmx to swap in."""
    return page(request, template, status_code, **values)
