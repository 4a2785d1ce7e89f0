"""Tests for screener.columns: which input columns feed which fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.columns import FIELDS, ColumnMap, header_tokens, recognise, score_headers
from screener.errors import InputDataError, UsageError
from screener.model import PARTY_ROLES

TRADE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "trade"


def fields_of(headers: list[str]) -> dict[str, tuple[str, ...]]:
    return dict(recognise(headers, require=False).fields)


def field_of(header: str, context: list[str] | None = None) -> str | None:
    headers = [*(context or []), header]
    return recognise(headers, require=False).column(header).field


def test_catalogue_has_every_role_attribute_and_the_other_fields() -> None:
    for role in PARTY_ROLES:
        for attribute in ("name", "country", "address", "id", "bic", "birth_date", "nationality"):
            assert f"{role}.{attribute}" in FIELDS
    for name in (
        "goods.description",
        "goods.hs_code",
        "goods.quantity",
        "goods.unit",
        "goods.value",
        "goods.currency",
        "route.origin",
        "route.transit",
        "route.destination",
        "route.final_destination",
        "route.port_of_discharge",
        "payment.currency",
        "payment.amount",
        "reference",
        "date",
        "remarks",
        "country",
    ):
        assert FIELDS[name]


def test_header_tokens_normalise_case_punctuation_camel_case_and_the_en_marker() -> None:
    assert header_tokens("EXPORTER_NAME_EN") == (("exporter", "name"), True)
    assert header_tokens("buyerName") == (("buyer", "name"), False)
    assert header_tokens("HSCode") == (("hs", "code"), False)
    assert header_tokens("Invoice #") == (("invoice", "no"), False)
    assert header_tokens("hs编码") == (("hs", "编码"), False)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("seller", "seller.name"),
        ("Supplier", "seller.name"),
        ("EXPORTER", "seller.name"),
        ("shipper name", "seller.name"),
        ("Vendor", "seller.name"),
        ("Consignor", "seller.name"),
        ("Sold By", "seller.name"),
        ("Продавец", "seller.name"),
        ("Наименование поставщика", "seller.name"),
        ("экспортер", "seller.name"),
        ("Грузоотправитель", "seller.name"),
        ("卖方", "seller.name"),
        ("供应商名称", "seller.name"),
        ("发货人", "seller.name"),
        ("buyer", "buyer.name"),
        ("Customer", "buyer.name"),
        ("IMPORTER_NAME", "buyer.name"),
        ("Sold-To Party", "buyer.name"),
        ("Bill To", "buyer.name"),
        ("Покупатель", "buyer.name"),
        ("Заказчик", "buyer.name"),
        ("买方", "buyer.name"),
        ("客户名称", "buyer.name"),
        ("CONSIGNEE NAME", "consignee.name"),
        ("Ship To", "consignee.name"),
        ("Deliver-To", "consignee.name"),
        ("Грузополучатель", "consignee.name"),
        ("Получатель груза", "consignee.name"),
        ("收货人", "consignee.name"),
        ("End User", "end_user.name"),
        ("END-USER", "end_user.name"),
        ("Ultimate Consignee", "end_user.name"),
        ("Конечный пользователь", "end_user.name"),
        ("最终用户", "end_user.name"),
        ("Notify Party", "notify.name"),
        ("NORTIFY_PARTY_NAME", "notify.name"),
        ("通知人", "notify.name"),
        ("Ordering Customer", "payer.name"),
        ("Remitter", "payer.name"),
        ("Плательщик", "payer.name"),
        ("付款人", "payer.name"),
        ("Beneficiary", "beneficiary.name"),
        ("Payee", "beneficiary.name"),
        ("Получатель платежа", "beneficiary.name"),
        ("Бенефициар", "beneficiary.name"),
        ("收款人", "beneficiary.name"),
        ("Manufacturer", "manufacturer.name"),
        ("Producer", "manufacturer.name"),
        ("Изготовитель", "manufacturer.name"),
        ("制造商", "manufacturer.name"),
        ("Freight Forwarder", "forwarder.name"),
        ("Экспедитор", "forwarder.name"),
        ("货代", "forwarder.name"),
        ("CHA NAME", "agent.name"),
        ("Customs Broker", "agent.name"),
        ("DECLARANT_NAME", "agent.name"),
        ("Декларант", "agent.name"),
        ("Ordering Institution", "payer_bank.name"),
        ("Debtor Agent", "payer_bank.name"),
        ("Банк плательщика", "payer_bank.name"),
        ("Account With Institution", "beneficiary_bank.name"),
        ("Beneficiary Bank", "beneficiary_bank.name"),
        ("Creditor Agent", "beneficiary_bank.name"),
        ("Банк получателя", "beneficiary_bank.name"),
        ("收款银行", "beneficiary_bank.name"),
        ("Intermediary Bank", "intermediary_bank.name"),
        ("Correspondent Bank", "intermediary_bank.name"),
        ("Issuing Bank", "bank.name"),
        ("Bank Name", "bank.name"),
        ("Beneficiary Bank BIC", "beneficiary_bank.bic"),
        ("Beneficiary SWIFT", "beneficiary_bank.bic"),
        ("Debtor Agent BIC", "payer_bank.bic"),
        ("SWIFT code", "bank.bic"),
        ("BIC", "bank.bic"),
        ("БИК банка получателя", "beneficiary_bank.bic"),
        ("SHIPPER_COUNTRY", "seller.country"),
        ("CONSIGNEE_COUNTRY", "consignee.country"),
        ("Buyer Country Code", "buyer.country"),
        ("Страна покупателя", "buyer.country"),
        ("买方国家", "buyer.country"),
        ("BUYER_ADDRESS", "buyer.address"),
        ("Адрес грузополучателя", "consignee.address"),
        ("收货人地址", "consignee.address"),
        ("EXPORTER_CODE", "seller.id"),
        ("EXPORTER_ID", "seller.id"),
        ("Customer ID", "buyer.id"),
        ("ИНН покупателя", "buyer.id"),
        ("Supplier VAT Number", "seller.id"),
        ("供应商统一社会信用代码", "seller.id"),
        ("Consignee Name and Address", "consignee.name"),
        ("Beneficiary Date of Birth", "beneficiary.birth_date"),
        ("beneficiary_dob", "beneficiary.birth_date"),
        ("Buyer DOB", "buyer.birth_date"),
        ("Customer Birth Date", "buyer.birth_date"),
        ("payerBirthDate", "payer.birth_date"),
        ("Seller D.O.B.", "seller.birth_date"),
        ("Remitter Born", "payer.birth_date"),
        ("Payer Year of Birth", "payer.birth_date"),
        ("Дата рождения покупателя", "buyer.birth_date"),
        ("Дата рождения плательщика", "payer.birth_date"),
        ("Год рождения бенефициара", "beneficiary.birth_date"),
        ("收款人出生日期", "beneficiary.birth_date"),
        ("买方出生年月日", "buyer.birth_date"),
        ("Beneficiary Nationality", "beneficiary.nationality"),
        ("Payer Citizenship", "payer.nationality"),
        ("Buyer Country of Citizenship", "buyer.nationality"),
        ("Гражданство плательщика", "payer.nationality"),
        ("付款人国籍", "payer.nationality"),
    ],
)
def test_party_headers(header: str, field: str) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Description", "goods.description"),
        ("GOODS DESCRIPTION", "goods.description"),
        ("Description of Goods", "goods.description"),
        ("PRODUCT_DESCRIPTION", "goods.description"),
        ("Item", "goods.description"),
        ("Commodity", "goods.description"),
        ("Cargo Description", "goods.description"),
        ("Наименование товара", "goods.description"),
        ("Описание товара", "goods.description"),
        ("品名", "goods.description"),
        ("货物描述", "goods.description"),
        ("HS", "goods.hs_code"),
        ("HS CODE", "goods.hs_code"),
        ("hs_code", "goods.hs_code"),
        ("HSCode", "goods.hs_code"),
        ("HS6", "goods.hs_code"),
        ("HTS Code", "goods.hs_code"),
        ("HTSUS", "goods.hs_code"),
        ("Tariff Number", "goods.hs_code"),
        ("Commodity Code", "goods.hs_code"),
        ("Customs Code", "goods.hs_code"),
        ("NCM", "goods.hs_code"),
        ("Schedule B", "goods.hs_code"),
        ("TN VED", "goods.hs_code"),
        ("Код ТН ВЭД", "goods.hs_code"),
        ("ТН ВЭД", "goods.hs_code"),
        ("HS编码", "goods.hs_code"),
        ("海关编码", "goods.hs_code"),
        ("税则号", "goods.hs_code"),
        ("Quantity", "goods.quantity"),
        ("QTY", "goods.quantity"),
        ("TOTAL_QUANTITY", "goods.quantity"),
        ("Количество", "goods.quantity"),
        ("数量", "goods.quantity"),
        ("UOM", "goods.unit"),
        ("UNIT_OF_QUANTITY", "goods.unit"),
        ("Ед. изм.", "goods.unit"),
        ("单位", "goods.unit"),
        ("Amount", "goods.value"),
        ("Total Value", "goods.value"),
        ("Invoice Value", "goods.value"),
        ("FOB USD", "goods.value"),
        ("USD_FOB", "goods.value"),
        ("CARGO_VALUE_USD", "goods.value"),
        ("VALUE_IN_USD", "goods.value"),
        ("TOTAL PRICE_INV_FC", "goods.value"),
        ("Сумма", "goods.value"),
        ("Стоимость", "goods.value"),
        ("金额", "goods.value"),
        ("总价", "goods.value"),
        ("Currency", "goods.currency"),
        ("CCY", "goods.currency"),
        ("FOREIGN_CURRENCY", "goods.currency"),
        ("Валюта", "goods.currency"),
        ("币种", "goods.currency"),
        ("币制", "goods.currency"),
        ("Payment Currency", "payment.currency"),
        ("Payment Amount", "payment.amount"),
        ("Country of Origin", "route.origin"),
        ("ORIGIN_COUNTRY_NAME", "route.origin"),
        ("Made in", "route.origin"),
        ("FROM_COUNTRY_NAME", "route.origin"),
        ("Country of Export", "route.origin"),
        ("Страна происхождения", "route.origin"),
        ("原产国", "route.origin"),
        ("Transit Country", "route.transit"),
        ("Via", "route.transit"),
        ("Transshipment", "route.transit"),
        ("Страна транзита", "route.transit"),
        ("转运国", "route.transit"),
        ("Destination", "route.destination"),
        ("DESTINATION_COUNTRY", "route.destination"),
        ("TO_COUNTRY_NAME", "route.destination"),
        ("Ship To Country", "route.destination"),
        ("Страна назначения", "route.destination"),
        ("目的国", "route.destination"),
        ("Final Destination", "route.final_destination"),
        ("Country of Ultimate Destination", "route.final_destination"),
        ("End Use Country", "route.final_destination"),
        ("最终目的地", "route.final_destination"),
        ("Port of Discharge", "route.port_of_discharge"),
        ("POD", "route.port_of_discharge"),
        ("DESTINATION PORT", "route.port_of_discharge"),
        ("UNLOADING_PORT", "route.port_of_discharge"),
        ("INVOICE NO", "reference"),
        ("Invoice Number", "reference"),
        ("DECLARATION_NUMBER", "reference"),
        ("Transaction Reference", "reference"),
        ("B/L No", "reference"),
        ("UETR", "reference"),
        ("Номер декларации", "reference"),
        ("发票号", "reference"),
        ("Customer Reference", "reference"),
        ("DATE", "date"),
        ("EXP_DATE", "date"),
        ("SHIPMENT_DATE", "date"),
        ("Value Date", "date"),
        ("Дата", "date"),
        ("日期", "date"),
        ("Remarks", "remarks"),
        ("Notes", "remarks"),
        ("Purpose of Payment", "remarks"),
        ("Payment Details", "remarks"),
        ("Remittance Information", "remarks"),
        ("Назначение платежа", "remarks"),
        ("备注", "remarks"),
        ("End Use", "remarks"),
        ("COUNTRY", "country"),
        ("country iso_code_2", "country"),
        ("COUNTRY_ISO_CODE_2", "country"),
        ("Страна", "country"),
    ],
)
def test_other_headers(header: str, field: str) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(
    "header",
    [
        "BUYER_PHONE",
        "CUSTOMS_OFFICE_CODE",
        "DEPARTMENT_DESTINATION",
        "ORIGIN_PLACE",
        "RECORD_ID",
        "ITEM NO",
        "GUARANTEE_NAME",
        "INCOTERMS",
        "Buyer Place of Birth",
        "Buyer Country of Birth",
        "Дата и место рождения",
    ],
)
def test_headers_that_are_not_fields(header: str) -> None:
    # A role word with an unknown attribute (phone), or words that merely contain a field's word.
    assert field_of(header) is None


def test_payment_files_take_bare_amount_currency_and_receiver_as_the_payments() -> None:
    headers = ["Ordering Customer", "Receiver", "Amount", "Currency", "Beneficiary SWIFT"]
    fields = fields_of(headers)
    assert fields["payment.amount"] == ("Amount",)
    assert fields["payment.currency"] == ("Currency",)
    assert fields["beneficiary.name"] == ("Receiver",)
    trade = fields_of(["Supplier", "Receiver", "Amount", "Currency", "HS Code"])
    assert trade["goods.value"] == ("Amount",)
    assert trade["goods.currency"] == ("Currency",)
    assert trade["consignee.name"] == ("Receiver",)


def test_alternate_script_columns_come_after_their_original() -> None:
    columns = recognise(
        ["EXPORTER_NAME_EN", "EXPORTER_NAME", "BUYER_NAME", "PRODUCT_DESCRIPTION_EN"],
        require=False,
    )
    assert columns.fields["seller.name"] == ("EXPORTER_NAME", "EXPORTER_NAME_EN")
    assert columns.column("EXPORTER_NAME_EN").alternate
    assert not columns.column("EXPORTER_NAME").alternate


def test_hs_prefix_columns_are_ignored_beside_the_full_code() -> None:
    columns = recognise(["HS_CODE_2", "HS_CODE", "HS_CODE_4", "HS CODE_DESCRIPTION"])
    assert columns.fields["goods.hs_code"] == ("HS_CODE",)
    assert set(columns.ignored) == {"HS_CODE_2", "HS_CODE_4"}
    assert "HS_CODE_4" not in columns.unrecognised


def test_the_longest_hs_prefix_column_is_the_code_when_there_is_no_full_one() -> None:
    columns = recognise(["HS_CODE_2", "HS_CODE_6", "HS_CODE_4"])
    assert columns.fields["goods.hs_code"] == ("HS_CODE_6",)
    assert set(columns.ignored) == {"HS_CODE_2", "HS_CODE_4"}


def test_hs_heading_text_is_only_a_secondary_description() -> None:
    columns = recognise(["HS_DESCRIPTION", "HS_CODE", "PRODUCT_DESCRIPTION"])
    assert columns.fields["goods.description"] == ("PRODUCT_DESCRIPTION", "HS_DESCRIPTION")


def test_value_columns_are_ranked_and_carry_the_currency_their_header_names() -> None:
    columns = recognise(
        ["FOB_INR", "FOB USD", "TOTAL PRICE_INV_FC", "CURRENCY", "UNIT PRICE_INR", "HS CODE"]
    )
    # The invoice-currency value first (its currency is in CURRENCY), then USD, then the rest.
    assert columns.fields["goods.value"] == ("TOTAL PRICE_INV_FC", "FOB USD", "FOB_INR")
    assert columns.column("FOB USD").currency == "USD"
    assert columns.column("FOB_INR").currency == "INR"
    assert columns.column("TOTAL PRICE_INV_FC").currency is None
    assert "UNIT PRICE_INR" in columns.ignored


def test_bare_address_and_ids_belong_to_the_party_beside_them() -> None:
    headers = ["COUNTRY", "IEC", "EXPORTER", "ADDRESS", "CITY", "PIN", "CONSIGNEE NAME"]
    columns = recognise(headers)
    assert columns.fields["seller.id"] == ("IEC",)
    assert columns.column("IEC").id_kind == "reg"
    assert columns.fields["seller.address"] == ("ADDRESS", "CITY", "PIN")
    assert columns.fields["country"] == ("COUNTRY",)
    assert "beside" in columns.column("ADDRESS").note


@pytest.mark.parametrize(
    "header",
    ["DOB", "D.O.B.", "Date of Birth", "Birthdate", "Born", "Дата рождения", "出生日期", "生日"],
)
def test_a_bare_date_of_birth_belongs_to_the_party_beside_it(header: str) -> None:
    columns = recognise(["Invoice No", "Beneficiary", header, "Amount"])
    assert columns.fields["beneficiary.birth_date"] == (header,)
    assert "date" not in columns.fields  # a date of birth is not the record's date
    assert "beside a beneficiary column" in columns.column(header).note


@pytest.mark.parametrize("header", ["Nationality", "Citizenship", "Гражданство", "国籍"])
def test_a_bare_nationality_belongs_to_the_party_beside_it(header: str) -> None:
    columns = recognise(["Customer Name", "DOB", header, "HS Code"])
    assert columns.fields["buyer.nationality"] == (header,)
    assert columns.fields["buyer.birth_date"] == ("DOB",)  # the chain goes on through the DOB


def test_country_of_citizenship_is_a_nationality_not_a_country() -> None:
    columns = recognise(["Payer", "Country of Citizenship", "Country"])
    assert columns.fields["payer.nationality"] == ("Country of Citizenship",)
    assert columns.fields["country"] == ("Country",)


def test_a_bank_beside_a_date_of_birth_does_not_take_it() -> None:
    columns = recognise(["Beneficiary Bank", "DOB", "Beneficiary"])
    assert columns.fields["beneficiary.birth_date"] == ("DOB",)
    assert "beneficiary_bank.birth_date" not in columns.fields


def test_a_bare_date_of_birth_away_from_any_party_is_the_only_partys() -> None:
    columns = recognise(["Beneficiary", "Amount", "Currency", "Date of Birth"])
    assert columns.fields["beneficiary.birth_date"] == ("Date of Birth",)
    assert "only party" in columns.column("Date of Birth").note
    # Banks are not candidates: the person is the payer.
    columns = recognise(["Payer", "Payer Bank", "Amount", "DOB"])
    assert columns.fields["payer.birth_date"] == ("DOB",)


def test_a_bare_date_of_birth_with_several_parties_far_away_is_ignored_with_the_reason() -> None:
    columns = recognise(["Buyer", "Seller", "HS Code", "Amount", "DOB"])
    assert not any(name.endswith(".birth_date") for name in columns.fields)
    reason = columns.ignored["DOB"]
    assert "2 parties" in reason and "--map ROLE.birth_date=COLUMN" in reason
    assert "DOB" not in columns.unrecognised
    # --map settles it.
    mapped = recognise(
        ["Buyer", "Seller", "HS Code", "Amount", "DOB"], {"seller.birth_date": "DOB"}
    )
    assert mapped.fields["seller.birth_date"] == ("DOB",)
    assert "DOB" not in mapped.ignored


@pytest.mark.parametrize(
    ("header", "field", "month_first"),
    [
        ("DOB (MM/DD/YYYY)", "buyer.birth_date", True),
        ("Date of Birth mm-dd-yy", "buyer.birth_date", True),
        ("Birthdate (M/D/Y)", "buyer.birth_date", True),
        ("DOB (DD.MM.YYYY)", "buyer.birth_date", False),
        ("Дата рождения (ДД.ММ.ГГГГ)", "buyer.birth_date", False),
        ("Birth date d/m/yyyy", "buyer.birth_date", False),
        ("DOB (YYYY-MM-DD)", "buyer.birth_date", None),
        ("DOB (MM/YYYY)", "buyer.birth_date", None),
        ("Invoice Date (MM/DD/YYYY)", "date", True),
        ("DOB", "buyer.birth_date", None),
    ],
)
def test_a_date_format_in_the_header_is_noted_and_set_aside(
    header: str, field: str, month_first: bool | None
) -> None:
    columns = recognise(["Buyer", header])
    assert columns.column(header).field == field
    assert columns.column(header).month_first is month_first


def test_a_date_format_alone_is_not_taken_apart() -> None:
    # Without a word before it "MM DD" is nothing screener knows; a lone "M" is not a format.
    assert recognise(["Buyer", "MM/DD"], require=False).column("MM/DD").field is None
    assert recognise(["Buyer", "Size M"], require=False).column("Size M").month_first is None


def test_a_bare_id_column_is_not_given_to_a_party() -> None:
    # "ID" beside "Beneficiary" is the transaction's id, not the beneficiary's.
    columns = recognise(["ID", "Beneficiary", "Amount"])
    assert "beneficiary.id" not in columns.fields
    assert columns.fields["reference"] == ("ID",)


def test_identifier_kinds_come_from_the_header() -> None:
    columns = recognise(["Buyer", "Buyer INN", "Buyer OGRN", "Seller", "Seller USCC", "Seller VAT"])
    assert columns.column("Buyer INN").id_kind == "inn"
    assert columns.column("Buyer OGRN").id_kind == "ogrn"
    assert columns.column("Seller USCC").id_kind == "uscc"
    assert columns.column("Seller VAT").id_kind == "vat"


def test_duplicate_headers_feed_the_same_field_in_order() -> None:
    columns = recognise(["Buyer", "HS Code", "Buyer (2)"])
    assert columns.fields["buyer.name"] == ("Buyer", "Buyer (2)")


def test_overrides_replace_recognition_and_match_columns_loosely() -> None:
    headers = ["Counterparty", "Counterparty Country", "HS Code", "CONSIGNEE"]
    columns = recognise(
        headers, {"buyer.name": "counterparty", "Buyer.Country": "COUNTERPARTY_COUNTRY"}
    )
    assert columns.fields["buyer.name"] == ("Counterparty",)
    assert columns.fields["buyer.country"] == ("Counterparty Country",)
    assert columns.overridden == frozenset({"buyer.name", "buyer.country"})
    taken = recognise(headers, {"buyer.name": "CONSIGNEE"})
    assert taken.fields["buyer.name"] == ("CONSIGNEE",)
    assert "consignee.name" not in taken.fields
    off = recognise(["Buyer", "HS Code", "Country"], {"country": ""})
    assert "country" not in off.fields


def test_unknown_override_field_lists_the_valid_fields() -> None:
    with pytest.raises(UsageError) as caught:
        recognise(["Buyer"], {"buyer.nmae": "Buyer"})
    assert caught.value.field == "buyer.nmae"
    assert "buyer.name" in (caught.value.hint or "")


def test_unknown_override_column_lists_the_headers() -> None:
    with pytest.raises(UsageError) as caught:
        recognise(["Buyer", "HS Code"], {"buyer.name": "Client"}, source="in.csv")
    assert caught.value.field == "Client"
    assert caught.value.file == "in.csv"
    assert "HS Code" in (caught.value.hint or "")


def test_nothing_to_screen_is_an_input_error_that_says_how_to_map() -> None:
    with pytest.raises(InputDataError) as caught:
        recognise(["Foo", "Bar", "Country"], source="x.csv")
    error = caught.value
    assert error.file == "x.csv"
    assert "'Foo'" in error.message and "'Bar'" in error.message
    assert "--map buyer.name=" in (error.hint or "")
    assert recognise(["Foo", "Bar"], require=False).unrecognised == ("Foo", "Bar")


def test_score_headers_counts_recognised_headers_only() -> None:
    assert score_headers(["Buyer", "HS Code", "Whatever"]) == 2
    assert score_headers(["Beneficiary", "Date of Birth", "Nationality", "Whatever"]) == 3
    assert score_headers(["DATA", "", ""]) == 0
    assert score_headers(["ООО Ромашка", "Россия", "8542310000"]) == 0


def test_synthetic_vendor_layouts() -> None:
    # Header shapes of the vendor trade extracts (India shipping bills, Kazakhstan declarations,
    # Brazil bills of lading, Colombia declarations), written for this test.
    india = fields_of(
        ["DATE", "HS CODE", "GOODS DESCRIPTION", "CURRENCY", "CHA NAME", "COUNTRY", "IEC",
         "EXPORTER", "ADDRESS", "CONSIGNEE NAME", "CONSIGNEE ADDRESS", "INVOICE NO",
         "HS CODE_2", "HS CODE_4", "country iso_code_2", "HS CODE_DESCRIPTION"]
    )  # fmt: skip
    assert india["seller.name"] == ("EXPORTER",)
    assert india["consignee.name"] == ("CONSIGNEE NAME",)
    assert india["goods.hs_code"] == ("HS CODE",)
    assert india["goods.description"] == ("GOODS DESCRIPTION", "HS CODE_DESCRIPTION")
    assert india["country"] == ("COUNTRY", "country iso_code_2")
    assert india["agent.name"] == ("CHA NAME",)
    brazil = fields_of(
        ["SHIPPER_NAME", "SHIPPER_COUNTRY", "CONSIGNEE_NAME", "CONSIGNEE_COUNTRY", "FORWARDER",
         "NORTIFY_PARTY_NAME", "HS_CODE", "HS_CODE_2", "PORT_OF_MARITIME_DESTINATION"]
    )  # fmt: skip
    assert brazil["seller.name"] == ("SHIPPER_NAME",)
    assert brazil["consignee.country"] == ("CONSIGNEE_COUNTRY",)
    assert brazil["notify.name"] == ("NORTIFY_PARTY_NAME",)
    assert brazil["forwarder.name"] == ("FORWARDER",)


def _real_headers(name: str) -> tuple[str, ...]:
    path = TRADE / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    from screener.readers import open_table

    with open_table(str(path)) as table:
        return table.headers


def test_real_india_shipping_bill_headers() -> None:
    columns = recognise(_real_headers("india_export_shipping_bills_sample.xlsx"))
    fields = columns.fields
    assert fields["seller.name"] == ("EXPORTER",)
    assert fields["seller.id"] == ("IEC",)
    assert fields["seller.address"][0] == "ADDRESS"
    assert fields["consignee.name"] == ("CONSIGNEE NAME",)
    assert fields["consignee.address"] == ("CONSIGNEE ADDRESS",)
    assert fields["goods.hs_code"] == ("HS CODE",)
    assert fields["goods.description"][0] == "GOODS DESCRIPTION"
    assert fields["country"][0] == "COUNTRY"
    assert fields["route.port_of_discharge"] == ("DESTINATION PORT",)
    assert fields["reference"][0] == "INVOICE NO"
    assert {"HS CODE_2", "HS CODE_4"} <= set(columns.ignored)


def test_real_kazakhstan_declaration_headers() -> None:
    columns = recognise(_real_headers("kazakhstan_export_declarations_sample.xlsx"))
    fields = columns.fields
    assert fields["seller.name"] == ("EXPORTER_NAME", "EXPORTER_NAME_EN")
    assert fields["seller.id"] == ("EXPORTER_CODE",)
    assert fields["buyer.name"] == ("BUYER_NAME", "BUYER_NAME_EN")
    assert fields["goods.hs_code"] == ("HS_CODE",)
    assert fields["goods.description"][:2] == ("PRODUCT_DESCRIPTION", "PRODUCT_DESCRIPTION_EN")
    assert fields["manufacturer.name"] == ("MANUFACTURER", "MANUFACTURER_EN")
    assert fields["agent.name"] == ("DECLARANT_NAME", "DECLARANT_NAME_EN")
    assert fields["route.origin"][0] == "ORIGIN_COUNTRY_NAME"
    assert fields["route.destination"][0] == "TO_COUNTRY_NAME"
    assert fields["goods.currency"] == ("FOREIGN_CURRENCY",)
    assert fields["goods.value"][0] == "CARGO_VALUE_IN_FC"
    assert fields["reference"] == ("DECLARATION_NUMBER",)
    assert "HS_CODE_2" in columns.ignored


def test_real_brazil_bill_of_lading_headers() -> None:
    fields = recognise(_real_headers("brazil_import_bill_of_lading_sample.xlsx")).fields
    assert fields["seller.name"] == ("SHIPPER_NAME",)
    assert fields["seller.country"] == ("SHIPPER_COUNTRY",)
    assert fields["consignee.name"] == ("CONSIGNEE_NAME",)
    assert fields["consignee.country"] == ("CONSIGNEE_COUNTRY",)
    assert fields["notify.name"] == ("NORTIFY_PARTY_NAME",)
    assert fields["forwarder.name"] == ("FORWARDER",)
    assert fields["goods.hs_code"] == ("HS_CODE",)
    assert fields["goods.description"] == ("PRODUCT_DESCRIPTION", "HS_DESCRIPTION")
    assert fields["goods.value"] == ("VALUE_IN_USD",)


def test_real_colombia_declaration_headers() -> None:
    fields = recognise(_real_headers("colombia_export_declarations_sample.xlsx")).fields
    assert fields["seller.name"] == ("EXPORTER_NAME",)
    assert fields["seller.id"] == ("EXPORTER_ID",)
    assert fields["buyer.name"] == ("BUYER_NAME",)
    assert fields["route.destination"] == ("DESTINATION_COUNTRY",)
    assert fields["country"] == ("COUNTRY_ISO_CODE_2",)
    assert fields["goods.value"] == ("USD_FOB",)
    assert fields["date"] == ("EXP_DATE",)


def test_unknown_map_field_suggests_the_closest_and_stays_short() -> None:
    with pytest.raises(UsageError) as caught:
        recognise(["Seller", "Buyer"], {"buyer.nme": "Buyer"}, source="x.csv")
    line = caught.value.one_line()
    assert "buyer.name" in line and "screener columns" in line
    assert len(line) < 500  # was over 2,500 characters when it listed every field


def test_by_field_gives_each_fields_columns_best_first() -> None:
    columns = recognise(["Buyer", "Buyer EN", "Buyer Country", "Remarks"], require=False)
    assert {name: tuple(c.header for c in cols) for name, cols in columns.by_field.items()} == {
        name: tuple(headers) for name, headers in columns.fields.items()
    }
    assert [c.alternate for c in columns.by_field["buyer.name"]] == [False, True]


def test_derived_is_worked_out_once_per_map() -> None:
    calls: list[object] = []

    def plan(columns: object) -> list[object]:
        calls.append(columns)
        return [columns]

    first = recognise(["Buyer", "Country"], require=False)
    second = recognise(["Buyer", "Country"], require=False)
    assert first.derived(plan) is first.derived(plan)
    assert second.derived(plan) is not first.derived(plan)  # each map keeps its own
    assert calls == [first, second]


def test_a_pickled_map_leaves_what_it_derived_behind() -> None:
    import copy

    def count(m: ColumnMap) -> list[int]:
        return [len(m.headers)]

    columns = recognise(["Buyer", "Buyer Country"], require=False)
    assert columns.by_field and columns.derived(count) == [2]
    state = columns.__getstate__()
    assert "_derived" not in state and "by_field" not in state
    assert state["headers"] == ("Buyer", "Buyer Country")
    duplicate = copy.copy(columns)  # copy and pickle both go through __getstate__
    assert duplicate.derived(count) == [2]
    assert duplicate.derived(count) is not columns.derived(count)
    assert duplicate.by_field == columns.by_field
