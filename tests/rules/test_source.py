"""Tests for screener.rules.source: YAML read as located nodes, text kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.errors import ConfigError
from screener.rules.source import check_keys, parse_yaml, read_yaml


def test_text_values_are_read_as_written() -> None:
    doc = parse_yaml("codes: [NO, 8482.10, 0101, 'RU']\n", "f.yaml")
    assert doc is not None
    codes = doc.mapping("top")["codes"].texts("codes")
    # Plain YAML would give False, 8482.1 and 65 (octal).
    assert codes == ["NO", "8482.10", "0101", "RU"]


def test_lines_are_one_based() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert doc is not None
    top = doc.mapping("top")
    assert top["a"].line == 1
    assert [item.line for item in top["b"].items("b")] == [3, 4]


def test_duplicate_keys_are_errors_naming_both_lines() -> None:
    doc = parse_yaml("when: 1\nweight: 2\nwhen: 3\n", "f.yaml")
    assert doc is not None
    with pytest.raises(ConfigError) as err:
        doc.mapping("a rule")
    assert err.value.row == 3
    assert err.value.field == "when"
    assert "line 1" in (err.value.hint or "")


def test_merge_keys_are_rejected() -> None:
    doc = parse_yaml("base: &b {x: 1}\nrule:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert doc is not None
    with pytest.raises(ConfigError, match="merge keys"):
        doc.mapping("top")["rule"].mapping("rule")


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ConfigError) as err:
        parse_yaml("rules:\n  - id: a\n   bad: [\n", "broken.yaml")
    assert err.value.file == "broken.yaml"
    assert err.value.row is not None and err.value.row >= 2


def test_empty_document_is_none() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml") is None


def test_scalar_accessors_reject_wrong_types() -> None:
    doc = parse_yaml("w: '40'\nn: 7\nb: yes\ns: ''\nl: [a]\n", "f.yaml")
    assert doc is not None
    top = doc.mapping("top")
    with pytest.raises(ConfigError, match="whole number"):
        top["w"].integer("weight")
    assert top["n"].integer("n") == 7
    assert top["n"].number("n") == 7.0
    assert top["b"].boolean("b") is True
    with pytest.raises(ConfigError, match="empty"):
        top["s"].text("s")
    with pytest.raises(ConfigError, match="must be text"):
        top["l"].text("l")
    with pytest.raises(ConfigError, match="must be a list"):
        top["n"].items("n")


def test_cell_reads_empty_as_empty_string() -> None:
    doc = parse_yaml("a:\nb: ~\nc: 8482.10\n", "f.yaml")
    assert doc is not None
    top = doc.mapping("top")
    assert [top[k].cell(k) for k in "abc"] == ["", "", "8482.10"]


def test_check_keys_reports_unknown_and_missing() -> None:
    doc = parse_yaml("id: a\nweigth: 3\n", "f.yaml")
    assert doc is not None
    top = doc.mapping("top")
    with pytest.raises(ConfigError) as err:
        check_keys(top, doc, "a rule", allowed=("id", "weight"))
    assert err.value.field == "weigth" and err.value.row == 2
    with pytest.raises(ConfigError, match="has no 'weight'"):
        check_keys({"id": top["id"]}, doc, "a rule", allowed=("id", "weight"), required=("weight",))


def test_read_yaml_missing_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        read_yaml(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        read_yaml(bad)
