"""The run summary for stderr: rows screened, bands, skipped rows, and the lists and rules used."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import RenderableType
from rich.text import Text

from screener.bands import all_bands
from screener.model import ListInfo, Report, RuleSetInfo, Skipped, Summary
from screener.report.phrasing import (
    has_many_sources,
    list_info_line,
    printable,
    rule_set_line,
    skipped_line,
    where,
)
from screener.report.serialize import ReportHeader, errors_to_list, report_errors
from screener.report.table import INDENT, band_style, cell_text, print_all

if TYPE_CHECKING:
    from screener.report import RenderOptions
    from screener.report.stream import Tally

# How many skipped rows and top-scoring rows the summary names: a screenful on stderr; the report
# itself lists every one.
SKIPPED_SHOWN = 5
HIGHEST_SHOWN = 5


def render_summary(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write the human summary of `report` on `stream` (stderr: stdout carries only the report)."""
    print_all(stream, options, summary_lines(report, options))


def render_stream_summary(
    header: ReportHeader, tally: Tally, stream: TextIO, options: RenderOptions
) -> None:
    """The same summary for a streamed run (batch.py), from its header and tally."""
    many_sources = len(set(tally.sources) | set(header.inputs)) > 1
    highest = [
        (where(source, row) if many_sources else f"row {row}", band, score)
        for source, row, band, score in tally.highest_rows()
    ]
    print_all(stream, options, _lines(
        inputs=header.inputs, summary=tally.summary(), highest=highest,
        skipped=tally.skipped, skipped_count=tally.skipped_count, lists=header.lists,
        rules=header.rules, errors=[],
        options=options,
    ))


def summary_lines(report: Report, options: RenderOptions) -> list[RenderableType]:
    """The summary as rich Text lines, coloured by band when `options.color` is set."""
    many_sources = has_many_sources(report)
    scored = sorted(
        (a for a in report.assessments if a.score > 0), key=lambda a: -a.score
    )[:HIGHEST_SHOWN]
    highest = [
        (
            where(a.record.source, a.record.row) if many_sources else f"row {a.record.row}",
            a.band.value,
            a.score,
        )
        for a in scored
    ]
    return _lines(
        inputs=report.inputs, summary=report.summary, highest=highest,
        skipped=report.skipped, skipped_count=len(report.skipped), lists=report.lists,
        rules=report.rules,
        errors=errors_to_list(report_errors(report)), options=options,
    )


def _lines(
    *,
    inputs: Sequence[str],
    summary: Summary,
    highest: Sequence[tuple[str, str, int]],
    skipped: Sequence[Skipped],
    skipped_count: int,
    lists: Sequence[ListInfo],
    rules: Sequence[RuleSetInfo],
    errors: Sequence[Any],
    options: RenderOptions,
) -> list[RenderableType]:
    s = summary
    names = ", ".join(inputs) or "no input"
    skipped_note = f" ({s.skipped} skipped)" if s.skipped else ""
    lines: list[RenderableType] = [
        cell_text(f"Screened {s.screened} of {s.rows_in} rows{skipped_note}: {names}")
    ]

    bands = Text("Bands: ")
    for i, band in enumerate(reversed(all_bands())):  # the bands that need action first
        if i:
            bands.append(", ")
        count = int(s.by_band.get(band.value, 0))
        style = band_style(band.value, options) if count else ""  # a zero needs no attention
        bands.append(f"{band.value} {count}", style=style)
    lines.append(bands)

    if highest:
        top = Text("Highest: ")
        for i, (label, band_name, score) in enumerate(highest[:HIGHEST_SHOWN]):
            if i:
                top.append("; ")
            top.append(f"{printable(label)} ")
            top.append(f"{band_name} {score}", style=band_style(band_name, options))
        lines.append(top)

    if skipped_count:
        plural = "s" if skipped_count != 1 else ""
        lines.append(cell_text(f"Skipped {skipped_count} row{plural}:"))
        for sk in skipped[:SKIPPED_SHOWN]:
            lines.append(cell_text(f"{INDENT}{where(sk.source, sk.row)}: {skipped_line(sk)}"))
        hidden = skipped_count - SKIPPED_SHOWN
        if hidden > 0:
            lines.append(cell_text(f"{INDENT}... and {hidden} more (all are in the report)"))

    lines.append(cell_text(f"Lists ({len(lists)}):" if lists else "Lists: none"))
    lines.extend(cell_text(f"{INDENT}{list_info_line(info)}") for info in lists)
    lines.append(cell_text(f"Rules ({len(rules)}):" if rules else "Rules: none"))
    lines.extend(cell_text(f"{INDENT}{rule_set_line(info)}") for info in rules)

    if errors:
        style = "bold red" if options.color else ""
        lines.append(cell_text(f"Errors ({len(errors)}):", style=style))
        for err in errors:
            lines.append(cell_text(f"{INDENT}{err.get('message', err)}"))
    return lines
