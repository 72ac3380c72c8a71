"""French and English: the catalogue is complete, and --lang / LANG choose the language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import cli
from chainmap.i18n import set_language
from chainmap.i18n.catalog import code_messages, compile_po, parse_po

PACKAGE = Path(chainmap.__file__).parent
FRENCH = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "chainmap.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def help_messages():
    texts = set()
    for command in [cli, *cli.all_commands().values()]:
        for item in [command, *command.params]:
            if getattr(item, "help", None):
                texts.add((item.help, None))
    return texts


def french_catalogue():
    return parse_po(FRENCH.read_text(encoding="utf-8"))


def test_every_message_of_the_code_has_a_french_translation():
    catalogue = french_catalogue()
    missing = {key: where for key, where in code_messages(PACKAGE).items() if not all(catalogue.get(key, [""]))}
    assert not missing, "messages without French (run scripts/update_catalog.py, then translate): " + repr(sorted(missing.values())[:20])


def test_every_command_and_option_help_has_a_french_translation():
    catalogue = french_catalogue()
    missing = [text for text in help_messages() if not all(catalogue.get(text, [""]))]
    assert not missing, missing[:5]


def test_translations_keep_every_placeholder():
    for (msgid, plural), forms in french_catalogue().items():
        if not msgid:
            continue
        expected = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plural or ""))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= expected, (msgid, form)


def test_help_translations_keep_clicks_no_rewrap_marks():
    """A help's \\b line keeps click from joining its example lines into one paragraph."""
    catalogue = french_catalogue()
    for text, _plural in help_messages():
        assert catalogue[(text, None)][0].count("\b") == text.count("\b"), text[:60]


def test_the_catalogue_compiles_to_a_gettext_file():
    data = compile_po(FRENCH.read_text(encoding="utf-8"))
    assert data[:4] == b"\xde\x12\x04\x95"


def test_lang_fr_gives_french_findings_and_headings():
    result = CliRunner().invoke(cli, ["weak", str(chainmap.example_path()), "--lang", "fr", "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    assert "23 novembre 2026" in result.output
    english = CliRunner().invoke(cli, ["weak", str(chainmap.example_path()), "--lang", "en", "--as-of", "2026-11-23"])
    assert "23 November 2026" in english.output and english.output != result.output


def test_the_locale_chooses_french_by_default(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = CliRunner().invoke(cli, ["check", str(chainmap.example_path()), "--as-of", "2026-11-23"])
    assert "équipes" in result.output


@pytest.mark.parametrize("locale, first, then", [("en", "fr", "Findings:"), ("fr", "en", "Constats :")])
def test_a_run_without_lang_follows_the_locale_whatever_the_run_before_chose(monkeypatch, locale, first, then):
    # --lang is written into LANGUAGE for click's own words: the next run in the same
    # process (a script driving the CLI) followed the earlier --lang instead of the locale
    monkeypatch.setenv("LANGUAGE", locale)
    example = str(chainmap.example_path())
    before = CliRunner().invoke(cli, ["--lang", first, "check", example, "--as-of", "2026-11-23"])
    assert then not in before.output  # the first run is in the other language
    result = CliRunner().invoke(cli, ["check", example, "--as-of", "2026-11-23"])
    assert then in result.output


def test_help_is_translated_too():
    result = CliRunner().invoke(cli, ["--lang", "fr", "check", "--help"])
    assert result.exit_code == 0
    assert "Afficher ce message et quitter." in result.output


def test_dates_and_numbers_follow_the_language():
    from chainmap.i18n.localise import format_date, format_number
    set_language("fr")
    assert format_date(dt.date(2026, 11, 23)) == "23 novembre 2026"
    assert format_number(1234567) == "1\u202f234\u202f567"
    set_language("en")
    assert format_date(dt.date(2026, 11, 23)) == "23 November 2026"
    assert format_number(1234567) == "1,234,567"


def test_check_groups_thousands_as_the_language_does(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", "--teams", "5", "--workers", "1200", str(tmp_path / "g")]).exit_code == 0
    french = runner.invoke(cli, ["--lang", "fr", "check", str(tmp_path / "g")])
    english = runner.invoke(cli, ["--lang", "en", "check", str(tmp_path / "g")])
    assert "1\u202f200 collaborateurs" in french.stdout
    assert "1,200 workers" in english.stdout
