"""Tests for screener.readers.xlsx: worksheets, header detection, cell rendering, errors."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from screener.errors import InputDataError, UsageError
from screener.readers import open_table

TRADE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trade"
OFSI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "lists" / "uk"


def make_workbook(path: Path) -> Path:
    """A ledger with a title above the header, like vendor exports, and a second sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ledger"
    ws["B2"] = "Sales ledger"
    ws.append([])
    ws.append(["Invoice No", "Date", "Customer", "Customer Country", "HS Code", "Amount"])
    ws.append(["INV-1", dt.datetime(2025, 1, 31), "Example LLC", "Kazakhstan", 854231.0, 1234.5])
    ws.append([])
    ws.append(["INV-2", dt.date(2025, 2, 1), "Other OOO", "Russia", 30490, 10])
    ws["E7"].number_format = "000000"
    ws.append(["INV-3", "2025-02-02", "Third LLC", "China", "8471.50", None, None, "stray"])
    other = wb.create_sheet("Payments")
    other.append(["Beneficiary", "Amount"])
    other.append(["Example Corp", 5])
    wb.save(path)
    return path


def test_header_under_a_title_and_cells_as_text(tmp_path: Path) -> None:
    table = open_table(str(make_workbook(tmp_path / "ledger.xlsx")))
    assert (table.format, table.encoding, table.sheet) == ("xlsx", None, "Ledger")
    assert table.header_row == 4
    assert table.headers == (
        "Invoice No",
        "Date",
        "Customer",
        "Customer Country",
        "HS Code",
        "Amount",
    )
    with table:
        data = list(table.rows)
    assert [r.row for r in data] == [5, 7, 8]
    first, second, third = data
    assert first.cells["HS Code"] == "854231"  # not "854231.0"
    assert first.cells["Date"] == "2025-01-31"
    assert first.cells["Amount"] == "1234.5"
    assert second.cells["HS Code"] == "030490"  # the zero-padded number format is kept
    assert second.cells["Date"] == "2025-02-01"
    assert third.cells["Amount"] == ""
    assert third.error is not None and third.error.row == 8 and third.error.field == "column H"
    assert table.stats.blank_rows == 1


@pytest.mark.parametrize("sheet", ["Payments", "payments", "2"])
def test_sheet_by_name_or_number(tmp_path: Path, sheet: str) -> None:
    table = open_table(str(make_workbook(tmp_path / "ledger.xlsx")), sheet=sheet)
    assert table.sheet == "Payments"
    with table:
        assert [r.cells["Beneficiary"] for r in table.rows] == ["Example Corp"]


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        open_table(str(make_workbook(tmp_path / "ledger.xlsx")), sheet="Invoices")
    assert "'Ledger'" in (caught.value.hint or "") and "'Payments'" in (caught.value.hint or "")


def test_hidden_first_sheet_is_passed_over(tmp_path: Path) -> None:
    wb = Workbook()
    lookup = wb.active
    assert lookup is not None
    lookup.title = "Lists"
    lookup.append(["Countries"])
    lookup.sheet_state = "hidden"
    data = wb.create_sheet("Data")
    data.append(["Buyer", "HS"])
    data.append(["Example", "8542"])
    wb.save(tmp_path / "hidden.xlsx")
    assert open_table(str(tmp_path / "hidden.xlsx")).sheet == "Data"


def test_header_only_and_empty_sheets_have_no_data_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Buyer", "HS Code"])
    wb.create_sheet("Empty")
    wb.save(tmp_path / "header_only.xlsx")
    with pytest.raises(InputDataError) as caught:
        open_table(str(tmp_path / "header_only.xlsx"))
    assert "no data rows" in caught.value.message
    with pytest.raises(InputDataError) as caught:
        open_table(str(tmp_path / "header_only.xlsx"), sheet="Empty")
    assert "no data rows" in caught.value.message


def test_a_broken_workbook_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert caught.value.file == str(path)
    text = tmp_path / "text.xlsx"
    text.write_text("Buyer,HS\nA,8542\n", encoding="utf-8")
    with pytest.raises(InputDataError):
        open_table(str(text))


def test_xlsx_on_stdin_and_without_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workbook(tmp_path / "ledger.xlsx")

    class FakeStdin:
        buffer = io.BytesIO(path.read_bytes())

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    table = open_table("-")
    assert (table.format, table.source, table.header_row) == ("xlsx", "<stdin>", 4)
    plain = tmp_path / "ledger.bin"
    plain.write_bytes(path.read_bytes())
    assert open_table(str(plain)).format == "xlsx"


# The trade samples: row 1 empty, row 2 "DATA", rows 3-5 stored as nothing (a logo sits there),
# header on sheet row 6 -- the third stored row, which the samples' README calls "row 3".
@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("india_export_shipping_bills_sample.xlsx", 16),
        ("kazakhstan_export_declarations_sample.xlsx", 2),
        ("brazil_import_bill_of_lading_sample.xlsx", 2),
        ("colombia_export_declarations_sample.xlsx", 2),
    ],
)
def test_real_trade_samples(name: str, count: int) -> None:
    path = TRADE / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    table = open_table(str(path))
    assert table.header_row == 6
    assert "HS_CODE" in table.headers or "HS CODE" in table.headers
    with table:
        data = list(table.rows)
    assert len(data) == count
    assert data[0].row == table.header_row + 1
    assert all(r.error is None for r in data)
    assert "DATA" not in table.headers


def test_real_ofsi_list_has_its_header_under_last_updated() -> None:
    books = sorted(OFSI.glob("*/ConList.xlsx")) if OFSI.exists() else []
    if not books:
        pytest.skip("the OFSI consolidated list is not available")
    with open_table(str(books[0])) as table:
        assert table.header_row == 2
        assert table.headers[0] == "Name 6"
        assert next(table.rows).row == 3


def test_column_letters_follow_the_spreadsheet_scheme() -> None:
    from screener.readers.xlsx import get_column_letter

    assert [get_column_letter(i) for i in (1, 26, 27, 52, 703, 16384)] == [
        "A", "Z", "AA", "AZ", "AAA", "XFD"]
