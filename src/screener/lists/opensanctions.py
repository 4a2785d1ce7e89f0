"""Parses OpenSanctions FollowTheMoney entity files (`entities.ftm.json`) into common entries.

The format is JSON Lines, one FollowTheMoney (FtM) entity per line: `id`, `caption`, `schema`,
`properties` (property name -> list of strings; references to other entities are their ids),
`datasets`, `referents`, `target`, `first_seen`, `last_seen`, `last_change` (schemas:
https://followthemoney.tech/explorer/, OpenSanctions bulk formats:
https://www.opensanctions.org/docs/bulk/). Any OpenSanctions dataset, or a licensed one a user
brings, is read the same way:

- Person, Company, Organization, PublicBody, LegalEntity, Vessel and Airplane entities become
  Entries. *Every* one of them, not only the `target: true` ones: OpenSanctions puts the companies
  a listed person owns or directs into the file beside the targets, and a company owned by a
  sanctioned person may be blocked itself (OFAC's 50 Percent Rule, 2014 guidance; the EU's
  "owned or controlled" test, Council Best Practices 2022) without being listed. Those non-targets
  are screenable, carry the ownership links, and get a lower category (see `_category`).
- Relations are entities of their own: Ownership, Directorship, Family, Associate, UnknownLink,
  Employment, Membership, Representation and Succession become `model.Relation`s on *both* ends,
  so a hit on a subsidiary says who owns it and a hit on the owner lists what it owns.
- Address entities become addresses (and countries) of the entities that point at them through
  `addressEntity`; Passport, Identification and CryptoWallet entities become identifiers of their
  holder; Sanction entities give the programs, designations, listing date and source links of
  the entity they name.

A file's publication date is the latest `last_seen` (the export run that last confirmed the data:
a list that did not change for weeks is still current), its version the latest `last_change`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from screener.countries import to_iso2
from screener.errors import ListError, UsageError
from screener.lists.official import OfficialSource, ParsedList, Parser, SourceFile
from screener.model import LIST_CATEGORIES, Alias, Entry, Identifier, Relation
from screener.normalize import detect_script, identifier_key

SOURCE_ID = "opensanctions"
FILE_NAME = "entities.ftm.json"
HOMEPAGE = "https://www.opensanctions.org/datasets/sanctions/"
# Bulk files are published per dataset under this base (https://www.opensanctions.org/docs/bulk/).
DATASET_URL = "https://data.opensanctions.org/datasets/latest/{dataset}/entities.ftm.json"
# The default download is the `sanctions` collection, not `default`: `default` adds politically
# exposed persons, crime, debarment and other risk data, is many times larger, and its hits are
# outside sanctions and export-control screening. `sanctions` holds the official sanctions (and
# related export-control) lists with the entities linked to them. A user with other needs, or a
# licensed dataset, imports it under its own id (`dataset_source`).
DEFAULT_DATASET = "sanctions"
# Link back to the publisher's page for an entity (the OpenSanctions website's entity pages).
ENTITY_URL = "https://www.opensanctions.org/entities/{id}/"
LICENCE = (
    "CC BY-NC 4.0 (https://www.opensanctions.org/licensing/): non-commercial use; "
    "commercial use needs an OpenSanctions data licence"
)

# OpenSanctions dataset names are lower-case words joined by underscores (eu_fsf, us_ofac_sdn).
_DATASET_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")

# --- Schemas --------------------------------------------------------------------------------------

# FtM schemas that are parties one can trade with, and the model's entity type for each. LegalEntity
# is FtM's "could be a person or a company" (schema docs), so it stays "unknown".
_PARTY_SCHEMAS: Mapping[str, str] = {
    "Person": "person",
    "Company": "organization",
    "Organization": "organization",
    "PublicBody": "organization",
    "LegalEntity": "unknown",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}


@dataclass(frozen=True, slots=True)
class _Link:
    """How one FtM relationship schema becomes a Relation on each of its two ends."""

    source: str  # property naming the first end
    target: str  # property naming the second end
    source_kind: str  # Relation.kind on the first end's entry
    target_kind: str  # Relation.kind on the second end's entry
    wording: tuple[str, ...]  # properties holding the list's own wording of the link


# Relationship schemas (followthemoney/schema/*.yaml). Family and Associate wording is the source
# list's ("Family member of", "Son"), kept as the Relation's detail.
_LINKS: Mapping[str, _Link] = {
    "Ownership": _Link("owner", "asset", "owns", "owned_by", ("role", "ownershipType")),
    "Directorship": _Link("director", "organization", "director_of", "has_director", ("role",)),
    "Family": _Link("person", "relative", "family", "family", ("relationship",)),
    "Associate": _Link("person", "associate", "associate", "associate", ("relationship",)),
    "UnknownLink": _Link("subject", "object", "associate", "associate", ("role",)),
    "Employment": _Link("employee", "employer", "employed_by", "employs", ("role",)),
    "Membership": _Link("member", "organization", "member_of", "has_member", ("role",)),
    "Representation": _Link("agent", "client", "represents", "represented_by", ("role",)),
    "Succession": _Link("predecessor", "successor", "predecessor_of", "successor_of", ()),
}
# FtM properties that link a party to another without a relationship entity: LegalEntity `parent`
# and Vehicle `owner` (both deprecated for Ownership but still in older exports) and Vehicle
# `operator` (a vessel's operator is the party a charter party or bill of lading names).
_PROPERTY_LINKS: tuple[tuple[str, str, str], ...] = (
    ("parent", "owned_by", "owns"),
    ("owner", "owned_by", "owns"),
    ("operator", "operated_by", "operates"),
)

# --- Identifiers ----------------------------------------------------------------------------------

# FtM identifier properties (LegalEntity, Company, Organization, Person, Vessel, Airplane schemas)
# and the model's identifier kind for each, most specific first: when one value sits under several
# properties (a Russian company's INN is also its taxNumber and often its registrationNumber), the
# first kind keeps it and the generic ones are dropped.
_IDENTIFIER_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("innCode", "inn"),
    ("ogrnCode", "ogrn"),
    ("kppCode", "kpp"),
    ("uscCode", "uscc"),
    ("leiCode", "lei"),
    ("swiftBic", "bic"),
    ("imoNumber", "imo"),
    ("mmsi", "mmsi"),
    ("passportNumber", "passport"),
    ("vatCode", "vat"),
    ("taxNumber", "tax_id"),
    ("irsCode", "tax_id"),  # US IRS employer number
    ("voenCode", "tax_id"),  # Azerbaijan taxpayer number
    ("registrationNumber", "reg"),
    ("idNumber", "national_id"),
    ("socialSecurityNumber", "national_id"),
    ("okpoCode", "other"),  # Russian statistics register code (OKPO)
    ("bikCode", "other"),  # Russian bank code (BIK)
    ("dunsCode", "other"),
    ("uniqueEntityId", "other"),  # US SAM.gov UEI
    ("permId", "other"),  # Refinitiv PermID
    ("cageCode", "other"),  # NATO/US CAGE code of defence suppliers
    ("callSign", "other"),
    ("icaoCode", "other"),
    ("serialNumber", "other"),
    ("email", "email"),
    ("website", "website"),
    ("phone", "phone"),
)
# Kinds whose values are codes: spaces inside them are formatting, not content.
_CODE_KINDS = frozenset({"inn", "ogrn", "kpp", "uscc", "lei", "bic", "imo", "mmsi"})
# Kinds that name no numbering scheme: dropped when a more specific kind has the same value.
_GENERIC_KINDS = frozenset({"reg", "tax_id", "national_id", "vat", "other"})
# Identification `type` wording -> kind (Identification.type is free text: "Passport", "National
# ID card", "Tax ID", "INN"), first match wins.
_ID_TYPE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"passport|паспорт"), "passport"),
    (re.compile(r"\binn\b|инн"), "inn"),
    (re.compile(r"\bogrn\b|огрн"), "ogrn"),
    (re.compile(r"\btax|\btin\b|fiscal"), "tax_id"),
    (re.compile(r"regist"), "reg"),
)

# --- Countries ------------------------------------------------------------------------------------

# FtM country codes that are not ISO 3166-1 alpha-2 (followthemoney/types/country.py). Dissolved
# states with several successors map to nothing: "Soviet Union" as a listed country would make
# every Russian, Ukrainian or Kazakh counterparty a country conflict. Single-successor ones map to
# the successor; "zz" (global) and "eu" are not countries.
_FTM_COUNTRIES: Mapping[str, str | None] = {
    "zz": None,
    "eu": None,
    "suhh": None,  # Soviet Union
    "yucs": None,  # Yugoslavia
    "csxx": None,  # Serbia and Montenegro
    "cshh": None,  # Czechoslovakia
    "dd": "DE",  # East Germany
    "zr": "CD",  # Zaire
    "xk": "XK",  # Kosovo: the user-assigned code the EU, OFAC and SWIFT use
    "x-so": "GE",  # South Ossetia (occupied Georgia)
}
_SUBDIVISION = re.compile(r"([a-z]{2})-[a-z0-9]+")

# --- Referents ------------------------------------------------------------------------------------

# OpenSanctions keeps the ids of the source records an entity was merged from (`referents`). Those
# of the official lists screener also reads are named in Entry.notes in the list's own terms, so a
# reader sees that this entry is OFAC's ent_num 45928 (the crawlers' id schemes, checked against
# the zala fixture: ofac-45928 <-> sanctionssearch id=45928; gb-hmt-15734 and gb-fcdo-rus1712 <->
# the FCDO designation "RUS1712, 15734"; eu-fsf-eu-10966-20 <-> EU reference EU.10966.20).
_REFERENTS: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"ofac-(\d+)"), "OFAC ent_num", lambda m: m.group(1)),
    (re.compile(r"gb-hmt-(\d+)"), "OFSI Group ID", lambda m: m.group(1)),
    (re.compile(r"gb-fcdo-([a-z]+\d+)"), "UK Sanctions List ref", lambda m: m.group(1).upper()),
    (re.compile(r"eu-fsf-eu-(\d+)-(\d+)"), "EU ref", lambda m: f"EU.{m.group(1)}.{m.group(2)}"),
)

# --- Categories -----------------------------------------------------------------------------------

# Categories this parser would give entities that are not themselves sanctioned or export-
# controlled, once model.LIST_CATEGORIES has them (proposed to the lead):
# - "sanctions-linked": not listed, but in the file for its links to listed parties (owned,
#   directed or related), or tagged `sanction.linked` by OpenSanctions;
# - "watchlist": listed for another risk (debarment, crime, PEP, counter-sanctions...).
# Until then both fall back to "press", the lowest weight: neither is an official designation.
LINKED_CATEGORY = "sanctions-linked"
OTHER_CATEGORY = "watchlist"
_FALLBACK_CATEGORY = "press"

# Topic tags (https://www.opensanctions.org/docs/topics/) read by `_category`.
_SANCTION_TOPIC = "sanction"
_EXPORT_TOPIC = "export.control"
_LINKED_TOPIC = "sanction.linked"

# Length of the list's own remark kept in Entry.notes: about one line of a report. OpenSanctions
# notes run to paragraphs in several languages; the full text is on the entity page (Entry.url).
_NOTE_CHARS = 300
# Source datasets named in Entry.notes before "and N more": enough to see which lists carry it.
_DATASETS_SHOWN = 8

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


# --- Sources --------------------------------------------------------------------------------------


def dataset_url(dataset: str) -> str:
    """The URL of an OpenSanctions dataset's `entities.ftm.json` (e.g. `eu_fsf`, `default`)."""
    return DATASET_URL.format(dataset=_check_dataset(dataset))


def dataset_source_id(dataset: str) -> str:
    """The source id a dataset is imported under: `opensanctions-<dataset>`, kebab-case."""
    return f"{SOURCE_ID}-{_check_dataset(dataset).replace('_', '-')}"


def dataset_source(dataset: str, *, url: str | None = None) -> OfficialSource:
    """An OfficialSource for one OpenSanctions dataset, or a licensed copy at `url`.

    Its id is `opensanctions-<dataset>` (e.g. `opensanctions-eu-fsf`), so that several datasets
    can be imported side by side and every hit names the dataset it came from.
    """
    source_id = dataset_source_id(dataset)
    return _make_source(
        source_id,
        name=f"OpenSanctions dataset {dataset}",
        homepage=f"https://www.opensanctions.org/datasets/{dataset}/",
        url=url if url is not None else dataset_url(dataset),
    )


def source_for(source_id: str) -> OfficialSource | None:
    """The source for an `opensanctions-<dataset>` id (None for any other id)."""
    prefix = f"{SOURCE_ID}-"
    if not source_id.startswith(prefix):
        return None
    dataset = source_id[len(prefix) :].replace("-", "_")
    if not _DATASET_NAME.fullmatch(dataset):
        return None
    return dataset_source(dataset)


def _check_dataset(dataset: str) -> str:
    if not _DATASET_NAME.fullmatch(dataset):
        raise UsageError(
            f"not an OpenSanctions dataset name: {dataset!r}",
            hint="dataset names are lower-case words joined by underscores, e.g. eu_fsf",
        )
    return dataset


def _make_source(source_id: str, *, name: str, homepage: str, url: str) -> OfficialSource:
    return OfficialSource(
        id=source_id,
        name=name,
        publisher="OpenSanctions (compiled from official lists)",
        category="sanctions",
        homepage=homepage,
        files=(
            SourceFile(
                name=FILE_NAME,
                url=url,
                patterns=("*.ftm.json", "*.ftm.json.gz", "*.ftm.jsonl"),
            ),
        ),
        parse=make_parser(source_id),
        licence=LICENCE,
        notes=(
            "FollowTheMoney JSON Lines; every person, company, vessel and aircraft is an entry, "
            "targets by their topics and linked non-targets at a lower category, with ownership, "
            "directorship and family relations"
        ),
    )


def make_parser(list_id: str) -> Parser:
    """A parser that reads `entities.ftm.json` into entries of the list `list_id`."""

    def _parse(files: Mapping[str, Path]) -> ParsedList:
        path = files.get(FILE_NAME)
        if path is None:
            raise ListError(
                f"the source {list_id} needs its file {FILE_NAME}",
                hint="import an OpenSanctions entities.ftm.json",
            )
        return parse_file(path, list_id=list_id)

    return _parse


def parse(files: Mapping[str, Path]) -> ParsedList:
    """Parse an `entities.ftm.json` (given as files[FILE_NAME]) into the `opensanctions` list."""
    return make_parser(SOURCE_ID)(files)


# --- Reading --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    """One FtM entity as read (fragments of the same id merged), with the line it started on."""

    id: str
    schema: str
    line: int
    caption: str | None
    properties: dict[str, list[str]]
    target: bool
    datasets: list[str] = field(default_factory=list)
    referents: list[str] = field(default_factory=list)
    last_seen: str | None = None
    last_change: str | None = None

    def merge(self, other: _Raw) -> None:
        """Fold another fragment of the same entity in (unaggregated `ftm` streams repeat ids)."""
        if self.schema == "LegalEntity" and other.schema in _PARTY_SCHEMAS:
            # One source knew only "a legal entity", another that it is a person or a company:
            # the specific schema wins, as in FtM's own aggregation.
            self.schema = other.schema
        for name, values in other.properties.items():
            mine = self.properties.setdefault(name, [])
            mine.extend(v for v in values if v not in mine)
        self.datasets.extend(d for d in other.datasets if d not in self.datasets)
        self.referents.extend(r for r in other.referents if r not in self.referents)
        self.target = self.target or other.target
        self.caption = self.caption or other.caption
        self.last_seen = _latest(self.last_seen, other.last_seen)
        self.last_change = _latest(self.last_change, other.last_change)


def _latest(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


_KEPT_SCHEMAS = frozenset(
    {*_PARTY_SCHEMAS, *_LINKS, "Address", "Sanction", "Passport", "Identification", "CryptoWallet"}
)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line; a gzip copy (`.json.gz`) is read the same way.

    Lines are decoded one by one so that a byte that is not UTF-8 is reported on its own line.
    """
    where = str(path)
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise ListError("file not found", file=where) from None
    except OSError as exc:
        raise ListError(f"cannot read the file: {exc.strerror or exc}", file=where) from None
    line_no = 0
    with raw:
        stream: Iterable[bytes] = raw
        if raw.peek(2)[:2] == b"\x1f\x8b":  # gzip magic number (RFC 1952)
            stream = gzip.GzipFile(fileobj=raw)
        lines = iter(stream)
        while True:
            try:
                data = next(lines, None)
            except (EOFError, OSError) as exc:  # a truncated or corrupt gzip stream
                raise ListError(
                    f"cannot read the file: {exc}", file=where, row=line_no + 1
                ) from None
            if data is None:
                return
            line_no += 1
            try:
                text = data.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ListError(
                    f"not UTF-8 text (byte {data[exc.start]:#04x} at column {exc.start + 1})",
                    file=where,
                    row=line_no,
                    hint="OpenSanctions files are UTF-8 JSON Lines",
                ) from None
            text = text.strip()
            if text:
                yield line_no, text


def _read(path: Path) -> dict[str, _Raw]:
    """Every entity of a schema this parser uses, by id, with fragments of one id merged."""
    where = str(path)
    entities: dict[str, _Raw] = {}
    count = 0
    for line_no, line in _lines(path):
        raw = _entity(line, where, line_no)
        count += 1
        if raw.schema not in _KEPT_SCHEMAS:
            continue
        known = entities.get(raw.id)
        if known is None:
            entities[raw.id] = raw
        else:
            known.merge(raw)
    if count == 0:
        raise ListError(
            "no entities: expected FollowTheMoney JSON Lines (one entity per line)", file=where
        )
    return entities


def _entity(line: str, where: str, line_no: int) -> _Raw:
    """One line as an entity; ListError naming the line and field when it is not one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        hint = None
        if line_no == 1 and line.startswith("["):
            hint = "this is a JSON array; screener reads the JSON Lines entities.ftm.json"
        raise ListError(
            f"not a JSON line: {exc.msg} at column {exc.colno}",
            file=where,
            row=line_no,
            hint=hint or "expected one FollowTheMoney entity (a JSON object) per line",
        ) from None
    if not isinstance(obj, dict):
        raise ListError(
            f"expected a FollowTheMoney entity (a JSON object), found {type(obj).__name__}",
            file=where,
            row=line_no,
            hint="screener reads JSON Lines: one entity object per line (entities.ftm.json)",
        )
    entity_id = obj.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ListError(
            "an entity needs a non-empty string id", file=where, row=line_no, field="id"
        )
    schema = obj.get("schema")
    if not isinstance(schema, str) or not schema:
        raise ListError(
            "an entity needs a schema name (Person, Company, ...)",
            file=where,
            row=line_no,
            field="schema",
        )
    properties = obj.get("properties", {})
    if not isinstance(properties, dict):
        raise ListError(
            "properties must map property names to lists of values",
            file=where,
            row=line_no,
            field="properties",
        )
    if schema in _KEPT_SCHEMAS:
        _check_properties(properties, where, line_no)
    target = obj.get("target", False)
    return _Raw(
        id=entity_id.strip(),
        schema=schema,
        line=line_no,
        caption=_opt_str(obj.get("caption")),
        properties=properties,
        target=target is True,
        datasets=_str_list(obj.get("datasets")),
        referents=_str_list(obj.get("referents")),
        last_seen=_opt_str(obj.get("last_seen")),
        last_change=_opt_str(obj.get("last_change")),
    )


def _check_properties(properties: Mapping[str, object], where: str, line_no: int) -> None:
    """Every property is a list of strings (FtM entity files), else a ListError naming it."""
    for name, values in properties.items():
        if isinstance(values, list) and all(type(v) is str for v in values):
            continue
        field_name = f"properties.{name}"
        if isinstance(values, list) and any(isinstance(v, dict) for v in values):
            raise ListError(
                "property values are nested entities: this looks like targets.nested.json",
                file=where,
                row=line_no,
                field=field_name,
                hint="import the dataset's entities.ftm.json instead",
            )
        raise ListError(
            "a property's values must be a list of strings",
            file=where,
            row=line_no,
            field=field_name,
        )


def _opt_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _str_list(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v]


# --- Building entries -----------------------------------------------------------------------------


class _Props:
    """Access to one entity's properties, which `_check_properties` has checked."""

    __slots__ = ("_raw",)

    def __init__(self, raw: _Raw) -> None:
        self._raw = raw

    def get(self, name: str) -> list[str]:
        """The property's values, whitespace-normalised, without repeats (checked when read)."""
        values = self._raw.properties.get(name)
        if not values:
            return []
        out: list[str] = []
        for value in values:
            text = " ".join(value.split())
            if text and text not in out:
                out.append(text)
        return out

    def first(self, name: str) -> str | None:
        values = self.get(name)
        return values[0] if values else None


def _add(seq: list[str], values: Iterable[str | None]) -> None:
    for value in values:
        if value and value not in seq:
            seq.append(value)


def _country(code: str) -> tuple[str | None, str | None]:
    """(ISO alpha-2 code, FtM region code kept for the notes) for an FtM country value."""
    low = code.strip().lower()
    if low in _FTM_COUNTRIES:
        return _FTM_COUNTRIES[low], None
    match = _SUBDIVISION.fullmatch(low)
    if match:
        # Sub-national FtM territories (ua-cri Crimea, ua-dpr, ge-ab Abkhazia, cy-trnc...) belong
        # to their ISO country; the region itself is kept in the notes for the reader.
        return match.group(1).upper(), low
    # Plain alpha-2 codes, and country names in datasets a user built with other tools.
    return to_iso2(code), None


def _dates(values: Iterable[str]) -> list[str]:
    """ISO dates and partial dates (YYYY, YYYY-MM) from FtM date values, which may carry a time."""
    out: list[str] = []
    for value in values:
        match = _DATE.match(value)
        if match and match.group(0) not in out:
            out.append(match.group(0))
    return out


def _clean_identifier(kind: str, value: str) -> str:
    value = value.strip()
    if kind in _CODE_KINDS:
        return "".join(value.split())
    return value


def _identifier_values(kind: str, value: str) -> list[str]:
    # Phone numbers arrive joined in one value ("+7 (3412) 43-05-05; +7 (951) 210-81-28").
    if kind == "phone":
        return [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
    return [value]


class _Identifiers:
    """Identifiers in order, without the same value twice under a generic kind."""

    def __init__(self) -> None:
        self.items: list[Identifier] = []
        self._kinds_by_key: dict[str, set[str]] = {}

    def add(self, kind: str, value: str) -> None:
        for part in _identifier_values(kind, value):
            cleaned = _clean_identifier(kind, part)
            key = identifier_key(kind, cleaned)
            if not key:
                continue
            kinds = self._kinds_by_key.setdefault(key, set())
            if kind in kinds or (kind in _GENERIC_KINDS and kinds):
                continue
            kinds.add(kind)
            self.items.append(Identifier(kind, cleaned))


def _resolve_category(category: str) -> str:
    return category if category in LIST_CATEGORIES else _FALLBACK_CATEGORY


def _target_category(raw: _Raw, topics: list[str]) -> str | None:
    """ "sanctions" or "export-control" for a target listed as such, else None."""
    if raw.target:
        if _SANCTION_TOPIC in topics:
            return "sanctions"
        if _EXPORT_TOPIC in topics:
            return "export-control"
    return None


def _category(raw: _Raw, topics: list[str], *, linked: bool) -> str:
    """What kind of entry an entity is, from its `target` flag, topics and links.

    A target tagged `sanction` is sanctioned (dealing is prohibited); one tagged `export.control`
    but not `sanction` is on an export-control list (a licence requirement). A target tagged
    `sanction.linked`, or a non-target linked to a sanctioned or export-controlled target, is
    LINKED_CATEGORY; everything else (debarment, crime, PEP, counter-sanctions) is OTHER_CATEGORY.
    """
    listed = _target_category(raw, topics)
    if listed is not None:
        return listed
    if (raw.target and _LINKED_TOPIC in topics) or (not raw.target and linked):
        return _resolve_category(LINKED_CATEGORY)
    return _resolve_category(OTHER_CATEGORY)


def _address_text(props: _Props) -> list[str]:
    full = props.get("full")
    if full:
        return full
    parts: list[str] = []
    for name in ("postOfficeBox", "street", "street2", "city", "postalCode", "region", "state"):
        _add(parts, props.get(name))
    return [", ".join(parts)] if parts else []


def _sanction_text(props: _Props) -> str:
    """One designation record in words: authority, program, dates and the authority's ref."""
    authority = props.first("authority") or ", ".join(c.upper() for c in props.get("country"))
    program = props.first("program")
    program_id = props.first("programId")
    text = authority or "sanction"
    if program and program_id and program != program_id:
        text += f": {program} [{program_id}]"
    elif program or program_id:
        text += f": {program or program_id}"
    listed = _dates(props.get("listingDate"))
    start = _dates(props.get("startDate"))
    end = _dates(props.get("endDate"))
    if listed:
        text += f", listed {min(listed)}"
    elif start:
        text += f", from {min(start)}"
    if end:
        text += f", until {max(end)}"
    status = props.first("status")
    if status:
        text += f", status {status}"
    refs = [*props.get("unscId"), *props.get("authorityId")]
    if refs:
        text += f" [ref {', '.join(refs)}]"
    return text


def _link_detail(link: _Link, props: _Props) -> str | None:
    parts: list[str] = []
    percentage = props.first("percentage")
    if percentage:
        parts.append(percentage if percentage.endswith("%") else f"{percentage}%")
    shares = props.first("sharesCount")
    if shares:
        parts.append(f"{shares} shares")
    for name in link.wording:
        _add(parts, props.get(name))
    start = _dates(props.get("startDate"))
    end = _dates(props.get("endDate"))
    if start and end:
        parts.append(f"{min(start)} to {max(end)}")
    elif start:
        parts.append(f"since {min(start)}")
    elif end:
        parts.append(f"until {max(end)}")
    return ", ".join(parts) or None


@dataclass
class _Party:
    """An entry under construction."""

    raw: _Raw
    props: _Props
    name: str
    relations: list[Relation] = field(default_factory=list)
    identifiers: _Identifiers = field(default_factory=_Identifiers)
    addresses: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    sanctions: list[_Props] = field(default_factory=list)

    def relate(self, relation: Relation) -> None:
        if relation not in self.relations:
            self.relations.append(relation)


def _primary_name(raw: _Raw, props: _Props) -> str:
    if raw.caption and raw.caption != raw.schema:
        return " ".join(raw.caption.split())
    for name in ("name", "alias", "previousName", "weakAlias", "abbreviation"):
        value = props.first(name)
        if value:
            return value
    return raw.id


@lru_cache(maxsize=8192)
def _char_script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    return detect_script(ch) or "other"


def _script(name: str) -> str | None:
    """normalize.detect_script's answer, computed once per distinct character.

    A full OpenSanctions export has millions of names; scanning each character of each name
    through unicodedata made the script the slowest part of parsing.
    """
    if name.isascii():
        return "Latn" if any(c.isalpha() for c in name) else None
    scripts = {_char_script(ch) for ch in set(name)}
    scripts.discard(None)
    if len(scripts) == 1 and "other" not in scripts:
        return scripts.pop()
    return None


def _aliases(name: str, props: _Props) -> tuple[Alias, ...]:
    """Strong names (name, alias, previousName), then weak ones (weakAlias, abbreviation).

    Former names stay strong: counterparties keep trading and invoicing under them, and OFAC
    lists f.k.a. names as ordinary (strong) aliases. FtM marks weakAlias and abbreviation as not
    matchable on their own (schema Thing / LegalEntity); they are kept as weak aliases.
    """
    seen = {name}
    out: list[Alias] = []
    for prop, strong in (
        ("name", True),
        ("alias", True),
        ("previousName", True),
        ("weakAlias", False),
        ("abbreviation", False),
    ):
        for value in props.get(prop):
            if value not in seen:
                seen.add(value)
                out.append(Alias(value, strong=strong, script=_script(value)))
    return tuple(out)


def _short(text: str) -> str:
    return text if len(text) <= _NOTE_CHARS else text[: _NOTE_CHARS - 1].rstrip() + "…"


def _same_as(referents: Iterable[str]) -> str:
    """The official-list record ids among an entity's referents, in the lists' own terms."""
    found: dict[str, list[str]] = {}
    for referent in referents:
        for pattern, label, render in _REFERENTS:
            match = pattern.fullmatch(referent)
            if match:
                _add(found.setdefault(label, []), [render(match)])
                break
    return "; ".join(f"{label} {', '.join(ids)}" for label, ids in found.items())


def _notes(party: _Party, topics: list[str], *, linked: bool) -> str | None:
    raw, props = party.raw, party.props
    parts: list[str] = []
    if not raw.target:
        parts.append(
            "not itself listed (OpenSanctions target: false)"
            + (": linked to listed parties (see relations)" if linked else "")
        )
    if topics:
        parts.append(f"topics: {', '.join(topics)}")
    positions = props.get("position")
    if positions:
        parts.append(_short(f"position: {'; '.join(positions)}"))
    if party.regions:
        parts.append(f"regions: {', '.join(party.regions)}")
    if raw.datasets:
        shown = ", ".join(raw.datasets[:_DATASETS_SHOWN])
        more = len(raw.datasets) - _DATASETS_SHOWN
        parts.append(f"datasets: {shown}" + (f" and {more} more" if more > 0 else ""))
    if raw.referents:
        same = _same_as(raw.referents)
        count = len(raw.referents)
        total = f"{count} source record{'s' if count != 1 else ''} in all"
        parts.append(f"also listed as: {same}; {total}" if same else total)
    remark = props.first("summary") or props.first("notes")
    if remark and remark not in positions:
        parts.append(_short(remark))
    return "; ".join(parts) or None


def _entry(list_id: str, party: _Party, *, linked: bool) -> Entry:
    """The finished entry; `linked`: it relates to a sanctioned or export-controlled target."""
    raw, props = party.raw, party.props
    topics = props.get("topics")
    programs: list[str] = []
    _add(programs, props.get("programId"))
    designations: list[str] = []
    listed: list[str] = []
    sources: list[str] = []
    _add(sources, props.get("sourceUrl"))
    for sanction in party.sanctions:
        ids = sanction.get("programId")
        _add(programs, ids or sanction.get("program"))
        _add(designations, [_sanction_text(sanction)])
        _add(listed, _dates(sanction.get("listingDate")) or _dates(sanction.get("startDate")))
        _add(sources, sanction.get("sourceUrl"))
    nationalities: list[str] = []
    for value in (*props.get("nationality"), *props.get("citizenship")):
        code, region = _country(value)
        _add(nationalities, [code])
        _add(party.regions, [region])
    return Entry(
        list_id=list_id,
        entry_id=raw.id,
        name=party.name,
        aliases=_aliases(party.name, props),
        entity_type=_PARTY_SCHEMAS[raw.schema],
        countries=tuple(party.countries),
        category=_category(raw, topics, linked=linked),
        programs=tuple(programs),
        designations=tuple(designations),
        identifiers=tuple(party.identifiers.items),
        addresses=tuple(party.addresses),
        birth_dates=tuple(sorted(_dates(props.get("birthDate")))),
        notes=_notes(party, topics, linked=linked),
        sources=tuple(sources),
        url=ENTITY_URL.format(id=raw.id),
        relations=tuple(party.relations),
        nationalities=tuple(nationalities),
        listed_on=min(listed) if listed else None,
    )


def _own_facts(party: _Party, addresses: Mapping[str, _Props | None]) -> None:
    """Countries, addresses and identifiers the entity carries itself."""
    props = party.props
    for prop in ("country", "jurisdiction", "mainCountry", "flag"):
        for value in props.get(prop):
            code, region = _country(value)
            _add(party.countries, [code])
            _add(party.regions, [region])
    seen = {_fold_address(a) for a in party.addresses}
    for text in props.get("address"):
        if _fold_address(text) not in seen:
            seen.add(_fold_address(text))
            party.addresses.append(text)
    for address in addresses.values():
        if address is None:
            continue
        for text in _address_text(address):
            if _fold_address(text) not in seen:
                seen.add(_fold_address(text))
                party.addresses.append(text)
        for value in address.get("country"):
            code, region = _country(value)
            _add(party.countries, [code])
            _add(party.regions, [region])
    for prop, kind in _IDENTIFIER_PROPERTIES:
        for value in props.get(prop):
            party.identifiers.add(kind, value)


def _fold_address(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _identification(party: _Party, schema: str, props: _Props) -> None:
    kind = "passport" if schema == "Passport" else "national_id"
    if schema == "Identification":
        wording = (props.first("type") or "").casefold()
        for pattern, word_kind in _ID_TYPE_WORDS:
            if pattern.search(wording):
                kind = word_kind
                break
    for value in (*props.get("number"), *props.get("passportNumber")):
        party.identifiers.add(kind, value)


def _referenced(
    parties: Mapping[str, _Party], resolve: Callable[[str], str], refs: Iterable[str]
) -> Iterator[_Party]:
    for ref in refs:
        party = parties.get(resolve(ref))
        if party is not None:
            yield party


def _build(entities: Mapping[str, _Raw], list_id: str) -> list[Entry]:
    """Entries for the party entities, with what the other entities say about them."""
    # A reference may name a source record an entity was merged from rather than the merged id
    # (files assembled from several exports): referents resolve to the entity that holds them.
    merged = {ref: raw.id for raw in entities.values() for ref in raw.referents}
    parties: dict[str, _Party] = {}
    addresses: dict[str, _Props] = {}

    def resolve(ref: str) -> str:
        return ref if ref in entities else merged.get(ref, ref)

    for raw in entities.values():
        if raw.schema == "Address":
            addresses[raw.id] = _Props(raw)
    for raw in entities.values():
        if raw.schema in _PARTY_SCHEMAS:
            props = _Props(raw)
            party = _Party(raw, props, _primary_name(raw, props))
            _own_facts(
                party, {ref: addresses.get(resolve(ref)) for ref in props.get("addressEntity")}
            )
            parties[raw.id] = party

    def relate(a: str, b: str, kind_a: str, kind_b: str, detail: str | None) -> None:
        a, b = resolve(a), resolve(b)
        first, second = parties.get(a), parties.get(b)
        # A link to an entity the file does not hold has no name to show: it is left out.
        if first is None or second is None or a == b:
            return
        first.relate(Relation(kind_a, b, second.name, detail))
        second.relate(Relation(kind_b, a, first.name, detail))

    for raw in entities.values():
        props = _Props(raw)
        link = _LINKS.get(raw.schema)
        if link is not None:
            detail = _link_detail(link, props)
            for a in props.get(link.source):
                for b in props.get(link.target):
                    relate(a, b, link.source_kind, link.target_kind, detail)
        elif raw.schema == "Sanction":
            for party in _referenced(parties, resolve, props.get("entity")):
                party.sanctions.append(props)
        elif raw.schema in ("Passport", "Identification"):
            for party in _referenced(parties, resolve, props.get("holder")):
                _identification(party, raw.schema, props)
        elif raw.schema == "CryptoWallet":
            for party in _referenced(parties, resolve, props.get("holder")):
                for key in props.get("publicKey"):
                    party.identifiers.add("other", key)
        elif raw.schema in _PARTY_SCHEMAS:
            for prop, kind, reverse in _PROPERTY_LINKS:
                for other in props.get(prop):
                    relate(raw.id, other, kind, reverse, None)
    listed = {pid for pid, p in parties.items() if _target_category(p.raw, p.props.get("topics"))}
    return [
        _entry(list_id, p, linked=any(r.other_id in listed for r in p.relations))
        for p in parties.values()
    ]


def parse_file(path: Path, *, list_id: str = SOURCE_ID) -> ParsedList:
    """Parse one `entities.ftm.json` (plain or gzip) into entries of the list `list_id`."""
    where = str(path)
    entities = _read(path)
    entries = _build(entities, list_id)
    if not entries:
        raise ListError(
            "no Person, Company, Organization, LegalEntity, Vessel or Airplane entity in the file",
            file=where,
            hint="is this an OpenSanctions entities.ftm.json?",
        )
    seen = [r.last_seen for r in entities.values() if r.last_seen]
    changed = [r.last_change for r in entities.values() if r.last_change]
    published = _dates([max(seen)]) if seen else []
    return ParsedList(
        entries=tuple(entries),
        published=published[0] if published else None,
        names=sum(len(e.all_aliases()) for e in entries),
        version=max(changed) if changed else None,
    )


SOURCES: tuple[OfficialSource, ...] = (
    _make_source(
        SOURCE_ID,
        name="OpenSanctions consolidated sanctions (FollowTheMoney entities)",
        homepage=HOMEPAGE,
        url=dataset_url(DEFAULT_DATASET),
    ),
)

__all__ = [
    "DATASET_URL",
    "DEFAULT_DATASET",
    "FILE_NAME",
    "LINKED_CATEGORY",
    "OTHER_CATEGORY",
    "SOURCES",
    "SOURCE_ID",
    "dataset_source",
    "dataset_source_id",
    "dataset_url",
    "make_parser",
    "parse",
    "parse_file",
    "source_for",
]
