"""The offline demo: bundled sample feeds and pages served on 127.0.0.1.

``uninews demo`` starts :class:`DemoServer` in a thread, loads
``data/demo/feeds.toml`` pointed at it, and runs the real refresh into a
temporary database, so a newcomer sees every part work (feeds in three
formats, two HTML list sources, full-text pages) with no network at all.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from uninews_tui.config_model import Config

_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
}


def _demo_dir() -> Any:
    return resources.files("uninews_tui") / "data" / "demo"


def _render_page(page: dict[str, Any]) -> bytes:
    """An article page for the full-text step, in the site's own container class."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in page["paragraphs"])
    title = html.escape(page["title"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><nav>Home · News · Contact</nav><main><h1>{title}</h1>'
        f'<div class="{page["container"]}">{body}</div></main><footer>© demo</footer></body></html>'
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, Any] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the console
        return

    def _body(self) -> tuple[bytes, str] | None:
        path = self.path.split("?", 1)[0]
        if path in self.pages:
            return _render_page(self.pages[path]), _TYPES[".html"]
        rel = path.lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html"
        if ".." in rel.split("/"):
            return None
        file = _demo_dir().joinpath(*rel.split("/"))
        if not file.is_file():
            return None
        return file.read_bytes(), _TYPES.get(Path(rel).suffix, "application/octet-stream")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        found = self._body()
        if found is None:
            self.send_error(404, "Not Found")
            return
        data, ctype = found
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(data)


class DemoServer:
    """The demo's HTTP server on an ephemeral 127.0.0.1 port, run in a daemon thread."""

    def __init__(self) -> None:
        pages = json.loads(_demo_dir().joinpath("pages.json").read_text(encoding="utf-8"))
        handler = type("DemoHandler", (_Handler,), {"pages": pages})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="uninews-demo", daemon=True)

    @property
    def base_url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def demo_config(base_url: str) -> Config:
    """The demo's config with its sources pointed at ``base_url``."""
    from uninews_tui.config import config_from_text

    text = _demo_dir().joinpath("feeds.toml").read_text(encoding="utf-8").replace("{base}", base_url)
    return config_from_text(text, Path("<demo feeds.toml>"))
