"""A local feed site for integration tests: files served with ETag/Last-Modified and 304s.

Wraps pytest-httpserver (a real HTTP server on 127.0.0.1). Tests swap a
path's content to simulate a feed that changed, and read back the requests
the server saw to check that conditional headers were sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DATA = Path(__file__).parent / "data"
LAST_MODIFIED = "Thu, 05 Nov 2026 12:00:00 GMT"
TYPES = {".xml": "application/rss+xml", ".rdf": "application/rdf+xml", ".json": "application/feed+json",
         ".html": "text/html; charset=utf-8", ".htm": "text/html"}


@dataclass
class FeedSite:
    """Paths served by one HTTPServer, each with a body that tests can replace."""

    server: HTTPServer
    bodies: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def put(self, path: str, body: bytes, content_type: str = "application/rss+xml") -> str:
        """Serve ``body`` at ``path`` (replacing what was there); returns the URL."""
        if path not in self.bodies:
            self.server.expect_request(path).respond_with_handler(lambda req, p=path: self._respond(p, req))
        self.bodies[path] = (body, content_type)
        return self.url(path)

    def put_file(self, path: str, file: Path) -> str:
        return self.put(path, file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream"))

    def _respond(self, path: str, request: Request) -> Response:
        self.seen.append((path, dict(request.headers)))
        body, ctype = self.bodies[path]
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, status=200, headers={"Content-Type": ctype, "ETag": etag,
                                                   "Last-Modified": LAST_MODIFIED})

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.seen if p == path]


def config_text(sources: list[dict[str, str]], *, settings: str = "") -> str:
    """A feeds.toml with one institution per source (id ``inst-<source id>``)."""
    parts = ["schema_version = 1", "", "[settings]", "refresh_on_start = false", "timeout_s = 3",
             "connect_timeout_s = 2", settings, ""]
    for s in sources:
        parts += [f'[institutions.inst-{s["id"]}]', f'name = "Institution {s["id"]}"',
                  f'short = "I-{s["id"]}"', 'timezone = "Asia/Hong_Kong"', ""]
    for s in sources:
        parts += ["[[sources]]", f'id = "{s["id"]}"', f'institution = "inst-{s["id"]}"',
                  f'kind = "{s.get("kind", "feed")}"', f'url = "{s["url"]}"']
        parts += [f"{k} = {v}" for k, v in s.items() if k not in {"id", "kind", "url"}]
        parts.append("")
    return "\n".join(parts)
