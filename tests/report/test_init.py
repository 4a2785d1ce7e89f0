"""Tests for the report format registry and `write_report`."""

from __future__ import annotations

import io
import json

import pytest

from screener.errors import UsageError
from screener.model import Report
from screener.report import FORMATS, RenderOptions, write_report


def test_registry_names_the_four_formats() -> None:
    assert set(FORMATS) == {"table", "json", "ndjson", "csv"}
    with pytest.raises(TypeError):
        FORMATS["xml"] = FORMATS["json"]  # type: ignore[index]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_write_report_dispatches(report: Report, fmt: str) -> None:
    out = io.StringIO()
    write_report(report, fmt, out, RenderOptions())
    direct = io.StringIO()
    FORMATS[fmt](report, direct, RenderOptions())
    assert out.getvalue() == direct.getvalue() != ""


def test_json_output_parses(report: Report) -> None:
    out = io.StringIO()
    write_report(report, "json", out, RenderOptions())
    assert json.loads(out.getvalue())["schema_version"] == report.schema_version


def test_unknown_format_is_a_usage_error(report: Report) -> None:
    with pytest.raises(UsageError) as info:
        write_report(report, "xml", io.StringIO(), RenderOptions())
    assert info.value.exit_code == 2
    assert "table" in info.value.one_line()
