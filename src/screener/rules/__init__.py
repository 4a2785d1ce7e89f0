"""Red-flag rules: YAML files in a small closed condition language, loaded, validated and evaluated.

The format is documented in rules/README.md and in the docstrings of `screener.rules.load`
(files and rules), `screener.rules.conditions` (the condition language), `screener.rules.fields`
(the fields a condition reads) and `screener.rules.sets` (named sets).
"""

from __future__ import annotations

from screener.rules.conditions import NAME_SAME_SCORE, Condition
from screener.rules.evaluate import evaluate
from screener.rules.fields import FIELDS
from screener.rules.load import is_test_file, load_rules, rule_files, validate
from screener.rules.model import Rule, RuleSet
from screener.rules.sets import NamedSet

__all__ = [
    "FIELDS",
    "NAME_SAME_SCORE",
    "Condition",
    "NamedSet",
    "Rule",
    "RuleSet",
    "evaluate",
    "is_test_file",
    "load_rules",
    "rule_files",
    "validate",
]
