"""The one place the stages are composed: input rows to records to scored assessments, a Report."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from screener import SCHEMA_VERSION, __version__, index_store
from screener.bands import all_bands
from screener.bundled import bundled_dir, bundled_files
from screener.columns import ColumnMap, recognise
from screener.config import Config
from screener.errors import InputDataError
from screener.goods import GoodsClassifier, GoodsList, load_goods_list
from screener.index import NameIndex
from screener.lists import LoadedList, load_watchlist
from screener.lists.store import current_lists, store_root
from screener.match import Matcher
from screener.model import (
    Assessment,
    ListInfo,
    Party,
    PartyHit,
    Record,
    Report,
    RuleSetInfo,
    Skipped,
    Summary,
)
from screener.readers import RawRow, Table, open_table
from screener.records import build_record
from screener.rules import RuleSet, evaluate, load_rules
from screener.rules.evaluate import new_party_memo
from screener.scoring import assess

# How many distinct parties keep their hits in memory. Ledgers repeat counterparties, so each
# distinct party is matched once per run; the bound keeps memory flat on millions of distinct names.
PARTY_CACHE_SIZE = 200_000

ProgressCallback = Callable[[int], None]

_R = TypeVar("_R", Party, PartyHit)


def _role_setter(cls: type[_R]) -> Callable[[_R, str], _R]:
    """`replace(value, role=role)` for `cls`, quickly.

    dataclasses.replace looks the class's fields up on every call (~3 us for a Party or a
    PartyHit); a new party costs one of each per hit: the values are read and the role put in
    positionally (every field of these classes is an __init__ argument, in field order).
    """
    names = [f.name for f in fields(cls)]
    at = names.index("role")
    values_of = attrgetter(*names)

    def in_role(value: _R, role: str) -> _R:
        values = list(values_of(value))
        values[at] = role
        return cls(*values)

    return in_role


_party_in_role = _role_setter(Party)
_hit_in_role = _role_setter(PartyHit)


def _rule_paths(config: Config) -> tuple[Path, ...]:
    bundled = (bundled_dir("rules"),) if config.bundled_rules else ()
    return (*bundled, *config.rules_paths)


@dataclass(frozen=True)
class Screener:
    """Loaded lists, goods lists and rules, ready to screen records; build it once per run."""

    config: Config
    watchlist_infos: tuple[ListInfo, ...]
    goods_lists: tuple[GoodsList, ...]
    rules: RuleSet
    matcher: Matcher
    classifier: GoodsClassifier
    # The party cache is the one piece of state: it lives in the Screener a run builds.
    _party_cache: dict[Party, tuple[PartyHit, ...]]
    # In front of it, by object: records.py hands out the same Party object for a party named in
    # the same cells again, so a repeated party costs one lookup, with its hits already carrying
    # its role (id -> (the party, its hits, its memo for the rules); the party is kept so that
    # its id is not reused). The rules keep what they work out of the party in its memo
    # (evaluate's party_memos), found here with its hits rather than by a lookup of their own.
    _role_hits: dict[int, tuple[Party, tuple[PartyHit, ...], list[Any]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_config(cls, config: Config) -> Screener:
        """Load everything `config` asks for; ConfigError (exit 4) on a bad file."""
        # One matcher pass finds both hits and look-alikes; screen_record splits them.
        threshold = min(config.match_threshold, config.similar_threshold)
        code = index_store.code_fingerprint()  # what the compiled caches depend on
        infos, index = _name_index(config, threshold, code)
        goods_lists = _goods_lists(config, code)
        rules = load_rules(_rule_paths(config))
        # The rules compare party names in the analysed form the matcher has already worked
        # out for each of them: the index's analyser remembers it.
        rules.memo.use_analyzer(index.analyzer)
        return cls(
            config=config,
            watchlist_infos=infos,
            goods_lists=goods_lists,
            rules=rules,
            matcher=Matcher(
                [LoadedList(info, ()) for info in infos], threshold=threshold, index=index
            ),
            classifier=GoodsClassifier(goods_lists),
            _party_cache={},
        )

    @property
    def list_infos(self) -> tuple[ListInfo, ...]:
        return (*self.watchlist_infos, *(g.info for g in self.goods_lists))

    @property
    def rule_infos(self) -> tuple[RuleSetInfo, ...]:
        return self.rules.infos

    @staticmethod
    def party_key(party: Party) -> Party:
        """What a party's hits are cached under: the party without its role.

        The same counterparty is seller on one row and payer on the next: the match does not
        depend on the role (match.py only copies it onto the hits), so the key leaves it out and
        each hit takes the row's role.
        """
        return _party_in_role(party, "") if party.role else party

    def has_hits_of(self, party: Party) -> bool:
        """Whether this very Party object's hits are remembered: a test cheaper than party_key.

        records.py hands out the same object when the same cells name a party again.
        """
        seen = self._role_hits.get(id(party))
        return seen is not None and seen[0] is party

    def knows(self, key: Party) -> bool:
        """Whether the hits of `key` (a party_key) are cached."""
        return key in self._party_cache

    def unknown_parties(self, records: Iterable[Record | Skipped]) -> list[Party]:
        """The party_keys of `records`' parties whose hits are not cached here, once each, in order.

        What `has_hits_of`, `party_key` and `knows` tell party by party, in one loop: a worker
        asks it of every party of every row (parallel.py).
        """
        unknown: dict[Party, None] = {}
        by_object = self._role_hits
        cache = self._party_cache
        for record in records:
            if isinstance(record, Skipped):
                continue
            for party in record.parties:
                seen = by_object.get(id(party))
                if seen is not None and seen[0] is party:
                    continue
                key = self.party_key(party)
                if key not in unknown and key not in cache:
                    unknown[key] = None
        return list(unknown)

    def match_parties(self, keys: Iterable[Party]) -> list[tuple[Party, tuple[PartyHit, ...]]]:
        """Each of `keys` (party_keys) with its hits, matched now and remembered."""
        found = [(key, self.matcher.match_party(key)) for key in keys]
        self.remember(found)
        return found

    def remember(self, found: Iterable[tuple[Party, tuple[PartyHit, ...]]]) -> None:
        """Cache hits matched elsewhere (another worker process of the same run)."""
        cache = self._party_cache
        for key, hits in found:
            if key not in cache and len(cache) >= PARTY_CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[key] = hits

    def _party_hits(self, record: Record) -> tuple[PartyHit, ...]:
        return self._hits_and_memos(record)[0]

    def _hits_and_memos(self, record: Record) -> tuple[tuple[PartyHit, ...], list[list[Any]]]:
        """The hits of the record's parties, and each party's memo for the rules."""
        hits: list[PartyHit] = []
        memos: list[list[Any]] = []
        cache = self._party_cache
        by_object = self._role_hits
        for party in record.parties:
            seen = by_object.get(id(party))
            if seen is not None and seen[0] is party:
                hits.extend(seen[1])
                memos.append(seen[2])
                continue
            key = self.party_key(party)
            found = cache.get(key)
            if found is None:
                found = self.matcher.match_party(key)
                if len(cache) >= PARTY_CACHE_SIZE:
                    cache.pop(next(iter(cache)))
                cache[key] = found
            role = party.role
            mine = tuple([_hit_in_role(h, role) for h in found])
            if len(by_object) >= PARTY_CACHE_SIZE:
                by_object.clear()
            memo = new_party_memo()
            by_object[id(party)] = (party, mine, memo)
            hits.extend(mine)
            memos.append(memo)
        return tuple(hits), memos

    def screen_record(self, record: Record) -> Assessment:
        """Match the parties, classify the goods, evaluate the rules and score one record."""
        found, memos = self._hits_and_memos(record)
        if found:
            threshold = self.config.match_threshold
            party_hits = tuple(h for h in found if h.score >= threshold)
            # A look-alike matters only for a party that met no entry outright.
            hit_names = {(h.role, h.input_name) for h in party_hits}
            similar = tuple(
                h for h in found if h.score < threshold and (h.role, h.input_name) not in hit_names
            )
        else:  # most rows: no party like any listed one
            party_hits = similar = ()
        goods_hits = self.classifier.classify(record)
        findings = evaluate(
            self.rules, record, party_hits, goods_hits, similar_hits=similar, party_memos=memos
        )
        return assess(record, party_hits, goods_hits, findings, similar=similar)

    def screen_table(
        self, table: Table, columns: ColumnMap
    ) -> Iterator[Assessment | Skipped]:
        """Screen each row of `table` in input order: an Assessment, or a Skipped row and why.

        A malformed row raises its InputDataError unless `config.skip_bad_rows` is set.
        """
        for raw in table.rows:
            yield self.screen_raw(table.source, raw, columns)

    def screen_raw(self, source: str, raw: RawRow, columns: ColumnMap) -> Assessment | Skipped:
        """Screen one input row of `source` read with `columns`: an Assessment, or why skipped.

        A malformed row raises its InputDataError unless `config.skip_bad_rows` is set.
        """
        prepared = self.prepare(source, raw, columns)
        if isinstance(prepared, Skipped):
            return prepared
        return self.screen_record(prepared)

    def prepare(self, source: str, raw: RawRow, columns: ColumnMap) -> Record | Skipped:
        """The Record of one input row (screen_raw before the screening), or why it is skipped.

        A malformed row raises its InputDataError unless `config.skip_bad_rows` is set.
        """
        try:
            if raw.error is not None:
                raise raw.error
            record = build_record(source, raw, columns)
        except InputDataError as err:
            if not self.config.skip_bad_rows:
                raise
            return Skipped(source=source, row=raw.row, reason=err.message, field=err.field,
                           raw=raw.cells)
        if not record.parties and not record.goods:
            return Skipped(
                source=source,
                row=raw.row,
                reason="no party name and no goods in this row",
                raw=raw.cells,
            )
        return record


@dataclass(frozen=True)
class _WatchSource:
    """One watchlist a run screens against, before loading: its content key and how to load it."""

    key: str
    load: Callable[[], LoadedList]
    check: Callable[[], None] | None = None  # runs even when the compiled index is reused


def _yaml_source(path: Path) -> _WatchSource:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = "unreadable"  # load_watchlist reports it (ConfigError naming the file)
    return _WatchSource(f"file|{path.resolve()}|{digest}", lambda: load_watchlist(path))


def _watch_sources(config: Config) -> tuple[_WatchSource, ...]:
    """The bundled and user watchlists plus the official lists from the store, in load order.

    Without `config.lists`: every bundled and user watchlist and every stored official list. With
    it: the bundled lists it names, every `--watchlist` file (asked for explicitly), and the
    official lists it names, each of which must be in the store (ListError, exit 5, otherwise).
    """
    bundled_paths = bundled_files("watchlists") if config.bundled_watchlists else ()
    root = store_root(config.data_dir)
    if config.lists is None:
        bundled = tuple(_yaml_source(Path(p)) for p in bundled_paths)
        wanted_official = None
    else:
        # A bundled list is chosen by its id, which only its file says.
        bundled_lists = [load_watchlist(Path(p)) for p in bundled_paths]
        local_ids = {w.list_id for w in bundled_lists}
        local_ids.update(load_watchlist(Path(p)).list_id for p in config.watchlists)
        bundled = tuple(
            _WatchSource(f"bundled|{w.info.path}|{w.info.sha256}", _const(w))
            for w in bundled_lists
            if w.list_id in config.lists
        )
        wanted_official = tuple(i for i in config.lists if i not in local_ids)
    user = tuple(_yaml_source(Path(p)) for p in config.watchlists)
    current = current_lists(wanted_official, root=root, max_age_days=config.max_list_age_days)
    official = tuple(
        _WatchSource(c.content_key, partial(c.load, verify=False), c.verify) for c in current
    )
    return (*bundled, *user, *official)


def _const(loaded: LoadedList) -> Callable[[], LoadedList]:
    return lambda: loaded


def _goods_lists(config: Config, code: str) -> tuple[GoodsList, ...]:
    """The bundled and user goods lists, from the compiled cache while their files are unchanged."""
    paths = tuple(Path(p) for p in (
        *(bundled_files("goods") if config.bundled_goods else ()),
        *config.goods_lists,
    ))

    def load() -> tuple[GoodsList, ...]:
        return tuple(load_goods_list(p) for p in paths)

    if not config.index_cache:
        return load()
    digest = hashlib.sha256(code.encode())
    for path in paths:
        try:
            digest.update(f"{path.resolve()}\n".encode() + path.read_bytes())
        except OSError:
            return load()  # load_goods_list says what is wrong with the file
    root = index_store.cache_root(config.cache_dir)
    return index_store.cached(root, "goods", digest.hexdigest()[:32], load)


def _name_index(
    config: Config, threshold: float, code: str
) -> tuple[tuple[ListInfo, ...], NameIndex]:
    """The list infos and the name index over every watchlist `config` asks for.

    The index is reused from the cache (index_store.py) when every list and the code are as they
    were when it was built; else it is built and saved for the next run. A stored file whose hash
    changed is refused either way (ListError, exit 5).
    """
    sources = _watch_sources(config)
    for source in sources:
        if source.check is not None:
            source.check()
    root = index_store.cache_root(config.cache_dir)
    key = index_store.index_key(
        [s.key for s in sources], threshold, code
    )
    if config.index_cache:
        stored = index_store.load(root, key)
        if stored is not None:
            return stored.infos, stored.index
    lists = tuple(s.load() for s in sources)
    index = NameIndex(lists, min_score=threshold)
    infos = tuple(w.info for w in lists)
    if config.index_cache:
        # Best effort: a read-only cache (a shared install) only costs the next run a rebuild.
        with contextlib.suppress(OSError):
            index_store.save(root, key, index, infos)
    return infos, index


def open_input(
    path: str | Path, config: Config, *, require: bool = True
) -> tuple[Table, ColumnMap]:
    """Open one input and recognise its columns (with the user's `--map` overrides).

    `require=False` lets a file with no recognisable party or goods column through, for
    `screener columns` to show what it found.
    """
    table = open_table(
        str(path), encoding=config.encoding, sheet=config.sheet, fmt=config.input_format
    )
    columns = recognise(table.headers, config.column_map, source=table.source, require=require)
    return table, columns


def iter_screen(
    inputs: Sequence[str | Path], screener: Screener
) -> Iterator[Assessment | Skipped]:
    """Every row of every input, screened, in input order (a stream: nothing is held)."""
    for path in inputs:
        table, columns = open_input(path, screener.config)
        yield from screener.screen_table(table, columns)


def settings_of(config: Config) -> Mapping[str, Any]:
    """The settings a report header records for an audit to replay the run."""
    return {
        "match_threshold": config.match_threshold,
        "bundled_watchlists": config.bundled_watchlists,
        "bundled_rules": config.bundled_rules,
        "bundled_goods": config.bundled_goods,
        "column_map": dict(config.column_map),
        "skip_bad_rows": config.skip_bad_rows,
        "similar_threshold": config.similar_threshold,
        "lists": list(config.lists) if config.lists is not None else None,
        "max_list_age_days": config.max_list_age_days,
    }


def build_report(
    inputs: Sequence[str | Path],
    screener: Screener,
    results: Iterable[Assessment | Skipped],
    *,
    generated_at: datetime | None = None,
) -> Report:
    """Collect screened rows into a Report with its summary and the lists and rules used."""
    assessments: list[Assessment] = []
    skipped: list[Skipped] = []
    for result in results:
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            assessments.append(result)
    by_band = {band.value: 0 for band in all_bands()}
    for a in assessments:
        by_band[a.band.value] += 1
    when = (generated_at or datetime.now(UTC)).isoformat(timespec="seconds")
    return Report(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        generated_at=when,
        inputs=tuple("<stdin>" if str(p) == "-" else str(p) for p in inputs),
        assessments=tuple(assessments),
        skipped=tuple(skipped),
        summary=Summary(
            rows_in=len(assessments) + len(skipped),
            screened=len(assessments),
            skipped=len(skipped),
            by_band=by_band,
        ),
        lists=screener.list_infos,
        rules=screener.rule_infos,
        settings=settings_of(screener.config),
    )


def screen(
    inputs: str | Path | Sequence[str | Path],
    config: Config | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> Report:
    """Screen one or more input files (`-` for stdin) and return the Report the CLI renders.

    `progress`, if given, is called with the number of rows done so far every few hundred rows.
    """
    paths: Sequence[str | Path] = (
        [inputs] if isinstance(inputs, str | Path) else list(inputs)
    )
    screener = Screener.from_config(config or Config())
    results: Iterable[Assessment | Skipped] = iter_screen(paths, screener)
    if progress is not None:
        results = _with_progress(results, progress)
    return build_report(paths, screener, results)


# Report progress every this many rows: often enough for a live bar, rare enough to cost nothing.
PROGRESS_EVERY = 250


def _with_progress(
    results: Iterable[Assessment | Skipped], progress: ProgressCallback
) -> Iterator[Assessment | Skipped]:
    done = 0
    for result in results:
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)
        yield result
    progress(done)
