"""Hostile servers at the refresh level: each one fails alone, with a clear error, in bounded time.

The fetch layer has its own unit tests (tests/test_fetch_hostile.py); these
prove the whole ``uninews refresh`` holds: the other sources are stored, the
error lands in ``sources --json``, the run ends within the configured limits.
"""

from __future__ import annotations

import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

import pytest
from pytest_httpserver import HTTPServer

from feed_server import FeedSite
from fetch_support import RawServer, raw_server

from .support import DATA, Home, rss, rss_item

LIMITS = "timeout_s = 1.5\nmax_bytes = 1000000"
CAP_ERROR = "response larger than 1 MB (cap)"


def refresh_with(home: Home, site: FeedSite, hostile_url: str, *,
                 settings: str = LIMITS) -> dict[str, object]:
    """Refresh a good source and the hostile one; returns the hostile source's row."""
    good = site.put("/good.xml", rss([rss_item(n) for n in range(3)]))
    home.write_config([{"id": "good", "url": good}, {"id": "bad", "url": hostile_url}], settings=settings)
    code, out, err = home.run("refresh", "--json")
    assert code == 0, err
    rows = home.sources()
    assert rows["good"]["last_status"] == "ok" and len(home.articles()) == 3
    assert rows["bad"]["last_status"] == "error"
    return rows["bad"]


def slow_drip(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n")
    out.flush()
    while not stopping.wait(0.05):  # a byte every 50 ms: no single read ever times out
        out.write(b"<")
        out.flush()


def test_slow_drip_is_cut_by_the_total_timeout(home: Home, site: FeedSite) -> None:
    with raw_server(slow_drip) as server:
        started = time.perf_counter()
        row = refresh_with(home, site, server.base_url + "/feed.xml")
        elapsed = time.perf_counter() - started
    assert row["last_error"] == "timed out after 1.5 s"
    assert elapsed < 5


def endless(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    gzip = path.endswith(".gz")
    out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n"
              + (b"Content-Encoding: gzip\r\n" if gzip else b"") + b"\r\n")
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"<item><title>again</title></item>" * 3000
    while not stopping.is_set():
        data = packer.compress(chunk) + packer.flush(zlib.Z_SYNC_FLUSH) if gzip else chunk
        out.write(b"%x\r\n%s\r\n" % (len(data), data))


@pytest.mark.parametrize("path", ["/endless.xml", "/endless.gz"])
def test_never_ending_body_stops_at_the_cap(home: Home, site: FeedSite, path: str) -> None:
    with raw_server(endless) as server:
        row = refresh_with(home, site, server.base_url + path)
    assert row["last_error"] == CAP_ERROR


def test_gzip_bomb_stops_at_the_decompressed_cap(home: Home, site: FeedSite, httpserver: HTTPServer) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(packer.compress(bytes(1_000_000)) for _ in range(50)) + packer.flush()
    assert len(bomb) < 100_000  # 50 MB once inflated
    httpserver.expect_request("/bomb.xml").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})
    row = refresh_with(home, site, httpserver.url_for("/bomb.xml"))
    assert row["last_error"] == CAP_ERROR


def test_redirect_loop_is_refused(home: Home, site: FeedSite, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/a"})
    row = refresh_with(home, site, httpserver.url_for("/a"))
    assert row["last_error"] == "too many redirects (more than 5)"


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml",
                                      "javascript:alert(1)", "data:text/xml,nothing", "gopher://127.0.0.1/"])
def test_redirect_to_a_non_http_scheme_is_refused(home: Home, site: FeedSite, httpserver: HTTPServer,
                                                  location: str) -> None:
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": location})
    row = refresh_with(home, site, httpserver.url_for("/moved"))
    assert row["last_error"] == f"refused redirect to a non-HTTP URL: {location}"
    assert "root:" not in str(home.rows("SELECT * FROM articles"))


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured_until_the_time_passes(home: Home, site: FeedSite, httpserver: HTTPServer,
                                                       status: int) -> None:
    httpserver.expect_request("/busy").respond_with_data("slow down", status=status,
                                                          headers={"Retry-After": "120"})
    before = datetime.now(UTC)
    row = refresh_with(home, site, httpserver.url_for("/busy"))
    assert str(row["last_error"]).startswith(f"HTTP {status} ")
    assert "; retry after " in str(row["last_error"])
    [(next_allowed,)] = home.rows("SELECT next_allowed FROM sources WHERE id = 'bad'")
    waits = datetime.fromisoformat(next_allowed) - before
    assert timedelta(seconds=118) <= waits <= timedelta(seconds=122)
    asked = len([r for r, _ in httpserver.log if r.path == "/busy"])

    code, out, err = home.run("refresh")  # within the two minutes: not asked, counted as waiting
    assert code == 0, err
    assert "0 fetched, 1 unchanged, 0 failed, 1 waiting" in out
    assert len([r for r, _ in httpserver.log if r.path == "/busy"]) == asked

    # Time passes (moved back rather than waited for): the next refresh asks again.
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    home.rows("UPDATE sources SET next_allowed = ? WHERE id = 'bad'", (past,))
    code, out, _ = home.run("refresh")
    assert "waiting" not in out and "1 failed" in out
    assert len([r for r, _ in httpserver.log if r.path == "/busy"]) == asked + 1


def test_huge_retry_after_is_capped_at_a_day(home: Home, site: FeedSite, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy").respond_with_data("", status=429,
                                                          headers={"Retry-After": "99999999999"})
    refresh_with(home, site, httpserver.url_for("/busy"))
    [(next_allowed,)] = home.rows("SELECT next_allowed FROM sources WHERE id = 'bad'")
    assert datetime.fromisoformat(next_allowed) <= datetime.now(UTC) + timedelta(days=1)


@contextmanager
def tls_server() -> Iterator[RawServer]:
    """A raw server behind TLS with a self-signed certificate for 127.0.0.1 (tests/robustness/data)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(DATA / "selfsigned.pem", DATA / "selfsigned.key")

    def answer(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    with raw_server(answer) as server:
        plain = server.socket
        server.socket = context.wrap_socket(plain, server_side=True, do_handshake_on_connect=False)
        yield server


def test_self_signed_certificate_is_a_clear_tls_error(home: Home, site: FeedSite) -> None:
    with tls_server() as server:
        port = server.server_address[1]
        row = refresh_with(home, site, f"https://127.0.0.1:{port}/feed.xml")
    assert row["last_error"] == "TLS error: certificate verify failed: self-signed certificate"


def test_tls_to_a_plain_http_port_is_a_clear_tls_error(home: Home, site: FeedSite,
                                                        httpserver: HTTPServer) -> None:
    row = refresh_with(home, site, f"https://127.0.0.1:{httpserver.port}/feed.xml")
    assert str(row["last_error"]).startswith("TLS error: ")


def test_dns_failure_is_a_clear_error(home: Home, site: FeedSite) -> None:
    row = refresh_with(home, site, "http://no-such-university.invalid/feed.xml")
    assert row["last_error"] == "could not resolve host no-such-university.invalid"
