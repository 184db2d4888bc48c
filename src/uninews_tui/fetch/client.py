"""The shared ``httpx.AsyncClient``: User-Agent, Accept headers, timeouts, keep-alive limits.

Redirects are NOT followed by httpx: ``fetch_url`` follows them itself so it
can refuse non-HTTP targets and name the limit (``MAX_REDIRECTS``) in its
error. Bodies are NOT decoded by httpx either: ``fetch_url`` reads raw bytes
and inflates them with bounded decoders (``decoding.py``), so what we
advertise in Accept-Encoding is exactly what those decoders handle.
"""

from __future__ import annotations

import functools
import os
import ssl
import threading
import weakref

import httpx

from uninews_tui import __version__
from uninews_tui.config_model import Settings
from uninews_tui.fetch.decoding import SUPPORTED_ENCODINGS

MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
LOCATION_KEY = "uninews.location"
"""Where ``_hold_location`` keeps a redirect's Location (in ``response.extensions``)."""
HOMEPAGE = "https://github.com/uninews/uninews"

ACCEPT_FEED = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.2"
)
"""The default Accept: feeds first; a page is still welcome (feed discovery, HTML sources)."""
ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
"""For HTML list pages and article pages: pass ``headers=(("Accept", ACCEPT_HTML),)``
so a server that negotiates on Accept does not answer with its feed."""
ACCEPT_ENCODING = ", ".join(SUPPORTED_ENCODINGS)


def user_agent(settings: Settings) -> str:
    """``settings.user_agent`` or ``uninews/<version> (+homepage)``."""
    return settings.user_agent.strip() or f"uninews/{__version__} (+{HOMEPAGE})"


async def _hold_location(response: httpx.Response) -> None:
    """Move a redirect's Location out of httpx's sight.

    Even with ``follow_redirects=False`` httpx builds the next request from
    Location and raises on odd values (``javascript:alert(1)``) before we can
    refuse them with a clear message; ``fetch_url`` reads it from here instead.
    """
    if response.status_code in REDIRECT_CODES and "location" in response.headers:
        response.extensions[LOCATION_KEY] = response.headers["location"]
        del response.headers["location"]


@functools.lru_cache(maxsize=1)
def tls_context() -> ssl.SSLContext:
    """The TLS context every client shares: it verifies certificates and host names.

    Built once (each new client paid for it again; a refresh makes several),
    and without its trusted certificates: :func:`load_trust` adds them before
    the first https request. Loading certifi's bundle costs ~40 ms of CPU, which
    a refresh of http:// feeds (the local ones of tests and the bench) never needs.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


_trust_lock = threading.Lock()
_trusting: weakref.WeakSet[ssl.SSLContext] = weakref.WeakSet()


def load_trust(context: ssl.SSLContext) -> None:
    """Load the certificates httpx would trust into ``context``, once.

    As ``httpx.create_ssl_context()``: the file in SSL_CERT_FILE, else the
    folder in SSL_CERT_DIR, else certifi's bundle.

    Raises:
        ssl.SSLError: they cannot be read (the fetch reports it as its TLS error).
    """
    with _trust_lock:
        if context in _trusting:
            return
        cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
        if not cafile and not capath:
            import certifi

            cafile = certifi.where()
        try:
            context.load_verify_locations(cafile=cafile or None, capath=None if cafile else capath)
        except (OSError, ssl.SSLError) as error:
            reason = f"cannot load trusted certificates from {cafile or capath}: {error.strerror or error}"
            raise ssl.SSLError(error.errno or 0, reason) from error
        _trusting.add(context)


async def _trust_before_https(request: httpx.Request) -> None:
    if request.url.scheme == "https":
        load_trust(tls_context())


def make_client(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """A client for ``fetch_url``; use it as ``async with make_client(settings) as client:``.

    Args:
        settings: Timeouts (connect: ``connect_timeout_s``; each read/write/pool
            wait: ``timeout_s``, while ``fetch_url`` also holds a total deadline
            of ``timeout_s``) and ``concurrency`` (size of the keep-alive pool).
        transport: A transport for tests (e.g. ``httpx.MockTransport``); the
            pool limits then belong to that transport.
    """
    connections = max(1, settings.concurrency)
    return httpx.AsyncClient(
        headers={
            "User-Agent": user_agent(settings),
            "Accept": ACCEPT_FEED,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
        limits=httpx.Limits(
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=30.0,
        ),
        follow_redirects=False,
        max_redirects=MAX_REDIRECTS,
        event_hooks={"request": [_trust_before_https], "response": [_hold_location]},
        verify=tls_context(),
        transport=transport,
    )
