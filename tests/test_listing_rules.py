"""The list.* selector rules on small inline pages: links, titles, dates, filters, errors, hostile input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin

import pytest

from uninews_tui.config_model import ListRules, Source
from uninews_tui.errors import ParseError
from uninews_tui.models import FeedEntry
from uninews_tui.parse.listing import parse_listing

CST = timezone(timedelta(hours=8))


def listing(html: str, url: str = "https://u.edu/news/index.html", **rules: object) -> list[FeedEntry]:
    rule_values: dict[str, object] = {"item": "li", **rules}
    source = Source(id="t", institution="t", kind="html", url=url, list=ListRules(**rule_values))  # type: ignore[arg-type]
    return parse_listing(html.encode(), source, url, timezone="UTC").entries


def test_link_specs() -> None:
    html = "<ul><li data-u='/d'><a href='a.htm'>Alpha</a><a class=x href='b.htm'>Beta</a></li></ul>"
    assert listing(html)[0].url == "https://u.edu/news/a.htm"
    assert listing(html, link="a.x@href")[0].url == "https://u.edu/news/b.htm"
    assert listing(html, link="a.x")[0].url == "https://u.edu/news/b.htm"
    assert listing(html, link="@data-u")[0].url == "https://u.edu/d"
    assert listing("<a class=i href='/s'>Self</a>", item="a.i", link=":self")[0].url == "https://u.edu/s"
    assert listing("<a class=i href='/s'>Self</a>", item="a.i")[0].title == "Self"
    based = "<head><base href='https://cdn.u.edu/archive/'></head><ul><li><a href='x.htm'>X</a></li></ul>"
    assert listing(based)[0].url == "https://cdn.u.edu/archive/x.htm"


def test_titles_summaries_images_and_regexes() -> None:
    html = (
        "<ul><li><a href='/1'><img data-src='/i.jpg'><h3>Nobel for <em>E. coli</em> work</h3>"
        "<p class=s>Line one.</p><p class=s>Line two.</p>"
        "<span class=c>Health</span><span class=c>Science</span>"
        "<time datetime='2025-02-24T09:00:00+08:00'>yesterday</time></a></li></ul>"
    )
    entry = listing(html, title="h3", summary="p.s", image="img", category=".c", date="time")[0]
    assert entry.title == "Nobel for E. coli work"
    assert entry.summary == "Line one."
    assert entry.image == "https://u.edu/i.jpg"
    assert entry.categories == ("Health", "Science")
    assert entry.published == datetime(2025, 2, 24, 9, tzinfo=CST)
    regexed = listing(
        "<ul><li><a href='/1'>NEWS | Campus reopens</a></li></ul>", title_regex=r"\|\s*(?P<v>.+)"
    )
    assert regexed[0].title == "Campus reopens"
    dated = listing(
        "<ul><li><a href='/1'>Talk</a><i>Posted 3 Mar 2025</i></li></ul>",
        date="i",
        date_regex=r"Posted (?P<v>.+)",
        date_format=["%d %b %Y"],
    )
    assert dated[0].published == datetime(2025, 3, 3, tzinfo=UTC)


def test_filters_and_skips() -> None:
    html = (
        "<ul class=pinned><li><a href='/p'>Pinned announcement for everyone</a></li></ul>"
        "<ul><li><a href='/news/1'>A proper headline here</a></li>"
        "<li><a href='/news/1'>A proper headline here</a></li>"
        "<li><a href='/about'>About the university</a></li>"
        "<li><a href='/news/2'>Short</a></li>"
        "<li><a href='javascript:void(0)'>Script link headline</a></li>"
        "<li><a href='/news/3'>   </a></li>"
        "<li>No link at all in this one</li></ul>"
    )
    rules = {"exclude": "ul.pinned", "url_pattern": "/news/", "min_title_len": 10}
    source = Source(
        id="t", institution="t", kind="html", url="https://u.edu/", list=ListRules(item="li", **rules)
    )
    feed = parse_listing(html.encode(), source, source.url, timezone="UTC")
    assert [e.url for e in feed.entries] == ["https://u.edu/news/1"]
    assert feed.skipped == 3  # javascript: link, empty title, no link


def test_page_one_with_only_unusable_items_is_an_error() -> None:
    source = Source(id="t", institution="t", kind="html", url="https://u.edu/", list=ListRules(item="li"))
    with pytest.raises(
        ParseError, match=r"matched 2 elements but none gave an article \(2 without title or link"
    ):
        parse_listing(b"<ul><li>one</li><li>two</li></ul>", source, source.url, timezone="UTC")


def test_hostile_text_is_cleaned() -> None:
    html = "<ul><li><a href='/1'>Bad\x1b]0;owned\x07 \u202eheadline\x1b[31m red</a></li></ul>"
    assert listing(html)[0].title == "Bad headline red"


def test_bad_rules_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="invalid CSS selector in list.item"):
        listing("<ul><li><a href='/1'>x</a></li></ul>", item="li[")
    with pytest.raises(ParseError, match="invalid CSS selector in list.title"):
        listing("<ul><li><a href='/1'>x</a></li></ul>", title="h3[@")
    with pytest.raises(ParseError, match="list.title_regex"):
        listing("<ul><li><a href='/1'>x</a></li></ul>", title_regex="(")
    source = Source(id="f", institution="t", kind="feed", url="https://u.edu/")
    with pytest.raises(ParseError, match="no list.item"):
        parse_listing(b"<p>", source, source.url, timezone="UTC")


@pytest.mark.parametrize(
    "base", ["https://news.pku.edu.cn/xwzh/index.htm", "https://e.edu", "http://e.edu:8080/a/b.php?x=1"]
)
@pytest.mark.parametrize(
    "raw", ["x.htm", "/x.htm", "//cdn.e.edu/x.jpg", "../info/1.htm", "./x.htm", "a/..", "https://o.org/p",
            "HTTP://O.org/", "?p=3", "x.htm?q=1#z", "mailto:x@y", "javascript:void(0)", "#top", " y.htm "],
)  # fmt: skip
def test_links_resolve_like_urljoin(base: str, raw: str) -> None:
    html = f"<ul><li><a href='{raw}'>Headline</a></li><li><a href='/keep'>Other</a></li></ul>"
    source = Source(id="t", institution="t", kind="html", url=base, list=ListRules(item="li"))
    entries = parse_listing(html.encode(), source, base, timezone="UTC").entries
    expected = urljoin(base, raw.strip())
    if raw.startswith("#") or not expected.lower().startswith(("http://", "https://")):
        assert [e.title for e in entries] == ["Other"]
    else:
        assert entries[0].url == expected


def test_deeply_nested_markup_does_not_exhaust_the_stack() -> None:
    title = "<span>" * 5000 + "Deep headline" + "</span>" * 5000
    entries = listing(f"<ul><li><a href='/deep'>{title}</a></li></ul>")
    assert [(e.title, e.url) for e in entries] == [("Deep headline", "https://u.edu/deep")]
