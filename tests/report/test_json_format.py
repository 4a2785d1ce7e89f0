"""Tests for the `json` report format: one valid, readable, stable JSON document."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from screener.model import Report
from screener.report import RenderOptions
from screener.report.json_format import write_json

Golden = Callable[[str, str], None]


def _render(report: Report) -> str:
    out = io.StringIO()
    write_json(report, out, RenderOptions())
    return out.getvalue()


def test_matches_golden(report: Report, golden: Golden) -> None:
    golden("report.json", _render(report))


def test_is_one_valid_json_object_with_rows_and_skipped(report: Report) -> None:
    text = _render(report)
    data = json.loads(text)
    assert text.endswith("}\n")
    assert [r["row"] for r in data["rows"]] == [a.record.row for a in report.assessments]
    assert [s["row"] for s in data["skipped"]] == [s.row for s in report.skipped]
    assert data["summary"]["by_band"]["critical"] == 1


def test_names_in_every_script_stay_readable(report: Report) -> None:
    text = _render(report)
    assert "ООО «Титан-Микро»" in text
    assert "武汉高芯科技有限公司" in text
    assert "\\u04" not in text  # no escaped Cyrillic


def test_is_indented_and_key_order_is_not_sorted(report: Report) -> None:
    text = _render(report)
    assert text.startswith('{\n  "schema_version": ')
    top = [text.index(f'\n  "{key}": ') for key in ("summary", "rows", "skipped", "errors")]
    assert top == sorted(top)
