"""Downloads an official source's files from its publisher: the one module that touches the network.

Every request goes through a requests-cache `CachedSession` whose SQLite cache lives under the
user cache directory (`platformdirs.user_cache_path("screener")`, or a folder the caller names).
The cache is a store of the last response per URL, not a freshness policy:

- online, each file is fetched from the publisher every time: a conditional request
  (`If-None-Match` / `If-Modified-Since`) when the cached copy carries a validator, so an unchanged
  file costs a 304, and a full request otherwise;
- offline (`--offline`), each file comes from the cache only (`only_if_cached`); a URL that was
  never fetched is a ListError, never a network call.

Bodies are streamed to disk in chunks under a `.part` name and renamed when complete, so a file
in `dest_dir` is always whole. HTTP errors, timeouts, broken connections, empty bodies and cache
misses are ListError (exit 5) naming the URL. The store (screener.lists.store) decides what a
download may replace; this module only fetches.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import platformdirs
import requests
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from screener import __version__
from screener.errors import ListError
from screener.lists.official import OfficialSource, SourceFile

# Publishers' servers see who is downloading; a named client with a version is the polite norm
# (RFC 9110 section 10.1.5) and lets a publisher contact or rate-limit us rather than block.
USER_AGENT = f"screener/{__version__} (sanctions and export-control screening; python-requests)"

# (connect, read) timeouts in seconds. 15 s to connect covers a slow TLS handshake to an overloaded
# government server; 120 s between two reads is what OFAC's Sanctions List Service needs to start
# serving its larger exports when it is busy (it can pause before the first byte), and still ends
# a dead connection within two minutes.
TIMEOUT: tuple[float, float] = (15.0, 120.0)

# Transient failures are retried (urllib3 Retry): 3 attempts with 2 s, 4 s backoff, on connection
# errors and on the statuses a busy or rate-limiting server sends (429, 502, 503, 504), which the
# EU and OFAC file servers do return under load. A 404 or 403 is not retried: it will not change.
RETRIES = 3
RETRY_BACKOFF = 2.0
RETRY_STATUSES = (429, 502, 503, 504)

# Responses larger than this are streamed to disk without being cached: requests-cache keeps a
# cached body in memory and in one SQLite row (SQLite's default maximum is 1e9 bytes). Every
# official list file is far below it (the EU XML, the largest, is about 25 MB per SOURCES.md);
# OpenSanctions' bulk `default` dataset is over it and so cannot be used `--offline`.
MAX_CACHED_BYTES = 256 * 1024 * 1024

# Chunk size for streaming bodies to disk: 1 MiB keeps memory flat and system calls few.
CHUNK_BYTES = 1024 * 1024

CACHE_FILE = "http-cache.sqlite"

# Called as (url, bytes written so far, total bytes if the server said) while a body streams.
ProgressCallback = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class DownloadedFile:
    """One file fetched for a source: where it came from, where it is now, and what it holds."""

    name: str  # the source's canonical name for the file
    url: str  # the URL asked for
    final_url: str  # the URL that answered, after redirects
    path: Path
    size: int
    sha256: str
    fetched: str  # ISO UTC time the publisher served these bytes (the cache's time when offline)
    from_cache: bool  # served from the local cache (offline, or a 304 from the publisher)
    last_modified: str | None = None  # the publisher's Last-Modified header, as ISO UTC
    etag: str | None = None


def default_cache_dir() -> Path:
    """The user cache directory screener keeps its HTTP cache in."""
    return platformdirs.user_cache_path("screener")


def _filter_cacheable(response: requests.Response) -> bool:
    # Called by requests-cache before it reads the body: decide on the declared size alone so that
    # an oversized body is never pulled into memory.
    length = response.headers.get("Content-Length")
    return not (length and length.isdigit() and int(length) > MAX_CACHED_BYTES)


def make_session(cache_dir: Path | None = None, *, retries: int = RETRIES) -> CachedSession:
    """A CachedSession with its SQLite cache in `cache_dir` (default: the user cache directory).

    Only 200 responses to GET are cached; they never expire on their own (`download` decides when
    to go back to the publisher). `retries` is the number of attempts on a transient failure.
    """
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ListError(
            f"cannot create the download cache folder: {exc.strerror or exc}", file=str(folder)
        ) from None
    session = CachedSession(
        str(folder / CACHE_FILE),
        backend="sqlite",
        allowable_codes=(200,),
        allowable_methods=("GET",),
        cache_control=False,
        filter_fn=_filter_cacheable,
    )
    session.headers["User-Agent"] = USER_AGENT
    retry = Retry(
        total=max(retries - 1, 0),
        backoff_factor=RETRY_BACKOFF / 2,  # urllib3 sleeps factor * 2**(n-1): 2 s, 4 s ...
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return _utc_iso(parsedate_to_datetime(value))
    except (TypeError, ValueError):
        return None


def _has_validator(session: CachedSession, url: str) -> bool:
    """Whether the cached response for `url` can be revalidated (it has an ETag or a date)."""
    request = session.prepare_request(requests.Request("GET", url))
    cached = session.cache.get_response(session.cache.create_key(request))
    return cached is not None and ("ETag" in cached.headers or "Last-Modified" in cached.headers)


def _get(
    session: CachedSession, url: str, *, offline: bool, timeout: tuple[float, float]
) -> requests.Response:
    if offline:
        return session.get(url, stream=True, timeout=timeout, only_if_cached=True)
    if _has_validator(session, url):
        return session.get(url, stream=True, timeout=timeout, refresh=True)
    return session.get(url, stream=True, timeout=timeout, force_refresh=True)


def _fetch_one(
    session: CachedSession,
    source: OfficialSource,
    spec: SourceFile,
    url: str,
    dest_dir: Path,
    *,
    offline: bool,
    timeout: tuple[float, float],
    progress: ProgressCallback | None,
    now: datetime,
) -> DownloadedFile | None:
    """Fetch one file into `dest_dir`; None when an optional file is not published (404/410)."""
    hint_online = (
        f"check the connection, or import a copy: `screener lists import {source.id} FILE...`"
    )
    try:
        response = _get(session, url, offline=offline, timeout=timeout)
    except (requests.Timeout, ReadTimeoutError):
        # requests-cache reads the body of a response it caches itself, so urllib3's own errors
        # reach us unwrapped as well as requests' ones.
        raise ListError(
            f"download of {spec.name} timed out (no answer within {timeout[1]:g} s)",
            file=url,
            hint=hint_online,
        ) from None
    except (requests.RequestException, Urllib3Error) as exc:
        raise ListError(
            f"download of {spec.name} failed: {_reason(exc)}", file=url, hint=hint_online
        ) from None
    with response:
        from_cache = bool(getattr(response, "from_cache", False))
        if offline and (response.status_code != 200 or not from_cache):
            # only_if_cached answers a miss with a synthetic 504, never with a network call; only
            # 200 responses are ever cached, so anything else offline is a miss.
            raise ListError(
                f"{spec.name} is not in the download cache",
                file=url,
                hint=f"run `screener lists update {source.id}` once while online "
                f"(files over {MAX_CACHED_BYTES // 2**20} MiB are never cached)",
            )
        if response.status_code in (404, 410) and not spec.required:
            return None
        if response.status_code != 200:
            raise ListError(
                f"download of {spec.name} failed: HTTP {response.status_code} "
                f"{response.reason or ''}".rstrip(),
                file=url,
                hint=f"the publisher's page is {source.homepage}" if source.homepage else None,
            )
        total_header = response.headers.get("Content-Length")
        total = int(total_header) if total_header and total_header.isdigit() else None
        target = dest_dir / spec.name
        partial = dest_dir / f".{spec.name}.part"
        digest = hashlib.sha256()
        size = 0
        try:
            with partial.open("wb") as out:
                for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
                    if not chunk:
                        continue
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(url, size, total)
                out.flush()
                os.fsync(out.fileno())
        except (requests.RequestException, Urllib3Error) as exc:
            partial.unlink(missing_ok=True)
            raise ListError(
                f"download of {spec.name} broke off after {size} bytes: {_reason(exc)}",
                file=url,
                hint=hint_online,
            ) from None
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ListError(
                f"cannot write {spec.name}: {exc.strerror or exc}", file=str(partial)
            ) from None
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        # Content-Length counts the encoded bytes: only an unencoded body can be compared with it.
        if total is not None and size != total and not from_cache and not encoded:
            partial.unlink(missing_ok=True)
            raise ListError(
                f"download of {spec.name} is incomplete: {size} of {total} bytes",
                file=url,
                hint=hint_online,
            )
        if size == 0:
            partial.unlink(missing_ok=True)
            raise ListError(f"the publisher sent an empty {spec.name}", file=url)
        os.replace(partial, target)
        created = getattr(response, "created_at", None)
        # Offline, the bytes are as old as the cached response; online (even after a 304) the
        # publisher has just confirmed them.
        fetched = created if offline and isinstance(created, datetime) else now
        return DownloadedFile(
            name=spec.name,
            url=url,
            final_url=str(response.url or url),
            path=target,
            size=size,
            sha256=digest.hexdigest(),
            fetched=_utc_iso(fetched),
            from_cache=from_cache,
            last_modified=_http_date(response.headers.get("Last-Modified")),
            etag=response.headers.get("ETag"),
        )


def _reason(exc: BaseException) -> str:
    # requests wraps urllib3 errors several levels deep; the innermost message is the useful one
    # ("Name or service not known", "Connection refused"), the outer ones repeat the URL.
    inner: BaseException = exc
    for _ in range(8):  # a few levels is all requests and urllib3 use; never loop on a cycle
        first = inner.args[0] if inner.args else None
        nested = first if isinstance(first, BaseException) else inner.__context__
        if nested is None or nested is inner:
            break
        inner = nested
    text = str(inner) or type(inner).__name__
    return " ".join(text.split())[:200]


def download(
    source: OfficialSource,
    dest_dir: Path,
    *,
    offline: bool = False,
    session: CachedSession | None = None,
    progress: ProgressCallback | None = None,
    timeout: tuple[float, float] = TIMEOUT,
    now: datetime | None = None,
) -> dict[str, DownloadedFile]:
    """Fetch every file of `source` that has a URL into `dest_dir`, by canonical name.

    A required file without a URL makes the source import-only (ListError); an optional file
    without one, or that the publisher answers 404/410 for, is left out. `session` defaults to
    `make_session()`; `now` is the time recorded for an online fetch (default: the clock).
    Raises ListError naming the URL on any failure; files already written stay in `dest_dir`
    for the caller (the store's staging folder) to discard.
    """
    for spec in source.files:
        if (spec.required or not any(f.url for f in source.files)) and not spec.url:
            raise ListError(
                f"{source.id} has no download URL for {spec.name}: it is imported, not downloaded",
                hint=f"download it from {source.homepage or source.publisher} and run "
                f"`screener lists import {source.id} FILE...`",
            )
    own_session = session is None
    active = session if session is not None else make_session()
    moment = now if now is not None else datetime.now(UTC)
    fetched: dict[str, DownloadedFile] = {}
    try:
        for spec in source.files:
            if not spec.url:
                continue
            one = _fetch_one(
                active,
                source,
                spec,
                spec.url,
                dest_dir,
                offline=offline,
                timeout=timeout,
                progress=progress,
                now=moment,
            )
            if one is not None:
                fetched[spec.name] = one
    finally:
        if own_session:
            # CachedSession.close (closes the SQLite cache too) carries no annotations.
            active.close()  # type: ignore[no-untyped-call]
    return fetched


__all__ = [
    "CACHE_FILE",
    "MAX_CACHED_BYTES",
    "TIMEOUT",
    "USER_AGENT",
    "DownloadedFile",
    "ProgressCallback",
    "default_cache_dir",
    "download",
    "make_session",
]
