"""fetch_url against hostile or broken servers: caps, bombs, slow drips, DNS/TLS/refused, odd bytes."""

from __future__ import annotations

import threading
import tracemalloc
import zlib
from typing import BinaryIO

import brotli
import pytest
from pytest_httpserver import HTTPServer

from fetch_support import closed_port, raw_server
from uninews_tui.config_model import Settings
from uninews_tui.fetch import fetch_url, make_client
from uninews_tui.models import FetchResult

SETTINGS = Settings(timeout_s=3.0, connect_timeout_s=2.0, max_bytes=1_000_000)
CAP_ERROR = "response larger than 1 MB (cap)"
BOMB_SIZE = 50_000_000


async def get(url: str, settings: Settings = SETTINGS, **kwargs: object) -> FetchResult:
    async with make_client(settings) as client:
        return await fetch_url(client, url, source_id="src", settings=settings, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MB of zeros, gzipped to about 50 KB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1_000_000)
    data = b"".join(packer.compress(block) for _ in range(BOMB_SIZE // len(block))) + packer.flush()
    assert len(data) < 100_000
    return data


async def test_body_over_the_cap_with_content_length(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 1_000_001)
    result = await get(httpserver.url_for("/big"))
    assert (result.status, result.error, result.error_kind) == ("error", CAP_ERROR, "too_large")
    assert result.content == b"" and result.http_status == 200


async def test_body_at_the_cap_is_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/just").respond_with_data(b"x" * 1_000_000)
    result = await get(httpserver.url_for("/just"))
    assert result.status == "ok" and len(result.content) == 1_000_000


async def test_cap_message_names_the_configured_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 10_000_001)
    result = await get(httpserver.url_for("/big"), Settings(timeout_s=3.0))  # default cap: 10 MB
    assert result.error == "response larger than 10 MB (cap)"


async def test_gzip_bomb_stops_at_the_decompressed_cap(httpserver: HTTPServer, gzip_bomb: bytes) -> None:
    httpserver.expect_request("/bomb").respond_with_data(gzip_bomb, headers={"Content-Encoding": "gzip"})
    result = await get(httpserver.url_for("/bomb"))
    assert (result.status, result.error, result.content) == ("error", CAP_ERROR, b"")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_bomb_memory_stays_near_the_cap(gzip_bomb: bytes, encoding: str) -> None:
    # httpx's own decoders inflate a whole 64 KB read at once (~130 MB peak here).
    # A raw server, because werkzeug's thread allocates 10 MB read buffers that tracemalloc would count.
    bomb = gzip_bomb if encoding == "gzip" else brotli.compress(bytes(BOMB_SIZE), quality=5)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n" % (
        encoding.encode(),
        len(bomb),
    )

    def serve_bomb(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
        out.write(head + bomb)

    with raw_server(serve_bomb) as server:
        tracemalloc.start()
        try:
            result = await get(server.base_url + "/bomb")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.error == CAP_ERROR
    assert peak < 4_000_000


async def test_gzip_bomb_under_a_larger_cap_decodes_fully(httpserver: HTTPServer, gzip_bomb: bytes) -> None:
    httpserver.expect_request("/bomb").respond_with_data(gzip_bomb, headers={"Content-Encoding": "gzip"})
    result = await get(httpserver.url_for("/bomb"), Settings(timeout_s=5.0, max_bytes=BOMB_SIZE))
    assert result.status == "ok" and len(result.content) == BOMB_SIZE


async def test_brotli_bomb_stops_at_the_decompressed_cap(httpserver: HTTPServer) -> None:
    bomb = brotli.compress(bytes(BOMB_SIZE), quality=5)  # ~80 bytes
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "br"})
    result = await get(httpserver.url_for("/bomb"))
    assert (result.status, result.error) == ("error", CAP_ERROR)


async def test_corrupt_gzip_is_a_clear_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/bad").respond_with_data(
        b"not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    result = await get(httpserver.url_for("/bad"))
    assert result.status == "error" and result.error_kind == "http"
    assert result.error is not None and result.error.startswith("could not decode gzip body: Error -3")


def endless_chunks(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"<item>" * 10_000
    while not stopping.is_set():
        out.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


async def test_never_ending_body_stops_at_the_cap() -> None:
    with raw_server(endless_chunks) as server:
        result = await get(server.base_url + "/feed")
    assert (result.status, result.error, result.content) == ("error", CAP_ERROR, b"")
    assert result.elapsed_s < SETTINGS.timeout_s


def endless_gzip(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    out.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    while not stopping.is_set():
        chunk = packer.compress(bytes(1_000_000)) + packer.flush(zlib.Z_SYNC_FLUSH)
        out.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


async def test_never_ending_gzip_stream_stops_at_the_cap() -> None:
    with raw_server(endless_gzip) as server:
        result = await get(server.base_url + "/feed")
    assert (result.status, result.error) == ("error", CAP_ERROR)


def slow_drip(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    out.flush()
    while not stopping.wait(0.05):  # one byte every 50 ms: no single read ever times out
        out.write(b"<")
        out.flush()


async def test_slow_drip_is_cut_by_the_total_deadline() -> None:
    settings = Settings(timeout_s=1.0, connect_timeout_s=1.0)
    with raw_server(slow_drip) as server:
        result = await get(server.base_url + "/feed", settings)
    assert (result.status, result.error, result.error_kind) == ("error", "timed out after 1 s", "timeout")
    assert 1.0 <= result.elapsed_s < 2.0
    assert result.content == b""


def truncated(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<rss>")


async def test_truncated_body_is_a_protocol_error() -> None:
    with raw_server(truncated) as server:
        result = await get(server.base_url + "/feed")
    assert (result.status, result.error_kind) == ("error", "http")
    assert result.error == (
        "server broke the HTTP protocol: peer closed connection without sending complete message body "
        "(received 5 bytes, expected 1000)"
    )


def hostile_status(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    reason = b"Bad \x1b[31mred\x1b[0m" if path == "/escape" else b"Teapot " * 2000
    out.write(b"HTTP/1.1 599 " + reason + b"\r\nContent-Length: 0\r\n\r\n")


async def test_server_text_in_errors_is_cleaned_and_bounded() -> None:
    with raw_server(hostile_status) as server:
        long_reason = await get(server.base_url + "/long")
        escape = await get(server.base_url + "/escape")
    assert long_reason.http_status == 599 and long_reason.error is not None
    assert long_reason.error.startswith("HTTP 599 Teapot Teapot") and long_reason.error.endswith("…")
    assert len(long_reason.error) <= 100
    assert escape.status == "error" and escape.error is not None
    assert "\x1b" not in escape.error and escape.error.isprintable()


async def test_unresolvable_host_fails_fast() -> None:
    result = await get("http://nonexistent.invalid/feed.xml")
    assert (result.status, result.error_kind) == ("error", "network")
    assert result.error == "could not resolve host nonexistent.invalid"
    assert result.elapsed_s < 2.0


async def test_connection_refused() -> None:
    port = closed_port()
    result = await get(f"http://127.0.0.1:{port}/feed")
    assert (result.status, result.error_kind) == ("error", "network")
    assert result.error == f"could not connect to 127.0.0.1:{port}: connection refused"


async def test_tls_to_a_plain_http_port_is_a_tls_error(httpserver: HTTPServer) -> None:
    result = await get(f"https://127.0.0.1:{httpserver.port}/feed")
    assert (result.status, result.error_kind) == ("error", "tls")
    assert result.error is not None and result.error.startswith("TLS error: ")
    assert "wrong version number" in result.error or "record layer" in result.error
    assert result.elapsed_s < 2.0


def silent(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    stopping.wait(5)  # never answers (the TLS client hello has no newline, so we never even get here)


async def test_stalled_handshake_hits_the_connect_timeout() -> None:
    settings = Settings(timeout_s=3.0, connect_timeout_s=0.5)
    with raw_server(silent) as server:
        port = server.server_address[1]
        result = await get(f"https://127.0.0.1:{port}/feed", settings)
    assert (result.status, result.error_kind) == ("error", "timeout")
    assert result.error == f"could not connect to 127.0.0.1:{port}: timed out after 0.5 s"
    assert 0.5 <= result.elapsed_s < 2.0
