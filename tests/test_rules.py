"""The finding rules of FORMAT.md §3: one small organisation per rule, then the edge cases.

Each test asserts the findings of one rule exactly: subject, severity and how many
distinct workers they affect.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

import chainmap
from chainmap.analysis.rules import EXTENSIONS, RULE_ORDER, RULES, finding_order
from chainmap.analysis.words import badge, describe, rule_title
from chainmap.cli import cli
from chainmap.examples.generate import generate, organisation_files
from chainmap.i18n import set_language
from chainmap.i18n.catalog import code_messages, parse_po

from .orgs import findings_of, team, write_org

FRENCH_CATALOGUE = Path(chainmap.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "chainmap.po"
AS_OF = dt.date(2026, 11, 23)


def rules_of(analysis) -> set:
    return {f.rule for f in analysis.findings}


def test_unknown_reference(analyse_teams) -> None:
    analysis = analyse_teams([
        team("a", clients=["customers", "ghost"], suppliers=["nobody"], members=["Ann", "Bob"]),
    ])
    assert findings_of(analysis, "unknown-reference") == [
        ("a", "ghost", "error", 2),      # an unknown client: the workers of the team that wrote it
        ("nobody", "a", "error", 2),     # an unknown supplier: the client's workers (FORMAT.md v1.1), not 0
    ]


def test_an_unknown_supplier_counts_the_members_of_the_team_that_wrote_it(tmp_path: Path) -> None:
    # the case: `radiolgie → Urgences` is an error, and said "(0 workers affected)"
    org = write_org(tmp_path, [team("urgences", clients=["customers"], suppliers=["radiolgie"],
                                    members=["Ann", "Bob", "Cy", "Dee"])])
    [finding] = [f for f in chainmap.analyse(chainmap.load(org)).findings if f.rule == "unknown-reference"]
    assert (finding.supplier, finding.client, finding.workers_affected) == ("radiolgie", "urgences", 4)


def test_unknown_reference_suggests_the_closest_id(analyse_teams) -> None:
    analysis = analyse_teams([team("pharmacie", clients=["customers"]), team("b", clients=["pharmacy"])])
    [finding] = [f for f in analysis.findings if f.rule == "unknown-reference"]
    assert finding.facts["suggestion"] == "pharmacie"


def test_unknown_supplier_is_never_told_to_be_an_end_client(analyse_teams) -> None:
    # `customer` is one slip from the end client `customers`, but an end client is never a supplier
    analysis = analyse_teams([team("custom", clients=["customers"]),
                              team("b", clients=["customers"], suppliers=["customer"])])
    [finding] = [f for f in analysis.findings if f.rule == "unknown-reference"]
    assert finding.facts["suggestion"] == "custom"


def test_broken_chain(analyse_teams) -> None:
    analysis = analyse_teams([
        team("a", clients=["b"], members=["Ann", "Bob"]),
        team("b", suppliers=["a"]),
        team("c", clients=["customers"]),
    ])
    assert findings_of(analysis, "broken-chain") == [("a", "error", 2), ("b", "error", 1)]


def test_isolated(analyse_teams) -> None:
    analysis = analyse_teams([team("alone", members=["Ann", "Bob", "Cy"]), team("c", clients=["customers"])])
    assert findings_of(analysis, "isolated") == [("alone", "warning", 3)]
    assert findings_of(analysis, "broken-chain") == []


def test_team_whose_only_link_is_unknown_is_broken_not_isolated(analyse_teams) -> None:
    analysis = analyse_teams([team("a", clients=["ghost"]), team("c", clients=["customers"])])
    assert findings_of(analysis, "broken-chain") == [("a", "error", 1)]
    assert findings_of(analysis, "isolated") == []


def test_team_named_by_others_only_is_not_isolated(analyse_teams) -> None:
    analysis = analyse_teams([team("quiet"), team("c", clients=["customers"], suppliers=["quiet"])])
    assert findings_of(analysis, "isolated") == []


def test_one_sided_declared_by_the_supplier_or_by_the_client(analyse_teams) -> None:
    analysis = analyse_teams([
        team("front", clients=["customers"], suppliers=["asked"], members=["Ann", "Bob"]),
        team("asked", members=["Cy"]),
        team("offered", clients=["front"], members=["Di", "Ed", "Flo"]),
    ])
    assert findings_of(analysis, "one-sided") == [("asked", "front", "warning", 1), ("offered", "front", "warning", 3)]
    declared = {(f.supplier, f.client): f.declared_by for f in analysis.findings if f.rule == "one-sided"}
    assert declared == {("asked", "front"): "client", ("offered", "front"): "supplier"}


def test_link_declared_by_both_sides_is_confirmed(analyse_teams) -> None:
    analysis = analyse_teams([team("front", clients=["customers"], suppliers=["back"]), team("back", clients=["front"])])
    assert findings_of(analysis, "one-sided") == []
    assert {(link.supplier, link.client): link.status for link in analysis.org.links} == {
        ("back", "front"): "confirmed", ("front", "customers"): "confirmed"}


def test_link_to_an_end_client_is_confirmed(analyse_teams) -> None:
    analysis = analyse_teams([team("front", clients=["customers"])])
    [link] = analysis.org.links
    assert link.confirmed and link.declared_by == "supplier"
    assert analysis.findings == ()


def test_what_from_both_sides_is_kept(analyse_teams) -> None:
    analysis = analyse_teams([
        team("front", clients=["customers"], suppliers=[{"id": "back", "what": "Clean rooms", "satisfaction": 8}]),
        team("back", clients=[{"id": "front", "what": "Cleaning"}]),
    ])
    link = next(link for link in analysis.org.links if link.supplier == "back")
    assert link.what == ("Cleaning", "Clean rooms") and link.satisfaction == 8


def test_low_satisfaction(analyse_teams) -> None:
    analysis = analyse_teams([
        team("front", clients=["customers"], members=["Ann"],
             suppliers=[{"id": "poor", "satisfaction": 4}, {"id": "fine", "satisfaction": 9}]),
        team("poor", clients=["front"], members=["Bob", "Cy"]),
        team("fine", clients=["front"]),
    ])
    assert findings_of(analysis, "low-satisfaction") == [("poor", "front", "warning", 2)]


def test_low_satisfaction_threshold_is_strict(analyse_teams) -> None:
    suppliers = [{"id": "at", "satisfaction": 7}, {"id": "below", "satisfaction": 6.9}]
    analysis = analyse_teams([
        team("front", clients=["customers"], suppliers=suppliers, enps=10),
        team("at", clients=["front"]), team("below", clients=["front"]),
    ])
    assert findings_of(analysis, "low-satisfaction") == [("below", "front", "warning", 1)]


def test_low_satisfaction_follows_the_setting(analyse_teams) -> None:
    teams = [team("front", clients=["customers"], suppliers=[{"id": "back", "satisfaction": 5}]),
             team("back", clients=["front"])]
    assert findings_of(analyse_teams(teams, settings={"min_satisfaction": 5}), "low-satisfaction") == []
    assert len(findings_of(analyse_teams(teams, settings={"min_satisfaction": 5.5}), "low-satisfaction")) == 1


def spof_teams():
    """hub carries left and right (every chain of theirs passes through it); side bypasses it."""
    return [
        team("hub", clients=["customers"], members=["Hu", "Shared"]),
        team("left", clients=["hub"], members=["Le", "Shared"]),
        team("right", clients=["hub"], members=["Ri"]),
        team("side", clients=["hub", "customers"], members=["Si"]),
    ]


def test_single_point_of_failure_counts_the_workers_of_carried_teams(analyse_teams) -> None:
    analysis = analyse_teams(spof_teams())
    assert findings_of(analysis, "single-point-of-failure") == [("hub", "warning", 4)]  # Hu, Shared, Le, Ri
    assert analysis.carried["hub"] == ["left", "right"]


def test_single_point_of_failure_needs_spof_min_teams(analyse_teams) -> None:
    assert findings_of(analyse_teams(spof_teams(), settings={"spof_min_teams": 3}), "single-point-of-failure") == []
    found = findings_of(analyse_teams(spof_teams(), settings={"spof_min_teams": 1}), "single-point-of-failure")
    assert found == [("hub", "warning", 4)]


def test_single_point_of_failure_counts_teams_carried_through_others(analyse_teams) -> None:
    analysis = analyse_teams([
        team("hub", clients=["customers"]), team("mid", clients=["hub"]), team("far", clients=["mid"]),
    ], settings={"spof_min_teams": 1})
    assert findings_of(analysis, "single-point-of-failure") == [("hub", "warning", 3), ("mid", "warning", 2)]


def test_single_point_of_failure_counts_a_worker_of_several_teams_once_and_only_where_they_are(analyse_teams) -> None:
    """Sam works in mid and far (both carried by hub): once for hub, once for mid. Pat works
    in far and in other, which nothing carries: counted where far is, and nowhere else."""
    analysis = analyse_teams([
        team("hub", clients=["customers"], members=["Hu"]), team("mid", clients=["hub"], members=["Sam", "Mi"]),
        team("far", clients=["mid"], members=["Sam", "Pat"]), team("other", clients=["customers"], members=["Pat"]),
    ], settings={"spof_min_teams": 1})
    assert findings_of(analysis, "single-point-of-failure") == [("hub", "warning", 4), ("mid", "warning", 3)]


def test_a_team_with_a_bypass_is_not_carried(analyse_teams) -> None:
    analysis = analyse_teams([
        team("hub", clients=["customers"]), team("other", clients=["customers"]),
        team("a", clients=["hub", "other"]), team("b", clients=["hub", "other"]),
    ])
    assert findings_of(analysis, "single-point-of-failure") == []


def asymmetry_teams(suppliers, enps=None):
    front = team("front", clients=["customers"], suppliers=suppliers, members=["Ann", "Bob"])
    if enps is not None:
        front["enps"] = enps
    return [front] + [team(s["id"] if isinstance(s, dict) else s, clients=["front"]) for s in suppliers]


def test_attention_asymmetry_by_mean_satisfaction(analyse_teams) -> None:
    suppliers = [{"id": "s1", "satisfaction": 5}, {"id": "s2", "satisfaction": 8}, "s3"]  # s3 unrated: ignored
    analysis = analyse_teams(asymmetry_teams(suppliers))
    assert findings_of(analysis, "attention-asymmetry") == [("front", "warning", 2)]
    [finding] = [f for f in analysis.findings if f.rule == "attention-asymmetry"]
    assert finding.facts["mean_satisfaction"] == 6.5


def test_attention_asymmetry_not_when_the_mean_reaches_the_threshold(analyse_teams) -> None:
    suppliers = [{"id": "s1", "satisfaction": 6}, {"id": "s2", "satisfaction": 8}, "s3"]
    assert findings_of(analyse_teams(asymmetry_teams(suppliers)), "attention-asymmetry") == []


def test_attention_asymmetry_when_the_mean_is_below_the_threshold_by_less_than_its_rounding(analyse_teams) -> None:
    analysis = analyse_teams(asymmetry_teams([{"id": "s1", "satisfaction": 6.996}]))
    [finding] = [f for f in analysis.findings if f.rule == "attention-asymmetry"]
    assert finding.facts["mean_satisfaction"] == 6.99  # shown below 7, as it is, not rounded up to it


def test_attention_asymmetry_averages_decimal_scores_exactly(analyse_teams) -> None:
    # FORMAT.md v1.1: 2.3, 6.1 and 6.6 average exactly 5 (in floats, 4.999…), which is not below 5
    suppliers = [{"id": "s1", "satisfaction": 2.3}, {"id": "s2", "satisfaction": 6.1}, {"id": "s3", "satisfaction": 6.6}]
    assert findings_of(analyse_teams(asymmetry_teams(suppliers), settings={"min_satisfaction": 5}),
                       "attention-asymmetry") == []
    analysis = analyse_teams(asymmetry_teams(suppliers), settings={"min_satisfaction": 5.01})
    [finding] = [f for f in analysis.findings if f.rule == "attention-asymmetry"]
    assert finding.facts["mean_satisfaction"] == 5


def asymmetry_of(analysis):
    [finding] = [f for f in analysis.findings if f.rule == "attention-asymmetry"]
    return finding, *describe(finding, analysis.org), badge(finding)


def test_attention_asymmetry_says_a_poorly_served_team_is_poorly_served(analyse_teams) -> None:
    finding, message, action, label = asymmetry_of(analyse_teams(asymmetry_teams([{"id": "s1", "satisfaction": 4}], enps=30)))
    assert finding.facts["condition"] == "poorly-served"
    assert "rates its internal suppliers 4/10 on average, below 7" in message and "eNPS" not in message
    assert action.startswith("give the internal suppliers of front the attention")
    assert label == "frontline, poorly served"


def test_attention_asymmetry_of_an_unhappy_team_well_served_blames_no_supplier(analyse_teams) -> None:
    # the case: a frontline team rates its only supplier 9/10, and its eNPS is -20
    finding, message, action, label = asymmetry_of(analyse_teams(asymmetry_teams([{"id": "s1", "satisfaction": 9}], enps=-20)))
    assert finding.facts["condition"] == "unhappy-team" and finding.facts["enps"] == -20
    assert "poorly served" not in message and "eNPS" in message and "is -20, below 0" in message
    assert "not in question: it rates them 9/10" in message
    assert "supplier" not in action and action.startswith("look after front itself")
    assert label == "frontline, unhappy team"


def test_attention_asymmetry_when_both_conditions_fire_says_both(analyse_teams) -> None:
    finding, message, action, label = asymmetry_of(analyse_teams(asymmetry_teams([{"id": "s1", "satisfaction": 3}], enps=-40)))
    assert finding.facts["condition"] == "both"
    assert "3/10 on average, below 7" in message and "is -40, below 0" in message
    assert "with its internal suppliers what front needs" in action and "ask its own members" in action
    assert label == "frontline, poorly served, unhappy"


def test_attention_asymmetry_says_its_condition_in_the_json(tmp_path: Path, runner) -> None:
    org = write_org(tmp_path, asymmetry_teams([{"id": "s1", "satisfaction": 9}], enps=-20))
    result = runner.invoke(cli, ["weak", str(org), "--format", "json"])
    [finding] = [f for f in json.loads(result.stdout) if f["rule"] == "attention-asymmetry"]
    assert finding["facts"]["condition"] == "unhappy-team"
    assert finding["facts"]["enps"] == -20 and finding["facts"]["mean_satisfaction"] == 9


def test_attention_asymmetry_by_enps(analyse_teams) -> None:
    suppliers = [{"id": "s1", "satisfaction": 9}]
    assert findings_of(analyse_teams(asymmetry_teams(suppliers, enps=-5)), "attention-asymmetry") == [("front", "warning", 2)]
    assert findings_of(analyse_teams(asymmetry_teams(suppliers, enps=0)), "attention-asymmetry") == []
    assert findings_of(analyse_teams(asymmetry_teams(suppliers, enps=-5), settings={"min_enps": -10}),
                       "attention-asymmetry") == []


def test_attention_asymmetry_only_for_frontline_teams(analyse_teams) -> None:
    analysis = analyse_teams([
        team("front", clients=["customers"]),
        team("inner", clients=["front"], suppliers=[{"id": "deep", "satisfaction": 1}], enps=-50),
        team("deep", clients=["inner"]),
    ])
    assert findings_of(analysis, "attention-asymmetry") == []
    assert findings_of(analysis, "low-satisfaction") == [("deep", "inner", "warning", 1)]


def chain_of(length: int):
    """t1 → t2 → … → t{length} → customers: t1's chain has `length` links."""
    ids = [f"t{i}" for i in range(1, length + 1)]
    return [team(t, clients=[ids[i + 1] if i + 1 < length else "customers"]) for i, t in enumerate(ids)]


def test_long_chain_above_the_limit_only(analyse_teams) -> None:
    analysis = analyse_teams(chain_of(4), settings={"max_chain_length": 3, "spof_min_teams": 99})
    assert findings_of(analysis, "long-chain") == [("t1", "info", 1)]  # 4 links; t2 has 3 == max: not long
    [finding] = [f for f in analysis.findings if f.rule == "long-chain"]
    assert (finding.facts["length"], finding.facts["limit"]) == (4, 3)


def test_long_chain_default_limit_is_5(analyse_teams) -> None:
    assert findings_of(analyse_teams(chain_of(5)), "long-chain") == []
    assert [f[0] for f in findings_of(analyse_teams(chain_of(6)), "long-chain")] == ["t1"]


def test_stale_boundary(analyse_teams) -> None:
    settings = {"stale_after_days": 30}
    teams = [team("exact", clients=["customers"], reviewed=AS_OF - dt.timedelta(days=30)),
             team("older", clients=["customers"], reviewed=AS_OF - dt.timedelta(days=31)),
             team("never", clients=["customers"])]
    assert findings_of(analyse_teams(teams, settings=settings), "stale") == [("older", "info", 1)]


def test_stale_after_more_days_than_the_calendar_holds_is_never_stale(analyse_teams) -> None:
    teams = [team("old", clients=["customers"], reviewed=dt.date(1900, 1, 1))]
    for days in (10 ** 6, 3_650_000):  # 3,650,000: the ceiling chainmap gives the setting
        assert findings_of(analyse_teams(teams, settings={"stale_after_days": days}), "stale") == []


def test_stale_counts_from_as_of(runner, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [team("a", clients=["customers"], reviewed=dt.date(2025, 1, 1))])
    def stale_teams(as_of: str) -> list:
        result = runner.invoke(cli, ["weak", str(root), "--format", "json", "--as-of", as_of])
        return [f["team"] for f in json.loads(result.stdout) if f["rule"] == "stale"]
    assert stale_teams("2026-01-01") == []   # 365 days: not older than stale_after_days
    assert stale_teams("2026-01-02") == ["a"]


def test_no_members(analyse_teams) -> None:
    analysis = analyse_teams([team("empty", clients=["customers"], members=[]), team("full", clients=["customers"])])
    assert findings_of(analysis, "no-members") == [("empty", "info", 0)]


def test_confirmed_only_changes_chains_and_broken_chain(runner, tmp_path: Path) -> None:
    root = write_org(tmp_path / "org", [team("a", clients=["b"]), team("b", clients=["customers"])])
    def run(*options: str):
        weak = json.loads(runner.invoke(cli, ["weak", str(root), "--format", "json", *options]).stdout)
        chains = json.loads(runner.invoke(cli, ["chains", str(root), "--format", "json", *options]).stdout)
        return [(f["rule"], f.get("team")) for f in weak if f["severity"] == "error"], chains["teams"]["a"]["chain"]
    assert run() == ([], ["a", "b", "customers"])
    assert run("--confirmed-only") == ([("broken-chain", "a")], None)


def test_confirmed_only_does_not_make_a_declared_link_isolated(analyse_teams) -> None:
    analysis = analyse_teams([team("a", clients=["b"]), team("b", clients=["customers"])], confirmed_only=True)
    assert findings_of(analysis, "isolated") == []
    assert findings_of(analysis, "one-sided") == [("a", "b", "warning", 1)]


def test_findings_are_sorted_by_rule_then_subject(analyse_teams) -> None:
    analysis = analyse_teams([
        team("z", clients=["customers", "ghost"], members=[]), team("alone"), team("a", clients=["customers"], members=[]),
    ])
    keys = [(f.rule, f.subject) for f in analysis.findings]
    assert keys == [("unknown-reference", ("z", "ghost")), ("isolated", ("alone",)),
                    ("no-members", ("a",)), ("no-members", ("z",))]


def test_rules_run_in_the_order_of_format_md_table() -> None:
    assert tuple(rule.name for rule in RULES) == RULE_ORDER


def test_the_registry_gives_each_rule_the_severity_and_subject_of_format_md_table() -> None:
    format_md = (Path(__file__).resolve().parent.parent / "docs" / "FORMAT.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \| (team|link) \|", format_md, re.M)
    assert [(rule.name, rule.severity, rule.subject) for rule in RULES if rule.name not in EXTENSIONS] == table


def test_a_rule_beyond_format_md_is_documented_as_a_choice_where_the_format_is_silent() -> None:
    choices = (Path(__file__).resolve().parent.parent / "docs" / "format-choices.md").read_text(encoding="utf-8")
    extensions = re.findall(r"^ *\| `([a-z-]+)` \| (error|warning|info) \| (team|link) \|", choices, re.M)
    assert [(rule.name, rule.severity, rule.subject) for rule in RULES if rule.name in EXTENSIONS] == extensions


def test_every_finding_has_its_rules_severity_and_subject() -> None:
    registry = {rule.name: rule for rule in RULES}
    findings = chainmap.analyse(chainmap.load(chainmap.example_path())).findings
    assert len({f.rule for f in findings}) >= 8  # the example shows most rules
    for finding in findings:
        rule = registry[finding.rule]
        assert finding.severity == rule.severity and finding.is_link == (rule.subject == "link"), finding


@pytest.fixture(scope="module")
def every_rule(tmp_path_factory: pytest.TempPathFactory) -> chainmap.Analysis:
    """A generated organisation of 500 teams, in which every rule fires."""
    root = tmp_path_factory.mktemp("every-rule") / "m"
    for relative, text in organisation_files(generate(500, 5000, 1)):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (root / "left-out.yaml").write_text("id: left-out\nmembers: [Al\n", encoding="utf-8")  # for skipped-team
    analysis = chainmap.analyse(chainmap.load(root, skip_invalid=True), as_of=AS_OF)
    assert {f.rule for f in analysis.findings} == set(RULE_ORDER)
    return analysis


def test_every_rule_yields_its_findings_in_subject_order_so_none_need_sorting(every_rule: chainmap.Analysis) -> None:
    """The analysis puts the rules' findings one after the other without sorting them all."""
    findings = every_rule.findings
    assert list(findings) == sorted(findings, key=finding_order)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_has_its_words_in_english_and_in_french(rule, every_rule: chainmap.Analysis) -> None:
    """A rule's entry carries its title and its words; each of them is in the French catalogue.

    Before the registry, a rule without words failed only when it fired, in front of a user.
    """
    finding = next(f for f in every_rule.findings if f.rule == rule.name)
    english = (rule_title(rule.name), *describe(finding, every_rule.org), badge(finding))
    set_language("fr")
    french = (rule_title(rule.name), *describe(finding, every_rule.org), badge(finding))
    assert all(english) and all(french), (english, french)
    assert all(fr != en for fr, en in zip(french, english)), (english, french)
    catalogue = parse_po(FRENCH_CATALOGUE.read_text(encoding="utf-8"))
    module = Path(sys.modules[rule.check.__module__].__file__ or "")
    written = {key for key, _where in code_messages(module.parent).items() if _where.startswith(f"rules/{module.name}:")}
    assert written and not {key for key in written if key not in catalogue}, "untranslated words of " + rule.name
