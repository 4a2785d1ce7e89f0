"""Tests for screener.lists.store: importing, updating, checking and loading stored list copies."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession

from screener.errors import ListError, UsageError
from screener.lists import fetch, store
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry, Identifier, Relation

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "store"
NOW = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
BASE = "https://lists.example.org"


# --- A made-up two-file list format and its parser (tests/fixtures/lists/store/README.md) --------


def parse_fake(files: Mapping[str, Path]) -> ParsedList:
    """entities.csv (`# published:` line, then id,name,country) and optional aliases.csv."""
    path = files["entities.csv"]
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("# published:"):
        raise ListError("expected a `# published:` first line", file=str(path), row=1)
    published = lines[0].split(":", 1)[1].strip()
    aliases: dict[str, list[Alias]] = {}
    if "aliases.csv" in files:
        with files["aliases.csv"].open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                aliases.setdefault(row["id"], []).append(Alias(row["alias"]))
    entries = []
    for line_no, row in enumerate(csv.DictReader(lines[1:]), start=3):
        if not row.get("name"):
            raise ListError("a row without a name", file=str(path), row=line_no, field="name")
        entries.append(
            Entry(
                list_id="fake",
                entry_id=row["id"],
                name=row["name"],
                aliases=tuple(aliases.get(row["id"], ())),
                countries=(row["country"],),
            )
        )
    names = len(entries) + sum(len(a) for e in entries for a in [e.aliases])
    return ParsedList(entries=tuple(entries), published=published, names=names)


def fake_source(parse: object = parse_fake, *, source_id: str = "fake") -> OfficialSource:
    return OfficialSource(
        id=source_id,
        name="Fake list",
        publisher="Nobody at all",
        category="sanctions",
        homepage=f"{BASE}/",
        files=(
            SourceFile("entities.csv", f"{BASE}/{source_id}/ENTITIES.CSV", patterns=("ent*.csv",)),
            SourceFile(
                "aliases.csv",
                f"{BASE}/{source_id}/ALIASES.CSV",
                required=False,
                patterns=("alias*.csv",),
            ),
        ),
        parse=parse,  # type: ignore[arg-type]
    )


def one_file_source() -> OfficialSource:
    def parse_one(files: Mapping[str, Path]) -> ParsedList:
        parsed = parse_fake({"entities.csv": files["list.csv"]})
        entries = tuple(dataclasses.replace(e, category="export-control") for e in parsed.entries)
        return dataclasses.replace(parsed, entries=entries)

    return OfficialSource(
        id="single",
        name="One-file list",
        publisher="Nobody",
        category="export-control",
        homepage="",
        files=(SourceFile("list.csv", None),),
        parse=parse_one,
    )


def manifest_sha256(folder: Path, names: list[str]) -> str:
    """The combined sha256 computed the way `sha256sum` would list the files, independently."""
    lines = "".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in sorted(names)
    )
    return hashlib.sha256(lines.encode()).hexdigest()


def snapshots(root: Path, list_id: str = "fake") -> list[str]:
    return sorted(
        p.name for p in (root / list_id).iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def pointer(root: Path, list_id: str = "fake") -> dict[str, object]:
    data = json.loads((root / list_id / store.POINTER_FILE).read_text())
    assert isinstance(data, dict)
    return data


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lists"


# --- Import -------------------------------------------------------------------------------------


def test_a_folder_is_imported_as_the_copy_in_use(root: Path) -> None:
    result = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    assert result.ok and result.outcome == "imported" and result.previous is None
    status = result.status
    assert status is not None
    assert (status.list_id, status.source_id, status.name) == ("fake", "fake", "Fake list")
    assert status.publisher == "Nobody at all"
    assert status.published == "2025-01-02"
    assert status.how == "import" and status.checked is None
    assert status.fetched == "2025-03-10T09:30:00Z"
    assert status.entries == 5
    assert status.names == 8  # 5 names and 3 aliases
    assert status.category == "sanctions"
    assert status.sha256 == manifest_sha256(FIXTURES / "v1", ["aliases.csv", "entities.csv"])
    assert status.path == root / "fake" / status.snapshot
    assert status.snapshot.startswith("20250310T093000Z-")
    assert pointer(root)["snapshot"] == status.snapshot
    for name in ("entities.csv", "aliases.csv"):
        assert (status.path / name).read_bytes() == (FIXTURES / "v1" / name).read_bytes()
    by_name = {f.name: f for f in status.files}
    assert by_name["entities.csv"].origin == str((FIXTURES / "v1" / "entities.csv").absolute())
    assert (
        by_name["aliases.csv"].sha256
        == hashlib.sha256((FIXTURES / "v1" / "aliases.csv").read_bytes()).hexdigest()
    )


def test_the_users_files_are_copied_never_moved_or_changed(root: Path, tmp_path: Path) -> None:
    given = tmp_path / "given"
    shutil.copytree(FIXTURES / "v1", given)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in given.iterdir()}
    store.import_files(fake_source(), [given], root=root, now=NOW)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in given.iterdir()}
    assert after == before


def test_explicit_files_are_matched_by_name_case_and_pattern(root: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "ENTITIES-2025-01-02.CSV"  # matches the pattern ent*.csv, any case
    shutil.copy(FIXTURES / "v1" / "entities.csv", renamed)
    aliases = tmp_path / "ALIASES.csv"
    shutil.copy(FIXTURES / "v1" / "aliases.csv", aliases)
    result = store.import_files(fake_source(), [renamed, aliases], root=root, now=NOW)
    assert result.status is not None
    assert result.status.entries == 5 and result.status.names == 8
    stored = result.status.path / "entities.csv"
    assert stored.read_bytes() == renamed.read_bytes()


def test_a_zip_archive_is_opened_and_its_members_matched(root: Path, tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "v1" / "entities.csv", "export/entities.csv")
        zf.write(FIXTURES / "v1" / "aliases.csv", "export/aliases.csv")
        zf.writestr("__MACOSX/export/._entities.csv", b"resource fork")
        zf.writestr("export/README.txt", b"not a list file")
    result = store.import_files(fake_source(), [archive], root=root, now=NOW)
    assert result.status is not None
    assert result.status.sha256 == manifest_sha256(FIXTURES / "v1", ["aliases.csv", "entities.csv"])
    assert all("download.zip!export/" in f.origin for f in result.status.files)


def test_a_zip_without_the_sources_files_is_a_usage_error(root: Path, tmp_path: Path) -> None:
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("notes.txt", b"nothing here")
    with pytest.raises(UsageError) as caught:
        store.import_files(fake_source(), [archive], root=root)
    assert caught.value.file == str(archive)
    assert not (root / "fake" / store.POINTER_FILE).exists()


def test_a_one_file_source_takes_a_file_of_any_name_and_its_own_sha256(
    root: Path, tmp_path: Path
) -> None:
    given = tmp_path / "export control list (3).csv"
    shutil.copy(FIXTURES / "v2" / "entities.csv", given)
    result = store.import_files(one_file_source(), [given], root=root, now=NOW)
    assert result.status is not None
    assert result.status.sha256 == hashlib.sha256(given.read_bytes()).hexdigest()
    assert result.status.category == "export-control"
    assert (result.status.path / "list.csv").read_bytes() == given.read_bytes()


def test_a_renamed_file_is_the_sources_file_of_the_same_extension(
    root: Path, tmp_path: Path
) -> None:
    def parse_either(files: Mapping[str, Path]) -> ParsedList:
        assert list(files) == ["list.xml"]
        return parse_fake({"entities.csv": files["list.xml"]})

    either = OfficialSource(
        id="either",
        name="A list published as CSV or XML",
        publisher="Nobody",
        category="sanctions",
        homepage="",
        files=(SourceFile("list.csv", None, required=False), SourceFile("list.xml", None, False)),
        parse=parse_either,
    )
    given = tmp_path / "Export 2025-02-01.XML"
    shutil.copy(FIXTURES / "v2" / "entities.csv", given)
    result = store.import_files(either, [given], root=root, now=NOW)
    assert result.status is not None
    assert [f.name for f in result.status.files] == ["list.xml"]
    with pytest.raises(UsageError) as caught:
        store.import_files(either, [FIXTURES / "v1"], root=root, now=NOW)
    assert "none of the files given" in caught.value.message


def test_a_file_that_is_not_the_sources_is_a_usage_error(root: Path, tmp_path: Path) -> None:
    stray = tmp_path / "invoice.csv"
    stray.write_text("a,b\n")
    with pytest.raises(UsageError) as caught:
        store.import_files(fake_source(), [FIXTURES / "v1" / "entities.csv", stray], root=root)
    assert caught.value.exit_code == 2
    assert caught.value.file == str(stray.absolute())
    assert caught.value.hint and "entities.csv" in caught.value.hint


def test_a_missing_required_file_is_named(root: Path) -> None:
    with pytest.raises(UsageError) as caught:
        store.import_files(fake_source(), [FIXTURES / "v1" / "aliases.csv"], root=root)
    assert "entities.csv" in caught.value.message


def test_two_files_that_could_both_be_one_are_refused(root: Path, tmp_path: Path) -> None:
    for name in ("entities-jan.csv", "entities-feb.csv"):
        shutil.copy(FIXTURES / "v1" / "entities.csv", tmp_path / name)
    with pytest.raises(UsageError) as caught:
        store.import_files(fake_source(), [tmp_path], root=root)
    assert "entities-jan.csv" in caught.value.message and "entities-feb.csv" in caught.value.message


def test_a_path_that_does_not_exist_is_a_usage_error(root: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        store.import_files(fake_source(), [tmp_path / "nowhere"], root=root)
    assert caught.value.file == str(tmp_path / "nowhere")


def test_an_optional_file_may_be_absent(root: Path) -> None:
    result = store.import_files(fake_source(), [FIXTURES / "v2"], root=root, now=NOW)
    assert result.status is not None
    assert [f.name for f in result.status.files] == ["entities.csv"]
    assert result.status.names == result.status.entries == 6


def test_the_same_copy_again_changes_nothing(root: Path) -> None:
    first = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    again = store.import_files(
        fake_source(), [FIXTURES / "v1"], root=root, now=NOW + timedelta(hours=1)
    )
    assert again.outcome == "unchanged"
    assert again.status == first.status
    assert len(snapshots(root)) == 1


def test_a_newer_copy_replaces_the_one_in_use_and_the_old_one_is_kept(root: Path) -> None:
    first = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    second = store.import_files(
        fake_source(), [FIXTURES / "v2"], root=root, now=NOW + timedelta(days=1)
    )
    assert second.outcome == "imported"
    assert second.status is not None and first.status is not None
    assert second.previous is not None
    assert second.previous.snapshot == first.status.snapshot
    assert second.status.entries == 6
    assert pointer(root)["snapshot"] == second.status.snapshot
    assert pointer(root)["previous"] == first.status.snapshot
    assert first.status.path.is_dir()


def test_a_collapsed_copy_is_refused_and_the_old_one_stays(root: Path) -> None:
    first = store.import_files(fake_source(), [FIXTURES / "v2"], root=root, now=NOW)
    with pytest.raises(ListError) as caught:
        store.import_files(fake_source(), [FIXTURES / "collapsed"], root=root, now=NOW)
    assert caught.value.exit_code == 5
    assert "2 entries against 6" in caught.value.message
    assert "kept the copy of 2025-02-01 in use" in caught.value.message
    assert caught.value.hint and "--force" in caught.value.hint
    assert first.status is not None
    assert pointer(root)["snapshot"] == first.status.snapshot
    assert snapshots(root) == [first.status.snapshot]
    assert not list((root / "fake").glob(".staging-*"))


def test_force_accepts_a_collapsed_copy_and_says_so(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v2"], root=root, now=NOW)
    result = store.import_files(
        fake_source(), [FIXTURES / "collapsed"], root=root, now=NOW, force=True
    )
    assert result.outcome == "imported"
    assert result.status is not None and result.status.entries == 2
    assert any("--force" in note for note in result.notes)


def test_a_fall_in_names_alone_is_a_collapse_too(root: Path, tmp_path: Path) -> None:
    # Same entities, and far fewer aliases: the alias file of a set went missing, say.
    many = tmp_path / "many"
    many.mkdir()
    shutil.copy(FIXTURES / "v1" / "entities.csv", many / "entities.csv")
    rows = "".join(f"{i % 5 + 1},Alias number {i}\n" for i in range(40))
    (many / "aliases.csv").write_text("id,alias\n" + rows, encoding="utf-8")
    store.import_files(fake_source(), [many], root=root, now=NOW)
    with pytest.raises(ListError) as caught:
        store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    assert "names" in caught.value.message


def test_an_empty_copy_is_refused_even_with_force(root: Path) -> None:
    with pytest.raises(ListError) as caught:
        store.import_files(fake_source(), [FIXTURES / "empty"], root=root, force=True)
    assert "no entries" in caught.value.message
    assert "nothing was stored" in caught.value.message
    assert store.status(root=root) == ()


def test_a_copy_that_does_not_parse_names_the_users_file_and_row(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    with pytest.raises(ListError) as caught:
        store.import_files(fake_source(), [FIXTURES / "broken"], root=root, now=NOW)
    assert caught.value.file == str((FIXTURES / "broken" / "entities.csv").absolute())
    assert caught.value.row == 4
    assert caught.value.field == "name"
    assert "kept the copy of 2025-01-02 in use" in caught.value.message
    assert len(snapshots(root)) == 1


def test_an_older_publication_is_refused_unless_forced(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    with pytest.raises(ListError) as caught:
        store.import_files(fake_source(), [FIXTURES / "older"], root=root, now=NOW)
    assert "2024-12-01" in caught.value.message and "2025-01-02" in caught.value.message
    forced = store.import_files(fake_source(), [FIXTURES / "older"], root=root, force=True)
    assert forced.status is not None and forced.status.published == "2024-12-01"


def test_an_interrupted_import_leaves_the_copy_in_use(root: Path) -> None:
    first = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)

    def interrupted(files: Mapping[str, Path]) -> ParsedList:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.import_files(fake_source(interrupted), [FIXTURES / "v2"], root=root, now=NOW)
    assert first.status is not None
    assert pointer(root)["snapshot"] == first.status.snapshot
    assert snapshots(root) == [first.status.snapshot]
    assert not list((root / "fake").glob(".staging-*"))


def test_a_staging_folder_left_by_a_dead_process_is_cleared(root: Path) -> None:
    leftover = root / "fake" / ".staging-deadbeef"
    leftover.mkdir(parents=True)
    (leftover / "entities.csv").write_text("half")
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    assert not leftover.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the test takes the lock with fcntl")
def test_a_list_being_changed_by_another_process_is_not_touched(root: Path) -> None:
    import fcntl

    (root / "fake").mkdir(parents=True)
    with (root / "fake" / store.LOCK_FILE).open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(ListError) as caught:
            store.import_files(fake_source(), [FIXTURES / "v1"], root=root)
    assert "another screener" in caught.value.message
    assert not (root / "fake" / store.POINTER_FILE).exists()


def test_only_the_newest_snapshots_are_kept(root: Path, tmp_path: Path) -> None:
    text = (FIXTURES / "v2" / "entities.csv").read_text()
    made = []
    for day in range(store.KEEP_SNAPSHOTS + 2):
        folder = tmp_path / f"day{day}"
        folder.mkdir()
        dated = text.replace("2025-02-01", f"2025-02-{day + 10:02d}")
        (folder / "entities.csv").write_text(dated, encoding="utf-8")
        result = store.import_files(
            fake_source(), [folder], root=root, now=NOW + timedelta(days=day)
        )
        assert result.status is not None
        made.append(result.status.snapshot)
    assert snapshots(root) == made[-store.KEEP_SNAPSHOTS :]


def test_a_second_copy_of_a_source_is_stored_under_its_own_id(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    result = store.import_files(
        fake_source(), [FIXTURES / "v2"], root=root, now=NOW, list_id="fake-extra"
    )
    assert result.status is not None
    assert (result.status.list_id, result.status.source_id) == ("fake-extra", "fake")
    assert store.stored_ids(root) == ("fake", "fake-extra")
    loaded = {x.list_id: x for x in store.load_current(None, root=root, sources=[fake_source()])}
    assert {e.list_id for e in loaded["fake-extra"].entries} == {"fake-extra"}
    assert {e.list_id for e in loaded["fake"].entries} == {"fake"}


@pytest.mark.parametrize("bad", ["other", "fake_2", "Fake-2", "fake-", "fake-../x"])
def test_a_second_copy_needs_the_source_id_as_its_prefix(root: Path, bad: str) -> None:
    with pytest.raises(UsageError):
        store.import_files(fake_source(), [FIXTURES / "v1"], root=root, list_id=bad)


# --- Status -------------------------------------------------------------------------------------


def test_status_of_an_empty_store_is_empty(root: Path) -> None:
    assert store.status(root=root) == ()
    assert store.stored_ids(root) == ()


def test_the_age_of_an_import_counts_from_its_publication_date(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    (one,) = store.status(root=root, now=datetime(2025, 1, 12, 6, 0, tzinfo=UTC))
    assert one.age_basis == "published"
    assert one.as_of == "2025-01-02T00:00:00Z"
    assert one.age_days == 10


def test_an_undated_import_is_as_old_as_its_files(root: Path, tmp_path: Path) -> None:
    def undated(files: Mapping[str, Path]) -> ParsedList:
        return dataclasses.replace(parse_fake(files), published=None)

    folder = tmp_path / "copy"
    shutil.copytree(FIXTURES / "v1", folder)
    stamp = datetime(2025, 2, 1, tzinfo=UTC).timestamp()
    for path in folder.iterdir():
        os.utime(path, (stamp, stamp))
    os.utime(folder / "aliases.csv", (stamp + 86400 * 3, stamp + 86400 * 3))
    store.import_files(fake_source(undated), [folder], root=root, now=NOW)
    (one,) = store.status(root=root, now=datetime(2025, 2, 21, tzinfo=UTC))
    assert one.age_basis == "file date"
    assert one.as_of == "2025-02-01T00:00:00Z"  # the older of the two files
    assert one.age_days == 20
    assert one.date == "2025-02-01"


def test_a_damaged_pointer_is_a_list_error_naming_it(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    (root / "fake" / store.POINTER_FILE).write_text('{"snapshot": "../../etc"}')
    with pytest.raises(ListError) as caught:
        store.status(root=root)
    assert caught.value.file == str(root / "fake" / store.POINTER_FILE)


# --- Loading ------------------------------------------------------------------------------------


def test_every_stored_list_loads_with_its_info(root: Path) -> None:
    imported = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW).status
    assert imported is not None
    (loaded,) = store.load_current(None, root=root, sources=[fake_source()])
    direct = parse_fake({n: FIXTURES / "v1" / n for n in ("entities.csv", "aliases.csv")}).entries
    assert loaded.entries == direct
    info = loaded.info
    assert (info.list_id, info.name, info.kind) == ("fake", "Fake list", "entities")
    assert info.date == "2025-01-02"
    assert info.sha256 == imported.sha256
    assert (info.entries, info.names) == (5, 8)
    assert info.path == str(imported.path)
    assert info.fetched == "2025-03-10T09:30:00Z"
    assert info.category == "sanctions"


def test_nothing_stored_and_nothing_asked_loads_nothing(root: Path) -> None:
    assert store.load_current(None, root=root, sources=[fake_source()]) == ()


def test_compiled_entries_are_used_instead_of_parsing_again(root: Path) -> None:
    calls: list[int] = []

    def counting(files: Mapping[str, Path]) -> ParsedList:
        calls.append(1)
        return parse_fake(files)

    source = fake_source(counting)
    store.import_files(source, [FIXTURES / "v1"], root=root, now=NOW)
    assert len(calls) == 1
    (first,) = store.load_current(["fake"], root=root, sources=[source])
    assert len(calls) == 1
    # A missing or damaged cache is rebuilt from the stored files.
    cache = first.info.path + "/" + store.CACHE_FILE
    Path(cache).unlink()
    (second,) = store.load_current(["fake"], root=root, sources=[source])
    assert len(calls) == 2 and Path(cache).exists()
    Path(cache).write_bytes(b"not gzip at all")
    (third,) = store.load_current(["fake"], root=root, sources=[source])
    assert len(calls) == 3
    assert first.entries == second.entries == third.entries


def test_a_changed_parser_recompiles_the_stored_copy(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)

    def improved(files: Mapping[str, Path]) -> ParsedList:
        parsed = parse_fake(files)
        return dataclasses.replace(
            parsed,
            entries=tuple(dataclasses.replace(e, programs=("TEST",)) for e in parsed.entries),
            version="2",
        )

    source = fake_source(improved)
    assert store.parser_fingerprint(source) != store.parser_fingerprint(fake_source())
    (loaded,) = store.load_current(["fake"], root=root, sources=[source])
    assert all(e.programs == ("TEST",) for e in loaded.entries)
    assert loaded.info.version == "2"
    (status,) = store.status(root=root)
    assert status.version == "2"


def test_rich_entries_come_back_from_the_cache_unchanged(root: Path) -> None:
    rich = Entry(
        list_id="fake",
        entry_id="42",
        name="Ivanov, Ivan",
        aliases=(Alias("Иванов Иван", strong=False, script="Cyrl", lang="ru"), Alias("I. Ivanov")),
        entity_type="person",
        countries=("RU",),
        programs=("RUSSIA-EO14024", "UKRAINE-EO13662"),
        designations=("OFAC SDN RUSSIA-EO14024 (2024-05-01) [ent_num 42]",),
        supplies="electronics",
        identifiers=(Identifier("inn", "7703725270"), Identifier("passport", "AB123")),
        addresses=("Moscow",),
        birth_dates=("1957-04-02", "1958"),
        notes="remarks",
        sources=("https://example.org/a",),
        url="https://example.org/42",
        relations=(Relation("owned_by", "7", "Parent Co", "50%"),),
        nationalities=("RU", "KZ"),
        listed_on="2024-05-01",
    )

    calls: list[int] = []

    def parse_rich(files: Mapping[str, Path]) -> ParsedList:
        calls.append(1)
        return ParsedList(entries=(rich,), published="2025-01-02", names=3)

    source = fake_source(parse_rich)
    store.import_files(source, [FIXTURES / "v1"], root=root, now=NOW)
    (loaded,) = store.load_current(["fake"], root=root, sources=[source])
    assert len(calls) == 1  # parsed once, at import: the load came from the compiled cache
    assert loaded.entries == (rich,)


def test_a_stored_file_changed_after_storing_is_a_list_error(root: Path) -> None:
    result = store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    assert result.status is not None
    target = result.status.path / "entities.csv"
    target.write_text(target.read_text() + "9,Injected Entity,RU\n")
    with pytest.raises(ListError) as caught:
        store.load_current(["fake"], root=root, sources=[fake_source()])
    assert "changed after it was stored" in caught.value.message
    assert caught.value.file == str(target)


def test_a_known_list_that_is_not_stored_says_how_to_get_it(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    known = [fake_source(), fake_source(source_id="other"), one_file_source()]
    with pytest.raises(ListError) as caught:
        store.load_current(["fake", "other"], root=root, sources=known)
    assert caught.value.exit_code == 5
    assert "other" in caught.value.message
    assert caught.value.hint is not None
    assert "screener lists update other" in caught.value.hint
    assert "screener lists import other FILE..." in caught.value.hint
    with pytest.raises(ListError) as import_only:
        store.load_current(["single"], root=root, sources=known)
    assert import_only.value.hint is not None
    assert "update" not in import_only.value.hint
    assert "screener lists import single FILE..." in import_only.value.hint


def test_an_unknown_list_is_a_usage_error(root: Path) -> None:
    with pytest.raises(UsageError) as caught:
        store.load_current(["no-such-list"], root=root, sources=[fake_source()])
    assert caught.value.hint and "fake" in caught.value.hint


def test_a_list_older_than_allowed_is_a_list_error(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    later = datetime(2025, 1, 31, 12, tzinfo=UTC)  # 29 days after the 2025-01-02 publication
    loaded = store.load_current(
        None, root=root, sources=[fake_source()], max_age_days=29, now=later
    )
    assert len(loaded) == 1
    with pytest.raises(ListError) as caught:
        store.load_current(None, root=root, sources=[fake_source()], max_age_days=28, now=later)
    assert caught.value.exit_code == 5
    message = caught.value.message
    assert "fake" in message and "2025-01-02" in message and "29 days" in message
    assert caught.value.hint and "screener lists update fake" in caught.value.hint


def test_a_list_from_a_source_this_version_does_not_know_is_a_list_error(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)
    with pytest.raises(ListError) as caught:
        store.load_current(None, root=root, sources=[one_file_source()])
    assert "fake" in caught.value.message


def test_a_stored_copy_that_now_reads_as_far_fewer_entries_is_a_list_error(root: Path) -> None:
    store.import_files(fake_source(), [FIXTURES / "v1"], root=root, now=NOW)

    def regressed(files: Mapping[str, Path]) -> ParsedList:
        parsed = parse_fake(files)
        return dataclasses.replace(parsed, entries=parsed.entries[:1])

    with pytest.raises(ListError) as caught:
        store.load_current(None, root=root, sources=[fake_source(regressed)])
    assert "1 entries" in caught.value.message and "5" in caught.value.message


def test_the_combined_sha256_is_the_sha256sum_manifest() -> None:
    a, b = hashlib.sha256(b"a").hexdigest(), hashlib.sha256(b"b").hexdigest()
    manifest = f"{a}  a.csv\n{b}  b.csv\n".encode()
    assert store.combined_sha256({"b.csv": b, "a.csv": a}) == hashlib.sha256(manifest).hexdigest()
    assert store.combined_sha256({"only.xml": a}) == a


def test_the_store_lives_in_the_data_dir_it_is_given(tmp_path: Path) -> None:
    assert store.store_root(tmp_path) == tmp_path / "lists"
    assert store.store_root().name == "lists"
    assert store.store_root().parent.name.lower() == "screener"


# --- Update, against a fake web mounted on the session ------------------------------------------


class FakeWeb(HTTPAdapter):
    """Answers requests from a dict of URL -> (status, body); counts what it was asked."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.asked: list[str] = []

    def serve(self, source_id: str, folder: Path) -> None:
        for name, url_name in (("entities.csv", "ENTITIES.CSV"), ("aliases.csv", "ALIASES.CSV")):
            url = f"{BASE}/{source_id}/{url_name}"
            path = folder / name
            self.pages[url] = (200, path.read_bytes()) if path.exists() else (404, b"gone")

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: object
    ) -> requests.Response:
        url = str(request.url)
        self.asked.append(url)
        status, body = self.pages.get(url, (404, b"not found"))
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            headers={"Content-Length": str(len(body))},
            status=status,
            preload_content=False,
        )
        return self.build_response(request, raw)


@pytest.fixture()
def web(tmp_path: Path) -> Iterator[tuple[FakeWeb, CachedSession]]:
    session = fetch.make_session(tmp_path / "cache", retries=1)
    adapter = FakeWeb()
    session.mount("https://", adapter)
    try:
        yield adapter, session
    finally:
        session.close()  # type: ignore[no-untyped-call]


def test_an_update_downloads_checks_and_installs_a_copy(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v1")
    (result,) = store.update([fake_source()], root=root, session=session, now=NOW)
    assert result.ok and result.outcome == "updated"
    status = result.status
    assert status is not None
    assert status.how == "download"
    assert status.checked == status.fetched == "2025-03-10T09:30:00Z"
    assert status.sha256 == manifest_sha256(FIXTURES / "v1", ["aliases.csv", "entities.csv"])
    assert {f.origin for f in status.files} == {
        f"{BASE}/fake/ENTITIES.CSV",
        f"{BASE}/fake/ALIASES.CSV",
    }
    assert status.age_basis == "checked"


def test_an_update_that_finds_the_same_bytes_renews_the_check(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v1")
    store.update([fake_source()], root=root, session=session, now=NOW)
    later = NOW + timedelta(days=9)
    (result,) = store.update([fake_source()], root=root, session=session, now=later)
    assert result.outcome == "unchanged"
    assert result.status is not None
    assert result.status.checked == "2025-03-19T09:30:00Z"
    assert result.status.fetched == "2025-03-10T09:30:00Z"
    assert result.status.age_days == 0
    assert len(snapshots(root)) == 1


def test_a_failed_update_keeps_the_copy_in_use_and_the_others_go_on(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v1")
    adapter.serve("other", FIXTURES / "v2")
    store.update([fake_source()], root=root, session=session, now=NOW)
    adapter.pages[f"{BASE}/fake/ENTITIES.CSV"] = (500, b"server error")
    failed, other = store.update(
        [fake_source(), fake_source(source_id="other")], root=root, session=session, now=NOW
    )
    assert failed.outcome == "failed" and not failed.ok
    assert failed.error is not None and failed.error.exit_code == 5
    assert "HTTP 500" in failed.error.message
    assert "kept the copy of 2025-01-02 in use" in failed.error.message
    assert failed.error.file == f"{BASE}/fake/ENTITIES.CSV"
    assert failed.status is not None and failed.status.entries == 5
    assert other.outcome == "updated"
    assert store.stored_ids(root) == ("fake", "other")


def test_a_collapsed_download_is_refused_unless_forced(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v2")
    store.update([fake_source()], root=root, session=session, now=NOW)
    adapter.serve("fake", FIXTURES / "collapsed")
    (refused,) = store.update([fake_source()], root=root, session=session, now=NOW)
    assert refused.outcome == "failed"
    assert refused.error is not None and "kept the copy of 2025-02-01" in refused.error.message
    (forced,) = store.update([fake_source()], root=root, session=session, now=NOW, force=True)
    assert forced.outcome == "updated"
    assert forced.status is not None and forced.status.entries == 2


def test_an_optional_file_the_publisher_no_longer_serves_is_noted(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v2")  # v2 has no aliases.csv: a 404
    (result,) = store.update([fake_source()], root=root, session=session, now=NOW)
    assert result.outcome == "updated"
    assert any("aliases.csv" in note for note in result.notes)


def test_offline_updates_come_from_the_cache_only(
    root: Path, web: tuple[FakeWeb, CachedSession], tmp_path: Path
) -> None:
    adapter, session = web
    adapter.serve("fake", FIXTURES / "v1")
    (missing,) = store.update([fake_source()], root=root, session=session, offline=True)
    assert missing.outcome == "failed" and adapter.asked == []
    assert missing.error is not None and "not in the download cache" in missing.error.message
    # Fill the cache in another store, then install from the cache alone.
    store.update([fake_source()], root=tmp_path / "elsewhere", session=session, now=NOW)
    asked = len(adapter.asked)
    (result,) = store.update([fake_source()], root=root, session=session, offline=True, now=NOW)
    assert len(adapter.asked) == asked
    assert result.outcome == "updated"
    assert result.status is not None and result.status.checked is None


def test_an_import_only_source_cannot_be_updated(
    root: Path, web: tuple[FakeWeb, CachedSession]
) -> None:
    adapter, session = web
    (result,) = store.update([one_file_source()], root=root, session=session)
    assert result.outcome == "failed"
    assert result.error is not None and result.error.hint is not None
    assert "screener lists import single" in result.error.hint
    assert adapter.asked == []


def test_an_import_only_source_with_optional_files_is_not_offered_an_update(root: Path) -> None:
    from screener.lists.official import get_source

    with pytest.raises(ListError) as caught:
        store.load_current(["uk-ofsi"], root=root)
    assert caught.value.hint is not None
    assert "update" not in caught.value.hint
    assert "screener lists import uk-ofsi FILE..." in caught.value.hint
    assert not any(f.url for f in get_source("uk-ofsi").files)


def test_an_opensanctions_dataset_imported_under_its_own_id_loads_back(root: Path) -> None:
    from screener.lists.official import get_source

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "opensanctions"
    result = store.import_files(get_source("opensanctions-mydata"),
                                [fixture / "entities.ftm.json"], root=root, now=NOW)
    assert result.ok, result.error
    (loaded,) = store.load_current(["opensanctions-mydata"], root=root, now=NOW)
    assert loaded.list_id == "opensanctions-mydata" and loaded.entries
    assert [s.list_id for s in store.status(root=root, now=NOW)] == ["opensanctions-mydata"]
    assert store.load_current(None, root=root, now=NOW)[0].list_id == "opensanctions-mydata"


# --- Official sources found lazily ------------------------------------------------------------

DPL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "dpl" / "dpl.txt"
SRC = Path(__file__).resolve().parents[2] / "src"


def test_current_lists_reads_no_parser_module_until_a_list_is_loaded(root: Path) -> None:
    from screener.lists.official import get_source

    store.import_files(get_source("bis-dpl"), [DPL_FIXTURE], root=root)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from screener.lists.store import current_lists\n"
        f"(one,) = current_lists(None, root=Path({str(root)!r}))\n"
        "print(one.content_key)\n"
        "print('dpl imported:', 'screener.lists.dpl' in sys.modules)\n"
        "print(len(one.load().entries))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out[1] == "dpl imported: False"
    # The lazily found source loads what the general path (every source given) loads.
    from screener.lists.official import sources

    (general,) = store.load_current(None, root=root, sources=sources())
    assert int(out[2]) == len(general.entries) > 0
    (lazy,) = store.current_lists(None, root=root)
    assert lazy.content_key == out[0]
    assert lazy.source.id == "bis-dpl"
    assert lazy.load().entries == general.entries


def test_a_lazily_found_sources_key_changes_with_its_parser_module() -> None:
    from screener.lists.store import _module_fingerprint

    dpl = _module_fingerprint("bis-dpl", "screener.lists.dpl")
    assert dpl == _module_fingerprint("bis-dpl", "screener.lists.dpl")
    assert dpl != _module_fingerprint("bis-dpl", "screener.lists.un")  # other parser code
    assert dpl != _module_fingerprint("us-csl", "screener.lists.dpl")  # another parser in it


def test_a_list_stored_from_a_source_this_screener_lacks_is_refused(root: Path) -> None:
    from screener.lists.official import get_source

    store.import_files(get_source("bis-dpl"), [DPL_FIXTURE], root=root)
    (one,) = store.status(root=root)
    meta_path = one.path / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["source"] = "retired-source"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ListError, match="which this version of screener does not read"):
        store.current_lists(None, root=root)
