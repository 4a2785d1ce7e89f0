"""Tests for screener.report.serialize: the machine contract's keys, key order and plain values."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from screener.errors import InputDataError
from screener.model import (
    Assessment,
    Feature,
    Finding,
    GoodsHit,
    GoodsLine,
    Identifier,
    ListInfo,
    Party,
    PartyHit,
    Payment,
    Reason,
    Report,
    Route,
    RuleSetInfo,
    Skipped,
    Summary,
)
from screener.report.serialize import (
    ReportHeader,
    assessment_to_dict,
    feature_to_dict,
    finding_to_dict,
    goods_hit_to_dict,
    goods_line_to_dict,
    identifier_to_dict,
    list_info_to_dict,
    party_hit_to_dict,
    party_to_dict,
    payment_to_dict,
    reason_to_dict,
    report_to_dict,
    route_to_dict,
    rule_set_info_to_dict,
    skipped_to_dict,
    summary_to_dict,
)

TOP_KEYS = ["schema_version", "tool", "generated_at", "inputs", "settings", "lists", "rules",
            "summary", "rows", "skipped", "errors"]


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_report_has_the_contract_keys_in_order(report: Report) -> None:
    data = report_to_dict(report)
    assert list(data) == TOP_KEYS
    assert data["tool"] == {"name": "screener", "version": report.tool_version}
    assert len(data["rows"]) == len(report.assessments)
    assert len(data["skipped"]) == len(report.skipped)
    assert data["errors"] == []
    assert list(data["lists"][0]) == ["list_id", "name", "kind", "version", "date", "sha256",
                                      "entries", "names", "category", "fetched", "path"]
    assert list(data["rules"][0]) == ["path", "rules", "sha256", "version"]
    assert list(data["summary"]) == ["rows_in", "screened", "skipped", "by_band"]


def test_row_keys_start_with_where_and_verdict(report: Report) -> None:
    row = assessment_to_dict(report.assessments[1])
    assert list(row)[:6] == ["source", "row", "reference", "date", "score", "band"]
    assert row["band"] == "critical"
    assert row["reasons"][0] == {"kind": "party", "points": 97,
                                 "text": report.assessments[1].reasons[0].text,
                                 "ref": "ofac-sdn:12345"}
    assert row["raw"] == dict(report.assessments[1].record.raw)


def test_every_model_field_is_serialised(report: Report) -> None:
    # A field added to the model must reach the machine formats: this fails until serialize has it.
    critical = report.assessments[1]
    cases: list[tuple[type, dict[str, Any]]] = [
        (PartyHit, party_hit_to_dict(critical.party_hits[0])),
        (Feature, feature_to_dict(critical.party_hits[0].features[0])),
        (GoodsHit, goods_hit_to_dict(critical.goods_hits[0])),
        (Finding, finding_to_dict(critical.findings[0])),
        (Reason, reason_to_dict(critical.reasons[0])),
        (Party, party_to_dict(critical.record.parties[1])),
        (Identifier, identifier_to_dict(critical.record.parties[1].identifiers[0])),
        (GoodsLine, goods_line_to_dict(critical.record.goods[0])),
        (Route, route_to_dict(critical.record.route)),
        (Payment, payment_to_dict(critical.record.payment)),
        (Skipped, skipped_to_dict(report.skipped[0])),
        (ListInfo, list_info_to_dict(report.lists[0])),
        (RuleSetInfo, rule_set_info_to_dict(report.rules[0])),
        (Summary, summary_to_dict(report.summary)),
    ]
    for cls, data in cases:
        missing = _field_names(cls) - set(data)
        assert not missing, f"{cls.__name__} lost {missing}"
    record_fields = _field_names(type(critical.record)) - {"source", "row", "reference", "date"}
    row = assessment_to_dict(critical)
    assert record_fields <= set(row), record_fields - set(row)
    assert _field_names(Assessment) - {"record"} <= set(row)


def test_party_hit_keeps_features_in_order(report: Report) -> None:
    hit = report.assessments[1].party_hits[0]
    data = party_hit_to_dict(hit)
    assert [f["name"] for f in data["features"]] == [f.name for f in hit.features]
    assert data["features"][2]["contribution"] == hit.features[2].contribution
    assert data["programs"] == list(hit.programs)


def test_non_finite_numbers_become_null(report: Report) -> None:
    a = report.assessments[0]
    record = replace(a.record, payment=Payment(currency="EUR", amount=math.nan),
                     goods=(GoodsLine(description="x", quantity=math.inf),))
    row = assessment_to_dict(replace(a, record=record))
    assert row["payment"]["amount"] is None
    assert row["goods"][0]["quantity"] is None
    json.dumps(row, allow_nan=False)  # raises if a NaN got through


class _Colour(Enum):
    RED = "red"


def test_settings_become_plain_json(report: Report) -> None:
    settings = {
        "paths": (Path("a") / "b.yaml",),
        "roles": frozenset({"seller", "buyer"}),
        "colour": _Colour.RED,
        "nested": {1: [1.5, None, True]},
        "threshold": float("inf"),
        "header": ReportHeader.of(report).schema_version,
    }
    data = report_to_dict(replace(report, settings=settings))["settings"]
    assert data == {
        "paths": [str(Path("a") / "b.yaml")],
        "roles": ["buyer", "seller"],
        "colour": "red",
        "nested": {"1": [1.5, None, True]},
        "threshold": None,
        "header": report.schema_version,
    }


def test_summary_lists_every_band_in_band_order() -> None:
    summary = Summary(rows_in=2, screened=2, skipped=0, by_band={"critical": 2})
    assert summary_to_dict(summary)["by_band"] == {
        "clear": 0, "low": 0, "medium": 0, "high": 0, "critical": 2
    }


@dataclass(frozen=True, slots=True)
class _ReportWithErrors(Report):
    errors: tuple[object, ...] = ()


def test_errors_are_carried_when_the_report_has_them(report: Report) -> None:
    base = report
    err = InputDataError("bad cell", file="b.csv", row=7, field="HS Code", hint="fix it")
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(Report)}
    with_errors = _ReportWithErrors(**fields, errors=(err, "list ofac-sdn is 40 days old"))
    errors = report_to_dict(with_errors)["errors"]
    assert errors[0] == {"kind": "input", "message": "bad cell", "file": "b.csv", "row": 7,
                         "field": "HS Code", "hint": "fix it"}
    assert errors[1]["message"] == "list ofac-sdn is 40 days old"
