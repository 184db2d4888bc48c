"""One-line, terminal-safe error texts for fetch failures, and Retry-After parsing.

Every text here may end up in ``uninews sources`` and the reader, so anything
that came from the server (reason phrases, Location headers, library messages
quoting them) goes through ``clean_line`` and is cut to a bounded length.
"""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http import HTTPStatus

import httpx

from uninews_tui.config_model import Settings
from uninews_tui.parse.text import clean_line

MAX_ERROR_CHARS = 300
"""Longest error text we produce (a reason phrase can be kilobytes)."""
MAX_RETRY_AFTER = timedelta(days=1)
"""A server can make us wait at most this long, so it cannot silence a source for good."""


def bounded(text: object, limit: int = MAX_ERROR_CHARS) -> str:
    """``clean_line(text)`` cut to ``limit`` characters (with an ellipsis when cut)."""
    line = clean_line(text)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def format_seconds(seconds: float) -> str:
    """``20.0`` -> ``"20"``, ``1.5`` -> ``"1.5"``."""
    return f"{seconds:g}"


def format_size(size: int) -> str:
    """``10_000_000`` -> ``"10 MB"``, ``1_500_000`` -> ``"1.5 MB"``, ``512`` -> ``"512 bytes"``."""
    for unit, factor in (("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)):
        if size >= factor:
            return f"{round(size / factor, 1):g} {unit}"
    return f"{size} bytes"


def too_large(cap: int) -> str:
    """The error for a body over the cap; it names the cap."""
    return f"response larger than {format_size(cap)} (cap)"


def timed_out(seconds: float) -> str:
    return f"timed out after {format_seconds(seconds)} s"


def status_text(code: int, reason_phrase: str) -> str:
    """``HTTP 404 Not Found``: the standard phrase when the code is known, else the server's, cleaned."""
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = bounded(reason_phrase, 80)
    return f"HTTP {code} {phrase}".rstrip()


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """The time a ``Retry-After`` value (delay in seconds or HTTP date) points at.

    Returns:
        An aware UTC datetime no later than ``now + MAX_RETRY_AFTER``, or None
        when the header is missing, malformed or already in the past.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit() and value.isascii():
        if len(value) > 9:  # more than ~30 years: clamp without building a huge timedelta
            return now + MAX_RETRY_AFTER
        return now + min(timedelta(seconds=int(value)), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if when <= now:
        return None
    return min(when, now + MAX_RETRY_AFTER)


def format_when(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes/contexts (httpx wraps httpcore wraps the OSError)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _tls_reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return f"certificate verify failed: {error.verify_message}"
    text = str(getattr(error, "reason", None) or "") or (error.strerror or str(error))
    return text.replace("_", " ").lower() if text.isupper() else text


def describe_exception(exc: BaseException, url: httpx.URL, settings: Settings) -> tuple[str, str]:
    """Map an exception raised while fetching ``url`` to ``(error_kind, one-line text)``.

    The kinds are FetchResult.error_kind's: network, timeout, tls, http, scheme.
    """
    host = bounded(url.host, 100)
    target = f"{host}:{url.port}" if url.port else host
    chain = _chain(exc)
    if any(isinstance(e, TimeoutError | httpx.TimeoutException) for e in chain):
        if isinstance(exc, httpx.ConnectTimeout):
            return "timeout", f"could not connect to {target}: {timed_out(settings.connect_timeout_s)}"
        return "timeout", timed_out(settings.timeout_s)
    for error in chain:
        if isinstance(error, ssl.SSLError):
            return "tls", bounded(f"TLS error: {_tls_reason(error)}")
    for error in chain:
        if isinstance(error, socket.gaierror):
            return "network", f"could not resolve host {host}"
        if isinstance(error, ConnectionRefusedError):
            return "network", f"could not connect to {target}: connection refused"
    if isinstance(exc, httpx.ConnectError):
        return "network", bounded(f"could not connect to {target}: {exc}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return "http", bounded(f"server broke the HTTP protocol: {exc}")
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.NetworkError):
        return "network", bounded(f"connection to {target} lost: {exc or type(exc).__name__}")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "scheme", bounded(f"cannot fetch this URL: {exc}")
    if isinstance(exc, httpx.LocalProtocolError):
        return "http", bounded(f"invalid request: {exc}")
    if isinstance(exc, OSError):
        return "network", bounded(f"could not connect to {target}: {exc.strerror or exc}")
    return "http", bounded(f"unexpected error: {type(exc).__name__}: {exc}")
