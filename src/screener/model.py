"""The typed values that cross stage boundaries: records, list entries, hits, findings, reports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from dataclasses import field as _field
from operator import attrgetter
from typing import Any

from screener.bands import Band

# --- Input side -------------------------------------------------------------------------------

# Party roles a record can carry. Trade documents name sellers, buyers, consignees, end users and
# notify parties; payments name payers (ordering customers), beneficiaries and their banks.
PARTY_ROLES: tuple[str, ...] = (
    "seller",
    "buyer",
    "consignee",
    "end_user",
    "notify",
    "payer",
    "beneficiary",
    "manufacturer",
    "forwarder",
    "agent",
    "payer_bank",
    "beneficiary_bank",
    "intermediary_bank",
    "bank",
)

BANK_ROLES: frozenset[str] = frozenset(
    {"payer_bank", "beneficiary_bank", "intermediary_bank", "bank"}
)


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier a party carries; `kind` is bic, inn, ogrn, uscc, lei, imo, vat, reg, other."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Party:
    """One counterparty of a record in one role; `country` is ISO 3166-1 alpha-2 when known."""

    role: str
    name: str
    alt_names: tuple[str, ...] = ()
    country: str | None = None
    country_raw: str | None = None
    address: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    birth_date: str | None = None  # ISO date (or year) for a person, when the input gives one

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by every alternate spelling (a transliteration column, say)."""
        return (self.name, *self.alt_names)


@dataclass(frozen=True, slots=True)
class GoodsLine:
    """One goods line: `hs_code` holds digits only (4 to 10), `hs_raw` what the file said."""

    description: str | None = None
    alt_descriptions: tuple[str, ...] = ()
    hs_code: str | None = None
    hs_raw: str | None = None
    quantity: float | None = None
    unit: str | None = None
    value: float | None = None
    currency: str | None = None

    @property
    def descriptions(self) -> tuple[str, ...]:
        return tuple(d for d in (self.description, *self.alt_descriptions) if d)


@dataclass(frozen=True, slots=True)
class Route:
    """Where the goods come from and go: ISO alpha-2 codes where recognised."""

    origin: str | None = None
    transit: tuple[str, ...] = ()
    destination: str | None = None
    final_destination: str | None = None
    port_of_discharge: str | None = None

    def countries(self) -> tuple[str, ...]:
        """Every country on the route, in route order, without repeats."""
        seen: list[str] = []
        for code in (self.origin, *self.transit, self.destination, self.final_destination):
            if code and code not in seen:
                seen.append(code)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Payment:
    """How the record is paid: `currency` is an ISO 4217 code when recognised."""

    currency: str | None = None
    amount: float | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One input row made into screening terms. `raw` keeps every cell the user gave, unchanged."""

    source: str
    row: int
    parties: tuple[Party, ...] = ()
    goods: tuple[GoodsLine, ...] = ()
    route: Route = field(default_factory=Route)
    payment: Payment = field(default_factory=Payment)
    reference: str | None = None
    date: str | None = None
    remarks: tuple[str, ...] = ()
    raw: Mapping[str, str] = field(default_factory=dict)

    def parties_in(self, role: str) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.role == role)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that could not be screened, and why. Rows in = rows reported + rows skipped."""

    source: str
    row: int
    reason: str
    field: str | None = None
    raw: Mapping[str, str] = _field(default_factory=dict)


# --- Lists ------------------------------------------------------------------------------------

# What a list is, which decides how much a hit on it weighs and how the report labels it.
LIST_CATEGORIES: tuple[str, ...] = (
    "sanctions",  # officially designated: OFAC SDN, UN, UK, EU ...
    "export-control",  # BIS Entity List, MEU, Denied Persons ...
    "designated",  # curated entry that an authority has designated (with the designation cited)
    "state-defence",  # curated: state-owned defence company
    "press",  # curated: reported in the press, not designated
    "sanctions-linked",  # owned by, or linked to, a sanctioned party (OFAC 50 Percent Rule)
    "watchlist",  # other official watchlists: debarment, crime, counter-sanctions
)


@dataclass(frozen=True, slots=True)
class Relation:
    """A link from one list entry to another party: owner, subsidiary, director, family member."""

    kind: str  # "owned_by", "owns", "director_of", "has_director", "family", "associate", ...
    other_id: str | None  # the other entry's id on the same list, when it has one
    other_name: str
    detail: str | None = None  # e.g. "50%", "brother", the list's own wording


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of a list entry. Weak aliases (low quality, per the list) count for less."""

    name: str
    strong: bool = True
    script: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One entity on a watchlist in the common model that every list parser produces."""

    list_id: str
    entry_id: str
    name: str
    aliases: tuple[Alias, ...] = ()
    entity_type: str = "organization"  # person, organization, vessel, aircraft, unknown
    countries: tuple[str, ...] = ()
    category: str = "sanctions"
    programs: tuple[str, ...] = ()
    # Human-readable designation records: "OFAC SDN RUSSIA-EO14024 (2024-05-01) [ent_num 46633]".
    designations: tuple[str, ...] = ()
    supplies: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    notes: str | None = None
    sources: tuple[str, ...] = ()
    url: str | None = None
    relations: tuple[Relation, ...] = ()
    nationalities: tuple[str, ...] = ()
    listed_on: str | None = None  # date the list says the entry was added, ISO where known

    def all_aliases(self) -> tuple[Alias, ...]:
        """The primary name as a strong alias, then every other alias."""
        return (Alias(self.name), *(a for a in self.aliases if a.name != self.name))


@dataclass(frozen=True, slots=True)
class ListInfo:
    """Which copy of a list a run used: for the report header and for audit."""

    list_id: str
    name: str
    kind: str  # "entities" or "goods"
    version: str | None
    date: str | None
    sha256: str
    entries: int
    path: str
    category: str | None = None  # what the list is (sanctions, export-control, ...), if one kind
    fetched: str | None = None  # when this copy was downloaded or imported (ISO time)
    names: int | None = None  # names including aliases


@dataclass(frozen=True, slots=True)
class RuleSetInfo:
    """Which rule file a run used."""

    path: str
    rules: int
    sha256: str
    version: str | None = None


# --- Evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Feature:
    """One named feature of a match score and what it contributed, with a human note."""

    name: str
    value: float
    contribution: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class PartyHit:
    """A counterparty that met a list entry: who, which entry and alias, on which list, how well."""

    role: str
    input_name: str
    list_id: str
    list_name: str
    category: str
    entry_id: str
    entry_name: str
    matched_alias: str
    score: float  # 0-100 match score after features
    features: tuple[Feature, ...]
    programs: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    entry_countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str | None = None
    points: int = 0


@dataclass(frozen=True, slots=True)
class GoodsHit:
    """A goods line that met a goods list item, by HS code or by words in its description."""

    line: int  # 0-based index of the goods line in the record
    list_id: str
    list_name: str
    item_id: str
    label: str  # e.g. "CHPL Tier 1: integrated circuits"
    tier: str | None
    matched_on: str  # "hs" or "description"
    matched: str  # the code prefix or the words that matched
    hs_code: str | None
    description: str | None
    sources: tuple[str, ...] = ()
    points: int = 0
    note: str | None = None  # e.g. "declared at heading level 8542", "HS 2017 code 8548.90"
    # The description names this good but the declared HS code is not one of its codes
    # (integrated circuits declared as toys): evidence of misdeclaration, for the rules.
    contradicts_code: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A red-flag rule that fired on a record, with the values that made it fire."""

    rule_id: str
    message: str
    weight: int
    sources: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    rule_file: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of a row's explanation: what kind of evidence, how many points, and in words."""

    kind: str  # "party", "goods" or "rule"
    points: int
    text: str
    ref: str  # entry id, goods item id or rule id


@dataclass(frozen=True, slots=True)
class Assessment:
    """A screened row: its score, band and every reason behind them."""

    record: Record
    score: int
    band: Band
    party_hits: tuple[PartyHit, ...] = ()
    goods_hits: tuple[GoodsHit, ...] = ()
    findings: tuple[Finding, ...] = ()
    reasons: tuple[Reason, ...] = ()
    # Parties whose names are similar to a listed party but below the hit threshold: no points of
    # their own (a rule may weigh them), shown so that an officer sees the look-alike.
    similar_parties: tuple[PartyHit, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts for the report footer: rows in = screened + skipped."""

    rows_in: int
    screened: int
    skipped: int
    by_band: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a run produced; the CLI renders it, `screener.screen()` returns it."""

    schema_version: str
    tool_version: str
    generated_at: str
    inputs: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    skipped: tuple[Skipped, ...]
    summary: Summary
    lists: tuple[ListInfo, ...]
    rules: tuple[RuleSetInfo, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


# --- Pickling ----------------------------------------------------------------------------------


def _pickle_positionally(cls: type) -> None:
    """Pickle `cls` as its class and its field values, rebuilt by calling it with them.

    A frozen dataclass with slots pickles through the `__getstate__`/`__setstate__` that
    dataclasses writes, which look the fields up on every call: ~12 us to pickle a party with its
    hit and as much to unpickle it, and the `--jobs` workers pass every matched party and its hits
    through the parent to each other (screener.parallel). As a call with the values it is ~5x
    cheaper. Every field of these classes is an `__init__` argument, so the call rebuilds it whole.
    """
    names = tuple(f.name for f in fields(cls))
    values: Callable[[Any], tuple[Any, ...]]
    if len(names) == 1:
        only = names[0]

        def values(obj: Any) -> tuple[Any, ...]:
            return (getattr(obj, only),)
    else:
        values = attrgetter(*names)

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return (cls, values(self))

    cls.__reduce__ = __reduce__  # type: ignore[assignment]


# --- Construction --------------------------------------------------------------------------------

# What a parameter with a default factory is given when the caller leaves it out (as dataclasses'
# own sentinel): a value no caller passes.
_UNSET: Any = type("_Unset", (), {"__repr__": lambda self: "<factory>"})()


def _fill_slots_directly(cls: type) -> None:
    """Give `cls` (a frozen dataclass with slots) an `__init__` that sets each slot through its
    slot descriptor, with the same parameters, defaults and default factories as before.

    The `__init__` dataclasses writes for a frozen class sets each field with
    `object.__setattr__(self, name, value)`, which looks the name up on the class every time:
    ~130 ns a field, 1.3 us for a Record, and a million-row run makes a Record, a Payment and an
    Assessment per row (py-spy: frozen `__init__`s were 5.6 % of issue 6's run). A slot
    descriptor's own `__set__`, looked up once here, does the same store in less than half of
    that (~55 ns a field). The class stays frozen (its `__setattr__` still refuses), and equality,
    hashing, `repr`, `replace` and pickling are the dataclass's, unchanged
    (tests/test_model.py compares every class built both ways).
    """
    if hasattr(cls, "__post_init__") or any(f.kw_only or not f.init for f in fields(cls)):
        # This __init__ knows plain positional fields only: such a class keeps the dataclass's.
        return
    namespace: dict[str, Any] = {"_UNSET": _UNSET}
    params: list[str] = []
    body: list[str] = []
    for index, f in enumerate(fields(cls)):
        setter = f"_set{index}"
        namespace[setter] = cls.__dict__[f.name].__set__
        value = f.name
        if f.default is not MISSING:
            namespace[f"_default{index}"] = f.default
            params.append(f"{f.name}=_default{index}")
        elif f.default_factory is not MISSING:
            namespace[f"_factory{index}"] = f.default_factory
            params.append(f"{f.name}=_UNSET")
            value = f"_factory{index}() if {f.name} is _UNSET else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    {setter}(self, {value})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    # As dataclasses writes its own __init__: source made above from the class's own fields.
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]


for _cls in tuple(globals().values()):
    if isinstance(_cls, type) and is_dataclass(_cls) and _cls.__module__ == __name__:
        _pickle_positionally(_cls)
        _fill_slots_directly(_cls)
del _cls
