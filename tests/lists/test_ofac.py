"""Tests for screener.lists.ofac: OFAC's legacy CSV files (SDN and non-SDN) in the common model."""

from __future__ import annotations

import csv
import re
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree import ElementTree

import pytest

from screener.errors import ListError
from screener.lists import ofac
from screener.lists.ofac import Unjoined, parse_date, parse_remarks, read_cons, read_sdn
from screener.model import Entry, Identifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "ofac"
# CI has the shared data at ../shared relative to the repository.
LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists"
OFAC = LISTS / "ofac"

SDN_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_FILES = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")


def _fixture_sdn(*names: str) -> dict[str, Path]:
    return {n: FIXTURES / n for n in (names or SDN_FILES)}


def _by_id(entries: tuple[Entry, ...]) -> dict[str, Entry]:
    return {e.entry_id: e for e in entries}


def _ids(entry: Entry, kind: str) -> set[str]:
    return {i.value for i in entry.identifiers if i.kind == kind}


@pytest.fixture(scope="module")
def fixture_sdn() -> dict[str, Entry]:
    return _by_id(read_sdn(_fixture_sdn()).parsed.entries)


# --- The fixture set: every kind of fact -----------------------------------------------------


def test_individual_fields_come_from_columns_and_remarks(fixture_sdn: dict[str, Entry]) -> None:
    petrov = fixture_sdn["10001"]
    assert petrov.list_id == "ofac-sdn"
    assert petrov.name == "PETROV, Ivan Sergeyevich"
    assert petrov.entity_type == "person"
    assert petrov.programs == ("RUSSIA-EO14024", "CYBER2")
    assert petrov.birth_dates == ("1957-04-02", "1958/1960")
    assert petrov.nationalities == ("RU", "CY")  # nationality and (alt.) citizen
    assert petrov.countries == ("RU",)  # from add.csv
    assert _ids(petrov, "passport") == {"4509123456"}
    assert _ids(petrov, "inn") == {"770312345678"}  # 12 digits (Russia): a person's INN
    assert _ids(petrov, "email") == {"ivan.petrov@example.ru"}
    assert petrov.url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=10001"
    assert petrov.url in petrov.sources
    assert "POB Moscow, Russia" in (petrov.notes or "")


def test_alt_csv_aliases_are_strong_and_remark_akas_weak(fixture_sdn: dict[str, Entry]) -> None:
    petrov = fixture_sdn["10001"]
    assert [(a.name, a.strong) for a in petrov.aliases] == [
        ("PETROV, Ivan", True),
        ("VANYA", False),
        # One pair of quotes is OFAC's; the apostrophe of an ʿayn belongs to the name.
        ("'ABD-AL-KARIM", False),
    ]
    # fka and nka rows of alt.csv are as strong as aka rows; an f.k.a. in the remarks is weak.
    star = fixture_sdn["10002"]
    assert {(a.name, a.strong) for a in star.aliases} == {
        ("SEVERNAYA ZVEZDA TORGOVAYA KOMPANIYA", True),
        ("NST LLC", True),
        ("SEVERNAYA ZVEZDA OOO", False),
    }
    assert {(a.name, a.strong) for a in fixture_sdn["10008"].aliases} >= {("HAMDI, Khalid", True)}


def test_russian_and_chinese_numbers_get_their_kinds(fixture_sdn: dict[str, Entry]) -> None:
    star = fixture_sdn["10002"]
    assert _ids(star, "inn") == {"7701234567"}
    assert _ids(star, "ogrn") == {"1157746123456"}
    assert _ids(star, "reg") == {"12345678"}  # Government Gazette Number: not an OGRN
    assert _ids(star, "bic") == {"NSTRRUMM"}  # written "NSTR RU MM"
    assert _ids(star, "lei") == {"2534001234ABCDEF5678"}
    assert _ids(star, "website") == {"www.northern-star.example"}
    # By label, and by the shape of a Chinese "Registration Number".
    assert _ids(fixture_sdn["10003"], "uscc") == {"91440300MA5ABCDE1X", "91440300MA5FGHJK2Y"}
    andina = fixture_sdn["10010"]
    assert _ids(andina, "tax_id") == {"CAN0101011A2"}  # not Russian: no INN
    assert _ids(andina, "vat") == {"ESB12345678"}
    # "issued 01 Jan 2001" is not part of the number; an organisation's "Identification Number"
    # is a registration number, not a national ID.
    assert _ids(andina, "reg") == {"12345", "80012345-6"}
    assert _ids(andina, "national_id") == set()
    assert _ids(andina, "phone") == {"525512345678"}


def test_organisation_facts(fixture_sdn: dict[str, Entry]) -> None:
    star = fixture_sdn["10002"]
    assert star.entity_type == "organization"  # SDN_Type -0-
    assert star.birth_dates == ("2015-07-14",)  # Organization Established Date
    assert star.countries == ("RU", "HK")
    assert len(star.addresses) == 2
    notes = star.notes or ""
    assert notes.startswith("Secondary sanctions risk:")  # sanctions facts come first
    assert "Target Type Private Company" in notes
    # A date OFAC got wrong keeps the part that is certain.
    assert fixture_sdn["10010"].birth_dates == ("1980-02",)


def test_vessel(fixture_sdn: dict[str, Entry]) -> None:
    vessel = fixture_sdn["10004"]
    assert vessel.entity_type == "vessel"
    assert vessel.programs == ("IRAN", "SDGT")
    assert vessel.countries == ("MT",)  # the flag
    assert _ids(vessel, "imo") == {"9123456"}
    assert _ids(vessel, "mmsi") == {"248123000"}
    assert "9HA1234" in _ids(vessel, "other")  # call sign
    assert [(a.name, a.strong) for a in vessel.aliases] == [("SEA BREEZE", False)]
    assert "Crude Oil Tanker" in (vessel.notes or "")
    assert "Former Vessel Flag Panama" in (vessel.notes or "")
    owner = [r for r in vessel.relations if r.kind == "owned_by"]
    assert [(r.other_name, r.other_id) for r in owner] == [("Blue Wave Shipping Ltd.", "10005")]
    # The owner's IMO company number is an IMO number too.
    assert _ids(fixture_sdn["10005"], "imo") == {"5123456"}
    assert fixture_sdn["10005"].countries == ("MH",)
    assert fixture_sdn["10005"].addresses == ()  # a country alone is not an address


def test_aircraft(fixture_sdn: dict[str, Entry]) -> None:
    aircraft = fixture_sdn["10006"]
    assert aircraft.entity_type == "aircraft"
    assert aircraft.countries == ("IR",)  # Nationality of Registration
    assert _ids(aircraft, "reg") == {"EP-XYZ"}  # tail number
    assert {"56789", "1234"} <= _ids(aircraft, "other")  # MSN and construction number
    assert [(r.kind, r.other_id) for r in aircraft.relations] == [("operated_by", "10007")]


def test_linked_to_is_a_relation_resolved_to_the_entry(fixture_sdn: dict[str, Entry]) -> None:
    links = fixture_sdn["10003"].relations
    assert [(r.kind, r.other_name, r.other_id) for r in links] == [
        ("linked_to", "NORTHERN STAR TRADING LLC", "10002")
    ]
    # OFAC's closing period ate the "." of "LTD.": the link still finds its entry.
    vessel_links = [r for r in fixture_sdn["10004"].relations if r.kind == "linked_to"]
    assert [r.other_id for r in vessel_links] == ["10005"]


def test_cut_remark_continues_from_comments(fixture_sdn: dict[str, Entry]) -> None:
    raw = next(r for r in csv.reader((FIXTURES / "sdn.csv").open(newline="")) if r[0] == "10008")
    assert len(raw[11]) == ofac.REMARKS_WIDTH  # the fixture is cut inside a weak alias
    khalid = fixture_sdn["10008"]
    assert ("ABU SALIM AL-ADENI", False) in {(a.name, a.strong) for a in khalid.aliases}
    assert [r.other_id for r in khalid.relations] == ["10007"]
    assert khalid.birth_dates == ("1970",)  # "circa 1970"
    assert "Title: Financier" in (khalid.notes or "")
    # Digital currency addresses are identifiers (the address, without the currency code).
    assert "1Fixture00QwErTyUiOpAsDfGhJkLzXc" in _ids(khalid, "other")


def test_cut_remark_without_continuation_drops_its_last_fact() -> None:
    result = read_sdn(_fixture_sdn("sdn.csv", "alt.csv", "add.csv"))
    assert result.unjoined.truncated_remarks == 1
    khalid = _by_id(result.parsed.entries)["10008"]
    weak = [a.name for a in khalid.aliases if not a.strong]
    assert weak == []  # "a.k.a. 'AB" is a cut name, not a name
    assert khalid.relations == ()


def test_primary_file_alone_parses() -> None:
    result = read_sdn(_fixture_sdn("sdn.csv"))
    entries = _by_id(result.parsed.entries)
    assert len(entries) == 9
    assert all(a.strong is False for e in entries.values() for a in e.aliases)
    assert entries["10002"].addresses == ()


def test_names_count_primary_and_every_alias() -> None:
    parsed = read_sdn(_fixture_sdn()).parsed
    assert parsed.names == len(parsed.entries) + sum(len(e.aliases) for e in parsed.entries)
    assert parsed.published is None  # the legacy CSV carries no date


def test_rows_of_another_publication_are_counted_not_fatal(tmp_path: Path) -> None:
    alt = tmp_path / "alt.csv"
    alt.write_bytes(
        (FIXTURES / "alt.csv").read_bytes().rstrip(b"\x1a")
        + b'99999,900,"aka","NOT IN THIS SDN FILE",-0- \r\n\x1a'
    )
    add = tmp_path / "add.csv"
    add.write_bytes(b'99999,901,-0- ,"Minsk","Belarus",-0- \r\n')
    comments = tmp_path / "sdn_comments.csv"
    comments.write_bytes(
        (FIXTURES / "sdn_comments.csv").read_bytes().rstrip(b"\x1a")
        # 10001's remark is not cut: this cannot be its continuation.
        + b'10001,"tinuation of a remark of another publication."\r\n'
        + b'99998,"more."\r\n'
    )
    files = {**_fixture_sdn("sdn.csv"), "alt.csv": alt, "add.csv": add}
    files["sdn_comments.csv"] = comments
    result = read_sdn(files)
    assert result.unjoined == Unjoined(aliases=1, addresses=1, comments=2, truncated_remarks=0)
    assert result.unjoined.total == 4
    assert len(result.unjoined.describe()) == 3
    names = {a.name for e in result.parsed.entries for a in e.aliases}
    assert "NOT IN THIS SDN FILE" not in names
    assert "tinuation" not in (_by_id(result.parsed.entries)["10001"].notes or "")


def test_header_row_of_a_mirror_is_skipped(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    header = b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,"
    sdn.write_bytes(
        header + b"Vess_flag,Vess_owner,Remarks\r\n" + (FIXTURES / "sdn.csv").read_bytes()
    )
    assert len(read_sdn({"sdn.csv": sdn}).parsed.entries) == 9


# --- Errors -------------------------------------------------------------------------------------


def test_wrong_file_is_a_list_error_naming_file_and_row() -> None:
    with pytest.raises(ListError) as caught:
        read_sdn({"sdn.csv": FIXTURES / "bad-columns.csv"})
    error = caught.value
    assert error.exit_code == 5
    assert error.file == str(FIXTURES / "bad-columns.csv")
    assert error.row == 1
    assert "12" in error.message and "found 6" in error.message


def test_non_numeric_ent_num_is_a_list_error() -> None:
    with pytest.raises(ListError) as caught:
        read_sdn({"sdn.csv": FIXTURES / "bad-ent-num.csv"})
    assert caught.value.field == "ent_num"
    assert caught.value.row == 1


def test_companion_file_with_wrong_columns_is_a_list_error() -> None:
    with pytest.raises(ListError) as caught:
        read_sdn({**_fixture_sdn("sdn.csv"), "alt.csv": FIXTURES / "add.csv"})
    assert caught.value.file == str(FIXTURES / "add.csv")
    assert "5" in caught.value.message


def test_missing_primary_file_is_a_list_error() -> None:
    with pytest.raises(ListError, match=r"sdn\.csv"):
        read_sdn({"alt.csv": FIXTURES / "alt.csv"})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x00\x00binary", "not a text file"),
        (b"", "no entries"),
        (b'1,"A",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' * 2, "appears twice"),
        (b'1,-0- ,-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', "without a name"),
    ],
)
def test_unusable_primary_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(content)
    with pytest.raises(ListError, match=expected):
        read_sdn({"sdn.csv": path})


# --- Remarks and dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("23 Nov 1962", "1962-11-23"),
        ("Nov 1962", "1962-11"),
        ("1962", "1962"),
        ("circa 1962", "1962"),
        ("circa 02 Jan 1962", "1962-01-02"),
        ("1953 to 1958", "1953/1958"),
        ("01 Jan 1960 to 31 Dec 1962", "1960-01-01/1962-12-31"),
        ("Mar 1960 to Apr 1961", "1960-03/1961-04"),
        ("circa 1953-1958", "1953/1958"),
        ("31 Feb 1980", "1980-02"),
        ("Moscow", None),
        ("1962 to", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_remarks_countries_use_ofac_names() -> None:
    remarks = parse_remarks(
        "nationality Congo, Democratic Republic of the; alt. nationality Korea, North; "
        "nationality possibly Palestinian; citizen Burma; nationality Atlantis."
    )
    assert remarks.nationalities == ("CD", "KP", "PS", "MM")
    assert "nationality Atlantis" in remarks.notes  # kept as written when not a country


def test_remarks_kinds_by_country_and_shape() -> None:
    remarks = parse_remarks(
        "Tax ID No. 7703725270 (Russia); Tax ID No. 770372527 (Russia); "
        "Registration Number 1027739000000 (Russia); Registration Number 102773900000 (Russia); "
        "Registration Number 304770000000012 (Russia); Tax ID No. 123456789012 (Kazakhstan); "
        "Legal Entity Number 12345 (Russia); Identification Number IMO 1234567; "
        "Registration Number HRA 738077 (Stuttgart) (Germany)."
    )
    assert remarks.identifiers == (
        Identifier("inn", "7703725270"),
        Identifier("tax_id", "770372527"),  # 9 digits: not an INN
        Identifier("ogrn", "1027739000000"),
        Identifier("reg", "102773900000"),
        Identifier("ogrn", "304770000000012"),  # OGRNIP, 15 digits
        Identifier("tax_id", "123456789012"),  # not Russian
        Identifier("reg", "12345"),  # not an ISO 17442 LEI
        Identifier("imo", "1234567"),
        Identifier("reg", "HRA 738077"),
    )


def test_vessel_registrations_are_imo_numbers_only_when_they_are() -> None:
    remarks = parse_remarks(
        "Vessel Registration Identification IMO  8730455; "
        "Vessel Registration Identification 8606173; "  # no "IMO", but its check digit holds
        "Vessel Registration Identification 8606174; "  # check digit fails
        "Vessel Registration Identification RS 130280 (Russia); "
        "Vessel Registration Identification IMO 15411."
    )
    assert remarks.identifiers == (
        Identifier("imo", "8730455"),
        Identifier("imo", "8606173"),
        Identifier("reg", "8606174"),
        Identifier("reg", "RS 130280"),
        Identifier("reg", "IMO 15411"),
    )


def test_remarks_sanctions_notes_are_short_and_first() -> None:
    remarks = parse_remarks(
        "Gender Female; Executive Order 14024 Directive Information Subject to Directive 3 - All "
        "transactions in, provision of financing for ... are prohibited.; Executive Order 14024 "
        "Directive Information - For more information on directives, please visit the following "
        "link: https://example.gov/#directives; Listing Date (EO 14024 Directive 3): 24 Feb 2022."
    )
    assert remarks.sanctions_notes == (
        "Executive Order 14024 Directive Information Subject to Directive 3",
        "Listing Date (EO 14024 Directive 3): 24 Feb 2022",
    )
    assert remarks.listing_dates == ("2022-02-24",)
    assert remarks.notes == ("Gender Female",)


def test_facts_without_space_after_the_semicolon() -> None:
    remarks = parse_remarks("nationality possibly Palestinian;arrested 23 Apr 2002; a.k.a. 'NOOR'.")
    assert remarks.nationalities == ("PS",)
    assert remarks.weak_aliases == ("NOOR",)
    assert remarks.notes == ("arrested 23 Apr 2002",)


# --- Non-SDN fixture ----------------------------------------------------------------------------


def test_consolidated_list_fixture() -> None:
    result = read_cons({n: FIXTURES / n for n in CONS_FILES})
    entries = _by_id(result.parsed.entries)
    assert result.unjoined == Unjoined()  # an empty comments file (only Ctrl-Z) is fine
    assert {e.list_id for e in entries.values()} == {"ofac-cons"}
    trading = entries["20001"]
    assert trading.listed_on == "2022-02-24"
    assert trading.designations[0].startswith("OFAC non-SDN UKRAINE-EO13662")
    assert "Subject to Directive 2" in (trading.notes or "")
    assert "https://" not in (trading.notes or "")  # the program's link is not an entry fact
    assert _ids(trading, "inn") == {"7705123456"}
    cmic = entries["20002"]
    assert cmic.listed_on == "2021-06-03"  # "Listing Date (CMIC) 03 Jun 2021", no colon
    assert _ids(cmic, "other") == {"CNE100000XY1"}  # ISIN
    assert [(r.kind, r.other_name) for r in cmic.relations] == [
        ("securities_issuer", "Huaxia Satellite Tech Co Ltd")
    ]
    assert entries["20003"].countries == ("PS",)  # "West Bank"
    assert entries["20003"].entity_type == "person"


def test_sources_describe_both_lists() -> None:
    by_id = {s.id: s for s in ofac.SOURCES}
    assert set(by_id) == {"ofac-sdn", "ofac-cons"}
    assert [f.name for f in by_id["ofac-sdn"].files] == list(SDN_FILES)
    assert [f.name for f in by_id["ofac-cons"].files] == list(CONS_FILES)
    for source in by_id.values():
        assert source.category == "sanctions"
        for file in source.files:
            assert file.url and file.url.startswith("https://sanctionslistservice.ofac.treas.gov/")
            assert file.url.endswith("/" + file.name.upper())
            assert file.name in file.patterns
        # The primary and alias files make a list; addresses and comments only add to it.
        assert [f.required for f in source.files] == [True, True, False, False]
    parsed = by_id["ofac-sdn"].parse(_fixture_sdn())
    assert len(parsed.entries) == 9


# --- The published files ------------------------------------------------------------------------


def _need(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            pytest.skip(f"shared list data not available: {path}")


def _raw(path: Path) -> list[list[str]]:
    """An OFAC CSV read independently of the parser: csv rows with a numeric first cell."""
    with path.open(encoding="ascii", newline="") as handle:
        return [r for r in csv.reader(handle) if r and r[0].strip().isdigit()]


def _null(text: str) -> str:
    return "" if text.strip() == "-0-" else text


_RAW_WEAK = re.compile(r"[afn]\.k\.a\. '(.*?)'(?=;|\.?$)")


def _weak_count(sdn: Path, comments: Path | None) -> int:
    """Remark a.k.a./f.k.a./n.k.a. names in remarks joined to their continuations."""
    extra: dict[str, str] = defaultdict(str)
    if comments is not None:
        for row in _raw(comments):
            extra[row[0]] += _null(row[1])
    total = 0
    for row in _raw(sdn):
        remark = _null(row[11]) + extra.get(row[0], "")
        total += sum(len(_RAW_WEAK.findall(f.strip())) for f in re.split(r";\s*", remark))
    return total


@pytest.fixture(scope="module")
def sdn_2021() -> ofac.OfacParse:
    folder = OFAC / "2021-07-07"
    _need(folder / "sdn.csv")
    return read_sdn({n: folder / n for n in SDN_FILES})


def test_2021_complete_publication(sdn_2021: ofac.OfacParse) -> None:
    folder = OFAC / "2021-07-07"
    parsed, unjoined = sdn_2021.parsed, sdn_2021.unjoined
    # SOURCES.md: 8,976 entries (3,673 entities, 4,620 individuals, 406 vessels, 277 aircraft),
    # 67 programs, 4,139 entries with an alt.csv alias, every alt and add row joined.
    assert len(parsed.entries) == 8976
    types = Counter(e.entity_type for e in parsed.entries)
    assert types == {"organization": 3673, "person": 4620, "vessel": 406, "aircraft": 277}
    assert len({p for e in parsed.entries for p in e.programs}) == 67
    assert sum(1 for e in parsed.entries if any(a.strong for a in e.aliases)) == 4139
    assert unjoined == Unjoined()
    # 11,910 alt rows, of which two repeat a name of the same entry (ent_num 8407 and 16448).
    alt_rows = _raw(folder / "alt.csv")
    assert len(alt_rows) == 11910
    distinct_alt = {(r[0], " ".join(r[3].split())) for r in alt_rows}
    strong = sum(1 for e in parsed.entries for a in e.aliases if a.strong)
    assert strong == len(distinct_alt) == 11908
    # Weak aliases: SOURCES.md counts 2,423 with a pattern that misses the 15 names beginning
    # with an apostrophe ('ABD-AL-'IZ) and the 3 that continuations in sdn_comments.csv complete.
    weak = sum(1 for e in parsed.entries for a in e.aliases if not a.strong)
    assert weak == _weak_count(folder / "sdn.csv", folder / "sdn_comments.csv") == 2441
    assert parsed.names == 8976 + 11908 + 2441
    assert len(_raw(folder / "add.csv")) == 13837
    assert len(_raw(folder / "sdn_comments.csv")) == 5


def _spot_check(entries: dict[str, Entry], sdn: Path, alt: Path | None) -> Counter[str]:
    """Facts read from the raw files with csv and regular expressions, found on the entries.

    Returns how many facts of each kind were checked, so a test can tell it checked something.
    """
    aliases: dict[str, list[tuple[int, str]]] = defaultdict(list)
    if alt is not None:
        for row in _raw(alt):
            aliases[row[0]].append((int(row[1]), " ".join(row[3].split())))
    checked = Counter[str]()
    for row in _raw(sdn):
        entry = entries[row[0]]
        assert entry.name == " ".join(row[1].split())
        assert list(entry.programs) == [
            p.strip(" []") for p in row[3].split("] [") if _null(p).strip()
        ]
        strong = [a.name for a in entry.aliases if a.strong]
        assert strong == list(dict.fromkeys(n for _, n in sorted(aliases[row[0]])))
        remark = _null(row[11])
        if len(remark) >= ofac.REMARKS_WIDTH:
            continue  # cut: its end depends on the continuation
        for day, month, year in re.findall(
            r"\bDOB (\d{2}) ([A-Z][a-z]{2}) (\d{4})(?=[;.])", remark
        ):
            month_no = "JanFebMarAprMayJunJulAugSepOctNovDec".index(month) // 3 + 1
            assert f"{year}-{month_no:02d}-{day}" in entry.birth_dates
            checked["dob"] += 1
        for inn in re.findall(r"Tax ID No\. (\d{10}|\d{12}) \(Russia\)", remark):
            assert inn in _ids(entry, "inn")
            checked["inn"] += 1
        for ogrn in re.findall(r"Registration Number (\d{13}) \(Russia\)", remark):
            assert ogrn in _ids(entry, "ogrn")
            checked["ogrn"] += 1
        for imo in re.findall(r"\bIMO (\d{7})\b", remark):
            assert imo in _ids(entry, "imo")
            checked["imo"] += 1
        for bic in re.findall(r"SWIFT/BIC ([A-Z0-9 ]{8,14}?)(?=[;.]|$)", remark):
            assert bic.replace(" ", "") in _ids(entry, "bic")
            checked["bic"] += 1
        for passport in re.findall(r"\bPassport ([A-Z0-9]+) \(", remark):
            assert passport in _ids(entry, "passport")
            checked["passport"] += 1
        for uscc in re.findall(r"Unified Social Credit Code \(USCC\) ([0-9A-Z]{18})", remark):
            assert uscc in _ids(entry, "uscc")
            checked["uscc"] += 1
        weak = [a.name for a in entry.aliases if not a.strong]
        raw_weak = [
            " ".join(m.split())  # the parser makes runs of spaces one ("IVAN  MARQUEZ")
            for f in re.split(r";\s*", remark)
            for m in _RAW_WEAK.findall(f.strip())
        ]
        assert weak == list(dict.fromkeys(raw_weak))
        checked["weak"] += len(raw_weak)
    return checked


def test_2021_entries_match_the_raw_files(sdn_2021: ofac.OfacParse) -> None:
    folder = OFAC / "2021-07-07"
    checked = _spot_check(_by_id(sdn_2021.parsed.entries), folder / "sdn.csv", folder / "alt.csv")
    assert min(checked[k] for k in ("dob", "passport", "imo", "inn", "bic", "weak")) > 50


@pytest.fixture(scope="module")
def sdn_2024_mixed() -> ofac.OfacParse:
    sdn, later = OFAC / "sdn_2024-05-03" / "sdn.csv", OFAC / "2025-12-24"
    _need(sdn, later / "alt.csv")
    files = {"sdn.csv": sdn, **{n: later / n for n in SDN_FILES[1:]}}
    return read_sdn(files)


def test_2024_sdn_with_2025_companions(sdn_2024_mixed: ofac.OfacParse) -> None:
    sdn, later = OFAC / "sdn_2024-05-03" / "sdn.csv", OFAC / "2025-12-24"
    parsed, unjoined = sdn_2024_mixed.parsed, sdn_2024_mixed.unjoined
    # SOURCES.md: 14,965 entries: 6,884 entities, 6,854 individuals, 851 vessels, 376 aircraft;
    # 75 programs, the largest RUSSIA-EO14024 4,439, SDGT 2,386 and SDNTK 1,439.
    assert len(parsed.entries) == 14965
    types = Counter(e.entity_type for e in parsed.entries)
    assert types == {"organization": 6884, "person": 6854, "vessel": 851, "aircraft": 376}
    programs = Counter(p for e in parsed.entries for p in e.programs)
    assert len(programs) == 75
    assert programs.most_common(3) == [("RUSSIA-EO14024", 4439), ("SDGT", 2386), ("SDNTK", 1439)]
    # SOURCES.md: 17,647 of the 20,107 alt rows belong to 7,086 entries of the 2024 file; the
    # other 2,460 name entries listed later (or delisted).
    assert unjoined.aliases == 2460
    assert sum(1 for e in parsed.entries if any(a.strong for a in e.aliases)) == 7086
    in_2024 = {r[0] for r in _raw(sdn)}
    add_rows = _raw(later / "add.csv")
    assert len(add_rows) == 24244
    assert unjoined.addresses == sum(1 for r in add_rows if r[0] not in in_2024)
    # A continuation joins only a remark that fills the field; the rest are another date's.
    full = {r[0] for r in _raw(sdn) if len(_null(r[11])) >= ofac.REMARKS_WIDTH}
    comments = _raw(later / "sdn_comments.csv")
    assert len(comments) == 28
    assert unjoined.comments == sum(1 for r in comments if r[0] not in full)


def test_2024_entries_match_the_raw_files(sdn_2024_mixed: ofac.OfacParse) -> None:
    checked = _spot_check(
        _by_id(sdn_2024_mixed.parsed.entries),
        OFAC / "sdn_2024-05-03" / "sdn.csv",
        OFAC / "2025-12-24" / "alt.csv",
    )
    kinds = ("dob", "passport", "imo", "inn", "ogrn", "bic", "uscc", "weak")
    assert min(checked[k] for k in kinds) > 50


def test_2024_sdn_alone_reports_its_cut_remarks() -> None:
    sdn = OFAC / "sdn_2024-05-03" / "sdn.csv"
    _need(sdn)
    result = read_sdn({"sdn.csv": sdn})
    cut = [r for r in _raw(sdn) if len(r[11]) >= ofac.REMARKS_WIDTH and not r[11].endswith(".")]
    assert result.unjoined.truncated_remarks == len(cut) > 0
    assert len(result.parsed.entries) == 14965


def test_parsing_the_largest_file_takes_seconds() -> None:
    sdn, later = OFAC / "sdn_2024-05-03" / "sdn.csv", OFAC / "2025-12-24"
    _need(sdn, later / "alt.csv")
    start = time.perf_counter()
    read_sdn({"sdn.csv": sdn, **{n: later / n for n in SDN_FILES[1:]}})
    # The brief: a few seconds at most (about 1.5 s here); generous for slow CI machines.
    assert time.perf_counter() - start < 10


def test_2025_consolidated_publication() -> None:
    folder = OFAC / "non_sdn_2025-12-19"
    _need(folder / "cons_prim.csv")
    result = read_cons({n: folder / n for n in CONS_FILES})
    parsed = result.parsed
    # SOURCES.md: 442 entries (79 individuals, 363 entities); UKRAINE-EO13662 286,
    # RUSSIA-EO14024 93, NS-PLC 78, CMIC-EO13959 68; 1,073 alt and 574 add rows, 10 comments.
    assert len(parsed.entries) == 442
    assert Counter(e.entity_type for e in parsed.entries) == {"person": 79, "organization": 363}
    programs = Counter(p for e in parsed.entries for p in e.programs)
    assert programs["UKRAINE-EO13662"] == 286
    assert programs["RUSSIA-EO14024"] == 93
    assert programs["NS-PLC"] == 78
    assert programs["CMIC-EO13959"] == 68
    assert result.unjoined == Unjoined()
    assert len(_raw(folder / "cons_alt.csv")) == 1073
    assert len(_raw(folder / "cons_add.csv")) == 574
    assert len(_raw(folder / "cons_comments.csv")) == 10
    # SOURCES.md counts 1,583 names with the 68 weak aliases of cons_prim.csv; 4 more are in the
    # continuations of cut remarks (cons_comments.csv).
    weak = _weak_count(folder / "cons_prim.csv", folder / "cons_comments.csv")
    assert weak == 72
    assert parsed.names == 442 + 1073 + weak
    checked = _spot_check(_by_id(parsed.entries), folder / "cons_prim.csv", folder / "cons_alt.csv")
    assert min(checked[k] for k in ("dob", "inn", "weak")) > 0


def test_weak_aliases_are_what_the_enhanced_xml_calls_low_quality() -> None:
    """OFAC FAQ 123: CSV remark a.k.a.s are the Enhanced XML's isLowQuality aliases."""
    folder, archive = OFAC / "non_sdn_2025-12-19", OFAC / "non_sdn_enhanced_2025-01-14"
    _need(folder / "cons_prim.csv", archive / "CONS_ENHANCED.ZIP")
    entries = read_cons({n: folder / n for n in CONS_FILES}).parsed.entries
    ours = {(e.entry_id, a.name.upper(), a.strong) for e in entries for a in e.aliases}
    with zipfile.ZipFile(archive / "CONS_ENHANCED.ZIP") as zipped:
        root = ElementTree.fromstring(zipped.read("CONS_ENHANCED.XML"))
    ns = root.tag.split("}")[0] + "}"
    ids = {e.entry_id for e in entries}
    low: set[tuple[str, str]] = set()
    high: set[tuple[str, str]] = set()
    for entity in root.iter(f"{ns}entity"):
        if entity.get("id") not in ids:
            continue  # the XML is eleven months older than the CSV
        for name in entity.iter(f"{ns}name"):
            if name.findtext(f"{ns}isPrimary") == "true":
                continue
            for translation in name.iter(f"{ns}translation"):
                if translation.findtext(f"{ns}script") == "Latin":
                    key = (
                        str(entity.get("id")),
                        str(translation.findtext(f"{ns}formattedFullName")).upper(),
                    )
                    (low if name.findtext(f"{ns}isLowQuality") == "true" else high).add(key)
    assert len(low) >= 60
    assert {(i, n, False) for i, n in low} <= ours
    assert not {(i, n, False) for i, n in high} & ours
