"""Parses and strictly validates screener's curated YAML watchlist format (watchlists/README.md)."""

from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pycountry
import yaml

from screener.errors import ConfigError
from screener.lists import LoadedList
from screener.model import Alias, Entry, Identifier, ListInfo
from screener.normalize import analyze_name, detect_script
from screener.yamlfile import Checker, load_with_lines
from screener.yamlfile import LineMap as _Map
from screener.yamlfile import LineSeq as _Seq

# Official lists have their own parsers and categories; a curated entry is one of these: an
# official designation we cite, a state-owned defence company, or a press report (issue 3).
CURATED_CATEGORIES: tuple[str, ...] = ("designated", "state-defence", "press")
ENTITY_TYPES: tuple[str, ...] = ("organization", "person", "vessel", "aircraft")
# The identifier kinds of model.Identifier.
IDENTIFIER_KINDS: tuple[str, ...] = (
    "bic",
    "inn",
    "ogrn",
    "uscc",
    "lei",
    "imo",
    "vat",
    "reg",
    "other",
)
# Fact-sheet confidence tags a designation may carry; "L" (unchecked recollection) may not back
# a designation claim, so it is not accepted here (put it in `notes` instead).
DESIGNATION_CONFIDENCE: tuple[str, ...] = ("H", "M")

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_SCRIPT = re.compile(r"[A-Z][a-z]{3}")  # ISO 15924, e.g. Latn, Cyrl, Hans, Hant
_LANG = re.compile(
    r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?"
)  # BCP 47 language[-script|region], e.g. zh-Latn

_LIST_KEYS = frozenset(
    {"id", "name", "version", "sources", "description", "url", "licence", "entries"}
)
_ENTRY_KEYS = frozenset(
    {
        "id", "name", "aliases", "type", "countries", "category", "programs", "designations",
        "supplies", "identifiers", "addresses", "birth_dates", "notes", "sources", "url",
    }
)  # fmt: skip
_ALIAS_KEYS = frozenset({"name", "strong", "script", "lang"})
_IDENTIFIER_KEYS = frozenset({"kind", "value"})
_DESIGNATION_KEYS = frozenset(
    {"authority", "list", "program", "date", "as_of", "ref", "source", "confidence"}
)


def sniff(path: Path, raw: bytes) -> bool:
    """A curated list is a .yaml/.yml file (its content is validated by `parse`)."""
    return path.suffix.lower() in (".yaml", ".yml")


def parse(path: Path, raw: bytes) -> LoadedList:
    """Parse a curated YAML list; every problem is a ConfigError naming file, row and field."""
    file = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"watchlist is not UTF-8 (byte {exc.start})", file=file, hint="save it as UTF-8"
        ) from None
    try:
        data = load_with_lines(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", file=file, row=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=file) from None
    return _Validator(file).watchlist(data, raw, path)


def load_curated(path: Path) -> LoadedList:
    """Read and parse one curated YAML list file."""
    from screener.lists import read_list_file

    return parse(path, read_list_file(path))


class _Validator(Checker):
    """Turns the parsed YAML of one curated list into a LoadedList, or raises ConfigError."""

    def required_text(self, data: _Map, key: str, where: str) -> str:
        value = self.text(data, key, where, required=True)
        if value is None:  # text() raises first; this narrows the type
            raise self.fail(f"missing required key {key!r}", data.line, f"{where}{key}")
        return value

    def sequence(self, data: _Map, key: str, where: str) -> _Seq:
        value = data.get(key)
        if value is None:
            return _Seq()
        if not isinstance(value, _Seq):
            raise self.fail(f"{key} must be a list", data.line_of(key), f"{where}{key}")
        return value

    def text_list(self, data: _Map, key: str, where: str) -> tuple[tuple[str, int], ...]:
        """A list of non-empty texts with the line of each; an absent key is an empty list."""
        items = self.sequence(data, key, where)
        out: list[tuple[str, int]] = []
        for index, element in enumerate(items):
            if not isinstance(element, str) or not element.strip():
                raise self.fail(
                    f"{key} entries must be non-empty text, not {element!r}",
                    items.lines[index],
                    f"{where}{key}[{index}]",
                    "quote the value so that YAML keeps it as text",
                )
            out.append((" ".join(element.split()), items.lines[index]))
        return tuple(out)

    def date_text(self, data: _Map, key: str, where: str, *, required: bool = False) -> str | None:
        value = data.get(key)
        line = data.line_of(key)
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}", data.line, f"{where}{key}")
            return None
        # An unquoted 2024-02-23 is a date to YAML; both spellings mean the same here.
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
            raise self.fail(
                f"{key} {value!r} is not YYYY-MM-DD (or YYYY-MM)", line, f"{where}{key}"
            )
        text = value.strip()
        try:
            date.fromisoformat(text if len(text) == 10 else text + "-01")
        except ValueError:
            raise self.fail(f"{key} {value!r} is not a real date", line, f"{where}{key}") from None
        return text

    def sources(self, data: _Map, where: str) -> tuple[str, ...]:
        if "sources" not in data or data["sources"] is None:
            raise self.fail(
                "missing required key 'sources'",
                data.line,
                f"{where}sources",
                "name the documents behind the entry (seed files, notices, URLs)",
            )
        found = self.text_list(data, "sources", where)
        if not found:
            raise self.fail(
                "sources must not be empty",
                data.line_of("sources"),
                f"{where}sources",
                "name the documents behind the entry (seed files, notices, URLs)",
            )
        return tuple(dict.fromkeys(s for s, _ in found))

    # --- the list -----------------------------------------------------------------------------

    def watchlist(self, data: Any, raw: bytes, path: Path) -> LoadedList:
        if not isinstance(data, _Map):
            raise self.fail(
                "a curated watchlist is a YAML mapping with id, name, version, sources and entries",
                1,
                None,
            )
        self.check_keys(data, _LIST_KEYS, ("id", "name", "version", "sources", "entries"), "")
        list_id = self.required_text(data, "id", "")
        if not _ID.fullmatch(list_id):
            raise self.fail(f"id {list_id!r} is not kebab-case", data.line_of("id"), "id")
        name = self.required_text(data, "name", "")
        version = self.date_text(data, "version", "", required=True)
        self.sources(data, "")
        for key in ("description", "url", "licence"):
            self.text(data, key, "")
        entries_node = self.sequence(data, "entries", "")
        if not entries_node:
            raise self.fail("entries must be a non-empty list", data.line_of("entries"), "entries")
        seen: dict[str, int] = {}
        entries: list[Entry] = []
        for index, node in enumerate(entries_node):
            entries.append(self.entry(node, entries_node.lines[index], index, list_id, seen))
        info = ListInfo(
            list_id=list_id,
            name=name,
            kind="entities",
            version=version,
            date=version,
            sha256=hashlib.sha256(raw).hexdigest(),
            entries=len(entries),
            path=str(path),
        )
        return LoadedList(info=info, entries=tuple(entries))

    # --- one entry ----------------------------------------------------------------------------

    def entry(self, node: Any, line: int, index: int, list_id: str, seen: dict[str, int]) -> Entry:
        if not isinstance(node, _Map):
            raise self.fail(f"entry {index + 1} must be a mapping", line, f"entries[{index}]")
        raw_id = node.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"entries[{index}]"
        where = f"{label}."
        self.check_keys(node, _ENTRY_KEYS, ("id", "name", "category", "sources"), where)
        entry_id = self.required_text(node, "id", where)
        if not _ID.fullmatch(entry_id):
            raise self.fail(
                f"id {entry_id!r} is not kebab-case",
                node.line_of("id"),
                f"{where}id",
                "use lower-case letters, digits and single hyphens, e.g. 'poly-technologies'",
            )
        if entry_id in seen:
            raise self.fail(
                f"duplicate entry id {entry_id!r} (first used on line {seen[entry_id]})",
                node.line_of("id"),
                f"{where}id",
                "entry ids must be unique and stable",
            )
        seen[entry_id] = node.line_of("id")
        name = self.required_text(node, "name", where)
        if not analyze_name(name).tokens:
            raise self.fail(
                f"name {name!r} has no letters or digits", node.line_of("name"), f"{where}name"
            )
        category = self.choice(node, "category", CURATED_CATEGORIES, where, required=True)
        entity_type = self.choice(node, "type", ENTITY_TYPES, where) or "organization"
        designations = self.designations(node, where)
        if category == "designated" and not designations:
            raise self.fail(
                "a designated entry needs at least one designation",
                node.line_of("category"),
                f"{where}designations",
                "cite which authority designated it and when, or use category 'press'",
            )
        programs = tuple(p for p, _ in self.text_list(node, "programs", where))
        notes = self.text(node, "notes", where)
        supplies = self.text(node, "supplies", where)
        return Entry(
            list_id=list_id,
            entry_id=entry_id,
            name=name,
            aliases=self.aliases(node, name, where),
            entity_type=entity_type,
            countries=self.countries(node, where),
            category=category or "press",
            programs=programs,
            designations=designations,
            supplies=supplies,
            identifiers=self.identifiers(node, where),
            addresses=tuple(a for a, _ in self.text_list(node, "addresses", where)),
            birth_dates=tuple(b for b, _ in self.text_list(node, "birth_dates", where)),
            notes=notes,
            sources=self.sources(node, where),
            url=self.text(node, "url", where),
        )

    def choice(
        self, data: _Map, key: str, allowed: tuple[str, ...], where: str, *, required: bool = False
    ) -> str | None:
        value = self.text(data, key, where, required=required)
        if value is None:
            return None
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(allowed)
            raise self.fail(f"unknown {key} {value!r}", data.line_of(key), f"{where}{key}", hint)
        return value

    def aliases(self, node: _Map, name: str, where: str) -> tuple[Alias, ...]:
        items = self.sequence(node, "aliases", where)
        out: dict[str, Alias] = {}
        for index, element in enumerate(items):
            line = items.lines[index]
            field = f"{where}aliases[{index}]"
            if isinstance(element, str):
                alias_name = self.alias_name(element, line, field)
                alias = Alias(alias_name, script=detect_script(alias_name))
            elif isinstance(element, _Map):
                self.check_keys(element, _ALIAS_KEYS, ("name",), f"{field}.")
                raw_name = element.get("name")
                alias_name = self.alias_name(raw_name, element.line_of("name"), f"{field}.name")
                strong = element.get("strong", True)
                if not isinstance(strong, bool):
                    raise self.fail(
                        f"strong must be true or false, not {strong!r}",
                        element.line_of("strong"),
                        f"{field}.strong",
                    )
                script = self.text(element, "script", f"{field}.")
                if script is not None and not _SCRIPT.fullmatch(script):
                    raise self.fail(
                        f"script {script!r} is not an ISO 15924 code",
                        element.line_of("script"),
                        f"{field}.script",
                        "e.g. Latn, Cyrl, Hans, Hant",
                    )
                lang = self.text(element, "lang", f"{field}.")
                if lang is not None and not _LANG.fullmatch(lang):
                    raise self.fail(
                        f"lang {lang!r} is not a language code",
                        element.line_of("lang"),
                        f"{field}.lang",
                        "e.g. en, ru, zh, zh-Latn",
                    )
                alias = Alias(
                    alias_name, strong=strong, script=script or detect_script(alias_name), lang=lang
                )
            else:
                raise self.fail(
                    "an alias is a name or a mapping with name, strong, script and lang, "
                    f"not {element!r}",
                    line,
                    field,
                )
            if alias.name == name:
                continue
            # The same spelling twice keeps its first (strongest-declared) form.
            out.setdefault(alias.name.casefold(), alias)
        return tuple(out.values())

    def alias_name(self, value: Any, line: int, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"an alias name must be non-empty text, not {value!r}", line, field)
        text = " ".join(value.split())
        if not analyze_name(text).tokens:
            raise self.fail(f"alias {text!r} has no letters or digits", line, field)
        return text

    def countries(self, node: _Map, where: str) -> tuple[str, ...]:
        out: list[str] = []
        for code, line in self.text_list(node, "countries", where):
            if code != code.upper() or pycountry.countries.get(alpha_2=code) is None:
                hint = (
                    f"write {code.upper()!r}"
                    if pycountry.countries.get(alpha_2=code.upper())
                    else ("use ISO 3166-1 alpha-2 codes such as CN, HK, RU")
                )
                raise self.fail(f"bad country code {code!r}", line, f"{where}countries", hint)
            if code not in out:
                out.append(code)
        return tuple(out)

    def identifiers(self, node: _Map, where: str) -> tuple[Identifier, ...]:
        items = self.sequence(node, "identifiers", where)
        out: list[Identifier] = []
        for index, element in enumerate(items):
            field = f"{where}identifiers[{index}]"
            if not isinstance(element, _Map):
                raise self.fail(
                    "an identifier is a mapping with kind and value", items.lines[index], field
                )
            self.check_keys(element, _IDENTIFIER_KEYS, ("kind", "value"), f"{field}.")
            kind = self.choice(element, "kind", IDENTIFIER_KINDS, f"{field}.", required=True) or ""
            value = element.get("value")
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    f"identifier value must be quoted text, not {value!r}",
                    element.line_of("value"),
                    f"{field}.value",
                    "quote it: an unquoted number loses its leading zeros",
                )
            out.append(Identifier(kind, value.strip()))
        return tuple(out)

    def designations(self, node: _Map, where: str) -> tuple[str, ...]:
        """Each designation as one line: 'authority list program (date) [ref]'."""
        items = self.sequence(node, "designations", where)
        out: list[str] = []
        for index, element in enumerate(items):
            field = f"{where}designations[{index}]"
            if not isinstance(element, _Map):
                raise self.fail(
                    "a designation is a mapping with authority, list and date or as_of",
                    items.lines[index],
                    field,
                )
            self.check_keys(element, _DESIGNATION_KEYS, ("authority", "list"), f"{field}.")
            authority = self.required_text(element, "authority", f"{field}.")
            listed = self.required_text(element, "list", f"{field}.")
            program = self.text(element, "program", f"{field}.")
            when = self.date_text(element, "date", f"{field}.")
            as_of = self.date_text(element, "as_of", f"{field}.")
            if when is None and as_of is None:
                raise self.fail(
                    "a designation needs a date (when it was made) or as_of (the date of a "
                    "list copy showing it)",
                    element.line,
                    f"{field}.date",
                )
            self.choice(element, "confidence", DESIGNATION_CONFIDENCE, f"{field}.")
            ref = self.text(element, "ref", f"{field}.")
            self.text(element, "source", f"{field}.")
            text = " ".join(p for p in (authority, listed, program) if p)
            text += f" ({when})" if when else f" (listed as of {as_of})"
            if ref:
                text += f" [{ref}]"
            out.append(text)
        return tuple(out)
