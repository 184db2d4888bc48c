"""Connections are reused across requests, 304s included (a warm refresh is mostly 304s).

httpcore hands a connection back to its pool only once a response's body has
been read to the end; a 304 closed unread used to cost a new connection (and,
for HTTPS, a new TLS handshake) per source.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from uninews_tui.config_model import Settings
from uninews_tui.fetch import fetch_url, make_client

ETAG = '"v1"'
BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections = 0
    lock = threading.Lock()

    def setup(self) -> None:
        super().setup()
        with self.lock:
            type(self).connections += 1

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture
def keepalive_server() -> Iterator[str]:
    _Handler.connections = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_304s_reuse_one_connection(keepalive_server: str) -> None:
    settings = Settings(concurrency=1)
    async with make_client(settings) as client:
        first = await fetch_url(client, keepalive_server + "/feed", source_id="s", settings=settings)
        url = keepalive_server + "/feed"
        later = [await fetch_url(client, url, source_id="s", settings=settings, etag=ETAG) for _ in range(4)]
    assert first.status == "ok"
    assert [r.status for r in later] == ["not_modified"] * 4
    assert _Handler.connections == 1
