"""The benchmark's watchlists: each list id of the labelled set, built from the real list files.

A case names the list it is screened against by id. Every id is the real publication (under
`../shared/data/lists`, SOURCES.md there gives each file's provenance) or a view of it with some
names taken out, so that a query cannot meet itself:

- `ofac-sdn-2021`: OFAC SDN legacy CSV set of 2021-07-07 (sdn, alt, add, sdn_comments), whole.
- `ofac-sdn-2021-heldout`: the same, without the aliases the `real-alias` cases query (each case
  takes its query out of its expected entry only; the entry keeps its other names).
- `uk-ofsi-2025-latin`: the OFSI Consolidated List of 2025-04-10 without its non-Latin names, so a
  Cyrillic or Chinese query meets only the Latin form the list also gives.
- `curated-latin`: screener's curated watchlist without its Han and Cyrillic names (its pinyin and
  English names stay).
- `screening`: what a user screens ordinary data against: OFAC SDN 2021, OFSI 2025, the US
  Consolidated Screening List of 2022-05-16 and the curated list, all names kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from screener.lists import LoadedList, csl, ofac, uk
from screener.lists.curated import load_curated
from screener.model import Entry, ListInfo

REPO = Path(__file__).resolve().parents[2]
SHARED_LISTS = REPO.parent / "shared" / "data" / "lists"
CURATED = REPO / "watchlists" / "curated.yaml"

LIST_IDS: tuple[str, ...] = (
    "ofac-sdn-2021",
    "ofac-sdn-2021-heldout",
    "uk-ofsi-2025-latin",
    "curated-latin",
    "screening",
)

# Any letter outside Latin (and the digits and punctuation all scripts share): Cyrillic, Han,
# Arabic, Hangul... The lists' own script tags are not complete (OFSI leaves some blank).
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


# Cyrillic letters romanised (simplified BGN/PCGN), for the benchmark's own name keys: the set
# must not move when screener's normalize.py changes, so it does not use it.
_CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєў",
                ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                 "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                 "yu", "ya", "i", "yi", "ye", "w"], strict=True))  # fmt: skip


def romanise(text: str) -> str:
    """`text` lower-cased, accents dropped, Cyrillic romanised; other scripts kept."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "".join(_CYR.get(ch, ch) for ch in plain)


def plain_key(name: str) -> str:
    """A name as lower-case romanised words without punctuation: 'the same spelling'."""
    return " ".join(re.sub(r"[^\w]+", " ", romanise(name)).split())


def non_latin(text: str) -> bool:
    """Whether `text` has a letter of another script than Latin."""
    return any(ch.isalpha() for ch in _NON_LATIN.findall(text))


def ofac_2021_files() -> dict[str, Path]:
    folder = SHARED_LISTS / "ofac" / "2021-07-07"
    return {name: folder / name for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")}


def ofac_2025_alt() -> Path:
    return SHARED_LISTS / "ofac" / "2025-12-24" / "alt.csv"


def ofsi_2025() -> Path:
    return SHARED_LISTS / "uk" / "2025-04-10" / "ConList.xlsx"


def csl_2022() -> Path:
    return SHARED_LISTS / "csl" / "2022-05-16" / "consolidated.csv"


def _loaded(list_id: str, name: str, entries: Sequence[Entry], version: str) -> LoadedList:
    info = ListInfo(list_id, name, "entities", version, version, "", len(entries), "")
    return LoadedList(info, tuple(entries))


def _latin_only(entries: Iterable[Entry]) -> list[Entry]:
    out: list[Entry] = []
    for entry in entries:
        aliases = tuple(a for a in entry.aliases if not non_latin(a.name))
        if non_latin(entry.name):
            if not aliases:
                continue
            entry = replace(entry, name=aliases[0].name, aliases=aliases[1:])
        out.append(replace(entry, aliases=aliases))
    return out


def _without(entries: Iterable[Entry], held_out: Mapping[str, set[str]]) -> list[Entry]:
    """Entries minus the names `held_out` gives per entry id (compared by plain_key)."""
    out: list[Entry] = []
    for entry in entries:
        drop = held_out.get(entry.entry_id)
        if drop:
            keep = tuple(a for a in entry.all_aliases() if plain_key(a.name) not in drop)
            if not keep:
                continue
            entry = replace(entry, name=keep[0].name, aliases=keep[1:])
        out.append(entry)
    return out


class ListCache:
    """Parses each source once and builds the list views the cases ask for."""

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[Entry, ...]] = {}

    def source(self, key: str) -> tuple[Entry, ...]:
        if key not in self._parsed:
            if key == "ofac-2021":
                entries = ofac.parse_sdn(ofac_2021_files()).entries
            elif key == "ofsi-2025":
                entries = uk.parse_ofsi_xlsx(ofsi_2025()).entries
            elif key == "csl-2022":
                entries = csl.parse({csl.FILE: csl_2022()}).entries
            elif key == "curated":
                entries = load_curated(CURATED).entries
            else:
                raise KeyError(key)
            self._parsed[key] = entries
        return self._parsed[key]

    def build(
        self, list_id: str, held_out: Mapping[str, set[str]] | None = None
    ) -> list[LoadedList]:
        """The lists a case on `list_id` is screened against (`held_out`: names to take out)."""
        if list_id == "ofac-sdn-2021":
            return [_loaded(list_id, "OFAC SDN 2021-07-07", self.source("ofac-2021"), "2021-07-07")]
        if list_id == "ofac-sdn-2021-heldout":
            entries = _without(self.source("ofac-2021"), held_out or {})
            return [
                _loaded(
                    list_id, "OFAC SDN 2021-07-07, query aliases held out", entries, "2021-07-07"
                )
            ]
        if list_id == "uk-ofsi-2025-latin":
            entries = _latin_only(self.source("ofsi-2025"))
            return [_loaded(list_id, "OFSI ConList 2025-04-10, Latin names", entries, "2025-04-10")]
        if list_id == "curated-latin":
            entries = _latin_only(self.source("curated"))
            return [_loaded(list_id, "curated watchlist, Latin names", entries, "curated")]
        if list_id == "screening":
            return [
                _loaded("ofac-sdn", "OFAC SDN 2021-07-07", self.source("ofac-2021"), "2021-07-07"),
                _loaded(
                    "uk-ofsi", "OFSI ConList 2025-04-10", self.source("ofsi-2025"), "2025-04-10"
                ),
                _loaded("csl", "US CSL 2022-05-16", self.source("csl-2022"), "2022-05-16"),
                _loaded("curated", "curated watchlist", self.source("curated"), "curated"),
            ]
        raise KeyError(f"unknown benchmark list id {list_id!r}; known: {', '.join(LIST_IDS)}")
