"""Tests for screener.parallel: each distinct party matched once per run across the workers."""

from __future__ import annotations

import gc
import io
import os
import queue
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from screener.batch import run_check
from screener.config import Config
from screener.errors import InternalError
from screener.match import Matcher
from screener.model import Party, PartyHit
from screener.parallel import _Scheduler
from screener.readers import RawRow
from screener.report import RenderOptions
from screener.screen import Screener

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "invoices.csv"


def _config(tmp_path: Path, **kw: object) -> Config:
    return Config(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", **kw)  # type: ignore[arg-type]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """3,000 rows over many spans; 150 counterparties, a few in most rows (as ledgers repeat)."""
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = "Invoice,Seller,Seller Country,Buyer,Buyer Country,HS Code"
    names = [f"Trading House {i} LLC" for i in range(140)] + [
        "Sinno Electronics Co., Limited", "Grant Instruments", "Pixel Fly Limited",
        "Xiamen Sanlan Trading Co", "Hong Kong Hua Sheng Electronics", "Orbita LLC",
        "Kvazar Trading", "Bendix Asia", "Radioavtomatika", "Ningbo Technology",
    ]  # fmt: skip
    rng = random.Random(6)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    body = []
    for i in range(3000):
        seller, buyer = rng.choices(names, weights, k=2)
        body.append(f'INV-{i},"{seller}",CN,"{buyer}",{rng.choice(["RU", "KG", "AE"])},854231')
    assert rows  # the example exists; its parties are not needed here
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def _run(path: Path, config: Config) -> str:
    out = io.StringIO()
    run_check([str(path)], config, "csv", out, RenderOptions(width=120))
    return out.getvalue()


def test_each_distinct_party_is_matched_once_across_workers(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "matched.log"
    original = Matcher.match_party

    def logged(self: Matcher, party: Party) -> tuple[PartyHit, ...]:
        # Appends are atomic for short lines, and the forked workers inherit this patch.
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\t{party.name}|{party.country}\n")
        return original(self, party)

    monkeypatch.setattr(Matcher, "match_party", logged)
    monkeypatch.setattr("screener.readers.spans.SPAN_BYTES", 8 * 1024)  # about 20 spans
    serial = _run(ledger, _config(tmp_path, jobs=1))
    serial_count = Counter(log.read_text(encoding="utf-8").splitlines()).total()
    log.unlink()
    parallel = _run(ledger, _config(tmp_path, jobs=2))
    lines = log.read_text(encoding="utf-8").splitlines()
    matched = Counter(line.split("\t", 1)[1] for line in lines)
    assert parallel == serial
    assert max(matched.values()) == 1  # no party matched twice
    assert matched.total() == serial_count  # and none left out
    assert len({line.split("\t")[0] for line in lines}) == 2  # both workers matched


def test_a_worker_that_dies_fails_the_run(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(self: Screener, record: object) -> None:
        os._exit(9)

    monkeypatch.setattr(Screener, "screen_record", die)
    with pytest.raises(InternalError, match="worker process ended"):
        _run(ledger, _config(tmp_path, jobs=2))


class _Instant:
    """A worker's task queue that answers each task at once, as a very fast worker would.

    The first chunk of every window of WINDOW chunks finishes last (held until the window's last
    chunk is screened): out of order, as chunks that wait for a party matched elsewhere do.
    """

    WINDOW = 2 * 3  # jobs * IN_FLIGHT

    def __init__(self, number: int, results: queue.Queue[Any], held: dict[int, Any]) -> None:
        self.number = number
        self.results = results
        self.held = held

    def put(self, task: Any) -> None:
        if task is None:
            return
        kind, chunk, _ = task
        if kind == "scan":
            self.results.put(("scanned", self.number, chunk, []))
        elif kind == "screen":
            answer = ("screened", self.number, chunk, [])
            if chunk % self.WINDOW == 0:
                self.held[chunk] = answer
                return
            self.results.put(answer)
            first = chunk - chunk % self.WINDOW
            if chunk == first + self.WINDOW - 1:
                self.results.put(self.held.pop(first))


class _Alive:
    """A worker that is alive for the first few checks only (so that a stall fails, not hangs)."""

    def __init__(self) -> None:
        self.checks = 0

    def is_alive(self) -> bool:
        self.checks += 1
        return self.checks < 3

    exitcode = 0


def test_chunks_that_all_finish_at_once_do_not_stall_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every chunk out finishes before the parent hands out the next one: it must write them and
    # go on, not wait for a message that will never come.
    monkeypatch.setattr("screener.parallel._POLL_SECONDS", 0.01)
    monkeypatch.setattr("screener.parallel.IN_FLIGHT", 3)
    results: queue.Queue[Any] = queue.Queue()
    held: dict[int, Any] = {}
    tasks = [_Instant(w, results, held) for w in range(2)]
    scheduler = _Scheduler(tasks, results, [_Alive(), _Alive()])  # type: ignore[arg-type]
    work = iter([(0, [RawRow(i, {})]) for i in range(48)])
    assert len(list(scheduler.run(work))) == 48  # type: ignore[arg-type]


def test_workers_inherit_a_frozen_heap_and_the_parent_unfreezes_after(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # gc.freeze() before the fork: a collection in a worker never walks (and so never copies)
    # the index and rules it shares with the parent.
    log = tmp_path / "frozen.log"
    original = Screener.screen_record
    logged_by: set[int] = set()  # each forked worker has its own copy

    def logged(self: Screener, record: Any) -> Any:
        # Once per worker: get_freeze_count walks the whole frozen heap.
        if os.getpid() not in logged_by:
            logged_by.add(os.getpid())
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\t{gc.get_freeze_count()}\n")
        return original(self, record)

    monkeypatch.setattr(Screener, "screen_record", logged)
    monkeypatch.setattr("screener.readers.spans.SPAN_BYTES", 8 * 1024)  # chunks for both
    assert gc.get_freeze_count() == 0
    _run(ledger, _config(tmp_path, jobs=2))
    counts = [int(line.split("\t")[1]) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(counts) == 2  # both workers screened
    assert min(counts) > 0
    assert gc.get_freeze_count() == 0


def test_the_index_tables_are_unpacked_once_before_the_workers_fork(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tables split on first use would otherwise be split again, privately, in every worker.
    from screener.index import NameIndex

    calls: list[int] = []
    original = NameIndex.unpack

    def counted(self: NameIndex) -> None:
        calls.append(os.getpid())
        original(self)

    monkeypatch.setattr(NameIndex, "unpack", counted)
    _run(ledger, _config(tmp_path, jobs=2))
    assert calls == [os.getpid()]
