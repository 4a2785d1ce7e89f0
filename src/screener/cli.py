"""The command line: parse options, call the core, render, exit with the documented code."""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from screener import __version__
from screener.bands import Band, all_bands, parse_band
from screener.config import DEFAULT_MATCH_THRESHOLD, DEFAULT_SIMILAR_THRESHOLD, Config
from screener.errors import ListError, ScreenerError, UsageError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FINDINGS = 1
EXIT_INTERNAL = 70
FAIL_ON_CHOICES = [b.value for b in all_bands() if b is not Band.CLEAR] + ["never"]


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _parse_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise UsageError(
                f"--map takes FIELD=COLUMN, got {value!r}",
                hint="e.g. --map buyer.name='Customer Name'; "
                "`screener columns FILE` lists the fields",
            )
        mapping[field.strip()] = column.strip()
    return mapping


def data_dir_option(func: F) -> F:
    """Where the official-list store lives: --data-dir, else $SCREENER_DATA_DIR, else the user
    data directory."""
    return click.option(
        "--data-dir", type=click.Path(file_okay=False, path_type=Path),
        envvar="SCREENER_DATA_DIR", help="Official-list store (default: user data directory).",
    )(func)


def _split_ids(values: tuple[str, ...]) -> tuple[str, ...] | None:
    ids = tuple(i.strip() for v in values for i in v.split(",") if i.strip())
    return ids or None


def input_options(func: F) -> F:
    """Options for reading input files, shared by `check` and `columns`."""
    func = click.option(
        "--map", "maps", multiple=True, metavar="FIELD=COLUMN",
        help="Read FIELD from COLUMN (repeatable); `screener columns FILE` shows the fields.",
    )(func)
    func = click.option("--encoding", help="Input text encoding (default: detected).")(func)
    func = click.option("--sheet", help="XLSX sheet name or 1-based number (default: first).")(func)
    func = click.option(
        "--input-format", type=click.Choice(["csv", "tsv", "xlsx", "json", "ndjson"]),
        help="Input format (default: from the file name, else sniffed).",
    )(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screener")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Screen invoices and transactions for sanctions, export-control and diversion risk."""
    ctx.obj = {"verbose": verbose}


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "-f", "--format", "fmt", default="table", show_default=True,
    type=click.Choice(["table", "json", "ndjson", "csv"]), help="Report format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", default="high", show_default=True, type=click.Choice(FAIL_ON_CHOICES),
              help="Exit 1 when a row is at or above this band.")
@click.option("--watchlist", "watchlists", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add a watchlist YAML file (repeatable).")
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Add a rules file or folder (repeatable).")
@click.option("--goods", "goods_lists", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add a goods list YAML file (repeatable).")
@click.option("--no-bundled-watchlists", is_flag=True, help="Do not use the bundled watchlists.")
@click.option("--no-bundled-rules", is_flag=True, help="Do not use the bundled rules.")
@click.option("--no-bundled-goods", is_flag=True, help="Do not use the bundled goods lists.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=DEFAULT_MATCH_THRESHOLD,
              show_default=True, help="Lowest name-match score reported as a hit.")
@click.option("--similar-threshold", type=click.FloatRange(0, 100),
              default=DEFAULT_SIMILAR_THRESHOLD, show_default=True,
              help="Lowest score at which a party is shown as similar to a listed one.")
@click.option("--skip-bad-rows", is_flag=True,
              help="Report malformed rows as skipped instead of stopping with exit 3.")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
@click.option("--lists", "list_ids", multiple=True, metavar="ID[,ID...]",
              help="Screen against these lists only (bundled, --watchlist or official ids; "
                   "default: all). `screener lists status` shows the ids.")
@click.option("--max-list-age", type=click.IntRange(0), metavar="DAYS",
              help="Fail (exit 5) if an official list is older than DAYS.")
@click.option("-j", "--jobs", type=click.IntRange(0), default=1, show_default=True,
              help="Worker processes screening rows in parallel (0: one per CPU core).")
@click.option("--no-index-cache", is_flag=True,
              help="Build the name index in memory instead of reusing (and saving) the cached one.")
@data_dir_option
@input_options
@click.pass_context
def check(ctx: click.Context, inputs: tuple[str, ...], fmt: str, output: Path | None,
          fail_on: str, watchlists: tuple[Path, ...], rules_paths: tuple[Path, ...],
          goods_lists: tuple[Path, ...], no_bundled_watchlists: bool, no_bundled_rules: bool,
          no_bundled_goods: bool, threshold: float, similar_threshold: float,
          skip_bad_rows: bool, no_progress: bool, list_ids: tuple[str, ...],
          max_list_age: int | None, jobs: int, no_index_cache: bool, data_dir: Path | None,
          maps: tuple[str, ...], encoding: str | None, sheet: str | None,
          input_format: str | None) -> None:
    """Screen FILE... (CSV, TSV, XLSX, JSON, NDJSON; `-` is stdin) and report each row's risk."""
    from screener.batch import run_check
    from screener.collector import batch_collector
    from screener.report import RenderOptions
    from screener.report.files import open_atomic
    from screener.report.summary import render_stream_summary

    config = Config(
        watchlists=watchlists, rules_paths=rules_paths, goods_lists=goods_lists,
        bundled_watchlists=not no_bundled_watchlists, bundled_rules=not no_bundled_rules,
        bundled_goods=not no_bundled_goods, match_threshold=threshold,
        similar_threshold=similar_threshold,
        column_map=_parse_map(maps), encoding=encoding, sheet=sheet, input_format=input_format,
        skip_bad_rows=skip_bad_rows, lists=_split_ids(list_ids), data_dir=data_dir,
        max_list_age_days=max_list_age, jobs=jobs or os.cpu_count() or 1,
        index_cache=not no_index_cache,
    )
    if output is not None:
        _refuse_overwriting_input(output, inputs)
    progress = None if no_progress else _ProgressBar.maybe()
    verbose = bool(ctx.obj["verbose"])
    try:
        # A long batch: the cyclic collector runs rarely meanwhile (collector.py says why).
        with batch_collector():
            if output is None:
                options = RenderOptions(color=_use_color(sys.stdout), verbose=verbose)
                result = run_check(
                    list(inputs), config, fmt, sys.stdout, options, progress=progress
                )
                sys.stdout.flush()
            else:
                with open_atomic(output) as stream:
                    options = RenderOptions(color=False, verbose=verbose)
                    result = run_check(
                        list(inputs), config, fmt, stream, options, progress=progress
                    )
    finally:
        if progress is not None:
            progress.close()
    render_stream_summary(result.header, result.tally, sys.stderr,
                          RenderOptions(color=_use_color(sys.stderr)))
    if fail_on != "never" and result.tally.worst_rank >= parse_band(fail_on).rank:
        ctx.exit(EXIT_FINDINGS)


def _refuse_overwriting_input(output: Path, inputs: tuple[str, ...]) -> None:
    target = output.resolve()
    for name in inputs:
        if name != "-" and Path(name).resolve() == target:
            raise UsageError(
                f"-o {output} is one of the input files; screener never overwrites its input",
                field="--output",
            )


class _ProgressBar:
    """A rich progress bar on stderr, shown only on a terminal and once a run passes 2 seconds."""

    DELAY_SECONDS = 2.0

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._progress: Any = None
        self._task: Any = None

    @classmethod
    def maybe(cls) -> _ProgressBar | None:
        return cls() if sys.stderr.isatty() else None

    def __call__(self, done: int) -> None:
        if self._progress is None:
            if time.monotonic() - self._start < self.DELAY_SECONDS:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("screening: {task.completed} rows"),
                TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("screening", total=None)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@cli.command()
@click.argument("input_file", metavar="FILE")
@click.option("-f", "--format", "fmt", default="table", type=click.Choice(["table", "json"]),
              show_default=True, help="Output format.")
@input_options
def columns(input_file: str, fmt: str, maps: tuple[str, ...], encoding: str | None,
            sheet: str | None, input_format: str | None) -> None:
    """Show which columns of FILE were recognised as which fields, and how to map the rest."""
    from screener.report.columns_view import write_columns
    from screener.screen import open_input

    config = Config(column_map=_parse_map(maps), encoding=encoding, sheet=sheet,
                    input_format=input_format)
    table, column_map = open_input(input_file, config, require=False)
    write_columns(table, column_map, fmt, sys.stdout, color=_use_color(sys.stdout))


@cli.group()
def rules() -> None:
    """Validate and test red-flag rule files."""


def _rule_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    from screener.bundled import bundled_dir

    return paths or (bundled_dir("rules"),)


@rules.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def rules_validate(paths: tuple[Path, ...]) -> None:
    """Check rule files (default: the bundled rules): exit 0 if valid, 4 with the first problem."""
    from screener.rules import load_rules

    ruleset = load_rules(_rule_paths(paths))
    for info in ruleset.infos:
        click.echo(f"ok  {info.path}: {info.rules} rules")


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def rules_test(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Run each rule file's sibling test file (default: the bundled rules); exit 1 on a failure."""
    from screener.report.rule_tests_view import write_rule_tests
    from screener.ruletest import run_rule_tests

    result = run_rule_tests(_rule_paths(paths))
    write_rule_tests(result, sys.stdout)
    if not result.ok:
        ctx.exit(EXIT_FINDINGS)


@cli.group("lists")
def lists_group() -> None:
    """Download, import and inspect the official sanctions and export-control lists."""


@lists_group.command("status")
@click.option("-f", "--format", "fmt", default="table", type=click.Choice(["table", "json"]),
              show_default=True, help="Output format.")
@data_dir_option
def lists_status(fmt: str, data_dir: Path | None) -> None:
    """Show each stored list: source, publication date, fetch time, entries, names, sha256, age."""
    from screener.lists.official import sources
    from screener.lists.store import status, store_root
    from screener.report.lists_view import write_status

    found = status(root=store_root(data_dir))
    have = {s.source_id for s in found}
    missing = [s for s in sources() if s.id not in have]
    write_status(found, missing, fmt, sys.stdout, color=_use_color(sys.stdout))


@lists_group.command("import")
@click.argument("source_id", metavar="SOURCE")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True,
              help="Accept a copy whose entry count collapsed or that is older than the current.")
@click.option("--as", "as_id", metavar="ID", help="Store under this list id (e.g. two datasets).")
@data_dir_option
@click.pass_context
def lists_import(ctx: click.Context, source_id: str, paths: tuple[Path, ...], force: bool,
                 as_id: str | None, data_dir: Path | None) -> None:
    """Import a local copy of SOURCE from PATH... (files, a folder or a zip); files are copied."""
    from screener.lists.official import get_source
    from screener.lists.store import import_files, store_root
    from screener.report.lists_view import write_results

    result = import_files(get_source(source_id), list(paths), root=store_root(data_dir),
                          force=force, list_id=as_id)
    write_results([result], sys.stdout)
    if result.error is not None:
        raise result.error


@lists_group.command("update")
@click.argument("source_ids", nargs=-1, metavar="[SOURCE...]")
@click.option("--offline", is_flag=True, help="Use the download cache only; no network.")
@click.option("--force", is_flag=True,
              help="Accept a copy whose entry count collapsed or that is older than the current.")
@data_dir_option
@click.pass_context
def lists_update(ctx: click.Context, source_ids: tuple[str, ...], offline: bool, force: bool,
                 data_dir: Path | None) -> None:
    """Download SOURCE... (default: every known source) from the publishers' URLs.

    A download replaces the copy in use only once it parses, is not empty and has not collapsed;
    a failed or interrupted update leaves the previous copy in use.
    """
    from screener.lists.official import get_source, sources
    from screener.lists.store import store_root, update
    from screener.report.lists_view import write_results

    chosen = [get_source(i) for i in source_ids] or list(sources())
    try:
        results = update(chosen, root=store_root(data_dir), offline=offline, force=force)
    except KeyboardInterrupt:
        click.echo("screener: interrupted; the copies in use are unchanged", err=True)
        ctx.exit(130)
    write_results(results, sys.stdout)
    failed = [r for r in results if r.error is not None]
    if failed:
        # Each failure is explained on its own line above; stderr gets one line and the exit code
        # is the failures' (5 for list problems, 2 for a bad request).
        codes = {r.error.exit_code for r in failed if r.error is not None}
        error_class = ListError if codes == {ListError.exit_code} else ScreenerError
        names = ", ".join(r.list_id for r in failed)
        err = error_class(f"{len(failed)} of {len(results)} lists not updated: {names}",
                          hint="the copies in use are unchanged; see the lines above")
        err.exit_code = max(codes)
        raise err


# Exit code for a run stopped by SIGTERM (a batch scheduler's stop, `kill`): 128 + the signal, as
# shells report it.
EXIT_TERMINATED = 128 + signal.SIGTERM


def _terminated(signum: int, frame: object) -> None:
    # Unwinds like an exception, so that a half-written report's temporary file is removed (the
    # default SIGTERM action ends the process on the spot and leaves it behind).
    raise SystemExit(EXIT_TERMINATED)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; turn every outcome into one line and the documented exit code."""
    signal.signal(signal.SIGTERM, _terminated)
    verbose = "-v" in (argv or sys.argv[1:]) or "--verbose" in (argv or sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="screener", standalone_mode=False)
    except ScreenerError as err:
        click.echo(f"screener: {err.one_line()}", err=True)
        code = err.exit_code
    except click.exceptions.Exit as exit_:
        code = exit_.exit_code
    except click.ClickException as err:
        err.show()
        code = err.exit_code
    except click.exceptions.Abort:
        click.echo("screener: aborted", err=True)
        code = 130
    except BrokenPipeError:
        # The reader of our output went away (`screener check x.csv | head`): end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except Exception as err:
        click.echo(f"screener: internal error: {type(err).__name__}: {err} "
                   "(run with -v for the traceback; please report it)", err=True)
        if verbose:
            traceback.print_exc()
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else 0)
