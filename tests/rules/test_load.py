"""Tests for screener.rules.load: files and folders, validation errors with lines, duplicates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from screener.errors import ConfigError
from screener.rules import load_rules, rule_files, validate

from .conftest import FIXTURES

RULE = """\
  - id: {id}
    message: A message
    weight: {weight}
    sources: [test]
    when: {{field: buyer.country, equals: RU}}
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rules(*ids: str, weight: int = 10) -> str:
    return "rules:\n" + "".join(RULE.format(id=i, weight=weight) for i in ids)


def test_folder_loads_rule_files_and_skips_test_files() -> None:
    folder = FIXTURES / "loader"
    ruleset = load_rules([folder])
    assert ruleset.ids == ("hub-buyer", "forwarder-consignee")
    (info,) = ruleset.infos
    path = folder / "valid.yaml"
    assert info.path == str(path)
    assert info.rules == 2
    assert info.version == "2024-06"
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rule_files([folder]) == (path,)


def test_rule_fields_are_loaded() -> None:
    ruleset = load_rules([FIXTURES / "loader" / "valid.yaml"])
    rule = ruleset.rule("hub-buyer")
    assert rule.message == "The buyer is in a hub"
    assert rule.weight == 20
    assert rule.sources == ("test fixture",)
    assert rule.tags == ("hub",)
    assert rule.description == "A buyer in a hub country."
    assert rule.file == str(FIXTURES / "loader" / "valid.yaml")
    lines = (FIXTURES / "loader" / "valid.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[rule.line - 1].strip() == "- id: hub-buyer"
    assert ruleset.sets["hubs"] == frozenset({"KG", "KZ", "AE"})
    assert ruleset.named_sets["hubs"].sources == ("test fixture",)


def test_sets_from_another_file_resolve(tmp_path: Path) -> None:
    _write(tmp_path / "a_rules.yaml",
           "rules:\n  - id: r\n    message: m\n    weight: 5\n    sources: [s]\n"
           "    when: {field: buyer.country, in_set: later}\n")
    _write(tmp_path / "b_sets.yaml",
           "sets:\n  later: {kind: countries, sources: [s], values: [RU]}\n")
    ruleset = load_rules([tmp_path])
    assert ruleset.ids == ("r",)
    assert [i.rules for i in ruleset.infos] == [1, 0]


def test_duplicate_ids_across_files_name_both(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.yaml", _rules("same-id"))
    second = _write(tmp_path / "b.yaml", _rules("other", "same-id"))
    with pytest.raises(ConfigError, match="used twice") as err:
        load_rules([first, second])
    assert err.value.file == str(second)
    assert err.value.row == 7
    assert str(first) in (err.value.hint or "")


def test_same_file_named_twice_is_read_once() -> None:
    path = FIXTURES / "loader" / "valid.yaml"
    assert load_rules([path, path.parent]).ids == ("hub-buyer", "forwarder-consignee")


def test_duplicate_set_names_are_errors(tmp_path: Path) -> None:
    text = "sets:\n  s: {kind: words, sources: [x], values: [a]}\n"
    _write(tmp_path / "a.yaml", text)
    _write(tmp_path / "b.yaml", text)
    with pytest.raises(ConfigError, match="defined twice"):
        load_rules([tmp_path])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ("weight: 10\nsources: [s]\nwhen: {field: text, present: true}\nmessag: m\n", "messag",
         "unknown key 'messag'"),
        ("message: m\nweight: 0\nsources: [s]\nwhen: {field: text, present: true}\n", "weight",
         "outside 1-100"),
        ("message: m\nweight: '40'\nsources: [s]\nwhen: {field: text, present: true}\n", "weight",
         "whole number"),
        ("message: m\nweight: 5\nsources: []\nwhen: {field: text, present: true}\n", "sources",
         "empty list"),
        ("message: m\nweight: 5\nwhen: {field: text, present: true}\n", "sources", "no 'sources'"),
        ("message: m\nweight: 5\nsources: [s]\n", "when", "no 'when'"),
        ("message: m\nweight: 5\nsources: [s]\nwhen: {field: buyer.contry, equals: RU}\n", "field",
         "unknown field 'buyer.contry'"),
    ],
)
def test_rule_errors_point_at_the_key(tmp_path: Path, body: str, field: str, message: str) -> None:
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    path = _write(tmp_path / "r.yaml", "rules:\n  - id: my-rule\n" + indented)
    with pytest.raises(ConfigError) as err:
        load_rules([path])
    assert err.value.file == str(path)
    assert err.value.field == field
    assert message in err.value.message
    assert err.value.row is not None and err.value.row >= 2
    assert "'my-rule'" in err.value.message  # the message names the rule


@pytest.mark.parametrize("bad_id", ["Russia_Belarus", "trailing-", "two  words", "UPPER"])
def test_rule_ids_must_be_kebab_case(tmp_path: Path, bad_id: str) -> None:
    path = _write(tmp_path / "r.yaml", _rules(bad_id))
    with pytest.raises(ConfigError, match="kebab-case") as err:
        load_rules([path])
    assert err.value.row == 2 and err.value.field == "id"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("version: '1'\n", "needs 'rules:' or 'sets:'"),
        ("rules: []\nextra: 1\n", "unknown key 'extra'"),
        ("- a\n- b\n", "must be a mapping"),
        ("rules: {id: x}\n", "must be a list"),
    ],
)
def test_file_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "r.yaml", text)
    with pytest.raises(ConfigError, match=message):
        load_rules([path])


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such rules file") as err:
        load_rules([tmp_path / "nope.yaml"])
    assert err.value.file == str(tmp_path / "nope.yaml")
    assert err.value.exit_code == 4


def test_validate_returns_every_problem(tmp_path: Path) -> None:
    text = (
        "rules:\n"
        "  - {id: one, message: m, weight: 500, sources: [s], when: {field: text, present: true}}\n"
        "  - {id: two, message: m, weight: 5, sources: [s], when: {field: nope, present: true}}\n"
        "  - {id: three, message: m, weight: 5, sources: [s], when: {field: text, present: true}}\n"
    )
    path = _write(tmp_path / "r.yaml", text)
    problems = validate([path])
    assert [p.row for p in problems] == [2, 3]
    assert validate([FIXTURES / "loader"]) == []
