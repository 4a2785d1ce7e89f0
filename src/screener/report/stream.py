"""Writing a report while its rows are screened: memory stays flat however many rows there are.

Each format is split into what it writes before the rows, each row as text, and what it writes
after. A row's text is a pure function of the row (`render_row`), so worker processes render their
own rows and the parent only writes text in input order. What a format puts after the rows (the
JSON document's rows follow its summary; NDJSON and the table list skipped rows last) waits in
temporary files, never in memory. The output is the same, byte for byte, as the whole-report
writers give for the same rows (tests/report/test_stream.py holds them to it).
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from rich.console import RenderableType

from screener.bands import all_bands
from screener.model import Assessment, Skipped, Summary
from screener.report import csv_format, ndjson_format
from screener.report.serialize import (
    ReportHeader,
    assessment_to_dict,
    header_to_dict,
    skipped_to_dict,
    summary_to_dict,
)
from screener.report.table import cell_text, print_all

if TYPE_CHECKING:
    from screener.report import RenderOptions

# The table format draws this many rows per table: rich lays a table out whole, so one table of a
# million rows would hold them all; a block of a thousand is a few screens and costs little.
TABLE_BLOCK = 1000
# Rows the run summary names as the highest-scoring (report/summary.py shows 5).
HIGHEST_KEPT = 5
SKIPPED_KEPT = 5
STREAM_FORMATS = ("table", "json", "ndjson", "csv")

# Where a rendered row goes: written at once, or after the rows (see the module docstring).
NOW = 0
LATER = 1


@dataclass(frozen=True)
class RowFormat:
    """What a worker needs to render rows: the format, the CSV columns and the render options."""

    fmt: str
    columns: tuple[str, ...] = ()
    options: Any = None  # RenderOptions (a runtime import would be circular)
    # The CSV writer this process renders rows with: made on first use, never pickled.
    _csv: csv_format.LineWriter | None = field(default=None, init=False, repr=False, compare=False)

    def csv_lines(self) -> csv_format.LineWriter:
        found = self._csv
        if found is None:
            found = csv_format.LineWriter(self.columns)
            object.__setattr__(self, "_csv", found)
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_csv": None}


def render_row(spec: RowFormat, item: Assessment | Skipped) -> tuple[int, str]:
    """One row as the text its format writes, and whether it is written now or after the rows.

    The table format renders in the parent (rich lays out blocks of rows), so it is not here.
    """
    if spec.fmt == "csv":
        # csv_format.write_row / write_skipped, through the process's one writer.
        lines = spec.csv_lines()
        if isinstance(item, Skipped):
            return NOW, lines.skipped(item)
        return NOW, lines.row(item)
    if spec.fmt == "ndjson":
        buffer = io.StringIO()
        if isinstance(item, Skipped):
            ndjson_format.write_skipped(buffer, item)
            return LATER, buffer.getvalue()
        ndjson_format.write_row(buffer, item)
        return NOW, buffer.getvalue()
    if spec.fmt == "json":
        if isinstance(item, Skipped):
            return LATER, _json_item(skipped_to_dict(item))
        return NOW, _json_item(assessment_to_dict(item))
    raise ValueError(f"render_row does not render format {spec.fmt!r}")


# json.dumps's encoder for the JSON format's options, made once rather than for every row.
_JSON_ITEM = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False)


def _json_item(obj: dict[str, Any]) -> str:
    # As json.dump(indent=2) lays out an element of a list at the document's second level: every
    # line indented by four more spaces.
    return "    " + _JSON_ITEM.encode(obj).replace("\n", "\n    ")


@dataclass
class Tally:
    """The counts and the few rows the run summary names, kept while rows stream past."""

    rows_in: int = 0
    screened: int = 0
    by_band: dict[str, int] = field(default_factory=lambda: {b.value: 0 for b in all_bands()})
    highest: list[tuple[int, int, str, int, str]] = field(default_factory=list)  # a heap
    skipped: list[Skipped] = field(default_factory=list)
    skipped_count: int = 0
    worst_rank: int = -1
    sources: dict[str, None] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.rows_in += 1
        self.sources.setdefault(outcome.source, None)
        if outcome.skipped is not None:
            self.skipped_count += 1
            if len(self.skipped) < SKIPPED_KEPT:
                self.skipped.append(outcome.skipped)
            return
        self.screened += 1
        self.by_band[outcome.band] = self.by_band.get(outcome.band, 0) + 1
        self.worst_rank = max(self.worst_rank, outcome.rank)
        if outcome.score > 0:
            # Highest score first; among equals, the earliest row (as the whole-report summary).
            key = (outcome.score, -self.rows_in, outcome.source, outcome.row, outcome.band)
            if len(self.highest) < HIGHEST_KEPT:
                heapq.heappush(self.highest, key)
            elif key > self.highest[0]:
                heapq.heapreplace(self.highest, key)

    def merge(self, later: Tally) -> None:
        """Count the rows `later` counted as if they came one by one after these.

        A worker process tallies its own block of rows and the main process merges the blocks in
        input order, instead of receiving an outcome per row and adding each: the result is the
        same as adding every row here (tests/report/test_stream.py holds it to that).
        """
        before = self.rows_in
        self.rows_in += later.rows_in
        self.screened += later.screened
        for band, count in later.by_band.items():
            self.by_band[band] = self.by_band.get(band, 0) + count
        self.worst_rank = max(self.worst_rank, later.worst_rank)
        for source in later.sources:
            self.sources.setdefault(source, None)
        self.skipped_count += later.skipped_count
        room = SKIPPED_KEPT - len(self.skipped)
        if room > 0:
            self.skipped.extend(later.skipped[:room])
        for score, order, source, row, band in later.highest:
            # `order` is minus the row's place among `later`'s rows: here it comes after `before`.
            key = (score, order - before, source, row, band)
            if len(self.highest) < HIGHEST_KEPT:
                heapq.heappush(self.highest, key)
            elif key > self.highest[0]:
                heapq.heapreplace(self.highest, key)

    def summary(self) -> Summary:
        return Summary(
            rows_in=self.rows_in,
            screened=self.screened,
            skipped=self.skipped_count,
            by_band=dict(self.by_band),
        )

    def highest_rows(self) -> list[tuple[str, int, str, int]]:
        """(source, row, band, score) of the highest-scoring rows, highest first."""
        ranked = sorted(self.highest, reverse=True)
        return [(source, row, band, score) for score, _, source, row, band in ranked]


class Outcome(NamedTuple):
    """What the summary and the exit code need of one row; small, to pass between processes.

    A named tuple, not a frozen dataclass: one is made for every row of a run (a million, and
    twice with --jobs: in the worker and in the main process), and a tuple is made in a third of
    the time and travels as plain values (parallel.py sends `tuple(outcome)`).
    """

    source: str
    row: int
    band: str = ""
    rank: int = -1
    score: int = 0
    skipped: Skipped | None = None

    @classmethod
    def of(cls, item: Assessment | Skipped) -> Outcome:
        if isinstance(item, Skipped):
            return cls(item.source, item.row, skipped=item)
        record = item.record
        return cls(record.source, record.row, item.band.value, item.band.rank, item.score)


@dataclass(frozen=True, slots=True)
class RenderedBlock:
    """Consecutive rows a worker process rendered: their texts and their tally.

    `now` is the text of the rows written at once, joined as the format writes them one after
    another (`now_rows` of them); `later` the texts that wait until after the rows, in order.
    One block travels per chunk of rows: a string and a small tally cost the main process far
    less to receive and write than an outcome and a text per row.
    """

    now: str
    now_rows: int
    later: tuple[str, ...]
    tally: Tally


# What the JSON format writes between two rows of a list (json.dump(indent=2) lays them out so).
_ROW_SEPARATOR = {"json": ",\n"}


def render_block(spec: RowFormat, items: Sequence[Assessment | Skipped]) -> RenderedBlock:
    """`items` rendered with `render_row` and tallied, for StreamWriter.add_block."""
    now: list[str] = []
    later: list[str] = []
    tally = Tally()
    for item in items:
        where, text = render_row(spec, item)
        (now if where == NOW else later).append(text)
        tally.add(Outcome.of(item))
    return RenderedBlock(_ROW_SEPARATOR.get(spec.fmt, "").join(now), len(now), tuple(later), tally)


class StreamWriter:
    """Writes one report in format `fmt` on `stream`: `begin`, then rows, then `finish`."""

    def __init__(self, fmt: str, stream: TextIO, spec: RowFormat, options: RenderOptions) -> None:
        if fmt not in STREAM_FORMATS:
            raise ValueError(f"unknown stream format {fmt!r}")
        self.fmt = fmt
        self.stream = stream
        self.spec = spec
        self.options = options
        self._header: ReportHeader | None = None
        self._many_sources = False
        # json: rows wait (the summary comes first); ndjson/json: skipped rows wait too.
        self._rows_spool: TextIO | None = None
        self._later_spool: TextIO | None = None
        self._rows = 0
        self._later = 0
        self._block: list[Assessment] = []
        self._table_skipped: list[Skipped] = []

    def begin(self, header: ReportHeader, *, many_sources: bool) -> None:
        self._header = header
        self._many_sources = many_sources
        if self.fmt == "csv":
            csv_format.write_header(self.stream, self.spec.columns)
        elif self.fmt == "ndjson":
            ndjson_format.write_header(self.stream, header)
        elif self.fmt == "table":
            inputs = ", ".join(header.inputs) or "no input"
            print_all(self.stream, self.options, [
                cell_text(f"screener {header.tool_version}, {header.generated_at}: {inputs}")
            ])

    def add(self, item: Assessment | Skipped) -> None:
        """A row screened in this process."""
        if self.fmt == "table":
            if isinstance(item, Skipped):
                self._table_skipped.append(item)
                return
            self._block.append(item)
            if len(self._block) >= TABLE_BLOCK:
                self._flush_block()
            return
        self.add_rendered(*render_row(self.spec, item))

    def add_rendered(self, where: int, text: str) -> None:
        """A row another process rendered with `render_row`."""
        if where == LATER:
            spool = self._later_spool = self._later_spool or _spool()
            if self.fmt == "json" and self._later:
                spool.write(",\n")
            spool.write(text)
            self._later += 1
            return
        self._write_now(text, 1)

    def add_block(self, block: RenderedBlock) -> None:
        """Rows another process rendered with `render_block`, in order."""
        if block.now_rows:
            self._write_now(block.now, block.now_rows)
        for text in block.later:
            self.add_rendered(LATER, text)

    def _write_now(self, text: str, rows: int) -> None:
        if self.fmt == "json":
            spool = self._rows_spool = self._rows_spool or _spool()
            if self._rows:
                spool.write(",\n")
            spool.write(text)
        else:
            self.stream.write(text)
        self._rows += rows

    def finish(self, summary: Summary) -> None:
        if self.fmt == "csv":
            return
        if self.fmt == "ndjson":
            _copy(self._later_spool, self.stream)
            ndjson_format.write_footer(self.stream, summary)
            return
        if self.fmt == "table":
            self._finish_table()
            return
        assert self._header is not None
        document = {
            **header_to_dict(self._header),
            "summary": summary_to_dict(summary),
            "rows": [],
            "skipped": [],
            "errors": [],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
        head, tail = text.split('\n  "rows": [],\n  "skipped": [],\n', 1)
        self.stream.write(head)
        self.stream.write("\n")
        self._write_list("rows", self._rows_spool, self._rows)
        self.stream.write(",\n")
        self._write_list("skipped", self._later_spool, self._later)
        self.stream.write(",\n")
        self.stream.write(tail)
        self.stream.write("\n")

    def _write_list(self, key: str, spool: TextIO | None, count: int) -> None:
        if not count:
            self.stream.write(f'  "{key}": []')
            return
        self.stream.write(f'  "{key}": [\n')
        _copy(spool, self.stream)
        self.stream.write("\n  ]")

    def _flush_block(self) -> None:
        from screener.report.table import _rows_table

        if self._block:
            print_all(self.stream, self.options, [
                _rows_table(self._block, self.options, many_sources=self._many_sources)
            ])
            self._rows += len(self._block)
            self._block = []

    def _finish_table(self) -> None:
        from screener.report.table import _skipped_table

        self._flush_block()
        out: list[RenderableType] = []
        if not self._rows:
            out.append(cell_text("No rows screened."))
        if self._table_skipped:
            out.append(_skipped_table(self._table_skipped, self.options,
                                      many_sources=self._many_sources))
        if out:
            print_all(self.stream, self.options, out)


def _spool() -> TextIO:
    # Spilled to disk past 8 MB: the rows of a big JSON report wait on disk, not in memory.
    return tempfile.SpooledTemporaryFile(  # type: ignore[return-value]
        max_size=8 * 1024 * 1024, mode="w+", encoding="utf-8", newline=""
    )


def _copy(spool: TextIO | None, stream: TextIO) -> None:
    if spool is None:
        return
    spool.seek(0)
    while chunk := spool.read(1024 * 1024):
        stream.write(chunk)
    spool.close()


def columns_of(headers: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The CSV report's user columns: the union of the inputs' headers in first-seen order."""
    seen: dict[str, None] = {}
    for names in headers:
        for name in names:
            seen.setdefault(name, None)
    return tuple(seen)
