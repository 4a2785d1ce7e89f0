"""Parses the BIS Denied Persons List flat file (dpl.txt) into one entry per denied party.

Format (BIS flat file, as published; quirks in data/lists/SOURCES.md): tab-separated, every field
double-quoted, a header row `Name, Street_Address, City, State, Country, Postal_Code,
Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation`, one row per
denial order and address, so one party spans several rows. Effective and expiration dates are
MM/DD/YYYY, Last_Update is YYYY-MM-DD, Country is an ISO alpha-2 code (blank for most US rows,
whose State column is a US state). The list has no record ids: an entry's id is its name in
capitals and hyphens ("FUYI-SUN-A-K-A-FRANK-SUN").

A denial order under 15 CFR 764 (standard terms: Supplement No. 1 to Part 764 of the EAR) bars the
party from any export transaction subject to the EAR, and anyone from facilitating one, until the
order expires; temporary denial orders (TDOs, 15 CFR 766.24) are renewed every 180 days or a year.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists import read_list_text
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry
from screener.normalize import analyze_name, fold

# The BIS page for the list; entries have no page of their own.
HOMEPAGE = (
    "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
    "denied-persons-list"
)
# The legacy flat file (SOURCES.md: may be retired; the same list is in the trade.gov CSL, source
# "Denied Persons List (DPL) - Bureau of Industry and Security").
FILE_URL = "https://www.bis.doc.gov/dpl/dpl.txt"

COLUMNS: tuple[str, ...] = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)  # fmt: skip
# Without these a row is not a denial order of a named party.
_REQUIRED = ("Name", "Effective_Date")

# Words that make a DPL name an organisation when it carries no legal form ("AZUR AIR", "GLOBE
# METALS", "ELMONT INTERNATIONAL"): read off the 2023-11-30 file's 545 names.
_ORG_WORDS = frozenset(
    {
        "air", "airlines", "airways", "aviation", "aero", "aerospace", "group", "technology",
        "technologies", "technik", "tech", "services", "service", "international", "trade",
        "trading", "metals", "computers", "contracting", "electronics", "electrocom", "systems",
        "industries", "company", "corporation", "enterprise", "enterprises", "results",
        "vertriebs", "anstalt", "web", "net", "emtrasur", "techonweb", "bank", "export", "import",
    }
)  # fmt: skip
# USPS codes of the states, DC, the territories and the armed forces' postal regions: a DPL row
# with one of them in State and no Country is a US address.
US_STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
        "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
        "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
        "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP", "UM", "AA", "AE", "AP",
    }
)  # fmt: skip
# A generational suffix or an honorific only a person carries.
_PERSON_NAME = re.compile(r"(?:,?\s(?:JR|SR|II|III|IV)\.?$)|^MR\.?\s|^MRS\.?\s|^MS\.?\s")
# Addresses of prisoners: "INCARCERATED AT USM NO:", "INMATE NUMBER:", "REGISTER NUMBER".
_PERSON_ADDRESS = re.compile(r"\b(?:INCARCERATED|INMATE|USM NO|REG(?:ISTER)? (?:NO|NUMBER))\b")
_ALIAS_SPLIT = re.compile(r"\s+(?:A/K/A|AKA|A\.K\.A\.|D/B/A|DBA|F/K/A|FKA)\s+")
_PAREN_ALIAS = re.compile(r"\(\s*(?:A/K/A|AKA|A\.K\.A\.)\s+([^()]+)\)")
_PAREN = re.compile(r"\s*\(([^()]+)\)\s*")
_QUOTED = re.compile(r'\s*"([^"]+)"\s*')
# A parenthesised or quoted part shorter than this is an initial or a fragment ("GE SONG TAO
# (GE)"), not a name a document would carry: as an alias it would only make noise.
MIN_ALIAS_LENGTH = 4


@dataclass(frozen=True, slots=True)
class _Order:
    effective: str | None
    expires: str | None
    standard: bool | None
    citation: str
    temporary: bool


@dataclass
class _Party:
    name: str
    addresses: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    orders: list[_Order] = field(default_factory=list)
    prisoner: bool = False


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _clean(text: str) -> str:
    """A cell without edge spaces, inner runs of spaces made one, no space before a comma."""
    return re.sub(r"\s+,", ",", " ".join(text.split()))


def _mdy(text: str, path: Path, row: int, column: str) -> str | None:
    """MM/DD/YYYY as ISO; blank is None; anything else is a ListError naming the cell."""
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match.group(3)), int(match.group(1)), int(match.group(2))).isoformat()
    except ValueError:
        raise ListError(
            f"expected a date as MM/DD/YYYY, found {text[:30]!r}",
            file=str(path),
            row=row,
            field=column,
        ) from None


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _names(name: str) -> tuple[str, list[Alias]]:
    """The party's name and its aliases from "X A/K/A Y", "X (A.K.A. Y) Z", "X (Y)", 'X "Y" Z'.

    The name is the list's wording less its "A/K/A ..." parts: "FUYI SUN A/K/A FRANK SUN" is
    FUYI SUN, also known as FRANK SUN; a name with an insert ("SAMMY (IHSAN MEDHAT) ELASHI") stays
    as written, and the name without the insert is an alias.
    """
    aliases: list[Alias] = []
    parts = _ALIAS_SPLIT.split(name)
    primary, others = parts[0], parts[1:]
    aliases.extend(Alias(other) for other in others)
    inner = _PAREN_ALIAS.search(primary)
    if inner:
        aliases.append(Alias(inner.group(1).strip()))
        primary = _clean(_PAREN_ALIAS.sub(" ", primary))
    for pattern in (_PAREN, _QUOTED):
        match = pattern.search(primary)
        if match is None:
            continue
        # The name without the insert is how documents write it ("SAMMY ELASHI"); the insert
        # replaces the words before it ("SAMMY (IHSAN MEDHAT) ELASHI": IHSAN MEDHAT ELASHI;
        # 'SHAOHUA "ERIC" WANG': ERIC WANG), or is the whole other name when it ends the name
        # ("ASMAT (APPLIED SYSTEMS ...)"); a one-word other name is an acronym: weak.
        bare = _clean(pattern.sub(" ", primary))
        if bare and bare != primary:
            aliases.append(Alias(bare))
        insert = match.group(1).strip()
        other = _clean(f"{insert} {primary[match.end() :]}")
        if len(insert) >= MIN_ALIAS_LENGTH:
            aliases.append(Alias(other, strong=len(other.split()) > 1))
    return primary, aliases


def _entity_type(name: str, prisoner: bool) -> str:
    words = set(fold(name).split())
    if words & _ORG_WORDS or analyze_name(name).legal_forms:
        return "organization"
    if prisoner or _PERSON_NAME.search(name):
        return "person"
    # Most other DPL names are people, but a wrong "person" would count against a company-form
    # match (match.LEGAL_FORM_CONFLICT): leave the rest unknown.
    return "unknown"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-") or "UNNAMED"


def _header(cells: list[str], path: Path) -> dict[str, int]:
    found = {c.strip().casefold(): i for i, c in enumerate(cells)}
    missing = [c for c in COLUMNS if c.casefold() not in found]
    if [c for c in _REQUIRED if c in missing] or len(missing) > len(COLUMNS) // 2:
        raise ListError(
            f"expected the Denied Persons List header ({', '.join(COLUMNS)}); "
            f"missing {', '.join(missing)}",
            file=str(path),
            row=1,
            field=missing[0],
        )
    return {c: found[c.casefold()] for c in COLUMNS if c.casefold() in found}


def parse(files: Mapping[str, Path]) -> ParsedList:
    """official.Parser for "bis-dpl": dpl.txt rows grouped into one entry per party name."""
    path = files.get("dpl.txt")
    if path is None:
        raise ListError("bis-dpl needs dpl.txt", file="dpl.txt")
    reader = csv.reader(io.StringIO(read_list_text(path), newline=""), delimiter="\t")
    try:
        header = next(reader, None)
        if header is None:
            raise ListError("empty file: expected the Denied Persons List", file=str(path))
        columns = _header(header, path)
        today = date.today()
        parties: dict[str, _Party] = {}
        updates: list[date] = []
        # A date BIS mistyped in one row costs that row its date, not the list its use; a column
        # in which no date reads at all is the wrong format (ListError at its first cell).
        bad_dates: dict[str, ListError] = {}
        good_dates: set[str] = set()

        def read_date(text: str, row: int, column: str) -> str | None:
            try:
                value = _mdy(text, path, row, column)
            except ListError as exc:
                bad_dates.setdefault(column, exc)
                return None
            if value is not None:
                good_dates.add(column)
            return value

        for cells in reader:
            row = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ListError(
                    f"expected {len(header)} tab-separated columns, found {len(cells)}",
                    file=str(path),
                    row=row,
                )

            def cell(column: str, cells: list[str] = cells) -> str:
                index = columns.get(column)
                return _clean(cells[index]) if index is not None else ""

            name = cell("Name").rstrip(" ,")
            if not name:
                raise ListError("a row without a name", file=str(path), row=row, field="Name")
            # Names are kept apart as the list writes them (AL-NASER and AL NASER AIRLINES are two
            # names); only spacing and case differ between rows of one party (" I. ASH").
            key = name.upper()
            party = parties.setdefault(key, _Party(name))
            street, city, state = cell("Street_Address"), cell("City"), cell("State")
            country = cell("Country")
            code = to_iso2(country) if country else None
            if code is None and (state.upper() in US_STATES or country.upper() in US_STATES):
                # A US state in State, or in Country (2023-11-30: "NM" for Anthony, New Mexico).
                code = "US"
            if code:
                party.countries.append(code)
            locality = " ".join(p for p in (state, cell("Postal_Code")) if p)
            address = ", ".join(p for p in (street, city, locality, country) if p)
            if address:
                party.addresses.append(address)
            if _PERSON_ADDRESS.search(street.upper()):
                party.prisoner = True
            standard = cell("Standard_Order").upper()
            party.orders.append(
                _Order(
                    effective=read_date(cell("Effective_Date"), row, "Effective_Date"),
                    expires=read_date(cell("Expiration_Date"), row, "Expiration_Date"),
                    standard=None if not standard else standard == "Y",
                    citation=cell("FR_Citation"),
                    temporary="TDO" in cell("Action").upper(),
                )
            )
            updated = _iso(cell("Last_Update"))
            # A file cannot have been updated after today: the 2023-11-30 file's 3033-09-30 for
            # "JOSE ERNESTO GARCIA" is a typo for 2023 (SOURCES.md) and must not date the list.
            if updated and updated <= today:
                updates.append(updated)
    except csv.Error as exc:
        raise ListError(
            f"not a readable tab-separated file: {exc}", file=str(path), row=reader.line_num
        ) from None
    if not parties:
        raise ListError("no entries: expected rows under the header", file=str(path))
    for column, error in bad_dates.items():
        if column not in good_dates:
            raise error

    entries: list[Entry] = []
    used: set[str] = set()
    names = 0
    for party in parties.values():
        entry_id = _slug(party.name)
        n = 2
        while entry_id in used:
            entry_id, n = f"{_slug(party.name)}-{n}", n + 1
        used.add(entry_id)
        entry = _entry(entry_id, party)
        names += 1 + len(entry.aliases)
        entries.append(entry)
    return ParsedList(
        entries=tuple(entries),
        published=max(updates).isoformat() if updates else None,
        names=names,
    )


def _entry(entry_id: str, party: _Party) -> Entry:
    name, aliases = _names(party.name)
    seen = {name}
    unique_aliases: list[Alias] = []
    for alias in aliases:
        if alias.name not in seen:
            seen.add(alias.name)
            unique_aliases.append(alias)
    orders = list(dict.fromkeys(party.orders))
    designations = _unique(_designation(o) for o in orders)
    effective = sorted(o.effective for o in orders if o.effective)
    notes: list[str] = []
    if any(o.temporary for o in orders):
        notes.append("temporary denial order (TDO, 15 CFR 766.24), renewable")
    if any(o.standard is False for o in orders):
        notes.append("non-standard denial order: read its terms in the Federal Register")
    expiries = sorted({o.expires for o in orders if o.expires})
    if expiries:
        notes.append(f"order expires {', '.join(expiries)}")
    return Entry(
        list_id="bis-dpl",
        entry_id=entry_id,
        name=name,
        aliases=tuple(unique_aliases),
        entity_type=_entity_type(name, party.prisoner),
        countries=_unique(party.countries),
        category="export-control",
        programs=("DPL",),
        designations=designations,
        addresses=_unique(party.addresses),
        notes="; ".join(notes) or None,
        sources=_unique(f"Federal Register {o.citation}" for o in orders if o.citation),
        url=HOMEPAGE,
        listed_on=effective[0] if effective else None,
    )


def _designation(order: _Order) -> str:
    text = "BIS Denied Persons List"
    if order.temporary:
        text += " (temporary denial order)"
    if order.effective:
        text += f", effective {order.effective}"
    if order.expires:
        text += f", expires {order.expires}"
    if order.citation:
        text += f" [{order.citation}]"
    return text


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="bis-dpl",
        name="BIS Denied Persons List",
        publisher="US Department of Commerce, Bureau of Industry and Security",
        category="export-control",
        homepage=HOMEPAGE,
        files=(SourceFile("dpl.txt", FILE_URL, patterns=("dpl.txt", "dpl*.txt")),),
        parse=parse,
        licence="US Government work: public domain in the US (17 U.S.C. 105)",
        notes="The legacy flat file may be retired; the same list is in the trade.gov "
        "Consolidated Screening List (source csl).",
    ),
)
