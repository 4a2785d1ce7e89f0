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
from operator import attrgetter
from typing import TYPE_CHECKING, TextIO

from screener.model import Assessment, Finding, GoodsHit, PartyHit, Reason, Report, Skipped
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


# A cell starts with one of _FORMULA_STARTS: at the start of a row's cells joined by NUL, or after a
# NUL (a NUL inside a cell can only make a row take the general path, never skip it).
_FORMULA_FIRST = frozenset(_FORMULA_STARTS)
_FORMULA_AFTER = re.compile("\x00[=+@\t\r\n-]")
_NUL = "\x00"
# What makes csv.writer quote a cell (QUOTE_MINIMAL with "," and '"', lines ending in LF): the
# delimiter, the quote character and the line end; CR too, which later Pythons quote.
_QUOTED = re.compile('[,"\r\n]')
# The verdicts (the four explanation cells) a LineWriter keeps. A ledger's rows share them: the
# same rules firing, the same listed parties and goods (scoring.py shares their hits and reasons
# between rows). The bound keeps a book of many distinct verdicts from growing without end (an
# entry is a few hundred bytes); a verdict dropped is only written again.
VERDICTS_KEPT = 4096
# Sources and bands a LineWriter keeps as CSV text: a run reads a few files, and there are 5 bands.
TEXTS_KEPT = 256


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
        *_verdict_texts(
            assessment.reasons, assessment.party_hits, assessment.goods_hits, assessment.findings
        ),
    ]
    return _cells(columns, record.raw, ours)


def skipped_cells(columns: Sequence[str], skipped: Skipped) -> list[str]:
    """The cells `write_skipped` writes, neutralised: the row's cells of `columns`, then ours."""
    ours = [str(skipped.row), skipped.source, "", SKIPPED_BAND, skipped_line(skipped), "", "", ""]
    return _cells(columns, skipped.raw, ours)


class LineWriter:
    """Renders rows one at a time as the lines `write_row` and `write_skipped` write, faster.

    One writer serves every row of a process (screener.report.stream). The four verdict cells
    (reasons, party hits, goods, rules) are written once per distinct verdict and kept, keyed by the
    identities of the reasons and hits, which the scorer shares between rows, and the findings'
    rule ids; the entry holds those objects, so an identity cannot be reused while it is kept.
    The user's cells are neutralised only when one of them starts like a formula (`neutralise`).
    A line is byte for byte what `write_row` writes (tests/report/test_csv_format.py).
    """

    __slots__ = ("_lines", "_texts", "_verdicts", "_writer", "columns")

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = tuple(columns)
        self._lines: list[str] = []
        # As the other writers write (csv.writer, lines ending in LF): this object is its file.
        self._writer = csv.writer(self, lineterminator="\n")
        self._verdicts: dict[tuple[int | str, ...], tuple[object, str]] = {}
        self._texts: dict[str, str] = {}

    def write(self, text: str) -> None:
        self._lines.append(text)

    def _take(self) -> str:
        lines = self._lines
        text = lines[0] if len(lines) == 1 else "".join(lines)
        lines.clear()
        return text

    def skipped(self, skipped: Skipped) -> str:
        """The line `write_skipped` writes."""
        self._writer.writerow(skipped_cells(self.columns, skipped))
        return self._take()

    def row(self, assessment: Assessment) -> str:
        """The line `write_row` writes."""
        record = assessment.record
        raw = record.raw
        columns = self.columns
        texts = self._texts
        source = texts.get(record.source) or self._cell(record.source)
        band = assessment.band.value
        band = texts.get(band) or self._cell(band)
        # csv.writer quotes each cell on its own (QUOTE_MINIMAL), so a line is its cells' text
        # joined by commas, and the cells after the user's are written apart. A number needs
        # neither quoting nor neutralising (a sign before digits alone is left as it is).
        tail = f"{record.row},{source},{assessment.score},{band},{self._verdict(assessment)}\n"
        # The usual row: the input's columns are the report's, in the same order, and no cell
        # starts like a formula (a NUL in a cell can only send a row to the general path).
        if columns and len(raw) == len(columns) and tuple(raw) == columns:
            try:
                joined = _NUL.join(raw.values())
            except TypeError:  # a cell that is not text (a caller's own mapping)
                joined = "="
            if joined[:1] not in _FORMULA_FIRST and not _FORMULA_AFTER.search(joined):
                if not _QUOTED.search(joined) and joined.count(_NUL) == len(columns) - 1:
                    # No cell needs quotes (nor holds a NUL): the writer would write them as
                    # they are.
                    return f"{joined.replace(_NUL, ',')},{tail}"
                # One cell more than the user's, taken off again: a line of one empty cell is
                # written '""'.
                self._writer.writerow([*raw.values(), "x"])
                return f"{self._take()[:-2]}{tail}"
        self._writer.writerow([*(neutralise(str(raw.get(name, ""))) for name in columns), "x"])
        return f"{self._take()[:-2]}{tail}"

    def _cell(self, text: str) -> str:
        """One cell of ours that is the same in many rows (the source, the band) as CSV text."""
        found = self._texts.get(text)
        if found is None:
            self._writer.writerow([neutralise(text), ""])
            found = self._take()[:-2]
            if len(self._texts) >= TEXTS_KEPT:
                del self._texts[next(iter(self._texts))]
            self._texts[text] = found
        return found

    def _verdict(self, assessment: Assessment) -> str:
        """The four verdict cells as CSV text, without the line end."""
        reasons = assessment.reasons
        party_hits = assessment.party_hits
        goods_hits = assessment.goods_hits
        findings = assessment.findings
        # The rules cell names the findings' rules alone: their evidence (which makes most
        # findings objects of their own) does not count.
        if party_hits or goods_hits:
            # 0 is no object's identity and no rule id: it marks where a sequence ends.
            key: tuple[int | str, ...] = (
                *map(id, reasons), 0, *map(id, party_hits), 0, *map(id, goods_hits), 0,
                *map(_rule_id, findings),
            )  # fmt: skip
        elif reasons or findings:
            # Most rows with a verdict: a rule or two. Identities are ints and rule ids text, so
            # no key of this shape is equal to one of the shape above.
            key = (*map(id, reasons), *map(_rule_id, findings))
        else:
            return ",,,"  # most rows: four empty cells
        found = self._verdicts.get(key)
        if found is not None:
            return found[1]
        self._writer.writerow(_verdict_cells(reasons, party_hits, goods_hits, findings))
        text = self._take()[:-1]
        if len(self._verdicts) >= VERDICTS_KEPT:
            del self._verdicts[next(iter(self._verdicts))]  # the oldest: dicts keep their order
        self._verdicts[key] = ((reasons, party_hits, goods_hits), text)
        return text


_rule_id = attrgetter("rule_id")


def _verdict_texts(
    reasons: Sequence[Reason],
    party_hits: Sequence[PartyHit],
    goods_hits: Sequence[GoodsHit],
    findings: Sequence[Finding],
) -> tuple[str, str, str, str]:
    """The last four of our cells (reasons, party hits, goods, rules), before neutralising."""
    return (
        JOIN.join(csv_reason(r) for r in reasons),
        JOIN.join(party_hit_line(h) for h in party_hits),
        JOIN.join(goods_hit_line(h) for h in goods_hits),
        JOIN.join(f.rule_id for f in findings),
    )


def _verdict_cells(
    reasons: Sequence[Reason],
    party_hits: Sequence[PartyHit],
    goods_hits: Sequence[GoodsHit],
    findings: Sequence[Finding],
) -> list[str]:
    """The last four of our cells, neutralised, as `row_cells` gives them."""
    return [neutralise(cell) for cell in _verdict_texts(reasons, party_hits, goods_hits, findings)]


def _cells(columns: Sequence[str], raw: Mapping[str, str], ours: list[str]) -> list[str]:
    user = [raw.get(name, "") for name in columns]
    return [neutralise(str(cell)) for cell in (*user, *ours)]


def _writer(stream: TextIO) -> Writer:
    return csv.writer(stream, lineterminator="\n")


def _source(item: Assessment | Skipped) -> str:
    return item.source if isinstance(item, Skipped) else item.record.source


def _row(item: Assessment | Skipped) -> int:
    return item.row if isinstance(item, Skipped) else item.record.row
