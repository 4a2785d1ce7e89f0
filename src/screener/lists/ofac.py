"""Parses OFAC's legacy CSV publications (the SDN list and the consolidated non-SDN list).

Format (OFAC, "SDN data specification", dat_spec.txt, and cons_dat_spec.txt for the non-SDN
files; quirks checked against the published files, see data/lists/SOURCES.md):

- four files per list, no header row, CRLF records, a trailing Ctrl-Z (0x1A) byte, null = `-0-`:
  `sdn.csv` (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
  Vess_flag, Vess_owner, Remarks), `alt.csv` (ent_num, alt_num, alt_type, alt_name, alt_remarks),
  `add.csv` (ent_num, add_num, address, city/state/postal, country, add_remarks) and
  `sdn_comments.csv` (ent_num, remarks_extended); the non-SDN files are `cons_prim.csv`,
  `cons_alt.csv`, `cons_add.csv` and `cons_comments.csv` with the same columns.
- Remarks is a 1,000-character field of `;`-separated facts ("DOB 23 Nov 1962; Passport X
  (Country); Tax ID No. 7703725270 (Russia); Linked To: Y; a.k.a. 'NAME'."); a longer remark is
  cut at 1,000 characters and continues, mid-word, in the comments file (remarks_extended).
- Aliases in alt.csv are OFAC's strong aliases; the a.k.a.s in Remarks are its weak aliases
  (OFAC FAQ 123, "Where can I find weak aliases (AKAs)?": "In the DEL, FF, PIP, and CSV file
  formats, weak AKAs are listed in the Remarks field ... bracketed by quotation marks"; the
  Enhanced XML marks the same names `isLowQuality`). alt_type aka/fka/nka is kept out of the
  strength: a former name in alt.csv is as strong as a current one.

The companion files may come from another publication than the primary file (a snapshot mixes
dates): rows for an ent_num the primary file does not have are counted and ignored, and a
continuation is attached only to a remark that fills the 1,000-character field (see `Unjoined`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists import read_list_text
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry, Identifier, Relation

_T = TypeVar("_T")

# --- Sources ----------------------------------------------------------------------------------

# OFAC Sanctions List Service exports; the legacy treasury.gov/ofac/downloads URLs were retired
# in 2024 (SOURCES.md: the jackdwyer scraper got an empty file from 2024-05-04).
_SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
# Sanctions List Search shows one entry of either list by its ent_num.
DETAIL_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={ent_num}"
_LICENCE = "US Government work: public domain in the US (17 U.S.C. 105)"

# The Remarks field is 1,000 characters wide (dat_spec.txt); a remark of that length was cut and
# may continue in the comments file.
REMARKS_WIDTH = 1000
# Notes are for a report; the full remarks stay in the published files. 600 characters hold the
# whole notes of all but 24 of the 14,965 entries of the 2024-05-03 SDN file (measured; the
# longest is 906), and sanctions facts come first, so a cut loses titles and the like.
NOTES_LIMIT = 600


@dataclass(frozen=True, slots=True)
class Unjoined:
    """Companion-file rows the primary file does not explain: counted, never fatal.

    A companion row whose ent_num is not in the primary file belongs to another publication (an
    alt.csv newer than sdn.csv names entries designated since). A continuation for a remark that
    does not fill the Remarks field cannot continue it. A remark that fills the field with no
    continuation was cut: its last, incomplete fact is dropped and counted in `truncated_remarks`.
    """

    aliases: int = 0
    addresses: int = 0
    comments: int = 0
    truncated_remarks: int = 0

    @property
    def total(self) -> int:
        return self.aliases + self.addresses + self.comments

    def describe(self) -> tuple[str, ...]:
        """One line per kind of unjoined row, for a status display; empty when all joined."""
        lines: list[str] = []
        for count, what in (
            (self.aliases, "alias rows name an ent_num not in the primary file (ignored)"),
            (self.addresses, "address rows name an ent_num not in the primary file (ignored)"),
            (self.comments, "remark continuations do not continue a cut remark (ignored)"),
            (self.truncated_remarks, "remarks were cut at 1,000 characters with no continuation"),
        ):
            if count:
                lines.append(f"{count:,} {what}")
        return tuple(lines)


@dataclass(frozen=True)
class OfacParse:
    """A parsed OFAC list and what its companion files held that could not be joined."""

    parsed: ParsedList
    unjoined: Unjoined


@dataclass(frozen=True)
class _Layout:
    """One OFAC list's file names and wording."""

    list_id: str
    primary: str
    alt: str
    add: str
    comments: str
    designation: str  # e.g. "OFAC SDN"


_SDN = _Layout("ofac-sdn", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv", "OFAC SDN")
_CONS = _Layout(
    "ofac-cons", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv",
    "OFAC non-SDN",
)  # fmt: skip


# --- Remarks ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Remarks:
    """The facts of one OFAC Remarks field, sorted into the common model's terms."""

    weak_aliases: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO: 1962-11-23, 1962-11, 1962, 1953/1958
    established: tuple[str, ...] = ()  # Organization Established Date, ISO as birth_dates
    nationalities: tuple[str, ...] = ()  # ISO alpha-2, from nationality and citizen
    countries: tuple[str, ...] = ()  # ISO alpha-2: an aircraft's or vessel's registration
    identifiers: tuple[Identifier, ...] = ()
    linked_to: tuple[str, ...] = ()  # "Linked To: NAME"
    operators: tuple[str, ...] = ()  # "Aircraft Operator NAME"
    issuers: tuple[str, ...] = ()  # "Issuer Name NAME" (CMIC securities issuers)
    listing_dates: tuple[str, ...] = ()  # "Listing Date (EO 14024 Directive 2): 24 Feb 2022"
    sanctions_notes: tuple[str, ...] = ()  # secondary sanctions risk, directives, CAATSA ...
    notes: tuple[str, ...] = ()  # everything else as written: titles, POB, gender ...


@dataclass
class _RemarksBuilder:
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    established: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    listing_dates: list[str] = field(default_factory=list)
    sanctions_notes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def freeze(self) -> Remarks:
        return Remarks(
            weak_aliases=tuple(self.weak_aliases),
            birth_dates=_unique(self.birth_dates),
            established=_unique(self.established),
            nationalities=_unique(self.nationalities),
            countries=_unique(self.countries),
            identifiers=_unique(self.identifiers),
            linked_to=_unique(self.linked_to),
            operators=_unique(self.operators),
            issuers=_unique(self.issuers),
            listing_dates=_unique(self.listing_dates),
            sanctions_notes=_unique(self.sanctions_notes),
            notes=_unique(self.notes),
        )


# What each Remarks label means. Identifier labels are OFAC's "ID DOCUMENT TYPE" reference values
# (Enhanced XML referenceValues, CONS_ENHANCED 2025-01-14) plus its feature names (SWIFT/BIC,
# Website, Email Address, Phone Number, BIK (RU), ISIN); the others are the feature types and
# free facts seen in the 2021, 2024 and 2025 files. The kind after "id:" is the model's identifier
# kind; "tax", "reg" and "lei" kinds are refined by country and shape (`_refine_kind`).
_PASSPORT = ("Passport", "Diplomatic Passport", "British National Overseas Passport",
             "Stateless Person Passport", "Travel Document Number")  # fmt: skip
_TAX = (
    "Tax ID No.", "Italian Fiscal Code", "Fiscal Code", "Romanian Tax Registration", "US FEIN",
    "RFC", "R.F.C.", "RUC #", "NIT #", "RIF #", "C.U.I.T.", "N.I.F.", "C.I.F.", "RTN", "RSIN",
    "Numero Unico de Identificacao Tributaria (NUIT)", "Paraguayan tax identification number",
)  # fmt: skip
_REG = (
    "Registration Number", "Business Registration Number", "Registration ID", "Company Number",
    "UK Company Number", "Commercial Registry Number", "Certificate of Incorporation Number",
    "Chamber of Commerce Number", "Government Gazette Number", "Public Registration Number",
    "Trade License No.", "C.R. No.", "Romanian C.R.", "Folio Mercantil No.",
    "Matricula Mercantil No", "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.", "Registration Certificate Number (Dubai)",
    "Business Registration Document #", "Economic Register Number (CBLS)",
    "Central Registration System Number", "Enterprise Number", "Branch Unit Number",
    "Business Number", "Organization Code", "Registered Charity No.", "MSB Registration Number",
    "Aircraft Tail Number", "Previous Aircraft Tail Number",
)  # fmt: skip
_NATIONAL_ID = (
    "National ID No.", "Cedula No.", "D.N.I.", "Personal ID Card", "Kenyan ID No.",
    "Bosnian Personal ID No.", "Moroccan Personal ID No.", "Turkish Identification Number",
    "C.U.R.P.", "CNP (Personal Numerical Code)", "Tazkira National ID Card",
    "Citizen's Card Number", "UAE Identification", "C.I.N.", "C.U.I.", "N.I.E.",
    "National Foreign ID Number", "Numero de Identidad", "Refugee ID Card",
    "Stateless Person ID Card", "Identification Number", "SSN", "LE Number",
    "Public Security and Immigration No.", "Immigration No.", "Residency Number",
    "Romanian Permanent Resident",
)  # fmt: skip
_OTHER_ID = (
    "Electoral Registry No.", "Credencial electoral", "I.F.E.", "Birth Certificate Number",
    "Driver's License No.", "Cartilla de Servicio Militar Nacional", "Military Registration Number",
    "C.U.I.P.", "Pilot License Number", "Seafarer's Identification Document", "VisaNumberID",
    "Serial No.", "File Number", "License", "Tourism License No.", "Permit Number",
    "SRE Permit No.", "Afghan Money Service Provider License Number", "Trademark number",
    "Global Intermediary Identification Number", "D-U-N-S Number", "BIK (RU)", "ISIN",
    "Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Serial Identification",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Mode S Transponder Code",
)  # fmt: skip
_SANCTIONS_INFO = (
    "Secondary sanctions risk:", "Additional Sanctions Information -",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Executive Order 13662 Directive Determination -", "Executive Order 13846 information:",
    "Executive Order 14014 Directive Information:", "Executive Order 14024 Directive Information -",
    "Executive Order 14024 Directive Information", "Executive Order 14059 information:",
    "CAATSA Section 235 Information:", "PEESA Information:", "IFCA Determination -",
    "Effective Date", "Purchase/Sales For Divestment Date (CMIC)",
)  # fmt: skip
_LABELS: dict[str, str] = {
    **{label: "id:passport" for label in _PASSPORT},
    **{label: "id:tax" for label in _TAX},
    **{label: "id:reg" for label in _REG},
    **{label: "id:national_id" for label in _NATIONAL_ID},
    **{label: "id:other" for label in _OTHER_ID},
    **{label: "sanctions" for label in _SANCTIONS_INFO},
    "V.A.T. Number": "id:vat",
    "Unified Social Credit Code (USCC)": "id:uscc",
    "United Social Credit Code Certificate (USCCC)": "id:uscc",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)": "id:ogrn",
    "Legal Entity Number": "id:lei",
    "LEI": "id:lei",
    "SWIFT/BIC": "id:bic",
    "MMSI": "id:mmsi",
    "Vessel Registration Identification": "id:imo",
    "Website": "id:website",
    "Email Address": "id:email",
    "Phone Number": "id:phone",
    "Telephone": "id:phone",
    "Phone": "id:phone",
    "Fax": "id:phone",
    "Digital Currency Address -": "id:other",
    "DOB": "dob",
    "Organization Established Date": "established",
    "nationality": "nationality",
    "Nationality Country": "nationality",
    "citizen": "nationality",
    "Citizenship Country": "nationality",
    "Nationality of Registration": "registration",
    "a.k.a.": "alias",
    "f.k.a.": "alias",
    "n.k.a.": "alias",
    "Linked To:": "linked",
    "Aircraft Operator": "operator",
    "Issuer Name": "issuer",
    "Listing Date": "listing",
    "For more information on directives, please visit the following link:": "drop",
    "For more information, please reference the following link:": "drop",
}
_LABEL = re.compile(
    r"(?P<label>"
    + "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True))
    + r")(?=[\s:]|$)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_LABEL_TAG = {label.casefold(): tag for label, tag in _LABELS.items()}
_ALT = re.compile(r"^alt\.\s*", re.IGNORECASE)
_FACT_SPLIT = re.compile(r";\s*")
_ISSUED = re.compile(r"\s+(?:issued|expires|expire date|issue date)\b.*$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)")
_IMO_VALUE = re.compile(r"^IMO\s*(\d{7})$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d+$")
# GB 32100-2015: 18 characters, registration authority and type, 6-digit region code, 9-character
# organisation code and a check character; I, O, Z, S and V are never used.
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_LEI = re.compile(r"^[0-9A-Z]{18}\d{2}$")  # ISO 17442: 18 alphanumerics and 2 check digits
_SPACE_FREE_KINDS = frozenset(
    {"inn", "ogrn", "kpp", "uscc", "lei", "imo", "bic", "mmsi", "email", "website"}
)


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    """The items in order, each once."""
    return tuple(dict.fromkeys(items))


def parse_remarks(text: str) -> Remarks:
    """The facts of an OFAC Remarks field (with its continuation already appended).

    >>> r = parse_remarks("DOB 23 Nov 1962; Tax ID No. 7703725270 (Russia); a.k.a. 'ACME'.")
    >>> r.birth_dates, r.identifiers[0].kind, r.weak_aliases
    (('1962-11-23',), 'inn', ('ACME',))
    """
    out = _RemarksBuilder()
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    for raw in _FACT_SPLIT.split(text):
        fact = " ".join(raw.split())
        if fact:
            _fact(fact, out)
    return out.freeze()


def _fact(fact: str, out: _RemarksBuilder) -> None:
    body = _ALT.sub("", fact)
    match = _LABEL.match(body)
    if match is None:
        out.notes.append(fact)
        return
    label = match.group("label")
    tag = _LABEL_TAG[label.casefold()]
    rest = match.group("rest").strip().lstrip(":").strip()
    if tag == "drop":
        return
    if not rest:
        out.notes.append(fact)
        return
    if tag.startswith("id:"):
        identifier = _identifier(label, tag[3:], rest)
        if identifier is None:
            out.notes.append(fact)
        else:
            out.identifiers.append(identifier)
    elif tag == "alias":
        out.weak_aliases.append(_unquote(rest))
    elif tag in ("dob", "established"):
        when = parse_date(rest)
        if when is None:
            out.notes.append(fact)
        else:
            (out.birth_dates if tag == "dob" else out.established).append(when)
    elif tag == "nationality":
        code = to_iso2(_POSSIBLY.sub("", rest))
        if code:
            out.nationalities.append(code)
        else:
            out.notes.append(fact)
    elif tag == "registration":
        code = to_iso2(rest)
        if code:
            out.countries.append(code)
        out.notes.append(body)
    elif tag == "linked":
        out.linked_to.append(rest)
    elif tag == "operator":
        out.operators.append(rest)
    elif tag == "issuer":
        out.issuers.append(rest)
    elif tag == "listing":
        # "Listing Date (EO 14024 Directive 2): 24 Feb 2022", "Listing Date (CMIC) 03 Jun 2021"
        when = parse_date(_LISTING_QUALIFIER.sub("", rest))
        if when:
            out.listing_dates.append(when)
        out.sanctions_notes.append(body)
    elif tag == "sanctions":
        # Directive information spells the directive out at length after " - "; the directive's
        # name is what a reader needs, its text is the directive's own.
        if rest.casefold().startswith("for more information"):
            return  # a link to the program page, the same on every entry of the program
        if "Directive Information" in label and " - " in rest:
            rest = rest.split(" - ", 1)[0]
        out.sanctions_notes.append(f"{label} {rest}")


def _unquote(text: str) -> str:
    """'NAME' -> NAME: one pair of quotes; inner apostrophes ('ABD-AL-'IZ) belong to the name."""
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1].strip()
    return text.strip("'").strip()


def _identifier(label: str, kind: str, rest: str) -> Identifier | None:
    """An identifier from `Label value (Country) issued ... expires ...`."""
    rest = _ISSUED.sub("", rest)
    country: str | None = None
    for inner in reversed(_PAREN.findall(rest)):
        country = to_iso2(inner)
        if country:
            break
    value = rest.split(" (", 1)[0].strip() if "(" in rest else rest.strip()
    value = value.strip(" ,;")
    if kind == "other" and label.casefold().startswith("digital currency"):
        # "XBT 1Gq..." : the currency code, then the address the payment would name.
        parts = value.split()
        value = parts[-1] if parts else value
    imo = _IMO_VALUE.match(value)
    if imo:
        return Identifier("imo", imo.group(1))
    if not value:
        return None
    kind = _refine_kind(kind, value, country)
    if kind in _SPACE_FREE_KINDS:
        value = value.replace(" ", "")
        if kind in ("bic", "lei", "uscc"):
            value = value.upper()
    return Identifier(kind, value)


def _refine_kind(kind: str, value: str, country: str | None) -> str:
    """Russian INN/OGRN and Chinese USCC by country and shape; LEI by shape (ISO 17442)."""
    compact = value.replace(" ", "").replace("-", "")
    if kind == "tax":
        # INN (FTS numbering): 10 digits for an organisation, 12 for a natural person.
        if country == "RU" and _DIGITS.match(compact) and len(compact) in (10, 12):
            return "inn"
        if country == "CN" and _USCC.match(compact.upper()):
            return "uscc"
        return "tax_id"
    if kind == "reg":
        # EGRUL/EGRIP numbering: OGRN 13 digits; OGRNIP (a sole proprietor's) 15.
        if country == "RU" and _DIGITS.match(compact) and len(compact) in (13, 15):
            return "ogrn"
        if country == "CN" and _USCC.match(compact.upper()):
            return "uscc"
        return "reg"
    if kind == "lei":
        return "lei" if _LEI.match(compact.upper()) else "reg"
    if kind == "imo":
        # A vessel registration without "IMO" before it: an IMO number when its check digit holds
        # (IMO Res. A.1117(30): the digits weighted 7 to 2, summed, the last digit of the sum).
        if len(compact) == 7 and compact.isdigit():
            weighted = sum(int(d) * w for d, w in zip(compact[:6], range(7, 1, -1), strict=True))
            if weighted % 10 == int(compact[6]):
                return "imo"
        return "reg"
    return kind


# --- Dates and countries ------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_CIRCA = re.compile(r"^(?:circa|approximately|about)\s+", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """An OFAC date as ISO: "23 Nov 1962", "Nov 1962", "1962", "circa 1962", "1953 to 1958".

    Ranges become ISO 8601 intervals ("1953/1958", "1960-01-01/1962-12-31"); "circa" is dropped
    (the year is what the list gives). None when the text is not a date.
    """
    text = " ".join(text.split()).rstrip(".")
    text = _CIRCA.sub("", text)
    if " to " in text:
        start, _, end = text.partition(" to ")
        first, last = parse_date(start), parse_date(end)
        return f"{first}/{last}" if first and last else None
    match = _YEAR_RANGE.match(text)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        month = _MONTHS.get(match.group(2)[:3].casefold())
        if month is None:
            return None
        year, day = int(match.group(3)), int(match.group(1))
        try:
            return date(year, month, day).isoformat()
        except ValueError:  # "31 Feb": keep what is certain
            return f"{year:04d}-{month:02d}"
    match = _MONTH_YEAR.match(text)
    if match:
        month = _MONTHS.get(match.group(1)[:3].casefold())
        return f"{match.group(2)}-{month:02d}" if month else None
    match = _YEAR.match(text)
    return match.group(1) if match else None


_POSSIBLY = re.compile(r"^possibly\s+", re.IGNORECASE)
_LISTING_QUALIFIER = re.compile(r"^\([^)]*\)\s*:?\s*")


# --- Reading the files --------------------------------------------------------------------------

_NULL = "-0-"


def _cell(value: str) -> str:
    """A cell trimmed, its inner runs of spaces made one, and OFAC's null made empty."""
    value = value.strip()
    if "  " in value or "\t" in value or "\n" in value:
        value = " ".join(value.split())
    return "" if value == _NULL else value


def _raw_cell(value: str) -> str:
    """A remark or continuation as written (its edge spaces join the cut), null made empty."""
    return "" if value.strip() == _NULL else value


def _rows(path: Path, columns: int, what: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of an OFAC CSV with `columns` columns, as written; ListError if not.

    Cells are not trimmed: a remark cut at 1,000 characters may end in a space that its
    continuation needs ("...1027700070518 " + "(Russia)"). `_cell` cleans the others.
    """
    text = read_list_text(path).rstrip("\x1a\r\n \t")
    reader = csv.reader(io.StringIO(text, newline=""))
    first = True
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip("\x1a \t")):
                continue
            if first and cells[0].strip().casefold() == "ent_num":
                first = False
                continue  # a header row some mirrors add; OFAC's files have none
            first = False
            if len(cells) != columns:
                raise ListError(
                    f"expected {columns} comma-separated columns ({what}), found {len(cells)}",
                    file=str(path),
                    row=line,
                )
            if not cells[0].strip().isdigit():
                raise ListError(
                    f"expected a numeric ent_num in the first column ({what}), "
                    f"found {cells[0].strip()[:40]!r}",
                    file=str(path),
                    row=line,
                    field="ent_num",
                )
            yield line, cells
    except csv.Error as exc:
        raise ListError(
            f"not a readable CSV file: {exc}", file=str(path), row=reader.line_num
        ) from None


_PRIMARY_COLUMNS = "OFAC legacy CSV: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, " \
    "Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks"  # fmt: skip
_ALT_COLUMNS = "OFAC alternate names: ent_num, alt_num, alt_type, alt_name, alt_remarks"
_ADD_COLUMNS = "OFAC addresses: ent_num, add_num, address, city/state/postal, country, add_remarks"
_COMMENT_COLUMNS = "OFAC remarks continuation: ent_num, remarks_extended"


@dataclass
class _Record:
    """One primary row with what the companion files add to it."""

    line: int
    cells: list[str]
    aliases: list[tuple[int, str]] = field(default_factory=list)  # (alt_num, name)
    addresses: list[tuple[int, list[str]]] = field(default_factory=list)
    continuation: str = ""


# --- Entries ----------------------------------------------------------------------------------

_ENTITY_TYPES = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "": "organization",  # companies and organisations have SDN_Type -0- (SOURCES.md)
    "entity": "organization",
}


def _programs(text: str) -> tuple[str, ...]:
    """Program codes: `IRAN] [SDGT] [IFSR` (brackets only between values) -> IRAN, SDGT, IFSR."""
    return tuple(p.strip(" []") for p in text.split("] [") if p.strip(" []"))


def _name_key(name: str) -> str:
    """A list name for the Linked To lookup: OFAC's final period may eat a name's last dot."""
    return " ".join(name.upper().split()).rstrip(".")


def _address(cells: list[str]) -> str:
    return ", ".join(p for p in (cells[2], cells[3], cells[4]) if p)


def _notes(title: str, vessel: str, remarks: Remarks) -> str | None:
    parts = [*remarks.sanctions_notes]
    if title:
        parts.append(f"Title: {title}")
    if vessel:
        parts.append(vessel)
    # The Title column is usually repeated among the remarks.
    parts.extend(n for n in remarks.notes if n.casefold() != title.casefold())
    text = "; ".join(parts)
    if len(text) > NOTES_LIMIT:
        text = text[: NOTES_LIMIT - 1].rstrip() + "…"
    return text or None


def _vessel(cells: list[str]) -> str:
    """The vessel columns in words: `Vessel: type Tug, call sign CL2192, GRT 212, flag Cuba`."""
    _, _, _, _, _, call_sign, vess_type, tonnage, grt, flag, owner, _ = cells
    facts = [
        f"type {vess_type}" if vess_type else "",
        f"call sign {call_sign}" if call_sign else "",
        f"tonnage {tonnage}" if tonnage else "",
        f"GRT {grt}" if grt else "",
        f"flag {flag}" if flag else "",
        f"owner {owner}" if owner else "",
    ]
    text = ", ".join(f for f in facts if f)
    return f"Vessel: {text}" if text else ""


def _entry(
    layout: _Layout, ent_num: str, record: _Record, remarks: Remarks, ids: Mapping[str, str]
) -> Entry:
    cells = record.cells
    name, sdn_type, program, title = cells[1], cells[2].casefold(), cells[3], cells[4]
    call_sign, vess_flag, vess_owner = cells[5], cells[9], cells[10]
    entity_type = _ENTITY_TYPES.get(sdn_type, "unknown")
    programs = _programs(program)

    aliases: list[Alias] = []
    seen: set[tuple[str, bool]] = set()
    for _, alt in sorted(record.aliases):
        if (alt, True) not in seen:
            seen.add((alt, True))
            aliases.append(Alias(alt))
    for weak in remarks.weak_aliases:
        if weak and (weak, False) not in seen:
            seen.add((weak, False))
            aliases.append(Alias(weak, strong=False))

    countries: list[str] = []
    addresses: list[str] = []
    for _, add in sorted(record.addresses, key=lambda a: a[0]):
        code = to_iso2(add[4]) if add[4] else None
        if code:
            countries.append(code)
        # An address that names only a country says where, not which building.
        if add[2] or add[3]:
            addresses.append(_address(add))
    if entity_type == "vessel" and vess_flag:
        code = to_iso2(vess_flag)
        if code:
            countries.append(code)
    countries.extend(remarks.countries)

    identifiers = list(remarks.identifiers)
    if entity_type != "person":
        # OFAC writes "Identification Number" and "National ID No." for companies too: on an
        # organisation it is a registration number.
        identifiers = [
            Identifier("reg", i.value) if i.kind == "national_id" else i for i in identifiers
        ]
    if call_sign:
        identifiers.append(Identifier("other", call_sign.replace(" ", "")))

    relations = [
        Relation("linked_to", ids.get(_name_key(n)), n, "Linked To") for n in remarks.linked_to
    ]
    if vess_owner:
        relations.append(
            Relation("owned_by", ids.get(_name_key(vess_owner)), vess_owner, "vessel owner")
        )
    relations.extend(
        Relation("operated_by", ids.get(_name_key(n)), n, "aircraft operator")
        for n in remarks.operators
    )
    relations.extend(
        Relation("securities_issuer", ids.get(_name_key(n)), n, "Issuer Name (CMIC)")
        for n in remarks.issuers
    )

    url = DETAIL_URL.format(ent_num=ent_num)
    birth_dates = remarks.birth_dates if entity_type == "person" else ()
    if entity_type == "organization":
        # FtM's incorporationDate: the date an organisation came to be, which tells two
        # same-named companies apart as a birth date tells two people apart.
        birth_dates = (*birth_dates, *remarks.established)
    return Entry(
        list_id=layout.list_id,
        entry_id=ent_num,
        name=name,
        aliases=tuple(aliases),
        entity_type=entity_type,
        countries=_unique(countries),
        category="sanctions",
        programs=programs,
        designations=tuple(f"{layout.designation} {p} [ent_num {ent_num}]" for p in programs),
        identifiers=_unique(identifiers),
        addresses=_unique(addresses),
        birth_dates=_unique(list(birth_dates)),
        notes=_notes(title, _vessel(cells) if entity_type == "vessel" else "", remarks),
        sources=(url,),
        url=url,
        relations=_unique(relations),
        nationalities=remarks.nationalities,
        listed_on=min(remarks.listing_dates) if remarks.listing_dates else None,
    )


def _read(files: Mapping[str, Path], layout: _Layout) -> OfacParse:
    primary = files.get(layout.primary)
    if primary is None:
        raise ListError(f"{layout.list_id} needs {layout.primary}", file=layout.primary)
    records: dict[str, _Record] = {}
    for line, raw in _rows(primary, 12, _PRIMARY_COLUMNS):
        cells = [*(_cell(c) for c in raw[:11]), _raw_cell(raw[11])]
        ent_num = cells[0]
        if not cells[1]:
            raise ListError(
                "an entry without a name", file=str(primary), row=line, field="SDN_Name"
            )
        if ent_num in records:
            raise ListError(
                f"ent_num {ent_num} appears twice (first on line {records[ent_num].line})",
                file=str(primary),
                row=line,
                field="ent_num",
            )
        records[ent_num] = _Record(line, cells)
    if not records:
        raise ListError(f"no entries: expected {_PRIMARY_COLUMNS}", file=str(primary))

    orphan_aliases = orphan_addresses = orphan_comments = 0
    if (alt := files.get(layout.alt)) is not None:
        for line, raw in _rows(alt, 5, _ALT_COLUMNS):
            cells = [_cell(c) for c in raw]
            record = records.get(cells[0])
            if record is None:
                orphan_aliases += 1
            elif cells[3]:
                record.aliases.append((_alt_num(cells[1], alt, line), cells[3]))
    if (add := files.get(layout.add)) is not None:
        for line, raw in _rows(add, 6, _ADD_COLUMNS):
            cells = [_cell(c) for c in raw]
            record = records.get(cells[0])
            if record is None:
                orphan_addresses += 1
            else:
                record.addresses.append((_alt_num(cells[1], add, line), cells))
    if (comments := files.get(layout.comments)) is not None:
        for _, raw in _rows(comments, 2, _COMMENT_COLUMNS):
            record = records.get(_cell(raw[0]))
            # Only a remark that fills the field was cut; a continuation of anything else belongs
            # to another publication's remark.
            if record is None or len(record.cells[11]) < REMARKS_WIDTH:
                orphan_comments += 1
            else:
                record.continuation += _raw_cell(raw[1])

    ids = _name_ids(records)
    entries: list[Entry] = []
    truncated = 0
    names = 0
    for ent_num, record in records.items():
        text = record.cells[11]
        if record.continuation:
            text += record.continuation
        elif len(text) >= REMARKS_WIDTH and not text.endswith("."):
            # Cut with no continuation: the last fact is incomplete (a name cut mid-word).
            truncated += 1
            text = text.rsplit(";", 1)[0] if ";" in text else ""
        entry = _entry(layout, ent_num, record, parse_remarks(text), ids)
        names += 1 + len(entry.aliases)
        entries.append(entry)
    return OfacParse(
        parsed=ParsedList(entries=tuple(entries), published=None, names=names),
        unjoined=Unjoined(orphan_aliases, orphan_addresses, orphan_comments, truncated),
    )


def _alt_num(text: str, path: Path, line: int) -> int:
    if not text.isdigit():
        raise ListError(
            f"expected a number in the second column, found {text[:40]!r}",
            file=str(path),
            row=line,
        )
    return int(text)


def _name_ids(records: Mapping[str, _Record]) -> Mapping[str, str]:
    """Primary name -> ent_num, for names that only one entry carries."""
    found: dict[str, str | None] = {}
    for ent_num, record in records.items():
        key = _name_key(record.cells[1])
        found[key] = None if key in found else ent_num
    return {k: v for k, v in found.items() if v is not None}


# --- Public API -------------------------------------------------------------------------------


def read_sdn(files: Mapping[str, Path]) -> OfacParse:
    """The SDN list from sdn.csv (required), alt.csv, add.csv and sdn_comments.csv."""
    return _read(files, _SDN)


def read_cons(files: Mapping[str, Path]) -> OfacParse:
    """The consolidated non-SDN list from cons_prim.csv (required) and its companion files."""
    return _read(files, _CONS)


def parse_sdn(files: Mapping[str, Path]) -> ParsedList:
    """official.Parser for "ofac-sdn"."""
    return read_sdn(files).parsed


def parse_cons(files: Mapping[str, Path]) -> ParsedList:
    """official.Parser for "ofac-cons"."""
    return read_cons(files).parsed


def _files(names: tuple[str, str, str, str]) -> tuple[SourceFile, ...]:
    """The primary, alias, address and comments files, served by SLS under upper-case names.

    Without the alias file the strong aliases are missing and a name only an alias carries would
    never match: required with the primary file. Without the address file an entry loses its
    addresses and countries, which only ever lower a score (match.COUNTRY_CONFLICT); without the
    comments file a cut remark loses its last fact (counted in Unjoined): optional, though
    fetched with the others.
    """
    return tuple(
        SourceFile(name, f"{_SLS}{name.upper()}", required=index < 2, patterns=(name,))
        for index, name in enumerate(names)
    )


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="ofac-sdn",
        name="OFAC Specially Designated Nationals and Blocked Persons (SDN) List",
        publisher="US Treasury, Office of Foreign Assets Control",
        category="sanctions",
        homepage="https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
        files=_files(("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")),
        parse=parse_sdn,
        licence=_LICENCE,
        notes="Legacy CSV set: the four files of one publication belong together; alt.csv holds "
        "the strong aliases, the a.k.a.s in the remarks are OFAC's weak aliases.",
    ),
    OfficialSource(
        id="ofac-cons",
        name="OFAC Consolidated Sanctions List (non-SDN lists)",
        publisher="US Treasury, Office of Foreign Assets Control",
        category="sanctions",
        homepage="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
        files=_files(("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")),
        parse=parse_cons,
        licence=_LICENCE,
        notes="SSI, NS-PLC, NS-MBS, FSE, CAPTA and CMIC lists in the SDN file layout.",
    ),
)
