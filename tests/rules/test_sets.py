"""Tests for screener.rules.sets: named sets parsed and their values validated by kind."""

from __future__ import annotations

import pytest

from screener.errors import ConfigError
from screener.rules.sets import NamedSet, is_country_code, parse_set
from screener.rules.source import parse_yaml


def _parse(name: str, text: str) -> NamedSet:
    node = parse_yaml(text, "sets.yaml")
    assert node is not None
    return parse_set(name, node)


def test_country_set_upper_cases_and_keeps_no() -> None:
    found = _parse("nordics", "kind: countries\nsources: [x]\nvalues: [no, SE, dk, NO]\n")
    assert found.values == ("NO", "SE", "DK")  # duplicates dropped, order kept
    assert found.kind == "countries" and found.sources == ("x",)
    assert found.file == "sets.yaml" and found.line == 1


@pytest.mark.parametrize("bad", ["RUS", "Russia", "ZZ", "R1"])
def test_country_set_rejects_non_alpha2(bad: str) -> None:
    with pytest.raises(ConfigError, match="alpha-2") as err:
        _parse("x", f"kind: countries\nsources: [x]\nvalues: [RU, {bad}]\n")
    assert err.value.row == 3


def test_kosovo_is_accepted() -> None:
    assert is_country_code("XK")
    assert not is_country_code("XX")


def test_currency_set_accepts_market_codes() -> None:
    found = _parse("c", "kind: currencies\nsources: [x]\nvalues: [rub, CNH]\n")
    assert found.values == ("RUB", "CNH")
    with pytest.raises(ConfigError, match="three-letter"):
        _parse("c", "kind: currencies\nsources: [x]\nvalues: [ROUBLE]\n")


def test_hs_set_drops_dots_and_spaces() -> None:
    found = _parse("h", "kind: hs-codes\nsources: [x]\nvalues: [8482.10, '8542 31']\n")
    assert found.values == ("848210", "854231")
    with pytest.raises(ConfigError, match="HS code"):
        _parse("h", "kind: hs-codes\nsources: [x]\nvalues: [84a]\n")


def test_word_set_rejects_punctuation_only() -> None:
    with pytest.raises(ConfigError, match="no letters"):
        _parse("w", "kind: words\nsources: [x]\nvalues: [ok, '---']\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: colours\nsources: [x]\nvalues: [red]\n", "unknown kind"),
        ("kind: words\nvalues: [a]\n", "has no 'sources'"),
        ("kind: words\nsources: []\nvalues: [a]\n", "empty list"),
        ("kind: words\nsources: [x]\nvalues: []\n", "no values"),
        ("kind: words\nsources: [x]\nvalues: [a]\nsource: y\n", "unknown key 'source'"),
        ("[a, b]\n", "must be a mapping"),
    ],
)
def test_malformed_sets_are_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _parse("s", text)


def test_set_name_must_be_kebab_case() -> None:
    with pytest.raises(ConfigError, match="kebab-case"):
        _parse("Russia_Belarus", "kind: countries\nsources: [x]\nvalues: [RU]\n")
