"""Tests for screener.batch and screener.parallel: streamed runs, serial or in worker processes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from screener.batch import run_check
from screener.config import Config
from screener.errors import InputDataError
from screener.parallel import CHUNK_ROWS, chunks
from screener.readers import RawRow
from screener.report import RenderOptions, write_report
from screener.screen import screen

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "invoices.csv"


def _config(tmp_path: Path, **kw: object) -> Config:
    return Config(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", **kw)  # type: ignore[arg-type]


def _run(paths: list[str], config: Config, fmt: str) -> tuple[str, object]:
    out = io.StringIO()
    result = run_check(paths, config, fmt, out, RenderOptions(width=120))
    return out.getvalue(), result


def _undated(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if "generated_at" not in line
                     and not line.startswith("screener "))


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """The example, repeated past two chunks, with one ragged row in the middle."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    body = [rows[i % len(rows)] for i in range(2 * CHUNK_ROWS + 17)]
    body[CHUNK_ROWS + 3] = "only,three,cells"
    path = tmp_path / "big.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "json", "table"])
def test_streamed_run_equals_the_whole_report(tmp_path: Path, fmt: str) -> None:
    config = _config(tmp_path)
    streamed, _ = _run([str(EXAMPLE)], config, fmt)
    whole = io.StringIO()
    write_report(screen([EXAMPLE], config), fmt, whole, RenderOptions(width=120))
    assert _undated(streamed) == _undated(whole.getvalue())


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "json", "table"])
def test_two_workers_give_the_serial_result(tmp_path: Path, big: Path, fmt: str) -> None:
    serial, one = _run([str(big)], _config(tmp_path, skip_bad_rows=True), fmt)
    parallel, two = _run([str(big)], _config(tmp_path, skip_bad_rows=True, jobs=2), fmt)
    assert _undated(parallel) == _undated(serial)
    assert two.tally.summary() == one.tally.summary()  # type: ignore[attr-defined]
    assert one.tally.skipped_count == 1  # type: ignore[attr-defined]
    assert two.tally.highest_rows() == one.tally.highest_rows()  # type: ignore[attr-defined]


def test_a_bad_row_in_a_worker_stops_the_run_naming_it(tmp_path: Path, big: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        _run([str(big)], _config(tmp_path, jobs=2), "csv")
    assert caught.value.row == CHUNK_ROWS + 5  # header is line 1, data from line 2
    assert caught.value.file is not None and caught.value.file.endswith("big.csv")


def test_several_inputs_keep_their_order(tmp_path: Path, big: Path) -> None:
    config = _config(tmp_path, skip_bad_rows=True, jobs=2)
    text, result = _run([str(EXAMPLE), str(big)], config, "csv")
    assert result.tally.rows_in == 45 + 2 * CHUNK_ROWS + 17  # type: ignore[attr-defined]
    assert text.index(str(EXAMPLE)) < text.index(str(big))


def test_chunks_are_read_lazily() -> None:
    read: list[int] = []

    def rows() -> object:
        for i in range(10 * CHUNK_ROWS):
            read.append(i)
            yield RawRow(i + 2, {"a": str(i)})

    stream = chunks([rows()])  # type: ignore[list-item]
    first = next(stream)
    assert first[0] == 0 and len(first[1]) == CHUNK_ROWS
    assert len(read) <= CHUNK_ROWS + 1  # nothing read ahead of the chunk asked for
