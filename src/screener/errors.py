"""The error hierarchy: one root, one subclass per kind of failure, each carrying its exit code."""

from __future__ import annotations


class ScreenerError(Exception):
    """Root of every failure screener reports to a user; `exit_code` follows STYLE.md."""

    exit_code: int = 70
    kind: str = "error"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        self.hint = hint

    def where(self) -> str:
        """Where the failure is, as `file, row N, field F` (only the parts that are known)."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def one_line(self) -> str:
        """The single line the CLI prints on stderr: what failed, where, and what to do."""
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.one_line()


class UsageError(ScreenerError):
    """A bad command line or API call: wrong option values, an unknown `--map` column."""

    exit_code = 2
    kind = "usage"


class InputDataError(ScreenerError):
    """Input data that cannot be read: unreadable, empty, wrong encoding, ragged rows, bad cells."""

    exit_code = 3
    kind = "input"


class ConfigError(ScreenerError):
    """A bad rules, watchlist, goods list or configuration file."""

    exit_code = 4
    kind = "config"


class ListError(ScreenerError):
    """A list source that is missing, unreadable or older than allowed."""

    exit_code = 5
    kind = "list"


class InternalError(ScreenerError):
    """A bug: anything we did not expect. Reported with exit 70."""

    exit_code = 70
    kind = "internal"
