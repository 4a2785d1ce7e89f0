"""Recognises which input columns hold which screening fields, from the headers real exports use.

A header is normalised (NFKC, case-folded, `_` and punctuation to spaces, camelCase split, a
trailing `_EN`/`LATIN` marker noted and removed) and then matched in this order:

1. whole-header synonyms (`HS CODE`, `Страна происхождения`, `品名`...);
2. HS-code headers and their derived prefix columns (`HS_CODE_2`, `HS_CODE_4`);
3. party headers: a role word (`EXPORTER`, `покупателя`, `收货人`) with an attribute word (`NAME`,
   `COUNTRY`, `ADDRESS`, `CODE`, `BIC`, `DOB`, `NATIONALITY`); the role alone means the name;
4. families of goods, payment and reference headers (`CARGO_VALUE_IN_FC`, `TOTAL_QUANTITY`,
   `REGISTRATION_DATE`, `DECLARATION_NUMBER`...);
5. a bare attribute (`ADDRESS`, `CITY`, `IEC`, `DOB`) belongs to the party of the column beside
   it, the way vendor exports lay them out (`IEC, EXPORTER, ADDRESS, CITY, PIN`); a bare date of
   birth or nationality with no party beside it belongs to the file's only party, if it has one.

A date format written in a header ("DOB (MM/DD/YYYY)", "Дата рождения (ДД.ММ.ГГГГ)") is noted on
the column (`Column.month_first`), so that records.py reads 03/04/1975 the way the file means it.

Columns that feed one field are kept best first: primary before secondary (an HS heading text is
only a secondary description), original script before its `_EN` transliteration, then file order.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import TypeVar, cast

from screener.currencies import iso_codes, to_currency
from screener.errors import InputDataError, UsageError
from screener.model import BANK_ROLES, PARTY_ROLES

# --- The field catalogue ------------------------------------------------------------------------

# role -> (what the role is called in a description, the header words that mean it)
_ROLE_LABELS: Mapping[str, tuple[str, str]] = {
    "seller": ("seller", "supplier, exporter, shipper, vendor, consignor, продавец, 卖方"),
    "buyer": ("buyer", "customer, importer, purchaser, sold-to, bill-to, покупатель, 买方"),
    "consignee": ("consignee", "ship-to, deliver-to, receiver, грузополучатель, 收货人"),
    "end_user": ("end user", "ultimate consignee, конечный пользователь, 最终用户"),
    "notify": ("notify party", "notify, уведомляемая сторона, 通知人"),
    "payer": ("payer", "ordering customer, remitter, debtor, плательщик, 付款人"),
    "beneficiary": ("beneficiary", "payee, creditor, получатель платежа, 收款人"),
    "manufacturer": ("manufacturer", "producer, maker, изготовитель, 制造商"),
    "forwarder": ("freight forwarder", "forwarder, logistics provider, экспедитор, 货代"),
    "agent": ("customs agent", "broker, CHA, declarant, декларант"),
    "payer_bank": ("payer's bank", "ordering institution, debtor agent, банк плательщика"),
    "beneficiary_bank": ("beneficiary's bank", "account with institution, creditor agent"),
    "intermediary_bank": ("intermediary bank", "correspondent bank"),
    "bank": ("bank", "issuing or advising bank, a bare BANK column"),
}
_ATTRIBUTE_LABELS: Mapping[str, str] = {
    "name": "name",
    "country": "country",
    "address": "address (with city and postcode columns)",
    "id": "tax or registration id (INN, OGRN, USCC, VAT, IEC, NIT, BIN...)",
    "bic": "BIC / SWIFT code",
    "birth_date": "date of birth (DOB, born, дата рождения, 出生日期)",
    "nationality": "nationality or citizenship (гражданство, 国籍)",
}
_OTHER_FIELDS: Mapping[str, str] = {
    "goods.description": (
        "goods description (DESCRIPTION, PRODUCT_DESCRIPTION, наименование товара, 品名)"
    ),
    "goods.hs_code": "HS / HTS / TN VED / NCM tariff code; several per cell allowed",
    "goods.quantity": "quantity (QTY, количество, 数量)",
    "goods.unit": "unit of quantity (UOM, ед. изм., 单位)",
    "goods.value": "line value (AMOUNT, TOTAL, FOB USD, CARGO_VALUE_IN_FC, сумма, 金额)",
    "goods.currency": "currency of the value (CURRENCY, FOREIGN_CURRENCY, валюта, 币种)",
    "route.origin": "country of origin or of export (ORIGIN_COUNTRY, FROM_COUNTRY, 原产国)",
    "route.transit": "transit or transshipment countries; several per cell allowed",
    "route.destination": "country of destination (DESTINATION_COUNTRY, TO_COUNTRY, 目的国)",
    "route.final_destination": "final or ultimate destination country, end-use country",
    "route.port_of_discharge": "port of discharge / unloading / destination port",
    "payment.currency": "payment currency (in payment files a bare CURRENCY column)",
    "payment.amount": "payment amount (in payment files a bare AMOUNT column)",
    "reference": "invoice, declaration, bill of lading or transaction number",
    "date": "date of the invoice, declaration, shipment or payment",
    "remarks": "free text: remarks, notes, purpose, payment details, remittance information",
    "country": (
        "a bare COUNTRY column: the country of the first buyer/consignee/beneficiary without one, "
        "and the destination when no destination column exists"
    ),
}


def _catalogue() -> Mapping[str, str]:
    fields: dict[str, str] = {}
    for role in PARTY_ROLES:
        noun, words = _ROLE_LABELS[role]
        for attribute, label in _ATTRIBUTE_LABELS.items():
            fields[f"{role}.{attribute}"] = f"{label} of the {noun} ({words})"
    fields.update(_OTHER_FIELDS)
    return MappingProxyType(fields)


FIELDS: Mapping[str, str] = _catalogue()
"""Every field a column can feed -> one line about it: the catalogue `screener columns` shows."""


# --- What recognise() returns -------------------------------------------------------------------

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Column:
    """How one input column is used, with what its header says beyond the field it feeds."""

    header: str
    field: str | None  # None: not used (see `note`)
    alternate: bool = False  # an alternate-script variant (a trailing _EN / LATIN marker)
    rank: int = 0  # lower ranks come first among the columns of a field
    currency: str | None = None  # ISO 4217 code the header implies ("FOB USD", "VALUE_IN_USD")
    id_kind: str | None = None  # identifier kind the header implies ("INN" -> inn, "IEC" -> reg)
    combined: bool = False  # one cell holds the name and then the address ("name and address")
    note: str = ""  # why a recognised column is not used, or how it was attached
    # The order of day and month the header declares ("DOB (MM/DD/YYYY)": True, "DD.MM.YYYY":
    # False); None when it declares none.
    month_first: bool | None = None


@dataclass(frozen=True)
class ColumnMap:
    """Which columns feed which fields, which are ignored on purpose and which are unknown."""

    headers: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]]  # field -> the columns feeding it, best first
    unrecognised: tuple[str, ...]
    overridden: frozenset[str] = frozenset()  # fields set by --map
    columns: Mapping[str, Column] = field(default_factory=dict)  # header -> how it is used
    ignored: Mapping[str, str] = field(default_factory=dict)  # header -> why it is not used
    source: str = ""

    def columns_for(self, name: str) -> tuple[str, ...]:
        """The columns feeding field `name`, best first (empty when none)."""
        return self.fields.get(name, ())

    def column(self, header: str) -> Column:
        """How `header` is used; an unknown header is an unused column."""
        return self.columns.get(header) or Column(header, None)

    @cached_property
    def by_field(self) -> Mapping[str, tuple[Column, ...]]:
        """`columns_for` with each column's `Column`, for every field that has columns.

        Computed once per map (the map is frozen): records.py reads it for every row, and a
        million rows should not look the same headers up a million times.
        """
        return MappingProxyType(
            {name: tuple(self.column(h) for h in headers) for name, headers in self.fields.items()}
        )

    def derived(self, build: Callable[[ColumnMap], _T]) -> _T:
        """`build(self)`, worked out on the first call and kept with this map for the next ones.

        What a per-row reader derives from the map (records.py's reading plan) is then worked out
        once per file instead of once per row; the map is frozen, so it never goes stale.
        """
        memo = self._derived
        if build not in memo:
            memo[build] = build(self)
        return cast(_T, memo[build])

    @cached_property
    def _derived(self) -> dict[Callable[[ColumnMap], object], object]:
        return {}

    def __getstate__(self) -> dict[str, object]:
        # A pickled map (sent to a worker process or a Spark executor) carries its fields only:
        # what it derived, reading plans with their memos included, is rebuilt where it is used.
        return {k: v for k, v in self.__dict__.items() if k not in ("by_field", "_derived")}


# --- Header normalisation -----------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CAMEL_LOWER_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CAMEL_ACRONYM = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_SCRIPT_EDGE = re.compile(rf"(?<=[{_CJK}])(?=[^{_CJK}])|(?<=[^{_CJK}])(?=[{_CJK}])")
_NON_WORD = re.compile(r"[\W_]+")
_DUPLICATE_SUFFIX = re.compile(r"\s\(\d+\)$")  # readers make duplicate headers unique: "X (2)"
_IS_CJK = re.compile(rf"[{_CJK}]")

# A trailing marker saying the column is a transliteration or translation of the one before it
# (the Kazakhstan declarations pair EXPORTER_NAME with EXPORTER_NAME_EN).
_ALTERNATE_MARKERS = frozenset(
    {"en", "eng", "english", "latin", "lat", "translit", "transliteration", "translated", "roman"}
)


@lru_cache(maxsize=16384)
def header_tokens(header: str) -> tuple[tuple[str, ...], bool]:
    """A header as normalised words, and whether it carried an alternate-script marker."""
    text = unicodedata.normalize("NFKC", header).replace("#", " no ")
    text = _CAMEL_LOWER_UPPER.sub(" ", text)
    text = _CAMEL_ACRONYM.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _SCRIPT_EDGE.sub(" ", text.casefold().replace("ё", "е"))
    tokens = _join_initials(tuple(t for t in _NON_WORD.split(text) if t))
    alternate = False
    if len(tokens) > 2 and tokens[-2:] == ("in", "english"):
        tokens, alternate = tokens[:-2], True
    elif len(tokens) > 1 and tokens[-1] in _ALTERNATE_MARKERS:
        tokens, alternate = tokens[:-1], True
    return tokens, alternate


def _join_initials(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Runs of single letters are one word: "B/L No" -> ("bl", "no"), "P.O. Number" -> "po"."""
    out: list[str] = []
    run = ""
    for token in (*tokens, ""):
        if len(token) == 1 and token.isalpha():
            run += token
            continue
        if run:
            out.append(run)
            run = ""
        if token:
            out.append(token)
    return tuple(out)


def header_key(header: str) -> str:
    """A header with case, punctuation and spacing ignored: how `--map` columns are matched."""
    return "".join(header_tokens(header)[0]) or header.strip().casefold()


# --- Vocabulary ---------------------------------------------------------------------------------
# Phrases are written normalised (lower case, words separated by spaces). A word ending in "*" is
# a stem: Russian headers inflect ("покупатель", "ИНН покупателя"), so stems match any ending.


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]
    tag: str
    kind: str | None = None


def _phrases(
    entries: Iterable[tuple[str, str] | tuple[str, str, str | None]],
) -> tuple[_Phrase, ...]:
    out = [
        _Phrase(tuple(entry[0].split()), entry[1], entry[2] if len(entry) > 2 else None)
        for entry in entries
    ]
    return tuple(sorted(out, key=lambda p: -len(p.words)))


# Party roles. Tags: a role of model.PARTY_ROLES; "receiver" (consignee in trade files, beneficiary
# in payment files); "bank"; "side:*" for the words that say whose bank a bank is.
_ROLE_WORDS = _phrases(
    [
        ("seller", "seller"),
        ("supplier", "seller"),
        ("exporter", "seller"),
        ("shipper", "seller"),
        ("vendor", "seller"),
        ("consignor", "seller"),
        ("sold by", "seller"),
        ("продав*", "seller"),
        ("поставщик*", "seller"),
        ("экспортер*", "seller"),
        ("грузоотправител*", "seller"),
        ("отправител*", "seller"),
        ("buyer", "buyer"),
        ("customer", "buyer"),
        ("importer", "buyer"),
        ("purchaser", "buyer"),
        ("client", "buyer"),
        ("sold to", "buyer"),
        ("bill to", "buyer"),
        ("billed to", "buyer"),
        ("invoice to", "buyer"),
        ("invoiced to", "buyer"),
        ("покупател*", "buyer"),
        ("импортер*", "buyer"),
        ("заказчик*", "buyer"),
        ("клиент*", "buyer"),
        ("consignee", "consignee"),
        ("ship to", "consignee"),
        ("shipped to", "consignee"),
        ("deliver to", "consignee"),
        ("delivered to", "consignee"),
        ("грузополучател*", "consignee"),
        ("получател* груз*", "consignee"),
        ("receiver", "receiver"),
        ("recipient", "receiver"),
        ("получател*", "receiver"),
        ("end user", "end_user"),
        ("end users", "end_user"),
        ("enduser", "end_user"),
        ("ultimate consignee", "end_user"),
        ("ultimate end user", "end_user"),
        ("ultimate user", "end_user"),
        ("final user", "end_user"),
        ("конечн* пользовател*", "end_user"),
        ("notify", "notify"),
        ("nortify", "notify"),  # NORTIFY_PARTY_NAME: a vendor typo in the Brazil BL sample
        ("уведомля*", "notify"),
        ("payer", "payer"),
        ("payor", "payer"),
        ("ordering customer", "payer"),
        ("ordering party", "payer"),
        ("remitter", "payer"),
        ("debtor", "payer"),
        ("paid by", "payer"),
        ("originator", "payer"),  # Fedwire's name for the ordering customer
        ("плательщик*", "payer"),
        ("beneficiary", "beneficiary"),
        ("creditor", "beneficiary"),
        ("payee", "beneficiary"),
        ("бенефициар*", "beneficiary"),
        ("получател* платеж*", "beneficiary"),
        ("получател* средств*", "beneficiary"),
        ("manufacturer", "manufacturer"),
        ("producer", "manufacturer"),
        ("maker", "manufacturer"),
        ("manufactured by", "manufacturer"),
        ("изготовител*", "manufacturer"),
        ("производител*", "manufacturer"),
        ("forwarder", "forwarder"),
        ("freight forwarder", "forwarder"),
        ("forwarding agent", "forwarder"),
        ("logistics provider", "forwarder"),
        ("экспедитор*", "forwarder"),
        ("agent", "agent"),
        ("broker", "agent"),
        ("customs broker", "agent"),
        ("customs agent", "agent"),
        ("clearing agent", "agent"),
        ("cha", "agent"),  # India: customs house agent
        ("customs house agent", "agent"),
        ("declarant", "agent"),
        ("декларант*", "agent"),
        ("брокер*", "agent"),
        ("таможенн* представител*", "agent"),
        # ISO 20022 and SWIFT MT names of the banks in a payment chain.
        ("ordering institution", "payer_bank"),
        ("debtor agent", "payer_bank"),
        ("account with institution", "beneficiary_bank"),
        ("creditor agent", "beneficiary_bank"),
        ("intermediary agent", "intermediary_bank"),
        ("bank", "bank"),
        ("financial institution", "bank"),
        ("банк*", "bank"),
        ("intermediary", "side:intermediary"),
        ("correspondent", "side:intermediary"),
        ("корреспондент*", "side:intermediary"),
        ("посредник*", "side:intermediary"),
        ("ordering", "side:payer"),
        ("remitting", "side:payer"),
        ("sending", "side:payer"),
        ("issuing", "side:other"),
        ("advising", "side:other"),
        ("confirming", "side:other"),
        ("negotiating", "side:other"),
    ]
)

_ATTRIBUTE_WORDS = _phrases(
    [
        ("name", "name"),
        ("names", "name"),
        ("company", "name"),
        ("company name", "name"),
        ("legal name", "name"),
        ("full name", "name"),
        ("firm", "name"),
        ("organisation", "name"),
        ("organization", "name"),
        ("entity", "name"),
        ("наименован*", "name"),
        ("назван*", "name"),
        ("имя", "name"),
        ("фио", "name"),
        ("организаци*", "name"),
        ("компани*", "name"),
        ("country", "country"),
        ("ctry", "country"),
        ("cntry", "country"),
        ("nation", "country"),
        ("стран*", "country"),
        ("address", "address"),
        ("addresses", "address"),
        ("addr", "address"),
        ("adress", "address"),
        ("street", "address"),
        ("address line", "address"),
        ("адрес*", "address"),
        ("city", "part"),
        ("town", "part"),
        ("zip", "part"),
        ("zip code", "part"),
        ("zipcode", "part"),
        ("postcode", "part"),
        ("postal code", "part"),
        ("post code", "part"),
        ("pin", "part"),  # India: postal index number
        ("pin code", "part"),
        ("pincode", "part"),
        ("province", "part"),
        ("город*", "part"),
        ("индекс", "part"),
        ("tax id", "id", "reg"),
        ("tax no", "id", "reg"),
        ("tax number", "id", "reg"),
        ("tax code", "id", "reg"),
        ("taxpayer id", "id", "reg"),
        ("tin", "id", "reg"),
        ("vat", "id", "vat"),
        ("vat no", "id", "vat"),
        ("vat number", "id", "vat"),
        ("vat id", "id", "vat"),
        ("vat reg no", "id", "vat"),
        ("reg no", "id", "reg"),
        ("registration no", "id", "reg"),
        ("registration number", "id", "reg"),
        ("registration", "id", "reg"),
        ("company number", "id", "reg"),
        ("company no", "id", "reg"),
        ("uscc", "id", "uscc"),
        ("unified social credit code", "id", "uscc"),
        ("iec", "id", "reg"),  # India: importer-exporter code
        ("iec code", "id", "reg"),
        ("nit", "id", "reg"),  # Colombia: número de identificación tributaria
        ("cnpj", "id", "reg"),
        ("cpf", "id", "reg"),
        ("ruc", "id", "reg"),
        ("rut", "id", "reg"),
        ("rfc", "id", "reg"),
        ("cuit", "id", "reg"),
        ("gstin", "id", "reg"),
        ("eori", "id", "reg"),
        ("eori no", "id", "reg"),
        ("eori number", "id", "reg"),
        ("ein", "id", "reg"),
        ("duns", "id", "reg"),
        ("lei", "id", "lei"),
        ("lei code", "id", "lei"),
        ("imo", "id", "imo"),
        ("imo number", "id", "imo"),
        ("inn", "id", "inn"),
        ("ogrn", "id", "ogrn"),
        ("ogrnip", "id", "ogrn"),
        ("bin", "id", "reg"),  # Kazakhstan: business identification number
        ("iin", "id", "reg"),
        ("unp", "id", "reg"),  # Belarus: учетный номер плательщика
        ("инн", "id", "inn"),
        ("огрн*", "id", "ogrn"),
        ("бин", "id", "reg"),
        ("иин", "id", "reg"),
        ("унп", "id", "reg"),
        ("регистрационн* номер*", "id", "reg"),
        ("id", "id"),
        ("code", "id"),
        ("number", "id"),
        ("no", "id"),
        ("nr", "id"),
        ("identifier", "id"),
        ("identification", "id"),
        ("identification number", "id"),
        ("код*", "id"),
        ("номер*", "id"),
        ("bic", "bic"),
        ("swift", "bic"),
        ("swift code", "bic"),
        ("swift bic", "bic"),
        ("bic code", "bic"),
        ("bic swift", "bic"),
        ("swiftbic", "bic"),
        ("bic swift code", "bic"),
        ("swift bic code", "bic"),
        ("бик", "bic"),
        ("свифт", "bic"),
        # A person's date of birth. "Birth" alone is not one: "Place of Birth", "Country of Birth".
        ("date of birth", "birth_date"),
        ("birth date", "birth_date"),
        ("birthdate", "birth_date"),
        ("birthday", "birth_date"),
        ("date born", "birth_date"),
        ("dob", "birth_date"),  # also "D.O.B.", whose initials header_tokens joins
        ("born", "birth_date"),
        ("born on", "birth_date"),
        ("year of birth", "birth_date"),
        ("birth year", "birth_date"),
        ("yob", "birth_date"),
        ("дат* рождени*", "birth_date"),
        ("год* рождени*", "birth_date"),
        ("nationality", "nationality"),
        ("nationalities", "nationality"),
        ("citizenship", "nationality"),
        ("citizenships", "nationality"),
        ("country of citizenship", "nationality"),
        ("citizenship country", "nationality"),
        ("country of nationality", "nationality"),
        ("гражданств*", "nationality"),
        ("подданств*", "nationality"),
    ]
)

# Identifier words that say what a bare column is (IEC, INN); bare "id", "code" or "no" columns
# are usually row or record numbers and are not attached to a neighbouring party.
_GENERIC_ID_WORDS = frozenset({"id", "code", "number", "no", "nr", "identifier", "identification"})

_NOISE_WORDS = _phrases(
    [
        ("the", "noise"),
        ("of", "noise"),
        ("a", "noise"),
        ("an", "noise"),
        ("s", "noise"),  # the possessive of "Buyer's Name"
        ("party", "noise"),
        ("parties", "noise"),
        ("details", "noise"),
        ("detail", "noise"),
        ("info", "noise"),
        ("information", "noise"),
        ("and", "noise"),
        ("or", "noise"),
        ("legal", "noise"),
        ("registered", "noise"),
        ("official", "noise"),
        ("full", "noise"),
        ("и", "noise"),
        ("полн*", "noise"),
        ("сокращенн*", "noise"),
        ("лица", "noise"),
        ("的", "noise"),
    ]
)

# Chinese writes a header without spaces ("收货人名称" = consignee + name): these words are cut out
# of a Chinese run, longest first, before the run is matched like any other words.
_CJK_WORDS: Mapping[str, str] = {
    "卖方": "seller",
    "供应商": "seller",
    "出口商": "seller",
    "发货人": "seller",
    "供货商": "seller",
    "销售方": "seller",
    "卖家": "seller",
    "出口方": "seller",
    "发货方": "seller",
    "买方": "buyer",
    "进口商": "buyer",
    "客户": "buyer",
    "采购商": "buyer",
    "买家": "buyer",
    "购买方": "buyer",
    "进口方": "buyer",
    "购货方": "buyer",
    "收货人": "consignee",
    "收货方": "consignee",
    "收货单位": "consignee",
    "最终用户": "end_user",
    "通知人": "notify",
    "通知方": "notify",
    "付款人": "payer",
    "付款方": "payer",
    "汇款人": "payer",
    "收款人": "beneficiary",
    "收款方": "beneficiary",
    "受益人": "beneficiary",
    "制造商": "manufacturer",
    "生产商": "manufacturer",
    "生产厂家": "manufacturer",
    "厂商": "manufacturer",
    "货代": "forwarder",
    "货运代理": "forwarder",
    "报关行": "agent",
    "申报单位": "agent",
    "报关单位": "agent",
    "代理人": "agent",
    "银行": "bank",
    "收款": "side:beneficiary",
    "付款": "side:payer",
    "汇款": "side:payer",
    "中间": "side:intermediary",
    "中转": "side:intermediary",
    "开证": "side:other",
    "名称": "attr:name",
    "名字": "attr:name",
    "公司": "attr:name",
    "企业": "attr:name",
    "国家": "attr:country",
    "国别": "attr:country",
    "地区": "attr:country",
    "地址": "attr:address",
    "城市": "attr:part",
    "邮编": "attr:part",
    "出生日期": "attr:birth_date",
    "出生年月日": "attr:birth_date",
    "出生年月": "attr:birth_date",
    "生日": "attr:birth_date",
    "国籍": "attr:nationality",
    "统一社会信用代码": "attr:id:uscc",
    "信用代码": "attr:id:uscc",
    "税号": "attr:id:reg",
    "纳税人识别号": "attr:id:reg",
    "注册号": "attr:id:reg",
    "代码": "attr:id",
    "编码": "attr:id",
    "的": "noise",
    # Words the families below look for.
    "数量": "word",
    "单位": "word",
    "金额": "word",
    "总价": "word",
    "货值": "word",
    "日期": "word",
    "描述": "word",
    "发票": "word",
    "合同": "word",
    "号": "word",
    "号码": "word",
    "编号": "word",
    "备注": "word",
    "币种": "word",
}
_CJK_LONGEST_FIRST = tuple(sorted(_CJK_WORDS, key=len, reverse=True))


def _segment(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Cuts the known words out of Chinese runs; everything else is left as it is."""
    out: list[str] = []
    for token in tokens:
        if not _IS_CJK.search(token):
            out.append(token)
            continue
        rest = ""
        i = 0
        while i < len(token):
            word = next((w for w in _CJK_LONGEST_FIRST if token.startswith(w, i)), None)
            if word is None:
                rest += token[i]
                i += 1
                continue
            if rest:
                out.append(rest)
                rest = ""
            out.append(word)
            i += len(word)
        if rest:
            out.append(rest)
    return tuple(out)


def _word_matches(token: str, word: str) -> bool:
    return token.startswith(word[:-1]) if word.endswith("*") else token == word


def _any(tokens: Iterable[str], words: Iterable[str]) -> bool:
    vocabulary = tuple(words)
    return any(_word_matches(t, w) for t in tokens for w in vocabulary)


def _all(tokens: Iterable[str], words: Iterable[str]) -> bool:
    vocabulary = tuple(words)
    return all(any(_word_matches(t, w) for w in vocabulary) for t in tokens)


# --- Whole-header synonyms of the fields that are not party attributes --------------------------
# (phrase, field, rank). "generic" entries switch to payment.* in payment files.

_GENERIC_AMOUNT = ("amount", "value", "total", "total amount", "sum", "сумма", "金额")
_GENERIC_CURRENCY = ("currency", "ccy", "curr", "cur", "currency code", "валюта", "币种", "货币")

_SYNONYMS: tuple[tuple[str, str, int], ...] = (
    *(
        (p, "goods.description", 0)
        for p in (
            "description",
            "descriptions",
            "desc",
            "goods",
            "goods description",
            "description of goods",
            "product",
            "products",
            "product description",
            "product name",
            "item",
            "item description",
            "item name",
            "commodity",
            "commodity description",
            "cargo description",
            "description of cargo",
            "goods name",
            "name of goods",
            "merchandise",
            "article",
            "article description",
            "detailed description",
            "наименование товара",
            "наименование товаров",
            "описание товара",
            "описание товаров",
            "товар",
            "товары",
            "品名",
            "商品名称",
            "货物描述",
            "货物名称",
            "商品描述",
            "产品名称",
            "货名",
        )
    ),
    *(
        (p, "goods.hs_code", 0)
        for p in (
            "hs",
            "hs code",
            "hscode",
            "hs6",
            "hts",
            "hts code",
            "htsus",
            "tariff code",
            "tariff number",
            "tariff no",
            "commodity code",
            "customs code",
            "ncm",
            "schedule b",
            "schedule b number",
            "tn ved",
            "tnved",
            "тн вэд",
            "код тн вэд",
            "тн вэд еаэс",
            "код тн вэд еаэс",
            "код товара по тн вэд",
            "hs编码",
            "商品编码",
            "海关编码",
            "税则号",
            "税则号列",
            "cn code",
            "cn8",
            "harmonized code",
            "harmonised code",
            "harmonized system code",
        )
    ),
    *((p, "goods.quantity", 0) for p in ("quantity", "qty", "quantities", "количество", "кол во")),
    ("数量", "goods.quantity", 0),
    *(
        (p, "goods.unit", 0)
        for p in (
            "unit",
            "units",
            "uom",
            "unit of quantity",
            "unit of measure",
            "unit of measurement",
            "measure unit",
            "quantity unit",
            "qty unit",
            "std unit",
            "ед изм",
            "единица измерения",
            "ед",
            "单位",
            "计量单位",
            "数量单位",
        )
    ),
    *((p, "goods.value", 2) for p in _GENERIC_AMOUNT),
    *(
        (p, "goods.value", 0)
        for p in (
            "invoice value",
            "invoice amount",
            "line value",
            "line amount",
            "line total",
            "total value",
            "total price",
            "extended price",
            "goods value",
            "cargo value",
            "стоимость",
            "фактурная стоимость",
            "总价",
            "总金额",
            "货值",
        )
    ),
    *((p, "goods.currency", 0) for p in _GENERIC_CURRENCY),
    *(
        (p, "goods.currency", 0)
        for p in (
            "invoice currency",
            "foreign currency",
            "currency of invoice",
            "код валюты",
            "валюта контракта",
            "币制",
        )
    ),
    *(
        (p, "payment.currency", 0)
        for p in (
            "payment currency",
            "settlement currency",
            "transaction currency",
            "transfer currency",
            "instructed currency",
            "currency of payment",
            "валюта платежа",
            "付款币种",
            "结算币种",
        )
    ),
    *(
        (p, "payment.amount", 0)
        for p in (
            "payment amount",
            "settlement amount",
            "transaction amount",
            "transfer amount",
            "instructed amount",
            "interbank settlement amount",
            "amount paid",
            "paid amount",
            "amount of payment",
            "сумма платежа",
            "付款金额",
            "汇款金额",
        )
    ),
    *(
        (p, "route.origin", 0)
        for p in (
            "origin",
            "country of origin",
            "origin country",
            "made in",
            "coo",
            "country of manufacture",
            "manufacturing country",
            "страна происхождения",
            "原产国",
            "原产地",
        )
    ),
    *(
        (p, "route.origin", 1)
        for p in (
            "from country",
            "country from",
            "country of export",
            "export country",
            "exporting country",
            "country of exportation",
            "country of dispatch",
            "dispatch country",
            "country of consignment",
            "consignment country",
            "страна отправления",
            "страна экспорта",
            "启运国",
            "起运国",
            "出口国",
        )
    ),
    *(
        (p, "route.transit", 0)
        for p in (
            "transit",
            "transit country",
            "transit countries",
            "country of transit",
            "countries of transit",
            "via",
            "transshipment",
            "transhipment",
            "transshipment country",
            "transhipment country",
            "routing",
            "route via",
            "страна транзита",
            "страны транзита",
            "транзит",
            "转运国",
            "中转国",
        )
    ),
    *(
        (p, "route.destination", 0)
        for p in (
            "destination",
            "destination country",
            "country of destination",
            "to country",
            "country to",
            "ship to country",
            "deliver to country",
            "delivery country",
            "import country",
            "importing country",
            "country of import",
            "страна назначения",
            "目的国",
            "目的地国",
            "运抵国",
        )
    ),
    *(
        (p, "route.final_destination", 0)
        for p in (
            "final destination",
            "ultimate destination",
            "country of ultimate destination",
            "ultimate destination country",
            "final destination country",
            "country of final destination",
            "end use country",
            "country of end use",
            "конечный пункт назначения",
            "страна конечного назначения",
            "最终目的地",
            "最终目的国",
        )
    ),
    *(
        (p, "route.port_of_discharge", 0)
        for p in (
            "port of discharge",
            "pod",
            "discharge port",
            "destination port",
            "port of destination",
            "unloading port",
            "port of unloading",
            "port of maritime destination",
            "порт выгрузки",
            "порт назначения",
            "卸货港",
            "目的港",
        )
    ),
    *(
        (p, "reference", 0)
        for p in (
            "reference",
            "ref",
            "our reference",
            "your reference",
            "customer reference",
            "end to end id",
            "end to end reference",
            "uetr",
            "инвойс",
            "номер инвойса",
        )
    ),
    *(
        (p, "remarks", 0)
        for p in (
            "remarks",
            "remark",
            "comments",
            "comment",
            "notes",
            "note",
            "purpose",
            "purpose of payment",
            "payment purpose",
            "payment details",
            "details of payment",
            "remittance information",
            "remittance info",
            "remittance",
            "remittance details",
            "unstructured remittance information",
            "narrative",
            "narration",
            "description of payment",
            "payment description",
            "transaction description",
            "transaction details",
            "additional information",
            "additional info",
            "end use",
            "end use statement",
            "intended use",
            "intended end use",
            "sender to receiver information",
            "назначение платежа",
            "примечание",
            "примечания",
            "комментарий",
            "комментарии",
            "备注",
            "用途",
            "附言",
        )
    ),
    *(
        (p, "country", 0)
        for p in ("country", "ctry", "cntry", "nation", "страна", "国家", "国别", "国家地区")
    ),
    # The counterparty's country in vendor trade data (Kazakhstan's TRADING_COUNTRY_NAME).
    *((p, "country", 1) for p in ("trading country", "partner country", "counterparty country")),
)

_COUNTRY_WORDS = ("country", "ctry", "cntry", "nation", "стран*", "国家", "国别")
# Words that only qualify a country column: COUNTRY_ISO_CODE_2, ORIGIN_COUNTRY_NAME, код страны.
_COUNTRY_QUALIFIERS = (
    "name",
    "code",
    "iso",
    "alpha",
    "2",
    "3",
    "short",
    "cd",
    "код*",
    "наименован*",
)

_HS_ANCHORS = (
    "hs",
    "hts",
    "htsus",
    "hsn",
    "ncm",
    "taric",
    "tnved",
    "тнвэд",
    "hscode",
    "htscode",
    "hsncode",
    "harmonized",
    "harmonised",
)
_HS_FILLERS = (
    "code",
    "codes",
    "no",
    "number",
    "nr",
    "num",
    "item",
    "product",
    "goods",
    "tariff",
    "commodity",
    "classification",
    "system",
    "subheading",
    "heading",
    "тн",
    "вэд",
    "код*",
    "еаэс",
    "тс",
    "товар*",
    "по",
    "编码",
)
_DESCRIPTION_WORDS = ("description", "descr", "desc", "описани*", "描述", "text")
_PAYMENT_TEXT_WORDS = ("payment", "transaction", "remittance", "transfer", "платеж*")

_VALUE_WORDS = ("value", "amount", "total", "sum", "fob", "cif", "cfr", "cost", "worth")
_VALUE_WORDS_OTHER = ("стоимост*", "сумм*", "金额", "总价", "货值")
_VALUE_QUALIFIERS = (
    "invoice",
    "inv",
    "line",
    "cargo",
    "goods",
    "item",
    "customs",
    "declared",
    "statistical",
    "net",
    "extended",
    "in",
    "of",
    "the",
    "fc",
    "foreign",
    "currency",
    "local",
    "lc",
    "price",
    "trade",
    "transaction",
    "contract",
    "order",
    "shipment",
    "commercial",
    "таможенн*",
    "фактурн*",
    "статистическ*",
    "в",
    "валют*",
    "товар*",
)
_INVOICE_CURRENCY_MARKERS = ("fc", "foreign", "invoice", "inv", "currency", "валют*")
_NOT_VALUE = (
    "unit",
    "per",
    "rate",
    "freight",
    "insurance",
    "tax",
    "duty",
    "vat",
    "fee",
    "fees",
    "charge",
    "charges",
    "discount",
    "weight",
    "exchange",
)
_QUANTITY_WORDS = ("quantity", "qty", "quantities", "количеств*", "кол", "数量")
_UNIT_WORDS = ("unit", "units", "uom", "measure", "ед", "единиц*", "单位")
_DATE_WORDS = ("date", "дата", "日期")
_NOT_DATE = ("birth", "birthdate", "birthday", "dob", "рожд*", "expiry", "expiration", "due")
_REFERENCE_ANCHORS: tuple[tuple[str, int], ...] = (
    ("invoice", 0),
    ("inv", 0),
    ("transaction", 0),
    ("txn", 0),
    ("payment", 0),
    ("reference", 0),
    ("ref", 0),
    ("uetr", 0),
    ("инвойс*", 0),
    ("счет*", 0),
    ("发票", 0),
    ("declaration", 1),
    ("entry", 1),
    ("bl", 1),
    ("bol", 1),
    ("lading", 1),
    ("awb", 1),
    ("sb", 1),  # India: shipping bill
    ("декларац*", 1),
    ("дт", 1),
    ("报关单", 1),
    ("document", 2),
    ("doc", 2),
    ("contract", 2),
    ("order", 2),
    ("po", 2),
    ("shipment", 2),
    ("shipping", 2),
    ("контракт*", 2),
    ("договор*", 2),
    ("合同", 2),
)
_REFERENCE_FILLERS = (
    "no",
    "number",
    "nr",
    "num",
    "id",
    "of",
    "bill",
    "customs",
    "purchase",
    "our",
    "your",
    "message",
    "msg",
    "end",
    "to",
    "номер*",
    "号",
    "号码",
    "编号",
)
_REMARK_WORDS = (
    "remark*",
    "comment*",
    "note",
    "notes",
    "narrative",
    "purpose",
    "примечан*",
    "комментар*",
    "назначени*",
    "备注",
    "附言",
    "用途",
)
_IGNORED_FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("rate", "exchange", "курс"), "an exchange or unit rate, not a line value"),
    (("price", "цена", "单价"), "a unit price, not a line value"),
    (("weight", "tons", "tonnes", "kgs", "вес", "масса", "重量"), "a weight, not the quantity"),
    (("freight", "insurance", "фрахт", "страхов*"), "a freight or insurance charge"),
)
# Tokens that mark a payment file, in which "AMOUNT", "CURRENCY" and "RECEIVER" are the payment's.
_PAYMENT_MARKERS = (
    "payer",
    "payor",
    "remitter",
    "debtor",
    "creditor",
    "beneficiary",
    "payee",
    "iban",
    "swift",
    "bic",
    "remittance",
    "originator",
    "ordering",
    "плательщик*",
    "бенефициар*",
    "бик",
    "付款人",
    "收款人",
    "汇款人",
    "受益人",
)


# --- Classification -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Match:
    field: str | None = None
    rank: int = 0
    currency: str | None = None
    id_kind: str | None = None
    combined: bool = False
    ignored: str | None = None  # recognised, not used, and why
    orphan: str | None = None  # a bare attribute (address, part, id, bic, name) for a neighbour
    hs_prefix: int | None = None  # a derived HS prefix column with this many digits
    month_first: bool | None = None  # the day/month order the header declares

    @property
    def recognised(self) -> bool:
        return bool(self.field or self.ignored or self.orphan or self.hs_prefix)


_NONE = _Match()


@lru_cache(maxsize=1)
def _synonym_table() -> Mapping[str, _Match]:
    table: dict[str, _Match] = {}
    for phrase, name, rank in _SYNONYMS:
        key = " ".join(header_tokens(phrase)[0])
        table.setdefault(key, _Match(field=name, rank=rank))
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def _generic_keys() -> frozenset[str]:
    return frozenset(" ".join(header_tokens(p)[0]) for p in (*_GENERIC_AMOUNT, *_GENERIC_CURRENCY))


def _scan(
    tokens: tuple[str, ...], vocabulary: tuple[_Phrase, ...]
) -> tuple[list[_Phrase], list[str]]:
    """Phrases found left to right (longest first at each word) and the words left over."""
    found: list[_Phrase] = []
    left: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in vocabulary:
            n = len(phrase.words)
            if i + n <= len(tokens) and all(
                _word_matches(t, w) for t, w in zip(tokens[i : i + n], phrase.words, strict=True)
            ):
                found.append(phrase)
                i += n
                break
        else:
            left.append(tokens[i])
            i += 1
    return found, left


@lru_cache(maxsize=1)
def _party_vocabulary() -> tuple[_Phrase, ...]:
    cjk = [
        _Phrase((word,), tag[5:] if tag.startswith("attr:") else tag)
        for word, tag in _CJK_WORDS.items()
        if tag != "word"
    ]
    # CJK id tags carry their kind ("id:uscc"): split it out.
    cjk = [_Phrase(p.words, "id", p.tag[3:]) if p.tag.startswith("id:") else p for p in cjk]
    return tuple(
        sorted((*_ROLE_WORDS, *_ATTRIBUTE_WORDS, *_NOISE_WORDS, *cjk), key=lambda p: -len(p.words))
    )


_ATTRIBUTE_TAGS = frozenset(
    {"name", "country", "address", "part", "id", "bic", "birth_date", "nationality"}
)
# Attributes only a person has: a bare column of one with no party beside it is the only party's.
_PERSON_ATTRIBUTES = ("birth_date", "nationality")


def _strip_country_qualifiers(tokens: tuple[str, ...]) -> tuple[str, ...]:
    if not _any(tokens, _COUNTRY_WORDS):
        return tokens
    kept = tuple(t for t in tokens if not _any((t,), _COUNTRY_QUALIFIERS))
    return kept or tokens


def _currency_token(token: str) -> str | None:
    # A three-letter ISO 4217 code inside a value header ("FOB USD", "CUSTOMS_VALUE_KZT"); English
    # words that happen to be codes (ALL, TOP, CUP, MOP, BAM, STD) are not currencies here.
    if len(token) != 3 or token in {"all", "top", "cup", "mop", "bam", "std"}:
        return None
    code = to_currency(token) if token.isalpha() and token.isascii() else None
    return code if code and (code in iso_codes() or code == "CNH") else None


def _hs_family(tokens: tuple[str, ...]) -> _Match | None:
    if not _any(tokens, _HS_ANCHORS) and not ("тн" in tokens and "вэд" in tokens):
        return None
    digits = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if _any(words, _DESCRIPTION_WORDS):
        # HS_CODE_DESCRIPTION is the tariff heading's text, not what the goods are.
        return _Match(field="goods.description", rank=5)
    if not _all(words, (*_HS_ANCHORS, *_HS_FILLERS)):
        return None
    if digits:
        return _Match(hs_prefix=int(digits[-1]))
    return _Match(field="goods.hs_code")


def _party(phrases: list[_Phrase], left: list[str], payment: bool) -> _Match:
    roles = [p.tag for p in phrases if p.tag in PARTY_ROLES and p.tag != "bank"]
    roles += [p.tag for p in phrases if p.tag == "receiver"]
    sides = [p.tag for p in phrases if p.tag.startswith("side:")]
    bank = any(p.tag == "bank" for p in phrases)
    attributes = [p for p in phrases if p.tag in _ATTRIBUTE_TAGS]
    if left:
        # "Customer Reference", "Supplier Invoice No", "Shipper Date": the role only qualifies
        # another field. Anything else ("BUYER_PHONE") is not a field screener uses.
        other = _families(tuple(left), payment)
        if other is not None and other.field:
            return other
        return _NONE
    role = _resolve_role(roles, sides, bank, payment)
    if role is None:
        return _NONE
    tags = {p.tag for p in attributes}
    for attribute in _PERSON_ATTRIBUTES:
        # Before country: "Country of Citizenship" is a nationality.
        if attribute in tags:
            return _Match(field=f"{role}.{attribute}")
    if "bic" in tags:
        return _Match(field=f"{_bank_of(role)}.bic", id_kind="bic")
    if "country" in tags:
        return _Match(field=f"{role}.country")
    if "name" in tags and ("address" in tags or "part" in tags):
        return _Match(field=f"{role}.name", combined=True)
    if "address" in tags:
        return _Match(field=f"{role}.address")
    if "part" in tags:
        return _Match(field=f"{role}.address", rank=3)
    if "id" in tags:
        kind = next((p.kind for p in attributes if p.kind), None)
        return _Match(field=f"{role}.id", id_kind=kind)
    return _Match(field=f"{role}.name")


def _resolve_role(roles: list[str], sides: list[str], bank: bool, payment: bool) -> str | None:
    if bank or (sides and not roles):
        side = sides[0][5:] if sides else None
        if side is None and roles:
            side = {"payer": "payer", "buyer": "payer", "beneficiary": "beneficiary"}.get(
                roles[0], "beneficiary" if roles[0] in ("seller", "receiver") else None
            )
        if roles and roles[0] in BANK_ROLES:
            return roles[0]
        return {
            "payer": "payer_bank",
            "beneficiary": "beneficiary_bank",
            "intermediary": "intermediary_bank",
        }.get(side or "", "bank" if bank else None)
    if not roles:
        return None
    role = roles[0]
    if role == "receiver":
        return "beneficiary" if payment else "consignee"
    return role


def _bank_of(role: str) -> str:
    """The bank whose BIC a "<role> BIC" column gives: a payer's BIC is the payer's bank's."""
    if role in BANK_ROLES:
        return role
    return {"payer": "payer_bank", "buyer": "payer_bank", "beneficiary": "beneficiary_bank"}.get(
        role, "beneficiary_bank" if role == "seller" else "bank"
    )


def _families(tokens: tuple[str, ...], payment: bool) -> _Match | None:
    """Goods, payment and reference headers recognised by their words rather than verbatim."""
    key = " ".join(tokens)
    exact = _synonym_table().get(key)
    if exact is not None:
        return _payment_switch(exact, key, payment)
    if _any(tokens, (*_VALUE_WORDS, *_VALUE_WORDS_OTHER)) and not _any(tokens, _NOT_VALUE):
        currencies = [c for c in (_currency_token(t) for t in tokens) if c]
        rest = [t for t in tokens if not _currency_token(t)]
        if _all(rest, (*_VALUE_WORDS, *_VALUE_WORDS_OTHER, *_VALUE_QUALIFIERS)):
            if currencies:
                rank = 1 if currencies[0] == "USD" else 3
            elif _any(rest, _INVOICE_CURRENCY_MARKERS):
                rank = 0  # in the currency the CURRENCY column gives
            else:
                rank = 2
            name = "payment.amount" if payment else "goods.value"
            return _Match(field=name, rank=rank, currency=currencies[0] if currencies else None)
    if _any(tokens, _QUANTITY_WORDS) and not _any(tokens, _UNIT_WORDS):
        return _Match(field="goods.quantity", rank=1)
    if _any(tokens, _DATE_WORDS) and not _any(tokens, _NOT_DATE):
        return _Match(field="date", rank=1)
    if _any(tokens, _DESCRIPTION_WORDS):
        if _any(tokens, _PAYMENT_TEXT_WORDS):
            return _Match(field="remarks", rank=1)
        return _Match(field="goods.description", rank=1)
    anchors = [rank for word, rank in _REFERENCE_ANCHORS if _any(tokens, (word,))]
    if anchors and _all(tokens, (*(w for w, _ in _REFERENCE_ANCHORS), *_REFERENCE_FILLERS)):
        return _Match(field="reference", rank=min(anchors))
    if tokens == ("id",):
        return _Match(field="reference", rank=3)
    if _any(tokens, _REMARK_WORDS):
        return _Match(field="remarks", rank=1)
    for words, reason in _IGNORED_FAMILIES:
        if _any(tokens, words):
            return _Match(ignored=reason)
    return None


def _payment_switch(match: _Match, key: str, payment: bool) -> _Match:
    # In a payment file a bare AMOUNT or CURRENCY column is the payment's, not a goods line's.
    if payment and key in _generic_keys():
        if match.field == "goods.value":
            return replace(match, field="payment.amount")
        if match.field == "goods.currency":
            return replace(match, field="payment.currency")
    return match


@lru_cache(maxsize=16384)
def _classify(header: str, payment: bool) -> tuple[_Match, bool]:
    """What one header is (before neighbours and overrides), and whether it is an alternate."""
    tokens, alternate = header_tokens(_DUPLICATE_SUFFIX.sub("", header.strip()))
    tokens, month_first = _date_format(tokens)
    match = _classify_tokens(tokens, payment)
    if not match.recognised and len(tokens) > 1 and tokens[-1].isdigit() and len(tokens[-1]) <= 2:
        # Numbered repeats of a column: "Address 2", "Transit 2", "Remarks 3".
        match = _classify_tokens(tokens[:-1], payment)
    if month_first is not None and match.recognised:
        match = replace(match, month_first=month_first)
    return match, alternate


# The parts of a date format written in a header ("DOB (MM/DD/YYYY)", "ДД.ММ.ГГГГ", "d/m/y",
# whose single letters header_tokens joins into "dmy"), by the letter each part is written with.
_DATE_FORMAT_PART = re.compile(
    r"^(?:d{1,2}|m{1,3}|y{2,4}|д{1,2}|м{1,2}|г{2,4}|[dmy]{2,3}|[дмг]{2,3})$"
)
_DATE_PART_KIND = {"d": "d", "д": "d", "m": "m", "м": "m", "y": "y", "г": "y"}


def _date_format(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], bool | None]:
    """A header without the date format at its end, and whether that format puts month first.

    "DOB MM DD YYYY" -> ("dob",), True; "Date of birth DD MM YYYY" -> (...), False. A format must
    have at least two different parts and leave a word before it; year first (YYYY-MM-DD) says
    nothing about how a day-month-year date is written, so it gives None.
    """
    start = len(tokens)
    while start > 1 and _DATE_FORMAT_PART.match(tokens[start - 1]):
        start -= 1
    run = tokens[start:]
    if not run:
        return tokens, None
    parts: list[str] = []
    for token in run:
        joined = len(set(token)) > 1  # "dmy", "md": initials joined by header_tokens
        for kind in (_DATE_PART_KIND[ch] for ch in (token if joined else token[0])):
            if kind in parts:
                return tokens, None
            parts.append(kind)
    if len(parts) < 2:
        return tokens, None
    order = None
    if "d" in parts and "m" in parts and parts[0] != "y":
        order = parts.index("m") < parts.index("d")
    return tokens[:start], order


def _classify_tokens(tokens: tuple[str, ...], payment: bool) -> _Match:
    if not tokens:
        return _NONE
    key = " ".join(tokens)
    exact = _synonym_table().get(key)
    if exact is not None:
        return _payment_switch(exact, key, payment)
    stripped = _strip_country_qualifiers(tokens)
    exact = _synonym_table().get(" ".join(stripped))
    if exact is not None:
        return _payment_switch(exact, " ".join(stripped), payment)
    hs = _hs_family(_segment(tokens))
    if hs is not None:
        return hs
    words = _segment(stripped)
    phrases, left = _scan(words, _party_vocabulary())
    phrases = [p for p in phrases if p.tag != "noise"]
    if any(p.tag not in _ATTRIBUTE_TAGS for p in phrases):
        return _party(phrases, left, payment)
    family = _families(words, payment)
    if family is not None:
        return family
    if phrases and not left:
        return _orphan(phrases)
    return _NONE


def _orphan(phrases: list[_Phrase]) -> _Match:
    tags = [p.tag for p in phrases]
    for attribute in _PERSON_ATTRIBUTES:
        if attribute in tags:
            return _Match(orphan=attribute)
    if "bic" in tags:
        return _Match(orphan="bic", id_kind="bic")
    if "name" in tags and ("address" in tags or "part" in tags):
        return _Match(orphan="name", combined=True)
    for tag in ("address", "part", "name"):
        if tag in tags:
            return _Match(orphan=tag)
    ids = [p for p in phrases if p.tag == "id"]
    if ids and not all(p.words[0] in _GENERIC_ID_WORDS for p in ids):
        return _Match(orphan="id", id_kind=next((p.kind for p in ids if p.kind), None))
    return _NONE


def _is_payment_file(headers: Sequence[str]) -> bool:
    for header in headers:
        tokens = _segment(header_tokens(header)[0])
        if _any(tokens, _PAYMENT_MARKERS):
            return True
    return False


# --- Public API ---------------------------------------------------------------------------------


def score_headers(headers: Sequence[str]) -> int:
    """How many of `headers` screener recognises: the header row is the row that scores best."""
    payment = _is_payment_file(headers)
    return sum(1 for h in headers if h and h.strip() and _classify(h, payment)[0].recognised)


def recognise(
    headers: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    *,
    source: str = "",
    require: bool = True,
) -> ColumnMap:
    """Which columns feed which fields.

    `overrides` maps a field to a column (`--map FIELD=COLUMN`, the column matched ignoring case and
    punctuation); it replaces recognition for that field, takes the column away from any other
    field, and an empty column switches the field off. With `require`, a file in which neither a
    party name nor a goods description or HS code is found is an InputDataError that lists the
    headers and says how to map them.
    """
    headers = tuple(headers)
    payment = _is_payment_file(headers)
    found = [_classify(h, payment) for h in headers]
    matches = [m for m, _ in found]
    notes: dict[int, str] = {}
    _attach_orphans(headers, matches, notes)
    ignored: dict[str, str] = {}
    _resolve_hs_prefixes(headers, matches, ignored)

    columns: dict[str, Column] = {}
    for i, (header, (_, alternate)) in enumerate(zip(headers, found, strict=True)):
        match = matches[i]
        note = notes.get(i, "")
        if match.ignored:
            ignored[header] = match.ignored
            note = match.ignored
        elif header in ignored:
            note = ignored[header]
        columns[header] = Column(
            header=header,
            field=match.field,
            alternate=alternate,
            rank=match.rank,
            currency=match.currency,
            id_kind=match.id_kind,
            combined=match.combined,
            note=note,
            month_first=match.month_first,
        )

    overridden: set[str] = set()
    for name, column in (overrides or {}).items():
        target = _check_field(name)
        overridden.add(target)
        for header, info in columns.items():
            if info.field == target:
                columns[header] = replace(info, field=None, note=f"replaced by --map {target}")
        if not column.strip():
            continue
        header = _find_header(headers, column, source)
        ignored.pop(header, None)
        columns[header] = replace(columns[header], field=target, note=f"--map {target}")

    fields: dict[str, list[tuple[int, int, int, str]]] = {}
    for position, header in enumerate(headers):
        info = columns[header]
        if info.field:
            fields.setdefault(info.field, []).append(
                (info.rank, int(info.alternate), position, header)
            )
    ordered = {name: tuple(h for *_, h in sorted(cols)) for name, cols in fields.items()}
    unrecognised = tuple(h for h in headers if not columns[h].field and h not in ignored)
    result = ColumnMap(
        headers=headers,
        fields=MappingProxyType(ordered),
        unrecognised=unrecognised,
        overridden=frozenset(overridden),
        columns=MappingProxyType(columns),
        ignored=MappingProxyType(ignored),
        source=source,
    )
    if require:
        _require_something(result, source)
    return result


def _attach_orphans(headers: tuple[str, ...], matches: list[_Match], notes: dict[int, str]) -> None:
    """Gives a bare ADDRESS / CITY / IEC / SWIFT / DOB column to the party of the column beside it.

    The left neighbour is tried first and chains (EXPORTER, ADDRESS, CITY, PIN), then the right
    one (IEC, EXPORTER). A bare BIC with no party beside it is a bare bank's; a bare DOB or
    NATIONALITY with no party beside it is the only non-bank party's, and is ignored (with the
    reason) when the file has several.
    """

    def role_at(j: int) -> str | None:
        if 0 <= j < len(matches):
            name = matches[j].field
            if name and name.split(".")[0] in PARTY_ROLES:
                return name.split(".")[0]
        return None

    def attach(i: int, role: str) -> None:
        match = matches[i]
        attribute = match.orphan or ""
        if attribute == "bic":
            name, rank = f"{_bank_of(role)}.bic", 0
        elif attribute == "part":
            name, rank = f"{role}.address", 3
        else:
            name, rank = f"{role}.{attribute}", 1
        matches[i] = replace(match, field=name, rank=rank, orphan=None)
        notes[i] = f"{headers[i]!r} taken as {name}: it stands beside a {role} column"

    for order in (range(len(matches)), range(len(matches) - 1, -1, -1)):
        step = -1 if order.step == 1 else 1
        for i in order:
            if matches[i].orphan:
                role = role_at(i + step)
                if role in BANK_ROLES and matches[i].orphan in _PERSON_ATTRIBUTES:
                    continue  # a bank has no date of birth: the DOB is a person's further on
                if role:
                    attach(i, role)
    for i, match in enumerate(matches):
        if match.orphan == "bic":
            matches[i] = replace(match, field="bank.bic", orphan=None)
    people = {
        m.field.split(".")[0]
        for m in matches
        if m.field and m.field.endswith(".name") and m.field.split(".")[0] not in BANK_ROLES
    }
    for i, match in enumerate(matches):
        if match.orphan not in _PERSON_ATTRIBUTES:
            continue
        if len(people) == 1:
            attach(i, next(iter(people)))
            notes[i] = f"{headers[i]!r} taken as {matches[i].field}: the file's only party"
        else:
            what = "date of birth" if match.orphan == "birth_date" else "nationality"
            whose = f"{len(people)} parties" if people else "no party"
            matches[i] = replace(
                match,
                orphan=None,
                ignored=f"a {what} with no party beside it and {whose} in the file: say whose "
                f"with --map ROLE.{match.orphan}=COLUMN",
            )


def _resolve_hs_prefixes(
    headers: tuple[str, ...], matches: list[_Match], ignored: dict[str, str]
) -> None:
    """HS_CODE_2 / HS_CODE_4 are prefixes derived from HS_CODE: ignored when the full code is there.

    Without a full-code column the longest prefix column of 4 or more digits is the HS code.
    """
    prefixes = [(m.hs_prefix, i) for i, m in enumerate(matches) if m.hs_prefix is not None]
    if not prefixes:
        return
    has_full = any(m.field == "goods.hs_code" for m in matches)
    best = max(prefixes)[1] if not has_full and max(prefixes)[0] >= 4 else None
    for digits, i in prefixes:
        if i == best:
            matches[i] = replace(matches[i], field="goods.hs_code", hs_prefix=None)
        else:
            reason = (
                f"a derived {digits}-digit HS prefix column"
                if has_full or digits >= 4
                else f"an HS chapter ({digits} digits), too short to screen"
            )
            ignored[headers[i]] = reason
            matches[i] = replace(matches[i], hs_prefix=None, ignored=reason)


def _check_field(name: str) -> str:
    key = name.strip().casefold()
    if key not in FIELDS:
        # The catalogue has over a hundred fields: name the closest ones, not all of them.
        close = difflib.get_close_matches(key, list(FIELDS), n=3, cutoff=0.6)
        roles = [r for r in PARTY_ROLES if f"{r}.name" in FIELDS]
        hint = (f"did you mean {' or '.join(close)}? " if close else "") + (
            "fields are ROLE.name|country|address|id|bic|birth_date|nationality for ROLE in "
            f"{', '.join(roles)}, or the goods., route., payment. fields and reference, date, "
            "remarks, country: `screener columns FILE` lists them"
        )
        raise UsageError(f"unknown field {name!r} in --map", field=name, hint=hint)
    return key


def _find_header(headers: tuple[str, ...], column: str, source: str) -> str:
    for candidates in (
        [h for h in headers if h == column],
        [h for h in headers if h.strip().casefold() == column.strip().casefold()],
        [h for h in headers if header_key(h) == header_key(column)],
    ):
        if candidates:
            return candidates[0]
    raise UsageError(
        f"no column {column!r} in the input",
        file=source or None,
        field=column,
        hint="the headers are: " + ", ".join(headers),
    )


def _require_something(columns: ColumnMap, source: str) -> None:
    fields = columns.fields
    has_party = any(fields.get(f"{role}.name") for role in PARTY_ROLES) or any(
        fields.get(f"{role}.bic") for role in BANK_ROLES
    )
    has_goods = bool(fields.get("goods.description") or fields.get("goods.hs_code"))
    if has_party or has_goods:
        return
    shown = ", ".join(repr(h) for h in columns.headers[:40])
    if len(columns.headers) > 40:
        shown += f" and {len(columns.headers) - 40} more"
    raise InputDataError(
        f"no party name, goods description or HS code column recognised among the headers {shown}",
        file=source or None,
        hint=(
            "name the columns with --map, e.g. --map buyer.name=COLUMN or "
            "--map goods.description=COLUMN (`screener columns` lists the fields)"
        ),
    )
