"""Tests for screener.countries: country names and codes as exports write them."""

from __future__ import annotations

import pytest

from screener.countries import country_name, to_iso2, to_iso2_many


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RU"),
        ("RU", "RU"),
        ("rus", "RU"),
        ("643", "RU"),
        ("Russian Federation", "RU"),
        ("Россия", "RU"),
        ("Российская Федерация", "RU"),
        ("РФ", "RU"),
        ("俄罗斯", "RU"),
        ("中国", "CN"),
        ("Китай", "CN"),
        ("Hong Kong", "HK"),
        ("HK", "HK"),
        ("Hong Kong SAR", "HK"),
        ("香港", "HK"),
        ("UAE", "AE"),
        ("U.A.E.", "AE"),
        ("United Arab Emirates", "AE"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("TURKIYE", "TR"),
        ("Kyrgyz Republic", "KG"),
        ("Kyrgyzstan", "KG"),
        ("Киргизия", "KG"),
        ("Кыргызстан", "KG"),
        ("Казахстан", "KZ"),
        ("SPAIN (ES)", "ES"),
        ("BRAZIL (BR)", "BR"),
        ("VENEZUELA, BOLIVARIAN REPUBLIC OF", "VE"),
        ("IRAN, ISLAMIC REPUBLIC OF", "IR"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("UNITED STATES", "US"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("Korea, South", "KR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Taiwan", "TW"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Bosnia & Herzegovina", "BA"),
        ("St Lucia", "LC"),
        ("the Netherlands", "NL"),
        ("ES - Spain", "ES"),
        ("Kosovo", "XK"),
        ("  russia  ", "RU"),
    ],
)
def test_to_iso2_reads_the_ways_countries_are_written(text: str, code: str) -> None:
    assert to_iso2(text) == code


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Dubai",
        "Moscow",
        "Korea",
        "Virgin Islands",
        "Kazakhstan / Kyrgyzstan",
        "XX",
    ],
)
def test_to_iso2_gives_none_for_what_is_not_one_country(text: str | None) -> None:
    # Cities are not countries; "Korea" and "Virgin Islands" are ambiguous; two countries are two.
    assert to_iso2(text) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("KZ; KG", ("KZ", "KG")),
        ("Kazakhstan / Kyrgyzstan", ("KZ", "KG")),
        ("Kazakhstan, Kyrgyzstan and Armenia", ("KZ", "KG", "AM")),
        ("CN -> KZ -> RU", ("CN", "KZ", "RU")),
        ("Korea, Republic of", ("KR",)),
        ("Turkey\nUAE", ("TR", "AE")),
        ("KZ; Narnia; KZ", ("KZ",)),
        ("via Kazakhstan", ("KZ",)),
        ("", ()),
    ],
)
def test_to_iso2_many_splits_a_list_of_countries(text: str, codes: tuple[str, ...]) -> None:
    assert to_iso2_many(text) == codes


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RU", "Russia"),
        ("us", "United States"),
        ("KR", "South Korea"),
        ("TW", "Taiwan"),
        ("PS", "State of Palestine"),
        ("VG", "British Virgin Islands"),
        ("XK", "Kosovo"),
        ("ZZ", "ZZ"),
    ],
)
def test_country_name_is_short_and_readable(code: str, name: str) -> None:
    assert country_name(code) == name


def test_every_alpha2_code_round_trips_through_its_own_name() -> None:
    import pycountry

    for country in pycountry.countries:
        assert to_iso2(country.alpha_2) == country.alpha_2
        assert to_iso2(country.name) == country.alpha_2, country.name
