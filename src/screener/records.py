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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from screener.columns import ColumnMap
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
    reader = _Row(source, row, cells, columns)
    parties = _parties(reader)
    country = reader.first("country")
    country_code = to_iso2(country[1]) if country else None
    if country:
        parties = _attach_country(parties, country_code, country[1])
    parties = _nationalities(reader, parties)
    goods = _goods(reader)
    route = _route(reader, country_code if not columns.columns_for("route.destination") else None)
    payment = _payment(reader, goods)
    reference = reader.first("reference")
    date = reader.first("date")
    date_order = columns.column(date[0]).month_first if date else None
    return Record(
        source=source,
        row=row,
        parties=parties,
        goods=goods,
        route=route,
        payment=payment,
        reference=reference[1] if reference else None,
        date=normalise_date(date[1], month_first=date_order) if date else None,
        remarks=tuple(_distinct(text for _, text in reader.values("remarks"))),
        raw=cells,
    )


class _Row:
    """The non-blank, stripped cells of one row, field by field, best column first."""

    def __init__(self, source: str, row: int, cells: Mapping[str, str], columns: ColumnMap) -> None:
        self.source = source
        self.row = row
        self.cells = cells
        self.columns = columns
        # "1.000" is a thousand in a row that writes "12.345,67" and one in a row that writes
        # "1,5": the row's other numbers settle how its ambiguous ones read.
        numeric = ("goods.quantity", "goods.value", "payment.amount")
        self.decimal = decimal_separator(text for name in numeric for _, text in self.values(name))
        self._month_first: tuple[bool | None] | None = None

    def values(
        self, name: str, *, alternates: bool = True, lines: bool = False
    ) -> Iterator[tuple[str, str]]:
        """(column, text) for the non-blank cells of field `name`; whitespace runs become one
        space, except line breaks when `lines` is set."""
        for header in self.columns.columns_for(name):
            if not alternates and self.columns.column(header).alternate:
                continue
            text = self.cells.get(header)
            if text is None or is_blank(text):
                continue
            if lines:
                yield header, "\n".join(" ".join(ln.split()) for ln in text.strip().splitlines())
            else:
                yield header, " ".join(text.split())

    def first(self, name: str) -> tuple[str, str] | None:
        return next(self.values(name), None)

    def error(self, message: str, header: str, hint: str | None = None) -> InputDataError:
        return InputDataError(message, file=self.source, row=self.row, field=header, hint=hint)

    def month_first(self) -> bool | None:
        """The day/month order this row's unambiguous dates show ("25/12/1975": day first), if
        they agree on one; None when none shows it."""
        if self._month_first is None:
            names = ["date", *(f"{role}.birth_date" for role in PARTY_ROLES)]
            self._month_first = (date_order(t for n in names for _, t in self.values(n)),)
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
    columns = reader.columns
    for role in PARTY_ROLES:
        if not columns.columns_for(f"{role}.name") and not columns.columns_for(f"{role}.bic"):
            continue
        names: list[str] = []
        address_lines: list[str] = []
        for header, text in reader.values(f"{role}.name", lines=True):
            if reader.columns.column(header).combined:
                # "Name and address" cells (SWIFT 50K/59 style): the first line is the name.
                lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
                text, address_lines = lines[0], address_lines + lines[1:]
            name = _party_name(text)
            if name:
                names.append(name)
        names = _distinct(names)
        bics = [_bic(text) for _, text in reader.values(f"{role}.bic")]
        if not names:
            if role in BANK_ROLES and bics:
                names = [bics[0].value]
            else:
                continue
        code, country_raw = None, None
        for _, text in reader.values(f"{role}.country"):
            country_raw = country_raw or text
            code = to_iso2(text)
            if code:
                break
        identifiers = _distinct_ids(
            [
                *(
                    ident
                    for header, text in reader.values(f"{role}.id")
                    for ident in _identifiers(text, reader.columns.column(header).id_kind, code)
                ),
                *bics,
            ]
        )
        parties.append(
            Party(
                role=role,
                name=names[0],
                alt_names=tuple(names[1:]),
                country=code,
                country_raw=country_raw,
                address=_address(reader, role, address_lines),
                identifiers=tuple(identifiers),
                birth_date=_birth_date(reader, role),
            )
        )
    return tuple(parties)


def _birth_date(reader: _Row, role: str) -> str | None:
    cell = reader.first(f"{role}.birth_date")
    if cell is None:
        return None
    header, text = cell
    declared = reader.columns.column(header).month_first
    try:
        return parse_birth_date(
            text, month_first=declared if declared is not None else reader.month_first()
        )
    except ValueError as exc:
        raise reader.error(
            f"not a date of birth: {text!r} ({exc})",
            header,
            "write dates of birth as 1975-03-12, 12.03.1975, 12/03/1975, 12 Mar 1975, 1975-03 or "
            "1975; a US-style month-first column needs a header that says so, e.g. "
            "'DOB (MM/DD/YYYY)'",
        ) from None


def _nationalities(reader: _Row, parties: tuple[Party, ...]) -> tuple[Party, ...]:
    """A party's recognised nationality as its country, when it has no country."""
    out: list[Party] = []
    for party in parties:
        if party.country is None:
            for _, text in reader.values(f"{party.role}.nationality"):
                codes = nationality_codes(text)
                if codes:
                    party = replace(party, country=codes[0], country_raw=party.country_raw or text)
                    break
        out.append(party)
    return tuple(out)


def _address(reader: _Row, role: str, extra: list[str]) -> str | None:
    # The address columns in the original script, joined (ADDRESS, CITY, PIN); the transliterated
    # ones only when those are empty, so that an address is not given twice.
    primary = [t for _, t in reader.values(f"{role}.address", alternates=False)]
    parts = primary or [t for _, t in reader.values(f"{role}.address")]
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


def _split_hs(text: str, *, source: str, row: int, field: str) -> list[tuple[str, str]]:
    """(piece as written, digits) for each HS code in a cell."""
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
            raise InputDataError(
                f"not a valid HS code: {written!r}",
                file=source,
                row=row,
                field=field,
                hint="an HS code has 4 to 10 digits, optionally with dots, spaces or dashes "
                "(8542, 8542.31, 8542 31 00 00); separate several codes with ;",
            )
        out.append((written, _pad(digits)))
    return out


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
        digits = re.sub(r"[\s\u00a0\u202f\u2009'’]", "", text)
        if "," in digits and "." in digits:
            return "," if digits.rfind(",") > digits.rfind(".") else "."
        single = re.search(r"\d([.,])(\d+)$", digits)
        if single and digits.count(single.group(1)) == 1 and len(single.group(2)) != 3:
            return single.group(1)
    return None


def _split_number(text: str, decimal: str | None = None) -> tuple[float, str, str]:
    """(value, text before the number, text after it)."""
    s = text.strip()
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+", s):
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
    number = re.sub(r"[\s\u00a0\u202f\u2009'’]", "", number)
    if "," in number and "." in number:
        point = "," if number.rfind(",") > number.rfind(".") else "."
        grouping = "." if point == "," else ","
        number = number.replace(grouping, "").replace(point, ".")
    elif number.count(",") > 1 or number.count(".") > 1:
        number = number.replace("," if "," in number else ".", "")
    elif re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", number):
        separator = number[-4]
        is_decimal = decimal == separator if decimal else separator == "."
        number = number.replace(separator, "." if is_decimal else "")
    else:
        number = number.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", number):
        raise ValueError(f"not a number: {text!r}")
    value = float(number)
    return (-value if negative else value), before, after


def _amount(reader: _Row, header: str, text: str) -> tuple[float, str | None]:
    """A money amount and the currency written beside it ("USD 1,234.50", "1 234,50 ₽")."""
    try:
        value, before, after = _split_number(text, reader.decimal)
    except ValueError:
        raise reader.error(
            f"not an amount: {text!r}", header, "write amounts like 1234.50, 1,234.50 or 1 234,50"
        ) from None
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
        value, before, after = _split_number(text, reader.decimal)
    except ValueError:
        raise reader.error(
            f"not a quantity: {text!r}", header, "write a number, e.g. 1000"
        ) from None
    if before or (after and not re.fullmatch(r"[^\W\d_][\w./ ²³]{0,19}", after)):
        raise reader.error(f"not a quantity: {text!r}", header, "write a number, e.g. 1000 KGS")
    return value, after or None


def _goods(reader: _Row) -> tuple[GoodsLine, ...]:
    descriptions = _distinct([t for _, t in reader.values("goods.description")])
    hs = reader.first("goods.hs_code")
    pieces = _split_hs(hs[1], source=reader.source, row=reader.row, field=hs[0]) if hs else []

    quantity = unit = None
    quantity_columns = reader.columns.columns_for("goods.quantity")
    unit_columns = reader.columns.columns_for("goods.unit")
    for index, header in enumerate(quantity_columns):
        text = reader.cells.get(header)
        if is_blank(text):
            continue
        quantity, unit = _quantity(reader, header, str(text))
        # STD QUANTITY goes with STD UNIT: the unit column in the same position, else the first.
        paired = unit_columns[index] if index < len(unit_columns) else None
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
        value, written = _amount(reader, *value_cell)
        currency = reader.columns.column(value_cell[0]).currency or written
        if currency is None:
            currency = _currency_of(reader, "goods.currency")
    else:
        currency = _currency_of(reader, "goods.currency")

    shared = {
        "description": descriptions[0] if descriptions else None,
        "alt_descriptions": tuple(descriptions[1:]),
        "quantity": quantity,
        "unit": unit,
        "value": value,
        "currency": currency,
    }
    codes = list(dict.fromkeys(code for _, code in pieces))
    if codes:
        written_of = {code: written for written, code in reversed(pieces)}
        return tuple(GoodsLine(hs_code=c, hs_raw=written_of[c], **shared) for c in codes)  # type: ignore[arg-type]
    if descriptions or quantity is not None or value is not None:
        return (GoodsLine(**shared),)  # type: ignore[arg-type]
    return ()


def _currency_of(reader: _Row, name: str) -> str | None:
    for _, text in reader.values(name):
        code = to_currency(text)
        if code:
            return code
    return None


# --- Route, payment, dates ----------------------------------------------------------------------


def _route(reader: _Row, destination_from_country: str | None) -> Route:
    def country(name: str) -> str | None:
        for _, text in reader.values(name):
            code = to_iso2(text)
            if code:
                return code
        return None

    transit: list[str] = []
    for _, text in reader.values("route.transit"):
        transit.extend(c for c in to_iso2_many(text) if c not in transit)
    port = reader.first("route.port_of_discharge")
    return Route(
        origin=country("route.origin"),
        transit=tuple(transit),
        destination=country("route.destination") or destination_from_country,
        final_destination=country("route.final_destination"),
        port_of_discharge=port[1] if port else None,
    )


def _payment(reader: _Row, goods: tuple[GoodsLine, ...]) -> Payment:
    amount = written = None
    cell = reader.first("payment.amount")
    if cell:
        amount, written = _amount(reader, *cell)
        written = reader.columns.column(cell[0]).currency or written
    currency = _currency_of(reader, "payment.currency") or written
    if currency is None and goods:
        currency = goods[0].currency
    return Payment(currency=currency, amount=amount)


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
