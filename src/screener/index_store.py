"""The compiled name index on disk: built once per set of lists, reused until a list changes.

Building the index over every official list takes seconds (about 90,000 names analysed, weighed
and filed); a bank runs `screener check` many times a day on the same lists. So the built index is
saved under the user cache directory, in a folder named by a key over everything it depends on:
each list's content fingerprint, the minimum score it files for, and the code that analyses names.
Any change to a list or to that code gives a new key, hence a new build; nothing is ever updated in
place (folders are written under a temporary name and renamed, so concurrent runs are safe).

The folder holds `tables.pickle` (postings, vocabulary, word statistics, list infos: loaded whole,
in the compact form of index.IndexTables: a few long strings and arrays)
and `records.bin` (each alias record pickled on its own, with an offset table), which
`LazyRecords` unpickles only when a query reaches it. A one-row check thus reads the tables and a
few hundred records instead of the whole index. The cache is ours alone (pickle is safe here only
because the folder is the user's own cache, written by this code).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import mmap
import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast, overload

import platformdirs

from screener import __version__
from screener.index import AliasRecord, BoundData, IndexTables, NameIndex, bound_data
from screener.model import Alias, Entry, Identifier, ListInfo, Relation
from screener.normalize import LegalForm, NameParts, Token

T = TypeVar("T")

# Bump when the layout of the folder changes (the code fingerprint covers the rest).
FORMAT = 3
TABLES_FILE = "tables.pickle"
RECORDS_FILE = "records.bin"
# How many built indexes to keep: the one in use and the one before it (a run still reading the
# old one while another switched lists must not lose its files).
KEEP = 2
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _reduce_dataclass(obj: Any) -> tuple[type, tuple[Any, ...]]:
    return (type(obj), tuple(getattr(obj, f.name) for f in dataclasses.fields(obj)))


# Every dataclass a record holds; each has an __init__ taking all its fields in order.
_DISPATCH: dict[type, Callable[[Any], tuple[type, tuple[Any, ...]]]] = {
    cls: _reduce_dataclass
    for cls in (Entry, Alias, Identifier, Relation, NameParts, Token, LegalForm)
}


def cache_root(cache_dir: Path | None = None) -> Path:
    """Where built indexes live: `cache_dir`, else the user cache directory's `index` folder."""
    base = cache_dir if cache_dir is not None else platformdirs.user_cache_path("screener")
    return base / "index"


def code_fingerprint() -> str:
    """A hash of the package's own source and data files: a new screener builds a new index.

    The index depends on normalize.py, index.py, model.py and the tables they read; hashing the
    whole package (about a megabyte, a few milliseconds) keeps that list from going stale.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml", ".json", ".txt"} and path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def index_key(list_keys: Sequence[str], min_score: float, code: str) -> str:
    """The folder name for an index over lists with these content keys (in load order)."""
    digest = hashlib.sha256(f"{FORMAT}\n{code}\n{min_score!r}\n".encode())
    for key in list_keys:
        digest.update(key.encode() + b"\n")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class StoredIndex:
    """A built index and the infos of the lists it covers, as loaded from the cache."""

    index: NameIndex
    infos: tuple[ListInfo, ...]


def load(root: Path, key: str) -> StoredIndex | None:
    """The index saved under `key`, or None when there is none or it does not read back.

    A folder that does not read (a crash mid-write, a foreign pickle) is treated as absent: the
    caller builds again and overwrites it.
    """
    folder = root / key
    try:
        with (folder / TABLES_FILE).open("rb") as handle:
            saved = pickle.load(handle)
        if not (isinstance(saved, dict) and saved.get("format") == FORMAT):
            return None
        tables = saved["tables"]
        infos = saved["infos"]
        offsets = saved["offsets"]
        entry_offsets = saved["entry_offsets"]
        bound_offsets = saved["bound_offsets"]
        records = LazyRecords.open(folder / RECORDS_FILE, offsets, entry_offsets, bound_offsets)
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError, ValueError,
            TypeError, ImportError):
        return None
    if not isinstance(tables, IndexTables) or len(records) != tables.record_count:
        return None
    return StoredIndex(NameIndex.from_tables(tables, records), tuple(infos))


def save(root: Path, key: str, index: NameIndex, infos: Sequence[ListInfo]) -> None:
    """Write `index` under `key` (atomically) and drop all but the newest KEEP indexes.

    Raises OSError when the cache cannot be written; the caller goes on with the index in memory.
    """
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root))
    try:
        offsets, entry_offsets, bound_offsets = _write_records(
            work / RECORDS_FILE, index.record_store
        )
        saved = {
            "format": FORMAT,
            "tables": index.tables,
            "infos": tuple(infos),
            "offsets": offsets,
            "entry_offsets": entry_offsets,
            "bound_offsets": bound_offsets,
        }
        with (work / TABLES_FILE).open("wb") as handle:
            pickle.dump(saved, handle, protocol=_PROTOCOL)
        try:
            work.rename(root / key)
            os.utime(root / key)  # pruning keeps the most recently written
        except OSError:
            # Another run saved the same index first: theirs is as good as ours.
            if not (root / key / TABLES_FILE).is_file():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    _prune(root, key)


def cached(root: Path, kind: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, remembered as a pickle under `root` by `kind` and `key` (best effort).

    For the small compiled data a run loads besides the index (the goods lists: their YAML and HS
    labels take a fifth of a second to read). `key` must cover everything `build` depends on.
    Only the KEEP newest files of a kind are kept.
    """
    path = root / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return cast(T, pickle.load(handle))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):
        pass
    value = build()
    with contextlib.suppress(OSError):
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", dir=root)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        others = sorted(root.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns,
                        reverse=True)
        for old in others[KEEP:]:
            old.unlink(missing_ok=True)
    return value


def _dumps(obj: Any) -> bytes:
    """pickle.dumps, with the index's frozen dataclasses rebuilt by their constructors.

    A slotted dataclass unpickles through a generic __setstate__ that looks its fields up for
    every object; calling the constructor with the field values instead halves the time a record
    takes to load (20 against 40 microseconds, measured on the real lists).
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(obj)
    return buffer.getvalue()


def _write_records(
    path: Path, records: Sequence[AliasRecord]
) -> tuple[array[int], array[int], array[int]]:
    """records.bin: the entries (each pickled once), the records naming their entry by number,
    then each record's index.BoundData.

    Returns the offset tables: record i is bytes offsets[i]:offsets[i+1], entries and bound data
    likewise.
    """
    entry_numbers: dict[tuple[str, str], int] = {}
    entry_offsets = array("Q", [0])
    record_blobs: list[bytes] = []
    with path.open("wb") as out:
        written = 0
        for record in records:
            entry = record.entry
            number = entry_numbers.get((entry.list_id, entry.entry_id))
            if number is None:
                number = entry_numbers[(entry.list_id, entry.entry_id)] = len(entry_numbers)
                blob = _dumps(entry)
                out.write(blob)
                written += len(blob)
                entry_offsets.append(written)
            record_blobs.append(_dumps(
                (number, record.alias, record.parts, record.list_name, record.position,
                 record.units, record.weights)
            ))
        offsets = array("Q", [written])
        for blob in record_blobs:
            out.write(blob)
            written += len(blob)
            offsets.append(written)
        bound_offsets = array("Q", [written])
        for record in records:
            blob = pickle.dumps(bound_data(record), protocol=_PROTOCOL)
            out.write(blob)
            written += len(blob)
            bound_offsets.append(written)
    return offsets, entry_offsets, bound_offsets


def _prune(root: Path, keep_key: str) -> None:
    """Remove all but the KEEP most recently written indexes (always keeping `keep_key`)."""
    try:
        folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        folders.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    kept = 0
    for folder in folders:
        if folder.name == keep_key or kept < KEEP - 1:
            kept += folder.name != keep_key
            continue
        shutil.rmtree(folder, ignore_errors=True)


class LazyRecords(Sequence[AliasRecord]):
    """The alias records of a saved index, unpickled the first time each is asked for.

    Backed by a memory map of records.bin (or, after pickling for a Spark broadcast, by the bytes
    themselves). Each record and each entry is unpickled once and then kept: a run touches the
    records its names reach, and ledgers repeat names.
    """

    def __init__(self, data: bytes | mmap.mmap, offsets: array[int], entry_offsets: array[int],
                 bound_offsets: array[int]) -> None:
        self._data = data
        self._offsets = offsets
        self._entry_offsets = entry_offsets
        self._bound_offsets = bound_offsets
        self._records: dict[int, AliasRecord] = {}
        self._entries: dict[int, Any] = {}

    @classmethod
    def open(cls, path: Path, offsets: array[int], entry_offsets: array[int],
             bound_offsets: array[int]) -> LazyRecords:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size != bound_offsets[-1] or len(bound_offsets) != len(offsets):
                raise ValueError(f"{path} is {size} bytes, expected {bound_offsets[-1]}")
            data: bytes | mmap.mmap = (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )
        return cls(data, offsets, entry_offsets, bound_offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, position: int) -> AliasRecord: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[AliasRecord]: ...

    def __getitem__(self, position: int | slice) -> AliasRecord | Sequence[AliasRecord]:
        if isinstance(position, slice):
            return tuple(self[i] for i in range(*position.indices(len(self))))
        found = self._records.get(position)
        if found is not None:
            return found
        if not 0 <= position < len(self):
            raise IndexError(position)
        start, end = self._offsets[position], self._offsets[position + 1]
        number, alias, parts, list_name, pos, units, weights = pickle.loads(self._data[start:end])
        record = AliasRecord(self._entry(number), alias, parts, list_name, pos, units, weights)
        self._records[position] = record
        return record

    def __iter__(self) -> Iterator[AliasRecord]:
        for i in range(len(self)):
            yield self[i]

    def bound_data(self, position: int) -> BoundData:
        """The record's index.BoundData, without unpickling the record itself."""
        start, end = self._bound_offsets[position], self._bound_offsets[position + 1]
        return cast(BoundData, pickle.loads(self._data[start:end]))

    def _entry(self, number: int) -> Any:
        found = self._entries.get(number)
        if found is None:
            start, end = self._entry_offsets[number], self._entry_offsets[number + 1]
            found = self._entries[number] = pickle.loads(self._data[start:end])
        return found

    def __reduce__(self) -> tuple[Callable[..., LazyRecords], tuple[Any, ...]]:
        # A Spark broadcast or a process pool pickles the index: the bytes travel, not the path.
        return (LazyRecords,
                (bytes(self._data), self._offsets, self._entry_offsets, self._bound_offsets))
