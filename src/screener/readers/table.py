"""The rows and tables every input reader produces, whatever the file format."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from screener.errors import InputDataError

if TYPE_CHECKING:
    from screener.readers.spans import Splittable


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as the file holds it: every cell as text, and the row's problem if it has one.

    `row` is the number the user sees: the physical line of the row's first line in CSV/TSV (the
    header counts as its own line), the sheet row in XLSX, the 1-based element index in a JSON
    array and the line number in NDJSON. A row with `error` set (a ragged row, a JSON element that
    is not an object) is still yielded, so that the caller decides whether to fail or to skip it.
    """

    row: int
    cells: Mapping[str, str]
    error: InputDataError | None = None


@dataclass
class ReadStats:
    """What a reader has passed over so far; filled in while `Table.rows` is consumed.

    Fully empty rows after the header are not data: they are neither yielded nor counted as rows
    in, but they are counted here so that a summary can say so.
    """

    data_rows: int = 0
    blank_rows: int = 0


@dataclass(frozen=True)
class Table:
    """An opened input: what it is, its header, and its data rows as a lazy iterator.

    `rows` streams: memory does not grow with the file (a JSON array is the exception: it is read
    whole). Close the table (or use it as a context manager) to release the file early.
    """

    source: str  # the file name as the user gave it, "<stdin>" for "-"
    format: str  # csv, tsv, xlsx, json or ndjson
    encoding: str | None  # detected or given; None for xlsx
    headers: tuple[str, ...]  # the header texts, duplicates made unique with " (2)", " (3)"...
    header_row: int  # row number of the header (0 for JSON and NDJSON, whose keys are the header)
    rows: Iterator[RawRow]
    sheet: str | None = None  # the worksheet read (xlsx)
    delimiter: str | None = None  # the delimiter used (csv, tsv)
    stats: ReadStats = field(default_factory=ReadStats)
    # How worker processes can read the rows themselves, by byte range (a delimited file with a
    # path and a line-safe codec); None when only `rows` can read them.
    split: Splittable | None = None

    def close(self) -> None:
        """Stops reading and releases the file."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
