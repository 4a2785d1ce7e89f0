"""Test-run options: tests marked `network` reach the internet and run only with --run-network."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-network",
        action="store_true",
        default=False,
        help="also run the tests marked `network`, which download from the publishers",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "network: reaches the internet; skipped unless --run-network is given"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-network"):
        return
    skip = pytest.mark.skip(reason="reaches the internet: run with --run-network")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
