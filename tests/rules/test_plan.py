"""Tests for screener.rules.plan: remembered answers give the findings of testing every rule."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from screener.bundled import bundled_dir
from screener.model import (
    Finding,
    GoodsHit,
    GoodsLine,
    Identifier,
    Party,
    PartyHit,
    Payment,
    Record,
    Route,
)
from screener.rules import RuleSet, conditions, evaluate, load_rules
from screener.rules.conditions import All, AnyOf, Condition, CrossField, Not
from screener.rules.fields import Facts, Memo, codes_key
from screener.rules.plan import RulePlan, _evidence, _Leaves, plan_of

from .conftest import FIXTURES, compile_text

_EXTRA = FIXTURES / "plan" / "extra.yaml"

_NAMES = (
    "Altyn Trade LLC",
    "ALTYN TRADE L.L.C.",
    "Silk Road Logistics LLP",
    "Gazprombank",
    "Bank of Kunlun",
    "Hong Kong Chips Trading Ltd",
    "Bella Fashion House",
    "Rheinmark GmbH",
    "ООО СВО Поставка",
    "深圳物流有限公司",
    "Poly Trading Co",
    "",
)
_COUNTRIES = (None, "RU", "BY", "KG", "KZ", "HK", "CN", "AE", "TR", "DE", "US", " ru ")
_ADDRESSES = (
    None,
    "Main St 1",
    "ул. Ленина 5, кв. 12, Москва, +7 495 123-45-67",
    "Flat A, 12/F, Nathan Road, Kowloon, Hong Kong",
    "orders@mail.ru",
    "Apt 4, 5th Avenue",
)
_IDENTIFIERS = (
    (),
    (Identifier("bic", "SABRRUMM"),),
    (Identifier("inn", "7707083893"),),
    (Identifier("bic", "KICBKG22"), Identifier("reg", "12345")),
)
_ROLES = ("seller", "buyer", "consignee", "end_user", "notify", "payer", "forwarder",
          "payer_bank", "intermediary_bank", "beneficiary", "agent")
_DESCRIPTIONS = (
    None,
    "Microcontrollers",
    "Integrated circuits, for special military operation",
    "Ball bearings",
    "Toys",
    "чип памяти",
    "Drones, paid in cash",
    "Goods originally for Russia, now redirected",
)
_HS = (None, "854231", "850440", "950300", "848210", "851762")
_REMARKS = ((), ("urgent",), ("для СВО",), ("end user not disclosed",), ("tel +375 29 1234567",))
_CURRENCIES = (None, "USD", "RUB", "CNY", "EUR", "AED")


def _party(rng: random.Random) -> Party:
    name = rng.choice(_NAMES)
    return Party(
        role=rng.choice(_ROLES),
        name=name,
        alt_names=rng.choice(((), ("Алтын Трейд",), (name.upper(),))),
        country=rng.choice(_COUNTRIES),
        address=rng.choice(_ADDRESSES),
        identifiers=rng.choice(_IDENTIFIERS),
    )


def _goods(rng: random.Random) -> tuple[GoodsLine, ...]:
    return tuple(
        GoodsLine(
            description=rng.choice(_DESCRIPTIONS),
            hs_code=rng.choice(_HS),
            quantity=rng.choice((None, 10.0, 5000.0)),
            value=rng.choice((None, 500.0, 4000.0, 250000.0)),
            currency=rng.choice(_CURRENCIES),
        )
        for _ in range(rng.randrange(3))
    )


def _goods_hits(rng: random.Random, goods: tuple[GoodsLine, ...]) -> tuple[GoodsHit, ...]:
    if not goods or rng.random() < 0.5:
        return ()
    return tuple(
        GoodsHit(line=i, list_id=rng.choice(("chpl", "diversion")), list_name="list",
                 item_id="x", label="label", tier=rng.choice((None, "1", "2", "3.B")),
                 matched_on=rng.choice(("hs", "description")), matched="8542",
                 hs_code=line.hs_code, description=line.description,
                 contradicts_code=rng.random() < 0.3)
        for i, line in enumerate(goods)
        if rng.random() < 0.7
    )


def _hits(rng: random.Random, parties: tuple[Party, ...]) -> tuple[PartyHit, ...]:
    return tuple(
        PartyHit(role=p.role, input_name=p.name, list_id=rng.choice(("ofac-sdn", "curated")),
                 list_name="list", category=rng.choice(("sanctions", "press", "designated")),
                 entry_id="e", entry_name="Entry", matched_alias="Entry",
                 score=rng.choice((72.0, 85.0, 95.0)), features=())
        for p in parties
        if rng.random() < 0.15
    )


def _records(seed: int, count: int) -> list[tuple[Record, tuple[PartyHit, ...],
                                                    tuple[GoodsHit, ...], tuple[PartyHit, ...]]]:
    """Random records whose parts repeat, as in a ledger: the same Party and goods objects come
    back (found by identity), and so do equal copies of them (found by value)."""
    rng = random.Random(seed)
    parties = [_party(rng) for _ in range(40)]
    goods = [_goods(rng) for _ in range(15)]
    out = []
    for row in range(count):
        chosen = tuple(
            rng.choice(parties) if rng.random() < 0.8 else replace(rng.choice(parties))
            for _ in range(rng.randrange(5))
        )
        lines = rng.choice(goods)
        if rng.random() < 0.2:
            lines = tuple(replace(line) for line in lines)
        record = Record(
            source="t.csv",
            row=row + 2,
            parties=chosen,
            goods=lines,
            route=Route(
                origin=rng.choice(_COUNTRIES),
                transit=rng.choice(((), ("KG",), ("KZ", "KG"), ("TR",))),
                destination=rng.choice(_COUNTRIES),
                final_destination=rng.choice(_COUNTRIES),
                port_of_discharge=rng.choice((None, "Novorossiysk", "RU LED", "Hamburg")),
            ),
            payment=Payment(currency=rng.choice(_CURRENCIES),
                            amount=rng.choice((None, 100.0, 9000.0))),
            reference=rng.choice((None, "OLD-7", "INV-1")),
            remarks=rng.choice(_REMARKS),
        )
        similar = _hits(rng, chosen)
        out.append((record, _hits(rng, chosen), _goods_hits(rng, lines), similar))
    return out


def _tested(
    rules: RuleSet, record: Record, hits: tuple[PartyHit, ...], goods_hits: tuple[GoodsHit, ...],
    similar: tuple[PartyHit, ...],
) -> tuple[Finding, ...]:
    """The findings of testing and explaining every rule on the record, remembering nothing."""
    out = []
    for rule in rules.rules:
        facts = Facts(record, hits, goods_hits, Memo(), similar_hits=similar)
        if rule.condition.test(facts):
            out.append(Finding(rule.id, rule.message, rule.weight, rule.sources,
                               _evidence(rule.condition.explain(facts)), rule.file))
    return tuple(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plan_gives_the_findings_of_testing_every_rule(seed: int) -> None:
    rules = load_rules([bundled_dir("rules"), _EXTRA])
    fired: set[str] = set()
    records = _records(seed, 400)
    # Twice over: the second time nearly everything is answered from the memos.
    for record, hits, goods_hits, similar in records * 2:
        expected = _tested(rules, record, hits, goods_hits, similar)
        assert evaluate(rules, record, hits, goods_hits, similar) == expected, record
        fired.update(f.rule_id for f in expected)
    # The records are varied enough to make most rules fire, so the comparison means something.
    assert len(fired) >= len(rules.rules) * 3 // 4, sorted(set(rules.ids) - fired)


def test_small_memos_that_start_over_give_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import screener.rules.plan as plan_module

    for name in ("CODES_KEPT", "PARTS_KEPT", "HITS_KEPT", "DECIDED_KEPT", "FINDINGS_KEPT"):
        monkeypatch.setattr(plan_module, name, 3)
    rules = load_rules([bundled_dir("rules"), _EXTRA])
    for record, hits, goods_hits, similar in _records(7, 300):
        expected = _tested(rules, record, hits, goods_hits, similar)
        assert evaluate(rules, record, hits, goods_hits, similar) == expected


def test_each_distinct_party_is_tested_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_rules([FIXTURES / "loader" / "valid.yaml"])
    consignee = Party("consignee", "Silk Road Logistics LLP", country="KZ")
    tested: list[tuple[Party, ...]] = []
    original = _Leaves.mask

    def counting(self: _Leaves, facts: Facts) -> int:
        tested.append(facts.record.parties)
        return original(self, facts)

    monkeypatch.setattr(_Leaves, "mask", counting)
    for row in range(5):
        record = Record("t.csv", row, parties=(consignee,))
        assert [f.rule_id for f in evaluate(rules, record)] == ["forwarder-consignee"]
    # Once for the party's own leaves, once for the countries of the first record.
    assert tested.count((consignee,)) == 2
    copy = replace(consignee)
    assert [f.rule_id for f in evaluate(rules, Record("t.csv", 9, parties=(copy,)))] == [
        "forwarder-consignee"
    ]
    assert tested.count((consignee,)) == 2  # an equal copy is found by value, not tested again
    other = replace(consignee, name="Rheinmark GmbH")
    assert evaluate(rules, Record("t.csv", 10, parties=(other,))) == ()
    assert tested.count((other,)) == 1


def test_a_comparison_of_roles_the_record_lacks_is_not_tested(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = load_rules([bundled_dir("rules")])
    tested: list[CrossField] = []
    original = CrossField.test

    def spy(self: CrossField, facts: Facts) -> bool:
        tested.append(self)
        return original(self, facts)

    monkeypatch.setattr(CrossField, "test", spy)
    record = Record("t.csv", 2, parties=(Party("buyer", "Altyn Trade LLC", country="KG"),
                                         Party("payer", "Sun Trade LLC", country="KG")))
    evaluate(rules, record)
    tested.clear()
    copies = tuple(replace(p) for p in record.parties)
    evaluate(rules, replace(record, row=3, parties=copies))
    # Only the payer/buyer name comparison needs testing: no consignee, forwarder or bank here,
    # and the country comparisons are answered by the countries.
    assert {(c.field.name, c.other.name) for c in tested} == {("payer.name", "buyer.name")}
    compared: list[object] = []
    similarity = conditions.name_similarity
    monkeypatch.setattr(
        conditions, "name_similarity", lambda a, b: compared.append((a, b)) or similarity(a, b)
    )
    findings = evaluate(rules, replace(record, row=4, parties=copies))
    # The same payer and buyer names: the comparison's answer and evidence are remembered.
    assert compared == []
    assert [f.rule_id for f in findings if f.rule_id == "third-party-payer"]
    evaluate(rules, replace(record, row=5, parties=(record.parties[0],
                                                   replace(copies[1], name="Moon Trade LLC"))))
    assert len(compared) == 1  # a new pair of names is compared once


def test_codes_key_tells_apart_what_country_and_currency_fields_read() -> None:
    record = Record("t", 1, parties=(Party("buyer", "B", country="RU"),
                                     Party("payer", "P", country="KG")))
    swapped = Record("t", 1, parties=(Party("buyer", "B", country="KG"),
                                      Party("payer", "P", country="RU")))
    renamed = Record("t", 1, parties=(Party("buyer", "X", country="RU"),
                                      Party("payer", "Y", country="KG")))
    assert codes_key(record) != codes_key(swapped)
    assert codes_key(record) == codes_key(renamed)  # names are not countries
    by_port = replace(record, route=Route(port_of_discharge="Novorossiysk"))
    by_currency = replace(record, goods=(GoodsLine(currency="RUB"),))
    assert len({codes_key(r) for r in (record, by_port, by_currency)}) == 3


def _answers(known: dict[str, bool]) -> object:
    def answer(leaf: Condition) -> bool | None:
        return known.get(getattr(getattr(leaf, "field", None), "name", ""))

    return answer


def test_partial_puts_known_answers_in_and_keeps_the_rest() -> None:
    cond = compile_text(
        "all:\n"
        "  - {field: buyer.country, in_set: russia-belarus}\n"
        "  - any:\n"
        "      - {field: consignee.name, keywords_in_set: forwarder-words}\n"
        "      - {field: payer.name, differs_from: buyer.name}\n"
        "  - not: {field: route.destination, equals: KG}\n"
    )
    assert isinstance(cond, All)
    answer = _answers({"buyer.country": True, "consignee.name": False, "route.destination": False})
    rest = cond.partial(answer)  # type: ignore[arg-type]
    assert isinstance(rest, CrossField) and rest.field.name == "payer.name"
    assert cond.partial(_answers({"buyer.country": False})) is False  # type: ignore[arg-type]
    answer = _answers({"buyer.country": True, "consignee.name": True, "route.destination": False})
    assert cond.partial(answer) is True  # type: ignore[arg-type]
    left = cond.partial(_answers({"buyer.country": True}))  # type: ignore[arg-type]
    assert isinstance(left, All) and len(left.children) == 2
    assert isinstance(left.children[0], AnyOf) and isinstance(left.children[1], Not)


def test_a_plan_is_made_once_per_rule_set_and_memo() -> None:
    rules = load_rules([FIXTURES / "loader" / "valid.yaml"])
    evaluate(rules, Record("t", 1))
    plan = rules.memo.plan
    assert isinstance(plan, RulePlan)
    evaluate(rules, Record("t", 2))
    assert rules.memo.plan is plan
    other = load_rules([FIXTURES / "loader" / "valid.yaml"])
    assert plan_of(other.rules, rules.memo) is not plan  # another rule set gets its own


def test_a_party_is_known_by_its_id_only_while_it_is_the_same_object() -> None:
    # The memos keep each party with its id, and check it is that very object: an id that once
    # named another object (a copied plan, a party freed and its id reused) is never believed.
    rules = load_rules([FIXTURES / "loader" / "valid.yaml"])
    forwarder = Party("consignee", "Silk Road Logistics LLP", country="KZ")
    other = Party("consignee", "Rheinmark GmbH", country="DE")
    assert evaluate(rules, Record("t", 1, parties=(other,))) == ()
    plan = plan_of(rules.rules, rules.memo)
    plan._by_party_id[id(forwarder)] = plan._by_party_id[id(other)]  # other's answers
    findings = evaluate(rules, Record("t", 2, parties=(forwarder,)))
    assert [f.rule_id for f in findings] == ["forwarder-consignee"]


@pytest.mark.parametrize("seed", [4, 5])
def test_party_memos_kept_by_the_caller_give_the_same_findings(seed: int) -> None:
    # screener.screen keeps a memo with each Party object and hands them to evaluate, in which
    # the plan keeps its answers for the party: the findings are those of testing every rule.
    from screener.rules.evaluate import new_party_memo

    rules = load_rules([bundled_dir("rules"), _EXTRA])
    kept: dict[int, tuple[Party, list[object]]] = {}
    for record, hits, goods_hits, similar in _records(seed, 400) * 2:
        memos = []
        for party in record.parties:
            found = kept.get(id(party))
            if found is None or found[0] is not party:
                found = kept[id(party)] = (party, new_party_memo())
            memos.append(found[1])
        expected = _tested(rules, record, hits, goods_hits, similar)
        assert evaluate(rules, record, hits, goods_hits, similar, party_memos=memos) == expected
    # A memo another plan filled is not read by this one: it is filled again.
    other = load_rules([bundled_dir("rules"), _EXTRA])
    record, hits, goods_hits, similar = _records(seed, 1)[0]
    memos = [new_party_memo() for _ in record.parties]
    evaluate(rules, record, hits, goods_hits, similar, party_memos=memos)
    expected = _tested(other, record, hits, goods_hits, similar)
    assert evaluate(other, record, hits, goods_hits, similar, party_memos=memos) == expected
    assert all(memo[0] is plan_of(other.rules, other.memo) for memo in memos)


def _in_roles_records(
    seed: int, count: int
) -> list[tuple[Record, tuple[PartyHit, ...], tuple[GoodsHit, ...], tuple[PartyHit, ...]]]:
    """`_records`, but with their parties' counterparties in other roles as well (the same
    company as seller, buyer and payer: equal Party objects but for the role), new ones coming
    all along as in a ledger's late rows."""
    rng = random.Random(seed)
    out = []
    for record, _, goods_hits, _ in _records(seed, count):
        parties = tuple(
            replace(p, role=role)
            for p in record.parties
            for role in rng.sample(_ROLES, rng.randrange(1, 4))
        )
        record = replace(record, parties=parties)
        out.append((record, _hits(rng, parties), goods_hits, _hits(rng, parties)))
    return out


@pytest.mark.parametrize("seed", [8, 9])
def test_a_counterparty_in_several_roles_gives_the_findings_of_testing_every_rule(
    seed: int,
) -> None:
    # The leaves of every role (party.*, text) are answered once per counterparty whatever its
    # role (RulePlan._party_mask): the findings are still those of testing every rule.
    rules = load_rules([bundled_dir("rules"), _EXTRA])
    fired: set[str] = set()
    for record, hits, goods_hits, similar in _in_roles_records(seed, 300) * 2:
        expected = _tested(rules, record, hits, goods_hits, similar)
        assert evaluate(rules, record, hits, goods_hits, similar) == expected, record
        fired.update(f.rule_id for f in expected)
    assert len(fired) >= len(rules.rules) * 3 // 4, sorted(set(rules.ids) - fired)


def test_a_leaf_of_every_role_is_tested_once_per_counterparty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = load_rules([bundled_dir("rules")])
    tested: list[tuple[Condition, str]] = []
    for kind in (conditions.Keywords, conditions.Regex):
        original = kind.test

        def spy(self: Condition, facts: Facts, original: object = original) -> bool:
            if getattr(self, "field", None) is not None and len(facts.record.parties) == 1:
                tested.append((self, facts.record.parties[0].role))
            return original(self, facts)  # type: ignore[operator]

        monkeypatch.setattr(kind, "test", spy)
    company = Party("seller", "Altyn Trade LLC", country="KG", address="orders@mail.ru")
    roles = ("seller", "buyer", "payer")
    record = Record("t.csv", 2, parties=tuple(replace(company, role=r) for r in roles))
    evaluate(rules, record)
    every_role = [leaf for leaf, _ in tested if leaf.field.name in ("text", "party.bic")]  # type: ignore[attr-defined]
    assert every_role, "the bundled rules have leaves over text"
    # Each tested once, not once per role; a role's own leaves (seller.name ...) still are.
    assert len(every_role) == len(set(every_role))
    assert {role for leaf, role in tested if leaf not in every_role} >= {"seller", "buyer"}
    record = Record("t.csv", 3, parties=(replace(company, role="consignee"),))
    tested.clear()
    evaluate(rules, record)
    assert not [leaf for leaf, _ in tested if leaf in every_role]
