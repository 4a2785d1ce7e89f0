"""Tests for screener.readers.open_table: formats, encodings, stdin and input errors."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest

from screener.errors import InputDataError, UsageError
from screener.readers import RawRow, Table, open_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"


def rows(table: Table) -> list[RawRow]:
    with table:
        return list(table.rows)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.csv", "utf-8"),
        ("utf8_bom.csv", "utf-8-sig"),
        ("utf16le_bom.csv", "utf-16-le"),
        ("utf16be_bom.csv", "utf-16-be"),
    ],
)
def test_unicode_encodings_give_the_same_table(name: str, encoding: str) -> None:
    table = open_table(str(FIXTURES / name))
    assert table.encoding == encoding
    assert table.format == "csv"
    assert table.headers[0] == "Buyer"  # no BOM left in the first header
    data = rows(table)
    assert [r.row for r in data] == [2, 3]
    assert data[0].cells["Buyer"] == "АО Ромашка"
    assert data[0].cells["Value"] == "1,234.50"
    assert all(r.error is None for r in data)


def test_utf16_without_bom_is_found_by_its_nul_bytes() -> None:
    table = open_table(str(FIXTURES / "utf16le_nobom.csv"))
    assert table.encoding == "utf-16-le"
    assert rows(table)[1].cells["Buyer Country"] == "UAE"


def test_windows_1251_russian_semicolon_file() -> None:
    table = open_table(str(FIXTURES / "cp1251.csv"))
    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert table.headers[:2] == ("Покупатель", "Страна покупателя")
    first = rows(table)[0]
    assert first.cells["Покупатель"] == 'ООО "Ромашка"'
    assert first.cells["Сумма"] == "12 345,67"


def test_gb18030_chinese_file() -> None:
    table = open_table(str(FIXTURES / "gb18030.csv"))
    assert table.encoding == "gb18030"
    assert table.headers[:4] == ("买方", "买方国家", "海关编码", "品名")
    assert rows(table)[0].cells["品名"] == "集成电路"


def test_given_encoding_overrides_detection() -> None:
    table = open_table(str(FIXTURES / "cp1251.csv"), encoding="cp1251")
    assert table.encoding == "cp1251"
    assert rows(table)[1].cells["Покупатель"] == "ТОО Пример"


def test_a_wrong_given_encoding_is_an_input_error_with_a_hint() -> None:
    with pytest.raises(InputDataError) as caught:
        open_table(str(FIXTURES / "cp1251.csv"), encoding="utf-8")
    assert caught.value.field == "encoding"
    assert caught.value.row == 1
    assert "--encoding" in (caught.value.hint or "")


def test_an_unknown_encoding_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        open_table(str(FIXTURES / "utf8.csv"), encoding="klingon-8")


@pytest.mark.parametrize(
    ("name", "fmt", "delimiter"),
    [
        ("semicolon.csv", "csv", ";"),
        ("invoices.tsv", "tsv", "\t"),
        ("pipe.txt", "csv", "|"),
    ],
)
def test_delimiters(name: str, fmt: str, delimiter: str) -> None:
    table = open_table(str(FIXTURES / name))
    assert (table.format, table.delimiter) == (fmt, delimiter)
    data = rows(table)
    assert len(data) == 2
    assert all(len(r.cells) == len(table.headers) and r.error is None for r in data)


def test_quoted_fields_with_line_breaks_keep_physical_line_numbers() -> None:
    table = open_table(str(FIXTURES / "multiline.csv"))
    data = rows(table)
    assert [r.row for r in data] == [2, 4, 5]
    assert data[0].cells["Description"] == "Integrated circuits,\nprocessors and controllers"
    assert data[1].cells["Description"] == 'Receivers "GNSS"'


def test_title_rows_are_skipped_and_blank_rows_counted_out() -> None:
    table = open_table(str(FIXTURES / "titled.csv"))
    assert table.header_row == 4
    assert table.headers[0] == "Invoice No"
    data = rows(table)
    assert [r.cells["Invoice No"] for r in data] == ["INV-1", "INV-2"]
    assert [r.row for r in data] == [5, 8]
    assert (table.stats.data_rows, table.stats.blank_rows) == (2, 2)


def test_ragged_rows_are_yielded_with_their_error() -> None:
    data = rows(open_table(str(FIXTURES / "ragged.csv")))
    assert [r.row for r in data] == [2, 3, 4, 5]
    assert data[0].error is None
    short, long, trailing = data[1].error, data[2].error, data[3].error
    assert short is not None and (short.file, short.row, short.field) == (
        str(FIXTURES / "ragged.csv"),
        3,
        "HS Code",
    )
    assert long is not None and long.row == 4 and long.field == "column 4"
    assert trailing is None  # empty trailing cells, as spreadsheets export them, are fine


def test_ragged_rows_keep_one_cell_per_header_in_header_order() -> None:
    data = rows(open_table(str(FIXTURES / "ragged.csv")))
    assert [list(r.cells.items()) for r in data] == [
        [("Buyer", "Example One LLC"), ("Country", "Russia"), ("HS Code", "8542.31")],
        [("Buyer", "Example Two LLC"), ("Country", "China"), ("HS Code", "")],
        [("Buyer", "Example Three LLC"), ("Country", "China"), ("HS Code", "8471.50")],
        [("Buyer", "Example Four LLC"), ("Country", "China"), ("HS Code", "8471.50")],
    ]


def test_json_array_with_nested_objects() -> None:
    table = open_table(str(FIXTURES / "array.json"))
    assert table.format == "json"
    assert "buyer.name" in table.headers and "goods.hs_code" in table.headers
    first, second, third = rows(table)
    assert first.row == 1
    assert first.cells["buyer.country"] == "KG"
    assert first.cells["goods.hs_code"] == "8542.31; 8471.50"
    assert first.cells["amount"] == "1234.50"
    assert first.cells["quantity"] == "854231"
    assert first.cells["note"] == ""
    assert second.cells["extra"] == "late key"
    assert third.error is not None and third.error.row == 3


def test_ndjson_streams_lines_with_their_numbers() -> None:
    table = open_table(str(FIXTURES / "lines.ndjson"))
    assert table.format == "ndjson"
    data = rows(table)
    assert [r.row for r in data] == [1, 3, 4, 5]
    assert data[1].cells["via"] == "KZ; KG"
    assert data[2].error is not None and "not valid JSON" in data[2].error.message
    assert data[3].error is not None and "not an object" in data[3].error.message
    assert table.stats.blank_rows == 1


def test_format_is_sniffed_from_content_without_a_known_extension(tmp_path: Path) -> None:
    for name, target in (("array.json", "json"), ("lines.ndjson", "ndjson"), ("utf8.csv", "csv")):
        copy = tmp_path / f"{name}.data"
        copy.write_bytes((FIXTURES / name).read_bytes())
        assert open_table(str(copy)).format == target


def test_a_json_file_holding_ndjson_is_read_as_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"buyer": "A"}\n{"buyer": "B"}\n', encoding="utf-8")
    table = open_table(str(path))
    assert table.format == "ndjson"
    assert [r.cells["buyer"] for r in rows(table)] == ["A", "B"]


def test_fmt_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert open_table(str(path), fmt="tsv").headers == ("a", "b")
    with pytest.raises(UsageError):
        open_table(str(path), fmt="parquet")


def test_stdin_is_read_from_its_binary_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "cp1251.csv").read_bytes()

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    table = open_table("-")
    assert (table.source, table.encoding, table.format) == ("<stdin>", "cp1251", "csv")
    assert [r.row for r in rows(table)] == [2, 3]


def test_ndjson_on_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(b'{"Buyer": "X", "HS": "8542"}\n{"Buyer": "Y", "HS": "8471"}\n')

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    table = open_table("-")
    assert table.format == "ndjson"
    assert [r.cells["Buyer"] for r in rows(table)] == ["X", "Y"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"Buyer,HS Code\n", "no data rows"),
        (b"Buyer,HS Code\n\n,\n", "no data rows"),
        (b"\n\n\n", "no data rows"),
        (b"[]", "no data rows"),
        (b'[{"a": 1},\n {"a": }]', "not valid JSON"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00garbage", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "legacy Excel"),
    ],
)
def test_unreadable_inputs(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.json" if content.startswith((b"[", b"{")) else tmp_path / "in.dat"
    path.write_bytes(content)
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert caught.value.file == str(path)
    assert message in caught.value.message


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'[{"a": 1},\n {"a": }]')
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert "line 2" in caught.value.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        open_table(str(tmp_path / "nope.csv"))
    assert caught.value.file == str(tmp_path / "nope.csv")
    assert "not found" in caught.value.message
    with pytest.raises(InputDataError):
        open_table(str(tmp_path))


def test_legacy_xls_extension_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"whatever")
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert ".xlsx" in (caught.value.hint or "")


def test_a_bad_byte_after_the_sample_names_its_line(tmp_path: Path) -> None:
    # Detection reads the first 64 KiB only; a stray Windows-1251 byte further down is reported
    # with its line and the "encoding" field, not as a crash or a silently wrong character.
    lines = ["Buyer,HS Code"] + [f"Example {i} LLC,8542.31" for i in range(4000)]
    data = ("\n".join(lines) + "\n").encode("utf-8") + "ООО Ромашка,8542\n".encode("cp1251")
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    table = open_table(str(path))
    assert table.encoding == "utf-8"
    with pytest.raises(InputDataError) as caught:
        rows(table)
    assert (caught.value.row, caught.value.field) == (len(lines) + 1, "encoding")
    assert "--encoding" in (caught.value.hint or "")


def test_rows_are_lazy(tmp_path: Path) -> None:
    lines = ["Buyer,HS Code"] + [f"Example {i} LLC,8542.31" for i in range(10000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = open_table(str(path))
    first = next(table.rows)
    assert first.row == 2
    assert table.stats.data_rows <= 1
    table.close()


def test_utf16_bom_with_given_utf16_encoding(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "Buyer,HS\nА,8542\n".encode("utf-16-le"))
    table = open_table(str(path), encoding="utf-16")
    assert rows(table)[0].cells == {"Buyer": "А", "HS": "8542"}
