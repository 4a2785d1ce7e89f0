"""Tests for screener.index_store: the compiled index saved, reloaded, keyed and pruned."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from screener import index_store
from screener.config import Config
from screener.index import NameIndex
from screener.lists import LoadedList, load_watchlist
from screener.match import Matcher
from screener.model import Party
from screener.screen import Screener

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "match"
QUERIES = ("Poly Technologies Inc", "Wuhan Global Sensor Tech", "Hik Vision", "Ivan Petrov",
           "Tongsheng", "Valencia Citrus Export SL")


@pytest.fixture(scope="module")
def watchlist() -> LoadedList:
    return load_watchlist(FIXTURES / "watchlist.yaml")


@pytest.fixture
def saved(tmp_path: Path, watchlist: LoadedList) -> tuple[NameIndex, index_store.StoredIndex]:
    built = NameIndex([watchlist], min_score=70)
    index_store.save(tmp_path, "k1", built, [watchlist.info])
    stored = index_store.load(tmp_path, "k1")
    assert stored is not None
    return built, stored


def test_reloaded_index_holds_the_same_records(
    saved: tuple[NameIndex, index_store.StoredIndex], watchlist: LoadedList
) -> None:
    built, stored = saved
    assert stored.infos == (watchlist.info,)
    assert stored.index.records == built.records
    assert stored.index.tables == built.tables


def test_reloaded_index_finds_and_scores_the_same(
    saved: tuple[NameIndex, index_store.StoredIndex], watchlist: LoadedList
) -> None:
    built, stored = saved
    for query in QUERIES:
        parts = built.analyze(query)
        assert stored.index.candidate_records(parts) == built.candidate_records(parts)
    fresh = Matcher([watchlist], threshold=70, index=built)
    loaded = Matcher([watchlist], threshold=70, index=stored.index)
    for query in QUERIES:
        party = Party(role="buyer", name=query)
        assert loaded.match_party(party) == fresh.match_party(party)


def test_records_load_only_when_reached(saved: tuple[NameIndex, index_store.StoredIndex]) -> None:
    _, stored = saved
    records = stored.index.record_store
    assert isinstance(records, index_store.LazyRecords)
    found = stored.index.candidate_records(stored.index.analyze("Poly Technologies"))
    # Only the candidates are unpickled: the bounds that prune the rest come from bound data.
    assert 0 < len(records._records) == len(found) < len(records)


def test_pickled_index_carries_its_records(saved: tuple[NameIndex, index_store.StoredIndex]
                                           ) -> None:
    # What a Spark broadcast or a worker process receives: no path to a cache folder.
    _, stored = saved
    copy = pickle.loads(pickle.dumps(stored.index))
    assert copy.records == stored.index.records


def test_missing_or_damaged_index_reads_as_absent(
    tmp_path: Path, saved: tuple[NameIndex, index_store.StoredIndex]
) -> None:
    assert index_store.load(tmp_path, "nope") is None
    (tmp_path / "k1" / index_store.RECORDS_FILE).write_bytes(b"short")
    assert index_store.load(tmp_path, "k1") is None
    (tmp_path / "k1" / index_store.TABLES_FILE).write_bytes(b"not a pickle")
    assert index_store.load(tmp_path, "k1") is None


def test_key_depends_on_lists_threshold_and_code() -> None:
    base = index_store.index_key(["a|1", "b|2"], 70.0, "code")
    assert index_store.index_key(["a|1", "b|3"], 70.0, "code") != base
    assert index_store.index_key(["b|2", "a|1"], 70.0, "code") != base
    assert index_store.index_key(["a|1", "b|2"], 80.0, "code") != base
    assert index_store.index_key(["a|1", "b|2"], 70.0, "code2") != base
    assert index_store.index_key(["a|1", "b|2"], 70.0, "code") == base


def test_old_indexes_are_pruned(tmp_path: Path, watchlist: LoadedList) -> None:
    built = NameIndex([watchlist], min_score=70)
    for key in ("k1", "k2", "k3"):
        index_store.save(tmp_path, key, built, [watchlist.info])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k2", "k3"]


def _config(tmp_path: Path, watchlist: Path) -> Config:
    return Config(watchlists=(watchlist,), bundled_watchlists=False, bundled_rules=False,
                  bundled_goods=False, cache_dir=tmp_path / "cache",
                  data_dir=tmp_path / "data")


def test_screener_reuses_the_index_until_a_list_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "list.yaml"
    path.write_text((FIXTURES / "watchlist.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = Screener.from_config(_config(tmp_path, path))
    party = Party(role="buyer", name="Poly Technologies Inc")
    expected = first.matcher.match_party(party)
    assert expected

    loads: list[Path] = []
    real = load_watchlist

    def counting(p: Path) -> LoadedList:
        loads.append(p)
        return real(p)

    monkeypatch.setattr("screener.screen.load_watchlist", counting)
    second = Screener.from_config(_config(tmp_path, path))
    assert loads == []  # the list was not even parsed
    assert second.list_infos == first.list_infos
    assert second.matcher.match_party(party) == expected

    path.write_text(path.read_text(encoding="utf-8").replace("Poly Technologies", "Poly Tech"),
                    encoding="utf-8")
    third = Screener.from_config(_config(tmp_path, path))
    assert loads == [path]
    assert third.list_infos[0].sha256 != first.list_infos[0].sha256


def test_no_index_cache_saves_nothing(tmp_path: Path) -> None:
    path = FIXTURES / "watchlist.yaml"
    config = Config(watchlists=(path,), bundled_watchlists=False, bundled_rules=False,
                    bundled_goods=False, cache_dir=tmp_path / "cache", index_cache=False)
    Screener.from_config(config)
    assert not (tmp_path / "cache").exists()


def test_goods_lists_are_reused_until_their_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import screener.screen as screen_module
    from screener.bundled import bundled_files

    goods = tmp_path / "goods.yaml"
    goods.write_bytes(Path(bundled_files("goods")[0]).read_bytes())
    config = Config(bundled_watchlists=False, bundled_rules=False, bundled_goods=False,
                    goods_lists=(goods,), cache_dir=tmp_path / "cache", data_dir=tmp_path / "d")
    first = Screener.from_config(config)
    loads: list[Path] = []
    real = screen_module.load_goods_list

    def counting(p: Path) -> object:
        loads.append(p)
        return real(p)

    monkeypatch.setattr(screen_module, "load_goods_list", counting)
    second = Screener.from_config(config)
    assert loads == [] and second.goods_lists == first.goods_lists
    goods.write_bytes(goods.read_bytes() + b"\n# changed\n")
    Screener.from_config(config)
    assert loads == [goods]


def test_bound_data_reads_back_for_every_record(
    saved: tuple[NameIndex, index_store.StoredIndex]
) -> None:
    from screener.index import bound_data

    built, stored = saved
    records = stored.index.record_store
    assert isinstance(records, index_store.LazyRecords)
    for record in built.records:
        assert records.bound_data(record.position) == bound_data(record)


def test_name_queries_leave_the_entry_tables_packed(
    saved: tuple[NameIndex, index_store.StoredIndex], watchlist: LoadedList
) -> None:
    # A one-row check loads the tables in milliseconds because what a name query does not read
    # stays packed until asked for; asked for, it says what the built index says.
    built, stored = saved
    index = stored.index
    for query in QUERIES:
        index.candidate_records(index.analyze(query))
    assert index._by_entry_map is None and index._identifier_map is None
    for entry in watchlist.entries:
        assert index.entry_records(entry) == built.entry_records(entry)
        assert index.entries_with_identifiers(entry.identifiers) == (
            built.entries_with_identifiers(entry.identifiers)
        )


def test_an_unpacked_index_finds_the_same(
    saved: tuple[NameIndex, index_store.StoredIndex], watchlist: LoadedList
) -> None:
    built, stored = saved
    stored.index.unpack()
    assert stored.index._by_entry_map is not None
    assert len(stored.index._text_buckets) == len(stored.index.tables.texts)
    for query in QUERIES:
        parts = built.analyze(query)
        assert stored.index.candidate_records(parts) == built.candidate_records(parts)
