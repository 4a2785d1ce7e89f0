"""The `ndjson` report format: a header line, one line per row or skipped row, and a summary line.

Every line is one JSON object with a `type` ("header", "row", "skipped", "summary"), so a consumer
can filter with `jq 'select(.type == "row")'` and a producer can write rows as they are screened:
the report writer below is `write_header`, `write_row`/`write_skipped` per row, `write_footer`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from screener.model import Assessment, Report, Skipped, Summary
from screener.report.serialize import (
    ReportHeader,
    assessment_to_dict,
    errors_to_list,
    header_to_dict,
    report_errors,
    skipped_to_dict,
    summary_to_dict,
)

if TYPE_CHECKING:
    from screener.report import RenderOptions

# JSON leaves these unescaped, yet Python's str.splitlines() and some JavaScript line readers break
# lines on them (U+2028/U+2029 end lines in ECMAScript before ES2019; U+0085 is NEL), which would
# cut one record in two. Escaped, they stay the same string and every line stays one record.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})
# One encoder for every line, with json.dumps's options (compact, UTF-8, no NaN): building one per
# line costs as much as encoding a short row. Report dicts are trees, so the circular-reference
# check, which keeps a set of every container seen, is skipped.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)


def write_ndjson(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write `report` as NDJSON, through the same functions a streaming run calls row by row."""
    write_header(stream, ReportHeader.of(report))
    for assessment in report.assessments:
        write_row(stream, assessment)
    for skipped in report.skipped:
        write_skipped(stream, skipped)
    write_footer(stream, report.summary, report_errors(report))


def write_header(stream: TextIO, header: ReportHeader) -> None:
    """The first line: schema and tool version, time, inputs, settings, the lists and rules used."""
    _write_line(stream, {"type": "header", **header_to_dict(header)})


def write_row(stream: TextIO, assessment: Assessment) -> None:
    """One screened row: the same object as an entry of the JSON format's `rows`."""
    _write_line(stream, {"type": "row", **assessment_to_dict(assessment)})


def write_skipped(stream: TextIO, skipped: Skipped) -> None:
    """One row that was not screened, with its reason."""
    _write_line(stream, {"type": "skipped", **skipped_to_dict(skipped)})


def write_footer(stream: TextIO, summary: Summary, errors: Sequence[object] = ()) -> None:
    """The last line: the counts and the run's errors. A stream without it did not complete."""
    _write_line(
        stream, {"type": "summary", **summary_to_dict(summary), "errors": errors_to_list(errors)}
    )


def _write_line(stream: TextIO, obj: dict[str, Any]) -> None:
    line = _ENCODER.encode(obj)
    # str.translate looks every character of the line up in its table (a row's line is kilobytes);
    # `in` is a plain search, and these characters are rare: translate only a line that has one.
    if "\u2028" in line or "\u2029" in line or "\u0085" in line:
        line = line.translate(_LINE_BREAKERS)
    stream.write(line)
    stream.write("\n")
