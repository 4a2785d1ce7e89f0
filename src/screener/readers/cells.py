"""Renders spreadsheet and JSON values as the cell text screening works on."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

# A number format made only of zeros ("000000") pads the number to that width: how spreadsheets
# keep the leading zero of HS codes such as 030490 when the cell holds a number.
_ZERO_PADDED = re.compile(r"^0+$")


def render(value: object, number_format: str | None = None) -> str:
    """The text of one value: "" for empty, numbers without a spurious ".0", dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int):
        return _pad(str(value), number_format)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return _pad(str(int(value)), number_format)
        return _plain(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _plain(value)
    return str(value)


def _pad(digits: str, number_format: str | None) -> str:
    if number_format and _ZERO_PADDED.match(number_format) and not digits.startswith("-"):
        return digits.zfill(len(number_format))
    return digits


def _plain(value: Decimal) -> str:
    """A decimal without exponent; an integral one without its fraction (854231.0 -> 854231)."""
    if not value.is_finite():
        return ""
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value, "f")
