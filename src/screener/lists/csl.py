"""Parses the US Consolidated Screening List (trade.gov consolidated.csv) into common list entries.

The CSL merges thirteen export-control and sanctions lists of the Departments of Commerce (BIS
Entity List, Military End User, Unverified and Denied Persons lists), State (ITAR debarred,
nonproliferation sanctions) and the Treasury (OFAC SDN and the non-SDN lists) into one file with
one row per listing. Its `source` column names the sub-list; each row becomes one Entry whose
category (export-control or sanctions) and first program follow that sub-list. The CSL's own id is
kept and nothing is de-duplicated against the OFAC files: a party on both is two entries.

Format (https://www.trade.gov/consolidated-screening-list; quirks as observed in the 2022-05-16
file): UTF-8, a header row, RFC 4180 quoting; multi-valued cells are "; "-separated; an address is
"street, city, state, postal, country-ISO2"; an `ids` item is "[country, ][date, [date, ]]number,
type", the type being OFAC's ID-type wording ("Tax ID No.", "SWIFT/BIC", "Unified Social Credit
Code (USCC)", ...)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry, Identifier, Relation
from screener.normalize import analyze_name, detect_script, fold

FILE = "consolidated.csv"
HOMEPAGE = "https://www.trade.gov/consolidated-screening-list"
# OFAC's public page for one SDN or non-SDN record, keyed by its entity number (ent_num).
OFAC_DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"

# Columns a file must have to be a CSL: without them a row cannot become an entry. The id column is
# `_id` in the CSV (the API calls it `id`); either is accepted.
_REQUIRED = ("source", "name")
_ID_COLUMNS = ("_id", "id")


@dataclass(frozen=True, slots=True)
class SubList:
    """One list inside the CSL: its short name (the first program), category and agency."""

    code: str  # the abbreviation in the CSL's `source` wording, e.g. "EL"
    short: str  # e.g. "BIS Entity List"
    category: str  # model.LIST_CATEGORIES value
    ofac: bool  # a Treasury list whose records have an OFAC entity number


# The CSL's sub-lists, keyed by the abbreviation in brackets in the `source` column
# ("Entity List (EL) - Bureau of Industry and Security"). Categories: the BIS lists and State's
# ITAR debarment and nonproliferation sanctions restrict exports (issue 4: export-control); the
# Treasury lists are OFAC sanctions. Source: https://www.trade.gov/consolidated-screening-list.
SUB_LISTS: Mapping[str, SubList] = {
    s.code: s
    for s in (
        SubList("EL", "BIS Entity List", "export-control", False),
        SubList("MEU", "BIS Military End User List", "export-control", False),
        SubList("UVL", "BIS Unverified List", "export-control", False),
        SubList("DPL", "BIS Denied Persons List", "export-control", False),
        SubList("ISN", "State Nonproliferation Sanctions (ISN)", "export-control", False),
        SubList("DTC", "State ITAR Debarred (DDTC)", "export-control", False),
        SubList("SDN", "OFAC SDN", "sanctions", True),
        SubList("SSI", "OFAC Sectoral Sanctions Identifications (SSI)", "sanctions", True),
        SubList("FSE", "OFAC Foreign Sanctions Evaders (FSE)", "sanctions", True),
        SubList("PLC", "OFAC Palestinian Legislative Council (NS-PLC)", "sanctions", True),
        SubList("CAP", "OFAC CAPTA List", "sanctions", True),
        SubList("CMIC", "OFAC Non-SDN CMIC List", "sanctions", True),
        SubList("NS-MBS", "OFAC Non-SDN Menu-Based Sanctions (NS-MBS)", "sanctions", True),
    )
}
# A sub-list the table does not know yet is classed by the agency the `source` wording ends with,
# so that a list trade.gov adds is screened (under its own name) rather than dropped.
_AGENCY_CATEGORY: Mapping[str, tuple[str, bool]] = {
    "bureau of industry and security": ("export-control", False),
    "state department": ("export-control", False),
    "treasury department": ("sanctions", True),
}
_SOURCE_CODE = re.compile(r"\(([A-Z][A-Z-]*)(?: List)?\)")

# The CSL `type` column (OFAC records only); the other lists leave it blank.
_TYPES: Mapping[str, str] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# Words that make a name an organisation's when the list does not say (BIS, State and DPL rows have
# no type). Taken from the Entity List, MEU, ISN and DTC names of the 2022 file; a legal form
# (normalize's table: LLC, JSC, Co., Ltd. ...) is evidence too.
_ORG_WORDS = frozenset(
    {
        "academy", "administration", "aerospace", "agency", "airline", "airlines", "association",
        "authority", "aviation", "bank", "brigade", "bureau", "center", "centre", "chemical",
        "chemicals", "college", "commission", "committee", "company", "consulting", "corporation",
        "department", "design", "development", "electronic", "electronics", "energy", "engineering",
        "enterprise", "enterprises", "equipment", "export", "factory", "federal", "force", "forces",
        "foundation", "fund", "group", "guard", "holding", "holdings", "hospital", "import",
        "industrial", "industries", "industry", "institute", "instruments", "international",
        "laboratory", "labs", "limited", "logistics", "machinery", "manufacturing", "marine",
        "maritime", "materials", "metals", "military", "ministry", "movement", "network", "office",
        "oil", "organization", "organisation", "partners", "petroleum", "plant", "police", "power",
        "research", "school", "science", "sciences", "security", "services", "shipping", "shipyard",
        "society", "software", "solutions", "station", "systems", "technical", "technologies",
        "technology", "trade", "trading", "union", "university", "ventures", "works", "zavod"
    }
)  # fmt: skip

# `ids` types (OFAC's ID-type vocabulary, as the CSL carries it) that are identifiers, by the kind
# model.Identifier uses. Lower-case keys. Anything not here is a fact for the notes, or (when it
# is worded and shaped like a number) an identifier of kind "other"; see _identifier_kind.
_ID_KINDS: Mapping[str, str] = {
    # Identity documents of natural persons.
    "passport": "passport",
    "diplomatic passport": "passport",
    "stateless person passport": "passport",
    "british national overseas passport": "passport",
    "travel document number": "passport",
    "national id no.": "national_id",
    "national foreign id number": "national_id",
    "personal id card": "national_id",
    "identification number": "national_id",
    "cedula no.": "national_id",
    "c.u.r.p.": "national_id",
    "d.n.i.": "national_id",
    "n.i.e.": "national_id",
    "c.u.i.": "national_id",
    "ssn": "national_id",
    "tazkira national id card": "national_id",
    "turkish identification number": "national_id",
    "citizen's card number": "national_id",
    "numero de identidad": "national_id",
    "kenyan id no.": "national_id",
    "bosnian personal id no.": "national_id",
    "cnp (personal numerical code)": "national_id",
    "moroccan personal id no.": "national_id",
    "uae identification": "national_id",
    "refugee id card": "national_id",
    "stateless person id card": "national_id",
    "residency number": "national_id",
    "electoral registry no.": "national_id",
    "credencial electoral": "national_id",
    "i.f.e.": "national_id",
    # Tax numbers. A Russian "Tax ID No." is an INN (see _refine_kind).
    "tax id no.": "tax_id",
    "r.f.c.": "tax_id",
    "rfc": "tax_id",
    "nit #": "tax_id",
    "ruc #": "tax_id",
    "rif #": "tax_id",
    "rtn": "tax_id",
    "c.u.i.t.": "tax_id",
    "c.i.f.": "tax_id",
    "rsin": "tax_id",
    "italian fiscal code": "tax_id",
    "fiscal code": "tax_id",
    "us fein": "tax_id",
    "romanian tax registration": "tax_id",
    "paraguayan tax identification number": "tax_id",
    "numero unico de identificacao tributaria (nuit)": "tax_id",
    "v.a.t. number": "vat",
    # Company registers. A Russian 13/15-digit registration number is an OGRN, a Chinese
    # 18-character one a USCC (see _refine_kind).
    "registration number": "reg",
    "registration id": "reg",
    "company number": "reg",
    "uk company number": "reg",
    "commercial registry number": "reg",
    "business registration number": "reg",
    "business registration document #": "reg",
    "business number": "reg",
    "certificate of incorporation number": "reg",
    "chamber of commerce number": "reg",
    "dubai chamber of commerce membership no.": "reg",
    "istanbul chamber of comm. no.": "reg",
    "central registration system number": "reg",
    "c.r. no.": "reg",
    "romanian c.r.": "reg",
    "folio mercantil no.": "reg",
    "matricula mercantil no": "reg",
    "public registration number": "reg",
    "enterprise number": "reg",
    "branch unit number": "reg",
    "le number": "reg",
    "legal entity number": "reg",
    "file number": "reg",
    "trade license no.": "reg",
    "license": "reg",
    "tourism license no.": "reg",
    "registered charity no.": "reg",
    "msb registration number": "reg",
    "afghan money service provider license number": "reg",
    "unified social credit code (uscc)": "uscc",
    "united social credit code certificate (usccc)": "uscc",
    # Banks, vessels, contact details.
    "swift/bic": "bic",
    "vessel registration identification": "imo",
    "mmsi": "mmsi",
    "website": "website",
    "email address": "email",
    "phone number": "phone",
    # Other numbers that name one party or object.
    "government gazette number": "other",  # the Russian OKPO statistical code
    "bik (ru)": "other",  # the Bank of Russia's domestic bank code, not a SWIFT BIC
    "d-u-n-s number": "other",
    "isin": "other",
    "driver's license no.": "other",
    "birth certificate number": "other",
    "cartilla de servicio militar nacional": "other",
    "c.u.i.p.": "other",
    "immigration no.": "other",
    "pilot license number": "other",
    "visanumberid": "other",
    "sre permit no.": "other",
    "romanian permanent resident": "other",
    "public security and immigration no.": "other",
    "seafarer's identification document": "other",
    "serial no.": "other",
    "other vessel call sign": "other",
    "aircraft tail number": "other",
    "previous aircraft tail number": "other",
    "aircraft manufacturer's serial number (msn)": "other",
    "aircraft construction number (also called l/n or s/n or f/n)": "other",
    "aircraft serial identification": "other",
    "aircraft mode s transponder code": "other",
}
# Crypto-currency addresses ("Digital Currency Address - XBT") are identifiers of kind "other".
_DIGITAL_CURRENCY = "digital currency address"
# An unknown `ids` type is an identifier when it is worded like one and its value looks like one.
_ID_WORDING = re.compile(r"(?i)\b(?:no\.?|number|id|#|code|licen[cs]e|registration|passport|card)")
_ID_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{3,39}")
# Kinds whose values are written without spaces (a passport "RL 2325452" is "RL2325452").
_COMPACT_KINDS = frozenset(
    {"inn", "ogrn", "uscc", "lei", "imo", "bic", "mmsi", "vat", "passport", "national_id", "tax_id"}
)
_ALNUM_SPACES = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]*")
# The Russian Federal Tax Service's formats: an INN has 10 digits for an organisation and 12 for an
# individual; an OGRN 13 digits, an OGRNIP (sole proprietor) 15.
_INN = re.compile(r"\d{10}|\d{12}")
_OGRN = re.compile(r"\d{13}|\d{15}")
# USCC: 18 characters from the GB 32100-2015 alphabet (digits and capitals without I, O, S, V, Z).
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
_LEI = re.compile(r"[A-Z0-9]{18}\d{2}")  # ISO 17442: 18 characters and two check digits
_IMO = re.compile(r"(?i)(?:IMO\s*)?(\d{7})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
# A US street address in the DPL: "..., CITY, ST, 12345[-6789]" with no country after the ZIP.
_US_STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
    }
)  # fmt: skip
_US_ZIP = re.compile(r",\s*([A-Z]{2}),?\s+\d{5}(?:-\d{4})?$")
_SPACES = re.compile(r"\s+")
# BIS writes alias lists as "A; B; and C" and prefixes some with "-" (Federal Register style).
_ALIAS_LEAD = re.compile(r"^(?:and\s+|-\s*)", re.IGNORECASE)
# An alias cell that itself holds "X, a.k.a., Y" or "X (f.k.a., Y)": two names.
_AKA_INSIDE = re.compile(r",?\s+\(?[af]\.k\.a\.,?\s+", re.IGNORECASE)
_DOB_RANGE = re.compile(r"(\d{4})\s+to\s+(\d{4})")
_DOB_CIRCA = re.compile(r"(?i)circa\s+(\d{4})")
_DOB_PARTIAL = re.compile(r"\d{4}(?:-\d{2}){0,2}")
_LINKED_TO = "(Linked To: "
# Relations that name an OFAC record by its primary name, and so can be resolved to its id.
_RESOLVED_KINDS = frozenset({"linked_to", "owned_by", "operated_by"})
_MONTHS: Mapping[str, int] = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_OFAC_DATE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})\s+)?(\d{4})")
# The CSL has "?" where a character was lost in an encoding step (BIS' curly quotes and apostrophes:
# "China?s", "?Zvezdochka? Shipyard"); no listed name holds a real question mark.
_LOST_APOSTROPHE = re.compile(r"(?<=\w)\?(?=\w)")


def _source_files() -> tuple[SourceFile, ...]:
    return (
        SourceFile(
            name=FILE,
            url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
            patterns=("consolidated*.csv", "consolidated*.tsv", "csl*.csv", "csl*.tsv"),
        ),
    )


def parse(files: Mapping[str, Path]) -> ParsedList:
    """The CSL's entries, one per row, from its consolidated.csv (or the TSV twin).

    Raises ListError naming file, line and column when the file is missing, not UTF-8 text, lacks
    the CSL columns, or has a row that is not a record (ragged, or without a name or source).
    """
    path = files.get(FILE)
    if path is None:
        raise ListError(f"the CSL needs its {FILE}", hint="download or import it first")
    text = _read_text(path)
    return parse_text(text, file=str(path))


def parse_text(text: str, *, file: str = FILE) -> ParsedList:
    """Parse CSL text already read (the file's content, BOM removed)."""
    rows = list(_records(text, file))
    ids = entry_ids(rows)
    entries = tuple(_entry(row, entry_id) for row, entry_id in zip(rows, ids, strict=True))
    entries = _link(entries, [row["_id"].strip() for row in rows])
    names = sum(len(e.all_aliases()) for e in entries)
    return ParsedList(entries=entries, published=None, names=names, version=None)


def entry_ids(rows: Sequence[Mapping[str, str]]) -> list[str]:
    """Each row's entry id: the CSL `_id`, made unique by the sub-list when the id repeats.

    OFAC records on several OFAC lists (SDN and CAPTA, SSI, NS-MBS...) are one row per list with
    the same `_id` (the OFAC entity number): 71 ids in the 2022-05-16 file. Each row stays an entry
    of its own (its sub-list decides its program), the SDN row keeps the bare id and the others get
    the sub-list code, e.g. "34616" and "34616-CAP".
    """
    raw = [row["_id"].strip() for row in rows]
    codes = [sub_list(row["source"]).code for row in rows]
    counts = Counter(raw)
    bare: dict[str, int] = {}
    for i, (entry_id, code) in enumerate(zip(raw, codes, strict=True)):
        if counts[entry_id] > 1 and (entry_id not in bare or code == "SDN"):
            bare[entry_id] = i
    result: list[str] = []
    taken: set[str] = set()
    for i, (entry_id, code) in enumerate(zip(raw, codes, strict=True)):
        candidate = entry_id if bare.get(entry_id, i) == i else f"{entry_id}-{code}"
        n = 2
        unique = candidate
        while unique in taken:
            unique = f"{candidate}-{n}"
            n += 1
        taken.add(unique)
        result.append(unique)
    return result


# --- Reading ------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListError(
            f"cannot read the CSL file: {exc.strerror or exc}", file=str(path)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ListError(
            "the CSL file is not UTF-8 text",
            file=str(path),
            row=line,
            hint="trade.gov publishes UTF-8; download consolidated.csv again",
        ) from None


def _records(text: str, file: str) -> Iterator[dict[str, str]]:
    """Every data row by lower-case column name, the header checked first.

    Errors name the line the record starts on: a quoted cell may span lines.
    """
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ListError("the CSL file is empty", file=file, row=1) from None
    except csv.Error as exc:
        raise ListError(f"the CSL header is not CSV: {exc}", file=file, row=1) from None
    lowered = [h.lower() for h in header]
    missing = [c for c in _REQUIRED if c not in lowered]
    if not any(c in lowered for c in _ID_COLUMNS):
        missing.insert(0, _ID_COLUMNS[0])
    if missing:
        raise ListError(
            f"not a Consolidated Screening List: no {', '.join(missing)} column",
            file=file,
            row=1,
            field=missing[0],
            hint="expected trade.gov consolidated.csv (_id, source, name, ... ids)",
        )
    id_column = next(c for c in _ID_COLUMNS if c in lowered)
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListError(f"unreadable CSV record: {exc}", file=file, row=start) from None
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ListError(
                f"record has {len(cells)} fields, the header has {len(header)}",
                file=file,
                row=start,
                hint="the file is truncated or not the CSL's CSV",
            )
        row = dict(zip(lowered, cells, strict=True))
        row["_id"] = row.get(id_column, "")
        for column in ("_id", *_REQUIRED):
            if not row[column].strip():
                raise ListError(f"record without a {column}", file=file, row=start, field=column)
        yield row


# --- One row ------------------------------------------------------------------------------------


def sub_list(source: str) -> SubList:
    """The sub-list a `source` value names; an unknown one is classed by its agency."""
    match = _SOURCE_CODE.search(source)
    if match and match.group(1) in SUB_LISTS:
        return SUB_LISTS[match.group(1)]
    agency = source.rsplit(" - ", 1)[-1].strip().lower()
    category, ofac = _AGENCY_CATEGORY.get(agency, ("export-control", False))
    short = source.rsplit(" - ", 1)[0].strip() if " - " in source else source.strip()
    return SubList(match.group(1) if match else short, short, category, ofac)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _clean_name(text: str) -> str:
    """A name with spaces collapsed and the CSL's lost quotes and apostrophes put back."""
    text = _clean(text)
    if "?" in text:
        text = _LOST_APOSTROPHE.sub("'", text).replace("?", '"')
    return text


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _split(cell: str, sep: str = ";") -> list[str]:
    return [p for p in (_clean(x) for x in cell.split(sep)) if p]


def _entry(row: Mapping[str, str], entry_id: str) -> Entry:
    source = sub_list(row["source"])
    name = _clean_name(row["name"])
    addresses = _unique(_split(row.get("addresses", ""), "; "))
    countries: list[str] = []
    for address in addresses:
        code = _address_country(address)
        if code and code not in countries:
            countries.append(code)
    flag = to_iso2(row.get("vessel_flag") or None)
    if flag and flag not in countries:
        countries.append(flag)
    nationalities: list[str] = []
    for column in ("citizenships", "nationalities"):
        for value in _split(row.get(column, "")):
            code = to_iso2(value)
            if code and code not in nationalities:
                nationalities.append(code)
    birth_dates = _unique(_birth_date(d) or "" for d in _split(row.get("dates_of_birth", "")))
    ids = _ids(row.get("ids", ""), countries)
    identifiers = ids.identifiers
    call_sign = _clean(row.get("call_sign", ""))
    if call_sign:
        identifiers.append(Identifier("other", call_sign.replace(" ", "")))
    ent_num = row.get("entity_number", "").strip()
    programs = _unique((source.short, *_split(row.get("programs", ""))))
    # The CSL's start_date (BIS, State lists), else the earliest OFAC "Listing Date" feature.
    listed_on = _iso_date(row.get("start_date", "")) or min(ids.listed, default=None)
    relations = list(_linked_to(row.get("remarks", "")))
    owner = _clean(row.get("vessel_owner", ""))
    if owner:
        relations.append(Relation("owned_by", None, owner, "vessel owner"))
    relations.extend(Relation("operated_by", None, n, "aircraft operator") for n in ids.operators)
    relations.extend(
        Relation("securities_issuer", None, n, "Issuer Name (CMIC)") for n in ids.issuers
    )
    entity_type = _entity_type(row, name)
    if entity_type == "organization":
        # As the OFAC parser does (FtM's incorporationDate): an organisation's founding date tells
        # two same-named companies apart as a birth date tells two people apart.
        birth_dates = _unique((*birth_dates, *ids.established))
    return Entry(
        list_id="us-csl",
        entry_id=entry_id,
        name=name,
        aliases=_aliases(row.get("alt_names", ""), name),
        entity_type=entity_type,
        countries=tuple(countries),
        category=source.category,
        programs=programs,
        designations=(_designation(row, source, ent_num),),
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=addresses,
        birth_dates=birth_dates,
        notes=_notes(row, ids.facts),
        sources=_unique(
            _clean(row.get(c, "")) for c in ("source_list_url", "source_information_url")
        ),
        url=_url(row, source, ent_num),
        relations=_unique_relations(relations),
        nationalities=tuple(nationalities),
        listed_on=listed_on,
    )


def _unique_relations(relations: Iterable[Relation]) -> tuple[Relation, ...]:
    return tuple(dict.fromkeys(relations))


def _aliases(cell: str, name: str) -> tuple[Alias, ...]:
    """The alt_names cell as aliases: BIS list punctuation removed, inner a.k.a.s split out."""
    seen = {fold(name)}
    aliases: list[Alias] = []
    for piece in _split(cell):
        piece = _ALIAS_LEAD.sub("", _clean_name(piece))
        for part in _AKA_INSIDE.split(piece):
            part = part.strip(" ,")
            if part.endswith(")") and part.count(")") > part.count("("):
                part = part[:-1].rstrip()  # the ")" closing an "(f.k.a., X)" split above
            key = fold(part)
            if part and key not in seen:
                seen.add(key)
                aliases.append(Alias(part, script=detect_script(part)))
    return tuple(aliases)


def _entity_type(row: Mapping[str, str], name: str) -> str:
    listed = _TYPES.get(row.get("type", "").strip().lower())
    if listed:
        return listed
    # BIS, State and DPL rows carry no type: call a name with a legal form or an organisation word
    # an organisation, a name with a birth date, birthplace or nationality a person, and leave the
    # rest "unknown" rather than guess (a wrong "person" would penalise company-form matches).
    words = set(fold(name).split())
    if words & _ORG_WORDS or analyze_name(name).legal_forms:
        return "organization"
    if any(row.get(c, "").strip() for c in ("dates_of_birth", "places_of_birth", "citizenships")):
        return "person"
    return "unknown"


def _address_country(address: str) -> str | None:
    """The ISO code an address ends with; a DPL US street address (state and ZIP) is US."""
    last = address.rsplit(",", 1)[-1].strip()
    if _COUNTRY_CODE.fullmatch(last):
        return to_iso2(last)
    us = _US_ZIP.search(address)
    if us and us.group(1) in _US_STATES:
        return "US"
    if last and not any(ch.isdigit() for ch in last):
        return to_iso2(last)
    return None


def _birth_date(text: str) -> str | None:
    """ISO forms of the CSL's birth dates: "1962-08-06", "1967", "circa 1960", "1953 to 1958"."""
    text = text.strip()
    match = _DOB_RANGE.fullmatch(text)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    match = _DOB_CIRCA.fullmatch(text)
    if match:
        return match.group(1)
    if _DOB_PARTIAL.fullmatch(text):
        return text
    return None


def _iso_date(text: str) -> str | None:
    text = text.strip()
    return text if _ISO_DATE.fullmatch(text) else None


# --- ids ----------------------------------------------------------------------------------------


@dataclass
class _IdFacts:
    """What one `ids` cell says: identifiers, facts for the notes, and dated or named facts."""

    identifiers: list[Identifier] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)  # "Aircraft Operator"
    issuers: list[str] = field(default_factory=list)  # "Issuer Name" (CMIC securities)
    established: list[str] = field(default_factory=list)  # "Organization Established Date", ISO
    listed: list[str] = field(default_factory=list)  # "Listing Date (...)", ISO


def _ids(cell: str, countries: Sequence[str]) -> _IdFacts:
    """The `ids` cell as identifiers, and the items that are facts (gender, directives...)."""
    found = _IdFacts()
    for item in _split(cell, "; "):
        parts = [p.strip() for p in item.split(", ")]
        id_type = parts[-1]
        rest = parts[:-1]
        if not rest:
            continue
        country: str | None = None
        if len(rest) >= 2 and _COUNTRY_CODE.fullmatch(rest[0]) and to_iso2(rest[0]):
            country = to_iso2(rest.pop(0))
        # Issue and expiry dates come before the number ("JO, 2014-08-30, 2009-08-31, K475336").
        while len(rest) >= 2 and _ISO_DATE.fullmatch(rest[0]):
            rest.pop(0)
        kind = _identifier_kind(id_type, rest[0])
        if kind is not None:
            kind, value = _refine_kind(kind, rest[0], country, countries)
            if value:
                found.identifiers.append(Identifier(kind, value))
            continue
        value = ", ".join(rest)
        label = id_type.rstrip(" :-")
        lowered = label.lower()
        # The same relations and dates the OFAC parser takes from these OFAC features.
        if lowered == "aircraft operator":
            found.operators.append(value)
        elif lowered == "issuer name":
            found.issuers.append(value)
        elif lowered == "organization established date" and (date := _ofac_date(value)):
            found.established.append(date)
        elif lowered.startswith("listing date") and (date := _ofac_date(value)):
            found.listed.append(date)
        if not value.lower().startswith("for more information"):
            found.facts.append(f"{label}: {value}")
    return found


def _ofac_date(text: str) -> str | None:
    """ISO form of OFAC's "13 Jul 1990", "Jul 1990" or "1990"."""
    match = _OFAC_DATE.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    number = _MONTHS.get(month.lower()) if month else None
    if number is None:
        return year if month is None and day is None else None
    return f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}"


def _identifier_kind(id_type: str, value: str) -> str | None:
    key = id_type.lower()
    if key in _ID_KINDS:
        return _ID_KINDS[key]
    if key.startswith(_DIGITAL_CURRENCY):
        return "other"
    if (
        _ID_WORDING.search(id_type)
        and _ID_SHAPE.fullmatch(value)
        and any(c.isdigit() for c in value)
    ):
        return "other"
    return None


def _refine_kind(
    kind: str, value: str, country: str | None, countries: Sequence[str]
) -> tuple[str, str]:
    """The kind a generic OFAC type stands for in its country, and the value cleaned."""
    value = value.strip()
    if kind == "imo":
        # An IMO ship number has 7 digits (IMO Resolution A.1117(30)); anything else is kept, as
        # written, as an identifier of no known scheme.
        match = _IMO.fullmatch(value)
        return ("imo", match.group(1)) if match else ("other", value)
    if kind in _COMPACT_KINDS and _ALNUM_SPACES.fullmatch(value):
        value = value.replace(" ", "")
    russian = country == "RU" or (country is None and "RU" in countries)
    if kind == "tax_id" and russian and _INN.fullmatch(value):
        return "inn", value
    if kind == "reg":
        compact = value.replace(" ", "")
        if russian and _OGRN.fullmatch(compact):
            return "ogrn", compact
        if (country == "CN" or (country is None and "CN" in countries)) and _USCC.fullmatch(
            compact
        ):
            return "uscc", compact
        if _LEI.fullmatch(compact):
            return "lei", compact
    if kind == "bic":
        return "bic", value.replace(" ", "").upper()
    return kind, value


# --- Text fields --------------------------------------------------------------------------------


def _linked_to(remarks: str) -> Iterator[Relation]:
    """OFAC's "(Linked To: NAME)" remarks, the name's own brackets kept ("IRGC (QODS FORCE)")."""
    start = remarks.find(_LINKED_TO)
    while start >= 0:
        i = start + len(_LINKED_TO)
        depth = 1
        j = i
        while j < len(remarks) and depth:
            if remarks[j] == "(":
                depth += 1
            elif remarks[j] == ")":
                depth -= 1
            j += 1
        other = _clean(remarks[i : j - 1] if depth == 0 else remarks[i:])
        if other:
            yield Relation("linked_to", None, other, "Linked To")
        start = remarks.find(_LINKED_TO, j)


def _designation(row: Mapping[str, str], source: SubList, ent_num: str) -> str:
    """One line saying which list, program, notice and dates, e.g. for the report."""
    text = source.short
    programs = "; ".join(_split(row.get("programs", "")))
    if programs:
        text += f" {programs}"
    details: list[str] = []
    notice = _clean(row.get("federal_register_notice", ""))
    if notice:
        details.append(notice)
    start = _iso_date(row.get("start_date", ""))
    end = _iso_date(row.get("end_date", ""))
    if start and end:
        details.append(f"{start} to {end}")
    elif start:
        details.append(f"from {start}")
    elif end:
        details.append(f"until {end}")
    if row.get("standard_order", "").strip().upper() == "Y":
        details.append("standard order")
    if details:
        text += f" ({', '.join(details)})"
    if ent_num:
        text += f" [ent_num {ent_num}]"
    requirement = _clean(row.get("license_requirement", "")).rstrip(".")
    policy = _clean(row.get("license_policy", "")).rstrip(".")
    if requirement:
        text += f"; license requirement: {requirement}"
    if policy:
        text += f"; license policy: {policy}"
    return text


def _notes(row: Mapping[str, str], facts: Sequence[str]) -> str | None:
    parts: list[str] = []
    title = _clean(row.get("title", ""))
    if title:
        parts.append(f"Title: {title}")
    remarks = _clean(row.get("remarks", ""))
    if remarks:
        parts.append(remarks)
    births = "; ".join(_split(row.get("places_of_birth", "")))
    if births:
        parts.append(f"Place of birth: {births}")
    vessel = [
        f"{label} {value}"
        for label, column in (
            ("vessel type", "vessel_type"),
            ("gross tonnage", "gross_tonnage"),
            ("GRT", "gross_registered_tonnage"),
            ("flag", "vessel_flag"),
        )
        if (value := _clean(row.get(column, "")))
    ]
    if vessel:
        parts.append("Vessel: " + ", ".join(vessel))
    parts.extend(facts)
    return ". ".join(p.rstrip(".") for p in parts) + "." if parts else None


def _url(row: Mapping[str, str], source: SubList, ent_num: str) -> str:
    if source.ofac and ent_num.isdigit():
        return OFAC_DETAILS_URL.format(ent_num)
    for column in ("source_information_url", "source_list_url"):
        value = _clean(row.get(column, ""))
        if value.startswith(("http://", "https://")):
            return value
    return HOMEPAGE


def _link(entries: tuple[Entry, ...], raw_ids: Sequence[str]) -> tuple[Entry, ...]:
    """Point each relation at the sanctions entry of that exact name, when there is just one."""
    # "Linked To", vessel owner and aircraft operator name OFAC records by their primary names, so
    # only the OFAC (sanctions) entries are candidates, and only an unambiguous name is resolved:
    # to the bare OFAC id, which is the record's SDN (or first) entry when it is on several lists.
    by_name: dict[str, set[str]] = {}
    for entry, raw_id in zip(entries, raw_ids, strict=True):
        if entry.category == "sanctions":
            by_name.setdefault(fold(entry.name), set()).add(raw_id)
    linked: list[Entry] = []
    for entry in entries:
        relations = tuple(
            replace(rel, other_id=next(iter(ids)))
            if rel.other_id is None
            and rel.kind in _RESOLVED_KINDS
            and len(ids := by_name.get(fold(rel.other_name), set())) == 1
            else rel
            for rel in entry.relations
        )
        linked.append(
            replace(entry, relations=relations) if relations != entry.relations else entry
        )
    return tuple(linked)


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="us-csl",
        name="US Consolidated Screening List (CSL)",
        publisher=(
            "US Department of Commerce, International Trade Administration, for Commerce (BIS), "
            "State and Treasury (OFAC)"
        ),
        # Mixed list: the parser sets each entry's category from its sub-list.
        category="export-control",
        homepage=HOMEPAGE,
        files=_source_files(),
        parse=parse,
        licence="US Government work, public domain in the US (17 U.S.C. 105)",
        notes=(
            "Entity List, MEU, Unverified, Denied Persons, ITAR debarred and ISN entries are "
            "export-control; OFAC SDN and non-SDN entries are sanctions. OFAC entries also come "
            "from the OFAC sources: not de-duplicated."
        ),
    ),
)
