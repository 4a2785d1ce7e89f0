"""The loaded form of red-flag rules: what `load_rules` returns and `evaluate` reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from screener.model import RuleSetInfo
from screener.rules.conditions import Condition
from screener.rules.fields import Memo
from screener.rules.sets import NamedSet


@dataclass(frozen=True, slots=True)
class Rule:
    """One red-flag rule, its condition compiled and ready to evaluate."""

    id: str
    message: str
    weight: int
    sources: tuple[str, ...]
    condition: Condition
    file: str
    line: int
    description: str | None = None
    tags: tuple[str, ...] = ()


def _empty_sets() -> Mapping[str, frozenset[str]]:
    return MappingProxyType({})


def _empty_named() -> Mapping[str, NamedSet]:
    return MappingProxyType({})


@dataclass(frozen=True)
class RuleSet:
    """Every rule and named set of one run, in file order, with the files they came from."""

    rules: tuple[Rule, ...] = ()
    sets: Mapping[str, frozenset[str]] = field(default_factory=_empty_sets)
    infos: tuple[RuleSetInfo, ...] = ()
    named_sets: Mapping[str, NamedSet] = field(default_factory=_empty_named)
    # Normalised strings already seen in this run (see fields.Memo): a speed-up, not state that
    # changes any result, so it takes no part in comparisons or the repr.
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    def rule(self, rule_id: str) -> Rule:
        """The rule with id `rule_id`; KeyError if there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)
