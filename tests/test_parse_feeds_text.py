"""The pieces under parse_feed: HTML → text, feed dates, identity and link rules, lazy exports."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

import uninews_tui.parse as parse_package
from uninews_tui.parse import html_to_text, parse_feed
from uninews_tui.parse.feed_dates import parse_feed_date
from uninews_tui.parse.feed_normalize import LINE_LIMIT, SUMMARY_LIMIT
from uninews_tui.parse.html_text import html_to_line


def test_html_to_text_keeps_paragraphs_and_drops_markup_and_scripts():
    markup = (
        "<div><p>The <a href='/lab'>Ocean Lab</a>\n   opens &amp; welcomes visitors.</p>"
        "<p>Hours:<br>Mon&ndash;Fri</p><script>alert('x')</script><style>p{}</style>"
        "<ul><li>Tours</li><li>Talks</li></ul><!-- hidden --></div>Thanks."
    )
    assert html_to_text(markup) == (
        "The Ocean Lab opens & welcomes visitors.\n\nHours:\nMon–Fri\n\nTours\nTalks\n\nThanks."
    )


def test_html_to_text_cleans_escapes_and_handles_plain_or_empty_input():
    assert html_to_text("<b>Bold\x1b[31m</b> \u202eright\u202c") == "Bold right"
    assert html_to_text("plain   text\r\n\r\n\r\nnext &lt;tag&gt;") == "plain text\n\nnext <tag>"
    assert html_to_text("") == ""
    assert html_to_text("<p>  </p><!-- only a comment -->") == ""


def test_html_to_line_strips_real_tags_but_keeps_a_lone_less_than():
    assert html_to_line("Caf&eacute; <em>talks</em>\n series") == "Café talks series"
    assert html_to_line("Why 1 < 2 matters") == "Why 1 < 2 matters"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 10 Jun 2003 04:00:00 GMT", datetime(2003, 6, 10, 4, 0, tzinfo=UTC)),
        ("Wed, 12 Mar 2025 14:30:00 -0400", datetime(2025, 3, 12, 18, 30, tzinfo=UTC)),
        ("12 Mar 2025 09:00 EST", datetime(2025, 3, 12, 14, 0, tzinfo=UTC)),
        ("2025-03-13T17:20:00Z", datetime(2025, 3, 13, 17, 20, tzinfo=UTC)),
        ("2019-10-12T07:20:50.52+02:00", datetime(2019, 10, 12, 5, 20, 50, 520000, tzinfo=UTC)),
        ("2025-03-03", datetime(2025, 3, 3, tzinfo=UTC)),
        ("2020/1/10 14:03:00", datetime(2020, 1, 10, 14, 3, tzinfo=UTC)),
        ("2006-01-17T12:35:1+01:00", datetime(2006, 1, 17, 11, 35, 1, tzinfo=UTC)),
        ("Mon, 02 Jan 2006", datetime(2006, 1, 2, tzinfo=UTC)),
        ("  Sun,  9 Mar 2025 12:00:00 +0000 ", datetime(2025, 3, 9, 12, 0, tzinfo=UTC)),
    ],
)
def test_feed_dates_are_parsed_and_aware(text, expected):
    parsed = parse_feed_date(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize(
    "text", ["", "   ", "soon", "Sun, 31 Feb 2010 10:00:00 GMT", "0001-01-01T00:00:00Z", None]
)
def test_non_dates_give_none(text):
    assert parse_feed_date(text) is None


def rss_items(items: str, channel_link: str = "https://news.example.edu/") -> bytes:
    return (
        f'<rss version="2.0"><channel><title>News</title><link>{channel_link}</link>{items}</channel></rss>'
    ).encode()


def test_guid_falls_back_to_link_then_a_stable_hash_of_title_and_date():
    items = (
        "<item><title>Linked</title><link>https://news.example.edu/a</link></item>"
        "<item><title>Bare</title><pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item>"
        "<item><title>Bare</title><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>"
        "<item><title>  Spaced   guid </title><guid> urn:x:7 </guid></item>"
    )
    linked, bare, other_day, spaced = parse_feed(rss_items(items)).entries
    assert linked.guid == "https://news.example.edu/a"
    assert bare.guid.startswith("sha1:") and len(bare.guid) == 45
    assert bare.guid == parse_feed(rss_items(items)).entries[1].guid  # stable across parses
    assert bare.guid != other_day.guid
    assert (spaced.guid, spaced.title) == ("urn:x:7", "Spaced guid")


def test_relative_links_resolve_against_the_feed_url_else_the_channel_link():
    items = "<item><title>R</title><link>/2025/story</link></item>"
    assert parse_feed(rss_items(items)).entries[0].url == "https://news.example.edu/2025/story"
    from_url = parse_feed(rss_items(items), url="https://feeds.example.org/uni/rss")
    assert from_url.entries[0].url == "https://feeds.example.org/2025/story"
    # A non-ASCII host stays readable (lxml's own base handling would percent-escape it),
    # and a relative link never becomes a file: URL.
    assert parse_feed(rss_items(items), url="https://大学.example/rss").entries[0].url == (
        "https://大学.example/2025/story"
    )
    assert parse_feed(rss_items(items), url="file:///etc/feeds.xml").entries[0].url == ""


def test_permalink_guid_stands_in_for_a_missing_link_but_not_when_marked_otherwise():
    items = (
        "<item><title>P</title><guid>https://news.example.edu/p/1</guid></item>"
        '<item><title>N</title><guid isPermaLink="false">https://news.example.edu/p/2</guid></item>'
    )
    permalink, not_permalink = parse_feed(rss_items(items)).entries
    assert permalink.url == "https://news.example.edu/p/1"
    assert not_permalink.url == ""


def test_rss_author_forms_and_summary_length():
    long_text = " ".join(["word"] * 600)
    items = (
        "<item><title>A</title><author>press@example.edu (Press Office)</author>"
        f"<description>{long_text}</description></item>"
        "<item><title>B</title><author>Dana Reyes &lt;dana@example.edu&gt;</author></item>"
        "<item><title>C</title><author>Lee Park (lee@example.edu)</author></item>"
    )
    first, second, third = parse_feed(rss_items(items)).entries
    assert first.author == "Press Office"
    assert second.author == "Dana Reyes"
    assert third.author == "Lee Park"
    assert len(first.summary) <= SUMMARY_LIMIT + 1
    assert first.summary.endswith("word…")
    assert first.content_html == long_text  # the full text stays available for rendering


def test_importing_the_package_is_cheap_and_exports_resolve_lazily():
    code = (
        "import sys, uninews_tui.parse as p; "
        "heavy = [m for m in ('lxml', 'feedparser', 'selectolax', 'trafilatura') if m in sys.modules]; "
        "print(heavy); p.parse_feed; print('lxml' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["[]", "True"]
    assert callable(parse_package.parse_feed) and callable(parse_package.html_to_text)
    assert "parse_feed" in dir(parse_package)
    assert not hasattr(parse_package, "no_such_helper")


def test_image_falls_back_to_the_first_real_img_in_the_html():
    items = (
        "<item><title>I</title><description><![CDATA["
        '<img src="https://stats.example.com/pixel.gif" width="1" height="1">'
        '<p>Text <img src="/files/lab.jpg?w=640&amp;h=480" alt=""></p>]]></description></item>'
        "<item><title>J</title><description>No picture</description></item>"
    )
    with_image, without = parse_feed(rss_items(items)).entries
    assert with_image.image == "https://news.example.edu/files/lab.jpg?w=640&h=480"
    assert without.image == ""


def test_titles_are_cut_to_a_sensible_length():
    items = f"<item><title>{'Long ' * 1500}</title></item>"
    (entry,) = parse_feed(rss_items(items)).entries
    assert len(entry.title) == LINE_LIMIT
    assert entry.title.startswith("Long Long") and entry.title.endswith("…")
