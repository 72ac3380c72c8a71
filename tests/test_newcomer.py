"""What a first-time user reads: help, messages and hints, in English and in French.

Each test comes from a walkthrough by someone who had never seen chainmap (an HR lead in
French, a customer-experience lead scripting in English) and pins one thing that confused
them, so that it stays fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import chainmap
from chainmap.cli import cli

from .orgs import team, write_org

HOPITAL = Path(chainmap.__file__).parent / "examples" / "hopital"


def test_enps_is_explained_in_english_as_it_is_in_french(invoke) -> None:
    """"eNPS" means nothing to most managers: the finding says what it measures, in both languages."""
    english = invoke("weak", HOPITAL, "--lang", "en").stdout
    assert "its eNPS, how likely its members are to recommend it as a place to work, is -18" in english
    french = invoke("weak", HOPITAL, "--lang", "fr").stdout
    assert "son eNPS, la probabilité que ses membres la recommandent comme lieu de travail, est de -18" in french


def test_french_help_of_check_holds_no_english(invoke) -> None:
    """The example line's note was left in English inside the French help."""
    french = invoke("check", "--help", "--lang", "fr").stdout
    assert "also 1 when" not in french and "no longer occurs" not in french
    assert "--baseline" in french and "n'apparaît plus" in french


def test_the_example_of_chains_help_names_a_worker_of_the_example(invoke) -> None:
    """`chains --worker "Alice Martin"`, copied from the help, answered "there is no worker"."""
    lines = [line.split() for line in invoke("chains", "--help").stdout.splitlines()]
    examples = [line for line in lines if line[:2] == ["chainmap", "chains"] and "--worker" in line]
    assert examples
    for words in examples:
        worker = " ".join(words[words.index("--worker") + 1:]).strip('"')
        result = invoke("chains", HOPITAL, "--worker", worker)
        assert result.exit_code in (0, 1) and worker.lower() in result.stdout.lower(), result.output


@pytest.mark.parametrize("command", sorted(cli.all_commands()))
def test_every_command_takes_lang_as_the_readme_says(invoke, command: str) -> None:
    """`survey-form ORG -o q.xlsx --lang fr` was refused ("No such option"), as were diff,
    generate and survey: only `chainmap --lang fr survey-form …` worked."""
    result = invoke(command, "--help", "--lang", "fr")
    assert result.exit_code == 0 and "Utilisation" in result.stdout and "--lang" in result.stdout


def answers_with_one_link_withheld(tmp_path: Path) -> Path:
    """Five answers on one link of the example, one on another (below the anonymity threshold)."""
    rows = ["Votre équipe,Équipe évaluée,Note"] + ["Urgences,Laboratoire de biologie médicale,6"] * 5
    answers = tmp_path / "reponses.csv"
    answers.write_text("\n".join(rows + ["Urgences,Brancardage central,4"]) + "\n", encoding="utf-8")
    return answers


@pytest.mark.parametrize("lang, expected", [
    ("en", "Links: 1 of 2 scored; 1 with fewer than 5 answers gets no score (to protect the respondents' anonymity)."),
    ("fr", "Liens : 1 noté sur 2 ; 1 ayant moins de 5 réponses ne reçoit pas de note (pour préserver l'anonymat des répondants)."),
])
def test_survey_summary_agrees_with_its_counts(invoke, tmp_path: Path, lang: str, expected: str) -> None:
    """"1 ayant moins de 5 réponses ne reçoivent pas de note": the verb followed no number."""
    result = invoke("survey", HOPITAL, answers_with_one_link_withheld(tmp_path), "-o", tmp_path / "s.yaml", "--lang", lang)
    assert result.exit_code == 0 and expected in result.stdout, result.output


def test_survey_line_leaves_out_a_figure_the_survey_did_not_have(invoke, tmp_path: Path) -> None:
    """A satisfaction survey alone was announced with "eNPS de 0 équipe"."""
    overlay = tmp_path / "s.yaml"
    invoke("survey", HOPITAL, answers_with_one_link_withheld(tmp_path), "-o", overlay)
    english = invoke("check", HOPITAL, "--survey", overlay, "--lang", "en").stdout
    assert "From the survey of" in english and "satisfaction of 1 link (" in english and "eNPS" not in english
    french = invoke("check", HOPITAL, "--survey", overlay, "--lang", "fr").stdout
    assert "satisfaction de 1 lien (" in french and "eNPS" not in french


def test_weak_says_to_correct_unknown_ids_before_the_broken_chains(invoke, tmp_path: Path) -> None:
    """One misspelt end client in three shops gave three unknown teams and seven broken
    chains, each advising to ask the team whom it serves: the typo was the whole story."""
    root = write_org(tmp_path / "org", [team("shop", clients=["customerz"]), team("stock", clients=["shop"])])
    english = invoke("weak", root, "--lang", "en").stdout
    assert "Correct the unknown ids first: a chain stops at an id that exists nowhere" in english
    french = invoke("weak", root, "--lang", "fr").stdout
    assert "Corrigez d'abord les identifiants inconnus : une chaîne s'arrête" in french
    clean = write_org(tmp_path / "clean", [team("shop", clients=["customers"]), team("lost", clients=["stock"]), team("stock")])
    assert "unknown ids first" not in invoke("weak", clean, "--lang", "en").stdout
    # the example's broken chains do not run into its unknown ids: no such advice there
    assert "unknown ids first" not in invoke("weak", HOPITAL, "--lang", "en").stdout


@pytest.mark.parametrize("lang, team_says, org_says", [
    ("en", "how likely its members are to recommend it as a place to work",
     "a team whose shortest chain has more links than this has a long chain"),
    ("fr", "indice de recommandation de l'équipe par ses collaborateurs",
     "une équipe dont la chaîne la plus courte compte plus de liens que ce nombre a une chaîne longue"),
])
def test_starter_explains_nps_enps_and_long_chains(invoke, tmp_path: Path, lang: str, team_says: str, org_says: str) -> None:
    """The starter's comments said "employee Net Promoter Score" to a manager, and in French
    "une chaîne la plus courte qui compte plus de liens que ce nombre est longue"."""
    assert invoke("init", tmp_path / "org", "--lang", lang).exit_code == 0
    assert team_says in (tmp_path / "org" / "teams" / "reception.yaml").read_text(encoding="utf-8")
    org_text = (tmp_path / "org" / "org.yaml").read_text(encoding="utf-8")
    assert org_says in org_text and ("recommend" in org_text or "recommander" in org_text)


def test_render_help_says_what_a_dot_file_is(invoke) -> None:
    """".dot" was offered among the formats with no word of what it is."""
    assert "Graphviz's text source" in invoke("render", "--help", "--lang", "en").stdout
    assert "texte source de Graphviz" in invoke("render", "--help", "--lang", "fr").stdout
