"""The words a person reads, in their language.

Every user-facing string goes through :func:`_` (gettext). The catalogue in use is chosen
once per run by :func:`set_language` (from ``--lang`` or the locale); until then, English.
Translation happens at the edge, when a message is produced, never inside the analysis.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Optional

__all__ = ["_", "N_", "ngettext", "set_language", "language", "LANGUAGES"]

LANGUAGES = ("en", "fr")
LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "chainmap"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def language_from_environment() -> str:
    """The language the user's locale asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def set_language(code: Optional[str] = None) -> str:
    """Use the catalogue of ``code`` (``en`` or ``fr``; ``None``: from the locale)."""
    global _translation, _language
    code = (code or language_from_environment()).lower()
    if code not in LANGUAGES:
        code = "en"
    _language = code
    _compile_if_needed()
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    # click's own words ("Usage:", "Show this message and exit."…) go through the global
    # gettext domain: point it at chainmap's catalogue, which translates them too.
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = code
    return code


def _compile_if_needed() -> None:
    """In a source checkout, build the .mo files from newer .po files (see chainmap.i18n.catalog)."""
    from .catalog import compile_catalogues
    try:
        compile_catalogues(LOCALE_DIR)
    except OSError:
        pass  # an installed, read-only package: its .mo files were built at install time


def language() -> str:
    """The code of the language in use."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the language in use."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue, to be translated where it is shown (with :func:`_`).

    For words written down before a language is chosen, such as a rule's title in its
    registry entry: ``N_("Long chain")`` is "Long chain", and ``_(title)`` shows it in French.
    """
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the number ``n``."""
    return _translation.ngettext(singular, plural, n)
