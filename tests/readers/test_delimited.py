"""Tests for screener.readers.delimited: delimiter sniffing and CSV reading details."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.readers import open_table
from screener.readers.delimited import sniff_delimiter


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n4;5,5;6\n", ";"),  # decimal commas do not fool it
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('name,desc\n"Smith; Jones","a|b"\n', ","),  # delimiters inside quotes do not count
        ("Report title\nGenerated today\na;b;c\n1;2;3\n4;5;6\n", ";"),
        ("single\nvalue\n", ","),
        ('a,b\n"multi\nline;;;;",2\n', ","),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_cr_only_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Buyer,HS Code\rExample,8542\rOther,8471\r")
    with open_table(str(path)) as table:
        data = list(table.rows)
    assert [(r.row, r.cells["Buyer"]) for r in data] == [(2, "Example"), (3, "Other")]


def test_crlf_and_empty_header_cells(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"Buyer,,HS Code,Buyer,,\r\nA,x,8542,B,,\r\n")
    with open_table(str(path)) as table:
        assert table.headers == ("Buyer", "column 2", "HS Code", "Buyer (2)")
        row = next(table.rows)
    assert row.cells == {"Buyer": "A", "column 2": "x", "HS Code": "8542", "Buyer (2)": "B"}
    assert row.error is None


def test_the_usual_row_is_the_raw_row_its_class_would_make() -> None:
    # raw_row builds a row without an error by setting RawRow's slots directly.
    import dataclasses

    from screener.readers.delimited import raw_row
    from screener.readers.table import RawRow

    made = raw_row("in.csv", ("A", "B"), 7, ["1", "2"])
    expected = RawRow(7, {"A": "1", "B": "2"})
    assert type(made) is RawRow and made == expected and made.error is None
    assert [getattr(made, f.name) for f in dataclasses.fields(RawRow)] == [7, expected.cells, None]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.row = 8  # type: ignore[misc]
    short = raw_row("in.csv", ("A", "B"), 8, ["1"])
    assert short.cells == {"A": "1", "B": ""} and short.error is not None
