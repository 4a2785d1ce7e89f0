"""Screens a Spark DataFrame with the CLI's engine: one Screener broadcast, rows in Arrow batches.

`screen_dataframe(df)` returns `df` with the CSV report's columns added (`screener_row` ...
`screener_rules`), each cell exactly as `screener check -f csv` writes it for the same row. The
driver loads the lists and rules once (`Screener.from_config`) and recognises the columns once
from `df.columns`; the Screener is broadcast once and unpickled once per Python worker process
(Spark keeps a worker's broadcast values for the life of the process), so its party cache serves
every batch that process screens. Rows go through `Screener.screen_raw`, the path the CLI takes.

Needs the `spark` extra (`pip install 'screener[spark]'`). Spark runs lazily: an error in a row
(a bad HS code without `skip_bad_rows`) fails the Spark action, not this call; run actions under
`screener_errors()` to get it back as the InputDataError the CLI would raise. docs/spark.md shows
how to run it on a cluster.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from pyspark import TaskContext, cloudpickle
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from screener.columns import ColumnMap, recognise
from screener.config import Config
from screener.errors import (
    ConfigError,
    InputDataError,
    InternalError,
    ListError,
    ScreenerError,
    UsageError,
)
from screener.model import Skipped
from screener.readers import RawRow
from screener.readers.cells import render
from screener.report.csv_format import INPUT_SUFFIX, SCREENER_COLUMNS, row_cells, skipped_cells
from screener.screen import Screener

# What `screener_source` says for rows of a DataFrame, like the CLI's "<stdin>" for `-`.
DEFAULT_SOURCE = "<dataframe>"
# The CLI numbers a CSV's data rows from 2 (the header is line 1); DataFrame rows are numbered so.
FIRST_ROW = 2
# Spark's PERMISSIVE CSV/JSON readers put a record they could not parse in this column when the
# schema has it (the default of spark.sql.columnNameOfCorruptRecord); such a row is malformed.
CORRUPT_RECORD_CONF = "spark.sql.columnNameOfCorruptRecord"
# A note added to a screener error raised on a worker, so that the driver can rebuild it from the
# Spark exception's text (Spark passes a Python worker's failure on as its traceback text only).
ERROR_NOTE = "screener-error: "
_ERROR_KINDS: Mapping[str, type[ScreenerError]] = {
    cls.__name__: cls
    for cls in (UsageError, InputDataError, ConfigError, ListError, InternalError, ScreenerError)
}


def screen_dataframe(
    df: DataFrame,
    config: Config | None = None,
    *,
    row_column: str | None = None,
    source: str = DEFAULT_SOURCE,
) -> DataFrame:
    """`df` with the CSV report's columns added: every input column first, then SCREENER_COLUMNS.

    Cells of every type are read as the XLSX and JSON readers render them (None is "", dates ISO
    8601, 854231.0 is 854231); for the CLI's results cell for cell, read the input as strings
    (`spark.read.csv` without `inferSchema`). Input columns keep their type; one that bears one of
    our names keeps it with " (input)" added, as in the CSV report.

    Row numbers (`screener_row`, and in errors): taken from `row_column` (whole numbers; the
    column is kept in the output but not screened), else rows are numbered 2, 3, ... in the
    DataFrame's order, as the CLI numbers a CSV's data rows. That numbering costs one extra pass
    over `df` (counting the rows of each partition) and needs `df` to give the same partitions
    each time it is computed: true of a file read directly; after a shuffle (repartition, join,
    distinct) pass `row_column`, or cache `df` first. A partition that comes back with another
    number of rows fails the job with a UsageError rather than misnumber rows.

    A row whose cells are all blank is left out, as the CLI leaves out a blank line. A malformed
    row (a bad HS code, a record in Spark's corrupt-record column) fails the action with its
    InputDataError unless `config.skip_bad_rows` is set, in which case it gets band `skipped` and
    its reason, like a row with neither a party nor goods.

    Raises here, on the driver: UsageError for duplicate or unknown column names, InputDataError
    when no column is recognisable, and whatever `Screener.from_config` raises for the lists.
    """
    config = config or Config()
    names = tuple(df.columns)
    _check_names(names, row_column)
    out_names = _output_names(names)
    corrupt = _corrupt_column(df, names)
    cell_names = tuple(n for n in names if n not in (row_column, corrupt))
    columns = recognise(cell_names, config.column_map, source=source)
    screener = Screener.from_config(config)
    counts = None if row_column is not None else _partition_counts(df)
    shipped = _ship(df, screener)
    schema = StructType(
        [
            *(
                StructField(name, f.dataType, f.nullable, f.metadata)
                for name, f in zip(out_names, df.schema.fields, strict=True)
            ),
            *(StructField(name, StringType(), False) for name in SCREENER_COLUMNS),
        ]
    )
    screen_batches = _BatchScreener(
        shipped=shipped,
        names=names,
        out_names=(*out_names, *SCREENER_COLUMNS),
        columns=columns,
        source=source,
        row_column=row_column,
        corrupt_column=corrupt,
        counts=counts,
    )
    return df.mapInArrow(screen_batches, schema)


@contextmanager
def screener_errors() -> Iterator[None]:
    """Run Spark actions on a screened DataFrame under this to get a screener error as itself.

    A row's InputDataError fails the Spark job; Spark reports it as a PythonException (or a Java
    exception around it) whose text holds the worker's traceback. This rebuilds the original
    error, with its file, row, field and exit code, and raises it from the Spark exception.
    """
    try:
        yield
    except ScreenerError:
        raise
    except Exception as exc:
        err = error_from_spark(exc)
        if err is None:
            raise
        raise err from exc


def error_from_spark(exc: BaseException) -> ScreenerError | None:
    """The screener error that failed a Spark job, rebuilt from `exc`'s text; None if none did."""
    note = None
    for line in str(exc).splitlines():
        at = line.find(ERROR_NOTE)
        if at >= 0:
            note = line[at + len(ERROR_NOTE) :]
    if note is None:
        return None
    try:
        fields = json.loads(note)
        cls = _ERROR_KINDS[fields["kind"]]
        return cls(
            fields["message"],
            file=fields["file"],
            row=fields["row"],
            field=fields["field"],
            hint=fields["hint"],
        )
    except (ValueError, KeyError, TypeError):
        return None


def _error_note(err: ScreenerError) -> str:
    fields = {
        "kind": type(err).__name__,
        "message": err.message,
        "file": err.file,
        "row": err.row,
        "field": err.field,
        "hint": err.hint,
    }
    # ASCII JSON on one line: the note must survive Spark's traceback text intact.
    return ERROR_NOTE + json.dumps(fields, ensure_ascii=True)


# --- Driver side ---------------------------------------------------------------------------------


def _check_names(names: Sequence[str], row_column: str | None) -> None:
    seen: dict[str, str] = {}
    for name in names:
        # Spark resolves column names case-insensitively by default (spark.sql.caseSensitive).
        key = name.casefold()
        if key in seen:
            raise UsageError(
                f"the DataFrame has two columns named {seen[key]!r} and {name!r}",
                field=name,
                hint="rename one, e.g. with df.toDF(*names) or withColumnRenamed",
            )
        seen[key] = name
    if row_column is not None and row_column not in names:
        raise UsageError(
            f"row_column {row_column!r} is not a column of the DataFrame",
            field=row_column,
            hint=f"the columns are {', '.join(names)}",
        )


def _corrupt_column(df: DataFrame, names: Sequence[str]) -> str | None:
    name = df.sparkSession.conf.get(CORRUPT_RECORD_CONF, "_corrupt_record")
    return name if name in names else None


def _output_names(names: Sequence[str]) -> tuple[str, ...]:
    """The input columns' names in the output: one that bears our name gets " (input)"."""
    ours = set(SCREENER_COLUMNS)
    out = tuple(f"{n}{INPUT_SUFFIX}" if n in ours else n for n in names)
    if len({n.casefold() for n in (*out, *SCREENER_COLUMNS)}) < len(out) + len(ours):
        raise UsageError(
            "the DataFrame has columns named like screener's and like their ' (input)' copies",
            hint="drop the screener columns of an earlier run before screening again",
        )
    return out


def _partition_counts(df: DataFrame) -> dict[int, int]:
    """How many rows each partition of `df` holds, counted in the JVM (no rows reach Python)."""
    rows = df.select(F.spark_partition_id().alias("p")).groupBy("p").count().collect()
    return {int(r["p"]): int(r["count"]) for r in rows}


class _Payload:
    """The Screener, pickled with cloudpickle inside a plain pickle.

    Spark pickles broadcast values with the standard pickle, which cannot pickle the rule fields'
    closures; cloudpickle can. Unpickling the payload rebuilds the Screener, and the worker's
    Broadcast object keeps the result, so this happens once per Python worker process.
    """

    __slots__ = ("screener",)

    def __init__(self, screener: Screener) -> None:
        self.screener = screener

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        data = cloudpickle.dumps(self.screener, pickle.HIGHEST_PROTOCOL)  # type: ignore[no-untyped-call]
        return (_load_payload, (data,))


def _load_payload(data: bytes) -> _Payload:
    screener = pickle.loads(data)
    if not isinstance(screener, Screener):
        raise InternalError(f"the broadcast payload is a {type(screener).__name__}")
    return _Payload(screener)


@dataclass(frozen=True)
class _Broadcast:
    """The Screener as a Spark broadcast variable: sent to each executor once, loaded lazily."""

    handle: Any  # pyspark.Broadcast[_Payload]; pyspark's own type is not generic at runtime

    def get(self) -> Screener:
        payload: _Payload = self.handle.value
        return payload.screener


@dataclass(frozen=True)
class _Inline:
    """The Screener inside the function itself, for Spark Connect, which has no broadcast: it is
    then unpickled once per task instead of once per worker process."""

    payload: _Payload

    def get(self) -> Screener:
        return self.payload.screener


def _ship(df: DataFrame, screener: Screener) -> _Broadcast | _Inline:
    # A Spark Connect session has no SparkContext (the attribute raises an AttributeError).
    context = getattr(df.sparkSession, "sparkContext", None)
    if context is None:
        return _Inline(_Payload(screener))
    return _Broadcast(context.broadcast(_Payload(screener)))


# --- Worker side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BatchScreener:
    """The function mapInArrow runs on each partition: Arrow batches in, batches with ours out."""

    shipped: _Broadcast | _Inline
    names: tuple[str, ...]  # the input columns, in batch order
    out_names: tuple[str, ...]  # the output columns: input (renamed on a clash), then ours
    columns: ColumnMap
    source: str
    row_column: str | None
    corrupt_column: str | None
    counts: Mapping[int, int] | None  # rows per partition, when rows are numbered by position

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from self._screen(batches)
        except ScreenerError as err:
            err.add_note(_error_note(err))
            raise

    def _screen(self, batches: Iterator[Any]) -> Iterator[Any]:
        screener = self.shipped.get()
        cell_names = tuple(n for n in self.names if n not in (self.row_column, self.corrupt_column))
        first, expected = self._partition_start()
        done = 0
        for batch in batches:
            size = batch.num_rows
            if expected is not None and done + size > expected:
                raise self._moved(expected)
            texts = [_texts(batch.column(self.names.index(n))) for n in cell_names]
            rows = (
                self._row_numbers(batch.column(self.names.index(self.row_column)))
                if self.row_column is not None
                else range(first + done, first + done + size)
            )
            corrupt = (
                _texts(batch.column(self.names.index(self.corrupt_column)))
                if self.corrupt_column is not None
                else None
            )
            keep: list[int] = []
            ours: list[list[str]] = [[] for _ in SCREENER_COLUMNS]
            for i, row in enumerate(rows):
                cells = {name: column[i] for name, column in zip(cell_names, texts, strict=True)}
                error = self._corrupt_error(row, corrupt[i]) if corrupt is not None else None
                if error is None and all(not c.strip() for c in cells.values()):
                    continue  # a blank row is not data (readers/table.py, ReadStats)
                keep.append(i)
                result = screener.screen_raw(self.source, RawRow(row, cells, error), self.columns)
                line = (
                    skipped_cells((), result)
                    if isinstance(result, Skipped)
                    else row_cells((), result)
                )
                for out, cell in zip(ours, line, strict=True):
                    out.append(cell)
            done += size
            user = batch.columns if len(keep) == size else batch.take(keep).columns
            yield pa.RecordBatch.from_arrays(
                [*user, *(pa.array(cells, pa.string()) for cells in ours)],
                names=list(self.out_names),
            )
        if expected is not None and done != expected:
            raise self._moved(expected)

    def _partition_start(self) -> tuple[int, int | None]:
        """The first row number of this task's partition and how many rows it must hold."""
        if self.counts is None:
            return FIRST_ROW, None
        context = TaskContext.get()
        if context is None:
            raise InternalError("screener.spark's batch function ran outside a Spark task")
        partition = context.partitionId()
        before = sum(n for p, n in self.counts.items() if p < partition)
        return FIRST_ROW + before, self.counts.get(partition, 0)

    def _moved(self, expected: int) -> UsageError:
        return UsageError(
            f"a partition of the DataFrame held another number of rows than when it was counted"
            f" ({expected}), so rows cannot be numbered by position",
            file=self.source,
            hint="pass row_column=, or cache the DataFrame before screening it",
        )

    def _row_numbers(self, column: Any) -> list[int]:
        numbers: list[int] = []
        for value in column.to_pylist():
            text = render(value).strip()
            if not text.isdigit():
                raise InputDataError(
                    f"the row number {text!r} is not a whole number",
                    file=self.source,
                    field=self.row_column,
                    hint="row_column must hold a whole number on every row",
                )
            numbers.append(int(text))
        return numbers

    def _corrupt_error(self, row: int, record: str) -> InputDataError | None:
        if not record:
            return None
        return InputDataError(
            f"Spark could not parse this record: {record[:80]!r}",
            file=self.source,
            row=row,
            field=self.corrupt_column,
            hint="a missing or extra delimiter, or a cell that should have been quoted",
        )


def _texts(column: Any) -> list[str]:
    """A column's cells as text: strings as they are, None as "", other types as readers render
    spreadsheet and JSON values (so a Parquet date reads as the CSV's ISO date would)."""
    values = column.to_pylist()
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return [v if v is not None else "" for v in values]
    return [render(v) for v in values]
