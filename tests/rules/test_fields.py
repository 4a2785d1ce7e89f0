"""Tests for screener.rules.fields: the field catalogue, value extraction and normalisation."""

from __future__ import annotations

import pytest

from screener.model import (
    BANK_ROLES,
    PARTY_ROLES,
    GoodsLine,
    Identifier,
    Party,
    Payment,
    Record,
    Route,
)
from screener.normalize import NameAnalyzer
from screener.rules.fields import (
    COUNTRY,
    FIELDS,
    HS,
    IDENT,
    NAME,
    NUMBER,
    REMEMBERED_PER_CONDITION,
    TOKEN_KINDS,
    VERDICTS_PER_MEMO,
    Facts,
    Memo,
    code_token,
    comparable_name,
    normalise,
    suggest_field,
)


def _facts(record: Record) -> Facts:
    return Facts(record, (), ())


def _texts(record: Record, name: str) -> list[tuple[str, tuple[str, ...]]]:
    return list(_facts(record).texts(FIELDS[name]))


RECORD = Record(
    source="t.csv",
    row=2,
    parties=(
        Party("seller", "Rheinmark GmbH", country="DE", address="Hauptstr. 1, Berlin"),
        Party("buyer", "Altyn Trade LLC", alt_names=("Алтын Трейд",), country="KG",
              identifiers=(Identifier("inn", "01234567"), Identifier("bic", "KICBKG22"))),
        Party("payer_bank", "Sberbank", country="RU", identifiers=(Identifier("bic", "SABRRUMM"),)),
    ),
    goods=(
        GoodsLine(description="Microcontrollers", alt_descriptions=("Микроконтроллеры",),
                  hs_code="854231", quantity=100.0, value=4000.0, currency="USD"),
        GoodsLine(description="Cables", hs_code="854442", value=500.0, currency="USD"),
    ),
    route=Route(origin="CN", transit=("KZ", "KG"), destination="KG", final_destination="RU",
                port_of_discharge="Novorossiysk"),
    reference="INV-42",
    remarks=("urgent", "для СВО"),
)


def test_every_role_has_every_party_field() -> None:
    for role in PARTY_ROLES:
        for attr in ("name", "country", "address", "id", "bic"):
            assert f"{role}.{attr}" in FIELDS
    assert FIELDS["buyer.name"].kind == NAME
    assert FIELDS["buyer.country"].kind == COUNTRY
    assert FIELDS["goods.hs_code"].kind == HS
    assert FIELDS["payment.amount"].kind == NUMBER
    assert FIELDS["party.id"].kind == IDENT


def test_party_fields_carry_role_labels_and_alt_names() -> None:
    assert _texts(RECORD, "buyer.name") == [("buyer.name", ("Altyn Trade LLC", "Алтын Трейд"))]
    countries = _texts(RECORD, "party.country")
    assert countries == [("seller.country", ("DE",)), ("buyer.country", ("KG",)),
                         ("payer_bank.country", ("RU",))]
    assert _texts(RECORD, "buyer.id") == [("buyer.id[inn]", ("01234567",)),
                                          ("buyer.id[bic]", ("KICBKG22",))]
    assert _texts(RECORD, "buyer.bic") == [("buyer.bic", ("KICBKG22",))]


def test_bank_fields_read_bank_roles_only() -> None:
    names = [label for label, _ in _texts(RECORD, "bank.name")]
    assert names == ["payer_bank.name"]
    assert "bank" in BANK_ROLES  # the `bank` role itself is covered by bank.*
    record = Record("t", 1, parties=(Party("bank", "Some Bank"), Party("buyer", "B")))
    assert [label for label, _ in _texts(record, "bank.name")] == ["bank.name"]


def test_goods_labels_number_lines_when_there_are_several() -> None:
    assert _texts(RECORD, "goods.hs_code") == [("goods[1].hs_code", ("854231",)),
                                              ("goods[2].hs_code", ("854442",))]
    single = Record("t", 1, goods=(GoodsLine(description="Chips"),))
    assert _texts(single, "goods.description") == [("goods.description", ("Chips",))]
    assert _texts(RECORD, "goods.description")[0][1] == ("Microcontrollers", "Микроконтроллеры")


def test_route_fields() -> None:
    assert _texts(RECORD, "route.transit") == [("route.transit", ("KZ",)),
                                              ("route.transit", ("KG",))]
    assert [v for _, (v,) in _texts(RECORD, "route.countries")] == ["CN", "KZ", "KG", "RU"]
    assert _texts(RECORD, "route.port_of_discharge") == [("route.port_of_discharge",
                                                          ("Novorossiysk",))]
    assert _texts(Record("t", 1), "route.final_destination") == []


def test_payment_falls_back_to_the_goods_lines() -> None:
    assert _texts(RECORD, "payment.currency") == [("payment.currency", ("USD",))]
    assert list(_facts(RECORD).numbers(FIELDS["payment.amount"])) == [("payment.amount", 4500.0)]
    paid = Record("t", 1, goods=RECORD.goods, payment=Payment(currency="CNY", amount=10.0))
    assert _texts(paid, "payment.currency") == [("payment.currency", ("CNY",))]
    assert list(_facts(paid).numbers(FIELDS["payment.amount"])) == [("payment.amount", 10.0)]


def test_payment_amount_is_not_summed_across_currencies() -> None:
    mixed = Record("t", 1, goods=(GoodsLine(value=1.0, currency="USD"),
                                  GoodsLine(value=2.0, currency="RUB")))
    assert list(_facts(mixed).numbers(FIELDS["payment.amount"])) == []
    assert [v for _, (v,) in _texts(mixed, "payment.currency")] == ["USD", "RUB"]


def test_text_gathers_descriptions_remarks_addresses_and_names() -> None:
    labels = {label for label, _ in _texts(RECORD, "text")}
    assert {"goods[1].description", "remarks", "seller.address", "buyer.name"} <= labels
    values = {v for _, values in _texts(RECORD, "text") for v in values}
    assert "для СВО" in values and "Алтын Трейд" in values
    assert "INV-42" not in values  # the reference is its own field, not free text


def test_numbers_of_goods_lines() -> None:
    facts = _facts(RECORD)
    assert list(facts.numbers(FIELDS["goods.quantity"])) == [("goods[1].quantity", 100.0)]
    assert [v for _, v in facts.numbers(FIELDS["goods.value"])] == [4000.0, 500.0]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("name", "  Altyn-Trade, L.L.C. ", "altyn trade l l c"),
        ("text", "Logística Ñandú", "logistica nandu"),
        ("country", " kg ", "KG"),
        ("currency", "rub", "RUB"),
        ("hs-code", "8542.31.00", "85423100"),
        ("identifier", "7701-234 567", "7701234567"),
        ("bic", "sabr ru mm", "SABRRUMM"),
    ],
)
def test_normalise_by_kind(kind: str, value: str, expected: str) -> None:
    assert normalise(kind, value) == expected


def test_comparable_name_drops_legal_forms() -> None:
    assert comparable_name("ALTYN TRADE L.L.C.") == comparable_name("Altyn Trade LLC")
    assert comparable_name("Altyn Trade Limited Liability Company") == comparable_name(
        "Altyn Trade LLC"
    )
    assert comparable_name("LLC")  # a name that is only a legal form is kept, not emptied


@pytest.mark.parametrize(("size", "shared"), [(2, False), (1_000, False), (1_000, True)])
def test_a_memo_gives_comparable_name(size: int, shared: bool) -> None:
    # Memo.name analyses names with words remembered (a small memo starts over), or with a
    # name index's analyzer: the same forms as comparable_name, which remembers nothing, in any
    # order and again.
    names = [
        "ALTYN TRADE L.L.C.",
        "Altyn Trade Limitd Liability Company",  # a mistyped form word, mended
        "Trade Altyn LLC",
        "ООО «Алтын Трейд»",
        "深圳物流有限公司",
        "LLC",
        "No. 2 Poly Trading Co",
    ]
    memo = Memo(size)
    if shared:
        analyzer = NameAnalyzer()
        analyzer.analyze(names[0])
        memo.use_analyzer(analyzer)
    for name in [*names, *reversed(names), *names]:
        assert memo.name(name) == comparable_name(name)


def test_suggest_field() -> None:
    assert suggest_field("buyer.contry") == "buyer.country"
    assert suggest_field("zzz") is None


def test_facts_cache_values_per_record() -> None:
    facts = _facts(RECORD)
    first = facts.normalised(FIELDS["buyer.name"])
    assert facts.normalised(FIELDS["buyer.name"]) is first
    assert first == (("buyer.name", ("altyn trade llc", "алтын треид")),)


# --- the fast paths agree with the labelled items ---------------------------------------------

# Records that exercise every way values reach a field: several parties in one role, bank roles,
# alternate names, identifiers with and without a BIC, empty values, several goods lines with
# alternate descriptions, a payment without a currency, codes written in lower case.
RICH = Record(
    source="t.csv",
    row=3,
    parties=(
        Party("buyer", "Altyn Trade LLC", alt_names=("", "Алтын Трейд"), country=" kg ",
              address="кв. 5, Bishkek", identifiers=(Identifier("inn", "0123"),
                                                     Identifier("bic", "kicbkg22"),
                                                     Identifier("lei", ""))),
        Party("buyer", "Second Buyer", country="KZ"),
        Party("payer_bank", "Sberbank", country="ru",
              identifiers=(Identifier("bic", "SABR RU MM"),)),
        Party("intermediary_bank", "", alt_names=("Bank Alt",), country="BY"),
        Party("consignee", "", address="Port 1"),
        Party("seller", "Rheinmark GmbH", country="DE"),
    ),
    goods=(
        GoodsLine(description="Chips", alt_descriptions=("Чипы", ""), hs_code="8542.31",
                  currency="usd", value=1.0),
        GoodsLine(alt_descriptions=("Cables",), hs_code="854442", currency="CNY"),
        GoodsLine(),
    ),
    route=Route(origin="cn", transit=("KZ", "", "kg"), destination="KG",
                final_destination="RU", port_of_discharge="RUNVS"),
    reference="INV-7",
    remarks=("", "для СВО", "urgent"),
)
RECORDS = (RECORD, RICH, Record("t", 1), Record("t", 1, parties=(Party("buyer", "B"),)))


@pytest.mark.parametrize("record", RECORDS)
def test_raw_and_flat_are_the_items_flattened(record: Record) -> None:
    for name, field in FIELDS.items():
        if field.kind == NUMBER:
            continue
        facts = _facts(record)
        texts = facts.texts(field)
        assert list(facts.raw(field)) == [v for _, values in texts for v in values], name
        flat = [v for _, values in facts.normalised(field) for v in values]
        assert list(facts.flat(field)) == flat, name
        items = [(label, list(norm), list(written)) for label, norm, written in facts.items(field)]
        expected = [
            (label, list(norm), list(written))
            for (label, norm), (_, written) in zip(facts.normalised(field), texts, strict=True)
        ]
        assert items == expected, name


@pytest.mark.parametrize("record", RECORDS)
def test_codes_are_every_country_and_currency_value(record: Record) -> None:
    expected = {
        code_token(name, value)
        for name, field in FIELDS.items()
        if field.kind in TOKEN_KINDS
        for value in _facts(record).flat(field)
    }
    assert _facts(record).codes() == expected
    # Whichever is asked first, the party pass and the tokens agree.
    facts = _facts(record)
    facts.raw(FIELDS["buyer.name"])
    assert facts.codes() == expected


def test_labels_are_those_of_the_items() -> None:
    for name, field in FIELDS.items():
        if field.label is None:
            continue
        for record in RECORDS:
            assert {label for label, _ in _facts(record).texts(field)} <= {field.label}, name


def test_memo_forgets_verdicts_past_its_bound() -> None:
    memo = Memo(size=2)
    first = memo.verdicts_of("a")
    second = memo.verdicts_of("b")
    bound = VERDICTS_PER_MEMO * memo.size
    for i in range(bound):
        memo.remember(first if i % 2 else second, f"v{i}", True)
    assert len(first) + len(second) == bound
    memo.remember(first, "one more", False)
    assert first == {"one more": False} and second == {}


def test_memo_keeps_a_bounded_number_of_things_per_condition() -> None:
    remembered = {i: [str(i)] for i in range(REMEMBERED_PER_CONDITION)}
    Memo.keep(remembered, -1, ["x"])
    assert remembered == {-1: ["x"]}
