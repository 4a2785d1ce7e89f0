"""Tests for the run summary: counts by band, skipped rows, and the lists and rules used."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from screener.model import Report, Skipped
from screener.report import RenderOptions, render_summary
from screener.report.summary import SKIPPED_SHOWN

Golden = Callable[[str, str], None]


def _render(report: Report, color: bool = False) -> str:
    out = io.StringIO()
    render_summary(report, out, RenderOptions(color=color))
    return out.getvalue()


def test_matches_golden(report: Report, golden: Golden) -> None:
    golden("summary.txt", _render(report))


def test_counts_bands_lists_and_rules(report: Report) -> None:
    text = _render(report)
    assert f"Screened {report.summary.screened} of {report.summary.rows_in} rows" in text
    assert "critical 1" in text and "high 0" in text
    for info in report.lists:
        assert info.sha256[:12] in text and info.sha256 not in text
    assert report.rules[0].path in text
    assert not re.search(r"\x1b\[", text)


def test_highest_rows_come_first(report: Report) -> None:
    line = next(ln for ln in _render(report).splitlines() if ln.startswith("Highest:"))
    assert line.index("row 3") < line.index("row 4")
    assert "row 2" not in line  # a 0 score is not worth naming


def test_many_skipped_rows_are_cut_short(report: Report) -> None:
    count = SKIPPED_SHOWN + 3
    skipped = tuple(Skipped("invoices.csv", 10 + i, f"reason {i}") for i in range(count))
    text = _render(replace(report, skipped=skipped))
    assert "reason 0" in text
    assert f"reason {SKIPPED_SHOWN}" not in text
    assert "and 3 more" in text


def test_colour_only_when_asked(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")  # rich keeps a dumb terminal colourless
    assert re.search(r"\x1b\[", _render(report, color=True))
