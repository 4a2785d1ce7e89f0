"""Writes a report to a file atomically: a temporary name beside it, renamed when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from screener.errors import UsageError
from screener.model import Report
from screener.report import RenderOptions, write_report


def write_report_file(report: Report, fmt: str, path: Path, options: RenderOptions) -> None:
    """Write `report` to `path`; a failure leaves any previous file at `path` untouched."""
    with open_atomic(path) as stream:
        write_report(report, fmt, stream, options)


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text stream that becomes `path` only when the block completes (UTF-8, newline kept).

    On an error the temporary file is removed and any previous file at `path` stays as it was.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist", field="--output")
    # newline="" so the CSV writer's own line endings are kept as they are.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
