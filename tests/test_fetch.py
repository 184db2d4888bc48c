"""fetch_url against a real local HTTP server: conditional GET, status codes, Retry-After, redirects."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import brotli
import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from uninews_tui import __version__
from uninews_tui.config_model import Settings
from uninews_tui.fetch import ACCEPT_HTML, fetch_url, make_client
from uninews_tui.fetch.messages import MAX_RETRY_AFTER

SETTINGS = Settings(timeout_s=3.0, connect_timeout_s=2.0, max_bytes=1_000_000)
RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"


async def get(url: str, settings: Settings = SETTINGS, **kwargs: object):
    async with make_client(settings) as client:
        return await fetch_url(client, url, source_id="src", settings=settings, **kwargs)  # type: ignore[arg-type]


def seen_headers(httpserver: HTTPServer, index: int = -1) -> dict[str, str]:
    request = httpserver.log[index][0]
    return {name.lower(): value for name, value in request.headers.items()}


async def test_200_with_etag_then_conditional_request_gets_304(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data(
        RSS, headers={"ETag": '"v1"'}, content_type="application/rss+xml; charset=UTF-8"
    )
    httpserver.expect_ordered_request("/feed").respond_with_data("", status=304, headers={"ETag": '"v1"'})

    first = await get(httpserver.url_for("/feed"))
    assert (first.status, first.http_status, first.content) == ("ok", 200, RSS)
    assert first.content_type == "application/rss+xml; charset=UTF-8"
    assert first.charset == "utf-8"  # lower-cased, as email.message does
    assert first.etag == '"v1"' and first.last_modified is None
    assert first.error is None and first.source_id == "src" and first.url == httpserver.url_for("/feed")
    sent = seen_headers(httpserver)
    assert sent["user-agent"] == f"uninews/{__version__} (+https://github.com/uninews/uninews)"
    assert sent["accept"].startswith("application/rss+xml, application/atom+xml")
    assert sent["accept-encoding"] == "gzip, deflate, br"
    assert "if-none-match" not in sent

    second = await get(httpserver.url_for("/feed"), etag=first.etag)
    assert (second.status, second.http_status, second.content, second.error) == (
        "not_modified",
        304,
        b"",
        None,
    )
    assert second.etag == '"v1"'
    assert seen_headers(httpserver)["if-none-match"] == '"v1"'
    assert "if-modified-since" not in seen_headers(httpserver)


async def test_last_modified_is_sent_back_and_kept_on_304(httpserver: HTTPServer) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    httpserver.expect_ordered_request("/feed").respond_with_data(RSS, headers={"Last-Modified": stamp})
    httpserver.expect_ordered_request("/feed").respond_with_data("", status=304)

    first = await get(httpserver.url_for("/feed"))
    assert first.last_modified == stamp and first.etag is None
    second = await get(httpserver.url_for("/feed"), last_modified=stamp, etag='W/"x"')
    assert second.status == "not_modified"
    assert second.last_modified == stamp and second.etag == 'W/"x"'
    sent = seen_headers(httpserver)
    assert sent["if-modified-since"] == stamp and sent["if-none-match"] == 'W/"x"'


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (410, "HTTP 410 Gone"),
        (403, "HTTP 403 Forbidden"),
    ],
)
async def test_error_statuses(httpserver: HTTPServer, code: int, text: str) -> None:
    httpserver.expect_request("/x").respond_with_data("<html>oops</html>", status=code)
    result = await get(httpserver.url_for("/x"), etag='"old"')
    assert (result.status, result.http_status, result.error, result.error_kind) == (
        "error",
        code,
        text,
        "http",
    )
    assert result.content == b"" and result.retry_after is None
    assert result.etag == '"old"'  # what we sent is kept, so recording an error loses no validator


async def test_429_with_retry_after_seconds(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    before = datetime.now(UTC)
    result = await get(httpserver.url_for("/feed"))
    after = datetime.now(UTC)
    assert result.status == "error" and result.http_status == 429
    assert result.retry_after is not None and result.retry_after.tzinfo is not None
    assert before + timedelta(seconds=120) <= result.retry_after <= after + timedelta(seconds=120)
    expected = result.retry_after.strftime("%Y-%m-%d %H:%M:%S UTC")
    assert result.error == f"HTTP 429 Too Many Requests; retry after {expected}"


async def test_503_with_retry_after_http_date(httpserver: HTTPServer) -> None:
    when = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    httpserver.expect_request("/feed").respond_with_data(
        "", status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    result = await get(httpserver.url_for("/feed"))
    assert result.retry_after == when
    assert result.error == f"HTTP 503 Service Unavailable; retry after {when:%Y-%m-%d %H:%M:%S} UTC"


async def test_retry_after_is_clamped_and_garbage_ignored(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data(
        "", status=429, headers={"Retry-After": "99999999"}
    )
    httpserver.expect_ordered_request("/b").respond_with_data("", status=503, headers={"Retry-After": "soon"})
    httpserver.expect_ordered_request("/c").respond_with_data("", status=500, headers={"Retry-After": "60"})
    clamped = await get(httpserver.url_for("/a"))
    assert clamped.retry_after is not None
    assert clamped.retry_after - datetime.now(UTC) <= MAX_RETRY_AFTER
    assert clamped.retry_after - datetime.now(UTC) > MAX_RETRY_AFTER - timedelta(minutes=1)
    garbage = await get(httpserver.url_for("/b"))
    assert (garbage.retry_after, garbage.error) == (None, "HTTP 503 Service Unavailable")
    not_a_retry_code = await get(httpserver.url_for("/c"))
    assert not_a_retry_code.retry_after is None


async def test_redirects_are_followed_and_url_is_the_final_one(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    httpserver.expect_request("/mid").respond_with_data("", status=307, headers={"Location": "new#frag"})
    httpserver.expect_request("/new").respond_with_data(RSS)
    result = await get(httpserver.url_for("/old"), etag='"e"')
    assert (result.status, result.content, result.url) == ("ok", RSS, httpserver.url_for("/new"))
    assert len(httpserver.log) == 3
    assert seen_headers(httpserver)["if-none-match"] == '"e"'


async def test_redirect_loop_stops_after_five(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = await get(httpserver.url_for("/a"))
    assert (result.status, result.error_kind) == ("error", "redirect")
    assert result.error == "too many redirects (more than 5)"
    assert len(httpserver.log) == 6  # the first request and five redirects


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "javascript:alert(1)"])
async def test_redirect_to_a_non_http_scheme_is_refused(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request("/feed").respond_with_data("", status=302, headers={"Location": target})
    result = await get(httpserver.url_for("/feed"))
    assert (result.status, result.error_kind, result.content) == ("error", "redirect", b"")
    assert result.error == f"refused redirect to a non-HTTP URL: {target}"
    assert len(httpserver.log) == 1


async def test_redirect_without_location_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data("", status=302)
    result = await get(httpserver.url_for("/feed"))
    assert (result.error, result.error_kind) == ("HTTP 302 Found without a Location header", "redirect")


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file' (only http and https are fetched)"),
        ("ftp://example.org/feed", "unsupported URL scheme 'ftp' (only http and https are fetched)"),
        ("feed.xml", "unsupported URL scheme 'none' (only http and https are fetched)"),
        ("http:///nohost", "URL has no host: http:///nohost"),
    ],
)
async def test_only_http_urls_are_requested(url: str, error: str) -> None:
    requested: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: requested.append(request) or httpx.Response(200))
    async with make_client(SETTINGS, transport=transport) as client:
        result = await fetch_url(client, url, source_id="s", settings=SETTINGS)
    assert (result.status, result.error_kind, result.error) == ("error", "scheme", error)
    assert requested == []


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
        ("x-unknown", lambda data: data),
    ],
)
async def test_compressed_bodies_are_decoded(httpserver: HTTPServer, encoding: str, encode) -> None:
    body = RSS * 200
    httpserver.expect_request("/feed").respond_with_data(encode(body), headers={"Content-Encoding": encoding})
    result = await get(httpserver.url_for("/feed"))
    assert (result.status, result.content) == ("ok", body)


async def test_settings_user_agent_and_source_headers_win(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data("<html></html>", content_type="text/html")
    settings = Settings(user_agent="MyReader/2.0", timeout_s=3.0)
    result = await get(
        httpserver.url_for("/page"), settings, headers=(("Accept", ACCEPT_HTML), ("X-Key", "k"))
    )
    assert result.status == "ok" and result.charset is None
    sent = seen_headers(httpserver)
    assert (sent["user-agent"], sent["accept"], sent["x-key"]) == ("MyReader/2.0", ACCEPT_HTML, "k")


async def test_credentials_are_not_sent_to_another_host(httpserver: HTTPServer) -> None:
    elsewhere = f"http://127.0.0.1:{httpserver.port}/there"  # the same server under another host name
    httpserver.expect_request("/here").respond_with_data("", status=302, headers={"Location": elsewhere})
    httpserver.expect_request("/there").respond_with_data(RSS)
    url = f"http://localhost:{httpserver.port}/here"
    result = await get(url, headers=(("Authorization", "Bearer secret"), ("X-Other", "1")))
    assert result.status == "ok"
    first, last = seen_headers(httpserver, 0), seen_headers(httpserver, 1)
    assert first["authorization"] == "Bearer secret"
    assert "authorization" not in last and last["x-other"] == "1"


async def test_unsendable_validators_are_dropped(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        return Response(RSS, headers=[("ETag", '"caf\u00e9"'.encode().decode("latin-1"))])

    httpserver.expect_request("/feed").respond_with_handler(handler)
    first = await get(httpserver.url_for("/feed"))
    assert first.status == "ok" and first.etag is None
    second = await get(httpserver.url_for("/feed"), etag='"caf\u00e9"', last_modified="bad\nvalue")
    assert second.status == "ok"
    assert "if-none-match" not in seen_headers(httpserver)
    assert "if-modified-since" not in seen_headers(httpserver)
