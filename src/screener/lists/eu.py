"""Parser for the EU Consolidated Financial Sanctions List (FSF), in its XML and CSV v1.1 formats.

The XML (namespace http://eu.europa.ec/fpi/fsd/export) has an `<export generationDate=...
globalFileId=...>` root and one `<sanctionEntity logicalId euReferenceNumber unitedNationId
designationDate designationDetails>` per listed person or entity, holding `remark`, `regulation`
(@programme, @numberTitle, publicationUrl), `subjectType@code` (person, enterprise) and repeated
`nameAlias`, `citizenship`, `birthdate`, `address` (with `contactInfo@key` WEB, PHONE, FAX, EMAIL)
and `identification` elements. The CSV is the same data flattened into 118 semicolon-separated
columns (`fileGenerationDate;Entity_LogicalId;...;NameAlias_WholeName;...;Citizenship_...`),
several rows per entity; rows are grouped by `Entity_LogicalId` and their parts read back into
the XML's shape, so that both formats give the same entries, save one thing: the CSV has no
column for `@strong`, so there only "low quality" remarks mark an alias weak.

Quirks handled (the list data's SOURCES.md, "EU FSF XML v1.1"): `@strong="false"` and remarks such
as "low quality aliias" [sic] mark weak aliases; names carry double spaces; an ISLAMIC
`calendarType` birthdate gives Hijri year/month/day beside its Gregorian `@birthdate`; circa
birthdates give a year range; country code "00" means unknown; identity documents carry
`@knownExpired` / `@knownFalse`.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

from screener.countries import country_name, to_iso2
from screener.errors import ListError
from screener.lists import read_list_text
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.lists.uk import (
    clean,
    clean_identifier,
    contact_identifiers,
    identifiers_in_text,
    iso_date,
    refine_identifier,
    script_of,
    short_note,
)
from screener.model import Alias, Entry, Identifier

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
EU_HOMEPAGE = (
    "https://data.europa.eu/data/datasets/"
    "consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions"
)
EU_XML_URL = (
    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
    "?token=dG9rZW4tMjAxNw"
)
EU_CSV_URL = (
    "https://webgate.ec.europa.eu/fsd/fsf/public/files/csvFullSanctionsList_1_1/content"
    "?token=dG9rZW4tMjAxNw"
)
EU_XML = "FULL-1_1.xml"
EU_CSV = "FULL-1_1.csv"

_XML_EXPECTED = f"the EU FSF XML v1.1: an <export> root in namespace {NAMESPACE}"
_CSV_EXPECTED = (
    "the EU FSF CSV v1.1: semicolon-separated, with a header naming 'Entity_LogicalId' and "
    "'NameAlias_WholeName'"
)

# EU identification type codes (the FSF code list, as the XML's identificationTypeCode gives it)
# -> the base kind `refine_identifier` sharpens, or a model kind used as it is.
_DOCUMENT_KINDS: Mapping[str, str] = {
    "passport": "passport",
    "id": "national_id",
    "nrn": "national_id",  # national register number
    "ssn": "national_id",
    "nationcert": "national_id",
    "regnumber": "reg",
    "tradelic": "reg",
    "fiscalcode": "tax",
    "swiftbic": "bic",
    "imo": "imo",
    "birthcert": "other",
    "drivinglicence": "other",
    "travelcardid": "other",
    "electionid": "other",
    "residentperm": "other",
    "other": "other",
}
# Identity-document flags worth a reviewer's attention when an input matches the number.
_DOCUMENT_FLAGS: tuple[tuple[str, str], ...] = (
    ("knownExpired", "known expired"),
    ("knownFalse", "known false"),
    ("reportedLost", "reported lost"),
    ("revokedByIssuer", "revoked by issuer"),
)
_CONTACT_KINDS: Mapping[str, str] = {
    "PHONE": "phone",
    "FAX": "phone",
    "EMAIL": "email",
    "WEB": "website",
}
# "good quality alias", "low quality aliias" [sic], "lo quality": the list's alias grading notes.
_QUALITY = re.compile(r"\b(?:(?P<low>low?)|good|high|god)\s+quality\b", re.I)
# A remark that is only such a note (it says nothing else worth keeping in the entry's notes).
_QUALITY_ONLY = re.compile(r"(?:low?|good|high|god)\s+quality(?:\s+a\.?k\.?a\.?|\s+\w+)?", re.I)


def _is_true(value: str | None) -> bool:
    return clean(value).lower() in ("true", "1", "yes", "y")


@dataclass
class _Record:
    """One sanctionEntity in the XML's shape: its attributes and its parts' attributes."""

    attrs: dict[str, str]
    number: int  # record number (XML) or first row (CSV), for error messages
    subject: str = ""
    remarks: list[str] = field(default_factory=list)
    regulations: list[dict[str, str]] = field(default_factory=list)
    names: list[dict[str, str]] = field(default_factory=list)
    citizenships: list[dict[str, str]] = field(default_factory=list)
    birthdates: list[dict[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    identifications: list[dict[str, str]] = field(default_factory=list)
    contacts: list[tuple[str, str]] = field(default_factory=list)


# --- Reading parts -------------------------------------------------------------------------------


def _country(part: Mapping[str, str]) -> str | None:
    """A part's ISO alpha-2 country: its code when valid, else its description; "00" is unknown."""
    code = clean(part.get("countryIso2Code")).upper()
    if code and code != "00" and (code == "XK" or pycountry.countries.get(alpha_2=code)):
        return code
    description = clean(part.get("countryDescription"))
    if description and description.upper() != "UNKNOWN":
        return to_iso2(description)
    return None


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a tabular Islamic calendar date (civil epoch, 16 July 622 Julian).

    Arithmetic rule of Dershowitz & Reingold, "Calendrical Calculations": days before the month
    (alternating 30/29) plus 354 days a year plus the 11 leap days of each 30-year cycle. The
    tabular calendar can differ by a day from the sighted one the lists' sources used.
    """
    jdn = day + (295 * (month - 1) + 9) // 10 + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(jdn - 1721425)


def _int(value: str | None) -> int | None:
    text = clean(value)
    return int(text) if text.isdigit() and int(text) > 0 else None


def birth_date(part: Mapping[str, str]) -> str | None:
    """A birthdate part as ISO text: "1982-04-19", "1965-04", "1965" or a range "1953/1958"."""
    exact = iso_date(part.get("birthdate"))
    if exact:
        # For an ISLAMIC calendarType this is already the Gregorian equivalent of the Hijri parts.
        return exact
    start, end = _int(part.get("yearRangeFrom")), _int(part.get("yearRangeTo"))
    if start or end:
        low, high = start or end, end or start
        return f"{low:04d}" if low == high else f"{low:04d}/{high:04d}"
    year = _int(part.get("year"))
    if year is None:
        return None
    month, day = _int(part.get("monthOfYear")), _int(part.get("dayOfMonth"))
    if clean(part.get("calendarType")).upper() == "ISLAMIC":
        try:
            if month and day:
                return hijri_to_gregorian(year, month, day).isoformat()
            # A Hijri year (or month) overlaps two Gregorian years: give the range.
            first = hijri_to_gregorian(year, month or 1, 1).year
            last = hijri_to_gregorian(year, month or 12, 29).year
        except ValueError:
            return None
        return f"{first:04d}" if first == last else f"{first:04d}/{last:04d}"
    return iso_date(
        f"{year:04d}-{month:02d}-{day:02d}"
        if month and day
        else f"{year:04d}-{month:02d}"
        if month
        else f"{year:04d}"
    )


def _whole_name(part: Mapping[str, str]) -> str:
    whole = clean(part.get("wholeName"))
    if whole:
        return whole
    return " ".join(
        p for key in ("firstName", "middleName", "lastName") if (p := clean(part.get(key)))
    )


def _weak(part: Mapping[str, str]) -> bool:
    """Whether the list marks this alias weak: @strong="false" or a "low quality" remark."""
    if clean(part.get("strong")).lower() == "false":
        return True
    m = _QUALITY.search(part.get("remark", ""))
    return bool(m and m.group("low"))


def _primary(names: Sequence[dict[str, str]]) -> dict[str, str]:
    """The name an entry is shown under; the FSF marks none as primary.

    Among strong aliases, the one carrying the `function` (the list writes a person's or
    entity's role on its main name), then a Latin-script one, then the oldest record (lowest
    logicalId: the name of the original listing). In the 2026-08-05 extract this picks the
    listing's heading name for each of the five entities.
    """
    strong = [n for n in names if not _weak(n)] or list(names)

    def rank(n: dict[str, str]) -> tuple[int, int, int]:
        latin = script_of(_whole_name(n)) in ("Latn", None)
        logical = _int(n.get("logicalId")) or 1 << 62
        return (0 if clean(n.get("function")) else 1, 0 if latin else 1, logical)

    return min(strong, key=rank)


def _address_text(part: Mapping[str, str]) -> str | None:
    pieces: list[str] = []
    po_box = clean(part.get("poBox"))
    for text in (
        clean(part.get("street")),
        f"PO Box {po_box}" if po_box else "",
        clean(part.get("city")),
        clean(part.get("zipCode")),
        clean(part.get("region")),
        clean(part.get("place")),
    ):
        text = text.strip(" ,")
        if text and text != "-" and text not in pieces:
            pieces.append(text)
    if not pieces:
        return None  # a country alone is in Entry.countries already
    code = _country(part)
    country = country_name(code) if code else clean(part.get("countryDescription"))
    if country and country.upper() != "UNKNOWN":
        pieces.append(country)
    return ", ".join(pieces)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W", "", a).upper() == re.sub(r"\W", "", b).upper()


def _document(part: Mapping[str, str], russian: bool) -> tuple[list[Identifier], str | None]:
    """An identification part's identifiers and, if it is flagged expired or false, a note.

    Passports and identity cards are taken as they are. Other numbers are typed by the words of
    their description and remark ("Registration Number" + "(OGRN)" is an OGRN, "Tax
    identification number" with INN check digits an INN), else by their document type code.
    """
    code = clean(part.get("identificationTypeCode")).lower()
    base = _DOCUMENT_KINDS.get(code, "other")
    words = f"{clean(part.get('identificationTypeDescription'))} {clean(part.get('remark'))}"
    out: list[Identifier] = []
    for number in dict.fromkeys((clean(part.get("number")), clean(part.get("latinNumber")))):
        if not number:
            continue
        found: tuple[str, str] | None
        if base in ("passport", "national_id"):
            found = (base, clean_identifier(base, number))
        else:
            typed = [
                i
                for i in identifiers_in_text(
                    f"{words}: {number}", russian=russian, labelled_only=True
                )
                if _same(i.value, number)
            ]
            found = (
                (typed[-1].kind, typed[-1].value)
                if typed
                else refine_identifier(base, number, russian=russian)
            )
            if found is None:  # no digit at all, say: keep it as the list gives it
                kind = {"tax": "tax_id", "bic": "other", "imo": "other"}.get(base, base)
                found = (kind, clean_identifier(kind, number))
        ident = Identifier(*found)
        if ident.value and ident not in out:
            out.append(ident)
    flags = [text for attr, text in _DOCUMENT_FLAGS if _is_true(part.get(attr))]
    note = None
    if flags and out:
        where = _country(part)
        what = clean(part.get("identificationTypeDescription")) or code or "document"
        note = f"{what} {out[0].value}" + (f" ({where})" if where else "") + ": " + ", ".join(flags)
    return out, note


def _contacts(text: str) -> list[tuple[str, str]]:
    """(key, value) pairs from a CSV contact cell: "PHONE +98 21...; WEB http://..." or bare."""
    pairs: list[tuple[str, str]] = []
    pieces = re.split(
        r"(?=\b(?:PHONE|FAX|EMAIL|WEB)\b)|(?=(?:PHONE|FAX|EMAIL|WEB)(?=[:=+\w]))", text
    )
    for piece in pieces:
        m = re.match(r"\s*(PHONE|FAX|EMAIL|WEB)\s*[:=]?\s*(.*)", piece, re.S)
        if m:
            pairs.append((m.group(1), m.group(2).strip(" ;,")))
        elif piece.strip(" ;,"):
            rest = piece.strip(" ;,")
            pairs.extend(("EMAIL", v) for v in re.findall(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", rest))
            pairs.extend(("WEB", v) for v in re.findall(r"(?:https?://|www\.)\S+", rest))
            phones = re.sub(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+|(?:https?://|www\.)\S+", " ", rest)
            if sum(c.isdigit() for c in phones) >= 5:
                pairs.append(("PHONE", phones))
    return pairs


def _entry(record: _Record, path: Path) -> Entry:
    attrs = record.attrs
    logical_id = clean(attrs.get("logicalId"))
    eu_ref = clean(attrs.get("euReferenceNumber"))
    entry_id = eu_ref or logical_id
    if not entry_id:
        raise ListError(
            f"sanctionEntity without a logicalId: expected {_XML_EXPECTED}",
            file=str(path),
            row=record.number,
            field="logicalId",
        )
    named = [n for n in record.names if _whole_name(n)]
    if not named:
        raise ListError(
            f"entity {entry_id} has no nameAlias with a name",
            file=str(path),
            row=record.number,
            field="nameAlias",
        )
    primary = _whole_name(_primary(named))
    aliases: dict[str, Alias] = {}
    notes: list[str] = [*record.remarks, clean(attrs.get("designationDetails"))]
    for part in named:
        name = _whole_name(part)
        strong = not _weak(part)
        known = aliases.get(name)
        if known is None or (strong and not known.strong):
            lang = clean(part.get("nameLanguage")).lower() or None
            aliases[name] = Alias(name, strong, script_of(name), lang)
        if function := clean(part.get("function")):
            notes.append(function)
        remark = clean(part.get("remark"))
        if remark and not _QUALITY_ONLY.fullmatch(remark.strip(" .")):
            notes.append(remark)

    countries: list[str] = []
    addresses: list[str] = []
    for part in record.addresses:
        country = _country(part)
        if country and country not in countries:
            countries.append(country)
        text = _address_text(part)
        if text and text not in addresses:
            addresses.append(text)
        if remark := clean(part.get("remark")):
            notes.append(remark)
    nationalities: list[str] = []
    for part in record.citizenships:
        country = _country(part)
        if country and country not in nationalities:
            nationalities.append(country)
    russian = "RU" in countries or "RU" in nationalities

    identifiers: list[Identifier] = []
    for part in record.identifications:
        found, note = _document(part, russian)
        identifiers.extend(i for i in found if i not in identifiers)
        if note:
            notes.append(note)
    for key, value in record.contacts:
        kind = _CONTACT_KINDS.get(key.upper())
        if kind:
            identifiers.extend(i for i in contact_identifiers(kind, value) if i not in identifiers)
    for remark in record.remarks:
        identifiers.extend(
            i
            for i in identifiers_in_text(remark, russian=russian, labelled_only=True)
            if i not in identifiers
        )

    birth_dates: list[str] = []
    for part in record.birthdates:
        when = birth_date(part)
        if when and when not in birth_dates:
            birth_dates.append(when)

    designated = iso_date(attrs.get("designationDate"))
    refs = [f"EU ref {eu_ref}" if eu_ref else "", f"logicalId {logical_id}" if logical_id else ""]
    if un_id := clean(attrs.get("unitedNationId")):
        refs.append(f"UN ref {un_id}")
    ref_text = "; ".join(r for r in refs if r)
    programs: list[str] = []
    designations: list[str] = []
    sources: list[str] = []
    for regulation in record.regulations:
        programme = clean(regulation.get("programme"))
        if programme and programme not in programs:
            programs.append(programme)
        act = clean(regulation.get("numberTitle"))
        text = (
            f"EU FSF {programme or 'regime not given'}"
            + (f" ({designated})" if designated else "")
            + f" [{ref_text}]"
            + (f": act {act}" if act else "")
        )
        if text not in designations:
            designations.append(text)
        url = clean(regulation.get("publicationUrl"))
        if url and url not in sources:
            sources.append(url)
    subject = record.subject.lower()
    entity_type = (
        "person"
        if subject in ("person", "p")
        else "organization"
        if subject in ("enterprise", "e")
        else "unknown"
    )
    return Entry(
        list_id="eu-fsf",
        entry_id=entry_id,
        name=primary,
        # Latin-script names first, then other scripts, each in the list's order.
        aliases=tuple(
            sorted(
                (a for n, a in aliases.items() if n != primary),
                key=lambda a: a.script not in ("Latn", None),
            )
        ),
        entity_type=entity_type,
        countries=tuple(countries),
        category="sanctions",
        programs=tuple(programs),
        designations=tuple(designations),
        identifiers=tuple(identifiers),
        addresses=tuple(addresses),
        birth_dates=tuple(birth_dates),
        notes=short_note(notes),
        sources=tuple(sources),
        # The act that (last) amended the listing, on EUR-Lex: the EU's own page naming the entry.
        url=sources[0] if sources else EU_HOMEPAGE,
        nationalities=tuple(nationalities),
        listed_on=designated,
    )


def _parsed(entries: Sequence[Entry], published: str | None, version: str | None) -> ParsedList:
    names = sum(1 + len(e.aliases) for e in entries)
    return ParsedList(entries=tuple(entries), published=published, names=names, version=version)


# --- XML ------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _remarks(el: ET.Element) -> str:
    return " ".join(clean(r.text) for r in el if _local(r.tag) == "remark" and clean(r.text))


def _part(el: ET.Element) -> dict[str, str]:
    part = dict(el.attrib)
    part["remark"] = _remarks(el)
    return part


def _xml_record(el: ET.Element, number: int) -> _Record:
    record = _Record(attrs=dict(el.attrib), number=number)
    for child in el:
        tag = _local(child.tag)
        if tag == "remark":
            if text := clean(child.text):
                record.remarks.append(text)
        elif tag == "regulation":
            part = dict(child.attrib)
            for sub in child:
                if _local(sub.tag) == "publicationUrl":
                    part["publicationUrl"] = clean(sub.text)
            record.regulations.append(part)
        elif tag == "subjectType":
            record.subject = clean(child.get("code")) or clean(child.get("classificationCode"))
        elif tag == "nameAlias":
            record.names.append(_part(child))
        elif tag == "citizenship":
            record.citizenships.append(_part(child))
        elif tag == "birthdate":
            record.birthdates.append(_part(child))
        elif tag == "address":
            record.addresses.append(_part(child))
            record.contacts.extend(
                (clean(c.get("key")), clean(c.get("value")))
                for c in child
                if _local(c.tag) == "contactInfo"
            )
        elif tag == "identification":
            record.identifications.append(_part(child))
    return record


def parse_xml(path: Path) -> ParsedList:
    """Parse the EU FSF XML v1.1 (`<export>` root, one `<sanctionEntity>` per listed party)."""
    entries: list[Entry] = []
    published: str | None = None
    version: str | None = None
    number = 0
    depth = 0
    root_seen = False
    try:
        # iterparse keeps memory flat on the ~25 MB file; expat (>= 2.4, bundled with CPython
        # 3.11) refuses entity-expansion bombs and ElementTree never fetches external entities.
        for event, el in ET.iterparse(str(path), events=("start", "end")):
            if event == "start":
                depth += 1
                if not root_seen:
                    root_seen = True
                    if el.tag != f"{{{NAMESPACE}}}export":
                        raise ListError(
                            f"root element is <{el.tag}>: expected {_XML_EXPECTED}",
                            file=str(path),
                            field=_local(el.tag),
                        )
                    published = iso_date(el.get("generationDate"))
                    version = clean(el.get("globalFileId")) or None
                continue
            depth -= 1
            # sanctionEntity elements sit directly under the root (depth 1 once closed).
            if depth == 1 and _local(el.tag) == "sanctionEntity":
                number += 1
                entries.append(_entry(_xml_record(el, number), path))
                el.clear()
    except ET.ParseError as exc:
        raise ListError(
            f"not well-formed XML: {exc}", file=str(path), row=exc.position[0]
        ) from None
    except OSError as exc:
        raise ListError(
            f"cannot read the EU FSF file: {exc.strerror or exc}", file=str(path)
        ) from None
    if not root_seen:
        raise ListError(f"empty file: expected {_XML_EXPECTED}", file=str(path))
    return _parsed(entries, published, version)


# --- CSV ------------------------------------------------------------------------------------------

# CSV column suffixes whose XML attribute name is not the suffix with a lower-case first letter.
_CSV_ATTRIBUTES: Mapping[str, str] = {
    "Day": "dayOfMonth",
    "Month": "monthOfYear",
    "BirthDate": "birthdate",
    "IssuedDate": "issueDate",
    "TypeCode": "identificationTypeCode",
    "TypeDescription": "identificationTypeDescription",
    "EU_ReferenceNumber": "euReferenceNumber",
}
_CSV_PARTS: Mapping[str, str] = {
    "NameAlias": "names",
    "Address": "addresses",
    "BirthDate": "birthdates",
    "Identification": "identifications",
    "Citizenship": "citizenships",
}
_CSV_DATES = frozenset(
    {
        "birthdate",
        "issueDate",
        "validFrom",
        "validTo",
        "designationDate",
        "entryIntoForceDate",
        "publicationDate",
    }
)


def _attribute(suffix: str) -> str:
    return _CSV_ATTRIBUTES.get(suffix) or suffix[:1].lower() + suffix[1:]


@dataclass
class _CsvColumns:
    """Where each CSV column goes: entity attribute, entity regulation, or a part's attribute."""

    entity: dict[int, str] = field(default_factory=dict)
    regulation: dict[int, str] = field(default_factory=dict)
    parts: dict[str, dict[int, str]] = field(default_factory=dict)
    logical_id: int = -1
    generation: int = -1
    subject: list[int] = field(default_factory=list)


def _csv_columns(header: Sequence[str]) -> _CsvColumns:
    columns = _CsvColumns()
    for i, raw in enumerate(header):
        name = clean(raw).lstrip("\ufeff")
        prefix, _, suffix = name.partition("_")
        if name == "fileGenerationDate":
            columns.generation = i
        elif prefix == "Entity":
            if suffix.startswith("Regulation_"):
                columns.regulation[i] = _attribute(suffix[len("Regulation_") :])
            elif suffix.startswith("SubjectType"):
                # Both subject columns are read: real files have put the code ("person") in
                # either `Entity_SubjectType` or `Entity_SubjectType_ClassificationCode`.
                columns.subject.append(i)
            else:
                columns.entity[i] = _attribute(suffix)
                if suffix == "LogicalId":
                    columns.logical_id = i
        elif prefix in _CSV_PARTS and not suffix.startswith("Regulation_"):
            columns.parts.setdefault(_CSV_PARTS[prefix], {})[i] = _attribute(suffix)
    return columns


def _values(cells: Sequence[str], mapping: Mapping[int, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, attr in mapping.items():
        if i < len(cells) and (value := cells[i].strip()):
            out[attr] = (iso_date(value) or value) if attr in _CSV_DATES else value
    return out


def _add_part(bucket: list[dict[str, str]], part: dict[str, str]) -> None:
    """Add a part once: the CSV repeats it on every row of the entity's other parts."""
    if not any(v for k, v in part.items() if k not in ("regulationLanguage",)):
        return
    if part not in bucket:
        bucket.append(part)


def parse_csv(path: Path) -> ParsedList:
    """Parse the EU FSF CSV v1.1 (semicolon-separated, several rows per entity)."""
    text = read_list_text(path, "the EU FSF file")
    records: dict[str, _Record] = {}
    columns: _CsvColumns | None = None
    published: str | None = None
    line = 0
    try:
        # Rows are counted as records: remarks hold line breaks inside quoted cells.
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        for line, cells in enumerate(rows, 1):
            if columns is None:
                names = [clean(c).lstrip("\ufeff") for c in cells]
                if "Entity_LogicalId" in names:
                    if "NameAlias_WholeName" not in names:
                        raise ListError(
                            f"missing column 'NameAlias_WholeName': expected {_CSV_EXPECTED}",
                            file=str(path),
                            row=line,
                            field="NameAlias_WholeName",
                        )
                    columns = _csv_columns(cells)
                elif len(cells) >= 2 and names[0] == "fileGenerationDate":
                    published = iso_date(cells[1])  # a "fileGenerationDate;date" preamble line
                elif line >= 5 or (names and names[0] and len(cells) < 2):
                    raise ListError(
                        f"no header row: expected {_CSV_EXPECTED}", file=str(path), row=line
                    )
                continue
            if not any(c.strip() for c in cells):
                continue
            logical_id = (
                cells[columns.logical_id].strip() if columns.logical_id < len(cells) else ""
            )
            if not logical_id:
                raise ListError(
                    "row without an Entity_LogicalId",
                    file=str(path),
                    row=line,
                    field="Entity_LogicalId",
                )
            if published is None and 0 <= columns.generation < len(cells):
                published = iso_date(cells[columns.generation])
            record = records.get(logical_id)
            if record is None:
                record = records[logical_id] = _Record(
                    attrs=_values(cells, columns.entity), number=line
                )
                remark = record.attrs.pop("remark", "")
                if remark:
                    record.remarks.append(remark)
            if not record.subject:
                record.subject = next(
                    (
                        s
                        for i in columns.subject
                        if i < len(cells)
                        if (s := cells[i].strip()).lower() in ("person", "enterprise", "p", "e")
                    ),
                    "",
                )
            regulation = _values(cells, columns.regulation)
            if regulation and regulation not in record.regulations:
                record.regulations.append(regulation)
            for bucket_name, mapping in columns.parts.items():
                part = _values(cells, mapping)
                contact = part.pop("contactInfo", "")
                if contact:
                    for pair in _contacts(contact):
                        if pair not in record.contacts:
                            record.contacts.append(pair)
                _add_part(getattr(record, bucket_name), part)
    except csv.Error as exc:
        raise ListError(f"not a readable CSV file: {exc}", file=str(path), row=line) from None
    if columns is None:
        raise ListError(f"no header row: expected {_CSV_EXPECTED}", file=str(path))
    entries = [_entry(record, path) for record in records.values()]
    return _parsed(entries, published, None)


def parse(files: Mapping[str, Path]) -> ParsedList:
    """Parse the EU FSF list from its XML if given, else from its CSV."""
    if EU_XML in files:
        return parse_xml(files[EU_XML])
    if EU_CSV in files:
        return parse_csv(files[EU_CSV])
    raise ListError(f"no EU FSF file: expected {EU_XML} or {EU_CSV}", hint=f"download {EU_XML_URL}")


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="eu-fsf",
        name="EU Consolidated Financial Sanctions List (FSF)",
        publisher="European Commission (Financial Sanctions Files)",
        category="sanctions",
        homepage=EU_HOMEPAGE,
        files=(
            SourceFile(
                EU_XML,
                EU_XML_URL,
                required=False,
                patterns=("*full*1_1*.xml", "*fullsanctionslist*.xml", "*eu*fsf*.xml"),
            ),
            # The same data as CSV: import-only, so that a fetch downloads one copy.
            SourceFile(
                EU_CSV,
                None,
                required=False,
                patterns=("*full*1_1*.csv", "*fullsanctionslist*.csv", "*eu*fsf*.csv"),
            ),
        ),
        parse=parse,
        licence="European Commission reuse policy (Decision 2011/833/EU): reuse with attribution",
        notes=(
            "Fetches the XML v1.1; an imported CSV v1.1 copy "
            f"({EU_CSV_URL}) is parsed when no XML is present. Entry ids are EU reference numbers "
            "(EU.3579.2), or the FSF logicalId where an entity has none."
        ),
    ),
)

__all__ = ["SOURCES", "birth_date", "hijri_to_gregorian", "parse", "parse_csv", "parse_xml"]
