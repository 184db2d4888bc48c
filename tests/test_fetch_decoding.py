"""Bounded Content-Encoding decoders and the fetch error texts, without a server."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta

import brotli
import pytest

from uninews_tui.fetch.decoding import CHUNK_SIZE, BodyDecodeError, make_decoder
from uninews_tui.fetch.messages import bounded, format_size, parse_retry_after, status_text

BOMB = bytes(5_000_000)
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def decode_all(encoding: str, data: bytes, piece: int = 1 << 30) -> list[bytes]:
    decoder = make_decoder(encoding)
    chunks: list[bytes] = []
    for start in range(0, len(data), piece):
        chunks.extend(decoder.feed(data[start : start + piece]))
    chunks.extend(decoder.finish())
    return chunks


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(BOMB, 9)),
        ("deflate", zlib.compress(BOMB, 9)),
        ("br", brotli.compress(BOMB, quality=5)),
        ("gzip, br", brotli.compress(gzip.compress(BOMB, 9), quality=5)),
    ],
    ids=["gzip", "deflate", "br", "gzip+br"],
)
def test_one_compressed_blob_inflates_in_bounded_steps(encoding: str, packed: bytes) -> None:
    # The whole bomb is fed in one call; no single step may hold more than ~CHUNK_SIZE.
    chunks = decode_all(encoding, packed)
    assert max(len(c) for c in chunks) <= CHUNK_SIZE * 2
    assert sum(len(c) for c in chunks) == len(BOMB)


@pytest.mark.parametrize("piece", [1, 7, 4096])
@pytest.mark.parametrize(("encoding", "encode"), [("gzip", gzip.compress), ("br", brotli.compress)])
def test_bodies_fed_in_small_pieces(piece: int, encoding: str, encode) -> None:
    text = b"<rss>" + bytes(range(256)) * 400 + b"</rss>"
    assert b"".join(decode_all(encoding, encode(text), piece)) == text


def test_raw_deflate_and_trailing_garbage_after_gzip() -> None:
    text = b"hello feed" * 100
    assert b"".join(decode_all("deflate", zlib.compress(text)[2:-4])) == text
    assert b"".join(decode_all("x-gzip", gzip.compress(text) + b"junk" * 10_000)) == text


def test_identity_and_unknown_encodings_pass_through() -> None:
    assert decode_all("", b"abc") == [b"abc"]
    assert decode_all("identity", b"abc") == [b"abc"]
    assert decode_all("utf-8", b"abc") == [b"abc"]


@pytest.mark.parametrize(
    ("encoding", "message"), [("gzip", "could not decode gzip body"), ("br", "could not decode br body")]
)
def test_corrupt_bodies_raise_body_decode_error(encoding: str, message: str) -> None:
    with pytest.raises(BodyDecodeError, match=message):
        decode_all(encoding, b"\x1f\x8b\x08\x00garbage garbage garbage")


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (10_000_000, "10 MB"),
        (1_000_000, "1 MB"),
        (1_500_000, "1.5 MB"),
        (2_000_000_000, "2 GB"),
        (50_000, "50 KB"),
        (512, "512 bytes"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", NOW + timedelta(seconds=120)),
        (" 0 ", NOW),
        ("Sun, 01 Mar 2026 14:30:00 GMT", datetime(2026, 3, 1, 14, 30, tzinfo=UTC)),
        ("Sun, 01 Mar 2026 15:30:00 +0100", datetime(2026, 3, 1, 14, 30, tzinfo=UTC)),
        ("Sun, 01 Mar 2026 11:00:00 GMT", None),  # already past
        ("Tue, 01 Mar 2033 11:00:00 GMT", NOW + timedelta(days=1)),  # clamped
        ("99999999999999999999", NOW + timedelta(days=1)),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("١٢٠", None),  # non-ASCII digits
    ],
)
def test_parse_retry_after(value: str | None, expected: datetime | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_status_text_prefers_the_standard_phrase() -> None:
    assert status_text(404, "Nope") == "HTTP 404 Not Found"
    assert status_text(599, "Custom \x1b]0;title\x07thing") == "HTTP 599 Custom thing"
    assert status_text(599, "") == "HTTP 599"


def test_bounded_cleans_and_cuts() -> None:
    assert bounded("a\x1b[2Jb\nc", 10) == "ab c"
    assert bounded("x" * 50, 10) == "x" * 9 + "…"
