"""Tests for screener.rules.conditions: the closed condition language, compiled and evaluated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from screener.errors import ConfigError
from screener.model import GoodsHit, GoodsLine, Party, PartyHit, Payment, Record, Route
from screener.rules.conditions import (
    NAME_SAME_SCORE,
    AnyOf,
    Compiled,
    Condition,
    CrossField,
    KeywordMatcher,
    Not,
    Vocabulary,
    compile_condition,
)
from screener.rules.fields import Facts, Memo
from screener.rules.source import parse_yaml

from .conftest import DEFAULT_SETS, compile_text, holds


def _record(**kw: object) -> Record:
    return Record(source="t.csv", row=2, **kw)  # type: ignore[arg-type]


def _buyer(country: str | None = None, name: str = "Buyer Co") -> Party:
    return Party("buyer", name, country=country)


def _described(*descriptions: str) -> Record:
    return _record(goods=tuple(GoodsLine(description=d) for d in descriptions))


def _goods_hit(tier: str | None, list_id: str = "chpl", matched_on: str = "hs") -> GoodsHit:
    return GoodsHit(
        line=0, list_id=list_id, list_name="CHPL", item_id="ic", label=f"CHPL Tier {tier}: ICs",
        tier=tier, matched_on=matched_on, matched="8542.31", hs_code="854231", description=None,
    )


# --- equals / in / in_set ----------------------------------------------------------------------


def test_in_set_on_countries() -> None:
    cond = compile_text("{field: buyer.country, in_set: russia-belarus}")
    assert holds(cond, _record(parties=(_buyer("RU"),)))
    assert holds(cond, _record(parties=(_buyer("DE"), _buyer("BY"))))  # existential
    assert not holds(cond, _record(parties=(_buyer("DE"),)))
    assert not holds(cond, _record(parties=(_buyer(None),)))
    assert cond.explain(Facts(_record(parties=(_buyer("BY"),)), (), ())) == ["buyer.country=BY"]


def test_equals_and_in_compare_normalised_values() -> None:
    russian = _record(parties=(_buyer("RU"),))
    assert holds(compile_text("{field: buyer.country, equals: ru}"), russian)
    cond = compile_text("{field: goods.hs_code, in: ['8542.31', '8542.32']}")
    assert holds(cond, _record(goods=(GoodsLine(hs_code="854232"),)))
    assert not holds(cond, _record(goods=(GoodsLine(hs_code="854233"),)))
    name = compile_text("{field: buyer.name, equals: 'altyn trade llc'}")
    assert holds(name, _record(parties=(_buyer(name="ALTYN-TRADE, LLC"),)))


def test_country_values_are_validated() -> None:
    with pytest.raises(ConfigError, match="alpha-2") as err:
        compile_text("{field: buyer.country, in: [RU, Russia]}")
    assert err.value.field == "in"
    assert "test-rule" in err.value.message


def test_in_set_kind_must_fit_the_field() -> None:
    with pytest.raises(ConfigError, match="holds words, this test needs countries"):
        compile_text("{field: buyer.country, in_set: forwarder-words}")
    with pytest.raises(ConfigError, match="unknown set 'russia-belaru'") as err:
        compile_text("{field: buyer.country, in_set: russia-belaru}")
    assert "russia-belarus" in (err.value.hint or "")


# --- present ---------------------------------------------------------------------------------


def test_present() -> None:
    present = compile_text("{field: end_user.name, present: true}")
    absent = compile_text("{field: end_user.name, present: false}")
    with_end_user = _record(parties=(Party("end_user", "Ural LLC"),))
    assert holds(present, with_end_user) and not holds(absent, with_end_user)
    assert holds(absent, _record()) and not holds(present, _record())
    assert absent.explain(Facts(_record(), (), ())) == ["no end_user.name"]
    amount = compile_text("{field: payment.amount, present: true}")
    assert holds(amount, _record(payment=Payment(amount=1.0)))


# --- hs_prefix -------------------------------------------------------------------------------


def test_hs_prefix_ignores_dots_and_keeps_trailing_zeros() -> None:
    # Unquoted 8482.10 would be the float 8482.1 in plain YAML and match 84821x codes.
    cond = compile_text("{field: goods.hs_code, hs_prefix: [8542, 8482.10]}")
    assert holds(cond, _record(goods=(GoodsLine(hs_code="85423100"),)))
    assert holds(cond, _record(goods=(GoodsLine(hs_code="848210"),)))
    assert not holds(cond, _record(goods=(GoodsLine(hs_code="848220"),)))
    assert not holds(cond, _record(goods=(GoodsLine(hs_code="848"),)))
    facts = Facts(_record(goods=(GoodsLine(hs_code="848210"),)), (), ())
    assert cond.explain(facts) == ["goods.hs_code=848210 (prefix 848210)"]


def test_hs_prefix_only_on_hs_codes() -> None:
    with pytest.raises(ConfigError, match=r"does not apply to goods\.description"):
        compile_text("{field: goods.description, hs_prefix: ['8542']}")
    with pytest.raises(ConfigError, match="HS code"):
        compile_text("{field: goods.hs_code, hs_prefix: ['85x2']}")


# --- keywords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        ("подшипник", "Подшипники шариковые", True),  # word start, Cyrillic
        ("forwarding", "Caspian Freight Forwarding LLC", True),
        ("forward", "Forwarders Union", True),
        ("forward", "Reforward Ltd", False),  # not a word start
        ("logisti", "Logística del Sur", True),  # accent-insensitive
        ("logisti", "HANSE LOGISTIK GMBH", True),
        ("special military operation", "for SPECIAL MILITARY OPERATIONS only", True),
        ("специальн военн операц", "для нужд специальной военной операции", True),
        ("специальн военн операц", "специальная, военная: операция", True),  # punctuation folds
        ("special military operation", "special military-style operation", False),
        ("物流", "深圳市速达物流有限公司", True),  # CJK: substring
        ("货运", "深圳物流", False),
        ("ёлка", "Елка и ёжик", True),  # ё folds to е on both sides
    ],
)
def test_keywords(keyword: str, text: str, expected: bool) -> None:
    cond = compile_text(f"{{field: goods.description, keywords: ['{keyword}']}}")
    assert holds(cond, _described(text)) is expected


def test_whole_words() -> None:
    cond = compile_text("{field: text, keywords: [сво, smo needs], whole_words: true}")
    assert holds(cond, _described("груз для СВО"))
    assert holds(cond, _described("for SMO needs"))
    assert not holds(cond, _described("свободный склад"))
    assert not holds(cond, _described("for smo needsx"))
    prefix = compile_text("{field: text, keywords: [сво]}")
    assert holds(prefix, _described("свободный склад"))


def test_keywords_in_set_and_evidence_names_the_keyword() -> None:
    cond = compile_text("{field: consignee.name, keywords_in_set: forwarder-words}")
    record = _record(parties=(Party("consignee", "Silk Road Logistics LLP"),))
    assert holds(cond, record)
    assert cond.explain(Facts(record, (), ())) == [
        "consignee.name='Silk Road Logistics LLP' (keyword 'logisti')"
    ]
    assert not holds(cond, _record(parties=(Party("buyer", "Silk Road Logistics LLP"),)))


def test_keywords_match_alternate_spellings() -> None:
    cond = compile_text("{field: buyer.name, keywords: [экспеди]}")
    buyer = Party("buyer", "Vostok TEK LLC", alt_names=("ООО Транспортно-экспедиционная компания",))
    assert holds(cond, _record(parties=(buyer,)))


def test_keywords_only_on_text_fields() -> None:
    with pytest.raises(ConfigError, match=r"does not apply to buyer\.country"):
        compile_text("{field: buyer.country, keywords: [ru]}")
    with pytest.raises(ConfigError, match="no letters or digits"):
        compile_text("{field: text, keywords: ['--']}")
    with pytest.raises(ConfigError, match="whole_words"):
        compile_text("{field: text, regex: x, whole_words: true}")


def test_keyword_matcher_names_the_matching_keyword() -> None:
    matcher = KeywordMatcher(["alpha", "beta gamma", "物流", "exact"], whole_words=False)
    assert matcher.find("x betas gammas") == 1
    assert matcher.find("alphabet") == 0
    assert matcher.find("深圳物流") == 2
    assert matcher.find("exactly") == 3
    assert matcher.find("gamma beta") is None
    whole = KeywordMatcher(["exact", "beta gamma"], whole_words=True)
    assert whole.find("exactly") is None and whole.find("an exact fit") == 0
    assert whole.find("beta gammas") is None and whole.find("beta gamma x") == 1


# --- regex -----------------------------------------------------------------------------------


def test_regex_searches_raw_text_case_insensitively() -> None:
    cond = compile_text(r"{field: text, regex: '(?<![\w/])в/ч\s*\d{4,6}'}")
    assert holds(cond, _record(remarks=("Адрес: В/Ч 12345",)))
    assert not holds(cond, _record(remarks=("оплата в ч. 2 договора",)))
    bic = compile_text("{field: party.bic, regex: '^[A-Z]{4}RU'}")
    assert not holds(bic, _record())


def test_invalid_regex_is_a_config_error_at_its_line() -> None:
    with pytest.raises(ConfigError, match="invalid regex") as err:
        compile_text(
            "any:\n  - {field: text, keywords: [a]}\n  - {field: text, regex: '(unclosed'}\n"
        )
    assert err.value.row == 3
    assert err.value.field == "regex"


# --- numbers ---------------------------------------------------------------------------------


def test_numeric_bounds_form_a_range_over_one_value() -> None:
    cond = compile_text("{field: goods.value, gte: 1000, lt: 5000}")
    assert holds(cond, _record(goods=(GoodsLine(value=1000.0),)))
    assert not holds(cond, _record(goods=(GoodsLine(value=5000.0),)))
    # One line below and one above the range: no single value is inside it.
    assert not holds(cond, _record(goods=(GoodsLine(value=10.0), GoodsLine(value=9000.0))))
    facts = Facts(_record(goods=(GoodsLine(value=1500.0),)), (), ())
    assert cond.explain(facts) == ["goods.value=1500 (>= 1000, < 5000)"]


def test_numeric_operators_need_numbers() -> None:
    with pytest.raises(ConfigError, match="does not apply"):
        compile_text("{field: buyer.name, gt: 3}")
    with pytest.raises(ConfigError, match="must be a number"):
        compile_text("{field: goods.value, gt: lots}")


# --- differs_from / same_as ------------------------------------------------------------------


def test_differs_from_needs_both_fields() -> None:
    cond = compile_text("{field: route.final_destination, differs_from: buyer.country}")
    assert holds(cond, _record(parties=(_buyer("KG"),), route=Route(final_destination="RU")))
    assert not holds(cond, _record(parties=(_buyer("KG"),), route=Route(final_destination="KG")))
    assert not holds(cond, _record(route=Route(final_destination="RU")))
    assert not holds(cond, _record(parties=(_buyer("KG"),)))


def test_differs_from_is_some_value_matching_none() -> None:
    cond = compile_text("{field: route.final_destination, differs_from: buyer.country}")
    same = compile_text("{field: route.final_destination, same_as: buyer.country}")
    # Two buyers, one in the destination country: the destination is a buyer's country.
    record = _record(parties=(_buyer("RU"), _buyer("KG")), route=Route(final_destination="RU"))
    assert not holds(cond, record)
    assert holds(same, record)


def test_names_compare_fuzzily() -> None:
    cond = compile_text("{field: payer.name, differs_from: buyer.name}")

    def record(payer: str, buyer: str, payer_alt: tuple[str, ...] = ()) -> Record:
        return _record(parties=(Party("payer", payer, alt_names=payer_alt), _buyer(name=buyer)))

    assert not holds(cond, record("ALTYN TRADE L.L.C.", "Altyn Trade LLC"))
    assert not holds(cond, record("ООО «Алтын Трейд»", "Altyn Treid LLC"))  # romanised
    assert not holds(cond, record("Алтын", "Altyn Trade LLC", payer_alt=("Altyn Trade",)))
    assert holds(cond, record("Oriental Star Holdings Ltd", "Altyn Trade LLC"))
    assert holds(cond, record("Sun Trade LLC", "Moon Trade LLC"))  # shared "trade llc" only
    evidence = cond.explain(Facts(record("Oriental Star Ltd", "Altyn Trade LLC"), (), ()))
    assert evidence[0].startswith("payer.name='Oriental Star Ltd' differs from buyer.name=")
    assert f"< {NAME_SAME_SCORE:g}" in evidence[0]


def test_same_as_evidence() -> None:
    cond = compile_text("{field: end_user.name, same_as: forwarder.name}")
    record = _record(parties=(Party("end_user", "Altair Trading FZE"),
                              Party("forwarder", "ALTAIR TRADING F.Z.E.")))
    assert holds(cond, record)
    (line,) = cond.explain(Facts(record, (), ()))
    assert "same as forwarder.name='ALTAIR TRADING F.Z.E.'" in line


_PAIR_NAMES = (
    "Altyn Trade LLC",
    "ALTYN TRADE L.L.C.",
    "ООО «Алтын Трейд»",
    "Sun Trade LLC",
    "Moon Trade LLC",
    "LLC",  # nothing but a legal form: compared in name_key form
    "深圳物流有限公司",
    "Kalinovskaya Trading",
    "Kalinovskaya Tradexx",  # similarity exactly NAME_SAME_SCORE with the one above: the same
    "  Oriental   Star Holdings Ltd, a company whose name is longer than evidence shows " * 2,
)


@pytest.mark.parametrize("op", ["differs_from", "same_as"])
def test_one_name_a_side_agrees_with_pairing_every_item(op: str) -> None:
    # With one party of one spelling on each side, test and explain answer from the pair of
    # names (CrossField._names_pair); the per-item pairing (`_pairs`, `_explain`) must agree.
    cond = compile_text(f"{{field: payer.name, {op}: buyer.name}}")
    assert isinstance(cond, CrossField) and cond.one_role
    memo = Memo()
    for payer in _PAIR_NAMES:
        for buyer in _PAIR_NAMES:
            record = _record(parties=(Party("payer", payer), _buyer(name=buyer)))
            for _ in range(2):  # worked out, then remembered
                facts = Facts(record, (), (), memo)
                paired = [bool(matched) for _, matched in cond._pairs(facts)]
                expected = any(paired) if op == "same_as" else not all(paired)
                assert cond.test(facts) is expected
                assert cond.explain(facts) == cond._explain(facts)
                assert bool(cond.explain(facts)) is expected


def test_several_names_a_side_are_paired_item_by_item() -> None:
    cond = compile_text("{field: payer.name, differs_from: buyer.name}")
    record = _record(parties=(Party("payer", "Altyn Trade LLC", alt_names=("Sun Trade",)),
                              Party("payer", "Moon Trade LLC"), _buyer(name="ALTYN TRADE")))
    facts = Facts(record, (), (), Memo())
    assert cond.test(facts)  # the second payer is not the buyer
    (line,) = cond.explain(facts)
    assert line.startswith("payer.name='Moon Trade LLC' differs from buyer.name='ALTYN TRADE'")


def test_bank_names_are_not_one_role() -> None:
    # bank.name reads every bank role: an item's label names the party's own role.
    cond = compile_text("{field: consignee.name, same_as: bank.name}")
    assert isinstance(cond, CrossField) and not cond.one_role
    record = _record(parties=(Party("consignee", "Altyn Trade LLC"),
                              Party("intermediary_bank", "ALTYN TRADE L.L.C.")))
    (line,) = cond.explain(Facts(record, (), ()))
    assert "same as intermediary_bank.name='ALTYN TRADE L.L.C.'" in line


def test_cross_field_kinds_must_match() -> None:
    with pytest.raises(ConfigError, match="cannot be compared"):
        compile_text("{field: payer.name, differs_from: buyer.country}")
    with pytest.raises(ConfigError, match=r"unknown field 'buyer\.nam'"):
        compile_text("{field: payer.name, differs_from: buyer.nam}")


# --- goods and party hits --------------------------------------------------------------------


def test_goods_lists_and_tiers() -> None:
    cond = compile_text("goods: {lists: [CHPL], tiers: [1, '2']}")
    record = _record()
    assert holds(cond, record, (_goods_hit("1"),))
    assert holds(cond, record, (_goods_hit("2"),))
    assert not holds(cond, record, (_goods_hit("3.B"),))
    assert not holds(cond, record, (_goods_hit("1", list_id="eu-annex-xl"),))
    assert not holds(cond, record, ())
    facts = Facts(record, (), (_goods_hit("1"),))
    assert cond.explain(facts) == ["goods line 1: CHPL Tier 1: ICs (HS 8542.31)"]


def test_goods_matched_on_and_any() -> None:
    by_words = compile_text("goods: {matched_on: description}")
    assert holds(by_words, _record(), (_goods_hit("1", matched_on="description"),))
    assert not holds(by_words, _record(), (_goods_hit("1"),))
    anything = compile_text("goods: {any: true}")
    assert holds(anything, _record(), (_goods_hit(None, list_id="other"),))
    with pytest.raises(ConfigError, match="never matches"):
        compile_text("goods: {any: false}")
    with pytest.raises(ConfigError, match="unknown key 'tier'"):
        compile_text("goods: {lists: [chpl], tier: ['1']}")


def test_goods_contradicts_code() -> None:
    cond = compile_text("goods: {contradicts_code: true}")
    declared_as_toys = replace(
        _goods_hit("1", matched_on="description"), hs_code="950300", contradicts_code=True
    )
    assert holds(cond, _record(), (declared_as_toys,))
    assert not holds(cond, _record(), (_goods_hit("1", matched_on="description"),))
    assert not holds(cond, _record(), ())
    assert cond.explain(Facts(_record(), (), (declared_as_toys,))) == [
        "goods line 1: CHPL Tier 1: ICs (words '8542.31'), declared as HS 950300"
    ]
    # Combinable with the other keys: a contradiction on another list does not count.
    chpl_only = compile_text("goods: {lists: [chpl], tiers: ['1'], contradicts_code: true}")
    assert holds(chpl_only, _record(), (declared_as_toys,))
    assert not holds(chpl_only, _record(), (replace(declared_as_toys, list_id="diversion"),))
    consistent = compile_text("goods: {lists: [chpl], contradicts_code: false}")
    assert holds(consistent, _record(), (_goods_hit("1"),))
    assert not holds(consistent, _record(), (declared_as_toys,))
    assert "contradicting its declared HS code" in chpl_only.describe()
    with pytest.raises(ConfigError, match="contradicts_code"):
        compile_text("goods: {contradicts_code: maybe}")


def _party_hit(
    role: str, category: str, score: float, input_name: str = "Ural LLC"
) -> PartyHit:
    return PartyHit(
        role=role, input_name=input_name, list_id="ofac-sdn", list_name="OFAC SDN",
        category=category, entry_id="1", entry_name="URAL LLC", matched_alias="URAL LLC",
        score=score, features=(),
    )


def test_party_hit() -> None:
    cond = compile_text(
        "party_hit: {roles: [buyer, consignee], categories: [sanctions], min_score: 85}"
    )
    record = _record()

    def check(*hits: PartyHit) -> bool:
        return cond.test(Facts(record, hits, ()))

    assert check(_party_hit("buyer", "sanctions", 90))
    assert not check(_party_hit("buyer", "sanctions", 80))
    assert not check(_party_hit("seller", "sanctions", 95))
    assert not check(_party_hit("buyer", "press", 95))
    with pytest.raises(ConfigError, match="unknown role 'shipper'"):
        compile_text("party_hit: {roles: [shipper]}")
    with pytest.raises(ConfigError, match="unknown list category"):
        compile_text("party_hit: {categories: [pep]}")
    with pytest.raises(ConfigError, match="0 to 100"):
        compile_text("party_hit: {min_score: 120}")


def test_party_hit_max_score() -> None:
    cond = compile_text("party_hit: {min_score: 80, max_score: 90}")
    record = _record()
    assert cond.test(Facts(record, (_party_hit("buyer", "sanctions", 85),), ()))
    assert cond.test(Facts(record, (_party_hit("buyer", "sanctions", 90),), ()))
    assert not cond.test(Facts(record, (_party_hit("buyer", "sanctions", 95),), ()))
    assert cond.describe() == "a party hit scoring >= 80 scoring <= 90"
    with pytest.raises(ConfigError, match="below min_score"):
        compile_text("party_hit: {min_score: 90, max_score: 80}")
    with pytest.raises(ConfigError, match="0 to 100"):
        compile_text("party_hit: {max_score: -1}")


def test_similar_party_reads_the_look_alikes_only() -> None:
    cond = compile_text("similar_party: {roles: [buyer], categories: [sanctions]}")
    record = _record()
    look_alike = _party_hit("buyer", "sanctions", 74, input_name="Urals Trading")
    # A look-alike is not a hit, and a hit is not a look-alike.
    assert cond.test(Facts(record, (), (), similar_hits=(look_alike,)))
    assert not cond.test(Facts(record, (look_alike,), ()))
    assert not compile_text("party_hit: {}").test(Facts(record, (), (), similar_hits=(look_alike,)))
    assert not cond.test(Facts(record, (), (), similar_hits=(replace(look_alike, role="seller"),)))
    assert not cond.test(
        Facts(record, (), (), similar_hits=(replace(look_alike, category="press"),))
    )
    assert cond.explain(Facts(record, (), (), similar_hits=(look_alike,))) == [
        "buyer.name='Urals Trading' looks like 'URAL LLC' on OFAC SDN (sanctions, similarity 74)"
    ]
    assert cond.describe() == (
        "a party similar to a list entry for buyer on sanctions lists"
    )
    anyone = compile_text("similar_party: {}")
    assert anyone.test(Facts(record, (), (), similar_hits=(look_alike,)))
    assert not anyone.test(Facts(record, (), ()))
    assert compile_text("similar_party:").test(Facts(record, (), (), similar_hits=(look_alike,)))
    bounded = compile_text("similar_party: {min_score: 75}")
    assert not bounded.test(Facts(record, (), (), similar_hits=(look_alike,)))
    with pytest.raises(ConfigError, match="unknown role"):
        compile_text("similar_party: {roles: [shipper]}")
    with pytest.raises(ConfigError, match="unknown key 'score'"):
        compile_text("similar_party: {score: 70}")


# --- combinators and shape errors ------------------------------------------------------------


def test_all_any_not() -> None:
    cond = compile_text(
        "all:\n"
        "  - {field: buyer.country, in_set: hubs}\n"
        "  - not: {field: route.final_destination, equals: KG}\n"
        "  - any: [{field: payment.currency, in_set: roubles}, {field: remarks, present: true}]\n"
    )
    ok = _record(parties=(_buyer("KG"),), payment=Payment(currency="RUB"))
    assert holds(cond, ok)
    assert not holds(cond, _record(parties=(_buyer("KG"),)))
    assert not holds(cond, _record(parties=(_buyer("KG"),), payment=Payment(currency="RUB"),
                                   route=Route(final_destination="KG")))
    evidence = cond.explain(Facts(ok, (), ()))
    assert evidence == [
        "buyer.country=KG",
        "not: route.final_destination = KG",
        "payment.currency=RUB",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{equals: RU}", "needs a 'field:'"),
        ("{field: buyer.country}", "has no operator"),
        ("{field: buyer.country, equals: RU, in: [BY]}", "one operator per test"),
        ("{field: buyer.country, equals: RU, any: []}", "has any and field"),
        ("{all: [], extra: 1}", "beside 'all'"),
        ("{all: []}", "has no conditions"),
        ("{field: buyer.country, equal: RU}", "unknown key 'equal'"),
        ("[a, b]", "must be a mapping"),
        ("{field: buyer.county, equals: RU}", "did you mean 'buyer.country'"),
    ],
)
def test_shape_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        compile_text(text)
    assert message in err.value.one_line()


def test_describe_reads_as_words() -> None:
    cond = compile_text(
        "any: [{field: buyer.country, in_set: hubs}, goods: {lists: [chpl], tiers: ['1']}]"
    )
    assert cond.describe() == "any of (buyer.country in set hubs; a goods hit on chpl tier 1)"


def test_keywords_never_match_across_two_values() -> None:
    cond = compile_text("{field: goods.description, keywords: [special military operation]}")
    assert not holds(cond, _described("special military", "operation kits"))
    two = _described("cotton shirts", "for special military operations")
    assert holds(cond, two)
    assert cond.explain(Facts(two, (), ())) == [
        "goods[2].description='for special military operations' "
        "(keyword 'special military operation')"
    ]


# --- how conditions are run: merged, shared, remembered ----------------------------------------

TEXTS = [
    "", "alpha", "alphabet soup", "x betas gammas", "gamma beta", "深圳物流 ltd", "an exact fit",
    "exactly", "beta gamma x", "the beta \x00 gamma", "для нужд сво", "свободный", "sbeta gamma",
    "nothing here at all", "beta", "gammas beta gamma",
]


@pytest.mark.parametrize("whole_words", [False, True])
def test_keyword_matcher_occurs_when_find_finds(whole_words: bool) -> None:
    matcher = KeywordMatcher(
        ["alpha", "beta gamma", "物流", "exact", "сво", "нужд сво"], whole_words=whole_words
    )
    shared = Vocabulary(size=3)  # starts over every few texts: the answers must not change
    for text in TEXTS * 2:
        expected = matcher.find(text) is not None
        assert matcher.occurs(text, Vocabulary()) is expected, text
        assert matcher.occurs(text, shared) is expected, text


def _compile_two(first: str, second: str) -> tuple[Condition, Condition]:
    """Two conditions compiled as two rules of one run."""
    compiled: Compiled = {}
    out = []
    for text in (first, second):
        node = parse_yaml(text, "rule.yaml")
        assert node is not None
        out.append(compile_condition(node, "r", DEFAULT_SETS, compiled))
    return out[0], out[1]


def test_a_condition_written_twice_is_compiled_once() -> None:
    shared = "any: [{field: buyer.country, in_set: russia-belarus}, {field: remarks, regex: x}]"
    first, second = _compile_two(shared, "not: {" + shared + "}")
    assert isinstance(first, AnyOf) and isinstance(second, Not)
    assert second.child is first
    assert first.shared
    # Different sets are different conditions.
    one, other = _compile_two(
        "{field: buyer.country, in_set: russia-belarus}", "{field: buyer.country, in_set: hubs}"
    )
    assert one is not other


def test_a_shared_condition_is_worked_out_once_per_record() -> None:
    shared = "any: [{field: buyer.country, in_set: russia-belarus}, {field: remarks, regex: x}]"
    first, second = _compile_two(shared, "not: {" + shared + "}")
    facts = Facts(_record(parties=(_buyer("RU"),)), (), ())
    assert first.test(facts) and not second.test(facts)
    assert facts.results == {first: True}
    assert first.explain(facts) == first.explain(facts) == ["buyer.country=RU"]


ANY_OF_EVERYTHING = """
any:
  - {field: buyer.country, in_set: russia-belarus}
  - {field: consignee.country, in_set: hubs}
  - {field: payment.currency, in_set: roubles}
  - {field: remarks, regex: 'urgent'}
  - {field: remarks, regex: '^для'}
  - {field: buyer.address, regex: 'кв\\.'}
  - {field: consignee.address, regex: 'кв\\.'}
  - {field: consignee.name, keywords_in_set: forwarder-words}
  - {field: end_user.name, keywords_in_set: forwarder-words}
  - {field: text, keywords: [drone]}
  - {field: text, keywords: [сво], whole_words: true}
  - {field: goods.hs_code, hs_prefix: ['8542']}
"""


def _varied_records() -> list[Record]:
    out = []
    countries = [None, "RU", "KG", "DE"]
    for i in range(64):
        out.append(
            _record(
                parties=(
                    Party("buyer", "B", country=countries[i % 4],
                          address="кв. 1" if i % 5 == 0 else "Main St"),
                    Party("consignee", "Silk Logistics" if i % 7 == 0 else "C",
                          country=countries[(i // 4) % 4],
                          address="кв. 2" if i % 11 == 0 else None),
                    Party("end_user", "Forwarding Co" if i % 13 == 0 else "E"),
                ),
                goods=(GoodsLine(description="drone" if i % 9 == 0 else "toys",
                                 hs_code="854231" if i % 8 == 0 else "950300"),),
                payment=Payment(currency="RUB" if i % 6 == 0 else "EUR"),
                remarks=("urgent" if i % 3 == 0 else "", "для СВО" if i % 10 == 0 else "ok"),
            )
        )
    return out


def test_merged_tests_of_an_any_give_the_same_answers() -> None:
    cond = compile_text(ANY_OF_EVERYTHING)
    assert isinstance(cond, AnyOf)
    assert len(cond.order) < len(cond.children)  # countries, regexes, keywords merged
    memo = Facts(_record(), (), ()).memo  # one memo for every record, as in a run
    for record in _varied_records() * 2:
        expected = any(child.test(Facts(record, (), ())) for child in cond.children)
        assert cond.test(Facts(record, (), (), memo)) is expected


def test_the_memo_changes_no_answer_and_no_evidence() -> None:
    cond = compile_text(ANY_OF_EVERYTHING)
    memo = Facts(_record(), (), ()).memo
    for record in _varied_records() * 3:
        warm = Facts(record, (), (), memo)
        cold = Facts(record, (), ())
        assert cond.test(warm) is cond.test(cold)
        if cond.test(cold):
            assert cond.explain(warm) == cond.explain(cold)


def test_names_read_from_the_parties_agree_with_the_general_path() -> None:
    # CrossField reads one name a side straight from the parties (`_only_name`); with `roles`
    # taken away it reads them through Facts.raw as any field: the two must agree on any mix of
    # parties (none, several, alternate and empty spellings, other roles in between).
    import itertools

    from screener.rules.conditions import _only_name

    shapes: list[tuple[Party, ...]] = [
        (),
        (Party("payer", "Altyn Trade LLC"),),
        (Party("payer", ""),),
        (Party("payer", "", alt_names=("Altyn Trade",)),),
        (Party("payer", "Altyn Trade LLC", alt_names=("", "Алтын Трейд")),),
        (Party("payer", "Altyn Trade LLC"), Party("payer", "Moon Trade LLC")),
        (Party("payer", ""), Party("payer", "Moon Trade LLC")),
        (Party("seller", "Altyn Trade LLC"), Party("payer", "ALTYN TRADE L.L.C.")),
    ]
    buyers: list[tuple[Party, ...]] = [
        (),
        (_buyer(name="Altyn Trade"),),
        (_buyer(name=""),),
        (_buyer(name="Sun Trade LLC"), _buyer(name="Altyn Trade")),
        (Party("buyer", "Moon Trade", alt_names=("Altyn Trade",)),),
    ]
    for op in ("differs_from", "same_as"):
        fast = compile_text(f"{{field: payer.name, {op}: buyer.name}}")
        general = compile_text(f"{{field: payer.name, {op}: buyer.name}}")
        assert isinstance(fast, CrossField) and isinstance(general, CrossField)
        assert fast.roles == ("payer", "buyer")
        general.roles = None
        for payers, buying in itertools.product(shapes, buyers):
            for parties in ((*payers, *buying), (*buying, *payers)):
                record = _record(parties=parties)
                raw = Facts(record, (), ()).raw(fast.field)
                only = _only_name(parties, "payer")
                assert only == (raw[0] if len(raw) == 1 else "" if not raw else None) or (
                    only is None and len(raw) == 1  # an alternate spelling: the general path
                )
                memo = Memo()
                answer = general.test(Facts(record, (), (), memo))
                assert fast.test(Facts(record, (), (), Memo())) is answer, (op, parties)
                if answer:
                    assert fast.explain(Facts(record, (), (), Memo())) == general.explain(
                        Facts(record, (), (), memo)
                    )


def test_both_names_read_in_one_pass_agree_with_one_role_at_a_time() -> None:
    # CrossField.test reads both roles' names in one pass (`_only_names`) and finds a pair it
    # has seen in the memo without a call: with a memo shared by every record (as in a run) its
    # answers are the general path's, and `_only_names` is `_only_name` of each role.
    import itertools

    from screener.rules.conditions import _only_name, _only_names

    people = (
        Party("payer", "Altyn Trade LLC"),
        Party("payer", ""),
        Party("payer", "Moon Trade LLC", alt_names=("Луна Трейд",)),
        Party("buyer", "ALTYN TRADE L.L.C."),
        Party("buyer", "Sun Trade LLC"),
        Party("buyer", "", alt_names=("Altyn Trade",)),
        Party("seller", "Altyn Trade LLC"),
    )
    for op in ("differs_from", "same_as"):
        fast = compile_text(f"{{field: payer.name, {op}: buyer.name}}")
        general = compile_text(f"{{field: payer.name, {op}: buyer.name}}")
        assert isinstance(fast, CrossField) and isinstance(general, CrossField)
        general.roles = None
        shared = Memo()
        for parties in [p for n in range(4) for p in itertools.permutations(people, n)] * 2:
            one, other = _only_name(parties, "payer"), _only_name(parties, "buyer")
            both = _only_names(parties, ("payer", "buyer"))
            assert both == (None if one is None or other is None else (one, other)), parties
            record = _record(parties=parties)
            answer = general.test(Facts(record, (), (), Memo()))
            assert fast.test(Facts(record, (), (), shared)) is answer, (op, parties)
    assert _only_names((Party("payer", "A"),), ("payer", "payer")) is None
