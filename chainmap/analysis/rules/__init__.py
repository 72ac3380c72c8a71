"""The rules of FORMAT.md §3, one module each, in one registry: :data:`RULES`.

Each rule module holds the rule's ``check`` (the findings, as data), its ``words`` (what is
wrong and what to do, in the reader's language), and one :class:`~.base.Rule` entry with
its name, severity, subject and title. :data:`RULES` lists the entries in the order of
FORMAT.md's table: findings are reported in that order, rule after rule. One rule is an
extension beyond the table, documented in docs/format-choices.md (:data:`EXTENSIONS`):
``skipped-team``, first, since a file left out explains findings after it.

To add a rule: copy the module of a similar rule, write its check and its words, add its
``RULE`` to :data:`RULES` where it belongs in FORMAT.md's table, and translate its words
in chainmap/locale/fr (``python scripts/update_catalog.py``). Tests fail until the rule
has a severity in FORMAT.md, a title, and English and French words.
"""

from __future__ import annotations

from typing import Dict, Tuple

from ..findings import Finding
from . import (
    attention_asymmetry,
    broken_chain,
    isolated,
    long_chain,
    low_satisfaction,
    no_members,
    one_sided,
    single_point_of_failure,
    skipped_team,
    stale,
    unknown_reference,
)
from .base import Context, Rule

__all__ = ["Context", "EXTENSIONS", "RULES", "RULE_ORDER", "Rule", "SEVERITY", "finding_order", "rule_named"]

RULES: Tuple[Rule, ...] = (
    skipped_team.RULE,  # beyond FORMAT.md's table (docs/format-choices.md): a file --skip-invalid left out
    unknown_reference.RULE,
    broken_chain.RULE,
    isolated.RULE,
    one_sided.RULE,
    low_satisfaction.RULE,
    single_point_of_failure.RULE,
    attention_asymmetry.RULE,
    long_chain.RULE,
    stale.RULE,
    no_members.RULE,
)

# The rules beyond FORMAT.md's table (documented in docs/format-choices.md).
EXTENSIONS: Tuple[str, ...] = ("skipped-team",)

# Read from the registry above, never written again.
RULE_ORDER: Tuple[str, ...] = tuple(rule.name for rule in RULES)
SEVERITY: Dict[str, str] = {rule.name: rule.severity for rule in RULES}
_BY_NAME: Dict[str, Rule] = {rule.name: rule for rule in RULES}
_RANK: Dict[str, int] = {name: rank for rank, name in enumerate(RULE_ORDER)}


def rule_named(name: str) -> Rule:
    """The registry entry of a rule, by name (``KeyError`` for a name that is no rule)."""
    return _BY_NAME[name]


def finding_order(finding: Finding) -> Tuple[int, Tuple[str, ...]]:
    """FORMAT.md's order of findings: by rule (the table's order), then by subject ids."""
    return (_RANK[finding.rule], finding.subject)
