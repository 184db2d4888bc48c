"""parse_feed against hostile and broken input: escapes, bombs, external entities, non-feeds.

Untrusted text must come out clean, entities must never expand or reach a
file or the network, and anything that is not a feed must be refused with
ParseError (a ValueError) rather than crash.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from uninews_tui.errors import ParseError
from uninews_tui.parse import parse_feed

FEEDS = Path(__file__).parent / "data" / "feeds"
BIDI_AND_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
BIDI_AND_CONTROLS |= set("\x1b\x07\x08\x9b\x86")


def fields(feed) -> list[str]:
    texts = [feed.title, feed.link]
    for entry in feed.entries:
        texts += [entry.guid, entry.title, entry.url, entry.author, entry.summary, entry.content_html]
        texts += list(entry.categories)
    return texts


def test_c1_controls_and_bidi_overrides_are_removed_from_every_field():
    feed = parse_feed((FEEDS / "westvale_hostile_text.xml").read_bytes())
    assert feed.title == "Campus Radio"
    (entry,) = feed.entries
    # The CSI sequence goes as a whole ("\x9b31m"), the override and the C1 control alone.
    assert entry.title == "Spring ecnad concert 9tonight"
    assert entry.author == "DJ Nova"
    assert entry.summary == "Doors open at 7. Free entry for students."
    for text in fields(feed):
        assert not BIDI_AND_CONTROLS & set(text), repr(text)


def test_raw_terminal_escapes_make_the_feed_ill_formed_but_are_removed_whole():
    feed = parse_feed((FEEDS / "westvale_terminal_escapes.xml").read_bytes())
    assert feed.title == "Student Union Notices"  # the OSC title-setting sequence is gone, payload too
    (entry,) = feed.entries
    assert entry.title == "Elections open today"
    assert entry.author == "Returning Officer"
    assert entry.summary == "Vote in the Student Centre until 6 pm."
    assert entry.url == "https://union.westvale-example.edu/notices/elections"
    for text in fields(feed):
        assert not BIDI_AND_CONTROLS & set(text), repr(text)
        assert "[2J" not in text and "[31m" not in text and "]0;" not in text


def test_billion_laughs_is_not_expanded():
    started = time.perf_counter()
    feed = parse_feed((FEEDS / "billion_laughs_rss.xml").read_bytes())
    assert time.perf_counter() - started < 2
    assert feed.title == "Comedy Society"
    (entry,) = feed.entries
    assert entry.title == "Open mic night"
    assert entry.summary == "Laughs guaranteed:"
    assert all("haha" not in text for text in fields(feed))


def test_external_entities_and_dtds_touch_neither_files_nor_network(httpserver):
    httpserver.expect_request("/steal").respond_with_data("STOLEN")
    httpserver.expect_request("/evil.dtd").respond_with_data('<!ENTITY title "STOLEN">')
    document = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss SYSTEM "{httpserver.url_for("/evil.dtd")}" [\n'
        '  <!ENTITY secret SYSTEM "file:///etc/passwd">\n'
        f'  <!ENTITY remote SYSTEM "{httpserver.url_for("/steal")}">\n'
        "]>\n"
        '<rss version="2.0"><channel><title>Alumni &title;</title>'
        "<item><title>Reunion &secret; weekend</title><link>https://alumni.example.edu/r</link>"
        "<description>See you &remote; there &eacute;t&eacute;</description></item></channel></rss>"
    ).encode()
    feed = parse_feed(document)
    assert httpserver.log == []
    (entry,) = feed.entries
    assert entry.title == "Reunion weekend"
    assert entry.summary == "See you there été"  # HTML's named characters still work
    assert all("root:" not in text and "STOLEN" not in text for text in fields(feed))


def test_the_file_fixture_with_external_entities_keeps_the_rest_of_the_text():
    feed = parse_feed((FEEDS / "external_entity_rss.xml").read_bytes())
    assert feed.title == "Alumni News"
    assert feed.entries[0].title == "Reunion weekend"
    assert all("root:" not in text for text in fields(feed))


def test_an_html_page_is_not_a_feed():
    with pytest.raises(ParseError, match="HTML page"):
        parse_feed((FEEDS / "not_a_feed_news_page.html").read_bytes())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "Cut', "invalid JSON"),
        (b'{"rss": {"channel": {"title": "x", "item": []}}}', "RSS transliterated"),
        (b'["https://jsonfeed.org/version/1.1"]', "not an object"),
        (b'{"name": "a config file"}', "items"),
        (b'<?xml version="1.0"?><note><to>Ana</to></note>', "root is <note>"),
        (b'<opml version="2.0"><body><outline text="x"/></body></opml>', "root is <opml>"),
        (b"<html><body><p>Not found</p></body></html>", "HTML page"),
        (b"\x00\x01\x02 binary junk \xff\xfe", "not a feed"),
    ],
)
def test_non_feeds_raise_parse_error(document, message):
    with pytest.raises(ParseError, match=message) as caught:
        parse_feed(document)
    assert isinstance(caught.value, ValueError)


def test_dangerous_link_schemes_are_dropped():
    document = b"""<rss version="2.0"><channel><title>x</title>
      <item><title>Click</title><link>javascript:alert(document.cookie)</link><guid>g-1</guid></item>
      <item><title>Data</title><link>data:text/html;base64,PHNjcmlwdD4=</link></item>
      <item><title>Mail</title><link>mailto:press@example.edu</link></item>
    </channel></rss>"""
    first, second, third = parse_feed(document).entries
    assert (first.url, first.guid) == ("", "g-1")
    assert second.url == "" and second.guid.startswith("sha1:")
    assert third.url == ""


def test_ill_formed_xml_is_repaired_bare_ampersands_and_html_entities():
    document = (
        b'<rss version="2.0"><channel><title>Arts & Crafts</title><item>'
        b"<title>Caf&eacute; talk&nbsp;series</title><link>https://x.example.edu/a?b=1&c=2</link>"
        b"</item></channel></rss>"
    )
    feed = parse_feed(document)
    assert feed.title == "Arts & Crafts"
    (entry,) = feed.entries
    assert entry.title == "Café talk series"
    assert entry.url == "https://x.example.edu/a?b=1&c=2"


def test_tag_soup_falls_back_to_feedparser():
    # An unquoted attribute is fatal to any XML parser; feedparser's loose parser reads it.
    document = (
        b"<rss version=2.0><channel><title>Soup</title>"
        b"<item><title>A</title><link>https://x.example.edu/a</link></item>"
        b"<item><title>B</title><link>https://x.example.edu/b</link></item></channel></rss>"
    )
    feed = parse_feed(document)
    assert [(e.title, e.url) for e in feed.entries] == [
        ("A", "https://x.example.edu/a"),
        ("B", "https://x.example.edu/b"),
    ]


def test_huge_nesting_is_refused_not_crashed():
    with pytest.raises(ParseError):
        parse_feed(b"[" * 100_000)
    deep = b'<rss version="2.0"><channel><title>Deep</title>' + b"<x>" * 5_000 + b"</channel></rss>"
    feed = parse_feed(deep)
    assert feed.title == "Deep"
