"""Tests for screener.collector: a run sets the cyclic collector's thresholds and restores them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import screener.batch
from screener.cli import main
from screener.collector import BATCH_THRESHOLDS, batch_collector

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "invoices.csv"


@pytest.fixture(autouse=True)
def _restore_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    gc.set_threshold(700, 10, 10)
    with batch_collector():
        assert gc.get_threshold() == BATCH_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_the_block_fails() -> None:
    gc.set_threshold(900, 11, 12)
    with pytest.raises(RuntimeError), batch_collector():
        raise RuntimeError("a failed run")
    assert gc.get_threshold() == (900, 11, 12)


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with batch_collector():
            assert not gc.isenabled()
    finally:
        gc.enable()


def test_check_screens_under_the_batch_thresholds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[tuple[int, int, int]] = []
    original = screener.batch.run_check

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)

    monkeypatch.setattr(screener.batch, "run_check", spy)
    gc.set_threshold(700, 10, 10)
    with pytest.raises(SystemExit):
        main(["check", "--no-progress", "-o", str(tmp_path / "out.csv"), str(EXAMPLE)])
    assert seen == [BATCH_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)
