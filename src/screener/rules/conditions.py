"""The closed condition language of red-flag rules, compiled once at load time into small matchers.

A condition is a YAML mapping with exactly one of these shapes (rules/README.md has examples):

- `all: [c, ...]`, `any: [c, ...]`, `not: c`
- a field test, `{field: F, <operator>: ...}`, over one of the fields in `screener.rules.fields`:
  `equals: V`, `in: [V, ...]`, `in_set: NAME`, `present: true|false`, `hs_prefix: ["8542", ...]`,
  `keywords: [...]` or `keywords_in_set: NAME` (optionally `whole_words: true`), `regex: "..."`,
  `gt|gte|lt|lte: N` (several together make a range), `differs_from: G`, `same_as: G`
- `goods: {lists: [...], tiers: [...], matched_on: hs|description, contradicts_code: true}` or
  `goods: {any: true}`
- `party_hit: {roles: [...], categories: [...], lists: [...], min_score: N, max_score: N}`
- `similar_party: {roles: [...], categories: [...], lists: [...], min_score: N, max_score: N}`:
  a look-alike, a party whose name is similar to a list entry's but scored below the hit
  threshold (`screener.config.Config.similar_threshold` <= score < `match_threshold`)

Every key of `goods`, `party_hit` and `similar_party` is optional and narrows the condition:
`party_hit: {}` is any party hit. `goods: {contradicts_code: true}` is a goods line whose
description names a listed good while its declared HS code is not one of that good's codes
(`screener.model.GoodsHit.contradicts_code`); `false` keeps only the lines that do not.

Every field test is existential: it is true if any value of the field satisfies it, and false when
the field has no value (so `not` of a test is also true when the field is absent). Values are
compared in the normalised form of their kind (`screener.rules.fields.normalise`): case, accents
and punctuation never matter, and HS codes compare by their digits.

`keywords` match on `screener.normalize.fold()` text. Each keyword is one or more words; a word of
Latin, Cyrillic or any other spaced script matches the *start* of a word of the text (so
"подшипник" matches "подшипники", "forward" matches "forwarding", and the phrase
"специальн военн операц" matches every case ending of "специальная военная операция"). With
`whole_words: true` each word must match a whole word ("сво" then no longer matches "свободный").
Chinese, Japanese and Korean words match anywhere (those scripts do not separate words by spaces).
A keyword never matches across two values (from one goods line into the next).

`regex` is a Python regular expression searched (not anchored) in each value *as written*,
case-insensitively; use `^`/`$` to anchor it to the value.

`differs_from`/`same_as` compare two fields and are false unless both have a value. `same_as` is
true if some value of F matches some value of G; `differs_from` is true if some value of F matches
no value of G (so with one value each, they are exact opposites). Party names (`*.name`) match
fuzzily: the best `rapidfuzz.fuzz.token_set_ratio` over the two parties' names (alternate names
included) is at least NAME_SAME_SCORE, compared in `screener.rules.fields.comparable_name` form
(`name_key` with legal forms dropped: "Altyn Trade LLC" is "ALTYN TRADE L.L.C."). Other values
match when equal once normalised.

How a compiled condition runs changes no answer and no evidence, only speed (issue 6: a million
rows a minute). A condition written in several rules is compiled once and worked out once per
record; `all`/`any` test their cheapest branches first; the country and currency tests of an `any`
become one set intersection (`Facts.codes`) and its regex or keyword tests one pass over the
values; a regex or keyword test meets each distinct value once per run (`Memo.verdicts_of`), and
a condition's evidence for the same values is worked out once (`Memo.evidence_of`). Evidence is
always given in the order the rule is written. Most of that runs only when a record brings values
the run has not met: `screener.rules.plan` answers a leaf test from the countries, parties, goods
and hits it reads (`Condition.inputs`) and a rule from its leaves' answers (`Condition.partial`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from difflib import get_close_matches

from rapidfuzz import fuzz

from screener.model import LIST_CATEGORIES, PARTY_ROLES, GoodsHit, Party, PartyHit
from screener.normalize import fold
from screener.rules.fields import (
    BIC,
    CODES,
    COUNTRY,
    CURRENCY,
    FIELDS,
    GOODS_HITS,
    HS,
    IDENT,
    NAME,
    NUMBER,
    PARTY_HITS,
    SIMILAR_HITS,
    TEXT,
    TOKEN_KINDS,
    VALUE_SEPARATOR,
    Facts,
    Field,
    Memo,
    code_token,
    fields_help,
    items_facet,
    normalise,
    roles_of,
    suggest_field,
    values_facet,
)
from screener.rules.sets import NamedSet, check_value, hs_digits
from screener.rules.source import Located, check_keys

# Two party names are "the same party" at or above this token_set_ratio (0-100), the figure the
# module brief set. With legal forms dropped first (fields.comparable_name), spelling variants of
# one name score 90-100 while names sharing only a generic word stay below it ("Sun Trade" /
# "Moon Trade": 71); the evidence prints the score so a reviewer sees how close a pair was.
NAME_SAME_SCORE = 85.0

# Evidence strings show at most this many characters of a value: enough to recognise a goods
# description in a report cell, short enough that a row's reasons stay readable.
EVIDENCE_VALUE_CHARS = 80

# The set kind each field kind reads with `in_set`.
_SET_KIND_FOR: Mapping[str, str] = {
    COUNTRY: "countries",
    CURRENCY: "currencies",
    HS: "hs-codes",
    NAME: "words",
    TEXT: "words",
    IDENT: "words",
    BIC: "words",
}

# Kinds whose items hold one value each (a party's names, a goods line's descriptions hold several).
_CODE_KINDS = frozenset({COUNTRY, CURRENCY, HS, IDENT, BIC})

# Which field kinds each operator accepts.
_STRING_KINDS = frozenset({NAME, TEXT, COUNTRY, CURRENCY, HS, IDENT, BIC})
_OPERATOR_KINDS: Mapping[str, frozenset[str]] = {
    "equals": _STRING_KINDS,
    "in": _STRING_KINDS,
    "in_set": _STRING_KINDS,
    "present": _STRING_KINDS | {NUMBER},
    "hs_prefix": frozenset({HS}),
    "keywords": frozenset({NAME, TEXT}),
    "keywords_in_set": frozenset({NAME, TEXT}),
    "regex": _STRING_KINDS,
    "gt": frozenset({NUMBER}),
    "gte": frozenset({NUMBER}),
    "lt": frozenset({NUMBER}),
    "lte": frozenset({NUMBER}),
    "differs_from": _STRING_KINDS,
    "same_as": _STRING_KINDS,
}
_NUMERIC_OPS = ("gt", "gte", "lt", "lte")
_MODIFIERS = ("whole_words",)
_LEAF_KEYS = ("field", *_OPERATOR_KINDS, *_MODIFIERS)
_GOODS_KEYS = ("lists", "tiers", "matched_on", "contradicts_code", "any")
_PARTY_HIT_KEYS = ("roles", "categories", "lists", "min_score", "max_score")
_SHAPES = ("all", "any", "not", "field", "goods", "party_hit", "similar_party")

# Scripts written without spaces between words: a keyword in them matches as a substring.
_UNSPACED = re.compile(
    r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def _remembered(
    owner: Condition, facts: Facts, key: Hashable, build: Callable[[], list[str]]
) -> list[str]:
    """`build()`: `owner`'s evidence for this record, which depends on nothing but `key` (the
    values it reads), so it is worked out once per distinct key a run meets."""
    known = facts.memo.evidence_of(owner)
    found = known.get(key)
    if found is None:
        found = build()
        facts.memo.keep(known, key, found)
    return list(found)


def _short(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > EVIDENCE_VALUE_CHARS:
        value = value[: EVIDENCE_VALUE_CHARS - 1] + "…"
    return repr(value)


def _code(kind: str, value: str) -> str:
    # Codes read better bare (route.transit=KG); free text is quoted.
    return value if kind in (COUNTRY, CURRENCY, HS, IDENT, BIC) else _short(value)


def _num(value: float) -> str:
    return f"{value:g}" if math.isfinite(value) else str(value)


# Relative costs of testing each kind of condition on one record, in units of a set lookup on an
# extracted field, from cProfile of the bundled rules on examples/invoices.csv repeated to 20,000
# rows (issue 6): hits are a short tuple already at hand; codes a set test; keywords and regexes a
# memo lookup per value (a search for a value new to the run); a fuzzy name comparison a rapidfuzz
# call per pair of names. `all` and `any` test their cheapest branches first: the answer is the
# same in any order, and a row that fails a goods test never pays for the regexes beside it.
COST_HITS = 1
COST_VALUES = 2
COST_CODES_COMPARED = 3
COST_KEYWORDS = 4
COST_REGEX = 6
COST_NAMES_COMPARED = 8


class Condition:
    """A compiled condition: `test` is the fast path; `explain` runs only for rules that fired.

    `test` may run the parts of a condition in any order and use what the run's Memo learnt from
    earlier records; `explain` always walks the condition as written, so evidence comes out in the
    rule's own order.
    """

    __slots__ = ()

    def test(self, facts: Facts) -> bool:
        raise NotImplementedError

    def cost(self) -> int:
        """Roughly how expensive `test` is (see COST_HITS ...), for ordering all/any branches."""
        raise NotImplementedError

    def key(self) -> tuple[object, ...]:
        """Everything `test`, `explain` and `describe` depend on: equal keys, same condition."""
        raise NotImplementedError

    def inputs(self) -> frozenset[str]:
        """The facets of a record `test` reads (see screener.rules.fields, "facets"): on records
        whose values in them are equal, `test` gives the same answer."""
        raise NotImplementedError

    def leaves(self) -> tuple[Condition, ...]:
        """The tests this condition is made of, that are not all/any/not (itself if it is one)."""
        return (self,)

    def partial(self, known: Callable[[Condition], Condition | bool | None]) -> Condition | bool:
        """This condition with what `known` says of each leaf put in: True or False if that
        decides it, else what is left to test (a leaf, or a new all/any/not of what is left),
        which tests as the whole condition would on the records those answers are for. `known`
        answers a leaf with True, False, None (not known: the leaf is left as it is) or a
        condition to test in its place, which must test as the leaf does."""
        found = known(self)
        return self if found is None else found

    def share(self) -> None:
        """Called when a second rule uses this very condition (see `compile_condition`)."""

    def explain(self, facts: Facts) -> list[str]:
        """Short strings saying which values made the condition true (call only when it is)."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition in words, for `not` evidence and for listings."""
        raise NotImplementedError


class _Composite(Condition):
    """`all` / `any`: children as written (for `explain`) and cheapest first (for `test`).

    A composite that several rules share keeps its outcome in `Facts.results` for the record, so
    "goods go to Russia" is worked out once however many rules ask it.
    """

    __slots__ = ("children", "order", "shared")

    def __init__(self, children: Sequence[Condition]) -> None:
        self.children = tuple(children)
        self.order = self._order(self.children)
        self.shared = False

    @staticmethod
    def _order(children: tuple[Condition, ...]) -> tuple[Condition, ...]:
        return tuple(sorted(children, key=lambda c: c.cost()))

    def explain(self, facts: Facts) -> list[str]:
        if not self.shared:
            return self._explain(facts)
        found = facts.evidence.get(self)
        if found is None:
            found = facts.evidence[self] = self._explain(facts)
        return list(found)

    def _explain(self, facts: Facts) -> list[str]:
        raise NotImplementedError

    def cost(self) -> int:
        # What `test` runs: the merged tests of an `any` cost what one of them does.
        return sum(c.cost() for c in self.order)

    def key(self) -> tuple[object, ...]:
        # Children are compiled (and shared) first, so the same children are the same objects.
        return (type(self).__name__, self.children)

    def inputs(self) -> frozenset[str]:
        return frozenset().union(*(c.inputs() for c in self.children))

    def leaves(self) -> tuple[Condition, ...]:
        return tuple(dict.fromkeys(leaf for c in self.children for leaf in c.leaves()))

    def share(self) -> None:
        self.shared = True


class All(_Composite):
    __slots__ = ()

    def test(self, facts: Facts) -> bool:
        # Written out in one method (the shared case included) rather than as all(<generator>)
        # over a helper: this runs for every rule on every record, and a generator step or a
        # call per child costs more than many a child's own test.
        if self.shared:
            found = facts.results.get(self)
            if found is not None:
                return found
        result = True
        for child in self.order:
            if not child.test(facts):
                result = False
                break
        if self.shared:
            facts.results[self] = result
        return result

    def _explain(self, facts: Facts) -> list[str]:
        return [e for c in self.children for e in c.explain(facts)]

    def partial(self, known: Callable[[Condition], Condition | bool | None]) -> Condition | bool:
        left: list[Condition] = []
        for child in self.children:
            found = child.partial(known)
            if found is False:
                return False
            if found is not True:
                left.append(found)
        if not left:
            return True
        return left[0] if len(left) == 1 else All(left)

    def describe(self) -> str:
        return "all of (" + "; ".join(c.describe() for c in self.children) + ")"


class AnyOf(_Composite):
    __slots__ = ()

    @staticmethod
    def _order(children: tuple[Condition, ...]) -> tuple[Condition, ...]:
        """The children to test, merged where one test can stand for several (the answer is
        the same): "any of these countries/currencies is in its set" is one intersection with
        Facts.codes; regex and keyword tests of one field, or one regex or keyword set over
        several fields, are one pass over the values."""
        tests: list[Condition] = []
        on_codes = [c for c in children if isinstance(c, ValueIn) and c.tokens is not None]
        if len(on_codes) > 1:
            tests.append(_AnyToken(frozenset().union(*(c.tokens or () for c in on_codes))))
        else:
            on_codes = []
        values = [c for c in children if isinstance(c, _ValueTest)]
        merged: list[Condition] = []
        for kind in (Regex, Keywords):
            of_kind = [c for c in values if type(c) is kind]
            by_field: dict[str, list[_ValueTest]] = {}
            for c in of_kind:
                by_field.setdefault(c.field.name, []).append(c)
            alone: list[_ValueTest] = []
            for group in by_field.values():
                if len(group) > 1:
                    tests.append(_AnyValues(group[0].fields, tuple(group)))
                    merged.extend(group)
                else:
                    alone.extend(group)
            by_test: dict[tuple[object, ...], list[_ValueTest]] = {}
            for one in alone:
                by_test.setdefault(one.same_test(), []).append(one)
            for group in by_test.values():
                if len(group) > 1:
                    fields = tuple(t.field for t in group)
                    tests.append(_AnyValues(fields, (group[0],)))
                    merged.extend(group)
        tests.extend(c for c in children if c not in on_codes and c not in merged)
        return tuple(sorted(tests, key=lambda c: c.cost()))

    def test(self, facts: Facts) -> bool:
        # As All.test.
        if self.shared:
            found = facts.results.get(self)
            if found is not None:
                return found
        result = False
        for child in self.order:
            if child.test(facts):
                result = True
                break
        if self.shared:
            facts.results[self] = result
        return result

    def partial(self, known: Callable[[Condition], Condition | bool | None]) -> Condition | bool:
        left: list[Condition] = []
        for child in self.children:
            found = child.partial(known)
            if found is True:
                return True
            if found is not False:
                left.append(found)
        if not left:
            return False
        return left[0] if len(left) == 1 else AnyOf(left)

    def _explain(self, facts: Facts) -> list[str]:
        # Every true branch, not only the first: the reviewer wants all the reasons.
        return [e for c in self.children if c.test(facts) for e in c.explain(facts)]

    def describe(self) -> str:
        return "any of (" + "; ".join(c.describe() for c in self.children) + ")"


class _AnyToken(Condition):
    """Some token of Facts.codes is one of `tokens`: the merged code tests of an `any`.

    Only ever in an AnyOf's test order; evidence comes from the ValueIn tests it stands for.
    """

    __slots__ = ("tokens",)

    def __init__(self, tokens: frozenset[str]) -> None:
        self.tokens = tokens

    def test(self, facts: Facts) -> bool:
        return not self.tokens.isdisjoint(facts.code_set or facts.codes())

    def cost(self) -> int:
        return COST_HITS

    def inputs(self) -> frozenset[str]:
        return frozenset({CODES})


class Not(Condition):
    __slots__ = ("child", "described")

    def __init__(self, child: Condition) -> None:
        self.child = child
        # The evidence of a `not` is the words of what did not hold: the same every time.
        self.described = child.describe()

    def test(self, facts: Facts) -> bool:
        return not self.child.test(facts)

    def cost(self) -> int:
        return self.child.cost()

    def key(self) -> tuple[object, ...]:
        return ("not", self.child)

    def inputs(self) -> frozenset[str]:
        return self.child.inputs()

    def leaves(self) -> tuple[Condition, ...]:
        return self.child.leaves()

    def partial(self, known: Callable[[Condition], Condition | bool | None]) -> Condition | bool:
        found = self.child.partial(known)
        if isinstance(found, bool):
            return not found
        return Not(found)

    def explain(self, facts: Facts) -> list[str]:
        return [f"not: {self.described}"]

    def describe(self) -> str:
        return f"not ({self.described})"


class ValueIn(Condition):
    """`equals`, `in` and `in_set`: some value of the field is one of the targets."""

    __slots__ = ("field", "shown", "targets", "tokens")

    def __init__(self, field: Field, targets: frozenset[str], shown: str) -> None:
        self.field = field
        self.targets = targets
        self.shown = shown
        # Countries and currencies are tested against Facts.codes (see there).
        self.tokens = (
            frozenset(code_token(field.name, t) for t in targets)
            if field.kind in TOKEN_KINDS
            else None
        )

    def test(self, facts: Facts) -> bool:
        if self.tokens is not None:
            return not self.tokens.isdisjoint(facts.code_set or facts.codes())
        return not self.targets.isdisjoint(facts.flat(self.field))

    def cost(self) -> int:
        return COST_VALUES

    def key(self) -> tuple[object, ...]:
        return ("in", self.field.name, self.targets, self.shown)

    def inputs(self) -> frozenset[str]:
        return frozenset({values_facet(self.field)})

    def explain(self, facts: Facts) -> list[str]:
        field = self.field
        if field.label is not None:
            # One value per item under one label (see Field.label): the values alone are the
            # key, and the same few (RU, KG, CNY ...) come back row after row.
            raw = tuple(facts.raw(field))
            return _remembered(self, facts, raw, lambda: self._explain_values(facts, raw))
        return _remembered(self, facts, facts.texts(field), lambda: self._explain(facts))

    def _explain_values(self, facts: Facts, raw: tuple[str, ...]) -> list[str]:
        field = self.field
        return [
            f"{field.label}={_code(field.kind, original)}"
            for value, original in zip(facts.flat(field), raw, strict=True)
            if value in self.targets
        ]

    def _explain(self, facts: Facts) -> list[str]:
        out: list[str] = []
        for label, values, written in facts.items(self.field):
            for value, original in zip(values, written, strict=True):
                if value in self.targets:
                    out.append(f"{label}={_code(self.field.kind, original)}")
                    break
        return out

    def describe(self) -> str:
        return f"{self.field.name} {self.shown}"


class Present(Condition):
    __slots__ = ("expected", "field")

    def __init__(self, field: Field, expected: bool) -> None:
        self.field = field
        self.expected = expected

    def _has(self, facts: Facts) -> bool:
        if self.field.kind == NUMBER:
            return bool(facts.numbers(self.field))
        return any(v.strip() for v in facts.raw(self.field))

    def test(self, facts: Facts) -> bool:
        return self._has(facts) == self.expected

    def cost(self) -> int:
        return COST_VALUES

    def key(self) -> tuple[object, ...]:
        return ("present", self.field.name, self.expected)

    def inputs(self) -> frozenset[str]:
        return frozenset({values_facet(self.field)})

    def explain(self, facts: Facts) -> list[str]:
        if not self.expected:
            return [f"no {self.field.name}"]
        if self.field.kind == NUMBER:
            return [f"{label}={_num(v)}" for label, v in facts.numbers(self.field)]
        kind = self.field.kind
        items = facts.items(self.field)
        return [f"{label}={_code(kind, written[0])}" for label, _, written in items]

    def describe(self) -> str:
        return f"{self.field.name} {'present' if self.expected else 'absent'}"


class HsPrefix(Condition):
    __slots__ = ("field", "prefixes")

    def __init__(self, field: Field, prefixes: tuple[str, ...]) -> None:
        self.field = field
        self.prefixes = prefixes

    def test(self, facts: Facts) -> bool:
        prefixes = self.prefixes
        for value in facts.flat(self.field):  # noqa: SIM110 (a loop, as in All.test)
            if value.startswith(prefixes):
                return True
        return False

    def cost(self) -> int:
        return COST_VALUES

    def key(self) -> tuple[object, ...]:
        return ("hs_prefix", self.field.name, self.prefixes)

    def inputs(self) -> frozenset[str]:
        return frozenset({values_facet(self.field)})

    def explain(self, facts: Facts) -> list[str]:
        out: list[str] = []
        for label, values in facts.normalised(self.field):
            for value in values:
                for prefix in self.prefixes:
                    if value.startswith(prefix):
                        out.append(f"{label}={value} (prefix {prefix})")
                        break
        return out

    def describe(self) -> str:
        return f"{self.field.name} starts with {'/'.join(self.prefixes)}"


class KeywordMatcher:
    """Finds which keyword occurs in a folded text, by the cheapest test for each kind of keyword.

    Folded text is words separated by single spaces. A one-word keyword of a spaced script is a
    `str.startswith` (or, for whole words, a set lookup) over the text's words; a keyword in an
    unspaced script is a substring test; only phrases of several words need a regex. This is
    several times faster than one big alternation regex, which Python tries at every character.
    """

    __slots__ = (
        "_classifies",
        "_phrase_always",
        "_phrase_firsts",
        "_phrases",
        "_prefix_tuple",
        "_prefixes",
        "_substrings",
        "_wholes",
        "keywords",
        "whole_words",
    )

    def __init__(self, keywords: Sequence[str], *, whole_words: bool = False) -> None:
        self.keywords = tuple(keywords)
        self.whole_words = whole_words
        prefixes: list[tuple[str, int]] = []
        wholes: dict[str, int] = {}
        substrings: list[tuple[str, int]] = []
        phrases: list[str] = []
        firsts: list[str] = []
        always = False
        for index, keyword in enumerate(self.keywords):
            words = fold(keyword).split()
            if not words:
                raise ValueError(f"keyword {keyword!r} has no letters or digits")
            if len(words) == 1 and _UNSPACED.match(words[0][0]):
                substrings.append((words[0], index))
            elif len(words) == 1 and whole_words:
                wholes.setdefault(words[0], index)
            elif len(words) == 1:
                prefixes.append((words[0], index))
            else:
                phrases.append(f"(?P<k{index}>" + _phrase_regex(words, whole_words) + ")")
                # A phrase can only occur where a word starts with its first word, so the regex
                # runs only on texts that have one (unspaced first words can be anywhere).
                if _UNSPACED.match(words[0][0]):
                    always = True
                else:
                    firsts.append(words[0])
        self._prefixes = tuple(prefixes)
        self._prefix_tuple = tuple(p for p, _ in prefixes)
        self._wholes = wholes
        self._substrings = tuple(substrings)
        self._phrases = re.compile("|".join(phrases)) if phrases else None
        self._phrase_firsts = tuple(firsts)
        self._phrase_always = always
        self._classifies = bool(prefixes or wholes or firsts)

    def find(self, text: str) -> int | None:
        """The index of a keyword that occurs in folded `text`, or None."""
        for sub, index in self._substrings:
            if sub in text:
                return index
        phrases = self._phrases
        need_phrase = phrases is not None and self._phrase_always
        prefix_tuple, wholes, firsts = self._prefix_tuple, self._wholes, self._phrase_firsts
        if prefix_tuple or wholes or firsts:
            for word in text.split(" "):
                if prefix_tuple and word.startswith(prefix_tuple):
                    return next(i for p, i in self._prefixes if word.startswith(p))
                if word in wholes:
                    return wholes[word]
                if firsts and not need_phrase and word.startswith(firsts):
                    need_phrase = True
        if need_phrase and phrases is not None:
            match = phrases.search(text)
            if match is not None and match.lastgroup is not None:
                return int(match.lastgroup[1:])
        return None

    def occurs(self, text: str, vocabulary: Vocabulary) -> bool:
        """`find(text) is not None`, answered mostly by set operations on the words of `text`.

        Which words start with a keyword (or are one, or start a phrase) is worked out once per
        distinct word a run meets and kept in `vocabulary`; a text is then one set difference
        (its new words) and one disjointness test. Words follow Zipf's law, so after the first
        rows almost every word of a ledger is known.
        """
        for sub, _ in self._substrings:
            if sub in text:
                return True
        need_phrase = self._phrase_always
        if self._classifies:
            words = frozenset(text.split(" "))
            seen = vocabulary.seen
            new = words.difference(seen)
            if new:
                if len(seen) + len(new) > vocabulary.size:
                    vocabulary.clear()
                    new = words
                prefixes, wholes, firsts = self._prefix_tuple, self._wholes, self._phrase_firsts
                for word in new:
                    if (prefixes and word.startswith(prefixes)) or word in wholes:
                        vocabulary.hits.add(word)
                    if firsts and word.startswith(firsts):
                        vocabulary.firsts.add(word)
                seen.update(new)
            if not vocabulary.hits.isdisjoint(words):
                return True
            if not need_phrase and self._phrase_firsts:
                need_phrase = not vocabulary.firsts.isdisjoint(words)
        if need_phrase and self._phrases is not None:
            return self._phrases.search(text) is not None
        return False


# How many distinct words a Vocabulary classifies before it starts over: the words of a ledger's
# free text are a vocabulary of tens of thousands (Zipf: the first thousands cover nearly every
# word of a row); at ~40 bytes a word a matcher's sets stay at a few MB.
VOCABULARY_SIZE = 50_000


class Vocabulary:
    """The words one KeywordMatcher has classified in a run (kept in the run's Memo), bounded."""

    __slots__ = ("firsts", "hits", "seen", "size")

    def __init__(self, size: int = VOCABULARY_SIZE) -> None:
        self.size = size
        self.seen: set[str] = set()  # every word classified so far
        self.hits: set[str] = set()  # words that start with (or are) a one-word keyword
        self.firsts: set[str] = set()  # words that start with the first word of a phrase

    def clear(self) -> None:
        self.seen.clear()
        self.hits.clear()
        self.firsts.clear()


def _phrase_regex(words: Sequence[str], whole_words: bool) -> str:
    """A phrase of folded words: each a word start (or whole word), one space apart.

    Words in an unspaced script match anywhere, with or without a space beside them.
    """
    parts: list[str] = []
    for position, word in enumerate(words):
        cjk = bool(_UNSPACED.match(word[0]))
        piece = re.escape(word)
        if not cjk:
            piece = r"(?<!\S)" + piece
            if whole_words:
                piece += r"(?!\S)"
            elif position < len(words) - 1:
                piece += r"\S*"
        parts.append(piece)
    return " ?".join(parts)


class _ByValue(Condition):
    """A test that holds when some value of `fields` passes it, each value on its own, with
    each distinct value tested once per run: values seen in earlier records answer from the
    memo's verdicts (Memo.verdicts_of), only the new ones are tested (`check`). `folded` says
    whether it reads normalised values or values as written."""

    __slots__ = ()
    fields: tuple[Field, ...]
    folded: bool

    def test(self, facts: Facts) -> bool:
        memo = facts.memo
        known = memo.verdicts.get(self)
        if known is None:
            known = memo.verdicts_of(self)
        cache = facts.flats if self.folded else facts.raws
        misses: list[str] | None = None
        for field in self.fields:
            values = cache.get(field.name)
            if values is None:
                values = facts.flat(field) if self.folded else facts.raw(field)
            for value in values:
                verdict = known.get(value)
                if verdict:
                    return True
                if verdict is None:
                    if misses is None:
                        misses = [value]
                    else:
                        misses.append(value)
        return misses is not None and self.check(misses, memo, known)

    def check(self, values: list[str], memo: Memo, known: dict[str, bool]) -> bool:
        """Whether one of `values` (new to this test) passes; the verdicts found are remembered
        in `known` (this test's, Memo.verdicts_of)."""
        raise NotImplementedError

    def inputs(self) -> frozenset[str]:
        return frozenset(values_facet(f) for f in self.fields)


class _ValueTest(_ByValue):
    """A test of each value of one field on its own: a regex, keywords."""

    __slots__ = ("field", "fields")
    folded = False

    def __init__(self, field: Field) -> None:
        self.field = field
        self.fields = (field,)

    def passes(self, value: str, memo: Memo) -> bool:
        """Whether one value passes the test (no memo of verdicts)."""
        raise NotImplementedError

    def check(self, values: list[str], memo: Memo, known: dict[str, bool]) -> bool:
        for value in values:
            found = self.passes(value, memo)
            memo.remember(known, value, found)
            if found:
                return True
        return False

    def same_test(self) -> tuple[object, ...]:
        """The key of the test itself, whatever field it reads (for merging, see AnyOf)."""
        raise NotImplementedError


class _AnyValues(_ByValue):
    """Some value of one of `fields` passes one of `tests`: regex or keyword tests of an `any`
    merged into one, either several tests of one field or one test of several fields (so a
    value's verdict means the same whichever field it came from).

    Only ever in an AnyOf's test order; evidence comes from the tests it stands for.
    """

    __slots__ = ("fields", "folded", "tests")

    def __init__(self, fields: tuple[Field, ...], tests: tuple[_ValueTest, ...]) -> None:
        self.fields = fields
        self.tests = tests
        self.folded = tests[0].folded

    def check(self, values: list[str], memo: Memo, known: dict[str, bool]) -> bool:
        for value in values:
            found = any(t.passes(value, memo) for t in self.tests)
            memo.remember(known, value, found)
            if found:
                return True
        return False

    def cost(self) -> int:
        return min(t.cost() for t in self.tests)


class Keywords(_ValueTest):
    """Keywords matched as word starts (or whole words) in folded text; see the module docstring."""

    __slots__ = ("matcher", "shown")
    folded = True

    def __init__(self, field: Field, matcher: KeywordMatcher, shown: str) -> None:
        super().__init__(field)
        self.matcher = matcher
        self.shown = shown

    def passes(self, value: str, memo: Memo) -> bool:
        return self.matcher.occurs(value, memo.state(self.matcher, Vocabulary))

    def check(self, values: list[str], memo: Memo, known: dict[str, bool]) -> bool:
        if len(values) == 1:
            return super().check(values, memo, known)
        # The new values are searched together, joined as in Facts.joined so that no keyword
        # runs from one value into the next.
        if self.matcher.occurs(VALUE_SEPARATOR.join(values), memo.state(self.matcher, Vocabulary)):
            # Which value matched is left to `explain`; the rest stay unknown, not false.
            return True
        for value in values:
            memo.remember(known, value, False)
        return False

    def same_test(self) -> tuple[object, ...]:
        return ("keywords", self.matcher.keywords, self.matcher.whole_words)

    def cost(self) -> int:
        return COST_KEYWORDS

    def key(self) -> tuple[object, ...]:
        return (
            "keywords",
            self.field.name,
            self.matcher.keywords,
            self.matcher.whole_words,
            self.shown,
        )

    def explain(self, facts: Facts) -> list[str]:
        return _remembered(self, facts, facts.texts(self.field), lambda: self._explain(facts))

    def _explain(self, facts: Facts) -> list[str]:
        out: list[str] = []
        memo = facts.memo
        known = memo.verdicts_of(self)
        for label, values, written in facts.items(self.field):
            for value, original in zip(values, written, strict=True):
                if known.get(value) is False:
                    continue  # tested before: no keyword in it
                index = self.matcher.find(value)
                memo.remember(known, value, index is not None)
                if index is not None:
                    keyword = self.matcher.keywords[index]
                    out.append(f"{label}={_short(original)} (keyword {keyword!r})")
                    break
        return out

    def describe(self) -> str:
        return f"{self.field.name} contains {self.shown}"


class Regex(_ValueTest):
    # Value by value (not over one joined string): `^` and `$` anchor each value.

    __slots__ = ("pattern",)

    def __init__(self, field: Field, pattern: re.Pattern[str]) -> None:
        super().__init__(field)
        self.pattern = pattern

    def passes(self, value: str, memo: Memo) -> bool:
        return self.pattern.search(value) is not None

    def same_test(self) -> tuple[object, ...]:
        return ("regex", self.pattern.pattern, self.pattern.flags)

    def cost(self) -> int:
        return COST_REGEX

    def key(self) -> tuple[object, ...]:
        return ("regex", self.field.name, self.pattern.pattern, self.pattern.flags)

    def explain(self, facts: Facts) -> list[str]:
        return _remembered(self, facts, facts.texts(self.field), lambda: self._explain(facts))

    def _explain(self, facts: Facts) -> list[str]:
        out: list[str] = []
        known = facts.memo.verdicts_of(self)
        for label, _, values in facts.items(self.field):
            for value in values:
                if known.get(value) is False:
                    continue  # searched before: no match in it
                match = self.pattern.search(value)
                if match is not None:
                    out.append(f"{label}={_short(value)} (matches {match.group(0)!r})")
                    break
        return out

    def describe(self) -> str:
        return f"{self.field.name} matches /{self.pattern.pattern}/"


_COMPARATORS: Mapping[str, Callable[[float, float], bool]] = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}
_OP_SIGNS: Mapping[str, str] = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class Compare(Condition):
    """Numeric bounds; several bounds in one condition must hold for the same value (a range)."""

    __slots__ = ("bounds", "field")

    def __init__(self, field: Field, bounds: tuple[tuple[str, float], ...]) -> None:
        self.field = field
        self.bounds = bounds

    def _ok(self, value: float) -> bool:
        return all(_COMPARATORS[op](value, limit) for op, limit in self.bounds)

    def test(self, facts: Facts) -> bool:
        return any(self._ok(v) for _, v in facts.numbers(self.field))

    def cost(self) -> int:
        return COST_VALUES

    def key(self) -> tuple[object, ...]:
        return ("compare", self.field.name, self.bounds)

    def inputs(self) -> frozenset[str]:
        return frozenset({values_facet(self.field)})

    def explain(self, facts: Facts) -> list[str]:
        bounds = self._bounds_text()
        return [
            f"{label}={_num(v)} ({bounds})" for label, v in facts.numbers(self.field) if self._ok(v)
        ]

    def _bounds_text(self) -> str:
        return ", ".join(f"{_OP_SIGNS[op]} {_num(limit)}" for op, limit in self.bounds)

    def describe(self) -> str:
        return f"{self.field.name} {self._bounds_text()}"


def name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Best token_set_ratio (0-100) between any name of one party and any name of the other."""
    best = 0.0
    for x in a:
        for y in b:
            if x and y:
                best = max(best, float(fuzz.token_set_ratio(x, y)))
                if best >= 100.0:
                    return best
    return best


def _one_role(field: Field) -> bool:
    """Whether `field` reads the parties of one role (buyer.name, not bank.name or party.name)."""
    roles = roles_of(field)
    return roles is not None and len(roles) == 1


def _similarity(facts: Facts, a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """`name_similarity(a, b)`, remembered for the run: payer and buyer, consignee and forwarder,
    the same pairs of names come back row after row (and `explain` asks again what `test` did),
    and a fuzzy comparison costs more than remembering it."""
    memo = facts.memo
    known: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = memo.state(
        name_similarity, dict
    )
    pair = (a, b)
    found = known.get(pair)
    if found is None:
        found = name_similarity(a, b)
        memo.keep(known, pair, found)
    return found


# How many pairs of names (one on each side: a payer's and a buyer's) a name comparison keeps,
# with its answer and evidence, before it starts over. benchmarks/scale's million-row ledger
# names a new payer-buyer pair on a quarter of its rows, but three quarters of its rows name a
# pair seen before; 65,536 pairs (~300 bytes each with the strings the records hold anyway: ~20 MB
# at most) answer most of those, where REMEMBERED_PER_CONDITION would forget them.
NAME_PAIRS_KEPT = 65_536


class _NamesPair:
    """A one-role name comparison's outcome for one pair of names (CrossField._names_pair):
    whether it holds, the similarity, and its evidence once asked for."""

    __slots__ = ("evidence", "holds", "score")

    def __init__(self, holds: bool, score: float) -> None:
        self.holds = holds
        self.score = score
        self.evidence: str | None = None


def _only_names(parties: Sequence[Party], roles: tuple[str, str]) -> tuple[str, str] | None:
    """`(_only_name(parties, roles[0]), _only_name(parties, roles[1]))`, or None when either is
    None or the two roles are one."""
    mine, theirs = roles
    if mine == theirs:
        return None
    name = _only_name(parties, mine)
    other = _only_name(parties, theirs)
    return None if name is None or other is None else (name, other)


def _only_name(parties: Sequence[Party], role: str) -> str | None:
    """The one name the parties of `role` have between them (`<role>.name` holding one value:
    one party with one spelling), "" when they have none, None when it is not that simple (an
    alternate spelling, two parties): what `Facts.raw` of a one-role name field would tell,
    without building it."""
    found = ""
    for party in parties:
        if party.role == role:
            if party.alt_names or (found and party.name):
                return None
            found = party.name or found
    return found


class CrossField(Condition):
    """`differs_from` / `same_as` between two fields of the same kind."""

    __slots__ = ("field", "one_role", "other", "roles", "same")

    def __init__(self, field: Field, other: Field, same: bool) -> None:
        self.field = field
        self.other = other
        self.same = same
        # Names of one role each (payer.name, buyer.name): an item's label is then the field's
        # name (fields._party_attr), so one name on each side is all the answer and the evidence
        # depend on (`_names_pair`).
        self.one_role = field.kind == NAME and _one_role(field) and _one_role(other)
        # Those two roles, for reading their names straight from the parties (`_only_name`).
        self.roles = (
            (next(iter(roles_of(field) or ())), next(iter(roles_of(other) or ())))
            if self.one_role
            else None
        )

    def _items(self, facts: Facts, field: Field) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return facts.name_keys(field) if field.kind == NAME else facts.normalised(field)

    def _match(self, facts: Facts, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        if self.field.kind == NAME:
            return _similarity(facts, a, b) >= NAME_SAME_SCORE
        return any(x == y for x in a for y in b if x)

    def _pairs(self, facts: Facts) -> list[tuple[int, list[int]]]:
        """For each item of F (by index), the indexes of the items of G it matches."""
        mine = self._items(facts, self.field)
        theirs = self._items(facts, self.other)
        if not mine or not theirs:
            return []
        return [
            (i, [j for j, (_, b) in enumerate(theirs) if self._match(facts, a, b)])
            for i, (_, a) in enumerate(mine)
        ]

    def test(self, facts: Facts) -> bool:
        roles = self.roles
        if roles is not None:
            # A payer's and a buyer's names: one party with one name on each side on nearly
            # every row, read from the parties (as the general path below reads them), and their
            # outcome remembered per pair of names (`_names_pair`).
            pair = _only_names(facts.record.parties, roles)
            if pair is not None:
                name, other = pair
                if not name or not other:
                    return False
                return self._names_pair(facts, name, other).holds
        kind = self.field.kind
        if kind in _CODE_KINDS:
            # Code items hold one value each: an item of F matches when its value is not empty
            # and is a value of G (`_match`), so `same_as` is a non-empty common value and
            # `differs_from` an F value that is empty or not among G's; both need values on
            # each side, as `_pairs` does.
            flats = facts.flats
            mine = flats.get(self.field.name)
            if mine is None:
                mine = facts.flat(self.field)
            theirs = flats.get(self.other.name)
            if theirs is None:
                theirs = facts.flat(self.other)
            if not mine or not theirs:
                return False
            # Loops rather than any(<generator>), as in All.test.
            if self.same:
                for x in mine:  # noqa: SIM110
                    if x and x in theirs:
                        return True
                return False
            for x in mine:  # noqa: SIM110
                if not x or x not in theirs:
                    return True
            return False
        if kind == NAME:
            names = facts.raw(self.field)
            others = facts.raw(self.other)
            if not names or not others:
                return False
            if self.one_role and len(names) == 1 and len(others) == 1:
                return self._names_pair(facts, names[0], others[0]).holds
            # Some name of F like some name of G is `same_as` whatever parties they belong to;
            # with one name on F's side (one party, one spelling: nearly every row) it is also
            # the exact opposite of `differs_from`. Several names need the per-party pairing.
            if self.same or len(names) == 1:
                similar = (
                    _similarity(facts, facts.comparable(self.field), facts.comparable(self.other))
                    >= NAME_SAME_SCORE
                )
                return similar if self.same else not similar
        pairs = self._pairs(facts)
        if self.same:
            return any(matched for _, matched in pairs)
        return any(not matched for _, matched in pairs)

    def cost(self) -> int:
        return COST_NAMES_COMPARED if self.field.kind == NAME else COST_CODES_COMPARED

    def key(self) -> tuple[object, ...]:
        return ("cross", self.field.name, self.other.name, self.same)

    def inputs(self) -> frozenset[str]:
        if self.field.kind in _CODE_KINDS:
            return frozenset({values_facet(self.field), values_facet(self.other)})
        # Names and text pair up item by item (`_pairs`): which spellings belong to one party
        # matters, not only the values.
        return frozenset({items_facet(self.field), items_facet(self.other)})

    def _names_pair(self, facts: Facts, name: str, other: str) -> _NamesPair:
        """What `test` and `explain` work out when each side has one name, `name` and `other`
        (a one-role name field with one value: one party with one spelling), once per pair."""
        pairs = facts.memo.name_pairs
        known: dict[tuple[str, str], _NamesPair] | None = pairs.get(self)
        if known is None:
            known = pairs[self] = {}
        key = (name, other)
        found = known.get(key)
        if found is None:
            memo = facts.memo
            score = name_similarity((memo.name(name),), (memo.name(other),))
            found = _NamesPair((score >= NAME_SAME_SCORE) is self.same, score)
            if len(known) >= NAME_PAIRS_KEPT:
                known.clear()
            known[key] = found
        return found

    def _pair_evidence(self, facts: Facts, name: str, other: str) -> list[str]:
        """`_explain` for one name on each side of a one-role comparison (`_names_pair`)."""
        found = self._names_pair(facts, name, other)
        if not found.holds:
            return []
        evidence = found.evidence
        if evidence is None:
            left = f"{self.field.name}={_short(name)}"
            right = f"{self.other.name}={_short(other)}"
            if self.same:
                evidence = f"{left} same as {right} (similarity {found.score:.1f})"
            else:
                evidence = (
                    f"{left} differs from {right} (similarity {found.score:.1f} < "
                    f"{NAME_SAME_SCORE:g})"
                )
            found.evidence = evidence
        return [evidence]

    def explain(self, facts: Facts) -> list[str]:
        roles = self.roles
        if roles is not None:
            parties = facts.record.parties
            name = _only_name(parties, roles[0])
            other = _only_name(parties, roles[1])
            if name and other:
                return self._pair_evidence(facts, name, other)
            names = facts.raw(self.field)
            others = facts.raw(self.other)
            if len(names) == 1 and len(others) == 1:
                return self._pair_evidence(facts, names[0], others[0])
        key: Hashable
        if self.field.label is not None and self.other.label is not None:
            # One value per item under one label on both sides (route.final_destination,
            # buyer.country ...): their values alone are the key.
            key = (tuple(facts.raw(self.field)), tuple(facts.raw(self.other)))
        else:
            key = (facts.texts(self.field), facts.texts(self.other))
        return _remembered(self, facts, key, lambda: self._explain(facts))

    def _explain(self, facts: Facts) -> list[str]:
        mine = facts.texts(self.field)
        theirs = facts.texts(self.other)
        keys_mine = self._items(facts, self.field)
        keys_theirs = self._items(facts, self.other)
        kind = self.field.kind
        if len(mine) == 1 and len(theirs) == 1:
            # One item on each side (one payer, one buyer: nearly every row): the loop below,
            # written out for it.
            a, b = keys_mine[0][1], keys_theirs[0][1]
            if self._match(facts, a, b) is not self.same:
                return []
            (label, values), (other_label, other_values) = mine[0], theirs[0]
            left = f"{label}={_code(kind, values[0])}"
            right = f"{other_label}={_code(kind, other_values[0])}"
            if kind != NAME:
                return [f"{left} {'same as' if self.same else 'differs from'} {right}"]
            score = _similarity(facts, a, b)
            if self.same:
                return [f"{left} same as {right} (similarity {score:.1f})"]
            return [f"{left} differs from {right} (similarity {score:.1f} < {NAME_SAME_SCORE:g})"]
        out: list[str] = []
        for i, matched in self._pairs(facts):
            label, values = mine[i]
            left = f"{label}={_code(kind, values[0])}"
            if self.same and matched:
                j = matched[0]
                right = f"{theirs[j][0]}={_code(kind, theirs[j][1][0])}"
                note = ""
                if kind == NAME:
                    score = _similarity(facts, keys_mine[i][1], keys_theirs[j][1])
                    note = f" (similarity {score:.1f})"
                out.append(f"{left} same as {right}{note}")
            elif not self.same and not matched:
                right = ", ".join(f"{lb}={_code(kind, vs[0])}" for lb, vs in theirs)
                note = ""
                if kind == NAME:
                    best = max(_similarity(facts, keys_mine[i][1], b) for _, b in keys_theirs)
                    note = f" (similarity {best:.1f} < {NAME_SAME_SCORE:g})"
                out.append(f"{left} differs from {right}{note}")
        return out

    def describe(self) -> str:
        verb = "same as" if self.same else "differs from"
        return f"{self.field.name} {verb} {self.other.name}"


class GoodsMatch(Condition):
    """A goods hit on one of `lists` (and, if given, one of `tiers` / matched by `matched_on` /
    contradicting its declared code or not)."""

    __slots__ = ("contradicts", "lists", "matched_on", "tiers")

    def __init__(
        self,
        lists: frozenset[str] | None,
        tiers: frozenset[str] | None,
        matched_on: str | None,
        contradicts: bool | None = None,
    ) -> None:
        self.lists = lists
        self.tiers = tiers
        self.matched_on = matched_on
        self.contradicts = contradicts

    def _ok(self, hit: GoodsHit) -> bool:
        if self.lists is not None and hit.list_id.lower() not in self.lists:
            return False
        if self.tiers is not None and (hit.tier is None or hit.tier.upper() not in self.tiers):
            return False
        if self.contradicts is not None and hit.contradicts_code != self.contradicts:
            return False
        return self.matched_on is None or hit.matched_on == self.matched_on

    def test(self, facts: Facts) -> bool:
        # `_ok` written out (see All.test): most records have a goods hit or two, and half the
        # rules look at them first.
        if not facts.goods_hits:
            return False
        lists, tiers, contradicts, matched_on = (
            self.lists,
            self.tiers,
            self.contradicts,
            self.matched_on,
        )
        for list_id, tier, contradicts_code, on in facts.goods_keys():
            if (
                (lists is None or list_id in lists)
                and (tiers is None or (tier is not None and tier in tiers))
                and (contradicts is None or contradicts_code == contradicts)
                and (matched_on is None or on == matched_on)
            ):
                return True
        return False

    def cost(self) -> int:
        return COST_HITS

    def key(self) -> tuple[object, ...]:
        return ("goods", self.lists, self.tiers, self.matched_on, self.contradicts)

    def inputs(self) -> frozenset[str]:
        return frozenset({GOODS_HITS})

    def explain(self, facts: Facts) -> list[str]:
        out: list[str] = []
        for hit in facts.goods_hits:
            if self._ok(hit):
                how = f"HS {hit.matched}" if hit.matched_on == "hs" else f"words {hit.matched!r}"
                text = f"goods line {hit.line + 1}: {hit.label} ({how})"
                if hit.contradicts_code and self.contradicts:
                    # The reviewer needs both sides of the contradiction: what the words name
                    # and what was declared.
                    text += f", declared as HS {hit.hs_code or 'none'}"
                out.append(text)
        return out

    def describe(self) -> str:
        parts = ["a goods hit"]
        if self.lists is not None:
            parts.append("on " + "/".join(sorted(self.lists)))
        if self.tiers is not None:
            parts.append("tier " + "/".join(sorted(self.tiers)))
        if self.matched_on is not None:
            parts.append(f"by {self.matched_on}")
        if self.contradicts is not None:
            parts.append("contradicting" if self.contradicts else "not contradicting")
            parts.append("its declared HS code")
        return " ".join(parts)


class PartyHitMatch(Condition):
    """`party_hit` (a party met a list entry) or, with `similar`, `similar_party` (a look-alike)."""

    __slots__ = ("categories", "lists", "max_score", "min_score", "roles", "similar")

    def __init__(
        self,
        roles: frozenset[str] | None,
        categories: frozenset[str] | None,
        lists: frozenset[str] | None,
        min_score: float | None,
        max_score: float | None = None,
        *,
        similar: bool = False,
    ) -> None:
        self.roles = roles
        self.categories = categories
        self.lists = lists
        self.min_score = min_score
        self.max_score = max_score
        self.similar = similar

    def _hits(self, facts: Facts) -> Sequence[PartyHit]:
        return facts.similar_hits if self.similar else facts.party_hits

    def _ok(self, hit: PartyHit) -> bool:
        return (
            (self.roles is None or hit.role in self.roles)
            and (self.categories is None or hit.category in self.categories)
            and (self.lists is None or hit.list_id.lower() in self.lists)
            and (self.min_score is None or hit.score >= self.min_score)
            and (self.max_score is None or hit.score <= self.max_score)
        )

    def test(self, facts: Facts) -> bool:
        for hit in facts.similar_hits if self.similar else facts.party_hits:
            if self._ok(hit):
                return True
        return False

    def cost(self) -> int:
        return COST_HITS

    def key(self) -> tuple[object, ...]:
        return (
            "party_hit",
            self.roles,
            self.categories,
            self.lists,
            self.min_score,
            self.max_score,
            self.similar,
        )

    def inputs(self) -> frozenset[str]:
        return frozenset({SIMILAR_HITS if self.similar else PARTY_HITS})

    def explain(self, facts: Facts) -> list[str]:
        verb = "looks like" if self.similar else "~"
        what = "similarity" if self.similar else "match"
        return [
            f"{h.role}.name={_short(h.input_name)} {verb} {h.entry_name!r} on {h.list_name} "
            f"({h.category}, {what} {h.score:.0f})"
            for h in self._hits(facts)
            if self._ok(h)
        ]

    def describe(self) -> str:
        parts = ["a party similar to a list entry" if self.similar else "a party hit"]
        if self.roles is not None:
            parts.append("for " + "/".join(sorted(self.roles)))
        if self.categories is not None:
            parts.append("on " + "/".join(sorted(self.categories)) + " lists")
        if self.lists is not None:
            parts.append("on " + "/".join(sorted(self.lists)))
        if self.min_score is not None:
            parts.append(f"scoring >= {_num(self.min_score)}")
        if self.max_score is not None:
            parts.append(f"scoring <= {_num(self.max_score)}")
        return " ".join(parts)


# --- compiling --------------------------------------------------------------------------------


# Conditions already compiled in one run, by key (Condition.key): see compile_condition.
Compiled = dict[tuple[object, ...], Condition]


class _Env:
    """What compiling one rule's condition needs: the rule id (for messages), the named sets and
    the conditions compiled so far in the run."""

    __slots__ = ("compiled", "rule_id", "sets")

    def __init__(
        self, rule_id: str, sets: Mapping[str, NamedSet], compiled: Compiled | None
    ) -> None:
        self.rule_id = rule_id
        self.sets = sets
        self.compiled = compiled

    def prefix(self, message: str) -> str:
        return f"rule {self.rule_id!r}: {message}"

    def intern(self, condition: Condition) -> Condition:
        """The condition compiled earlier with the same key, if any (told it is shared), else
        `condition`, remembered."""
        if self.compiled is None:
            return condition
        key = condition.key()
        found = self.compiled.get(key)
        if found is None:
            self.compiled[key] = condition
            return condition
        found.share()
        return found


def compile_condition(
    node: Located,
    rule_id: str,
    sets: Mapping[str, NamedSet],
    compiled: Compiled | None = None,
) -> Condition:
    """Validate and compile one `when:` condition; ConfigError at the offending line otherwise.

    Pass the same `compiled` dict for every rule of a run and a condition written in several
    rules (a YAML alias such as *russia-belarus-destination, or the same test written out twice)
    becomes one object, tested once per record.
    """
    return _compile(node, _Env(rule_id, sets, compiled))


def _compile(node: Located, env: _Env) -> Condition:
    return env.intern(_compile_node(node, env))


def _compile_node(node: Located, env: _Env) -> Condition:
    body = node.mapping(env.prefix("a condition"), field="when")
    shapes = [k for k in _SHAPES if k in body]
    if not shapes:
        unknown = next(iter(body), None)
        hint = f"a condition is one of: {', '.join(_SHAPES)}"
        if unknown is not None and unknown in _OPERATOR_KINDS:
            hint = f"{unknown!r} needs a 'field:' beside it"
        raise node.error(
            env.prefix(f"unknown condition {', '.join(map(repr, body)) or '{}'}"),
            field=unknown,
            hint=hint,
        )
    if len(shapes) > 1:
        raise node.error(
            env.prefix(
                f"a condition has one of {', '.join(_SHAPES)}, this one has {' and '.join(shapes)}"
            ),
            field=shapes[1],
            hint="combine conditions with all: [...] or any: [...]",
        )
    shape = shapes[0]
    if shape == "field":
        return _compile_leaf(node, body, env)
    if len(body) > 1:
        extra = next(k for k in body if k != shape)
        raise body[extra].error(
            env.prefix(f"unknown key {extra!r} beside {shape!r}"),
            field=extra,
            hint=f"{shape!r} stands alone in its mapping",
        )
    value = body[shape]
    if shape in ("all", "any"):
        children = [_compile(c, env) for c in value.items(env.prefix(f"{shape!r}"), field=shape)]
        if not children:
            raise value.error(env.prefix(f"{shape!r} has no conditions"), field=shape)
        return All(children) if shape == "all" else AnyOf(children)
    if shape == "not":
        return Not(_compile(value, env))
    if shape == "goods":
        return _compile_goods(value, env)
    return _compile_party_hit(value, env, shape)


def _field(node: Located, env: _Env, key: str) -> Field:
    name = node.text(env.prefix(f"{key!r}"), field=key)
    found = FIELDS.get(name)
    if found is None:
        close = suggest_field(name)
        hint = f"did you mean {close!r}?" if close else f"fields are {fields_help()}"
        raise node.error(env.prefix(f"unknown field {name!r}"), field=key, hint=hint)
    return found


def _set(node: Located, env: _Env, key: str, want_kind: str) -> NamedSet:
    name = node.text(env.prefix(f"{key!r}"), field=key)
    found = env.sets.get(name)
    if found is None:
        close = get_close_matches(name, list(env.sets), n=1, cutoff=0.75)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else "define it under 'sets:' in a file loaded in the same run"
        )
        raise node.error(env.prefix(f"unknown set {name!r}"), field=key, hint=hint)
    if found.kind != want_kind:
        raise node.error(
            env.prefix(f"set {name!r} holds {found.kind}, this test needs {want_kind}"),
            field=key,
        )
    return found


def _targets(
    field: Field, values: Sequence[tuple[str, Located]], env: _Env, key: str
) -> frozenset[str]:
    """The normalised comparison targets, each checked against the field's kind."""
    kind_for_check = _SET_KIND_FOR[field.kind]
    out: set[str] = set()
    for raw, where in values:
        value = check_value(
            kind_for_check, raw, where, env.prefix(f"{field.name} {key}"), field=key
        )
        out.add(normalise(field.kind, value))
    return frozenset(out)


def _compile_leaf(node: Located, body: dict[str, Located], env: _Env) -> Condition:
    check_keys(body, node, env.prefix("a field test"), allowed=_LEAF_KEYS)
    field = _field(body["field"], env, "field")
    ops = [k for k in body if k in _OPERATOR_KINDS]
    if not ops:
        raise node.error(
            env.prefix(f"a test of {field.name} has no operator"),
            field="field",
            hint=f"add one of {', '.join(_OPERATOR_KINDS)}",
        )
    numeric = [op for op in ops if op in _NUMERIC_OPS]
    if len(ops) > 1 and len(numeric) != len(ops):
        raise body[ops[1]].error(
            env.prefix(f"one operator per test, this one has {' and '.join(ops)}"),
            field=ops[1],
            hint="combine tests with all: [...] or any: [...]",
        )
    op = ops[0]
    for name in ops:
        if field.kind not in _OPERATOR_KINDS[name]:
            raise body[name].error(
                env.prefix(f"{name!r} does not apply to {field.name} (a {field.kind} field)"),
                field=name,
            )
    if "whole_words" in body and op not in ("keywords", "keywords_in_set"):
        raise body["whole_words"].error(
            env.prefix("'whole_words' goes with keywords only"), field="whole_words"
        )
    value = body[op]

    if numeric:
        bounds = tuple((name, body[name].number(env.prefix(name), field=name)) for name in numeric)
        return Compare(field, bounds)
    if op == "equals":
        raw = value.text(env.prefix("'equals'"), field=op)
        return ValueIn(field, _targets(field, [(raw, value)], env, op), f"= {raw}")
    if op == "in":
        items = value.items(env.prefix("'in'"), field=op)
        pairs = [(item.text(env.prefix("each value of 'in'"), field=op), item) for item in items]
        if not pairs:
            raise value.error(env.prefix("'in' is an empty list"), field=op)
        shown = "in [" + ", ".join(raw for raw, _ in pairs) + "]"
        return ValueIn(field, _targets(field, pairs, env, op), shown)
    if op == "in_set":
        named = _set(value, env, op, _SET_KIND_FOR[field.kind])
        targets = frozenset(normalise(field.kind, v) for v in named.values)
        return ValueIn(field, targets, f"in set {named.name}")
    if op == "present":
        return Present(field, value.boolean(env.prefix("'present'"), field=op))
    if op == "hs_prefix":
        prefixes: list[str] = []
        for item in value.items(env.prefix("'hs_prefix'"), field=op):
            raw = item.text(env.prefix("each prefix of 'hs_prefix'"), field=op)
            digits = check_value("hs-codes", raw, item, env.prefix("hs_prefix"), field=op)
            prefixes.append(hs_digits(digits))
        if not prefixes:
            raise value.error(env.prefix("'hs_prefix' is an empty list"), field=op)
        return HsPrefix(field, tuple(prefixes))
    if op in ("keywords", "keywords_in_set"):
        whole = (
            body["whole_words"].boolean(env.prefix("'whole_words'"), field="whole_words")
            if "whole_words" in body
            else False
        )
        if op == "keywords":
            words = value.texts(env.prefix("'keywords'"), field=op)
            shown = (
                "keyword "
                + ", ".join(repr(w) for w in words[:3])
                + (" ..." if len(words) > 3 else "")
            )
        else:
            named = _set(value, env, op, "words")
            words = list(named.values)
            shown = f"a word of set {named.name}"
        if whole:
            shown += " (whole words)"
        try:
            matcher = KeywordMatcher(words, whole_words=whole)
        except ValueError as err:
            raise value.error(env.prefix(str(err)), field=op) from None
        return Keywords(field, matcher, shown)
    if op == "regex":
        raw = value.text(env.prefix("'regex'"), field=op)
        try:
            compiled = re.compile(raw, re.IGNORECASE)
        except re.error as err:
            raise value.error(env.prefix(f"invalid regex {raw!r}: {err}"), field=op) from None
        return Regex(field, compiled)
    # differs_from / same_as
    other = _field(value, env, op)
    if other.kind != field.kind:
        raise value.error(
            env.prefix(
                f"{field.name} ({field.kind}) cannot be compared with {other.name} ({other.kind})"
            ),
            field=op,
        )
    return CrossField(field, other, same=(op == "same_as"))


def _compile_goods(node: Located, env: _Env) -> Condition:
    body = node.mapping(env.prefix("'goods'"), field="goods")
    check_keys(body, node, env.prefix("'goods'"), allowed=_GOODS_KEYS)
    if "any" in body:
        if len(body) > 1:
            extra = next(k for k in body if k != "any")
            raise body[extra].error(
                env.prefix("'goods: {any: true}' takes no other key"), field=extra
            )
        if not body["any"].boolean(env.prefix("goods 'any'"), field="any"):
            raise body["any"].error(
                env.prefix("'goods: {any: false}' never matches"),
                field="any",
                hint="write not: {goods: {any: true}}",
            )
        return GoodsMatch(None, None, None)
    if not body:
        raise node.error(
            env.prefix("'goods' is empty"), field="goods", hint="give lists:, tiers: or any: true"
        )
    lists = (
        frozenset(v.lower() for v in body["lists"].texts(env.prefix("goods lists"), field="lists"))
        if "lists" in body
        else None
    )
    tiers = (
        frozenset(v.upper() for v in body["tiers"].texts(env.prefix("goods tiers"), field="tiers"))
        if "tiers" in body
        else None
    )
    contradicts = (
        body["contradicts_code"].boolean(
            env.prefix("goods contradicts_code"), field="contradicts_code"
        )
        if "contradicts_code" in body
        else None
    )
    matched_on = None
    if "matched_on" in body:
        matched_on = body["matched_on"].text(env.prefix("goods matched_on"), field="matched_on")
        if matched_on not in ("hs", "description"):
            raise body["matched_on"].error(
                env.prefix(f"unknown matched_on {matched_on!r}"),
                field="matched_on",
                hint="use hs or description",
            )
    return GoodsMatch(lists, tiers, matched_on, contradicts)


def _score(body: dict[str, Located], key: str, env: _Env, shape: str) -> float | None:
    if key not in body:
        return None
    score = body[key].number(env.prefix(f"{shape} {key}"), field=key)
    if not 0 <= score <= 100:
        raise body[key].error(env.prefix(f"{key} is a match score from 0 to 100"), field=key)
    return score


def _compile_party_hit(node: Located, env: _Env, shape: str = "party_hit") -> Condition:
    similar = shape == "similar_party"
    if node.is_null:
        return PartyHitMatch(None, None, None, None, similar=similar)
    body = node.mapping(env.prefix(f"'{shape}'"), field=shape)
    check_keys(body, node, env.prefix(f"'{shape}'"), allowed=_PARTY_HIT_KEYS)
    roles = None
    if "roles" in body:
        roles_list = body["roles"].texts(env.prefix(f"{shape} roles"), field="roles")
        for role in roles_list:
            if role not in PARTY_ROLES:
                raise body["roles"].error(
                    env.prefix(f"unknown role {role!r}"),
                    field="roles",
                    hint=f"roles are {', '.join(PARTY_ROLES)}",
                )
        roles = frozenset(roles_list)
    categories = None
    if "categories" in body:
        cats = body["categories"].texts(env.prefix(f"{shape} categories"), field="categories")
        for cat in cats:
            if cat not in LIST_CATEGORIES:
                raise body["categories"].error(
                    env.prefix(f"unknown list category {cat!r}"),
                    field="categories",
                    hint=f"categories are {', '.join(LIST_CATEGORIES)}",
                )
        categories = frozenset(cats)
    lists = (
        frozenset(
            v.lower() for v in body["lists"].texts(env.prefix(f"{shape} lists"), field="lists")
        )
        if "lists" in body
        else None
    )
    min_score = _score(body, "min_score", env, shape)
    max_score = _score(body, "max_score", env, shape)
    if min_score is not None and max_score is not None and min_score > max_score:
        raise body["max_score"].error(
            env.prefix(f"{shape} max_score {_num(max_score)} is below min_score {_num(min_score)}"),
            field="max_score",
        )
    return PartyHitMatch(roles, categories, lists, min_score, max_score, similar=similar)
