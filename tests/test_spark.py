"""screener.spark on Spark's local mode: the cells `screener check -f csv` gives, row for row."""

from __future__ import annotations

import csv
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
pytest.importorskip("pandas")  # mapInArrow is built on pandas_udf, which requires pandas

from pyspark import cloudpickle  # noqa: E402
from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql.types import StringType, StructField, StructType  # noqa: E402

from screener.cli import main  # noqa: E402
from screener.config import Config  # noqa: E402
from screener.errors import InputDataError, UsageError  # noqa: E402
from screener.report.csv_format import SCREENER_COLUMNS  # noqa: E402
from screener.screen import Screener, screen  # noqa: E402
from screener.spark import (  # noqa: E402
    DEFAULT_SOURCE,
    _error_note,
    _Inline,
    _ship,
    error_from_spark,
    screen_dataframe,
    screener_errors,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "invoices.csv"
FIXTURES = REPO / "tests" / "fixtures" / "spark"
ROWS = FIXTURES / "rows.csv"
RAGGED = FIXTURES / "ragged.csv"
WATCHLIST = REPO / "tests" / "fixtures" / "lists" / "good.yaml"
CliRows = Callable[..., list[dict[str, str]]]
# Small Arrow batches, so that every partition of the small test files spans several batches.
BATCH_ROWS = 7


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17+ (.ci/run installs it)")
    # Python workers must run this interpreter (the one with pyarrow and screener), not `python3`.
    saved = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("screener-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if saved is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = saved


@pytest.fixture(scope="session")
def cli_rows(tmp_path_factory: pytest.TempPathFactory) -> CliRows:
    """`cli_rows(path, *options)`: the rows of `screener check -f csv` on `path`, run once each."""
    done: dict[tuple[str, ...], list[dict[str, str]]] = {}

    def run(path: Path, *options: str) -> list[dict[str, str]]:
        key = (str(path), *options)
        if key not in done:
            out = tmp_path_factory.mktemp("cli") / "report.csv"
            with pytest.raises(SystemExit) as exit_info:
                main(["check", "-f", "csv", "--no-progress", "-o", str(out), *options, str(path)])
            assert exit_info.value.code in (0, 1)
            with out.open(encoding="utf-8", newline="") as f:
                done[key] = list(csv.DictReader(f))
        return done[key]

    return run


def string_frame(spark: SparkSession, path: Path, partitions: int = 2) -> DataFrame:
    """`path` as a DataFrame of strings, in file order, over `partitions` partitions."""
    with path.open(encoding="utf-8", newline="") as f:
        header, *data = list(csv.reader(f))
    schema = StructType([StructField(h, StringType()) for h in header])
    return spark.createDataFrame(spark.sparkContext.parallelize(data, partitions), schema)


def ours(row: dict[str, Any]) -> dict[str, str]:
    return {name: row[name] for name in SCREENER_COLUMNS}


def by_row(rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {r["screener_row"]: ours(r) for r in rows}


def collect(df: DataFrame) -> list[dict[str, Any]]:
    with screener_errors():
        return [r.asDict() for r in df.collect()]


def test_example_cells_equal_the_cli(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = cli_rows(EXAMPLE)
    df = string_frame(spark, EXAMPLE, partitions=3)
    result = screen_dataframe(df, source=str(EXAMPLE))
    assert result.columns == [*df.columns, *SCREENER_COLUMNS]
    got = collect(result)
    # Every row, numbered as the CLI numbers it, in input order across the three partitions.
    assert [r["screener_row"] for r in got] == [r["screener_row"] for r in expected]
    assert [ours(r) for r in got] == [ours(r) for r in expected]
    assert {r["screener_band"] for r in got} >= {"critical", "clear"}
    # The input columns come back as they went in.
    assert [r["Seller"] for r in got] == [r["Seller"] for r in expected]


def test_spark_csv_reader_as_documented(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = cli_rows(ROWS, "--skip-bad-rows")
    # docs/spark.md: RFC 4180 quotes ("" inside a quoted cell), cells with line breaks, no schema
    # inference (every cell a string, as the CLI reads it).
    df = spark.read.csv(str(ROWS), header=True, multiLine=True, escape='"')
    got = collect(screen_dataframe(df, Config(skip_bad_rows=True), source=str(ROWS)))
    assert by_row(got) == by_row(expected)


def test_skipped_rows_and_an_extra_watchlist(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = cli_rows(ROWS, "--skip-bad-rows", "--watchlist", str(WATCHLIST))
    config = Config(skip_bad_rows=True, watchlists=(WATCHLIST,))
    got = collect(screen_dataframe(string_frame(spark, ROWS), config, source=str(ROWS)))
    assert by_row(got) == by_row(expected)
    bands = {r["screener_row"]: r["screener_band"] for r in got}
    # Row 3 has a bad HS code, row 5 neither party nor goods; the blank line 4 is not data.
    assert bands["3"] == bands["5"] == "skipped"
    assert "4" not in bands
    assert "'Alpha Trading Co., Ltd.' (Test curated list" in by_row(got)["2"]["screener_party_hits"]
    # The formula-like seller is neutralised in our cells, as in the CLI's.
    assert not any(c.startswith("@") for r in got for c in ours(r).values())


def test_a_bad_row_fails_the_action_with_the_clis_error(spark: SparkSession) -> None:
    with pytest.raises(InputDataError) as cli_error:
        screen(ROWS, Config())
    result = screen_dataframe(string_frame(spark, ROWS), source=str(ROWS))
    with pytest.raises(InputDataError) as spark_error:
        collect(result)
    got, want = spark_error.value, cli_error.value
    assert (got.file, got.row, got.field, got.message) == (want.file, want.row, want.field,
                                                          want.message)
    assert got.exit_code == 3
    # A write fails the same way (Spark wraps the worker's failure in a job abort).
    with pytest.raises(InputDataError) as write_error, screener_errors():
        result.write.format("noop").mode("overwrite").save()
    assert write_error.value.one_line() == want.one_line()


def test_row_numbers_from_a_column(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = cli_rows(EXAMPLE)
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        header, *data = list(csv.reader(f))
    # Numbers unlike the CLI's, so that the test sees where they came from.
    lines = {cells[0]: 1000 + 3 * i for i, cells in enumerate(data)}
    schema = StructType([StructField(h, StringType()) for h in (*header, "line")])
    numbered = spark.createDataFrame([[*c, str(lines[c[0]])] for c in data], schema)
    # Shuffled: positional numbering would be meaningless, the column carries each row's number.
    shuffled = numbered.repartition(2, "Buyer")
    got = collect(screen_dataframe(shuffled, row_column="line", source=str(EXAMPLE)))
    assert len(got) == len(expected)
    want = {r["Invoice No"]: ours(r) for r in expected}
    for r in got:
        assert r["screener_row"] == str(lines[r["Invoice No"]])
        # The row column is not screened: every other cell is the CLI's.
        assert {**ours(r), "screener_row": ""} == {**want[r["Invoice No"]], "screener_row": ""}
        assert r["line"] == str(lines[r["Invoice No"]])


def test_a_row_column_without_a_number_is_an_input_error(spark: SparkSession) -> None:
    df = string_frame(spark, EXAMPLE).withColumn("line", F.lit("n/a"))
    with pytest.raises(InputDataError) as error:
        collect(screen_dataframe(df, row_column="line"))
    assert error.value.field == "line"
    assert error.value.file == DEFAULT_SOURCE


def test_usage_errors_on_the_driver(spark: SparkSession) -> None:
    df = string_frame(spark, EXAMPLE)
    with pytest.raises(UsageError, match="no_such"):
        screen_dataframe(df, row_column="no_such")
    twice = df.select("Seller", F.col("Buyer").alias("seller"))
    with pytest.raises(UsageError, match="two columns"):
        screen_dataframe(twice)
    with pytest.raises(InputDataError, match="Remarks"):
        screen_dataframe(df.select("Remarks"))


def test_typed_columns_keep_their_type(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = cli_rows(EXAMPLE)
    df = (
        string_frame(spark, EXAMPLE)
        .withColumn("Quantity", F.col("Quantity").cast("int"))
        .withColumn("Invoice Date", F.to_date("Invoice Date"))
        .withColumn("screener_score", F.lit("from an earlier run"))
    )
    result = screen_dataframe(df, source=str(EXAMPLE))
    types = dict(result.dtypes)
    assert types["Quantity"] == "int"
    assert types["Invoice Date"] == "date"
    assert types["screener_score (input)"] == "string"
    assert types["screener_score"] == "string"
    got = collect(result)
    assert [ours(r) for r in got] == [ours(r) for r in expected]
    assert {r["screener_score (input)"] for r in got} == {"from an earlier run"}


def test_corrupt_records_are_bad_rows(spark: SparkSession, cli_rows: CliRows) -> None:
    expected = {r["screener_row"]: r["screener_band"]
                for r in cli_rows(RAGGED, "--skip-bad-rows")}
    with RAGGED.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    schema = StructType([*(StructField(h, StringType()) for h in header),
                         StructField("_corrupt_record", StringType())])
    df = spark.read.csv(str(RAGGED), header=True, schema=schema, mode="PERMISSIVE")
    got = collect(screen_dataframe(df, Config(skip_bad_rows=True), source=str(RAGGED)))
    assert {r["screener_row"]: r["screener_band"] for r in got} == expected
    skipped = next(r for r in got if r["screener_band"] == "skipped")
    assert "could not parse" in skipped["screener_reasons"]
    with pytest.raises(InputDataError) as error:
        collect(screen_dataframe(df, source=str(RAGGED)))
    assert error.value.row == 3


def test_the_screener_is_unpickled_once_per_worker_process(spark: SparkSession) -> None:
    df = string_frame(spark, EXAMPLE, partitions=4)
    shipped = _ship(df, Screener.from_config(Config()))

    def probe(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            yield pa.RecordBatch.from_pydict(
                {"pid": [os.getpid()], "screener": [id(shipped.get())], "rows": [batch.num_rows]}
            )

    seen = df.mapInArrow(probe, "pid long, screener long, rows long").collect()
    assert sum(r["rows"] for r in seen) == df.count()
    processes = {r["pid"] for r in seen}
    screeners = {(r["pid"], r["screener"]) for r in seen}
    # Four tasks and more batches than that ran on at most two reused workers: one Screener each.
    assert len(seen) > 4 > len(processes)
    assert len(screeners) == len(processes)


def test_without_a_spark_context_the_screener_travels_with_the_function() -> None:
    # A Spark Connect session has no sparkContext, hence no broadcast.
    connect_like = SimpleNamespace(sparkSession=SimpleNamespace())
    screener = Screener.from_config(Config(bundled_rules=False))
    shipped = _ship(connect_like, screener)  # type: ignore[arg-type]
    assert isinstance(shipped, _Inline)
    copy = cloudpickle.loads(cloudpickle.dumps(shipped)).get()
    assert isinstance(copy, Screener)
    assert copy is not screener
    assert copy.config == screener.config


def test_error_from_spark_reads_only_our_note() -> None:
    error = InputDataError("not a valid HS code", file="a.csv", row=7, field="HS Code",
                           hint="4 to 10 digits")
    error.add_note("ignored")
    text = f"Traceback ...\nscreener.errors.InputDataError: ...\n{_error_note(error)}\n"
    rebuilt = error_from_spark(RuntimeError(text))
    assert isinstance(rebuilt, InputDataError)
    assert rebuilt.one_line() == error.one_line()
    assert error_from_spark(RuntimeError("Traceback ...\nValueError: boom")) is None
    assert error_from_spark(RuntimeError("screener-error: {not json")) is None
