"""Tests for screener.lists.eu: the EU Financial Sanctions Files (FSF) XML and CSV v1.1 parser."""

from __future__ import annotations

import csv
import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest

from screener.errors import ListError
from screener.lists import eu
from screener.lists.official import ParsedList
from screener.model import Alias, Entry, Identifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "eu"
REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "lists" / "eu" / "2026-08-05" / "sample_eu_fsf.xml"
NS = "{http://eu.europa.ec/fpi/fsd/export}"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return eu.parse({eu.EU_XML: FIXTURES / "FULL-1_1.xml"})


@pytest.fixture(scope="module")
def entries(parsed: ParsedList) -> dict[str, Entry]:
    return {e.entry_id: e for e in parsed.entries}


def _kinds(entry: Entry, kind: str) -> list[str]:
    return [i.value for i in entry.identifiers if i.kind == kind]


# --- The source -----------------------------------------------------------------------------------


def test_source_fetches_the_xml_and_imports_the_csv() -> None:
    (source,) = eu.SOURCES
    assert (source.id, source.category) == ("eu-fsf", "sanctions")
    files = {f.name: f for f in source.files}
    assert files[eu.EU_XML].url == (
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
        "?token=dG9rZW4tMjAxNw"
    )
    assert files[eu.EU_CSV].url is None
    assert not any(f.required for f in source.files)
    assert "csvFullSanctionsList_1_1" in source.notes


# --- A hand-written XML file in the publisher's format --------------------------------------------


def test_generation_date_and_file_id(parsed: ParsedList) -> None:
    assert parsed.published == "2026-03-02"
    assert parsed.version == "190001"


def test_entries_are_keyed_by_eu_reference_or_logical_id(entries: dict[str, Entry]) -> None:
    assert list(entries) == ["EU.9001.1", "EU.9002.2", "900003"]
    assert [e.entity_type for e in entries.values()] == ["person", "organization", "person"]
    assert {e.list_id for e in entries.values()} == {"eu-fsf"}


def test_alias_strength_from_attribute_and_remark(entries: dict[str, Entry]) -> None:
    person = entries["EU.9001.1"]
    assert person.name == "Ivan Petrovich TESTOV"  # the strong name carrying the function
    assert person.aliases == (
        Alias("Vanya Testov", True, "Latn", "en"),  # double space normalised
        Alias("Vanya", False, "Latn", "en"),  # strong="false"
        Alias("Tester", False, "Latn", "en"),  # remark "low quality aliias" [sic]
        Alias("Иван Петрович Тестов", True, "Cyrl", "ru"),
    )


def test_name_built_from_parts_when_whole_name_is_empty(entries: dict[str, Entry]) -> None:
    person = entries["900003"]
    assert person.name == "Akram Turki AL-TESTI"
    assert person.aliases == (Alias("أكرم تركي التستي", True, "Arab", "ar"),)


def test_names_count(parsed: ParsedList) -> None:
    assert parsed.names == 10


def test_birth_dates_exact_circa_and_islamic(entries: dict[str, Entry]) -> None:
    # Exact; circa range; 12 Sha'ban 1387 AH (no Gregorian date given) converted.
    assert entries["EU.9001.1"].birth_dates == ("1967-11-12", "1965/1968", "1967-11-15")
    # A Hijri year alone overlaps two Gregorian years.
    assert entries["900003"].birth_dates == ("1981/1982",)


def test_hijri_conversion_anchors() -> None:
    # 1 Muharram 1 AH = 16 July 622 (Julian) = 19 July 622 (proleptic Gregorian);
    # 1 Muharram 1445 AH = 19 July 2023.
    assert eu.hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)
    assert eu.hijri_to_gregorian(1445, 1, 1) == date(2023, 7, 19)


def test_identifiers_by_document_type(entries: dict[str, Entry]) -> None:
    person, company, other = entries.values()
    assert person.identifiers == (
        Identifier("passport", "720000111"),
        Identifier("national_id", "4510123456"),
    )
    assert _kinds(company, "ogrn") == ["1027700123450"]  # regnumber the remark calls OGRN
    assert _kinds(company, "inn") == ["7701234560"]  # fiscalcode with INN check digits
    assert _kinds(company, "bic") == ["TSTKRUMMXXX"]
    assert _kinds(company, "kpp") == ["770101001"]  # written in the entity's remark
    assert _kinds(company, "email") == ["info@testkom.example"]
    assert _kinds(company, "website") == ["https://testkom.example"]
    # PHONE holds two numbers separated by ";"; FAX is a phone number too.
    assert _kinds(company, "phone") == ["+7 495 000 00 01", "+7 495 000 00 02", "+7 495 000 00 03"]
    assert other.identifiers == (Identifier("passport", "A1234567"),)


def test_flagged_documents_are_noted(entries: dict[str, Entry]) -> None:
    assert "National passport 720000111 (RU): known expired" in (entries["EU.9001.1"].notes or "")
    assert "National passport A1234567 (IQ): known false" in (entries["900003"].notes or "")


def test_quality_remarks_are_not_notes(entries: dict[str, Entry]) -> None:
    notes = entries["EU.9001.1"].notes or ""
    assert "quality" not in notes
    assert notes.startswith("Director of Testkom LLC")


def test_countries_addresses_and_unknown_country(entries: dict[str, Entry]) -> None:
    person, company, other = entries.values()
    assert person.countries == ("RU",)
    assert person.nationalities == ("RU",)
    # The "00"/UNKNOWN address is nothing; a city alone is an address.
    assert company.countries == ("RU", "AE")
    assert company.addresses == (
        "12 Testovaya Street, Office 4, Moscow, 125009, Russia",
        "Dubai, United Arab Emirates",
    )
    assert other.countries == ()
    assert other.nationalities == ("IQ",)


def test_programmes_designations_and_links(entries: dict[str, Entry]) -> None:
    company = entries["EU.9002.2"]
    assert company.programs == ("RUS", "BLR")
    assert company.designations == (
        "EU FSF RUS (2023-06-23) [EU ref EU.9002.2; logicalId 900002]: act 2024/753 "
        "(OJ L 2024/753)",
        "EU FSF BLR (2023-06-23) [EU ref EU.9002.2; logicalId 900002]: act 2024/2150 "
        "(OJ L 2024/2150)",
    )
    assert company.listed_on == "2023-06-23"
    assert company.url == "https://eur-lex.europa.eu/eli/reg_impl/2024/753/oj"
    assert company.sources == (
        "https://eur-lex.europa.eu/eli/reg_impl/2024/753/oj",
        "https://eur-lex.europa.eu/eli/reg_impl/2024/2150/oj",
    )
    un_person = entries["900003"]
    assert un_person.listed_on is None  # no designationDate given
    assert "UN ref QDi.999" in un_person.designations[0]
    assert "UN designation: 11/03/2010" in (un_person.notes or "")


# --- The CSV v1.1 ---------------------------------------------------------------------------------


def test_csv_gives_the_xml_entries_save_the_strong_attribute(parsed: ParsedList) -> None:
    from_csv = eu.parse({eu.EU_CSV: FIXTURES / "FULL-1_1.csv"})
    assert from_csv.published == parsed.published
    assert from_csv.names == parsed.names
    assert len(from_csv.entries) == len(parsed.entries)
    for xml_entry, csv_entry in zip(parsed.entries, from_csv.entries, strict=True):
        # The CSV has no column for @strong: "Vanya" (strong="false" in the XML) reads strong.
        expected = tuple(
            dataclasses.replace(a, strong=True) if a.name == "Vanya" else a
            for a in xml_entry.aliases
        )
        assert csv_entry == dataclasses.replace(xml_entry, aliases=expected)


def test_xml_is_preferred_over_the_csv() -> None:
    both = eu.parse({eu.EU_XML: FIXTURES / "FULL-1_1.xml", eu.EU_CSV: FIXTURES / "FULL-1_1.csv"})
    assert both.version == "190001"  # only the XML carries a file id


def _csv_rows() -> list[list[str]]:
    with (FIXTURES / "FULL-1_1.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def test_csv_without_header_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.csv", [["a", "b"]] * 6)
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_CSV: path})
    assert "Entity_LogicalId" in caught.value.message
    assert caught.value.row == 5


def test_csv_without_name_column_is_refused(tmp_path: Path) -> None:
    rows = _csv_rows()
    rows[0][rows[0].index("NameAlias_WholeName")] = "NameAlias_Whole"
    path = _write(tmp_path / "x.csv", rows)
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_CSV: path})
    assert (caught.value.row, caught.value.field) == (1, "NameAlias_WholeName")


def test_csv_row_without_logical_id_is_refused(tmp_path: Path) -> None:
    rows = _csv_rows()
    rows[3][rows[0].index("Entity_LogicalId")] = ""
    path = _write(tmp_path / "x.csv", rows)
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_CSV: path})
    assert (caught.value.row, caught.value.field) == (4, "Entity_LogicalId")


def test_csv_contact_cell_with_bare_values(tmp_path: Path) -> None:
    rows = _csv_rows()
    column = rows[0].index("Address_ContactInfo")
    row = next(r for r in rows[1:] if r[column])
    row[column] = "info@testkom.example, https://testkom.example, +7 495 000 00 01"
    by_id = {e.entry_id: e for e in eu.parse({eu.EU_CSV: _write(tmp_path / "x.csv", rows)}).entries}
    company = by_id["EU.9002.2"]
    assert _kinds(company, "email") == ["info@testkom.example"]
    assert _kinds(company, "website") == ["https://testkom.example"]
    assert _kinds(company, "phone") == ["+7 495 000 00 01"]


# --- Broken XML -----------------------------------------------------------------------------------


def test_xml_with_another_root_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<?xml version='1.0'?><WHOLE><ENTITY/></WHOLE>", encoding="utf-8")
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_XML: path})
    assert "http://eu.europa.ec/fpi/fsd/export" in caught.value.message
    assert caught.value.field == "WHOLE"


def test_xml_without_the_namespace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<export generationDate='2026-01-01'/>", encoding="utf-8")
    with pytest.raises(ListError):
        eu.parse({eu.EU_XML: path})


def test_malformed_xml_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (FIXTURES / "FULL-1_1.xml").read_text(encoding="utf-8")
    path = tmp_path / "x.xml"
    path.write_text(text.replace("</sanctionEntity>", "", 1), encoding="utf-8")
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_XML: path})
    assert caught.value.row is not None and caught.value.row > 1


def test_entity_without_names_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "FULL-1_1.xml").read_text(encoding="utf-8")
    path = tmp_path / "x.xml"
    path.write_text(text.replace('wholeName="أكرم تركي التستي"', 'wholeName=""').replace(
        'firstName="Akram" middleName="Turki" lastName="AL-TESTI"',
        'firstName="" middleName="" lastName=""',
    ), encoding="utf-8")  # fmt: skip
    with pytest.raises(ListError) as caught:
        eu.parse({eu.EU_XML: path})
    assert (caught.value.row, caught.value.field) == (3, "nameAlias")


def test_no_file_is_a_list_error() -> None:
    with pytest.raises(ListError):
        eu.parse({})


# --- The real 2026-08-05 extract ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[ParsedList, ET.Element]:
    if not REAL.exists():
        pytest.skip(f"shared list data not present: {REAL}")
    return eu.parse({eu.EU_XML: REAL}), ET.parse(REAL).getroot()


def _raw_entities(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{NS}sanctionEntity")


def _remark(el: ET.Element) -> str:
    return " ".join((r.text or "") for r in el.findall(f"{NS}remark")).lower()


def test_real_counts(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, root = real
    raw = _raw_entities(root)
    assert len(raw) == len(parsed.entries) == 5
    aliases = [n for e in raw for n in e.findall(f"{NS}nameAlias")]
    assert len(aliases) == 45
    distinct = sum(
        len({" ".join(n.get("wholeName", "").split()) for n in e.findall(f"{NS}nameAlias")})
        for e in raw
    )
    assert parsed.names == distinct == 45
    assert parsed.published == root.get("generationDate", "")[:10] == "2026-08-05"
    assert parsed.version == root.get("globalFileId") == "184961"


def test_real_entries_match_the_raw_file(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, root = real
    for raw, entry in zip(_raw_entities(root), parsed.entries, strict=True):
        assert entry.entry_id == raw.get("euReferenceNumber")
        subject = raw.find(f"{NS}subjectType")
        assert subject is not None
        assert (
            entry.entity_type
            == {"person": "person", "enterprise": "organization"}[subject.get("code", "")]
        )
        programmes = [r.get("programme") for r in raw.findall(f"{NS}regulation")]
        assert list(entry.programs) == programmes
        names = {a.name: a for a in (*entry.aliases, Alias(entry.name))}
        for alias in raw.findall(f"{NS}nameAlias"):
            name = " ".join(alias.get("wholeName", "").split())
            weak = alias.get("strong") == "false" or "low quality" in _remark(alias)
            assert names[name].strong is not weak, name
            if name != entry.name:
                assert names[name].lang == (alias.get("nameLanguage", "").lower() or None)
        citizenships = [c.get("countryIso2Code") for c in raw.findall(f"{NS}citizenship")]
        assert list(entry.nationalities) == [c for c in citizenships if c != "00"]
        assert "00" not in entry.countries


def test_real_spot_checks(real: tuple[ParsedList, ET.Element]) -> None:
    parsed, _ = real
    by_id = {e.entry_id: e for e in parsed.entries}
    ksm = by_id["EU.3579.2"]
    assert ksm.name == "Khalid Sheikh MOHAMMED"
    assert {"Bin Khalid Fahd Bin Adballah", "Ali Salem"} <= {a.name for a in ksm.aliases}
    assert {a.lang for a in ksm.aliases if a.name == "Bin Khalid Fahd Bin Adballah"} == {"fr"}

    taliban = by_id["EU.502.12"]
    assert taliban.birth_dates == ("1953/1958",)  # circa, yearRangeFrom/To
    assert taliban.programs == ("AFG",)
    assert taliban.listed_on == "2001-01-25"

    parchin = by_id["EU.3953.70"]
    assert parchin.entity_type == "organization"
    assert parchin.name == "Parchin Chemical Industries (PCI)"
    assert len(parchin.aliases) == 15
    assert "Tionscail Ceimiceán Parchin" in {a.name for a in parchin.aliases}  # double space
    persian = next(a for a in parchin.aliases if a.lang == "fa")
    assert persian.script == "Arab"
    assert _kinds(parchin, "phone") == ["+98 21 2258929", "+98 21 35243153", "+98 21 3130626"]
    assert _kinds(parchin, "website") == ["http://icig.ir"]
    assert parchin.countries == ("IR",)

    dorda = by_id["EU.3886.3"]
    assert "Abu Zayd Umar Hmeid Dorda" in {a.name for a in dorda.aliases}
    assert Identifier("passport", "FK117RK0") in dorda.identifiers
    assert "UN ref LYi.006" in dorda.designations[0]

    asiri = by_id["EU.3092.36"]
    weak = {a.name for a in asiri.aliases if not a.strong}
    assert weak == {"Abu-Salaah", "Abosslah", "Abu Saleh"}
    # The ISLAMIC birthdate 1402-06-24 is given as its Gregorian equivalent, never as Hijri.
    assert asiri.birth_dates == ("1982-04-18", "1982-04-19")
    assert Identifier("passport", "F654645") in asiri.identifiers
    assert Identifier("national_id", "1028745097") in asiri.identifiers
    assert "F654645 (SA): known expired" in (asiri.notes or "")
    assert asiri.nationalities == ("SA",)


def test_real_islamic_dates_agree_with_the_conversion(real: tuple[ParsedList, ET.Element]) -> None:
    _, root = real
    islamic = [
        b
        for e in _raw_entities(root)
        for b in e.findall(f"{NS}birthdate")
        if b.get("calendarType") == "ISLAMIC" and b.get("birthdate")
    ]
    assert islamic
    for b in islamic:
        hijri = (
            int(b.get("year", "0")),
            int(b.get("monthOfYear", "0")),
            int(b.get("dayOfMonth", "0")),
        )
        listed = date.fromisoformat(b.get("birthdate", ""))
        # The tabular calendar may differ from the sighted one by a day.
        assert abs(eu.hijri_to_gregorian(*hijri) - listed) <= timedelta(days=1)
