"""Reads XLSX/XLSM worksheets row by row with openpyxl in read-only mode."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from screener.errors import InputDataError, UsageError
from screener.readers.cells import render
from screener.readers.detect import ZIP_MAGIC, Source
from screener.readers.header import (
    HEADER_SEARCH_ROWS,
    choose_header,
    is_blank_row,
    make_headers,
)
from screener.readers.table import RawRow, ReadStats, Table


def get_column_letter(index: int) -> str:
    """The spreadsheet letters of 1-based column `index` (1 -> A, 28 -> AB), as openpyxl's.

    Here rather than imported: openpyxl (with numpy) takes a quarter of a second to import, which a
    CSV run should not pay; the workbook reader imports it when a workbook is opened.
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_xlsx(source: Source, *, sheet: str | None = None) -> Table:
    """Opens the first visible worksheet (or `sheet`: a name, or a 1-based number) and streams it.

    Cells are rendered as text (numbers without a spurious ".0", dates in ISO 8601, zero-padded
    number formats kept); formulas give their last calculated value.
    """
    if not source.sample.startswith(ZIP_MAGIC):
        raise InputDataError("not an XLSX workbook (it is not a zip file)", file=source.name)
    workbook = _Workbook(source)
    try:
        worksheet = _pick_sheet(workbook.book, sheet, source.name)
        # Some writers store a wrong sheet size, which makes read-only mode cut rows short; the
        # real extent is found while reading instead.
        worksheet.reset_dimensions()
        rows = _sheet_rows(worksheet)
        collected: list[tuple[int, list[str]]] = []
        nonblank: list[int] = []
        for number, cells in rows:
            collected.append((number, cells))
            if not is_blank_row(cells):
                nonblank.append(len(collected) - 1)
                if len(nonblank) >= HEADER_SEARCH_ROWS:
                    break
        sheets = ", ".join(repr(ws.title) for ws in workbook.book.worksheets)
        if not nonblank:
            raise InputDataError(
                f"no data rows: worksheet {worksheet.title!r} is empty",
                file=source.name,
                hint=f"choose another sheet with --sheet; the sheets are {sheets}",
            )
        chosen = nonblank[choose_header([collected[i][1] for i in nonblank])]
        header_row, header_cells = collected[chosen]
        headers = make_headers(header_cells, lambda i: f"column {get_column_letter(i + 1)}")
        buffered = collected[chosen + 1 :]
        stats = ReadStats()
        first = None
        while buffered:
            number, cells = buffered.pop(0)
            if not is_blank_row(cells):
                first = (number, cells)
                break
            stats.blank_rows += 1
        if first is None:
            for number, cells in rows:
                if not is_blank_row(cells):
                    first = (number, cells)
                    break
                stats.blank_rows += 1
        if first is None:
            raise InputDataError(
                f"no data rows: worksheet {worksheet.title!r} has a header but no rows under it",
                file=source.name,
                row=header_row,
                hint=f"the sheets are {sheets}; choose one with --sheet",
            )
    except BaseException:
        workbook.close()
        raise
    return Table(
        source=source.name,
        format="xlsx",
        encoding=None,
        headers=headers,
        header_row=header_row,
        rows=_data_rows(source.name, headers, first, buffered, rows, workbook, stats),
        sheet=worksheet.title,
        stats=stats,
    )


class _Workbook:
    """A read-only workbook and the file under it: read-only mode keeps the file open until both
    are closed. A file object is passed to openpyxl so that the name's extension does not matter."""

    def __init__(self, source: Source) -> None:
        self.handle: BinaryIO = (
            source.path.open("rb") if source.path is not None else io.BytesIO(source.read_all())
        )
        try:
            with warnings.catch_warnings():
                # openpyxl warns about styles and extensions it does not read: irrelevant here.
                warnings.simplefilter("ignore")
                from openpyxl import load_workbook

                self.book: Any = load_workbook(self.handle, read_only=True, data_only=True)
        except Exception as exc:  # zipfile, KeyError, openpyxl's InvalidFileException...
            self.handle.close()
            raise InputDataError(
                f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
                file=source.name,
                hint="open and save it again in a spreadsheet program, or export it as CSV",
            ) from None

    def close(self) -> None:
        try:
            self.book.close()
        finally:
            self.handle.close()


def _pick_sheet(workbook: Any, sheet: str | None, name: str) -> Any:
    worksheets = list(workbook.worksheets)
    titles = [ws.title for ws in worksheets]
    if not worksheets:
        raise InputDataError("the workbook has no worksheets", file=name)
    if sheet is None:
        # The first visible sheet: a hidden first sheet is usually a lookup table.
        visible = [ws for ws in worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        return (visible or worksheets)[0]
    wanted = sheet.strip()
    for ws in worksheets:
        if ws.title == wanted:
            return ws
    for ws in worksheets:
        if ws.title.casefold() == wanted.casefold():
            return ws
    if wanted.isdigit() and 1 <= int(wanted) <= len(worksheets):
        return worksheets[int(wanted) - 1]
    raise UsageError(
        f"no sheet {sheet!r} in the workbook",
        file=name,
        hint="the sheets are " + ", ".join(repr(t) for t in titles) + " (or give a number from 1)",
    )


def _sheet_rows(worksheet: Any) -> Iterator[tuple[int, list[str]]]:
    # Read-only mode yields an empty tuple for each missing row, so counting from 1 gives the
    # sheet row number the user sees.
    for number, row in enumerate(worksheet.iter_rows(min_row=1), 1):
        yield number, [render(c.value, getattr(c, "number_format", None)) for c in row]


def _data_rows(
    name: str,
    headers: tuple[str, ...],
    first: tuple[int, list[str]],
    buffered: list[tuple[int, list[str]]],
    rows: Iterator[tuple[int, list[str]]],
    workbook: _Workbook,
    stats: ReadStats,
) -> Iterator[RawRow]:
    try:
        stats.data_rows += 1
        yield _raw_row(name, headers, *first)
        for source_rows in (buffered, rows):
            for number, cells in source_rows:
                if is_blank_row(cells):
                    stats.blank_rows += 1
                    continue
                stats.data_rows += 1
                yield _raw_row(name, headers, number, cells)
    finally:
        workbook.close()


def _raw_row(name: str, headers: tuple[str, ...], number: int, cells: Sequence[str]) -> RawRow:
    width = len(headers)
    values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
    error = None
    # A spreadsheet does not store trailing empty cells, so a short row is normal; a value to the
    # right of the last header is not, and would otherwise be dropped silently.
    extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
    if extra is not None:
        error = InputDataError(
            f"cell {get_column_letter(extra + 1)}{number} has a value but no header",
            file=name,
            row=number,
            field=f"column {get_column_letter(extra + 1)}",
            hint="add a header for that column, or remove the value",
        )
    return RawRow(number, values, error)
