"""Official list sources: what each publisher's files are called, where they are, how to parse them.

Each official source (OFAC SDN, OFAC non-SDN, the US Consolidated Screening List, the UN Security
Council list, the UK lists, the EU financial sanctions file, BIS Denied Persons, OpenSanctions
entity files) is described by one `OfficialSource` in the module that parses it, and listed once in
`sources()`. A parser takes the source's files (by their canonical names) and returns a `ParsedList`
in the common entry model; the store (screener.lists.store) keeps dated copies and the fetcher
(screener.lists.fetch, the only module that touches the network) downloads them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from screener.errors import UsageError
from screener.model import Entry


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of a source: its canonical name, the publisher's URL, the names users give it."""

    name: str  # canonical name, e.g. "sdn.csv"
    url: str | None  # where the publisher serves it (None: import only)
    required: bool = True
    # Lower-case glob patterns a user's file may match when imported (e.g. "sdn*.csv").
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedList:
    """What a parser returns: the entries and what the files say about themselves."""

    entries: tuple[Entry, ...]
    published: str | None  # the publication date the files carry (ISO date), if any
    names: int  # number of names including aliases
    version: str | None = None  # a version or record id the files carry, if any


# Parses a source's files, given by canonical name -> path; raises ListError on unreadable content.
Parser = Callable[[Mapping[str, Path]], ParsedList]


@dataclass(frozen=True)
class OfficialSource:
    """One official list source."""

    id: str  # stable kebab-case id used on the command line and in reports, e.g. "ofac-sdn"
    name: str  # e.g. "OFAC Specially Designated Nationals (SDN) List"
    publisher: str  # e.g. "US Treasury, Office of Foreign Assets Control"
    category: str  # model.LIST_CATEGORIES value for its entries, unless a parser sets one per entry
    homepage: str
    files: tuple[SourceFile, ...]
    parse: Parser
    licence: str = ""
    notes: str = ""


def sources() -> tuple[OfficialSource, ...]:
    """Every official source screener knows, in the order `lists status` shows them."""
    # Imported here: the parser modules import this module's types.
    from screener.lists import csl, dpl, eu, ofac, opensanctions, uk, un

    return (
        *ofac.SOURCES,
        *csl.SOURCES,
        *un.SOURCES,
        *uk.SOURCES,
        *eu.SOURCES,
        *dpl.SOURCES,
        *opensanctions.SOURCES,
    )


# The module of this package that defines each fixed source (in its SOURCES), so that a run imports
# only the parsers of the lists it loads: importing all seven parser modules costs a one-row check
# about 0.06 s, and a run that reuses the compiled index loads no list at all. The test beside this
# module checks the table against sources().
_SOURCE_MODULES: Mapping[str, str] = {
    "ofac-sdn": "ofac",
    "ofac-cons": "ofac",
    "us-csl": "csl",
    "un-sc": "un",
    "uk-fcdo": "uk",
    "uk-ofsi": "uk",
    "eu-fsf": "eu",
    "bis-dpl": "dpl",
    "opensanctions": "opensanctions",
}
FIXED_SOURCE_IDS = frozenset(_SOURCE_MODULES)
_OPENSANCTIONS_PREFIX = "opensanctions-"


def source_module(source_id: str) -> str | None:
    """The module that defines source `source_id`, without importing it (None: no such source).

    An `opensanctions-<dataset>` id names the OpenSanctions module whether or not the dataset name
    is valid; `find_source` says whether it is.
    """
    name = _SOURCE_MODULES.get(source_id)
    if name is None and source_id.startswith(_OPENSANCTIONS_PREFIX):
        name = "opensanctions"
    return f"{__package__}.{name}" if name is not None else None


def find_source(source_id: str) -> OfficialSource | None:
    """The source with id `source_id` (a fixed one or an OpenSanctions dataset's), else None.

    The same answer as looking `source_id` up in `sources()` (then `opensanctions.source_for`), but
    only the module that defines it is imported.
    """
    module = source_module(source_id)
    if module is None:
        return None
    defined: tuple[OfficialSource, ...] = importlib.import_module(module).SOURCES
    found = next((s for s in defined if s.id == source_id), None)
    if found is None and source_id.startswith(_OPENSANCTIONS_PREFIX):
        from screener.lists import opensanctions

        found = opensanctions.source_for(source_id)
    return found


def get_source(source_id: str) -> OfficialSource:
    """The source called `source_id`; UsageError (exit 2) listing the known ids otherwise."""
    known = sources()
    for source in known:
        if source.id == source_id:
            return source
    # Any OpenSanctions dataset can be imported as `opensanctions-<dataset>`.
    from screener.lists import opensanctions

    dataset = opensanctions.source_for(source_id)
    if dataset is not None:
        return dataset
    ids = ", ".join(s.id for s in known)
    raise UsageError(f"unknown list source {source_id!r}", hint=f"known sources: {ids}")
