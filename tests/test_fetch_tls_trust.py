"""The shared TLS context: certificates are verified, and the trusted ones are loaded only for https."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pytest
from pytest_httpserver import HTTPServer

from fetch_support import RawServer, raw_server
from uninews_tui.config_model import Settings
from uninews_tui.fetch import fetch_url, make_client
from uninews_tui.fetch.client import tls_context
from uninews_tui.models import FetchResult

CERTIFICATE = Path(__file__).parent / "robustness" / "data" / "selfsigned.pem"
KEY = CERTIFICATE.with_suffix(".key")
SETTINGS = Settings(timeout_s=3.0, connect_timeout_s=2.0)


@pytest.fixture(autouse=True)
def fresh_context(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with a context nothing has loaded certificates into, and the default trust."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    tls_context.cache_clear()
    yield
    tls_context.cache_clear()


@contextmanager
def tls_server() -> Iterator[RawServer]:
    """A server behind TLS with the self-signed certificate for 127.0.0.1, answering an empty 200."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERTIFICATE, KEY)

    def answer(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 2\r\n\r\nok")

    with raw_server(answer) as server:
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        yield server


async def get(url: str) -> FetchResult:
    async with make_client(SETTINGS) as client:
        return await fetch_url(client, url, source_id="src", settings=SETTINGS)


async def test_http_alone_loads_no_certificates_and_https_then_verifies(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data("ok")
    plain = await get(httpserver.url_for("/feed"))
    assert plain.status == "ok"
    assert tls_context().cert_store_stats()["x509_ca"] == 0
    with tls_server() as server:
        secure = await get(f"https://127.0.0.1:{server.server_address[1]}/feed")
    assert secure.error == "TLS error: certificate verify failed: self-signed certificate"
    assert tls_context().cert_store_stats()["x509_ca"] > 50  # certifi's bundle


async def test_ssl_cert_file_is_trusted_as_httpx_trusts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTIFICATE))
    with tls_server() as server:
        result = await get(f"https://127.0.0.1:{server.server_address[1]}/feed")
    assert (result.status, result.http_status, result.content) == ("ok", 200, b"ok")


async def test_an_unreadable_ssl_cert_file_is_this_sources_error(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    with tls_server() as server:
        result = await get(f"https://127.0.0.1:{server.server_address[1]}/feed")
    assert (result.status, result.error_kind) == ("error", "tls")
    assert result.error == (
        f"TLS error: cannot load trusted certificates from {missing}: No such file or directory"
    )
