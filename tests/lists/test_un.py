"""Tests for screener.lists.un: the UN Security Council Consolidated List XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists import un
from screener.lists.official import ParsedList
from screener.model import Alias, Entry, Identifier, Relation
from screener.normalize import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "un"
REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "lists" / "un" / "2026-02-27" / "UN_consolidated.xml"


def _parse(name: str) -> ParsedList:
    return un.parse({un.FILE: FIXTURES / name})


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return _parse("consolidated.xml")


@pytest.fixture(scope="module")
def fixture(parsed: ParsedList) -> dict[str, Entry]:
    return {e.entry_id: e for e in parsed.entries}


# --- The source ---------------------------------------------------------------------------------


def test_source_describes_the_un_file() -> None:
    (source,) = un.SOURCES
    assert (source.id, source.category) == ("un-sc", "sanctions")
    (file,) = source.files
    assert file.name == "consolidated.xml"
    assert file.url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"


# --- A hand-written file in the publisher's format ----------------------------------------------


def test_date_generated_is_the_publication_date(parsed: ParsedList) -> None:
    assert parsed.published == "2026-01-15"
    assert parsed.version == "2026-01-15T00:00:05.123Z"


def test_records_become_entries_keyed_by_reference_number(fixture: dict[str, Entry]) -> None:
    # Individuals first, then entities; the trailing space of "KPe.901 " is not part of the id.
    assert list(fixture) == ["QDi.901", "KPi.901", "QDe.901", "KPe.901"]
    assert [e.entity_type for e in fixture.values()] == [
        "person",
        "person",
        "organization",
        "organization",
    ]
    assert {(e.list_id, e.category) for e in fixture.values()} == {("un-sc", "sanctions")}


def test_names_join_the_name_parts(fixture: dict[str, Entry]) -> None:
    assert fixture["QDi.901"].name == "EXAMPLE PERSON AL-TESTI"
    assert fixture["KPi.901"].name == "KIM EXAMPLE"


def test_alias_quality_sets_strength(fixture: dict[str, Entry]) -> None:
    aliases = {a.name: a for a in fixture["QDi.901"].aliases}
    assert aliases["Abu Example"].strong is False  # QUALITY Low
    # Listed as Good and as Low: the good listing wins.
    assert aliases["Example Person al-Testy"].strong is True
    # One ALIAS_NAME with two names separated by ";".
    assert aliases["Ekzampl Person"].strong and aliases["Exampel Persson"].strong
    assert "" not in aliases  # the empty INDIVIDUAL_ALIAS element


def test_original_script_names_are_aliases(fixture: dict[str, Entry]) -> None:
    assert Alias("مثال شخص التستي", script="Arab") in fixture["QDi.901"].aliases
    assert fixture["KPi.901"].aliases == (Alias("김 예시", script="Hang"),)


def test_entity_aliases_split_original_and_transliterations(fixture: dict[str, Entry]) -> None:
    front = fixture["QDe.901"]
    # "جبهة المثال (Jabhat al-Mithal; Jabhat al Mithal)": the Arabic name equals the original
    # script name, the two spellings fold to one; f.k.a. aliases are strong too.
    assert front.aliases == (
        Alias("جبهة المثال", script="Arab"),
        Alias("Jabhat al-Mithal", script="Latn"),
        Alias("Example Brigade", script="Latn"),
    )


def test_split_alias() -> None:
    assert un.split_alias("Qasim Soleimani; Qasem Sulaimani") == [
        "Qasim Soleimani",
        "Qasem Sulaimani",
    ]
    assert un.split_alias("a) Abu Example b) Abu Sample") == ["Abu Example", "Abu Sample"]
    assert un.split_alias("Amir Example (original script: Амир Пример)") == [
        "Amir Example",
        "Амир Пример",
    ]
    # A bracket in the same script is part of the name.
    assert un.split_alias("Example Front (EF)") == ["Example Front (EF)"]
    assert un.split_alias("  ") == []


def test_birth_dates(fixture: dict[str, Entry]) -> None:
    # EXACT DATE, APPROXIMATELY YEAR, and an alias's DATE_OF_BIRTH.
    assert fixture["QDi.901"].birth_dates == ("1970-01-02", "1969", "1971-02-03")
    # BETWEEN years, a month-and-year NOTE, YEAR with a month NOTE; a Hijri date is skipped.
    assert fixture["KPi.901"].birth_dates == ("1960/1965", "1966-11", "1967-09")
    assert fixture["QDe.901"].birth_dates == ()


def test_nationalities_and_countries(fixture: dict[str, Entry]) -> None:
    person = fixture["QDi.901"]
    assert person.nationalities == ("IQ", "SY")
    assert person.countries == ("IQ",)
    assert person.addresses == ("Example Street 5, Mosul, Iraq (as of 2020)",)
    assert fixture["KPi.901"].countries == ()  # an empty address
    # The UN's M49 name for Hong Kong.
    assert fixture["KPe.901"].countries == ("KP", "HK")


def test_documents_are_typed_identifiers(fixture: dict[str, Entry]) -> None:
    assert fixture["QDi.901"].identifiers == (
        Identifier("passport", "A1234567"),
        Identifier("other", "RC-55501"),  # a ration card is not a national id
        Identifier("national_id", "W334000"),  # the number is only in the NOTE
    )
    assert fixture["KPi.901"].identifiers == (Identifier("passport", "472300001"),)


def test_document_kind() -> None:
    assert un.document_kind("Passport") == "passport"
    assert un.document_kind("Número de pasaporte") == "passport"
    assert un.document_kind("National Identification Number") == "national_id"
    assert un.document_kind("National Identification Number", "national passport") == "passport"
    assert un.document_kind("National Identification Number", "Italian Fiscal Code:") == "tax_id"
    assert un.document_kind("National Identification Number", "Birth certificate") == "other"
    assert un.document_kind("") == "other"


def test_entity_identifiers_from_the_narrative(fixture: dict[str, Entry]) -> None:
    assert fixture["KPe.901"].identifiers == (
        Identifier("imo", "9000021"),
        Identifier("bic", "EXTBKPPY"),
        Identifier("email", "hk@example-bank.kp"),  # from an address NOTE
    )
    assert set(fixture["QDe.901"].identifiers) == {
        Identifier("website", "http://www.example-front.org"),
        Identifier("email", "info@example-front.org"),
    }


def test_regime_listing_and_designation(fixture: dict[str, Entry]) -> None:
    entry = fixture["KPi.901"]
    assert entry.programs == ("DPRK",)
    assert entry.listed_on == "2017-06-02"
    assert entry.designations == ("UN Security Council DPRK KPi.901 (listed 2017-06-02)",)
    assert entry.url == un.HOMEPAGE


def test_references_in_the_narrative_are_relations(fixture: dict[str, Entry]) -> None:
    assert fixture["QDi.901"].relations == (
        Relation("associate", "QDe.901", "EXAMPLE FRONT", "named in the UN list's narrative"),
    )  # QDi.999 is not on the list: dropped
    assert fixture["KPi.901"].relations[0].other_name == "EXAMPLE TRADING BANK"


def test_notes_carry_title_position_birthplace_and_comments(fixture: dict[str, Entry]) -> None:
    notes = fixture["QDi.901"].notes
    assert notes is not None
    assert notes.startswith("Title: Dr. Position: Financier of Example Front.")
    assert "Place of birth: Mosul, Iraq" in notes
    assert "Review pursuant to Security Council resolution 2610 (2021)" in notes


def test_names_count(parsed: ParsedList) -> None:
    assert parsed.names == sum(1 + len(e.aliases) for e in parsed.entries) == 4 + 5 + 1 + 3 + 1


# --- Files that are not what they should be ----------------------------------------------------


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(ListError) as info:
        _parse("malformed.xml")
    assert info.value.row == 6
    assert info.value.file == str(FIXTURES / "malformed.xml")
    assert info.value.exit_code == 5


def test_another_xml_file_is_refused() -> None:
    with pytest.raises(ListError) as info:
        _parse("wrong-root.xml")
    assert "expected <CONSOLIDATED_LIST>" in info.value.message


def test_a_record_without_reference_names_the_record_and_field() -> None:
    with pytest.raises(ListError) as info:
        _parse("no-reference.xml")
    assert (info.value.row, info.value.field) == (1, "REFERENCE_NUMBER")
    assert "DATAID 9000003" in info.value.message


def test_a_repeated_reference_number_keeps_both_records() -> None:
    record = (
        "<INDIVIDUAL><DATAID>{}</DATAID><FIRST_NAME>{}</FIRST_NAME>"
        "<REFERENCE_NUMBER>LYi.901</REFERENCE_NUMBER></INDIVIDUAL>"
    )
    xml = (
        '<CONSOLIDATED_LIST dateGenerated="2026-01-15T00:00:00Z"><INDIVIDUALS>'
        + record.format(11, "ONE")
        + record.format(12, "TWO")
        + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    entries = un.parse_bytes(xml.encode()).entries
    assert [(e.entry_id, e.name) for e in entries] == [("LYi.901-11", "ONE"), ("LYi.901-12", "TWO")]


def test_a_missing_file_is_a_list_error() -> None:
    with pytest.raises(ListError):
        un.parse({})
    with pytest.raises(ListError):
        un.parse({un.FILE: FIXTURES / "absent.xml"})


# --- The real 2026-02-27 file (SOURCES.md) -----------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[ParsedList, ET.Element]:
    if not REAL.exists():
        pytest.skip(f"shared list data not present at {REAL}")
    return un.parse({un.FILE: REAL}), ET.parse(REAL).getroot()


def _records(root: ET.Element) -> list[ET.Element]:
    return [*root.iterfind("INDIVIDUALS/INDIVIDUAL"), *root.iterfind("ENTITIES/ENTITY")]


def _text(el: ET.Element | None) -> str:
    return " ".join((el.text or "").split()) if el is not None else ""


def test_real_file_counts(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, _root = real
    assert parsed.published == "2026-02-27"
    assert len(parsed.entries) == 1003
    assert Counter(e.entity_type for e in parsed.entries) == {"person": 730, "organization": 273}
    assert Counter(e.programs[0] for e in parsed.entries) == {
        "Al-Qaida": 341,
        "DPRK": 155,
        "Taliban": 140,
        "Iran": 121,
        "Iraq": 75,
        "DRC": 53,
        "Libya": 30,
        "Somalia": 24,
        "CAR": 15,
        "Haiti": 11,
        "Yemen": 11,
        "GB": 10,
        "Sudan": 9,
        "SouthSudan": 8,  # SOURCES.md writes "South Sudan"; the file's UN_LIST_TYPE has no space
    }
    assert len({e.entry_id for e in parsed.entries}) == 1003


def test_real_file_aliases(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, root = real
    by_ref = {e.entry_id: e for e in parsed.entries}
    quality: Counter[str] = Counter()
    for record in _records(root):
        entry = by_ref[_text(record.find("REFERENCE_NUMBER"))]
        names = {fold(a.name): a for a in entry.all_aliases()}
        for alias in [*record.iterfind("INDIVIDUAL_ALIAS"), *record.iterfind("ENTITY_ALIAS")]:
            name, grade = _text(alias.find("ALIAS_NAME")), _text(alias.find("QUALITY"))
            if not name:
                continue
            quality[grade] += 1
            # Plain "a; b" lists only; bracketed and "a) x b) y" forms have their own tests.
            plain = "(" not in name and not re.search(r"\b[a-z]\) ", name)
            for piece in name.split(";") if plain else ():
                found = names[fold(piece)]
                if fold(piece) != fold(entry.name):
                    # Weak only when the list gives it as Low and never as Good.
                    assert found.strong or grade == "Low", (entry.entry_id, piece)
                    assert not found.strong or grade != "Low" or _also_good(record, piece)
    # SOURCES.md: 2,139 individual aliases (Good 1,524 / Low 615) and 613 entity aliases.
    assert (quality["Good"], quality["Low"]) == (1524, 615)
    assert quality["a.k.a."] + quality["f.k.a."] == 613
    assert sum(not a.strong for e in parsed.entries for a in e.aliases) >= 600
    assert parsed.names == sum(1 + len(e.aliases) for e in parsed.entries)
    assert parsed.names >= 3755  # SOURCES.md's names incl. aliases, before splitting "a; b"


def _also_good(record: ET.Element, piece: str) -> bool:
    return any(
        _text(a.find("QUALITY")) == "Good" and fold(piece) in fold(_text(a.find("ALIAS_NAME")))
        for a in record.iterfind("INDIVIDUAL_ALIAS")
    )


def test_real_file_original_script(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, root = real
    by_ref = {e.entry_id: e for e in parsed.entries}
    originals = [
        (_text(r.find("REFERENCE_NUMBER")), _text(r.find("NAME_ORIGINAL_SCRIPT")))
        for r in _records(root)
        if _text(r.find("NAME_ORIGINAL_SCRIPT"))
    ]
    assert len(originals) == 378  # SOURCES.md
    for ref, original in originals:
        if ";" in original or "(" in original or fold(original) == fold(by_ref[ref].name):
            continue
        alias = next(a for a in by_ref[ref].aliases if fold(a.name) == fold(original))
        assert alias.strong and alias.script not in (None, "Latn")


def test_real_file_dates_documents_and_nationalities(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, root = real
    by_ref = {e.entry_id: e for e in parsed.entries}
    passports = 0
    for record in root.iterfind("INDIVIDUALS/INDIVIDUAL"):
        entry = by_ref[_text(record.find("REFERENCE_NUMBER"))]
        for dob in record.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            date, start = _text(dob.find("DATE")), _text(dob.find("FROM_YEAR"))
            if date:
                assert date in entry.birth_dates
            elif start:
                assert f"{start}/{_text(dob.find('TO_YEAR'))}" in entry.birth_dates
            elif _text(dob.find("YEAR")) and not _text(dob.find("NOTE")):
                assert _text(dob.find("YEAR")) in entry.birth_dates
        for doc in record.iterfind("INDIVIDUAL_DOCUMENT"):
            number = _text(doc.find("NUMBER"))
            if _text(doc.find("TYPE_OF_DOCUMENT")) == "Passport" and number:
                if re.fullmatch(r"[A-Za-z0-9 ]+", number):
                    number = number.replace(" ", "")
                assert Identifier("passport", number) in entry.identifiers
                passports += 1
        for value in record.iterfind("NATIONALITY/VALUE"):
            code = to_iso2(_text(value))
            if code:
                assert code in entry.nationalities
    assert passports > 250


def test_real_file_spot_checks(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, _root = real
    by_ref = {e.entry_id: e for e in parsed.entries}
    gaston = by_ref["CDi.003"]
    assert gaston.name == "GASTON IYAMUREMYE"
    assert Alias("Rumuli", strong=False, script="Latn") in gaston.aliases
    assert gaston.nationalities == ("RW",) and gaston.birth_dates == ("1948",)
    assert gaston.listed_on == "2010-12-01" and gaston.programs == ("DRC",)
    # One ALIAS_NAME listing eight spellings becomes eight aliases.
    soleimani = next(e for e in parsed.entries if "SOLEIMANI" in e.name.upper())
    assert {"Qasim Soleimani", "Qasem Sulaimani", "Kasim Sulaymani"} <= {
        a.name for a in soleimani.aliases
    }
    # Narrative references resolve to listed records.
    ansar = by_ref["QDe.146"]
    assert {r.other_id for r in ansar.relations} == {"QDe.014", "QDe.141", "QDe.143", "QDe.145"}
    assert all(r.other_name == by_ref[r.other_id or ""].name for r in ansar.relations)
    # DPRK bank with its SWIFT code in the narrative.
    assert Identifier("bic", "DCBKKPPY") in by_ref["KPe.023"].identifiers
