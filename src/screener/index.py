"""Candidate retrieval: for an input name, the (Entry, Alias) pairs of the lists worth scoring.

Blocking is on words. Every alias is filed under the spelling skeletons of its distinctive words
and of each pair of adjacent words run together ("Hik Vision" is filed under "hikvision" too); a
query word finds the aliases filed under its own skeleton and under every skeleton within the edit
budget of `normalize.edit_budget` (found by an OSA-distance scan of the vocabulary words of the
same length +-2 that share the query word's first or last letter: exact for one edit, while a word
with a typo at each end is not found, though the bounds below allow for it (_blind_keys);
benchmarks/matching/blocking.py measures the loss). Aliases
are filed under their generic words ("technology", "Wuhan") only when those words alone could lift
the alias to the minimum score (`_generic_bound`), and a found alias is kept only when the words
the query can reach could lift it that far (`reaches`, which also counts the query words that
reach none of the alias's words). Most aliases a query finds share one word with it; each posting
list is sorted by how well its aliases would do if met only through its word (`_tolerance`), so
only those met through two or more words and the head of each list are checked one by one
(`_positions`). All of these are exact upper bounds of match.compare_names, and `reaches` keeps
exactly the aliases the bound before issue 6 kept less some that compare_names scores below the
minimum, so the matcher's results do not change. The index also holds the corpus statistics the
scorer weighs words by (inverse document frequency over entries).
"""

from __future__ import annotations

import math
import pickle
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

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

# Room for the rounding of sums of a few floats (about 1e-16 each) in the tolerance test of
# _positions, so that it can never drop an alias `reaches` keeps.
_SLACK = 1e-9

# The longest posting list a query reads to find the aliases it shares with its other lists; a
# longer one ("al" files 8,000 aliases of the official lists) is looked up in a set made the first
# time a query reaches it. Reading a list costs about 70 ns a position every time, making its set
# about 45 ns a position once (measured with CPython 3.11), so a list reached twice pays for its
# set; 256 keeps the sets to the 63 longest lists of the official lists (40,000 positions).
_SET_POSTINGS = 256

Unit = tuple[tuple[int, ...], Token]
K = TypeVar("K")


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
    """Everything a NameIndex holds except its alias records, in a form that loads in milliseconds.

    The records themselves may stay on disk (index_store.py loads them one by one as queries reach
    them), so a one-row check does not pay for the whole index. Unpickling costs about 0.2 us an
    object, and a dict of 100,000 words in object form took 0.18 s of a one-row check's 0.75 s
    (issue 6), so the words are kept as a few long strings and the numbers beside them as arrays:
    NameIndex splits a string into words, or unpickles a rarely used mapping, the first time a
    query needs it (a one-row check splits a few dozen vocabulary buckets of some thousands).
    """

    min_score: float
    entry_count: int
    record_count: int
    # Every unit key of every record, sorted and joined by newlines (a word never holds one: the
    # analyser splits names on white space); a key's number is its place in that order.
    keys: str
    key_count: int
    # Per key number: how many entries have a word with this key (0 when no word has it: a key of
    # words run together, which _idf_of weighs as a word no entry uses, as before), and the
    # length of the longest unit text filed under it.
    document_frequency: array[int]
    longest_text: array[int]
    # Per key number: (start, middle, end) in posting_positions of the records filed under it
    # (start -1: none); those without initials [start, middle) then those with [middle, end),
    # each part by tolerance (_tolerance), highest first, with their negated tolerances (so
    # ascending) in posting_tolerance.
    posting_starts: array[int]
    posting_middles: array[int]
    posting_ends: array[int]
    posting_positions: array[int]
    posting_tolerance: array[float]
    # The keys of the units some alias is not filed under (generic words, see _generic_bound).
    unfiled_keys: frozenset[str]
    # (length, end) -> the unit texts of that length with that first ("^" + letter) or last
    # ("$" + letter) letter, sorted and joined by newlines, with the key number of each;
    # (length, end, budget) -> the unit keys likewise, whose longest text has that edit budget
    # (see _near_keys).
    texts: dict[tuple[int, str], tuple[str, array[int]]]
    vocabulary: dict[tuple[int, str, int], str]
    # Every unit text of 7 letters or more and every unit key, ordered by the CRC-32 of the word cut
    # of its first and last letters (trim_hashes, ascending), run together (trim_offsets: word i is
    # trim_words[trim_offsets[i]:trim_offsets[i + 1]]), with the key number of each as a text
    # (-1: not a unit text) and its own key number (-1: not a key): see _blind_keys.
    trim_hashes: array[int]
    trim_words: str
    trim_offsets: array[int]
    trim_text_keys: array[int]
    trim_keys: array[int]
    # Pickled: (list id, entry id) -> record positions, and identifier key -> (list id, entry
    # id)s. A name query reads neither; unpickling them took 40 ms.
    by_entry: bytes
    identifiers: bytes

    def key_list(self) -> list[str]:
        """The unit keys in key-number order."""
        return self.keys.split("\n") if self.key_count else []

    def text_keys(self) -> dict[str, str]:
        """Every unit text with its key (for tests and diagnostics: queries read the buckets)."""
        keys = self.key_list()
        found: dict[str, str] = {}
        for joined, numbers in self.texts.values():
            found.update(zip(joined.split("\n"), (keys[n] for n in numbers), strict=True))
        return found

    def longest_texts(self) -> dict[str, int]:
        """Every unit key with the length of its longest text (for tests and diagnostics)."""
        return {k: n for k, n in zip(self.key_list(), self.longest_text, strict=True) if n >= 0}

    def postings(self) -> dict[str, tuple[int, int, int]]:
        """Every filed key with its (start, middle, end) in posting_positions (for tests)."""
        return {
            key: (start, middle, end)
            for key, start, middle, end in zip(self.key_list(), self.posting_starts,
                                               self.posting_middles, self.posting_ends,
                                               strict=True)
            if start >= 0
        }


@dataclass(frozen=True, slots=True)
class Reach:
    """What one query name can pair with, as `reaches` reads it.

    Word sets are bitmasks over the query's words (bit i: word i). `keys` maps every unit key the
    query reaches (its units' own keys and those within the edit budget, _near_keys) to the words
    whose units reach it. That lookup misses some pairings match.token_similarity makes (see
    _blind_keys): `blind` maps the keys of those to the words that may pair with them, and `wild`
    says the query has a word the lookup skips altogether (neither ASCII nor Chinese nor a
    number), which may pair with any word within the budget. `initials` maps each initial of the
    query to its words; `letters` maps the first letter of each distinctive query unit to the
    words of those units (an alias initial can stand for them), and `single_letters` holds those
    of single distinctive words only (as the bound before issue 6 read them). `floors` is the
    least each query word counts against a match when it stays unpaired.
    """

    keys: dict[str, int]
    blind: dict[str, int]
    wild: bool
    initials: dict[str, int]
    letters: dict[str, int]
    single_letters: frozenset[str]
    floors: tuple[float, ...]


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
        self._posting_starts = tables.posting_starts
        self._posting_middles = tables.posting_middles
        self._posting_ends = tables.posting_ends
        self._posting_positions = tables.posting_positions
        self._posting_tolerance = tables.posting_tolerance
        # The long posting lists as sets, made when a query first reaches them (_positions).
        self._posting_sets: dict[str, frozenset[int]] = {}
        self._unfiled_keys = tables.unfiled_keys
        self._trim_hashes = tables.trim_hashes
        self._trim_words = tables.trim_words
        self._trim_offsets = tables.trim_offsets
        self._trim_text_keys = tables.trim_text_keys
        self._trim_keys = tables.trim_keys
        self._longest_text = tables.longest_text
        self._budgets = sorted({budget for _, _, budget in tables.vocabulary})
        # Made from `tables` the first time a query needs them (see IndexTables).
        self._key_list: list[str] | None = None
        self._key_numbers: dict[str, int] | None = None
        self._text_buckets: dict[tuple[int, str], tuple[tuple[str, ...], array[int]]] = {}
        self._key_buckets: dict[tuple[int, str, int], tuple[str, ...]] = {}
        self._by_entry_map: dict[tuple[str, str], tuple[int, ...]] | None = None
        self._identifier_map: dict[str, tuple[tuple[str, str], ...]] | None = None
        self._fuzzy_cache: dict[str, tuple[str, ...]] = {}
        self._blind_cache: dict[str, tuple[str, ...]] = {}
        self._spans: dict[str, tuple[int, int, int] | None] = {}
        # What `reaches` needs of each record, kept apart from the records so that a
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

    # --- the tables, made on first use -------------------------------------------------------

    @property
    def _keys(self) -> list[str]:
        """The unit keys by key number."""
        if self._key_list is None:
            self._key_list = self._tables.key_list()
        return self._key_list

    @property
    def _numbers(self) -> dict[str, int]:
        """Unit key -> key number."""
        if self._key_numbers is None:
            self._key_numbers = {key: n for n, key in enumerate(self._keys)}
        return self._key_numbers

    def _text_bucket(self, size: int, end: str) -> tuple[tuple[str, ...], array[int]]:
        """The unit texts of a length and end letter (see _ends), with their key numbers."""
        found = self._text_buckets.get((size, end))
        if found is None:
            joined, numbers = self._tables.texts.get((size, end), ("", array("i")))
            # Split once into words laid out one after another in memory: a fuzzy scan reads
            # such words at about 60 % of the cost of the same words scattered over the heap
            # (2.8 against 4.9 CPU seconds for the 5,573 distinct words of the 20,000-row scale
            # ledger's names against every official list), so each bucket has its own copies.
            found = self._text_buckets[(size, end)] = (
                tuple(joined.split("\n")) if numbers else (), numbers
            )
        return found

    def _key_bucket(self, size: int, end: str, budget: int) -> tuple[str, ...]:
        """The unit keys of a length, end letter and edit budget of their longest text."""
        found = self._key_buckets.get((size, end, budget))
        if found is None:
            joined = self._tables.vocabulary.get((size, end, budget))
            found = self._key_buckets[(size, end, budget)] = (
                tuple(joined.split("\n")) if joined is not None else ()
            )
        return found

    def unpack(self) -> None:
        """Make every table now that queries would otherwise make on first use.

        For a process about to fork workers (parallel.py): what it makes before the fork the
        workers share, instead of each making its own copy (about 60 MB and 0.13 s of CPU over
        every official list).
        """
        for size, end in self._tables.texts:
            self._text_bucket(size, end)
        for size, end, budget in self._tables.vocabulary:
            self._key_bucket(size, end, budget)
        _ = self._numbers, self._by_entry, self._identifiers

    @property
    def _by_entry(self) -> dict[tuple[str, str], tuple[int, ...]]:
        if self._by_entry_map is None:
            self._by_entry_map = pickle.loads(self._tables.by_entry)
        return self._by_entry_map

    @property
    def _identifiers(self) -> dict[str, tuple[tuple[str, str], ...]]:
        if self._identifier_map is None:
            self._identifier_map = pickle.loads(self._tables.identifiers)
        return self._identifier_map

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
        number = self._numbers.get(key)
        return 0 if number is None else self._df[number]

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency of a word skeleton over the loaded entries.

        ln((N + 1) / (df + 1)) + 1, the smoothed form scikit-learn's TfidfVectorizer uses; a word
        no entry uses gets the highest value (it is as rare as a word can be).
        """
        return _idf_of(self.document_frequency(key), self._entries)

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
            keys = self._keys
            size = len(text)
            # The OSA distance of two words is at least the difference of their lengths, so
            # only the lengths within the budget are scanned.
            for other in range(max(1, size - 2), size + 3):
                budget = edit_budget(max(size, other))
                if budget == 0 or abs(other - size) > budget:
                    continue
                choices, numbers = self._text_choices(other, text)
                if choices:
                    found.update(keys[numbers[i]] for i in _within(text, choices, budget))
            # A key is within the budget of the longer of `text` and the longest text filed
            # under it; edit_budget rises with length, so that is the larger of the two budgets,
            # and the keys are scanned by the budget of their longest text.
            own = edit_budget(size)
            for budget_kind in self._budgets if key else ():
                budget = max(own, budget_kind)
                if budget == 0:
                    continue  # within no edit: the key itself
                for other in range(max(1, len(key) - budget), len(key) + budget + 1):
                    choices = _ends(self._key_bucket(other, "^" + key[0], budget_kind),
                                    self._key_bucket(other, "$" + key[-1], budget_kind))
                    if choices:
                        found.update(choices[i] for i in _within(key, choices, budget))
        found.discard(key)
        result = tuple(sorted(found))
        if len(self._fuzzy_cache) >= _FUZZY_CACHE_SIZE:
            self._fuzzy_cache.pop(next(iter(self._fuzzy_cache)))
        self._fuzzy_cache[unit.text] = result
        return result

    def _text_choices(self, size: int, text: str) -> tuple[tuple[str, ...], array[int]]:
        """The unit texts of length `size` sharing `text`'s first or last letter (see _ends),
        with their key numbers."""
        first, first_numbers = self._text_bucket(size, "^" + text[0])
        last, last_numbers = self._text_bucket(size, "$" + text[-1])
        if first and last:
            return first + last, first_numbers + last_numbers
        return (first, first_numbers) if first else (last, last_numbers)

    def _blind_keys(self, unit: Token) -> tuple[str, ...]:
        """Keys of the words match.token_similarity may pair with `unit` that _near_keys misses.

        _near_keys scans the words sharing a first or a last letter with `unit`, so it misses a
        word with a typo at each end: two edits, within the budget of a spelling of 9 letters
        or more. Such a word, cut of its first and last letters, is one of the sixteen _trims of
        `unit`'s spelling or key cut likewise (tests/test_index.py checks this on every such pair
        of short words), so those trims are looked up in the trim table, and what they find kept
        when within the budget. It also misses a plural of four letters ("mill" / "mils", under a
        budget of 0) that match._plural_pair still pairs: every key _plural_keys gives that the
        lists hold is kept. (A superset: some of these are found by _near_keys too.)
        """
        cached = self._blind_cache.get(unit.text)
        if cached is not None:
            return cached
        found: set[str] = set()
        text, key = unit.text, unit.key
        keys, longest_text = self._keys, self._longest_text
        words, offsets = self._trim_words, self._trim_offsets
        if len(text) >= 7:  # two edits from a spelling of 9 letters or more
            text_keys = self._trim_text_keys
            for trim in _trims(text):
                for i in self._trimmed(trim):
                    number = text_keys[i]
                    if number >= 0:
                        word = words[offsets[i]:offsets[i + 1]]
                        if (max(len(text), len(word)) >= 9
                                and OSA.distance(text, word, score_cutoff=2) <= 2):
                            found.add(keys[number])
        own_keys = self._trim_keys
        for trim in _trims(key):
            for i in self._trimmed(trim):
                number = own_keys[i]
                if number >= 0:
                    word = words[offsets[i]:offsets[i + 1]]
                    if (max(len(text), longest_text[number]) >= 9
                            and OSA.distance(key, word, score_cutoff=2) <= 2):
                        found.add(word)
        numbers = self._numbers
        found.update(plural for plural in _plural_keys(key)
                     if (n := numbers.get(plural)) is not None and longest_text[n] >= 0)
        found.discard(key)
        result = tuple(sorted(found))
        if len(self._blind_cache) >= _FUZZY_CACHE_SIZE:
            self._blind_cache.pop(next(iter(self._blind_cache)))
        self._blind_cache[unit.text] = result
        return result

    def _trimmed(self, trim: str) -> range:
        """The places in the trim table of the words that are `trim` once cut of their ends (or
        collide)."""
        hashes = self._trim_hashes
        code = _trim_hash(trim)
        start = bisect_left(hashes, code)
        if start == len(hashes) or hashes[start] != code:
            return range(0)
        return range(start, bisect_right(hashes, code, start))

    def reach(
        self,
        parts: NameParts,
        units: Sequence[Unit] | None = None,
        weights: Sequence[float] | None = None,
    ) -> Reach:
        """What the words of `parts` can pair with (see Reach and `reaches`).

        `units` and `weights` are word_units(parts.tokens, self.analyzer.token) and
        self.weights(parts) when the caller has them already (the matcher does), else made here.
        """
        keys: dict[str, int] = {}
        blind: dict[str, int] = {}
        wild = False
        letters: dict[str, int] = {}
        if units is None:
            units = word_units(parts.tokens, self._analyzer.token)
        if weights is None:
            weights = self.weights(parts)
        for indices, unit in units:
            words = _mask(indices)
            for key in (unit.key, *self._near_keys(unit)):
                keys[key] = keys.get(key, 0) | words
            if not unit.generic and not unit.han:
                # match.token_similarity lets an alias initial stand for a distinctive word or
                # words run together with that first letter (numbers included: a superset).
                letters[unit.text[:1]] = letters.get(unit.text[:1], 0) | words
            if unit.numeric or unit.han:
                continue  # paired only when equal in key: always reached
            if not unit.text.isascii():
                wild = True
                continue
            for key in self._blind_keys(unit):
                blind[key] = blind.get(key, 0) | words
        initials: dict[str, int] = {}
        for i, token in enumerate(parts.tokens):
            if token.initial:
                initials[token.text] = initials.get(token.text, 0) | 1 << i
        floors = tuple(
            _unpaired_floor(t, w) for t, w in zip(parts.tokens, weights, strict=True)
        )
        single_letters = frozenset(
            t.text[:1] for t in parts.tokens if not t.generic and not t.han
        )
        return Reach(keys, blind, wild, initials, letters, single_letters, floors)

    def candidate_records(
        self,
        parts: NameParts,
        units: Sequence[Unit] | None = None,
        weights: Sequence[float] | None = None,
    ) -> tuple[AliasRecord, ...]:
        """The aliases that could score at least `min_score` against `parts`, in load order.

        An alias is a candidate when it shares a word with the query (exactly, by spelling
        skeleton or within the edit budget) and the words the query reaches could lift it to
        min_score.
        """
        reach = self.reach(parts, units, weights)
        floor = (self.min_score - _ROUNDING) / 100
        bound = self._bound_data
        return tuple(
            self._records[p]
            for p in sorted(self._positions(reach, floor))
            if reaches(bound(p), reach, floor)
        )

    def _positions(self, reach: Reach, floor: float) -> set[int]:
        """The records `reaches` must check for `reach`: every other one fails it.

        The query-aware bound of `reaches` reads a record through the keys of Reach.keys and
        Reach.blind. A record filed under one of them, k, and under no other can pair only the
        words of k's units, its generic words filed nowhere and its initials; and only the query
        words that reach k, a key filed nowhere, or, if it has initials, a letter. Every other
        query word stays unpaired, and the record reaches the floor only if its tolerance under k
        (_tolerance) covers their floors. So the records to check are those filed under two or
        more of those keys, and those whose tolerance under their one key covers the query words
        that surely stay unpaired: a head of each list, found by bisection. Only the lists of
        Reach.keys give candidates (`reaches` keeps no other). A query initial can pair any alias
        word with its first letter, and with a floor of 0 everything passes: then every record
        found is checked; with a wild word, the query side is not counted (a tolerance of 0).
        """
        span = self._span
        lists = [(key, filed) for key in reach.keys if (filed := span(key)) is not None]
        everything = self._posting_positions
        positions: set[int] = set()
        if floor <= 0 or reach.initials:
            for _, (start, _, end) in lists:
                positions.update(everything[start:end])
            return positions
        # Records in two or more lists: each list against the union of those before it, the
        # longest last, so that it need not be read (a common word's set is made once).
        blind = [(key, filed) for key in reach.blind if key not in reach.keys
                 and (filed := span(key)) is not None]
        every = sorted((*lists, *blind), key=lambda item: item[1][2] - item[1][0])
        seen: set[int] = set()
        for n, (key, (start, _, end)) in enumerate(every):
            if n == len(every) - 1 and end - start > _SET_POSTINGS:
                positions.update(seen.intersection(self._posting_set(key, start, end)))
            else:
                chunk = everything[start:end]
                positions.update(seen.intersection(chunk))
                seen.update(chunk)
        # Query words that reach a key filed nowhere, or a letter, may pair with the generic
        # words or initials of a record filed under a single key.
        generic = 0
        for found in (reach.keys, reach.blind):
            for key, words in found.items():
                if key in self._unfiled_keys:
                    generic |= words
        letters = 0
        for words in reach.letters.values():
            letters |= words
        everyone = (1 << len(reach.floors)) - 1
        unpaired: dict[int, float] = {}

        def unpaired_floor(words: int) -> float:
            if reach.wild:
                return 0.0
            found = unpaired.get(words)
            if found is None:
                found = unpaired[words] = _unpaired(reach.floors, words & everyone)
            return found

        tolerance = self._posting_tolerance
        for key, (start, middle, end) in lists:
            words = reach.keys[key] | reach.blind.get(key, 0) | generic
            cut = bisect_right(tolerance, _SLACK - unpaired_floor(words), start, middle)
            positions.update(everything[start:cut])
            if middle < end:
                cut = bisect_right(
                    tolerance, _SLACK - unpaired_floor(words | letters), middle, end
                )
                positions.update(everything[middle:cut])
        return positions

    def _span(self, key: str) -> tuple[int, int, int] | None:
        """(start, middle, end) in posting_positions of the records filed under `key`."""
        # Remembered per key: the keys a ledger's names reach repeat across names (their common
        # and near words), and _positions reads ~17 a name (py-spy: 3.6 % of match_party).
        spans = self._spans
        if key in spans:
            return spans[key]
        span: tuple[int, int, int] | None = None
        number = self._numbers.get(key)
        if number is not None and (start := self._posting_starts[number]) >= 0:
            span = start, self._posting_middles[number], self._posting_ends[number]
        if len(spans) >= _FUZZY_CACHE_SIZE:
            spans.pop(next(iter(spans)))
        spans[key] = span
        return span

    def _posting_set(self, key: str, start: int, end: int) -> frozenset[int]:
        found = self._posting_sets.get(key)
        if found is None:
            found = self._posting_sets[key] = frozenset(self._posting_positions[start:end])
        return found

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


# Per record, in plain tuples (cheap to pickle and load), with word sets as bitmasks (bit i: word
# i): each unit key once with the words its units cover; each word's weight and unpaired floor;
# the words and first letter of each distinctive unit, and whether it is a single word; and the
# word and letter of each initial.
BoundData = tuple[
    tuple[tuple[str, int], ...],
    tuple[float, ...],
    tuple[float, ...],
    tuple[tuple[int, str, bool], ...],
    tuple[tuple[int, str], ...],
]


def _mask(indices: Iterable[int]) -> int:
    """The bitmask of a set of word indices."""
    mask = 0
    for i in indices:
        mask |= 1 << i
    return mask


def bound_data(record: AliasRecord) -> BoundData:
    """What `reaches` needs of `record`."""
    tokens = record.parts.tokens
    keys: dict[str, int] = {}
    for indices, unit in record.units:
        keys[unit.key] = keys.get(unit.key, 0) | _mask(indices)
    return (
        tuple(keys.items()),
        record.weights,
        tuple(_unpaired_floor(t, w) for t, w in zip(tokens, record.weights, strict=True)),
        tuple((_mask(indices), unit.text[:1], len(indices) == 1)
              for indices, unit in record.units if not unit.generic),
        tuple((1 << i, t.text) for i, t in enumerate(tokens) if t.initial),
    )


def reaches(data: BoundData, reach: Reach, floor: float) -> bool:
    """Whether an alias (its BoundData) could score `floor` (0-1) against the query of `reach`.

    An alias word is reachable when a unit covering it has a key the query reached, or when an
    initial can stand for it: a query initial for a distinctive alias unit with that first
    letter, an alias initial for a distinctive query unit with it (the paths by which
    match.token_similarity pairs two words). Pairing all reachable alias weight P perfectly, with
    the rest R unpaired (each word at its unpaired floor: a patronymic at PATRONYMIC_UNPAIRED of
    its weight, any other at least its weight, as match._unpaired counts them), scores at most
    2P / (2P + R): `B_old`, the bound this index kept aliases by before issue 6 (through
    Reach.keys and initials of single words only).

    The query words are reachable likewise, seen from the alias; the others surely stay
    unpaired and add their floors U: 2P / (2P + R + U), since a paired input word carries the
    weight of the alias word it meets. Read through Reach.blind as well as Reach.keys, and with
    every initial pairing, this is an upper bound `B_all` of compare_names (with a wild query
    word, U is not counted). An alias is kept when both reach the floor: exactly the aliases the
    old bound kept, less some that compare_names scores below the floor, so the matcher reports
    exactly what it did before.
    """
    if floor <= 0:
        return True  # every bound is at least 0
    units, weights, floors, firsts, initials = data
    keys = reach.keys
    alias_words = 0
    query_words = 0
    for key, words in units:
        found = keys.get(key)
        if found is not None:
            alias_words |= words
            query_words |= found
    old_words = alias_words
    if reach.blind:
        blind = reach.blind
        for key, words in units:
            found = blind.get(key)
            if found is not None:
                alias_words |= words
                query_words |= found
    if reach.initials:
        for words, letter, single in firsts:
            found = reach.initials.get(letter)
            if found is not None:
                alias_words |= words
                query_words |= found
                if single:
                    old_words |= words
    if initials and reach.letters:
        for word, letter in initials:
            found = reach.letters.get(letter)
            if found is not None:
                alias_words |= word
                query_words |= found
                if letter in reach.single_letters:
                    old_words |= word
    if not old_words:
        return False
    paired, rest = _split(weights, floors, old_words)
    if paired == 0 or 2 * paired / (2 * paired + rest) < floor:
        return False
    if reach.wild:
        return True
    if alias_words != old_words:
        paired, rest = _split(weights, floors, alias_words)
    return 2 * paired / (2 * paired + rest + _unpaired(reach.floors, query_words)) >= floor


def _split(
    weights: Sequence[float], floors: Sequence[float], words: int
) -> tuple[float, float]:
    """The weight of `words` (a bitmask) and the unpaired floors of the other words."""
    paired = 0.0
    rest = 0.0
    for i, weight in enumerate(weights):
        if words >> i & 1:
            paired += weight
        else:
            rest += floors[i]
    return paired, rest


def _unpaired(floors: Sequence[float], words: int) -> float:
    """The unpaired floors of the query words not in `words` (a bitmask)."""
    total = 0.0
    for j, floor in enumerate(floors):
        if not words >> j & 1:
            total += floor
    return total


def _trim_hash(trim: str) -> int:
    """The trim table's hash of a cut word: CRC-32, the same in every process (unlike hash())."""
    return zlib.crc32(trim.encode("utf-8", "surrogatepass"))


def _trims(word: str) -> set[str]:
    """What a word two edits from `word`, with both ends changed, is once its ends are cut.

    The two edits must change the first letter and the last: at the start a letter is
    substituted, inserted, deleted or swapped with the next, and so at the end. So the word cut of
    its first and last letters is `word` cut at the start in one of four ways (by one letter, by
    none, by two, or by the second letter) and at the end likewise: sixteen trims at most.
    tests/test_index.py checks this against every such pair of short words.
    """
    found: set[str] = set()
    for start in (word[1:], word, word[2:], word[:1] + word[2:]):
        found.update((start[:-1], start, start[:-2], start[:-2] + start[-1:]))
    return found


def _plural_keys(key: str) -> tuple[str, ...]:
    """The keys match._plural_pair pairs with `key` (its plural, or its singular)."""
    found = [key + "s"]
    if key.endswith("s"):
        found.append(key[:-1])
    if key.endswith("i"):
        found.append(key[:-1] + "ies")
    if key.endswith("ies"):
        found.append(key[:-3] + "i")
    return tuple(found)


def _end_keys(word: str) -> tuple[str, str]:
    """The bucket names of `word`'s ends: its first letter, its last."""
    return "^" + word[0], "$" + word[-1]


def _within(word: str, choices: Sequence[str], budget: int) -> list[int]:
    """The places in `choices` of the words within OSA distance `budget` of `word` (any order).

    Each OSA edit (a substitution, an insertion or deletion, a swap of neighbours) is at most two
    insertions or deletions, so those words are among the ones within Indel distance 2 * budget,
    which rapidfuzz finds in about half the time per word (33 against 60 ns for 12-letter words,
    rapidfuzz 3.14); the few it keeps are then measured exactly. Its Indel distance is slower
    with a limit of exactly 2 (58 ns: another algorithm) than with 3, so a budget of 1 filters
    at 3.
    """
    limit = 3 if budget == 1 else 2 * budget
    return [
        i for match, _, i in process.extract(
            word, choices, scorer=Indel.distance, score_cutoff=limit, limit=None
        )
        if OSA.distance(word, match, score_cutoff=budget) <= budget
    ]


def _ends(first: tuple[str, ...], last: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the buckets of a length by a word's first letter and by its last.

    Only the words of a length that begin with a word's first letter or end with its last are
    scanned: one edit never changes both ends of a word, so every word within one edit is among
    them; two edits can (a typo at each end), and such words are not found: scanning only these
    buckets instead of every word of the length is what makes a fuzzy lookup take a millisecond
    instead of ten. benchmarks/matching/blocking.py measures what that costs in true matches;
    NameIndex._blind_keys finds what it misses, for the bounds.
    """
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
    return _idf_of(df.get(key, 0), entries)


def _idf_of(found: int, entries: int) -> float:
    # A word no entry uses (found 0) is as rare as a word can be: ln(N + 1) + 1.
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
    # Every unit key, filed or not: `reaches` must see a fuzzy pairing with an unfiled generic
    # word too, or it would under-estimate.
    all_keys: set[str] = set()
    # Every unit text with its key: a typo is found on the spelling as written too
    # (match.token_similarity takes the nearer of the two).
    text_keys: dict[str, str] = {}
    # unit key -> (has initials, negated tolerance, position) of each record filed under it.
    filed: dict[str, list[tuple[bool, float, int]]] = defaultdict(list)
    unfiled_keys: set[str] = set()
    floor = (min_score - _ROUNDING) / 100
    for entry, alias, parts, list_name in analysed:
        weights = tuple(weight(t) for t in parts.tokens)
        record = _make_record(entry, alias, parts, list_name, len(records), analyzer, weights)
        records.append(record)
        by_entry[(entry.list_id, entry.entry_id)].append(record.position)
        reach_by_generic = NameIndex._generic_bound(record) * 100 >= min_score - _ROUNDING
        keys: dict[str, int] = {}  # unit key -> the words its units cover
        filed_under: set[str] = set()
        hidden = 0  # the words of the units the record is not filed under
        for indices, unit in record.units:
            all_keys.add(unit.key)
            text_keys[unit.text] = unit.key
            keys[unit.key] = keys.get(unit.key, 0) | _mask(indices)
            distinctive = any(not parts.tokens[i].generic for i in indices)
            if distinctive or reach_by_generic:
                filed_under.add(unit.key)
            else:
                hidden |= _mask(indices)
                unfiled_keys.add(unit.key)
        initial_words = _mask(i for i, t in enumerate(parts.tokens) if t.initial)
        for key, covered in keys.items():
            if key in filed_under:
                tolerance = _tolerance(record, covered | hidden | initial_words, floor)
                filed[key].append((initial_words != 0, -tolerance, record.position))
    longest_text: dict[str, int] = {}
    for text, key in text_keys.items():
        longest_text[key] = max(longest_text.get(key, 0), len(text))
    key_list = sorted(all_keys | df.keys())
    if any("\n" in key for key in key_list):
        raise ValueError("a word key holds a newline")  # the analyser splits on white space
    numbers = {key: n for n, key in enumerate(key_list)}
    texts: dict[tuple[int, str], list[str]] = defaultdict(list)
    for text in text_keys:
        if text:
            for end in _end_keys(text):
                texts[(len(text), end)].append(text)
    vocabulary: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for key in all_keys:
        if key:
            budget = edit_budget(longest_text[key])
            for end in _end_keys(key):
                vocabulary[(len(key), end, budget)].append(key)
    identifiers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry_key, positions in by_entry.items():
        for ident in records[positions[0]].entry.identifiers:
            key = identifier_key(ident.kind, ident.value)
            if key and entry_key not in identifiers[key]:
                identifiers[key].append(entry_key)
    missing = array("i", [-1]) * len(key_list)
    starts, middles, ends = array("i", missing), array("i", missing), array("i", missing)
    posting_positions: array[int] = array("i")
    posting_tolerance: array[float] = array("d")
    for key, found in filed.items():
        found.sort()
        start = len(posting_positions)
        middle = start + sum(1 for with_initials, _, _ in found if not with_initials)
        posting_positions.extend(position for _, _, position in found)
        posting_tolerance.extend(negated for _, negated, _ in found)
        number = numbers[key]
        starts[number], middles[number], ends[number] = start, middle, len(posting_positions)
    trimmed = sorted(
        (_trim_hash(word[1:-1]), word)
        for word in {*(t for t in text_keys if len(t) >= 7), *(k for k in all_keys if k)}
    )
    trim_offsets = array("I", [0])
    for _, word in trimmed:
        trim_offsets.append(trim_offsets[-1] + len(word))
    tables = IndexTables(
        min_score=min_score,
        entry_count=entries,
        record_count=len(records),
        keys="\n".join(key_list),
        key_count=len(key_list),
        document_frequency=array("i", [df.get(key, 0) for key in key_list]),
        longest_text=array("i", [longest_text.get(key, -1) for key in key_list]),
        posting_starts=starts,
        posting_middles=middles,
        posting_ends=ends,
        posting_positions=posting_positions,
        posting_tolerance=posting_tolerance,
        unfiled_keys=frozenset(unfiled_keys),
        texts={
            n: ("\n".join(bucket), array("i", [numbers[text_keys[t]] for t in bucket]))
            for n, words in sorted(texts.items()) if (bucket := sorted(words))
        },
        vocabulary={n: "\n".join(sorted(keys)) for n, keys in sorted(vocabulary.items())},
        trim_hashes=array("I", [code for code, _ in trimmed]),
        trim_words="".join(word for _, word in trimmed),
        trim_offsets=trim_offsets,
        trim_text_keys=array(
            "i", [numbers[text_keys[w]] if w in text_keys else -1 for _, w in trimmed]
        ),
        trim_keys=array("i", [numbers[w] if w in longest_text else -1 for _, w in trimmed]),
        by_entry=pickle.dumps({k: tuple(v) for k, v in by_entry.items()},
                              protocol=pickle.HIGHEST_PROTOCOL),
        identifiers=pickle.dumps({k: tuple(v) for k, v in identifiers.items()},
                                 protocol=pickle.HIGHEST_PROTOCOL),
    )
    return tables, tuple(records)


def _tolerance(record: AliasRecord, words: int, floor: float) -> float:
    """How much unpaired query weight `record` could bear and still reach `floor` (0-1).

    When only `words` (a bitmask) of the record can pair, its bound (see `reaches`) is at most
    2P / (2P + R + U), P their weight, R the unpaired floors of the others and U the unpaired
    floors of the query's words; that reaches f = `floor` exactly when
    U <= (2 (1 - f) P - f R) / f, which is this tolerance (negative when even a perfect pairing of
    the query falls short, so that the old bound, U = 0, fails too). With a floor of 0 every
    record passes: infinite.
    """
    if floor <= 0:
        return math.inf
    paired = 0.0
    rest = 0.0
    for i, (token, weight) in enumerate(zip(record.parts.tokens, record.weights, strict=True)):
        if words >> i & 1:
            paired += weight
        else:
            rest += _unpaired_floor(token, weight)
    return (2 * (1 - floor) * paired - floor * rest) / floor
