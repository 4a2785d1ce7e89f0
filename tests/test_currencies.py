"""Tests for screener.currencies: currencies as invoices and payments write them."""

from __future__ import annotations

import pytest

from screener.currencies import to_currency


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("USD", "USD"),
        ("usd", "USD"),
        ("US$", "USD"),
        ("$", "USD"),
        ("US Dollar", "USD"),
        ("Доллар США", "USD"),
        ("美元", "USD"),
        ("840", "USD"),
        ("€", "EUR"),
        ("EUR", "EUR"),
        ("евро", "EUR"),
        ("RMB", "CNY"),
        ("yuan", "CNY"),
        ("Юань", "CNY"),
        ("人民币", "CNY"),
        ("元", "CNY"),
        ("CNH", "CNH"),
        ("ruble", "RUB"),
        ("Roubles", "RUB"),
        ("RUR", "RUB"),
        ("руб.", "RUB"),
        ("рубль", "RUB"),
        ("Российский рубль", "RUB"),
        ("₽", "RUB"),
        ("dirham", "AED"),
        ("UAE Dirham", "AED"),
        ("lira", "TRY"),
        ("TL", "TRY"),
        ("tenge", "KZT"),
        ("Тенге", "KZT"),
        ("som", "KGS"),
        ("сом", "KGS"),
        ("港元", "HKD"),
        ("USD (US Dollar)", "USD"),
        ("usd - us dollar", "USD"),
    ],
)
def test_to_currency_reads_codes_names_and_symbols(text: str, code: str) -> None:
    assert to_currency(text) == code


@pytest.mark.parametrize("text", [None, "", "¥", "peso", "Russia", "XXX", "EUR/USD", "banana"])
def test_to_currency_gives_none_for_ambiguous_or_unknown(text: str | None) -> None:
    # "¥" is the yen in Japan and the yuan in China; XXX is ISO's "no currency".
    assert to_currency(text) is None


def test_the_currency_table_read_back_from_the_cache_is_the_built_one() -> None:
    from screener import currencies

    built = currencies._build_index()
    currencies._index.cache_clear()
    try:
        assert dict(currencies._index()) == built  # built, then written
        currencies._index.cache_clear()
        assert dict(currencies._index()) == built  # read back
    finally:
        currencies._index.cache_clear()
