"""The bundled example, examples/invoices.csv: it exercises every bundled rule and its clean rows
stay clear, screened through `screener.screen()` with everything bundled."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from screener.bands import Band
from screener.bundled import bundled_dir
from screener.model import Assessment, Report
from screener.rules import load_rules
from screener.screen import screen

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "invoices.csv"

# Ordinary trade in the example, each for a reason a reviewer would otherwise have to think about:
# listed goods between coalition partners, ordinary goods to hub countries, nitrocellulose for a
# Japanese paint maker, and a Chinese seller with a mainland-Chinese name to the United States.
CLEAN = {
    "INV-2024-0001": "ball bearings (CHPL Tier 3.B) from Germany to France",
    "INV-2024-0002": "cotton T-shirts from China to Kazakhstan, paid in yuan",
    "INV-2024-0005": "nitrocellulose lacquer for a Japanese paint maker",
    "INV-2024-0012": "a CNC lathe (CHPL Tier 4.B) from Italy to Germany",
    "INV-2024-0014": "plastic toys from China to the United States",
    "INV-2024-0016": "processors (CHPL Tier 1) from South Korea to Finland",
    "INV-2024-0018": "raw cotton from Uzbekistan to Germany",
    "INV-2024-0021": "microscope lenses from France to Japan",
    "INV-2024-0024": "biscuits from Poland to Lithuania",
    "INV-2024-0026": "brake pads from the UAE to India",
    "INV-2024-0029": "connectors (CHPL Tier 3.A) from Taiwan to Japan",
    "INV-2024-0031": "wheat flour from Kazakhstan to Afghanistan",
    "INV-2024-0034": "oranges from Spain to the United Kingdom",
    "INV-2024-0045": "GNSS boards (CHPL Tier 2) from Japan to the United States",
}


@pytest.fixture(scope="module")
def report() -> Report:
    return screen(EXAMPLE)


@pytest.fixture(scope="module")
def by_reference(report: Report) -> dict[str, Assessment]:
    return {a.record.reference or "": a for a in report.assessments}


def _file_references() -> list[str]:
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        return [row["Invoice No"] for row in csv.DictReader(f)]


def test_every_row_is_screened(report: Report) -> None:
    references = _file_references()
    assert len(references) >= 30
    assert len(set(references)) == len(references), "invoice numbers are unique"
    assert report.summary.skipped == 0
    assert [a.record.reference for a in report.assessments] == references


def test_every_bundled_rule_fires_on_some_row(by_reference: dict[str, Assessment]) -> None:
    rule_ids = load_rules([bundled_dir("rules")]).ids
    fired: dict[str, list[str]] = {}
    for reference, assessment in by_reference.items():
        for finding in assessment.findings:
            fired.setdefault(finding.rule_id, []).append(reference)
    silent = [rule_id for rule_id in rule_ids if rule_id not in fired]
    assert not silent, f"rules the example never exercises: {silent}"


@pytest.mark.parametrize("reference", sorted(CLEAN), ids=sorted(CLEAN))
def test_clean_rows_stay_clear(reference: str, by_reference: dict[str, Assessment]) -> None:
    assessment = by_reference[reference]
    reasons = "; ".join(f"{r.ref} {r.points}" for r in assessment.reasons if r.points)
    assert assessment.band is Band.CLEAR, f"{CLEAN[reference]}: {assessment.score} ({reasons})"
    assert assessment.findings == ()


def test_clean_rows_include_listed_goods(by_reference: dict[str, Assessment]) -> None:
    """The clean rows are not clean for want of listed goods: goods hits alone score nothing."""
    with_goods = [ref for ref in CLEAN if by_reference[ref].goods_hits]
    assert len(with_goods) >= 5, with_goods


def test_some_rows_are_flagged_in_every_band(report: Report) -> None:
    counts = report.summary.by_band
    for band in Band:
        assert counts[band.value] >= 1, f"no row in band {band}: {dict(counts)}"


def test_headline_rows(by_reference: dict[str, Assessment]) -> None:
    # Poly Technologies selling helicopter navigation equipment to Rosoboronexport.
    poly = by_reference["INV-2024-0004"]
    assert poly.band is Band.CRITICAL
    assert {h.role for h in poly.party_hits if h.points} >= {"seller", "buyer"}
    # A Hong Kong reseller's microcontrollers to Kyrgyzstan, final destination Russia, paid from
    # the UAE: the Russia-diversion pattern of the alerts, without any listed party.
    hk = by_reference["INV-2024-0003"]
    assert hk.band is Band.CRITICAL and not hk.party_hits
    assert {
        "russia-belarus-destination",
        "transshipment-hub-high-priority-goods",
        "hong-kong-reseller-integrated-circuits",
        "third-country-payer",
    } <= {f.rule_id for f in hk.findings}
    # A look-alike of a listed party alone is low.
    look_alike = by_reference["INV-2024-0035"]
    assert look_alike.band is Band.LOW
    assert [f.rule_id for f in look_alike.findings] == ["similar-to-listed-party"]
    assert look_alike.similar_parties and not look_alike.party_hits
