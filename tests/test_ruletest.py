"""Tests for screener.ruletest: finding test files, running cases, reporting failures, coverage."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from screener.bands import Band
from screener.errors import ConfigError, InputDataError
from screener.model import Assessment, GoodsLine, Party, Record
from screener.rules import evaluate, load_rules
from screener.ruletest import (
    RowScreener,
    coverage_problems,
    find_test_file,
    load_rule_tests,
    real_pipeline,
    run_rule_tests,
    sets_files_beside,
)
from screener.scoring import assess

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
SUITE = FIXTURES / "suite"


def fake_pipeline(rule_paths: Sequence[Path]) -> RowScreener:
    """A stand-in for columns + records + Screener that knows three headers."""
    ruleset = load_rules(rule_paths)

    def screen_row(row: Mapping[str, str]) -> Assessment:
        if row.get("Buyer Country") == "??":
            raise InputDataError("unknown country", row=2, field="Buyer Country")
        hs = "".join(ch for ch in row.get("HS Code", "") if ch.isdigit()) or None
        record = Record(
            "test",
            2,
            parties=(Party("buyer", row.get("Buyer", ""), country=row.get("Buyer Country")),),
            goods=(GoodsLine(hs_code=hs),),
        )
        return assess(record, (), (), evaluate(ruleset, record))

    return screen_row


def _copy_suite(tmp_path: Path) -> Path:
    target = tmp_path / "suite"
    shutil.copytree(SUITE, target)
    return target


def test_finds_test_file_and_sets_files() -> None:
    (tf,) = load_rule_tests([SUITE])
    assert tf.rule_file == SUITE / "mini.yaml"
    assert tf.test_file == SUITE / "mini.test.yaml"
    assert tf.support_files == (SUITE / "sets.yaml",)
    assert tf.rule_paths == (SUITE / "mini.yaml", SUITE / "sets.yaml")
    assert tf.rule_ids == ("sanctioned-buyer", "chip-code")
    assert [c.name for c in tf.cases] == [
        "Russian buyer of chips",
        "Norwegian buyer, country code NO read as written",
        "German buyer of bearings",
    ]
    assert find_test_file(SUITE / "mini.yaml") == SUITE / "mini.test.yaml"
    assert sets_files_beside(SUITE / "mini.yaml") == (SUITE / "sets.yaml",)


def test_cells_are_read_as_written() -> None:
    (tf,) = load_rule_tests([SUITE])
    norwegian = tf.cases[1]
    assert norwegian.row["Buyer Country"] == "NO"
    assert norwegian.row["HS Code"] == "8482.10"
    assert norwegian.id == "mini.test.yaml::Norwegian buyer, country code NO read as written"
    assert norwegian.index == 2
    assert tf.cases[0].min_band is Band.MEDIUM and tf.cases[2].max_band is Band.CLEAR


def test_a_test_file_path_selects_its_rule_file() -> None:
    (tf,) = load_rule_tests([SUITE / "mini.test.yaml"])
    assert tf.rule_file == SUITE / "mini.yaml"


def test_passing_suite() -> None:
    report = run_rule_tests([SUITE], pipeline=fake_pipeline)
    assert report.ok, [r.problems for r in report.results]
    assert len(report.results) == 3
    first = report.results[0]
    assert first.fired == ("sanctioned-buyer", "chip-code")
    assert first.score == 50 and first.band is Band.HIGH  # 40 + 10 points


def test_failures_say_what_fired_and_why(tmp_path: Path) -> None:
    suite = _copy_suite(tmp_path)
    (suite / "mini.test.yaml").write_text(
        "cases:\n"
        "  - name: wrong expectations\n"
        "    row: {Buyer: Ural LLC, Buyer Country: RU, HS Code: '8542.31'}\n"
        "    fires: [sanctioned-buyer]\n"
        "    not_fires: [chip-code]\n"
        "    max_band: low\n"
        "  - name: missing fire\n"
        "    row: {Buyer: Rhein GmbH, Buyer Country: DE}\n"
        "    fires: [sanctioned-buyer]\n"
        "    not_fires: [chip-code]\n"
        "    min_band: low\n",
        encoding="utf-8",
    )
    report = run_rule_tests([suite], pipeline=fake_pipeline)
    assert not report.ok
    wrong, missing = report.results
    assert wrong.unexpected == ("chip-code",)
    assert any("chip-code (goods.hs_code=854231 (prefix 8542))" in p for p in wrong.problems)
    assert any("band high (score 50" in p and "above low" in p for p in wrong.problems)
    assert missing.missing == ("sanctioned-buyer",)
    assert any("below low" in p for p in missing.problems)
    assert report.failures == (wrong, missing)


def test_a_row_that_cannot_be_screened_fails_its_case(tmp_path: Path) -> None:
    suite = _copy_suite(tmp_path)
    (suite / "mini.test.yaml").write_text(
        "cases:\n  - name: bad row\n    row: {Buyer Country: '??'}\n"
        "    fires: [sanctioned-buyer]\n",
        encoding="utf-8",
    )
    (result,) = run_rule_tests([suite], pipeline=fake_pipeline).results
    assert not result.passed
    assert "could not be screened" in result.problems[0]
    assert "unknown country" in result.problems[0]


def test_coverage_needs_a_fire_and_a_no_fire_case_per_rule(tmp_path: Path) -> None:
    suite = _copy_suite(tmp_path)
    (suite / "mini.test.yaml").write_text(
        "cases:\n  - name: only one\n    row: {Buyer Country: RU}\n    fires: [sanctioned-buyer]\n",
        encoding="utf-8",
    )
    report = run_rule_tests([suite], pipeline=fake_pipeline)
    assert all(r.passed for r in report.results)
    assert not report.ok
    messages = sorted(p.message for p in report.coverage)
    assert messages == [
        "chip-code has no case where it must fire",
        "chip-code has no case where it must not fire",
        "sanctioned-buyer has no case where it must not fire",
    ]


def test_a_rule_file_without_tests_is_a_coverage_failure() -> None:
    files = load_rule_tests([FIXTURES / "untested"])
    (problem,) = coverage_problems(files)
    assert problem.rule_id is None
    assert "lonely.test.yaml" in problem.message
    assert not run_rule_tests([FIXTURES / "untested"], pipeline=fake_pipeline).ok


@pytest.mark.parametrize(
    ("cases", "message"),
    [
        ("  - name: x\n    row: {A: b}\n    fires: [no-such-rule]\n", "does not define"),
        ("  - name: x\n    row: {A: b}\n    fires: [chip-code]\n"
         "  - name: x\n    row: {A: b}\n    fires: [chip-code]\n", "used twice"),
        ("  - name: x\n    row: {A: b}\n", "expects nothing"),
        ("  - name: x\n    row: {A: b}\n    fires: [chip-code]\n    not_fires: [chip-code]\n",
         "both fire and not fire"),
        ("  - name: x\n    row: {A: b}\n    min_band: high\n    max_band: low\n", "above max_band"),
        ("  - name: x\n    row: {A: b}\n    min_band: severe\n", "unknown band"),
        ("  - name: x\n    row: {A: b}\n    fire: [chip-code]\n", "unknown key 'fire'"),
        ("  - name: x\n    row: {A: [1, 2]}\n    fires: [chip-code]\n", "single value"),
        ("  - name: x\n    fires: [chip-code]\n", "has no 'row'"),
    ],
)
def test_malformed_test_files_are_config_errors(tmp_path: Path, cases: str, message: str) -> None:
    suite = _copy_suite(tmp_path)
    test_file = suite / "mini.test.yaml"
    test_file.write_text("cases:\n" + cases, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_rule_tests([suite])
    assert message in err.value.message
    assert err.value.file == str(test_file)
    assert err.value.row is not None


def test_a_broken_rule_file_is_a_config_error(tmp_path: Path) -> None:
    suite = _copy_suite(tmp_path)
    (suite / "mini.yaml").write_text("rules:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="has no 'message'"):
        run_rule_tests([suite], pipeline=fake_pipeline)


def test_a_test_file_without_a_rule_file(tmp_path: Path) -> None:
    orphan = tmp_path / "orphan.test.yaml"
    orphan.write_text("cases: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no rule file"):
        load_rule_tests([orphan])


def test_real_pipeline_is_the_default() -> None:
    # The default builds the real stages; it must at least be a callable taking rule paths.
    assert callable(real_pipeline)
    assert run_rule_tests.__kwdefaults__ == {"pipeline": None}
