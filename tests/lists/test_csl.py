"""Tests for screener.lists.csl: the trade.gov Consolidated Screening List parser."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from screener.errors import ListError
from screener.lists import csl
from screener.lists.official import ParsedList
from screener.model import Alias, Entry, Identifier, Relation
from screener.normalize import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "csl"
REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "lists" / "csl" / "2022-05-16" / "consolidated.csv"


def _parse(name: str) -> ParsedList:
    return csl.parse({csl.FILE: FIXTURES / name})


@pytest.fixture(scope="module")
def fixture() -> dict[str, Entry]:
    return {e.entry_id: e for e in _parse("consolidated.csv").entries}


# --- The source ---------------------------------------------------------------------------------


def test_source_describes_the_trade_gov_file() -> None:
    (source,) = csl.SOURCES
    assert source.id == "us-csl"
    (file,) = source.files
    assert file.name == "consolidated.csv"
    assert file.url is not None and file.url.startswith("https://data.trade.gov/")
    assert source.parse is csl.parse


# --- A hand-written file in the publisher's format ----------------------------------------------


def test_every_row_is_one_entry_with_the_csl_id(fixture: dict[str, Entry]) -> None:
    with (FIXTURES / "consolidated.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["_id"] for row in csv.DictReader(handle)]
    assert len(fixture) == len(ids)
    # The last row repeats the SDN record 90002 on the CAPTA list: same OFAC id, own entry.
    assert list(fixture) == [*ids[:-1], "90002-CAP"]
    assert {e.list_id for e in fixture.values()} == {"us-csl"}


def test_a_repeated_id_keeps_the_bare_id_on_the_sdn_row(fixture: dict[str, Entry]) -> None:
    assert fixture["90002"].programs[0] == "OFAC SDN"
    assert fixture["90002-CAP"].programs[0] == "OFAC CAPTA List"
    assert fixture["90002-CAP"].name == fixture["90002"].name
    rows = [
        {"_id": "7", "source": "Capta List (CAP) - Treasury Department"},
        {"_id": "7", "source": "Specially Designated Nationals (SDN) - Treasury Department"},
        {"_id": "7", "source": "Capta List (CAP) - Treasury Department"},
        {"_id": "8", "source": "Entity List (EL) - Bureau of Industry and Security"},
    ]
    assert csl.entry_ids(rows) == ["7-CAP", "7", "7-CAP-2", "8"]


def test_names_count_primary_names_and_aliases() -> None:
    parsed = _parse("consolidated.csv")
    assert parsed.names == sum(1 + len(e.aliases) for e in parsed.entries)
    assert parsed.published is None  # the CSL carries no publication date


def test_category_and_first_program_follow_the_sub_list(fixture: dict[str, Entry]) -> None:
    got = {e.entry_id: (e.category, e.programs[0]) for e in fixture.values()}
    assert got["5f0c1e2d3b4a59687766554433221100ffeeddcc"] == ("export-control", "BIS Entity List")
    assert got["0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"] == (
        "export-control",
        "BIS Military End User List",
    )
    assert got["d41d8cd98f00b204e9800998ecf8427e00000001"][0] == "export-control"  # DPL
    assert got["d41d8cd98f00b204e9800998ecf8427e00000002"][0] == "export-control"  # ISN
    assert got["d41d8cd98f00b204e9800998ecf8427e00000003"][0] == "export-control"  # DTC
    assert got["90001"] == ("sanctions", "OFAC SDN")
    assert got["90004"][0] == "sanctions"  # SSI


def test_programs_add_the_programs_column(fixture: dict[str, Entry]) -> None:
    assert fixture["90001"].programs == ("OFAC SDN", "SDGT", "IRGC")
    assert fixture["90004"].programs[1:] == ("UKRAINE-EO13662", "RUSSIA-EO14024")


def test_an_unknown_sub_list_is_classed_by_its_agency(fixture: dict[str, Entry]) -> None:
    entry = fixture["90006"]
    assert entry.category == "sanctions"  # a Treasury list
    assert entry.programs == ("Example New Restrictions List (ENR)", "ENR-EO99999")
    assert csl.sub_list("Something (XYZ) - Bureau of Industry and Security").category == (
        "export-control"
    )


def test_entity_types(fixture: dict[str, Entry]) -> None:
    assert fixture["90001"].entity_type == "person"
    assert fixture["90002"].entity_type == "organization"
    assert fixture["90003"].entity_type == "vessel"
    # No type column for BIS/State lists: a legal form or organisation word says organisation...
    assert fixture["5f0c1e2d3b4a59687766554433221100ffeeddcc"].entity_type == "organization"
    assert fixture["d41d8cd98f00b204e9800998ecf8427e00000004"].entity_type == "organization"
    # ... and a bare personal name is not guessed.
    assert fixture["d41d8cd98f00b204e9800998ecf8427e00000003"].entity_type == "unknown"


def test_alt_names_become_aliases_without_bis_punctuation(fixture: dict[str, Entry]) -> None:
    entry = fixture["5f0c1e2d3b4a59687766554433221100ffeeddcc"]
    assert [a.name for a in entry.aliases] == [
        "Example Micro",
        "Example Microelectronics (HK) Limited",  # "X, a.k.a., Y" is two names
        "EMHK",
        "Example Chips Trading",  # "; and X" ends a BIS alias list
    ]
    assert all(a.strong for a in entry.aliases)


def test_lost_quotes_and_apostrophes_are_restored(fixture: dict[str, Entry]) -> None:
    entry = fixture["0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"]
    assert [a.name for a in entry.aliases] == [
        '"Sample Aero" Institute',
        "Example Group's Engine Institute",
    ]


def test_an_alias_equal_to_the_name_is_not_repeated(fixture: dict[str, Entry]) -> None:
    assert [a.name for a in fixture["90002"].aliases] == ["EXL"]


def test_person_fields(fixture: dict[str, Entry]) -> None:
    person = fixture["90001"]
    assert person.name == "'ABD AL-EXAMPLE, Yusuf Ahmad"  # the leading apostrophe is a letter
    assert person.birth_dates == ("1970-03-15", "1971", "1969", "1965/1968")
    assert person.nationalities == ("IR", "IQ")
    assert person.countries == ("IR",)
    assert person.identifiers == (
        Identifier("passport", "K1234567"),
        Identifier("national_id", "A765432"),
    )
    assert person.notes is not None
    assert "Title: Financier" in person.notes
    assert "Gender: Male" in person.notes
    assert "Secondary sanctions risk: section 1(b) of Executive Order 13224" in person.notes
    assert "Place of birth: Basrah, Iraq" in person.notes


def test_russian_tax_and_registration_numbers_are_inn_and_ogrn(fixture: dict[str, Entry]) -> None:
    assert fixture["90004"].identifiers == (
        Identifier("ogrn", "1027700000001"),
        Identifier("inn", "7700000001"),
        Identifier("other", "00000001"),  # Government Gazette Number: the OKPO code
        Identifier("other", "044500000"),  # BIK (RU) is not a SWIFT BIC
    )


def test_bank_and_company_identifiers(fixture: dict[str, Entry]) -> None:
    assert fixture["90002"].identifiers == (
        Identifier("website", "www.example-shipping.ir"),
        Identifier("email", "info@example-shipping.ir"),
        Identifier("bic", "EXSHIRTH"),
        Identifier("lei", "5493000EXAMPLE000012"),
    )
    assert fixture["90005"].identifiers[:2] == (
        Identifier("uscc", "91110000MA01ABCD2X"),
        Identifier("uscc", "911100007109351502"),  # a Chinese 18-character registration number
    )


def test_vessel_fields(fixture: dict[str, Entry]) -> None:
    vessel = fixture["90003"]
    assert vessel.identifiers == (
        Identifier("imo", "9000011"),
        Identifier("mmsi", "422000001"),
        Identifier("other", "9BEX1"),  # call sign
    )
    assert vessel.countries == ("IR",)  # the flag
    assert vessel.relations == (
        Relation("linked_to", "90002", "EXAMPLE SHIPPING LINES", "Linked To"),
        Relation("owned_by", "90002", "EXAMPLE SHIPPING LINES", "vessel owner"),
    )
    assert vessel.notes is not None and "Former Vessel Flag: Panama" in vessel.notes


def test_linked_to_relations_point_at_the_listed_entry(fixture: dict[str, Entry]) -> None:
    assert fixture["90001"].relations == (
        Relation("linked_to", "90002", "EXAMPLE SHIPPING LINES", "Linked To"),
    )
    # A name with its own brackets, not on this list: kept whole, no id.
    assert fixture["90004"].relations == (
        Relation("linked_to", None, "STATE CORPORATION EXAMPLE (HOLDING) GROUP", "Linked To"),
    )


def test_ofac_features_become_relations_and_dates(fixture: dict[str, Entry]) -> None:
    cmic = fixture["90005"]
    assert (
        Relation(
            "securities_issuer", None, "Example Space Technology Co., Ltd.", "Issuer Name (CMIC)"
        )
        in cmic.relations
    )
    assert cmic.listed_on == "2021-06-03"  # "Listing Date (CMIC)" when start_date is empty
    assert cmic.birth_dates == ("1998-09-10",)  # "Organization Established Date"
    assert cmic.notes is not None and "Equity Ticker: 600000 CN" in cmic.notes
    aircraft = fixture["90007"]
    assert aircraft.entity_type == "aircraft"
    assert aircraft.relations == (
        Relation("linked_to", "90002", "EXAMPLE SHIPPING LINES", "Linked To"),
        Relation("operated_by", "90002", "EXAMPLE SHIPPING LINES", "aircraft operator"),
    )
    assert Identifier("other", "EP-EXA") in aircraft.identifiers  # tail number
    assert aircraft.birth_dates == ()  # a manufacture date is not a founding date


def test_export_control_designation_carries_notice_dates_and_licence_policy(
    fixture: dict[str, Entry],
) -> None:
    entry = fixture["5f0c1e2d3b4a59687766554433221100ffeeddcc"]
    assert entry.listed_on == "2022-04-07"
    (designation,) = entry.designations
    assert designation.startswith("BIS Entity List (87 FR 20299, from 2022-04-07)")
    assert "license requirement: For all items subject to the EAR" in designation
    assert designation.endswith("license policy: Presumption of denial")
    dpl = fixture["d41d8cd98f00b204e9800998ecf8427e00000001"]
    assert "2023-02-24 to 2033-02-24, standard order" in dpl.designations[0]


def test_addresses_and_their_countries(fixture: dict[str, Entry]) -> None:
    entry = fixture["5f0c1e2d3b4a59687766554433221100ffeeddcc"]
    assert entry.addresses == (
        "Room 1201, 8 Example Road, Futian District, Shenzhen, 518000, CN",
        "Unit 5, 10 Sample Street, Kowloon, Hong Kong, HK",
    )
    assert entry.countries == ("CN", "HK")
    dpl = fixture["d41d8cd98f00b204e9800998ecf8427e00000001"]
    # A quoted cell with a line break, and a US address given by state and ZIP only.
    assert dpl.addresses == (
        "INMATE NUMBER: 00000-000, FCI EXAMPLE, P.O. BOX 1000, EXAMPLEVILLE, TX, 75001",
    )
    assert dpl.countries == ("US",)


def test_urls_link_back_to_ofac_or_the_source_page(fixture: dict[str, Entry]) -> None:
    assert fixture["90001"].url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=90001"
    assert fixture["90001"].sources == ("http://bit.ly/1I7ipyR", "http://bit.ly/1MLgpye")
    assert fixture["d41d8cd98f00b204e9800998ecf8427e00000003"].url == "http://bit.ly/307FuRQ"


def test_the_tsv_twin_parses_the_same() -> None:
    (from_tsv,) = _parse("consolidated.tsv").entries
    from_csv = next(e for e in _parse("consolidated.csv").entries if e.entry_id == "90002")
    assert from_tsv == from_csv


# --- Files that are not what they should be ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "field", "words"),
    [
        ("missing-source.csv", 1, "source", "no source column"),
        ("ragged.csv", 3, None, "has 4 fields"),
        ("no-name.csv", 3, "name", "without a name"),
        ("not-utf8.csv", 3, None, "not UTF-8"),
        ("empty.csv", 1, None, "empty"),
    ],
)
def test_a_bad_file_is_a_list_error_naming_the_place(
    name: str, row: int, field: str | None, words: str
) -> None:
    with pytest.raises(ListError) as info:
        _parse(name)
    error = info.value
    assert error.exit_code == 5
    assert error.file == str(FIXTURES / name)
    assert (error.row, error.field) == (row, field)
    assert words in error.message


def test_a_missing_file_is_a_list_error() -> None:
    with pytest.raises(ListError):
        csl.parse({})
    with pytest.raises(ListError) as info:
        csl.parse({csl.FILE: FIXTURES / "absent.csv"})
    assert info.value.file == str(FIXTURES / "absent.csv")


# --- The real 2022-05-16 file (SOURCES.md) -----------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[ParsedList, list[dict[str, str]]]:
    if not REAL.exists():
        pytest.skip(f"shared list data not present at {REAL}")
    with REAL.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return csl.parse({csl.FILE: REAL}), rows


def _by_raw_id(parsed: ParsedList, rows: list[dict[str, str]]) -> dict[str, Entry]:
    """Entries by the row's `_id`, the SDN (or first) row for an id several rows share."""
    by_id: dict[str, Entry] = {}
    for row, entry in zip(rows, parsed.entries, strict=True):
        if entry.entry_id == row["_id"]:
            by_id[row["_id"]] = entry
    return by_id


# SOURCES.md: "CSL 2022 rows by source".
REAL_BY_SOURCE = {
    "OFAC SDN": 10026,
    "BIS Entity List": 2001,
    "State ITAR Debarred (DDTC)": 727,
    "BIS Denied Persons List": 462,
    "OFAC Sectoral Sanctions Identifications (SSI)": 290,
    "BIS Unverified List": 201,
    "State Nonproliferation Sanctions (ISN)": 163,
    "OFAC Palestinian Legislative Council (NS-PLC)": 78,
    "BIS Military End User List": 71,
    "OFAC Non-SDN CMIC List": 68,
    "OFAC CAPTA List": 53,
    "OFAC Non-SDN Menu-Based Sanctions (NS-MBS)": 17,
    "OFAC Foreign Sanctions Evaders (FSE)": 3,
}


def test_real_file_counts(real: tuple[ParsedList, list[dict[str, str]]]) -> None:
    parsed, rows = real
    assert len(parsed.entries) == len(rows) == 14160
    assert Counter(e.programs[0] for e in parsed.entries) == REAL_BY_SOURCE
    categories = Counter(e.category for e in parsed.entries)
    # Export-control: Entity List, MEU, Unverified, DPL, ISN, ITAR debarred.
    assert categories["export-control"] == 2001 + 71 + 201 + 462 + 163 + 727
    assert categories["sanctions"] == 14160 - categories["export-control"]
    assert len({e.entry_id for e in parsed.entries}) == 14160
    # 71 OFAC ids repeat across OFAC lists (SDN and CAPTA, SSI...): one entry per row still.
    assert len({r["_id"] for r in rows}) == 14160 - sum(
        n - 1 for n in Counter(r["_id"] for r in rows).values()
    )
    assert sum("-" in e.entry_id and e.entry_id.split("-")[0].isdigit() for e in parsed.entries)
    assert parsed.names == sum(1 + len(e.aliases) for e in parsed.entries)


def test_real_file_keeps_every_alt_name(real: tuple[ParsedList, list[dict[str, str]]]) -> None:
    parsed, rows = real
    pieces = [(r["_id"], p.strip()) for r in rows for p in r["alt_names"].split(";") if p.strip()]
    assert len(pieces) == 20011  # SOURCES.md
    by_id = _by_raw_id(parsed, rows)
    for entry_id, piece in pieces:
        # BIS writes "...; and NAME" and "-NAME"; those marks are not part of the name.
        piece = re.sub(r"^(?:and\s+|-\s*)", "", piece, flags=re.IGNORECASE)
        names = {fold(a.name) for a in by_id[entry_id].all_aliases()}
        # "X, a.k.a., Y" in one cell is two names; the first must be there as it is.
        first = re.split(r" [af] k a ", fold(piece))[0]
        assert first in names, (entry_id, piece)


def test_real_file_identifiers_match_the_ids_column(
    real: tuple[ParsedList, list[dict[str, str]]],
) -> None:
    parsed, rows = real
    by_id = _by_raw_id(parsed, rows)
    checked = Counter[str]()
    for row in rows:
        for item in row["ids"].split("; ") if row["ids"] else ():
            parts = item.split(", ")
            kind = {"SWIFT/BIC": "bic", "MMSI": "mmsi", "Email Address": "email"}.get(parts[-1])
            imo = re.fullmatch(r"IMO (\d{7})", parts[0])
            if parts[-1] == "Vessel Registration Identification" and imo:
                kind, parts = "imo", [imo.group(1), parts[-1]]
            if parts[-1] == "Tax ID No." and parts[0] == "RU" and len(parts) == 3:
                # An INN has 10 (company) or 12 (person) digits; other values stay tax_id.
                kind = "inn" if re.fullmatch(r"\d{10}|\d{12}", parts[1]) else "tax_id"
            if kind:
                assert (
                    Identifier(kind, parts[-2].replace(" ", "")) in by_id[row["_id"]].identifiers
                ), (row["_id"], item)
                checked[kind] += 1
    assert checked["bic"] == 177 and checked["imo"] >= 400 and checked["inn"] > 0


def test_real_file_linked_to_and_spot_checks(
    real: tuple[ParsedList, list[dict[str, str]]],
) -> None:
    parsed, rows = real
    by_id = _by_raw_id(parsed, rows)
    linked = [(r["_id"], r["remarks"]) for r in rows if "(Linked To: " in r["remarks"]]
    assert len(linked) > 3000
    for entry_id, remarks in linked:
        first = remarks.split("(Linked To: ", 1)[1]
        assert any(first.startswith(rel.other_name) for rel in by_id[entry_id].relations)
    # The OFAC vessel AMINA (IMO 9305192), its flag and its owner's link.
    amina = by_id["25363"]
    assert (amina.entity_type, amina.countries) == ("vessel", ("IR",))
    assert Identifier("imo", "9305192") in amina.identifiers
    assert amina.relations[0].other_name == "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"
    assert amina.relations[0].other_id is not None
    assert by_id[amina.relations[0].other_id].name == "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"
    # An SDGT individual: DOB, nationalities, passport, weak-free aliases.
    person = by_id["9935"]
    assert person.birth_dates == ("1962-08-06",)
    assert person.nationalities == ("CA", "SD")
    assert Identifier("passport", "BC166787") in person.identifiers
    assert Alias("ABU SUFIAN", script="Latn") in person.aliases
    # An Entity List row: export-control, licence policy in its designation.
    belomo = by_id["c8c8182dbd60241d8dbad6fba7e16811c160a09f"]
    assert belomo.category == "export-control" and belomo.countries == ("BY",)
    assert "license policy: Policy of denial" in belomo.designations[0]
