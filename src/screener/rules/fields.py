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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from types import MappingProxyType

from screener.model import BANK_ROLES, PARTY_ROLES, GoodsHit, Party, PartyHit, Record
from screener.normalize import analyze_name, fold, name_key

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
    """One readable field: its name, kind, and how to pull its items out of a Record."""

    name: str
    kind: str
    texts: Callable[[Record], tuple[TextItem, ...]] | None = None
    numbers: Callable[[Record], tuple[NumberItem, ...]] | None = None


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


def _all_text(record: Record) -> tuple[TextItem, ...]:
    return (
        *_goods_descriptions(record),
        *_remarks(record),
        *_parties(record, None, "address"),
        *_parties(record, None, "name"),
    )


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
            fields[name] = Field(name, kind, texts=_party_field(roles, attr))
    simple: list[Field] = [
        Field("goods.description", TEXT, texts=_goods_descriptions),
        Field("goods.hs_code", HS, texts=_goods_hs),
        Field("goods.quantity", NUMBER, numbers=_goods_number("quantity")),
        Field("goods.value", NUMBER, numbers=_goods_number("value")),
        Field("goods.currency", CURRENCY, texts=_goods_currency),
        Field("route.origin", COUNTRY, texts=_route_one("origin")),
        Field("route.transit", COUNTRY, texts=_route_transit),
        Field("route.destination", COUNTRY, texts=_route_one("destination")),
        Field("route.final_destination", COUNTRY, texts=_route_one("final_destination")),
        Field("route.port_of_discharge", TEXT, texts=_route_one("port_of_discharge")),
        Field("route.countries", COUNTRY, texts=_route_countries),
        Field("payment.currency", CURRENCY, texts=_payment_currency),
        Field("payment.amount", NUMBER, numbers=_payment_amount),
        Field("reference", TEXT, texts=_reference),
        Field("remarks", TEXT, texts=_remarks),
        Field("text", TEXT, texts=_all_text),
    ]
    fields.update((f.name, f) for f in simple)
    return MappingProxyType(fields)


# The closed catalogue of readable fields (read-only: built once, never changed).
FIELDS: Mapping[str, Field] = _catalogue()


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


def comparable_name(name: str) -> str:
    """A party name in the form `differs_from` / `same_as` compare fuzzily.

    `screener.normalize.analyze_name`'s words: folded, Cyrillic romanised, legal forms and stop
    words dropped, so "Altyn Trade LLC", "ALTYN TRADE L.L.C." and "Altyn Trade Limited Liability
    Company" are one payer while "Sun Trade LLC" and "Moon Trade LLC" do not look alike through
    their shared "trade llc". Falls back to `name_key` for a name that is nothing but a legal form.
    """
    return analyze_name(name).text or name_key(name)


# Joins the folded values of a field for one-pass keyword search (Facts.joined). NUL is neither a
# letter nor a space, so no keyword or phrase can match across it, while the spaces around it keep
# the next value's first word a word start.
VALUE_SEPARATOR = " \x00 "

# How many distinct strings a Memo keeps in each of its forms before it starts over. Ledgers repeat
# the same counterparties, addresses and goods descriptions row after row, so folding each once per
# run instead of once per row is most of the evaluation time saved; the bound keeps memory flat
# (a few tens of MB) on inputs with millions of distinct strings. Same figure as
# screener.screen.PARTY_CACHE_SIZE.
MEMO_SIZE = 200_000


class Memo:
    """Folded and comparable forms of the strings a run has seen, bounded to MEMO_SIZE each.

    It belongs to the RuleSet a run loads (never global); both forms are pure functions of their
    input, so the memo changes how fast an answer comes, never the answer.
    """

    __slots__ = ("_folded", "_names", "size")

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._folded: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def fold(self, value: str) -> str:
        found = self._folded.get(value)
        if found is None:
            if len(self._folded) >= self.size:
                self._folded.clear()
            found = self._folded[value] = fold(value)
        return found

    def name(self, value: str) -> str:
        """`comparable_name(value)`."""
        found = self._names.get(value)
        if found is None:
            if len(self._names) >= self.size:
                self._names.clear()
            found = self._names[value] = comparable_name(value)
        return found


class Facts:
    """One record's field values, extracted and normalised once however many rules read them.

    A Facts lives for the evaluation of one record; with the run's Memo, it is the only mutable
    object on that path.
    """

    __slots__ = (
        "_flat",
        "_joined",
        "_keys",
        "_norm",
        "_numbers",
        "_texts",
        "goods_hits",
        "memo",
        "party_hits",
        "record",
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
    ) -> None:
        self.record = record
        self.party_hits = party_hits
        self.goods_hits = goods_hits
        # Look-alikes: parties whose best match is below the hit threshold but at or above the
        # similar threshold (screener.config.DEFAULT_SIMILAR_THRESHOLD); `similar_party` reads them.
        self.similar_hits = similar_hits
        self.memo = memo if memo is not None else Memo()
        self._joined: dict[str, str] = {}
        self._flat: dict[str, tuple[str, ...]] = {}
        self._texts: dict[str, tuple[TextItem, ...]] = {}
        self._norm: dict[str, tuple[TextItem, ...]] = {}
        self._keys: dict[str, tuple[TextItem, ...]] = {}
        self._numbers: dict[str, tuple[NumberItem, ...]] = {}

    def texts(self, field: Field) -> tuple[TextItem, ...]:
        """The field's items as written."""
        found = self._texts.get(field.name)
        if found is None:
            found = field.texts(self.record) if field.texts is not None else ()
            self._texts[field.name] = found
        return found

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
                (label, tuple(name(v) for v in values)) for label, values in self.texts(field)
            )
            self._keys[field.name] = found
        return found

    def flat(self, field: Field) -> tuple[str, ...]:
        """Every normalised value of the field, labels dropped: the fast path of set tests."""
        found = self._flat.get(field.name)
        if found is None:
            found = tuple(v for _, values in self.normalised(field) for v in values)
            self._flat[field.name] = found
        return found

    def joined(self, field: Field) -> str:
        """Every normalised value of the field in one string, values separated by VALUE_SEPARATOR.

        One search over this string answers "does any value match" much faster than one search
        per value; the separator stops a match from running from one value into the next.
        """
        found = self._joined.get(field.name)
        if found is None:
            found = VALUE_SEPARATOR.join(self.flat(field))
            self._joined[field.name] = found
        return found

    def numbers(self, field: Field) -> tuple[NumberItem, ...]:
        found = self._numbers.get(field.name)
        if found is None:
            found = field.numbers(self.record) if field.numbers is not None else ()
            self._numbers[field.name] = found
        return found
