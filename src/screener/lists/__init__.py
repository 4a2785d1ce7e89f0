"""The watchlist family's interface: every list format loads into a LoadedList of common Entries.

Each format (our curated YAML now; OFAC SDN, UN, UK, EU, CSL and OpenSanctions later) is one module
in this package with a `sniff(path, raw) -> bool` and a `parse(path, raw) -> LoadedList`, and one
row in `formats()`. `load_watchlist` reads the file once, asks each format in turn whether the file
is its own, and hands the bytes to the first that says yes, so the sha256 in ListInfo is always of
exactly the bytes that were parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from screener.errors import ConfigError, ListError
from screener.model import Entry, ListInfo


@dataclass(frozen=True)
class LoadedList:
    """One watchlist as loaded: which copy it is (`info`) and its entries in the common model."""

    info: ListInfo
    entries: tuple[Entry, ...]

    @property
    def list_id(self) -> str:
        return self.info.list_id

    @property
    def name(self) -> str:
        return self.info.name


@dataclass(frozen=True)
class ListFormat:
    """One watchlist format: how to recognise a file of it and how to parse one."""

    name: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    parse: Callable[[Path, bytes], LoadedList]


def formats() -> tuple[ListFormat, ...]:
    """Every watchlist format screener reads, most specific first."""
    # Imported here, not at the top: the format modules import LoadedList from this package.
    from screener.lists import curated

    return (
        ListFormat(
            name="curated",
            description="screener's curated YAML watchlist (watchlists/README.md)",
            sniff=curated.sniff,
            parse=curated.parse,
        ),
    )


def read_list_file(path: Path) -> bytes:
    """The bytes of a list file; a missing or unreadable file is a ListError (exit 5)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ListError(
            "watchlist file not found", file=str(path), hint="check the path or drop the option"
        ) from None
    except OSError as exc:
        raise ListError(f"cannot read watchlist: {exc.strerror or exc}", file=str(path)) from None


def read_list_text(path: Path, what: str = "list file") -> str:
    """An official list file's text: UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    Publishers write UTF-8 or plain ASCII, but re-saved and older copies (OFSI exports) are
    Windows-1252; Latin-1 takes the five bytes Windows-1252 leaves undefined, so a text file always
    decodes. A file with NUL bytes is not text (a zip or a UTF-16 export) and is refused.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListError(f"cannot read {what}: {exc.strerror or exc}", file=str(path)) from None
    if b"\x00" in raw:
        raise ListError("not a text file (it holds NUL bytes)", file=str(path))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def load_watchlist(path: Path, *, list_format: str | None = None) -> LoadedList:
    """Load one watchlist file, recognising its format from its name and content.

    `list_format` forces a format by name. Raises ListError when the file cannot be read and
    ConfigError (naming file, line and field) when its content is not a valid list of its format.
    """
    raw = read_list_file(path)
    known = formats()
    if list_format is not None:
        for fmt in known:
            if fmt.name == list_format:
                return fmt.parse(path, raw)
        names = ", ".join(f.name for f in known)
        raise ConfigError(
            f"unknown watchlist format {list_format!r}", file=str(path), hint=f"use one of {names}"
        )
    for fmt in known:
        if fmt.sniff(path, raw):
            return fmt.parse(path, raw)
    described = "; ".join(f"{f.name}: {f.description}" for f in known)
    raise ConfigError(
        "not a watchlist format screener reads", file=str(path), hint=f"supported: {described}"
    )


def load_watchlists(paths: Sequence[Path]) -> tuple[LoadedList, ...]:
    """Load several watchlists; two lists with the same id are a ConfigError (hits name the id)."""
    loaded: list[LoadedList] = []
    seen: dict[str, str] = {}
    for path in paths:
        one = load_watchlist(path)
        if one.list_id in seen:
            raise ConfigError(
                f"watchlist id {one.list_id!r} is also used by {seen[one.list_id]}",
                file=str(path),
                field="id",
                hint="give each list its own id",
            )
        seen[one.list_id] = str(path)
        loaded.append(one)
    return tuple(loaded)


__all__ = [
    "ListFormat",
    "LoadedList",
    "formats",
    "load_watchlist",
    "load_watchlists",
    "read_list_file",
]
