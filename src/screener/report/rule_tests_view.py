"""Renders the outcome of `screener rules test`: one line per failing case, then a closing count."""

from __future__ import annotations

from typing import TextIO

from screener.ruletest import RuleTestReport


def write_rule_tests(result: RuleTestReport, stream: TextIO) -> None:
    """Write each test file's case count, every failure and coverage gap, then the counts."""
    for test_file in result.files:
        name = test_file.test_file or f"{test_file.rule_file} (no test file)"
        stream.write(f"{name}: {len(test_file.cases)} cases, "
                     f"{len(test_file.rule_ids)} rules\n")
    for case_result in result.failures:
        for problem in case_result.problems:
            stream.write(f"FAIL {case_result.case.id}: {problem}\n")
    for gap in result.coverage:
        rule = f" {gap.rule_id}" if gap.rule_id else ""
        stream.write(f"UNCOVERED {gap.rule_file}{rule}: {gap.message}\n")
    failed = len(result.failures)
    passed = len(result.results) - failed
    stream.write(f"rules: {passed} passed, {failed} failed")
    if result.coverage:
        stream.write(f", {len(result.coverage)} coverage problems")
    stream.write("\n")
