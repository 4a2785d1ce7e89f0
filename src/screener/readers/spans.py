"""Splits a delimited file into spans of whole rows by byte offset, for worker processes to read.

A million-row CSV read by one process costs the parent ~20 us a row (decoding, parsing, building
the cell dictionaries) and as much again to pickle the rows to the workers: on two cores that is a
third of the time budget spent where nothing else can run. Here the parent only finds where rows
end (by visiting the quotes of the bytes, well under 1 us a row) and hands each worker a byte
range; the worker reads its range itself and gets the same RawRows, with the same line numbers and
errors, that `delimited.read_delimited` gives for those rows.

Only files whose codec splits into lines as bytes (`delimited.LINE_SAFE`) and that have a path
(not stdin) are split; the others are read by the parent as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from screener.readers.delimited import decoded_line, parse_lines, raw_row
from screener.readers.header import is_blank_row
from screener.readers.table import RawRow

# Bytes per span: about 1,400 rows of a typical ledger (~180 bytes a row). Small enough that both
# workers stay busy and a span's rows are a few MB in memory; large enough that handing a span out
# costs nothing against screening it (~100 ms).
SPAN_BYTES = 256 * 1024

# Bytes read at a time while looking for the first data row's offset.
_SCAN_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Span:
    """A run of whole rows: `length` bytes from `offset`, the first row on line `first_line`."""

    offset: int
    length: int
    first_line: int


@dataclass(frozen=True, slots=True)
class Splittable:
    """What reading a delimited file in spans needs; set on a Table by `read_delimited`."""

    name: str  # the file as the user gave it, for messages
    path: Path
    codec: str
    delimiter: str
    headers: tuple[str, ...]

    def spans(self, first_line: int, size: int | None = None) -> Iterator[Span]:
        """The spans from physical line `first_line` (the first data row) to the end of the file.

        A span ends after a row's last line, as the csv module would end it (`_rows_end`; every
        codec split here writes quotes, delimiters and newlines as those single bytes), so a
        quoted cell with line breaks in it is never cut in two. `size`: the bytes
        a span aims at (default SPAN_BYTES).
        """
        size = size or SPAN_BYTES
        with self.path.open("rb") as stream:
            offset = _line_offset(stream, first_line)
            stream.seek(offset)
            line = first_line
            pending = b""
            while True:
                block = stream.read(size)
                data = pending + block
                if not block:
                    if data:
                        yield Span(offset, len(data), line)
                    return
                cut = _rows_end(data, self.delimiter)
                if cut == 0:  # one row longer than the block: read on
                    pending = data
                    continue
                yield Span(offset, cut, line)
                line += data.count(b"\n", 0, cut)
                offset += cut
                pending = data[cut:]

    def read(self, span: Span) -> list[RawRow]:
        """The data rows of `span`, as `read_delimited` yields them (blank rows left out).

        Raises the InputDataError the whole-file reader would raise in these rows (a line that
        does not decode, a row the csv module cannot parse).
        """
        with self.path.open("rb") as stream:
            stream.seek(span.offset)
            data = stream.read(span.length)
        codec = "utf-8" if self.codec == "utf-8-sig" else self.codec  # the BOM is on line 1 only
        lines = data.split(b"\n")
        tail = lines.pop()  # b"" when the span ends with a newline, as all but the last do
        decoded: Iterator[str] = (
            decoded_line(self.name, raw + b"\n", number, codec, self.codec)
            for number, raw in enumerate(lines, span.first_line)
        )
        if tail:
            decoded = _then(decoded, decoded_line(
                self.name, tail, span.first_line + len(lines), codec, self.codec
            ))
        rows: list[RawRow] = []
        for line, cells in parse_lines(self.name, decoded, self.delimiter, span.first_line):
            if not is_blank_row(cells):
                rows.append(raw_row(self.name, self.headers, line, cells))
        return rows


def _then(lines: Iterator[str], last: str) -> Iterator[str]:
    yield from lines
    yield last


def _line_offset(stream: BinaryIO, line: int) -> int:
    """The byte offset at which physical line `line` (1-based) starts."""
    offset = 0
    to_skip = line - 1
    while to_skip > 0:
        block = stream.read(_SCAN_BYTES)
        if not block:
            return offset
        found = block.count(b"\n")
        if found < to_skip:
            to_skip -= found
            offset += len(block)
            continue
        at = -1
        for _ in range(to_skip):
            at = block.index(b"\n", at + 1)
        return offset + at + 1
    return offset


def _rows_end(data: bytes, delimiter: str) -> int:
    """How many bytes of `data` (which starts at a row) are whole rows; 0 when not one row is.

    A newline ends a row unless it is inside a quoted cell, as the csv module reads it (the
    dialect of delimited.parse_lines): a quote opens a quoted cell only at the start of a cell
    (at the start of a line or after a delimiter; elsewhere it is a character of the cell, as in
    `12" pipe`); inside, two quotes are one quote character and a single quote closes the cell.
    Only the quotes are visited, each found by bytes.find, instead of parsing every cell of the
    block: ~0.4 ms a 256 KB block against ~3.3 ms with csv.reader (which cost the main process
    about 3 s of a million-row run). tests/readers/test_spans.py compares the cuts with the csv
    module's reading on random bytes.
    """
    last = data.rfind(b"\n")
    if last < 0:
        return 0
    end = last + 1
    find = data.find
    quote = find(b'"', 0, end)
    if quote < 0:
        return end
    # Bytes after which a cell starts; a delimiter beyond Latin-1 cannot be a byte of the file
    # as these codecs write it, so -1 (no byte) stands for it.
    starts = (delimiter.encode("latin-1")[0] if delimiter <= "\xff" else -1, 0x0A, 0x0D)
    outside = 0  # where the bytes outside quoted cells resume
    whole = 0  # the end of the last row known whole
    while quote >= 0:
        if quote and data[quote - 1] not in starts:
            outside = quote + 1  # a quote inside an unquoted cell is a character of it
            quote = find(b'"', outside, end)
            continue
        newline = data.rfind(b"\n", outside, quote)
        if newline >= 0:
            whole = newline + 1
        closing = find(b'"', quote + 1, end)
        while closing >= 0 and data[closing + 1:closing + 2] == b'"':
            closing = find(b'"', closing + 2, end)  # two quotes: a quote character
        if closing < 0:
            return whole  # the quoted cell runs on past the last newline: its row is cut off
        outside = closing + 1
        quote = find(b'"', outside, end)
    return end
