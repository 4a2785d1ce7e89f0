"""Tests for screener.lists.fetch: downloads through the HTTP cache from a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from requests_cache import CachedSession

from screener.errors import ListError
from screener.lists import fetch
from screener.lists.official import OfficialSource, ParsedList, SourceFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "store"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@dataclass
class Route:
    """What the test server answers for one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer If-None-Match with 304 when it matches
    delay: float = 0.0  # seconds to wait before answering
    declared_length: int | None = None  # a Content-Length that differs from the body (truncation)
    redirect: str | None = None


@dataclass
class Server:
    """A local HTTP server: its base URL, its routes and every request it saw."""

    base: str
    routes: dict[str, Route]
    seen: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.seen if p == path)


def _handler(routes: Mapping[str, Route], seen: list[tuple[str, dict[str, str]]]) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            seen.append((self.path, dict(self.headers)))
            route = routes.get(self.path)
            if route is None:
                self._answer(404, b"not here", {})
                return
            if route.delay:
                time.sleep(route.delay)
            if route.redirect:
                self._answer(302, b"", {"Location": route.redirect})
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
                if self.headers.get("If-None-Match") == route.etag:
                    self._answer(304, b"", headers)
                    return
            self._answer(route.status, route.body, headers, route.declared_length)

        def _answer(
            self, status: int, body: bytes, headers: dict[str, str], length: int | None = None
        ) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
            if length is not None:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the truncation and timeout tests drop connections on purpose


@pytest.fixture()
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    seen: list[tuple[str, dict[str, str]]] = []
    httpd = _QuietServer(("127.0.0.1", 0), _handler(routes, seen))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, seen)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[CachedSession]:
    # One attempt: retry backoff would only slow the failure tests down.
    active = fetch.make_session(tmp_path / "cache", retries=1)
    try:
        yield active
    finally:
        active.close()  # type: ignore[no-untyped-call]


def _never_parsed(files: Mapping[str, Path]) -> ParsedList:
    raise AssertionError("fetch never parses")


def _source(server: Server, *, aliases_required: bool = False) -> OfficialSource:
    return OfficialSource(
        id="fake",
        name="Fake list",
        publisher="Nobody",
        category="sanctions",
        homepage="https://example.org/fake",
        files=(
            SourceFile("entities.csv", server.url("/entities.csv")),
            SourceFile("aliases.csv", server.url("/aliases.csv"), required=aliases_required),
        ),
        parse=_never_parsed,
    )


def _serve_v1(server: Server, **entity_options: object) -> tuple[bytes, bytes]:
    entities = (FIXTURES / "v1" / "entities.csv").read_bytes()
    aliases = (FIXTURES / "v1" / "aliases.csv").read_bytes()
    server.routes["/entities.csv"] = Route(body=entities, **entity_options)  # type: ignore[arg-type]
    server.routes["/aliases.csv"] = Route(body=aliases)
    return entities, aliases


def test_files_are_streamed_to_disk_with_their_hash_and_origin(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, aliases = _serve_v1(
        server, headers={"Last-Modified": "Fri, 27 Feb 2026 08:00:00 GMT"}
    )
    dest = tmp_path / "dest"
    dest.mkdir()
    got = fetch.download(_source(server), dest, session=session, now=NOW)
    assert set(got) == {"entities.csv", "aliases.csv"}
    one = got["entities.csv"]
    assert one.path == dest / "entities.csv"
    assert one.path.read_bytes() == entities
    assert (dest / "aliases.csv").read_bytes() == aliases
    assert one.sha256 == hashlib.sha256(entities).hexdigest()
    assert one.size == len(entities)
    assert one.url == one.final_url == server.url("/entities.csv")
    assert one.fetched == "2026-03-01T12:00:00Z"
    assert one.last_modified == "2026-02-27T08:00:00Z"
    assert not one.from_cache
    assert sorted(p.name for p in dest.iterdir()) == ["aliases.csv", "entities.csv"]


def test_requests_name_screener_as_the_client(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    _serve_v1(server)
    fetch.download(_source(server), tmp_path, session=session, now=NOW)
    agents = {headers.get("User-Agent", "") for _, headers in server.seen}
    assert agents and all(a.startswith("screener/") for a in agents)


def test_an_unchanged_file_with_an_etag_is_revalidated_not_downloaded_again(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, _ = _serve_v1(server, etag='"v1"')
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    fetch.download(_source(server), tmp_path / "a", session=session, now=NOW)
    later = datetime(2026, 3, 2, tzinfo=UTC)
    got = fetch.download(_source(server), tmp_path / "b", session=session, now=later)
    conditional = [h.get("If-None-Match") for p, h in server.seen if p == "/entities.csv"]
    assert conditional == [None, '"v1"']
    assert got["entities.csv"].path.read_bytes() == entities
    assert got["entities.csv"].from_cache
    # The publisher has just confirmed the bytes: they count as fetched now.
    assert got["entities.csv"].fetched == "2026-03-02T00:00:00Z"


def test_a_file_without_validators_is_fetched_again_in_full_when_online(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    _serve_v1(server)
    fetch.download(_source(server), tmp_path, session=session, now=NOW)
    server.routes["/entities.csv"] = Route(body=(FIXTURES / "v2" / "entities.csv").read_bytes())
    got = fetch.download(_source(server), tmp_path, session=session, now=NOW)
    assert server.hits("/entities.csv") == 2
    assert got["entities.csv"].path.read_bytes() == (FIXTURES / "v2" / "entities.csv").read_bytes()
    assert not got["entities.csv"].from_cache


def test_offline_uses_the_cache_and_never_the_server(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, _ = _serve_v1(server)
    first = fetch.download(_source(server), tmp_path, session=session, now=NOW)
    hits = len(server.seen)
    (tmp_path / "offline").mkdir()
    later = datetime(2030, 1, 1, tzinfo=UTC)
    got = fetch.download(
        _source(server), tmp_path / "offline", offline=True, session=session, now=later
    )
    assert len(server.seen) == hits
    assert got["entities.csv"].path.read_bytes() == entities
    assert got["entities.csv"].from_cache
    assert got["entities.csv"].sha256 == first["entities.csv"].sha256
    # Offline, the bytes are as old as the cached response, not as the clock says.
    assert got["entities.csv"].fetched != "2030-01-01T00:00:00Z"


def test_offline_with_nothing_cached_is_a_list_error_without_a_request(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    _serve_v1(server)
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, offline=True, session=session)
    assert caught.value.exit_code == 5
    assert "not in the download cache" in caught.value.message
    assert caught.value.file == server.url("/entities.csv")
    assert caught.value.hint and "screener lists update fake" in caught.value.hint
    assert server.seen == []


def test_an_http_error_names_the_status_and_the_url(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    _serve_v1(server, status=500)
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, session=session)
    assert "HTTP 500" in caught.value.message
    assert caught.value.file == server.url("/entities.csv")
    assert not (tmp_path / "entities.csv").exists()


def test_a_missing_required_file_is_an_error_and_a_missing_optional_one_is_left_out(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    server.routes["/entities.csv"] = Route(body=(FIXTURES / "v2" / "entities.csv").read_bytes())
    got = fetch.download(_source(server), tmp_path, session=session)
    assert set(got) == {"entities.csv"}
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server, aliases_required=True), tmp_path, session=session)
    assert "HTTP 404" in caught.value.message
    assert caught.value.file == server.url("/aliases.csv")


def test_a_timeout_is_a_list_error(server: Server, session: CachedSession, tmp_path: Path) -> None:
    _serve_v1(server, delay=1.0)
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, session=session, timeout=(2.0, 0.2))
    assert "timed out" in caught.value.message
    assert caught.value.file == server.url("/entities.csv")


def test_a_body_shorter_than_announced_leaves_no_file(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, _ = _serve_v1(server)
    server.routes["/entities.csv"] = Route(body=entities[:40], declared_length=len(entities))
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, session=session)
    assert caught.value.file == server.url("/entities.csv")
    assert list(tmp_path.glob("*entities*")) == []


def test_an_empty_body_is_a_list_error(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    server.routes["/entities.csv"] = Route(body=b"")
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, session=session)
    assert "empty" in caught.value.message


def test_a_refused_connection_is_a_list_error(session: CachedSession, tmp_path: Path) -> None:
    # Bind a port, then close it: nothing listens there.
    probe = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()
    source = OfficialSource(
        id="fake",
        name="Fake list",
        publisher="Nobody",
        category="sanctions",
        homepage="",
        files=(SourceFile("entities.csv", f"http://127.0.0.1:{port}/entities.csv"),),
        parse=_never_parsed,
    )
    with pytest.raises(ListError) as caught:
        fetch.download(source, tmp_path, session=session)
    assert "failed" in caught.value.message
    assert caught.value.file == f"http://127.0.0.1:{port}/entities.csv"


def test_redirects_are_followed_and_the_final_url_recorded(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, _ = _serve_v1(server)
    server.routes["/old/entities.csv"] = Route(redirect=server.url("/entities.csv"))
    source = OfficialSource(
        id="fake",
        name="Fake list",
        publisher="Nobody",
        category="sanctions",
        homepage="",
        files=(SourceFile("entities.csv", server.url("/old/entities.csv")),),
        parse=_never_parsed,
    )
    got = fetch.download(source, tmp_path, session=session)
    assert got["entities.csv"].url == server.url("/old/entities.csv")
    assert got["entities.csv"].final_url == server.url("/entities.csv")
    assert got["entities.csv"].path.read_bytes() == entities


def test_an_import_only_source_is_not_downloaded(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    source = OfficialSource(
        id="closed",
        name="Closed list",
        publisher="Nobody",
        category="sanctions",
        homepage="https://example.org/closed",
        files=(SourceFile("list.csv", None),),
        parse=_never_parsed,
    )
    with pytest.raises(ListError) as caught:
        fetch.download(source, tmp_path, session=session)
    assert caught.value.hint and "screener lists import closed" in caught.value.hint
    assert server.seen == []


def test_progress_is_reported_as_bytes_arrive(
    server: Server, session: CachedSession, tmp_path: Path
) -> None:
    entities, aliases = _serve_v1(server)
    calls: list[tuple[str, int, int | None]] = []
    fetch.download(_source(server), tmp_path, session=session, progress=lambda *a: calls.append(a))
    last = {url: (done, total) for url, done, total in calls}
    assert last[server.url("/entities.csv")] == (len(entities), len(entities))
    assert last[server.url("/aliases.csv")] == (len(aliases), len(aliases))


def test_an_oversized_body_is_not_cached(
    server: Server, session: CachedSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entities, _ = _serve_v1(server)
    monkeypatch.setattr(fetch, "MAX_CACHED_BYTES", len(entities) - 1)
    got = fetch.download(_source(server), tmp_path, session=session)
    assert got["entities.csv"].path.read_bytes() == entities
    with pytest.raises(ListError) as caught:
        fetch.download(_source(server), tmp_path, offline=True, session=session)
    assert caught.value.file == server.url("/entities.csv")


def test_the_session_keeps_its_cache_where_it_is_told(tmp_path: Path) -> None:
    active = fetch.make_session(tmp_path / "somewhere")
    try:
        assert (tmp_path / "somewhere" / fetch.CACHE_FILE).exists()
        assert active.headers["User-Agent"] == fetch.USER_AGENT
    finally:
        active.close()  # type: ignore[no-untyped-call]
    assert fetch.default_cache_dir().name.lower() == "screener"


@pytest.mark.network
def test_the_un_list_downloads_from_its_publisher(tmp_path: Path) -> None:
    source = OfficialSource(
        id="un-sc",
        name="UN Security Council Consolidated List",
        publisher="United Nations Security Council",
        category="sanctions",
        homepage="https://www.un.org/securitycouncil/content/un-sc-consolidated-list",
        files=(
            SourceFile(
                "consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
            ),
        ),
        parse=_never_parsed,
    )
    got = fetch.download(source, tmp_path, session=fetch.make_session(tmp_path / "cache"))
    head = got["consolidated.xml"].path.read_bytes()[:2000]
    assert b"CONSOLIDATED_LIST" in head
