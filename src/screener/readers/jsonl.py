"""Reads JSON arrays of objects and NDJSON (one object per line), flattening nested parties."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, BinaryIO

from screener.errors import InputDataError
from screener.readers.cells import render
from screener.readers.detect import Source
from screener.readers.table import RawRow, ReadStats, Table

# NDJSON lines read before the header is fixed: the union of their keys is the header. Keys that
# first appear later still reach the row's cells. 1,000 lines cover every key of a regular export.
NDJSON_HEADER_LINES = 1000

# Separator for lists of values flattened into one cell; records.py splits HS codes and transit
# countries on it.
LIST_SEPARATOR = "; "


def flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """One level of cells from nested JSON: {"buyer": {"name": "X"}} -> {"buyer.name": "X"}.

    Lists of scalars are joined with "; "; lists of objects are flattened each and their values
    joined per key ({"goods": [{"hs": 1}, {"hs": 2}]} -> {"goods.hs": "1; 2"}).
    """
    out: dict[str, str] = {}
    for key, value in obj.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            nested = flatten(value, name)
            out.update(nested if nested else {name: ""})
        elif isinstance(value, list):
            out.update(_flatten_list(name, value))
        else:
            out[name] = render(value)
    return out


def _flatten_list(name: str, values: list[Any]) -> dict[str, str]:
    joined: dict[str, list[str]] = {}
    for item in values:
        if isinstance(item, dict):
            for key, text in flatten(item, name).items():
                if text:
                    joined.setdefault(key, []).append(text)
        elif isinstance(item, list):
            joined.setdefault(name, []).append(json.dumps(item, ensure_ascii=False, default=str))
        elif item is not None:
            joined.setdefault(name, []).append(render(item))
    if not joined:
        return {name: ""}
    return {key: LIST_SEPARATOR.join(texts) for key, texts in joined.items()}


def _loads(text: str) -> Any:
    # Decimal keeps numbers as written (1.50 stays "1.50"; 854231.0 becomes "854231").
    return json.loads(text, parse_float=Decimal)


def read_json(source: Source, *, encoding: str, codec: str) -> Table:
    """A JSON array of objects (read whole), or an object holding one such array."""
    try:
        text = source.read_all().decode(codec)
    except UnicodeDecodeError as exc:
        raise InputDataError(
            f"cannot decode the file as {encoding}: {exc.reason}",
            file=source.name,
            field="encoding",
            hint="give the right encoding with --encoding",
        ) from None
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise InputDataError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            file=source.name,
        ) from None
    elements = _elements(data, source.name)
    if not elements:
        raise InputDataError("no data rows: the JSON array is empty", file=source.name)
    flat: list[dict[str, str] | None] = [
        flatten(e) if isinstance(e, dict) else None for e in elements
    ]
    headers = _union_keys(f for f in flat if f is not None)
    stats = ReadStats()

    def rows() -> Iterator[RawRow]:
        for index, (element, cells) in enumerate(zip(elements, flat, strict=True), 1):
            stats.data_rows += 1
            if cells is None:
                yield RawRow(index, {}, _not_an_object(source.name, index, element))
            else:
                yield RawRow(index, _complete(headers, cells))

    return Table(
        source=source.name,
        format="json",
        encoding=encoding,
        headers=headers,
        header_row=0,
        rows=rows(),
        stats=stats,
    )


def _elements(data: Any, name: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        # {"transactions": [...]} and similar API envelopes: the one list of objects inside.
        lists = [
            v for v in data.values() if isinstance(v, list) and any(isinstance(x, dict) for x in v)
        ]
        if len(lists) == 1:
            return lists[0]
        return [data]
    raise InputDataError(
        f"expected a JSON array of objects, found a {type(data).__name__}", file=name
    )


def _not_an_object(name: str, row: int, element: Any) -> InputDataError:
    kind = "array" if isinstance(element, list) else type(element).__name__
    if element is None:
        kind = "null"
    return InputDataError(
        f"the element is a JSON {kind}, not an object",
        file=name,
        row=row,
        hint="each row must be an object",
    )


def _union_keys(rows: Iterator[dict[str, str]] | Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for cells in rows:
        for key in cells:
            seen.setdefault(key, None)
    return tuple(seen)


def _complete(headers: tuple[str, ...], cells: dict[str, str]) -> dict[str, str]:
    """Every header present ("" when the object lacks it), then any keys beyond the header."""
    out = {h: cells.get(h, "") for h in headers}
    for key, value in cells.items():
        out.setdefault(key, value)
    return out


def read_ndjson(source: Source, *, encoding: str, codec: str) -> Table:
    """One JSON object per line, streamed; blank lines are allowed and skipped."""
    stream = source.open()
    try:
        lines = _lines(source.name, stream, codec)
        head: list[tuple[int, dict[str, str] | None, InputDataError | None]] = []
        stats = ReadStats()
        for number, line in lines:
            if not line.strip():
                stats.blank_rows += 1
                continue
            head.append(_parse_line(source.name, number, line))
            if len(head) >= NDJSON_HEADER_LINES:
                break
        if not head:
            raise InputDataError("no data rows: the file has no JSON objects", file=source.name)
        headers = _union_keys(cells for _, cells, _ in head if cells is not None)
        if not headers and all(error is not None for _, _, error in head):
            raise head[0][2]  # type: ignore[misc]
    except BaseException:
        stream.close()
        raise

    def rows() -> Iterator[RawRow]:
        try:
            for number, cells, error in head:
                stats.data_rows += 1
                yield RawRow(number, _complete(headers, cells) if cells is not None else {}, error)
            for number, line in lines:
                if not line.strip():
                    stats.blank_rows += 1
                    continue
                stats.data_rows += 1
                _, cells, error = _parse_line(source.name, number, line)
                yield RawRow(number, _complete(headers, cells) if cells is not None else {}, error)
        finally:
            stream.close()

    return Table(
        source=source.name,
        format="ndjson",
        encoding=encoding,
        headers=headers,
        header_row=0,
        rows=rows(),
        stats=stats,
    )


def _parse_line(
    name: str, number: int, line: str
) -> tuple[int, dict[str, str] | None, InputDataError | None]:
    try:
        value = _loads(line)
    except json.JSONDecodeError as exc:
        return (
            number,
            None,
            InputDataError(
                f"not valid JSON: {exc.msg} at column {exc.colno}", file=name, row=number
            ),
        )
    if not isinstance(value, dict):
        return number, None, _not_an_object(name, number, value)
    return number, flatten(value), None


def _lines(name: str, stream: BinaryIO, codec: str) -> Iterator[tuple[int, str]]:
    if codec.startswith(("utf-16", "utf-32")):
        text = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline=None)
        number = 0
        while True:
            try:
                line = text.readline()
            except UnicodeDecodeError as exc:
                raise _decode_error(name, number + 1, codec, exc) from None
            if not line:
                return
            number += 1
            yield number, line
    decoder_codec = codec
    for number, raw in enumerate(stream, 1):
        try:
            yield number, raw.decode(decoder_codec)
        except UnicodeDecodeError as exc:
            raise _decode_error(name, number, codec, exc) from None
        if decoder_codec == "utf-8-sig":
            decoder_codec = "utf-8"


def _decode_error(name: str, row: int, codec: str, exc: UnicodeDecodeError) -> InputDataError:
    return InputDataError(
        f"cannot decode the line as {codecs.lookup(codec).name}: {exc.reason}",
        file=name,
        row=row,
        field="encoding",
        hint="give the right encoding with --encoding",
    )
