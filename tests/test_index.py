"""Tests for screener.index: candidate retrieval loses nothing the exhaustive comparison finds."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from screener.index import GENERIC_WEIGHT, NameIndex, word_units
from screener.lists import LoadedList, load_watchlist
from screener.match import Matcher, compare_units
from screener.model import Alias, Entry, Identifier, ListInfo, Party
from screener.normalize import analyze_name, make_token

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures" / "match"
SHARED = ROOT.parents[0].parent / "shared"
OFAC_SDN = SHARED / "data" / "lists" / "ofac" / "sdn_2024-05-03" / "sdn.csv"
LEGAL_FORMS = ("Co., Ltd.", "LLC", "Inc.", "ООО", "JSC", "Limited", "有限公司", "")
GENERIC_EXTRAS = ("Trading", "Technology", "International", "Shenzhen", "Group")


@pytest.fixture(scope="module")
def watchlist() -> LoadedList:
    return load_watchlist(FIXTURES / "watchlist.yaml")


def make_list(list_id: str, names: list[str]) -> LoadedList:
    entries = tuple(Entry(list_id, f"{list_id}-{i}", name) for i, name in enumerate(names))
    info = ListInfo(list_id, list_id, "entities", None, None, "", len(entries), "")
    return LoadedList(info, entries)


# --- variant generation (seeded, so failures reproduce) ---------------------------------------


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word
    i = rng.randrange(len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiouklmnrst") + word[i + 1 :]


def variants(name: str, rng: random.Random) -> Iterator[str]:
    """Realistic mangled spellings of a name: typos, dropped, swapped, joined and added words."""
    words = name.replace(",", " ").split()
    if not words:
        return
    k = rng.randrange(len(words))
    yield " ".join([*words[:k], typo(words[k], rng), *words[k + 1 :]])
    if len(words) > 1:
        yield " ".join(words[:k] + words[k + 1 :])
        shuffled = words[:]
        rng.shuffle(shuffled)
        yield " ".join(shuffled)
        j = rng.randrange(len(words) - 1)
        yield " ".join([*words[:j], words[j] + words[j + 1], *words[j + 2 :]])
    yield f"{name} {rng.choice(GENERIC_EXTRAS)} {rng.choice(LEGAL_FORMS)}"
    yield " ".join(typo(w, rng) if len(w) > 5 else w for w in words)


def exhaustive(index: NameIndex, name: str, min_score: float) -> set[int]:
    """Positions of every alias whose name score reaches min_score, by comparing all of them."""
    parts = analyze_name(name)
    units = word_units(parts.tokens)
    weights = index.weights(parts)
    found: set[int] = set()
    for record in index.records:
        result = compare_units(parts, units, weights, record.parts, record.units, record.weights)
        if round(result.score * 100, 1) >= min_score:
            found.add(record.position)
    return found


def assert_no_loss(index: NameIndex, queries: list[str]) -> int:
    """Every alias the exhaustive comparison reports is a candidate; returns how many were."""
    checked = 0
    for query in queries:
        expected = exhaustive(index, query, index.min_score)
        got = {r.position for r in index.candidate_records(analyze_name(query))}
        missing = expected - got
        assert not missing, (
            query,
            [index.records[p].alias.name for p in sorted(missing)],
        )
        checked += len(expected)
    return checked


# --- index vs brute force -------------------------------------------------------------------------


def fixture_queries(watchlist: LoadedList) -> list[str]:
    rng = random.Random(20241122)
    with (FIXTURES / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        queries = [row["query"] for row in csv.DictReader(handle)]
    for listed in watchlist.entries:
        for alias in listed.all_aliases():
            queries.append(alias.name)
            queries.extend(variants(alias.name, rng))
    return queries


@pytest.mark.parametrize("min_score", [80.0, 65.0, 50.0, 30.0])
def test_index_loses_nothing_on_the_fixtures(watchlist: LoadedList, min_score: float) -> None:
    index = NameIndex([watchlist], min_score=min_score)
    found = assert_no_loss(index, fixture_queries(watchlist))
    assert found > len(watchlist.entries)  # the check compared real matches, not nothing


def test_index_prunes_what_cannot_reach_the_minimum(watchlist: LoadedList) -> None:
    # At a low minimum the generic words alone make candidates; at the default they do not.
    low = NameIndex([watchlist], min_score=10.0)
    high = NameIndex([watchlist], min_score=80.0)
    query = analyze_name("Wuhan Steel Trading Co")
    assert {r.entry.entry_id for r in low.candidate_records(query)} >= {"wuhan-tongsheng"}
    assert high.candidate_records(query) == ()


def test_matcher_reports_exactly_what_exhaustive_scoring_reports(watchlist: LoadedList) -> None:
    matcher = Matcher([watchlist], threshold=80.0)
    for query in fixture_queries(watchlist)[:120]:
        buyer = Party("buyer", query)
        brute: dict[str, float] = {}
        for listed in watchlist.entries:
            for alias in listed.all_aliases():
                hit = matcher.score_alias(buyer, query, listed, alias)
                brute[listed.entry_id] = max(brute.get(listed.entry_id, 0.0), hit.score)
        expected = {k for k, v in brute.items() if v >= 80.0}
        got = {h.entry_id for h in matcher.match_party(buyer)}
        assert got == expected, query


@pytest.mark.skipif(not OFAC_SDN.is_file(), reason="shared OFAC data not available")
def test_index_loses_nothing_on_real_sdn_names() -> None:
    rng = random.Random(5)
    with OFAC_SDN.open(encoding="latin-1", newline="") as handle:
        names = [
            row[1].strip()
            for row in csv.reader(handle)
            if len(row) > 2 and row[0].strip().isdigit()
        ]
    sample = rng.sample(names, 800)
    index = NameIndex([make_list("sdn", sample)], min_score=75.0)
    queries = [q for name in rng.sample(sample, 40) for q in variants(name, rng)]
    queries += ["Wuhan Steel Trading Co", "Moscow Machine Tools LLC", "AL-ARD Money Exchange"]
    assert assert_no_loss(index, queries) > 40


# --- retrieval details ------------------------------------------------------------------------


def test_candidates_include_typos_within_the_budget_only() -> None:
    index = NameIndex([make_list("t", ["Tongsheng Optics", "Radioavtomatika"])], min_score=50)
    assert [a.name for _, a in index.candidates("Tonsheng")] == ["Tongsheng Optics"]
    assert [a.name for _, a in index.candidates("Radioavtomatica")] == ["Radioavtomatika"]
    assert index.candidates("Tngshn") == ()  # three edits from a word of 9: beyond the budget


def test_candidates_find_words_run_together_or_apart() -> None:
    index = NameIndex([make_list("t", ["Hikvision", "Da Jiang Innovations"])], min_score=80)
    assert [a.name for _, a in index.candidates("Hik Vision")] == ["Hikvision"]
    assert [a.name for _, a in index.candidates("Dajiang Innovations")] == ["Da Jiang Innovations"]


def test_candidates_are_in_load_order_and_name_entry_and_alias(watchlist: LoadedList) -> None:
    index = NameIndex([watchlist], min_score=0)
    pairs = index.candidates("Poly")
    ids = [e.entry_id for e, _ in pairs]
    assert ids[:2] == ["poly-technologies", "poly-technologies"] or ids[0] == "poly-technologies"
    order = [e.entry_id for e in watchlist.entries]
    assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids)
    assert all(alias in e.all_aliases() for e, alias in pairs)


def test_all_generic_alias_is_found_by_its_generic_words() -> None:
    index = NameIndex(
        [make_list("t", ["North China Research Institute", "Alpha Trading"])], min_score=80
    )
    found = [a.name for _, a in index.candidates("North China Research Institute")]
    assert found == ["North China Research Institute"]


def test_weights_follow_rarity_and_genericness() -> None:
    index = NameIndex(
        [make_list("t", ["Alpha Trading", "Beta Trading", "Gamma Trading", "Alpha Omega"])]
    )
    rare = index.weight(make_token("omega"))
    common = index.weight(make_token("alpha"))
    unseen = index.weight(make_token("zeta"))
    assert unseen > rare > common
    # "trading" is in 3 of 4 entries and generic: it weighs least.
    trading = index.weight(make_token("trading"))
    assert trading < common
    assert trading == pytest.approx(index.idf(make_token("trading").key) * GENERIC_WEIGHT)


def test_document_frequency_counts_entries_not_spellings() -> None:
    def one_list(aliases: tuple[Alias, ...]) -> LoadedList:
        entries = (Entry("t", "a", "Zeta One", aliases=aliases), Entry("t", "b", "Kappa"))
        return LoadedList(ListInfo("t", "t", "entities", None, None, "", 2, ""), entries)

    plain = NameIndex([one_list(())])
    spelled = NameIndex([one_list((Alias("Zeta Two"), Alias("Zeta Three")))])
    key = make_token("zeta").key
    assert plain.idf(key) == spelled.idf(key)
    assert plain.idf(key) < plain.idf(make_token("unseen").key)


def test_identifier_lookup(watchlist: LoadedList) -> None:
    index = NameIndex([watchlist])
    assert index.entries_with_identifiers([Identifier("inn", "6230 119 259")]) == (
        ("match-fixture", "titan-micro"),
    )
    assert index.entries_with_identifiers([Identifier("inn", "0000000000")]) == ()


# --- issue 5: initials, patronymics, translations, typos as written ------------------------------

PEOPLE = [
    "Vladimir Vladimirovich PUTIN",
    "PUTIN, Vladimir",
    "Sergei Ivanovich IVANOV",
    "Ivan Sergeyevich PETROV",
    "Aleksei Aleksandrovich VOLKOV",
    "Samarskii Metallurgicheskii Zavod",
    "Kalashnikov Concern",
    "Slobodan MILOSEVIC",
    "Ali ASHOUR",
]
PEOPLE_QUERIES = [
    "V. Putin",
    "Putin V",
    "Vladimir Putin",
    "S. Ivanov",
    "Ivanov Sergei",
    "Ivan Petrov",
    "A. A. Volkov",
    "Samara Metallurgical Plant",
    "Концерн Калашников",
    "Sloodan Milosevic",
    "Ali Asohur",
]


@pytest.mark.parametrize("min_score", [80.0, 60.0])
def test_index_loses_nothing_on_initials_patronymics_and_translations(min_score: float) -> None:
    index = NameIndex([make_list("p", PEOPLE)], min_score=min_score)
    assert assert_no_loss(index, PEOPLE_QUERIES) >= 5


def test_typos_are_found_as_written_when_the_skeleton_moves_them_further() -> None:
    # "Asohur" is one swap from "Ashour" as written; collapsing "sh" puts them two edits apart.
    index = NameIndex([make_list("p", ["Ali ASHOUR", "Slobodan MILOSEVIC"])], min_score=80)
    assert [a.name for _, a in index.candidates("Ali Asohur")] == ["Ali ASHOUR"]
    assert [a.name for _, a in index.candidates("Sloodan Milosevic")] == ["Slobodan MILOSEVIC"]


def test_the_index_analyses_each_name_once() -> None:
    index = NameIndex([make_list("p", ["Wuhan Tongsheng Technology Co., Ltd."])])
    assert index.analyze("Wuhan Tongsheng") is index.analyze("Wuhan Tongsheng")
    assert index.records[0].parts is index.analyze("Wuhan Tongsheng Technology Co., Ltd.")


# --- issue 6: the query-aware bound, the tolerance lists and the lookup's blind spots ------------


def old_candidates(index: NameIndex, name: str) -> set[int]:
    """Positions the bound before issue 6 kept: filed under a reached key, and the words the query
    reaches (alias side only) could lift the alias to the minimum. A reference, written out."""
    parts = index.analyze(name)
    reach = index.reach(parts)
    floor = (index.min_score - 0.05) / 100
    kept: set[int] = set()
    for record in index.records:
        tokens = record.parts.tokens
        generic_only = NameIndex._generic_bound(record) * 100 >= index.min_score - 0.05
        filed = {
            unit.key for indices, unit in record.units
            if generic_only or any(not tokens[i].generic for i in indices)
        }
        if not filed & set(reach.keys):
            continue
        possible = {i for indices, unit in record.units if unit.key in reach.keys for i in indices}
        if reach.initials:
            possible |= {i for i, t in enumerate(tokens)
                         if not t.generic and t.text[:1] in reach.initials}
        possible |= {i for i, t in enumerate(tokens)
                     if t.initial and t.text in reach.single_letters}
        paired = sum(w for i, w in enumerate(record.weights) if i in possible)
        rest = sum(w * (0.2 if t.patronymic else 1.0)
                   for i, (t, w) in enumerate(zip(tokens, record.weights, strict=True))
                   if i not in possible)
        if (2 * paired / (2 * paired + rest) if paired else 0.0) >= floor:
            kept.add(record.position)
    return kept


def assert_same_as_before(index: NameIndex, queries: list[str]) -> int:
    """The candidates are those the old bound kept, less only aliases scoring below the minimum
    (so the matcher reports what it reported before issue 6); returns how many old ones were cut."""
    cut = 0
    for query in queries:
        parts = index.analyze(query)
        got = {r.position for r in index.candidate_records(parts)}
        before = old_candidates(index, query)
        assert got <= before, (query, sorted(got - before))
        units, weights = word_units(parts.tokens, index.analyzer.token), index.weights(parts)
        for position in before - got:
            record = index.records[position]
            result = compare_units(parts, units, weights, record.parts, record.units,
                                   record.weights)
            assert round(result.score * 100, 1) < index.min_score, (query, record.alias.name)
            cut += 1
    return cut


def al_list(size: int, seed: int) -> LoadedList:
    """Entries that share a common word ("Al") and a small vocabulary, as Arabic trade names do:
    long posting lists, records met through two or more words, initials and patronymics."""
    rng = random.Random(seed)
    words = ["Salam", "Amal", "Noor", "Waha", "Rayyan", "Khaleej", "Safa", "Baraka", "Hikma",
             "Tijara", "Manar", "Jazeera", "Fajr", "Hilal", "Nahda", "Zahra", "Ittihad", "Wafa"]
    trades = ["Trading", "Furniture", "Textiles", "Transport", "Foodstuff", "Exchange",
              "Contracting", "Printing", "General Trading", "Shipping Agencies"]
    names: list[str] = []
    for i in range(size):
        form = i % 5
        a, b = rng.sample(words, 2)
        if form == 0:
            names.append(f"Al {a} {rng.choice(trades)}")
        elif form == 1:
            names.append(f"Al {a} Al {b} {rng.choice(trades)} LLC")
        elif form == 2:
            names.append(f"{a} {b} Al {rng.choice(words)}")
        elif form == 3:
            names.append(f"M. {a} Al {b}")
        else:
            names.append(f"{a} Ivanovich Al {b}")
    return make_list("al", names)


def al_queries(listed: LoadedList, seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    names = [e.name for e in listed.entries]
    queries = [q for name in rng.sample(names, count // 3) for q in variants(name, rng)]
    queries += [
        "Al Salam General Trading (Ajman) LLC", "Al Khaleej Furniture (Amman) FZE", "Al",
        "Salam", "Al Al Al", "M. Salam", "Noor Al Safa Ivanovich", "Alsalam Tijara",
        "Al Salaam Transport Alexandria", "Hikmah Al Manar Contracting Co",
    ]
    return queries[:count]


@pytest.mark.parametrize("min_score", [80.0, 60.0])
def test_long_posting_lists_lose_nothing_and_keep_the_old_results(min_score: float) -> None:
    listed = al_list(600, 6)
    index = NameIndex([listed], min_score=min_score)
    assert max(end - start for start, _, end in index.tables.postings().values()) > 256
    queries = al_queries(listed, 7, 80)
    assert assert_no_loss(index, queries[:30]) > 10
    assert assert_same_as_before(index, queries) > 0  # the new bound cut something


@pytest.mark.skipif(not OFAC_SDN.is_file(), reason="shared OFAC data not available")
def test_real_sdn_names_keep_the_old_results() -> None:
    rng = random.Random(11)
    with OFAC_SDN.open(encoding="latin-1", newline="") as handle:
        names = [
            row[1].strip()
            for row in csv.reader(handle)
            if len(row) > 2 and row[0].strip().isdigit()
        ]
    sample = rng.sample(names, 1500)
    index = NameIndex([make_list("sdn", sample)], min_score=70.0)
    queries = [q for name in rng.sample(sample, 60) for q in variants(name, rng)]
    queries += [" ".join(two_end_typos(name, rng)) for name in rng.sample(sample, 60)]
    assert assert_same_as_before(index, queries) > 0


def two_end_typos(name: str, rng: random.Random) -> list[str]:
    """The words of `name`, shuffled, each long one with a typo at each end, plus a filler word:
    the pairings the edit-budget lookup misses (see index.NameIndex._blind_keys)."""
    words = name.replace(",", " ").split()
    rng.shuffle(words)
    changed = [rng.choice("bdgkmpt") + w[1:-1] + rng.choice("aeiou") if len(w) >= 9 else w
               for w in words]
    return [*changed, "Sinai"]


def test_a_typo_at_each_end_still_finds_what_it_found_before() -> None:
    # "ONTENEGROv" is "MONTENEGRO" with its first letter lost and a letter added at the end: the
    # lookup, which scans words sharing a first or last letter, misses the pairing, while
    # compare_names makes it (0.8). Before issue 6 the alias was still bounded by the words the
    # query reaches and found; the query-side bound must not count "ONTENEGROv" as unpaired.
    names = ["MONTENEGRO ESPINOZA, Luis Angel", "Alpha Beta", "Gamma Delta", "Kappa Lambda"]
    matcher = Matcher([make_list("t", names)], threshold=80)
    query = "ESPINOZA Sinai Angel ONTENEGROv Luis"
    parts = matcher.index.analyze(query)
    assert "montenegro" not in matcher.index.reach(parts).keys
    assert "montenegro" in matcher.index.reach(parts).blind
    hits = matcher.match_party(Party("buyer", query))
    assert [h.entry_name for h in hits] == ["MONTENEGRO ESPINOZA, Luis Angel"]


def test_a_four_letter_plural_is_a_blind_spot_the_bound_allows_for() -> None:
    # "mill" / "mils": skeletons "mil" / "mils", a plural pair (0.95) under an edit budget of 0.
    names = ["Mils Zapad Kombinat Ural", "Alpha Beta", "Gamma Delta"]
    index = NameIndex([make_list("t", names)], min_score=70)
    query = "Mill Kombinat Sinai Zapad Ural"
    reach = index.reach(index.analyze(query))
    assert "mils" not in reach.keys and "mils" in reach.blind
    assert_no_loss(index, [query])
    assert [r.alias.name for r in index.candidate_records(index.analyze(query))] == [names[0]]


def test_trims_hold_every_word_two_edits_away_with_both_ends_changed() -> None:
    # The claim _blind_keys rests on, on every pair of words of up to 5 and 7 letters over a
    # three-letter alphabet (where edits interfere most), then on random longer ones.
    from itertools import product

    from rapidfuzz.distance import OSA

    from screener.index import _trims

    for size in range(1, 6):
        for query in map("".join, product("abc", repeat=size)):
            trims = _trims(query)
            for other in range(max(1, size - 2), size + 3):
                for word in map("".join, product("abc", repeat=other)):
                    if (word[0] != query[0] and word[-1] != query[-1]
                            and OSA.distance(query, word) <= 2):
                        assert word[1:-1] in trims, (query, word)
    rng = random.Random(3)
    for _ in range(3000):
        query = "".join(rng.choice("abcd") for _ in range(rng.randint(6, 14)))
        word = list(query)
        word[0] = rng.choice("efg")
        word.insert(rng.randrange(2, len(word)), rng.choice("abcd"))
        word[-1] = rng.choice("efg")
        text = "".join(word)
        if OSA.distance(query, text) <= 2:
            assert text[1:-1] in _trims(query)


def test_near_keys_are_those_within_the_budget_that_share_an_end() -> None:
    # _near_keys scans only some lengths and buckets; it must find what a scan of every word
    # finds: the texts within the budget of the longer, and the keys within the budget of the
    # longer of the query's text and the key's longest text, sharing a first or last letter.
    from rapidfuzz.distance import OSA

    from screener.normalize import edit_budget

    listed = al_list(300, 9)
    index = NameIndex([listed, make_list("p", PEOPLE)], min_score=70)
    tables = index.tables
    rng = random.Random(4)
    queries = [q for e in rng.sample(listed.entries, 30) for q in variants(e.name, rng)]
    for query in [*queries, *PEOPLE_QUERIES]:
        for _, unit in word_units(index.analyze(query).tokens, index.analyzer.token):
            expected: set[str] = set()
            if unit.text.isascii() and not unit.numeric:
                for text, key in tables.text_keys().items():
                    budget = edit_budget(max(len(text), len(unit.text)))
                    if (budget and (text[0] == unit.text[0] or text[-1] == unit.text[-1])
                            and OSA.distance(text, unit.text) <= budget):
                        expected.add(key)
                for key, longest in tables.longest_texts().items():
                    budget = edit_budget(max(longest, len(unit.text)))
                    if (key and unit.key and budget
                            and (key[0] == unit.key[0] or key[-1] == unit.key[-1])
                            and OSA.distance(key, unit.key) <= budget):
                        expected.add(key)
            expected.discard(unit.key)
            assert set(index._near_keys(unit)) == expected, unit.text


@pytest.mark.parametrize("min_score", [0.0, 30.0, 80.0])
def test_fixture_queries_keep_the_old_results(watchlist: LoadedList, min_score: float) -> None:
    index = NameIndex([watchlist], min_score=min_score)
    assert_same_as_before(index, fixture_queries(watchlist)[:150])


def test_within_finds_exactly_the_words_an_osa_scan_finds() -> None:
    # _within filters by Indel distance before measuring OSA distance: it must keep every word
    # the plain scan keeps (swaps, substitutions, insertions and deletions near each other).
    from rapidfuzz.distance import OSA

    from screener.index import _within

    rng = random.Random(5)
    for _ in range(300):
        word = "".join(rng.choice("abcd") for _ in range(rng.randint(1, 12)))
        choices = ["".join(rng.choice("abcd") for _ in range(rng.randint(1, 14)))
                   for _ in range(60)]
        choices += [typo(typo(word, rng), rng) for _ in range(20)]
        for budget in (0, 1, 2):
            expected = [i for i, c in enumerate(choices) if OSA.distance(word, c) <= budget]
            assert sorted(_within(word, choices, budget)) == expected, (word, budget)


def test_tables_hold_every_unit_text_key_and_posting(watchlist: LoadedList) -> None:
    # The compact tables (joined words, arrays by key number) say what the records say.
    index = NameIndex([watchlist, make_list("p", PEOPLE)], min_score=70)
    tables = index.tables
    text_keys: dict[str, str] = {}
    longest: dict[str, int] = {}
    filed: dict[str, set[int]] = {}
    for record in index.records:
        for _, unit in record.units:
            text_keys[unit.text] = unit.key
            longest[unit.key] = max(longest.get(unit.key, 0), len(unit.text))
    assert tables.text_keys() == {t: k for t, k in text_keys.items() if t}
    assert tables.longest_texts() == longest
    for key, (start, _, end) in tables.postings().items():
        filed[key] = set(tables.posting_positions[start:end])
        for position in filed[key]:
            assert key in {unit.key for _, unit in index.records[position].units}
    assert set(filed) <= set(longest)
    for text, key in text_keys.items():
        if text:
            words, numbers = index._text_bucket(len(text), "^" + text[0])
            assert index._keys[numbers[words.index(text)]] == key
    assert index.document_frequency("no-such-key") == 0
    joined = next(u for r in index.records for i, u in r.units if len(i) == 2)
    assert index.document_frequency(joined.key) == 0  # words run together are no entry's word
    assert index.idf(joined.key) == index.idf("no-such-key")


def test_candidates_with_the_callers_units_and_weights_are_those_made_here() -> None:
    # The matcher hands candidate_records the units and weights of its query so that they are not
    # made twice; they must give the very candidates (and Reach) made from the parts alone.
    names = ["Wuhan Tongsheng Technology Co., Ltd.", "Hikvision Digital Technology",
             "Al Salam Trading FZCO", "Poly Technologies Inc.", "Rosoboronexport"]
    index = NameIndex([make_list("p", names)], min_score=50)
    for query in ["Wuhan Tongsheng", "Hik Vision Digital", "Al-Salam Trading", "Poly Tech Inc",
                  "Rosoboron Export", "Tongsheng Poly"]:
        parts = index.analyze(query)
        units = word_units(parts.tokens, index.analyzer.token)
        weights = index.weights(parts)
        assert index.reach(parts, units, weights) == index.reach(parts)
        given = index.candidate_records(parts, units, weights)
        assert given == index.candidate_records(parts)
        assert given, query


def test_remembered_spans_are_the_tables_postings(watchlist: LoadedList) -> None:
    # _span remembers each key's span (the keys a ledger reaches repeat across names); asked
    # twice, every key must still give the tables' posting span, and a key filed nowhere None.
    index = NameIndex([watchlist], min_score=70)
    postings = index.tables.postings()
    keys = [*index.tables.key_list(), "zzqxj", ""]
    for _ in range(2):
        assert {key: index._span(key) for key in keys} == {key: postings.get(key) for key in keys}
