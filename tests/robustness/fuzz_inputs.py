"""Fuzzing inputs and invariants shared by the CI property tests and the long runs in fuzz/.

Seeds are the project's own fixtures (tests/data) plus this suite's hostile
documents; mutations are byte-level edits that keep most of a document's
structure, so the fuzzers reach deep parser states instead of stopping at
"not XML". The invariants are what every parser promises whatever it gets:
only its own error type, no control character in any text, only web links.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from .hostile_text import PAYLOAD, article_page, json_feed, list_page, opml, rss_feed
from .support import FORBIDDEN

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
BASE = "https://fuzz.example.edu"


def _files(folder: str, *suffixes: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((DATA / folder).iterdir()) if p.suffix in suffixes]


FEED_SEEDS = [*_files("feeds", ".xml", ".rdf", ".atom", ".json"), *_files("refresh", ".xml", ".rdf", ".json"),
              json_feed(BASE), rss_feed(BASE)]
HTML_SEEDS = [*_files("html", ".html"), *_files("articles", ".html"), list_page(BASE),
              article_page("Fuzzed page")]
OPML_SEEDS = [*_files("opml", ".opml"), opml(BASE)]

# Fragments that steer parsers into their odd corners.
SNIPPETS = [b"<![CDATA[", b"]]>", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;", b"&lol;",
            b"&#0;", b"&#x1b;", b"&#xD800;", b"&amp;", b"&eacute;", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
            b"\xc3", b"\xe2\x80\xae", b"\x1b[2J", b"\x9b", b"<item>", b"</item>", b"<entry>", b"<title>",
            b"</channel>", b"<a href='javascript:alert(1)'>", b"<script>", b"<!--", b"-->", b"<?xml ?>",
            b"xml:base='ftp://x/'", b"<p>", b"<table><tr><td>", b"<li>", b"{", b"}", b"[", b'"', b"\\u0000",
            b"\\ud800", b"<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate>", PAYLOAD.encode()]


def mutate(data: bytes, rng: random.Random, rounds: int) -> bytes:
    """Apply ``rounds`` random edits: delete, duplicate, insert a snippet or bytes, flip, truncate."""
    buf = bytearray(data)
    for _ in range(rounds):
        op = rng.randrange(6)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            del buf[at : at + rng.randrange(1, 64)]
        elif op == 1 and buf:
            start = rng.randrange(len(buf))
            buf[at:at] = buf[start : start + rng.randrange(1, 256)]
        elif op == 2:
            buf[at:at] = rng.choice(SNIPPETS)
        elif op == 3:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif op == 4 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 5:
            del buf[at:]
    return bytes(buf)


def bad_characters(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in FORBIDDEN})


def assert_clean(texts: Iterable[str], where: str) -> None:
    """No control or bidi character, and storable: valid UTF-8 (no lone surrogate)."""
    for text in texts:
        assert isinstance(text, str), (where, type(text))
        assert bad_characters(text) == [], (where, text[:200])
        text.encode("utf-8")  # raises on a lone surrogate


def assert_web_url(url: str, where: str) -> None:
    """Stored links are absolute web links (ftp kept deliberately by parse) or empty."""
    assert url == "" or url.lower().startswith(("http://", "https://", "ftp://")), (where, url[:200])
    assert bad_characters(url) == [] and "\n" not in url and "\t" not in url, (where, url[:200])


def check_parsed_feed(feed: object, where: str) -> None:
    """Every text of a ParsedFeed clean, every link a web link (``feed`` from parse_feed or parse_listing)."""
    assert_clean([feed.title], where)  # type: ignore[attr-defined]
    for entry in feed.entries:  # type: ignore[attr-defined]
        assert_clean([entry.guid, entry.title, entry.author, entry.summary, entry.content_html,
                      *entry.categories], where)
        assert "\n" not in entry.title and "\n" not in entry.author, where
        assert_web_url(entry.url, where)
        assert_web_url(entry.image, where)
        for stamp in (entry.published, entry.updated):
            assert stamp is None or stamp.tzinfo is not None, where
