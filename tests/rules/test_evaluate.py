"""Tests for screener.rules.evaluate: findings with their rule's facts and evidence."""

from __future__ import annotations

from pathlib import Path

from screener.bundled import bundled_dir
from screener.model import GoodsLine, Party, PartyHit, Record
from screener.rules import evaluate, load_rules
from screener.rules.evaluate import MAX_EVIDENCE

from .conftest import FIXTURES


def test_findings_carry_the_rule_and_its_evidence() -> None:
    ruleset = load_rules([FIXTURES / "loader" / "valid.yaml"])
    record = Record(
        "t.csv",
        2,
        parties=(Party("buyer", "Altyn", country="KG"),
                 Party("consignee", "Silk Road Logistics LLP", country="KZ")),
    )
    findings = evaluate(ruleset, record, (), ())
    assert [f.rule_id for f in findings] == ["hub-buyer", "forwarder-consignee"]
    hub = findings[0]
    assert hub.message == "The buyer is in a hub"
    assert hub.weight == 20
    assert hub.sources == ("test fixture",)
    assert hub.rule_file == str(FIXTURES / "loader" / "valid.yaml")
    assert hub.evidence == ("buyer.country=KG",)
    assert findings[1].evidence == (
        "consignee.name='Silk Road Logistics LLP' (keyword 'logisti')",
    )


def test_nothing_fires_on_an_innocent_record() -> None:
    ruleset = load_rules([FIXTURES / "loader" / "valid.yaml"])
    record = Record("t.csv", 2, parties=(Party("buyer", "Rhein GmbH", country="DE"),))
    assert evaluate(ruleset, record) == ()


def test_evidence_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - {id: chips, message: m, weight: 5, sources: [s],"
        " when: {field: goods.hs_code, hs_prefix: ['8542']}}\n",
        encoding="utf-8",
    )
    ruleset = load_rules([path])
    lines = tuple(GoodsLine(hs_code=f"85423{i % 10}{i:02d}") for i in range(25))
    (finding,) = evaluate(ruleset, Record("t", 1, goods=lines))
    assert len(finding.evidence) == MAX_EVIDENCE
    assert finding.evidence[-1] == f"... and {25 - MAX_EVIDENCE + 1} more"
    assert finding.evidence[0] == "goods[1].hs_code=85423000 (prefix 8542)"


def test_look_alikes_reach_similar_party_conditions(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - {id: look-alike, message: m, weight: 15, sources: [s],"
        " when: {similar_party: {roles: [buyer]}}}\n",
        encoding="utf-8",
    )
    ruleset = load_rules([path])
    record = Record("t", 2, parties=(Party("buyer", "Poly Trading Co", country="HK"),))
    look_alike = PartyHit(
        role="buyer", input_name="Poly Trading Co", list_id="curated", list_name="curated",
        category="designated", entry_id="poly", entry_name="Poly Technologies Inc.",
        matched_alias="Poly Technologies Inc.", score=76.6, features=(),
    )
    assert evaluate(ruleset, record, (), ()) == ()
    # The same PartyHit passed as a hit is not a look-alike.
    assert evaluate(ruleset, record, (look_alike,), ()) == ()
    (finding,) = evaluate(ruleset, record, (), (), similar_hits=(look_alike,))
    assert finding.rule_id == "look-alike"
    assert finding.evidence == (
        "buyer.name='Poly Trading Co' looks like 'Poly Technologies Inc.' on curated "
        "(designated, similarity 77)",
    )


def test_a_run_gives_each_record_the_findings_it_would_get_alone() -> None:
    # What one run remembers from earlier records (Memo) speeds it up and changes nothing: each
    # record, evaluated after many others, gets what a fresh rule set gives it.
    rules_dir = bundled_dir("rules")
    run = load_rules([rules_dir])
    records = [
        Record("t", i, parties=(
            Party("buyer", name, country=country, address=address),
            Party("payer", payer, country="AE"),
            Party("consignee", consignee, country="KG"),
            Party("payer_bank", "Sberbank", country="RU"),
        ), remarks=(remark,))
        for i, (name, country, address, payer, consignee, remark) in enumerate(
            [
                ("Altyn Trade LLC", "KG", "кв. 5", "ALTYN TRADE L.L.C.", "Silk Road Logistics", ""),
                ("Moon Trade LLC", "RU", None, "Sun Trade LLC", "Moon Trade LLC", "для нужд СВО"),
                ("Rhein GmbH", "DE", "+7 495 123 4567", "Rhein GmbH", "Trade Bank", "paid in cash"),
            ]
            * 4
        )
    ]
    for record in records:
        alone = evaluate(load_rules([rules_dir]), record)
        assert alone, "each record fires something"
        assert evaluate(run, record) == alone
    # Equal findings are one object: the Findings of a run are immutable and reused.
    first, again = evaluate(run, records[0]), evaluate(run, records[3])
    assert first == again and all(a is b for a, b in zip(first, again, strict=True))
