"""The bench's feed server: a threaded HTTP/1.1 server on 127.0.0.1 serving pre-encoded feeds.

Every file under the served folder is read once at start-up and kept in
memory with its gzip form, an ETag and a Last-Modified date, so a request
costs a dictionary lookup and one write: the server should never be what a
refresh waits for (``bench.refresh`` measures that with curl). Conditional
requests (If-None-Match / If-Modified-Since) get 304; ``Accept-Encoding:
gzip`` gets the gzip body. ``GET /__stats`` returns the request counts as
JSON and ``GET /__reset`` zeroes them, so a run can check that a warm
refresh really was all 304s.

Run in its own process (``python -m bench.server FOLDER``); it prints
``READY <port>`` when it listens.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import threading
from collections import Counter
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LAST_MODIFIED_TS = 1_748_764_800.0  # 2025-06-01T08:00:00Z: every bench file's modification time


class Document:
    """One served file in its plain and gzip forms."""

    __slots__ = ("plain", "gzipped", "etag", "content_type")

    def __init__(self, data: bytes, content_type: str) -> None:
        self.plain = data
        self.gzipped = gzip.compress(data, compresslevel=6, mtime=0)
        self.etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        self.content_type = content_type


LAST_MODIFIED = formatdate(LAST_MODIFIED_TS, usegmt=True)


def load(folder: Path) -> dict[str, Document]:
    """Every file under ``folder`` by URL path."""
    documents = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            kind = "application/xml; charset=utf-8" if path.suffix == ".xml" else "text/html; charset=utf-8"
            documents["/" + path.relative_to(folder).as_posix()] = Document(path.read_bytes(), kind)
    return documents


class FeedHandler(BaseHTTPRequestHandler):
    """Serves the loaded documents; HTTP/1.1 keep-alive."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK stall every response by ~40 ms.
    disable_nagle_algorithm = True
    documents: dict[str, Document] = {}
    stats: Counter[str] = Counter()
    stats_lock = threading.Lock()

    def setup(self) -> None:
        super().setup()
        self._count("connections")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def _count(self, key: str) -> None:
        with self.stats_lock:
            self.stats[key] += 1

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _not_modified(self, doc: Document) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return doc.etag in [t.strip().removeprefix("W/") for t in tags.split(",")] or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return parsedate_to_datetime(since).timestamp() >= LAST_MODIFIED_TS
            except (TypeError, ValueError):
                return False
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        if path == "/__stats":
            with self.stats_lock:
                body = json.dumps(dict(self.stats)).encode()
            self._send(200, body, {"Content-Type": "application/json"})
            return
        if path == "/__reset":
            with self.stats_lock:
                self.stats.clear()
            self._send(200, b"{}", {"Content-Type": "application/json"})
            return
        self._count("requests")
        doc = self.documents.get(path)
        if doc is None:
            self._count("404")
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        common = {"ETag": doc.etag, "Last-Modified": LAST_MODIFIED, "Cache-Control": "max-age=0"}
        if self._not_modified(doc):
            self._count("304")
            self._send(304, b"", common)
            return
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        self._count("200 gzip" if wants_gzip else "200 plain")
        headers = {**common, "Content-Type": doc.content_type, "Vary": "Accept-Encoding"}
        if wants_gzip:
            headers["Content-Encoding"] = "gzip"
        self._send(200, doc.gzipped if wants_gzip else doc.plain, headers)

    do_HEAD = do_GET


class Server(ThreadingHTTPServer):
    """A threaded server with a deep accept queue (newsboat opens 8 connections at once, uninews 16)."""

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-request (a reader killed mid-refresh) is not news."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def main(argv: list[str]) -> None:
    """``python -m bench.server FOLDER [PORT]``: serve FOLDER on 127.0.0.1 until killed."""
    folder = Path(argv[0])
    port = int(argv[1]) if len(argv) > 1 else 0
    FeedHandler.documents = load(folder)
    server = Server(("127.0.0.1", port), FeedHandler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
