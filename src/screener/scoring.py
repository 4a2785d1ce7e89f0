"""Combines a row's evidence (party, goods and rule hits) into its 0-100 score, band and reasons.

The score is additive and capped, so that every reason's points can be read off the report and
added up by hand: `score = min(100, sum of the points of every reason)`. docs/rules.md has a
worked example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter

from screener.bands import band_for
from screener.model import (
    Assessment,
    Finding,
    GoodsHit,
    PartyHit,
    Reason,
    Record,
)
from screener.normalize import name_key

MAX_SCORE = 100

# Points a party hit earns at a perfect (100) match score, by what the list is. A hit earns
# `base * match_score / 100`, so a certain match on an official sanctions list alone is critical
# while a fuzzy 82 match on a press report is "low". Official designations weigh more than press
# reports (issue 3: "the report tells an official designation from a press report, and they weigh
# differently").
CATEGORY_POINTS: dict[str, int] = {
    "sanctions": 100,  # OFAC SDN, UN, UK, EU: dealing is prohibited
    "designated": 90,  # curated entry an authority designated (the entry cites the designation)
    "export-control": 70,  # BIS Entity List, MEU, DPL: a licence requirement, not a blanket ban
    "state-defence": 50,  # state-owned defence company, not itself designated
    "press": 30,  # named in press reporting only
    # Owned by or linked to a sanctioned party: OFAC's 50 Percent Rule makes majority-owned
    # companies blocked too, but a link alone is not a designation.
    "sanctions-linked": 50,
    "watchlist": 40,  # debarment, crime and other official watchlists: a risk, not a prohibition
}
DEFAULT_CATEGORY_POINTS = 50


def party_points(hit: PartyHit) -> int:
    """Points one party hit earns on its own."""
    base = CATEGORY_POINTS.get(hit.category, DEFAULT_CATEGORY_POINTS)
    return round(base * max(0.0, min(hit.score, 100.0)) / 100.0)


# dataclasses.replace looks the class's fields up on every call, which for a PartyHit costs more
# than the rest of scoring a row; the fields are read once here and a hit copied positionally.
_HIT_FIELDS = tuple(f.name for f in fields(PartyHit))
_POINTS_AT = _HIT_FIELDS.index("points")
_hit_values = attrgetter(*_HIT_FIELDS)  # every PartyHit field is an __init__ argument


def _with_points(hit: PartyHit, points: int) -> PartyHit:
    """`replace(hit, points=points)`, quickly; the hit itself when it already has those points."""
    if hit.points == points:
        return hit
    values = list(_hit_values(hit))
    values[_POINTS_AT] = points
    return PartyHit(*values)


# A ledger names the same listed parties row after row, and screen.py hands over the same hit
# objects each time: a hit given its points, and its reason, are made once and shared by every
# row that has them (which is also what lets report/csv_format.LineWriter find a row's verdict
# already written). Hashing a hit costs less than copying it, and equal hits give equal reasons
# (a score of -0.0, which no match gives, would read "-0" against "0"). The last 100,000 rows of
# benchmarks/scale have 1,580 distinct party hits; 8,192 leaves room for a bigger book and bounds
# each memo at ~10 MB (a hit with its features is ~1 KB).
HITS_KEPT = 8192


@lru_cache(maxsize=HITS_KEPT)
def _scored(hit: PartyHit, points: int) -> PartyHit:
    return _with_points(hit, points)


# The same party names come back row after row (screen.py matches each distinct party once, and
# its hits name it again in every row): their comparison keys are kept, up to this many names,
# which bounds the memory at a few MB.
@lru_cache(maxsize=16384)
def _name_key(name: str) -> str:
    return name_key(name)


def _score_party_hits(hits: Sequence[PartyHit]) -> tuple[PartyHit, ...]:
    """Give each hit its points; only the strongest hit of each input party name counts.

    One party that sits on the SDN list, the UK list and our curated list is one risk, not three,
    and so is one company named as buyer, consignee and payer: the other hits are kept in the
    report as corroboration with 0 points.
    """
    if not hits:
        return ()
    best: dict[str, int] = {}
    scored = [_scored(h, party_points(h)) for h in hits]
    for i, hit in enumerate(scored):
        key = _name_key(hit.input_name)
        if key not in best or hit.points > scored[best[key]].points:
            best[key] = i
    counted = set(best.values())
    return tuple(h if i in counted else _scored(h, 0) for i, h in enumerate(scored))


@lru_cache(maxsize=HITS_KEPT)
def _party_reason(hit: PartyHit) -> Reason:
    programs = f" [{', '.join(hit.programs)}]" if hit.programs else ""
    alias = hit.matched_alias
    entry = f"'{alias}'" if alias == hit.entry_name else f"'{alias}' (alias of '{hit.entry_name}')"
    text = (
        f"{hit.role.replace('_', ' ')} '{hit.input_name}' matches {entry} on {hit.list_name}"
        f"{programs} ({hit.category}), match {hit.score:.0f}/100"
    )
    return Reason(kind="party", points=hit.points, text=text, ref=f"{hit.list_id}:{hit.entry_id}")


# A ledger's goods hits are shared objects (the classifier keeps them per goods line): each one's
# reason is made once and shared as well, as a party hit's is (see HITS_KEPT; benchmarks/scale has
# ~200 distinct goods hits).
@lru_cache(maxsize=HITS_KEPT)
def _goods_reason(hit: GoodsHit) -> Reason:
    how = f"HS {hit.matched}" if hit.matched_on == "hs" else f"words '{hit.matched}'"
    note = f"; {hit.note}" if hit.note else ""
    text = f"goods line {hit.line + 1}: {hit.label} ({how}, {hit.list_name}{note})"
    return Reason(kind="goods", points=hit.points, text=text, ref=f"{hit.list_id}:{hit.item_id}")


def _rule_reason(finding: Finding) -> Reason:
    return _rule_reason_of(finding.rule_id, finding.message, finding.weight)


# A rule's reason depends on the rule alone, and a run has a few dozen rules (messages may carry
# a rule's parameters, hence the margin): each reason is made once and shared by every row.
@lru_cache(maxsize=1024)
def _rule_reason_of(rule_id: str, message: str, weight: int) -> Reason:
    return Reason(kind="rule", points=weight, text=f"{rule_id}: {message}", ref=rule_id)


_points = attrgetter("points")
_CLEAR = band_for(0)


def assess(
    record: Record,
    party_hits: Sequence[PartyHit],
    goods_hits: Sequence[GoodsHit],
    findings: Sequence[Finding],
    *,
    similar: Sequence[PartyHit] = (),
) -> Assessment:
    """The scored, banded and explained assessment of one record.

    `similar` (look-alikes below the hit threshold) earn no points here: a rule weighs them.
    """
    if not party_hits and not goods_hits:
        # Most rows of a ledger: no list hit, a rule or two at most. The general path below,
        # written out for them (the same reasons in the same order, the same score).
        if not findings:
            return Assessment(record, 0, _CLEAR, (), (), (), (), tuple(similar))
        rule_reasons = [_rule_reason_of(f.rule_id, f.message, f.weight) for f in findings]
        if len(rule_reasons) > 1:
            rule_reasons.sort(key=_points, reverse=True)
        total = min(MAX_SCORE, sum([r.points for r in rule_reasons]))
        return Assessment(
            record,
            total,
            band_for(total),
            (),
            (),
            tuple(findings),
            tuple(rule_reasons),
            tuple(similar),
        )
    scored_hits = _score_party_hits(party_hits)
    reasons = [
        *(_party_reason(h) for h in scored_hits),
        *(_rule_reason(f) for f in findings),
        *(_goods_reason(h) for h in goods_hits),
    ]
    # Highest points first; the sort is stable (reverse too) so equal points keep party, rule,
    # goods order.
    reasons.sort(key=_points, reverse=True)
    score = min(MAX_SCORE, sum(r.points for r in reasons))
    return Assessment(
        record=record,
        score=score,
        band=band_for(score),
        party_hits=scored_hits,
        goods_hits=tuple(goods_hits),
        findings=tuple(findings),
        reasons=tuple(reasons),
        similar_parties=tuple(similar),
    )
