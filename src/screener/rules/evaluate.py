"""Evaluates a RuleSet against one record and its list hits: one Finding per rule that fired."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screener.model import Finding, GoodsHit, PartyHit, Record
from screener.rules.fields import Facts
from screener.rules.model import RuleSet
from screener.rules.plan import MAX_EVIDENCE, plan_of

__all__ = ["MAX_EVIDENCE", "evaluate", "new_party_memo"]


def new_party_memo() -> list[Any]:
    """An empty per-party memo for `evaluate(party_memos=...)`: [owner, what it kept]."""
    return [None, 0]


def evaluate(
    rules: RuleSet,
    record: Record,
    party_hits: Sequence[PartyHit] = (),
    goods_hits: Sequence[GoodsHit] = (),
    similar_hits: Sequence[PartyHit] = (),
    *,
    party_memos: Sequence[list[Any]] | None = None,
) -> tuple[Finding, ...]:
    """The findings of every rule whose condition holds for `record`, in rule order.

    `party_hits` are the parties that met a list entry; `similar_hits` the look-alikes (below the
    hit threshold, at or above the similar threshold) that `similar_party` conditions read.
    `party_memos`, if given, holds a list per party of `record` (in order) that the caller keeps
    with that Party object for the run: the plan keeps its answers for the party in it (see
    screener.rules.plan.RulePlan.fired); a list made with `new_party_memo()`.

    Evidence is worked out only for the rules that fired. The RuleSet's Memo keeps what earlier
    records taught (screener.rules.plan: each leaf test's answer for the countries, parties,
    goods and hits it reads; a value's verdict; a condition's evidence): it makes a run faster,
    never different.
    """
    memo = rules.memo
    facts = Facts(
        record, party_hits, goods_hits, memo, similar_hits=similar_hits, party_memos=party_memos
    )
    return plan_of(rules.rules, memo).findings(facts)
