"""Property tests of every parser over random bytes and mutated fixtures (hypothesis).

CI runs a small number of examples per property (profile "ci"); the long run
outside CI uses the same properties with profile "long" (see fuzz/README.md):

    UNINEWS_FUZZ_PROFILE=long .venv/bin/pytest tests/robustness/test_fuzz_parsers.py

Findings become regression tests in test_fuzz_regressions.py.
"""

from __future__ import annotations

import os
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uninews_tui.config_model import DetailRules, ListRules, Source
from uninews_tui.errors import ParseError
from uninews_tui.opml import OpmlError, parse_opml
from uninews_tui.parse import decode_html, extract_article, html_to_markdown, parse_feed, parse_listing
from uninews_tui.parse.text import clean_line, clean_text, tidy_paragraphs

from .fuzz_inputs import (
    BASE,
    FEED_SEEDS,
    HTML_SEEDS,
    OPML_SEEDS,
    assert_clean,
    check_parsed_feed,
    mutate,
)

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("UNINEWS_FUZZ_PROFILE", "ci")
settings.load_profile(PROFILE)
fewer = settings(max_examples=80 if PROFILE == "ci" else 5_000)
"""For the expensive extractor (~50 ms an example): CI time stays small."""


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A seed with 1-12 random edits (seeded from hypothesis, so failures shrink and replay)."""
    return st.builds(lambda seed, salt, rounds: mutate(seed, random.Random(salt), rounds),
                     st.sampled_from(seeds), st.integers(0, 2**32), st.integers(1, 12))


feed_bytes = st.one_of(st.binary(max_size=2000), mutated(FEED_SEEDS))
html_bytes = st.one_of(st.binary(max_size=2000), mutated(HTML_SEEDS))
opml_bytes = st.one_of(st.binary(max_size=1000), mutated(OPML_SEEDS))
headers = st.one_of(st.none(), st.builds(lambda v: {"content-type": v},
                                         st.sampled_from(["text/xml; charset=utf-8", "text/html; charset=gbk",
                                                          "application/rss+xml; charset=x-unknown",
                                                          "text/html; charset=utf-16", "text/plain"])))
LISTING = Source("fuzz", "fuzz", "html", BASE + "/news/", list=ListRules(
    item="li, .item, article", link="a", title="a", date=".date", summary="p",
    date_regex=r"(?P<v>\d{4}-\d\d-\d\d)", title_regex=r"(?P<v>.+)"))
DETAIL = DetailRules(body="article, .content", title="h1", date="time, .date")
# A Markdown link (not an escaped "\\](") to a scheme that runs or reads something.
_JS_LINK = re.compile(r"(?<!\\)\]\(\s*<?(?:javascript|data|vbscript|file):", re.IGNORECASE)


@given(feed_bytes, headers)
def test_parse_feed(data: bytes, head: dict[str, str] | None) -> None:
    try:
        feed = parse_feed(data, BASE + "/feed.xml", head)
    except ParseError:
        return
    check_parsed_feed(feed, "parse_feed")


@given(html_bytes, headers)
def test_parse_listing(data: bytes, head: dict[str, str] | None) -> None:
    try:
        feed = parse_listing(data, LISTING, LISTING.url, timezone="Asia/Shanghai", headers=head)
    except ParseError:
        return
    check_parsed_feed(feed, "parse_listing")


@fewer
@given(html_bytes, st.booleans())
def test_extract_article(data: bytes, with_rules: bool) -> None:
    article = extract_article(data, BASE + "/news/1", detail=DETAIL if with_rules else None)
    assert_clean([article.title, article.text, article.author], "extract_article")
    assert "\n" not in article.title
    assert not _JS_LINK.search(article.text), article.text[:300]
    assert article.published is None or article.published.tzinfo is not None


@given(html_bytes)
def test_html_to_markdown(data: bytes) -> None:
    markdown = html_to_markdown(data.decode("utf-8", "replace"), BASE + "/news/1")
    assert_clean([markdown], "html_to_markdown")
    assert not _JS_LINK.search(markdown), markdown[:300]


@given(st.one_of(st.binary(max_size=3000), mutated(HTML_SEEDS)), headers,
       st.sampled_from([None, "auto", "gbk", "x"]))
def test_decode_html(data: bytes, head: dict[str, str] | None, encoding: str | None) -> None:
    text = decode_html(data, head, encoding=encoding)
    assert isinstance(text, str)
    assert len(text) <= 4 * len(data) + 4


@given(st.text(max_size=500) | st.builds(lambda b: b.decode("latin-1"), st.binary(max_size=500)))
def test_clean_text(value: str) -> None:
    cleaned = clean_text(value)
    assert_clean([cleaned], "clean_text")
    assert "\r" not in cleaned and len(cleaned) <= len(value)
    assert clean_text(cleaned) == cleaned  # idempotent: cleaning never creates a new sequence
    line = clean_line(value)
    assert_clean([line], "clean_line")
    assert "\n" not in line and "\t" not in line and line == line.strip()
    assert tidy_paragraphs(cleaned) == tidy_paragraphs(tidy_paragraphs(cleaned))


@given(opml_bytes)
def test_parse_opml(data: bytes) -> None:
    try:
        document = parse_opml(data)
    except OpmlError as error:
        assert "\n" not in str(error)
        assert_clean([str(error)], "OpmlError")
        return
    assert_clean([document.title, *document.warnings], "parse_opml")
    for feed in document.feeds:
        assert_clean([feed.title, feed.category, *feed.folders], "opml feed")
        # feed.url stays as written: the importer refuses what is not a clean http(s) URL
        # (test_no_code_execution.py, test_terminal_safety.py::test_refused_opml_urls_are_shown_escaped).
