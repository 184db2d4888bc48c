"""parse_feed on university-style fixtures: RSS 2.0, WordPress, RSS 1.0, Atom 1.0/0.3, JSON Feed 1.0/1.1.

Every fixture under tests/data/feeds/ was written for these tests; the
assertions pin the concrete fields the store and the reader rely on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from uninews_tui.parse import parse_feed

FEEDS = Path(__file__).parent / "data" / "feeds"


def parse(name: str, url: str = ""):
    return parse_feed((FEEDS / name).read_bytes(), url=url)


def test_rss2_with_content_encoded_media_and_dublin_core():
    feed = parse("institute_news_rss2.xml", "https://news.rit-example.edu/rss/feed.xml")
    assert (feed.kind, feed.title, feed.link) == (
        "rss",
        "Riverside Institute of Technology News",
        "https://news.rit-example.edu/",
    )
    first, second = feed.entries
    assert first.guid == "rit-news-48213"
    assert first.title == "Engineers build a tide-powered sensor that runs for a decade"
    assert first.url == "https://news.rit-example.edu/2025/tide-powered-sensor-0312"
    assert first.published == datetime(2025, 3, 12, 18, 30, tzinfo=UTC)
    assert first.published.utcoffset() == timedelta(hours=-4)
    assert first.author == "Priya Raman | Institute News"
    assert first.summary == (
        "A palm-sized device harvests energy from harbour tides & reports water quality every hour."
    )
    assert first.content_html.startswith("<p>A palm-sized device built in the <a href=")
    assert "<em>eighteen months</em>" in first.content_html
    assert first.categories == ("Engineering", "Oceans", "Sustainability")
    assert first.image == "https://news.rit-example.edu/sites/default/files/images/tide-sensor-thumb.jpg"
    # "EST" is a named zone; the HTML description becomes plain text and also
    # serves as content; a category repeated in another case is kept once.
    assert second.published == datetime(2025, 3, 11, 14, 0, tzinfo=UTC)
    assert second.summary.startswith("Professors in chemistry, linguistics and civil engineering")
    assert "<strong>" not in second.summary
    assert second.content_html.startswith("<p>Professors in chemistry")
    assert second.categories == ("Awards",)


def test_wordpress_rss_guid_enclosure_relative_link_and_footer():
    feed = parse("gazette_wordpress_rss.xml", "https://gazette.elmwood-example.edu/feed/")
    assert feed.title == "The Elmwood Gazette"
    first, second = feed.entries
    assert first.guid == "https://gazette.elmwood-example.edu/?p=391552"
    assert first.url == "https://gazette.elmwood-example.edu/story/2025/03/rare-book-reading-room-reopens/"
    assert first.author == "Tomás Lindqvist"
    assert first.published == datetime(2025, 3, 10, 16, 45, tzinfo=UTC)
    assert first.categories == ("Campus & Community", "Arts")
    assert first.image.endswith("/wp-content/uploads/2025/03/reading-room-1200.jpg")
    # WordPress's "The post … appeared first on …" footer is not part of the summary.
    assert first.summary == (
        "After two years of work the reading room has new lighting, climate control and forty study seats…"
    )
    assert first.content_html.startswith("<figure><img src=")
    # Entities in the title are decoded; a root-relative link resolves against the feed URL.
    assert second.title == "Q&A: What the \u201cquiet quad\u201d study found"
    assert second.url == "https://gazette.elmwood-example.edu/story/2025/03/quiet-quad-qa/"


def test_rss10_rdf_uses_rdf_about_and_dublin_core_dates():
    feed = parse("faculty_rdf.rdf")
    assert (feed.kind, feed.title) == ("rdf", "Fakultät für Physik – Aktuelles")
    first, second = feed.entries
    assert first.guid == "https://physik.uni-example.de/aktuelles/2025-03-quantensensor"
    assert first.title == "Neuer Quantensensor misst Magnetfelder im Gehirn"
    assert first.url == first.guid
    assert first.published == datetime(2025, 3, 7, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    assert first.author == "Jana Becker"
    assert first.categories == ("Forschung",)
    assert first.summary.startswith("Ein Team der Arbeitsgruppe Optik")
    # A date without a time or zone is taken as midnight UTC.
    assert second.published == datetime(2025, 3, 3, tzinfo=UTC)


def test_atom10_resolves_xml_base_and_reads_typed_text():
    feed = parse("research_atom10_xml_base.atom", "https://research.northfield-example.ac.uk/feed.atom")
    assert feed.kind == "atom"
    assert feed.title == "Northfield Research & Innovation"  # type="html" with an escaped &amp;
    assert feed.link == "https://research.northfield-example.ac.uk/news/"
    first, second = feed.entries
    assert first.guid == "tag:research.northfield-example.ac.uk,2025:news/4471"
    assert first.title == "Glacier melt slows in a warmer Arctic spring"
    assert first.url == "https://research.northfield-example.ac.uk/news/2025/03/glacier-melt"
    assert first.published == datetime(2025, 3, 13, 17, 20, tzinfo=UTC)
    assert first.updated == datetime(2025, 3, 14, 7, 55, tzinfo=UTC)
    assert first.author == "Dr Eilidh MacLeod, Sam Okafor"
    assert first.categories == ("Climate science", "geography")
    assert first.summary == "Field data from three seasons show the retreat rate halved."
    assert first.image == "https://research.northfield-example.ac.uk/media/glacier-map.png"
    # XHTML content comes back as HTML without namespaces, its links resolved
    # against the content's own xml:base.
    assert 'href="https://research.northfield-example.ac.uk/news/2025/03/glacier-melt/data"' in (
        first.content_html
    )
    image = 'src="https://research.northfield-example.ac.uk/news/2025/03/img/ice-core.jpg"'
    assert image in first.content_html
    assert "xmlns" not in first.content_html
    # An entry-level xml:base, published falling back to updated, the feed's author inherited.
    assert second.url == "https://research.northfield-example.ac.uk/events/crowds-lecture"
    assert second.published == second.updated == datetime(2025, 3, 12, 12, tzinfo=UTC)
    assert second.author == "Northfield Press Office"
    assert second.summary == "Join us in the Great Hall."


def test_atom03_issued_modified_and_escaped_content():
    feed = parse("archive_atom03.xml")
    assert (feed.kind, feed.title, feed.link) == (
        "atom",
        "Lakeside College Archive Blog",
        "http://archive.lakeside-example.edu/blog/",
    )
    (entry,) = feed.entries
    assert entry.guid == "tag:archive.lakeside-example.edu,2005:blog.1107"
    assert entry.url == "http://archive.lakeside-example.edu/blog/2005/11/rowing-letters"
    assert entry.published == datetime(2005, 11, 8, 14, 30, tzinfo=UTC)
    assert entry.updated == datetime(2005, 11, 9, 11, 56, 34, tzinfo=UTC)
    assert entry.author == "College Archivist"
    assert entry.summary == "A box of letters tells how the club bought its first boat."
    assert entry.content_html == "<p>A box of letters tells how the club bought its <b>first boat</b>.</p>"


def test_json_feed_11_authors_tags_and_relative_urls():
    feed = parse("events_jsonfeed11.json")
    assert (feed.kind, feed.title, feed.link) == (
        "json",
        "Harbour University – Events & News",
        "https://www.harbour-example.edu/news/",
    )
    first, second = feed.entries
    assert first.guid == "https://www.harbour-example.edu/news/2025/marine-robotics-lab"
    assert first.url == "https://www.harbour-example.edu/news/2025/marine-robotics-lab"
    assert first.published == datetime(2025, 3, 9, 22, 0, tzinfo=UTC)
    assert first.author == "Lachlan Ng, Ruby Das"
    assert first.categories == ("Engineering", "Oceans")
    assert first.summary == "Students will test autonomous boats in the harbour."
    assert "<strong>autonomous boats</strong>" in first.content_html
    assert first.image == "https://www.harbour-example.edu/images/robotics-lab.jpg"
    # A numeric id becomes a string; content_text becomes escaped paragraphs; the feed author is inherited.
    assert second.guid == "1042"
    assert second.author == "Harbour Media Team"
    assert second.summary == (
        "More than 2,400 students enrolled in first-year science.\n\nThe largest intake is in marine biology."
    )
    assert second.content_html == (
        "<p>More than 2,400 students enrolled in first-year science.</p>"
        "<p>The largest intake is in marine biology.</p>"
    )


def test_json_feed_10_author_object_external_url_and_naive_date():
    feed = parse("bulletin_jsonfeed10.json")
    first, second = feed.entries
    assert first.guid == "bulletin-2025-011"
    assert first.author == "Transport Office"
    assert first.published == datetime(2025, 5, 2, 15, 0, tzinfo=UTC)  # date_modified only, naive → UTC
    assert first.published.tzinfo is not None
    assert first.categories == ("Campus",)
    assert second.url == "https://city-example.gov/transit/spring-timetable"
    assert second.author == "Bulletin Editors"
    assert second.published is None
    assert second.image == "https://bulletin.pinecrest-example.edu/img/bus.jpg"
    assert second.summary == "Route 7 runs every ten minutes."


def test_gbk_bytes_declared_as_gb2312():
    feed = parse("donghu_gbk_rss.xml")
    assert feed.title == "东湖大学新闻网"
    (entry,) = feed.entries
    assert entry.title == "我校团队在新型电池材料研究中取得进展"
    assert entry.author == "李镕 (新闻中心)"  # 镕 exists in GBK, not in GB2312
    assert entry.categories == ("科研动态",)
    assert entry.summary.startswith("化学学院研究团队发现一种低成本电极材料")
    assert entry.published == datetime(2025, 3, 14, 2, 20, tzinfo=UTC)
    assert "\ufffd" not in entry.title + entry.summary + entry.author


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("institute_news_rss2.xml", 2),
        ("gazette_wordpress_rss.xml", 2),
        ("faculty_rdf.rdf", 2),
        ("research_atom10_xml_base.atom", 2),
        ("archive_atom03.xml", 1),
        ("events_jsonfeed11.json", 2),
        ("bulletin_jsonfeed10.json", 2),
        ("donghu_gbk_rss.xml", 1),
    ],
)
def test_every_fixture_gives_aware_dates_and_no_markup_in_plain_fields(name, count):
    feed = parse(name)
    assert len(feed.entries) == count
    for entry in feed.entries:
        assert entry.guid
        assert entry.published is None or entry.published.tzinfo is not None
        for plain in (entry.title, entry.author, entry.summary, *entry.categories):
            assert "<" not in plain and "&amp;" not in plain
