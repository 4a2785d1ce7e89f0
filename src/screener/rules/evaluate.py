"""Evaluates a RuleSet against one record and its list hits: one Finding per rule that fired."""

from __future__ import annotations

from collections.abc import Sequence

from screener.model import Finding, GoodsHit, PartyHit, Record
from screener.rules.fields import Facts
from screener.rules.model import RuleSet

# A finding lists at most this many evidence strings, then "... and N more": a keyword rule over a
# 300-line invoice must not bury the report (the first items already show the reviewer why).
MAX_EVIDENCE = 10


def _evidence(items: list[str]) -> tuple[str, ...]:
    if len(items) < 2:
        return tuple(items)
    unique = list(dict.fromkeys(items))
    if len(unique) > MAX_EVIDENCE:
        extra = len(unique) - (MAX_EVIDENCE - 1)
        unique = [*unique[: MAX_EVIDENCE - 1], f"... and {extra} more"]
    return tuple(unique)


def evaluate(
    rules: RuleSet,
    record: Record,
    party_hits: Sequence[PartyHit] = (),
    goods_hits: Sequence[GoodsHit] = (),
    similar_hits: Sequence[PartyHit] = (),
) -> tuple[Finding, ...]:
    """The findings of every rule whose condition holds for `record`, in rule order.

    `party_hits` are the parties that met a list entry; `similar_hits` the look-alikes (below the
    hit threshold, at or above the similar threshold) that `similar_party` conditions read.

    Each field is extracted and normalised once per record however many rules read it; evidence is
    worked out only for the rules that fired. The RuleSet's Memo keeps what earlier records taught
    (a value's verdict, a condition's evidence): it makes a run faster, never different.
    """
    memo = rules.memo
    facts = Facts(record, party_hits, goods_hits, memo, similar_hits=similar_hits)
    findings: list[Finding] = []
    for rule in rules.rules:
        if rule.condition.test(facts):
            evidence = _evidence(rule.condition.explain(facts))
            # A Finding is immutable and the same evidence comes back row after row: one object
            # per rule and evidence serves them all.
            known: dict[tuple[str, ...], Finding] = memo.state(rule, dict)
            finding = known.get(evidence)
            if finding is None:
                finding = Finding(
                    rule_id=rule.id,
                    message=rule.message,
                    weight=rule.weight,
                    sources=rule.sources,
                    evidence=evidence,
                    rule_file=rule.file,
                )
                memo.keep(known, evidence, finding)
            findings.append(finding)
    return tuple(findings)
