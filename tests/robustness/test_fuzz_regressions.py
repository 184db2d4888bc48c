"""Regression tests for what the fuzzers found (fuzz/atheris_targets.py, test_fuzz_parsers.py).

Each case is the finding reduced by hand to its point, written with our own
text; the comment names the target and what it broke.
"""

from __future__ import annotations

import json

from uninews_tui.config_model import ListRules, Source
from uninews_tui.parse import parse_feed, parse_listing
from uninews_tui.parse.feed_normalize import absolute_url

from .fuzz_inputs import check_parsed_feed
from .support import rss, rss_item

BASE = "https://news.example.edu/feeds/all.xml"


def test_web_scheme_without_host_in_a_feed_link() -> None:
    """atheris parse_feed: <link>https:Press Office</link> was stored as the link "https:Press Office"."""
    feed = parse_feed(rss([rss_item(1, link="https:Press Office"), rss_item(2, link="http:/other.edu/x"),
                           rss_item(3, link="https:///nohost")]), BASE)
    check_parsed_feed(feed, "regression")
    # Browsers read a same-scheme "https:path" as relative; a scheme with an empty host is no link.
    assert [e.url for e in feed.entries] == ["https://news.example.edu/feeds/Press Office", "", ""]


def test_absolute_url_needs_a_host() -> None:
    assert absolute_url("https:page.html", "https://u.example.edu/a/") == "https://u.example.edu/a/page.html"
    assert absolute_url("https:page.html", "") == ""
    assert absolute_url("ftp:x", "https://u.example.edu/") == ""
    assert absolute_url("https://", "https://u.example.edu/") == ""
    assert absolute_url("ftp://files.example.edu/a", "") == "ftp://files.example.edu/a"


def test_web_scheme_without_host_in_a_list_page() -> None:
    """atheris parse_listing: href="http:w/s/ww" (a typo'd host) became the item's link."""
    source = Source("t", "t", "html", "https://u.example.edu/news/", list=ListRules(item="li"))
    page = (b"<ul><li><a href='http:w/s/ww.example.edu/x'>Broken link story</a></li>"
            b"<li><a href='/news/2'>Good story</a></li></ul>")
    feed = parse_listing(page, source, source.url, timezone="UTC")
    check_parsed_feed(feed, "regression")
    assert [(e.title, e.url) for e in feed.entries] == [("Good story", "https://u.example.edu/news/2")]
    assert feed.skipped == 1


def test_opml_tag_with_an_empty_local_name() -> None:
    """atheris parse_opml: a recovered tag 'outlin:' made lxml's QName raise ValueError out of parse_opml."""
    from uninews_tui.opml import parse_opml

    document = parse_opml(b'<?xml version="1.0"?>\n<subscriptions>\n  <outlin://bare.example.edu/feed"/>\n'
                          b'  <outline type="rss" text="Kept" xmlUrl="https://kept.example.edu/feed"/>\n'
                          b"</subscriptions>\n")
    assert [feed.url for feed in document.feeds] == ["https://kept.example.edu/feed"]
    assert any("recovered" in warning for warning in document.warnings)


def test_link_text_that_swallowed_markup_is_no_url() -> None:
    """atheris parse_feed: an unclosed <link> took in a DOCTYPE's text, line breaks and all, as its URL."""
    body = rss([rss_item(1, link='https://news.example-e !ENTITY ha "ha">\n  !ENTITY')])
    feed = parse_feed(body, BASE)
    check_parsed_feed(feed, "regression")
    assert feed.entries[0].url == ""
    # Line breaks and tabs inside a real URL are dropped, as browsers do.
    assert absolute_url("https://news.example.edu/a\n/b\t.html", "") == "https://news.example.edu/a/b.html"


def test_list_page_link_with_a_space_in_the_host() -> None:
    source = Source("t", "t", "html", "https://u.example.edu/news/", list=ListRules(item="li"))
    page = (b"<ul><li><a href='https://u.example.edu oops/x'>Bad host</a></li>"
            b"<li><a href='/2'>Good</a></li></ul>")
    feed = parse_listing(page, source, source.url, timezone="UTC")
    assert [(e.title, e.url) for e in feed.entries] == [("Good", "https://u.example.edu/2")]


def test_nul_in_a_declared_encoding() -> None:
    """atheris parse_feed: encoding="utf\\0" made codecs.lookup raise ValueError out of parse_feed."""
    from uninews_tui.parse import decode_html
    from uninews_tui.parse.encoding import normalise_charset

    body = rss([rss_item(1, title="Still read")], declaration='<?xml version="1.0" encoding="utf\x00"?>')
    assert [e.title for e in parse_feed(body, BASE).entries] == ["Still read"]
    assert normalise_charset("utf\x00") is None
    assert decode_html(b"<p>x</p>", {"content-type": "text/html; charset=utf\x00"}) == "<p>x</p>"


def test_control_characters_inside_html_markup_of_a_title() -> None:
    """atheris parse_feed: an HTML title with a <p> and a raw BEL made lxml refuse the text it had kept."""
    from uninews_tui.parse.html_text import html_to_line, html_to_text

    assert html_to_line("<p>Bell\x07 and escape \x1b[31mred</p><p>two</p>") == "Bell and escape red two"
    assert html_to_text("<p>Back\x08space</p><li>item\x1b]0;title\x07</li>") == "Backspace\n\nitem"


def test_feedparser_bugs_do_not_escape_parse_feed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """atheris parse_feed: feedparser's SAX handler raised ValueError ("too many values to unpack")
    on this mangled namespace, and its loose parser a KeyError('links') elsewhere."""
    import pytest

    from uninews_tui.errors import ParseError

    mangled = b'<?xm?><ed xmlns="\xff\xffs" lang="enGB">tiiitemtiel\xe7sel'
    with pytest.raises(ParseError):
        parse_feed(mangled, BASE)

    import feedparser

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("links")

    from uninews_tui.parse.feed_fallback import walk_with_feedparser

    monkeypatch.setattr(feedparser, "parse", broken)
    assert walk_with_feedparser(b"<rss><item><title>x</item>", BASE) is None


def test_references_to_surrogates_are_dropped() -> None:
    """hypothesis (long run): "&#xD800;" in an attribute became invalid UTF-8 inside lxml's
    recovered tree, and reading it back raised UnicodeDecodeError out of parse_feed and parse_opml."""
    from uninews_tui.opml import parse_opml

    feed = parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A &#xD800;&#x1F393; &#55357;x'
                      b'</title><link href="&#xD800;"/><entry><title>One &amp</title></entry></feed>', BASE)
    assert feed.title == "A 🎓 x"
    check_parsed_feed(feed, "regression")
    document = parse_opml(b'<opml><body><outline text="&#xD800;News" xmlUrl="https://o.example.edu/f"></body>')
    assert [(f.title, f.url) for f in document.feeds] == [("News", "https://o.example.edu/f")]


def test_lone_surrogates_are_cleaned() -> None:
    """hypothesis (long run): JSON "\\ud800" went through clean_text and could not be stored."""
    from uninews_tui.parse.text import clean_line, clean_text

    assert clean_text("a\ud800b\udfff 🎓") == "ab 🎓"
    assert clean_line("x\ud83d y") == "x y"


def test_opml_errors_are_one_line() -> None:
    """hypothesis (long run): lxml's message for a NUL carried a newline into the OpmlError."""
    import pytest

    from uninews_tui.opml import OpmlError, parse_opml

    with pytest.raises(OpmlError) as caught:
        parse_opml(b"<\x00")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("not an OPML file: ")


def test_json_feed_with_a_relative_or_junk_home_page_url() -> None:
    """atheris + hypothesis parse_feed: "home_page_url": "/" (or "h\\x7f/") became the base as it was,
    so item links stayed relative or carried a DEL."""
    for home in ("/", "h\x7f/", "h"):
        body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "home_page_url": home,
                           "items": [{"id": "1", "url": "2", "title": "Two"}]})
        feed = parse_feed(body.encode(), BASE)
        check_parsed_feed(feed, f"home {home!r}")
        assert feed.entries[0].url.startswith("https://news.example.edu/")


def test_a_base_that_cannot_be_parsed_places_no_link() -> None:
    """atheris parse_feed: urljoin raised on an xml:base with a broken IPv6 host and the relative
    link was kept as it was ('2025/marine-robotics-lab')."""
    assert absolute_url("2025/lab.html", "http://[::1/news/") == ""
    feed = parse_feed(b'<rss><channel><item xml:base="http://[::1/news/"><title>Lab</title>'
                      b"<link>2025/lab.html</link></item></channel></rss>", BASE)
    check_parsed_feed(feed, "regression")


def test_xhtml_content_with_a_recovered_name_lxml_refuses() -> None:
    """atheris parse_feed: strip_namespaces set a recovered element's bare name, which lxml
    refused with ValueError ("Invalid tag name") out of parse_feed."""
    feed = parse_feed(b'<?xml ><entry><i></<content type="xhtml"><v xmlns="h"><:', BASE,
                      {"content-type": "text/xml; charset=utf-8"})
    check_parsed_feed(feed, "regression")


def test_a_broken_outer_xml_base() -> None:
    """hypothesis (long run): urljoin raised "Invalid IPv6 URL" on xml:base="a://[" out of parse_feed."""
    feed = parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="a://["><entry xml:base="news/">'
                      b'<title>T</title><link href="one.html"/></entry></feed>', BASE)
    check_parsed_feed(feed, "regression")
    assert [e.title for e in feed.entries] == ["T"]


def test_opml_warnings_quote_no_controls() -> None:
    """hypothesis (long run): lxml's error text quotes the input; a bidi control reached the warning."""
    from uninews_tui.opml import parse_opml

    document = parse_opml("<?A?><A _=''><![CDATA[\u202a  ".encode())
    assert document.warnings and all("\u202a" not in warning for warning in document.warnings)


def test_feedparser_fields_that_trip_over_an_odd_element() -> None:
    """atheris parse_feed: an item's <links> element became a string in feedparser's entry, and its
    lazily computed "enclosures" raised TypeError while we looked for an image."""
    from uninews_tui.parse.feed_fallback import walk_with_feedparser

    document = (b'<rss version="2.0"><channel><title>T</title><item><title>One</title><links>abc</links>'
                b"<link>https://news.example.edu/1</link></item></channel></rss>")
    raw = walk_with_feedparser(document, BASE)
    assert raw is not None and [e.title for e in raw.entries] == ["One"]
    # Through parse_feed, when the document is ill-formed enough to need feedparser:
    feed = parse_feed(document.replace(b"<title>T</title>", b"<title>T & </title><item><title>Two"), BASE)
    check_parsed_feed(feed, "regression")
