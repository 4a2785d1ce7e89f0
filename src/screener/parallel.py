"""Screening in worker processes: each distinct party matched once per run, rows back in order.

The workers are forked from the process that built the Screener, so the name index, goods lists
and rules are shared copy-on-write and never pickled. A chunk of rows goes through three steps:

1. **scan**: a worker reads the chunk (a byte range of a delimited file it reads itself, see
   readers/spans.py, or rows the parent read), builds its records and reports the parties whose
   hits it does not have;
2. **match**: the parent hands each party no worker has matched yet to one worker, in small
   batches to whichever has the least matching queued, and passes every result on to the other
   workers, so that each distinct party is matched once per run, not once per worker;
3. **screen**: once every party of the chunk is matched, its worker screens, renders and tallies
   the rows (report/stream.py's `render_block`), and only their text and tally travel back.

The parent writes the chunks in input order. At most `jobs * IN_FLIGHT` chunks are out at a time,
so memory does not grow with the number of rows (the parent's record of matched parties grows with
the number of distinct parties, as the party cache does).
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import queue
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any

from screener.columns import ColumnMap
from screener.errors import InternalError, UsageError
from screener.model import Assessment, Party, PartyHit, Record, Skipped
from screener.readers import RawRow, Table
from screener.readers.spans import Span, Splittable
from screener.report.stream import RenderedBlock, RowFormat, render_block
from screener.screen import Screener

# Rows per chunk of an input the parent reads itself (spans of a split file are sized in bytes,
# readers/spans.py): large enough that sending a chunk costs little against screening it (a few
# milliseconds of pickling against ~100 ms of work), small enough to keep both workers busy.
CHUNK_ROWS = 1000
# Chunks out per worker: three keep a worker busy while one waits for a party another worker is
# still matching and the parent writes the previous result.
IN_FLIGHT = 3
# Parties per match task: about a tenth of a second of work, so that the matching of a chunk full
# of new names (the first chunks of a ledger) is spread over every worker.
MATCH_BATCH = 32
# How often (seconds) the parent checks that its workers are alive while it waits for them.
_POLL_SECONDS = 1.0

Input = tuple[str, ColumnMap, Splittable | None]  # source name, recognised columns, byte ranges
Chunk = tuple[int, Span | list[RawRow]]  # a chunk of the input with that number
# A chunk's rows as they travel back: rendered and tallied in one block (a string and a small
# tally, where an outcome and a text per row cost the main process ~2-3 us a row to receive and
# add), or the Assessments themselves for a format the main process lays out (the table).
Result = RenderedBlock | list[Assessment | Skipped]
Found = list[tuple[Party, tuple[PartyHit, ...]]]

_SCAN, _MATCH, _SCREEN = "scan", "match", "screen"
_SCANNED, _MATCHED, _SCREENED, _FAILED = "scanned", "matched", "screened", "failed"


def chunks(rows_of: Iterable[Iterable[RawRow]]) -> Iterator[tuple[int, list[RawRow]]]:
    """The rows of each input (numbered in order), CHUNK_ROWS at a time."""
    for number, rows in enumerate(rows_of):
        batch: list[RawRow] = []
        for raw in rows:
            batch.append(raw)
            if len(batch) >= CHUNK_ROWS:
                yield number, batch
                batch = []
        if batch:
            yield number, batch


def work_of(tables: Sequence[Table]) -> Iterator[Chunk]:
    """The chunks of each input: byte spans of a splittable file, else rows read here."""
    for number, table in enumerate(tables):
        if table.split is None:
            for _, batch in chunks([table.rows]):
                yield number, batch
            continue
        first = next(table.rows, None)  # where the data rows start; the workers read them
        table.close()
        if first is not None:
            for span in table.split.spans(first.row):
                yield number, span


def screen_in_workers(
    screener: Screener,
    inputs: tuple[Input, ...],
    work: Iterable[Chunk],
    jobs: int,
    spec: RowFormat | None,
) -> Iterator[Result]:
    """Each chunk's results, in the order of `work`, screened by `jobs` forked processes.

    `inputs` are the (source, columns, split) of the inputs the chunks number; the workers
    inherit them. With `spec`, a chunk's rows come back as one RenderedBlock; without, as the
    Assessments and Skipped themselves. An InputDataError in a worker is raised here, at its chunk.
    """
    if jobs < 2:
        raise UsageError(f"--jobs {jobs}: the pool needs at least 2 workers", field="--jobs")
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        raise UsageError(
            "--jobs needs the 'fork' start method, which this platform lacks",
            field="--jobs", hint="run with --jobs 1",
        ) from None
    results: Queue[Any] = context.Queue()
    tasks: list[Queue[Any]] = [context.Queue() for _ in range(jobs)]
    workers = [
        context.Process(
            target=_work,
            args=(number, tasks[number], results, screener, inputs, spec),
            daemon=True,
        )
        for number in range(jobs)
    ]
    # The index's tables split on first use (index.py); made here once, the workers share them
    # instead of each making its own copy (~60 MB over every official list).
    screener.matcher.index.unpack()
    # What the workers inherit (the loaded index, rules and goods lists) is frozen out of the
    # cyclic collector's reach first: a collection in a worker then never walks it, which costs
    # time and, as it writes to every object it walks, copies the shared pages into each worker.
    gc.freeze()
    for worker in workers:
        worker.start()
    try:
        yield from _Scheduler(tasks, results, workers).run(iter(work))
    finally:
        gc.unfreeze()
        for task_queue in tasks:
            task_queue.put(None)
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        for q in (*tasks, results):
            q.close()
            q.cancel_join_thread()


@dataclass
class _ChunkState:
    """The parent's view of one chunk between its scan and its writing."""

    worker: int
    waiting: set[Party] | None = None  # parties still being matched elsewhere; None: not scanned
    result: Result | None = None
    error: BaseException | None = None


@dataclass
class _Scheduler:
    """The parent's side: hands out chunks and match batches, forwards matches, orders results."""

    tasks: list[Queue[Any]]
    results: Queue[Any]
    workers: Sequence[BaseProcess]
    owner: dict[Party, int] = field(default_factory=dict)  # who matches (or matched) a party
    unmatched: set[Party] = field(default_factory=set)
    # Matches not yet passed on to every worker: (matched by, party, hits); `delivered[w]` counts
    # those of `news` worker w has been sent (the list is trimmed once all have them).
    news: list[tuple[int, Party, tuple[PartyHit, ...]]] = field(default_factory=list)
    delivered: list[int] = field(default_factory=list)
    matching: list[int] = field(default_factory=list)  # parties queued for matching, per worker
    in_flight: list[int] = field(default_factory=list)  # chunks out, per worker
    chunks: dict[int, _ChunkState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        jobs = len(self.tasks)
        self.delivered = [0] * jobs
        self.matching = [0] * jobs
        self.in_flight = [0] * jobs

    def run(self, work: Iterator[Chunk]) -> Iterator[Result]:
        next_in = next_out = 0
        exhausted = False
        limit = len(self.tasks) * IN_FLIGHT
        while True:
            # Write what is finished first: that makes room for more chunks, and dispatching
            # before it could leave nothing out and nothing to wait for (a stall).
            while next_out in self.chunks and self._finished(self.chunks[next_out]):
                state = self.chunks.pop(next_out)
                next_out += 1
                if state.error is not None:
                    raise state.error
                assert state.result is not None
                yield state.result
            while not exhausted and next_in - next_out < limit:
                chunk = next(work, None)
                if chunk is None:
                    exhausted = True
                    break
                worker = min(range(len(self.tasks)), key=self.in_flight.__getitem__)
                self.in_flight[worker] += 1
                self.chunks[next_in] = _ChunkState(worker)
                self.tasks[worker].put((_SCAN, next_in, chunk))
                next_in += 1
            if exhausted and next_out == next_in:
                return
            self._handle(self._receive())

    @staticmethod
    def _finished(state: _ChunkState) -> bool:
        return state.result is not None or state.error is not None

    def _receive(self) -> tuple[Any, ...]:
        while True:
            try:
                message: tuple[Any, ...] = self.results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                for worker in self.workers:
                    if not worker.is_alive():
                        raise InternalError(
                            f"a worker process ended unexpectedly (exit code {worker.exitcode})",
                            hint="out of memory? try fewer --jobs",
                        ) from None
                continue
            return message

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind, worker, number, payload = message
        if kind == _SCANNED:
            self._scanned(worker, number, payload)
        elif kind == _MATCHED:
            self._matched(worker, payload)
        elif kind == _SCREENED:
            self.in_flight[worker] -= 1
            self.chunks[number].result = payload
        elif kind == _FAILED:
            if number is None:  # a match batch: no chunk to blame, and nothing can go on
                raise payload
            self.in_flight[worker] -= 1
            self.chunks[number].error = payload

    def _scanned(self, worker: int, number: int, keys: list[Party]) -> None:
        waiting = {k for k in keys if k in self.unmatched and self.owner[k] != worker}
        new = [k for k in keys if k not in self.owner]
        for start in range(0, len(new), MATCH_BATCH):
            batch = new[start : start + MATCH_BATCH]
            # The least busy matcher; on a tie the worker that needs the parties.
            target = min(
                range(len(self.tasks)), key=lambda w: (self.matching[w], w != worker)
            )
            for key in batch:
                self.owner[key] = target
            self.unmatched.update(batch)
            self.matching[target] += len(batch)
            self.tasks[target].put((_MATCH, None, batch))
            if target != worker:
                waiting.update(batch)
        state = self.chunks[number]
        state.waiting = waiting
        if not waiting:
            self._send_screen(number, state)

    def _matched(self, worker: int, found: Found) -> None:
        self.matching[worker] -= len(found)
        done = set()
        for key, hits in found:
            self.unmatched.discard(key)
            self.news.append((worker, key, hits))
            done.add(key)
        for number, state in self.chunks.items():
            if state.waiting and state.result is None and state.error is None:
                state.waiting -= done
                if not state.waiting:
                    self._send_screen(number, state)

    def _send_screen(self, number: int, state: _ChunkState) -> None:
        worker = state.worker
        start = self.delivered[worker]
        news = [(key, hits) for by, key, hits in self.news[start:] if by != worker]
        self.delivered[worker] = len(self.news)
        self.tasks[worker].put((_SCREEN, number, news))
        state.waiting = set()
        # Drop what every worker has been sent.
        sent = min(self.delivered)
        if sent > 0:
            del self.news[:sent]
            self.delivered = [d - sent for d in self.delivered]


def _work(
    number: int,
    tasks: Queue[Any],
    results: Queue[Any],
    screener: Screener,
    inputs: tuple[Input, ...],
    spec: RowFormat | None,
) -> None:
    """A worker's loop: scan, match and screen tasks in the order the parent sent them."""
    prepared: dict[int, list[Record | Skipped]] = {}
    while True:
        task = tasks.get()
        if task is None:
            return
        kind, chunk_number, payload = task
        try:
            if kind == _SCAN:
                items = _prepare(screener, inputs, payload)
                prepared[chunk_number] = items
                # Reported again in every chunk until their hits arrive: a party this worker met
                # in an earlier chunk may still be matched elsewhere, and this chunk must then
                # wait for it as well.
                keys = screener.unknown_parties(items)
                results.put((_SCANNED, number, chunk_number, keys))
            elif kind == _MATCH:
                results.put((_MATCHED, number, None, screener.match_parties(payload)))
            elif kind == _SCREEN:
                screener.remember(payload)
                screened = [
                    item if isinstance(item, Skipped) else screener.screen_record(item)
                    for item in prepared.pop(chunk_number)
                ]
                results.put((_SCREENED, number, chunk_number, _rendered(screened, spec)))
        except Exception as exc:  # every failure goes to the parent, named
            prepared.pop(chunk_number, None)
            results.put((_FAILED, number, chunk_number, _sendable(exc)))


def _prepare(
    screener: Screener, inputs: tuple[Input, ...], chunk: Chunk
) -> list[Record | Skipped]:
    number, part = chunk
    source, columns, split = inputs[number]
    if isinstance(part, Span):
        assert split is not None
        rows = split.read(part)
    else:
        rows = part
    return [screener.prepare(source, raw, columns) for raw in rows]


def _rendered(items: list[Assessment | Skipped], spec: RowFormat | None) -> Result:
    return items if spec is None else render_block(spec, items)


def _sendable(exc: Exception) -> Exception:
    """`exc` if it survives pickling to the parent, else an InternalError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any pickling failure
        return InternalError(f"{type(exc).__name__} in a worker process: {exc}")
    return exc
