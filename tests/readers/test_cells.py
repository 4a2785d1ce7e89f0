"""Tests for screener.readers.cells: values rendered as cell text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from screener.readers.cells import render


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  kept as is ", "  kept as is "),
        (854231.0, "854231"),
        (854231, "854231"),
        (0.20936, "0.20936"),
        (1e-05, "0.00001"),
        (-2.5, "-2.5"),
        (float("nan"), ""),
        (True, "TRUE"),
        (dt.datetime(2025, 9, 15), "2025-09-15"),
        (dt.datetime(2025, 9, 15, 13, 30), "2025-09-15T13:30:00"),
        (dt.date(2025, 9, 15), "2025-09-15"),
        (Decimal("1.50"), "1.50"),
        (Decimal("854231.0"), "854231"),
        (Decimal("1E+5"), "100000"),
    ],
)
def test_render(value: object, text: str) -> None:
    assert render(value) == text


def test_zero_padded_number_formats_keep_leading_zeros() -> None:
    assert render(30490, "000000") == "030490"
    assert render(30490.0, "000000") == "030490"
    assert render(30490, "General") == "30490"
