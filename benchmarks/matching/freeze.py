"""Freezes a small, offline subset of the labelled set for the regression test (tests/fixtures).

    PYTHONPATH=src python benchmarks/matching/freeze.py

Takes up to PER_CATEGORY cases of each category, keeping the cases frozen before while the set
still has them (so the floors keep measuring the same cases; `--redraw` draws all anew) and
drawing the rest seeded per category, and writes them with the list entries they need as small
watchlists in screener's curated format: each case's expected entry and the entries that come
closest to it under the current matcher (score >= CONTEXT_SCORE, at most CONTEXT_ENTRIES), so
that the test still sees the look-alikes a query could wrongly alert on.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BenchCase, held_out, read_cases
from sources import ListCache

from screener.match import Matcher
from screener.model import Entry, Party

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "tests" / "fixtures" / "benchmark"
SEED = 20260522
# 25 cases per category: 13 categories give ~300 queries, screened in a few seconds.
PER_CATEGORY = 25
# Context entries: what a query meets at or above 50 (well under the default threshold of 80, so
# near misses are kept), at most 3 per case besides the expected entry.
CONTEXT_SCORE = 50.0
CONTEXT_ENTRIES = 3
_COUNTRY = re.compile(r"[A-Z]{2}")


def slug(list_id: str, entry_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{list_id}-{entry_id}".lower()).strip("-")


def entry_yaml(entry: Entry, list_name: str) -> dict[str, object]:
    seen: set[str] = set()
    aliases: list[object] = []
    for alias in entry.aliases:
        if alias.name in seen or alias.name == entry.name or not alias.name.strip():
            continue
        seen.add(alias.name)
        aliases.append(alias.name if alias.strong else {"name": alias.name, "strong": False})
    data: dict[str, object] = {
        "id": slug(entry.list_id, entry.entry_id),
        "name": entry.name,
        "type": entry.entity_type
        if entry.entity_type in ("person", "vessel", "aircraft")
        else "organization",
        "category": "designated",
        "designations": [
            {
                "authority": entry.list_id,
                "list": list_name,
                "as_of": "2021-07-07",
                "ref": f"{entry.list_id} {entry.entry_id}",
            }
        ],
        "sources": [f"{list_name}, entry {entry.entry_id} (names and countries only)"],
    }
    if aliases:
        data["aliases"] = aliases
    # The curated format takes ISO 3166-1 codes only (pycountry); OFAC's Kosovo "XK" is not one.
    countries = [
        c for c in entry.countries if _COUNTRY.fullmatch(c) and pycountry.countries.get(alpha_2=c)
    ]
    if countries:
        data["countries"] = sorted(set(countries))
    return data


def _frozen(path: Path) -> set[tuple[str, str, str]]:
    """(case id, category, query) of the cases frozen before, if any."""
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["case_id"], r["category"], r["query"]) for r in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=HERE / "cases.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--redraw", action="store_true", help="draw every category anew (the floors then move)"
    )
    args = parser.parse_args()
    cases = read_cases(args.set)
    by_category: dict[str, list[BenchCase]] = defaultdict(list)
    for case in cases:
        by_category[case.category].append(case)
    frozen = set() if args.redraw else _frozen(args.out / "cases.csv")
    chosen: list[BenchCase] = []
    for category in sorted(by_category):
        pool = by_category[category]
        # The cases frozen before stay while the set still has them in the same category, so
        # that the floors keep measuring the same cases; only what a category lacks is drawn
        # (seeded per category, so that one category's draw does not move another's).
        kept = [c for c in pool if (c.case_id, c.category, c.query) in frozen][:PER_CATEGORY]
        rest = [c for c in pool if c not in kept]
        rng = random.Random(f"{SEED}:{category}")
        chosen += kept + rng.sample(rest, min(PER_CATEGORY - len(kept), len(rest)))
    cache = ListCache()
    holdout = held_out(cases)
    needed: dict[str, dict[tuple[str, str], Entry]] = defaultdict(dict)
    rows: list[list[str]] = []
    for list_id in sorted({c.list for c in chosen}):
        loaded = cache.build(list_id, holdout)
        by_id = {e.entry_id: e for one in loaded for e in one.entries}
        by_key = {(e.list_id, e.entry_id): e for one in loaded for e in one.entries}
        matcher = Matcher(loaded, threshold=CONTEXT_SCORE)
        for case in (c for c in chosen if c.list == list_id):
            keep = needed[list_id]
            expected = ""
            if case.expected:
                entry = by_id[case.expected]
                keep[(entry.list_id, entry.entry_id)] = entry
                expected = slug(entry.list_id, entry.entry_id)
            hits = matcher.match_party(Party(role="counterparty", name=case.query))
            for hit in [h for h in hits if h.entry_id != case.expected][:CONTEXT_ENTRIES]:
                other = by_key[(hit.list_id, hit.entry_id)]
                keep[(other.list_id, other.entry_id)] = other
            rows.append([case.case_id, case.category, case.query, case.query_type,
                         case.query_country, list_id, expected])  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    for list_id, entries in needed.items():
        document = {
            "id": f"bench-{list_id}",
            "name": f"benchmark subset of {list_id}",
            "version": "2026-05-22",
            "description": "Entries the frozen benchmark cases need, from the real list files "
            "(benchmarks/matching/sources.py says which); names, aliases and countries only.",
            "sources": ["benchmarks/matching/sources.py", "../shared/data/lists/SOURCES.md"],
            "entries": [entry_yaml(e, list_id) for e in entries.values()],
        }
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
        (args.out / f"{list_id}.yaml").write_text(text, encoding="utf-8")
    with (args.out / "cases.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["case_id", "category", "query", "query_type", "query_country", "list", "expected"]
        )
        writer.writerows(rows)
    print(f"{len(rows)} cases, {sum(len(v) for v in needed.values())} entries -> {args.out}")


if __name__ == "__main__":
    main()
