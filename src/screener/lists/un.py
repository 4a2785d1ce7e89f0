"""Parses the UN Security Council Consolidated List (consolidated.xml) into common list entries.

Format: the XML the UN publishes at scsanctions.un.org (schema
https://www.un.org/sc/resources/sc-sanctions.xsd): no namespace; root CONSOLIDATED_LIST with a
dateGenerated attribute; INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records whose names are split
over FIRST_NAME..FOURTH_NAME, with INDIVIDUAL_ALIAS (QUALITY Good or Low) or ENTITY_ALIAS (QUALITY
a.k.a. or f.k.a.), NATIONALITY, *_ADDRESS, INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE EXACT,
APPROXIMATELY or BETWEEN with DATE, YEAR or FROM_YEAR/TO_YEAR), INDIVIDUAL_DOCUMENT, UN_LIST_TYPE
(the sanctions regime), REFERENCE_NUMBER (the public reference, e.g. "QDi.001") and LISTED_ON.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from screener.countries import to_iso2
from screener.errors import ListError
from screener.lists.official import OfficialSource, ParsedList, SourceFile
from screener.model import Alias, Entry, Identifier, Relation
from screener.normalize import detect_script, fold

FILE = "consolidated.xml"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
HOMEPAGE = "https://www.un.org/securitycouncil/content/un-sc-consolidated-list"
ROOT = "CONSOLIDATED_LIST"

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_SPACES = re.compile(r"\s+")
# REFERENCE_NUMBER: regime prefix, i (individual) or e (entity), a number ("KPe.001").
_REFERENCE = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
# Month names and abbreviations as the list's notes write them ("Nov. 1973", "August 1961").
_MONTHS: Mapping[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"([A-Za-z]{3,9})\.?"
_MONTH_YEAR = re.compile(rf"{_MONTH}\s+(\d{{4}})")
_MONTHS_YEAR = re.compile(rf"(?i)between\s+{_MONTH}\s+and\s+{_MONTH}\s+(\d{{4}})")
# Several names in one ALIAS_NAME: "a; b", "a) x b) y", "ORIGINAL (latin 1; latin 2)".
_ENUMERATION = re.compile(r"(?:^|\s+)[a-z]\)\s+")
_ORIGINAL_SCRIPT_NOTE = re.compile(r"\s*\(original script\)\s*$", re.IGNORECASE)
_ORIGINAL_SCRIPT_LABEL = re.compile(r"^\s*original script:\s*", re.IGNORECASE)
# Identifiers the narrative (COMMENTS1, address notes) gives for entities: IMO ship and company
# numbers (7 digits), SWIFT/BIC codes (ISO 9362: 8 or 11 characters), e-mail addresses, websites.
_IMO = re.compile(r"\bIMO\)?\s*(?:[Nn]umber|No\.?)?\s*:?\s*(\d{7})\b")
_SWIFT = re.compile(r"\bSWIFT(?:/BIC)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(r"(?i)\bweb\s?site:\s*((?:https?://)?[\w.-]+\.[a-z]{2,}[^\s)\];,]*)")
# A document number inside a note when NUMBER is empty ("Tunisian passport number L 191609",
# "Italian Fiscal Code: DAOMMD74T11Z352Z", "SSN 156-92-9858", "04643632 issued on ...").
_NOTE_NUMBER = re.compile(
    r"(?:(?i:number|no\.|code:|ssn|card)\s*:?\s*|^)"
    r"([A-Z]{0,6}[-\s]{0,2}\d[\dA-Z]*(?:-\d[\dA-Z]*)*)\b"
)
_ALNUM_SPACES = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]*")
# Document types, from TYPE_OF_DOCUMENT and the free-text TYPE_OF_DOCUMENT2 (EN/FR/ES wording).
_OTHER_DOCUMENTS = (
    "birth certificate",
    "ration card",
    "driver",
    "voter",
    "student",
    "military",
    "ex-serviceman",
    "fardc",
    "residential card",
    "certificate of",
    "other id",
)
_NATIONAL_DOCUMENTS = (
    "national",
    "identity",
    "identification",
    "social security",
    "personal",
    "civil",
    "id card",
)


def _source_files() -> tuple[SourceFile, ...]:
    return (
        SourceFile(
            name=FILE,
            url=URL,
            patterns=("consolidated*.xml", "un_consolidated*.xml", "un-consolidated*.xml"),
        ),
    )


def parse(files: Mapping[str, Path]) -> ParsedList:
    """The UN list's entries, individuals then entities, from its consolidated.xml.

    Raises ListError naming the file (and the record, counted from 1 in file order) when the file
    is missing, not well-formed XML, not the consolidated list, or has a record without its
    reference number or name.
    """
    path = files.get(FILE)
    if path is None:
        raise ListError(f"the UN list needs its {FILE}", hint="download or import it first")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListError(f"cannot read the UN list: {exc.strerror or exc}", file=str(path)) from None
    return parse_bytes(raw, file=str(path))


def parse_bytes(raw: bytes, *, file: str = FILE) -> ParsedList:
    """Parse the consolidated list's XML bytes."""
    try:
        # The stdlib parser fetches no external entities, and expat 2.4 or later (what current
        # CPython builds use) caps entity expansion ("billion laughs"), so a hostile file cannot
        # exhaust memory.
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        line, _column = exc.position
        raise ListError(
            f"the UN list is not well-formed XML: {exc}",
            file=file,
            row=line,
            hint="download consolidated.xml again",
        ) from None
    if root.tag != ROOT:
        raise ListError(
            f"not the UN consolidated list: root element is <{root.tag}>, expected <{ROOT}>",
            file=file,
            row=1,
            field=root.tag,
        )
    records = [*root.iterfind("INDIVIDUALS/INDIVIDUAL"), *root.iterfind("ENTITIES/ENTITY")]
    entries = _unique_ids([_entry(el, n, file) for n, el in enumerate(records, start=1)], records)
    entries = _resolve_references(entries)
    generated = (root.get("dateGenerated") or "").strip()
    published = generated[:10] if _ISO_DATE.fullmatch(generated[:10]) else None
    names = sum(len(e.all_aliases()) for e in entries)
    return ParsedList(entries=entries, published=published, names=names, version=generated or None)


# --- Element helpers ----------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _text(el: ET.Element, path: str) -> str:
    return _clean(el.findtext(path))


def _values(el: ET.Element, path: str) -> list[str]:
    """The non-empty texts of every element at `path` (e.g. "NATIONALITY/VALUE")."""
    return [v for v in (_clean(x.text) for x in el.iterfind(path)) if v]


def _country(text: str) -> str | None:
    text = _clean(text)
    if not text:
        return None
    return to_iso2(text)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


# --- One record ---------------------------------------------------------------------------------


def _entry(el: ET.Element, number: int, file: str) -> Entry:
    person = el.tag == "INDIVIDUAL"
    reference = _text(el, "REFERENCE_NUMBER")
    name = " ".join(p for p in (_text(el, t) for t in _NAME_PARTS) if p)
    for field, value in (("REFERENCE_NUMBER", reference), ("FIRST_NAME", name)):
        if not value:
            dataid = _text(el, "DATAID") or "?"
            raise ListError(
                f"{el.tag} record {number} (DATAID {dataid}) has no {field}",
                file=file,
                row=number,
                field=field,
            )
    regime = _text(el, "UN_LIST_TYPE")
    listed_on = _text(el, "LISTED_ON")[:10] or None
    if listed_on and not _ISO_DATE.fullmatch(listed_on):
        listed_on = None
    addresses, countries, contacts = _addresses(
        el, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"
    )
    comments = _text(el, "COMMENTS1")
    identifiers = [*_documents(el), *_narrative_identifiers(comments), *contacts]
    designation = f"UN Security Council {regime or 'consolidated list'} {reference}"
    if listed_on:
        designation += f" (listed {listed_on})"
    return Entry(
        list_id="un-sc",
        entry_id=reference,
        name=name,
        aliases=_aliases(el, name, person),
        entity_type="person" if person else "organization",
        countries=countries,
        category="sanctions",
        programs=(regime,) if regime else (),
        designations=(designation,),
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=addresses,
        birth_dates=_birth_dates(el) if person else (),
        notes=_notes(el, comments),
        sources=(URL,),
        url=HOMEPAGE,
        relations=tuple(
            Relation("associate", ref, ref, "named in the UN list's narrative")
            for ref in _unique(_REFERENCE.findall(comments))
            if ref != reference
        ),
        nationalities=_unique(_country(v) or "" for v in _values(el, "NATIONALITY/VALUE")),
        listed_on=listed_on,
    )


def _aliases(el: ET.Element, name: str, person: bool) -> tuple[Alias, ...]:
    """The record's aliases (Low quality ones weak) and its name in the original script."""
    primary = fold(name)
    found: dict[str, Alias] = {}

    def add(text: str, strong: bool) -> None:
        key = fold(text)
        if not text or key == primary:
            return
        # The same name listed as both a good and a low-quality alias is a good one.
        if key not in found or (strong and not found[key].strong):
            found[key] = Alias(text, strong=strong, script=_script(text))

    for alias in el.iterfind("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        # Individuals: QUALITY "Low" marks a weak alias (the UN's "low quality a.k.a.", too broad
        # to identify anyone alone). Entities: QUALITY is "a.k.a." or "f.k.a.", both strong.
        strong = _text(alias, "QUALITY").lower() != "low"
        for part in split_alias(_text(alias, "ALIAS_NAME")):
            add(part, strong)
    for part in split_alias(_text(el, "NAME_ORIGINAL_SCRIPT")):
        add(part, True)
    return tuple(found.values())


def split_alias(text: str) -> list[str]:
    """The names one ALIAS_NAME holds: "a; b", "a) x b) y", "ORIGINAL (latin 1; latin 2)"."""
    text = _clean(text).strip(" ,;")
    if not text:
        return []
    outer, inner = _trailing_group(text)
    if inner is not None:
        inner = _ORIGINAL_SCRIPT_LABEL.sub("", inner)
    if inner is not None and (";" in inner or _scripts_differ(outer, inner)):
        # "ORIGINAL (latin 1; latin 2)", "ORIGINAL (transliteration)" or "Latin (original)": the
        # bracket holds more names, not part of this one.
        pieces = [outer, *inner.split(";")]
    else:
        pieces = text.split(";")
    names: list[str] = []
    for piece in pieces:
        for part in _ENUMERATION.split(piece):
            part = _ORIGINAL_SCRIPT_NOTE.sub("", part).strip(" ,;")
            if part:
                names.append(part)
    return names


def _trailing_group(text: str) -> tuple[str, str | None]:
    """("outer", "inner") for "outer (inner)" where the group closes the text; else (text, None)."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].strip(), text[i + 1 : -1]
    return text, None


def _scripts_differ(first: str, second: str) -> bool:
    a, b = _script(first), _script(second)
    return a is not None and b is not None and a != b


def _script(text: str) -> str | None:
    """ISO 15924 code of the script a name is written in, for the non-Latin ones too."""
    script = detect_script(text)
    if script:
        return script
    prefixes = {
        "LATIN": "Latn",
        "ARABIC": "Arab",
        "HANGUL": "Hang",
        "CJK": "Hani",
        "CYRILLIC": "Cyrl",
    }
    found = {
        code
        for ch in text
        if ch.isalpha()
        for prefix, code in prefixes.items()
        if unicodedata.name(ch, "").startswith(prefix)
    }
    return found.pop() if len(found) == 1 else None


def _addresses(
    el: ET.Element, tag: str
) -> tuple[tuple[str, ...], tuple[str, ...], list[Identifier]]:
    """Addresses as one line each, their countries, and contacts their notes give."""
    lines: list[str] = []
    countries: list[str] = []
    contacts: list[Identifier] = []
    for address in el.iterfind(tag):
        parts = [_text(address, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
        country = _text(address, "COUNTRY")
        note = _text(address, "NOTE")
        line = ", ".join(p for p in (*parts, country) if p)
        if note:
            line = f"{line} ({note})" if line else note
            contacts.extend(_narrative_identifiers(note))
        if line:
            lines.append(line)
        code = _country(country)
        if code and code not in countries:
            countries.append(code)
    return _unique(lines), tuple(countries), contacts


def _birth_dates(el: ET.Element) -> tuple[str, ...]:
    """ISO birth dates: "1957-04-02", "1958-09", "1958", ranges "1953/1958"; alias DOBs too."""
    dates: list[str] = []
    for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        date = _text(dob, "DATE")[:10]
        year = _text(dob, "YEAR")
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        note = _text(dob, "NOTE")
        if _ISO_DATE.fullmatch(date):
            dates.append(date)
        elif _YEAR.fullmatch(start) and _YEAR.fullmatch(end):
            dates.append(f"{start}/{end}")
        elif _YEAR.fullmatch(year):
            month = _MONTHS.get(note.rstrip(".").lower())
            dates.append(f"{year}-{month:02d}" if month else year)
        elif note:
            dates.extend(_dates_in_note(note))
    for alias in el.iterfind("INDIVIDUAL_ALIAS"):
        date = _text(alias, "DATE_OF_BIRTH")[:10]
        if _ISO_DATE.fullmatch(date):
            dates.append(date)
    return _unique(dates)


def _dates_in_note(note: str) -> list[str]:
    """Month-and-year notes ("Nov. 1973", "Between Aug. and Sep. 1977"); others say too little."""
    match = _MONTHS_YEAR.search(note)
    if match:
        first, second = _MONTHS.get(match.group(1).lower()), _MONTHS.get(match.group(2).lower())
        if first and second:
            year = match.group(3)
            return [f"{year}-{first:02d}/{year}-{second:02d}"]
    match = _MONTH_YEAR.search(note)
    if match and "hijri" not in note.lower():
        month = _MONTHS.get(match.group(1).lower())
        if month:
            return [f"{match.group(2)}-{month:02d}"]
    return []


def _documents(el: ET.Element) -> Iterator[Identifier]:
    for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
        kind_text, detail = _text(doc, "TYPE_OF_DOCUMENT"), _text(doc, "TYPE_OF_DOCUMENT2")
        number = _text(doc, "NUMBER")
        if not number:
            # Some documents give their number only in prose (NOTE or TYPE_OF_DOCUMENT2).
            for prose in (detail, _text(doc, "NOTE")):
                match = _NOTE_NUMBER.search(prose)
                if match and sum(c.isdigit() for c in match.group(1)) >= 4:
                    number = match.group(1).strip()
                    break
        if not number:
            continue
        if _ALNUM_SPACES.fullmatch(number):
            number = number.replace(" ", "")
        yield Identifier(document_kind(kind_text, detail), number)


def document_kind(type_of_document: str, detail: str = "") -> str:
    """model.Identifier kind for a UN document type, the specific TYPE_OF_DOCUMENT2 first."""
    for text in (detail, type_of_document):
        low = fold(text)
        if not low:
            continue
        if any(w in low for w in ("passport", "passeport", "pasaporte")):
            return "passport"
        if "fiscal code" in low or "tax" in low:
            return "tax_id"
        if any(w in low for w in _OTHER_DOCUMENTS):
            return "other"
        if any(w in low for w in _NATIONAL_DOCUMENTS):
            return "national_id"
    return "other"


def _narrative_identifiers(text: str) -> Iterator[Identifier]:
    if not text:
        return
    for match in _IMO.finditer(text):
        yield Identifier("imo", match.group(1))
    for match in _SWIFT.finditer(text):
        yield Identifier("bic", match.group(1))
    for match in _EMAIL.finditer(text):
        yield Identifier("email", match.group(0).rstrip(".").lower())
    for match in _WEBSITE.finditer(text):
        yield Identifier("website", match.group(1).rstrip("."))


def _notes(el: ET.Element, comments: str) -> str | None:
    parts: list[str] = []
    titles = _values(el, "TITLE/VALUE")
    if titles:
        parts.append("Title: " + "; ".join(titles))
    positions = _values(el, "DESIGNATION/VALUE")
    if positions:
        parts.append("Position: " + "; ".join(positions))
    births = []
    for place in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        line = ", ".join(
            p
            for p in (_text(place, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
            if p
        )
        if line:
            births.append(line)
    if births:
        parts.append("Place of birth: " + "; ".join(births))
    gender = _text(el, "GENDER")
    if gender:
        parts.append(f"Gender: {gender}")
    if comments:
        parts.append(comments)
    return ". ".join(p.rstrip(".") for p in parts) + "." if parts else None


def _unique_ids(entries: Sequence[Entry], records: Sequence[ET.Element]) -> tuple[Entry, ...]:
    """Entries whose ids are unique: a reference number given twice gets its DATAID appended.

    The UN assigns each reference number once; a repeat is a publishing error, and both records
    are still screened rather than one shadowing the other in the index.
    """
    counts = Counter(e.entry_id for e in entries)
    return tuple(
        replace(e, entry_id=f"{e.entry_id}-{_text(el, 'DATAID')}") if counts[e.entry_id] > 1 else e
        for e, el in zip(entries, records, strict=True)
    )


def _resolve_references(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """Name the entries a narrative refers to; references to records not on the list are dropped.

    A reference the list no longer carries is a delisted record: the link is history, not a
    current designation, and without the record there is no name to show.
    """
    names = {e.entry_id: e.name for e in entries}
    resolved: list[Entry] = []
    for entry in entries:
        if not entry.relations:
            resolved.append(entry)
            continue
        relations = tuple(
            replace(r, other_name=names[r.other_id]) for r in entry.relations if r.other_id in names
        )
        resolved.append(replace(entry, relations=relations))
    return tuple(resolved)


SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        id="un-sc",
        name="UN Security Council Consolidated List",
        publisher="United Nations Security Council",
        category="sanctions",
        homepage=HOMEPAGE,
        files=_source_files(),
        parse=parse,
        licence=(
            "United Nations: published for implementation of Security Council measures; "
            "see https://www.un.org/en/about-us/terms-of-use before redistributing"
        ),
        notes="All UN sanctions regimes in one file; programs are the UN_LIST_TYPE regime names.",
    ),
)
