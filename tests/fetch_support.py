"""A tiny raw-socket HTTP server on 127.0.0.1 for the hostile-server fetch tests.

pytest-httpserver (werkzeug) covers well-behaved responses; the cases here
need full control of the bytes: slow drips, endless bodies, odd status lines.
A handler gets the request path and headers and the socket file to write to;
``stopping`` is set at teardown so endless handlers end promptly.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

Handler = Callable[[str, dict[str, str], BinaryIO, threading.Event], None]


class RawServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.stopping = threading.Event()
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _RequestHandler(socketserver.StreamRequestHandler):
    server: RawServer

    def handle(self) -> None:
        request_line = self.rfile.readline(65536).decode("latin-1").strip()
        headers: dict[str, str] = {}
        while True:
            line = self.rfile.readline(65536).decode("latin-1").strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        path = request_line.split(" ")[1] if " " in request_line else "/"
        self.server.requests.append((path, headers))
        try:
            self.server.handler(path, headers, self.wfile, self.server.stopping)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, which is what these tests provoke


@contextmanager
def raw_server(handler: Handler) -> Iterator[RawServer]:
    """Run ``handler`` on a fresh port for the duration of the ``with``."""
    server = RawServer(handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
