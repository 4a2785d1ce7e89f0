"""Tests for screener.records: one input row made into a Record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screener.columns import recognise
from screener.errors import InputDataError
from screener.model import Identifier, Record
from screener.readers import RawRow
from screener.records import (
    build_record,
    date_order,
    decimal_separator,
    guess_identifier_kind,
    is_blank,
    normalise_date,
    parse_birth_date,
    parse_hs_code,
    parse_number,
)

TRADE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "trade"


def record(cells: dict[str, str], row: int = 2, **overrides: str) -> Record:
    columns = recognise(list(cells), overrides or None, require=False)
    return build_record("in.csv", (row, cells), columns)


@pytest.mark.parametrize(
    "value", ["", "  ", "NULL", "null", "N/A", "NA", "-", "—", "None", "nan", "#N/A", None]
)
def test_is_blank(value: str | None) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", ["0", "No", "Nan Fang Ltd", "N", "-5"])
def test_is_blank_keeps_real_values(value: str) -> None:
    assert not is_blank(value)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("8542", ("8542",)),
        ("8542.31", ("854231",)),
        ("8542.31.00", ("85423100",)),
        ("8542 31 000 0", ("8542310000",)),
        ("8542-31-00", ("85423100",)),
        ("HS 8542.31", ("854231",)),
        ("HTS: 8542310000", ("8542310000",)),
        ("ТН ВЭД 8542310000", ("8542310000",)),
        ("ex 8542", ("8542",)),
        ("854231.0", ("854231",)),
        ("30490", ("030490",)),  # a spreadsheet number that lost chapter 03's leading zero
        ("8542.31; 8471.50", ("854231", "847150")),
        ("8542.31, 8471.50", ("854231", "847150")),
        ("8542.31/8471.50", ("854231", "847150")),
        ("8542.31\n8471.50", ("854231", "847150")),
        ("854231 847149", ("854231", "847149")),
        ("8542.31; 8542.31", ("854231",)),
    ],
)
def test_parse_hs_code(text: str, codes: tuple[str, ...]) -> None:
    assert parse_hs_code(text, source="f.csv", row=3, field="HS") == codes


@pytest.mark.parametrize("text", ["85A2", "12", "123", "12345678901", "0000", "HS", "8542.31; x"])
def test_malformed_hs_codes_name_file_row_and_column(text: str) -> None:
    with pytest.raises(InputDataError) as caught:
        parse_hs_code(text, source="f.csv", row=7, field="HS CODE")
    error = caught.value
    assert (error.file, error.row, error.field) == ("f.csv", 7, "HS CODE")
    assert "4 to 10 digits" in (error.hint or "")
    assert "f.csv, row 7, field 'HS CODE'" in str(error)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234.0),
        ("1,234.50", 1234.5),
        ("1 234,50", 1234.5),
        ("1.234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1'234.50", 1234.5),
        ("12,345,678", 12345678.0),
        ("12.345.678", 12345678.0),
        ("1,5", 1.5),
        ("0,001", 0.001),
        ("1,234", 1234.0),
        ("(12.50)", -12.5),
        ("12.50-", -12.5),
        ("-3", -3.0),
        ("1.5E+3", 1500.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12 apples", "1.2.3,4,5", "", "(12"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_the_rows_decimal_comma_settles_ambiguous_numbers() -> None:
    assert decimal_separator(["1.000", "12.345,67"]) == ","
    assert decimal_separator(["500.00"]) == "."
    assert decimal_separator(["1,000"]) is None
    assert parse_number("1.000", decimal=",") == 1000.0
    assert parse_number("1.000") == 1.0
    rec = record({"Supplier": "Muster GmbH", "Qty": "1.000", "Amount": "12.345,67"})
    assert rec.goods[0].quantity == 1000.0
    assert rec.goods[0].value == 12345.67


def test_normalise_date() -> None:
    assert normalise_date("2025-09-15") == "2025-09-15"
    assert normalise_date("2025-09-15 00:00:00") == "2025-09-15"
    assert normalise_date("15.09.2025") == "2025-09-15"
    assert normalise_date("2025/09/15") == "2025-09-15"
    assert normalise_date("20250915") == "2025-09-15"
    assert normalise_date("2025年9月15日") == "2025-09-15"
    assert normalise_date("15-Sep-2025") == "2025-09-15"
    assert normalise_date("Sep 15, 2025") == "2025-09-15"
    assert normalise_date("15/09/2025") == "2025-09-15"
    assert normalise_date("09/15/2025") == "2025-09-15"
    assert normalise_date("01/02/2025") == "01/02/2025"  # either order: left as written
    assert normalise_date("31.02.2025") == "31.02.2025"  # not a date: left as written
    # A header that declares the order settles the ambiguous ones, and only those.
    assert normalise_date("01/02/2025", month_first=True) == "2025-01-02"
    assert normalise_date("01/02/2025", month_first=False) == "2025-02-01"
    assert normalise_date("15/09/2025", month_first=True) == "2025-09-15"


def test_a_header_date_format_settles_the_record_date() -> None:
    rec = record({"Invoice Date (MM/DD/YYYY)": "01/02/2025", "Buyer": "B"})
    assert rec.date == "2025-01-02"


# --- Dates of birth and nationality -------------------------------------------------------------

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1975-03-12", "1975-03-12"),
        ("1975/03/12", "1975-03-12"),
        ("19750312", "1975-03-12"),
        ("1975-03-12 00:00:00", "1975-03-12"),
        ("1975-03-12T00:00:00Z", "1975-03-12"),
        ("12.03.1975", "1975-03-12"),
        ("12.03.1975 г.", "1975-03-12"),
        ("12/03/1975", "1975-03-12"),  # ambiguous: day first
        ("25/12/1975", "1975-12-25"),
        ("12/25/1975", "1975-12-25"),  # 25 cannot be a month
        ("12-03-1975", "1975-03-12"),
        ("12 Mar 1975", "1975-03-12"),
        ("12-MAR-1975", "1975-03-12"),
        ("12th March 1975", "1975-03-12"),
        ("March 12, 1975", "1975-03-12"),
        ("Sept 5 1975", "1975-09-05"),
        ("12 марта 1975 г.", "1975-03-12"),
        ("3 мая 1975", "1975-05-03"),
        ("1975年3月12日", "1975-03-12"),
        ("1975年3月", "1975-03"),
        ("1975-03", "1975-03"),
        ("03/1975", "1975-03"),
        ("03.1975", "1975-03"),
        ("Mar 1975", "1975-03"),
        ("март 1975", "1975-03"),
        ("1975", "1975"),
        ("1975 г.", "1975"),
        ("1975年", "1975"),
        ("circa 1975", "1975"),
        ("ca. 1975", "1975"),
        ("около 1975", "1975"),
        ("00.00.1975", "1975"),  # unknown day and month
        ("00.03.1975", "1975-03"),
        ("XX/XX/1975", "1975"),
        ("dd/mm/1968", "1968"),  # the UK list's way of writing an unknown day and month
        ("12.03.75", "1975-03-12"),  # two-digit year: the latest century not in the future
        ("12.03.05", "2005-03-12"),
        ("27465", "1975-03-12"),  # a spreadsheet date serial
        ("27465.0", "1975-03-12"),
    ],
)
def test_parse_birth_date(text: str, iso: str) -> None:
    assert parse_birth_date(text, today=TODAY) == iso


def test_parse_birth_date_month_first_only_where_the_order_is_open() -> None:
    assert parse_birth_date("03/04/1975", month_first=True, today=TODAY) == "1975-03-04"
    assert parse_birth_date("03/04/1975", month_first=False, today=TODAY) == "1975-04-03"
    assert parse_birth_date("25/04/1975", month_first=True, today=TODAY) == "1975-04-25"
    assert parse_birth_date("1975-03-04", month_first=True, today=TODAY) == "1975-03-04"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31.02.1975", "no day 31"),
        ("13/13/1975", "no month 13"),
        ("1975-13", "no month 13"),
        ("12 Foo 1975", "not a month"),
        ("1875", "before 1900"),
        ("2030-01-01", "future"),
        ("2025-06-02", "future"),
        ("unknown", "not a date"),
        ("12/03", "not a date"),
        ("05", "not a date"),
    ],
)
def test_parse_birth_date_rejects_what_is_not_a_date_of_birth(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_birth_date(text, today=TODAY)


def test_date_order_reads_the_order_dates_show() -> None:
    assert date_order(["25/12/1975"]) is False
    assert date_order(["12/25/1975", "03/04/1975"]) is True
    assert date_order(["03/04/1975", "1975-12-25", ""]) is None
    assert date_order(["25/12/1975", "12/25/1975"]) is None  # they disagree: no evidence


def test_parties_carry_their_date_of_birth_as_iso() -> None:
    rec = record(
        {
            "Payer": "Ivan Petrov",
            "Payer DOB": "02.04.1957",
            "Beneficiary": "Khalid Al-Hamdi",
            "Beneficiary Date of Birth": "circa 1970",
            "Beneficiary Bank": "Example Bank",
        }
    )
    payer, beneficiary, bank = rec.parties
    assert payer.birth_date == "1957-04-02"
    assert beneficiary.birth_date == "1970"
    assert bank.birth_date is None


def test_an_ambiguous_date_of_birth_is_day_first_unless_the_file_says_otherwise() -> None:
    cells = {"Beneficiary": "B", "DOB": "03/04/1975"}
    assert record(cells).parties[0].birth_date == "1975-04-03"
    declared = {"Beneficiary": "B", "DOB (MM/DD/YYYY)": "03/04/1975"}
    assert record(declared).parties[0].birth_date == "1975-03-04"
    # Another date of the row written month first (day 25) shows the file's order.
    us_row = {"Date": "12/25/2024", "Beneficiary": "B", "DOB": "03/04/1975"}
    assert record(us_row).parties[0].birth_date == "1975-03-04"
    eu_row = {"Date": "25/12/2024", "Beneficiary": "B", "DOB": "03/04/1975"}
    assert record(eu_row).parties[0].birth_date == "1975-04-03"


@pytest.mark.parametrize("text", ["31.02.1975", "not known", "2199-01-01", "12/13/14/15"])
def test_a_bad_date_of_birth_names_file_row_and_column(text: str) -> None:
    with pytest.raises(InputDataError) as caught:
        record({"Beneficiary": "B", "Beneficiary DOB": text}, row=6)
    error = caught.value
    assert (error.file, error.row, error.field) == ("in.csv", 6, "Beneficiary DOB")
    assert "not a date of birth" in error.message and text in error.message
    assert "1975-03-12" in (error.hint or "")


def test_a_blank_date_of_birth_is_no_date() -> None:
    assert record({"Beneficiary": "B", "DOB": "N/A"}).parties[0].birth_date is None


def test_nationality_is_the_partys_country_only_when_it_has_none() -> None:
    rec = record(
        {
            "Payer": "Ivan Petrov",
            "Payer Citizenship": "Russian",
            "Beneficiary": "Khalid Al-Hamdi",
            "Beneficiary Country": "UAE",
            "Beneficiary Nationality": "Yemeni",
        }
    )
    payer, beneficiary = rec.parties
    assert (payer.country, payer.country_raw) == ("RU", "Russian")
    assert (beneficiary.country, beneficiary.country_raw) == ("AE", "UAE")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("гражданин РФ", "RU"),
        ("中国籍", "CN"),
        ("KZ; RU", "KZ"),
        ("Kyrgyz", "KG"),
        ("Narnian", None),
    ],
)
def test_nationality_cells_as_exports_write_them(text: str, code: str | None) -> None:
    party = record({"Beneficiary": "B", "Beneficiary Nationality": text}).parties[0]
    assert party.country == code
    assert party.country_raw == (text if code else None)


def test_a_bare_country_column_comes_before_a_nationality() -> None:
    rec = record({"Buyer": "B", "Buyer Nationality": "Russian", "Country": "Kazakhstan"})
    assert rec.parties[0].country == "KZ"


def test_parties_countries_alternate_names_and_identifiers() -> None:
    rec = record(
        {
            "EXPORTER_NAME": "ТОО Пример",
            "EXPORTER_NAME_EN": "Primer LLP",
            "EXPORTER_CODE": "221240025169",
            "EXPORTER_ADDRESS": "Шымкент, ул. Примерная 1",
            "EXPORTER_ADDRESS_EN": "Shymkent, Primernaya st 1",
            "BUYER_NAME": "OOO Example",
            "BUYER_COUNTRY": "Россия",
            "BUYER INN": "7707083893",
            "HS_CODE": "8542310000",
        }
    )
    seller, buyer = rec.parties
    assert seller.role == "seller"
    assert seller.names == ("ТОО Пример", "Primer LLP")
    assert seller.address == "Шымкент, ул. Примерная 1"  # the transliteration is not appended
    # A 12-digit Kazakh BIN fails the INN check digits: it is a registration number.
    assert seller.identifiers == (Identifier("reg", "221240025169"),)
    assert (buyer.role, buyer.country, buyer.country_raw) == ("buyer", "RU", "Россия")
    assert buyer.identifiers == (Identifier("inn", "7707083893"),)


def test_an_unrecognised_country_is_kept_raw() -> None:
    rec = record({"Buyer": "Example LLC", "Buyer Country": "Narnia", "HS": "8542"})
    assert (rec.parties[0].country, rec.parties[0].country_raw) == (None, "Narnia")


def test_null_cells_are_empty_and_nameless_parties_are_dropped() -> None:
    rec = record(
        {"Buyer": "NULL", "Buyer Country": "China", "Seller": "Example Ltd", "HS Code": "N/A"}
    )
    assert [p.role for p in rec.parties] == ["seller"]
    assert rec.goods == ()


@pytest.mark.parametrize(
    ("consignee", "expected"),
    [
        ("TO THE ORDER OF", None),
        ("TO ORDER", None),
        ("to order of shipper", None),
        ("SAME AS CONSIGNEE", None),
        ("TO THE ORDER OF EXAMPLE BANK PLC", "EXAMPLE BANK PLC"),
        ("Ordered Goods Ltd", "Ordered Goods Ltd"),
    ],
)
def test_to_order_consignees_are_not_parties(consignee: str, expected: str | None) -> None:
    rec = record({"CONSIGNEE NAME": consignee, "HS CODE": "6907"})
    names = [p.name for p in rec.parties if p.role == "consignee"]
    assert names == ([expected] if expected else [])
    assert rec.raw["CONSIGNEE NAME"] == consignee


def test_banks_with_only_a_bic_are_named_by_it() -> None:
    rec = record(
        {
            "Ordering Customer": "Example Corp",
            "Beneficiary": "Other Corp",
            "Beneficiary Bank BIC": "banz be bb",
            "Intermediary Bank": "Example Correspondent Bank",
            "Intermediary Bank SWIFT": "BANCUS33XXX",
            "Amount": "USD 1,009,858.99",
        }
    )
    banks = {p.role: p for p in rec.parties if p.role.endswith("bank")}
    assert banks["beneficiary_bank"].name == "BANZBEBB"
    assert banks["beneficiary_bank"].identifiers == (Identifier("bic", "BANZBEBB"),)
    assert banks["intermediary_bank"].name == "Example Correspondent Bank"
    assert banks["intermediary_bank"].identifiers == (Identifier("bic", "BANCUS33XXX"),)
    assert (rec.payment.amount, rec.payment.currency) == (1009858.99, "USD")


def test_bare_country_goes_to_the_first_party_without_one_and_to_the_destination() -> None:
    rec = record({"Seller": "S Ltd", "Buyer": "B LLC", "COUNTRY": "UNITED STATES", "HS": "6907"})
    buyer = rec.parties_in("buyer")[0]
    assert (buyer.country, buyer.country_raw) == ("US", "UNITED STATES")
    assert rec.parties_in("seller")[0].country is None
    assert rec.route.destination == "US"
    with_dest = record(
        {"Buyer": "B", "Buyer Country": "Kazakhstan", "Consignee": "C", "COUNTRY": "Russia",
         "Destination Country": "Kyrgyzstan", "HS": "6907"}
    )  # fmt: skip
    assert with_dest.parties_in("consignee")[0].country == "RU"
    assert with_dest.parties_in("buyer")[0].country == "KZ"
    assert with_dest.route.destination == "KG"


def test_one_goods_line_per_hs_code_sharing_the_rest() -> None:
    rec = record(
        {
            "Buyer": "Example LLC",
            "HS Code": "8542.31; 8471.50",
            "Description": "Chips and computers",
            "HS Description": "Electronic integrated circuits",
            "Quantity": "1,000 PCS",
            "Amount": "$12,000.00",
        }
    )
    assert [g.hs_code for g in rec.goods] == ["854231", "847150"]
    assert [g.hs_raw for g in rec.goods] == ["8542.31", "8471.50"]
    for line in rec.goods:
        assert line.description == "Chips and computers"
        assert line.alt_descriptions == ("Electronic integrated circuits",)
        assert (line.quantity, line.unit) == (1000.0, "PCS")
        assert (line.value, line.currency) == (12000.0, "USD")


def test_goods_without_a_code_make_one_line() -> None:
    rec = record({"Buyer": "Example LLC", "Description": "Spare parts", "Value": "10"})
    assert len(rec.goods) == 1
    assert (rec.goods[0].hs_code, rec.goods[0].description) == (None, "Spare parts")


def test_value_currency_comes_from_the_header_then_the_currency_column() -> None:
    rec = record({"Seller": "S", "FOB USD": "100", "CURRENCY": "EUR", "HS": "8542"})
    assert (rec.goods[0].value, rec.goods[0].currency) == (100.0, "USD")
    invoice = record({"Seller": "S", "Invoice Value": "5", "Валюта": "руб.", "HS": "8542"})
    assert invoice.goods[0].currency == "RUB"
    assert invoice.payment.currency == "RUB"  # the payment currency falls back to the goods'


def test_quantity_pairs_with_the_unit_column_of_the_same_position() -> None:
    rec = record(
        {"Seller": "S", "QUANTITY": "", "UNIT": "", "STD QUANTITY": "270000", "STD UNIT": "KGS"}
    )
    assert (rec.goods[0].quantity, rec.goods[0].unit) == (270000.0, "KGS")


@pytest.mark.parametrize(
    ("column", "text"),
    [("Quantity", "lots"), ("Amount", "about 100"), ("Amount", "100 bananas"), ("HS", "85A2")],
)
def test_bad_cells_name_file_row_and_column(column: str, text: str) -> None:
    with pytest.raises(InputDataError) as caught:
        record({"Buyer": "B", column: text}, row=9)
    assert (caught.value.file, caught.value.row, caught.value.field) == ("in.csv", 9, column)


def test_route_transit_lists_and_port() -> None:
    rec = record(
        {
            "Seller": "S",
            "Country of Origin": "China",
            "Transit": "Kazakhstan / Kyrgyzstan",
            "Transit 2": "KZ; AM",
            "Destination": "Россия",
            "Final Destination": "Belarus",
            "Port of Discharge": "Novorossiysk",
            "HS": "8542",
        }
    )
    assert rec.route.origin == "CN"
    assert rec.route.transit == ("KZ", "KG", "AM")
    assert (rec.route.destination, rec.route.final_destination) == ("RU", "BY")
    assert rec.route.port_of_discharge == "Novorossiysk"


def test_reference_date_remarks_and_raw() -> None:
    cells = {
        "Invoice No": "INV-1",
        "Invoice Date": "15.09.2025",
        "Buyer": "B",
        "Remarks": "for military end use",
        "Notes": "NULL",
        "Payment Details": "prepayment",
    }
    rec = record(cells, row=12)
    assert (rec.source, rec.row) == ("in.csv", 12)
    assert (rec.reference, rec.date) == ("INV-1", "2025-09-15")
    assert rec.remarks == ("for military end use", "prepayment")
    assert rec.raw == cells


def test_combined_name_and_address_cells_split_at_the_first_line() -> None:
    rec = record({"Beneficiary Name and Address": "Example GmbH\nHauptstr. 1\nBerlin"})
    party = rec.parties[0]
    assert (party.name, party.address) == ("Example GmbH", "Hauptstr. 1, Berlin")


def test_a_raw_row_with_an_error_raises_it() -> None:
    error = InputDataError("ragged", file="in.csv", row=4)
    columns = recognise(["Buyer"], require=False)
    with pytest.raises(InputDataError) as caught:
        build_record("in.csv", RawRow(4, {"Buyer": "B"}, error), columns)
    assert caught.value is error
    ok = build_record("in.csv", RawRow(5, {"Buyer": "B"}), columns)
    assert ok.row == 5


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("7707083893", "inn"),  # a real-format 10-digit INN with valid check digit
        ("500100732259", "inn"),  # a 12-digit INN with valid check digits
        ("1027700132195", "ogrn"),
        ("91350100M000100Y43", "uscc"),
        ("5493001KJTIIGC8Y1R12", "lei"),
        ("7707083890", "reg"),  # wrong INN check digit
        ("901932651", "reg"),
    ],
)
def test_identifier_kinds_are_guessed_with_check_digits(value: str, kind: str) -> None:
    assert guess_identifier_kind(value) == kind


def test_real_trade_sample_records() -> None:
    path = TRADE / "kazakhstan_export_declarations_sample.xlsx"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    from screener.readers import open_table

    with open_table(str(path)) as table:
        columns = recognise(table.headers, source=table.source)
        records = [build_record(table.source, raw, columns) for raw in table.rows]
    assert len(records) == 2
    first = records[0]
    seller = first.parties_in("seller")[0]
    assert len(seller.alt_names) == 1  # the _EN transliteration
    assert first.goods and all(g.hs_code and len(g.hs_code) == 10 for g in first.goods)
    assert first.route.origin == "KZ"
    assert first.date is not None and first.date.startswith("2025-")


# --- Reuse across rows: a file's plan keeps parties, goods and routes it has read ---------------


def records_of(rows: list[dict[str, str]]) -> list[Record]:
    """Rows of one file: one column map, as screen.py reads a table."""
    columns = recognise(list(rows[0]), require=False)
    return [build_record("in.csv", (i + 2, cells), columns) for i, cells in enumerate(rows)]


def test_rows_with_the_same_party_cells_share_one_party() -> None:
    rows = [
        {"Buyer": "Acme GmbH", "Buyer Country": "Germany", "Amount": "1"},
        {"Buyer": "Acme GmbH", "Buyer Country": "Germany", "Amount": "2"},
        {"Buyer": "Acme GmbH", "Buyer Country": "France", "Amount": "3"},
    ]
    first, second, third = (r.parties[0] for r in records_of(rows))
    assert second is first
    assert (third.name, third.country) == ("Acme GmbH", "FR")


def test_a_reused_party_is_as_each_row_alone_would_read_it() -> None:
    rows = [
        {"Buyer": "TO ORDER", "Buyer INN": "7707083893", "Country": "Russia"},
        {"Buyer": "Titan LLC", "Buyer INN": "7707083893", "Country": "Kazakhstan"},
        {"Buyer": "TO ORDER", "Buyer INN": "7707083893", "Country": "Russia"},
        {"Buyer": "Titan LLC", "Buyer INN": "7707083893", "Country": "Kazakhstan"},
    ]
    together = records_of(rows)
    alone = [records_of([row])[0] for row in rows]
    assert [r.parties for r in together] == [r.parties for r in alone]
    assert together[1].parties[0].country == "KZ"  # the bare COUNTRY column, row by row


def test_a_date_of_birth_reads_by_each_rows_own_dates() -> None:
    # The same DOB cell, in rows whose invoice dates show opposite day/month orders.
    rows = [
        {"Beneficiary": "Ivan Petrov", "Beneficiary DOB": "03/04/1975", "Date": "25/12/2024"},
        {"Beneficiary": "Ivan Petrov", "Beneficiary DOB": "03/04/1975", "Date": "12/25/2024"},
    ]
    day_first, month_first = records_of(rows)
    assert day_first.parties[0].birth_date == "1975-04-03"
    assert month_first.parties[0].birth_date == "1975-03-04"


def test_reused_goods_read_by_each_rows_decimal_separator() -> None:
    # "1.000" is a thousand where the row writes "1,5" and one where it writes "1.5".
    rows = [
        {"Description": "Bearings", "Quantity": "1.000", "Amount": "1,5"},
        {"Description": "Bearings", "Quantity": "1.000", "Amount": "1.5"},
        {"Description": "Bearings", "Quantity": "1.000", "Amount": "1,5"},
    ]
    first, second, third = records_of(rows)
    assert [g.quantity for g in (*first.goods, *second.goods)] == [1000.0, 1.0]
    assert third.goods is first.goods


def test_goods_without_numbers_are_reused_whatever_the_rows_decimal_separator() -> None:
    # The lines read no number, so how the row writes its amount does not change them.
    rows = [
        {"Payer Name": "A", "Description": "Bearings", "HS Code": "8482.10", "Amount": "1,5"},
        {"Payer Name": "A", "Description": "Bearings", "HS Code": "8482.10", "Amount": "1.5"},
    ]
    first, second = records_of(rows)
    assert second.goods is first.goods
    assert (first.payment.amount, second.payment.amount) == (1.5, 1.5)


def test_an_ambiguous_amount_reads_by_the_rows_other_numbers() -> None:
    rows = [
        {"Payer Name": "A", "Description": "Bearings", "Quantity": "2,5", "Amount": "1.000"},
        {"Payer Name": "A", "Description": "Bearings", "Quantity": "2.5", "Amount": "1.000"},
        {"Payer Name": "A", "Description": "Bearings", "Quantity": "2", "Amount": "1.000"},
        {"Payer Name": "A", "Description": "Bearings", "Quantity": "2", "Amount": "1000"},
    ]
    amounts = [r.payment.amount for r in records_of(rows)]
    assert amounts == [1000.0, 1.0, 1.0, 1000.0]


def test_reused_route_takes_the_bare_country_of_each_row() -> None:
    rows = [
        {"Buyer": "A", "Transit": "Kazakhstan", "Country": "Russia"},
        {"Buyer": "B", "Transit": "Kazakhstan", "Country": "Armenia"},
    ]
    first, second = records_of(rows)
    assert first.route.transit == second.route.transit == ("KZ",)
    assert (first.route.destination, second.route.destination) == ("RU", "AM")


def test_a_bad_cell_raises_in_every_row_that_has_it() -> None:
    columns = recognise(["Buyer", "HS Code"], require=False)
    for row in (2, 3):
        with pytest.raises(InputDataError) as caught:
            build_record("in.csv", (row, {"Buyer": "A", "HS Code": "85A2"}), columns)
        assert (caught.value.row, caught.value.field) == (row, "HS Code")


def test_the_party_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from screener import records

    monkeypatch.setattr(records, "PARTY_MEMO_SIZE", 2)
    columns = recognise(["Buyer", "Seller"], require=False)
    names = ["A", "B", "C", "A", "D", "B"]
    built = [
        build_record("in.csv", (i + 2, {"Buyer": n, "Seller": "S"}), columns)
        for i, n in enumerate(names)
    ]
    assert [r.parties_in("buyer")[0].name for r in built] == names
    plan = columns.derived(records._Plan)
    assert sum(len(role.parties) for role in plan.roles) == plan.parties_kept <= 2


def _fresh(cells: dict[str, str], row: int = 2) -> Record:
    """The row's record from a plan of its own, with nothing kept from earlier rows."""
    columns = recognise(list(cells), require=False)
    return build_record("in.csv", (row, cells), columns)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("18400.00", "USD"),
        (" 4000 ", "eur"),
        ("1.234", "USD"),  # one group of three: read by the row's convention, not at once
        ("1,234.50", "Euro"),
        ("USD 1,234.50", ""),
        ("(12)", "NULL"),
        ("NULL", "USD"),
        ("", "RUB"),
        ("12-", "  rub  "),
    ],
)
def test_kept_readings_give_what_a_fresh_plan_gives(amount: str, currency: str) -> None:
    # The payment's amount, its currency, the date and the reference are read at once (or taken
    # from what the plan kept for an equal cell): rows after the first read as a first row does.
    rows = [
        {"Invoice": "INV-1", "Date": "03/04/2025", "Payer Name": "A", "Amount": "1", "Currency": c}
        for c in ("USD", "EUR", currency)
    ]
    rows.append({"Invoice": " INV  2 ", "Date": "25/12/2025", "Payer Name": "A",
                 "Amount": amount, "Currency": currency})
    rows.append({"Invoice": "N/A", "Date": "03/04/2025", "Payer Name": "A",
                 "Amount": amount, "Currency": currency})
    kept = records_of(rows)
    assert kept == [_fresh(cells, row=i + 2) for i, cells in enumerate(rows)]
    assert kept[3].reference == "INV 2"
    assert kept[4].reference is None


def test_a_date_column_that_declares_its_order_is_read_so_when_kept() -> None:
    columns = recognise(["Invoice Date (MM/DD/YYYY)", "Buyer"], require=False)
    dates = [
        build_record("in.csv", (i + 2, {"Invoice Date (MM/DD/YYYY)": "03/04/2025", "Buyer": "B"}),
                     columns).date
        for i in range(2)
    ]
    assert dates == ["2025-03-04", "2025-03-04"]


def test_a_row_lacking_a_column_reads_it_as_empty() -> None:
    # The memo keys gather a row's cells at once; a mapping without one of the file's columns
    # (a caller's own rows) reads as if the cell were empty, before and after a full row.
    full = {"Buyer": "B", "Buyer Country": "Russia", "Transit": "Kazakhstan", "HS Code": "8542",
            "Description": "chips", "Amount": "10", "Currency": "USD"}
    columns = recognise(list(full), require=False)
    rows = [full, {"Buyer": "B", "HS Code": "8542"}, full, {}]
    built = [build_record("in.csv", (i + 2, cells), columns) for i, cells in enumerate(rows)]
    expected = [
        build_record("in.csv", (i + 2, {h: cells.get(h, "") for h in full}),
                     recognise(list(full), require=False))
        for i, cells in enumerate(rows)
    ]
    assert [(r.parties, r.goods, r.route, r.payment) for r in built] == [
        (r.parties, r.goods, r.route, r.payment) for r in expected
    ]


def test_plain_numbers_are_told_as_the_regexes_tell_them() -> None:
    # records._plain stands for `_PLAIN.fullmatch(s) and not _ONE_GROUP.fullmatch(s)`.
    import itertools
    import random

    from screener import records

    def by_regex(text: str) -> bool:
        return bool(records._PLAIN.fullmatch(text)) and not records._ONE_GROUP.fullmatch(text)

    alphabet = ["0", "1", "7", "9", ".", ",", "٣", "²", " ", "-", "e", "\n"]
    texts = ["", "18400.00", "4000", "1.234", "012.345", "1234.567", "12.", ".5", "1.2.3"]
    texts += ["".join(p) for n in range(1, 5) for p in itertools.product(alphabet, repeat=n)]
    rng = random.Random(6)
    texts += ["".join(rng.choices(alphabet, k=rng.randint(5, 9))) for _ in range(20_000)]
    for text in texts:
        assert records._plain(text) is by_regex(text), repr(text)
