"""The `table` report format: one row per screened input row, its band and every reason, for humans.

Rows keep input order (a reviewer ticks them off against the source file); the band counts and the
highest-scoring rows are in the run summary on stderr. Without colour the output is plain ASCII
with no escape codes and no trailing spaces, at a fixed width, so it can be diffed and tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from screener.bands import Band
from screener.model import Assessment, Report, Skipped
from screener.report.phrasing import (
    finding_details,
    goods_hit_details,
    goods_hit_line,
    has_many_sources,
    party_hit_details,
    party_hit_line,
    party_line,
    printable,
    reason_line,
    skipped_line,
)

if TYPE_CHECKING:
    from screener.report import RenderOptions

# Width when the stream is not a terminal (a pipe, a file, a test): wide enough for a reason line
# beside the parties, narrow enough for a code review diff; 120 is also what the CLI brief fixes.
DEFAULT_WIDTH = 120
INDENT = "  "

# Band colours: red for the bands a reviewer must act on, yellow to look at, calm colours below.
BAND_STYLES: dict[str, str] = {
    Band.CRITICAL.value: "bold white on red",
    Band.HIGH.value: "bold red",
    Band.MEDIUM.value: "yellow",
    Band.LOW.value: "cyan",
    Band.CLEAR.value: "green",
    "skipped": "dim",
}


def console_for(stream: TextIO, options: RenderOptions) -> Console:
    """A rich console on `stream`: colour and terminal codes only when `options.color` says so.

    Markup, emoji codes and highlighting are off: cells hold user data, and "[bold]" or ":cn:" in a
    company name must print as written.
    """
    color = options.color
    width = options.width
    if width is None and not (color and _isatty(stream)):
        width = DEFAULT_WIDTH
    return Console(
        file=stream,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        width=width,
        # rich honours a given width only when a height is given too (else a dumb terminal gets 80);
        # the height itself is unused by printing.
        height=25 if width is not None else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=None if color else False,
        soft_wrap=False,
    )


def print_all(
    stream: TextIO, options: RenderOptions, renderables: Iterable[RenderableType]
) -> None:
    """Print `renderables` on `stream`; in plain mode without rich's padding at line ends."""
    console = console_for(stream, options)
    if options.color:
        for renderable in renderables:
            console.print(renderable)
        return
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    # split("\n"), not splitlines(): names may hold U+2028 and the like, which end no line here.
    lines = captured.get().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        stream.write(line.rstrip(" ") + "\n")


def write_table(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write `report` as a table of rows, then the skipped rows."""
    many_sources = has_many_sources(report)
    inputs = ", ".join(report.inputs) or "no input"
    out: list[RenderableType] = [
        cell_text(f"screener {report.tool_version}, {report.generated_at}: {inputs}")
    ]
    if report.assessments:
        out.append(_rows_table(report.assessments, options, many_sources=many_sources))
    else:
        out.append(cell_text("No rows screened."))
    if report.skipped:
        out.append(_skipped_table(report.skipped, options, many_sources=many_sources))
    print_all(stream, options, out)


def cell_text(*lines: str, style: str = "") -> Text:
    """A cell or line of user-derived text, one line per argument, safe for a terminal."""
    return Text("\n".join(printable(line) for line in lines), style=style)


def band_style(band: str, options: RenderOptions) -> str:
    """The style a band's name and score are shown in: its colour, or none without colour."""
    return BAND_STYLES.get(band, "") if options.color else ""


def _new_table(options: RenderOptions, title: str | None = None) -> Table:
    return Table(
        title=title,
        title_justify="left",
        # Plain mode draws in ASCII: readable in any pager, log or e-mail, and in every codepage.
        box=box.ROUNDED if options.color else box.ASCII,
        show_lines=True,
        expand=True,
        header_style="bold" if options.color else "",
        title_style="bold" if options.color else "",
    )


def _rows_table(
    assessments: Iterable[Assessment], options: RenderOptions, *, many_sources: bool
) -> Table:
    table = _new_table(options)
    # overflow="fold" everywhere: a compliance report never hides text behind an ellipsis.
    table.add_column("Row", justify="right", overflow="fold")
    table.add_column("Reference", overflow="fold", max_width=24)
    table.add_column("Score", justify="right", overflow="fold")
    table.add_column("Band", overflow="fold")
    table.add_column("Parties", overflow="fold", ratio=2)
    table.add_column("Reasons", overflow="fold", ratio=3)
    for a in assessments:
        record = a.record
        table.add_row(
            cell_text(_row_label(record.source, record.row, many_sources)),
            cell_text(record.reference or ""),
            Text(str(a.score), style=band_style(a.band.value, options)),
            Text(a.band.value, style=band_style(a.band.value, options)),
            cell_text(*(party_line(p, verbose=options.verbose) for p in record.parties)),
            cell_text(*_reason_lines(a, verbose=options.verbose)),
        )
    return table


def _reason_lines(a: Assessment, *, verbose: bool) -> list[str]:
    lines = [reason_line(r) for r in a.reasons]
    # Look-alikes below the hit threshold: no points of their own, shown so an officer can judge.
    lines.extend(f"~ similar: {party_hit_line(h)}" for h in a.similar_parties)
    if not verbose:
        return lines
    # Verbose: every piece of evidence with the figures behind it, as the JSON formats carry them.
    for hit in a.party_hits:
        lines.append(f"{INDENT}party hit: {party_hit_line(hit)}")
        lines.extend(f"{INDENT * 2}{d}" for d in party_hit_details(hit))
    for ghit in a.goods_hits:
        lines.append(f"{INDENT}goods {goods_hit_line(ghit)}")
        lines.extend(f"{INDENT * 2}{d}" for d in goods_hit_details(ghit))
    for finding in a.findings:
        lines.append(f"{INDENT}rule {finding.rule_id} ({finding.weight:+d})")
        lines.extend(f"{INDENT * 2}{d}" for d in finding_details(finding))
    return lines


def _skipped_table(
    skipped: Iterable[Skipped], options: RenderOptions, *, many_sources: bool
) -> Table:
    table = _new_table(options, title="Skipped rows (not screened)")
    table.add_column("Row", justify="right", overflow="fold")
    table.add_column("Reason", overflow="fold", ratio=1)
    for s in skipped:
        label = _row_label(s.source, s.row, many_sources)
        table.add_row(cell_text(label), cell_text(skipped_line(s)))
    return table


def _row_label(source: str, row: int, many_sources: bool) -> str:
    # With several inputs a row number alone is ambiguous: name the file (base name, to stay short).
    return f"{PurePath(source).name}:{row}" if many_sources else str(row)


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False
