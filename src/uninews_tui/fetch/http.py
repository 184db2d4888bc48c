"""``fetch_url``: one conditional GET with redirects, a size cap and a total deadline.

It never raises for anything a server or the network does: every failure is a
``FetchResult`` with ``status="error"``, an ``error_kind`` and one clean line
of ``error`` text. Defences, each against a hostile or broken server:

* only http/https URLs are requested, and only http/https redirects followed
  (at most ``MAX_REDIRECTS``);
* the body is streamed raw and inflated by bounded decoders, and the read
  stops as soon as the raw or decoded size passes ``settings.max_bytes``
  (gzip/brotli bombs, never-ending bodies);
* ``asyncio.timeout(settings.timeout_s)`` covers the whole exchange, redirects
  and body included (slow-drip servers), not just each read.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import httpx

from uninews_tui.config_model import Settings
from uninews_tui.fetch.client import LOCATION_KEY, MAX_REDIRECTS, REDIRECT_CODES
from uninews_tui.fetch.decoding import BodyDecodeError, make_decoder
from uninews_tui.fetch.messages import (
    bounded,
    describe_exception,
    format_when,
    parse_retry_after,
    status_text,
    timed_out,
    too_large,
)
from uninews_tui.models import FetchResult

RETRY_CODES = frozenset({429, 503})
NOT_MODIFIED_BODY_CAP = 64 * 1024
"""A 304 must have no body; a server that sends one anyway is cut off here."""
_CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")


class _Refused(Exception):
    """A failure we detected ourselves, already worded."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _http_url(url: str | httpx.URL) -> httpx.URL:
    """Parse ``url``; raise _Refused unless it is an http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise _Refused("scheme", bounded(f"invalid URL: {exc}")) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = bounded(parsed.scheme, 20) or "none"
        raise _Refused("scheme", f"unsupported URL scheme {scheme!r} (only http and https are fetched)")
    if not parsed.host:
        raise _Refused("scheme", bounded(f"URL has no host: {url}"))
    return parsed


def _redirect_target(current: httpx.URL, location: str) -> httpx.URL:
    try:
        target = current.join(location.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise _Refused("redirect", bounded(f"invalid redirect location: {location}")) from exc
    if target.scheme not in ("http", "https"):
        raise _Refused("redirect", bounded(f"refused redirect to a non-HTTP URL: {location}"))
    return target.copy_with(fragment=None)


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, or _Refused as soon as it (raw or decoded) passes ``cap`` bytes."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise _Refused("too_large", too_large(cap))
    try:
        decoder = make_decoder(response.headers.get("content-encoding", ""))
    except BodyDecodeError as exc:
        raise _Refused("http", str(exc)) from exc
    parts: list[bytes] = []
    raw_total = decoded_total = 0
    try:
        async for raw in response.aiter_raw():
            raw_total += len(raw)
            if raw_total > cap:
                raise _Refused("too_large", too_large(cap))
            for chunk in decoder.feed(raw):
                decoded_total += len(chunk)
                if decoded_total > cap:
                    raise _Refused("too_large", too_large(cap))
                parts.append(chunk)
        for chunk in decoder.finish():
            decoded_total += len(chunk)
            if decoded_total > cap:
                raise _Refused("too_large", too_large(cap))
            parts.append(chunk)
    except BodyDecodeError as exc:
        raise _Refused("http", bounded(str(exc))) from exc
    return b"".join(parts)


def _header(response: httpx.Response, name: str, limit: int = 500) -> str | None:
    value = response.headers.get(name)
    return (bounded(value, limit) or None) if value is not None else None


def _validator(value: str | None) -> str | None:
    """An ETag / Last-Modified fit to send back: printable ASCII, bounded; else None.

    A validator we could not send would make every later request of the source fail.
    """
    if not value or len(value) > 500 or not value.isascii() or not value.isprintable():
        return None
    return value.strip() or None


async def _exchange(
    client: httpx.AsyncClient,
    url: httpx.URL,
    request_headers: dict[str, str],
    result: FetchResult,
    settings: Settings,
) -> None:
    """Do the GET (following redirects) and fill ``result``; raises on failure."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        result.url = str(current)
        request = client.build_request("GET", current, headers=request_headers)
        response = await client.send(request, stream=True)
        try:
            result.http_status = response.status_code
            location = response.extensions.get(LOCATION_KEY) or response.headers.get("location")
            if response.status_code in REDIRECT_CODES and location:
                target = _redirect_target(current, location)
                if target.host != current.host:
                    for name in _CREDENTIAL_HEADERS:
                        request_headers.pop(name, None)
                current = target
                continue
            _fill(result, response, await _body_or_none(response, settings))
            return
        finally:
            await response.aclose()
    raise _Refused("redirect", f"too many redirects (more than {MAX_REDIRECTS})")


def _header_charset(response: httpx.Response) -> str | None:
    charset = response.charset_encoding
    return (bounded(charset, 40) or None) if charset else None


async def _body_or_none(response: httpx.Response, settings: Settings) -> bytes | None:
    if response.status_code == 304:
        # A 304 has no body, but httpcore only returns the connection to the pool once the
        # (empty) body has been read: closing it unread cost a new connection per 304.
        with contextlib.suppress(_Refused):  # a 304 with a body: the connection is dropped instead
            await _read_capped(response, NOT_MODIFIED_BODY_CAP)
        return None
    return await _read_capped(response, settings.max_bytes) if response.is_success else None


def _fill(result: FetchResult, response: httpx.Response, body: bytes | None) -> None:
    code = response.status_code
    if code == 304:
        result.status = "not_modified"
        result.etag = _validator(response.headers.get("etag")) or result.etag
        result.last_modified = _validator(response.headers.get("last-modified")) or result.last_modified
        return
    if body is not None:
        result.status = "ok"
        result.content = body
        result.content_type = _header(response, "content-type", 200) or ""
        result.charset = _header_charset(response)
        result.etag = _validator(response.headers.get("etag"))
        result.last_modified = _validator(response.headers.get("last-modified"))
        return
    result.error = status_text(code, response.reason_phrase)
    result.error_kind = "redirect" if 300 <= code < 400 else "http"
    if 300 <= code < 400:
        result.error += " without a Location header"
    if code in RETRY_CODES:
        result.retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        if result.retry_after is not None:
            result.error += f"; retry after {format_when(result.retry_after)}"


async def fetch_url(
    client: httpx.AsyncClient,
    url: str,
    *,
    source_id: str,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    headers: Iterable[tuple[str, str]] = (),
) -> FetchResult:
    """GET ``url`` conditionally; never raises for network or server problems.

    Args:
        client: From ``make_client`` (it must not follow redirects itself).
        source_id: Copied into the result.
        settings: ``timeout_s`` (total deadline) and ``max_bytes`` (body cap).
        etag, last_modified: Stored validators, sent as If-None-Match / If-Modified-Since.
        headers: Extra request headers (a source's ``headers``); they win over the defaults.

    Returns:
        ``status`` "ok" (``content`` decoded, ``content_type`` the whole header,
        ``charset`` from it, new validators), "not_modified" (validators kept or
        updated, no body) or "error" (``error``, ``error_kind``, and for 429/503
        ``retry_after``). ``url`` is the last URL requested, i.e. the final one
        after redirects (the base for relative links).
    """
    started = time.perf_counter()
    result = FetchResult(source_id=source_id, status="error", url=url)
    result.etag, result.last_modified = _validator(etag), _validator(last_modified)
    request_headers = {name.lower(): value for name, value in headers}
    if result.etag:
        request_headers["if-none-match"] = result.etag
    if result.last_modified:
        request_headers["if-modified-since"] = result.last_modified
    try:
        parsed = _http_url(url)
        async with asyncio.timeout(settings.timeout_s):
            await _exchange(client, parsed, request_headers, result, settings)
    except _Refused as refused:
        result.status, result.error_kind, result.error = "error", refused.kind, refused.message
    except TimeoutError:
        result.status, result.error_kind, result.error = "error", "timeout", timed_out(settings.timeout_s)
    except Exception as exc:  # noqa: BLE001 - whatever a server provokes becomes this source's error
        kind, text = describe_exception(exc, httpx.URL(result.url), settings)
        result.status, result.error_kind, result.error = "error", kind, text
    if result.status == "error":
        result.content = b""  # validators stay those we sent, so a store that copies them loses nothing
    result.elapsed_s = time.perf_counter() - started
    return result
