"""Tests for the `ndjson` report format: header, one line per row, summary; each line one object."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace

from screener.model import Party, Report
from screener.report import RenderOptions
from screener.report.ndjson_format import (
    write_footer,
    write_header,
    write_ndjson,
    write_row,
    write_skipped,
)
from screener.report.serialize import ReportHeader, assessment_to_dict, skipped_to_dict

Golden = Callable[[str, str], None]


def _render(report: Report) -> str:
    out = io.StringIO()
    write_ndjson(report, out, RenderOptions())
    return out.getvalue()


def test_matches_golden(report: Report, golden: Golden) -> None:
    golden("report.ndjson", _render(report))


def test_every_line_is_one_object_in_header_rows_skipped_summary_order(report: Report) -> None:
    lines = _render(report).split("\n")
    assert lines[-1] == ""  # the last line ends in a newline too
    objects = [json.loads(line) for line in lines[:-1]]
    assert [o["type"] for o in objects] == (
        ["header"] + ["row"] * len(report.assessments) + ["skipped"] * len(report.skipped)
        + ["summary"]
    )
    header, summary = objects[0], objects[-1]
    assert header["schema_version"] == report.schema_version
    assert [i["list_id"] for i in header["lists"]] == [i.list_id for i in report.lists]
    assert summary["rows_in"] == report.summary.rows_in
    assert summary["errors"] == []


def test_row_lines_carry_the_same_object_as_json_rows(report: Report) -> None:
    lines = _render(report).splitlines()
    row = json.loads(lines[2])
    assert row.pop("type") == "row"
    assert row == json.loads(json.dumps(assessment_to_dict(report.assessments[1])))
    skipped = json.loads(lines[1 + len(report.assessments)])
    assert skipped.pop("type") == "skipped"
    assert skipped == skipped_to_dict(report.skipped[0])


def test_line_separators_in_names_do_not_split_a_record(report: Report) -> None:
    a = report.assessments[0]
    odd = "Acme\u2028Tools\u2029GmbH\u0085Ltd\nnewline"
    record = replace(a.record, parties=(Party("seller", odd),))
    text = _render(replace(report, assessments=(replace(a, record=record),)))
    lines = text.splitlines()  # splits on U+2028, U+2029 and NEL too
    assert len(lines) == 1 + 1 + len(report.skipped) + 1
    assert json.loads(lines[1])["parties"][0]["name"] == odd


def test_streaming_functions_write_what_the_report_writer_writes(report: Report) -> None:
    out = io.StringIO()
    write_header(out, ReportHeader.of(report))
    for a in report.assessments:
        write_row(out, a)
    for s in report.skipped:
        write_skipped(out, s)
    write_footer(out, report.summary)
    assert out.getvalue() == _render(report)


def test_a_row_line_is_compact_utf8_json_with_line_breakers_escaped(report: Report) -> None:
    a = report.assessments[0]
    odd = "Müller\u2028Tools \u0085Ltd"
    record = replace(a.record, parties=(Party("seller", odd),))
    out = io.StringIO()
    write_row(out, replace(a, record=record))
    line = out.getvalue()
    expected = json.dumps(
        {"type": "row", **assessment_to_dict(replace(a, record=record))},
        ensure_ascii=False, separators=(",", ":"),
    )
    assert line == expected.replace("\u2028", "\\u2028").replace("\u0085", "\\u0085") + "\n"
    assert "Müller" in line  # UTF-8 as it is, not \u escapes
