"""screener: sanctions and export-control screening of invoices and transactions."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here ([tool.hatch.version]).
# Asking importlib.metadata instead cost every run ~60 ms of a one-row check's second, and a
# checkout without an install had no version at all.
__version__ = "0.1.0"

SCHEMA_VERSION = "1.0"

__all__ = ["SCHEMA_VERSION", "__version__", "screen"]


def __getattr__(name: str) -> object:
    # `screener.screen` is imported lazily so that `import screener` stays cheap for the CLI.
    if name == "screen":
        from screener.screen import screen

        return screen
    raise AttributeError(name)
