"""Parsers for the UK lists: the FCDO UK Sanctions List (CSV, XML) and the closed OFSI list.

Two publications, one designation model:

* **uk-fcdo**, the FCDO "UK Sanctions List", the only UK source since OFSI closed its Consolidated
  List on 28 January 2026. The CSV has a `Report Date: 13-Feb-2026` line, then a 58-column header
  (`Last Updated, Unique ID, OFSI Group ID, UN Reference Number, Name 6, Name 1 ... Name 5, Name
  type, Alias strength, ...`) and one row per name, grouped by `Unique ID`; a cell holding several
  values joins them with `|` (`Sanctions Imposed` = `Asset freeze|Travel Ban`). The XML has a
  `<Designations>` root with one `<Designation>` per person, entity or ship (schema
  SanctionsListSchema-4.x, published at https://www.gov.uk/government/publications/the-uk-sanctions-list).
* **uk-ofsi**, the OFSI Consolidated List in its "2022 format" (ConList.csv / ConList.xlsx): a
  `Last Updated` row, a 36-column header and one row per name grouped by `Group ID`, with
  multi-valued cells written `(1) ... (2) ...` and facts embedded in `Other Information` as
  `(Key):value` pairs (OFSI's 2022 format guide; the list data's SOURCES.md, "OFSI ConList").

Both lists write companies' registration and tax numbers as free text ("(1) INN: 7708... (2) OGRN:
1027..."); `identifiers_in_text` turns such text into typed identifiers, for the EU parser too.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pycountry

from screener.countries import to_iso2, to_iso2_many
from screener.errors import ListError
from screener.lists import read_list_text
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry, Identifier, Relation
from screener.normalize import detect_script

FCDO_HOMEPAGE = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
FCDO_CSV_URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
FCDO_XML_URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
OFSI_HOMEPAGE = (
    "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"
)
# Where OFSI served the 2022-format files until the list closed (28 January 2026); kept for the
# record in the source notes, not fetched.
OFSI_RETIRED_URL = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"

FCDO_CSV = "UK-Sanctions-List.csv"
FCDO_XML = "UK-Sanctions-List.xml"
OFSI_CSV = "ConList.csv"
OFSI_XLSX = "ConList.xlsx"

# Notes keep the list's own remarks short enough for one report line; the full text stays in the
# list file. 600 characters hold the typical OFSI "Other Information" paragraph (median ~300).
NOTE_LIMIT = 600

# --- Small text helpers shared by the UK and EU parsers ------------------------------------------


def clean(text: object) -> str:
    """A cell as text with runs of whitespace (double spaces, line breaks) collapsed."""
    if type(text) is str:  # nearly every cell: the fast path first
        return " ".join(text.split())
    if text is None:
        return ""
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return text.isoformat()
    return " ".join(str(text).split())


def short_note(parts: Iterable[str], limit: int = NOTE_LIMIT) -> str | None:
    """Distinct non-empty remarks joined with " | ", cut at a word boundary to `limit` chars."""
    seen: list[str] = []
    keys: set[str] = set()
    for part in parts:
        part = clean(part)
        key = part.rstrip(" .").casefold()
        if key and key not in keys:
            keys.add(key)
            seen.append(part)
    text = " | ".join(seen)
    if not text:
        return None
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;.|") + " …"


# ISO 15924 codes by the first word of a letter's Unicode name, for the scripts the lists use.
_SCRIPT_BY_UNICODE_NAME: Mapping[str, str] = {
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GEORGIAN": "Geor",
    "HEBREW": "Hebr",
    "HANGUL": "Hang",
    "THAI": "Thai",
    "GREEK": "Grek",
    "MYANMAR": "Mymr",
    "ARMENIAN": "Armn",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "LATIN": "Latn",
}


def script_of(text: str) -> str | None:
    """The ISO 15924 code of the script `text` is written in, when it is written in one."""
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else None
    script = detect_script(text)
    if script is not None:
        return script
    found: set[str] = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("CJK"):
                found.add("Hani")
            else:
                found.add(_SCRIPT_BY_UNICODE_NAME.get(name.split(" ", 1)[0], "other"))
    if len(found) == 1 and "other" not in found:
        return found.pop()
    return None


# Language names the UK list writes in "Non-latin script language" that pycountry does not know
# under that spelling (seen in the 2025-04-10 ConList: "Persian/Farsi", "Russia", "Ukraine").
_LANGUAGE_ALIASES: Mapping[str, str] = {
    "persian/farsi": "fa",
    "farsi": "fa",
    "russia": "ru",
    "ukraine": "uk",
    "chinese": "zh",
    "mandarin": "zh",
}


@lru_cache(maxsize=256)
def language_code(name: str | None) -> str | None:
    """An ISO 639-1 code (or 639-3 where there is none) for a language name or code as written."""
    if not name:
        return None
    text = name.strip()
    if not text:
        return None
    alias = _LANGUAGE_ALIASES.get(text.lower())
    if alias:
        return alias
    try:
        lang = pycountry.languages.lookup(text)
    except LookupError:
        return None
    code = getattr(lang, "alpha_2", None) or getattr(lang, "alpha_3", None)
    return str(code).lower() if code else None


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_DMY = re.compile(r"^(\w{1,2})[/.\-](\w{1,2})[/.\-](\d{4})$")
_MY = re.compile(r"^(\w{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_D_MON_Y = re.compile(r"^(\d{1,2})[\s\-.]+([A-Za-z]{3})[A-Za-z]*\.?[\s\-.]+(\d{4})$")


def _partial(year: int, month: int | None, day: int | None) -> str | None:
    """ISO text for a date that may lack its day or month; an impossible part is dropped."""
    if not 1000 <= year <= 2999:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _number(part: str) -> int | None:
    """A day or month as the lists write it; "dd", "mm", "00" and "xx" mean unknown."""
    return int(part) if part.isdigit() and int(part) > 0 else None


def iso_date(text: object) -> str | None:
    """An ISO date ("1957-04-02", "1957-04" or "1957") from the ways the UK and EU lists write one.

    Accepts dd/mm/yyyy (with `00`, `dd` or `mm` for an unknown day or month, as OFSI and FCDO
    write them), mm/yyyy, yyyy, ISO dates and timestamps, and "13-Feb-2026" / "13 Feb 2026".
    """
    if isinstance(text, datetime):
        return text.date().isoformat()
    if isinstance(text, date):
        return text.isoformat()
    value = clean(text)
    if not value:
        return None
    if m := _ISO.match(value):
        return _partial(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _DMY.match(value):
        return _partial(int(m[3]), _number(m[2]), _number(m[1]))
    if m := _MY.match(value):
        return _partial(int(m[2]), _number(m[1]), None)
    if m := _D_MON_Y.match(value):
        month = _MONTHS.get(m[2].lower())
        return _partial(int(m[3]), month, int(m[1])) if month else None
    if value.isdigit() and len(value) == 4:
        return _partial(int(value), None, None)
    return None


# --- Identifiers in free text --------------------------------------------------------------------


def inn_valid(value: str) -> bool:
    """Whether `value` is a Russian INN with valid check digits (10 digits: companies; 12: people).

    The weights are those of the INN control-digit rule the Federal Tax Service publishes with
    the INN structure (Order of the Ministry of Taxes No. BG-3-09/178 of 3 March 2004).
    """
    if not value.isdigit() or len(value) not in (10, 12):
        return False
    digits = [int(c) for c in value]

    def check(weights: Sequence[int]) -> int:
        return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10

    if len(digits) == 10:
        return check((2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[9]
    return (
        check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[10]
        and check((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[11]
    )


def ogrn_valid(value: str) -> bool:
    """Whether `value` is a Russian OGRN (13 digits) or OGRNIP (15 digits) with a valid check digit.

    The check digit is the remainder of the leading digits divided by 11 (OGRN) or 13 (OGRNIP),
    taken mod 10, as the Federal Tax Service describes the state registration number.
    """
    if not value.isdigit():
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(value: str) -> bool:
    """Whether `value` is a Chinese Unified Social Credit Code with a valid check character.

    18 characters from a 31-symbol alphabet; the check character follows GB 32100-2015.
    """
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value, _USCC_WEIGHTS, strict=False))
    return _USCC_CHARS[(31 - total % 31) % 31] == value[17]


def lei_valid(value: str) -> bool:
    """Whether `value` is a Legal Entity Identifier: 20 chars, ISO 7064 MOD 97-10 (ISO 17442)."""
    if len(value) != 20 or not value.isalnum() or not value.isascii():
        return False
    return int("".join(str(int(c, 36)) for c in value.upper())) % 97 == 1


_BIC = re.compile(r"\b([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")
_IMO = re.compile(r"(?:IMO\s*)?(\d{7})\b")

# Labels the lists put before an identifier, longest first within a kind, mapped to a base kind
# that `refine_identifier` may sharpen by the value's shape. Wordings are those of the OFSI
# ConList "Business Reg No" and "Other Information" cells and of EU FSF identification remarks.
_LABELS: tuple[tuple[str, str], ...] = (
    ("vat", r"VAT(?:\s+Tax)?(?:\s+(?:Number|No\.?|ID))?"),
    ("inn", r"Russia(?:n)?\s+(?:INN|TIN)(?:\s+number)?|УНН\s*/\s*ИНН|ИНН|INN"),
    (
        "tax",
        r"Tax(?:payer)?\s+Identification\s+(?:Number|No\.?)"
        r"|Tax(?:payer)?\s+ID(?:\s+(?:Number|No\.?))?|Tax\s+(?:Number|No\.?)"
        r"|Belarusian\s+tax\s+number|Fiscal\s+code|TIN(?:\s+number)?|UNP|УНП",
    ),
    (
        "ogrn",
        r"(?:Primary\s+)?State\s+Registration\s+Number|OGRNIP|OGRN|PSRN|SRN|ОГРН",
    ),
    ("kpp", r"KPP|КПП"),
    ("uscc", r"Unified\s+Social\s+Credit\s+Code|USCC"),
    ("lei", r"Legal\s+Entity\s+(?:Identifier|Number)|LEI"),
    ("bic", r"SWIFT\s*/\s*BIC|SWIFT\s*/\s*BIN|SWIFT(?:\s+code)?|BIC"),
    ("imo", r"IMO(?:\s+(?:number|No\.?))?"),
    (
        "other",
        r"OKPO|OKTMO|SPARK\s+code|BIK|Government\s+Gazette\s+Number|Licen[cs]e\s+(?:number|No\.?)"
        r"|China\s+Organisation\s+code|ICP",
    ),
    (
        "reg",
        r"(?:Business|Company|Commercial|Trade)\s+Regist(?:ration|er|ry)\s+(?:Number|No\.?)"
        r"|Business\s+Identification\s+Number|Commercial\s+register\s+number"
        r"|Trade\s+register\s+number|Registration\s+(?:Number|No\.?)|Reg(?:istration)?\.?\s+No\.?"
        r"|Company\s+(?:no\.?|number)|USREOU\s+code|EDRPOU|UEN(?:\s+ID)?"
        r"|CR\s+(?:No\.?|Number)|BR\s+(?:No\.?|Number)|CRN|BRN|BIN|CR|BR",
    ),
)
# Labels stand as words of their own ("6440020175SRN" holds no label). The INN, KPP, IMO and
# SWIFT/BIC groups are case-sensitive; in the others, acronyms must still be written in capitals
# (`_label_kind`), so that "in", "br" or "tin" in prose never count.
_LABEL_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        f"(?P<{kind}>{pattern})"
        if kind in ("inn", "kpp", "imo", "bic")
        else f"(?P<{kind}>(?i:{pattern}))"
        for kind, pattern in _LABELS
    )
    + r")(?!\w)"
)
# Acronyms in the case-insensitive groups that must still be upper case in the text.
_UPPER_ONLY = frozenset(
    {"TIN", "UNP", "SRN", "PSRN", "OGRN", "OGRNIP", "USCC", "LEI", "BIN", "CR", "BR", "CRN", "BRN",
     "UEN", "ICP", "BIK", "VAT", "OKPO", "OKTMO"}
)  # fmt: skip
# A value: optional letter prefix ("RU", "HRB", "OC"), then digit groups joined by spaces, dashes,
# dots or slashes, each group holding a digit ("1 149 102 007 933", "257/120/19983").
_VALUE = re.compile(
    r"(?<![\w])(?:[A-Z]{1,4}[ \-/]?)?\d[0-9A-Z]*(?:[ \-/.](?=[0-9A-Z]*\d)[0-9A-Z]+)*"
)
_SEGMENT_SPLIT = re.compile(r"\(\d{1,2}\)|;|\n|·|\s{2,}|\.\s+(?=[A-Z(])")
# Dates written beside registration numbers ("1067746244026 dated 27/07/1992") are not numbers.
_DATE_IN_TEXT = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")
_ANNOTATION = re.compile(r"\([^()]*\)")
_DIGITS_ONLY_KINDS = frozenset({"inn", "ogrn", "kpp", "imo"})


def clean_identifier(kind: str, value: str) -> str:
    """An identifier value as stored: spaces removed where the number has none (INN, IMO...)."""
    value = clean(value).strip(" .,;:-–")
    if kind in _DIGITS_ONLY_KINDS:
        return re.sub(r"\D", "", value) or value
    if kind in ("uscc", "lei", "bic", "vat"):
        return re.sub(r"\s+", "", value).upper()
    if kind in ("passport", "national_id"):
        return re.sub(r"\s+", "", value)
    if kind == "website":
        return value.rstrip("/")
    if kind == "email":
        return value.lower()
    if re.fullmatch(r"[\d ]+", value):
        return value.replace(" ", "")
    return value


def _bic(text: str) -> str | None:
    """The first SWIFT/BIC in `text` whose letters 5-6 are a country code (ISO 9362)."""
    for m in _BIC.finditer(text):
        code = m.group(1)
        if code[4:6] == "XK" or pycountry.countries.get(alpha_2=code[4:6]) is not None:
            return code
    return None


def refine_identifier(base: str, value: str, *, russian: bool) -> tuple[str, str] | None:
    """The identifier kind and clean value for a `value` the list labelled `base`.

    The label says what the list calls the number; the value's shape and check digits say what
    it is: a "TIN" of 10 or 12 digits with valid INN check digits is an INN, an 18-character code
    with a valid GB 32100 check character is a USCC whatever it is labelled. Unlabelled numbers
    (`base` "") are typed only by check digits, and as INN/OGRN only in a Russian context.
    """
    raw = clean(value)
    compact = re.sub(r"[\s\-./]", "", raw).upper()
    if base == "bic":
        code = _bic(raw) or (_bic(raw.upper()) if " " not in raw else None)
        return ("bic", code) if code else None
    if not compact or not any(c.isdigit() for c in compact):
        return None
    if base == "imo":
        m = _IMO.search(compact)
        return ("imo", m.group(1)) if m else None
    if uscc_valid(compact):
        return "uscc", compact
    if lei_valid(compact):
        return "lei", compact
    if base == "kpp":
        return "kpp", compact
    if base == "vat":
        return "vat", compact
    digits = compact if compact.isdigit() else ""
    if base in ("inn", "tax"):
        # An INN has 10 or 12 digits; a 9-digit "УНН/ИНН" is a Belarusian UNP, a tax number.
        if digits and (inn_valid(digits) or (base == "inn" and len(digits) in (10, 12))):
            return "inn", digits
        return "tax_id", clean_identifier("tax_id", raw)
    if base == "ogrn":
        return "ogrn", digits or compact
    if base == "other":
        return "other", clean_identifier("other", raw)
    # "reg" and unlabelled numbers: one number in ten passes a check digit by chance, so the
    # Russian kinds are given only to numbers of Russian entries.
    if digits and russian and ogrn_valid(digits):
        return "ogrn", digits
    if digits and russian and inn_valid(digits):
        return "inn", digits
    if russian and re.fullmatch(r"\d{4}01001", digits):
        # A KPP is a 4-digit tax office, a 2-digit reason code and a 3-digit sequence (Federal
        # Tax Service); a company's KPP at its seat reads NNNN01001, as every unlabelled KPP in
        # the 2025-04-10 OFSI list does.
        return "kpp", digits
    return "reg", clean_identifier("reg", raw)


def _label_kind(match: re.Match[str]) -> str | None:
    kind = match.lastgroup
    if kind is None:
        return None
    # A case-insensitive group matched an acronym written in lower or mixed case ("br", "Tin
    # number"): a word of the prose, not a label.
    word = re.match(r"[A-Za-z]+", match.group(0))
    if word and word.group(0).upper() in _UPPER_ONLY and not word.group(0).isupper():
        return None
    return kind


def _unbracket(m: re.Match[str]) -> str:
    """A parenthesised remark blanked ("(Russia)", "(BVI)"), or unbracketed if it is a label.

    Offsets are kept, so that values found later can be told apart from those already taken.
    """
    inner = m.group(0)[1:-1]
    label = _LABEL_RE.fullmatch(inner.strip())
    if label and _label_kind(label):
        return f" {inner} "
    return " " * len(m.group(0))


def identifiers_in_text(
    text: str | None, *, russian: bool = False, labelled_only: bool = False
) -> tuple[Identifier, ...]:
    """The identifiers written in a free-text cell: "(1) INN: 7708... (2) OGRN: 1027...".

    The text is cut into segments at numbering "(1)", ";", line breaks and sentence ends; in each
    segment every label (INN, TIN, OGRN, KPP, USCC, LEI, SWIFT/BIC, IMO, VAT, registration number
    wordings...) takes the first value after it, or the one just before it ("9731001285 - TIN").
    A segment with no label is one unlabelled value unless `labelled_only` (used on prose such
    as remarks, where bare numbers are years and resolution numbers, not identifiers).
    `russian` says the entry is Russian, so that bare 10/12/13-digit numbers with valid check
    digits are taken as INN/OGRN.
    """
    if not text:
        return ()
    found: list[Identifier] = []
    for segment in _SEGMENT_SPLIT.split(_DATE_IN_TEXT.sub(" ", str(text))):
        # "(Russia)" says where the number is from before it is blanked with the other remarks.
        local_russian = russian or "russia" in segment.lower() or bool(re.search("[А-я]", segment))
        segment = _ANNOTATION.sub(_unbracket, segment).strip(" .,:")
        if not segment:
            continue
        labels = [
            (m, k)
            for m in _LABEL_RE.finditer(segment)
            if (k := _label_kind(m))
            # In prose, two-letter and three-letter register acronyms ("CR", "BIN") are too
            # often something else; only spelled-out labels and tax/state numbers count there.
            and not (labelled_only and k in ("reg", "other") and len(m.group(0)) <= 3)
        ]
        if not labels:
            if labelled_only:
                continue
            body = segment.strip(" .,:-–")
            if body and " " not in body and any(c.isdigit() for c in body):
                values = [body]  # one code, such as "Ma.Bko.2013.M.1610" or "DSO-ZZCO-16068"
            else:
                values = [m.group(0) for m in _VALUE.finditer(body)]
            for bare in values:
                _add_identifier(found, refine_identifier("", bare, russian=local_russian))
            continue
        consumed = 0  # values before this offset belong to earlier labels
        for i, (match, kind) in enumerate(labels):
            end = labels[i + 1][0].start() if i + 1 < len(labels) else len(segment)
            value: str | None = None
            if kind == "bic":
                value = _bic(segment[match.end() : end])
                consumed = match.end()
            elif m := _VALUE.search(segment, match.end(), end):
                value, consumed = m.group(0), m.end()
            else:
                # "9731001285 - TIN": the value comes before its label.
                before = list(_VALUE.finditer(segment, consumed, match.start()))
                if before:
                    value, consumed = before[-1].group(0), before[-1].end()
            if value is not None:
                _add_identifier(found, refine_identifier(kind, value, russian=local_russian))
    return tuple(found)


def _add_identifier(found: list[Identifier], item: tuple[str, str] | None) -> None:
    if item is None:
        return
    kind, value = item
    # Fewer than 4 digits is a house number or a list index, not a registration number.
    if not value or (kind != "bic" and sum(c.isdigit() for c in value) < 4):
        return
    # "7704734000/770301001": an INN and a KPP written as one value.
    pair = re.fullmatch(r"(\d{10})/(\d{9})", value)
    if pair and kind in ("reg", "tax_id", "inn"):
        found.extend(
            ident
            for ident in (Identifier("inn", pair[1]), Identifier("kpp", pair[2]))
            if ident not in found
        )
        return
    ident = Identifier(kind, value)
    if ident not in found:
        found.append(ident)


_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_WEB = re.compile(r"(?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)+(?:/[^\s,;()]*)?", re.I)
_NUMBERED = re.compile(r"\(\d{1,2}\)")


_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
# Words whose full stop is an abbreviation, not the end of a name: "Co. Ltd", "St. Petersburg".
_ABBREVIATIONS = frozenset({"co", "ltd", "inc", "no", "st", "mr", "dr", "jr", "sr", "corp", "int"})


def _sentences(text: str) -> list[str]:
    """`text` cut at full stops followed by a capital, except after abbreviations like "Co."."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        word = re.findall(r"[\w.]+$", text[start : m.start()])
        if word and word[0].lower().rsplit(".", 1)[-1] in _ABBREVIATIONS:
            continue
        parts.append(text[start : m.start()])
        start = m.end()
    parts.append(text[start:])
    return parts


def split_values(text: str | None, *, sentences: bool = False) -> list[str]:
    """The values of a multi-valued cell: "(1) a (2) b", "a|b", "a; b" (and "a. B" if `sentences`).

    `sentences` is for lists of names written as prose ("Defense Industries Organisation (DIO).
    Ministry of Defence ..."), where a full stop followed by a capital starts the next name.
    """
    if not text:
        return []
    parts = [p for chunk in _NUMBERED.split(str(text)) for p in re.split(r"\s*[|;]\s*", chunk)]
    if sentences:
        parts = [s for p in parts for s in _sentences(p)]
    return [v for p in parts if (v := clean(p).strip(" .,"))]


def contact_identifiers(kind: str, text: str | None) -> list[Identifier]:
    """Phone, email or website identifiers from a cell that may hold several."""
    if not text:
        return []
    if kind == "email":
        values = [m.group(0).lower() for m in _EMAIL.finditer(text)]
    elif kind == "website":
        values = [
            m.group(0).rstrip("/.")
            for m in _WEB.finditer(_EMAIL.sub(" ", text))
            if "." in m.group(0)
        ]
    else:
        values = [
            v
            for chunk in split_values(text)
            for v in re.split(r"[,;]\s*|\.\s+(?=[+\d(])", chunk)
            if sum(c.isdigit() for c in v) >= 5
        ]
    out: list[Identifier] = []
    for value in values:
        ident = Identifier(kind, clean(value).strip(" .,"))
        if ident.value and ident not in out:
            out.append(ident)
    return out


# Misspellings in the UK lists' country cells (2025-04-10 ConList); every other wording there,
# the Palestinian territories and demonyms included, screener.countries.to_iso2 resolves.
_UK_COUNTRY_ALIASES: Mapping[str, str] = {
    "belrus": "BY",
    "repubic of moldova": "MD",
}


def countries_in(text: str | None) -> list[str]:
    """ISO alpha-2 codes for a country cell that may name several ("(1) Germany. (2) Morocco")."""
    out: list[str] = []
    for part in split_values(text):
        part = part.strip(" .,-")
        if not part or part == "-":
            continue
        code = to_iso2(part) or _UK_COUNTRY_ALIASES.get(part.lower())
        codes: Iterable[str] = (code,) if code else to_iso2_many(re.sub(r"\.\s+", "; ", part))
        for c in codes:
            if c and c not in out:
                out.append(c)
    return out


# --- One designation being assembled from rows or elements ---------------------------------------


@dataclass
class _Designation:
    """A UK designation while its rows or elements are read; `entry()` freezes it."""

    list_id: str
    entry_id: str
    url: str
    row: int  # where the designation starts in its file (row or record number)
    entity_type: str = "unknown"
    primary: str | None = None
    fallback_primary: str | None = None
    names: dict[str, Alias] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    designations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    listed_on: str | None = None
    seen_facts: set[tuple[object, ...]] = field(default_factory=set)

    def new_facts(self, facts: tuple[object, ...]) -> bool:
        """Whether a row brings designation facts not yet read (most rows only add a name)."""
        if facts in self.seen_facts:
            return False
        self.seen_facts.add(facts)
        return True

    def add_name(
        self,
        name: str,
        *,
        primary: bool = False,
        variation: bool = False,
        strong: bool = True,
        script: str | None = None,
        lang: str | None = None,
    ) -> None:
        name = clean(name)
        if not name:
            return
        if primary and self.primary is None:
            self.primary = name
        elif variation and self.fallback_primary is None:
            self.fallback_primary = name
        known = self.names.get(name)
        if known is not None:
            # The same name given twice: the stronger reading wins, a language given once counts.
            merged = Alias(name, known.strong or strong, known.script, known.lang or lang)
            if merged != known:
                self.names[name] = merged
            return
        self.names[name] = Alias(name, strong, script or script_of(name), lang)

    def add(self, bucket: list[str], values: Iterable[str | None]) -> None:
        for value in values:
            if value and value not in bucket:
                bucket.append(value)

    def add_identifiers(self, values: Iterable[Identifier]) -> None:
        for ident in values:
            if ident.value and ident not in self.identifiers:
                self.identifiers.append(ident)

    def add_relation(self, kind: str, name: str | None, detail: str | None = None) -> None:
        name = clean(name)
        if name and not any(r.kind == kind and r.other_name == name for r in self.relations):
            self.relations.append(Relation(kind, None, name, detail))

    def listed(self, when: str | None) -> None:
        if when and (self.listed_on is None or when < self.listed_on):
            self.listed_on = when

    @property
    def russian(self) -> bool:
        return "RU" in self.countries or "RU" in self.nationalities

    def entry(self, path: Path) -> Entry:
        """The frozen entry; a designation without any name is a broken file (ListError)."""
        name = self.primary or self.fallback_primary or next(iter(self.names), None)
        if name is None:
            raise ListError(
                f"designation {self.entry_id} has no name",
                file=str(path),
                row=self.row,
                field="Name 6",
            )
        # Latin-script names first, then other scripts, each in the list's order: the CSV gives
        # a non-Latin name on the primary name's row, the XML after all names.
        others = [a for n, a in self.names.items() if n != name]
        aliases = tuple(sorted(others, key=lambda a: a.script not in ("Latn", None)))
        return Entry(
            list_id=self.list_id,
            entry_id=self.entry_id,
            name=name,
            aliases=aliases,
            entity_type=self.entity_type,
            countries=tuple(self.countries),
            category="sanctions",
            programs=tuple(self.programs),
            designations=tuple(self.designations),
            identifiers=tuple(self.identifiers),
            addresses=tuple(self.addresses),
            birth_dates=tuple(self.birth_dates),
            notes=short_note(self.notes),
            url=self.url,
            relations=tuple(self.relations),
            nationalities=tuple(self.nationalities),
            listed_on=self.listed_on,
        )


def _name_count(entries: Iterable[Entry]) -> int:
    return sum(1 + len(e.aliases) for e in entries)


def _entity_type(text: str | None) -> str:
    value = clean(text).lower()
    if value.startswith("individual") or value == "person":
        return "person"
    if value.startswith("entity") or value in ("organisation", "organization", "enterprise"):
        return "organization"
    if value in ("ship", "vessel"):
        return "vessel"
    if value == "aircraft":
        return "aircraft"
    return "unknown"


# "The Russia (Sanctions) (EU Exit) Regulations 2019" -> "Russia": the regime as OFSI and the
# press name it; the full title of the regulations stays in the designation text.
_REGIME = re.compile(
    r"^(?:The\s+)?(?P<short>.+?)\s*(?:\((?:United Nations\s+)?Sanctions\)\s*)?"
    r"(?:\(EU Exit\)\s*)?(?:Sanctions\s+)?Regulations\s+\d{4}$",
    re.I,
)


def regime_short(regime: str) -> str:
    """A regime's short name: "The Cyber (Sanctions) (EU Exit) Regulations 2020" -> "Cyber"."""
    regime = clean(regime)
    m = _REGIME.match(regime)
    return m.group("short") if m else regime


def _address(lines: Iterable[str | None], country: str | None) -> str | None:
    """Address lines and country joined; None for a country alone (Entry.countries has it)."""
    parts: list[str] = []
    for line in lines:
        text = clean(line).strip(" ,")
        if text and text not in parts:
            parts.append(text)
    if not parts:
        return None
    country = clean(country)
    return ", ".join([*parts, country] if country and country not in parts else parts)


def _alias_strength(text: str | None) -> bool:
    """False for the lists' low-quality (weak) aliases: "Low quality", "Low quality a.k.a"."""
    return "low" not in clean(text).lower()


def _name_kind(text: str | None) -> tuple[bool, bool]:
    """(primary, variation) for a name-type cell, whatever its casing ("Primary Name", "AKA"...)."""
    value = clean(text).lower()
    return value in ("primary name", "prime alias"), value.startswith("primary name variation")


# --- Reading helpers ------------------------------------------------------------------------------


def _header_index(header: Sequence[str], aliases: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Canonical field -> column index, matching header cells case- and spacing-insensitively."""
    norm = [re.sub(r"\s+", " ", clean(h).lower()) for h in header]
    index: dict[str, int] = {}
    for key, names in aliases.items():
        for name in names:
            if name in norm:
                index[key] = norm.index(name)
                break
    return index


class _Row:
    """One data row with cells looked up by canonical field name."""

    __slots__ = ("cells", "index")

    def __init__(self, cells: Sequence[object], index: Mapping[str, int]) -> None:
        self.cells = cells
        self.index = index

    def get(self, key: str) -> str:
        i = self.index.get(key)
        if i is None or i >= len(self.cells):
            return ""
        return clean(self.cells[i])

    def facts(self, name_columns: frozenset[int]) -> tuple[object, ...]:
        """The row's cells outside the name columns, to recognise a repeat of seen facts."""
        return tuple(c for i, c in enumerate(self.cells) if i not in name_columns)

    def raw(self, key: str) -> str:
        """The cell with its line breaks kept (for multi-line free text)."""
        i = self.index.get(key)
        if i is None or i >= len(self.cells) or self.cells[i] is None:
            return ""
        return str(self.cells[i]).strip()


def _require(
    index: Mapping[str, int],
    keys: Iterable[str],
    names: Mapping[str, tuple[str, ...]],
    path: Path,
    row: int,
    expected: str,
) -> None:
    for key in keys:
        if key not in index:
            raise ListError(
                f"missing column {names[key][0]!r}: expected {expected}",
                file=str(path),
                row=row,
                field=names[key][0],
            )


# --- FCDO UK Sanctions List -----------------------------------------------------------------------

# Canonical field -> header wordings (lower case). The first is the current FCDO wording.
_FCDO_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "last_updated": ("last updated",),
    "uid": ("unique id",),
    "ofsi_group": ("ofsi group id",),
    "un_ref": ("un reference number",),
    "name6": ("name 6",),
    "name1": ("name 1",),
    "name2": ("name 2",),
    "name3": ("name 3",),
    "name4": ("name 4",),
    "name5": ("name 5",),
    "name_type": ("name type",),
    "strength": ("alias strength",),
    "nonlatin": ("name non-latin script", "name non latin script"),
    "nonlatin_type": ("non-latin script type",),
    "nonlatin_lang": ("non-latin script language",),
    "regime": ("regime name", "regime"),
    "type": ("designation type", "individual/entity/ship", "individual, entity, ship"),
    "source": ("designation source",),
    "measures": ("sanctions imposed",),
    "other": ("other information",),
    "reasons": ("uk statement of reasons",),
    "addr1": ("address line 1",),
    "addr2": ("address line 2",),
    "addr3": ("address line 3",),
    "addr4": ("address line 4",),
    "addr5": ("address line 5",),
    "addr6": ("address line 6",),
    "postcode": ("address postal code",),
    "country": ("address country",),
    "phone": ("phone number",),
    "website": ("website",),
    "email": ("email address",),
    "designated": ("date designated",),
    "dob": ("d.o.b", "dob", "date of birth"),
    "nationality": ("nationality(/ies)", "nationality", "nationalities"),
    "national_id": ("national identifier number",),
    "national_id_info": ("national identifier additional information",),
    "passport": ("passport number",),
    "passport_info": ("passport additional information",),
    "subsidiaries": ("subsidiaries",),
    "parent": ("parent company",),
    "business_reg": (
        "business registration number (s)",
        "business registration number(s)",
        "business registration number",
    ),
    "imo": ("imo number",),
    "owner": ("current owner/operator (s)", "current owner/operator(s)"),
    "previous_owner": ("previous owner/operator (s)", "previous owner/operator(s)"),
    "flag": ("current believed flag of ship",),
    "hin": ("hull identification number (hin)",),
}
_FCDO_EXPECTED = (
    "the FCDO UK Sanctions List CSV: a 'Report Date:' line, then a header with "
    "'Unique ID', 'Name 6' and 'Name type'"
)


def _pipe(text: str) -> list[str]:
    return [v for p in text.split("|") if (v := clean(p))]


def _designation_text(
    prefix: str, regime: str, when: str | None, ref: str, measures: Sequence[str] = ()
) -> str:
    text = f"{prefix} {regime}" + (f" ({when})" if when else "") + f" [{ref}]"
    if measures:
        text += ": " + ", ".join(dict.fromkeys(measures))
    return text


# Columns that describe one name of a designation; the other columns describe the designation
# and repeat on each of its name rows, so a row whose other cells were seen adds only its names.
_FCDO_NAME_KEYS = frozenset(
    {"name1", "name2", "name3", "name4", "name5", "name6", "name_type", "strength", "nonlatin",
     "nonlatin_type", "nonlatin_lang", "last_updated"}
)  # fmt: skip


def _fcdo_names(d: _Designation, get: Callable[[str], str]) -> None:
    """Add one FCDO CSV row's name (and its non-Latin form) to its designation."""
    name = " ".join(
        p for k in ("name1", "name2", "name3", "name4", "name5", "name6") if (p := get(k))
    )
    primary, variation = _name_kind(get("name_type"))
    d.add_name(name, primary=primary, variation=variation, strong=_alias_strength(get("strength")))
    nonlatin = get("nonlatin")
    if nonlatin:
        d.add_name(nonlatin, strong=True, lang=language_code(get("nonlatin_lang")))


def _fcdo_facts(d: _Designation, get: Callable[[str], str], uid: str) -> None:
    """Add one FCDO CSV row's designation facts (regime, addresses, identifiers...)."""
    if d.entity_type == "unknown":
        d.entity_type = _entity_type(get("type"))
    regime = get("regime")
    designated = iso_date(get("designated"))
    d.listed(designated)
    if regime:
        d.add(d.programs, [regime_short(regime)])
        d.add(
            d.designations,
            [
                _designation_text(
                    "UK FCDO",
                    regime,
                    designated,
                    f"Unique ID {uid}",
                    _pipe(get("measures")),
                )
            ],
        )
    address = _address(
        (get(k) for k in ("addr1", "addr2", "addr3", "addr4", "addr5", "addr6", "postcode")),
        get("country"),
    )
    d.add(d.addresses, [address])
    d.add(d.countries, countries_in(get("country")))
    if d.entity_type == "vessel":
        d.add(d.countries, countries_in(get("flag")))
    d.add(d.nationalities, countries_in(get("nationality")))
    d.add(d.birth_dates, (iso_date(v) for v in _pipe(get("dob"))))
    _fcdo_identifiers(d, get)
    for parent in split_values(get("parent"), sentences=True):
        d.add_relation("owned_by", parent, "parent company")
    for sub in split_values(get("subsidiaries"), sentences=True):
        d.add_relation("owns", sub, "subsidiary")
    for owner in split_values(get("owner")):
        d.add_relation("owned_by", owner, "current owner/operator")
    for owner in split_values(get("previous_owner")):
        d.add_relation("associate", owner, "previous owner/operator")
    d.add(d.notes, [get("other"), get("reasons")])


def _fcdo_identifiers(d: _Designation, get: Callable[[str], str]) -> None:
    d.add_identifiers(
        Identifier("passport", clean_identifier("passport", v))
        for v in split_values(get("passport"))
    )
    d.add_identifiers(
        Identifier("national_id", clean_identifier("national_id", v))
        for v in split_values(get("national_id"))
    )
    for value in _pipe(get("imo")):
        found = refine_identifier("imo", value, russian=False)
        if found:
            d.add_identifiers([Identifier(*found)])
    for value in _pipe(get("business_reg")):
        d.add_identifiers(identifiers_in_text(value, russian=d.russian))
    if hin := get("hin"):
        d.add_identifiers(Identifier("other", v) for v in _pipe(hin))
    d.add_identifiers(contact_identifiers("phone", get("phone")))
    d.add_identifiers(contact_identifiers("email", get("email")))
    d.add_identifiers(contact_identifiers("website", get("website")))
    # Bank codes and ship numbers the list gives only in its prose.
    d.add_identifiers(identifiers_in_text(get("other"), russian=d.russian, labelled_only=True))


_REPORT_DATE = re.compile(r"report\s+date\s*:?\s*(.+)", re.I)


def parse_fcdo_csv(path: Path) -> ParsedList:
    """Parse the FCDO UK Sanctions List CSV (`Report Date:` line, header, one row per name)."""
    reader = csv.reader(io.StringIO(read_list_text(path, "the UK Sanctions List file"), newline=""))
    published: str | None = None
    index: dict[str, int] = {}
    name_columns: frozenset[int] = frozenset()
    designations: dict[str, _Designation] = {}
    line = 0
    try:
        for line, cells in enumerate(reader, 1):
            if not index:
                first = clean(cells[0]) if cells else ""
                if m := _REPORT_DATE.match(first):
                    published = iso_date(m.group(1).strip())
                    continue
                candidate = _header_index(cells, _FCDO_COLUMNS)
                if "uid" in candidate:
                    _require(
                        candidate,
                        ("uid", "name6", "name_type"),
                        _FCDO_COLUMNS,
                        path,
                        line,
                        _FCDO_EXPECTED,
                    )
                    index = candidate
                    name_columns = frozenset(i for k, i in index.items() if k in _FCDO_NAME_KEYS)
                elif line >= 5:
                    raise ListError(
                        f"no header row: expected {_FCDO_EXPECTED}", file=str(path), row=line
                    )
                continue
            if not any(c.strip() for c in cells):
                continue
            row = _Row(cells, index)
            uid = row.get("uid")
            if not uid:
                raise ListError(
                    "row without a Unique ID", file=str(path), row=line, field="Unique ID"
                )
            d = designations.get(uid)
            if d is None:
                d = designations[uid] = _Designation("uk-fcdo", uid, FCDO_HOMEPAGE, line)
            _fcdo_names(d, row.get)
            if d.new_facts(row.facts(name_columns)):
                _fcdo_facts(d, row.get, uid)
    except csv.Error as exc:
        raise ListError(f"not a readable CSV file: {exc}", file=str(path), row=line) from None
    if not index:
        raise ListError(f"no header row: expected {_FCDO_EXPECTED}", file=str(path))
    entries = tuple(d.entry(path) for d in designations.values())
    return ParsedList(entries=entries, published=published, names=_name_count(entries))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _texts(element: ET.Element, tag: str) -> list[str]:
    return [t for el in element.iter() if _local(el.tag) == tag if (t := clean(el.text))]


def _child_text(element: ET.Element, tag: str) -> str:
    for child in element:
        if _local(child.tag) == tag:
            return clean(child.text)
    return ""


def _fcdo_xml_designation(el: ET.Element, path: Path, number: int) -> _Designation:
    """One `<Designation>` element as a designation."""
    uid = _child_text(el, "UniqueID")
    if not uid:
        raise ListError(
            "designation without a UniqueID", file=str(path), row=number, field="UniqueID"
        )
    d = _Designation("uk-fcdo", uid, FCDO_HOMEPAGE, number)
    d.entity_type = _entity_type(_child_text(el, "IndividualEntityShip"))
    for name_el in (e for e in el.iter() if _local(e.tag) == "Name" and len(e)):
        full = " ".join(p for i in range(1, 7) if (p := _child_text(name_el, f"Name{i}")))
        primary, variation = _name_kind(_child_text(name_el, "NameType"))
        d.add_name(
            full,
            primary=primary,
            variation=variation,
            strong=_alias_strength(_child_text(name_el, "AliasStrength")),
        )
    for nl in (e for e in el.iter() if _local(e.tag) == "NonLatinName"):
        d.add_name(
            _child_text(nl, "NameNonLatinScript"),
            strong=True,
            lang=language_code(_child_text(nl, "NonLatinScriptLanguage")),
        )
    regime = _child_text(el, "RegimeName")
    designated = iso_date(_child_text(el, "DateDesignated"))
    d.listed(designated)
    if regime:
        d.programs.append(regime_short(regime))
        d.designations.append(
            _designation_text(
                "UK FCDO",
                regime,
                designated,
                f"Unique ID {uid}",
                _pipe(_child_text(el, "SanctionsImposed")),
            )
        )
    for addr in (e for e in el.iter() if _local(e.tag) == "Address"):
        lines = [_child_text(addr, f"AddressLine{i}") for i in range(1, 7)]
        country = _child_text(addr, "AddressCountry")
        d.add(d.addresses, [_address([*lines, _child_text(addr, "AddressPostalCode")], country)])
        d.add(d.countries, countries_in(country))
    if d.entity_type == "vessel":
        d.add(
            d.countries,
            (c for t in _texts(el, "CurrentBelievedFlagOfShip") for c in countries_in(t)),
        )
    d.add(d.nationalities, (c for t in _texts(el, "Nationality") for c in countries_in(t)))
    d.add(d.birth_dates, (iso_date(t) for t in _texts(el, "DOB")))
    d.add_identifiers(
        Identifier("passport", clean_identifier("passport", t))
        for t in _texts(el, "PassportNumber")
    )
    d.add_identifiers(
        Identifier("national_id", clean_identifier("national_id", t))
        for t in _texts(el, "NationalIdentifierNumber")
    )
    for t in _texts(el, "IMONumber"):
        if found := refine_identifier("imo", t, russian=False):
            d.add_identifiers([Identifier(*found)])
    for t in _texts(el, "BusinessRegistrationNumber"):
        d.add_identifiers(identifiers_in_text(t, russian=d.russian))
    for t in _texts(el, "HullIdentificationNumber"):
        d.add_identifiers([Identifier("other", t)])
    for tag, kind in (
        ("PhoneNumber", "phone"),
        ("EmailAddress", "email"),
        ("Website", "website"),
        ("WebsiteAddress", "website"),
    ):
        for t in _texts(el, tag):
            d.add_identifiers(contact_identifiers(kind, t))
    other = _child_text(el, "OtherInformation")
    d.add_identifiers(identifiers_in_text(other, russian=d.russian, labelled_only=True))
    for t in _texts(el, "ParentCompany"):
        for parent in split_values(t, sentences=True):
            d.add_relation("owned_by", parent, "parent company")
    for t in _texts(el, "Subsidiary"):
        for sub in split_values(t, sentences=True):
            d.add_relation("owns", sub, "subsidiary")
    for t in _texts(el, "CurrentOwnerOperator"):
        d.add_relation("owned_by", t, "current owner/operator")
    for t in _texts(el, "PreviousOwnerOperator"):
        d.add_relation("associate", t, "previous owner/operator")
    d.add(d.notes, [other, _child_text(el, "UKStatementofReasons")])
    return d


def parse_fcdo_xml(path: Path) -> ParsedList:
    """Parse the FCDO UK Sanctions List XML (`<Designations>` root, one `<Designation>` each)."""
    entries: list[Entry] = []
    published: str | None = None
    number = 0
    root_seen = False
    try:
        # iterparse keeps memory flat on the full file; expat (>= 2.4, bundled with CPython 3.11)
        # refuses entity-expansion bombs and ElementTree never fetches external entities.
        for event, el in ET.iterparse(str(path), events=("start", "end")):
            tag = _local(el.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if tag != "Designations":
                        raise ListError(
                            f"root element is <{tag}>: expected the FCDO UK Sanctions List XML "
                            "with a <Designations> root",
                            file=str(path),
                            field=tag,
                        )
                    published = iso_date(el.get("dateGenerated"))
                continue
            if tag == "DateGenerated":
                published = iso_date(el.text) or published
            elif tag == "Designation":
                number += 1
                entries.append(_fcdo_xml_designation(el, path, number).entry(path))
                el.clear()
    except ET.ParseError as exc:
        raise ListError(
            f"not well-formed XML: {exc}", file=str(path), row=exc.position[0]
        ) from None
    except OSError as exc:
        raise ListError(
            f"cannot read the UK Sanctions List file: {exc.strerror or exc}", file=str(path)
        ) from None
    return ParsedList(entries=tuple(entries), published=published, names=_name_count(entries))


def parse_fcdo(files: Mapping[str, Path]) -> ParsedList:
    """Parse the FCDO UK Sanctions List from its XML if given, else from its CSV."""
    if FCDO_XML in files:
        return parse_fcdo_xml(files[FCDO_XML])
    if FCDO_CSV in files:
        return parse_fcdo_csv(files[FCDO_CSV])
    raise ListError(
        f"no UK Sanctions List file: expected {FCDO_CSV} or {FCDO_XML}",
        hint=f"download {FCDO_CSV_URL}",
    )


# --- OFSI Consolidated List (2022 format) ---------------------------------------------------------

_OFSI_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name6": ("name 6",),
    "name1": ("name 1",),
    "name2": ("name 2",),
    "name3": ("name 3",),
    "name4": ("name 4",),
    "name5": ("name 5",),
    "title": ("title",),
    "nonlatin": ("name non-latin script",),
    "nonlatin_type": ("non-latin script type",),
    "nonlatin_lang": ("non-latin script language",),
    "dob": ("dob",),
    "town_of_birth": ("town of birth",),
    "country_of_birth": ("country of birth",),
    "nationality": ("nationality",),
    "passport": ("passport number",),
    "passport_info": ("passport details",),
    "national_id": ("national identification number", "ni number"),
    "national_id_info": ("national identification details", "ni details"),
    "position": ("position",),
    "addr1": ("address 1",),
    "addr2": ("address 2",),
    "addr3": ("address 3",),
    "addr4": ("address 4",),
    "addr5": ("address 5",),
    "addr6": ("address 6",),
    "postcode": ("post/zip code",),
    "country": ("country",),
    "other": ("other information",),
    "group_type": ("group type",),
    "alias_type": ("alias type",),
    "quality": ("alias quality",),
    "regime": ("regime",),
    "listed_on": ("listed on",),
    "designated": ("uk sanctions list date designated", "date designated"),
    "last_updated": ("last updated",),
    "group_id": ("group id",),
}
_OFSI_EXPECTED = (
    "the OFSI Consolidated List (2022 format): a 'Last Updated' row, then a header with "
    "'Name 6', 'Alias Type', 'Group Type' and 'Group ID'"
)

# The `(Key):value` facts OFSI embeds in Other Information (2025-04-10 ConList, by frequency).
_OFSI_KEYS: tuple[str, ...] = (
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Email address",
    "Type of entity",
    "Website",
    "Parent company",
    "Business Reg No",
    "Subsidiaries",
    "IMO number",
    "Flag of ship",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
    "Current owners",
    "Fax",
    "Previous flags",
    "Tel",
)
_OFSI_KEY = re.compile(r"\((" + "|".join(re.escape(k) for k in _OFSI_KEYS) + r")\)\s*:", re.I)
_REF = re.compile(r"^\s*([A-Z]{2,4}\d{3,5}|[A-Z]{2}[a-z]\.\d{3})\.?\s*(.*)$", re.S)


def other_information(text: str | None) -> tuple[dict[str, str], str]:
    """OFSI `Other Information` split into its `(Key):value` facts and the free text around them."""
    facts: dict[str, str] = {}
    free: list[str] = []
    if not text:
        return facts, ""
    pieces = _OFSI_KEY.split(text)
    free.append(pieces[0])
    keys = {k.lower(): k for k in _OFSI_KEYS}
    for i in range(1, len(pieces), 2):
        key = keys[pieces[i].lower()]
        value = pieces[i + 1].strip()
        if key in ("UK Sanctions List Ref", "UN Ref"):
            m = _REF.match(value)
            if m:
                value, rest = m.group(1), m.group(2)
                free.append(rest)
        facts[key] = f"{facts[key]} | {value}" if key in facts else value
    return facts, clean(" ".join(free))


# OFSI columns that describe one name (see _FCDO_NAME_KEYS); "Last Updated" differs per name row.
_OFSI_NAME_KEYS = frozenset(
    {"name1", "name2", "name3", "name4", "name5", "name6", "title", "alias_type", "quality",
     "nonlatin", "nonlatin_type", "nonlatin_lang", "last_updated"}
)  # fmt: skip


def _ofsi_names(d: _Designation, row: _Row) -> None:
    """Add one OFSI row's name (and its non-Latin form) to its designation."""
    name = " ".join(
        p for k in ("name1", "name2", "name3", "name4", "name5", "name6") if (p := row.get(k))
    )
    primary, variation = _name_kind(row.get("alias_type"))
    d.add_name(
        name, primary=primary, variation=variation, strong=_alias_strength(row.get("quality"))
    )
    nonlatin = row.get("nonlatin")
    if nonlatin:
        d.add_name(nonlatin, strong=True, lang=language_code(row.get("nonlatin_lang")))


def _ofsi_facts(d: _Designation, row: _Row, gid: str) -> None:
    """Add one OFSI row's designation facts: regime, addresses, birth dates, Other Information."""
    if d.entity_type == "unknown":
        d.entity_type = _entity_type(row.get("group_type"))
    facts, free = other_information(row.raw("other"))
    regime = row.get("regime")
    listed = iso_date(row.get("listed_on"))
    d.listed(listed)
    if regime:
        d.add(d.programs, [regime])
        refs = [f"Group ID {gid}"]
        if ref := facts.get("UK Sanctions List Ref"):
            refs.append(f"UK ref {ref}")
        if un := facts.get("UN Ref"):
            refs.append(f"UN ref {un}")
        d.add(d.designations, [_designation_text("UK OFSI", regime, listed, "; ".join(refs))])
    address = _address(
        (row.get(k) for k in ("addr1", "addr2", "addr3", "addr4", "addr5", "addr6", "postcode")),
        row.get("country"),
    )
    d.add(d.addresses, [address])
    d.add(d.countries, countries_in(row.get("country")))
    if d.entity_type == "vessel":
        d.add(d.countries, countries_in(facts.get("Flag of ship")))
    d.add(d.nationalities, countries_in(row.get("nationality")))
    d.add(d.birth_dates, [iso_date(row.get("dob"))])
    d.add_identifiers(
        Identifier("passport", clean_identifier("passport", v))
        for v in split_values(row.get("passport"))
    )
    d.add_identifiers(
        Identifier("national_id", clean_identifier("national_id", v))
        for v in split_values(row.get("national_id"))
    )
    imo = refine_identifier("imo", facts.get("IMO number", ""), russian=False)
    if imo:
        d.add_identifiers([Identifier(*imo)])
    if reg := facts.get("Business Reg No"):
        d.add_identifiers(identifiers_in_text(reg, russian=d.russian))
    for key, kind in (
        ("Phone number", "phone"),
        ("Tel", "phone"),
        ("Fax", "phone"),
        ("Email address", "email"),
        ("Website", "website"),
    ):
        d.add_identifiers(contact_identifiers(kind, facts.get(key)))
    d.add_identifiers(identifiers_in_text(free, russian=d.russian, labelled_only=True))
    for parent in split_values(facts.get("Parent company"), sentences=True):
        d.add_relation("owned_by", parent, "parent company")
    for sub in split_values(facts.get("Subsidiaries"), sentences=True):
        d.add_relation("owns", sub, "subsidiary")
    for owner in split_values(facts.get("Current owners")):
        d.add_relation("owned_by", owner, "current owner")
    d.add(d.notes, [free, facts.get("UK Statement of Reasons", "")])


def _ofsi_rows(rows: Iterable[Sequence[object]], path: Path) -> ParsedList:
    """Group OFSI ConList rows (a `Last Updated` row, the header, one row per name) by Group ID."""
    published: str | None = None
    index: dict[str, int] = {}
    name_columns: frozenset[int] = frozenset()
    designations: dict[str, _Designation] = {}
    line = 0
    for line, cells in enumerate(rows, 1):
        if not index:
            first = clean(cells[0]).lower() if cells else ""
            if first.startswith("last updated"):
                # "Last Updated | 10/04/2025" (xlsx) or "Last Updated,10/04/2025" (csv).
                rest = [clean(c) for c in cells[1:] if clean(c)]
                published = iso_date(rest[0]) if rest else iso_date(first[12:].strip(" :"))
                continue
            if not any(clean(c) for c in cells):
                continue
            candidate = _header_index([clean(c) for c in cells], _OFSI_COLUMNS)
            if "group_id" not in candidate:
                if line >= 5:
                    raise ListError(
                        f"no header row: expected {_OFSI_EXPECTED}", file=str(path), row=line
                    )
                continue
            _require(
                candidate,
                ("group_id", "name6", "alias_type", "group_type"),
                _OFSI_COLUMNS,
                path,
                line,
                _OFSI_EXPECTED,
            )
            index = candidate
            name_columns = frozenset(i for k, i in index.items() if k in _OFSI_NAME_KEYS)
            continue
        if not any(clean(c) for c in cells):
            continue
        row = _Row(cells, index)
        gid = row.get("group_id")
        if not gid:
            raise ListError("row without a Group ID", file=str(path), row=line, field="Group ID")
        if gid.endswith(".0") and gid[:-2].isdigit():
            gid = gid[:-2]  # a spreadsheet that stored the id as a number
        d = designations.get(gid)
        if d is None:
            d = designations[gid] = _Designation("uk-ofsi", gid, OFSI_HOMEPAGE, line)
        _ofsi_names(d, row)
        if d.new_facts(row.facts(name_columns)):
            _ofsi_facts(d, row, gid)
    if not index:
        raise ListError(f"no header row: expected {_OFSI_EXPECTED}", file=str(path))
    entries = tuple(d.entry(path) for d in designations.values())
    return ParsedList(entries=entries, published=published, names=_name_count(entries))


def parse_ofsi_csv(path: Path) -> ParsedList:
    """Parse an OFSI ConList.csv (2022 format)."""
    try:
        return _ofsi_rows(csv.reader(
            io.StringIO(read_list_text(path, "the OFSI Consolidated List file"), newline="")
        ), path)
    except csv.Error as exc:
        raise ListError(f"not a readable CSV file: {exc}", file=str(path)) from None


def parse_ofsi_xlsx(path: Path) -> ParsedList:
    """Parse an OFSI ConList.xlsx (2022 format), streaming it with openpyxl's read-only mode."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        raise ListError(f"not a readable XLSX workbook: {exc}", file=str(path)) from None
    try:
        sheet = workbook["Data"] if "Data" in workbook.sheetnames else workbook.worksheets[0]
        # A writer's wrong stored sheet size would cut read-only rows short: read the real extent.
        sheet.reset_dimensions()
        return _ofsi_rows(sheet.iter_rows(values_only=True), path)
    finally:
        workbook.close()


def parse_ofsi(files: Mapping[str, Path]) -> ParsedList:
    """Parse the OFSI Consolidated List from its XLSX or CSV copy, whichever was imported."""
    if OFSI_XLSX in files:
        return parse_ofsi_xlsx(files[OFSI_XLSX])
    if OFSI_CSV in files:
        return parse_ofsi_csv(files[OFSI_CSV])
    raise ListError(
        f"no OFSI Consolidated List file: expected {OFSI_CSV} or {OFSI_XLSX}",
        hint="import a saved copy; OFSI closed the list on 28 January 2026",
    )


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="uk-fcdo",
        name="UK Sanctions List (FCDO)",
        publisher="UK Foreign, Commonwealth & Development Office",
        category="sanctions",
        homepage=FCDO_HOMEPAGE,
        files=(
            SourceFile(
                FCDO_CSV,
                FCDO_CSV_URL,
                required=False,
                patterns=("uk-sanctions-list*.csv", "uk_sanctions_list*.csv"),
            ),
            # The same designations as XML: import-only, so that a fetch downloads one copy.
            SourceFile(
                FCDO_XML,
                None,
                required=False,
                patterns=("uk-sanctions-list*.xml", "uk_sanctions_list*.xml"),
            ),
        ),
        parse=parse_fcdo,
        licence="Open Government Licence v3.0",
        notes=(
            "The only UK source since 28 January 2026. Fetches the CSV; an imported XML copy "
            f"({FCDO_XML_URL}) is parsed instead when present. Entry ids are the FCDO Unique IDs "
            "(e.g. RUS0204)."
        ),
    ),
    OfficialSource(
        id="uk-ofsi",
        name="OFSI Consolidated List of Financial Sanctions Targets (closed 28 January 2026)",
        publisher="HM Treasury, Office of Financial Sanctions Implementation",
        category="sanctions",
        homepage=OFSI_HOMEPAGE,
        files=(
            SourceFile(OFSI_CSV, None, required=False, patterns=("conlist*.csv",)),
            SourceFile(OFSI_XLSX, None, required=False, patterns=("conlist*.xlsx",)),
        ),
        parse=parse_ofsi,
        licence="Open Government Licence v3.0",
        notes=(
            "Import only: OFSI closed the list on 28 January 2026 in favour of the FCDO UK "
            f"Sanctions List (uk-fcdo); it was served at {OFSI_RETIRED_URL} (and .xlsx). Entry ids "
            "are OFSI Group IDs; each designation names its UK Sanctions List Ref, the join key "
            "to uk-fcdo."
        ),
    ),
)

__all__ = [
    "SOURCES",
    "clean",
    "clean_identifier",
    "contact_identifiers",
    "countries_in",
    "identifiers_in_text",
    "inn_valid",
    "iso_date",
    "language_code",
    "lei_valid",
    "ogrn_valid",
    "other_information",
    "parse_fcdo",
    "parse_fcdo_csv",
    "parse_fcdo_xml",
    "parse_ofsi",
    "parse_ofsi_csv",
    "parse_ofsi_xlsx",
    "refine_identifier",
    "regime_short",
    "script_of",
    "short_note",
    "split_values",
    "uscc_valid",
]
