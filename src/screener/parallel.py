"""Screening rows in worker processes: chunks of raw rows out, rendered rows back, in input order.

The workers are forked from the process that built the Screener, so the name index, goods lists
and rules are shared copy-on-write and never pickled. Each worker keeps its own cache of party
hits: ledgers repeat counterparties, so after the first sighting a name costs a dictionary lookup
in that worker (a name may thus be matched once per worker, never once per row). Workers render
their rows themselves (report/stream.py's `render_row`), so only short texts and outcomes travel
back. At most `jobs * IN_FLIGHT` chunks are out at a time, so memory does not grow with the input.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool

from screener.columns import ColumnMap
from screener.errors import UsageError
from screener.model import Assessment, Skipped
from screener.readers import RawRow
from screener.report.stream import Outcome, RowFormat, render_row
from screener.screen import Screener

# Rows per chunk: large enough that sending a chunk costs little against screening it (a few
# milliseconds of pickling against ~100 ms of work), small enough to keep both workers busy.
CHUNK_ROWS = 1000
# Chunks in flight per worker: two keeps a worker fed while the parent writes the previous result.
IN_FLIGHT = 2

Input = tuple[str, ColumnMap]  # an input's source name and recognised columns
Chunk = tuple[int, list[RawRow]]  # rows of the input with that number
Rendered = tuple[Outcome, int, str]
# Held by each worker process for its lifetime: set once by the pool initializer (the fork gives
# the worker the parent's Screener and opened inputs; this names them).
_WORKER: tuple[Screener, tuple[Input, ...], RowFormat | None] | None = None


def _init(screener: Screener, inputs: tuple[Input, ...], spec: RowFormat | None) -> None:
    global _WORKER
    _WORKER = (screener, inputs, spec)


def _screen_chunk(chunk: Chunk) -> list[Rendered] | list[Assessment | Skipped]:
    assert _WORKER is not None
    screener, inputs, spec = _WORKER
    number, rows = chunk
    source, columns = inputs[number]
    items = [screener.screen_raw(source, raw, columns) for raw in rows]
    if spec is None:
        return items
    out: list[Rendered] = []
    for item in items:
        where, text = render_row(spec, item)
        out.append((Outcome.of(item), where, text))
    return out


def chunks(rows_of: Iterable[Iterable[RawRow]]) -> Iterator[Chunk]:
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


def screen_in_workers(
    screener: Screener,
    inputs: tuple[Input, ...],
    work: Iterable[Chunk],
    jobs: int,
    spec: RowFormat | None,
) -> Iterator[list[Rendered] | list[Assessment | Skipped]]:
    """Each chunk's results, in the order of `work`, screened by `jobs` forked processes.

    `inputs` are the (source, columns) of the inputs the chunks number; the workers inherit them.

    With `spec`, each row comes back rendered (outcome, where, text); without, as the Assessment or
    Skipped itself. An InputDataError in a worker is raised here, at its chunk.
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
    pool: Pool = context.Pool(jobs, initializer=_init, initargs=(screener, inputs, spec))
    pending: deque[AsyncResult[list[Rendered] | list[Assessment | Skipped]]] = deque()
    try:
        for chunk in work:
            pending.append(pool.apply_async(_screen_chunk, (chunk,)))
            while len(pending) >= jobs * IN_FLIGHT:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
