"""Reads CSV, TSV and other delimited text (semicolon, pipe) row by row, with line numbers."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from screener.errors import InputDataError
from screener.readers.detect import Source
from screener.readers.header import (
    HEADER_SEARCH_ROWS,
    choose_header,
    is_blank_row,
    make_headers,
)
from screener.readers.table import RawRow, ReadStats, Table

DELIMITERS = (",", ";", "\t", "|")

# Logical lines of the sample used to sniff the delimiter: enough to see past a few title lines.
_SNIFF_LINES = 50

# Codecs in which "\n" is one byte that never occurs inside another character, so that the file can
# be split into lines as bytes and each line decoded alone (which gives exact line numbers for a
# decoding error). UTF-16/32 are decoded as a stream instead.
LINE_SAFE = ("utf-8", "utf-8-sig", "cp1251", "gb18030", "cp1252", "latin-1", "ascii")


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; TAB | that splits the sample's lines most consistently.

    Delimiters are counted outside quotes on each logical line; a delimiter scores by how many
    lines share its most common non-zero count (title lines above the header have none and do not
    vote), then by that count. csv.Sniffer is not used: it guesses wrong on short or quoted files.
    """
    counts: dict[str, list[int]] = {d: [] for d in DELIMITERS}
    for line in _logical_lines(text, _SNIFF_LINES):
        if not line.strip():
            continue
        found = _count_outside_quotes(line)
        for d in DELIMITERS:
            counts[d].append(found.get(d, 0))
    best = ","
    best_score = (0, 0)
    for d in DELIMITERS:
        nonzero = [c for c in counts[d] if c]
        if not nonzero:
            continue
        mode, _ = Counter(nonzero).most_common(1)[0]
        score = (sum(1 for c in counts[d] if c == mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _logical_lines(text: str, limit: int) -> Iterator[str]:
    """Lines of `text`, keeping quoted line breaks inside their line."""
    line: list[str] = []
    quoted = False
    emitted = 0
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch in "\r\n" and not quoted:
            if line:
                yield "".join(line)
                emitted += 1
                if emitted >= limit:
                    return
            line = []
            continue
        line.append(ch)
    # The sample may end mid-line: a cut line would miscount, so it only counts when it is alone.
    if line and emitted == 0:
        yield "".join(line)


def _count_outside_quotes(line: str) -> Counter[str]:
    found: Counter[str] = Counter()
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in DELIMITERS:
            found[ch] += 1
    return found


def read_delimited(
    source: Source, *, encoding: str, codec: str, fmt: str, delimiter: str | None = None
) -> Table:
    """Opens a delimited file: finds the delimiter and the header row, and streams the data rows."""
    sample_text = codecs.getincrementaldecoder(codec)(errors="replace").decode(
        source.sample, final=not source.truncated
    )
    if delimiter is None:
        delimiter = "\t" if fmt == "tsv" else sniff_delimiter(sample_text)
    stream = source.open()
    try:
        records = _records(source.name, stream, codec, delimiter, cr_only(source.sample))
        # The first rows, blank ones included (those after the header are counted as blank rows).
        collected: list[tuple[int, list[str]]] = []
        nonblank: list[int] = []
        stats = ReadStats()
        for line, cells in records:
            collected.append((line, cells))
            if not is_blank_row(cells):
                nonblank.append(len(collected) - 1)
                if len(nonblank) >= HEADER_SEARCH_ROWS:
                    break
        if not nonblank:
            raise InputDataError(
                "no data rows: the file has no header and no rows", file=source.name
            )
        chosen = nonblank[choose_header([collected[i][1] for i in nonblank])]
        header_line, header_cells = collected[chosen]
        headers = make_headers(header_cells, lambda i: f"column {i + 1}")
        buffered = collected[chosen + 1 :]
        first = _first_data(buffered, records, stats)
        if first is None:
            raise InputDataError(
                "no data rows: the file has a header but no rows under it",
                file=source.name,
                row=header_line,
            )
    except BaseException:
        stream.close()
        raise
    rows = _rows(source.name, headers, first, buffered, records, stream, stats)
    return Table(
        source=source.name,
        format="tsv" if delimiter == "\t" else "csv",
        encoding=encoding,
        headers=headers,
        header_row=header_line,
        rows=rows,
        delimiter=delimiter,
        stats=stats,
    )


def cr_only(sample: bytes) -> bool:
    """Classic Mac files end lines with CR alone; byte-wise line splitting would see one line."""
    return b"\r" in sample and b"\n" not in sample


def _first_data(
    buffered: list[tuple[int, list[str]]],
    records: Iterator[tuple[int, list[str]]],
    stats: ReadStats,
) -> tuple[int, list[str]] | None:
    """Takes the first non-blank row after the header out of the buffer or the stream."""
    while buffered:
        line, cells = buffered.pop(0)
        if not is_blank_row(cells):
            return line, cells
        stats.blank_rows += 1
    for line, cells in records:
        if is_blank_row(cells):
            stats.blank_rows += 1
            continue
        return line, cells
    return None


def _rows(
    name: str,
    headers: tuple[str, ...],
    first: tuple[int, list[str]],
    buffered: list[tuple[int, list[str]]],
    records: Iterator[tuple[int, list[str]]],
    stream: BinaryIO,
    stats: ReadStats,
) -> Iterator[RawRow]:
    try:
        yield raw_row(name, headers, *first)
        stats.data_rows += 1
        for line, cells in _chain(buffered, records):
            if is_blank_row(cells):
                stats.blank_rows += 1
                continue
            stats.data_rows += 1
            yield raw_row(name, headers, line, cells)
    finally:
        stream.close()


def _chain(
    buffered: list[tuple[int, list[str]]], records: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield from buffered
    yield from records


# RawRow is a frozen dataclass with slots: its generated __init__ sets each field through
# object.__setattr__, which looks the name up every time (~130 ns a field, made for every row of a
# million). The usual row (no error) is built by setting its slots through their descriptors,
# looked up once here, as screener.model builds its classes: the same value, in half the time.
_new_object = object.__new__
_set_row = RawRow.__dict__["row"].__set__
_set_cells = RawRow.__dict__["cells"].__set__
_set_error = RawRow.__dict__["error"].__set__


def _usual_row(line: int, values: dict[str, str]) -> RawRow:
    """`RawRow(line, values)`, quickly."""
    row: RawRow = _new_object(RawRow)
    _set_row(row, line)
    _set_cells(row, values)
    _set_error(row, None)
    return row


def raw_row(name: str, headers: tuple[str, ...], line: int, cells: list[str]) -> RawRow:
    width = len(headers)
    # zip stops at the shorter: a short row's missing cells are filled in as empty, after.
    values = dict(zip(headers, cells, strict=False))
    if len(cells) == width:  # the usual row: nothing missing, nothing extra
        return _usual_row(line, values)
    error: InputDataError | None = None
    if len(cells) < width:
        values.update(dict.fromkeys(headers[len(cells) :], ""))
        error = InputDataError(
            f"the row has {len(cells)} cells but the header has {width}",
            file=name,
            row=line,
            field=headers[len(cells)],
            hint="a missing delimiter, or a line break inside an unquoted cell",
        )
    elif any(c.strip() for c in cells[width:]):
        extra = next(i for i in range(width, len(cells)) if cells[i].strip())
        error = InputDataError(
            f"the row has {len(cells)} cells but the header has {width}",
            file=name,
            row=line,
            field=f"column {extra + 1}",
            hint="an extra delimiter, or a cell that should have been quoted",
        )
    return RawRow(line, values, error)


def _records(
    name: str, stream: BinaryIO, codec: str, delimiter: str, mac_lines: bool
) -> Iterator[tuple[int, list[str]]]:
    """(physical line number of the row's first line, cells) for each CSV record."""
    lines: Iterator[str]
    if codec in LINE_SAFE and not mac_lines:
        lines = _decoded_lines(name, stream, codec)
    else:
        text = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline="")
        lines = _text_lines(name, text)
    return parse_lines(name, lines, delimiter, 1)


def parse_lines(
    name: str, lines: Iterator[str], delimiter: str, first_line: int
) -> Iterator[tuple[int, list[str]]]:
    """(physical line number, cells) for each CSV record of `lines`, the first on `first_line`."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    base = first_line - 1
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputDataError(
                f"cannot parse the row: {exc}",
                file=name,
                row=base + (reader.line_num or previous + 1),
            ) from None
        first = previous + 1
        previous = reader.line_num
        yield base + first, cells


def _decoded_lines(name: str, stream: BinaryIO, codec: str) -> Iterator[str]:
    for number, raw in enumerate(stream, 1):
        line_codec = codec if number == 1 or codec != "utf-8-sig" else "utf-8"
        yield decoded_line(name, raw, number, line_codec, codec)


def decoded_line(name: str, raw: bytes, number: int, codec: str, label: str) -> str:
    """Line `number` decoded with `codec`; InputDataError naming the line (and `label`) if not."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputDataError(
            f"cannot decode the line as {label}: {exc.reason} at byte {exc.start + 1}",
            file=name,
            row=number,
            field="encoding",
            hint="the encoding detected from the start of the file does not fit here; "
            "give the right one with --encoding, e.g. --encoding cp1251",
        ) from None


def _text_lines(name: str, text: io.TextIOWrapper) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = text.readline()
        except UnicodeDecodeError as exc:
            raise InputDataError(
                f"cannot decode the file as {text.encoding}: {exc.reason}",
                file=name,
                row=number + 1,
                field="encoding",
                hint="give the right encoding with --encoding",
            ) from None
        if not line:
            return
        number += 1
        yield line
