"""A whole `check` run as a stream: inputs read, rows screened (here or in workers), report written.

Nothing grows with the number of rows: rows are read lazily, screened, written and dropped; the
run keeps only counts and the few rows its summary names (report/stream.py's Tally). This is what
lets a bank screen millions of rows on one machine; `screen.screen()` remains for callers that
want a whole Report object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from screener import SCHEMA_VERSION, __version__
from screener.columns import ColumnMap
from screener.config import Config
from screener.model import Assessment, Skipped
from screener.readers import Table
from screener.report.serialize import ReportHeader
from screener.report.stream import (
    Outcome,
    RenderedBlock,
    RowFormat,
    StreamWriter,
    Tally,
    columns_of,
)
from screener.screen import PROGRESS_EVERY, Screener, open_input, settings_of

if TYPE_CHECKING:
    from screener.report import RenderOptions


@dataclass(frozen=True)
class RunResult:
    """What a finished run reports besides its rows: the header and the tally."""

    header: ReportHeader
    tally: Tally


def run_check(
    inputs: Sequence[str | Path],
    config: Config,
    fmt: str,
    stream: TextIO,
    options: RenderOptions,
    *,
    progress: Callable[[int], None] | None = None,
    generated_at: datetime | None = None,
) -> RunResult:
    """Screen `inputs` and write the report in `fmt` on `stream` as rows are screened.

    Every input is opened (and its columns recognised) before the first row is written, so a bad
    file fails the run before any output. `config.jobs` > 1 screens in that many worker processes.
    """
    screener = Screener.from_config(config)
    opened: list[tuple[Table, ColumnMap]] = [open_input(p, config) for p in inputs]
    try:
        when = (generated_at or datetime.now(UTC)).isoformat(timespec="seconds")
        header = ReportHeader(
            schema_version=SCHEMA_VERSION,
            tool_version=__version__,
            generated_at=when,
            inputs=tuple("<stdin>" if str(p) == "-" else str(p) for p in inputs),
            lists=screener.list_infos,
            rules=screener.rule_infos,
            settings=settings_of(config),
        )
        spec = RowFormat(fmt, columns_of([t.headers for t, _ in opened]), options)
        writer = StreamWriter(fmt, stream, spec, options)
        sources = {t.source for t, _ in opened} | set(header.inputs)
        writer.begin(header, many_sources=len(sources) > 1)
        tally = Tally()
        done = 0
        for screened in _screened(screener, opened, config.jobs, spec):
            if isinstance(screened, RenderedBlock):
                writer.add_block(screened)
                tally.merge(screened.tally)
                rows = screened.tally.rows_in
            else:
                writer.add(screened)
                tally.add(Outcome.of(screened))
                rows = 1
            if progress is not None and (done + rows) // PROGRESS_EVERY > done // PROGRESS_EVERY:
                progress(done + rows)
            done += rows
        if progress is not None:
            progress(done)
        writer.finish(tally.summary())
    finally:
        for table, _ in opened:
            table.close()
    return RunResult(header, tally)


def _screened(
    screener: Screener,
    opened: Sequence[tuple[Table, ColumnMap]],
    jobs: int,
    spec: RowFormat,
) -> Iterator[Assessment | Skipped | RenderedBlock]:
    """Each row screened here, or each block of rows the workers rendered, in input order."""
    if jobs <= 1:
        for table, columns in opened:
            for raw in table.rows:
                yield screener.screen_raw(table.source, raw, columns)
        return
    from screener.parallel import screen_in_workers, work_of

    # The table format is laid out in this process; the others come back rendered.
    rendered = spec.fmt != "table"
    inputs = tuple((t.source, c, t.split) for t, c in opened)
    work = work_of([t for t, _ in opened])
    for results in screen_in_workers(screener, inputs, work, jobs, spec if rendered else None):
        if isinstance(results, RenderedBlock):
            yield results
        else:
            yield from results
