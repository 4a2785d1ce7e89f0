"""Tests for screener.lists.curated: the YAML format, its validation and the bundled list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screener.bundled import bundled_files
from screener.errors import ConfigError
from screener.lists import LoadedList, load_watchlist
from screener.lists.curated import CURATED_CATEGORIES, load_curated
from screener.match import Matcher
from screener.model import LIST_CATEGORIES, Alias, Identifier, Party

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "watchlists" / "curated.yaml"
SHARED = REPO.parent / "shared"


# --- a good file --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> LoadedList:
    return load_curated(FIXTURES / "good.yaml")


def test_list_info_describes_the_copy(good: LoadedList) -> None:
    info = good.info
    assert (info.list_id, info.kind, info.version, info.date) == (
        "test-curated",
        "entities",
        "2025-01-15",
        "2025-01-15",
    )
    assert info.entries == len(good.entries) == 2
    assert info.path == str(FIXTURES / "good.yaml")
    assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)


def test_entry_fields_are_read(good: LoadedList) -> None:
    alpha, person = good.entries
    assert alpha.list_id == "test-curated"
    assert alpha.entry_id == "alpha-trading"
    assert alpha.entity_type == "organization"
    assert alpha.countries == ("HK", "CN")
    assert alpha.category == "designated"
    assert alpha.identifiers == (Identifier("reg", "0123456"),)
    assert alpha.addresses == ("1 Test Road, Kowloon, Hong Kong",)
    assert alpha.sources == ("https://example.org/notice",)
    assert person.entity_type == "person"
    assert person.birth_dates == ("1970-01-01",)
    assert person.countries == ("RU",)


def test_aliases_accept_strings_and_mappings(good: LoadedList) -> None:
    aliases = good.entries[0].aliases
    assert [a.name for a in aliases] == [
        "Alpha Trading",
        "阿尔法贸易有限公司",
        "ATC",
        "ООО «Альфа»",
    ]
    by_name = {a.name: a for a in aliases}
    assert by_name["ATC"].strong is False
    assert by_name["Alpha Trading"].strong is True
    # The script is detected when not given; given values are kept.
    assert by_name["Alpha Trading"].script == "Latn"
    assert by_name["阿尔法贸易有限公司"].script == "Hani"
    assert by_name["阿尔法贸易有限公司"].lang == "zh"
    assert by_name["ООО «Альфа»"] == Alias("ООО «Альфа»", True, "Cyrl", "ru")


def test_designations_are_lines_with_dates_apart_from_programs(good: LoadedList) -> None:
    entry = good.entries[0]
    assert entry.programs == ("RUSSIA-EO14024",)
    assert "US Treasury OFAC SDN RUSSIA-EO14024 (2024-05-01) [ent_num 1]" in entry.designations
    assert "UK FCDO/OFSI Consolidated List (listed as of 2025-04-10)" in entry.designations


def test_supplies_are_kept_apart_from_the_notes(good: LoadedList) -> None:
    assert good.entries[0].notes == "Fixture entry."
    assert good.entries[0].supplies == "integrated circuits"


def test_curated_categories_exclude_the_official_ones() -> None:
    assert set(CURATED_CATEGORIES) == set(LIST_CATEGORIES) - {"sanctions", "export-control"}


# --- bad files: each is a ConfigError naming file, line and field -------------------------------

BAD = [
    # file, line, field, words in the message
    ("missing-name.yaml", 10, "second.name", "missing required key 'name'"),
    ("unknown-category.yaml", 8, "first.category", "unknown category 'sanctions'"),
    ("unknown-key.yaml", 9, "first.aliasses", "unknown key 'aliasses'"),
    ("bad-country.yaml", 11, "first.countries", "bad country code 'XX'"),
    ("lowercase-country.yaml", 9, "first.countries", "bad country code 'hk'"),
    ("duplicate-id.yaml", 10, "same.id", "duplicate entry id 'same'"),
    ("empty-sources.yaml", 9, "first.sources", "sources must not be empty"),
    ("missing-sources.yaml", 6, "first.sources", "missing required key 'sources'"),
    ("designated-without-designation.yaml", 8, "first.designations", "needs at least one"),
    ("low-confidence-designation.yaml", 10, "first.designations[0].confidence", "'L'"),
    ("undated-designation.yaml", 10, "first.designations[0].date", "needs a date"),
    ("unquoted-identifier.yaml", 10, "first.identifiers[0].value", "quoted text"),
    ("unknown-identifier-kind.yaml", 10, "first.identifiers[0].kind", "unknown kind 'passport'"),
    ("bad-entry-id.yaml", 6, "First_Ltd.id", "not kebab-case"),
    ("bad-version.yaml", 3, "version", "not YYYY-MM-DD"),
    ("bad-alias.yaml", 10, "first.aliases[0].strong", "true or false"),
    ("no-entries.yaml", 5, "entries", "non-empty list"),
    ("duplicate-key.yaml", 8, None, "duplicate key 'name'"),
    ("invalid-yaml.yaml", None, None, "invalid YAML"),
    ("not-a-mapping.yaml", 1, None, "YAML mapping"),
    ("not-utf8.yaml", None, None, "not UTF-8"),
]


@pytest.mark.parametrize(("name", "line", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_a_config_error_naming_where(
    name: str, line: int | None, field: str | None, words: str
) -> None:
    path = FIXTURES / name
    with pytest.raises(ConfigError) as caught:
        load_watchlist(path)
    error = caught.value
    assert error.exit_code == 4
    assert error.file == str(path)
    assert words in error.message
    if line is not None:
        assert error.row == line
    else:
        assert error.row is None or error.row > 0
    assert error.field == field
    # The CLI's one line names all three.
    assert str(path) in error.one_line()


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_watchlist(FIXTURES / "invalid-yaml.yaml")
    assert caught.value.row is not None and caught.value.row >= 2


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(ConfigError) as caught:
        load_watchlist(FIXTURES / "unknown-key.yaml")
    assert caught.value.hint == "did you mean 'aliases'?"


# --- the bundled curated list ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> LoadedList:
    return load_watchlist(BUNDLED)


def test_bundled_list_is_shipped_and_loads(bundled: LoadedList) -> None:
    # Installed from a wheel the bundled copy lives in site-packages; it must be this very file.
    shipped = [p for p in bundled_files("watchlists") if p.name == BUNDLED.name]
    assert len(shipped) == 1 and shipped[0].read_bytes() == BUNDLED.read_bytes()
    assert bundled.list_id == "curated"
    assert bundled.info.entries == len(bundled.entries) >= 30


def test_every_bundled_entry_has_sources_and_designated_ones_cite_a_designation(
    bundled: LoadedList,
) -> None:
    for listed in bundled.entries:
        assert listed.sources, listed.entry_id
        assert all(s.strip() for s in listed.sources), listed.entry_id
        if listed.category == "designated":
            dated = [
                p
                for p in listed.designations
                if re.search(r"\((?:\d{4}-\d{2}(?:-\d{2})?|listed as of )", p)
            ]
            assert dated, listed.entry_id


def test_bundled_seed_sources_exist(bundled: LoadedList) -> None:
    seeds = {s for e in bundled.entries for s in e.sources if s.startswith("seeds/")}
    assert seeds
    if (SHARED / "seeds").is_dir():
        for seed in seeds:
            assert (SHARED / seed).is_file(), seed
    else:
        for seed in seeds:
            assert re.fullmatch(r"seeds/\d{3}_[0-9a-f]{16}\.txt", seed), seed


def test_bundled_list_does_not_assert_unverified_identities(bundled: LoadedList) -> None:
    # The fact sheet marks "Wuhan Gaocen" = Wuhan Global Sensor as an unchecked inference [L].
    names = {a.name.casefold() for e in bundled.entries for a in e.all_aliases()}
    assert not any("gaocen" in n for n in names)
    unverified = {
        "north-china-research-institute-of-electro-optics",
        "shaanxi-baoji-special-vehicles",
        "yirei-technology",
    }
    for listed in bundled.entries:
        if listed.entry_id in unverified:
            assert listed.category == "press"
            assert listed.notes and ("NOT verified" in listed.notes or "UNRESOLVED" in listed.notes)


def test_bundled_list_matches_the_names_the_reporting_uses(bundled: LoadedList) -> None:
    matcher = Matcher([bundled], threshold=80)
    expected = {
        "Poly Technologies Inc.": "poly-technologies",
        "保利科技有限公司": "poly-technologies",
        "ООО «Титан-Микро»": "titan-micro",
        "Rosoboronexport": "rosoboronexport",
        "Wuhan Tongsheng Technology Co., Ltd.": "wuhan-tongsheng-technology",
        "DJI": "sz-dji-technology",
        "Hikvision": "hikvision",
        "Sinno Electronics": "sinno-electronics",
    }
    for name, entry_id in expected.items():
        hits = matcher.match_party(Party("buyer", name))
        assert hits and hits[0].entry_id == entry_id, name
    assert matcher.match_party(Party("buyer", "Wuhan Steel Trading Co")) == ()
