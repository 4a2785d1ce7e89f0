"""Tests for screener.lists.dpl: the BIS Denied Persons List flat file in the common model."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists import dpl
from screener.model import Entry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "dpl"
# CI has the shared data at ../shared relative to the repository.
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists" / "bis" / "2023-11-30"


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[^A-Z0-9]+", " ", name.upper()).split())


def _parse(path: Path) -> dict[str, Entry]:
    return {e.name: e for e in dpl.parse({"dpl.txt": path}).entries}


@pytest.fixture(scope="module")
def fixture() -> dict[str, Entry]:
    return _parse(FIXTURES / "dpl.txt")


def test_rows_of_one_party_make_one_entry(fixture: dict[str, Entry]) -> None:
    # Two rows, one with a leading space and a double space in the name, one per address.
    john = fixture["JOHN QUINCY EXPORTER"]
    assert len(fixture) == 7
    assert len(john.addresses) == 2
    assert john.countries == ("US",)  # one row gives US, the other only a US state
    assert john.entity_type == "person"  # held in a federal prison (USM number)
    assert john.listed_on == "2021-03-15"
    assert john.designations == (
        "BIS Denied Persons List, effective 2021-03-15, expires 2031-03-15 "
        "[86 F.R. 15000 3/20/2021]",
    )
    assert john.sources == ("Federal Register 86 F.R. 15000 3/20/2021",)


def test_entry_model(fixture: dict[str, Entry]) -> None:
    nova = fixture["NOVA AEROTECH LLC"]
    assert nova.list_id == "bis-dpl"
    assert nova.entry_id == "NOVA-AEROTECH-LLC"
    assert nova.category == "export-control"
    assert nova.programs == ("DPL",)
    assert nova.entity_type == "organization"  # legal form LLC
    assert nova.countries == ("RU", "AE")
    assert "temporary denial order" in (nova.notes or "")
    assert nova.url == dpl.HOMEPAGE


def test_aliases_from_the_name_column(fixture: dict[str, Entry]) -> None:
    chen = fixture["WEI CHEN"]  # "WEI CHEN A/K/A DAVID CHEN"
    assert [(a.name, a.strong) for a in chen.aliases] == [("DAVID CHEN", True)]
    assert "non-standard denial order" in (chen.notes or "")
    karim = fixture["KARIM (ABDUL KARIM) HADDAD"]
    assert [a.name for a in karim.aliases] == ["KARIM HADDAD", "ABDUL KARIM HADDAD"]
    lin = fixture['SHAOHUA "ERIC" LIN']  # RFC 4180 doubled quotes in the file
    assert [(a.name, a.strong) for a in lin.aliases] == [("SHAOHUA LIN", True), ("ERIC LIN", True)]


def test_types_and_countries(fixture: dict[str, Entry]) -> None:
    assert fixture["ROBERT T. MILLER, JR."].entity_type == "person"  # generational suffix
    assert fixture["ROBERT T. MILLER, JR."].countries == ("US",)  # State AZ, no Country
    assert fixture['SHAOHUA "ERIC" LIN'].countries == ("US",)  # "NM" in Country: a US state
    # A name with nothing that tells a person from a company stays unknown.
    assert fixture["PACIFIC ROTOR"].entity_type == "unknown"


def test_published_is_the_latest_last_update_not_a_future_typo() -> None:
    parsed = dpl.parse({"dpl.txt": FIXTURES / "dpl.txt"})
    # PACIFIC ROTOR's Last_Update is 3033-02-07; the others' latest is 2023-06-05.
    assert parsed.published == "2023-06-05"
    assert parsed.names == len(parsed.entries) + sum(len(e.aliases) for e in parsed.entries)


@pytest.mark.parametrize(
    ("name", "row", "field", "message"),
    [
        ("bad-date.txt", 2, "Effective_Date", "MM/DD/YYYY"),
        ("ragged.txt", 2, None, "found 11"),
        ("bad-header.txt", 1, "Name", "header"),
    ],
)
def test_unusable_files_are_list_errors(
    name: str, row: int, field: str | None, message: str
) -> None:
    with pytest.raises(ListError) as caught:
        dpl.parse({"dpl.txt": FIXTURES / name})
    error = caught.value
    assert error.exit_code == 5
    assert error.file == str(FIXTURES / name)
    assert (error.row, error.field) == (row, field)
    assert message in error.message


def test_one_mistyped_date_costs_its_row_the_date_only(tmp_path: Path) -> None:
    lines = (FIXTURES / "dpl.txt").read_text().splitlines()
    lines[-1] = lines[-1].replace('"02/02/2022"', '"2022-02-31"')  # PACIFIC ROTOR
    path = tmp_path / "dpl.txt"
    path.write_text("\n".join(lines) + "\n")
    entries = _parse(path)
    assert len(entries) == 7
    assert entries["PACIFIC ROTOR"].listed_on is None
    assert entries["NOVA AEROTECH LLC"].listed_on == "2023-06-01"


def test_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ListError, match=r"dpl\.txt"):
        dpl.parse({})
    empty = tmp_path / "dpl.txt"
    empty.write_bytes(b"")
    with pytest.raises(ListError, match="empty"):
        dpl.parse({"dpl.txt": empty})
    header_only = tmp_path / "header.txt"
    header_only.write_text((FIXTURES / "dpl.txt").read_text().splitlines()[0] + "\n")
    with pytest.raises(ListError, match="no entries"):
        dpl.parse({"dpl.txt": header_only})


def test_source() -> None:
    (source,) = dpl.SOURCES
    assert source.id == "bis-dpl"
    assert source.category == "export-control"
    assert [f.name for f in source.files] == ["dpl.txt"]
    assert len(source.parse({"dpl.txt": FIXTURES / "dpl.txt"}).entries) == 7


# --- The published file -------------------------------------------------------------------------


def test_2023_file() -> None:
    path = REAL / "dpl.txt"
    if not path.exists():
        pytest.skip(f"shared list data not available: {path}")
    parsed = dpl.parse({"dpl.txt": path})
    with path.open(encoding="ascii", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = list(reader)
    # SOURCES.md: 665 rows and 545 distinct names; last update 2023-11-28 (the 3033-09-30 of
    # "JOSE ERNESTO GARCIA" is a typo).
    assert len(rows) == 665
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[" ".join(row["Name"].split()).rstrip(" ,").upper()].append(row)
    assert len(groups) == len(parsed.entries) == 545
    assert parsed.published == "2023-11-28"
    # Every party's rows are on its entry: its streets, its countries, its earliest order.
    by_name = {" ".join(e.name.split()).upper(): e for e in parsed.entries}
    for name, party in groups.items():
        words = _words(name)
        # The entry of that name; or for "X A/K/A Y" and "X (A.K.A. Y) Z" (and "X , LTD."), the
        # entry whose name is the most of its words.
        entry = by_name.get(name) or max(
            (e for e in parsed.entries if set(_words(e.name)) <= set(words)),
            key=lambda e: len(_words(e.name)),
        )
        for row in party:
            street = " ".join(row["Street_Address"].split())
            if street:
                assert any(a.startswith(street.replace(" ,", ",")) for a in entry.addresses)
            if row["Country"]:  # ISO codes, "PRC", and once a US state ("NM")
                expected = to_iso2(row["Country"]) or (
                    "US" if row["Country"] in dpl.US_STATES else None
                )
                assert expected in entry.countries
        month, day, year = min(
            (r["Effective_Date"].split("/") for r in party),
            key=lambda mdy: (mdy[2], mdy[0], mdy[1]),
        )
        assert entry.listed_on == f"{year}-{month}-{day}"
        assert ("temporary denial order" in (entry.notes or "")) == any(
            "TDO" in r["Action"].upper() for r in party
        )
    assert {e.category for e in parsed.entries} == {"export-control"}
