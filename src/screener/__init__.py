"""screener: sanctions and export-control screening of invoices and transactions."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("screener")
except PackageNotFoundError:  # running from a checkout without an install
    __version__ = "0.0.0+unknown"

SCHEMA_VERSION = "1.0"

__all__ = ["SCHEMA_VERSION", "__version__", "screen"]


def __getattr__(name: str) -> object:
    # `screener.screen` is imported lazily so that `import screener` stays cheap for the CLI.
    if name == "screen":
        from screener.screen import screen

        return screen
    raise AttributeError(name)
