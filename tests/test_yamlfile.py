"""The line-keeping YAML loader: lines of keys and elements, duplicate keys refused, safe only."""

from __future__ import annotations

import pytest
import yaml

from screener.yamlfile import LineMap, LineSeq, load_with_lines


def test_lines_of_keys_and_elements() -> None:
    data = load_with_lines("a: 1\nitems:\n  - x\n  - y: 2\n")
    assert isinstance(data, LineMap) and data.line == 1
    assert data.line_of("items") == 2 and data.line_of("missing") == 1
    items = data["items"]
    assert isinstance(items, LineSeq) and items.lines == [3, 4]
    assert items[1].line_of("y") == 4


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(yaml.YAMLError, match="duplicate key 'a'"):
        load_with_lines("a: 1\na: 2\n")


def test_no_arbitrary_objects() -> None:
    with pytest.raises(yaml.YAMLError):
        load_with_lines("!!python/object/apply:os.system ['true']\n")
