"""Tests for screener.lists.uk: the FCDO UK Sanctions List (CSV, XML) and OFSI ConList parsers."""

from __future__ import annotations

import csv
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from screener.errors import ListError
from screener.lists import uk
from screener.lists.official import ParsedList
from screener.model import Entry, Identifier, Relation

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "uk"
REPO = Path(__file__).resolve().parents[2]
REAL_OFSI = REPO.parent / "shared" / "data" / "lists" / "uk" / "2025-04-10" / "ConList.xlsx"


def _by_id(parsed: ParsedList) -> dict[str, Entry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def fcdo_csv() -> ParsedList:
    return uk.parse_fcdo({uk.FCDO_CSV: FIXTURES / "UK-Sanctions-List.csv"})


@pytest.fixture(scope="module")
def fcdo(fcdo_csv: ParsedList) -> dict[str, Entry]:
    return _by_id(fcdo_csv)


@pytest.fixture(scope="module")
def ofsi_csv() -> ParsedList:
    return uk.parse_ofsi({uk.OFSI_CSV: FIXTURES / "ConList.csv"})


@pytest.fixture(scope="module")
def ofsi(ofsi_csv: ParsedList) -> dict[str, Entry]:
    return _by_id(ofsi_csv)


def _kinds(entry: Entry, kind: str) -> list[str]:
    return [i.value for i in entry.identifiers if i.kind == kind]


# --- The sources ----------------------------------------------------------------------------------


def test_fcdo_source_fetches_the_csv_and_imports_the_xml() -> None:
    source = next(s for s in uk.SOURCES if s.id == "uk-fcdo")
    assert source.category == "sanctions"
    files = {f.name: f for f in source.files}
    assert files["UK-Sanctions-List.csv"].url == (
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
    )
    assert files["UK-Sanctions-List.xml"].url is None
    # Either file alone is a complete copy of the list.
    assert not any(f.required for f in source.files)


def test_ofsi_source_is_import_only_and_says_the_list_closed() -> None:
    source = next(s for s in uk.SOURCES if s.id == "uk-ofsi")
    assert {f.name for f in source.files} == {"ConList.csv", "ConList.xlsx"}
    assert all(f.url is None for f in source.files)
    assert "28 January 2026" in source.notes
    assert "uk-fcdo" in source.notes


# --- FCDO UK Sanctions List CSV -------------------------------------------------------------------


def test_report_date_is_the_publication_date(fcdo_csv: ParsedList) -> None:
    assert fcdo_csv.published == "2026-03-02"


def test_rows_group_by_unique_id_in_file_order(fcdo: dict[str, Entry]) -> None:
    assert list(fcdo) == ["TST0001", "TST0002", "TST0003", "TST0004"]
    assert [e.entity_type for e in fcdo.values()] == [
        "person",
        "organization",
        "vessel",
        "person",
    ]
    assert {e.list_id for e in fcdo.values()} == {"uk-fcdo"}
    assert {e.category for e in fcdo.values()} == {"sanctions"}


def test_primary_name_and_alias_strength(fcdo: dict[str, Entry]) -> None:
    person = fcdo["TST0001"]
    assert person.name == "Ivan Petrovich TESTOV"  # Name 1, Name 2 ... then Name 6
    strength = {a.name: a.strong for a in person.aliases}
    assert strength == {
        "Ivan Petrovich TESTOFF": True,  # primary name variation
        "Vanya TESTOV": True,  # "Good quality a.k.a"
        "VANYA": False,  # "Low quality a.k.a": the list's weak alias
        "Иван Петрович Тестов": True,
    }
    cyrillic = next(a for a in person.aliases if a.name == "Иван Петрович Тестов")
    assert (cyrillic.script, cyrillic.lang) == ("Cyrl", "ru")


def test_name_type_casing_does_not_hide_the_primary_name(fcdo: dict[str, Entry]) -> None:
    # The UN-sourced designation writes "Primary name" (lower-case n), as the real file does.
    un_person = fcdo["TST0004"]
    assert un_person.name == "AKRAM TURKI AL-TESTI"
    assert {a.name: a.strong for a in un_person.aliases} == {
        "Abu Akram": False,
        "Akram Turki Al-Testi": True,
    }


def test_names_count_every_name_once(fcdo_csv: ParsedList) -> None:
    assert fcdo_csv.names == sum(1 + len(e.aliases) for e in fcdo_csv.entries) == 13


def test_birth_dates_keep_what_the_list_knows(fcdo: dict[str, Entry]) -> None:
    # "dd/mm/1968" is a year; "dd/09/1958" a month; a repeated date counts once.
    assert fcdo["TST0001"].birth_dates == ("1968", "1967-11-12")
    assert fcdo["TST0004"].birth_dates == ("1985", "1958-09")


def test_regime_becomes_program_and_designation(fcdo: dict[str, Entry]) -> None:
    person = fcdo["TST0001"]
    assert person.programs == ("Russia",)
    (designation,) = person.designations
    assert designation.startswith("UK FCDO The Russia (Sanctions) (EU Exit) Regulations 2019")
    assert "(2022-03-15)" in designation
    assert "[Unique ID TST0001]" in designation
    assert "Asset freeze, Travel Ban, Director Disqualification Sanction" in designation
    assert person.listed_on == "2022-03-15"
    assert fcdo["TST0004"].programs == ("ISIL (Da'esh) and Al-Qaida",)


def test_countries_nationalities_and_addresses(fcdo: dict[str, Entry]) -> None:
    person, company, ship, un_person = fcdo.values()
    assert person.countries == ("RU",)
    assert person.nationalities == ("RU",)
    assert person.addresses == ("1 Tverskaya Street, Moscow, 125009, Russia",)
    # A second address on another name row of the same designation is kept too.
    assert company.countries == ("RU", "AE")
    assert company.addresses[1] == "Office 7, Block B, Free Zone, Dubai, United Arab Emirates"
    assert ship.countries == ("CM",)  # the ship's current flag
    assert un_person.nationalities == ("IQ",)


def test_identifiers_are_typed(fcdo: dict[str, Entry]) -> None:
    person, company, ship, un_person = fcdo.values()
    assert _kinds(person, "passport") == ["720000111", "753000222"]
    assert _kinds(company, "inn") == ["7701234560"]
    assert _kinds(company, "ogrn") == ["1027700123450"]
    assert _kinds(company, "kpp") == ["770101001"]
    # The SWIFT/BIC written in the list's prose; the resolution year beside it is not a number.
    assert _kinds(company, "bic") == ["TSTKRUMM"]
    assert _kinds(company, "phone") == ["+7 495 000 00 01", "+7 495 000 00 02"]
    assert _kinds(company, "email") == ["info@testkom.example"]
    assert _kinds(company, "website") == ["https://testkom.example"]
    assert ship.identifiers == (Identifier("imo", "9999993"),)
    assert un_person.identifiers == (Identifier("national_id", "0075258"),)


def test_relations_from_parents_subsidiaries_and_owners(fcdo: dict[str, Entry]) -> None:
    company, ship = fcdo["TST0002"], fcdo["TST0003"]
    assert company.relations == (
        Relation("owned_by", None, "Testholding JSC", "parent company"),
        Relation("owns", None, "Testkom Logistics LLC", "subsidiary"),
        Relation("owns", None, "Testkom Trading FZE", "subsidiary"),
    )
    assert ship.relations == (
        Relation("owned_by", None, "Tester Shipping Co Ltd", "current owner/operator"),
        Relation("associate", None, "Old Tester Maritime SA", "previous owner/operator"),
    )


def test_notes_keep_other_information_and_reasons(fcdo: dict[str, Entry]) -> None:
    notes = fcdo["TST0001"].notes or ""
    assert notes.startswith("Director of Testkom LLC.")
    assert "supplies electronic components" in notes
    assert fcdo["TST0001"].url == uk.FCDO_HOMEPAGE


def test_xml_gives_the_same_entries_as_the_csv(fcdo_csv: ParsedList) -> None:
    xml = uk.parse_fcdo({uk.FCDO_XML: FIXTURES / "UK-Sanctions-List.xml"})
    assert xml.published == fcdo_csv.published
    assert xml.names == fcdo_csv.names
    assert xml.entries == fcdo_csv.entries


def test_the_xml_is_preferred_when_both_files_are_given(tmp_path: Path) -> None:
    xml = tmp_path / "list.xml"
    text = (FIXTURES / "UK-Sanctions-List.xml").read_text(encoding="utf-8")
    xml.write_text(text.replace("TST0001", "XML0001"), encoding="utf-8")
    both = uk.parse_fcdo({uk.FCDO_CSV: FIXTURES / "UK-Sanctions-List.csv", uk.FCDO_XML: xml})
    assert both.entries[0].entry_id == "XML0001"


def _fcdo_rows() -> list[list[str]]:
    with (FIXTURES / "UK-Sanctions-List.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_csv_without_the_header_is_refused(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "x.csv", [["Report Date: 02-Mar-2026"], *[["a", "b"]] * 6])
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_CSV: path})
    assert "Unique ID" in caught.value.message
    assert caught.value.file == str(path)
    assert caught.value.row == 5


def test_csv_missing_a_required_column_names_it(tmp_path: Path) -> None:
    rows = _fcdo_rows()
    drop = rows[1].index("Name type")
    path = _write_csv(tmp_path / "x.csv", [r[:drop] + r[drop + 1 :] for r in rows])
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_CSV: path})
    assert (caught.value.row, caught.value.field) == (2, "name type")


def test_csv_row_without_unique_id_is_refused_with_its_row(tmp_path: Path) -> None:
    rows = _fcdo_rows()
    rows[4][rows[1].index("Unique ID")] = ""
    path = _write_csv(tmp_path / "x.csv", rows)
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_CSV: path})
    assert (caught.value.row, caught.value.field) == (5, "Unique ID")


def test_designation_without_any_name_is_refused(tmp_path: Path) -> None:
    rows = _fcdo_rows()
    header = rows[1]
    names = [header.index(f"Name {i}") for i in range(1, 7)]
    for row in rows[2:]:
        if row[header.index("Unique ID")] == "TST0003":
            for i in names:
                row[i] = ""
    path = _write_csv(tmp_path / "x.csv", rows)
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_CSV: path})
    assert "TST0003" in caught.value.message
    assert caught.value.row == 9


def test_xml_with_another_root_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<?xml version='1.0'?><ArrayOfFinancialSanctionsTarget/>", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_XML: path})
    assert "<Designations>" in caught.value.message
    assert caught.value.field == "ArrayOfFinancialSanctionsTarget"


def test_malformed_xml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<Designations>\n<Designation>\n</Designations>\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        uk.parse_fcdo({uk.FCDO_XML: path})
    assert caught.value.row == 3


def test_no_file_at_all_is_a_list_error() -> None:
    with pytest.raises(ListError):
        uk.parse_fcdo({})
    with pytest.raises(ListError):
        uk.parse_ofsi({})


# --- OFSI ConList (2022 format) -------------------------------------------------------------------


def test_ofsi_last_updated_is_the_publication_date(ofsi_csv: ParsedList) -> None:
    assert ofsi_csv.published == "2026-02-04"


def test_ofsi_rows_group_by_group_id(ofsi: dict[str, Entry]) -> None:
    assert list(ofsi) == ["90011", "90012", "90013", "90015"]
    assert [e.entity_type for e in ofsi.values()] == [
        "person",
        "organization",
        "vessel",
        "organization",
    ]
    assert {e.list_id for e in ofsi.values()} == {"uk-ofsi"}


def test_ofsi_repeated_name_rows_add_their_dates_of_birth(ofsi: dict[str, Entry]) -> None:
    person = ofsi["90011"]
    # One row per date of birth repeats the primary name: the name counts once.
    assert [a.name for a in person.aliases].count("Ivan Petrovich TESTOV") == 0
    assert person.name == "Ivan Petrovich TESTOV"
    assert person.birth_dates == ("1967-11-12", "1968")
    assert {a.name: a.strong for a in person.aliases}["VANYA"] is False


def test_ofsi_multi_valued_cells(ofsi: dict[str, Entry]) -> None:
    person = ofsi["90011"]
    assert person.nationalities == ("RU", "CY")
    assert _kinds(person, "passport") == ["720000111", "753000222"]


def test_ofsi_other_information_facts(ofsi: dict[str, Entry]) -> None:
    person, company, ship, _ = ofsi.values()
    assert person.designations == ("UK OFSI Russia (2022-03-15) [Group ID 90011; UK ref TST0001]",)
    assert "director of Testkom LLC" in (person.notes or "")
    assert [(i.kind, i.value) for i in company.identifiers[:3]] == [
        ("inn", "7701234560"),
        ("ogrn", "1027700123450"),
        ("kpp", "770101001"),
    ]
    assert _kinds(company, "phone") == ["+7 495 000 00 01", "+7 495 000 00 02"]
    assert Relation("owned_by", None, "Testholding JSC", "parent company") in company.relations
    # Free text and the statement of reasons both reach the notes.
    assert "Trust services" in (company.notes or "")
    assert "destabilising Ukraine" in (company.notes or "")
    assert ship.identifiers == (Identifier("imo", "9999993"),)
    assert ship.countries == ("CM",)
    assert ship.relations == (
        Relation("owned_by", None, "Tester Shipping Co Ltd", "current owner"),
    )


def test_ofsi_fka_names_are_strong_aliases(ofsi: dict[str, Entry]) -> None:
    company = ofsi["90012"]
    assert {a.name: a.strong for a in company.aliases} == {
        "OOO TESTKOM": True,
        "TESTCOM LLC": True,
        "ООО ТЕСТКОМ": True,
    }
    assert company.addresses == (
        "12 Testovaya Street, Office 4, Moscow, 125009, Russia",
        "Office 7, Block B, Free Zone, Dubai, United Arab Emirates",
    )


def test_ofsi_group_without_primary_name_uses_its_first_variation(ofsi: dict[str, Entry]) -> None:
    entry = ofsi["90015"]
    assert entry.name == "TEST TRADING (H.K.) CO, LIMITED"
    assert [a.name for a in entry.aliases] == ["TEST TRADING HK"]
    assert entry.countries == ("HK",)
    assert entry.addresses == ()  # a country alone is not an address


def test_ofsi_xlsx_gives_the_same_entries_as_the_csv(tmp_path: Path, ofsi_csv: ParsedList) -> None:
    with (FIXTURES / "ConList.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    path = tmp_path / "ConList.xlsx"
    book.save(path)
    parsed = uk.parse_ofsi({uk.OFSI_XLSX: path})
    assert parsed == ofsi_csv


def test_ofsi_csv_in_windows_1252_is_read(tmp_path: Path, ofsi_csv: ParsedList) -> None:
    text = (FIXTURES / "ConList.csv").read_text(encoding="utf-8")
    text = text.replace("Ivan Petrovich TESTOV is", "Ivan Petrovich TESTOV – is")
    # Windows-1252 has no Cyrillic: those names go, everything else stays.
    latin = text.replace("ООО ТЕСТКОМ", "").replace("Иван Петрович Тестов", "")
    path = tmp_path / "ConList.csv"
    path.write_bytes(latin.encode("cp1252"))
    parsed = uk.parse_ofsi({uk.OFSI_CSV: path})
    assert "TESTOV – is" in (_by_id(parsed)["90011"].notes or "")


def test_ofsi_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ConList.xlsx"
    path.write_text("Last Updated,10/04/2025\n", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        uk.parse_ofsi({uk.OFSI_XLSX: path})
    assert caught.value.file == str(path)


def test_ofsi_csv_missing_group_id_column_is_refused(tmp_path: Path) -> None:
    with (FIXTURES / "ConList.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[1].index("Group Type")] = "Kind"
    path = _write_csv(tmp_path / "ConList.csv", rows)
    with pytest.raises(ListError) as caught:
        uk.parse_ofsi({uk.OFSI_CSV: path})
    assert (caught.value.row, caught.value.field) == (2, "group type")


# --- Free-text helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "russian", "expected"),
    [
        (
            "(1) INN – 7701234560 (2) OGRN – 1027700123450 (3) KPP - 770101001",
            False,
            [("inn", "7701234560"), ("ogrn", "1027700123450"), ("kpp", "770101001")],
        ),
        # A "TIN" with valid INN check digits is an INN; one without is a tax number.
        ("TIN: 7701234560", False, [("inn", "7701234560")]),
        ("TIN: 770426257", False, [("tax_id", "770426257")]),
        # The value before its label.
        ("7701234560 - TIN", False, [("inn", "7701234560")]),
        # A parenthesised label repeats the one before it: one INN, one OGRN.
        (
            "TIN (Taxpayer Identification Number) 7701234560 / SRN (State registration number) "
            "1027700123450",
            False,
            [("inn", "7701234560"), ("ogrn", "1027700123450")],
        ),
        # Bare numbers: typed by their check digits only where the entry is Russian.
        ("1027700123450 (Russia)", False, [("ogrn", "1027700123450")]),
        ("1027700123450", False, [("reg", "1027700123450")]),
        ("(1) 7701234560 (2) 770101001", True, [("inn", "7701234560"), ("kpp", "770101001")]),
        # A date beside a registration number is not a number of its own.
        (
            "1027700123450 dated 27/07/1992. Tax ID: 7701234560",
            True,
            [("ogrn", "1027700123450"), ("inn", "7701234560")],
        ),
        ("7701234560/770101001", True, [("inn", "7701234560"), ("kpp", "770101001")]),
        ("(1) (УНН/ИНН): 190950894 (Belarus)", False, [("tax_id", "190950894")]),
        ("USCC: 91310115MA1K4ABC2B", False, [("uscc", "91310115MA1K4ABC2B")]),
        # An 18-character code with a valid GB 32100 check character is a USCC, whatever its label.
        ("TIN: 91310115MA1K4ABC2B", False, [("uscc", "91310115MA1K4ABC2B")]),
        ("Legal Entity Identifier: 5493001KJTIIGC8Y1R12", False, [("lei", "5493001KJTIIGC8Y1R12")]),
        ("SWIFT/BIC TSTKRUMM", False, [("bic", "TSTKRUMM")]),
        ("VAT Tax Number - DE 258714047", False, [("vat", "DE258714047")]),
        (
            "Trade Register Number: District Court of Testburg HRB 13359",
            False,
            [("reg", "HRB 13359")],
        ),
        ("SPARK code 9027410", False, [("other", "9027410")]),
        ("1 149 102 007 933", False, [("reg", "1149102007933")]),
        ("Ma.Bko.2013.M.1610", False, [("reg", "Ma.Bko.2013.M.1610")]),
    ],
)
def test_identifiers_in_text(text: str, russian: bool, expected: list[tuple[str, str]]) -> None:
    found = uk.identifiers_in_text(text, russian=russian)
    assert [(i.kind, i.value) for i in found] == expected


def test_prose_gives_only_labelled_identifiers() -> None:
    prose = (
        "Review pursuant to Security Council resolution 2253 (2015) was concluded on 21 Feb. "
        "2019. CR 12345 in Costa Rica. IMO number: 9999993. SWIFT: TSTKRUMM"
    )
    found = uk.identifiers_in_text(prose, labelled_only=True)
    assert [(i.kind, i.value) for i in found] == [("imo", "9999993"), ("bic", "TSTKRUMM")]
    # A BIC's letters 5-6 are a country: "TRANSFER" after "SWIFT" is not one ("SF").
    assert uk.identifiers_in_text("By SWIFT TRANSFER only", labelled_only=True) == ()


def test_check_digit_helpers() -> None:
    assert uk.inn_valid("7701234560") and not uk.inn_valid("7701234561")
    assert uk.inn_valid("771234567859") and not uk.inn_valid("771234567850")
    assert uk.ogrn_valid("1027700123450") and not uk.ogrn_valid("1027700123451")
    assert uk.uscc_valid("91310115MA1K4ABC2B") and not uk.uscc_valid("91310115MA1K4ABC2C")
    assert uk.lei_valid("5493001KJTIIGC8Y1R12") and not uk.lei_valid("5493001KJTIIGC8Y1R13")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/11/1967", "1967-11-12"),
        ("00/00/1994", "1994"),
        ("dd/mm/1968", "1968"),
        ("dd/09/1958", "1958-09"),
        ("09/1958", "1958-09"),
        ("1985", "1985"),
        ("31/02/1980", "1980-02"),  # an impossible day is dropped, the month kept
        ("13-Feb-2026", "2026-02-13"),
        ("2026-08-05T16:47:04.449+02:00", "2026-08-05"),
        ("circa 1960", None),
        ("", None),
    ],
)
def test_iso_date(text: str, expected: str | None) -> None:
    assert uk.iso_date(text) == expected


@pytest.mark.parametrize(
    ("regime", "short"),
    [
        ("The Russia (Sanctions) (EU Exit) Regulations 2019", "Russia"),
        ("The Global Human Rights Sanctions Regulations 2020", "Global Human Rights"),
        (
            "Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit) Regulations 2019",
            "Isil (Da'esh) and Al-Qaeda",
        ),
        ("Russia", "Russia"),
    ],
)
def test_regime_short(regime: str, short: str) -> None:
    assert uk.regime_short(regime) == short


def test_split_values_keeps_abbreviations_inside_names() -> None:
    text = "AIS Testing Co. Ltd (ATC). Test Electronics Industries (TEI). The Institute of Test Co"
    assert uk.split_values(text, sentences=True) == [
        "AIS Testing Co. Ltd (ATC)",
        "Test Electronics Industries (TEI)",
        "The Institute of Test Co",
    ]
    assert uk.split_values("(1) a (2) b|c; d") == ["a", "b", "c", "d"]


def test_countries_in_reads_list_wordings() -> None:
    assert uk.countries_in("(1) Germany. (2) Morocco") == ["DE", "MA"]
    assert uk.countries_in("Occupied Palestinian Territories") == ["PS"]
    assert uk.countries_in("Iraq (previous address)") == ["IQ"]
    assert uk.countries_in("Estonia, Russia") == ["EE", "RU"]


# --- The real OFSI Consolidated List of 10 April 2025 ---------------------------------------------


@pytest.fixture(scope="module")
def real_rows() -> list[dict[str, str]]:
    if not REAL_OFSI.exists():
        pytest.skip(f"shared list data not present: {REAL_OFSI}")
    book = load_workbook(REAL_OFSI, read_only=True)
    try:
        rows = [
            [str(c) if c is not None else "" for c in r]
            for r in book.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        book.close()
    header = rows[1]
    return [dict(zip(header, r, strict=False)) for r in rows[2:]]


@pytest.fixture(scope="module")
def real() -> tuple[ParsedList, float]:
    if not REAL_OFSI.exists():
        pytest.skip(f"shared list data not present: {REAL_OFSI}")
    start = time.perf_counter()
    parsed = uk.parse_ofsi({uk.OFSI_XLSX: REAL_OFSI})
    return parsed, time.perf_counter() - start


def _raw_name(row: dict[str, str]) -> str:
    return " ".join(
        " ".join(row[f"Name {i}"].split()) for i in (1, 2, 3, 4, 5, 6) if row[f"Name {i}"].strip()
    )


def test_real_counts_match_sources_md(
    real: tuple[ParsedList, float], real_rows: list[dict[str, str]]
) -> None:
    parsed, seconds = real
    assert len(real_rows) == 18_796
    groups = {r["Group ID"] for r in real_rows}
    assert len(groups) == len(parsed.entries) == 4_686
    assert parsed.published == "2025-04-10"
    group_type = {r["Group ID"]: r["Group Type"] for r in real_rows}
    assert Counter(group_type.values()) == {"Individual": 3_662, "Entity": 1_009, "Ship": 15}
    assert Counter(e.entity_type for e in parsed.entries) == {
        "person": 3_662,
        "organization": 1_009,
        "vessel": 15,
    }
    # Performance guard: the full list parses in seconds (about 3 s on a laptop).
    assert seconds < 30


def test_real_names_are_every_distinct_name_of_each_group(
    real: tuple[ParsedList, float], real_rows: list[dict[str, str]]
) -> None:
    parsed, _ = real
    names: dict[str, set[str]] = defaultdict(set)
    for row in real_rows:
        names[row["Group ID"]].add(_raw_name(row))
        if row["Name Non-Latin Script"].strip():
            names[row["Group ID"]].add(" ".join(row["Name Non-Latin Script"].split()))
    names = {g: {n for n in v if n} for g, v in names.items()}
    assert parsed.names == sum(len(v) for v in names.values())
    for entry in parsed.entries:
        assert {entry.name, *(a.name for a in entry.aliases)} == names[entry.entry_id]


def test_real_weak_aliases_are_the_low_quality_rows(
    real: tuple[ParsedList, float], real_rows: list[dict[str, str]]
) -> None:
    parsed, _ = real
    low = {(r["Group ID"], _raw_name(r)) for r in real_rows if r["Alias Quality"] == "Low quality"}
    good = {(r["Group ID"], _raw_name(r)) for r in real_rows if r["Alias Quality"] != "Low quality"}
    weak = {(e.entry_id, a.name) for e in parsed.entries for a in e.aliases if not a.strong}
    assert weak == low - good
    assert weak


def test_real_regimes_are_counted_by_group(
    real: tuple[ParsedList, float], real_rows: list[dict[str, str]]
) -> None:
    parsed, _ = real
    by_regime: dict[str, set[str]] = defaultdict(set)
    for row in real_rows:
        by_regime[row["Regime"]].add(row["Group ID"])
    counted = Counter(p for e in parsed.entries for p in e.programs)
    assert counted == {regime: len(groups) for regime, groups in by_regime.items()}
    assert counted["Russia"] == 2_181
    assert len(counted) == 31


def test_real_spot_checks(real: tuple[ParsedList, float], real_rows: list[dict[str, str]]) -> None:
    parsed, _ = real
    entries = _by_id(parsed)
    haq = entries["15672"]
    assert haq.name == "Mian Abdul HAQ"
    assert {"Mian MITHOO", "Mian MITHU"} <= {a.name for a in haq.aliases}
    assert haq.programs == ("Global Human Rights",)
    assert "UK ref GHR0086" in haq.designations[0]
    assert haq.nationalities == ("PK",)
    assert haq.listed_on == "2022-12-09"
    # The two groups that have no "Primary name" row still get a name.
    assert entries["16601"].name == "33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE"

    for row in real_rows:
        other = row["Other Information"]
        gid = row["Group ID"]
        if m := re.search(r"\(IMO number\):\s*(\d{7})", other):
            assert Identifier("imo", m.group(1)) in entries[gid].identifiers
        if m := re.search(r"\(Business Reg No\):\s*OGRN:\s*(\d{13})\s*$", other):
            assert Identifier("ogrn", m.group(1)) in entries[gid].identifiers
        if m := re.search(
            r"\(Business Reg No\):\s*\(1\) INN: (\d{10}) \(2\) OGRN: (\d{13})", other
        ):
            assert Identifier("inn", m.group(1)) in entries[gid].identifiers
            assert Identifier("ogrn", m.group(2)) in entries[gid].identifiers
        script = row["Name Non-Latin Script"].strip()
        if script and row["Non-Latin Script Language"] == "Russian":
            alias = next(a for a in entries[gid].aliases if a.name == " ".join(script.split()))
            assert alias.lang == "ru"
            letters = [c for c in alias.name if c.isalpha()]
            if all(unicodedata.name(c).startswith("CYRILLIC") for c in letters):
                assert alias.script == "Cyrl"
            else:  # "AHO ДИАЛОГ": Latin look-alikes mixed in; no one script
                assert alias.script is None
    ships = [e for e in parsed.entries if e.entity_type == "vessel"]
    assert all(_kinds(s, "imo") for s in ships)


def test_real_dates_of_birth_are_all_iso(real: tuple[ParsedList, float]) -> None:
    parsed, _ = real
    dates = [d for e in parsed.entries for d in e.birth_dates]
    assert len(dates) > 3_000
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in dates)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for e in parsed.entries for c in e.countries)
