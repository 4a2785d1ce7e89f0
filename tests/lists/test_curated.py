"""Tests for screener.lists.curated: the YAML format, its validation and the bundled list."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
import yaml

from screener.bundled import bundled_files
from screener.config import DEFAULT_MATCH_THRESHOLD
from screener.errors import ConfigError
from screener.lists import LoadedList, load_watchlist
from screener.lists.curated import CURATED_CATEGORIES, load_curated
from screener.match import Matcher
from screener.model import LIST_CATEGORIES, Alias, Entry, Identifier, Party, PartyHit
from screener.scoring import party_points

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
    assert set(CURATED_CATEGORIES) < set(LIST_CATEGORIES)
    assert not set(CURATED_CATEGORIES) & {"sanctions", "export-control"}


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


@pytest.fixture(scope="module")
def matcher(bundled: LoadedList) -> Matcher:
    # The default threshold: what a user gets without --threshold.
    return Matcher([bundled], threshold=DEFAULT_MATCH_THRESHOLD)


@pytest.fixture(scope="module")
def raw_entries() -> list[dict[str, Any]]:
    """The bundled list as plain YAML, for the fields the Entry model flattens (designations)."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def entry(loaded: LoadedList, entry_id: str) -> Entry:
    return next(e for e in loaded.entries if e.entry_id == entry_id)


def top_hit(matcher: Matcher, name: str) -> PartyHit | None:
    hits = matcher.match_party(Party("buyer", name))
    return hits[0] if hits else None


def test_bundled_list_is_shipped_and_loads(bundled: LoadedList) -> None:
    # Installed from a wheel the bundled copy lives in site-packages; it must be this very file.
    shipped = [p for p in bundled_files("watchlists") if p.name == BUNDLED.name]
    assert len(shipped) == 1 and shipped[0].read_bytes() == BUNDLED.read_bytes()
    assert bundled.list_id == "curated"
    assert bundled.info.entries == len(bundled.entries) >= 40
    assert {e.category for e in bundled.entries} == set(CURATED_CATEGORIES)


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
        else:
            assert not listed.designations, listed.entry_id


def test_bundled_seed_sources_exist(bundled: LoadedList) -> None:
    seeds = {s for e in bundled.entries for s in e.sources if s.startswith("seeds/")}
    assert len(seeds) >= 4
    if (SHARED / "seeds").is_dir():
        for seed in seeds:
            assert (SHARED / seed).is_file(), seed
    else:
        for seed in seeds:
            assert re.fullmatch(r"seeds/\d{3}_[0-9a-f]{16}\.txt", seed), seed


# Every company, institution and body issue 3 names, written as the issue writes it.
ISSUE_NAMES = {
    "China Poly Group": "china-poly-group",
    "Poly Technologies": "poly-technologies",
    "Wuhan Gaocen Technology": "wuhan-global-sensor-technology",
    "Wuhan Global Sensor Technology": "wuhan-global-sensor-technology",
    "武汉高芯科技": "wuhan-global-sensor-technology",
    "Wuhan Tongsheng Technology": "wuhan-tongsheng-technology",
    "Hikvision": "hikvision",
    "North China Research Institute of Electro-Optics": (
        "north-china-research-institute-of-electro-optics"
    ),
    "Shaanxi Baoji Special Vehicles": "shaanxi-baoji-special-vehicles",
    "DJI": "sz-dji-technology",
    "Huawei": "huawei-technologies",
    "SVR": "svr-russia",
    "Russian Ministry of Defence": "russia-ministry-of-defence",
    "Rosoboronexport": "rosoboronexport",
}


@pytest.mark.parametrize(("name", "entry_id"), ISSUE_NAMES.items(), ids=list(ISSUE_NAMES))
def test_every_entity_the_issue_names_is_on_the_list(
    matcher: Matcher, name: str, entry_id: str
) -> None:
    hit = top_hit(matcher, name)
    assert hit is not None and hit.entry_id == entry_id, (name, hit)


# Every supplier, buyer or instrument of the trade the seed articles name, as the seed writes it
# (a typo included), with the seed the entry must cite. Commentators (Blinken, Yellen, Wang Wenbin)
# and sources (WSJ, Oryx, RUSI) are left out on purpose.
SEED_NAMES = [
    ("000", "Russia's Foreign Intelligence Service (SVR)", "svr-russia"),
    ("000", "China's Central Military Commission", "central-military-commission-prc"),
    ("000", "Russian Ministry of Defense", "russia-ministry-of-defence"),
    ("002", "Huawei", "huawei-technologies"),
    ("002", "Beeline", "vimpelcom-beeline"),
    ("002", "MTS", "mts-mobile-telesystems"),
    ("002", "Megafon", "megafon"),
    ("002", "DJI", "sz-dji-technology"),
    ("003", "Wuhan Gaocen Technology Co., Ltd.", "wuhan-global-sensor-technology"),
    ("003", "Wuhan Tongsheng Technology Co., Ltd.", "wuhan-tongsheng-technology"),
    ("003", "Hikvision", "hikvision"),
    ("003", "Yirei Technology", "yirei-technology"),
    (
        "003",
        "North China Optoelectronics Research Institute",
        "north-china-research-institute-of-electro-optics",
    ),
    ("003", "Megafo", "megafon"),
    ("003", "AliExpress", "aliexpress"),
    ("004", "China Poly Group", "china-poly-group"),
    ("004", "Poly Group", "china-poly-group"),
    ("004", "Russian Ministry of Industry and Trade", "russia-ministry-of-industry-and-trade"),
]


@pytest.mark.parametrize(
    ("seed", "name", "entry_id"), SEED_NAMES, ids=[f"{s}-{n}" for s, n, _ in SEED_NAMES]
)
def test_every_instrument_the_seeds_name_is_on_the_list_citing_its_seed(
    bundled: LoadedList, matcher: Matcher, seed: str, name: str, entry_id: str
) -> None:
    hit = top_hit(matcher, name)
    assert hit is not None and hit.entry_id == entry_id, (name, hit)
    assert any(s.startswith(f"seeds/{seed}_") for s in entry(bundled, entry_id).sources)


# Names in Chinese and Russian script, from the official lists where they carry one.
SCRIPT_NAMES = {
    "Рособоронэкспорт": "rosoboronexport",
    "武汉高芯科技有限公司": "wuhan-global-sensor-technology",
    "保利科技有限公司": "poly-technologies",
    "中国保利集团有限公司": "china-poly-group",
    "深圳市大疆创新科技有限公司": "sz-dji-technology",
    "华为技术有限公司": "huawei-technologies",
    "杭州海康威视数字技术股份有限公司": "hikvision",
    "华北光电技术研究所": "north-china-research-institute-of-electro-optics",
    "中央军委": "central-military-commission-prc",
    "Министерство обороны Российской Федерации": "russia-ministry-of-defence",
    "Минобороны России": "russia-ministry-of-defence",
    "Служба внешней разведки Российской Федерации": "svr-russia",
    "СВР": "svr-russia",
    "Минпромторг России": "russia-ministry-of-industry-and-trade",
    "Госкорпорация «Ростех»": "rostec",
    "ПАО «МегаФон»": "megafon",
    "ООО «Титан-Микро»": "titan-micro",
    "ЧВК «Вагнер»": "pmc-wagner",
}


@pytest.mark.parametrize(("name", "entry_id"), SCRIPT_NAMES.items(), ids=list(SCRIPT_NAMES))
def test_chinese_and_russian_names_hit(matcher: Matcher, name: str, entry_id: str) -> None:
    hit = top_hit(matcher, name)
    assert hit is not None and hit.entry_id == entry_id, (name, hit)


def test_every_russian_organisation_has_a_cyrillic_name(bundled: LoadedList) -> None:
    for listed in bundled.entries:
        if listed.countries == ("RU",):
            assert any(a.script == "Cyrl" for a in listed.aliases), listed.entry_id


# Ordinary names that share a city, an industry word or an acronym with a listed party.
ORDINARY_NAMES = [
    "Wuhan Steel Trading Co",
    "China Southern Foods",
    "Shenzhen Electronics Technology Co Ltd",
    "North China Electric Power Research Institute",
    "Beijing Research Institute of Optics",
    "Baoji Titanium Industry Co",
    "MTS Systems Corporation",
    "MTS Bank",
    "Beeline Trading LLC",
    "Russian Technologies LLC",
    "Alibaba.com Singapore E-Commerce Pte Ltd",
    "Ministry of Defence of the United Kingdom",
    "Ministry of Industry and Trade of Vietnam",
    "Central Military Commission of the Workers' Party of Korea",
    "Guangzhou Baofeng Trading",
]


@pytest.mark.parametrize("name", ORDINARY_NAMES)
def test_ordinary_names_do_not_hit(matcher: Matcher, name: str) -> None:
    assert matcher.match_party(Party("buyer", name)) == (), name


def test_wuhan_gaocen_is_flagged_as_a_weak_alias_with_the_doubt_shown(
    bundled: LoadedList, matcher: Matcher
) -> None:
    sensor = entry(bundled, "wuhan-global-sensor-technology")
    gaocen = [a for a in sensor.all_aliases() if "gaocen" in a.name.casefold()]
    assert gaocen and not any(a.strong for a in gaocen)
    # No other entry claims the seed's spelling.
    others = [e.entry_id for e in bundled.entries if e is not sensor]
    assert not [
        i for i in others if any("gaocen" in a.name.casefold() for a in entry(bundled, i).aliases)
    ]
    hit = top_hit(matcher, "Wuhan Gaocen Technology Co., Ltd.")
    assert hit is not None and hit.entry_id == sensor.entry_id
    assert "gaocen" in hit.matched_alias.casefold()
    assert any(f.name == "weak_alias" and f.contribution < 0 for f in hit.features)
    # The report carries the doubt with the hit: the inference and its [L] tag.
    assert hit.notes and "UNVERIFIED" in hit.notes and "[L]" in hit.notes
    # The Chinese name and the listed English name still meet it as strong aliases.
    strong = top_hit(matcher, "Wuhan Global Sensor Technology Co., Ltd.")
    assert strong is not None and strong.score > hit.score


def test_unverified_entities_are_press_and_say_so(bundled: LoadedList) -> None:
    for entry_id in ("shaanxi-baoji-special-vehicles", "yirei-technology", "smart-kit", "siliborn"):
        listed = entry(bundled, entry_id)
        assert listed.category == "press", entry_id
        assert listed.notes and re.search(
            r"NOT verified|UNRESOLVED|not marked designated", listed.notes
        )
    # A name the fact sheet tags [L] is not an alias.
    baoji = entry(bundled, "shaanxi-baoji-special-vehicles")
    assert "陕西宝鸡专用汽车有限公司" not in {a.name for a in baoji.all_aliases()}


def test_designations_rest_on_a_list_copy_or_a_well_reported_notice(
    raw_entries: list[dict[str, Any]],
) -> None:
    for listed in raw_entries:
        designations = listed.get("designations") or []
        if listed["category"] != "designated":
            assert not designations, listed["id"]
            continue
        # At least one listing is shown by a list copy (no confidence, or an OFAC id: both checked
        # below) or rests on reporting of a primary notice confirmed by several sources ([H]).
        assert any(
            d.get("confidence") in (None, "H") or str(d.get("ref", "")).startswith("ent_num ")
            for d in designations
        ), listed["id"]
        for d in designations:
            if d.get("confidence") is None:
                assert d.get("ref") and d.get("source") in COPIES, (listed["id"], d)
            if d.get("confidence") == "M":
                # One report may date a listing, never claim one: the listing's id is checked
                # against the OFAC copies (test_every_ofac_id_the_list_cites_is_in_the_ofac_copies).
                assert str(d.get("ref", "")).startswith("ent_num "), (listed["id"], d)


def test_a_designation_and_a_press_report_weigh_differently(matcher: Matcher) -> None:
    designated = top_hit(matcher, "Wuhan Tongsheng Technology Co., Ltd.")
    press = top_hit(matcher, "Yirei Technology")
    assert designated is not None and press is not None
    assert designated.score == press.score == 100
    assert (designated.category, press.category) == ("designated", "press")
    assert designated.designations and not press.designations
    assert party_points(designated) > party_points(press)


# --- designations checked against the official list copies (skipped without ../shared) -----------

LISTS = SHARED / "data" / "lists"
OFAC_SDN = LISTS / "ofac" / "sdn_2024-05-03" / "sdn.csv"
OFAC_SDN_EXTRA = (
    LISTS / "ofac" / "2025-12-24" / "alt.csv",
    LISTS / "ofac" / "2025-12-24" / "add.csv",
)
OFAC_CONS = LISTS / "ofac" / "non_sdn_2025-12-19" / "cons_prim.csv"
OFAC_CONS_ALT = LISTS / "ofac" / "non_sdn_2025-12-19" / "cons_alt.csv"
OFAC_ENHANCED = LISTS / "ofac" / "non_sdn_enhanced_2025-01-14" / "CONS_ENHANCED.ZIP"
CSL = LISTS / "csl" / "2022-05-16" / "consolidated.csv"
UK = LISTS / "uk" / "2025-04-10" / "ConList.xlsx"

# The `source` a verified designation names, and the copy it must be found in.
US_CSL = "US Consolidated Screening List consolidated.csv of 2022-05-16"
UK_LIST = "UK OFSI Consolidated List ConList of 2025-04-10"
COPIES = {
    "OFAC SDN sdn.csv of 2024-05-03": OFAC_SDN,
    "OFAC non-SDN cons_prim.csv/cons_alt.csv of 2025-12-19": OFAC_CONS,
    US_CSL: CSL,
    UK_LIST: UK,
}
needs_lists = pytest.mark.skipif(
    not all(p.is_file() for p in (OFAC_SDN, *OFAC_SDN_EXTRA, OFAC_CONS, CSL, UK, OFAC_ENHANCED)),
    reason="official list copies (../shared/data/lists) not available",
)


@dataclass
class OfacRecord:
    """What the OFAC copies say about one ent_num."""

    names: list[str] = field(default_factory=list)
    programs: dict[str, set[str]] = field(default_factory=dict)  # copy -> programs
    remarks: str = ""


def _ofac_rows(path: Path) -> list[list[str]]:
    # OFAC legacy CSV: no header, ASCII, "-0-" for null, a Ctrl-Z after the last record.
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    rows = csv.reader(io.StringIO(text))
    return [[c.strip() for c in row] for row in rows if row and row[0].strip().isdigit()]


@pytest.fixture(scope="module")
def ofac() -> dict[str, OfacRecord]:
    records: dict[str, OfacRecord] = defaultdict(OfacRecord)
    for path, copy in ((OFAC_SDN, "sdn"), (OFAC_CONS, "cons")):
        for row in _ofac_rows(path):
            record = records[row[0]]
            record.names.append(row[1])
            record.programs[copy] = set(row[3].split("] ["))
            record.remarks = row[11]
            # Remarks carry OFAC's weak a.k.a. names.
            record.names.extend(re.findall(r"a\.k\.a\. '([^']+)'", row[11]))
    for path in (OFAC_SDN_EXTRA[0], OFAC_CONS_ALT):
        for row in _ofac_rows(path):
            records[row[0]].names.append(row[3])
    for row in _ofac_rows(OFAC_SDN_EXTRA[1]):
        records.setdefault(row[0], OfacRecord())  # an address row: the ent_num exists
    return dict(records)


@pytest.fixture(scope="module")
def ofac_translations() -> dict[str, list[str]]:
    """Non-Latin names by ent_num from OFAC's Enhanced XML (names in the original script)."""
    with zipfile.ZipFile(OFAC_ENHANCED) as archive:
        root = ElementTree.fromstring(archive.read("CONS_ENHANCED.XML"))
    found: dict[str, list[str]] = defaultdict(list)
    for element in root.iter():
        if not element.tag.endswith("}entity"):
            continue
        for name in element.iter():
            if name.tag.endswith("}formattedFullName") and name.text and not name.text.isascii():
                found[element.get("id", "")].append(name.text)
    return dict(found)


@pytest.fixture(scope="module")
def csl() -> list[dict[str, str]]:
    with CSL.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def uk() -> dict[str, list[dict[str, str]]]:
    """UK list rows by UK Sanctions List Ref (one row per name)."""
    book = openpyxl.load_workbook(UK, read_only=True)
    rows = book["Data"].iter_rows(values_only=True)
    next(rows)  # "Last Updated"
    header = [str(c) for c in next(rows)]
    by_ref: dict[str, list[dict[str, str]]] = defaultdict(list)
    for values in rows:
        row = {h: "" if v is None else str(v) for h, v in zip(header, values, strict=False)}
        ref = re.search(r"\(UK Sanctions List Ref\):(\w+)", row["Other Information"])
        if ref:
            by_ref[ref.group(1)].append(row)
    book.close()
    return dict(by_ref)


def _meets(matcher: Matcher, names: list[str], entry_id: str) -> bool:
    """Some official name, screened as a counterparty would be, has this entry as its top hit.

    The CSL sometimes appends a scope to a name after a comma ("Ministry of Defence of the Russian
    Federation, including the Armed Forces ..."): the part before it is tried too.
    """
    for name in names:
        for form in dict.fromkeys((name, name.split(",")[0])):
            hit = top_hit(matcher, form)
            if hit is not None and hit.entry_id == entry_id:
                return True
    return False


def _designations(raw_entries: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(e["id"], d) for e in raw_entries for d in e.get("designations") or ()]


def _csl_list(listed: str) -> str:
    if "Military End User" in listed:
        return "Military End User (MEU) List"
    if "Nonproliferation" in listed:
        return "Nonproliferation Sanctions (ISN)"
    return "Entity List (EL)"


@needs_lists
def test_verified_designations_are_in_the_list_copies_they_cite(
    raw_entries: list[dict[str, Any]],
    matcher: Matcher,
    ofac: dict[str, OfacRecord],
    csl: list[dict[str, str]],
    uk: dict[str, list[dict[str, str]]],
) -> None:
    checked = 0
    for entry_id, designation in _designations(raw_entries):
        if "confidence" in designation:
            continue  # rests on reporting; its ids, if any, are checked below
        where = f"{entry_id}: {designation}"
        source, ref = designation.get("source"), designation.get("ref")
        assert source in COPIES and ref, f"unverified designation without confidence: {where}"
        date = str(designation.get("date") or "")
        if source == UK_LIST:
            rows = uk.get(ref, [])
            assert rows, where
            assert {r["Regime"] for r in rows} == {designation["program"]}, where
            listed_on = {
                datetime.strptime(r["UK Sanctions List Date Designated"], "%d/%m/%Y").date()
                for r in rows
            }
            assert listed_on == {datetime.fromisoformat(date).date()}, where
            names = [r["Name 6"] for r in rows] + [r["Name Non-Latin Script"] for r in rows]
            assert _meets(matcher, [n for n in names if n], entry_id), where
        elif source == US_CSL:
            kind = _csl_list(designation["list"])
            rows = [
                r
                for r in csl
                if r["source"].startswith(kind) and ref in r["federal_register_notice"]
            ]
            matching = [
                r
                for r in rows
                if _meets(matcher, [r["name"], *r["alt_names"].split("; ")], entry_id)
            ]
            assert matching, where
            assert date in {r["start_date"] for r in matching}, where
        else:
            number = ref.removeprefix("ent_num ")
            record = ofac.get(number)
            assert record is not None, where
            copy = "sdn" if designation["list"] == "SDN" else "cons"
            assert copy in record.programs, where
            claimed = set(designation["program"].split("; "))
            assert claimed <= record.programs[copy], where
            assert _meets(matcher, record.names, entry_id), where
            if copy == "cons":
                listed = re.search(r"Listing Date \(CMIC\) (\d{2} \w{3} \d{4})", record.remarks)
                assert listed, where
                assert datetime.strptime(listed.group(1), "%d %b %Y").date().isoformat() == date
        checked += 1
    # Most designations are checked against a copy, not taken on trust.
    assert checked >= 30


@needs_lists
def test_every_ofac_id_the_list_cites_is_in_the_ofac_copies(
    raw_entries: list[dict[str, Any]], matcher: Matcher, ofac: dict[str, OfacRecord]
) -> None:
    # Including designations that rest on reporting (Poly Technologies, listed after the newest
    # full SDN copy): the ent_num and a name must still be OFAC's, and a program found in the SDN
    # copy must be the one claimed.
    for entry_id, designation in _designations(raw_entries):
        ref = str(designation.get("ref") or "")
        if not ref.startswith("ent_num "):
            continue
        record = ofac.get(ref.removeprefix("ent_num "))
        assert record is not None, (entry_id, ref)
        assert _meets(matcher, record.names, entry_id), (entry_id, ref, record.names)
        if designation.get("program") and "sdn" in record.programs and designation["list"] == "SDN":
            assert set(designation["program"].split("; ")) <= record.programs["sdn"], entry_id


def test_poly_technologies_is_checked_against_the_sdn_copy(
    raw_entries: list[dict[str, Any]],
) -> None:
    # The issue's own example: the OFAC ent_num and name of Poly Technologies, with the program.
    poly = next(e for e in raw_entries if e["id"] == "poly-technologies")
    ofac_entries = [d for d in poly["designations"] if d["authority"] == "OFAC"]
    assert [(d["list"], d["program"], d["ref"]) for d in ofac_entries] == [
        ("SDN", "RUSSIA-EO14024", "ent_num 49446")
    ]
    if not OFAC_SDN_EXTRA[0].is_file():
        pytest.skip("OFAC alt.csv of 2025-12-24 not available")
    rows = [r for r in _ofac_rows(OFAC_SDN_EXTRA[0]) if r[0] == "49446"]
    assert [r[3] for r in rows] == ["POLY TECHNOLOGIES INC"]
    # The program is not in the 2025 alt/add files; the UK entry of the same company shows the
    # Russia regime, checked with every other UK designation above.
    assert any(d.get("ref") == "RUS2493" for d in poly["designations"])


@needs_lists
def test_official_chinese_and_cyrillic_names_meet_their_entries(
    raw_entries: list[dict[str, Any]],
    matcher: Matcher,
    ofac_translations: dict[str, list[str]],
    uk: dict[str, list[dict[str, str]]],
) -> None:
    checked = 0
    for entry_id, designation in _designations(raw_entries):
        ref = str(designation.get("ref") or "")
        names: list[str] = []
        if ref.startswith("ent_num "):
            names = ofac_translations.get(ref.removeprefix("ent_num "), [])
        elif ref in uk:
            names = [r["Name Non-Latin Script"] for r in uk[ref] if r["Name Non-Latin Script"]]
        for name in names:
            hit = top_hit(matcher, name)
            assert hit is not None and hit.entry_id == entry_id, (entry_id, name, hit)
            checked += 1
    assert checked >= 10
