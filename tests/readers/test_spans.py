"""Reading a delimited file in byte spans gives exactly the rows, numbers and errors of one pass."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import pytest

from screener.errors import InputDataError
from screener.readers import RawRow, open_table
from screener.readers.spans import Span, _rows_end


def _whole(path: Path) -> tuple[list[RawRow], list[RawRow]]:
    """(rows of one pass, rows read span by span) for `path`, with tiny spans."""
    table = open_table(str(path))
    rows = list(table.rows)
    assert table.split is not None
    by_span: list[RawRow] = []
    for size in (7, 64, 4096):
        by_span = []
        spans = list(table.split.spans(rows[0].row, size))
        for span in spans:
            by_span.extend(table.split.read(span))
        assert _plain(by_span) == _plain(rows), f"span size {size}"
    return rows, by_span


def _plain(rows: list[RawRow]) -> list[tuple[int, dict[str, str], str | None]]:
    return [(r.row, dict(r.cells), r.error and r.error.message) for r in rows]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_quoted_line_breaks_and_literal_quotes_are_never_cut(tmp_path: Path) -> None:
    # A cell with line breaks, a 12" pipe written without quoting, doubled quotes, a blank line,
    # a short (ragged) row and a row with an extra cell: every one must land as one pass reads it.
    text = (
        "Invoice,Seller,Goods,Remarks\n"
        'INV-1,"Acme, Ltd","Bearings\nball, 6204",ok\n'
        'INV-2,Beta,12" pipe,"say ""hi""\n\nagain"\n'
        "\n"
        "INV-3,Gamma\n"
        "INV-4,Delta,Nuts,x,extra\n"
        'INV-5,"Epsilon ""Quoted"" Co",Bolts,"last\nline"'
    )
    rows, _ = _whole(_write(tmp_path / "t.csv", text))
    assert [r.row for r in rows] == [2, 4, 8, 9, 10]
    assert rows[0].cells["Goods"] == "Bearings\nball, 6204"
    assert rows[2].error is not None and rows[3].error is not None


def test_random_files_read_the_same_in_spans(tmp_path: Path) -> None:
    rng = random.Random(6)
    pieces = ["Acme", "Ltd", ",", '"', "\n", " ", "Ж", "中", ";", "x" * 30]
    for n in range(30):
        lines = ["a,b,c"]
        for _ in range(rng.randint(1, 40)):
            cells = []
            for _ in range(3):
                value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
                if any(ch in value for ch in ',"\n'):
                    value = '"' + value.replace('"', '""') + '"'
                cells.append(value)
            lines.append(",".join(cells))
        _whole(_write(tmp_path / f"r{n}.csv", "\n".join(lines) + rng.choice(["", "\n"])))


def _csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    """The records the csv module reads from `data`, as delimited.parse_lines sees its lines."""
    pieces = data.decode("latin-1").split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    return list(csv.reader(iter(lines), delimiter=delimiter, quotechar='"', doublequote=True,
                           strict=False))


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_rows_end_cuts_where_the_csv_module_ends_a_row(delimiter: str) -> None:
    # Random bytes, quoting well-formed or not: reading the bytes before the cut and those after
    # it gives the records of reading them in one go, and the cut is at the last row that ends.
    rng = random.Random(7)
    pieces = ["a", "b", delimiter, '"', '""', "\n", "\r\n", " ", ","]
    checked = 0
    for _ in range(8_000):
        data = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))).encode("latin-1")
        cut = _rows_end(data, delimiter)
        assert cut <= data.rfind(b"\n") + 1
        if cut == 0:
            continue
        assert data[cut - 1:cut] == b"\n"
        try:
            whole = _csv_rows(data, delimiter)
        except csv.Error:
            continue
        assert _csv_rows(data[:cut], delimiter) + _csv_rows(data[cut:], delimiter) == whole, data
        checked += 1
    assert checked > 2_000


def test_rows_end_keeps_a_quoted_cell_cut_off_by_the_block_for_the_next_span() -> None:
    assert _rows_end(b'a,b\nc,"d\ne', ",") == 4  # the block ends inside "d...
    assert _rows_end(b'a,b\nc,"d\ne\n', ",") == 4
    assert _rows_end(b'"a\nb\n', ",") == 0  # not one row is whole
    whole = b'x,12" pipe\ny,"a ""q""\nz"\n'  # literal and doubled quotes, a line break quoted
    assert _rows_end(whole, ",") == len(whole)
    assert _rows_end(whole + b'w,"v', ",") == len(whole)
    assert _rows_end(b"no newline yet", ",") == 0


def test_bom_and_single_byte_codecs(tmp_path: Path) -> None:
    text = "Seller,Country\nООО Ромашка,RU\nАО Вектор,RU\n"
    _whole(_write(tmp_path / "bom.csv", "\ufeff" + text))
    _whole(_write(tmp_path / "cp1251.csv", text * 20, "cp1251"))


def test_a_line_that_does_not_decode_is_named_as_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    # Past the sample the encoding is detected from (64 KiB), so that UTF-8 is chosen.
    path.write_bytes(b"Seller,Country\n" + b"Acme,DE\n" * 10_000 + b"Bad \xff\xfe name,DE\n")
    table = open_table(str(path))
    with pytest.raises(InputDataError) as whole:
        list(table.rows)
    table = open_table(str(path))
    assert table.split is not None
    with pytest.raises(InputDataError) as spans:
        for span in table.split.spans(2, 4096):
            table.split.read(span)
    assert (spans.value.row, spans.value.message) == (whole.value.row, whole.value.message) == (
        10_002, whole.value.message)


def test_spans_cover_the_file_from_the_first_data_row(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "Report title\n\nSeller,Country\n" + "Acme,DE\n" * 100)
    table = open_table(str(path))
    first = next(table.rows)
    assert table.split is not None and first.row == 4
    spans = list(table.split.spans(first.row, 100))
    assert spans[0] == Span(len("Report title\n\nSeller,Country\n"), spans[0].length, 4)
    assert sum(s.length for s in spans) == path.stat().st_size - spans[0].offset
    assert all(a.offset + a.length == b.offset for a, b in itertools.pairwise(spans))


def test_stdin_and_stream_decoded_files_are_not_split(tmp_path: Path) -> None:
    path = _write(tmp_path / "u16.csv", "\ufeffSeller,Country\nAcme,DE\n", "utf-16-le")
    assert open_table(str(path)).split is None


def test_a_big_file_is_cut_into_spans_of_about_span_bytes(tmp_path: Path) -> None:
    from screener.readers import spans

    row = '"Acme, Ltd",DE,"Ball bearings, 6204"\n'
    path = _write(tmp_path / "big.csv", "Seller,Country,Goods\n" + row * 20_000)
    table = open_table(str(path))
    assert table.split is not None
    cut = list(table.split.spans(2))
    assert len(cut) >= (path.stat().st_size - cut[0].offset) / spans.SPAN_BYTES
    # A block's last row may be cut off where the block ends: it starts the next span.
    slack = 2 * len(row)
    assert all(abs(s.length - spans.SPAN_BYTES) <= slack for s in cut[:-2])  # not the end
    assert all(s.length % len(row) == 0 for s in cut)  # whole rows only
