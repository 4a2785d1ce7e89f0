"""Helpers shared by the rules tests: fixture paths, named sets, compiling a condition from YAML."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from screener.model import GoodsHit, Record
from screener.rules.conditions import Condition, compile_condition
from screener.rules.fields import Facts
from screener.rules.sets import NamedSet
from screener.rules.source import parse_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def named_set(name: str, kind: str, values: tuple[str, ...]) -> NamedSet:
    return NamedSet(name, kind, values, ("test",), None, "sets.yaml", 1)


DEFAULT_SETS: Mapping[str, NamedSet] = {
    "russia-belarus": named_set("russia-belarus", "countries", ("RU", "BY")),
    "hubs": named_set("hubs", "countries", ("KG", "KZ", "AE", "HK")),
    "forwarder-words": named_set("forwarder-words", "words", ("logisti", "forwarding", "物流")),
    "roubles": named_set("roubles", "currencies", ("RUB",)),
}


def compile_text(text: str, sets: Mapping[str, NamedSet] | None = None) -> Condition:
    """Compile one condition written as YAML text (as it would appear under `when:`)."""
    node = parse_yaml(text, "rule.yaml")
    assert node is not None
    return compile_condition(node, "test-rule", DEFAULT_SETS if sets is None else sets)


def holds(
    condition: Condition, record: Record, goods_hits: tuple[GoodsHit, ...] = ()
) -> bool:
    return condition.test(Facts(record, (), goods_hits))

