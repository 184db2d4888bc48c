"""Bad feeds through ``uninews refresh``: each one fails alone with a clear error, or is recovered.

Every case serves real bytes from 127.0.0.1 and reads the outcome back the
way a user would: ``sources --json`` for the recorded error, ``list --json``
for what was stored.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer

from feed_server import FeedSite

from .support import Home, rss, rss_item

GOOD = rss([rss_item(n) for n in range(3)])


def refresh_one(home: Home, site: FeedSite, body: bytes, content_type: str = "application/rss+xml",
                *, settings: str = "") -> tuple[dict[str, int], dict[str, object]]:
    """Serve ``body`` as source "bad" next to a good source; refresh; return (summary, bad's row)."""
    urls = {"good": site.put("/good.xml", GOOD), "bad": site.put("/bad.xml", body, content_type)}
    home.write_config([{"id": k, "url": v} for k, v in urls.items()], settings=settings)
    summary = home.refresh()
    rows = home.sources()
    assert rows["good"]["last_error"] is None and rows["good"]["last_status"] == "ok"
    assert len(home.articles("--institution", "inst-good")) == 3
    return summary, rows["bad"]


def titles(home: Home, source: str = "bad") -> list[str]:
    return sorted(a["title"] for a in home.articles("--institution", f"inst-{source}"))


def test_ill_formed_xml_is_recovered(home: Home, site: FeedSite) -> None:
    body = rss([rss_item(1, title="Fish & chips <b>unclosed"), rss_item(2, title="Caf&eacute; open")])
    summary, row = refresh_one(home, site, body)
    assert summary == {"fetched": 2, "not_modified": 0, "failed": 0, "new_articles": 5}
    assert row["last_error"] is None
    assert titles(home) == ["Café open", "Fish & chips unclosed"]


def test_hopeless_xml_is_a_clear_not_a_feed_error(home: Home, site: FeedSite) -> None:
    summary, row = refresh_one(home, site, b"<?xml version='1.0'?><<<>>><rss<<item>>>")
    assert summary["failed"] == 1 and summary["fetched"] == 1
    assert row["last_status"] == "error"
    assert row["last_error"] == "not a feed: ill-formed XML that no parser could read"


def test_body_cut_mid_item_keeps_the_complete_items(home: Home, site: FeedSite) -> None:
    full = rss([rss_item(n, title=f"Complete story {n}") for n in range(6)])
    cut = full[: full.index(b"Complete story 4") + 5]  # ends inside the fifth item's title
    summary, row = refresh_one(home, site, cut)
    assert row["last_error"] is None and summary["failed"] == 0
    assert titles(home) == [f"Complete story {n}" for n in range(4)]  # the fragment "Compl" is dropped


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/octet-stream",
                                          "image/png", "text/plain", ""])
def test_wrong_or_missing_content_type_does_not_matter(home: Home, site: FeedSite,
                                                       content_type: str) -> None:
    body = rss([rss_item(n, title=f"Typed story {n}") for n in range(2)])
    summary, row = refresh_one(home, site, body, content_type)
    assert row["last_error"] is None and summary["failed"] == 0
    assert titles(home) == ["Typed story 0", "Typed story 1"]


@pytest.mark.parametrize("status", [200, 404])
def test_html_error_page_where_a_feed_should_be(home: Home, site: FeedSite, httpserver: HTTPServer,
                                                status: int) -> None:
    page = b"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Service unavailable</h1>"
    httpserver.expect_request("/error.xml").respond_with_data(page, status=status, content_type="text/html")
    urls = {"good": site.put("/good.xml", GOOD), "bad": httpserver.url_for("/error.xml")}
    home.write_config([{"id": k, "url": v} for k, v in urls.items()])
    code, _, err = home.run("refresh")
    assert code == 0
    expected = "not a feed: an HTML page" if status == 200 else "HTTP 404 Not Found"
    assert f"bad: {expected}" in err
    rows = home.sources()
    assert rows["bad"]["last_error"] == expected and rows["bad"]["last_status"] == "error"
    assert rows["good"]["last_status"] == "ok" and len(home.articles()) == 3


def test_empty_200_is_not_a_feed(home: Home, site: FeedSite) -> None:
    summary, row = refresh_one(home, site, b"")
    assert summary["failed"] == 1
    assert row["last_error"] == "not a feed: the document is empty"


def test_invalid_utf8_is_replaced_not_fatal(home: Home, site: FeedSite) -> None:
    body = rss([rss_item(1, title="Broken TITLE here"), rss_item(2, title="Fine")])
    body = body.replace(b"TITLE", b"\xff\xfe\xc3(")
    summary, row = refresh_one(home, site, body)
    assert row["last_error"] is None and summary["failed"] == 0
    stored = titles(home)
    assert stored[1] == "Fine" and stored[0].startswith("Broken ") and stored[0].endswith(" here")


def test_charset_header_contradicting_the_document(home: Home, site: FeedSite) -> None:
    """Header says Latin-1, bytes (and declaration) are UTF-8: valid UTF-8 wins, no mojibake."""
    title = "Université de Genève 北京大学"
    body = rss([rss_item(1, title=title)], declaration='<?xml version="1.0" encoding="utf-8"?>')
    _, row = refresh_one(home, site, body, "application/rss+xml; charset=iso-8859-1")
    assert row["last_error"] is None
    assert titles(home) == [title]


def test_gbk_document_under_a_utf8_header(home: Home, site: FeedSite) -> None:
    title = "北京大学召开教学工作会议"
    body = rss([rss_item(1, title=title)], declaration='<?xml version="1.0" encoding="gbk"?>')
    _, row = refresh_one(home, site, body.decode().encode("gbk"), "text/xml; charset=utf-8")
    assert row["last_error"] is None
    assert titles(home) == [title]


def test_one_windows_1252_item_in_a_utf8_feed_garbles_nothing(home: Home, site: FeedSite) -> None:
    """Regression: detection used to decode the whole feed as Mac Roman because of one bad item."""
    body = rss([rss_item(1, title="Café “quoted” 北京"), rss_item(2, title="PASTED")])
    body = body.replace(b"PASTED", "Pasted “from Word” – café".encode("cp1252"))
    _, row = refresh_one(home, site, body, "application/rss+xml; charset=utf-8")
    assert row["last_error"] is None
    assert titles(home) == ["Café “quoted” 北京", "Pasted “from Word” – café"]


def test_10000_item_feed_is_capped_at_max_items(home: Home, site: FeedSite) -> None:
    body = rss([rss_item(n, title=f"Bulk story {n}") for n in range(10_000)])
    assert len(body) > 1_500_000
    started = time.perf_counter()
    summary, row = refresh_one(home, site, body, settings="max_items = 250")
    elapsed = time.perf_counter() - started
    assert row["last_error"] is None
    assert summary["new_articles"] == 3 + 250
    stored = home.articles("--institution", "inst-bad")
    assert len(stored) == 250
    assert {a["title"] for a in stored} == {f"Bulk story {n}" for n in range(250)}  # the feed's first 250
    assert elapsed < 15, f"refresh of a 10,000-item feed took {elapsed:.1f} s"


def test_duplicate_guids_are_stored_once(home: Home, site: FeedSite) -> None:
    body = rss([rss_item(1, title="First version", guid="same"), rss_item(2, title="Second", guid="same"),
                rss_item(3, title="Third", guid="same"), rss_item(4, title="Other")])
    summary, _ = refresh_one(home, site, body)
    stored = home.articles("--institution", "inst-bad")
    assert len(stored) == 2 and summary["new_articles"] == 3 + 2
    assert home.rows("SELECT count(*) FROM articles WHERE source = 'bad' AND guid = 'same'") == [(1,)]
    home.refresh()  # a second pass over the same duplicates adds nothing either
    assert len(home.articles("--institution", "inst-bad")) == 2


def test_relative_links_resolve_against_the_feed_url(home: Home, site: FeedSite,
                                                    httpserver: HTTPServer) -> None:
    body = rss([rss_item(1, link="/news/a.html"), rss_item(2, link="b.html", guid=""),
                rss_item(3, link="../up.html", guid="")])
    body = body.replace(b"<link>https://news.example.edu/</link>", b"")  # no channel link: no base at all
    site.put("/feeds/news.xml", body)
    httpserver.expect_request("/old.xml").respond_with_data("", status=301,
                                                           headers={"Location": "/feeds/news.xml"})
    home.write_config([{"id": "direct", "url": site.url("/feeds/news.xml")},
                       {"id": "moved", "url": httpserver.url_for("/old.xml")}])
    home.refresh()
    root = httpserver.url_for("/").rstrip("/")
    want = sorted([f"{root}/news/a.html", f"{root}/feeds/b.html", f"{root}/up.html"])
    for source in ("direct", "moved"):
        assert sorted(a["url"] for a in home.articles("--institution", f"inst-{source}")) == want


def rfc822(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def test_future_dates_do_not_pin_items_to_the_top(home: Home, site: FeedSite) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    items = [rss_item("y2999", title="Dated 2999", date="Mon, 02 Nov 2999 09:00:00 +0000"),
             rss_item("y2100", title="Dated 2100", date="Tue, 02 Nov 2100 09:00:00 +0000"),
             rss_item("ahead", title="Three hours ahead", date=rfc822(now + timedelta(hours=3))),
             rss_item("day", title="Yesterday", date=rfc822(now - timedelta(days=1))),
             rss_item("old", title="Before 1970", date="Fri, 01 Jan 1965 09:00:00 +0000")]
    url = site.put("/news.xml", rss(items))
    home.write_config([{"id": "dates", "url": url}])
    home.refresh()
    first = {a["title"]: a["published"] for a in home.articles()}
    seen_at = {first[t] for t in ("Dated 2999", "Dated 2100", "Three hours ahead")}
    assert len(seen_at) == 1, first  # all three listed at the time they were first seen
    [when] = seen_at
    assert now - timedelta(minutes=1) <= datetime.fromisoformat(when) <= datetime.now(UTC)
    assert first["Yesterday"] == (now - timedelta(days=1)).isoformat()
    assert first["Before 1970"] == "1965-01-01T09:00:00+00:00"  # kept as it is, listed last
    assert [a["title"] for a in home.articles()][-1] == "Before 1970"

    fresh = rss_item("fresh", title="Fresh news", date=rfc822(datetime.now(UTC) + timedelta(seconds=1)))
    site.put("/news.xml", rss([fresh, *items]))
    home.refresh()
    second = {a["title"]: a["published"] for a in home.articles()}
    assert {t: second[t] for t in first} == first  # the future-dated items did not move up again
    assert home.articles()[0]["title"] == "Fresh news"
    stored = home.rows("SELECT max(published_ts) FROM articles")[0][0]
    assert stored <= datetime.now(UTC).timestamp() + 1


def test_items_without_title_or_link(home: Home, site: FeedSite) -> None:
    """Policy: an item with a title or a link is kept; one with neither is dropped and counted."""
    body = rss([rss_item(1, title="", description="Only a link and a summary."),
                rss_item(2, link="", guid="", title="Only a title"),
                rss_item(3, title="", link="", guid="", description="Neither title nor link."),
                rss_item(4, title="", link="", guid="", description="")])
    summary, row = refresh_one(home, site, body)
    assert row["last_error"] is None and summary["new_articles"] == 3 + 2
    kept = {a["title"]: a for a in home.articles("--institution", "inst-bad")}
    assert set(kept) == {"", "Only a title"}
    assert kept[""]["url"] == "https://news.example.edu/story/1"
    assert kept["Only a title"]["url"] == ""
    code, out, err = home.run("probe", "bad")
    assert code == 0, err
    assert "2 items skipped (no title or no link)" in out


def test_lone_surrogates_in_a_json_feed_are_dropped(home: Home, site: FeedSite) -> None:
    """JSON escapes can spell lone surrogates ("\\ud800"), which no UTF-8 database can store.

    Regression (found by the long hypothesis run): the text went through clean_text unchanged
    and the whole source failed with "could not store articles: ... surrogates not allowed".
    """
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "Half \\ud800 pair", "items": ['
            b'{"id": "1", "url": "https://news.example.edu/1", "title": "Broken \\udfff title",'
            b' "content_text": "Body \\ud83d"}, {"id": "2", "url": "https://news.example.edu/2",'
            b' "title": "Whole pair \\ud83c\\udf93"}]}')
    summary, row = refresh_one(home, site, body, "application/feed+json")
    assert row["last_error"] is None and summary["failed"] == 0
    assert titles(home) == ["Broken title", "Whole pair 🎓"]
