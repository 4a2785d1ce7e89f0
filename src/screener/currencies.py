"""ISO 4217 currency codes from the ways invoices and payments write currencies, in any script."""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pycountry

from screener.countries import cached_table, unambiguous_index
from screener.normalize import fold

# Languages whose pycountry translations of currency names are indexed (see countries.py); the
# catalogues that a pycountry build lacks are skipped.
_LANGUAGES: tuple[str, ...] = ("ru", "zh_CN", "zh_TW", "uk", "kk", "ky", "tr", "de", "fr", "es")

# Symbols and abbreviations matched on the raw text (folding would erase the symbol): lower-cased,
# spaces and dots removed. "¥" is left out on purpose: it is the yen in Japan and the yuan in China.
_SYMBOLS: Mapping[str, str] = {
    "$": "USD",  # a bare dollar sign is the US dollar in trade invoicing
    "us$": "USD",
    "usd$": "USD",
    "u$s": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "руб": "RUB",
    "р": "RUB",  # "р." is the Russian abbreviation of рубль on invoices
    "₸": "KZT",
    "₺": "TRY",
    "₴": "UAH",
    "₹": "INR",
    "₩": "KRW",
    "₫": "VND",
    "₪": "ILS",
    "฿": "THB",
    "₼": "AZN",
    "₾": "GEL",
    "֏": "AMD",
    "r$": "BRL",
    "hk$": "HKD",
    "s$": "SGD",
    "c$": "CAD",
    "a$": "AUD",
    "円": "JPY",
    "元": "CNY",  # only as a whole cell: 美元, 欧元, 港元 are other currencies, indexed apart
    "￥": "CNY",  # the full-width yen/yuan sign is what Chinese invoices print
}

# Names people write that ISO's names and translations miss. Folded before lookup.
_ALIASES: Mapping[str, str] = {
    # Chinese yuan: the offshore code CNH is kept (it is how the payment was made); RMB is not ISO.
    "RMB": "CNY",
    "CNH": "CNH",
    "yuan": "CNY",
    "renminbi": "CNY",
    "chinese yuan": "CNY",
    "юань": "CNY",
    "юани": "CNY",
    "юаней": "CNY",
    "юаня": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    # Russian rouble: RUR is the pre-1998 code, still in old banking systems.
    "RUR": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "рубль": "RUB",
    "рубли": "RUB",
    "рублей": "RUB",
    "рубля": "RUB",
    "российский рубль": "RUB",
    "卢布": "RUB",
    # US dollar, euro, pound, yen in words.
    "dollar": "USD",
    "dollars": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "доллар": "USD",
    "доллары": "USD",
    "долларов": "USD",
    "доллар сша": "USD",
    "долл": "USD",
    "долл сша": "USD",
    "美金": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "евро": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "pound sterling": "GBP",
    "yen": "JPY",
    "йена": "JPY",
    "иена": "JPY",
    # Currencies of the re-export hubs. "dirham" is the UAE dirham (the Moroccan one is written
    # in full); "lira" is the Turkish lira; "som" is the Kyrgyz som (the Uzbek sum is "sum"/"so'm").
    "dirham": "AED",
    "dirhams": "AED",
    "дирхам": "AED",
    "lira": "TRY",
    "лира": "TRY",
    "TL": "TRY",  # Turkish abbreviation of Türk lirası
    "tenge": "KZT",
    "тенге": "KZT",
    "som": "KGS",
    "soms": "KGS",
    "сом": "KGS",
    "so m": "UZS",
    "sum": "UZS",
    "сум": "UZS",
    "lari": "GEL",
    "лари": "GEL",
    "dram": "AMD",
    "драм": "AMD",
    "hryvnia": "UAH",
    "гривна": "UAH",
    "rupee": "INR",
    "rupees": "INR",
    "real": "BRL",
    "reais": "BRL",
    "swiss franc": "CHF",
    "港币": "HKD",
    # Belarusian rouble: BYR was replaced by BYN in 2016.
    "BYR": "BYN",
}

_PAREN = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")

# ISO 4217 codes that name no currency: XXX is "no currency" (a placeholder in data), XTS is
# reserved for testing.
_NOT_CURRENCIES = frozenset({"XXX", "XTS"})


@lru_cache(maxsize=1)
def _index() -> Mapping[str, str]:
    """Folded code, name or alias -> ISO 4217 code, from the on-disk cache when it holds one."""
    return cached_table("currencies", _build_index, Path(__file__))


def _build_index() -> dict[str, str]:
    """Folded code, name or alias -> ISO 4217 code; names two currencies share are dropped."""
    currencies = list(pycountry.currencies)
    levels: list[list[tuple[str, str]]] = [
        list(_ALIASES.items()),
        [(c.alpha_3, c.alpha_3) for c in currencies]
        + [(c.numeric, c.alpha_3) for c in currencies if getattr(c, "numeric", None)],
        [(c.name, c.alpha_3) for c in currencies],
    ]
    translated: list[tuple[str, str]] = []
    for lang in _LANGUAGES:
        try:
            catalogue = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        translated.extend((catalogue.gettext(c.name), c.alpha_3) for c in currencies)
    levels.append(translated)

    return dict(unambiguous_index(levels, fold))


@lru_cache(maxsize=1)
def iso_codes() -> frozenset[str]:
    """Every active ISO 4217 alphabetic code pycountry knows."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _lookup(text: str) -> str | None:
    symbol = re.sub(r"[\s.]+", "", text.casefold())
    if symbol in _SYMBOLS:
        return _SYMBOLS[symbol]
    key = fold(text)
    code = _index().get(key) if key else None
    return None if code in _NOT_CURRENCIES else code


@lru_cache(maxsize=1024)
def to_currency(text: str | None) -> str | None:
    """The ISO 4217 code for a currency as written ("US$", "рубль", "人民币", "840"), or None.

    The offshore yuan stays "CNH" and the old rouble code "RUR" becomes "RUB". Ambiguous signs
    ("¥", a bare "peso") give None rather than a guess.
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    code = _lookup(text)
    if code:
        return code
    match = _PAREN.match(text)
    if match:  # "USD (US Dollar)", "Доллар США (USD)"
        return _lookup(match.group("outer")) or _lookup(match.group("inner"))
    parts = [p for p in re.split(r"\s*[-–—/|:]\s*", text) if p.strip()]
    if len(parts) == 2:
        codes = {c for c in (_lookup(p) for p in parts) if c}
        if len(codes) == 1:
            return codes.pop()
    return None
