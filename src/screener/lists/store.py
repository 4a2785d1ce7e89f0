"""Keeps dated local copies of the official lists, checks each new copy, and loads the copy in use.

Layout, under the store root (`<data dir>/lists`; the data dir is
`platformdirs.user_data_path("screener")` unless the caller names one, e.g. `--data-dir`):

    <root>/<list-id>/current.json       the pointer: which snapshot is in use, when last checked
    <root>/<list-id>/<snapshot-id>/     one complete copy, never changed once it is in place:
        <canonical file names>          the publisher's files, byte for byte
        meta.json                       where they came from, per-file and combined sha256, counts
        entries.json.gz                 the parsed entries, compiled: a cache, rebuilt when stale
    <root>/<list-id>/.lock              held while an import or update changes the folder

A snapshot id is `<UTC time of the fetch or import>-<first 12 hex digits of the sha256>`, so ids
sort by time. The list id is the source id ("ofac-sdn"), or `<source id>-<suffix>` for a second
copy of one source (two OpenSanctions datasets, say).

**sha256.** The sha256 of a one-file list is the sha256 of that file, so it can be checked against
the publisher's or against `sha256sum`. For several files it is the sha256 of their manifest:
one line `<file sha256>  <canonical name>` per file, sorted by name, as `sha256sum` prints them.

**Integrity.** A new copy must parse, hold at least one entry, and not collapse: its entries (and
its names) must be at least COLLAPSE_RATIO of the copy in use, and it must not be older than the
copy in use when both carry a publication date. `force=True` waives the last two, never the first
two. A copy identical (same sha256) to the one in use changes nothing.

**Atomicity.** A new copy is written into a staging folder, parsed, checked, compiled, renamed to
its snapshot folder and only then made current by replacing `current.json` (temporary file and
`os.replace`). Any failure or interruption before that last step leaves the previous copy in use,
and the error says "kept the copy of <date>". The KEEP_SNAPSHOTS newest snapshots are kept.

**Loading.** `load_current` never touches the network. It checks each file's sha256 against
meta.json (so the sha256 in a report is that of the files on disk now), then reads the compiled
entries if they were compiled by the same parser code (a fingerprint of the parser module's source,
screener's version and the entry model's fields), or re-parses the files and recompiles.

**Age.** A downloaded copy is as old as the last time its publisher served it (`checked`: a later
update that finds the same bytes renews it). An imported copy is as old as its publication date,
else its files' modification time, else the import. `max_age_days` turns an older copy into a
ListError (exit 5). The date a report shows for a list (ListInfo.date) is its publication date,
else the date its age counts from; ListInfo.fetched says when the copy was fetched or imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import types
import typing
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import partial
from pathlib import Path
from typing import IO, Any

import platformdirs

from screener import __version__
from screener.errors import ListError, ScreenerError, UsageError
from screener.lists import LoadedList
from screener.lists.official import (
    FIXED_SOURCE_IDS,
    OfficialSource,
    ParsedList,
    SourceFile,
    find_source,
    source_module,
)
from screener.model import Entry, ListInfo

if typing.TYPE_CHECKING:
    from requests_cache import CachedSession

    from screener.lists.fetch import ProgressCallback

# A new copy with fewer than half the entries (or names) of the copy in use is refused without
# `force`. Real publications shrink by a few percent at most: the largest delisting in a single
# OFAC action, JCPOA Implementation Day (16 January 2016), removed some 400 of about 6,000 SDN
# entries. Losing half means a truncated download, an error page or a partial file set.
COLLAPSE_RATIO = 0.5

# Snapshots kept per list, the one in use included: the previous copies stay for audit (which
# list did last week's report use?) and to roll back by hand, without the folder growing forever.
KEEP_SNAPSHOTS = 3

STORE_FORMAT = 1  # of current.json and meta.json
CACHE_FORMAT = 1  # of entries.json.gz

POINTER_FILE = "current.json"
META_FILE = "meta.json"
CACHE_FILE = "entries.json.gz"
LOCK_FILE = ".lock"
_STAGING_PREFIX = ".staging-"

_LIST_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SNAPSHOT_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{12}")
_COPY_CHUNK = 1024 * 1024


# --- Public types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One file of a stored copy: canonical name, hash, size, and where it came from."""

    name: str
    sha256: str
    size: int
    origin: str  # the path or zip member imported, or the URL downloaded
    modified: str | None = None  # the original file's modification time / Last-Modified (ISO)


@dataclass(frozen=True)
class ListStatus:
    """The copy of one list in use: what it is, where it came from, how old it is."""

    list_id: str
    source_id: str
    name: str
    publisher: str
    category: str | None  # the entries' category when they share one
    published: str | None  # the publication date the files carry
    version: str | None
    how: str  # "download" or "import"
    fetched: str  # when this copy was downloaded or imported (ISO UTC)
    checked: str | None  # when its publisher last served these same bytes (downloads)
    entries: int
    names: int
    sha256: str
    files: tuple[StoredFile, ...]
    path: Path  # the snapshot folder
    snapshot: str
    as_of: str  # the time the age counts from (ISO)
    age_basis: str  # "checked", "published", "file date" or "imported"
    age_days: int

    @property
    def date(self) -> str:
        """The date a report shows: the publication date, else the date the age counts from."""
        return self.published or self.as_of[:10]


@dataclass(frozen=True)
class UpdateResult:
    """What an import or update of one list did; `error` is set when it failed."""

    list_id: str
    outcome: str  # "imported", "updated", "unchanged" or "failed"
    status: ListStatus | None  # the copy in use afterwards (None: no copy at all)
    previous: ListStatus | None = None  # the copy in use before, if any
    error: ScreenerError | None = None
    notes: tuple[str, ...] = ()  # what a user should know: forced checks, files left out

    @property
    def ok(self) -> bool:
        return self.error is None


def store_root(data_dir: Path | None = None) -> Path:
    """The list store under `data_dir` (default: the user data directory of screener)."""
    base = data_dir if data_dir is not None else platformdirs.user_data_path("screener")
    return base / "lists"


def stored_ids(root: Path) -> tuple[str, ...]:
    """The ids of every list with a copy in use under `root`, sorted."""
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            child.name
            for child in root.iterdir()
            if _LIST_ID.fullmatch(child.name) and (child / POINTER_FILE).is_file()
        )
    )


# --- Import -------------------------------------------------------------------------------------


def import_files(
    source: OfficialSource,
    paths: Sequence[Path],
    *,
    root: Path,
    force: bool = False,
    now: datetime | None = None,
    list_id: str | None = None,
) -> UpdateResult:
    """Copy a local copy of `source`'s files into the store and make it the copy in use.

    `paths` are files, folders (their files are matched) or zip archives (their members are
    matched), matched to the source's files by canonical name, then by the source's patterns. A
    single file of another name is taken as a one-file source's file, or as the source's one
    file with the same extension. The user's files are only read, never moved or changed.
    `list_id` stores the copy under `<source id>-<suffix>` instead of the source id.

    Raises UsageError (exit 2) for paths that are missing, ambiguous or not the source's files,
    or when a required file is not among them; ListError (exit 5) when the copy does not parse,
    is empty, collapses or is older than the copy in use (see the module docstring).
    """
    moment = _utc(now)
    lid = _check_list_id(source, list_id)
    candidates = _gather(paths, source)
    chosen = _match(source, candidates)
    list_dir = root / lid
    previous: ListStatus | None = None
    try:
        with _locked(list_dir):
            previous = _current_status(list_dir, moment)
            with _staging(list_dir) as staging:
                stored = tuple(
                    _copy_in(candidate, staging / spec.name, spec.name)
                    for spec, candidate in chosen
                )
                return _install(
                    source,
                    lid,
                    staging,
                    stored,
                    how="import",
                    fetched=_iso(moment),
                    checked=None,
                    force=force,
                    previous=previous,
                    origins={str(staging / f.name): f.origin for f in stored},
                    now=moment,
                )
    except UsageError:
        raise
    except ScreenerError as exc:
        raise _kept(exc, previous) from None


@dataclass(frozen=True)
class _Candidate:
    """A file the user gave (or a member of a zip they gave), before it is matched."""

    label: str  # how messages name it
    basename: str
    explicit: bool  # named on the command line itself (not found in a folder or zip)
    opener: Callable[[], contextlib.AbstractContextManager[IO[bytes]]]
    modified: datetime | None


def _gather(paths: Sequence[Path], source: OfficialSource) -> list[_Candidate]:
    if not paths:
        raise UsageError(
            f"no files given for {source.id}",
            hint=f"{source.id} needs {_expected(source)}",
        )
    found: list[_Candidate] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    found.extend(_from_file(child, source, explicit=False))
        elif path.is_file():
            found.extend(_from_file(path, source, explicit=True))
        else:
            raise UsageError("no such file or folder", file=str(path))
    return found


def _file_opener(path: Path) -> Callable[[], contextlib.AbstractContextManager[IO[bytes]]]:
    return lambda: path.open("rb")


def _member_opener(
    archive: Path, member: str
) -> Callable[[], contextlib.AbstractContextManager[IO[bytes]]]:
    @contextlib.contextmanager
    def opener() -> Iterator[IO[bytes]]:
        with zipfile.ZipFile(archive) as handle, handle.open(member) as inner:
            yield inner

    return opener


def _from_file(path: Path, source: OfficialSource, *, explicit: bool) -> list[_Candidate]:
    own = _Candidate(
        label=str(path.absolute()),
        basename=path.name,
        explicit=explicit,
        opener=_file_opener(path),
        modified=_mtime(path),
    )
    # Only a .zip is opened up (an .xlsx is a zip too), and not one that is itself one of the
    # source's files (OFAC's CONS_ENHANCED.ZIP).
    if (
        path.suffix.lower() != ".zip"
        or _spec_for(source, path.name) is not None
        or not zipfile.is_zipfile(path)
    ):
        return [own]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not _hidden_member(info.filename)
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"cannot read the zip archive: {exc}", file=str(path)) from None
    inside = [
        _Candidate(
            label=f"{path.absolute()}!{info.filename}",
            basename=info.filename.rsplit("/", 1)[-1],
            explicit=False,
            opener=_member_opener(path, info.filename),
            modified=_zip_time(info),
        )
        for info in members
    ]
    if explicit and not any(_spec_for(source, c.basename) for c in inside):
        # One zip given for a one-file source: its single member is the file, whatever its name.
        if len(inside) == 1 and len(source.files) == 1:
            return [dataclasses.replace(inside[0], explicit=True)]
        raise UsageError(
            f"nothing in this zip archive is a file of {source.id}",
            file=str(path),
            hint=f"{source.id} needs {_expected(source)}",
        )
    return inside


def _hidden_member(name: str) -> bool:
    # macOS archives carry __MACOSX/ resource forks and ._ files beside the real ones.
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, OverflowError, ValueError):
        return None


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    # Zip entries carry local time without a zone; UTC is as good a guess as any and the error is
    # under a day, which is the unit ages are counted in.
    try:
        return datetime(*info.date_time, tzinfo=UTC)
    except ValueError:
        return None


def _spec_for(source: OfficialSource, basename: str) -> SourceFile | None:
    lowered = basename.lower()
    for spec in source.files:
        if lowered == spec.name.lower():
            return spec
    for spec in source.files:
        if any(fnmatchcase(lowered, pattern.lower()) for pattern in spec.patterns):
            return spec
    return None


def _expected(source: OfficialSource) -> str:
    parts = []
    for spec in source.files:
        also = f" (or {', '.join(spec.patterns)})" if spec.patterns else ""
        parts.append(f"{spec.name}{also}{'' if spec.required else ' [optional]'}")
    return "; ".join(parts)


def _match(
    source: OfficialSource, candidates: list[_Candidate]
) -> list[tuple[SourceFile, _Candidate]]:
    """Each of the source's files with the one candidate that is it; UsageError otherwise."""
    taken: set[int] = set()
    chosen: list[tuple[SourceFile, _Candidate]] = []

    def fits(spec: SourceFile, basename: str, by_pattern: bool) -> bool:
        name = basename.lower()
        if by_pattern:
            return any(fnmatchcase(name, pattern.lower()) for pattern in spec.patterns)
        return name == spec.name.lower()

    def pick(spec: SourceFile, by_pattern: bool) -> bool:
        hits = [
            i
            for i, c in enumerate(candidates)
            if i not in taken and fits(spec, c.basename, by_pattern)
        ]
        if len(hits) > 1:
            names = ", ".join(candidates[i].label for i in hits)
            raise UsageError(
                f"several files could be {source.id}'s {spec.name}: {names}",
                hint="give only one of them",
            )
        if hits:
            taken.add(hits[0])
            chosen.append((spec, candidates[hits[0]]))
            return True
        return False

    # Canonical names first for every file, so that a pattern never takes another file's copy.
    pending = [s for s in source.files if not pick(s, by_pattern=False)]
    pending = [s for s in pending if not pick(s, by_pattern=True)]
    explicit_left = [i for i, c in enumerate(candidates) if i not in taken and c.explicit]
    if not chosen and len(explicit_left) == 1:
        # One file of another name ("consolidated (3).xml") is the source's only file, or the one
        # file of its kind (a .csv where the source takes a .csv or an .xml); the parser then
        # says whether it really is the list.
        suffix = Path(candidates[explicit_left[0]].basename).suffix.lower()
        kin = [s for s in pending if Path(s.name).suffix.lower() == suffix]
        spec = pending[0] if len(source.files) == 1 else (kin[0] if len(kin) == 1 else None)
        if spec is not None:
            taken.add(explicit_left[0])
            chosen.append((spec, candidates[explicit_left[0]]))
            pending.remove(spec)
            explicit_left = []
    if explicit_left:
        first = candidates[explicit_left[0]]
        raise UsageError(
            f"{first.basename} is not one of {source.id}'s files",
            file=first.label,
            hint=f"{source.id} needs {_expected(source)}",
        )
    missing = [s for s in pending if s.required]
    if missing:
        names = ", ".join(s.name for s in missing)
        raise UsageError(
            f"{names} of {source.id} is missing from the files given",
            hint=f"{source.id} needs {_expected(source)}",
        )
    if not chosen:
        # Sources whose files are alternatives (all optional) still need one of them.
        raise UsageError(
            f"none of the files given is a file of {source.id}",
            hint=f"{source.id} needs {_expected(source)}",
        )
    return chosen


def _copy_in(candidate: _Candidate, target: Path, name: str) -> StoredFile:
    digest = hashlib.sha256()
    size = 0
    try:
        with candidate.opener() as src, target.open("wb") as out:
            while chunk := src.read(_COPY_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except (OSError, zipfile.BadZipFile) as exc:
        raise ListError(f"cannot copy the file: {_os_reason(exc)}", file=candidate.label) from None
    if candidate.modified is not None:
        stamp = candidate.modified.timestamp()
        with contextlib.suppress(OSError):
            os.utime(target, (stamp, stamp))
    return StoredFile(
        name=name,
        sha256=digest.hexdigest(),
        size=size,
        origin=candidate.label,
        modified=_iso(candidate.modified) if candidate.modified else None,
    )


# --- Update -------------------------------------------------------------------------------------


def update(
    sources: Sequence[OfficialSource],
    *,
    root: Path,
    offline: bool = False,
    force: bool = False,
    session: CachedSession | None = None,
    cache_dir: Path | None = None,
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
) -> list[UpdateResult]:
    """Download each source and make the new copy current if it passes the checks.

    One result per source, in order: a source that fails (network, parse, checks) is a result
    with `error` set and the previous copy still in use; the others go on. `session` defaults to
    `fetch.make_session(cache_dir)`; `offline` uses the download cache only.
    """
    from screener.lists import fetch

    own_session = session is None
    active = session if session is not None else fetch.make_session(cache_dir)
    moment = _utc(now)
    results: list[UpdateResult] = []
    try:
        for source in sources:
            results.append(
                _update_one(
                    source,
                    root=root,
                    offline=offline,
                    force=force,
                    session=active,
                    now=moment,
                    progress=progress,
                )
            )
    finally:
        if own_session:
            active.close()  # type: ignore[no-untyped-call]  # requests-cache leaves it untyped
    return results


def _update_one(
    source: OfficialSource,
    *,
    root: Path,
    offline: bool,
    force: bool,
    session: CachedSession,
    now: datetime,
    progress: ProgressCallback | None,
) -> UpdateResult:
    from screener.lists import fetch

    list_dir = root / source.id
    previous: ListStatus | None = None
    try:
        with _locked(list_dir):
            previous = _current_status(list_dir, now)
            with _staging(list_dir) as staging:
                got = fetch.download(
                    source, staging, offline=offline, session=session, progress=progress, now=now
                )
                if not got:
                    raise ListError(
                        f"{source.id} publishes none of its files", hint=source.homepage
                    )
                left_out = tuple(
                    f"{spec.name} is not published at {spec.url}; updated without it"
                    for spec in source.files
                    if spec.url and spec.name not in got
                )
                stored = tuple(
                    StoredFile(
                        name=f.name,
                        sha256=f.sha256,
                        size=f.size,
                        origin=f.final_url,
                        modified=f.last_modified,
                    )
                    for f in got.values()
                )
                result = _install(
                    source,
                    source.id,
                    staging,
                    stored,
                    how="download",
                    fetched=min(f.fetched for f in got.values()),
                    # Online, the publisher has just served these bytes (a 304 included); offline
                    # they are only as fresh as the cache.
                    checked=None if offline else _iso(now),
                    force=force,
                    previous=previous,
                    origins={str(staging / f.name): f.url for f in got.values()},
                    now=now,
                )
                return dataclasses.replace(result, notes=(*left_out, *result.notes))
    except ScreenerError as exc:
        return UpdateResult(
            list_id=source.id,
            outcome="failed",
            status=previous,
            previous=previous,
            error=_kept(exc, previous),
        )


# --- Installing a staged copy ---------------------------------------------------------------------


def _install(
    source: OfficialSource,
    list_id: str,
    staging: Path,
    files: tuple[StoredFile, ...],
    *,
    how: str,
    fetched: str,
    checked: str | None,
    force: bool,
    previous: ListStatus | None,
    origins: Mapping[str, str],
    now: datetime,
) -> UpdateResult:
    """Parse, check, compile and make current the copy staged in `staging` (lock held)."""
    list_dir = staging.parent
    combined = combined_sha256({f.name: f.sha256 for f in files})
    if previous is not None and previous.sha256 == combined:
        if checked is not None:
            _write_pointer(list_dir, previous.snapshot, checked=checked, previous=None, keep=True)
        return UpdateResult(
            list_id=list_id,
            outcome="unchanged",
            status=_current_status(list_dir, now),
            previous=previous,
        )
    parsed = _parse(source, {f.name: staging / f.name for f in files}, origins)
    entries = _relabel(parsed.entries, list_id)
    notes = _check(list_id, parsed, previous, force=force)
    fingerprint = parser_fingerprint(source)
    summary = _summary(parsed, entries, fingerprint)
    meta: dict[str, Any] = {
        "format": STORE_FORMAT,
        "list_id": list_id,
        "source": source.id,
        "name": source.name,
        "publisher": source.publisher,
        "how": how,
        "fetched": fetched,
        "sha256": combined,
        "files": [dataclasses.asdict(f) for f in files],
        "parsed": summary,
        "screener": __version__,
    }
    snapshot = f"{_compact(fetched)}-{combined[:12]}"
    try:
        _write_cache(staging / CACHE_FILE, entries, combined, summary)
        _write_atomic(staging / META_FILE, _json_bytes(meta))
        target = list_dir / snapshot
        if target.exists():
            # The same bytes stored in the same second: that snapshot already is this copy.
            shutil.rmtree(staging)
        else:
            os.rename(staging, target)
        _fsync_dir(list_dir)
        _write_pointer(
            list_dir,
            snapshot,
            checked=checked,
            previous=previous.snapshot if previous else None,
        )
    except OSError as exc:
        raise ListError(
            f"cannot write the list store: {_os_reason(exc)}", file=str(list_dir)
        ) from None
    _prune(list_dir, snapshot)
    return UpdateResult(
        list_id=list_id,
        outcome="updated" if how == "download" else "imported",
        status=_current_status(list_dir, now),
        previous=previous,
        notes=notes,
    )


def _parse(
    source: OfficialSource, files: Mapping[str, Path], origins: Mapping[str, str]
) -> ParsedList:
    try:
        parsed = source.parse(files)
    except ScreenerError as exc:
        # The parser names the staged file; the user knows the file or URL it came from.
        where = origins.get(exc.file, exc.file) if exc.file is not None else None
        raise ListError(
            f"{source.id} does not read: {exc.message}",
            file=where,
            row=exc.row,
            field=exc.field,
            hint=exc.hint,
        ) from None
    if not isinstance(parsed, ParsedList):
        raise TypeError(f"{source.id}'s parser returned {type(parsed).__name__}, not ParsedList")
    return parsed


def _check(
    list_id: str,
    parsed: ParsedList,
    previous: ListStatus | None,
    *,
    force: bool,
) -> tuple[str, ...]:
    """The integrity checks of a new copy; ListError when one fails, notes for forced ones."""
    hint_force = "check the files; pass --force to accept them anyway"
    if not parsed.entries:
        raise ListError(f"the new copy of {list_id} holds no entries")
    if previous is None:
        return ()
    notes: list[str] = []
    for what, new, old in (
        ("entries", len(parsed.entries), previous.entries),
        ("names", parsed.names, previous.names),
    ):
        if old and new < COLLAPSE_RATIO * old:
            text = (
                f"the new copy of {list_id} has {new:,} {what} against {old:,} in the copy in "
                f"use, a fall of more than {1 - COLLAPSE_RATIO:.0%}"
            )
            if not force:
                raise ListError(text, hint=hint_force)
            notes.append(f"{text} (accepted: --force)")
    new_date = _parse_time(parsed.published)
    old_date = _parse_time(previous.published)
    if new_date is not None and old_date is not None and new_date < old_date:
        text = (
            f"the new copy of {list_id} is dated {parsed.published}, older than the copy in "
            f"use ({previous.published})"
        )
        if not force:
            raise ListError(text, hint=hint_force)
        notes.append(f"{text} (accepted: --force)")
    return tuple(notes)


def _kept(error: ScreenerError, previous: ListStatus | None) -> ListError:
    """`error` as a ListError that also says which copy stays in use."""
    kept = (
        f"kept the copy of {previous.date} in use" if previous is not None else "nothing was stored"
    )
    return ListError(
        f"{error.message}; {kept}",
        file=error.file,
        row=error.row,
        field=error.field,
        hint=error.hint,
    )


def _relabel(entries: tuple[Entry, ...], list_id: str) -> tuple[Entry, ...]:
    # Hits name the list by Entry.list_id: a second copy of a source must carry its own id.
    if all(e.list_id == list_id for e in entries):
        return entries
    return tuple(dataclasses.replace(e, list_id=list_id) for e in entries)


def _summary(parsed: ParsedList, entries: tuple[Entry, ...], fingerprint: str) -> dict[str, Any]:
    categories = {e.category for e in entries}
    return {
        "parser": fingerprint,
        "published": parsed.published,
        "version": parsed.version,
        "entries": len(entries),
        "names": parsed.names,
        "category": categories.pop() if len(categories) == 1 else None,
    }


def combined_sha256(file_hashes: Mapping[str, str]) -> str:
    """The sha256 of a copy: its one file's, or that of the `sha256sum` manifest of its files."""
    if len(file_hashes) == 1:
        return next(iter(file_hashes.values()))
    manifest = "".join(f"{file_hashes[name]}  {name}\n" for name in sorted(file_hashes))
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


# --- Status ---------------------------------------------------------------------------------------


def status(*, root: Path, now: datetime | None = None) -> tuple[ListStatus, ...]:
    """The copy in use of every stored list, sorted by list id; no network, no parsing."""
    moment = _utc(now)
    found: list[ListStatus] = []
    for list_id in stored_ids(root):
        one = _current_status(root / list_id, moment)
        if one is not None:
            found.append(one)
    return tuple(found)


def _current_status(list_dir: Path, now: datetime) -> ListStatus | None:
    pointer = _read_pointer(list_dir)
    if pointer is None:
        return None
    snapshot = pointer["snapshot"]
    meta = _read_meta(list_dir / snapshot)
    return _status_from(list_dir / snapshot, snapshot, meta, pointer.get("checked"), now)


def _status_from(
    folder: Path, snapshot: str, meta: Mapping[str, Any], checked: str | None, now: datetime
) -> ListStatus:
    where = str(folder / META_FILE)
    try:
        parsed = meta["parsed"]
        files = tuple(
            StoredFile(
                name=str(f["name"]),
                sha256=str(f["sha256"]),
                size=int(f["size"]),
                origin=str(f["origin"]),
                modified=f.get("modified"),
            )
            for f in meta["files"]
        )
        how = str(meta["how"])
        fetched = str(meta["fetched"])
        published = parsed.get("published")
        basis, as_of = _age_basis(how, fetched, checked, published, files)
        return ListStatus(
            list_id=str(meta["list_id"]),
            source_id=str(meta["source"]),
            name=str(meta["name"]),
            publisher=str(meta.get("publisher", "")),
            category=parsed.get("category"),
            published=published,
            version=parsed.get("version"),
            how=how,
            fetched=fetched,
            checked=checked,
            entries=int(parsed["entries"]),
            names=int(parsed["names"]),
            sha256=str(meta["sha256"]),
            files=files,
            path=folder,
            snapshot=snapshot,
            as_of=_iso(as_of),
            age_basis=basis,
            age_days=max(0, int((now - as_of).total_seconds() // 86400)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ListError(
            f"the stored list's description is damaged ({type(exc).__name__}: {exc})",
            file=where,
            hint=f"delete {folder.parent} and import or update the list again",
        ) from None


def _age_basis(
    how: str,
    fetched: str,
    checked: str | None,
    published: str | None,
    files: tuple[StoredFile, ...],
) -> tuple[str, datetime]:
    fetched_at = _parse_time(fetched)
    if fetched_at is None:
        raise ValueError(f"bad fetch time {fetched!r}")
    if how == "download":
        return "checked", _parse_time(checked) or fetched_at
    published_at = _parse_time(published)
    if published_at is not None:
        return "published", published_at
    times = [t for t in (_parse_time(f.modified) for f in files) if t is not None]
    if times:
        return "file date", min(times)
    return "imported", fetched_at


# --- Loading ------------------------------------------------------------------------------------


def load_current(
    list_ids: Sequence[str] | None,
    *,
    root: Path,
    max_age_days: int | None = None,
    now: datetime | None = None,
    sources: Sequence[OfficialSource] | None = None,
    verify: bool = True,
) -> tuple[LoadedList, ...]:
    """The copies in use of `list_ids` (None: every stored list), ready to screen against.

    Never touches the network. Raises UsageError for an id that is neither stored nor a known
    source; ListError (exit 5) for a known list with no copy (saying how to get one), a copy older
    than `max_age_days`, a stored file whose sha256 no longer matches, or a copy that no longer
    parses. `sources` are the known sources (default: official.sources()); `verify=False` skips
    re-hashing the stored files.
    """
    current = current_lists(
        list_ids, root=root, max_age_days=max_age_days, now=now, sources=sources
    )
    return tuple(c.load(verify=verify) for c in current)


@dataclass(frozen=True)
class CurrentList:
    """The copy in use of one stored list, checked but not yet loaded (see `current_lists`).

    Its source (and so its parser module) is looked up only when the list is loaded: a run that
    reuses the compiled index needs no parser.
    """

    status: ListStatus
    # The source, looked up when first needed, and what its parser's fingerprint is known by.
    find_source: Callable[[], OfficialSource]
    parser_key: str

    @property
    def source(self) -> OfficialSource:
        return self.find_source()

    @property
    def content_key(self) -> str:
        """Changes whenever what `load` returns could change: the copy, or the parser code."""
        one = self.status
        return f"{one.list_id}|{one.snapshot}|{one.sha256}|{self.parser_key}"

    def verify(self) -> None:
        """ListError (exit 5) if a stored file no longer has the sha256 it was stored with."""
        _verify_files(self.status)

    def load(self, *, verify: bool = True) -> LoadedList:
        """The entries of this copy (from the compiled cache, else parsed again)."""
        return _load_one(self.status, self.source, verify=verify)


def current_lists(
    list_ids: Sequence[str] | None,
    *,
    root: Path,
    max_age_days: int | None = None,
    now: datetime | None = None,
    sources: Sequence[OfficialSource] | None = None,
) -> tuple[CurrentList, ...]:
    """`load_current` up to the loading: the copies in use, checked for presence and age.

    For a caller that may not need the entries (a compiled index over the same copies). Without
    `sources`, the official sources' modules are imported only as their lists are loaded (or when
    an id must be explained).
    """
    moment = _utc(now)
    wanted = list(dict.fromkeys(list_ids)) if list_ids is not None else list(stored_ids(root))
    if not wanted:
        return ()
    statuses: list[ListStatus] = []
    missing: list[str] = []
    for list_id in wanted:
        one = _current_status(root / list_id, moment) if _LIST_ID.fullmatch(list_id) else None
        if one is not None:
            statuses.append(one)
            continue
        known = _known_sources(sources)
        if _source_of_id(list_id, known) is None:
            raise UsageError(
                f"unknown list {list_id!r}",
                hint="known sources: " + ", ".join(s.id for s in known),
            )
        missing.append(list_id)
    if missing:
        raise ListError(
            f"no copy of {', '.join(missing)} in the list store ({root})",
            hint=_how_to_get(missing, _known_sources(sources)),
        )
    if max_age_days is not None:
        stale = [s for s in statuses if s.age_days > max_age_days]
        if stale:
            described = "; ".join(
                f"{s.list_id} ({s.name}) of {s.date}, {s.age_days} days old" for s in stale
            )
            raise ListError(
                f"older than --max-list-age {max_age_days} days: {described}",
                hint=f"run `screener lists update {' '.join(s.list_id for s in stale)}` "
                "or import newer copies",
            )
    return tuple(_current_list(one, sources) for one in statuses)


def _current_list(one: ListStatus, sources: Sequence[OfficialSource] | None) -> CurrentList:
    if sources is None and one.source_id in FIXED_SOURCE_IDS:
        # A fixed official source: known without importing its parser module.
        module = source_module(one.source_id) or ""
        return CurrentList(
            one, partial(_found_source, one.source_id), _module_fingerprint(one.source_id, module)
        )
    if sources is None:
        source = find_source(one.source_id)
    else:
        source = _source_by_id(one.source_id, tuple(sources))
    if source is None:
        raise ListError(
            f"list {one.list_id} was stored from source {one.source_id!r}, "
            "which this version of screener does not read",
            file=str(one.path),
            hint=f"delete {one.path.parent}, or use a screener that reads it",
        )
    return CurrentList(one, partial(_const_source, source), parser_fingerprint(source))


def _found_source(source_id: str) -> OfficialSource:
    source = find_source(source_id)
    if source is None:  # the fixed ids are checked against sources() by the tests
        raise AssertionError(f"no official source {source_id!r}")
    return source


def _const_source(source: OfficialSource) -> OfficialSource:
    return source


def _known_sources(sources: Sequence[OfficialSource] | None) -> tuple[OfficialSource, ...]:
    if sources is not None:
        return tuple(sources)
    from screener.lists.official import sources as official_sources

    return official_sources()


def _source_by_id(source_id: str, known: Sequence[OfficialSource]) -> OfficialSource | None:
    found = next((s for s in known if s.id == source_id), None)
    if found is None and source_id.startswith("opensanctions-"):
        # A user's own OpenSanctions dataset (`lists import opensanctions-<dataset> FILE`) is
        # not among the fixed sources; it is read by the same parser under its own id.
        from screener.lists.opensanctions import source_for

        found = source_for(source_id)
    return found


def _source_of_id(list_id: str, known: Sequence[OfficialSource]) -> OfficialSource | None:
    exact = _source_by_id(list_id, known)
    if exact is not None:
        return exact
    return next((s for s in known if list_id.startswith(f"{s.id}-")), None)


def _how_to_get(missing: Sequence[str], known: Sequence[OfficialSource]) -> str:
    downloadable = [
        i
        for i in missing
        if (s := _source_by_id(i, known)) is not None
        and any(f.url for f in s.files)
        and all(f.url for f in s.files if f.required)
    ]
    parts = []
    if downloadable:
        parts.append(f"run `screener lists update {' '.join(downloadable)}`")
    parts.append(f"`screener lists import {missing[0]} FILE...`")
    return " or ".join(parts)


def _load_one(one: ListStatus, source: OfficialSource, *, verify: bool) -> LoadedList:
    folder = one.path
    if verify:
        _verify_files(one)
    fingerprint = parser_fingerprint(source)
    cached = _read_cache(folder / CACHE_FILE, one.sha256, fingerprint)
    if cached is not None:
        entries, summary = cached
    else:
        entries, summary = _recompile(one, source, fingerprint)
    info = ListInfo(
        list_id=one.list_id,
        name=one.name,
        kind="entities",
        version=summary.get("version"),
        date=summary.get("published") or one.date,
        sha256=one.sha256,
        entries=len(entries),
        path=str(folder),
        category=summary.get("category"),
        fetched=one.fetched,
        names=int(summary.get("names", 0)),
    )
    return LoadedList(info=info, entries=entries)


def _verify_files(one: ListStatus) -> None:
    hint = f"run `screener lists update {one.list_id}` or import the list again"
    for stored in one.files:
        path = one.path / stored.name
        try:
            actual = _sha256_file(path)
        except OSError as exc:
            raise ListError(
                f"cannot read the stored copy of {one.list_id}: {_os_reason(exc)}",
                file=str(path),
                hint=hint,
            ) from None
        if actual != stored.sha256:
            raise ListError(
                f"the stored copy of {one.list_id} was changed after it was stored "
                f"(sha256 {actual[:12]}, recorded {stored.sha256[:12]})",
                file=str(path),
                hint=hint,
            )


def _recompile(
    one: ListStatus, source: OfficialSource, fingerprint: str
) -> tuple[tuple[Entry, ...], dict[str, Any]]:
    """Re-parse a stored copy (new parser, or no compiled cache) and compile it again."""
    folder = one.path
    hint = f"run `screener lists update {one.list_id}` or import the list again"
    files = {f.name: folder / f.name for f in one.files}
    try:
        parsed = source.parse(files)
    except ScreenerError as exc:
        raise ListError(
            f"the stored copy of {one.list_id} no longer reads: {exc.message}",
            file=exc.file,
            row=exc.row,
            field=exc.field,
            hint=hint,
        ) from None
    entries = _relabel(parsed.entries, one.list_id)
    if not entries or len(entries) < COLLAPSE_RATIO * one.entries:
        raise ListError(
            f"the stored copy of {one.list_id} now reads as {len(entries):,} entries, "
            f"against {one.entries:,} when it was stored",
            file=str(folder),
            hint=hint,
        )
    summary = _summary(parsed, entries, fingerprint)
    # Best effort: a read-only store (a shared install) still loads, it just parses every time.
    with contextlib.suppress(OSError):
        _write_cache(folder / CACHE_FILE, entries, one.sha256, summary)
        meta = dict(_read_meta(folder))
        meta["parsed"] = summary
        _write_atomic(folder / META_FILE, _json_bytes(meta))
    return entries, summary


# --- The compiled entries cache -------------------------------------------------------------------

_Codec = tuple[Callable[[Any], Any], Callable[[Any], Any], str]
_PRIMITIVES = (str, int, float, bool, type(None))


def _primitive(tp: Any) -> bool:
    if tp in _PRIMITIVES:
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return all(arg in _PRIMITIVES for arg in typing.get_args(tp))
    return False


def _field_codec(tp: Any) -> tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None, str]:
    if _primitive(tp):
        return None, None, getattr(tp, "__name__", str(tp))
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = args[0]
        if _primitive(inner):
            return None, tuple, f"tuple[{getattr(inner, '__name__', inner)}]"
        if dataclasses.is_dataclass(inner) and isinstance(inner, type):
            encode, decode, schema = _class_codec(inner)
            return (
                lambda v: [encode(x) for x in v],
                lambda v: tuple(decode(x) for x in v),
                f"tuple[{schema}]",
            )
    raise TypeError(f"no cache encoding for {tp!r}")


def _class_codec(cls: type) -> _Codec:
    """Positional list encoding of a dataclass whose fields are primitives or tuples of them."""
    hints = typing.get_type_hints(cls)
    names: list[str] = []
    encoders: list[Callable[[Any], Any] | None] = []
    decoders: list[Callable[[Any], Any] | None] = []
    parts: list[str] = []
    for f in dataclasses.fields(cls):
        if not f.init:
            raise TypeError(f"{cls.__name__}.{f.name} is not an __init__ field")
        enc, dec, schema = _field_codec(hints[f.name])
        names.append(f.name)
        encoders.append(enc)
        decoders.append(dec)
        parts.append(f"{f.name}:{schema}")
    getters = [(name, enc) for name, enc in zip(names, encoders, strict=True)]
    pairs = list(zip(decoders, range(len(decoders)), strict=True))

    def encode(obj: Any) -> list[Any]:
        return [
            getattr(obj, name) if enc is None else enc(getattr(obj, name)) for name, enc in getters
        ]

    def decode(row: Sequence[Any]) -> Any:
        return cls(*[row[i] if dec is None else dec(row[i]) for dec, i in pairs])

    return encode, decode, f"{cls.__name__}({','.join(parts)})"


def _entry_codec() -> _Codec | None:
    try:
        return _class_codec(Entry)
    except (TypeError, NameError):
        # A model field the cache cannot encode: every load parses the files instead.
        return None


_ENTRY_CODEC = _entry_codec()


def _module_fingerprint(source_id: str, module: str) -> str:
    """`parser_fingerprint`'s stand-in for a source whose module is not imported: the same facts,
    with the parser's module file found without importing it and the source id for the parser."""
    digest = hashlib.sha256()
    schema = _ENTRY_CODEC[2] if _ENTRY_CODEC is not None else "uncached"
    digest.update(f"{CACHE_FORMAT}|{__version__}|{schema}|{source_id}|".encode())
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin:
        with contextlib.suppress(OSError):
            digest.update(Path(origin).read_bytes())
    return digest.hexdigest()[:16]


def parser_fingerprint(source: OfficialSource) -> str:
    """What compiled entries depend on: the parser's module source, screener, the entry model."""
    digest = hashlib.sha256()
    schema = _ENTRY_CODEC[2] if _ENTRY_CODEC is not None else "uncached"
    digest.update(f"{CACHE_FORMAT}|{__version__}|{schema}|".encode())
    parse = source.parse
    module = sys.modules.get(getattr(parse, "__module__", "") or "")
    module_file = getattr(module, "__file__", None)
    if module_file:
        with contextlib.suppress(OSError):
            digest.update(Path(module_file).read_bytes())
    digest.update(str(getattr(parse, "__qualname__", repr(parse))).encode())
    return digest.hexdigest()[:16]


def _write_cache(
    path: Path, entries: tuple[Entry, ...], sha256: str, summary: Mapping[str, Any]
) -> None:
    if _ENTRY_CODEC is None:
        return
    encode = _ENTRY_CODEC[0]
    document = {
        "format": CACHE_FORMAT,
        "sha256": sha256,
        "schema": _ENTRY_CODEC[2],
        "parsed": dict(summary),
        "entries": [encode(e) for e in entries],
    }
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # zlib level 6 (its default) shrinks the JSON about tenfold and inflates at hundreds of MB/s.
    _write_atomic(path, gzip.compress(raw, compresslevel=6, mtime=0))


def _read_cache(
    path: Path, sha256: str, fingerprint: str
) -> tuple[tuple[Entry, ...], dict[str, Any]] | None:
    """The compiled entries, or None when missing, damaged or compiled by other parser code."""
    if _ENTRY_CODEC is None:
        return None
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
        summary = document["parsed"]
        if (
            document["format"] != CACHE_FORMAT
            or document["sha256"] != sha256
            or document["schema"] != _ENTRY_CODEC[2]
            or summary["parser"] != fingerprint
        ):
            return None
        decode = _ENTRY_CODEC[1]
        entries = tuple(decode(row) for row in document["entries"])
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError, gzip.BadGzipFile):
        return None
    if len(entries) != summary.get("entries"):
        return None
    return entries, dict(summary)


# --- Files, pointers, locks -----------------------------------------------------------------------


def _read_pointer(list_dir: Path) -> dict[str, Any] | None:
    path = list_dir / POINTER_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ListError(f"cannot read the list store: {_os_reason(exc)}", file=str(path)) from None
    try:
        pointer = json.loads(raw)
        snapshot = pointer["snapshot"]
    except (ValueError, KeyError, TypeError):
        pointer, snapshot = None, None
    if not isinstance(snapshot, str) or not _SNAPSHOT_ID.fullmatch(snapshot):
        raise ListError(
            "the list store's pointer to the copy in use is damaged",
            file=str(path),
            hint=f"delete {list_dir} and import or update the list again",
        )
    assert isinstance(pointer, dict)
    return pointer


def _write_pointer(
    list_dir: Path, snapshot: str, *, checked: str | None, previous: str | None, keep: bool = False
) -> None:
    """Make `snapshot` current; `keep` keeps the recorded previous snapshot (a renewed check)."""
    if keep:
        old = _read_pointer(list_dir) or {}
        previous = old.get("previous")
    pointer = {
        "format": STORE_FORMAT,
        "snapshot": snapshot,
        "checked": checked,
        "previous": previous,
    }
    _write_atomic(list_dir / POINTER_FILE, _json_bytes(pointer))
    _fsync_dir(list_dir)


def _read_meta(folder: Path) -> Mapping[str, Any]:
    path = folder / META_FILE
    try:
        meta = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise ListError(
            "the copy in use is missing from the list store",
            file=str(folder),
            hint=f"delete {folder.parent} and import or update the list again",
        ) from None
    except (OSError, ValueError) as exc:
        raise ListError(
            f"cannot read the stored list's description: {exc}",
            file=str(path),
            hint=f"delete {folder.parent} and import or update the list again",
        ) from None
    if not isinstance(meta, dict) or meta.get("format") != STORE_FORMAT:
        raise ListError(
            "the stored list's description is not one this version of screener reads",
            file=str(path),
            hint=f"delete {folder.parent} and import or update the list again",
        )
    return meta


def _json_bytes(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and os.replace."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    # A rename is durable only once its folder is synced (POSIX); Windows cannot open folders.
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _prune(list_dir: Path, current: str) -> None:
    """Remove all but the KEEP_SNAPSHOTS newest snapshots, never the current one."""
    snapshots = sorted(
        (p.name for p in list_dir.iterdir() if p.is_dir() and _SNAPSHOT_ID.fullmatch(p.name)),
        reverse=True,
    )
    others = [s for s in snapshots if s != current]
    for old in others[KEEP_SNAPSHOTS - 1 :]:
        shutil.rmtree(list_dir / old, ignore_errors=True)


@contextlib.contextmanager
def _locked(list_dir: Path) -> Iterator[None]:
    """Hold the list's lock (released by the OS if the process dies) and clear dead staging."""
    try:
        list_dir.mkdir(parents=True, exist_ok=True)
        handle = (list_dir / LOCK_FILE).open("a+b")
    except OSError as exc:
        raise ListError(
            f"cannot write the list store: {_os_reason(exc)}", file=str(list_dir)
        ) from None
    try:
        if not _try_lock(handle):
            raise ListError(
                f"another screener is changing {list_dir.name} right now",
                file=str(list_dir / LOCK_FILE),
                hint="wait for it to finish and run the command again",
            )
        # Holding the lock, any staging folder left is from a process that died mid-update.
        for leftover in list_dir.glob(f"{_STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        yield
    finally:
        handle.close()  # closing the file releases the lock


@contextlib.contextmanager
def _staging(list_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside the snapshots (same file system: the rename is atomic)."""
    staging = list_dir / f"{_STAGING_PREFIX}{uuid.uuid4().hex}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise ListError(
            f"cannot write the list store: {_os_reason(exc)}", file=str(list_dir)
        ) from None
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# --- Small helpers --------------------------------------------------------------------------------


def _check_list_id(source: OfficialSource, list_id: str | None) -> str:
    if list_id is None or list_id == source.id:
        return source.id
    if not _LIST_ID.fullmatch(list_id) or not list_id.startswith(f"{source.id}-"):
        raise UsageError(
            f"a copy of {source.id} is stored as {source.id} or {source.id}-<name>, "
            f"not {list_id!r}",
            hint=f"e.g. {source.id}-2 (lower-case letters, digits and hyphens)",
        )
    return list_id


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def _compact(iso: str) -> str:
    moment = _parse_time(iso) or datetime.now(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _parse_time(text: str | None) -> datetime | None:
    """An ISO date or date-time as an aware UTC datetime (a bare date is its midnight UTC)."""
    if not text:
        return None
    try:
        return _utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def _os_reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


__all__ = [
    "COLLAPSE_RATIO",
    "KEEP_SNAPSHOTS",
    "ListStatus",
    "StoredFile",
    "UpdateResult",
    "combined_sha256",
    "import_files",
    "load_current",
    "parser_fingerprint",
    "status",
    "store_root",
    "stored_ids",
    "update",
]
