"""Turns the report model into plain JSON-ready dicts; their keys and key order are the contract."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import Any

from screener.bands import all_bands
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

TOOL_NAME = "screener"


@dataclass(frozen=True)
class ReportHeader:
    """What a report says before its rows: known before the first row is screened, so a stream can
    write it first. `ReportHeader.of(report)` takes it from a finished report."""

    schema_version: str
    tool_version: str
    generated_at: str
    inputs: tuple[str, ...]
    lists: tuple[ListInfo, ...]
    rules: tuple[RuleSetInfo, ...]
    settings: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, report: Report) -> ReportHeader:
        return cls(
            schema_version=report.schema_version,
            tool_version=report.tool_version,
            generated_at=report.generated_at,
            inputs=report.inputs,
            lists=report.lists,
            rules=report.rules,
            settings=report.settings,
        )


# --- Whole report -----------------------------------------------------------------------------


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as one JSON-ready dict (the `json` format)."""
    return {
        **header_to_dict(ReportHeader.of(report)),
        "summary": summary_to_dict(report.summary),
        "rows": [assessment_to_dict(a) for a in report.assessments],
        "skipped": [skipped_to_dict(s) for s in report.skipped],
        "errors": errors_to_list(report_errors(report)),
    }


def header_to_dict(header: ReportHeader) -> dict[str, Any]:
    """Version, time, inputs, settings and the exact lists and rules used: what an audit replays."""
    return {
        "schema_version": header.schema_version,
        "tool": {"name": TOOL_NAME, "version": header.tool_version},
        "generated_at": header.generated_at,
        "inputs": list(header.inputs),
        "settings": _plain(header.settings),
        "lists": [list_info_to_dict(i) for i in header.lists],
        "rules": [rule_set_info_to_dict(i) for i in header.rules],
    }


def list_info_to_dict(info: ListInfo) -> dict[str, Any]:
    return {
        "list_id": info.list_id,
        "name": info.name,
        "kind": info.kind,
        "version": info.version,
        "date": info.date,
        "sha256": info.sha256,
        "entries": info.entries,
        "names": info.names,
        "category": info.category,
        "fetched": info.fetched,
        "path": info.path,
    }


def rule_set_info_to_dict(info: RuleSetInfo) -> dict[str, Any]:
    return {"path": info.path, "rules": info.rules, "sha256": info.sha256, "version": info.version}


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """Counts, with every band present (0 when none) in band order: consumers need no defaults."""
    by_band = {band.value: int(summary.by_band.get(band.value, 0)) for band in all_bands()}
    # A band name the model does not know (there should be none) is kept rather than dropped.
    by_band.update({k: int(v) for k, v in sorted(summary.by_band.items()) if k not in by_band})
    return {
        "rows_in": summary.rows_in,
        "screened": summary.screened,
        "skipped": summary.skipped,
        "by_band": by_band,
    }


def report_errors(report: Report) -> Sequence[object]:
    """The report's non-fatal errors. `Report` has no `errors` field yet, so this is empty until it
    gains one (a subclass or a later model may carry it): the contract keeps the key either way."""
    errors = getattr(report, "errors", ())
    return tuple(errors) if isinstance(errors, Sequence) and not isinstance(errors, str) else ()


def errors_to_list(errors: Sequence[object]) -> list[Any]:
    """Errors as dicts: a ScreenerError keeps kind, message and place; anything else its text."""
    out: list[Any] = []
    for err in errors:
        if isinstance(err, Mapping):
            out.append(_plain(err))
            continue
        message = getattr(err, "message", None)
        out.append(
            {
                "kind": getattr(err, "kind", "error"),
                "message": message if isinstance(message, str) else str(err),
                "file": getattr(err, "file", None),
                "row": getattr(err, "row", None),
                "field": getattr(err, "field", None),
                "hint": getattr(err, "hint", None),
            }
        )
    return out


# --- Rows -------------------------------------------------------------------------------------


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """One screened row: where it came from, its score, band, every reason and piece of evidence,
    and the record as screener understood it, plus `raw` (the cells as given, to join back to the
    input). `goods_hits[].line` is a 0-based index into `goods`."""
    record = a.record
    return {
        "source": record.source,
        "row": record.row,
        "reference": record.reference,
        "date": record.date,
        "score": a.score,
        "band": a.band.value,
        "reasons": [reason_to_dict(r) for r in a.reasons],
        "party_hits": [party_hit_to_dict(h) for h in a.party_hits],
        "goods_hits": [goods_hit_to_dict(h) for h in a.goods_hits],
        "findings": [finding_to_dict(f) for f in a.findings],
        "similar_parties": [party_hit_to_dict(h) for h in a.similar_parties],
        "parties": [party_to_dict(p) for p in record.parties],
        "goods": [goods_line_to_dict(g) for g in record.goods],
        "route": route_to_dict(record.route),
        "payment": payment_to_dict(record.payment),
        "remarks": list(record.remarks),
        "raw": dict(record.raw),
    }


def skipped_to_dict(s: Skipped) -> dict[str, Any]:
    """A row that was not screened, why, and its cells as given so the user can find and fix it."""
    return {
        "source": s.source,
        "row": s.row,
        "reason": s.reason,
        "field": s.field,
        "raw": dict(s.raw),
    }


def reason_to_dict(r: Reason) -> dict[str, Any]:
    return {"kind": r.kind, "points": r.points, "text": r.text, "ref": r.ref}


def feature_to_dict(f: Feature) -> dict[str, Any]:
    return {
        "name": f.name,
        "value": _number(f.value),
        "contribution": _number(f.contribution),
        "note": f.note,
    }


def party_hit_to_dict(h: PartyHit) -> dict[str, Any]:
    return {
        "role": h.role,
        "input_name": h.input_name,
        "list_id": h.list_id,
        "list_name": h.list_name,
        "category": h.category,
        "entry_id": h.entry_id,
        "entry_name": h.entry_name,
        "matched_alias": h.matched_alias,
        "score": _number(h.score),
        "points": h.points,
        "programs": list(h.programs),
        "designations": list(h.designations),
        "entry_countries": list(h.entry_countries),
        "sources": list(h.sources),
        "notes": h.notes,
        "features": [feature_to_dict(f) for f in h.features],
    }


def goods_hit_to_dict(h: GoodsHit) -> dict[str, Any]:
    return {
        "line": h.line,
        "list_id": h.list_id,
        "list_name": h.list_name,
        "item_id": h.item_id,
        "label": h.label,
        "tier": h.tier,
        "matched_on": h.matched_on,
        "matched": h.matched,
        "hs_code": h.hs_code,
        "description": h.description,
        "note": h.note,
        "contradicts_code": h.contradicts_code,
        "points": h.points,
        "sources": list(h.sources),
    }


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "message": f.message,
        "weight": f.weight,
        "sources": list(f.sources),
        "evidence": list(f.evidence),
        "rule_file": f.rule_file,
    }


def identifier_to_dict(i: Identifier) -> dict[str, Any]:
    return {"kind": i.kind, "value": i.value}


def party_to_dict(p: Party) -> dict[str, Any]:
    return {
        "role": p.role,
        "name": p.name,
        "alt_names": list(p.alt_names),
        "country": p.country,
        "country_raw": p.country_raw,
        "address": p.address,
        "identifiers": [identifier_to_dict(i) for i in p.identifiers],
        "birth_date": p.birth_date,
    }


def goods_line_to_dict(g: GoodsLine) -> dict[str, Any]:
    return {
        "description": g.description,
        "alt_descriptions": list(g.alt_descriptions),
        "hs_code": g.hs_code,
        "hs_raw": g.hs_raw,
        "quantity": _number(g.quantity),
        "unit": g.unit,
        "value": _number(g.value),
        "currency": g.currency,
    }


def route_to_dict(r: Route) -> dict[str, Any]:
    return {
        "origin": r.origin,
        "transit": list(r.transit),
        "destination": r.destination,
        "final_destination": r.final_destination,
        "port_of_discharge": r.port_of_discharge,
    }


def payment_to_dict(p: Payment) -> dict[str, Any]:
    return {"currency": p.currency, "amount": _number(p.amount)}


# --- Plain values -----------------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    # NaN and infinities are not JSON (RFC 8259 section 6); a consumer would choke on `NaN`.
    if value is None or not math.isfinite(value):
        return None
    return value


def _plain(value: Any) -> Any:
    """`value` as JSON-ready data: settings come from callers and may hold paths, enums or sets."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)
