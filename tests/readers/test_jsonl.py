"""Tests for screener.readers.jsonl: JSON arrays, NDJSON and flattening."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.errors import InputDataError
from screener.readers import open_table
from screener.readers.jsonl import flatten


def test_flatten_nested_parties_and_lists() -> None:
    assert flatten(
        {
            "buyer": {"name": "X", "address": {"city": "Bishkek"}},
            "codes": ["8542", 8471, None],
            "lines": [{"hs": "8542", "qty": 2}, {"hs": "8471"}],
            "empty": {},
            "nothing": [],
            "flag": False,
        }
    ) == {
        "buyer.name": "X",
        "buyer.address.city": "Bishkek",
        "codes": "8542; 8471",
        "lines.hs": "8542; 8471",
        "lines.qty": "2",
        "empty": "",
        "nothing": "",
        "flag": "FALSE",
    }


def test_an_envelope_object_with_one_list_of_rows(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text('{"count": 2, "transactions": [{"payer": "A"}, {"payer": "B"}]}', "utf-8")
    with open_table(str(path)) as table:
        assert [r.cells["payer"] for r in table.rows] == ["A", "B"]


def test_a_json_scalar_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scalar.json"
    path.write_text('"just a string"', "utf-8")
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert "array of objects" in caught.value.message


def test_ndjson_keys_after_the_header_window_still_reach_the_cells(tmp_path: Path) -> None:
    lines = [f'{{"buyer": "B{i}"}}' for i in range(1100)] + ['{"buyer": "late", "extra": "x"}']
    path = tmp_path / "many.ndjson"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with open_table(str(path)) as table:
        assert table.headers == ("buyer",)
        last = list(table.rows)[-1]
    assert last.row == 1101
    assert last.cells == {"buyer": "late", "extra": "x"}


def test_ndjson_of_only_garbage_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.ndjson"
    path.write_text("not json\nnor this\n", "utf-8")
    with pytest.raises(InputDataError) as caught:
        open_table(str(path))
    assert caught.value.row == 1
