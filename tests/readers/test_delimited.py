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
