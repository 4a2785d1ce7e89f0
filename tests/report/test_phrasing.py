"""Tests for the human phrasings shared by the table, CSV and summary."""

from __future__ import annotations

import pytest

from screener.model import Reason, Report
from screener.report.phrasing import number, party_hit_line, printable, reason_line, signed


@pytest.mark.parametrize(
    ("value", "text"),
    [(97.0, "97"), (97.4, "97.4"), (79.6, "79.6"), (0.974, "0.974"), (100.0, "100"), (-0.0, "0")],
)
def test_number(value: float, text: str) -> None:
    assert number(value) == text


def test_signed() -> None:
    assert (signed(2.5), signed(-2.0), signed(0.0)) == ("+2.5", "-2", "+0")


def test_reason_line_names_the_kind_once() -> None:
    assert reason_line(Reason("rule", 40, "r-1: message", "r-1")) == "+40 rule r-1: message"
    assert reason_line(Reason("goods", 0, "goods line 1: x", "g")) == "+0 goods line 1: x"
    assert reason_line(Reason("party", -5, "reviewed", "p")) == "-5 party reviewed"


def test_party_hit_line_says_alias_list_programs_and_score(report: Report) -> None:
    hit = report.assessments[1].party_hits[0]
    assert party_hit_line(hit) == (
        "buyer 'Titan Micro LLC' ~ 'TITAN MICRO LLC' (alias of 'OOO TITAN MIKRO') "
        "(OFAC SDN: RUSSIA-EO14024) 97.4"
    )


def test_printable_escapes_controls_and_flattens_line_breaks() -> None:
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("Room 5\r\nNathan Rd\tKowloon") == "Room 5 Nathan Rd Kowloon"
    assert printable("abc\u202edef\x9b") == "abc\\u202edef\\x9b"
    assert printable("ООО «Титан» 武汉") == "ООО «Титан» 武汉"
