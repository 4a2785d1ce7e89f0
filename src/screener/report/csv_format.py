"""The `csv` report format: the user's own rows, in input order, with screener's verdict columns.

A compliance user opens it in a spreadsheet next to the original export, so every original column
comes first, unchanged except for spreadsheet-injection neutralising, and each input row is one
line, skipped rows included. The writer streams: `write_header`, then `write_row`/`write_skipped`;
`row_cells`/`skipped_cells` give the same cells as lists (screener.spark adds ours to a DataFrame).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from screener.model import Assessment, Reason, Report, Skipped
from screener.report.phrasing import goods_hit_line, party_hit_line, reason_text, skipped_line

if TYPE_CHECKING:
    from _csv import Writer

    from screener.report import RenderOptions

SCREENER_COLUMNS: tuple[str, ...] = (
    "screener_row",
    "screener_source",
    "screener_score",
    "screener_band",
    "screener_reasons",
    "screener_party_hits",
    "screener_goods",
    "screener_rules",
)
SKIPPED_BAND = "skipped"
# Joins several reasons or hits in one cell: a pipe reads as a separator and is rare in names.
JOIN = " | "
# An input column that already bears one of our names (a re-screened screener CSV) keeps its cells
# under this suffix, so the header never names two columns alike.
INPUT_SUFFIX = " (input)"

# Cells a spreadsheet would read as a formula: OWASP "CSV Injection" lists =, +, -, @, tab (0x09)
# and carriage return (0x0D). Line feed is added on the same footing as CR: it is never a
# meaningful first character of a real cell, so quoting it costs nothing.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain signed number ("-120.50", "+1,000") cannot be a formula (no function name, no operator
# after the sign), and quoting it would turn credit notes into text; these are left alone.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")


def neutralise(cell: str) -> str:
    """`cell` made safe to open in a spreadsheet: a formula-like start is prefixed with a quote."""
    if cell.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_reason(reason: Reason) -> str:
    """`[+40] rule ...`: the table's `+40 rule ...` would open the cell with `+`, which spreadsheets
    read as a formula (and neutralising would put a quote before every verdict)."""
    return f"[{reason.points:+d}] {reason_text(reason)}"


def write_csv(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write `report` as CSV: every input row once, screened or skipped, in input order.

    Lines end in LF (Excel, LibreOffice and pandas all read it; CRLF would double on a Windows text
    stdout). The CLI should give the stream newline="" and, for Excel, may choose utf-8-sig.
    """
    rows = in_input_order(report)
    columns = user_columns(rows)
    write_header(stream, columns)
    for item in rows:
        if isinstance(item, Skipped):
            write_skipped(stream, columns, item)
        else:
            write_row(stream, columns, item)


def in_input_order(report: Report) -> list[Assessment | Skipped]:
    """Screened and skipped rows merged back into input order: by input file, then row number.

    Files are ordered as `report.inputs` lists them; a source named otherwise (a reader's display
    name) follows in the order it first appears. The sort is stable: equal keys keep report order.
    """
    rank: dict[str, int] = {name: i for i, name in enumerate(report.inputs)}
    items: list[Assessment | Skipped] = [*report.assessments, *report.skipped]
    for item in items:
        rank.setdefault(_source(item), len(rank))
    return sorted(items, key=lambda item: (rank[_source(item)], _row(item)))


def user_columns(rows: Iterable[Assessment | Skipped]) -> tuple[str, ...]:
    """The union of the rows' original headers in first-seen order (files may differ in columns)."""
    seen: dict[str, None] = {}
    for item in rows:
        raw = item.raw if isinstance(item, Skipped) else item.record.raw
        for name in raw:
            seen.setdefault(name, None)
    return tuple(seen)


def header_cells(columns: Sequence[str]) -> list[str]:
    """The header line: the user's columns (renamed only on a clash with ours), then ours."""
    ours = set(SCREENER_COLUMNS)
    user = [f"{name}{INPUT_SUFFIX}" if name in ours else name for name in columns]
    return [neutralise(name) for name in (*user, *SCREENER_COLUMNS)]


def write_header(stream: TextIO, columns: Sequence[str]) -> None:
    """Write the header line for rows whose original columns are `columns`."""
    _writer(stream).writerow(header_cells(columns))


def write_row(stream: TextIO, columns: Sequence[str], assessment: Assessment) -> None:
    """One screened row. Cells of columns outside `columns` are not written: a streaming caller
    passes every header it will meet (`write_csv` passes the union of all rows)."""
    _writer(stream).writerow(row_cells(columns, assessment))


def write_skipped(stream: TextIO, columns: Sequence[str], skipped: Skipped) -> None:
    """One row that was not screened: band `skipped`, no score, the reason in `screener_reasons`."""
    _writer(stream).writerow(skipped_cells(columns, skipped))


def row_cells(columns: Sequence[str], assessment: Assessment) -> list[str]:
    """The cells `write_row` writes, neutralised: the row's cells of `columns`, then ours.

    With no `columns`, just our cells (one per SCREENER_COLUMNS), as screener.spark adds them.
    """
    record = assessment.record
    ours = [
        str(record.row),
        record.source,
        str(assessment.score),
        assessment.band.value,
        JOIN.join(csv_reason(r) for r in assessment.reasons),
        JOIN.join(party_hit_line(h) for h in assessment.party_hits),
        JOIN.join(goods_hit_line(h) for h in assessment.goods_hits),
        JOIN.join(f.rule_id for f in assessment.findings),
    ]
    return _cells(columns, record.raw, ours)


def skipped_cells(columns: Sequence[str], skipped: Skipped) -> list[str]:
    """The cells `write_skipped` writes, neutralised: the row's cells of `columns`, then ours."""
    ours = [str(skipped.row), skipped.source, "", SKIPPED_BAND, skipped_line(skipped), "", "", ""]
    return _cells(columns, skipped.raw, ours)


def _cells(columns: Sequence[str], raw: Mapping[str, str], ours: list[str]) -> list[str]:
    user = [raw.get(name, "") for name in columns]
    return [neutralise(str(cell)) for cell in (*user, *ours)]


def _writer(stream: TextIO) -> Writer:
    return csv.writer(stream, lineterminator="\n")


def _source(item: Assessment | Skipped) -> str:
    return item.source if isinstance(item, Skipped) else item.record.source


def _row(item: Assessment | Skipped) -> int:
    return item.row if isinstance(item, Skipped) else item.record.row
