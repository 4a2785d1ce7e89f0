"""Runs the labelled name-matching set through screener's matcher (and nomenklatura logic-v2).

    PYTHONPATH=src python benchmarks/matching/run.py [--set FILE] [--threshold N] [--with-logic-v2]

A positive case is a true positive when the expected entry is among the hits at or above the
threshold, else a false negative; a hit on any other entry makes the case a false positive as well
(one per case). A negative case is a false positive when anything alerts. Precision, recall and F1
are per category and overall; negative categories report their alert rate.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sources import ListCache, plain_key

from screener.config import DEFAULT_MATCH_THRESHOLD
from screener.lists import LoadedList
from screener.match import Matcher
from screener.model import Entry, Party

HERE = Path(__file__).resolve().parent
NEGATIVE = ("ordinary-company", "ordinary-person", "hard-near-miss")
ORDER = ("typo", "legal-form", "word-order", "punctuation", "real-alias", "later-edition-alias",
         "cyrillic", "cyrillic-translated", "chinese", "chinese-translated", *NEGATIVE)  # fmt: skip
# yente's default match threshold (yente/settings.py SCORE_THRESHOLD = 0.70), the cut-off an
# OpenSanctions user of logic-v2 alerts at.
LOGIC_V2_THRESHOLD = 0.70
# Candidates logic-v2 scores per query: the best aliases by rapidfuzz token-set ratio and by plain
# ratio over the romanised names (our own blocking, stated in README.md: an exhaustive logic-v2
# comparison of every query with every entry would take hours).
BLOCK_TOKEN_SET = 10
BLOCK_RATIO = 5


@dataclass(frozen=True)
class BenchCase:
    case_id: str
    category: str
    query: str
    query_type: str
    query_country: str
    list: str
    expected: str


@dataclass
class Tally:
    n: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None

    @property
    def alert_rate(self) -> float:
        return self.fp / self.n if self.n else 0.0


@dataclass
class Outcome:
    name: str
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    details: list[tuple[str, bool, bool, str]] = field(default_factory=list)
    seconds: float = 0.0
    queries: int = 0

    def overall(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.n += tally.n
            total.tp += tally.tp
            total.fn += tally.fn
            total.fp += tally.fp
        return total


def read_cases(path: Path) -> list[BenchCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [BenchCase(r["case_id"], r["category"], r["query"], r["query_type"],
                          r["query_country"], r["list"], r["expected"])
                for r in csv.DictReader(handle)]  # fmt: skip


def held_out(cases: Iterable[BenchCase]) -> dict[str, set[str]]:
    """Per entry, the names the real-alias cases query: the -heldout list leaves them out."""
    out: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        if case.category == "real-alias":
            out[case.expected].add(plain_key(case.query))
    return out


# A matcher: (case, the lists of its list id) -> the entry ids that alert.
Screen = Callable[[BenchCase], Sequence[str]]


def evaluate(name: str, cases: Sequence[BenchCase], screen: Screen) -> Outcome:
    outcome = Outcome(name)
    start = time.perf_counter()
    for number, case in enumerate(cases, 1):
        if number % 500 == 0:
            print(f"{name}: {number} of {len(cases)}", file=sys.stderr, flush=True)
        alerts = list(dict.fromkeys(screen(case)))
        tally = outcome.tallies[case.category]
        tally.n += 1
        if case.category in NEGATIVE:
            hit, wrong = False, bool(alerts)
        else:
            hit = case.expected in alerts
            wrong = any(a != case.expected for a in alerts)
            tally.tp += hit
            tally.fn += not hit
        tally.fp += wrong
        outcome.details.append((case.case_id, hit, wrong, " | ".join(alerts[:3])))
    outcome.seconds = time.perf_counter() - start
    outcome.queries = len(cases)
    return outcome


def screener_screen(lists: Mapping[str, Sequence[LoadedList]], threshold: float) -> Screen:
    matchers = {list_id: Matcher(loaded, threshold=threshold) for list_id, loaded in lists.items()}

    def screen(case: BenchCase) -> Sequence[str]:
        party = Party(role="counterparty", name=case.query, country=case.query_country or None)
        return [hit.entry_id for hit in matchers[case.list].match_party(party)]

    return screen


# --- nomenklatura logic-v2 --------------------------------------------------------------------


def ftm_names(entry: Entry, schema: str) -> tuple[list[str], list[str]]:
    """An entry's strong and weak names as logic-v2 is given them (also benchmarks/scale)."""
    names: list[str] = []
    weak: list[str] = []
    for alias in entry.all_aliases():
        target = names if alias.strong else weak
        target.append(alias.name)
        # OpenSanctions' crawlers give logic-v2 "Given SURNAME" for OFAC's "SURNAME, Given".
        if schema == "Person" and alias.name.count(",") == 1:
            surname, given = (p.strip() for p in alias.name.split(","))
            target.append(f"{given} {surname}")
    return names, weak


def logic_v2_screen(lists: Mapping[str, Sequence[LoadedList]], threshold: float) -> Screen:
    """logic-v2 over FtM entities of the same entries, on candidates from our simple blocking."""
    from followthemoney import model
    from nomenklatura.matching import LogicV2
    from pypinyin import lazy_pinyin
    from rapidfuzz import fuzz, process

    config = LogicV2.default_config()
    ids = itertools.count()
    schemas = {"person": "Person", "vessel": "Vessel", "aircraft": "Airplane"}

    def entity(
        schema: str, names: Iterable[str], weak: Iterable[str] = (), countries: Iterable[str] = ()
    ):  # type: ignore[no-untyped-def]
        proxy = model.make_entity(schema)
        proxy.id = f"e{next(ids)}"  # logic-v2 caches per entity id: every proxy needs its own
        proxy.add("name", list(names))
        if weak:
            proxy.add("weakAlias", list(weak))
        if countries:
            proxy.add("country", [c.lower() for c in countries])
        return proxy

    def from_entry(entry: Entry):  # type: ignore[no-untyped-def]
        schema = schemas.get(entry.entity_type, "Company")
        names, weak = ftm_names(entry, schema)
        return entity(schema, names, weak, entry.countries)

    class Blocked:
        def __init__(self, loaded: Sequence[LoadedList]) -> None:
            self.keys: list[str] = []
            self.owners: list[Entry] = []
            for one in loaded:
                for entry in one.entries:
                    for alias in entry.all_aliases():
                        self.keys.append(_romanised(alias.name, lazy_pinyin))
                        self.owners.append(entry)
            self.proxies: dict[int, object] = {}

        def candidates(self, query: str) -> list[Entry]:
            key = _romanised(query, lazy_pinyin)
            found: dict[int, Entry] = {}
            for scorer, limit in (
                (fuzz.token_set_ratio, BLOCK_TOKEN_SET),
                (fuzz.ratio, BLOCK_RATIO),
            ):
                for _, _, index in process.extract(key, self.keys, scorer=scorer, limit=limit):
                    entry = self.owners[index]
                    found.setdefault(id(entry), entry)
            return list(found.values())

        def proxy(self, entry: Entry):  # type: ignore[no-untyped-def]
            if id(entry) not in self.proxies:
                self.proxies[id(entry)] = from_entry(entry)
            return self.proxies[id(entry)]

    blocked = {list_id: Blocked(loaded) for list_id, loaded in lists.items()}

    def screen(case: BenchCase) -> Sequence[str]:
        block = blocked[case.list]
        query = entity(
            schemas.get(case.query_type, "Company"),
            [case.query],
            countries=[case.query_country] if case.query_country else (),
        )
        alerts: list[tuple[float, str]] = []
        for entry in block.candidates(case.query):
            score = LogicV2.compare(query, block.proxy(entry), config).score
            if score >= threshold:
                alerts.append((score, entry.entry_id))
        return [entry_id for _, entry_id in sorted(alerts, reverse=True)]

    return screen


def _romanised(name: str, lazy_pinyin: Callable[[str], list[str]]) -> str:
    key = plain_key(name)
    if any("\u4e00" <= ch <= "\u9fff" for ch in key):
        key = " ".join(lazy_pinyin(key))
    return key


# --- Report -----------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.3f}"


def table(outcomes: Sequence[Outcome]) -> list[str]:
    head = f"| {'category':22} | {'n':>5} |"
    rule = f"|{'-' * 24}|{'-' * 7}|"
    for o in outcomes:
        head += f" {o.name + ' P':>13} | {'R':>5} | {'F1':>5} |"
        rule += f"{'-' * 15}|{'-' * 7}|{'-' * 7}|"
    lines = [head, rule]
    for category in [*ORDER, *sorted(set().union(*(o.tallies for o in outcomes)) - set(ORDER))]:
        if not any(category in o.tallies for o in outcomes):
            continue
        n = outcomes[0].tallies[category].n
        row = f"| {category:22} | {n:5d} |"
        for o in outcomes:
            t = o.tallies[category]
            if category in NEGATIVE:
                row += f" {'alerts ' + format(t.alert_rate, '.3f'):>13} | {'':5} | {'':5} |"
            else:
                row += f" {_pct(t.precision):>13} | {_pct(t.recall)} | {_pct(t.f1)} |"
        lines.append(row)
    row = f"| {'overall':22} | {outcomes[0].overall().n:5d} |"
    for o in outcomes:
        t = o.overall()
        row += f" {_pct(t.precision):>13} | {_pct(t.recall)} | {_pct(t.f1)} |"
    lines.append(row)
    speed = f"| {'names per second':22} | {'':5} |"
    for o in outcomes:
        speed += f" {o.queries / o.seconds if o.seconds else math.inf:13.0f} | {'':5} | {'':5} |"
    lines.append(speed)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", type=Path, default=HERE / "cases.csv", help="labelled cases (CSV)")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_MATCH_THRESHOLD,
        help=f"screener's match threshold, 0-100 (default {DEFAULT_MATCH_THRESHOLD:g})",
    )
    parser.add_argument(
        "--with-logic-v2", action="store_true", help="also run nomenklatura logic-v2"
    )
    parser.add_argument("--logic-v2-threshold", type=float, default=LOGIC_V2_THRESHOLD)
    parser.add_argument(
        "--results", type=Path, help="write the table as Markdown here (RESULTS.md)"
    )
    parser.add_argument("--details", type=Path, help="write every case's outcome here (CSV)")
    parser.add_argument("--category", action="append", help="only these categories")
    args = parser.parse_args()

    cases = read_cases(args.set)
    if args.category:
        cases = [c for c in cases if c.category in args.category]
    cache = ListCache()
    holdout = held_out(cases)
    lists = {list_id: cache.build(list_id, holdout) for list_id in sorted({c.list for c in cases})}
    outcomes = [evaluate("screener", cases, screener_screen(lists, args.threshold))]
    print(f"screener: {len(cases)} cases in {outcomes[0].seconds:.1f} s", file=sys.stderr)
    if args.with_logic_v2:
        outcomes.append(
            evaluate("logic-v2", cases, logic_v2_screen(lists, args.logic_v2_threshold))
        )
        print(f"logic-v2: {len(cases)} cases in {outcomes[1].seconds:.1f} s", file=sys.stderr)
    lines = table(outcomes)
    print("\n".join(lines))
    if args.details:
        by_case = {c.case_id: c for c in cases}
        with args.details.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(
                [
                    "case_id",
                    "category",
                    "query",
                    "expected",
                    *(f"{o.name}_{k}" for o in outcomes for k in ("hit", "wrong", "alerts")),
                ]
            )
            for i, case_id in enumerate(by_case):
                case = by_case[case_id]
                row = [case_id, case.category, case.query, case.expected]
                for o in outcomes:
                    _, hit, wrong, alerts = o.details[i]
                    row += [int(hit), int(wrong), alerts]
                writer.writerow(row)
    if args.results:
        settings = f"screener threshold {args.threshold:g}" + (
            f"; logic-v2 threshold {args.logic_v2_threshold:g} (yente default), "
            f"candidates from our blocking (top {BLOCK_TOKEN_SET} token-set + top "
            f"{BLOCK_RATIO} ratio)"
            if args.with_logic_v2
            else ""
        )
        args.results.write_text(
            "# Name-matching benchmark results\n\n"
            f"Set: `{args.set.name}` ({len(cases)} cases). {settings}.\n"
            "Produced by `benchmarks/matching/run.py`; README.md explains the categories and the "
            "counting. Negative categories show the share of names that alerted.\n\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
