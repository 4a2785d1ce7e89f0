"""Names per second: screener's Matcher against nomenklatura's logic-v2 behind its own blocking.

Both engines screen the same distinct party names (name and country) drawn from the generated
ledger against the same lists: every list in the store plus the bundled curated list.

- screener: the Matcher exactly as `screen.Screener.from_config` builds it (its own blocking index,
  the compiled index from the cache when there is one), one `match_party` call per name; a name
  alerts when a hit reaches the default match threshold.
- logic-v2: nomenklatura 4.17.4's blocking `Index` (nomenklatura.blocker: a DuckDB table of name
  parts, symbols and name fingerprints weighted by inverse frequency; its defaults: at most 75
  candidates per name, none below a tenth of the best candidate's blocking score) over FtM
  entities of the same entries, and `LogicV2.compare` on every candidate it returns; a name alerts
  at 0.70, yente's default threshold. The entities are made as benchmarks/matching/run.py makes
  them. The queries are `LegalEntity`: a ledger does not say whether a party is a firm or a person.

The index-building time of each engine is reported apart; names per second count only the time
spent on the names (for logic-v2, its batch blocking query and the scoring).
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screener.bundled import bundled_files
from screener.config import Config
from screener.lists import LoadedList, load_watchlist
from screener.lists.store import load_current, store_root
from screener.model import Entry, Party

# yente's default match threshold (yente/settings.py SCORE_THRESHOLD = 0.70), as in
# benchmarks/matching/run.py.
LOGIC_V2_THRESHOLD = 0.70
PARTY_COLUMNS = (
    ("Seller Name", "Seller Country"),
    ("Buyer Name", "Buyer Country"),
    ("Payer Name", "Payer Country"),
)

Name = tuple[str, str]  # (name, ISO country or "")


@dataclass
class EngineResult:
    engine: str
    names: int
    seconds: float
    setup_seconds: float
    alerting: int  # names with at least one alert
    planted: int = 0  # planted listed names among them
    planted_found: int = 0  # ... that alerted on the entry they were made from
    candidates: int = 0  # candidates scored (logic-v2)
    note: str = ""

    @property
    def rate(self) -> float:
        return self.names / self.seconds if self.seconds else float("inf")


@dataclass
class Outcome:
    """One name's result: how long it took (screener) and which entries alerted."""

    seconds: float
    alerts: frozenset[tuple[str, str]]  # (list id, entry id)


def tally(
    engine: str,
    names: Sequence[Name],
    outcomes: Sequence[Outcome],
    seconds: float,
    setup: float,
    planted: Mapping[Name, tuple[str, str]],
    note: str = "",
) -> EngineResult:
    """An EngineResult over `names` and their outcomes, in the same order."""
    result = EngineResult(engine, len(names), seconds, setup, 0, note=note)
    for party, outcome in zip(names, outcomes, strict=True):
        result.alerting += bool(outcome.alerts)
        expected = planted.get(party)
        if expected is not None:
            result.planted += 1
            result.planted_found += expected in outcome.alerts
    return result


def sample_names(ledger: Path, count: int, seed: int) -> list[Name]:
    """`count` distinct (name, country) parties of the ledger, in a seeded random order."""
    seen: set[Name] = set()
    with ledger.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = [(header.index(n), header.index(c)) for n, c in PARTY_COLUMNS]
        for row in reader:
            for n, c in columns:
                if row[n]:
                    seen.add((row[n], row[c]))
    ordered = sorted(seen)
    return random.Random(seed).sample(ordered, min(count, len(ordered)))


def read_planted(path: Path | None) -> dict[Name, tuple[str, str]]:
    """(name, country) -> (list id, entry id) of the names generate.py planted."""
    if path is None or not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["name"], r["country"]): (r["list_id"], r["entry_id"]) for r in csv.DictReader(handle)
        }


def load_lists(data_dir: Path) -> tuple[LoadedList, ...]:
    """The lists `screener check --data-dir data_dir` screens against: the bundled curated list
    and every stored official list."""
    bundled = tuple(load_watchlist(p) for p in bundled_files("watchlists"))
    return (*bundled, *load_current(None, root=store_root(data_dir)))


def run_screener(names: Sequence[Name], data_dir: Path) -> tuple[list[Outcome], float]:
    """Each name through the Matcher `Screener.from_config` builds; (outcomes, setup seconds)."""
    from screener.screen import Screener

    start = time.perf_counter()
    screener = Screener.from_config(Config(data_dir=data_dir))
    matcher = screener.matcher
    threshold = screener.config.match_threshold
    setup = time.perf_counter() - start
    outcomes: list[Outcome] = []
    clock = time.perf_counter
    for name, country in names:
        began = clock()
        hits = matcher.match_party(Party(role="buyer", name=name, country=country or None))
        alerts = frozenset((h.list_id, h.entry_id) for h in hits if h.score >= threshold)
        outcomes.append(Outcome(clock() - began, alerts))
    return outcomes, setup


# --- logic-v2 ----------------------------------------------------------------------------------

_SCHEMAS = {
    "person": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "organization": "Organization",
}


def _entry_entity(dataset: Any, entry: Entry) -> Any:
    """An FtM entity of a list entry, as benchmarks/matching/run.py makes them; "unknown" entries
    are LegalEntity (the lists do not say)."""
    from followthemoney import StatementEntity

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))
    from run import ftm_names  # the same names benchmarks/matching gives logic-v2

    schema = _SCHEMAS.get(entry.entity_type, "LegalEntity")
    proxy = StatementEntity(dataset, {"schema": schema, "id": f"{entry.list_id}:{entry.entry_id}"})
    names, weak = ftm_names(entry, schema)
    proxy.add("name", names)
    if weak:
        proxy.add("weakAlias", weak)
    if entry.countries:
        proxy.add("country", [c.lower() for c in entry.countries])
    return proxy


def run_logic_v2(
    names: Sequence[Name],
    lists: Sequence[LoadedList],
    workdir: Path,
    warm_up: Sequence[Name] = (),
) -> tuple[list[Outcome], float, float, int]:
    """`names` through nomenklatura's blocking Index and LogicV2.compare, after an untimed batch
    of `warm_up` names; (outcomes, seconds for `names`, setup seconds, candidates scored)."""
    # One DuckDB thread: screener's Matcher runs on one core here too (a like-for-like rate).
    os.environ.setdefault("NOMENKLATURA_DUCKDB_THREADS", "1")
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.blocker import Index
    from nomenklatura.matching import LogicV2
    from nomenklatura.resolver import Linker
    from nomenklatura.store import MemoryStore

    start = time.perf_counter()
    lists_ds = Dataset.make({"name": "lists", "title": "screening lists"})
    store: MemoryStore[Any, Any] = MemoryStore(lists_ds, Linker({}))
    seen: set[str] = set()
    with store.writer() as writer:
        for one in lists:
            for entry in one.entries:
                proxy = _entry_entity(lists_ds, entry)
                if proxy.id in seen:  # an id twice in one list would merge two entries
                    continue
                seen.add(proxy.id)
                writer.add_entity(proxy)
    view = store.default_view()
    config = LogicV2.default_config()
    query_ds = Dataset.make({"name": "ledger", "title": "ledger names"})

    def batch(index: Any, batch_names: Sequence[Name]) -> tuple[list[Outcome], int]:
        queries: dict[str, Any] = {}
        for number, (name, country) in enumerate(batch_names):
            proxy = StatementEntity(query_ds, {"schema": "LegalEntity", "id": f"q{number}"})
            proxy.add("name", name)
            if country:
                proxy.add("country", country.lower())
            queries[f"q{number}"] = proxy
        found: dict[str, frozenset[tuple[str, str]]] = {}
        scored = 0
        for query_id, candidates in index.match_entities(queries.values()):
            query = queries[str(query_id)]
            alerts: set[tuple[str, str]] = set()
            for candidate_id, _ in candidates:
                candidate = view.get_entity(str(candidate_id))
                if candidate is None:
                    continue
                scored += 1
                if LogicV2.compare(query, candidate, config).score >= LOGIC_V2_THRESHOLD:
                    list_id, _, entry_id = str(candidate_id).partition(":")
                    alerts.add((list_id, entry_id))
            found[str(query_id)] = frozenset(alerts)
        empty: frozenset[tuple[str, str]] = frozenset()
        return [Outcome(0.0, found.get(f"q{n}", empty)) for n in range(len(batch_names))], scored

    with tempfile.TemporaryDirectory(prefix="nk-index-", dir=workdir) as tmp:
        index = Index(view, Path(tmp))
        index.build()
        setup = time.perf_counter() - start
        if warm_up:
            batch(index, warm_up)
        start = time.perf_counter()
        outcomes, scored = batch(index, names)
        seconds = time.perf_counter() - start
        index.close()
    return outcomes, seconds, setup, scored
