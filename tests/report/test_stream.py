"""Tests for screener.report.stream: streamed reports equal the whole-report writers."""

from __future__ import annotations

import io

import pytest

from screener.model import Assessment, Report, Skipped
from screener.report import RenderOptions, write_report
from screener.report.csv_format import in_input_order, user_columns
from screener.report.serialize import ReportHeader
from screener.report.stream import (
    TABLE_BLOCK,
    Outcome,
    RowFormat,
    StreamWriter,
    Tally,
    render_row,
)
from screener.report.summary import render_stream_summary, render_summary


def _stream(report: Report, fmt: str, *, rendered: bool) -> str:
    """`report` written through StreamWriter, rows in input order as a run meets them."""
    options = RenderOptions(width=120)
    rows = in_input_order(report)
    spec = RowFormat(fmt, user_columns(rows), options)
    out = io.StringIO()
    writer = StreamWriter(fmt, out, spec, options)
    writer.begin(ReportHeader.of(report), many_sources=len(report.inputs) > 1)
    for item in rows:
        if rendered and fmt != "table":
            writer.add_rendered(*render_row(spec, item))  # as a worker process does
        else:
            writer.add(item)
    writer.finish(report.summary)
    return out.getvalue()


def _whole(report: Report, fmt: str) -> str:
    out = io.StringIO()
    write_report(report, fmt, out, RenderOptions(width=120))
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "table"])
@pytest.mark.parametrize("rendered", [False, True])
def test_streamed_report_equals_the_whole_report(report: Report, fmt: str, rendered: bool) -> None:
    assert _stream(report, fmt, rendered=rendered) == _whole(report, fmt)


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "table"])
def test_streamed_report_without_rows_or_skips(report: Report, fmt: str) -> None:
    from dataclasses import replace

    from screener.model import Summary

    empty = replace(report, assessments=(), skipped=(),
                    summary=Summary(0, 0, 0, dict(report.summary.by_band)))
    assert _stream(empty, fmt, rendered=False) == _whole(empty, fmt)


def test_table_is_drawn_in_blocks(report: Report) -> None:
    from dataclasses import replace

    many = replace(report, assessments=report.assessments * (TABLE_BLOCK // 3 + 1), skipped=())
    text = _stream(many, "table", rendered=False)
    assert text.count("| Row |") == 2  # two blocks, each a table with its own header


def test_tally_summary_equals_the_report_summary(report: Report) -> None:
    tally = Tally()
    for item in in_input_order(report):
        tally.add(Outcome.of(item))
    assert tally.summary() == report.summary
    assert tally.worst_rank == max(a.band.rank for a in report.assessments)
    whole = io.StringIO()
    render_summary(report, whole, RenderOptions(width=120))
    streamed = io.StringIO()
    render_stream_summary(ReportHeader.of(report), tally, streamed, RenderOptions(width=120))
    assert streamed.getvalue() == whole.getvalue()


def test_tally_keeps_only_the_highest_rows(report: Report) -> None:
    tally = Tally()
    critical = max(report.assessments, key=lambda a: a.score)
    items: list[Assessment | Skipped] = [*report.assessments] * 50
    for item in items:
        tally.add(Outcome.of(item))
    top = tally.highest_rows()
    assert len(top) == 5
    assert top[0][3] == critical.score
    scores = [score for *_, score in top]
    assert scores == sorted(scores, reverse=True)


def test_csv_rows_rendered_one_after_another_are_each_their_own_line(report: Report) -> None:
    rows = in_input_order(report)
    spec = RowFormat("csv", user_columns(rows), RenderOptions())
    rendered = [render_row(spec, item)[1] for item in rows]
    whole = _whole(report, "csv").split("\n", 1)[1]  # without the header line
    assert "".join(rendered) == whole
    assert all(text.endswith("\n") for text in rendered)
    # The writer the rows share stays in this process: a pickled spec (sent to a worker) has
    # none, makes its own, and renders the same text.
    import pickle

    copy = pickle.loads(pickle.dumps(spec))
    assert copy == spec
    assert [render_row(copy, item)[1] for item in rows] == rendered
