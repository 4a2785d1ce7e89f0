"""The run summary for stderr: rows screened, bands, skipped rows, and the lists and rules used."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import RenderableType
from rich.text import Text

from screener.bands import all_bands
from screener.model import Report
from screener.report.phrasing import (
    has_many_sources,
    list_info_line,
    printable,
    rule_set_line,
    skipped_line,
    where,
)
from screener.report.serialize import errors_to_list, report_errors
from screener.report.table import INDENT, band_style, cell_text, print_all

if TYPE_CHECKING:
    from screener.report import RenderOptions

# How many skipped rows and top-scoring rows the summary names: a screenful on stderr; the report
# itself lists every one.
SKIPPED_SHOWN = 5
HIGHEST_SHOWN = 5


def render_summary(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write the human summary of `report` on `stream` (stderr: stdout carries only the report)."""
    print_all(stream, options, summary_lines(report, options))


def summary_lines(report: Report, options: RenderOptions) -> list[RenderableType]:
    """The summary as rich Text lines, coloured by band when `options.color` is set."""
    s = report.summary
    inputs = ", ".join(report.inputs) or "no input"
    skipped = f" ({s.skipped} skipped)" if s.skipped else ""
    lines: list[RenderableType] = [
        cell_text(f"Screened {s.screened} of {s.rows_in} rows{skipped}: {inputs}")
    ]

    bands = Text("Bands: ")
    for i, band in enumerate(reversed(all_bands())):  # the bands that need action first
        if i:
            bands.append(", ")
        count = int(s.by_band.get(band.value, 0))
        style = band_style(band.value, options) if count else ""  # a zero needs no attention
        bands.append(f"{band.value} {count}", style=style)
    lines.append(bands)

    many_sources = has_many_sources(report)
    scored = sorted(
        (a for a in report.assessments if a.score > 0), key=lambda a: -a.score
    )[:HIGHEST_SHOWN]
    if scored:
        top = Text("Highest: ")
        for i, a in enumerate(scored):
            if i:
                top.append("; ")
            label = where(a.record.source, a.record.row) if many_sources else f"row {a.record.row}"
            top.append(f"{printable(label)} ")
            top.append(f"{a.band.value} {a.score}", style=band_style(a.band.value, options))
        lines.append(top)

    if report.skipped:
        plural = "s" if len(report.skipped) != 1 else ""
        lines.append(cell_text(f"Skipped {len(report.skipped)} row{plural}:"))
        for sk in report.skipped[:SKIPPED_SHOWN]:
            lines.append(cell_text(f"{INDENT}{where(sk.source, sk.row)}: {skipped_line(sk)}"))
        hidden = len(report.skipped) - SKIPPED_SHOWN
        if hidden > 0:
            lines.append(cell_text(f"{INDENT}... and {hidden} more (all are in the report)"))

    lines.append(cell_text(f"Lists ({len(report.lists)}):" if report.lists else "Lists: none"))
    lines.extend(cell_text(f"{INDENT}{list_info_line(info)}") for info in report.lists)
    lines.append(cell_text(f"Rules ({len(report.rules)}):" if report.rules else "Rules: none"))
    lines.extend(cell_text(f"{INDENT}{rule_set_line(info)}") for info in report.rules)

    errors = errors_to_list(report_errors(report))
    if errors:
        style = "bold red" if options.color else ""
        lines.append(cell_text(f"Errors ({len(errors)}):", style=style))
        for err in errors:
            lines.append(cell_text(f"{INDENT}{err.get('message', err)}"))
    return lines
