"""Quality floors of the name matcher on the frozen benchmark subset (benchmarks/matching).

tests/fixtures/benchmark holds ~25 cases per category of the labelled set and, as small curated
watchlists, the entries they need (benchmarks/matching/freeze.py wrote them from the real lists):
the test runs offline in seconds. A recall below its floor, or an alert rate above its ceiling,
is a quality regression of match.py, index.py or normalize.py.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from screener.config import DEFAULT_MATCH_THRESHOLD
from screener.lists.curated import load_curated
from screener.match import Matcher
from screener.model import Party

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "benchmark"

# Floors and ceilings: the matcher's figures on this subset (threshold 80) less one case of slack
# per category (1/25 = 0.04), so a single flaky case does not fail CI but a real regression does.
# Raise them when the matcher improves; never lower one without saying why in the commit.
# Frozen at 2c54aca: typo 20, legal-form 23, word-order 25, punctuation 25, real-alias 12,
# later-edition-alias 14, cyrillic 20, cyrillic-translated 5, chinese 0, chinese-translated 0.
# Raised after the pinyin / skeleton / legal-form matcher (hits of 25; chinese-translated of 22):
# typo 25, legal-form 25, word-order 25, punctuation 25, real-alias 12, later-edition-alias 17,
# cyrillic 23, cyrillic-translated 6, chinese 21, chinese-translated 5; alerts: ordinary-company 0,
# ordinary-person 0, near-miss 0 (the full set's person alert rate is higher: RESULTS.md).
# Raised again after the common-name and Cyrillic pass: cyrillic 24, later-edition-alias 18.
# Re-frozen after the chinese labelling fix (the four cases whose Latin name is a translation or a
# brand moved to chinese-translated; freeze.py now keeps the cases frozen before): chinese 25 of
# 25, chinese-translated 5 of 25 (the floor reads lower than 5 of 22 did, for the same matcher:
# the category gained three cases it cannot find); the other categories' cases are unchanged.
# Ordinary persons: 1 of 25, "陈丽" against the context entry "Hao Li Chen" that the re-freeze
# now keeps (61 in the full set, where "chen" and "li" are common; 80 here, where every word of
# 81 entries is as rare as any other), hence the ceiling of 2.
RECALL_FLOORS: dict[str, float] = {
    "typo": 0.96,
    "legal-form": 0.96,
    "word-order": 0.96,
    "punctuation": 0.96,
    "real-alias": 0.44,
    "later-edition-alias": 0.68,
    "cyrillic": 0.92,
    "cyrillic-translated": 0.20,
    "chinese": 0.96,
    "chinese-translated": 0.16,
}
ALERT_CEILINGS: dict[str, float] = {
    "ordinary-company": 0.04,
    "ordinary-person": 0.08,
    "hard-near-miss": 0.04,
}


def _cases() -> list[dict[str, str]]:
    with (FIXTURES / "cases.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[bool]]:
    """Per category, per case: hit on the expected entry (positives) or alerted (negatives)."""
    matchers = {
        path.stem: Matcher([load_curated(path)], threshold=DEFAULT_MATCH_THRESHOLD)
        for path in sorted(FIXTURES.glob("*.yaml"))
    }
    result: dict[str, list[bool]] = defaultdict(list)
    for case in _cases():
        party = Party(
            role="counterparty", name=case["query"], country=case["query_country"] or None
        )
        hits = matchers[case["list"]].match_party(party)
        if case["expected"]:
            result[case["category"]].append(any(h.entry_id == case["expected"] for h in hits))
        else:
            result[case["category"]].append(bool(hits))
    return result


def test_every_category_is_frozen(outcomes: dict[str, list[bool]]) -> None:
    assert set(outcomes) == set(RECALL_FLOORS) | set(ALERT_CEILINGS)
    assert all(len(v) >= 15 for v in outcomes.values())


@pytest.mark.parametrize("category", sorted(RECALL_FLOORS))
def test_recall_floor(outcomes: dict[str, list[bool]], category: str) -> None:
    found = outcomes[category]
    recall = sum(found) / len(found)
    assert recall >= RECALL_FLOORS[category], f"{category}: recall {recall:.3f}"


@pytest.mark.parametrize("category", sorted(ALERT_CEILINGS))
def test_alert_ceiling(outcomes: dict[str, list[bool]], category: str) -> None:
    alerted = outcomes[category]
    rate = sum(alerted) / len(alerted)
    assert rate <= ALERT_CEILINGS[category], f"{category}: alert rate {rate:.3f}"


def test_fixture_entries_are_not_a_whole_list() -> None:
    # The fixtures carry only the entries the cases need, never a copy of a list file.
    for path in FIXTURES.glob("*.yaml"):
        assert len(load_curated(path).entries) < 400, path.name
