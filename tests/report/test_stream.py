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
    render_block,
    render_row,
)
from screener.report.summary import render_stream_summary, render_summary


def _stream(report: Report, fmt: str, *, rendered: bool, block: int = 0) -> str:
    """`report` written through StreamWriter, rows in input order as a run meets them.

    `rendered`: each row rendered as a worker does; with `block`, blocks of that many rows
    rendered and tallied as a worker does (render_block), the last one possibly shorter.
    """
    options = RenderOptions(width=120)
    rows = in_input_order(report)
    spec = RowFormat(fmt, user_columns(rows), options)
    out = io.StringIO()
    writer = StreamWriter(fmt, out, spec, options)
    writer.begin(ReportHeader.of(report), many_sources=len(report.inputs) > 1)
    if block and fmt != "table":
        for start in range(0, len(rows), block):
            writer.add_block(render_block(spec, rows[start:start + block]))
        rows = []
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


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
@pytest.mark.parametrize("block", [1, 2, 3, 1000])
def test_report_from_rendered_blocks_equals_the_whole_report(
    report: Report, fmt: str, block: int
) -> None:
    # Blocks of one row, of a few (a block may hold only skipped rows, or none) and of all.
    assert any(isinstance(item, Skipped) for item in in_input_order(report))
    assert _stream(report, fmt, rendered=True, block=block) == _whole(report, fmt)


def test_merged_tallies_equal_one_tally_of_every_row(report: Report) -> None:
    # Many rows, so that the highest rows of later blocks must displace earlier ones, and ties
    # of score are decided by input order across blocks.
    import random

    rng = random.Random(6)
    items = [*in_input_order(report)] * 40
    rng.shuffle(items)
    one = Tally()
    for item in items:
        one.add(Outcome.of(item))
    for _ in range(20):
        merged = Tally()
        start = 0
        while start < len(items):
            end = start + rng.randint(0, 25)
            part = Tally()
            for item in items[start:end]:
                part.add(Outcome.of(item))
            merged.merge(part)
            start = end
        # The same rows kept (a heap's layout may differ), and every other count the same.
        assert sorted(merged.highest) == sorted(one.highest)
        assert merged.highest_rows() == one.highest_rows()
        merged.highest = one.highest
        assert merged == one


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
