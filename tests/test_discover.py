"""Feed autodiscovery: advertised feeds found, non-feeds ignored, URLs resolved; probe guesses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from uninews_tui.parse.discover import common_feed_paths, discover_feed_links, discover_feeds

DATA = Path(__file__).parent / "data" / "discover"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "autodiscovery"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_head_links_typed_deduplicated_base_href_and_comment_feeds_last() -> None:
    links = discover_feed_links(page("head_links.html"), "https://www.example-tech.edu/some/other/page.html")
    assert [link.url for link in links] == [
        "https://www.example-tech.edu/newsroom/feed/",
        "https://www.example-tech.edu/newsroom/atom.xml",
        "https://www.example-tech.edu/newsroom/feed.json",
        "https://www.example-tech.edu/newsroom/comments/feed/",
    ]
    assert [link.type for link in links] == [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rss+xml",
    ]
    assert links[0].title == "All news (RSS)"


def test_feed_link_in_body_counts_and_app_and_mobile_alternates_do_not() -> None:
    found = discover_feeds(page("body_links.html"), "https://news.example.edu/channel")
    assert found == ["https://news.example.edu/feeds/videos.xml?channel_id=ABC123"]


def test_unquoted_attributes_json_and_typeless_links() -> None:
    found = discover_feeds(page("unquoted.html").decode(), "https://faculty.example.edu/arts/")
    assert found == [
        "https://faculty.example.edu/xml/rss.xml",
        "https://faculty.example.edu/feed.json",
        "https://faculty.example.edu/typeless.xml",
    ]


def test_page_without_feeds() -> None:
    assert discover_feeds(page("no_feeds.html"), "https://www.example.edu/about/") == []


def test_gbk_page_given_as_bytes() -> None:
    links = discover_feed_links(page("gbk_page.html"), "https://news.example.cn/index.htm")
    assert [(link.url, link.title) for link in links] == [("https://news.example.cn/rss/新闻.xml", "新闻")]


@pytest.mark.parametrize(
    "garbage", [b"", "", b"\x00\xff\xfe garbage", "<link rel=alternate href='http://[::1'>", "x" * 100]
)
def test_garbage_gives_no_feeds(garbage: bytes | str) -> None:
    assert discover_feeds(garbage, "https://www.example.edu/") == []


def test_hostile_title_is_cleaned() -> None:
    markup = '<link rel="alternate" type="application/rss+xml" title="News\x1b[31m \u202eevil" href="/rss">'
    (link,) = discover_feed_links(markup, "https://www.example.edu/")
    assert link.title == "News evil"


def test_common_feed_paths_page_directory_first_then_root() -> None:
    guesses = common_feed_paths("https://www.example.edu/en/news/index.html?page=2#top")
    assert guesses[:2] == ["https://www.example.edu/en/news/feed/", "https://www.example.edu/en/news/rss.xml"]
    assert "https://www.example.edu/feed/" in guesses and "https://www.example.edu/index.xml" in guesses
    assert "https://www.example.edu/rss" in guesses
    assert len(guesses) == len(set(guesses)) <= 12
    assert common_feed_paths("https://www.example.edu") == [
        "https://www.example.edu/feed/",
        "https://www.example.edu/rss.xml",
        "https://www.example.edu/atom.xml",
        "https://www.example.edu/feed.xml",
        "https://www.example.edu/index.xml",
        "https://www.example.edu/rss",
    ]
    assert common_feed_paths("ftp://example.edu/") == [] and common_feed_paths("not a url") == []


# --- the shared reference corpus (NetNewsWire and trafilatura cases) ------------------------------


def _corpus_cases() -> list[Any]:
    if not (CORPUS / "cases.json").exists():
        return []
    cases = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
    pages = [pytest.param(case, id=case["file"]) for case in cases["pages"]]
    inline = [
        pytest.param(case, id=f"inline-{number}")
        for number, case in enumerate(cases["inline"])
        if not case.get("policy_specific")
    ]
    return pages + inline


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared reference corpus is not beside the checkout")
@pytest.mark.parametrize("case", _corpus_cases())
def test_reference_corpus_case(case: dict[str, Any]) -> None:
    markup = (CORPUS / case["file"]).read_bytes() if "file" in case else case["html"]
    links = discover_feed_links(markup, case["page_url"])
    urls = [link.url for link in links]
    if "expected_feed_links" in case:
        assert urls == [expected["href"] for expected in case["expected_feed_links"]]
    for expected in case.get("expected_feed_links_contains", []):
        assert expected in urls
    if "expected_count" in case:
        assert len(urls) == case["expected_count"]
    if "expected_hrefs" in case:
        assert urls == case["expected_hrefs"]
    if "expected_types" in case:
        assert [link.type for link in links] == case["expected_types"]
