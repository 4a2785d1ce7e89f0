"""Opens CSV, TSV, XLSX, JSON and NDJSON inputs ("-" is stdin) as tables of text cells.

The format comes from the extension (.csv .tsv .tab .txt .xlsx .xlsm .json .ndjson .jsonl), else
from the content (a zip is XLSX, "[" a JSON array, an object on the first line NDJSON, anything
else delimited text); `fmt` overrides both. Text encodings are detected (see `detect`), or given.
In spreadsheets and delimited files the header is found under any title rows (see `header`).
"""

from __future__ import annotations

from dataclasses import replace

from screener.errors import InputDataError
from screener.readers.delimited import LINE_SAFE, cr_only, read_delimited
from screener.readers.detect import (
    FORMATS,
    ZIP_MAGIC,
    check_binary,
    check_format,
    detect_encoding,
    format_from_name,
    open_source,
    sniff_text_format,
)
from screener.readers.jsonl import read_json, read_ndjson
from screener.readers.spans import Splittable
from screener.readers.table import RawRow, ReadStats, Table
from screener.readers.xlsx import read_xlsx

__all__ = ["FORMATS", "RawRow", "ReadStats", "Table", "open_table"]


def open_table(
    path: str,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    fmt: str | None = None,
) -> Table:
    """Opens one input and reads up to its first data row; the other rows stream from `rows`.

    Raises InputDataError (file set) for a missing, unreadable, empty or binary file, a file with
    no data rows, invalid JSON, a bad workbook or an encoding that does not fit; UsageError for an
    unknown `fmt`, `encoding` or `sheet`. `sheet` (a name or a 1-based number) applies to XLSX.
    """
    wanted = check_format(fmt)
    source = open_source(path)
    kind = wanted or (format_from_name(path) if path != "-" else None)
    if kind is None and source.sample.startswith(ZIP_MAGIC):
        kind = "xlsx"
    if kind == "xlsx":
        return read_xlsx(source, sheet=sheet)
    check_binary(source)
    if source.sample.startswith(ZIP_MAGIC):
        raise InputDataError(
            "this is a zip file (an XLSX workbook?), not a text table",
            file=source.name,
            hint="give it a .xlsx name or use --format xlsx",
        )
    label, codec = detect_encoding(source, encoding)
    if kind in (None, "json"):
        text = source.sample.decode(codec, errors="replace")
        sniffed = sniff_text_format(text)
        kind = sniffed if kind is None or sniffed != "csv" else kind
    if kind == "json":
        return read_json(source, encoding=label, codec=codec)
    if kind == "ndjson":
        return read_ndjson(source, encoding=label, codec=codec)
    table = read_delimited(source, encoding=label, codec=codec, fmt=kind or "csv")
    if source.path is None or codec not in LINE_SAFE or cr_only(source.sample):
        return table
    assert table.delimiter is not None  # read_delimited always settles it
    split = Splittable(table.source, source.path, codec, table.delimiter, table.headers)
    return replace(table, split=split)
