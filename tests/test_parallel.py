"""Tests for screener.parallel: each distinct party matched once per run across the workers."""

from __future__ import annotations

import io
import os
import random
from collections import Counter
from pathlib import Path

import pytest

from screener.batch import run_check
from screener.config import Config
from screener.errors import InternalError
from screener.match import Matcher
from screener.model import Party, PartyHit
from screener.report import RenderOptions
from screener.screen import Screener

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "invoices.csv"


def _config(tmp_path: Path, **kw: object) -> Config:
    return Config(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", **kw)  # type: ignore[arg-type]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """3,000 rows over many spans; 150 counterparties, a few in most rows (as ledgers repeat)."""
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = "Invoice,Seller,Seller Country,Buyer,Buyer Country,HS Code"
    names = [f"Trading House {i} LLC" for i in range(140)] + [
        "Sinno Electronics Co., Limited", "Grant Instruments", "Pixel Fly Limited",
        "Xiamen Sanlan Trading Co", "Hong Kong Hua Sheng Electronics", "Orbita LLC",
        "Kvazar Trading", "Bendix Asia", "Radioavtomatika", "Ningbo Technology",
    ]  # fmt: skip
    rng = random.Random(6)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    body = []
    for i in range(3000):
        seller, buyer = rng.choices(names, weights, k=2)
        body.append(f'INV-{i},"{seller}",CN,"{buyer}",{rng.choice(["RU", "KG", "AE"])},854231')
    assert rows  # the example exists; its parties are not needed here
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def _run(path: Path, config: Config) -> str:
    out = io.StringIO()
    run_check([str(path)], config, "csv", out, RenderOptions(width=120))
    return out.getvalue()


def test_each_distinct_party_is_matched_once_across_workers(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "matched.log"
    original = Matcher.match_party

    def logged(self: Matcher, party: Party) -> tuple[PartyHit, ...]:
        # Appends are atomic for short lines, and the forked workers inherit this patch.
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\t{party.name}|{party.country}\n")
        return original(self, party)

    monkeypatch.setattr(Matcher, "match_party", logged)
    monkeypatch.setattr("screener.readers.spans.SPAN_BYTES", 8 * 1024)  # about 20 spans
    serial = _run(ledger, _config(tmp_path, jobs=1))
    serial_count = Counter(log.read_text(encoding="utf-8").splitlines()).total()
    log.unlink()
    parallel = _run(ledger, _config(tmp_path, jobs=2))
    lines = log.read_text(encoding="utf-8").splitlines()
    matched = Counter(line.split("\t", 1)[1] for line in lines)
    assert parallel == serial
    assert max(matched.values()) == 1  # no party matched twice
    assert matched.total() == serial_count  # and none left out
    assert len({line.split("\t")[0] for line in lines}) == 2  # both workers matched


def test_a_worker_that_dies_fails_the_run(
    tmp_path: Path, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(self: Screener, record: object) -> None:
        os._exit(9)

    monkeypatch.setattr(Screener, "screen_record", die)
    with pytest.raises(InternalError, match="worker process ended"):
        _run(ledger, _config(tmp_path, jobs=2))
