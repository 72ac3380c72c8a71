"""What a first-time user reads: help, messages and hints, in English and in French.

Each test comes from a walkthrough by someone who had never seen chainmap (an HR lead in
French, a customer-experience lead scripting in English) and pins one thing that confused
them, so that it stays fixed.
"""

from __future__ import annotations

from pathlib import Path

from test_cli import invoke

import chainmap

HOPITAL = Path(chainmap.__file__).parent / "examples" / "hopital"


def test_enps_is_explained_in_english_as_it_is_in_french(runner) -> None:
    """"eNPS" means nothing to most managers: the finding says what it measures, in both languages."""
    english = invoke(runner, "weak", HOPITAL, "--lang", "en").stdout
    assert "has an eNPS (how likely its own members are to recommend it as a place to work) of -18" in english
    french = invoke(runner, "weak", HOPITAL, "--lang", "fr").stdout
    assert "a un eNPS (indice de recommandation de l'équipe par ses collaborateurs) de -18" in french
