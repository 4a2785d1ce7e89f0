"""The fields a rule condition reads from a Record, their kinds, and a per-record value cache.

Every field is multi-valued: a record can have two consignees, five goods lines, three transit
countries. A field yields *items*: one item per party, goods line, remark or route slot, each with a
label for evidence (`consignee.name`, `goods[2].hs_code`, `route.transit`) and its spellings (a
party's primary name and its alternate names, a goods line's description and its translations).
Conditions are existential: true if any item satisfies them.

| field | kind | values |
|---|---|---|
| `<role>.name` for every role in `screener.model.PARTY_ROLES` | name | the party's names |
| `<role>.country` | country | ISO 3166-1 alpha-2 |
| `<role>.address` | text | |
| `<role>.id` | identifier | every identifier the party carries (INN, LEI, VAT ...) |
| `<role>.bic` | bic | identifiers of kind `bic` |
| `party.<attr>` | | the same, over every party of every role |
| `bank.<attr>` | | the same, over the bank roles (`screener.model.BANK_ROLES`) |
| `goods.description` | text | every description of every line, alternate descriptions included |
| `goods.hs_code` | hs-code | digits only |
| `goods.quantity`, `goods.value` | number | |
| `goods.currency` | currency | ISO 4217 |
| `route.origin`, `route.destination`, `route.final_destination` | country | |
| `route.transit` | country | every transit country |
| `route.countries` | country | every country on the route, origin included |
| `route.port_of_discharge` | text | as the file gave it |
| `payment.currency` | currency | the payment's, else the goods lines' currencies |
| `payment.amount` | number | the payment's, else the sum of the line values (one currency only) |
| `reference` | text | |
| `remarks` | text | every remark |
| `text` | text | all free text: goods descriptions, remarks, addresses and party names |
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar, cast

from screener.model import BANK_ROLES, PARTY_ROLES, GoodsHit, Party, PartyHit, Record
from screener.normalize import NameAnalyzer, NameParts, analyze_name, fold, name_key

# Field kinds. The kind decides which operators a field accepts (no `gt` on a name, no `keywords`
# on a country code) and how its values are normalised before they are compared.
NAME = "name"
TEXT = "text"
COUNTRY = "country"
CURRENCY = "currency"
HS = "hs-code"
NUMBER = "number"
IDENT = "identifier"
BIC = "bic"

TextItem = tuple[str, tuple[str, ...]]  # (label, spellings)
NumberItem = tuple[str, float]  # (label, value)

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_NOT_DIGIT = re.compile(r"\D+")


def normalise(kind: str, value: str) -> str:
    """The form values of a field kind are compared in (`equals`, `in`, `differs_from` ...).

    Names and text are folded (case, accents, punctuation); codes are upper-cased; HS codes keep
    their digits only (so `8542.31` equals `854231`); identifiers keep letters and digits only.
    """
    if kind in (NAME, TEXT):
        return fold(value)
    if kind in (COUNTRY, CURRENCY):
        return value.strip().upper()
    if kind == HS:
        return _NOT_DIGIT.sub("", value)
    return _NOT_ALNUM.sub("", value).upper()


@dataclass(frozen=True, slots=True)
class Field:
    """One readable field: its name, kind, and how to pull its items out of a Record.

    `Facts.raw` is the fast path of `texts`: every spelling of every item in the same order,
    labels dropped (tests/rules/test_fields.py checks the two agree for every field). Conditions
    test those values; labels are built only for the evidence of rules that fired. Raw values
    come from `values`; a role's party fields (`party_attr` without `values`) from the parties in
    that role (none for most roles of most records), or from the pass over every party that
    Facts.codes makes (Facts._read_parties); a field made of others (`parts`) from theirs.
    """

    name: str
    kind: str
    texts: Callable[[Record], tuple[TextItem, ...]] | None = None
    numbers: Callable[[Record], tuple[NumberItem, ...]] | None = None
    values: Callable[[Record], tuple[str, ...]] | None = None
    party_attr: str | None = None
    parts: tuple[str, ...] = ()
    # The label of every item, when every item is one value under the same label (buyer.country,
    # route.transit): evidence then comes straight from the values, without building `texts`.
    label: str | None = None


# --- extractors ---------------------------------------------------------------------------------


def _one(label: str, value: str | None) -> tuple[TextItem, ...]:
    return ((label, (value,)),) if value else ()


def _party_attr(party: Party, attr: str) -> tuple[TextItem, ...]:
    label = f"{party.role}.{attr}"
    if attr == "name":
        names = tuple(n for n in party.names if n)
        return ((label, names),) if names else ()
    if attr == "country":
        return _one(label, party.country)
    if attr == "address":
        return _one(label, party.address)
    if attr == "bic":
        return tuple((label, (i.value,)) for i in party.identifiers if i.kind == "bic" and i.value)
    # attr == "id": every identifier, labelled with its kind so the evidence says which it was.
    return tuple((f"{label}[{i.kind}]", (i.value,)) for i in party.identifiers if i.value)


def _parties(record: Record, roles: frozenset[str] | None, attr: str) -> tuple[TextItem, ...]:
    out: list[TextItem] = []
    for party in record.parties:
        if roles is None or party.role in roles:
            out.extend(_party_attr(party, attr))
    return tuple(out)


def _party_field(
    roles: frozenset[str] | None, attr: str
) -> Callable[[Record], tuple[TextItem, ...]]:
    def extract(record: Record) -> tuple[TextItem, ...]:
        return _parties(record, roles, attr)

    return extract


def _goods_label(record: Record, index: int, attr: str) -> str:
    return f"goods.{attr}" if len(record.goods) == 1 else f"goods[{index + 1}].{attr}"


def _goods_descriptions(record: Record) -> tuple[TextItem, ...]:
    return tuple(
        (_goods_label(record, i, "description"), line.descriptions)
        for i, line in enumerate(record.goods)
        if line.descriptions
    )


def _goods_hs(record: Record) -> tuple[TextItem, ...]:
    return tuple(
        (_goods_label(record, i, "hs_code"), (line.hs_code,))
        for i, line in enumerate(record.goods)
        if line.hs_code
    )


def _goods_currency(record: Record) -> tuple[TextItem, ...]:
    return tuple(
        (_goods_label(record, i, "currency"), (line.currency,))
        for i, line in enumerate(record.goods)
        if line.currency
    )


def _goods_number(attr: str) -> Callable[[Record], tuple[NumberItem, ...]]:
    def extract(record: Record) -> tuple[NumberItem, ...]:
        out: list[NumberItem] = []
        for i, line in enumerate(record.goods):
            value = line.quantity if attr == "quantity" else line.value
            if value is not None:
                out.append((_goods_label(record, i, attr), value))
        return tuple(out)

    return extract


def _route_one(attr: str) -> Callable[[Record], tuple[TextItem, ...]]:
    def extract(record: Record) -> tuple[TextItem, ...]:
        value: str | None = getattr(record.route, attr)
        return _one(f"route.{attr}", value)

    return extract


def _route_transit(record: Record) -> tuple[TextItem, ...]:
    return tuple(("route.transit", (c,)) for c in record.route.transit if c)


def _route_countries(record: Record) -> tuple[TextItem, ...]:
    return tuple(("route.countries", (c,)) for c in record.route.countries())


def _payment_currency(record: Record) -> tuple[TextItem, ...]:
    # Invoices often carry the currency on the lines only; a payment in the lines' currency is the
    # natural reading (the brief for this module asks for the fallback).
    if record.payment.currency:
        return (("payment.currency", (record.payment.currency,)),)
    seen: list[str] = []
    for line in record.goods:
        if line.currency and line.currency not in seen:
            seen.append(line.currency)
    return tuple(("payment.currency", (c,)) for c in seen)


def _payment_amount(record: Record) -> tuple[NumberItem, ...]:
    if record.payment.amount is not None:
        return (("payment.amount", record.payment.amount),)
    # An invoice without a total: the sum of its line values is the amount, but only when the lines
    # share one currency (adding roubles to dollars would be a made-up number).
    values = [line.value for line in record.goods if line.value is not None]
    currencies = {
        line.currency for line in record.goods if line.value is not None and line.currency
    }
    if not values or len(currencies) > 1:
        return ()
    return (("payment.amount", float(sum(values))),)


def _reference(record: Record) -> tuple[TextItem, ...]:
    return _one("reference", record.reference)


def _remarks(record: Record) -> tuple[TextItem, ...]:
    return tuple(("remarks", (r,)) for r in record.remarks if r)


# The fields `text` is made of, in its order (`_all_text`).
_ALL_TEXT_PARTS = ("goods.description", "remarks", "party.address", "party.name")


def _all_text(record: Record) -> tuple[TextItem, ...]:
    return (
        *_goods_descriptions(record),
        *_remarks(record),
        *_parties(record, None, "address"),
        *_parties(record, None, "name"),
    )


# --- value extractors: `texts` without labels, written out flat because conditions call them for
# every record (a generator per party and an f-string label per item cost more than the test) ---


def _goods_description_values(record: Record) -> tuple[str, ...]:
    out: list[str] = []
    for line in record.goods:
        # GoodsLine.descriptions without building a tuple per line.
        if line.description:
            out.append(line.description)
        if line.alt_descriptions:
            out.extend(d for d in line.alt_descriptions if d)
    return tuple(out)


def _goods_attr_values(attr: str) -> Callable[[Record], tuple[str, ...]]:
    get = attrgetter(attr)

    def extract(record: Record) -> tuple[str, ...]:
        return tuple([value for line in record.goods if (value := get(line))])

    return extract


def _route_one_values(attr: str) -> Callable[[Record], tuple[str, ...]]:
    get = attrgetter(attr)

    def extract(record: Record) -> tuple[str, ...]:
        value: str | None = get(record.route)
        return (value,) if value else ()

    return extract


def _route_transit_values(record: Record) -> tuple[str, ...]:
    return tuple([c for c in record.route.transit if c])


def _route_countries_values(record: Record) -> tuple[str, ...]:
    return record.route.countries()


def _payment_currency_values(record: Record) -> tuple[str, ...]:
    return tuple([v for _, values in _payment_currency(record) for v in values])


def _reference_values(record: Record) -> tuple[str, ...]:
    return (record.reference,) if record.reference else ()


def _remarks_values(record: Record) -> tuple[str, ...]:
    return tuple([r for r in record.remarks if r])


# The roles whose fields are the role's own (<role>.name ...). The `bank` role's are not: bank.*
# reads every bank role (BANK_ROLES), the `bank` role included.
_ROLE_FIELD_PREFIXES = tuple(role for role in PARTY_ROLES if role not in ("party", "bank"))


def _spellings(party: Party) -> Sequence[str]:
    """The party's names (Party.names) without the empty ones."""
    if party.alt_names:
        return [n for n in (party.name, *party.alt_names) if n]
    return (party.name,) if party.name else ()


def _role_names(role: str) -> Callable[[Record], tuple[str, ...]]:
    """The values of `<role>.name`: `_party_values` for one role's names, written out because
    a payer-buyer comparison reads two of them on every record."""

    def extract(record: Record) -> tuple[str, ...]:
        out: list[str] = []
        for party in record.parties:
            if party.role == role:
                if party.alt_names:
                    out.extend(_spellings(party))
                elif party.name:
                    out.append(party.name)
        return tuple(out)

    return extract


def _party_values(roles: frozenset[str] | None, attr: str) -> Callable[[Record], tuple[str, ...]]:
    """The values of `party.<attr>` (roles None) or `bank.<attr>`, in record order."""
    if attr == "name" and roles is not None and len(roles) == 1:
        return _role_names(next(iter(roles)))

    def extract(record: Record) -> tuple[str, ...]:
        out: list[str] = []
        for party in record.parties:
            if roles is not None and party.role not in roles:
                continue
            if attr == "name":
                out.extend(_spellings(party))
            elif attr in ("country", "address"):
                value = party.country if attr == "country" else party.address
                if value:
                    out.append(value)
            else:
                out.extend(
                    i.value
                    for i in party.identifiers
                    if i.value and (attr == "id" or i.kind == "bic")
                )
        return tuple(out)

    return extract

_PARTY_ATTRS: Mapping[str, str] = {
    "name": NAME,
    "country": COUNTRY,
    "address": TEXT,
    "id": IDENT,
    "bic": BIC,
}


def _catalogue() -> Mapping[str, Field]:
    fields: dict[str, Field] = {}
    groups: list[tuple[str, frozenset[str] | None]] = [
        *((role, frozenset({role})) for role in PARTY_ROLES),
        ("party", None),
        ("bank", BANK_ROLES),
    ]
    for prefix, roles in groups:
        for attr, kind in _PARTY_ATTRS.items():
            name = f"{prefix}.{attr}"
            texts = _party_field(roles, attr)
            if prefix in _ROLE_FIELD_PREFIXES or prefix == "bank":
                # A role's fields (and bank.*) come from Facts.raw. A role's label is
                # the field's name (_party_attr) when each item is one value (not names, not
                # identifiers, whose label names their kind); bank.* labels name each bank's role.
                one_value = attr in ("country", "address", "bic")
                label = name if one_value and prefix != "bank" else None
                fields[name] = Field(name, kind, texts=texts, party_attr=attr, label=label)
            else:
                fields[name] = Field(
                    name, kind, texts=texts, values=_party_values(roles, attr), party_attr=attr
                )

    def route(attr: str, kind: str) -> Field:
        name = f"route.{attr}"
        return Field(name, kind, texts=_route_one(attr), values=_route_one_values(attr), label=name)

    simple: list[Field] = [
        Field(
            "goods.description",
            TEXT,
            texts=_goods_descriptions,
            values=_goods_description_values,
        ),
        Field("goods.hs_code", HS, texts=_goods_hs, values=_goods_attr_values("hs_code")),
        Field("goods.quantity", NUMBER, numbers=_goods_number("quantity")),
        Field("goods.value", NUMBER, numbers=_goods_number("value")),
        Field(
            "goods.currency",
            CURRENCY,
            texts=_goods_currency,
            values=_goods_attr_values("currency"),
        ),
        route("origin", COUNTRY),
        Field(
            "route.transit",
            COUNTRY,
            texts=_route_transit,
            values=_route_transit_values,
            label="route.transit",
        ),
        route("destination", COUNTRY),
        route("final_destination", COUNTRY),
        route("port_of_discharge", TEXT),
        Field(
            "route.countries",
            COUNTRY,
            texts=_route_countries,
            values=_route_countries_values,
            label="route.countries",
        ),
        Field(
            "payment.currency",
            CURRENCY,
            texts=_payment_currency,
            values=_payment_currency_values,
            label="payment.currency",
        ),
        Field("payment.amount", NUMBER, numbers=_payment_amount),
        Field(
            "reference", TEXT, texts=_reference, values=_reference_values, label="reference"
        ),
        Field("remarks", TEXT, texts=_remarks, values=_remarks_values, label="remarks"),
        Field("text", TEXT, texts=_all_text, parts=_ALL_TEXT_PARTS),
    ]
    fields.update((f.name, f) for f in simple)
    return MappingProxyType(fields)


# The closed catalogue of readable fields (read-only: built once, never changed).
FIELDS: Mapping[str, Field] = _catalogue()

# For each party role, the names of the fields its values go to, in _PARTY_ATTRS order, one
# tuple per group of fields (its own, and bank.* for a bank): Facts._read_parties.
_PARTY_FIELD_NAMES: Mapping[str, tuple[tuple[str, ...], ...]] = MappingProxyType(
    {
        role: tuple(
            tuple(f"{prefix}.{attr}" for attr in _PARTY_ATTRS)
            for prefix in (
                *((role,) if role in _ROLE_FIELD_PREFIXES else ()),
                *(("bank",) if role in BANK_ROLES else ()),
            )
        )
        for role in PARTY_ROLES
    }
)


# Kinds whose values Facts.codes gathers into one set of tokens: countries and currencies, the
# values most rules test against a set (russia-belarus, transshipment-hubs ...).
TOKEN_KINDS = frozenset({COUNTRY, CURRENCY})
_TOKEN_SEPARATOR = "\x00"  # in no field name, so "field<NUL>value" names both unambiguously


def code_token(field_name: str, value: str) -> str:
    """The token saying "field `field_name` has the normalised value `value`" (Facts.codes)."""
    return field_name + _TOKEN_SEPARATOR + value


# For each role, the token prefixes of the country fields a party in it has a value in.
_TOKEN_PREFIXES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        role: tuple(
            code_token(f"{prefix}.country", "")
            for prefix in dict.fromkeys(
                (role, "party", "bank") if role in BANK_ROLES else (role, "party")
            )
        )
        for role in PARTY_ROLES
    }
)

# --- facets: what a condition's outcome depends on --------------------------------------------
#
# A condition's `test` is a pure function of the values it reads (Condition.inputs names them as
# facets), so its outcome can be remembered under those values for the next record that has them
# (screener.rules.plan).

# Every country and currency of the record, as written: the route (its countries and its port of
# discharge), the payment's and the goods lines' currencies and each party's role and country
# (`codes_key`). Facts.codes and every field of the token kinds are functions of it, and a ledger
# repeats a few thousand such combinations (benchmarks/scale's million rows: 16,450).
CODES = "@codes"
# The goods hits as `goods:` conditions compare them (Facts.goods_keys).
GOODS_HITS = "@goods"
# The party hits and the look-alikes as `party_hit` / `similar_party` conditions compare them.
PARTY_HITS = "@party_hits"
SIMILAR_HITS = "@similar"
_VALUES = "values:"  # + a field name: the field's values as written (numbers for a number field)
_ITEMS = "items:"  # + a field name: the field's items, labels and spellings (Facts.texts)


def values_facet(field: Field) -> str:
    """The facet holding the values of `field` that a test of them reads."""
    if field.kind in TOKEN_KINDS or field.name == "route.port_of_discharge":
        return CODES
    return _VALUES + field.name


def items_facet(field: Field) -> str:
    """The facet holding the items of `field` (which spellings belong to one party or line)."""
    return _ITEMS + field.name


def field_of_facet(facet: str) -> Field | None:
    """The field whose values or items `facet` holds; None for CODES and the hits."""
    for prefix in (_VALUES, _ITEMS):
        if facet.startswith(prefix):
            return FIELDS[facet[len(prefix) :]]
    return None


def codes_key(record: Record) -> tuple[object, ...]:
    """The CODES facet of `record`: equal keys, equal values in every country and currency field
    and in route.port_of_discharge."""
    route = record.route
    parties = record.parties
    return (
        route.origin,
        route.transit,
        route.destination,
        route.final_destination,
        route.port_of_discharge,
        record.payment.currency,
        tuple([line.currency for line in record.goods]),
        tuple([p.role for p in parties]),
        tuple([p.country for p in parties]),
    )


# Parts of a record whose values some fields are made of, one part after another: a test that
# holds when some value of such a field passes it holds for the record exactly when it holds for
# one of the record's parts alone (a record holding that one party, those goods lines or those
# remarks). screener.rules.plan remembers such outcomes per party, goods and remarks.
PARTY_PART = "party"
GOODS_PART = "goods"
REMARKS_PART = "remarks"
_GOODS_PART_FIELDS = ("goods.description", "goods.hs_code", "goods.quantity", "goods.value")


def parts_of(field: Field) -> frozenset[str] | None:
    """The parts of a record (PARTY_PART ...) the values of `field` come from, when its values are
    theirs one after another; None when they are not (payment.amount adds the lines' values up,
    payment.currency falls back on the lines') or the field is none of theirs (reference)."""
    if field.party_attr is not None:
        return frozenset({PARTY_PART})
    if field.name in _GOODS_PART_FIELDS:
        return frozenset({GOODS_PART})
    if field.name == "remarks":
        return frozenset({REMARKS_PART})
    if field.name == "text":
        return frozenset({PARTY_PART, GOODS_PART, REMARKS_PART})
    return None


# Party field name -> (the roles it reads, None for every role; its values' extractor).
_PARTY_VALUES: Mapping[str, tuple[frozenset[str] | None, Callable[[Record], tuple[str, ...]]]] = (
    MappingProxyType(
        {
            f"{prefix}.{attr}": (roles, _party_values(roles, attr))
            for prefix, roles in (
                *((role, frozenset({role})) for role in PARTY_ROLES),
                ("party", None),
                ("bank", BANK_ROLES),
            )
            for attr in _PARTY_ATTRS
        }
    )
)


def roles_of(field: Field) -> frozenset[str] | None:
    """The party roles the values of `field` come from: its role's, or every bank role for
    bank.*; None for a field that is not one role's (party.*, goods, route ...)."""
    found = _PARTY_VALUES.get(field.name)
    return found[0] if found is not None else None


# The token prefix of party.country, for a party whose role is not in PARTY_ROLES.
_PARTY_TOKEN_PREFIXES = (code_token("party.country", ""),)

# The token prefixes of the token kinds' fields that do not come from the party pass.
_ORIGIN = code_token("route.origin", "")
_TRANSIT = code_token("route.transit", "")
_DESTINATION = code_token("route.destination", "")
_FINAL = code_token("route.final_destination", "")
_COUNTRIES = code_token("route.countries", "")
_GOODS_CURRENCY = code_token("goods.currency", "")
_PAYMENT_CURRENCY = code_token("payment.currency", "")


def suggest_field(name: str) -> str | None:
    """The closest known field name to a misspelt one, if any is close."""
    close = get_close_matches(name, list(FIELDS), n=1, cutoff=0.75)
    return close[0] if close else None


def fields_help() -> str:
    """A one-line summary of the field names, for error messages."""
    return (
        "<role>.name|country|address|id|bic (roles: "
        + ", ".join(PARTY_ROLES)
        + "), party.*, bank.*, "
        "goods.description|hs_code|quantity|value|currency, route.origin|transit|destination|"
        "final_destination|port_of_discharge|countries, payment.currency|amount, reference, "
        "remarks, text"
    )


def comparable_name(name: str, analyzer: NameAnalyzer | None = None) -> str:
    """A party name in the form `differs_from` / `same_as` compare fuzzily.

    `screener.normalize.analyze_name`'s words: folded, Cyrillic romanised, legal forms and stop
    words dropped, so "Altyn Trade LLC", "ALTYN TRADE L.L.C." and "Altyn Trade Limited Liability
    Company" are one payer while "Sun Trade LLC" and "Moon Trade LLC" do not look alike through
    their shared "trade llc". Falls back to `name_key` for a name that is nothing but a legal form.
    `analyzer` (a Memo's) remembers the words it has analysed: the same answer, sooner.
    """
    parts = analyze_name(name) if analyzer is None else analyzer.analyze(name)
    return parts.text or name_key(name)


class _WordAnalyzer(NameAnalyzer):
    """A NameAnalyzer that remembers words (their tokens, mended legal-form spellings, Chinese
    pieces) but not whole names: Memo keeps each name's comparable string, all `differs_from` /
    `same_as` need, and a name's full analysis would only take memory twice. A new name is
    mostly made of known words (a ledger's counterparties share "trade", "logistics", "llc"):
    on benchmarks/scale's late rows, where ~3,700 names per 100,000 rows are new, analysing them
    from scratch was ~15 % of `rules.evaluate`'s profile, a third of that with words remembered."""

    def analyze(self, name: str) -> NameParts:
        return self._analyze(name)


# Joins folded values for one keyword search over several (conditions.Keywords.check). NUL is
# neither a letter nor a space, so no keyword or phrase can match across it, while the spaces
# around it keep the next value's first word a word start.
VALUE_SEPARATOR = " \x00 "

# How many distinct strings a Memo keeps in each of its forms before it starts over. Ledgers repeat
# the same counterparties, addresses and goods descriptions row after row, so folding each once per
# run instead of once per row is most of the evaluation time saved; the bound keeps memory flat
# (a few tens of MB) on inputs with millions of distinct strings. Same figure as
# screener.screen.PARTY_CACHE_SIZE.
MEMO_SIZE = 200_000

# How many verdicts (Memo.remember) a Memo keeps, in units of MEMO_SIZE: a few dozen regex and
# keyword tests each meet a share of the run's distinct values (a rule on buyer.address never
# sees a goods description), so twice the strings a Memo folds covers them, at ~50 bytes an entry
# (the strings themselves are the records' and the fold memo's): ~20 MB at most.
VERDICTS_PER_MEMO = 2

# How many entries each condition keeps of the things it remembers whole (its evidence for a set
# of values, a rule's Finding for an evidence, the similarity of a pair of names): these repeat
# when a ledger repeats its counterparties and routes, a few thousand distinct ones at most; an
# entry can hold a record's whole free text, so the bound is kept well below MEMO_SIZE
# (a few MB per condition at most).
REMEMBERED_PER_CONDITION = 4_096

_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")


class Memo:
    """Folded and comparable forms of the strings a run has seen, bounded to MEMO_SIZE each.

    It also keeps, for the conditions of a run, what they learnt about values they have already
    tested (`verdicts`/`remember`) and any other per-condition state (`state`): a regex is
    searched once per distinct value a run meets, not once per row.

    It belongs to the RuleSet a run loads (never global); everything in it is a pure function of
    its input, so the memo changes how fast an answer comes, never the answer.
    """

    __slots__ = (
        "_analyzer",
        "_evidence",
        "_names",
        "_remembered",
        "_states",
        "folded",
        "name_pairs",
        "plan",
        "size",
        "verdicts",
    )

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        # value -> fold(value); read directly where values are folded.
        self.folded: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._analyzer: NameAnalyzer = _WordAnalyzer(size)
        self._states: dict[object, object] = {}
        # owner (a condition) -> value -> whether the value passed its test; read directly on the
        # hot path. The verdicts of all owners together are bounded (see `remember`).
        self.verdicts: dict[object, dict[str, bool]] = {}
        self._remembered = 0
        self._evidence: dict[object, dict[Hashable, list[str]]] = {}
        # owner (a one-role name comparison, conditions.CrossField) -> (name, other name) -> its
        # outcome for them; read directly on the hot path: a payer-buyer comparison is tested
        # on nearly every record, and a `state` call per record costs more than the lookup.
        self.name_pairs: dict[object, dict[tuple[str, str], Any]] = {}
        # How the run evaluates its rules, with what it remembers of them across records
        # (screener.rules.plan.RulePlan), made by the first record evaluated.
        self.plan: object | None = None

    def fold(self, value: str) -> str:
        found = self.folded.get(value)
        if found is None:
            if len(self.folded) >= self.size:
                self.folded.clear()
            found = self.folded[value] = fold(value)
        return found

    def use_analyzer(self, analyzer: NameAnalyzer) -> None:
        """Analyse names with `analyzer` from now on: the name index's (NameIndex.analyzer) has
        analysed the record's party names already, for matching them, and remembers them. The
        comparable forms are the same (a NameAnalyzer's are analyze_name's), found sooner."""
        self._analyzer = analyzer

    def name(self, value: str) -> str:
        """`comparable_name(value)`."""
        found = self._names.get(value)
        if found is None:
            if len(self._names) >= self.size:
                self._names.clear()
            found = self._names[value] = comparable_name(value, self._analyzer)
        return found

    def state(self, owner: object, factory: Callable[[], _T]) -> _T:
        """The state `owner` (a compiled condition) keeps for this run, made by `factory` once."""
        found = self._states.get(owner)
        if found is None:
            found = self._states[owner] = factory()
        return cast(_T, found)

    def evidence_of(self, owner: object) -> dict[Hashable, list[str]]:
        """Key (the values `owner` read) -> the evidence `owner` gave for them this run."""
        found = self._evidence.get(owner)
        if found is None:
            found = self._evidence[owner] = {}
        return found

    @staticmethod
    def keep(remembered: dict[_K, _V], key: _K, value: _V) -> None:
        """`remembered[key] = value` in one of a condition's memos (`evidence_of`, `state`),
        which hold at most REMEMBERED_PER_CONDITION entries (all forgotten when it is full)."""
        if len(remembered) >= REMEMBERED_PER_CONDITION:
            remembered.clear()
        remembered[key] = value

    def verdicts_of(self, owner: object) -> dict[str, bool]:
        """Value -> whether it passed `owner`'s test, for the values it has tested this run."""
        found = self.verdicts.get(owner)
        if found is None:
            found = self.verdicts[owner] = {}
        return found

    def remember(self, verdicts: dict[str, bool], value: str, verdict: bool) -> None:
        """Record one verdict in `verdicts` (an owner's, from `verdicts_of`).

        All owners' verdicts together hold at most VERDICTS_PER_MEMO times `size` entries (every
        one of them is forgotten when that is reached): a few tens of MB whatever the input.
        """
        if self._remembered >= VERDICTS_PER_MEMO * self.size:
            for known in self.verdicts.values():
                known.clear()
            self._remembered = 0
        self._remembered += 1
        verdicts[value] = verdict


class Facts:
    """One record's field values, extracted and normalised once however many rules read them.

    A Facts lives for the evaluation of one record; with the run's Memo, it is the only mutable
    object on that path. `results` and `evidence` hold the outcome and evidence of conditions that
    several rules share (screener.rules.conditions compiles a condition written twice, as with a
    YAML alias, once).
    """

    __slots__ = (
        "_comparable",
        "_goods_keys",
        "_keys",
        "_norm",
        "_numbers",
        "_parties_read",
        "_roles",
        "_texts",
        "_tokens",
        "code_set",
        "codes_key",
        "evidence",
        "flats",
        "goods_hits",
        "memo",
        "party_hits",
        "party_memos",
        "raws",
        "record",
        "results",
        "similar_hits",
    )

    def __init__(
        self,
        record: Record,
        party_hits: Sequence[PartyHit],
        goods_hits: Sequence[GoodsHit],
        memo: Memo | None = None,
        *,
        similar_hits: Sequence[PartyHit] = (),
        party_memos: Sequence[list[Any]] | None = None,
    ) -> None:
        self.record = record
        self.party_hits = party_hits
        self.goods_hits = goods_hits
        # Look-alikes: parties whose best match is below the hit threshold but at or above the
        # similar threshold (screener.config.DEFAULT_SIMILAR_THRESHOLD); `similar_party` reads them.
        self.similar_hits = similar_hits
        # One small list per party of the record, in order, in which the caller's own per-party
        # memo (screener.screen) lets the rule plan keep what it worked out of that party
        # (RulePlan.fired): one lookup per party less than the plan's own memo by identity.
        self.party_memos = party_memos
        self.memo = memo if memo is not None else Memo()
        self.results: dict[object, bool] = {}
        self._goods_keys: list[tuple[str, str | None, bool, str]] | None = None
        self.evidence: dict[object, list[str]] = {}
        # Field name -> values as written (raw) and normalised (flat), once worked out: read
        # through raw() and flat(), or directly where a condition runs on every record.
        self.raws: dict[str, Sequence[str]] = {}
        self._parties_read = False
        self._roles: frozenset[str] | None = None  # the roles of the record's parties
        self._tokens: list[str] = []  # the party pass adds the party fields' tokens
        # Facts.codes once worked out (read directly on the hot path).
        self.code_set: frozenset[str] | None = None
        # codes_key(record), once screener.rules.plan has worked it out.
        self.codes_key: tuple[object, ...] | None = None
        self.flats: dict[str, Sequence[str]] = {}
        self._texts: dict[str, tuple[TextItem, ...]] = {}
        self._norm: dict[str, tuple[TextItem, ...]] = {}
        self._keys: dict[str, tuple[TextItem, ...]] = {}
        self._comparable: dict[str, tuple[str, ...]] = {}
        self._numbers: dict[str, tuple[NumberItem, ...]] = {}

    def texts(self, field: Field) -> tuple[TextItem, ...]:
        """The field's items as written."""
        found = self._texts.get(field.name)
        if found is None:
            found = field.texts(self.record) if field.texts is not None else ()
            self._texts[field.name] = found
        return found

    def codes(self) -> frozenset[str]:
        """A `code_token` for every value of every country and currency field of the record.

        A test "buyer.country in russia-belarus" is then one set intersection, and an `any` of
        many such tests (destination, final destination, buyer, consignee, end user ...) is one
        too. Values are normalised as `flat` normalises them.
        """
        found = self.code_set
        if found is None:
            if not self._parties_read:
                self._read_parties()
            # The route's, the goods lines' and the payment's codes, written out rather than
            # through each field's `values` (tests/rules/test_fields.py checks they agree).
            tokens = self._tokens
            record = self.record
            route = record.route
            if route.origin:
                tokens.append(_ORIGIN + route.origin.strip().upper())
            for code in route.transit:
                if code:
                    tokens.append(_TRANSIT + code.strip().upper())
            if route.destination:
                tokens.append(_DESTINATION + route.destination.strip().upper())
            if route.final_destination:
                tokens.append(_FINAL + route.final_destination.strip().upper())
            for code in route.countries():
                tokens.append(_COUNTRIES + code.strip().upper())
            for line in record.goods:
                if line.currency:
                    tokens.append(_GOODS_CURRENCY + line.currency.strip().upper())
            for code in _payment_currency_values(record):
                tokens.append(_PAYMENT_CURRENCY + code.strip().upper())
            found = self.code_set = frozenset(tokens)
        return found

    def raw(self, field: Field) -> Sequence[str]:
        """Every value of the field as written, labels dropped (`texts` flattened)."""
        found = self.raws.get(field.name)
        if found is None:
            if field.values is not None:
                found = field.values(self.record)
            elif field.party_attr is not None:
                # A role's field (or bank.*) on its own: most rows have no party in most of the
                # roles a rule names, and a record's few party fields that are read cost less one
                # by one than all of them in one pass (_read_parties, for Facts.codes).
                roles, extract = _PARTY_VALUES[field.name]
                present = self._roles
                if present is None:
                    present = self._roles = frozenset([p.role for p in self.record.parties])
                absent = roles is not None and roles.isdisjoint(present)
                found = () if absent else extract(self.record)
            elif field.parts:
                parts: list[str] = []
                for part in field.parts:
                    parts.extend(self.raw(FIELDS[part]))
                found = parts
            else:
                found = ()
            self.raws[field.name] = found
        return found

    def _read_parties(self) -> None:
        """The raw values of every role's fields (buyer.name, payer.country ... and bank.*), the
        normalised values of their countries and the tokens of every party's country, in one
        pass.

        Facts.codes reads every party's country; the other fields are filled on the way (for the
        evidence of a rule that fired, which may read several). bank.* is filled too; party.*
        (every party) has an extractor of its own (Field.values), read when a rule asks for it.
        """
        self._parties_read = True
        # Written out attribute by attribute: this runs for every record. Most records have one
        # party per role, so a list per field, rarely extended.
        raws: dict[str, list[str]] = {}
        codes: dict[str, list[str]] = {}
        tokens = self._tokens
        for party in self.record.parties:
            role = party.role
            country = party.country
            code = country.strip().upper() if country else ""
            if country:
                for prefix in _TOKEN_PREFIXES.get(role, _PARTY_TOKEN_PREFIXES):
                    tokens.append(prefix + code)
            groups = _PARTY_FIELD_NAMES.get(role)
            if not groups:  # a role rules cannot name: only party.* reads it
                continue
            if party.alt_names:
                spellings = [n for n in (party.name, *party.alt_names) if n]
            elif party.name:
                spellings = [party.name]
            else:
                spellings = []
            address = party.address
            if party.identifiers:
                ids = [i.value for i in party.identifiers if i.value]
                bics = [i.value for i in party.identifiers if i.value and i.kind == "bic"]
            else:
                ids = bics = []
            for keys in groups:
                if spellings:
                    raws.setdefault(keys[0], []).extend(spellings)
                if country:
                    raws.setdefault(keys[1], []).append(country)
                    codes.setdefault(keys[1], []).append(code)
                if address:
                    raws.setdefault(keys[2], []).append(address)
                if ids:
                    raws.setdefault(keys[3], []).extend(ids)
                if bics:
                    raws.setdefault(keys[4], []).extend(bics)
        self.raws.update(raws)
        self.flats.update(codes)

    def normalised(self, field: Field) -> tuple[TextItem, ...]:
        """The field's items with every spelling in its kind's compared form (see `normalise`)."""
        found = self._norm.get(field.name)
        if found is None:
            kind = field.kind
            if kind in (NAME, TEXT):
                fold_ = self.memo.fold
                found = tuple(
                    (label, tuple(fold_(v) for v in values)) for label, values in self.texts(field)
                )
            else:
                found = tuple(
                    (label, tuple(normalise(kind, v) for v in values))
                    for label, values in self.texts(field)
                )
            self._norm[field.name] = found
        return found

    def name_keys(self, field: Field) -> tuple[TextItem, ...]:
        """The field's items in `comparable_name` form, for fuzzy name comparison."""
        found = self._keys.get(field.name)
        if found is None:
            name = self.memo.name
            found = tuple(
                [(label, tuple([name(v) for v in values])) for label, values in self.texts(field)]
            )
            self._keys[field.name] = found
        return found

    def comparable(self, field: Field) -> tuple[str, ...]:
        """Every value of the field in `comparable_name` form, labels dropped (`name_keys` flat)."""
        found = self._comparable.get(field.name)
        if found is None:
            name = self.memo.name
            found = self._comparable[field.name] = tuple([name(v) for v in self.raw(field)])
        return found

    def flat(self, field: Field) -> Sequence[str]:
        """Every normalised value of the field, labels dropped: the fast path of set tests."""
        found = self.flats.get(field.name)
        if found is None:
            kind = field.kind
            raw = self.raw(field)
            if kind in (NAME, TEXT):
                # Memo.fold without a call per value that is already folded (most of them).
                fold_ = self.memo.fold
                folded = self.memo.folded
                found = [folded.get(v) or fold_(v) for v in raw]
            elif kind in (COUNTRY, CURRENCY):
                found = [v.strip().upper() for v in raw]
            elif kind == HS:
                # Digits already (GoodsLine.hs_code): skip the regex.
                found = [v if v.isdecimal() else normalise(kind, v) for v in raw]
            else:
                # isalnum() is exactly "no character _NOT_ALNUM removes" (both are Unicode
                # alphanumerics), so such a value only needs upper-casing.
                found = [v.upper() if v.isalnum() else normalise(kind, v) for v in raw]
            self.flats[field.name] = found
        return found

    def items(self, field: Field) -> Iterator[tuple[str, Sequence[str], Sequence[str]]]:
        """(label, normalised spellings, spellings as written) of each item: for evidence."""
        label = field.label
        if label is not None:
            for value, written in zip(self.flat(field), self.raw(field), strict=True):
                yield label, (value,), (written,)
        else:
            texts = self.texts(field)
            for (label_, values), (_, written_) in zip(self.normalised(field), texts, strict=True):
                yield label_, values, written_

    def goods_keys(self) -> list[tuple[str, str | None, bool, str]]:
        """Each goods hit as (list id lower-cased, tier upper-cased, contradicts_code,
        matched_on): what `goods:` conditions compare, worked out once for all of them."""
        found = self._goods_keys
        if found is None:
            found = self._goods_keys = [
                (
                    hit.list_id.lower(),
                    hit.tier.upper() if hit.tier is not None else None,
                    hit.contradicts_code,
                    hit.matched_on,
                )
                for hit in self.goods_hits
            ]
        return found

    def numbers(self, field: Field) -> tuple[NumberItem, ...]:
        found = self._numbers.get(field.name)
        if found is None:
            found = field.numbers(self.record) if field.numbers is not None else ()
            self._numbers[field.name] = found
        return found
