"""Renders what `screener columns FILE` found: which header feeds which field, what is left."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table as RichTable

from screener.columns import FIELDS, ColumnMap
from screener.readers import Table


def columns_to_dict(table: Table, columns: ColumnMap) -> dict[str, Any]:
    """The recognition result as plain data (the `--format json` output)."""
    return {
        "source": table.source,
        "format": table.format,
        "encoding": table.encoding,
        "header_row": table.header_row,
        "fields": {f: list(cols) for f, cols in columns.fields.items()},
        "overridden": sorted(columns.overridden),
        "ignored": dict(columns.ignored),
        "notes": {h: c.note for h, c in columns.columns.items() if c.note},
        "unrecognised": list(columns.unrecognised),
    }


def write_columns(table: Table, columns: ColumnMap, fmt: str, stream: TextIO, *,
                  color: bool) -> None:
    """Write the recognition result as a table (humans) or JSON (scripts)."""
    if fmt == "json":
        json.dump(columns_to_dict(table, columns), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    console = Console(file=stream, color_system="auto" if color else None,
                      force_terminal=color, width=None if color else 120, highlight=False)
    encoding = f", encoding {table.encoding}" if table.encoding else ""
    console.print(f"{table.source}: {table.format}{encoding}, header on row {table.header_row}")
    out = RichTable(title=None, show_lines=False)
    out.add_column("field")
    out.add_column("column(s)")
    out.add_column("meaning")
    for field, cols in columns.fields.items():
        mark = " (--map)" if field in columns.overridden else ""
        notes = [columns.column(c).note for c in cols if columns.column(c).note]
        meaning = "; ".join([FIELDS.get(field, ""), *notes])
        out.add_row(field, " + ".join(cols) + mark, meaning)
    console.print(out)
    for header, why in columns.ignored.items():
        console.print(f"ignored: {header} ({why})")
    if not columns.fields:
        console.print("no party or goods column recognised: `screener check` will refuse this file")
    if columns.unrecognised:
        console.print("not used: " + ", ".join(columns.unrecognised))
        console.print("map one with --map FIELD=COLUMN, e.g. --map "
                      f"remarks={columns.unrecognised[0]!r}")
