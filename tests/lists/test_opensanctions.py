"""Tests for screener.lists.opensanctions: FollowTheMoney entity files into common entries."""

from __future__ import annotations

import gzip
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from screener.errors import ListError, UsageError
from screener.lists import opensanctions
from screener.lists.official import ParsedList
from screener.model import LIST_CATEGORIES, Entry, Identifier, Relation

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "opensanctions"
FIXTURE_FILE = FIXTURE / "entities.ftm.json"
# The shared data folder sits beside the repository (<repo>/../shared), in CI as here.
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists" / "opensanctions"
ZALA = SHARED / "zala" / "entities.ftm.json"
EU_FSF = SHARED / "eu_fsf_t1" / "entities.ftm.json"

PARTY_SCHEMAS = {"Person", "Company", "Organization", "PublicBody", "LegalEntity"}
PARTY_SCHEMAS |= {"Vessel", "Airplane"}


def _parse(path: Path) -> ParsedList:
    return opensanctions.parse({opensanctions.FILE_NAME: path})


def _by_id(parsed: ParsedList) -> dict[str, Entry]:
    return {e.entry_id: e for e in parsed.entries}


def _raw(path: Path) -> list[dict[str, Any]]:
    """The file read independently of the parser: one JSON object per non-blank line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _entity(entity_id: str, schema: str, **properties: list[Any]) -> str:
    return json.dumps({"id": entity_id, "schema": schema, "properties": properties})


@pytest.fixture(scope="module")
def fixture() -> ParsedList:
    return _parse(FIXTURE_FILE)


@pytest.fixture(scope="module")
def fixture_entries(fixture: ParsedList) -> dict[str, Entry]:
    return _by_id(fixture)


# --- The source -----------------------------------------------------------------------------------


def test_one_source_with_the_sanctions_collection_as_its_download() -> None:
    (source,) = opensanctions.SOURCES
    assert source.id == "opensanctions"
    assert source.category in LIST_CATEGORIES
    (file,) = source.files
    assert file.name == "entities.ftm.json" and file.required
    assert file.url == "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json"
    assert all(p == p.lower() for p in file.patterns)
    assert "CC BY-NC" in source.licence
    parsed = source.parse({"entities.ftm.json": FIXTURE_FILE})
    assert {e.list_id for e in parsed.entries} == {"opensanctions"}


def test_a_users_own_dataset_gets_its_own_id_url_and_list_id() -> None:
    source = opensanctions.dataset_source("eu_fsf")
    assert source.id == "opensanctions-eu-fsf"
    assert source.files[0].url == (
        "https://data.opensanctions.org/datasets/latest/eu_fsf/entities.ftm.json"
    )
    parsed = source.parse({opensanctions.FILE_NAME: FIXTURE_FILE})
    assert {e.list_id for e in parsed.entries} == {"opensanctions-eu-fsf"}
    licensed = opensanctions.dataset_source("default", url="https://licensed.example/x.json")
    assert licensed.id == "opensanctions-default"
    assert licensed.files[0].url == "https://licensed.example/x.json"


def test_source_for_resolves_dataset_ids_and_nothing_else() -> None:
    found = opensanctions.source_for("opensanctions-us-ofac-sdn")
    assert found is not None and found.id == "opensanctions-us-ofac-sdn"
    assert found.files[0].url is not None and "/us_ofac_sdn/" in found.files[0].url
    assert opensanctions.source_for("ofac-sdn") is None
    assert opensanctions.source_for("opensanctions-Bad Name") is None


@pytest.mark.parametrize("name", ["", "EU_FSF", "eu-fsf", "../etc", "eu fsf"])
def test_a_bad_dataset_name_is_a_usage_error(name: str) -> None:
    with pytest.raises(UsageError):
        opensanctions.dataset_url(name)


def test_the_file_is_required() -> None:
    with pytest.raises(ListError, match=r"entities\.ftm\.json"):
        opensanctions.parse({})


# --- The hand-written fixture ---------------------------------------------------------------------


def test_every_party_entity_and_nothing_else_becomes_an_entry(fixture: ParsedList) -> None:
    raw_parties = {e["id"] for e in _raw(FIXTURE_FILE) if e["schema"] in PARTY_SCHEMAS}
    assert [e.entry_id for e in fixture.entries] == list(
        dict.fromkeys(e["id"] for e in _raw(FIXTURE_FILE) if e["schema"] in PARTY_SCHEMAS)
    )
    assert set(_by_id(fixture)) == raw_parties
    assert fixture.names == sum(len(e.all_aliases()) for e in fixture.entries)


def test_entity_types_follow_the_schema(fixture_entries: dict[str, Entry]) -> None:
    types = {k: e.entity_type for k, e in fixture_entries.items()}
    assert types["NK-P1"] == "person"
    assert types["NK-C1"] == types["NK-G1"] == "organization"
    assert types["NK-L1"] == "unknown"  # FtM LegalEntity: person or company, not known
    assert types["NK-V1"] == "vessel"
    assert types["NK-AIR1"] == "aircraft"


def test_published_is_the_latest_last_seen_and_version_the_latest_change(
    fixture: ParsedList,
) -> None:
    # The fragment on the last line carries the latest of both.
    assert fixture.published == "2025-03-02"
    assert fixture.version == "2025-02-15T09:00:00"


def test_names_are_strong_and_weak_aliases_with_fragments_merged(
    fixture_entries: dict[str, Entry],
) -> None:
    person = fixture_entries["NK-P1"]
    assert person.name == "Ivan Petrovich SIDOROV"
    aliases = {a.name: a for a in person.aliases}
    assert aliases["Иван Петрович Сидоров"].strong and aliases["Иван Петрович Сидоров"].script == (
        "Cyrl"
    )
    assert aliases["Ivan Sidorov"].strong
    assert aliases["Ivan Petrovich KOZLOV"].strong  # previousName: still used on documents
    assert not aliases["Vanya"].strong  # weakAlias
    assert aliases["I. P. Sidorov"].strong  # from the second fragment of the same id
    assert "Ivan Petrovich SIDOROV" not in aliases  # the primary name is not repeated
    company = {a.name: a.strong for a in fixture_entries["NK-C1"].aliases}
    assert company == {"ООО «Тест Аэро»": True, "TA": False, "TA LLC": False}


def test_person_facts(fixture_entries: dict[str, Entry]) -> None:
    person = fixture_entries["NK-P1"]
    assert person.birth_dates == ("1961-04-02", "1962")
    # "suhh" (Soviet Union) has several successor states: it is no one country.
    assert person.nationalities == ("RU",)
    # ua-cri (Crimea) is Ukraine in ISO 3166; the region is kept in the notes.
    assert person.countries == ("RU", "UA")
    assert person.notes is not None and "ua-cri" in person.notes
    assert "ul. Tverskaya 7, Moscow, 125009" in person.addresses  # composed from the parts
    assert "ul. Lenina 1, Moscow" in person.addresses
    assert "Director General of Test Aero LLC" in person.notes
    assert person.url == "https://www.opensanctions.org/entities/NK-P1/"


def test_identifiers_are_typed_cleaned_and_not_repeated(fixture_entries: dict[str, Entry]) -> None:
    person = fixture_entries["NK-P1"].identifiers
    assert Identifier("inn", "7707083893") in person  # spaces in a code are formatting
    assert not any(i.kind == "tax_id" for i in person)  # the same number as the INN
    assert Identifier("passport", "75 1234567") in person
    assert Identifier("other", "bc1qtestwallet0000000000000000000000000") in person  # wallet
    company = fixture_entries["NK-C1"].identifiers
    assert Identifier("inn", "1234567890") in company
    assert Identifier("ogrn", "1234567890123") in company
    assert Identifier("kpp", "123401001") in company
    assert Identifier("lei", "529900T8BM49AURSDO55") in company
    assert Identifier("bic", "TSTARUMM") in company
    assert Identifier("reg", "RN-77") in company
    assert Identifier("reg", "1234567890123") not in company  # already there as the OGRN
    assert Identifier("phone", "+7 495 000-00-01") in company
    assert Identifier("phone", "+7 495 000-00-02") in company
    assert Identifier("email", "info@test-aero.example") in company
    vessel = fixture_entries["NK-V1"].identifiers
    assert Identifier("imo", "IMO9123456") in vessel
    assert Identifier("mmsi", "273123456") in vessel
    # Passport and Identification entities name their holder.
    holder = fixture_entries["NK-P2"].identifiers
    assert Identifier("passport", "AB 123456") in holder
    assert Identifier("inn", "770000000001") in holder


def test_addresses_resolve_through_referents(fixture_entries: dict[str, Entry]) -> None:
    # NK-C1 points at "addr-old-2", a source record merged into the Address NK-A2.
    company = fixture_entries["NK-C1"]
    assert company.addresses == ("Office 5, 10 Sheikh Zayed Rd, Dubai",)
    assert company.countries == ("RU", "AE")


def test_sanction_entities_give_programs_designations_and_listing_date(
    fixture_entries: dict[str, Entry],
) -> None:
    person = fixture_entries["NK-P1"]
    assert person.programs == ("RU-TEST", "US-RUSHAR", "EU-UKR")
    assert person.listed_on == "2022-06-28"  # the earliest listing
    assert (
        "Office of Foreign Assets Control: RUSSIA-EO14024 [US-RUSHAR], listed 2022-06-28 "
        "[ref 90001]"
    ) in person.designations
    assert "Council of the European Union: EU-UKR, from 2023-02-25" in person.designations
    assert person.sources == (
        "https://example.gov/designations/1",
        "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=90001",
    )
    assert fixture_entries["NK-V1"].listed_on == "2024-01-10"
    assert fixture_entries["NK-C2"].designations == ()


def test_referents_name_the_official_list_records(fixture_entries: dict[str, Entry]) -> None:
    notes = fixture_entries["NK-P1"].notes or ""
    assert "OFAC ent_num 90001" in notes
    assert "EU ref EU.123.45" in notes
    assert "UK Sanctions List ref RUS9001" in notes
    assert "OFSI Group ID 99001" in notes
    assert "5 source records in all" in notes  # gb-hmt-99001 of the fragment counted once


def test_relations_appear_on_both_ends(fixture_entries: dict[str, Entry]) -> None:
    owner, asset = fixture_entries["NK-P1"], fixture_entries["NK-C2"]
    owns = Relation("owns", "NK-C2", "Sub Holding JSC", "60%, 600 shares, since 2019-01-01")
    assert owns in owner.relations
    assert (
        Relation("owned_by", "NK-P1", "Ivan Petrovich SIDOROV", "60%, 600 shares, since 2019-01-01")
        in asset.relations
    )
    detail = "General Director, 2015-03-01 to 2022-12-31"
    assert Relation("director_of", "NK-C1", "Test Aero LLC", detail) in owner.relations
    assert (
        Relation("has_director", "NK-P1", owner.name, detail) in fixture_entries["NK-C1"].relations
    )
    assert Relation("family", "NK-P2", "Petr Ivanovich SIDOROV", "Son") in owner.relations
    assert Relation("family", "NK-P1", owner.name, "Son") in fixture_entries["NK-P2"].relations
    assert (
        Relation("associate", "NK-C1", "Test Aero LLC", "Member company")
        in fixture_entries["NK-G1"].relations
    )
    # Deprecated link properties: a vessel's operator, an aircraft's owner.
    assert (
        Relation("operated_by", "NK-C1", "Test Aero LLC", None)
        in fixture_entries["NK-V1"].relations
    )
    assert Relation("operates", "NK-V1", "SEA TEST", None) in fixture_entries["NK-C1"].relations
    assert (
        Relation("owned_by", "NK-C2", "Sub Holding JSC", None)
        in fixture_entries["NK-AIR1"].relations
    )


def test_a_link_to_an_entity_not_in_the_file_is_left_out(
    fixture_entries: dict[str, Entry],
) -> None:
    kinds = [r.kind for r in fixture_entries["NK-C1"].relations]
    assert "owns" not in kinds  # own-2 names NK-NOT-IN-FILE as the asset


def test_categories_follow_target_and_topics(fixture_entries: dict[str, Entry]) -> None:
    cats = {k: e.category for k, e in fixture_entries.items()}
    assert cats["NK-P1"] == cats["NK-V1"] == cats["NK-AIR1"] == "sanctions"
    assert cats["NK-C1"] == "export-control"
    official = {"sanctions", "export-control"}
    for entry_id in ("NK-C2", "ru-inn-999", "NK-L1", "NK-G1"):
        assert cats[entry_id] in LIST_CATEGORIES
        assert cats[entry_id] not in official
    # Once the model has the proposed categories, they are used as they are.
    if opensanctions.LINKED_CATEGORY in LIST_CATEGORIES:
        assert cats["NK-C2"] == cats["NK-G1"] == opensanctions.LINKED_CATEGORY
    if opensanctions.OTHER_CATEGORY in LIST_CATEGORIES:
        assert cats["ru-inn-999"] == cats["NK-L1"] == opensanctions.OTHER_CATEGORY


def test_non_targets_say_so_and_whether_they_are_linked_to_a_listed_party(
    fixture_entries: dict[str, Entry],
) -> None:
    subsidiary = fixture_entries["NK-C2"].notes or ""
    assert "not itself listed" in subsidiary and "linked to listed parties" in subsidiary
    # Only linked to a debarred entity: not itself listed, and not linked to a sanctioned party.
    other = fixture_entries["ru-inn-999"].notes or ""
    assert "not itself listed" in other and "linked to listed parties" not in other
    assert "not itself listed" not in (fixture_entries["NK-P1"].notes or "")


def test_a_fragment_with_a_specific_schema_refines_a_legal_entity(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _entity("x", "LegalEntity", name=["Acme Trading"]),
        _entity("x", "Company", name=["Acme Trading LLC"], innCode=["7700000000"]),
    )
    (entry,) = _parse(path).entries
    assert entry.entity_type == "organization"
    assert [a.name for a in entry.aliases] == ["Acme Trading LLC"]
    assert entry.identifiers == (Identifier("inn", "7700000000"),)


def test_a_gzip_copy_parses_the_same(tmp_path: Path, fixture: ParsedList) -> None:
    packed = tmp_path / "entities.ftm.json"
    with FIXTURE_FILE.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert _parse(packed) == fixture


# --- Files that are not entity files --------------------------------------------------------------


def test_a_missing_file_is_a_list_error(tmp_path: Path) -> None:
    with pytest.raises(ListError) as err:
        _parse(tmp_path / "nope.json")
    assert err.value.exit_code == 5 and err.value.file == str(tmp_path / "nope.json")


def test_a_broken_line_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _entity("a", "Person", name=["A"]), '{"id": "b", "schema": ')
    with pytest.raises(ListError) as err:
        _parse(path)
    assert err.value.row == 2 and err.value.file == str(path)


def test_a_json_array_is_told_apart_from_json_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "[", _entity("a", "Person", name=["A"]) + ",", "]")
    with pytest.raises(ListError) as err:
        _parse(path)
    assert err.value.row == 1 and "JSON Lines" in str(err.value)
    one_line = _write(tmp_path, "[" + _entity("a", "Person", name=["A"]) + "]")
    with pytest.raises(ListError, match="JSON Lines"):
        _parse(one_line)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"schema": "Person", "properties": {"name": ["A"]}}', "id"),
        ('{"id": "a", "properties": {"name": ["A"]}}', "schema"),
        ('{"id": "a", "schema": "Person", "properties": ["A"]}', "properties"),
        ('{"id": "a", "schema": "Person", "properties": {"name": "A"}}', "properties.name"),
        ('{"id": "a", "schema": "Person", "properties": {"name": [1]}}', "properties.name"),
    ],
)
def test_a_malformed_entity_names_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    path = _write(tmp_path, _entity("ok", "Person", name=["Ok"]), line)
    with pytest.raises(ListError) as err:
        _parse(path)
    assert (err.value.row, err.value.field) == (2, field)


def test_a_nested_targets_file_is_recognised(tmp_path: Path) -> None:
    nested = {"id": "x", "schema": "Ownership", "properties": {}}
    path = _write(tmp_path, _entity("a", "Person", name=["A"], ownershipOwner=[nested]))
    with pytest.raises(ListError, match=r"targets\.nested\.json") as err:
        _parse(path)
    assert err.value.field == "properties.ownershipOwner"


def test_an_empty_file_or_one_without_parties_is_a_list_error(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="no entities"):
        _parse(_write(tmp_path, ""))
    with pytest.raises(ListError, match="no Person"):
        _parse(_write(tmp_path, _entity("s", "Sanction", entity=["x"])))


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    good = _entity("a", "Person", name=["A"]).encode()
    path.write_bytes(good + b"\n" + good.replace(b'"A"', b'"\xff"') + b"\n")
    with pytest.raises(ListError) as err:
        _parse(path)
    assert err.value.row == 2


# --- The real OpenSanctions files -----------------------------------------------------------------


def _real(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared list data not present: {path}")
    return path


@pytest.fixture(scope="module")
def zala_raw() -> list[dict[str, Any]]:
    return _raw(_real(ZALA))


@pytest.fixture(scope="module")
def zala(zala_raw: list[dict[str, Any]]) -> ParsedList:
    return _parse(ZALA)


def test_zala_counts_match_sources_md(zala_raw: list[dict[str, Any]], zala: ParsedList) -> None:
    schemas = Counter(e["schema"] for e in zala_raw)
    # SOURCES.md: 91 entities (Sanction 41, Ownership 14, Company 11, Address 11, Person 6,
    # Family 4, Directorship 3, Passport 1), 14 targets.
    assert len(zala_raw) == 91
    assert schemas == Counter(
        Sanction=41, Ownership=14, Company=11, Address=11, Person=6, Family=4, Directorship=3,
        Passport=1,
    )  # fmt: skip
    assert sum(1 for e in zala_raw if e["target"]) == 14
    assert len(zala.entries) == schemas["Person"] + schemas["Company"] == 17
    targets = {e["id"] for e in zala_raw if e["target"] and e["schema"] in PARTY_SCHEMAS}
    assert {e.entry_id for e in zala.entries if "not itself listed" not in (e.notes or "")} == (
        targets
    )
    assert zala.published == max(e["last_seen"] for e in zala_raw)[:10] == "2026-04-29"
    assert zala.version == max(e["last_change"] for e in zala_raw)
    assert zala.names == sum(len(e.all_aliases()) for e in zala.entries)


def test_zala_sanctioned_targets_are_sanctions_entries(
    zala_raw: list[dict[str, Any]], zala: ParsedList
) -> None:
    entries = _by_id(zala)
    for raw in zala_raw:
        if raw["schema"] not in PARTY_SCHEMAS:
            continue
        topics = raw["properties"].get("topics", [])
        category = entries[raw["id"]].category
        if raw["target"] and "sanction" in topics:
            assert category == "sanctions", raw["id"]
        else:
            assert category not in ("sanctions", "export-control"), raw["id"]


def test_zala_llc_cst_identifiers_names_and_programs(
    zala_raw: list[dict[str, Any]], zala: ParsedList
) -> None:
    raw = next(e for e in zala_raw if e["id"] == "NK-abdzbEBkqyT29GyREbiURZ")
    props = raw["properties"]
    cst = _by_id(zala)["NK-abdzbEBkqyT29GyREbiURZ"]
    assert cst.name == raw["caption"] == "LLC CST"
    assert cst.entity_type == "organization" and cst.category == "sanctions"
    ids = set(cst.identifiers)
    for prop, kind in (("innCode", "inn"), ("ogrnCode", "ogrn"), ("kppCode", "kpp")):
        assert props[prop], prop
        assert {Identifier(kind, v) for v in props[prop]} <= ids
    assert Identifier("inn", "1841015504") in ids and Identifier("ogrn", "1101841007938") in ids
    strong = {a.name for a in cst.aliases if a.strong}
    weak = {a.name for a in cst.aliases if not a.strong}
    assert "Zala Aero" in strong and "Zala Aero Group" in strong
    assert (set(props["name"]) | set(props["alias"])) - {cst.name} <= strong
    assert set(props["weakAlias"]) - strong - {cst.name} <= weak
    sanction_programs = {
        p
        for e in zala_raw
        if e["schema"] == "Sanction" and cst.entry_id in e["properties"]["entity"]
        for p in e["properties"].get("programId", [])
    }
    assert set(props["programId"]) | sanction_programs <= set(cst.programs)
    assert cst.countries == ("RU",) and cst.listed_on is not None
    # The OFAC records it was merged from, named as OFAC names them.
    ofac = [r.removeprefix("ofac-") for r in raw["referents"] if r.startswith("ofac-")]
    assert sorted(ofac) == ["45928", "45934"]
    assert f"OFAC ent_num {', '.join(ofac)}" in (cst.notes or "")


def test_zala_zakharov(zala_raw: list[dict[str, Any]], zala: ParsedList) -> None:
    raw = next(e for e in zala_raw if e["id"] == "NK-aU5ybkbRFJucf8YMwsJvDw")
    zakharov = _by_id(zala)[raw["id"]]
    assert zakharov.name == "Alexander Vyacheslavovich ZAKHAROV"
    assert zakharov.entity_type == "person" and zakharov.category == "sanctions"
    assert zakharov.birth_dates == tuple(raw["properties"]["birthDate"])
    assert zakharov.nationalities == ("RU",)
    assert "Александр Вячеславович Захаров" in {a.name for a in zakharov.aliases}
    assert {Identifier("inn", v) for v in raw["properties"]["innCode"]} <= set(zakharov.identifiers)


def test_zala_relations_match_the_relation_entities(
    zala_raw: list[dict[str, Any]], zala: ParsedList
) -> None:
    entries = _by_id(zala)
    ends = {
        "Ownership": ("owner", "asset", "owns", "owned_by"),
        "Directorship": ("director", "organization", "director_of", "has_director"),
        "Family": ("person", "relative", "family", "family"),
    }
    checked = Counter[str]()
    for raw in zala_raw:
        if raw["schema"] not in ends:
            continue
        a_prop, b_prop, a_kind, b_kind = ends[raw["schema"]]
        (a,) = raw["properties"][a_prop]
        (b,) = raw["properties"][b_prop]
        assert (a_kind, b) in {(r.kind, r.other_id) for r in entries[a].relations}
        assert (b_kind, a) in {(r.kind, r.other_id) for r in entries[b].relations}
        percentage = raw["properties"].get("percentage")
        if percentage:
            details = {r.detail for r in entries[a].relations if r.other_id == b}
            assert any(d and d.startswith(f"{percentage[0]}%") for d in details)
        checked[raw["schema"]] += 1
    assert checked == Counter(Ownership=14, Family=4, Directorship=3)
    # Kalashnikov's 49% of LLC CST, a Zakharov's company with no listing of its own.
    cst = entries["NK-abdzbEBkqyT29GyREbiURZ"]
    assert any(
        r.kind == "owned_by"
        and r.other_name == "JSC Kalashnikov Concern"
        and "49%" in (r.detail or "")
        for r in cst.relations
    )
    cst_old = entries["ru-inn-5920040846"]
    assert "not itself listed" in (cst_old.notes or "")
    assert any(
        r.kind == "owned_by" and r.other_id == "NK-aU5ybkbRFJucf8YMwsJvDw"
        for r in cst_old.relations
    )


def test_eu_fsf_t1() -> None:
    raw = _raw(_real(EU_FSF))
    # SOURCES.md: 7 entities (Person 4, Organization 2, Address 1), 6 targets.
    assert len(raw) == 7
    assert Counter(e["schema"] for e in raw) == Counter(Person=4, Organization=2, Address=1)
    assert sum(1 for e in raw if e["target"]) == 6
    parsed = _parse(EU_FSF)
    assert len(parsed.entries) == 6
    assert all(e.category == "sanctions" for e in parsed.entries)
    assert parsed.published == "2024-06-01"
    tobacco = next(e for e in parsed.entries if e.name == "RAB „Inter Tobacco“")
    raw_tobacco = next(e for e in raw if e["id"] == tobacco.entry_id)
    assert len(tobacco.all_aliases()) == len(raw_tobacco["properties"]["name"]) == 12
    assert tobacco.countries == ("BY",)
    assert Identifier("reg", "808000714") in tobacco.identifiers
    assert "EU ref EU.8282.49" in (tobacco.notes or "")
    assert "OFAC ent_num 32733" in (tobacco.notes or "")
