"""Tests for screener.rules.model: looking rules up in a RuleSet."""

from __future__ import annotations

import pytest

from screener.rules import load_rules

from .conftest import FIXTURES


def test_rule_lookup_and_ids() -> None:
    ruleset = load_rules([FIXTURES / "loader" / "valid.yaml"])
    assert ruleset.ids == ("hub-buyer", "forwarder-consignee")
    assert ruleset.rule("forwarder-consignee").weight == 15
    with pytest.raises(KeyError):
        ruleset.rule("missing")


def test_sets_are_read_only() -> None:
    ruleset = load_rules([FIXTURES / "loader" / "valid.yaml"])
    with pytest.raises(TypeError):
        ruleset.sets["new"] = frozenset()  # type: ignore[index]
