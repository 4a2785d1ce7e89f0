"""Tests for the `table` report format: rows and reasons for humans, plain and stable when piped."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from rich.cells import cell_len

from screener.model import Party, Report
from screener.report import RenderOptions
from screener.report.table import DEFAULT_WIDTH, write_table

Golden = Callable[[str, str], None]
ANSI = re.compile(r"\x1b\[")


def _render(report: Report, **options: object) -> str:
    out = io.StringIO()
    write_table(report, out, RenderOptions(**options))  # type: ignore[arg-type]
    return out.getvalue()


def test_matches_golden(report: Report, golden: Golden) -> None:
    golden("table.txt", _render(report))


def test_verbose_matches_golden(report: Report, golden: Golden) -> None:
    golden("table_verbose.txt", _render(report, verbose=True))


def test_plain_has_no_escape_codes_no_trailing_spaces_and_fits_the_width(report: Report) -> None:
    text = _render(report, verbose=True)
    assert not ANSI.search(text)
    lines = text.split("\n")
    assert all(line == line.rstrip() for line in lines)
    assert max(cell_len(line) for line in lines) <= DEFAULT_WIDTH
    assert text.isascii() is False  # names stay in their script
    assert all(ch not in text for ch in "─│╭┏")  # ASCII rules only


def test_width_option_is_honoured(report: Report) -> None:
    text = _render(report, width=80)
    assert max(cell_len(line) for line in text.split("\n")) <= 80


def test_colour_mode_colours_the_band(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")  # rich keeps a dumb terminal colourless
    text = _render(report, color=True, width=120)
    assert ANSI.search(text)
    assert "critical" in re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_rows_keep_input_order_and_show_reasons_with_points(report: Report) -> None:
    text = _render(report)
    assert text.index("INV-001") < text.index("INV-002") < text.index("СЧ-2024/17")
    flat = " ".join(text.split())
    assert "+97 party buyer" in flat
    assert "+40 rule russia-belarus-final-destination:" in flat
    assert "ООО «Титан-Микро»" in text


def test_skipped_rows_are_listed_after(report: Report) -> None:
    text = _render(report)
    assert text.index("Skipped rows") > text.index("СЧ-2024/17")
    assert report.skipped[0].reason in text


def test_user_text_is_not_read_as_markup(report: Report) -> None:
    a = report.assessments[0]
    record = replace(a.record, parties=(Party("buyer", "[bold]Evil[/bold]:smile:Co"),))
    text = _render(replace(report, assessments=(replace(a, record=record),)))
    assert "[bold]Evil[/bold]:smile:Co" in text


def test_verbose_shows_features_and_sources(report: Report) -> None:
    plain, verbose = _render(report), _render(report, verbose=True)
    feature = report.assessments[1].party_hits[0].features[0].name
    assert feature not in plain
    assert feature in verbose
    assert "FIN-2022-Alert003" in verbose


def test_empty_report_says_so(report: Report) -> None:
    text = _render(replace(report, assessments=(), skipped=()))
    assert "No rows screened." in text


def test_colour_without_a_terminal_uses_the_default_width(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # ignored: a StringIO is no terminal, so 120 it is
    text = re.sub(r"\x1b\[[0-9;]*m", "", _render(report, color=True))
    assert max(cell_len(line) for line in text.split("\n")) == DEFAULT_WIDTH


def test_control_characters_in_user_data_cannot_reach_the_terminal(report: Report) -> None:
    a = report.assessments[0]
    evil = "Evil\x1b[8mHidden\u202eCo\nLtd"
    record = replace(a.record, parties=(Party("buyer", evil),))
    for options in ({}, {"color": True}):
        text = _render(replace(report, assessments=(replace(a, record=record),)), **options)
        assert "\x1b[8m" not in text and "\u202e" not in text
        flat = "".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
        assert "Evil\\x1b[8mHidden\\u202eCo" in flat.replace("|", "")
