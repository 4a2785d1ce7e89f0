"""Tests for screener.readers.header: finding the header row and naming columns."""

from __future__ import annotations

from screener.readers.header import choose_header, is_blank_row, make_headers


def test_choose_header_takes_the_best_recognised_row() -> None:
    rows = [
        ["DATA", "", ""],
        ["Invoice", "Buyer", "HS Code"],
        ["INV-1", "Example LLC", "8542.31"],
    ]
    assert choose_header(rows) == 1


def test_choose_header_without_recognised_words_takes_the_first_wide_row() -> None:
    rows = [
        ["Last Updated", "10/04/2025", "", ""],
        ["Foo", "Bar", "Baz", "Qux"],
        ["1", "2", "3", "4"],
    ]
    assert choose_header(rows) == 1
    assert choose_header([["Foo"], ["1"]]) == 0
    assert choose_header([]) == 0


def test_make_headers() -> None:
    headers = make_headers(
        ["  Buyer\nName ", "", "HS", "buyer name", "HS", "", ""], lambda i: f"c{i}"
    )
    assert headers == ("Buyer Name", "c1", "HS", "buyer name (2)", "HS (2)")


def test_is_blank_row() -> None:
    assert is_blank_row(["", "  ", "\t"])
    assert is_blank_row([])
    assert not is_blank_row(["", "x"])


def test_is_blank_row_sees_any_visible_character() -> None:
    assert is_blank_row(["\u00a0", "\u2003", "\r\n"])  # no-break and em spaces are blank too
    assert not is_blank_row(["  ", "", " -"])
    assert not is_blank_row(["x", ""])
