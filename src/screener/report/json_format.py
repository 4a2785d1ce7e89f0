"""The `json` report format: the whole report as one JSON document, the machine contract."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from screener.model import Report
from screener.report.serialize import report_to_dict

if TYPE_CHECKING:
    from screener.report import RenderOptions


def write_json(report: Report, stream: TextIO, options: RenderOptions) -> None:
    """Write `report` as one indented JSON object; names in every script stay readable (no escapes).

    Key order is the contract's (serialize.py), never sorted, so diffs between runs stay small.
    """
    json.dump(report_to_dict(report), stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")
