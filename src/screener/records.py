"""Builds one screening Record from one input row, using the column map.

- Parties: one per role that has a name (further name columns, such as an `_EN` transliteration,
  become alternate names). A bank with only a BIC is named by its BIC. "TO ORDER" / "TO THE ORDER
  OF SHIPPER" and "SAME AS CONSIGNEE" are not names and make no party; "TO THE ORDER OF X BANK"
  makes X BANK the party. Countries go through `countries.to_iso2`; an unrecognised country is
  kept as `country_raw`, not an error. Identifier kinds come from the header (INN, IEC...) or are
  guessed from the value with check digits (INN, OGRN, USCC, LEI, BIC).
- The bare `country` field (a plain COUNTRY column) becomes the country of the first buyer,
  consignee or beneficiary (in that order) that has none, and the route's destination when the
  file has no destination column: in the trade exports it is the counterparty's country.
- A party's nationality ("Russian", "RU; KZ", "гражданин РФ", "中国籍") becomes its country when
  neither its own country columns nor the bare COUNTRY column gave one (the model has no separate
  nationality; match.py compares a person's country with the entry's nationalities too).
- A party's date of birth becomes ISO 8601 at the precision written: "1975-03-12", "1975-03" or
  "1975" (see `parse_birth_date`); a cell that is not a date of birth is an InputDataError naming
  file, row and column. Day and month written as 03/04/1975 are ambiguous: the order a header
  declares ("DOB (MM/DD/YYYY)") decides, else the other dates of the row that show their order
  (a 25/12/1975 or an invoice date 12/25/2025), else day first. Day first is the convention of
  every region screener's inputs come from (Europe, Russia and Central Asia, Turkey, the Gulf,
  India); only a file in the US style, month first, needs a header that says so.
- Goods: one line per HS code in the cell (codes may be separated by ; , / or line breaks), all
  lines sharing the description, quantity and value; without a code, one line if there is any
  goods data. A malformed code, quantity or value is an InputDataError naming file, row and column.
- Cells such as "NULL", "N/A", "-" or "nan" are empty (`is_blank`). `raw` keeps every cell as given.
- The rows of one file are read by one plan worked out from its column map (`_Plan`), and a party,
  goods line or route whose cells repeat an earlier row's is that row's (immutable) object again:
  ledgers repeat their counterparties, and a bank screens millions of rows (issue 6).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from screener.columns import Column, ColumnMap
from screener.countries import nationality_codes, to_iso2, to_iso2_many
from screener.currencies import to_currency
from screener.errors import InputDataError
from screener.model import (
    BANK_ROLES,
    PARTY_ROLES,
    GoodsLine,
    Identifier,
    Party,
    Payment,
    Record,
    Route,
)
from screener.normalize import fold
from screener.readers.table import RawRow

# Placeholders exports write for a missing value (case and surrounding spaces aside): database
# NULLs, spreadsheet errors (#N/A), pandas' NaN/<NA>, and the dashes people type.
_BLANKS = frozenset(
    {
        "",
        "null",
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "#n/a",
        "-",
        "--",
        "---",
        "—",
        "–",
        "none",
        "nan",
        "<na>",
        "nil",
        "(blank)",
        "(null)",
    }
)

# Values of a name column that name nobody (seen in bills of lading and declarations).
_NOT_NAMES = frozenset(
    {
        "same as consignee",
        "same as buyer",
        "same as above",
        "same as shipper",
        "same as notify",
        "unknown",
        "not available",
        "not disclosed",
        "undisclosed",
        "confidential",
        "various",
    }
)
# "TO ORDER", "TO THE ORDER OF", "TO ORDER OF SHIPPER": a negotiable bill of lading's consignee.
_TO_ORDER = re.compile(r"^\s*(?:to\s+the|to|the)\s+order(?:\s+of)?\b[\s:,.\-]*(?P<rest>.*)$", re.I)
_ORDER_OF_NOBODY = frozenset(
    {"", "shipper", "the shipper", "consignee", "the consignee", "bearer", "buyer", "seller"}
)

# A label before the code: "HS 8542.31", "HTS: 8542310000", "ex 8542", "ТН ВЭД 8542", "HS编码 8542".
_HS_LABEL = re.compile(
    r"^\s*(?:ex\s+)?(?:(?:(?:hs|hsn|hts)\s*code|htsus|hts|hsn|hs|ncm|taric|tn\s*ved|cn"
    r"|(?:код\s+)?тн\s*вэд(?:\s*еаэс)?|hs编码|海关编码|商品编码)(?![a-zа-я])"
    r"\s*(?:code|no\.?|number)?\s*[:#№.]?\s*)?",
    re.I,
)
_HS_SEPARATORS = re.compile(r"[;,/|\n\r]+")
_HS_GROUPING = re.compile(r"[\s.\-–]")

# The unambiguous ways dates are written, and the order of their parts; see normalise_date.
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), order)
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?", "ymd"),
        (r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:\s.*)?", "ymd"),
        (r"(\d{4})年(\d{1,2})月(\d{1,2})日?", "ymd"),
        (r"(\d{4})(\d{2})(\d{2})", "ymd"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?", "dmy"),
        (r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\s.*)?", "either"),
        (r"(\d{1,2})[\s\-]([A-Za-z]{3})[a-z]*\.?[\s\-,]+(\d{4})", "dMy"),
        (r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})", "Mdy"),
    )
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def is_blank(value: str | None) -> bool:
    """True for empty cells and the placeholders exports write for them (NULL, N/A, -, nan...)."""
    return value is None or value.strip().casefold() in _BLANKS


def build_record(
    source: str, raw: RawRow | tuple[int, Mapping[str, str]], columns: ColumnMap
) -> Record:
    """The Record for one row. A RawRow carrying an error raises that error."""
    if isinstance(raw, RawRow):
        if raw.error is not None:
            raise raw.error
        row, cells = raw.row, raw.cells
    else:
        row, cells = raw
    plan = columns.derived(_Plan)
    reader = _Row(source, row, cells, plan)
    parties = _parties(reader)
    # The fields a file has no column for are not looked up (`plan.present`): most files have a
    # handful of the fields below, and this runs for every row.
    present = plan.present
    country_code = None
    if "country" in present:
        country = reader.first("country")
        if country:
            country_code = to_iso2(country[1])
            parties = _attach_country(parties, country_code, country[1])
    if plan.nationalities:
        parties = _nationalities(reader, parties)
    goods = _goods(reader)
    route = _route(reader, None if plan.has_destination else country_code)
    payment = _payment(reader, goods)
    reference = reader.first("reference") if "reference" in present else None
    date = _date(reader) if "date" in present else None
    remarks = (
        tuple(_distinct([text for _, text in reader.values("remarks")]))
        if "remarks" in present
        else ()
    )
    return Record(
        source,
        row,
        parties,
        goods,
        route,
        payment,
        reference[1] if reference else None,
        date,
        remarks,
        cells,
    )


class _RoleFields(NamedTuple):
    """The field names of one party role, spelt out once instead of formatted for every row."""

    role: str
    name: str
    bic: str
    country: str
    id: str
    address: str
    birth_date: str
    nationality: str


_ROLE_FIELDS: Mapping[str, _RoleFields] = {
    role: _RoleFields(role, *(f"{role}.{a}" for a in _RoleFields._fields[1:]))
    for role in PARTY_ROLES
}
# Fields whose slash dates show a row's day/month order (see _Row.month_first).
_DATE_FIELDS = ("date", *(f.birth_date for f in _ROLE_FIELDS.values()))
_NUMERIC_FIELDS = ("goods.quantity", "goods.value", "payment.amount")
_GOODS_FIELDS = (
    "goods.description",
    "goods.hs_code",
    "goods.quantity",
    "goods.unit",
    "goods.value",
    "goods.currency",
)
_ROUTE_FIELDS = (
    "route.origin",
    "route.transit",
    "route.destination",
    "route.final_destination",
    "route.port_of_discharge",
)

# How many parties a file's plan keeps for reuse. Ledgers repeat their counterparties (a bank's
# payments name tens of thousands of customers and beneficiaries again and again), and a Party is
# a frozen dataclass that costs microseconds to build. A party is kept per role it appears in:
# benchmarks/scale's 30,000 counterparties in three roles are ~90,000 parties, which a bound of
# 32,768 threw away and rebuilt all run long (and with them the hits and rule answers kept by
# object). An entry costs ~350 bytes besides the cells' own strings, so the bound is ~45 MB.
PARTY_MEMO_SIZE = 131_072
# Routes are fewer than parties (origin, transit and destination countries and a port); 4,096
# distinct routes is more than the country pairs a year of trade documents shows.
ROUTE_MEMO_SIZE = 4_096
# Goods lines repeat when a file has no per-line value (a payment's goods are a code and a
# description); with a value in every line they rarely do, and the bound keeps the memo small.
GOODS_MEMO_SIZE = 8_192


class _RolePlan:
    """One party role a file has columns for, and the columns its Party is made from."""

    __slots__ = ("cells_of", "fields", "headers", "parties", "reusable")

    def __init__(self, fields: _RoleFields, by_field: Mapping[str, tuple[Column, ...]]) -> None:
        self.fields = fields
        own = (fields.name, fields.bic, fields.country, fields.id, fields.address)
        # Every cell the party is read from, in a fixed order: equal cells make an equal party.
        self.headers = tuple(c.header for name in own for c in by_field.get(name, ()))
        self.cells_of = _getter(self.headers)
        # A date of birth may read by the row's other dates (see _Row.month_first): such a party
        # depends on more than its own cells and is built afresh for every row.
        self.reusable = not by_field.get(fields.birth_date)
        # The parties already read in this role, keyed by what `cells_of` gives for their cells.
        # One memo per role rather than one keyed by (role, cells): no key tuple to make, hash
        # and compare for every party of every row (~0.2 us a lookup on a big memo).
        self.parties: dict[object, Party | None] = {}


class _Plan:
    """How to read a file's rows, worked out once from its column map (see ColumnMap.derived).

    It also keeps the parties, goods lines and routes already built, so that a row naming the
    same party (or goods, or route) in the same cells as an earlier row reuses it instead of
    reading the cells again. A row whose cells are not valid is read (and raises) every time.
    """

    __slots__ = (
        "amount",
        "currencies",
        "currency_header",
        "date_header",
        "dates",
        "fields",
        "goods",
        "goods_cells",
        "goods_headers",
        "goods_numbers",
        "has_destination",
        "nationalities",
        "parties_kept",
        "present",
        "roles",
        "route_cells",
        "route_headers",
        "routes",
    )

    def __init__(self, columns: ColumnMap) -> None:
        self.fields = columns.by_field
        self.roles = tuple(
            _RolePlan(f, self.fields)
            for f in _ROLE_FIELDS.values()
            if self.fields.get(f.name) or self.fields.get(f.bic)
        )
        self.has_destination = bool(self.fields.get("route.destination"))
        self.route_headers = tuple(
            c.header for name in _ROUTE_FIELDS for c in self.fields.get(name, ())
        )
        self.goods_headers = tuple(
            c.header for name in _GOODS_FIELDS for c in self.fields.get(name, ())
        )
        self.route_cells = _getter(self.route_headers)
        self.goods_cells = _getter(self.goods_headers)
        # The payment amount's column when the file has one (the usual file), read at once.
        self.amount = _only(self.fields, "payment.amount")
        # The one column of these fields, when a file has one (their readings are kept per cell).
        currency = _only(self.fields, "payment.currency")
        self.currency_header = currency.header if currency else None
        date = _only(self.fields, "date")
        self.date_header = date.header if date else None
        # The fields the file has columns for; whether any party may take its nationality for a
        # country; whether the goods lines read numbers (which the row's decimal separator reads).
        self.present = frozenset(name for name, found in self.fields.items() if found)
        self.nationalities = any(f"{r.fields.role}.nationality" in self.present for r in self.roles)
        self.goods_numbers = bool({"goods.quantity", "goods.value"} & self.present)
        # Keyed by what `_getter` gives for the cells read (a tuple of them, or the one cell).
        # The parties are kept per role (_RolePlan.parties), PARTY_MEMO_SIZE in all.
        self.parties_kept = 0
        self.goods: dict[tuple[object, str | None], tuple[GoodsLine, ...]] = {}
        self.routes: dict[tuple[object, str | None], Route] = {}
        # A cell's reading, for the fields whose reading depends on that cell alone: a payment
        # currency column (when the file has one) and the date.
        self.currencies: dict[str | None, str | None] = {}
        self.dates: dict[str | None, str | None] = {}


def _only(fields: Mapping[str, tuple[Column, ...]], name: str) -> Column | None:
    """The column of field `name` when the file has exactly one."""
    columns = fields.get(name) or ()
    return columns[0] if len(columns) == 1 else None


def _getter(headers: tuple[str, ...]) -> Callable[[Mapping[str, str]], object]:
    """A function giving a row's cells of `headers` as one value, to key a memo with: a tuple of
    them (the cell itself for one header), None for a header the row lacks. operator.itemgetter
    gathers them at C speed; it raises KeyError for a missing header, read by `_cells_or_none`."""
    if not headers:
        return _no_cells
    gather = itemgetter(*headers)

    def cells_of(cells: Mapping[str, str]) -> object:
        try:
            return gather(cells)
        except KeyError:
            return _cells_or_none(headers, cells)

    return cells_of


def _no_cells(cells: Mapping[str, str]) -> tuple[()]:
    return ()


def _cells_or_none(headers: tuple[str, ...], cells: Mapping[str, str]) -> object:
    """What `_getter(headers)` gives for `cells`, with None for a header `cells` lacks."""
    if len(headers) == 1:
        return cells.get(headers[0])
    return tuple([cells.get(h) for h in headers])


class _Row:
    """The non-blank, stripped cells of one row, field by field, best column first."""

    __slots__ = ("_decimal", "_month_first", "cells", "fields", "plan", "row", "source")

    def __init__(self, source: str, row: int, cells: Mapping[str, str], plan: _Plan) -> None:
        self.source = source
        self.row = row
        self.cells = cells
        self.plan = plan
        self.fields = plan.fields
        self._decimal: tuple[str | None] | None = None
        self._month_first: tuple[bool | None] | None = None

    @property
    def decimal(self) -> str | None:
        """The decimal separator the row's numbers reveal, if any: "1.000" is a thousand in a row
        that writes "12.345,67" and one in a row that writes "1,5". Worked out when a number
        needs it (most numbers read alike either way, see `_number`)."""
        if self._decimal is None:
            self._decimal = (
                decimal_separator(
                    [text for name in _NUMERIC_FIELDS for _, text in self.values(name)]
                ),
            )
        return self._decimal[0]

    def values(
        self, name: str, *, alternates: bool = True, lines: bool = False
    ) -> list[tuple[Column, str]]:
        """(column, text) for the non-blank cells of field `name`; whitespace runs become one
        space, except line breaks when `lines` is set."""
        columns = self.fields.get(name)
        if not columns:
            return []
        out: list[tuple[Column, str]] = []
        cells = self.cells
        for column in columns:
            if not alternates and column.alternate:
                continue
            text = cells.get(column.header)
            if text is None:
                continue
            stripped = text.strip()
            if stripped.casefold() in _BLANKS:  # is_blank, inlined: this runs for every cell
                continue
            if lines:
                broken = stripped.splitlines()
                if len(broken) > 1:
                    out.append((column, "\n".join(" ".join(ln.split()) for ln in broken)))
                    continue
            out.append((column, " ".join(stripped.split())))
        return out

    def first(self, name: str) -> tuple[Column, str] | None:
        """`values(name)[0]`, or None: the first non-blank cell of the field, written out
        because it runs for most fields of every row."""
        columns = self.fields.get(name)
        if not columns:
            return None
        cells = self.cells
        for column in columns:
            text = cells.get(column.header)
            if text is None:
                continue
            stripped = text.strip()
            if stripped.casefold() not in _BLANKS:
                return column, " ".join(stripped.split())
        return None

    def error(self, message: str, header: str, hint: str | None = None) -> InputDataError:
        return InputDataError(message, file=self.source, row=self.row, field=header, hint=hint)

    def month_first(self) -> bool | None:
        """The day/month order this row's unambiguous dates show ("25/12/1975": day first), if
        they agree on one; None when none shows it."""
        if self._month_first is None:
            self._month_first = (
                date_order(t for n in _DATE_FIELDS for _, t in self.values(n)),
            )
        return self._month_first[0]


def _distinct(texts: Iterable[str]) -> list[str]:
    """The texts without repeats that differ only in case, accents or punctuation."""
    texts = list(texts)
    if len(texts) < 2:
        return texts
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:
        key = fold(text) or text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out


# --- Parties ------------------------------------------------------------------------------------


# Ledgers repeat their counterparties: a name cell's reading is kept for the next row that names
# the same party. 16,384 names is a few MB; the bound keeps memory flat on millions of names.
@lru_cache(maxsize=16384)
def _party_name(text: str) -> str | None:
    """The name a name cell gives, or None when it names nobody ("TO ORDER", "SAME AS BUYER")."""
    name = " ".join(text.split())
    if name.casefold() in _NOT_NAMES:
        return None
    match = _TO_ORDER.match(name)
    if match:
        rest = match.group("rest").strip(" .,")
        return None if fold(rest) in _ORDER_OF_NOBODY else rest
    return name


def _parties(reader: _Row) -> tuple[Party, ...]:
    parties: list[Party] = []
    cells = reader.cells
    plan = reader.plan
    for role in plan.roles:
        if role.reusable:
            key = role.cells_of(cells)
            memo = role.parties
            party = memo.get(key, _UNREAD)
            if party is _UNREAD:
                party = _party(reader, role)
                if plan.parties_kept >= PARTY_MEMO_SIZE:
                    _forget_a_party(plan, memo)
                else:
                    plan.parties_kept += 1
                memo[key] = party
        else:
            party = _party(reader, role)
        if party is not None:
            parties.append(party)
    return tuple(parties)


def _forget_a_party(plan: _Plan, memo: dict[object, Party | None]) -> None:
    """Make room for one party in `memo` (a role's) when the plan keeps PARTY_MEMO_SIZE: the
    oldest party of that role goes (dicts keep insertion order), or of the role that keeps most."""
    if not memo:
        memo = max((r.parties for r in plan.roles), key=len)
    if memo:
        del memo[next(iter(memo))]


# What a plan's party memo gives for cells it has not read yet (None is a cell naming nobody).
_UNREAD = Party("", "")


def _party(reader: _Row, role: _RolePlan) -> Party | None:
    """The party of `role` in this row; None when its cells name nobody."""
    fields = role.fields
    names: list[str] = []
    address_lines: list[str] = []
    for column, text in reader.values(fields.name, lines=True):
        if column.combined:
            # "Name and address" cells (SWIFT 50K/59 style): the first line is the name.
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            text, address_lines = lines[0], address_lines + lines[1:]
        name = _party_name(text)
        if name:
            names.append(name)
    names = _distinct(names)
    bics = [_bic(text) for _, text in reader.values(fields.bic)]
    if not names:
        if fields.role in BANK_ROLES and bics:
            names = [bics[0].value]
        else:
            return None
    code, country_raw = None, None
    for _, text in reader.values(fields.country):
        country_raw = country_raw or text
        code = to_iso2(text)
        if code:
            break
    identifiers = _distinct_ids(
        [
            *(
                ident
                for column, text in reader.values(fields.id)
                for ident in _identifiers(text, column.id_kind, code)
            ),
            *bics,
        ]
    )
    return Party(
        role=fields.role,
        name=names[0],
        alt_names=tuple(names[1:]),
        country=code,
        country_raw=country_raw,
        address=_address(reader, fields, address_lines),
        identifiers=tuple(identifiers),
        birth_date=_birth_date(reader, fields),
    )


def _birth_date(reader: _Row, role: _RoleFields) -> str | None:
    cell = reader.first(role.birth_date)
    if cell is None:
        return None
    column, text = cell
    declared = column.month_first
    try:
        return parse_birth_date(
            text, month_first=declared if declared is not None else reader.month_first()
        )
    except ValueError as exc:
        raise reader.error(
            f"not a date of birth: {text!r} ({exc})",
            column.header,
            "write dates of birth as 1975-03-12, 12.03.1975, 12/03/1975, 12 Mar 1975, 1975-03 or "
            "1975; a US-style month-first column needs a header that says so, e.g. "
            "'DOB (MM/DD/YYYY)'",
        ) from None


def _nationalities(reader: _Row, parties: tuple[Party, ...]) -> tuple[Party, ...]:
    """A party's recognised nationality as its country, when it has no country."""
    out: list[Party] = []
    for party in parties:
        if party.country is None:
            for _, text in reader.values(_ROLE_FIELDS[party.role].nationality):
                codes = nationality_codes(text)
                if codes:
                    party = replace(party, country=codes[0], country_raw=party.country_raw or text)
                    break
        out.append(party)
    return tuple(out)


def _address(reader: _Row, role: _RoleFields, extra: list[str]) -> str | None:
    # The address columns in the original script, joined (ADDRESS, CITY, PIN); the transliterated
    # ones only when those are empty, so that an address is not given twice.
    if not extra and not reader.fields.get(role.address):
        return None
    primary = [t for _, t in reader.values(role.address, alternates=False)]
    parts = primary or [t for _, t in reader.values(role.address)]
    parts = _distinct([*extra, *parts])
    return ", ".join(" ".join(p.split()) for p in parts) or None


def _attach_country(parties: tuple[Party, ...], code: str | None, raw: str) -> tuple[Party, ...]:
    for role in ("buyer", "consignee", "beneficiary"):
        for i, party in enumerate(parties):
            if party.role == role and party.country is None and party.country_raw is None:
                updated = replace(party, country=code, country_raw=raw)
                return (*parties[:i], updated, *parties[i + 1 :])
    return parties


def _distinct_ids(identifiers: list[Identifier]) -> list[Identifier]:
    seen: set[tuple[str, str]] = set()
    out: list[Identifier] = []
    for ident in identifiers:
        key = (ident.kind, ident.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(ident)
    return out


_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")  # ISO 9362
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, no I, O, S, V, Z


def _bic(text: str) -> Identifier:
    value = re.sub(r"\s+", "", text).upper()
    return Identifier("bic" if _BIC.match(value) else "other", value)


def _identifiers(text: str, hinted: str | None, country: str | None) -> list[Identifier]:
    """Identifiers in an id cell; "7701234567/770101001" is an INN and its KPP (KPP dropped)."""
    out: list[Identifier] = []
    for part in re.split(r"[;\n]+", text):
        value = part.strip()
        if not value:
            continue
        inn_kpp = re.fullmatch(r"(\d{10}|\d{12})\s*/\s*\d{9}", value)
        if inn_kpp:
            value = inn_kpp.group(1)
        out.append(Identifier(hinted or guess_identifier_kind(value, country), value))
    return out


def guess_identifier_kind(value: str, country: str | None = None) -> str:
    """inn, ogrn, uscc, lei, bic or reg for a bare identifier, by its shape and check digits.

    Check digits keep a Kazakh 12-digit BIN or an Indian 10-digit IEC from passing as a Russian INN.
    """
    compact = re.sub(r"[\s\-]", "", value).upper()
    if compact.isdigit():
        if len(compact) in (10, 12) and _inn_valid(compact):
            return "inn"
        if len(compact) in (13, 15) and _ogrn_valid(compact):
            return "ogrn"
        return "reg"
    if len(compact) == 18 and _uscc_valid(compact):
        return "uscc"
    if len(compact) == 20 and _lei_valid(compact):
        return "lei"
    if _BIC.match(compact) and country is None:
        return "bic"
    return "reg"


def _inn_valid(digits: str) -> bool:
    # Russian INN check digits (Federal Tax Service order of 29.06.2012 N ММВ-7-6/435@).
    def check(weights: tuple[int, ...], body: str) -> int:
        return sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11 % 10

    d = digits
    if len(d) == 10:
        return check((2, 4, 10, 3, 5, 9, 4, 6, 8), d[:9]) == int(d[9])
    first = check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8), d[:10])
    second = check((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8), d[:11])
    return first == int(d[10]) and second == int(d[11])


def _ogrn_valid(digits: str) -> bool:
    # OGRN: the first 12 digits mod 11, last digit of that; OGRNIP: the first 14 mod 13.
    body, check = int(digits[:-1]), int(digits[-1])
    modulus = 11 if len(digits) == 13 else 13
    return body % modulus % 10 == check


def _uscc_valid(code: str) -> bool:
    # GB 32100-2015: weights 3^i mod 31 over the first 17 characters, check = 31 - sum mod 31.
    if any(ch not in _USCC_ALPHABET for ch in code):
        return False
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(code[:17], weights, strict=True))
    check = (31 - total % 31) % 31
    return _USCC_ALPHABET[check] == code[17]


def _lei_valid(code: str) -> bool:
    # ISO 17442: ISO 7064 MOD 97-10 over the code with letters as numbers (A=10...), result 1.
    if not code.isalnum():
        return False
    number = "".join(str(int(ch, 36)) for ch in code)
    return int(number) % 97 == 1


# --- Goods --------------------------------------------------------------------------------------


def _split_hs(text: str, *, source: str, row: int, field: str) -> tuple[tuple[str, str], ...]:
    """(piece as written, digits) for each HS code in a cell."""
    try:
        return _hs_pieces(text)
    except ValueError as exc:
        raise InputDataError(
            f"not a valid HS code: {exc.args[0]!r}",
            file=source,
            row=row,
            field=field,
            hint="an HS code has 4 to 10 digits, optionally with dots, spaces or dashes "
            "(8542, 8542.31, 8542 31 00 00); separate several codes with ;",
        ) from None


# A ledger declares the same few hundred HS codes again and again: each cell text is read once.
# 4,096 distinct cells covers every 6-digit subheading of the chapters trade screening sees.
@lru_cache(maxsize=4096)
def _hs_pieces(text: str) -> tuple[tuple[str, str], ...]:
    """_split_hs without the row: ValueError carrying the piece as written for a bad code."""
    out: list[tuple[str, str]] = []
    for piece in _HS_SEPARATORS.split(text):
        written = piece.strip()
        if not written:
            continue
        body = _HS_LABEL.sub("", written, count=1).strip()
        if re.fullmatch(r"\d{4,10}\.0", body):
            body = body[:-2]  # a spreadsheet number written out as 854231.0
        digits = _HS_GROUPING.sub("", body)
        if re.fullmatch(r"[0-9]+", digits) and len(digits) > 10:
            # "854231 847149": several codes separated by spaces only.
            groups = body.split()
            if len(groups) > 1 and all(
                re.fullmatch(r"[0-9.\-]+", g) and 4 <= len(_HS_GROUPING.sub("", g)) <= 10
                for g in groups
            ):
                out.extend((g, _pad(_HS_GROUPING.sub("", g))) for g in groups)
                continue
        if not re.fullmatch(r"[0-9]{4,10}", digits) or set(digits) == {"0"}:
            raise ValueError(written)
        out.append((written, _pad(digits)))
    return tuple(out)


def _pad(digits: str) -> str:
    # HS codes have an even number of digits (4, 6, 8, 10); 5 or 7 digits is a code of chapters
    # 01-09 that lost its leading zero in a spreadsheet number (30490 for 0304.90).
    return "0" + digits if len(digits) in (5, 7) else digits


def parse_hs_code(text: str, *, source: str, row: int, field: str) -> tuple[str, ...]:
    """The HS codes in a cell, digits only ("HS 8542.31.00; 8471.50" -> ("85423100", "847150")).

    A code has 4 to 10 digits, optionally grouped with dots, spaces or dashes and labelled
    ("HS", "HTS", "ТН ВЭД"); anything else is an InputDataError naming file, row and column.
    """
    return tuple(
        dict.fromkeys(code for _, code in _split_hs(text, source=source, row=row, field=field))
    )


_NUMBER = re.compile(r"\(?[-+−]?\s*\d(?:[\d\s\u00a0\u202f\u2009.,'’]*\d)?\)?-?")
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]")  # digit grouping: 1 234, 1'234
_SCIENTIFIC = re.compile(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
# One separator and exactly three digits after it: "1,234" or "1.234", a thousand or one point two.
_ONE_GROUP = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_TRAILING_DECIMALS = re.compile(r"\d([.,])(\d+)$")
_UNIT_AFTER = re.compile(r"[^\W\d_][\w./ ²³]{0,19}")


def _plain(text: str) -> bool:
    """`_PLAIN.fullmatch(text) and not _ONE_GROUP.fullmatch(text)`: digits, maybe a point and
    more digits, and not one group of three after a 1-3 digit head ("1.234"). Written with str
    methods (`\\d` is what `str.isdecimal` accepts), which take a third of the time of the two
    regexes on the amount every row has (tests/test_records.py compares them)."""
    head, point, tail = text.partition(".")
    if not head.isdecimal():
        return False
    if not point:
        return True
    if not tail.isdecimal():
        return False
    # _ONE_GROUP: [1-9]\d{0,2}[.,]\d{3} (a comma is not plain anyway).
    return not (len(tail) == 3 and len(head) <= 3 and head[0] in "123456789")


def parse_number(text: str, *, decimal: str | None = None) -> float:
    """A number as exports write it: "1,234.50", "1 234,50", "1.234,50", "(12)", "12-" -> float.

    With both "," and "." the last one is the decimal separator. One separator followed by exactly
    three digits ("1,234", "1.234") is ambiguous: `decimal` (the row's convention, see
    `decimal_separator`) settles it; without it a comma is a thousands separator and a dot a
    decimal point, as in English-language exports. ValueError when the text is not a number.
    """
    value, before, after = _split_number(text, decimal)
    if before or after:
        raise ValueError(f"not a number: {text!r}")
    return value


def decimal_separator(texts: Iterable[str]) -> str | None:
    """The decimal separator numbers in `texts` reveal ("12.345,67" or "1,5" -> ","), or None."""
    for text in texts:
        digits = _NUMBER_SPACES.sub("", text)
        if "," in digits and "." in digits:
            return "," if digits.rfind(",") > digits.rfind(".") else "."
        single = _TRAILING_DECIMALS.search(digits)
        if single and digits.count(single.group(1)) == 1 and len(single.group(2)) != 3:
            return single.group(1)
    return None


def _split_number(text: str, decimal: str | None = None) -> tuple[float, str, str]:
    """(value, text before the number, text after it)."""
    s = text.strip()
    # Most cells are plain ("18400.00", "4000"): read them at once, unless one group of three
    # digits makes them ambiguous ("1.234"), which the general path below settles.
    if _plain(s):
        return float(s), "", ""
    if _SCIENTIFIC.fullmatch(s):
        return float(s), "", ""
    match = _NUMBER.search(s)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    before, after = s[: match.start()].strip(), s[match.end() :].strip()
    number = match.group()
    negative = False
    if number.startswith("(") and number.endswith(")"):
        negative, number = True, number[1:-1]
    elif number.startswith("(") or number.endswith(")"):
        raise ValueError(f"not a number: {text!r}")
    if number.endswith("-"):
        negative, number = True, number[:-1]  # SAP writes negative amounts as "12-"
    number = number.strip()
    if number[:1] in "-−+":
        negative = negative or number[0] != "+"
        number = number[1:].strip()
    number = _NUMBER_SPACES.sub("", number)
    if "," in number and "." in number:
        point = "," if number.rfind(",") > number.rfind(".") else "."
        grouping = "." if point == "," else ","
        number = number.replace(grouping, "").replace(point, ".")
    elif number.count(",") > 1 or number.count(".") > 1:
        number = number.replace("," if "," in number else ".", "")
    elif _ONE_GROUP.fullmatch(number):
        separator = number[-4]
        is_decimal = decimal == separator if decimal else separator == "."
        number = number.replace(separator, "." if is_decimal else "")
    else:
        number = number.replace(",", ".")
    if not _PLAIN.fullmatch(number):
        raise ValueError(f"not a number: {text!r}")
    value = float(number)
    return (-value if negative else value), before, after


def _number(reader: _Row, text: str) -> tuple[float, str, str]:
    """`_split_number` with the row's decimal separator, worked out only for a number that needs
    it: most cells are plain ("18400.00", "4000"), read alike whatever the row's convention."""
    s = text.strip()
    if _plain(s):
        return float(s), "", ""
    return _split_number(text, reader.decimal)


def _amount(reader: _Row, header: str, text: str) -> tuple[float, str | None]:
    """A money amount and the currency written beside it ("USD 1,234.50", "1 234,50 ₽")."""
    try:
        value, before, after = _number(reader, text)
    except ValueError:
        raise reader.error(
            f"not an amount: {text!r}", header, "write amounts like 1234.50, 1,234.50 or 1 234,50"
        ) from None
    if not before and not after:
        return value, None
    marks = [m for m in (before, after) if m]
    currencies = [to_currency(m) for m in marks]
    if any(c is None for c in currencies) or len(marks) > 1:
        raise reader.error(
            f"not an amount: {text!r}", header, "only a currency may stand beside the number"
        )
    return value, currencies[0] if currencies else None


def _quantity(reader: _Row, header: str, text: str) -> tuple[float, str | None]:
    """A quantity and the unit written after it ("1,000 KGS")."""
    try:
        value, before, after = _number(reader, text)
    except ValueError:
        raise reader.error(
            f"not a quantity: {text!r}", header, "write a number, e.g. 1000"
        ) from None
    if before or (after and not _UNIT_AFTER.fullmatch(after)):
        raise reader.error(f"not a quantity: {text!r}", header, "write a number, e.g. 1000 KGS")
    return value, after or None


def _goods(reader: _Row) -> tuple[GoodsLine, ...]:
    # The row's decimal separator is part of the key when the lines read numbers: it decides how
    # "1.000" reads.
    cells = reader.cells
    plan = reader.plan
    key = (plan.goods_cells(cells), reader.decimal if plan.goods_numbers else None)
    memo = reader.plan.goods
    goods = memo.get(key)
    if goods is None:
        goods = _read_goods(reader)
        if len(memo) >= GOODS_MEMO_SIZE:
            del memo[next(iter(memo))]
        memo[key] = goods
    return goods


def _read_goods(reader: _Row) -> tuple[GoodsLine, ...]:
    descriptions = _distinct([t for _, t in reader.values("goods.description")])
    hs = reader.first("goods.hs_code")
    pieces = (
        _split_hs(hs[1], source=reader.source, row=reader.row, field=hs[0].header) if hs else ()
    )

    quantity = unit = None
    quantity_columns = reader.fields.get("goods.quantity", ())
    unit_columns = reader.fields.get("goods.unit", ())
    for index, column in enumerate(quantity_columns):
        text = reader.cells.get(column.header)
        if is_blank(text):
            continue
        quantity, unit = _quantity(reader, column.header, str(text))
        # STD QUANTITY goes with STD UNIT: the unit column in the same position, else the first.
        paired = unit_columns[index].header if index < len(unit_columns) else None
        unit_cell = reader.cells.get(paired) if paired else None
        if not is_blank(unit_cell):
            unit = str(unit_cell).strip()
        break
    if unit is None:
        first_unit = reader.first("goods.unit")
        unit = first_unit[1] if first_unit else None

    value = currency = None
    value_cell = reader.first("goods.value")
    if value_cell:
        value_column, value_text = value_cell
        value, written = _amount(reader, value_column.header, value_text)
        currency = value_column.currency or written
        if currency is None:
            currency = _currency_of(reader, "goods.currency")
    else:
        currency = _currency_of(reader, "goods.currency")

    description = descriptions[0] if descriptions else None
    alt_descriptions = tuple(descriptions[1:])
    codes = list(dict.fromkeys(code for _, code in pieces))
    if codes:
        written_of = {code: written for written, code in reversed(pieces)}
        return tuple(
            GoodsLine(
                description=description,
                alt_descriptions=alt_descriptions,
                hs_code=c,
                hs_raw=written_of[c],
                quantity=quantity,
                unit=unit,
                value=value,
                currency=currency,
            )
            for c in codes
        )
    if descriptions or quantity is not None or value is not None:
        return (
            GoodsLine(
                description=description,
                alt_descriptions=alt_descriptions,
                quantity=quantity,
                unit=unit,
                value=value,
                currency=currency,
            ),
        )
    return ()


# Bounds the per-file memos of cell readings (currencies, dates): ledgers write a few dozen
# currencies and a few hundred dates a year, as normalise_date's cache assumes.
CELL_MEMO_SIZE = 4_096


def _payment_currency(reader: _Row) -> str | None:
    """`_currency_of(reader, "payment.currency")`, kept per cell when the file has one such column
    (its reading depends on that cell alone)."""
    plan = reader.plan
    header = plan.currency_header
    if header is None:
        return _currency_of(reader, "payment.currency")
    text = reader.cells.get(header)
    memo = plan.currencies
    if text in memo:
        return memo[text]
    code = _currency_of(reader, "payment.currency")
    if len(memo) >= CELL_MEMO_SIZE:
        del memo[next(iter(memo))]
    memo[text] = code
    return code


def _date(reader: _Row) -> str | None:
    """The record's date as ISO 8601 where it reads unambiguously (see `normalise_date`), kept per
    cell when the file has one date column (its reading depends on that cell and column alone)."""
    plan = reader.plan
    header = plan.date_header
    text = reader.cells.get(header) if header is not None else None
    memo = plan.dates
    if header is not None and text in memo:
        return memo[text]
    cell = reader.first("date")
    date = normalise_date(cell[1], month_first=cell[0].month_first) if cell else None
    if header is not None:
        if len(memo) >= CELL_MEMO_SIZE:
            del memo[next(iter(memo))]
        memo[text] = date
    return date


def _currency_of(reader: _Row, name: str) -> str | None:
    if len(reader.fields.get(name) or ()) == 1:  # the usual file: one currency column
        cell = reader.first(name)
        return to_currency(cell[1]) if cell else None
    for _, text in reader.values(name):
        code = to_currency(text)
        if code:
            return code
    return None


# --- Route, payment, dates ----------------------------------------------------------------------


def _country_of(reader: _Row, name: str) -> str | None:
    for _, text in reader.values(name):
        code = to_iso2(text)
        if code:
            return code
    return None


def _route(reader: _Row, destination_from_country: str | None) -> Route:
    # A ledger's rows share a handful of routes: equal route cells make an equal Route.
    cells = reader.cells
    plan = reader.plan
    key = (plan.route_cells(cells), destination_from_country)
    memo = plan.routes
    route = memo.get(key)
    if route is None:
        route = _read_route(reader, destination_from_country)
        if len(memo) >= ROUTE_MEMO_SIZE:
            del memo[next(iter(memo))]
        memo[key] = route
    return route


def _read_route(reader: _Row, destination_from_country: str | None) -> Route:
    transit: list[str] = []
    for _, text in reader.values("route.transit"):
        transit.extend(c for c in to_iso2_many(text) if c not in transit)
    port = reader.first("route.port_of_discharge")
    return Route(
        origin=_country_of(reader, "route.origin"),
        transit=tuple(transit),
        destination=_country_of(reader, "route.destination") or destination_from_country,
        final_destination=_country_of(reader, "route.final_destination"),
        port_of_discharge=port[1] if port else None,
    )


def _payment(reader: _Row, goods: tuple[GoodsLine, ...]) -> Payment:
    amount = written = None
    plan = reader.plan
    present = plan.present
    column = plan.amount
    text = reader.cells.get(column.header) if column is not None else None
    plain = text.strip() if text is not None else ""
    if column is not None and _plain(plain):
        # Most amounts are plain ("18400.00"): neither blank nor written with a currency, and read
        # alike whatever the row's decimal separator (as `_number`).
        amount, written = float(plain), column.currency or None
    else:
        cell = reader.first("payment.amount") if "payment.amount" in present else None
        if cell:
            column, text = cell
            amount, written = _amount(reader, column.header, text)
            written = column.currency or written
    currency = (
        _payment_currency(reader) if "payment.currency" in present else None
    ) or written
    if currency is None and goods:
        currency = goods[0].currency
    return Payment(currency=currency, amount=amount)


# Ledgers carry a few hundred distinct dates a year: each written form is read once.
@lru_cache(maxsize=4096)
def normalise_date(text: str, *, month_first: bool | None = None) -> str:
    """ISO 8601 (YYYY-MM-DD) for the unambiguous ways dates are written; anything else as given.

    15.09.2025, 2025/09/15, 20250915, 2025年9月15日, 15-Sep-2025, Sep 15, 2025 and 15/09/2025
    (day > 12) are read; 01/02/2025 could be either order and is left as written, unless
    `month_first` (the order the column's header declares) settles it.
    """
    s = text.strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(s)
        if not match:
            continue
        a, b, c = match.groups()
        if order == "ymd":
            y, m, d = a, b, c
        elif order == "dmy":
            d, m, y = a, b, c
        elif order == "dMy":
            d, m, y = a, str(_MONTHS.get(b.casefold()[:3], 0)), c
        elif order == "Mdy":
            m, d, y = str(_MONTHS.get(a.casefold()[:3], 0)), b, c
        elif int(a) > 12:
            d, m, y = a, b, c
        elif int(b) > 12 or month_first:
            m, d, y = a, b, c
        elif month_first is False:
            d, m, y = a, b, c
        else:
            return s
        return _iso(int(y), int(m), int(d)) or s
    return s


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- Dates of birth -----------------------------------------------------------------------------

# Words around an approximate or labelled date: "circa 1975", "ca. 1975", "около 1975", "1975 г.".
# The year is what is known, so the words are dropped and the precision written is kept.
_APPROXIMATE = re.compile(
    r"^(?:circa|ca\.?|c\.|approx(?:\.|imately)?|about|around|около|примерно|прибл\.?)\s*", re.I
)
_YEAR_WORD = re.compile(r"(?<=\d)\s*(?:г\.?|года?|гг\.?|y\.?)$", re.I)
# A time after the date, as databases and spreadsheets write datetimes.
_CLOCK = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)$")
# A day or month written as unknown: "00.00.1975", "XX/XX/1975", "dd/mm/1968" (the UK list's form).
_PART = r"(\d{1,2}|0{1,2}|[x?]{1,2}|dd|mm|дд|мм)"
_UNKNOWN_PARTS = frozenset({"0", "00", "x", "xx", "?", "??", "dd", "mm", "дд", "мм"})
_BIRTH_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), order)
    for pattern, order in (
        (rf"(\d{{4}})[-/.]{_PART}[-/.]{_PART}", "ymd"),
        (r"(\d{4})(\d{2})(\d{2})", "ymd"),
        (rf"(\d{{4}})[-/.]{_PART}", "ym"),
        (r"(\d{4})", "y"),
        (r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日?)?)?", "ymd"),
        (rf"{_PART}\.{_PART}\.(\d{{4}}|\d{{2}})", "dmy"),
        (rf"{_PART}[/\-\s]{_PART}[/\-\s](\d{{4}}|\d{{2}})", "either"),
        (rf"{_PART}[/.\-](\d{{4}})", "my"),
        (r"(\d{1,2})(?:st|nd|rd|th)?[\s\-./]*([^\W\d_]{3,})\.?[\s\-.,/]*(\d{4}|\d{2})", "dMy"),
        (r"([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", "Mdy"),
        (r"([^\W\d_]{3,})\.?[\s\-.,/]+(\d{4})", "My"),
        (r"(\d{5})(?:\.0+)?", "serial"),
    )
)
# Month names by their first three letters, English and Russian (any case ending: "марта").
_MONTH_NAMES = {
    **_MONTHS,
    "sept": 9,
    **{m: i for i, m in enumerate(
        ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"), 1
    )},
    "май": 5,
}  # fmt: skip
# No one living was born before 1900; an earlier year is a typo (1075 for 1975) or a placeholder.
_EARLIEST_BIRTH_YEAR = 1900
# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 a 29 February 1900 that never
# was, so from serial 61 on the date is 1899-12-30 plus the serial. A date-of-birth cell that lost
# its date format comes out of a spreadsheet as such a number (27465 = 1975-03-12).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Ambiguous slash dates with one part above 12 show their order; see date_order.
_SLASH_DATE = re.compile(r"(\d{1,2})[/\-](\d{1,2})[/\-](\d{2}|\d{4})\b")


def date_order(texts: Iterable[str]) -> bool | None:
    """Whether the slash dates in `texts` put the month first (12/25/2025: True; 25/12/2025:
    False), when those that show an order agree; None when none shows it or they disagree."""
    seen: set[bool] = set()
    for text in texts:
        match = _SLASH_DATE.match(text.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                seen.add(False)
            elif second > 12 >= first:
                seen.add(True)
    return seen.pop() if len(seen) == 1 else None


def _month_number(word: str) -> int:
    month = _MONTH_NAMES.get(word.casefold()[:4]) or _MONTH_NAMES.get(word.casefold()[:3])
    if month is None:
        raise ValueError(f"{word!r} is not a month")
    return month


def _two_digit_year(text: str, today: dt.date) -> int:
    """A year as written: "75" is 1975 and "05" 2005, the latest century not in the future."""
    year = int(text)
    if len(text) == 4:
        return year
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def parse_birth_date(
    text: str, *, month_first: bool | None = None, today: dt.date | None = None
) -> str:
    """A date of birth as ISO 8601 at the precision written: "1975-03-12", "1975-03" or "1975".

    Reads 1975-03-12, 1975/03/12, 19750312, 12.03.1975, 12/03/1975, 12-03-75, 12 Mar 1975,
    12-MAR-1975, 12 марта 1975 г., March 12, 1975, 1975年3月12日, 03/1975, Mar 1975, 1975-03,
    1975, "circa 1975" and a spreadsheet date serial (27465). A day or month written as unknown
    (00.00.1975, XX/03/1975, dd/mm/1968) leaves the precision that is known. 03/04/1975 reads
    day first unless `month_first` is True; 12.03.1975 (dots) is always day first, unless the
    header declared month first. A two-digit year is in the latest century that does not put it
    in the future. ValueError (saying why) for anything else, a date that does not exist, a year
    before 1900 or a date after `today`.
    """
    today = today or dt.date.today()
    s = " ".join(text.split()).strip(" ,;")
    s = _CLOCK.sub("", s)
    s = _YEAR_WORD.sub("", _APPROXIMATE.sub("", s)).strip()
    for pattern, order in _BIRTH_PATTERNS:
        match = pattern.fullmatch(s)
        if match:
            return _birth_iso(match.groups(), order, month_first, today)
    raise ValueError("not a date")


def _birth_iso(
    groups: tuple[str | None, ...], order: str, month_first: bool | None, today: dt.date
) -> str:
    if order == "serial":
        serial = int(groups[0] or "0")
        return _checked(_EXCEL_EPOCH + dt.timedelta(days=serial), "day", today)
    a, b, c = (*groups, None, None)[:3]
    year: str | None
    month: str | None
    day: str | None
    if order in ("ymd", "ym", "y"):
        year, month, day = a, b, c
    elif order == "dmy":
        day, month, year = (b, a, c) if month_first else (a, b, c)
    elif order == "either":
        first, second = (int(x) if x and x.isdigit() else 0 for x in (a, b))
        if first > 12 or (second <= 12 and not month_first):
            day, month, year = a, b, c
        else:
            month, day, year = a, b, c
    elif order == "my":
        month, year, day = a, b, None
    elif order == "dMy":
        day, month, year = a, str(_month_number(b or "")), c
    elif order == "Mdy":
        month, day, year = str(_month_number(a or "")), b, c
    else:  # "My"
        month, year, day = str(_month_number(a or "")), b, None
    full_year = _two_digit_year(year or "", today)
    if month is None or month.casefold() in _UNKNOWN_PARTS:
        return _checked(dt.date(full_year, 1, 1), "year", today)
    if not 1 <= int(month) <= 12:
        raise ValueError(f"no month {int(month)}")
    if day is None or day.casefold() in _UNKNOWN_PARTS:
        return _checked(dt.date(full_year, int(month), 1), "month", today)
    try:
        when = dt.date(full_year, int(month), int(day))
    except ValueError:
        raise ValueError(f"no day {int(day)} in {full_year}-{int(month):02d}") from None
    return _checked(when, "day", today)


def _checked(when: dt.date, precision: str, today: dt.date) -> str:
    if when.year < _EARLIEST_BIRTH_YEAR:
        raise ValueError(f"a year before {_EARLIEST_BIRTH_YEAR}")
    if when > today:
        raise ValueError("in the future")
    if precision == "year":
        return f"{when.year:04d}"
    if precision == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return when.isoformat()
