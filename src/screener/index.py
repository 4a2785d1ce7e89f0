"""Candidate retrieval: for an input name, the (Entry, Alias) pairs of the lists worth scoring.

Blocking is on words. Every alias is filed under the spelling skeletons of its distinctive words
and of each pair of adjacent words run together ("Hik Vision" is filed under "hikvision" too); a
query word finds the aliases filed under its own skeleton and under every skeleton within the edit
budget of `normalize.edit_budget` (found by an OSA-distance scan of the vocabulary words of the
same length +-2 that share the query word's first or last letter: exact for one edit, while a word
with a typo at each end is not found; benchmarks/matching/blocking.py measures the loss). Aliases
are filed under their generic words ("technology", "Wuhan") only when those words alone could lift
the alias to the minimum score (`_generic_bound`), and a found alias is kept only when the words the
query can reach could lift it that far (`_reachable_bound`): both are exact upper bounds of
match.compare_names, so these two prunings lose nothing. The index also holds the
corpus statistics the scorer weighs words by (inverse document frequency over entries).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from screener.config import DEFAULT_MATCH_THRESHOLD
from screener.lists import LoadedList
from screener.model import Alias, Entry, Identifier
from screener.normalize import (
    NameAnalyzer,
    NameParts,
    Token,
    edit_budget,
    identifier_key,
    make_token,
)

# How much a generic word ("technology", "trading", "Shenzhen") weighs relative to a distinctive
# word of the same rarity. 0.3 is the largest round factor at which the near-miss pairs of
# tests/fixtures/match (e.g. "Wuhan Gaoxin Technology" / "Wuhan Tongsheng Technology", "Poly
# Technologies" / "China Poly Group") stay below the default threshold of 80 while legal-form,
# word-order and one-typo variants stay above it; issue 5's benchmark retunes it.
GENERIC_WEIGHT = 0.3

# How much a patronymic found in only one of two names counts against their match: the lists give
# them for some people and not others ("PUTIN, Vladimir Vladimirovich" / "Vladimir PUTIN"), so its
# absence is a detail. A fifth of its weight keeps "Vladimir Putin" at about 93 against the full
# name; two different patronymics count in full (match._unpaired). Here because the index's
# bounds must allow for it.
PATRONYMIC_UNPAIRED = 0.2

# Fuzzy lookups are cached per query word; ledgers repeat the same names. The bound keeps memory
# flat on huge inputs (each cached word holds a few short strings).
_FUZZY_CACHE_SIZE = 100_000

# Scores are reported to one decimal, so a score this far below the minimum may round up to it.
_ROUNDING = 0.05

Unit = tuple[tuple[int, ...], Token]


def word_units(
    tokens: Sequence[Token], make: Callable[[str], Token] = make_token
) -> tuple[Unit, ...]:
    """The units a name is compared in: each word, and each adjacent pair of words run together.

    "Hik Vision" then meets "Hikvision" and "Da Jiang" meets "Dajiang". Each unit carries the
    indices of the words it covers. Chinese runs are not joined (they are already unspaced).
    `make` makes the joined tokens (a NameAnalyzer's remembering `token`, at index time).
    """
    units: list[Unit] = [((i,), t) for i, t in enumerate(tokens)]
    for i in range(len(tokens) - 1):
        left, right = tokens[i], tokens[i + 1]
        if not (left.han or right.han):
            units.append(((i, i + 1), make(left.text + right.text)))
    return tuple(units)


def _unpaired_floor(token: Token, weight: float) -> float:
    """The least a word of an alias can count against a match when it stays unpaired."""
    return weight * PATRONYMIC_UNPAIRED if token.patronymic else weight


@dataclass(frozen=True, slots=True)
class AliasRecord:
    """One name of one list entry, analysed and weighed once at index time."""

    entry: Entry
    alias: Alias
    parts: NameParts
    list_name: str
    position: int  # order of loading: list, entry, alias; keeps every result deterministic
    units: tuple[Unit, ...]
    weights: tuple[float, ...]  # the weight of each of parts.tokens


@dataclass(frozen=True, slots=True)
class IndexTables:
    """Everything a NameIndex holds except its alias records: small enough to load whole.

    The records themselves may stay on disk (index_store.py loads them one by one as queries reach
    them), so a one-row check does not pay for the whole index.
    """

    min_score: float
    entry_count: int
    document_frequency: dict[str, int]
    postings: dict[str, tuple[int, ...]]  # unit key -> record positions
    by_entry: dict[tuple[str, str], tuple[int, ...]]  # (list id, entry id) -> record positions
    # (length, end) -> the unit keys / texts of that length with that first ("^" + letter) or last
    # ("$" + letter) letter: see _near_keys.
    vocabulary: dict[tuple[int, str], tuple[str, ...]]
    texts: dict[tuple[int, str], tuple[str, ...]]
    text_keys: dict[str, str]
    longest_text: dict[str, int]
    identifiers: dict[str, tuple[tuple[str, str], ...]]


class NameIndex:
    """Candidate retrieval over the aliases of the loaded lists, plus the word weights."""

    def __init__(
        self, lists: Sequence[LoadedList], *, min_score: float = DEFAULT_MATCH_THRESHOLD
    ) -> None:
        """Index every alias of every entry.

        `min_score` (0-100) is the lowest score the caller will keep; candidates that cannot
        reach it are not returned.
        """
        analyzer = NameAnalyzer()
        tables, records = _build(lists, min_score, analyzer)
        self._attach(tables, records, analyzer)

    @classmethod
    def from_tables(
        cls, tables: IndexTables, records: Sequence[AliasRecord]
    ) -> NameIndex:
        """An index over records built before (index_store.py), with a fresh analyser."""
        index = cls.__new__(cls)
        index._attach(tables, records, NameAnalyzer())
        return index

    def _attach(
        self, tables: IndexTables, records: Sequence[AliasRecord], analyzer: NameAnalyzer
    ) -> None:
        self.min_score = tables.min_score
        self._analyzer = analyzer
        self._tables = tables
        self._entries = tables.entry_count
        self._df = tables.document_frequency
        self._records = records
        self._by_entry = tables.by_entry
        self._postings = tables.postings
        self._vocabulary = tables.vocabulary
        self._texts = tables.texts
        self._longest = max((n for n, _ in tables.texts), default=0)
        self._text_keys = tables.text_keys
        self._longest_text = tables.longest_text
        self._identifiers = tables.identifiers
        self._fuzzy_cache: dict[str, tuple[str, ...]] = {}
        # What _reachable_bound needs of each record, kept apart from the records so that a
        # saved index answers it without unpickling every record a common word files.
        self._bounds: dict[int, BoundData] = {}

    @property
    def tables(self) -> IndexTables:
        """The index without its records, for index_store.py to save."""
        return self._tables

    @property
    def record_store(self) -> Sequence[AliasRecord]:
        """The records by position, as held (in memory or loaded from disk on demand)."""
        return self._records

    # --- corpus statistics --------------------------------------------------------------------

    @property
    def records(self) -> tuple[AliasRecord, ...]:
        """Every indexed alias, in load order (all loaded, if they were on disk)."""
        return tuple(self._records)

    @property
    def entry_count(self) -> int:
        return self._entries

    def document_frequency(self, key: str) -> int:
        """How many loaded entries have a name with this word skeleton (0 for an unknown word)."""
        return self._df.get(key, 0)

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency of a word skeleton over the loaded entries.

        ln((N + 1) / (df + 1)) + 1, the smoothed form scikit-learn's TfidfVectorizer uses; a word
        no entry uses gets the highest value (it is as rare as a word can be).
        """
        return _idf(self._df, self._entries, key)

    @property
    def analyzer(self) -> NameAnalyzer:
        """The index's remembering analyser, shared with the matcher's queries."""
        return self._analyzer

    def analyze(self, name: str) -> NameParts:
        """normalize.analyze_name, remembered across the index build and the queries."""
        return self._analyzer.analyze(name)

    def weight(self, token: Token) -> float:
        """How much a word counts in a name comparison: rarer counts more, generic counts less."""
        return self.idf(token.key) * (GENERIC_WEIGHT if token.generic else 1.0)

    def weights(self, parts: NameParts) -> tuple[float, ...]:
        """The weight of each word of an analysed name."""
        return tuple(self.weight(t) for t in parts.tokens)

    def _record(
        self, entry: Entry, alias: Alias, parts: NameParts, list_name: str, position: int
    ) -> AliasRecord:
        return _make_record(entry, alias, parts, list_name, position, self._analyzer,
                            self.weights(parts))

    def record_for(self, entry: Entry, alias: Alias, list_name: str) -> AliasRecord:
        """The record of an (entry, alias) pair; built on the fly (unindexed) if not loaded."""
        for record in self.entry_records(entry):
            if record.alias == alias:
                return record
        return self._record(entry, alias, self.analyze(alias.name), list_name, -1)

    @staticmethod
    def _generic_bound(record: AliasRecord) -> float:
        """The best score (0-1) an alias could get if only its generic words were paired.

        With the weighted agreement of match.compare_names, pairing generic weight G of an alias
        that also holds distinctive weight D scores at most 2G / (2G + D); a patronymic counts
        PATRONYMIC_UNPAIRED of its weight in D, as it may when the query has none.
        """
        tokens = record.parts.tokens
        generic = 0.0
        distinctive = 0.0
        for token, weight in zip(tokens, record.weights, strict=True):
            if token.generic:
                generic += weight
            else:
                distinctive += _unpaired_floor(token, weight)
        if distinctive == 0:
            return 1.0
        return 2 * generic / (2 * generic + distinctive)

    @staticmethod
    def _reachable_bound(
        record: AliasRecord, reached: set[str], initials: set[str], letters: set[str]
    ) -> float:
        """The best score (0-1) an alias could get when only the words the query reaches pair.

        A word is reachable when a unit covering it has a key the query reached (its own key or
        one within the edit budget), or when an initial can stand for it: a query initial for a
        distinctive alias word with that first letter, an alias initial for a query word with
        it. Pairing all reachable weight P perfectly, with the rest R unpaired (a patronymic at
        its reduced weight), scores 2P / (2P + R); compare_names can do no better.
        """
        return reachable_bound(bound_data(record), reached, initials, letters)

    # --- retrieval ----------------------------------------------------------------------------

    def _near_keys(self, unit: Token) -> tuple[str, ...]:
        """Vocabulary keys of the words within the edit budget of `unit` (its own key excluded).

        As match.token_similarity measures it: OSA distance on the spellings as written or on
        the skeletons, whichever is smaller, within normalize.edit_budget of the longer spelling.
        A key is returned when any spelling filed under it could be that near (a superset).
        """
        cached = self._fuzzy_cache.get(unit.text)
        if cached is not None:
            return cached
        found: set[str] = set()
        text, key = unit.text, unit.key
        if text.isascii() and not unit.numeric:
            for other in range(max(1, len(text) - 2), len(text) + 3):
                budget = edit_budget(max(len(text), other))
                choices = _ends(self._texts, other, text)
                if budget == 0 or not choices:
                    continue
                for match, _distance, _ in process.extract(
                    text, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
                ):
                    found.add(self._text_keys[match])
            widest = edit_budget(max(len(text), self._longest))
            for other in range(max(1, len(key) - widest), len(key) + widest + 1):
                choices = _ends(self._vocabulary, other, key) if key else ()
                if widest == 0 or not choices:
                    continue
                for match, distance, _ in process.extract(
                    key, choices, scorer=OSA.distance, score_cutoff=widest, limit=None
                ):
                    budget = edit_budget(max(len(text), self._longest_text[match]))
                    if distance <= budget:
                        found.add(match)
        found.discard(key)
        result = tuple(sorted(found))
        if len(self._fuzzy_cache) >= _FUZZY_CACHE_SIZE:
            self._fuzzy_cache.pop(next(iter(self._fuzzy_cache)))
        self._fuzzy_cache[unit.text] = result
        return result

    def candidate_records(self, parts: NameParts) -> tuple[AliasRecord, ...]:
        """The aliases that could score at least `min_score` against `parts`, in load order.

        An alias is a candidate when it shares a word with the query (exactly, by spelling
        skeleton or within the edit budget) and the words the query reaches could lift it to
        min_score.
        """
        reached: set[str] = set()
        positions: set[int] = set()
        for _, unit in word_units(parts.tokens, self._analyzer.token):
            for key in (unit.key, *self._near_keys(unit)):
                reached.add(key)
                positions.update(self._postings.get(key, ()))
        initials = {t.text for t in parts.tokens if t.initial}
        letters = {t.text[:1] for t in parts.tokens if not t.generic and not t.han}
        floor = (self.min_score - _ROUNDING) / 100
        return tuple(
            self._records[p]
            for p in sorted(positions)
            if reachable_bound(self._bound_data(p), reached, initials, letters) >= floor
        )

    def _bound_data(self, position: int) -> BoundData:
        found = self._bounds.get(position)
        if found is None:
            bounds = getattr(self._records, "bound_data", None)
            found = bounds(position) if bounds is not None else bound_data(self._records[position])
            self._bounds[position] = found
        return found

    def candidates(self, name: str) -> Sequence[tuple[Entry, Alias]]:
        """For an input name, the (Entry, Alias) pairs worth scoring, in load order."""
        return tuple((r.entry, r.alias) for r in self.candidate_records(self.analyze(name)))

    def entry_records(self, entry: Entry) -> tuple[AliasRecord, ...]:
        """Every indexed alias of one entry."""
        return self.records_of((entry.list_id, entry.entry_id))

    def entries_with_identifiers(
        self, identifiers: Iterable[Identifier]
    ) -> tuple[tuple[str, str], ...]:
        """(list id, entry id) of the entries carrying any of these identifier values."""
        found: list[tuple[str, str]] = []
        for ident in identifiers:
            for entry_key in self._identifiers.get(identifier_key(ident.kind, ident.value), ()):
                if entry_key not in found:
                    found.append(entry_key)
        return tuple(found)

    def records_of(self, entry_key: tuple[str, str]) -> tuple[AliasRecord, ...]:
        """Every indexed alias of the entry with this (list id, entry id)."""
        return tuple(self._records[p] for p in self._by_entry.get(entry_key, ()))


# Per record: (unit key, word indices) pairs, each word's weight and unpaired floor, the first
# letters of its distinctive words and the texts of its initials (see reachable_bound).
BoundData = tuple[
    tuple[tuple[str, tuple[int, ...]], ...],
    tuple[float, ...],
    tuple[float, ...],
    tuple[tuple[int, str], ...],
    tuple[tuple[int, str], ...],
]


def bound_data(record: AliasRecord) -> BoundData:
    """What reachable_bound needs of `record`, in plain tuples (cheap to pickle and load)."""
    tokens = record.parts.tokens
    return (
        tuple((unit.key, indices) for indices, unit in record.units),
        record.weights,
        tuple(_unpaired_floor(t, w) for t, w in zip(tokens, record.weights, strict=True)),
        tuple((i, t.text[:1]) for i, t in enumerate(tokens) if not t.generic),
        tuple((i, t.text) for i, t in enumerate(tokens) if t.initial),
    )


def reachable_bound(
    data: BoundData, reached: set[str], initials: set[str], letters: set[str]
) -> float:
    """NameIndex._reachable_bound on a record's BoundData."""
    units, weights, floors, firsts, initial_texts = data
    possible: set[int] = set()
    for key, indices in units:
        if key in reached:
            possible.update(indices)
    if initials:
        for i, letter in firsts:
            if letter in initials:
                possible.add(i)
    if letters:
        for i, text in initial_texts:
            if text in letters:
                possible.add(i)
    if not possible:
        return 0.0
    paired = 0.0
    rest = 0.0
    for i, weight in enumerate(weights):
        if i in possible:
            paired += weight
        else:
            rest += floors[i]
    if paired == 0:
        return 0.0
    return 2 * paired / (2 * paired + rest)


def _ends(
    buckets: Mapping[tuple[int, str], tuple[str, ...]], length: int, word: str
) -> tuple[str, ...]:
    """The words of `length` that begin with `word`'s first letter or end with its last.

    One edit never changes both ends of a word, so every word within one edit is here; two edits
    can (a typo at each end), and such words are not found: scanning only these buckets instead
    of every word of the length is what makes a fuzzy lookup take a millisecond instead of ten.
    benchmarks/matching/blocking.py measures what that costs in true matches.
    """
    first = buckets.get((length, "^" + word[0]), ())
    last = buckets.get((length, "$" + word[-1]), ())
    return first + last if first and last else first or last


def _make_record(
    entry: Entry,
    alias: Alias,
    parts: NameParts,
    list_name: str,
    position: int,
    analyzer: NameAnalyzer,
    weights: tuple[float, ...],
) -> AliasRecord:
    units = word_units(parts.tokens, analyzer.token)
    return AliasRecord(entry, alias, parts, list_name, position, units, weights)


def _idf(df: Mapping[str, int], entries: int, key: str) -> float:
    found = df.get(key)
    if found is None:
        return math.log(entries + 1) + 1.0
    return math.log((entries + 1) / (found + 1)) + 1.0


def _build(
    lists: Sequence[LoadedList], min_score: float, analyzer: NameAnalyzer
) -> tuple[IndexTables, tuple[AliasRecord, ...]]:
    """Analyse and file every alias of `lists` (NameIndex.__init__)."""
    analysed: list[tuple[Entry, Alias, NameParts, str]] = []
    document_frequency: dict[str, int] = defaultdict(int)
    entry_keys: set[tuple[str, str]] = set()
    for loaded in lists:
        for entry in loaded.entries:
            words: set[str] = set()
            for alias in entry.all_aliases():
                parts = analyzer.analyze(alias.name)
                if parts.tokens:
                    analysed.append((entry, alias, parts, loaded.name))
                    words.update(t.key for t in parts.tokens)
            entry_keys.add((entry.list_id, entry.entry_id))
            # Counted once per entry: ten spellings of one rare word keep it rare.
            for word in words:
                document_frequency[word] += 1
    entries = len(entry_keys)
    df = dict(document_frequency)

    def weight(token: Token) -> float:
        return _idf(df, entries, token.key) * (GENERIC_WEIGHT if token.generic else 1.0)

    records: list[AliasRecord] = []
    by_entry: dict[tuple[str, str], list[int]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    # Every unit key, filed or not: the reachable bound must see a fuzzy pairing with an
    # unfiled generic word too, or it would under-estimate.
    all_keys: set[str] = set()
    # Every unit text with its key: a typo is found on the spelling as written too
    # (match.token_similarity takes the nearer of the two).
    text_keys: dict[str, str] = {}
    for entry, alias, parts, list_name in analysed:
        weights = tuple(weight(t) for t in parts.tokens)
        record = _make_record(entry, alias, parts, list_name, len(records), analyzer, weights)
        records.append(record)
        by_entry[(entry.list_id, entry.entry_id)].append(record.position)
        reach_by_generic = NameIndex._generic_bound(record) * 100 >= min_score - _ROUNDING
        for indices, unit in record.units:
            all_keys.add(unit.key)
            text_keys[unit.text] = unit.key
            distinctive = any(not parts.tokens[i].generic for i in indices)
            if distinctive or reach_by_generic:
                bucket = postings[unit.key]
                if not bucket or bucket[-1] != record.position:
                    bucket.append(record.position)
    vocabulary: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key in all_keys:
        if key:
            vocabulary[(len(key), "^" + key[0])].append(key)
            vocabulary[(len(key), "$" + key[-1])].append(key)
    texts: dict[tuple[int, str], list[str]] = defaultdict(list)
    longest_text: dict[str, int] = {}
    for text, key in text_keys.items():
        if text:
            texts[(len(text), "^" + text[0])].append(text)
            texts[(len(text), "$" + text[-1])].append(text)
        longest_text[key] = max(longest_text.get(key, 0), len(text))
    identifiers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry_key, positions in by_entry.items():
        for ident in records[positions[0]].entry.identifiers:
            key = identifier_key(ident.kind, ident.value)
            if key and entry_key not in identifiers[key]:
                identifiers[key].append(entry_key)
    tables = IndexTables(
        min_score=min_score,
        entry_count=entries,
        document_frequency=df,
        postings={k: tuple(v) for k, v in postings.items()},
        by_entry={k: tuple(v) for k, v in by_entry.items()},
        vocabulary={n: tuple(sorted(keys)) for n, keys in vocabulary.items()},
        texts={n: tuple(sorted(words)) for n, words in texts.items()},
        text_keys=text_keys,
        longest_text=longest_text,
        identifiers={k: tuple(v) for k, v in identifiers.items()},
    )
    return tables, tuple(records)
