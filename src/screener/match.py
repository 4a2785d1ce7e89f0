"""Pair scoring with explanations: how well a counterparty meets a list entry, and why.

A score is a declared list of weighted features (after nomenklatura's logic-v2): one main feature,
the name similarity (0-100), then qualifiers that can only lower it (a weak alias, a person met
only on common names, a legal-form family conflict, a person against an organisation, a country or
nationality conflict, a date of birth conflict, an identifier conflict), and one overriding
feature, a shared identifier, which is as strong as evidence gets and sets the score to 100.
Every feature is a model.Feature whose contributions add up to the score, so a report can show
the arithmetic.

Agreement never raises a score: a shared country or legal form is weak evidence when most
counterparties and most curated entries are Chinese or Russian companies, and a score above what
the names support would be a claim the names alone do not make. Agreements are still listed as
features with a zero contribution, so the reader sees they were checked (a date of birth that
agrees with the entry's is reported, not rewarded).

Person evidence applies to entries of type "person" and to those of type "unknown" (CSL and DPL
rows the parsers could not type: a date of birth or nationality they carry is a person's); an
"unknown" entry gets no type qualifier, since nothing says what it is.

Name similarity is an IDF-weighted alignment of the two names' words (`compare_names`): legal forms
are set aside (normalize.analyze_name), each input word is paired with at most one alias word
(equal, equal in spelling skeleton, or within normalize.edit_budget edits), words run together
("Hikvision" / "Hik Vision") pair as one, and the score is the weight of agreement over the weight
of everything (a weighted Dice coefficient). Generic words weigh GENERIC_WEIGHT of a distinctive
word (index.py), so "Wuhan Gaoxin Technology" does not meet "Wuhan Tongsheng Technology".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from screener.errors import UsageError
from screener.index import (
    GENERIC_WEIGHT,
    PATRONYMIC_UNPAIRED,
    AliasRecord,
    NameIndex,
    Unit,
    word_units,
)
from screener.lists import LoadedList
from screener.model import Alias, Entry, Feature, Identifier, Party, PartyHit
from screener.normalize import (
    GENERIC_WORDS,
    PINYIN_SYLLABLES,
    UNIQUE_IDENTIFIER_KINDS,
    NameParts,
    Token,
    edit_budget,
    identifier_key,
    identifier_valid,
    skeleton,
)

# Similarity of two words that differ only in spelling skeleton (c/k, x/ks, kh/h, y/i, doubled
# letters): a romanisation variant ("Mikro"/"Micro") is near-certain, a shade below identity so an
# exact spelling still ranks first. Only for words of at least SKELETON_MIN_LENGTH letters: in
# shorter words one letter is often the whole difference between two pinyin syllables.
SKELETON_SIMILARITY = 0.95
SKELETON_MIN_LENGTH = 4

# An initial against a name that starts with it ("V. Putin" / "Vladimir Putin"): likely the same
# name but not certain, as nomenklatura's name matching scores initials below full names; 0.8 of
# the full name's weight keeps "V. Putin" a hit and "S. Putin" (no pairing) below it.
INITIAL_SIMILARITY = 0.8

# When each name has words the other lacks, its unpaired generic words weigh at least this share
# of the heaviest word of the two names: "Poly Trading" and "Poly Technologies" are two lines of
# business around one shared word, not one firm, however rare "Poly" is in the loaded lists (the
# IDF of a big list set makes "trading" weigh almost nothing next to it). 0.3 is GENERIC_WEIGHT,
# so a generic word never weighs less than a generic word as rare as the rarest word in the pair;
# it keeps "Poly Trading Co" against "Poly Technologies Inc" at about 77 (a look-alike, not a hit)
# while a name that only adds words ("DJI Technology Co" / "DJI") keeps its cheap generic words.
UNPAIRED_GENERIC_SHARE = 0.3

# A name whose distinctive part is this short (DJI, PTI, SVR) is an acronym or a coined word that
# typos turn into other real acronyms: it must be met by exactly the same distinctive words.
SHORT_NAME_LENGTH = 4

# Two names of one word each, met only by a typo (not a spelling variant), count for this share of
# their similarity: one letter is often the whole difference between two unrelated one-word
# names ("Sadko" / "Salco", "Granit" / "Grawit", "Viktoriya" / "Victory", issue 5's
# ordinary-company negatives), and nothing else in the names confirms the pairing. 0.85 puts a
# one-edit typo of a word of up to 9 letters (similarity <= 0.89) below the default threshold of
# 80 and above the look-alike threshold of 70 (config.DEFAULT_SIMILAR_THRESHOLD), so the officer
# still sees it; names of two or more words keep their typo tolerance.
ONE_WORD_TYPO_FACTOR = 0.85
# Pairings whose shorter word has at least this many letters keep their typo tolerance in both
# cases (a one-word name, and words run together; see compare_units): a long word is rarely one
# edit from another real name, and issue 5's benchmark lost "ОБОРОНЛОГИСТИКА" /
# "OBORONLOGISTIKA" and "НАНОЭЛЕКТРОНИКА" / "NANO ELECTRONICS" without it. 8 is the shortest
# length that spares those and still stops "Viktoriya" / "Victory" (7) and "Renkato" / "Renato".
TYPO_SAFE_LENGTH = 8

# A person met only on words that many listed people share, with something left unconfirmed: a
# name part only one side has (a middle name, a patronymic, a third name, a second surname), an
# initial for a full name, or an input word that is itself another listed name ("Ali Saleh" /
# "SALEH, Ali Mohamad", "Dmitry Kuznetsov" / "KUZNETSOV, Dmitry Vadimovich", "Javier Lopez
# Gonzalez" / "Javier Gonzalez", "Mohammed Aziz" / "M. Aziz"). A common given name and surname say
# little about which of their bearers this is, so such a hit counts for COMMON_NAME_FACTOR of its
# name score, as a weak alias does (0.8): below the default threshold of 80 unless near-exact, and
# still a look-alike. "Common" is a word that COMMON_NAME_ENTRIES or more loaded entries share: in
# the benchmark's screening set (about 28,000 entries) "ali" is in 675, "saleh" 94, "kuznetsov"
# 15, while "putin" is in 5, so "Vladimir Putin" still meets "Vladimir Vladimirovich Putin". 10 is
# the smallest round count above the rare surnames of issue 5's known problems. A rare word met
# exactly, or by a typo that is no listed name, is evidence enough, and the qualifier stays off; so
# it does when the input's date of birth agrees with the entry's (the issue's "unless other
# evidence agrees"; a shared identifier overrides every qualifier anyway). What the lists cannot
# tell is a surname common among people but rare among listed ones: "Aleksei Volkov" against
# "Aleksei Aleksandrovich VOLKOV" looks like "Viktor Vekselberg" against "VEKSELBERG, Viktor
# Feliksovich" (each surname in one entry), and the second must stay a hit.
COMMON_NAME_FACTOR = 0.8
COMMON_NAME_ENTRIES = 10
# An input word met by a typo is a namesake, that other name rather than a misspelling, when the
# lists give it at least as often as the word it would misspell ("Sergey Fedorov" is not "Sergey
# FEDOTOV" mistyped: 4 entries are called Fedorov, 1 Fedotov; "Elena Kuznetsov" is not "Elena
# KUZNETSOVA"), or when COMMON_NAME_ENTRIES or more entries bear it (_namesake). A keyboard slip
# rarely makes a listed name: of the 262 mistyped words of issue 5's typo cases, 8 were one and 4
# of those a namesake by this test, none of them met only on common words; every ordinary-person
# false alert met by a typo was one. A namesake that is common, at least as common as the list
# word, and differs from it in a consonant is plainly another name ("Maria" for "Daria";
# _other_name): that alone makes the hit count COMMON_NAME_FACTOR, however rare the other words.

# The most edits normalize.edit_budget allows two spellings of any length: two words whose
# lengths differ by more are not within the budget of each other.
_WIDEST_BUDGET = edit_budget(1_000_000)

# Weak aliases (OFAC's "weak AKAs", low-quality aliases of the UN and UK lists, our acronyms) count
# for 0.8 of a strong one, as nomenklatura logic-v2 weighs weak_alias_match (0.8): only an exact
# weak alias reaches the default threshold of 80.
WEAK_ALIAS_FACTOR = 0.8

# An alias of one distinctive word that the entry's own name holds with others ("ВЕКТОР" for
# "TSK VEKTOR", "LLC TSK VEKTOR"): a short form the list gives, met on one common word, says less
# than the name. It counts for 0.75 of a strong alias, below a weak one (0.8): an exact match on
# it is a look-alike (DEFAULT_SIMILAR_THRESHOLD 70 to 80), not a hit, since one word such as
# "Vektor" names hundreds of unrelated firms.
SHORT_FORM_FACTOR = 0.75

# Qualifiers, in score points (0-100). nomenklatura logic-v2 deducts 0.2 (20 points) for a country
# mismatch; we deduct 15, because an invoice gives the address of the trading branch, and in the
# diversion cases the fact sheet describes (Hong Kong, Turkey, UAE, Central Asia) that address is
# often not the registered country. An exact name with a conflicting country still reaches 80.
COUNTRY_CONFLICT = -15.0
# A sole proprietor (ИП) is a natural person; a company form on the other side, or on a person
# entry, names a different legal person. Smaller than a country conflict: forms are often omitted
# or mistranslated on invoices.
LEGAL_FORM_CONFLICT = -10.0
# A company form (LLC, OOO, Co., Ltd.) in the input against an entry that is a person: a firm
# named after a person ("Ivanov Sergei LLC") is another legal person, and OFAC's steps for
# checking a potential match say an individual against an organisation is not a valid match.
# Twice the sole-proprietor conflict, because a company form is rarely written by mistake; an
# exact name then scores 80 and the same name less an optional patronymic stays below it.
COMPANY_PERSON_CONFLICT = 2 * LEGAL_FORM_CONFLICT
# Two different registration numbers of the same unique kind (INN, OGRN, USCC, LEI, IMO, BIC) name
# two legal persons unless one side is wrong; strong evidence against, but data-entry errors exist.
IDENTIFIER_CONFLICT = -20.0
# Shorter identifier values ("1", "12") are placeholders, not identities.
MIN_IDENTIFIER_LENGTH = 5
# Identifier kinds that say nothing about the numbering scheme; they match any kind.
_LOOSE_IDENTIFIER_KINDS = frozenset({"reg", "other", "vat"})

# A person on one side and an organisation, vessel or aircraft on the other: the same qualifier,
# and the same size, as a sole proprietor against a company (LEGAL_FORM_CONFLICT). OFAC's steps for
# checking a potential match start with it ("an individual, while the name on the list is a
# vessel, organization or company? ... you do not have a valid match"); it stays a qualifier, not
# a veto, because an input's date-of-birth column may be filled for the wrong party.
ENTITY_TYPE_CONFLICT = LEGAL_FORM_CONFLICT
# Dates of birth. nomenklatura logic-v2 deducts 0.15 for birth years that differ and another 0.25
# when the full dates differ (so 0.40 for a different year, both dates full), half of the 0.25
# when day and month are swapped. A different year of birth is the strongest sign of a namesake:
# 25 puts an exact name with a conflicting year (75) below the default hit threshold (80) and
# above the similar-party threshold (70), so the officer still sees it, as a look-alike.
DOB_YEAR_CONFLICT = -25.0
# Same year, different month or day: a namesake or a typo; 10 keeps an exact name a hit (90).
DOB_DAY_CONFLICT = -10.0
# Same year with day and month swapped (04/02 for 02/04), the commonest date error; half of the
# day conflict, as logic-v2's dob_day_disjoint scores a swap 0.5.
DOB_SWAPPED = DOB_DAY_CONFLICT / 2
# A year alone or a range is approximate: OFAC writes "DOB circa 1962" and "DOB 1953 to 1958" for
# years it knows roughly, and the parsers keep only "1962" and "1953/1958". A year either side of
# one is no conflict.
DOB_YEAR_TOLERANCE = 1
# A date of birth that agrees at least in its year (the birth_date feature's value for "the year
# agrees" or better; a year within DOB_YEAR_TOLERANCE of an approximate one scores 0.5 and does
# not) tells namesakes apart, so it lifts the common-name qualifier.
DOB_CONFIRMS = 0.75
# Entry types whose dates of birth and nationalities are a person's (see the module docstring).
_PERSON_TYPES = frozenset({"person", "unknown"})

# Mainland China, Hong Kong and Macau: the lists give Hong Kong firms mainland addresses and
# mainland firms Hong Kong offices (OFAC writes both as "China"), so they do not conflict.
# The Netherlands Antilles (AN, dissolved in 2010, still in OFAC addresses) are now Curaçao, Sint
# Maarten and the Caribbean Netherlands.
_RELATED_COUNTRIES: tuple[frozenset[str], ...] = (
    frozenset({"CN", "HK", "MO"}),
    frozenset({"AN", "CW", "SX", "BQ"}),
)


# --- Word and name similarity -----------------------------------------------------------------


def _plural_pair(a: str, b: str) -> bool:
    """Whether one skeleton is the other's English plural (link/links, technologi/technologies).

    Only the forms within the edit budget of the longer word (so index.py finds them): "+s" from
    four letters, "-y/-ies" from nine.
    """
    if len(a) > len(b):
        a, b = b, a
    if b == a + "s":
        return True
    return len(b) >= 9 and a.endswith("i") and b == a[:-1] + "ies"


def _namesake(query_entries: int, alias_entries: int) -> bool:
    """Whether an input word met by a typo is a listed name in its own right (see above)."""
    return query_entries >= COMMON_NAME_ENTRIES or 0 < alias_entries <= query_entries


# What two romanisations of one name may differ in: vowels, and h (Husein / Hussein, Mohamad /
# Mohammad, Ahmad / Amad), on the spelling skeleton, where a collapsed sound (S for sh, C for ts,
# J for zh) is read as its plain letter (Bashir / Ba'asyir, Tsekov / Cekov).
_VARIANT_LETTERS = re.compile(r"[aeiouyh]")


def _other_name(query: Token, alias: Token, query_entries: int, alias_entries: int) -> bool:
    """Whether a namesake pairing is plainly another name ("Maria" for "Daria"; see above).

    The input word is common and at least as common as the list word, and the two differ in a
    consonant. Romanisations of one name differ in their vowels ("Abdullah" / "Abdallah", "Sergei"
    / "Sergey", "Volodymyr" / "Vladimir", "Kuznetsov" / "Kuznetsova") and stay mere namesakes.
    """
    return (
        query_entries >= COMMON_NAME_ENTRIES
        and query_entries >= alias_entries
        and _consonants(query.key) != _consonants(alias.key)
    )


def _patronymic_of(word: str) -> str:
    """The patronymic an East Slavic surname in -ov/-ev shares its stem with, else "".

    "Nikolaev", "Egorov", "Ivanova" are formed from the given names Nikolai, Egor and Ivan, as the
    patronymics "Nikolaevich", "Egorovich" and "Ivanovich" are: such a surname is borne by as many
    people as the patronymic, which the lists give for most Russians they name ("nikolaevich" is in
    198 entries of issue 5's screening set, "nikolaev" in 6). Surnames from other stems
    ("Volkov", "Putin", "Vekselberg") have no such patronymic and keep their own count.
    """
    stem = word[:-1] if word.endswith(("ova", "eva")) else word
    return stem + "ich" if stem.endswith(("ov", "ev")) and len(stem) > 4 else ""


def _consonants(key: str) -> str:
    return _VARIANT_LETTERS.sub("", key.lower().replace("c", "s"))


def _translated(query: Token, alias: Token) -> bool:
    """Whether two words share a key because one is listed as the other's translation."""
    return query.key != skeleton(query.text) or alias.key != skeleton(alias.text)


def token_similarity(query: Token, alias: Token) -> float:
    """Similarity (0-1) of an input word and a list word; 0 means they do not pair."""
    if query.text == alias.text:
        return 1.0
    if query.numeric or alias.numeric:
        # Numbers must agree; "No. 01" and "1" do (normalize drops signs and leading zeros).
        return 1.0 if query.numeric and alias.numeric and query.key == alias.key else 0.0
    if query.han or alias.han:
        # Chinese left unromanised (kana, rare characters) is compared as written.
        return 0.0
    if query.initial != alias.initial:
        # "V." for "Vladimir": an initial stands for a name that is not a common word.
        full = alias if query.initial else query
        short = query if query.initial else alias
        if not full.generic and full.text[:1] == short.text:
            return INITIAL_SIMILARITY
        return 0.0
    shorter = min(len(query.text), len(alias.text))
    if query.key == alias.key and _translated(query, alias):
        # A word and its translation ("Zavod" / "Plant", "Keji" / "Technology"): the same word.
        return 1.0
    if query.text in GENERIC_WORDS and alias.text not in GENERIC_WORDS:
        # A known common word in the input ("Sino") is not a typo of a rarer list word ("Sinno").
        return 0.0
    if query.key == alias.key or _plural_pair(query.key, alias.key):
        # A spelling variant, a word and its translation ("Zavod" / "Plant"), or a plural.
        return SKELETON_SIMILARITY if shorter >= SKELETON_MIN_LENGTH else 0.0
    # A typo is measured on the spellings as written and on their skeletons, whichever is nearer:
    # skeletons make romanisation variants equal but can move a typo further off ("Asohur" for
    # "Ashour" is one swap as written, two edits apart once "sh" is collapsed).
    longer = max(len(query.text), len(alias.text))
    budget = edit_budget(longer)
    if budget == 0:
        return 0.0
    distance = min(
        OSA.distance(query.text, alias.text, score_cutoff=budget + 1),
        OSA.distance(query.key, alias.key, score_cutoff=budget + 1),
    )
    if distance > budget or _other_syllable(query.text, alias.text):
        return 0.0
    return 1.0 - distance / longer


def _other_syllable(a: str, b: str) -> bool:
    """Whether two different words are each a pinyin syllable, hence two characters.

    Except zh for ch: Wade-Giles, still used in Taiwan and Hong Kong, writes pinyin's zh as ch
    ("CHANG" for Zhang 張), so that one difference may be a romanisation, not another name.
    """
    if a not in PINYIN_SYLLABLES or b not in PINYIN_SYLLABLES:
        return False
    return {a[:2], b[:2]} != {"zh", "ch"} or a[2:] != b[2:]


@dataclass(frozen=True, slots=True)
class WordPair:
    """Input words paired with alias words: their similarity and the weight they carry."""

    query: str
    alias: str
    similarity: float
    weight: float


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The outcome of `compare_names`: a 0-1 score and the alignment that produced it."""

    score: float
    pairs: tuple[WordPair, ...]
    query_only: tuple[tuple[str, float], ...]
    alias_only: tuple[tuple[str, float], ...]
    short_name: bool = False
    short_name_failed: bool = False
    one_word_typo: bool = False

    def describe(self) -> str:
        """The alignment in words, for the name feature's note."""
        parts: list[str] = []
        for p in self.pairs:
            sign = "=" if p.similarity == 1.0 else "~"
            similarity = "" if p.similarity == 1.0 else f" {p.similarity:.2f}"
            parts.append(f"'{p.query}'{sign}'{p.alias}'{similarity} (w {p.weight:.1f})")
        text = "; ".join(parts) if parts else "no word in common"
        if self.query_only:
            text += "; input only: " + ", ".join(f"'{w}' (w {x:.1f})" for w, x in self.query_only)
        if self.alias_only:
            text += "; alias only: " + ", ".join(f"'{w}' (w {x:.1f})" for w, x in self.alias_only)
        if self.one_word_typo:
            text += f"; one word each, met by a typo: counts {ONE_WORD_TYPO_FACTOR:g}"
        if self.short_name_failed:
            text += "; short name: needs exactly the same distinctive words"
        elif self.short_name:
            text += "; short name: distinctive words equal"
        return text


def _short(parts: NameParts) -> bool:
    distinctive = parts.distinctive
    if not distinctive or any(t.han for t in distinctive):
        return False
    return sum(len(t.text) for t in distinctive) <= SHORT_NAME_LENGTH


def compare_names(
    query: NameParts, alias: NameParts, weight: Callable[[Token], float]
) -> NameComparison:
    """Weighted word alignment of an input name and a list alias (both analysed), 0-1.

    score = sum(2 * s * w_alias) / (sum over paired alias words of 2 * w_alias + weight of every
    unpaired word on both sides). A paired input word carries the weight of the alias word it met,
    so a typo ("Technologis", unknown hence rare) does not weigh more than the word it misspells.
    """
    return compare_units(
        query,
        word_units(query.tokens),
        tuple(weight(t) for t in query.tokens),
        alias,
        word_units(alias.tokens),
        tuple(weight(t) for t in alias.tokens),
    )


def compare_units(
    query: NameParts,
    query_units: Sequence[Unit],
    query_weights: Sequence[float],
    alias: NameParts,
    alias_units: Sequence[Unit],
    alias_weights: Sequence[float],
) -> NameComparison:
    """compare_names on names whose units (index.word_units) and word weights are known."""
    if not query.tokens or not alias.tokens:
        return NameComparison(0.0, (), (), ())
    candidates: list[tuple[float, float, tuple[int, ...], tuple[int, ...], Token, Token]] = []
    # Two initials side by side ("M. R.") are two names, not the word they spell.
    alias_units = [u for u in alias_units if not _initials_run(alias, u[0])]
    for q_index, q_token in query_units:
        if _initials_run(query, q_index):
            continue
        for a_index, a_token in alias_units:
            if len(q_index) > 1 and len(a_index) > 1:
                continue
            if (
                q_token.initial == a_token.initial
                and abs(len(q_token.text) - len(a_token.text)) > _WIDEST_BUDGET
                and abs(len(q_token.key) - len(a_token.key)) > _WIDEST_BUDGET
            ):
                # token_similarity is 0 (no initial, no equal text or key, no plural, no typo
                # within the budget): most pairs of words are told apart by length alone.
                continue
            similarity = token_similarity(q_token, a_token)
            if (
                similarity < SKELETON_SIMILARITY
                and (len(q_index) > 1 or len(a_index) > 1)
                and min(len(q_token.text), len(a_token.text)) < TYPO_SAFE_LENGTH
            ):
                # Two short words run together meet one word only as written or as a spelling
                # variant ("Hik Vision" / "Hikvision"), not with a typo on top: joining then
                # misspelling makes "Ren Kato" of "Renato" and "Na Wang" of "Avang" (issue 5's
                # ordinary-person negatives), two leaps where a typo variant takes one.
                continue
            if similarity > 0:
                alias_weight = sum(alias_weights[i] for i in a_index)
                candidates.append((similarity, alias_weight, q_index, a_index, q_token, a_token))
    # Greedy: best similarity first, then heavier words, then reading order (deterministic).
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_q: set[int] = set()
    used_a: set[int] = set()
    chosen: list[tuple[float, float, tuple[int, ...], tuple[int, ...], Token, Token]] = []
    for candidate in candidates:
        _, _, q_index, a_index, _, _ = candidate
        if used_q.intersection(q_index) or used_a.intersection(a_index):
            continue
        used_q.update(q_index)
        used_a.update(a_index)
        chosen.append(candidate)
    anchor = max(
        (c[1] for c in chosen if not c[5].generic and not (c[4].initial or c[5].initial)),
        default=0.0,
    )
    initial_weight = max((c[1] for c in chosen if c[4].initial or c[5].initial), default=0.0)
    if initial_weight > anchor:
        # An initial only completes a name met on a distinctive word at least as heavy as the
        # name it stands for ("V. Putin": "Putin" outweighs "Vladimir"); on its own, beside
        # generic words or beside a commoner word ("T-Bank" / "Taesong Bank") a letter says
        # nothing. Dropping pairs only lowers a score, so index.py's bounds still hold.
        kept = [c for c in chosen if not (c[4].initial or c[5].initial)]
        if len(kept) != len(chosen):
            chosen = kept
            used_q = {i for c in chosen for i in c[2]}
            used_a = {i for c in chosen for i in c[3]}
    pairs: list[WordPair] = []
    agreement = 0.0
    total = 0.0
    for similarity, alias_weight, _, _, q_token, a_token in chosen:
        pairs.append(WordPair(q_token.text, a_token.text, similarity, alias_weight))
        agreement += 2 * similarity * alias_weight
        total += 2 * alias_weight
    query_only, alias_only = _unpaired(query, query_weights, used_q, alias, alias_weights, used_a)
    total += sum(w for _, w in query_only) + sum(w for _, w in alias_only)
    score = agreement / total if total > 0 else 0.0
    short = _short(query) or _short(alias)
    if short and not _short_name_holds(query, alias, used_q, used_a, pairs):
        return NameComparison(
            0.0, tuple(pairs), query_only, alias_only, short_name=True, short_name_failed=True
        )
    one_word_typo = (
        len(query.tokens) == 1
        and len(alias.tokens) == 1
        and len(pairs) == 1
        and pairs[0].similarity < SKELETON_SIMILARITY
        and min(len(pairs[0].query), len(pairs[0].alias)) < TYPO_SAFE_LENGTH
        and not _truncated(pairs[0].query, pairs[0].alias)
    )
    if one_word_typo:
        score *= ONE_WORD_TYPO_FACTOR
    return NameComparison(
        score, tuple(pairs), query_only, alias_only, short_name=short, one_word_typo=one_word_typo
    )


def _initials_run(parts: NameParts, indices: tuple[int, ...]) -> bool:
    """Whether a unit is two initials run together ("m" + "r" of "M. R. Ahmadi")."""
    return len(indices) > 1 and all(parts.tokens[i].initial for i in indices)


def _truncated(a: str, b: str) -> bool:
    """Whether one spelling is the other cut short ("Megafo" for "Megafon"), as a full field does.

    Exports cut names at a column width, and a seed document writes "Megafo": a truncation is
    not a different name, so it keeps the typo tolerance of one-word names.
    """
    return a.startswith(b) or b.startswith(a)


def _unpaired(
    query: NameParts,
    query_weights: Sequence[float],
    used_q: set[int],
    alias: NameParts,
    alias_weights: Sequence[float],
    used_a: set[int],
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
    """The words of each name left unpaired, with the weight each counts against the match.

    A word's own weight, except: a patronymic only one name has counts PATRONYMIC_UNPAIRED of it;
    a country, people or direction word (normalize.NATION_WORDS) counts in full, as does a place
    word when both names have one unpaired ("North" / "South", "Wuhan" / "Beijing"); and when both
    names have unpaired words, generic ones count at least UNPAIRED_GENERIC_SHARE of the heaviest
    word. None of these can raise a score above what index.NameIndex bounds it by.
    """
    q_left = [i for i in range(len(query.tokens)) if i not in used_q]
    a_left = [i for i in range(len(alias.tokens)) if i not in used_a]
    q_tokens = [query.tokens[i] for i in q_left]
    a_tokens = [alias.tokens[i] for i in a_left]
    both = bool(q_left and a_left)
    place_conflict = any(t.place for t in q_tokens) and any(t.place for t in a_tokens)
    patronymic_conflict = any(t.patronymic for t in q_tokens) and any(
        t.patronymic for t in a_tokens
    )
    heaviest = max((*query_weights, *alias_weights), default=0.0)
    floor = UNPAIRED_GENERIC_SHARE * heaviest if both else 0.0

    def weigh(token: Token, weight: float) -> float:
        if token.generic and (token.nation or (token.place and place_conflict)):
            return max(weight / GENERIC_WEIGHT, floor)
        if token.patronymic and not patronymic_conflict:
            return weight * PATRONYMIC_UNPAIRED
        if token.generic:
            return max(weight, floor)
        return weight

    return (
        tuple((query.tokens[i].text, weigh(query.tokens[i], query_weights[i])) for i in q_left),
        tuple((alias.tokens[i].text, weigh(alias.tokens[i], alias_weights[i])) for i in a_left),
    )


def _short_name_holds(
    query: NameParts,
    alias: NameParts,
    used_q: set[int],
    used_a: set[int],
    pairs: Sequence[WordPair],
) -> bool:
    """A short name (DJI, PTI, Poly) is met only by exactly its distinctive words.

    Every distinctive word on either side must be paired, and the distinctive words of a short
    side must be paired with an identical word (or its plural, or a spelling variant): a typo of
    a three-letter acronym is another acronym. Generic words may still differ ("DJI Trading Co"
    meets "DJI").
    """
    for parts, used in ((query, used_q), (alias, used_a)):
        if any(not t.generic and i not in used for i, t in enumerate(parts.tokens)):
            return False
    # Equal, or equal in skeleton or as singular and plural ("Link" / "Links"): never a typo.
    exact_query = {p.query for p in pairs if p.similarity >= SKELETON_SIMILARITY}
    exact_alias = {p.alias for p in pairs if p.similarity >= SKELETON_SIMILARITY}
    if _short(query) and not all(_exactly_met(t.text, exact_query) for t in query.distinctive):
        return False
    return not (
        _short(alias) and not all(_exactly_met(t.text, exact_alias) for t in alias.distinctive)
    )


def _exactly_met(word: str, exact: set[str]) -> bool:
    """Whether a paired short word was met exactly, alone or inside words run together.

    A word of a short name is paired only when equal, equal in skeleton, or part of a run-together
    unit ("T-Bank" / "TBANK"): words under five letters get no typo budget (edit_budget), so a
    paired word found inside an exactly met unit was met exactly.
    """
    return word in exact or any(len(unit) > len(word) and word in unit for unit in exact)


# --- Qualifiers -------------------------------------------------------------------------------


def _legal_form_feature(query: NameParts, alias: NameParts, entry: Entry) -> Feature | None:
    q_forms = query.legal_forms
    a_forms = alias.legal_forms
    q_text = ", ".join(f.text for f in q_forms)
    a_text = ", ".join(f.text for f in a_forms)
    q_families = {f.family for f in q_forms}
    if entry.entity_type == "person" and q_families - {"sole-proprietor"}:
        return Feature(
            "legal_form",
            -1.0,
            COMPANY_PERSON_CONFLICT,
            f"input has a company form ({q_text}) but the entry is a person",
        )
    if not q_forms or not a_forms:
        return None
    a_families = {f.family for f in a_forms}
    if ("sole-proprietor" in q_families) != ("sole-proprietor" in a_families):
        return Feature(
            "legal_form",
            -1.0,
            LEGAL_FORM_CONFLICT,
            f"a sole proprietor and a company are different legal persons ({q_text} / {a_text})",
        )
    if {f.label for f in q_forms} & {f.label for f in a_forms}:
        return Feature("legal_form", 1.0, 0.0, f"same legal form ({q_text} / {a_text})")
    return Feature(
        "legal_form",
        0.5,
        0.0,
        f"legal forms differ ({q_text} / {a_text}) but are of one family; not penalised, "
        "because re-registration and translation change them",
    )


def _related(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _RELATED_COUNTRIES)


def _country_feature(party: Party, entry: Entry) -> Feature | None:
    """The input country against the entry's countries and, for a person, its nationalities.

    A person's nationality is as much their country as an address is, so a country that is
    neither conflicts once, not once for each.
    """
    nationalities = entry.nationalities if entry.entity_type in _PERSON_TYPES else ()
    if not party.country or not (entry.countries or nationalities):
        return None
    known = (*entry.countries, *(n for n in nationalities if n not in entry.countries))
    listed = "; ".join(
        text
        for text in (
            ", ".join(entry.countries),
            "nationality " + ", ".join(nationalities) if nationalities else "",
        )
        if text
    )
    if party.country in entry.countries:
        return Feature(
            "country", 1.0, 0.0, f"input country {party.country} is the entry's ({listed})"
        )
    if party.country in nationalities:
        return Feature(
            "country",
            1.0,
            0.0,
            f"input country {party.country} is the entry's nationality ({listed})",
        )
    related = next((c for c in known if _related(party.country, c)), None)
    if related is not None:
        why = (
            "mainland China, Hong Kong and Macau are not a conflict"
            if related in ("CN", "HK", "MO")
            else "the Netherlands Antilles are now Curaçao, Sint Maarten and the Caribbean "
            "Netherlands"
        )
        return Feature(
            "country",
            0.5,
            0.0,
            f"input country {party.country} is related to the entry's ({listed}): {why}",
        )
    what = "the entry's countries or nationalities" if nationalities else "the entry's"
    return Feature(
        "country",
        -1.0,
        COUNTRY_CONFLICT,
        f"input country {party.country} is not among {what} ({listed})",
    )


def _entity_type_feature(party: Party, entry: Entry, legal_form: Feature | None) -> Feature | None:
    """A party with a date of birth is a person: an organisation, vessel or aircraft is not it.

    When the legal forms already said so (a sole proprietor against a company), the conflict is
    listed but counted once, in the legal-form feature.
    """
    if party.birth_date is None or entry.entity_type in _PERSON_TYPES:
        return None
    note = (
        f"input gives a date of birth ({party.birth_date}), so it is a person, but the entry is "
        f"a{'n' if entry.entity_type[:1] in 'aeiou' else ''} {entry.entity_type}"
    )
    if legal_form is not None and legal_form.contribution < 0:
        return Feature("entity_type", -1.0, 0.0, note + "; counted once, in legal_form")
    return Feature("entity_type", -1.0, ENTITY_TYPE_CONFLICT, note)


# --- Dates of birth ---------------------------------------------------------------------------

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# A date at the precision written: (year, month or None, day or None).
_Date = tuple[int, int | None, int | None]


def _partial_date(text: str) -> _Date | None:
    match = _ISO_PARTIAL.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _date_span(text: str) -> tuple[_Date, _Date] | None:
    """An entry's birth date as (first, last): equal for a date, the ends for "1953/1958"."""
    first_text, _, last_text = text.partition("/")
    first = _partial_date(first_text)
    last = _partial_date(last_text) if last_text else first
    if first is None or last is None:
        return None
    return first, last


@dataclass(frozen=True, slots=True)
class _DobOutcome:
    rank: int  # higher is better: the best outcome over the entry's dates is reported
    value: float
    contribution: float
    text: str


def _compare_birth_date(party: _Date, text: str, span: tuple[_Date, _Date]) -> _DobOutcome:
    first, last = span
    year = party[0]
    if first != last:
        if first[0] <= year <= last[0]:
            return _DobOutcome(3, 0.75, 0.0, f"within the entry's range {text}")
        if first[0] - DOB_YEAR_TOLERANCE <= year <= last[0] + DOB_YEAR_TOLERANCE:
            return _DobOutcome(
                2, 0.5, 0.0, f"within {DOB_YEAR_TOLERANCE} year of the entry's range {text}"
            )
        return _DobOutcome(0, -1.0, DOB_YEAR_CONFLICT, f"outside the entry's range {text}")
    listed_year, listed_month, listed_day = first
    if year != listed_year:
        if listed_month is None and abs(year - listed_year) <= DOB_YEAR_TOLERANCE:
            return _DobOutcome(
                2,
                0.5,
                0.0,
                f"within {DOB_YEAR_TOLERANCE} year of the entry's {text}, a year alone that may "
                "be approximate (the lists drop 'circa')",
            )
        return _DobOutcome(0, -1.0, DOB_YEAR_CONFLICT, f"another year than the entry's {text}")
    month, day = party[1], party[2]
    if month is None or listed_month is None:
        return _DobOutcome(3, 0.75, 0.0, f"the year agrees with the entry's {text}")
    if month != listed_month:
        if day is not None and (day, month) == (listed_month, listed_day):
            return _DobOutcome(
                1,
                -0.5,
                DOB_SWAPPED,
                f"the entry's {text} with day and month swapped: a common error, or another person",
            )
        return _DobOutcome(1, -1.0, DOB_DAY_CONFLICT, f"same year, another month than {text}")
    if day is None or listed_day is None:
        return _DobOutcome(4, 0.9, 0.0, f"the year and month agree with the entry's {text}")
    if day != listed_day:
        return _DobOutcome(1, -1.0, DOB_DAY_CONFLICT, f"same month, another day than {text}")
    return _DobOutcome(5, 1.0, 0.0, f"the entry's {text}")


def _birth_date_feature(party: Party, entry: Entry) -> Feature | None:
    """The input's date of birth against a person entry's, at the precision both give."""
    if party.birth_date is None or entry.entity_type not in _PERSON_TYPES:
        return None
    mine = _partial_date(party.birth_date)
    spans = [(text, span) for text in entry.birth_dates if (span := _date_span(text))]
    if mine is None or not spans:
        return None
    best = max(
        (_compare_birth_date(mine, text, span) for text, span in spans), key=lambda o: o.rank
    )
    listed = ", ".join(text for text, _ in spans)
    if best.contribution == 0:
        verdict = "date of birth agrees" if best.rank >= 3 else "date of birth is close"
    else:
        verdict = "date of birth differs"
    note = f"{verdict}: input {party.birth_date} is {best.text}"
    if len(spans) > 1:
        note += f" (the entry gives {listed})"
    return Feature("birth_date", best.value, best.contribution, note)


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or a in _LOOSE_IDENTIFIER_KINDS or b in _LOOSE_IDENTIFIER_KINDS


def _validity(q_kind: str, a_kind: str, value: str) -> bool | None:
    """The check-digit verdict on a value two sides share, under the stricter of their kinds."""
    kind = a_kind if q_kind in _LOOSE_IDENTIFIER_KINDS else q_kind
    return identifier_valid(kind, value)


def _identifier_features(
    identifiers: Sequence[Identifier], entry: Entry
) -> tuple[Identifier | None, Feature | None]:
    """The shared valid identifier if any, else a feature: a conflict or an unvalidated match.

    Only a well-formed identifier (normalize.identifier_valid) is decisive: a shared value that
    fails its check digit is reported with no contribution, and two different values conflict
    only when both are well-formed (a mistyped number is not another company's number).
    """
    mine = [(i.kind.lower(), identifier_key(i.kind, i.value), i) for i in identifiers]
    theirs = [(i.kind.lower(), identifier_key(i.kind, i.value), i) for i in entry.identifiers]
    invalid_shared: Feature | None = None
    for q_kind, q_key, q_ident in mine:
        if len(q_key) < MIN_IDENTIFIER_LENGTH:
            continue
        for a_kind, a_key, _ in theirs:
            if q_key == a_key and _kinds_compatible(q_kind, a_kind):
                if _validity(q_kind, a_kind, q_ident.value) is not False:
                    return q_ident, None
                invalid_shared = invalid_shared or Feature(
                    "identifier",
                    0.0,
                    0.0,
                    f"input {q_kind.upper()} {q_ident.value} equals the entry's but fails its "
                    "check digit: not counted as evidence",
                )
    if invalid_shared is not None:
        return None, invalid_shared
    for q_kind, q_key, q_ident in mine:
        if q_kind not in UNIQUE_IDENTIFIER_KINDS or len(q_key) < MIN_IDENTIFIER_LENGTH:
            continue
        if identifier_valid(q_kind, q_ident.value) is False:
            continue
        listed = [
            a_ident.value
            for a_kind, _, a_ident in theirs
            if a_kind == q_kind and identifier_valid(a_kind, a_ident.value) is not False
        ]
        if listed:
            return None, Feature(
                "identifier",
                -1.0,
                IDENTIFIER_CONFLICT,
                f"input {q_kind.upper()} {q_ident.value} differs from the entry's "
                f"({', '.join(listed)}), both well-formed: different legal persons unless one "
                "side is wrong",
            )
    return None, None


# --- The matcher ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Query:
    """One input name, analysed and weighed once for all its candidates."""

    name: str
    parts: NameParts
    units: tuple[Unit, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class _Scored:
    hit: PartyHit
    strong: bool
    name_score: float
    position: int


class Matcher:
    """Matches counterparties against the loaded watchlists and explains every hit."""

    def __init__(
        self,
        lists: Sequence[LoadedList],
        *,
        threshold: float,
        index: NameIndex | None = None,
    ) -> None:
        """`threshold` (0-100) is the lowest score reported; `index` may be shared."""
        if not 0 <= threshold <= 100:
            raise UsageError(
                f"match threshold {threshold:g} is outside 0-100", field="match_threshold"
            )
        self.threshold = threshold
        self.index = index if index is not None else NameIndex(lists, min_score=threshold)
        if self.index.min_score > threshold:
            raise UsageError(
                f"the shared index keeps scores from {self.index.min_score:g}, above the "
                f"threshold {threshold:g}",
                field="match_threshold",
            )
        self._list_names = {loaded.list_id: loaded.name for loaded in lists}

    def match_party(self, party: Party) -> tuple[PartyHit, ...]:
        """The best hit per entry with score >= threshold, highest score first.

        Every name of the party (primary and alternates) is scored against every alias of each
        candidate entry; the hit reports the pairing that scored best. PartyHit.points stays 0
        (scoring.py assigns points).
        """
        names = [self._query(n) for n in dict.fromkeys(party.names) if n and n.strip()]
        if not names and party.identifiers:
            # A bank given only by its BIC still meets the entry that carries that BIC.
            names = [self._query(party.name or "")]
        records: dict[int, AliasRecord] = {}
        for query in names:
            for record in self.index.candidate_records(
                query.parts, query.units, query.weights
            ):
                records[record.position] = record
        for entry_key in self.index.entries_with_identifiers(party.identifiers):
            for record in self.index.records_of(entry_key):
                records[record.position] = record
        best: dict[tuple[str, str], _Scored] = {}
        for position in sorted(records):
            record = records[position]
            key = (record.entry.list_id, record.entry.entry_id)
            for query in names:
                scored = self._score(party, query, record)
                current = best.get(key)
                if current is None or _better(scored, current):
                    best[key] = scored
        hits = [s.hit for s in best.values() if s.hit.score >= self.threshold]
        hits.sort(key=lambda h: (-h.score, h.list_id, h.entry_id))
        return tuple(hits)

    def score_alias(self, party: Party, name: str, entry: Entry, alias: Alias) -> PartyHit:
        """Score one input name of `party` against one alias of `entry`, whatever the score.

        For explaining a single pairing and for checking the index against exhaustive comparison.
        """
        record = self.index.record_for(entry, alias, self._list_name(entry))
        return self._score(party, self._query(name), record).hit

    def _query(self, name: str) -> _Query:
        parts = self.index.analyze(name)
        units = word_units(parts.tokens, self.index.analyzer.token)
        return _Query(name, parts, units, self.index.weights(parts))

    def _short_form(self, record: AliasRecord) -> str | None:
        """The entry's name when `record` is a one-word short form of it, else None."""
        distinctive = {t.key for t in record.parts.distinctive}
        if len(distinctive) != 1 or record.alias.name == record.entry.name:
            return None
        for other in self.index.entry_records(record.entry):
            if other.alias.name == record.entry.name:
                full = {t.key for t in other.parts.distinctive}
                return other.alias.name if distinctive < full else None
        return None

    def _common_name_feature(
        self,
        comparison: NameComparison,
        record: AliasRecord,
        name_score: float,
        *,
        confirmed: bool = False,
    ) -> Feature | None:
        """A person met only on common words, with something left unconfirmed (see above).

        `confirmed`: the input's date of birth agrees with the entry's, which tells the namesakes
        apart; the feature is then listed with no contribution.
        """
        if record.entry.entity_type not in _PERSON_TYPES or not comparison.pairs:
            return None
        token = self.index.analyzer.token

        def entries(word: str) -> int:
            return self.index.document_frequency(token(word).key)

        namesakes: list[str] = []
        other_names: list[str] = []
        initials: list[str] = []
        evidence: dict[str, int] = {}
        for p in comparison.pairs:
            if token(p.query).initial or token(p.alias).initial:
                # An initial confirms only a letter ("M." for Mohammed, Mahmoud, Mustafa...).
                initials.append(f"'{p.query}' for '{p.alias}'")
            elif p.similarity < SKELETON_SIMILARITY and _namesake(
                mine := entries(p.query), theirs := entries(p.alias)
            ):
                text = f"'{p.query}' ({mine} entries) for '{p.alias}' ({theirs})"
                if _other_name(token(p.query), token(p.alias), mine, theirs):
                    other_names.append(text)
                else:
                    namesakes.append(text)
            else:
                patronymic = _patronymic_of(p.alias)
                evidence[p.alias] = max(entries(p.alias), entries(patronymic) if patronymic else 0)
        if not other_names and any(n < COMMON_NAME_ENTRIES for n in evidence.values()):
            return None

        def name_parts(words: Sequence[tuple[str, float]]) -> list[str]:
            return [w for w, _ in words if not (t := token(w)).generic and not t.initial]

        missing = name_parts(comparison.alias_only)
        extra = name_parts(comparison.query_only)
        if not (other_names or namesakes or initials or missing or extra):
            return None
        reasons: list[str] = []
        if other_names:
            reasons.append("another common name, not a typo: " + ", ".join(other_names))
        elif evidence:
            counts = ", ".join(f"'{w}' in {n}" for w, n in evidence.items())
            reasons.append(f"met only on common words ({counts} entries)")
        if namesakes:
            reasons.append("a listed name is not a typo of another: " + ", ".join(namesakes))
        if initials:
            reasons.append("an initial stands for a name: " + ", ".join(initials))
        if missing:
            reasons.append(f"the input lacks {', '.join(repr(w) for w in missing)}")
        if extra:
            reasons.append(f"the entry lacks {', '.join(repr(w) for w in extra)}")
        if confirmed:
            return Feature(
                "common_name", 1.0, 0.0, "; ".join(reasons) + ": waived, the date of birth agrees"
            )
        return Feature(
            "common_name",
            COMMON_NAME_FACTOR,
            -(1 - COMMON_NAME_FACTOR) * name_score,
            "; ".join(reasons) + f": counts {COMMON_NAME_FACTOR:g}",
        )

    def _list_name(self, entry: Entry) -> str:
        return self._list_names.get(entry.list_id, entry.list_id)

    def _score(self, party: Party, query: _Query, record: AliasRecord) -> _Scored:
        entry = record.entry
        name, parts = query.name, query.parts
        comparison = compare_units(
            parts, query.units, query.weights, record.parts, record.units, record.weights
        )
        name_score = comparison.score * 100
        note = "IDF-weighted word alignment (OSA edit distance): " + comparison.describe()
        romanised = dict.fromkeys((*parts.romanised, *record.parts.romanised))
        if romanised:
            note += "; romanised: " + ", ".join(romanised)
        if parts.legal_forms or record.parts.legal_forms:
            note += "; legal forms set aside"
        features: list[Feature] = [
            Feature("name_similarity", round(comparison.score, 4), name_score, note)
        ]
        score = name_score
        short_form = self._short_form(record)
        if short_form is not None:
            penalty = -(1 - SHORT_FORM_FACTOR) * name_score
            features.append(
                Feature(
                    "short_form",
                    SHORT_FORM_FACTOR,
                    penalty,
                    f"'{record.alias.name}' is one word of the entry's name '{short_form}': "
                    f"it counts for {SHORT_FORM_FACTOR:g} of the full name",
                )
            )
            score += penalty
        elif not record.alias.strong:
            penalty = -(1 - WEAK_ALIAS_FACTOR) * name_score
            features.append(
                Feature(
                    "weak_alias",
                    WEAK_ALIAS_FACTOR,
                    penalty,
                    f"'{record.alias.name}' is a weak alias: it counts for "
                    f"{WEAK_ALIAS_FACTOR:g} of a strong one",
                )
            )
            score += penalty
        birth_date = _birth_date_feature(party, entry)
        confirmed = birth_date is not None and birth_date.value >= DOB_CONFIRMS
        common = self._common_name_feature(comparison, record, name_score, confirmed=confirmed)
        if common is not None:
            features.append(common)
            score += common.contribution
        legal_form = _legal_form_feature(parts, record.parts, entry)
        for feature in (
            legal_form,
            _entity_type_feature(party, entry, legal_form),
            _country_feature(party, entry),
            birth_date,
        ):
            if feature is not None:
                features.append(feature)
                score += feature.contribution
        shared, conflict = _identifier_features(party.identifiers, entry)
        if conflict is not None:
            features.append(conflict)
            score += conflict.contribution
        score = min(100.0, max(0.0, score))
        # Keep the contributions adding up to the reported score after clamping.
        if shared is not None:
            features.append(
                Feature(
                    "identifier",
                    1.0,
                    100.0 - score,
                    f"shared {shared.kind.upper()} {shared.value}"
                    f"{' (check digit valid)' if _has_validator(shared, entry) else ''}: "
                    "one legal person",
                )
            )
            score = 100.0
        hit = PartyHit(
            role=party.role,
            input_name=name,
            list_id=entry.list_id,
            list_name=record.list_name,
            category=entry.category,
            entry_id=entry.entry_id,
            entry_name=entry.name,
            matched_alias=record.alias.name,
            score=round(score, 1),
            features=tuple(_clamped(features, score)),
            programs=entry.programs,
            designations=entry.designations,
            entry_countries=entry.countries,
            sources=entry.sources,
            notes=entry.notes,
        )
        return _Scored(hit, record.alias.strong, name_score, record.position)


def _has_validator(shared: Identifier, entry: Entry) -> bool:
    kinds = {shared.kind.lower(), *(i.kind.lower() for i in entry.identifiers)}
    return any(identifier_valid(kind, shared.value) for kind in kinds - _LOOSE_IDENTIFIER_KINDS)


def _clamped(features: list[Feature], score: float) -> list[Feature]:
    """The features, with a final 'floor' entry if clamping at 0 changed the sum."""
    total = sum(f.contribution for f in features)
    if abs(total - score) > 1e-9:
        features.append(Feature("bounds", 0.0, score - total, "score kept within 0-100"))
    return features


def _better(new: _Scored, old: _Scored) -> bool:
    if new.hit.score != old.hit.score:
        return new.hit.score > old.hit.score
    if new.strong != old.strong:
        return new.strong
    if new.name_score != old.name_score:
        return new.name_score > old.name_score
    return False
