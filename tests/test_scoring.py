"""Scoring: points per reason, one counted hit per party, the cap and the bands."""

from __future__ import annotations

from screener.bands import Band, band_for
from screener.model import Feature, Finding, GoodsHit, PartyHit, Record
from screener.scoring import CATEGORY_POINTS, assess, party_points


def hit(category: str, score: float, *, role: str = "buyer", name: str = "X LLC",
        list_id: str = "l1") -> PartyHit:
    return PartyHit(role=role, input_name=name, list_id=list_id, list_name=list_id.upper(),
                    category=category, entry_id="e1", entry_name="X LLC", matched_alias="X LLC",
                    score=score, features=(Feature("name", score / 100, score, "test"),))


def finding(rule_id: str, weight: int) -> Finding:
    return Finding(rule_id=rule_id, message=f"{rule_id} fired", weight=weight, sources=("S",))


RECORD = Record(source="t.csv", row=2)


def test_party_points_scale_with_category_and_score() -> None:
    assert party_points(hit("sanctions", 100)) == CATEGORY_POINTS["sanctions"]
    assert party_points(hit("press", 100)) == CATEGORY_POINTS["press"]
    assert party_points(hit("sanctions", 85)) == round(CATEGORY_POINTS["sanctions"] * 0.85)
    assert party_points(hit("press", 90)) < party_points(hit("designated", 90))


def test_same_party_on_several_lists_counts_once() -> None:
    a = assess(RECORD, [hit("sanctions", 95, list_id="sdn"), hit("press", 95, list_id="cur")],
               [], [])
    assert [h.points for h in a.party_hits] == [95, 0]
    assert a.score == 95


def test_same_company_in_several_roles_counts_once() -> None:
    a = assess(RECORD, [hit("sanctions", 90, role="buyer", name="Rosoboronexport"),
                        hit("sanctions", 90, role="payer", name="ROSOBORONEXPORT")], [], [])
    assert sorted(h.points for h in a.party_hits) == [0, 90]
    assert a.score == 90


def test_different_parties_add_up_and_cap_at_100() -> None:
    a = assess(RECORD, [hit("press", 100, role="buyer", name="A"),
                        hit("press", 100, role="seller", name="B")],
               [], [finding("r1", 30), finding("r2", 40)])
    assert a.score == 100
    assert a.band is Band.CRITICAL
    assert sum(r.points for r in a.reasons) == 130  # reasons keep their own points


def test_reasons_sorted_by_points_and_goods_explained() -> None:
    goods = GoodsHit(line=0, list_id="chpl", list_name="CHPL", item_id="854231",
                     label="CHPL Tier 1: processors", tier="1", matched_on="hs", matched="854231",
                     hs_code="854231", description="MCU")
    a = assess(RECORD, [], [goods], [finding("low", 10), finding("high", 40)])
    assert [r.points for r in a.reasons] == [40, 10, 0]
    assert a.reasons[-1].kind == "goods" and "HS 854231" in a.reasons[-1].text
    assert a.score == 50 and a.band is Band.HIGH


def test_no_evidence_is_clear() -> None:
    a = assess(RECORD, [], [], [])
    assert a.score == 0 and a.band is Band.CLEAR and a.reasons == ()


def test_band_thresholds() -> None:
    assert [band_for(s) for s in (0, 9, 10, 24, 25, 49, 50, 74, 75, 100)] == [
        Band.CLEAR, Band.CLEAR, Band.LOW, Band.LOW, Band.MEDIUM, Band.MEDIUM,
        Band.HIGH, Band.HIGH, Band.CRITICAL, Band.CRITICAL]


def test_points_are_given_as_dataclasses_replace_would() -> None:
    from dataclasses import fields, replace

    from screener.scoring import _with_points

    full = PartyHit(role="payer", input_name="A", list_id="l", list_name="L", category="press",
                    entry_id="e", entry_name="E", matched_alias="AE", score=88.5,
                    features=(Feature("name", 0.885, 88.5),), programs=("P",),
                    designations=("D",), entry_countries=("RU",), sources=("S",), notes="n",
                    points=3)
    assert {f.name for f in fields(PartyHit)} >= {"points", "notes", "sources"}
    assert _with_points(full, 26) == replace(full, points=26)
    assert _with_points(full, 3) is full


def test_rule_reasons_say_the_rule_and_its_message() -> None:
    a = assess(RECORD, [], [], [finding("r1", 30), finding("r1", 30), finding("r2", 5)])
    assert [(r.kind, r.points, r.text, r.ref) for r in a.reasons] == [
        ("rule", 30, "r1: r1 fired", "r1"),
        ("rule", 30, "r1: r1 fired", "r1"),
        ("rule", 5, "r2: r2 fired", "r2"),
    ]


def test_rule_findings_alone_score_as_any_other_reasons() -> None:
    findings = [finding("a", 15), finding("b", 40), finding("c", 15), finding("d", 60)]
    a = assess(RECORD, [], [], findings)
    # Highest points first; equal points keep the rules' order.
    assert [r.ref for r in a.reasons] == ["d", "b", "a", "c"]
    assert [r.text for r in a.reasons][:1] == ["d: d fired"]
    assert a.score == 100 and a.band is Band.CRITICAL
    assert a.findings == tuple(findings)
    one = assess(RECORD, (), (), (finding("a", 15),))
    assert (one.score, one.band, [r.points for r in one.reasons]) == (15, band_for(15), [15])


def test_a_row_with_nothing_is_clear() -> None:
    look_alike = hit("press", 72.0)
    a = assess(RECORD, (), (), (), similar=[look_alike])
    assert (a.score, a.band, a.reasons, a.party_hits, a.findings) == (0, Band.CLEAR, (), (), ())
    assert a.similar_parties == (look_alike,)


def test_rows_with_one_goods_hit_share_its_reason() -> None:
    # The CSV report keeps a verdict per identity of its reasons (report/csv_format.LineWriter):
    # the rows sharing a goods hit object share its reason object, and an equal hit made anew
    # gets an equal reason.
    goods = GoodsHit(line=1, list_id="chpl", list_name="CHPL", item_id="8471",
                     label="CHPL Tier 3: computers", tier="3", matched_on="description",
                     matched="computer", hs_code=None, description="computer", points=15,
                     note="declared at heading level")
    first = assess(RECORD, [], [goods], [])
    second = assess(RECORD, [], [goods], [finding("x", 5)])
    assert first.reasons[0] is second.reasons[0]
    again = assess(RECORD, [], [GoodsHit(**{f: getattr(goods, f) for f in goods.__slots__})], [])
    assert again.reasons == first.reasons
    assert first.reasons[0].text == (
        "goods line 2: CHPL Tier 3: computers (words 'computer', CHPL; declared at heading level)"
    )
