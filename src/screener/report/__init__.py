"""The report formats, registered in one table, and the run summary: how a Report is read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TextIO

from screener.errors import UsageError
from screener.model import Report
from screener.report.csv_format import write_csv
from screener.report.json_format import write_json
from screener.report.ndjson_format import write_ndjson
from screener.report.summary import render_summary
from screener.report.table import write_table


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour and terminal codes, a fixed width (None: the terminal's, else 120), and
    verbose detail (every feature, evidence value and source) in the human formats."""

    color: bool = False
    width: int | None = None
    verbose: bool = False


Writer = Callable[[Report, TextIO, RenderOptions], None]

# The one registration table: a new format is a module with a writer, and a line here.
FORMATS: Mapping[str, Writer] = MappingProxyType(
    {
        "table": write_table,
        "json": write_json,
        "ndjson": write_ndjson,
        "csv": write_csv,
    }
)


def write_report(report: Report, fmt: str, stream: TextIO, options: RenderOptions) -> None:
    """Write `report` on `stream` in format `fmt`, a key of FORMATS (UsageError for another)."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise UsageError(
            f"unknown report format {fmt!r}",
            field="--format",
            hint=f"use one of {', '.join(FORMATS)}",
        )
    writer(report, stream, options)


__all__ = ["FORMATS", "RenderOptions", "Writer", "render_summary", "write_report"]
