"""The composed pipeline: hits, look-alikes, skipped rows and the report's bookkeeping."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.config import Config
from screener.errors import InputDataError
from screener.model import Party, Record
from screener.normalize import NameAnalyzer, NameParts
from screener.screen import Screener, screen

WATCHLIST = """\
id: test
name: Test list
version: '2024-05-01'
sources: [test fixture]
entries:
  - id: poly
    name: Poly Technologies Inc.
    type: organization
    countries: [CN]
    category: press
    sources: [test fixture]
"""


@pytest.fixture
def screener(tmp_path: Path) -> Screener:
    path = tmp_path / "list.yaml"
    path.write_text(WATCHLIST, encoding="utf-8")
    config = Config(watchlists=(path,), bundled_watchlists=False, bundled_rules=False,
                    bundled_goods=False)
    return Screener.from_config(config)


def record(*parties: tuple[str, str]) -> Record:
    return Record(source="t.csv", row=2,
                  parties=tuple(Party(role=role, name=name) for role, name in parties))


def test_hit_and_look_alike_are_told_apart(screener: Screener) -> None:
    a = screener.screen_record(record(("seller", "Poly Technologies Inc"),
                                      ("buyer", "Poly Trading Co")))
    assert [h.input_name for h in a.party_hits] == ["Poly Technologies Inc"]
    assert [h.input_name for h in a.similar_parties] == ["Poly Trading Co"]
    assert a.score == a.party_hits[0].points  # a look-alike earns nothing by itself


def test_unrelated_name_is_neither(screener: Screener) -> None:
    a = screener.screen_record(record(("buyer", "Valencia Citrus Export SL")))
    assert a.party_hits == () and a.similar_parties == () and a.score == 0


@pytest.fixture
def calls(screener: Screener, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names the screener's matcher is asked to match, in order."""
    asked: list[str] = []
    original = screener.matcher.match_party

    def counting(party: Party) -> object:
        asked.append(party.name)
        return original(party)

    monkeypatch.setattr(screener.matcher, "match_party", counting)
    return asked


def test_each_distinct_party_is_matched_once(screener: Screener, calls: list[str]) -> None:
    for _ in range(3):
        screener.screen_record(record(("buyer", "Poly Trading Co")))
    assert calls == ["Poly Trading Co"]


def test_a_party_in_another_role_is_not_matched_again(screener: Screener,
                                                     calls: list[str]) -> None:
    a = screener.screen_record(record(("seller", "Poly Technologies Inc")))
    b = screener.screen_record(record(("payer", "Poly Technologies Inc")))
    assert calls == ["Poly Technologies Inc"]
    assert [h.role for h in a.party_hits] == ["seller"]
    assert [h.role for h in b.party_hits] == ["payer"]
    assert a.party_hits[0].score == b.party_hits[0].score


def test_the_same_party_object_reuses_its_role_carrying_hits(screener: Screener) -> None:
    seller = Party(role="seller", name="Poly Technologies Inc")
    first = screener.screen_record(Record(source="t.csv", row=2, parties=(seller,)))
    assert screener.has_hits_of(seller)
    equal = Party(role="payer", name="Poly Technologies Inc")  # equal name, another object
    assert not screener.has_hits_of(equal)
    again = screener.screen_record(Record(source="t.csv", row=3, parties=(seller,)))
    other = screener.screen_record(Record(source="t.csv", row=4, parties=(equal,)))
    assert again.party_hits == first.party_hits
    assert [h.role for h in other.party_hits] == ["payer"]  # not the remembered seller hits
    assert screener.has_hits_of(equal)


def test_unknown_parties_are_those_whose_hits_are_not_cached(screener: Screener) -> None:
    # As has_hits_of, party_key and knows tell it party by party: each key once, in order, a
    # party in another role under the same key, Skipped rows passed over.
    from screener.model import Skipped

    known = Party(role="seller", name="Poly Technologies Inc")
    screener.screen_record(Record(source="t.csv", row=2, parties=(known,)))
    records = [
        Record(source="t.csv", row=3, parties=(
            known,
            Party(role="buyer", name="Acme Ltd", country="DE"),
            Party(role="payer", name="Poly Technologies Inc"),  # known, in another role
        )),
        Skipped(source="t.csv", row=4, reason="bad"),
        Record(source="t.csv", row=5, parties=(
            Party(role="payer", name="Acme Ltd", country="DE"),  # the buyer's key again
            Party(role="seller", name="Beta GmbH"),
        )),
    ]
    expected: list[Party] = []
    for item in records:
        for party in getattr(item, "parties", ()):
            key = Screener.party_key(party)
            if not screener.has_hits_of(party) and not screener.knows(key) and key not in expected:
                expected.append(key)
    assert screener.unknown_parties(records) == expected
    assert [p.name for p in expected] == ["Acme Ltd", "Beta GmbH"]


def test_report_counts_rows_in_as_screened_plus_skipped(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Seller,Buyer,HS Code,Notes\nA Ltd,B LLC,854231,x\n,,,only a note\n",
                   encoding="utf-8")
    report = screen(src, Config(column_map={"remarks": "Notes"}))
    assert report.summary.rows_in == 2
    assert report.summary.screened == 1 and report.summary.skipped == 1
    assert report.skipped[0].row == 3 and "no party name" in report.skipped[0].reason
    assert report.skipped[0].raw["Notes"] == "only a note"  # nothing the user gave is lost
    assert sum(report.summary.by_band.values()) == 1


def test_bad_row_raises_unless_skipping(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Seller,HS Code\nA Ltd,85A2\nB Ltd,854231\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        screen(src)
    assert (err.value.row, err.value.field) == (2, "HS Code")
    report = screen(src, Config(skip_bad_rows=True))
    assert report.summary.rows_in == 2 and report.summary.skipped == 1
    assert report.skipped[0].field == "HS Code"


def test_progress_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Seller\n" + "".join(f"Company {i} Ltd\n" for i in range(600)),
                   encoding="utf-8")
    seen: list[int] = []
    screen(src, progress=seen.append)
    assert seen[-1] == 600 and seen == sorted(seen)


def test_the_rules_compare_names_the_matcher_has_already_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled third-party-payer rule compares the payer's name with the buyer's in analysed
    # form; the matcher analysed both names already, and the rules reuse that analysis.
    path = tmp_path / "list.yaml"
    path.write_text(WATCHLIST, encoding="utf-8")
    screener = Screener.from_config(Config(watchlists=(path,), bundled_watchlists=False))
    analysed: list[str] = []
    original = NameAnalyzer._analyze

    def counting(self: NameAnalyzer, name: str) -> NameParts:
        analysed.append(name)
        return original(self, name)

    monkeypatch.setattr(NameAnalyzer, "_analyze", counting)
    result = screener.screen_record(
        record(("buyer", "Altyn Trade LLC"), ("payer", "Kvazar Logistics FZE"))
    )
    assert "third-party-payer" in [f.rule_id for f in result.findings]
    assert sorted(analysed) == ["Altyn Trade LLC", "Kvazar Logistics FZE"]


def test_a_party_and_a_hit_put_in_a_role_as_replace_would() -> None:
    # screen.py copies a party and its hits positionally instead of dataclasses.replace.
    from dataclasses import replace

    from screener.model import Feature, Identifier, Party, PartyHit
    from screener.screen import _hit_in_role, _party_in_role

    party = Party(
        "payer", "Altyn Trade LLC", ("Алтын Трейд",), "KG", "Kyrgyzstan", "Bishkek",
        (Identifier("bic", "ALTNKG22"),), "1975",
    )
    hit = PartyHit(
        "", "Altyn Trade LLC", "ofac-sdn", "OFAC SDN", "sanctions", "1", "ALTYN", "ALTYN TRADE",
        91.5, (Feature("token_set", 0.9, 41.0),), ("RUSSIA",), ("SDN",), ("KG",), ("s",), "n", 7,
    )
    for role in ("", "buyer"):
        assert _party_in_role(party, role) == replace(party, role=role)
        assert _hit_in_role(hit, role) == replace(hit, role=role)
    assert Screener.party_key(party) == replace(party, role="")
