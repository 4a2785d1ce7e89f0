"""Tests for screener.countries: country names and codes as exports write them."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pycountry
import pytest

from screener import countries
from screener.countries import country_name, nationality_codes, to_iso2, to_iso2_many

COUNTRIES_PY = Path(countries.__file__)

OFAC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists" / "ofac"


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
        # A place and its country, or a state and its country, are not a country's long name.
        "Georgia, USA",
        "Moscow, Russia",
        "Dubai, UAE",
        # Disputed or undetermined regions of the lists.
        "Region: Kafia Kingi",
        "Region: Jammu and Kashmir",
        "undetermined",
        # Nationality words of more than one country.
        "Korean",
        "Congolese",
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


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # OFAC SDN and consolidated address files and remarks.
        ("Bahamas, The", "BS"),
        ("Gambia, The", "GM"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Congo, Republic of the", "CG"),
        ("Man, Isle of", "IM"),
        ("North Macedonia, The Republic of", "MK"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("Korea, North", "KP"),
        ("Burma", "MM"),
        ("Iran, Islamic Republic of", "IR"),
        ("Palestinian", "PS"),
        ("West Bank", "PS"),
        ("Region: Gaza", "PS"),
        ("Region: West Bank", "PS"),
        ("Region: North Gaza", "PS"),
        ("Region: Crimea", "UA"),
        ("Region: Northern Mali", "ML"),
        ("Kosovo", "XK"),
        ("Netherlands Antilles", "AN"),
        ("Cote d Ivoire", "CI"),
        # UN consolidated list, UK list, CSL.
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Occupied Palestinian Territories", "PS"),
        ("Gaza Strip", "PS"),
        ("Bosnia-Herzegovina", "BA"),
        # World Bank and UN trade statistics.
        ("Congo, Dem. Rep.", "CD"),
        ("Congo, Rep.", "CG"),
        ("Korea, Rep.", "KR"),
        ("Egypt, Arab Rep.", "EG"),
        ("Venezuela, RB", "VE"),
        ("Yemen, Rep.", "YE"),
        ("Micronesia, Fed. Sts.", "FM"),
        ("Hong Kong SAR, China", "HK"),
        ("Lao PDR", "LA"),
    ],
)
def test_to_iso2_reads_the_official_lists_spellings(text: str, code: str) -> None:
    assert to_iso2(text) == code


def test_inverted_names_are_read_by_rule_for_every_country() -> None:
    # "Name, The" and "Name, Republic of" are general patterns, not a list of cases.
    for country in pycountry.countries:
        name = str(country.name)
        if "," in name or "(" in name:
            continue
        assert to_iso2(f"{name}, The") == country.alpha_2, name
        official = str(getattr(country, "official_name", ""))
        for form in ("Republic of the ", "Republic of ", "Kingdom of ", "State of "):
            if official.startswith(form) and official[len(form) :] == name:
                assert to_iso2(f"{name}, {form.strip()}") == country.alpha_2, official


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Russian", ("RU",)),
        ("russian federation", ("RU",)),
        ("RU; KZ", ("RU", "KZ")),
        ("Russian / Israeli", ("RU", "IL")),
        ("Estonia, Russia", ("EE", "RU")),
        ("Germany. Russia", ("DE", "RU")),
        ("citizen of Cyprus", ("CY",)),
        ("British national", ("GB",)),
        ("Kazakh", ("KZ",)),
        ("Emirati", ("AE",)),
        ("гражданин России", ("RU",)),
        ("Гражданство: Казахстан", ("KZ",)),
        ("中国籍", ("CN",)),
        ("俄罗斯国籍", ("RU",)),
        ("Palestinian", ("PS",)),
        ("Narnian", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_nationality_codes(text: str | None, codes: tuple[str, ...]) -> None:
    assert nationality_codes(text) == codes


def test_country_name_of_a_withdrawn_code() -> None:
    assert country_name("AN") == "Netherlands Antilles"


@pytest.mark.parametrize(
    "path",
    sorted(OFAC.glob("*/add.csv")) + sorted(OFAC.glob("*/cons_add.csv")) or [None],
)
def test_every_country_of_the_real_ofac_address_files_resolves(path: Path | None) -> None:
    if path is None:
        pytest.skip(f"{OFAC} is not available")
    # What OFAC writes for places with no one country; everything else must be a country.
    unresolvable = {
        "undetermined",
        "Region: Kafia Kingi",  # disputed between Sudan and South Sudan
        "Region: Jammu and Kashmir",  # disputed between India and Pakistan
        "Region: Commonwealth of Independent States",
    }
    missed: set[str] = set()
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            country = row[4].strip() if len(row) > 4 else ""
            if country not in ("", "-0-", *unresolvable) and to_iso2(country) is None:
                missed.add(country)
    assert missed == set()


def test_every_alpha2_code_round_trips_through_its_own_name() -> None:
    for country in pycountry.countries:
        assert to_iso2(country.alpha_2) == country.alpha_2
        assert to_iso2(country.name) == country.alpha_2, country.name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("China, Hong Kong Special Administrative Region", "HK"),  # UN M49 wording
        ("China, Macao Special Administrative Region", "MO"),
        ("Occupied Palestinian Territories", "PS"),  # UK list wordings
        ("West Bank", "PS"),
        ("Bosnia-Herzegovina", "BA"),
    ],
)
def test_official_list_wordings_resolve_without_private_tables(text: str, code: str) -> None:
    assert to_iso2(text) == code


# --- The country table's on-disk cache --------------------------------------------------------


def _counting_build(calls: list[int]) -> Callable[[], dict[str, str]]:
    def build() -> dict[str, str]:
        calls.append(1)
        return {"россия": "RU", "es": "ES"}

    return build


def test_the_cached_country_table_is_the_built_one() -> None:
    built = countries._build_index()
    assert dict(countries.cached_table("countries", countries._build_index, COUNTRIES_PY)) == built
    # Read back from the file the call above wrote (or found): still the same table.
    again = countries.cached_table("countries", lambda: {}, COUNTRIES_PY)
    assert dict(again) == built


def test_a_cached_table_is_built_once_then_read_back(tmp_path: Path) -> None:
    module = tmp_path / "table.py"
    module.write_text("ALIASES = {'Россия': 'RU'}\n")
    calls: list[int] = []
    first = countries.cached_table("test-table", _counting_build(calls), module)
    second = countries.cached_table("test-table", _counting_build(calls), module)
    assert first == second == {"россия": "RU", "es": "ES"}
    assert len(calls) == 1
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "screener" / "index"
    assert len(list(cache.glob("test-table-*.pickle"))) == 1


def test_a_cached_table_is_built_again_when_its_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "table.py"
    module.write_text("ALIASES = {'Россия': 'RU'}\n")
    calls: list[int] = []
    countries.cached_table("test-table", _counting_build(calls), module)
    module.write_text("ALIASES = {'Россия': 'RU', 'РФ': 'RU'}\n")  # the table's own code
    countries.cached_table("test-table", _counting_build(calls), module)
    assert len(calls) == 2
    monkeypatch.setattr(pycountry, "__version__", "0.0-other")  # pycountry's data
    countries.cached_table("test-table", _counting_build(calls), module)
    assert len(calls) == 3
    countries.cached_table("test-table", _counting_build(calls), module)
    assert len(calls) == 3


def test_a_cached_table_works_without_a_usable_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    calls: list[int] = []
    module = tmp_path / "table.py"
    module.write_text("")
    assert countries.cached_table("test-table", _counting_build(calls), module)["es"] == "ES"
    assert countries.cached_table("test-table", _counting_build(calls), module)["es"] == "ES"
    assert len(calls) == 2  # nothing could be kept, and nothing failed


def test_a_damaged_cache_file_is_built_again(tmp_path: Path) -> None:
    module = tmp_path / "table.py"
    module.write_text("")
    calls: list[int] = []
    countries.cached_table("test-table", _counting_build(calls), module)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "screener" / "index"
    (path,) = cache.glob("test-table-*.pickle")
    path.write_bytes(b"not a pickle")
    assert countries.cached_table("test-table", _counting_build(calls), module)["es"] == "ES"
    assert len(calls) == 2
